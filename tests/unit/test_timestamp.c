/* SPDX-License-Identifier: MIT */
/*
 * test_timestamp.c - unit tests for civil-date arithmetic, timestamp
 * parsers, year inference and RFC 3339 formatting.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "timestamp.h"

/* UTC microseconds of a civil date and time. */
static int64_t
us_of(int y, int mo, int d, int h, int mi, int s)
{
	return ((ts_days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 +
	    s) * TS_US_PER_SEC);
}

/* Parse s as ISO 8601 and check the bytes consumed and the UTC time. */
static void
check_iso(const char *s, size_t want_n, const char *want_utc, int want_off)
{
	struct ts_civil c;
	char buf[TS_RFC3339_LEN];
	size_t n;

	n = ts_parse_iso8601(s, strlen(s), &c);
	if (n != want_n)
		fail_msg("%s: consumed %zu, want %zu", s, n, want_n);
	assert_int_equal(c.has_year, 1);
	assert_int_equal(c.has_offset, want_off);
	assert_true(ts_civil_valid(&c));
	ts_format_rfc3339(ts_civil_to_us(&c, 0), buf);
	assert_string_equal(buf, want_utc);
}

static void
reject_iso(const char *s)
{
	struct ts_civil c;

	if (ts_parse_iso8601(s, strlen(s), &c) != 0)
		fail_msg("%s: accepted", s);
}

static void
test_leap(void **state)
{
	(void)state;
	assert_true(ts_is_leap(2000));
	assert_false(ts_is_leap(1900));
	assert_true(ts_is_leap(2016));
	assert_false(ts_is_leap(2100));
	assert_false(ts_is_leap(2015));
	assert_true(ts_is_leap(0));
	assert_true(ts_is_leap(-4));
	assert_false(ts_is_leap(-100));
	assert_int_equal(ts_days_in_month(2000, 2), 29);
	assert_int_equal(ts_days_in_month(1900, 2), 28);
	assert_int_equal(ts_days_in_month(2016, 2), 29);
	assert_int_equal(ts_days_in_month(2100, 2), 28);
	assert_int_equal(ts_days_in_month(2015, 4), 30);
	assert_int_equal(ts_days_in_month(2015, 12), 31);
	assert_int_equal(ts_days_in_month(2015, 0), 0);
	assert_int_equal(ts_days_in_month(2015, 13), 0);
}

static void
test_days_known(void **state)
{
	(void)state;
	assert_int_equal(ts_days_from_civil(1970, 1, 1), 0);
	assert_int_equal(ts_days_from_civil(1969, 12, 31), -1);
	assert_int_equal(ts_days_from_civil(2000, 3, 1), 11017);
	assert_int_equal(ts_days_from_civil(0, 3, 1), -719468);
	assert_int_equal(ts_days_from_civil(2014, 11, 3), 16377);
	assert_int_equal(ts_days_from_civil(1900, 3, 1) -
	    ts_days_from_civil(1900, 2, 28), 1);
	assert_int_equal(ts_days_from_civil(2000, 3, 1) -
	    ts_days_from_civil(2000, 2, 28), 2);
}

static void
test_days_round_trip(void **state)
{
	int64_t days, prev;
	int y, m, d, py, pm, pd;

	(void)state;
	/* Every day from about 800 BCE to 10000 CE, and day-to-day steps. */
	ts_civil_from_days(-1000001, &py, &pm, &pd);
	for (days = -1000000; days <= 3000000; days++) {
		ts_civil_from_days(days, &y, &m, &d);
		if (ts_days_from_civil(y, m, d) != days)
			fail_msg("day %lld: %d-%d-%d", (long long)days, y, m,
			    d);
		if (!(d == pd + 1 && m == pm && y == py) &&
		    !(d == 1 && pd == ts_days_in_month(py, pm) &&
		    ((m == pm + 1 && y == py) ||
		    (m == 1 && pm == 12 && y == py + 1))))
			fail_msg("day %lld does not follow the one before",
			    (long long)days);
		py = y;
		pm = m;
		pd = d;
	}
	/* Year lengths over a wide range, negative years included. */
	prev = ts_days_from_civil(-100000, 1, 1);
	for (y = -100000; y < 100000; y++) {
		days = ts_days_from_civil(y + 1, 1, 1);
		assert_int_equal(days - prev, 365 + ts_is_leap(y));
		prev = days;
	}
	ts_civil_from_days(ts_days_from_civil(-4713, 11, 24), &y, &m, &d);
	assert_int_equal(y, -4713);
	assert_int_equal(m, 11);
	assert_int_equal(d, 24);
}

static void
test_civil_to_us(void **state)
{
	struct ts_civil c;

	(void)state;
	memset(&c, 0, sizeof(c));
	c.year = 2014;
	c.mon = 11;
	c.day = 3;
	c.hour = 2;
	c.min = 14;
	c.sec = 7;
	c.usec = 123456;
	assert_int_equal(ts_civil_to_us(&c, 0), INT64_C(1414980847123456));
	/* No zone: the default offset applies (local = UTC + offset). */
	assert_int_equal(ts_civil_to_us(&c, 3600),
	    INT64_C(1414980847123456) - 3600 * TS_US_PER_SEC);
	/* A zone in the stamp wins over the default. */
	c.has_offset = 1;
	c.offset_s = -1800;
	assert_int_equal(ts_civil_to_us(&c, 3600),
	    INT64_C(1414980847123456) + 1800 * TS_US_PER_SEC);
	c.sec = 60;
	assert_int_equal(ts_civil_to_us(&c, 0),
	    INT64_C(1414980899123456) + 1800 * TS_US_PER_SEC);
}

