/* SPDX-License-Identifier: MIT */
/*
 * fuzz_timestamp.c - every timestamp parser on any bytes: what a parser
 * accepts must be a valid civil time within the bytes given, and must
 * convert and format; user times, offsets and year inference too.
 */
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "timestamp.h"

typedef size_t	(*parse_fn)(const char *, size_t, struct ts_civil *);

/* Numeric dates, in each order known (the first byte of the input). */
static enum ts_order numdate_order;

static size_t
numdate(const char *s, size_t len, struct ts_civil *c)
{
	enum ts_order order = numdate_order, guess;
	size_t n = ts_parse_numdate(s, len, c, &order, &guess);

	if (guess != TS_ORDER_UNKNOWN && (numdate_order != TS_ORDER_UNKNOWN ||
	    n == 0))
		abort();		/* a guess only when not known */
	return n;
}

static const parse_fn parsers[] = {
	ts_parse_iso8601, ts_parse_rfc3164, ts_parse_ymd_slash, ts_parse_clf,
	numdate, ts_parse_epoch, ts_parse_ctime,
};

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	return 0;
}

/* Check what one parser made of s[0..len). */
static void
check(parse_fn fn, const char *s, size_t len, struct ts_year *y)
{
	struct ts_civil c;
	char out[TS_RFC3339_LEN];
	size_t n;
	int64_t us;

	memset(&c, 0, sizeof(c));
	if ((n = fn(s, len, &c)) == 0)
		return;
	if (n > len || !ts_civil_valid(&c))
		abort();
	if (!c.has_year) {
		/* Feb 29 of an earlier segment may land in a common year. */
		c.year = ts_year_of(y, ts_year_step(y, c.mon, c.day),
		    INT64_C(1450000000000000));
	}
	us = ts_civil_to_us(&c, -3600);
	ts_format_rfc3339(us, out);
	if (strlen(out) != TS_RFC3339_LEN - 1)
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data;
	struct ts_year y;
	char *z;
	int64_t us;
	int32_t off;
	char out[TS_RFC3339_LEN];

	ts_year_init(&y);
	numdate_order = size > 0 ? (enum ts_order)(data[0] % 3) :
	    TS_ORDER_UNKNOWN;
	for (size_t i = 0; i < sizeof(parsers) / sizeof(parsers[0]); i++)
		check(parsers[i], s, size, &y);
	/* The same at every offset of a short input, as sniffing does. */
	for (size_t k = 1; k < size && k < 64; k++)
		for (size_t i = 0; i < sizeof(parsers) / sizeof(parsers[0]);
		    i++)
			check(parsers[i], s + k, size - k, &y);
	/* The string parsers take NUL-terminated text. */
	z = malloc(size + 1);
	memcpy(z, data, size);
	z[size] = '\0';
	if (ts_parse_user(z, &us) == 0)
		ts_format_rfc3339(us, out);
	(void)ts_parse_offset(z, &off);
	free(z);
	/* Raw numbers as dates: the arithmetic must not overflow. */
	if (size >= 12) {
		int32_t v[3];
		int yy, mm, dd;

		memcpy(v, data, sizeof(v));
		if (v[0] > -1000000 && v[0] < 1000000 && v[1] >= 1 &&
		    v[1] <= 12 && v[2] >= 1 &&
		    v[2] <= ts_days_in_month(v[0], v[1])) {
			int64_t days = ts_days_from_civil(v[0], v[1], v[2]);

			ts_civil_from_days(days, &yy, &mm, &dd);
			if (yy != v[0] || mm != v[1] || dd != v[2])
				abort();
		}
	}
	return 0;
}
