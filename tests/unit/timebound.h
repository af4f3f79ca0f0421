/* SPDX-License-Identifier: MIT */
/*
 * timebound.h - the factor the unit tests' time bounds are stretched by:
 * HOP_TIME_SCALE from the environment (ctest sets it, and tests/run-all
 * sets it for its valgrind stage), else 1.
 */
#ifndef TIMEBOUND_H
#define TIMEBOUND_H

#include <stdlib.h>

static inline double
time_scale(void)
{
	const char *s = getenv("HOP_TIME_SCALE");
	double v = s != NULL ? strtod(s, NULL) : 1;

	return v >= 1 ? v : 1;
}

#endif /* TIMEBOUND_H */