static void
test_civil_valid(void **state)
{
	struct ts_civil c;

	(void)state;
	memset(&c, 0, sizeof(c));
	c.year = 2015;
	c.mon = 2;
	c.day = 29;
	c.has_year = 1;
	assert_false(ts_civil_valid(&c));
	c.year = 2016;
	assert_true(ts_civil_valid(&c));
	c.has_year = 0;
	c.year = 2015;
	assert_true(ts_civil_valid(&c));
	c.day = 30;
	assert_false(ts_civil_valid(&c));
	c.day = 1;
	c.offset_s = 18 * 3600 + 60;
	assert_false(ts_civil_valid(&c));
	c.offset_s = 0;
	c.hour = 24;
	assert_false(ts_civil_valid(&c));
}

static void
test_iso_accept(void **state)
{
	(void)state;
	check_iso("2014-11-03T02:14:07Z", 20,
	    "2014-11-03T02:14:07.000000Z", 1);
	check_iso("2014-11-03 02:14:07", 19,
	    "2014-11-03T02:14:07.000000Z", 0);
	check_iso("2014-11-03T02:14:07.123456789+01:00", 35,
	    "2014-11-03T01:14:07.123456Z", 1);
	check_iso("2014-11-03T02:14:07,123+0100 x", 28,
	    "2014-11-03T01:14:07.123000Z", 1);
	check_iso("2014-11-03T02:14:07+01", 22,
	    "2014-11-03T01:14:07.000000Z", 1);
	check_iso("2014-11-03T02:14:07-05:30", 25,
	    "2014-11-03T07:44:07.000000Z", 1);
	check_iso("2014-11-03t02:14:07z", 20,
	    "2014-11-03T02:14:07.000000Z", 1);
	check_iso("2014-11-03 02:14", 16,
	    "2014-11-03T02:14:00.000000Z", 0);
	check_iso("2014-11-03 02:14: started", 16,
	    "2014-11-03T02:14:00.000000Z", 0);
	check_iso("2023-11-14T22:13:19+0000 host", 24,
	    "2023-11-14T22:13:19.000000Z", 1);
	check_iso("2014-11-03 02:14:07 +0000", 25,
	    "2014-11-03T02:14:07.000000Z", 1);
	check_iso("2014-11-03 02:14:07 -0100 x", 25,
	    "2014-11-03T03:14:07.000000Z", 1);
	check_iso("2014-11-03 02:14:07 Z", 21,
	    "2014-11-03T02:14:07.000000Z", 1);
	check_iso("2014-01-01T00:30:00+01:00", 25,
	    "2013-12-31T23:30:00.000000Z", 1);
	check_iso("2016-12-31T23:59:60Z", 20,
	    "2016-12-31T23:59:59.000000Z", 1);
	check_iso("2000-02-29T00:00:00.5", 21,
	    "2000-02-29T00:00:00.500000Z", 0);
	check_iso("2023-07-12T12:01:19.3418899Z", 28,
	    "2023-07-12T12:01:19.341889Z", 1);
}

static void
test_iso_no_zone_after_space(void **state)
{
	(void)state;
	/* A space followed by something that is not a zone ends the stamp. */
	check_iso("2017-03-02 14:11:09 10.0.0.12 POST", 19,
	    "2017-03-02T14:11:09.000000Z", 0);
	check_iso("2017-03-02 14:11:09 - 443", 19,
	    "2017-03-02T14:11:09.000000Z", 0);
	check_iso("2017-03-02 14:11:09 Zeus started", 19,
	    "2017-03-02T14:11:09.000000Z", 0);
	check_iso("2017-03-02 14:11:09 +1 more", 19,
	    "2017-03-02T14:11:09.000000Z", 0);
	check_iso("2017-03-02 14:11:09. next", 19,
	    "2017-03-02T14:11:09.000000Z", 0);
	/* Zone words: only UTC and GMT, whole, without an offset after. */
	check_iso("2017-03-02 14:11:09 CEST [12] LOG:", 19,
	    "2017-03-02T14:11:09.000000Z", 0);
	check_iso("2017-03-02 14:11:09 UTCx", 19,
	    "2017-03-02T14:11:09.000000Z", 0);
	check_iso("2017-03-02 14:11:09 UTC+2 x", 19,
	    "2017-03-02T14:11:09.000000Z", 0);
	check_iso("2017-03-02 14:11:09 GMT-0500 x", 19,
	    "2017-03-02T14:11:09.000000Z", 0);
}

static void
test_iso_utc_word(void **state)
{
	(void)state;
	/* PostgreSQL's %m with log_timezone UTC, and GMT. */
	check_iso("2023-05-04 11:35:27.123 UTC [1234] LOG:  x", 27,
	    "2023-05-04T11:35:27.123000Z", 1);
	check_iso("2023-05-04 11:35:27 GMT", 23,
	    "2023-05-04T11:35:27.000000Z", 1);
	check_iso("2023-05-04T11:35:27 UTC: x", 23,
	    "2023-05-04T11:35:27.000000Z", 1);
}

