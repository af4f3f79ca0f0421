/* SPDX-License-Identifier: MIT */
/*
 * progress.h - what a scan has done so far, counted by its threads, and
 * a line on stderr that shows it: files, bytes, MB/s, events, ETA.
 */
#ifndef PROGRESS_H
#define PROGRESS_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

/* Counters the scan's threads add to (relaxed atomics). */
struct scan_counters {
	atomic_uint_fast64_t	files;		/* input files done */
	atomic_uint_fast64_t	file_bytes;	/* their sizes on disk */
	atomic_uint_fast64_t	bytes;		/* bytes read from streams
						   (decompressed) */
	atomic_uint_fast64_t	events;		/* events kept */
};

struct progress;
struct walk;

/*
 * Show the counters c of a scan of nfiles files of total_bytes bytes on
 * disk on f, from a thread of its own, until progress_stop().  On a
 * terminal (tty) the line is rewritten in place about four times a
 * second; otherwise a line is written every few seconds, for logs.
 * Returns NULL if the thread cannot be started (no progress shown).
 */
struct progress	*progress_start(struct scan_counters *c, uint64_t nfiles,
		    uint64_t total_bytes, FILE *f, bool tty);

/* progress_start() for the files of w, their sizes taken with stat(2). */
struct progress	*progress_start_walk(const struct walk *w,
		    struct scan_counters *c, FILE *f, bool tty);

/*
 * Print the final line, ended by a newline, and stop; NULL is a no-op.
 * The line reads "hopscan: F/N files, X MB, Y MB/s, E events" with
 * ", ETA H:MM:SS" while files remain (MB = 10^6 bytes read from the
 * inputs' streams, after decompression).
 */
void		 progress_stop(struct progress *p);

/*
 * Clear the line on a terminal before another message is written, so
 * that the message does not run into it.  Thread-safe; NULL is a no-op.
 */
void		 progress_clear(struct progress *p);

#endif /* PROGRESS_H */
