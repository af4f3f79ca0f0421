/* SPDX-License-Identifier: MIT */
/*
 * test_clock.c - record times to UTC in file order: zones per host, the
 * repeated DST hour, gaps, jumps backwards, year-less stamps.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "clock.h"

/* The times and notes of lines fed through a clock and settled. */
struct run {
	bool		 has_time[16];
	char		 when[16][TS_RFC3339_LEN];
	char		*note[16];
};

/* An offset a header gave (struct record's hint), true at hdr. */
struct hint {
	int32_t		 offset_s;
	int64_t		 hdr;
};

/*
 * Feed lines (ISO or RFC 3164 stamps) through a clock, their offsets from
 * h if not NULL (as TeamViewer's Start header gives them); settle them.
 */
static void
feed_hint(const struct clock_opts *o, const char *const *lines, size_t n,
    const char *host, int64_t ref_us, const struct hint *h, struct run *out)
{
	struct clock k;
	struct clock_mark m[16];
	struct ts_year y;

	assert_true(n <= 16);
	clock_start(&k, o);
	ts_year_init(&y);
	for (size_t i = 0; i < n; i++) {
		struct record r = { .text = lines[i], .len = strlen(lines[i]) };

		if (ts_parse_iso8601(r.text, r.len, &r.civil) > 0)
			r.time = REC_TIME_FULL;
		else if (ts_parse_rfc3164(r.text, r.len, &r.civil) > 0) {
			r.time = REC_TIME_YEARLESS;
			r.year_seg = ts_year_step(&y, r.civil.mon, r.civil.day);
		}
		if (h != NULL) {
			r.civil.has_offset = 1;
			r.civil.offset_s = h->offset_s;
			r.offset_hint = true;
			r.hint_utc_s = h->hdr;
			r.time_note = "offset from the header";
			r.time_note_zoned = i == 0 ? "year from the header" :
			    NULL;
		}
		clock_mark(&k, &r, host, strlen(host), &m[i]);
	}
	for (size_t i = 0; i < n; i++) {
		int64_t us = 0;

		clock_settle(&m[i], &y, ref_us, STREAM_MTIME_FILE,
		    &out->has_time[i], &us, &out->note[i]);
		if (out->has_time[i])
			ts_format_rfc3339(us, out->when[i]);
	}
	clock_finish(&k);
}

static void
feed(const struct clock_opts *o, const char *const *lines, size_t n,
    const char *host, int64_t ref_us, struct run *out)
{
	feed_hint(o, lines, n, host, ref_us, NULL, out);
}

static void
run_free(struct run *r, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(r->note[i]);
}

static void
test_utc_default_and_explicit(void **state)
{
	static const char *const l[] = {
		"2016-03-14 10:00:00 no zone",
		"2016-03-14T20:00:00+09:00 explicit",
		"no time at all",
	};
	struct clock_opts o = { NULL, NULL };
	struct run r;

	(void)state;
	feed(&o, l, 3, "h", 0, &r);
	assert_string_equal(r.when[0], "2016-03-14T10:00:00.000000Z");
	assert_string_equal(r.note[0], "zone assumed UTC");
	assert_string_equal(r.when[1], "2016-03-14T11:00:00.000000Z");
	assert_null(r.note[1]);
	assert_false(r.has_time[2]);
	assert_string_equal(r.note[2], "no timestamp in record");
	run_free(&r, 3);
}

static void
test_dst_fallback_by_line_order(void **state)
{
	static const char *const l[] = {
		"2016-10-30 01:50:00",
		"2016-10-30 02:10:00",	/* first pass: CEST, 00:10Z */
		"2016-10-30 02:55:00",	/* 00:55Z */
		"2016-10-30 02:05:00",	/* back: second pass, CET, 01:05Z */
		"2016-10-30 02:40:00",	/* 01:40Z */
		"2016-10-30 03:05:00",	/* after the fold, 02:05Z */
		"2016-03-27 02:30:00",	/* in the spring gap */
	};
	char err[128];
	struct tz *z = tz_load("Europe/Berlin", err, sizeof(err));
	struct clock_opts o = { z, NULL };
	struct run r;

	(void)state;
	assert_non_null(z);
	feed(&o, l, 7, "h", 0, &r);
	assert_string_equal(r.when[0], "2016-10-29T23:50:00.000000Z");
	assert_string_equal(r.when[1], "2016-10-30T00:10:00.000000Z");
	assert_string_equal(r.note[1], "zone Europe/Berlin from --tz; "
	    "repeated DST hour: first pass, by line order");
	assert_string_equal(r.when[2], "2016-10-30T00:55:00.000000Z");
	assert_string_equal(r.when[3], "2016-10-30T01:05:00.000000Z");
	assert_string_equal(r.note[3], "zone Europe/Berlin from --tz; "
	    "repeated DST hour: second pass, by line order");
	assert_string_equal(r.when[4], "2016-10-30T01:40:00.000000Z");
	assert_string_equal(r.when[5], "2016-10-30T02:05:00.000000Z");
	assert_string_equal(r.note[5], "zone Europe/Berlin from --tz");
	/* A gap time is mapped with the offset before the gap (CET). */
	assert_string_equal(r.when[6], "2016-03-27T01:30:00.000000Z");
	assert_non_null(strstr(r.note[6], "local time in a DST gap"));
	assert_non_null(strstr(r.note[6], "backwards"));
	run_free(&r, 7);
	tz_free(z);
}