static void
test_iso_reject(void **state)
{
	struct ts_civil c;

	(void)state;
	reject_iso("2014-13-03T02:14:07Z");
	reject_iso("2014-00-03T02:14:07Z");
	reject_iso("2015-02-30T02:14:07Z");
	reject_iso("2015-02-29T02:14:07Z");
	reject_iso("1900-02-29T02:14:07Z");
	reject_iso("2014-11-00T02:14:07Z");
	reject_iso("2014-11-03T24:00:00Z");
	reject_iso("2014-11-03T02:60:07Z");
	reject_iso("2014-11-03T02:14:61Z");
	reject_iso("2014-11-03T02:14:075");
	reject_iso("2014-11-03 02:145");
	reject_iso("2014-11-03T02:14:5");
	reject_iso("2014-11-03");
	reject_iso("2014-11-03 next");
	reject_iso("2014-11-03T");
	reject_iso("2014-11-03T2:14:07");
	reject_iso("2014-11-03X02:14:07");
	reject_iso("2014-11-03  02:14:07");
	reject_iso("14-11-03T02:14:07");
	reject_iso("2014/11/03 02:14:07");
	reject_iso("2014-11-03T02:14:07+1");
	reject_iso("2014-11-03T02:14:07+19:00");
	reject_iso("2014-11-03T02:14:07+01:60");
	reject_iso("2014-11-03T02:14:07+01005");
	reject_iso("2014-11-03T02:14:07+01:");
	reject_iso("2014-11-03T02:14:07Z5");
	reject_iso("");
	/* The length bounds the parse: no reading past len. */
	assert_int_equal(ts_parse_iso8601("2014-11-03T02:14:07", 15, &c), 0);
	assert_int_equal(ts_parse_iso8601("2014-11-03T02:14:07Z", 19, &c), 19);
	assert_int_equal(c.has_offset, 0);
	assert_int_equal(ts_parse_iso8601("2014-11-03T02:14:07+01:00", 22, &c),
	    22);
	assert_int_equal(c.offset_s, 3600);
}

static void
test_rfc3164(void **state)
{
	struct ts_civil c;
	const char *s;

	(void)state;
	s = "Mar  3 14:02:11 host sshd[1]: x";
	assert_int_equal(ts_parse_rfc3164(s, strlen(s), &c), 15);
	assert_int_equal(c.mon, 3);
	assert_int_equal(c.day, 3);
	assert_int_equal(c.hour, 14);
	assert_int_equal(c.min, 2);
	assert_int_equal(c.sec, 11);
	assert_int_equal(c.has_year, 0);
	assert_int_equal(c.has_offset, 0);
	s = "Mar 03 14:02:11";
	assert_int_equal(ts_parse_rfc3164(s, strlen(s), &c), 15);
	assert_int_equal(c.day, 3);
	s = "Dec 31 23:59:59.123456 host";
	assert_int_equal(ts_parse_rfc3164(s, strlen(s), &c), 22);
	assert_int_equal(c.mon, 12);
	assert_int_equal(c.day, 31);
	assert_int_equal(c.usec, 123456);
	s = "Jun 30 23:59:60 x";
	assert_int_equal(ts_parse_rfc3164(s, strlen(s), &c), 15);
	assert_int_equal(c.sec, 59);
	s = "Feb 29 00:00:00";
	assert_int_equal(ts_parse_rfc3164(s, strlen(s), &c), 15);
	assert_true(ts_civil_valid(&c));
	s = "Jul 14 15:15:38. x";
	assert_int_equal(ts_parse_rfc3164(s, strlen(s), &c), 15);
	assert_int_equal(c.usec, 0);
}

static void
test_rfc3164_reject(void **state)
{
	static const char *bad[] = {
		"Mar 32 14:02:11", "Foo  3 14:02:11", "mar  3 14:02:11",
		"MAR  3 14:02:11", "Feb 30 14:02:11", "Apr 31 14:02:11",
		"Mar  0 14:02:11", "Mar 00 14:02:11", "Mar  3 24:02:11",
		"Mar  3 14:60:11", "Mar  3 14:02:61", "Mar  3 14:02:115",
		"Mar 3 14:02:11",
		"Mar  3 14:02", "Mar  3  14:02:11", "Mar  3 4:02:11 x", "",
	};
	struct ts_civil c;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		if (ts_parse_rfc3164(bad[i], strlen(bad[i]), &c) != 0)
			fail_msg("%s: accepted", bad[i]);
	assert_int_equal(ts_parse_rfc3164("Mar  3 14:02:11", 14, &c), 0);
	assert_int_equal(ts_parse_rfc3164("Dec 31 23:59:59.5", 17, &c), 17);
	assert_int_equal(ts_parse_rfc3164("Dec 31 23:59:59.5", 16, &c), 15);
}

typedef size_t (*ts_parser)(const char *, size_t, struct ts_civil *);

/*
 * Parse s with fn; check the bytes consumed, has_offset and the UTC time
 * (a stamp without a zone is read as UTC).
 */
static void
check_shape(ts_parser fn, const char *s, size_t want_n, const char *want_utc,
    int want_off)
{
	struct ts_civil c;
	char buf[TS_RFC3339_LEN];
	size_t n;

	memset(&c, 0x5a, sizeof(c));
	n = fn(s, strlen(s), &c);
	if (n != want_n)
		fail_msg("\"%s\": consumed %zu, want %zu", s, n, want_n);
	assert_int_equal(c.has_year, 1);
	if (c.has_offset != (unsigned)want_off)
		fail_msg("\"%s\": has_offset %u", s, c.has_offset);
	assert_true(ts_civil_valid(&c));
	ts_format_rfc3339(ts_civil_to_us(&c, 0), buf);
	if (strcmp(buf, want_utc) != 0)
		fail_msg("\"%s\": %s, want %s", s, buf, want_utc);
}

