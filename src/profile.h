/* SPDX-License-Identifier: MIT */
/*
 * profile.h - which files are worth reading: a seized disk holds hundreds
 * of thousands of files, almost none of them logs.  Files are judged by
 * name (--include, --exclude globs) and by their first bytes (executables,
 * pictures, media, databases ... are passed over), never by extension
 * alone.
 */
#ifndef PROFILE_H
#define PROFILE_H

#include <stdbool.h>
#include <stddef.h>

#include "hopscan.h"

struct profile;

/* A profile that reads text-like files and skips the rest, by content. */
struct profile	*profile_new(void);
void		 profile_free(struct profile *p);

/*
 * Add a glob (fnmatch(3), case-insensitive, '*' also matches '/').  A glob
 * with no '/' is matched against a file's name, one with a '/' against its
 * whole path (a leading '/' ignored).  Included files are read whatever
 * their content; excluded ones are not read.  --include wins.
 */
void		 profile_include(struct profile *p, const char *glob);
void		 profile_exclude(struct profile *p, const char *glob);
/* Read every file whatever its content (--all-files). */
void		 profile_all_files(struct profile *p, bool on);

/*
 * Judge path by name: 1 if it is to be read whatever its content, -1 if it
 * is not to be read (*why says why, valid while p lives), 0 to judge it by
 * content.  A NULL p or path gives 0.
 */
int		 profile_by_name(const struct profile *p, const char *path,
		    const char **why);

/*
 * Judge a file that is no archive, compressed stream or event log by its
 * first n bytes (all of it if shorter than a block): NULL to read it, else
 * a static string saying what it is ("executable (ELF)").  NULL for a
 * NULL p.
 */
const char	*profile_by_content(const struct profile *p,
		    const unsigned char *head, size_t n);

#endif /* PROFILE_H */