/* Local times whose offset came from a header, through zone z. */
static void
feed_hinted(const struct tz *z, const char *const *lines, size_t n,
    int32_t offset_s, int64_t hdr, struct run *out)
{
	struct clock_opts o = { z, NULL };
	struct hint h = { offset_s, hdr };

	feed_hint(&o, lines, n, "h", 0, &h, out);
}

static void
test_header_offset_and_zone(void **state)
{
	static const char *const l[] = {
		"2023-10-29 02:30:00",	/* CEST, as the header said */
		"2023-10-29 02:10:00",	/* the clocks went back: CET */
		"2023-10-29 03:10:00",
	};
	/* The header: 2023-10-29 01:30:00 +02:00. */
	int64_t hdr = ts_days_from_civil(2023, 10, 29) * 86400 - 1800;
	char err[128];
	struct tz *berlin = tz_load("Europe/Berlin", err, sizeof(err));
	struct tz *ny = tz_load("America/New_York", err, sizeof(err));
	struct run r;

	(void)state;
	assert_non_null(berlin);
	assert_non_null(ny);
	/* No zone given: the header's offset throughout. */
	feed_hinted(NULL, l, 3, 7200, hdr, &r);
	assert_string_equal(r.when[0], "2023-10-29T00:30:00.000000Z");
	assert_string_equal(r.when[1], "2023-10-29T00:10:00.000000Z");
	assert_string_equal(r.note[0], "offset from the header");
	assert_string_equal(r.note[1], "offset from the header; time runs "
	    "20 min backwards against earlier lines");
	run_free(&r, 3);
	/* The host's zone agrees with the header: it follows the change. */
	feed_hinted(berlin, l, 3, 7200, hdr, &r);
	assert_string_equal(r.when[0], "2023-10-29T00:30:00.000000Z");
	assert_string_equal(r.when[1], "2023-10-29T01:10:00.000000Z");
	assert_string_equal(r.when[2], "2023-10-29T02:10:00.000000Z");
	assert_string_equal(r.note[0], "year from the header; zone "
	    "Europe/Berlin from --tz; the header's offset +02:00 agrees with "
	    "it; repeated DST hour: first pass, by line order");
	assert_string_equal(r.note[2], "zone Europe/Berlin from --tz; the "
	    "header's offset +02:00 agrees with it");
	run_free(&r, 3);
	/* A zone that disagrees with the header: the header wins. */
	feed_hinted(ny, l, 3, 7200, hdr, &r);
	assert_string_equal(r.when[1], "2023-10-29T00:10:00.000000Z");
	assert_string_equal(r.note[2], "offset from the header; zone "
	    "America/New_York from --tz disagrees with the header's offset "
	    "+02:00, which is kept");
	run_free(&r, 3);
	tz_free(berlin);
	tz_free(ny);
}

/* Lines a second out of order in the repeated hour are no fold. */
static void
test_dst_fallback_jitter(void **state)
{
	static const char *const l[] = {
		"2023-10-29 02:10:00",	/* first pass, CEST: 00:10Z */
		"2023-10-29 02:20:01",
		"2023-10-29 02:20:00",	/* a second back: still CEST */
		"2023-10-29 02:40:00",	/* 00:40Z */
		"2023-10-29 02:05:00",	/* the clocks went back: 01:05Z */
		"2023-10-29 02:04:01",	/* out of order in the second pass */
		"2023-10-29 03:00:00",	/* 02:00Z */
	};
	char err[128];
	struct tz *z = tz_load("Europe/Berlin", err, sizeof(err));
	struct clock_opts o = { z, NULL };
	struct run r;

	(void)state;
	assert_non_null(z);
	feed(&o, l, 7, "h", 0, &r);
	assert_string_equal(r.when[0], "2023-10-29T00:10:00.000000Z");
	assert_string_equal(r.when[1], "2023-10-29T00:20:01.000000Z");
	assert_string_equal(r.when[2], "2023-10-29T00:20:00.000000Z");
	assert_string_equal(r.note[2], "zone Europe/Berlin from --tz; "
	    "repeated DST hour: first pass, by line order");
	assert_string_equal(r.when[3], "2023-10-29T00:40:00.000000Z");
	assert_string_equal(r.when[4], "2023-10-29T01:05:00.000000Z");
	assert_string_equal(r.when[5], "2023-10-29T01:04:01.000000Z");
	assert_string_equal(r.when[6], "2023-10-29T02:00:00.000000Z");
	run_free(&r, 7);
	tz_free(z);
}