/* Every string in bad[0..n) is rejected by fn. */
static void
reject_shape(ts_parser fn, const char *const *bad, size_t n)
{
	struct ts_civil c;
	size_t i;

	for (i = 0; i < n; i++)
		if (fn(bad[i], strlen(bad[i]), &c) != 0)
			fail_msg("\"%s\": accepted", bad[i]);
}

#define REJECT(fn, bad)	\
	reject_shape((fn), (bad), sizeof(bad) / sizeof(bad[0]))

static void
test_ymd_slash(void **state)
{
	static const char *const bad[] = {
		"2015/02/29 00:00:00", "2016/13/01 00:00:00",
		"2016/02/30 00:00:00", "2016/1/05 00:00:00",
		"2016/01/05 24:00:00", "2016/01/05 10:00", "2016/01/05",
		"2016/01/05  10:00:00", "2016/01/05 10:00:001",
		"2016-01-05 10:00:00", "16/01/05 10:00:00", "",
	};
	struct ts_civil c;

	(void)state;
	check_shape(ts_parse_ymd_slash, "2016/02/29 12:00:01 x", 19,
	    "2016-02-29T12:00:01.000000Z", 0);
	check_shape(ts_parse_ymd_slash, "2015/12/31 23:59:59", 19,
	    "2015-12-31T23:59:59.000000Z", 0);
	check_shape(ts_parse_ymd_slash, "2016/01/01 00:00:00", 19,
	    "2016-01-01T00:00:00.000000Z", 0);
	check_shape(ts_parse_ymd_slash, "2023/05/04 11:35:27.433  5716", 23,
	    "2023-05-04T11:35:27.433000Z", 0);
	check_shape(ts_parse_ymd_slash, "2014/11/03T02:14:07.1234567", 27,
	    "2014-11-03T02:14:07.123456Z", 0);
	check_shape(ts_parse_ymd_slash, "2014/11/03 02:14:07. x", 19,
	    "2014-11-03T02:14:07.000000Z", 0);
	REJECT(ts_parse_ymd_slash, bad);
	/* The length bounds the parse. */
	assert_int_equal(ts_parse_ymd_slash("2014/11/03 02:14:07", 18, &c), 0);
}

static void
test_clf(void **state)
{
	static const char *const bad[] = {
		"10/Oct/2000:13:55:36", "10/Oct/2000:13:55:36 0700",
		"10/Oct/2000:13:55:36 +07", "10/Oct/2000:13:55:36 +07:00",
		"10/Oct/2000:13:55:36 +07001", "10/Oct/2000:13:55:36 +1900",
		"10/Oct/2000:13:55:36 +0060", "29/Feb/2015:00:00:00 +0000",
		"10/oct/2000:13:55:36 +0000", "1/Oct/2000:13:55:36 +0000",
		"10/Oct/2000 13:55:36 +0000", "10/Oct/2000:25:55:36 +0000",
		"10/Oct/00:13:55:36 +0000", "",
	};

	(void)state;
	check_shape(ts_parse_clf, "10/Oct/2000:13:55:36 -0700] \"GET", 26,
	    "2000-10-10T20:55:36.000000Z", 1);
	check_shape(ts_parse_clf, "12/Apr/2017:03:14:07 +0200", 26,
	    "2017-04-12T01:14:07.000000Z", 1);
	check_shape(ts_parse_clf, "01/Jan/2016:01:30:00 +0200", 26,
	    "2015-12-31T23:30:00.000000Z", 1);
	check_shape(ts_parse_clf, "29/Feb/2016:23:59:59 +0000", 26,
	    "2016-02-29T23:59:59.000000Z", 1);
	check_shape(ts_parse_clf, "31/Dec/2015:16:59:59 -0700", 26,
	    "2015-12-31T23:59:59.000000Z", 1);
	check_shape(ts_parse_clf, "31/Dec/2015:17:00:00 -0700", 26,
	    "2016-01-01T00:00:00.000000Z", 1);
	REJECT(ts_parse_clf, bad);
}

/* ts_parse_numdate() with no order known yet. */
static size_t
numdate(const char *s, size_t len, struct ts_civil *c)
{
	enum ts_order order = TS_ORDER_UNKNOWN, guess;

	return ts_parse_numdate(s, len, c, &order, &guess);
}

