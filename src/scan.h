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

/* What became of one stream of the input numbered input (scan order). */
typedef void	(*scan_done_fn)(void *arg, size_t input,
		    const struct stream_info *si);

#define SCAN_MAX_RECORDS_DEFAULT	UINT64_C(1000000000)
#define SCAN_MAX_MEMORY_DEFAULT		((size_t)1 << 30)

struct scan_opts {
	struct input_opts input;	/* input.done is set by scan_run() */
	size_t		 max_line;	/* 0 = LINES_MAX_DEFAULT */
	uint64_t	 max_records;	/* per stream; 0: no limit */
	size_t		 max_memory;	/* events held; past it, spilled; 0: no
					   bound */
	scan_done_fn	 done;		/* or NULL */
	void		*done_arg;
	struct clock_opts clock;	/* --tz, --tz-map */
	int		 host_from;	/* --host-from: path component, 0 = 1st */
	const char	*host;		/* --host: host of records naming none */
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
 * read in full.  A stop request (hop_stop_requested()) ends the scan
 * early; the timeline holds what was found until then.
 */
struct timeline	*scan_run(const struct scan_opts *o, const struct matcher *m,
		    const struct timeline_filter *f, const struct walk *w,
		    const struct hop_diag *d, int *status);

#endif /* SCAN_H */
