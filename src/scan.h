/* SPDX-License-Identifier: MIT */
/*
 * scan.h - the pipeline: input files -> streams -> lines -> records ->
 * matches -> events in a timeline, on one or more threads.
 */
#ifndef SCAN_H
#define SCAN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "clock.h"
#include "hopscan.h"
#include "input.h"
#include "match.h"
#include "progress.h"
#include "timeline.h"
#include "walk.h"

#define SCAN_EXCERPT_MAX	4096	/* record bytes kept per event */
#define SCAN_LOOKAHEAD		16	/* lines a format bids on */

struct scan_opts {
	struct input_opts input;
	size_t		 max_line;	/* 0 = LINES_MAX_DEFAULT */
	struct clock_opts clock;	/* --tz, --tz-map */
	int		 host_from;	/* --host-from: path component, 0 = 1st */
	int		 threads;	/* >= 1 */
	int64_t		 now_us;	/* year reference when no mtime */
	struct scan_counters *counters;	/* NULL, or added to as the scan
					   goes (progress.h) */
};

/*
 * Scan every file of w with the rules of m and return the sorted timeline
 * of events that pass filter f (NULL for none), or NULL on a thread
 * error.  Problems are reported to d (which must be thread-safe when
 * o->threads > 1).  *status is HOP_OK, or HOP_WARN if anything was not
 * read in full.
 */
struct timeline	*scan_run(const struct scan_opts *o, const struct matcher *m,
		    const struct timeline_filter *f, const struct walk *w,
		    const struct hop_diag *d, int *status);

#endif /* SCAN_H */