static void
test_numdate(void **state)
{
	static const char *const bad[] = {
		"1/5/2021 13:22:52 PM", "1/5/2021 0:22:52 AM",
		"2/29/2015 1:00:00 AM", "13/13/2021 3:22:52 AM",
		"1/32/2021 3:22:52 AM", "1/5/21 3:22:52 AM",
		"1/5/2021 3:22:52 AMX", "1/5/2021 3:22:52 PMs",
		"1/5/2021 3:22:52 a.x", "1/5.2021 3:22:52", "1.5/2021 3:22:52",
		"1/5/2021 3:22:521 AM", "1/5/2021 3:60:52 AM",
		"001/5/2021 3:22:52 AM", "1/5/2021 3:22:52 a.m", "1/5/2021",
		"1/5/2021 25:00:00", "31.02.2021 10:00:00", "",
	};
	enum ts_order order = TS_ORDER_UNKNOWN, guess;
	struct ts_civil c;

	(void)state;
	check_shape(numdate, "1/5/2021 3:22:52 AM foo", 19,
	    "2021-01-05T03:22:52.000000Z", 0);
	check_shape(numdate, "12/31/2015 11:59:59 PM", 22,
	    "2015-12-31T23:59:59.000000Z", 0);
	check_shape(numdate, "01/01/2016 12:00:00 AM", 22,
	    "2016-01-01T00:00:00.000000Z", 0);
	check_shape(numdate, "1/1/2016 12:00:00 PM", 20,
	    "2016-01-01T12:00:00.000000Z", 0);
	check_shape(numdate, "1/1/2016 12:30 am", 17,
	    "2016-01-01T00:30:00.000000Z", 0);
	check_shape(numdate, "2/29/2016 1:02:03pm,", 19,
	    "2016-02-29T13:02:03.000000Z", 0);
	check_shape(numdate, "2/29/2016 1:02:03 p.m.", 22,
	    "2016-02-29T13:02:03.000000Z", 0);
	check_shape(numdate, "2/29/2016 1:02:03 A.M.;", 22,
	    "2016-02-29T01:02:03.000000Z", 0);
	/* Day first: shown, or without AM/PM, or with dots. */
	check_shape(numdate, "13/5/2021 3:22:52 AM", 20,
	    "2021-05-13T03:22:52.000000Z", 0);
	check_shape(numdate, "1/5/2021 3:22:52 x", 16,
	    "2021-05-01T03:22:52.000000Z", 0);
	check_shape(numdate, "29.02.2016 23:59:59.5 x", 21,
	    "2016-02-29T23:59:59.500000Z", 0);
	REJECT(numdate, bad);
	/* What a date shows is kept; a guess is told, and not kept. */
	assert_int_equal(ts_parse_numdate("1/5/2021 1:00 PM", 16, &c, &order,
	    &guess), 16);
	assert_int_equal(order, TS_ORDER_UNKNOWN);
	assert_int_equal(guess, TS_ORDER_MDY);
	assert_int_equal(ts_parse_numdate("5/5/2021 1:00 PM", 16, &c, &order,
	    &guess), 16);
	assert_int_equal(guess, TS_ORDER_UNKNOWN);
	assert_int_equal(ts_parse_numdate("5/13/2021 1:00", 14, &c, &order,
	    &guess), 14);
	assert_int_equal(order, TS_ORDER_MDY);
	assert_int_equal(ts_parse_numdate("6/1/2021 1:00", 13, &c, &order,
	    &guess), 13);
	assert_int_equal(guess, TS_ORDER_UNKNOWN);
	assert_int_equal(c.mon, 6);
	assert_int_equal(c.day, 1);
	assert_int_equal(ts_parse_numdate("13.1.2021 1:00", 14, &c, &order,
	    &guess), 14);
	assert_int_equal(order, TS_ORDER_DMY);
	assert_int_equal(c.mon, 1);
}

static void
test_epoch(void **state)
{
	static const char *const bad[] = {
		"946684800", "0946684799", "946684799999", "4102444800",
		"9999999999", "4102444800000", "5551234567", "12345678901",
		"123456789012", "14500000001234", "145000000012345",
		"99999999999999999", "1450000000123456789", "", "x1450000000",
	};

	(void)state;
	check_shape(ts_parse_epoch, "1450000000", 10,
	    "2015-12-13T09:46:40.000000Z", 1);
	check_shape(ts_parse_epoch, "1450000000.25 x", 13,
	    "2015-12-13T09:46:40.250000Z", 1);
	check_shape(ts_parse_epoch, "1450000000123,", 13,
	    "2015-12-13T09:46:40.123000Z", 1);
	check_shape(ts_parse_epoch, "1450000000123456 ", 16,
	    "2015-12-13T09:46:40.123456Z", 1);
	check_shape(ts_parse_epoch, "1451606399", 10,
	    "2015-12-31T23:59:59.000000Z", 1);
	check_shape(ts_parse_epoch, "1451606400", 10,
	    "2016-01-01T00:00:00.000000Z", 1);
	check_shape(ts_parse_epoch, "0946684800", 10,
	    "2000-01-01T00:00:00.000000Z", 1);
	check_shape(ts_parse_epoch, "4102444799999", 13,
	    "2099-12-31T23:59:59.999000Z", 1);
	REJECT(ts_parse_epoch, bad);
}