/* A time in the spring gap is a guess: no jump backwards after it. */
static void
test_dst_gap_then_on(void **state)
{
	static const char *const l[] = {
		"2016-03-27 01:50:00",	/* CET: 00:50Z */
		"2016-03-27 02:30:00",	/* no such time: 01:30Z, with CET */
		"2016-03-27 03:00:00",	/* CEST: 01:00Z */
		"2016-03-27 03:05:00",
	};
	char err[128];
	struct tz *z = tz_load("Europe/Berlin", err, sizeof(err));
	struct clock_opts o = { z, NULL };
	struct run r;

	(void)state;
	assert_non_null(z);
	feed(&o, l, 4, "h", 0, &r);
	assert_string_equal(r.when[1], "2016-03-27T01:30:00.000000Z");
	assert_string_equal(r.note[1], "zone Europe/Berlin from --tz; "
	    "local time in a DST gap");
	assert_string_equal(r.when[2], "2016-03-27T01:00:00.000000Z");
	assert_string_equal(r.note[2], "zone Europe/Berlin from --tz");
	assert_string_equal(r.note[3], "zone Europe/Berlin from --tz");
	run_free(&r, 4);
	tz_free(z);
}

static void
test_backwards_noted(void **state)
{
	static const char *const l[] = {
		"2016-05-01T10:00:00Z",
		"2016-05-01T10:04:00Z",	/* forward */
		"2016-05-01T10:01:00Z",	/* 3 min back: jitter, no note */
		"2016-05-01T09:40:00Z",	/* 24 min back: noted */
		"2016-05-01T10:30:00Z",
	};
	struct clock_opts o = { NULL, NULL };
	struct run r;

	(void)state;
	feed(&o, l, 5, "h", 0, &r);
	assert_null(r.note[2]);
	assert_string_equal(r.note[3],
	    "time runs 24 min backwards against earlier lines");
	assert_string_equal(r.when[3], "2016-05-01T09:40:00.000000Z");
	assert_null(r.note[4]);
	run_free(&r, 5);
}

static void
test_yearless_with_zone(void **state)
{
	static const char *const l[] = {
		"Dec 31 23:30:00 h x",
		"Jan  1 00:30:00 h y",
	};
	char err[128];
	struct tz *z = tz_load("+08:00", err, sizeof(err));
	struct clock_opts o = { z, NULL };
	struct run r;

	(void)state;
	assert_non_null(z);
	/* mtime 2015-01-02T00:00:00Z: the last line is in 2015. */
	feed(&o, l, 2, "h", INT64_C(1420156800000000), &r);
	assert_string_equal(r.when[0], "2014-12-31T15:30:00.000000Z");
	assert_string_equal(r.when[1], "2014-12-31T16:30:00.000000Z");
	assert_string_equal(r.note[1],
	    "year inferred from file mtime; zone +08:00 from --tz");
	run_free(&r, 2);
	tz_free(z);
}

static void
test_yearless_leap_day_and_new_year(void **state)
{
	static const char *const l[] = {
		"Feb 29 03:14:15 h a",
		"Mar  1 00:00:00 h b",	/* forward, whatever the stand-in */
		"Dec 31 23:59:58 h c",
		"Jan  1 00:00:01 h d",	/* next year */
		"Dec 31 23:59:59 h e",	/* a late line of the old year */
		"Jan  1 00:00:00 h f",
		"Dec 30 10:00:00 h g",	/* 38 hours back: noted */
	};
	struct clock_opts o = { NULL, NULL };
	struct run r;

	(void)state;
	/* mtime 2017-01-02: the last stamps are in 2017. */
	feed(&o, l, 7, "h", INT64_C(1483315200000000), &r);
	assert_string_equal(r.when[0], "2016-02-29T03:14:15.000000Z");
	for (size_t i = 0; i < 6; i++)
		assert_null(strstr(r.note[i], "backwards"));
	assert_string_equal(r.when[3], "2017-01-01T00:00:01.000000Z");
	assert_string_equal(r.when[4], "2016-12-31T23:59:59.000000Z");
	assert_string_equal(r.when[6], "2016-12-30T10:00:00.000000Z");
	assert_non_null(strstr(r.note[6], "time runs 2281 min backwards"));
	run_free(&r, 7);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_utc_default_and_explicit),
		cmocka_unit_test(test_dst_fallback_by_line_order),
		cmocka_unit_test(test_dst_fallback_jitter),
		cmocka_unit_test(test_dst_gap_then_on),
		cmocka_unit_test(test_header_offset_and_zone),
		cmocka_unit_test(test_backwards_noted),
		cmocka_unit_test(test_yearless_with_zone),
		cmocka_unit_test(test_yearless_leap_day_and_new_year),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
