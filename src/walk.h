/* SPDX-License-Identifier: MIT */
/*
 * walk.h - command-line paths and folders to a list of input files.
 *
 * Folders are walked in byte order of names, without following symbolic
 * links: a link that leads back into the tree is skipped silently (its
 * target is scanned in its own right), a dangling or looping link and one
 * leading out of the tree are reported and skipped.  FIFOs, sockets and
 * devices are reported and never opened (an error when named on the
 * command line, a warning inside a folder).  A path named on the command
 * line is followed if it is a link.
 */
#ifndef WALK_H
#define WALK_H

#include <stddef.h>

#include "hopscan.h"

/* One regular file to scan. */
struct walk_file {
	char	*path;		/* path to open, as given or joined */
	char	*host;		/* host implied by the path under its root */
	char	*rel;		/* path under its root; for a file named on
				   the command line, its name */
};

struct walk;

struct walk	*walk_new(const struct hop_diag *d);
void		 walk_free(struct walk *w);

/*
 * Add the files of path (a file or a folder) to w.  Problems are reported
 * to d.  Returns HOP_OK, HOP_WARN when something was skipped, or HOP_FAIL
 * when path itself cannot be read (reported as an error).
 */
int		 walk_add(struct walk *w, const char *path);

/*
 * Keep only share k of n (1 <= k <= n) of the files of w: those whose
 * FNV-1a 64-bit hash of rel, taken modulo n, is k - 1.  The shares of
 * k = 1..n partition the files, whatever order they were listed in and
 * wherever the evidence is mounted.
 */
void		 walk_shard(struct walk *w, unsigned long k, unsigned long n);

size_t		 walk_count(const struct walk *w);
const struct walk_file *walk_get(const struct walk *w, size_t i);

#endif /* WALK_H */