static void
test_ctime(void **state)
{
	static const char *const bad[] = {
		"Sun Nov 19 12:04:05", "Sun Nov 19 12:04:05 06",
		"Sun Nov 19 12:04:05 20061", "Xyz Nov 19 12:04:05 2006",
		"Sun Nov 31 12:04:05 2006", "Mon Feb 29 12:04:05 2015",
		"sun Nov 19 12:04:05 2006", "Sun Nov 19 24:04:05 2006",
		"Sun Nov 19 12:04 2006", "Sun  Nov 19 12:04:05 2006",
		"Sun Nov 9 12:04:05 2006", "SunNov 19 12:04:05 2006", "",
	};
	struct ts_civil c;

	(void)state;
	check_shape(ts_parse_ctime, "Sun Nov 19 12:04:05 2006", 24,
	    "2006-11-19T12:04:05.000000Z", 0);
	check_shape(ts_parse_ctime, "Thu Nov  9 01:02:03 2006\n", 24,
	    "2006-11-09T01:02:03.000000Z", 0);
	check_shape(ts_parse_ctime, "Sun Dec 04 04:47:44 2005] [notice]", 24,
	    "2005-12-04T04:47:44.000000Z", 0);
	check_shape(ts_parse_ctime, "Fri Sep 09 10:42:29.902022 2011]", 31,
	    "2011-09-09T10:42:29.902022Z", 0);
	check_shape(ts_parse_ctime, "Mon Feb 29 00:00:00 2016", 24,
	    "2016-02-29T00:00:00.000000Z", 0);
	check_shape(ts_parse_ctime, "Thu Dec 31 23:59:59 2015", 24,
	    "2015-12-31T23:59:59.000000Z", 0);
	/* The day of week is not checked against the date. */
	check_shape(ts_parse_ctime, "Sat Jan  1 00:00:00 2016", 24,
	    "2016-01-01T00:00:00.000000Z", 0);
	REJECT(ts_parse_ctime, bad);
	assert_int_equal(ts_parse_ctime("Sun Nov 19 12:04:05 2006", 23, &c),
	    0);
}

static void
test_shapes_bounded(void **state)
{
	static const char *const good[] = {
		"2016/02/29 12:00:01.123", "10/Oct/2000:13:55:36 -0700",
		"12/31/2015 11:59:59 p.m.", "1450000000.25", "1450000000123456",
		"Fri Sep 09 10:42:29.902022 2011", "Thu Nov  9 01:02:03 2006",
	};
	static const ts_parser fns[] = {
		ts_parse_ymd_slash, ts_parse_clf, numdate,
		ts_parse_epoch, ts_parse_ctime,
	};
	struct ts_civil c;
	size_t i, j, n, len;
	char *buf;

	(void)state;
	/* Every prefix, copied to an exact-size buffer: ASan sees overreads. */
	for (i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		len = strlen(good[i]);
		for (n = 0; n <= len; n++) {
			buf = malloc(n + 1);
			assert_non_null(buf);
			memcpy(buf, good[i], n);
			for (j = 0; j < sizeof(fns) / sizeof(fns[0]); j++)
				assert_true(fns[j](buf, n, &c) <= n);
			free(buf);
		}
	}
}

static void
test_parse_user(void **state)
{
	int64_t us = 42;

	(void)state;
	assert_int_equal(ts_parse_user("2014-11-03", &us), 0);
	assert_int_equal(us, us_of(2014, 11, 3, 0, 0, 0));
	assert_int_equal(ts_parse_user("1969-12-31", &us), 0);
	assert_int_equal(us, -86400 * TS_US_PER_SEC);
	assert_int_equal(ts_parse_user("2014-11-03T02:14:07+01:00", &us), 0);
	assert_int_equal(us, us_of(2014, 11, 3, 1, 14, 7));
	assert_int_equal(ts_parse_user("2014-11-03 02:14", &us), 0);
	assert_int_equal(us, us_of(2014, 11, 3, 2, 14, 0));
	us = 42;
	assert_int_equal(ts_parse_user("", &us), -1);
	assert_int_equal(ts_parse_user("garbage", &us), -1);
	assert_int_equal(ts_parse_user("2014-11-3", &us), -1);
	assert_int_equal(ts_parse_user("2014-13-01", &us), -1);
	assert_int_equal(ts_parse_user("2015-02-29", &us), -1);
	assert_int_equal(ts_parse_user("2014-11-03x", &us), -1);
	assert_int_equal(ts_parse_user("2014-11-03 ", &us), -1);
	assert_int_equal(ts_parse_user("2014-11-03T02:14:07Z ", &us), -1);
	assert_int_equal(ts_parse_user("2014-11-03 02:14:07 junk", &us), -1);
	assert_int_equal(us, 42);
}

static void
test_parse_offset(void **state)
{
	static const char *bad[] = {
		"", "utc", "UTC+1", "+1", "+18:01", "+19", "-19:00", "+01:0",
		"01:00", "+01:60", "+0100x", "+010", "Z0", "+01:00 ",
	};
	int32_t off = 7;
	size_t i;

	(void)state;
	assert_int_equal(ts_parse_offset("UTC", &off), 0);
	assert_int_equal(off, 0);
	off = 7;
	assert_int_equal(ts_parse_offset("Z", &off), 0);
	assert_int_equal(off, 0);
	assert_int_equal(ts_parse_offset("+01:00", &off), 0);
	assert_int_equal(off, 3600);
	assert_int_equal(ts_parse_offset("-0530", &off), 0);
	assert_int_equal(off, -19800);
	assert_int_equal(ts_parse_offset("+05", &off), 0);
	assert_int_equal(off, 18000);
	assert_int_equal(ts_parse_offset("+18:00", &off), 0);
	assert_int_equal(off, 64800);
	assert_int_equal(ts_parse_offset("-18:00", &off), 0);
	assert_int_equal(off, -64800);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		off = 7;
		if (ts_parse_offset(bad[i], &off) != -1 || off != 7)
			fail_msg("\"%s\": accepted", bad[i]);
	}
}

