/* SPDX-License-Identifier: MIT */
/*
 * outfile.h - the files hopscan writes its results to (-o, --manifest,
 * merge -o): a regular file is written whole or not at all, through a
 * temporary file beside it renamed into place; anything else that exists
 * (/dev/null, a FIFO, a terminal, a symbolic link such as /dev/stdout) is
 * written through, never replaced.
 */
#ifndef OUTFILE_H
#define OUTFILE_H

#include <stdbool.h>

struct outfile {
	int	 fd;
	char	*tmp;		/* the temporary file, or NULL: in place */
};

/*
 * Open path for writing into o: a new temporary file beside it (mode
 * 0666 less the umask) when path is a regular file or does not exist;
 * else path itself, truncated if it is a file.  Returns o->fd, or -1 with
 * errno set (EISDIR for a folder).
 */
int	outfile_open(struct outfile *o, const char *path);

/* Flush a temporary file to disk before outfile_done(); 0 or -1. */
int	outfile_sync(const struct outfile *o);

/*
 * After o->fd is closed: with ok, rename the temporary file to path,
 * else remove it.  Returns 0, or -1 with errno set (the temporary file
 * removed).
 */
int	outfile_done(struct outfile *o, const char *path, bool ok);

#endif /* OUTFILE_H */
