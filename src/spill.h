/* SPDX-License-Identifier: MIT */
/*
 * spill.h - events written to unlinked temporary files when memory runs
 * short, and read back by the same process.  Files go to $TMPDIR or /tmp,
 * never beside the evidence; they vanish when closed or when hopscan ends.
 */
#ifndef SPILL_H
#define SPILL_H

#include <stdio.h>

#include "timeline.h"

/* A new temporary file open for writing and reading, or NULL (errno). */
FILE	*spill_file(void);

/*
 * Write e (and, if extra is not NULL, extra_len bytes of plain data with
 * it); returns 0 or -1.  Pointers to static strings and rules are written
 * as they are: only this process may read them back.
 */
int	 spill_write(FILE *f, const struct event *e, const void *extra,
	    size_t extra_len);
/*
 * Read the next event into e (its owned strings newly allocated) and its
 * extra data; returns 1, 0 at the end, -1 on a read error.
 */
int	 spill_read(FILE *f, struct event *e, void *extra, size_t extra_len);

/* Bytes an event holds in memory, for memory bounds. */
size_t	 event_size(const struct event *e);

#endif /* SPILL_H */