static void
test_format(void **state)
{
	char buf[TS_RFC3339_LEN];

	(void)state;
	ts_format_rfc3339(0, buf);
	assert_string_equal(buf, "1970-01-01T00:00:00.000000Z");
	ts_format_rfc3339(-1, buf);
	assert_string_equal(buf, "1969-12-31T23:59:59.999999Z");
	ts_format_rfc3339(-86400 * TS_US_PER_SEC, buf);
	assert_string_equal(buf, "1969-12-31T00:00:00.000000Z");
	ts_format_rfc3339(-86400 * TS_US_PER_SEC - 1500000, buf);
	assert_string_equal(buf, "1969-12-30T23:59:58.500000Z");
	ts_format_rfc3339(INT64_C(1414980847123456), buf);
	assert_string_equal(buf, "2014-11-03T02:14:07.123456Z");
	ts_format_rfc3339(us_of(1600, 2, 29, 12, 0, 0) + 1, buf);
	assert_string_equal(buf, "1600-02-29T12:00:00.000001Z");
	ts_format_rfc3339(us_of(0, 1, 1, 0, 0, 0), buf);
	assert_string_equal(buf, "0000-01-01T00:00:00.000000Z");
	ts_format_rfc3339(us_of(9999, 12, 31, 23, 59, 59) + 999999, buf);
	assert_string_equal(buf, "9999-12-31T23:59:59.999999Z");
	/* Out of range: clamped, never longer than the buffer. */
	ts_format_rfc3339(INT64_MIN, buf);
	assert_string_equal(buf, "0000-01-01T00:00:00.000000Z");
	ts_format_rfc3339(INT64_MAX, buf);
	assert_string_equal(buf, "9999-12-31T23:59:59.999999Z");
	assert_int_equal(strlen(buf), TS_RFC3339_LEN - 1);
}

/* Feed n (month, day) pairs; store the segments in segs. */
static void
feed(struct ts_year *y, const int (*md)[2], int n, int *segs)
{
	int i;

	ts_year_init(y);
	for (i = 0; i < n; i++)
		segs[i] = ts_year_step(y, md[i][0], md[i][1]);
}

static void
test_year_rollover(void **state)
{
	static const int md[][2] = { {12, 30}, {12, 31}, {1, 1}, {1, 2} };
	static const int want[] = { 2014, 2014, 2015, 2015 };
	struct ts_year y;
	int64_t ref = us_of(2015, 1, 3, 10, 0, 0);
	int segs[4], i;

	(void)state;
	feed(&y, md, 4, segs);
	assert_int_equal(segs[0], 0);
	assert_int_equal(segs[1], 0);
	assert_int_equal(segs[2], 1);
	assert_int_equal(segs[3], 1);
	for (i = 0; i < 4; i++)
		assert_int_equal(ts_year_of(&y, segs[i], ref), want[i]);
}

static void
test_year_no_rollover(void **state)
{
	static const int md[][2] = { {11, 20}, {12, 1}, {12, 31} };
	struct ts_year y;
	int segs[3];

	(void)state;
	feed(&y, md, 3, segs);
	assert_int_equal(segs[2], 0);
	/* mtime early in the next year: the lines are from the year before. */
	assert_int_equal(ts_year_of(&y, 0, us_of(2015, 1, 5, 0, 0, 0)), 2014);
	/* mtime in the same December: same year. */
	assert_int_equal(ts_year_of(&y, 0, us_of(2014, 12, 31, 8, 0, 0)),
	    2014);
	/* Last line one day after mtime (clock skew): still the same year. */
	ts_year_init(&y);
	ts_year_step(&y, 6, 11);
	assert_int_equal(ts_year_of(&y, 0, us_of(2014, 6, 10, 0, 0, 0)), 2014);
	ts_year_init(&y);
	ts_year_step(&y, 6, 12);
	assert_int_equal(ts_year_of(&y, 0, us_of(2014, 6, 10, 0, 0, 0)), 2013);
	/* Negative reference time works too. */
	assert_int_equal(ts_year_of(&y, 0, us_of(1960, 7, 1, 0, 0, 0)), 1960);
}

static void
test_year_ref_dec31(void **state)
{
	static const int md[][2] = { {12, 31}, {1, 1} };
	struct ts_year y;
	int segs[2];

	(void)state;
	/* Written just after midnight, mtime a little behind: next year. */
	feed(&y, md, 2, segs);
	assert_int_equal(segs[1], 1);
	assert_int_equal(ts_year_of(&y, 1, us_of(2014, 12, 31, 23, 0, 0)),
	    2015);
	assert_int_equal(ts_year_of(&y, 0, us_of(2014, 12, 31, 23, 0, 0)),
	    2014);
}

static void
test_year_feb29(void **state)
{
	static const int md[][2] = { {2, 28}, {2, 29} };
	struct ts_year y;
	int segs[2], yr;
	struct ts_civil c;

	(void)state;
	feed(&y, md, 2, segs);
	assert_int_equal(segs[1], 0);
	yr = ts_year_of(&y, segs[1], us_of(2016, 3, 1, 0, 0, 0));
	assert_int_equal(yr, 2016);
	memset(&c, 0, sizeof(c));
	c.year = yr;
	c.mon = 2;
	c.day = 29;
	c.has_year = 1;
	assert_true(ts_civil_valid(&c));
	/* mtime after Feb 28 of a common year: the leap year before. */
	assert_int_equal(ts_year_of(&y, 0, us_of(2017, 3, 10, 0, 0, 0)), 2016);
	assert_int_equal(ts_year_of(&y, 0, us_of(2101, 3, 10, 0, 0, 0)), 2096);
	/* mtime on Feb 28 of a leap year: the stamp is within a day. */
	assert_int_equal(ts_year_of(&y, 0, us_of(2016, 2, 28, 0, 0, 0)), 2016);
}

