/* SPDX-License-Identifier: MIT */
/*
 * timing.h - time bounds of unit tests, in CPU seconds of the calling
 * thread (so that a loaded machine does not fail them), scaled by
 * $HOP_TIME_SCALE for slow runs such as valgrind's.
 */
#ifndef TIMING_H
#define TIMING_H

#include <stdlib.h>
#include <time.h>

/* s seconds, times $HOP_TIME_SCALE if set. */
static inline double
time_bound(double s)
{
	const char *e = getenv("HOP_TIME_SCALE");
	double k = e != NULL ? atof(e) : 1.0;

	return s * (k > 0 ? k : 1.0);
}

/* CPU seconds of this thread since *t0 (taken with CLOCK_THREAD_CPUTIME_ID). */
static inline double
cpu_since(const struct timespec *t0)
{
	struct timespec t1;

	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t1);
	return (double)(t1.tv_sec - t0->tv_sec) +
	    (double)(t1.tv_nsec - t0->tv_nsec) / 1e9;
}

#endif /* TIMING_H */