static void
test_year_jitter(void **state)
{
	static const int md[][2] = {
		{12, 31}, {1, 1}, {12, 31}, {1, 1}, {1, 2}
	};
	static const int want_seg[] = { 0, 1, 0, 1, 1 };
	struct ts_year y;
	int segs[5], i;

	(void)state;
	feed(&y, md, 5, segs);
	for (i = 0; i < 5; i++)
		assert_int_equal(segs[i], want_seg[i]);
	assert_int_equal(y.seg, 1);
	assert_int_equal(y.last_mon, 1);
	assert_int_equal(ts_year_of(&y, 0, us_of(2015, 1, 2, 1, 0, 0)), 2014);
	assert_int_equal(ts_year_of(&y, 1, us_of(2015, 1, 2, 1, 0, 0)), 2015);
}

static void
test_year_jitter_last(void **state)
{
	static const int md[][2] = { {12, 30}, {1, 1}, {12, 31} };
	static const int md0[][2] = { {1, 1}, {12, 31}, {1, 2} };
	struct ts_year y;
	int segs[3];

	(void)state;
	/* The late December line is the last one fed: it anchors seg 0. */
	feed(&y, md, 3, segs);
	assert_int_equal(segs[2], 0);
	assert_int_equal(y.end_mon, 12);
	assert_int_equal(y.end_seg, 0);
	assert_int_equal(y.last_mon, 1);
	assert_int_equal(ts_year_of(&y, 0, us_of(2015, 1, 1, 0, 5, 0)), 2014);
	assert_int_equal(ts_year_of(&y, 1, us_of(2015, 1, 1, 0, 5, 0)), 2015);
	/* Before any rollover the late line gets segment -1. */
	feed(&y, md0, 3, segs);
	assert_int_equal(segs[0], 0);
	assert_int_equal(segs[1], -1);
	assert_int_equal(segs[2], 0);
	assert_int_equal(ts_year_of(&y, -1, us_of(2015, 1, 3, 0, 0, 0)), 2014);
	assert_int_equal(ts_year_of(&y, 0, us_of(2015, 1, 3, 0, 0, 0)), 2015);
}

static void
test_year_segments(void **state)
{
	static const int md[][2] = {
		{3, 1}, {2, 28}, {3, 2}, {11, 5}, {2, 1}, {2, 2}
	};
	static const int want_seg[] = { 0, 0, 0, 0, 1, 1 };
	struct ts_year y;
	int segs[6], i;

	(void)state;
	/* Back by one stays; Nov to Feb starts a new segment. */
	feed(&y, md, 6, segs);
	for (i = 0; i < 6; i++)
		assert_int_equal(segs[i], want_seg[i]);
	assert_int_equal(ts_year_of(&y, 0, us_of(2020, 2, 3, 0, 0, 0)), 2019);
	assert_int_equal(ts_year_of(&y, 1, us_of(2020, 2, 3, 0, 0, 0)), 2020);
	/* Several rollovers: each segment a year before the next. */
	ts_year_init(&y);
	ts_year_step(&y, 12, 1);
	assert_int_equal(ts_year_step(&y, 1, 1), 1);
	assert_int_equal(ts_year_step(&y, 12, 1), 0);
	assert_int_equal(ts_year_step(&y, 6, 1), 1);
	assert_int_equal(ts_year_step(&y, 1, 1), 2);
	assert_int_equal(ts_year_of(&y, 0, us_of(2020, 1, 2, 0, 0, 0)), 2018);
	/* Nothing fed: the reference year. */
	ts_year_init(&y);
	assert_int_equal(ts_year_of(&y, 0, us_of(2020, 1, 2, 0, 0, 0)), 2020);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_leap),
		cmocka_unit_test(test_days_known),
		cmocka_unit_test(test_days_round_trip),
		cmocka_unit_test(test_civil_to_us),
		cmocka_unit_test(test_civil_valid),
		cmocka_unit_test(test_iso_accept),
		cmocka_unit_test(test_iso_no_zone_after_space),
		cmocka_unit_test(test_iso_utc_word),
		cmocka_unit_test(test_iso_reject),
		cmocka_unit_test(test_rfc3164),
		cmocka_unit_test(test_rfc3164_reject),
		cmocka_unit_test(test_ymd_slash),
		cmocka_unit_test(test_clf),
		cmocka_unit_test(test_numdate),
		cmocka_unit_test(test_epoch),
		cmocka_unit_test(test_ctime),
		cmocka_unit_test(test_shapes_bounded),
		cmocka_unit_test(test_parse_user),
		cmocka_unit_test(test_parse_offset),
		cmocka_unit_test(test_format),
		cmocka_unit_test(test_year_rollover),
		cmocka_unit_test(test_year_no_rollover),
		cmocka_unit_test(test_year_ref_dec31),
		cmocka_unit_test(test_year_feb29),
		cmocka_unit_test(test_year_jitter),
		cmocka_unit_test(test_year_jitter_last),
		cmocka_unit_test(test_year_segments),
	};

	return (cmocka_run_group_tests(tests, NULL, NULL));
}
