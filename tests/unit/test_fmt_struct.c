/* SPDX-License-Identifier: MIT */
/*
 * test_fmt_struct.c - timestamp sniffing shared by the formats, and the
 * structured formats: JSON lines and CSV with a header.  Every line is
 * handed over in a buffer of exactly its length, so that AddressSanitizer
 * catches a read past the end.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "formats/format.h"

#define MAX_LINES	32

/* A stream of lines through one format, each in its own exact buffer. */
struct run {
	const struct format	*fmt;
	struct fmt_stream	 fs;
	size_t			 n;
	char			*buf[MAX_LINES];
	struct record		 rec[MAX_LINES];
};

/* A copy of s[0..len) in a buffer of exactly len bytes (one if empty). */
static char *
exact(const char *s, size_t len)
{
	char *p = malloc(len > 0 ? len : 1);

	assert_non_null(p);
	memcpy(p, s, len);
	return p;
}

static void
run_start(struct run *r, const struct format *fmt)
{
	memset(r, 0, sizeof(*r));
	r->fmt = fmt;
	ts_year_init(&r->fs.year);
	r->fs.priv = fmt->open != NULL ? fmt->open() : NULL;
}

/* Parse the next line s; returns its record (valid until run_end). */
static const struct record *
run_line(struct run *r, const char *s)
{
	struct record *rec = &r->rec[r->n];
	size_t len = strlen(s);

	assert_true(r->n < MAX_LINES);
	r->buf[r->n] = exact(s, len);
	memset(rec, 0, sizeof(*rec));
	rec->text = r->buf[r->n];
	rec->len = len;
	r->fmt->parse(&r->fs, rec);
	r->n++;
	return rec;
}

static void
run_end(struct run *r)
{
	if (r->fmt->close != NULL)
		r->fmt->close(r->fs.priv);
	for (size_t i = 0; i < r->n; i++)
		free(r->buf[i]);
}

/*
 * Check rec's time: want is "-" for none, else its UTC time in RFC 3339
 * (a zone-less stamp read as UTC; a year-less one put in 2016).
 */
static void
check_time(const struct record *rec, const char *want, int want_off,
    const char *why)
{
	struct ts_civil c = rec->civil;
	char got[TS_RFC3339_LEN];

	if (rec->time == REC_TIME_NONE) {
		if (strcmp(want, "-") != 0)
			fail_msg("%s: no time, want %s", why, want);
		return;
	}
	if (rec->time == REC_TIME_YEARLESS)
		c.year = 2016;
	ts_format_rfc3339(ts_civil_to_us(&c, 0), got);
	if (strcmp(got, want) != 0)
		fail_msg("%s: time %s, want %s", why, got, want);
	if ((int)rec->civil.has_offset != want_off)
		fail_msg("%s: has_offset %d", why, rec->civil.has_offset);
	assert_true(ts_civil_valid(&rec->civil));
}

/* Check rec's host (NULL: none) and time note (NULL: none). */
static void
check_host_note(const struct record *rec, const char *host, const char *note)
{
	if (host == NULL)
		assert_null(rec->host);
	else {
		assert_non_null(rec->host);
		assert_int_equal(rec->host_len, strlen(host));
		assert_memory_equal(rec->host, host, strlen(host));
	}
	if (note == NULL)
		assert_null(rec->time_note);
	else {
		assert_non_null(rec->time_note);
		assert_string_equal(rec->time_note, note);
	}
}

/* Sniff one line through the text format and check its time. */
static void
sniff_one(const char *s, const char *want, int want_off)
{
	struct run r;

	run_start(&r, &format_text);
	check_time(run_line(&r, s), want, want_off, s);
	run_end(&r);
}

/* Bid of fmt on the lines ls[0..n), each in an exact buffer. */
static int
bid_of(const struct format *fmt, const char *const *ls, size_t n)
{
	struct line lines[MAX_LINES];
	int b;

	assert_true(n <= MAX_LINES);
	memset(lines, 0, sizeof(lines));
	for (size_t i = 0; i < n; i++) {
		lines[i].len = strlen(ls[i]);
		lines[i].p = exact(ls[i], lines[i].len);
		lines[i].no = i + 1;
	}
	b = fmt->bid(lines, n);
	for (size_t i = 0; i < n; i++)
		free((void *)(uintptr_t)lines[i].p);
	return b;
}

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))

static void
test_sniff_shapes(void **state)
{
	(void)state;
	sniff_one("2016-09-28 04:30:30, Info                  CBS    Loaded "
	    "Servicing Stack v6.1.7601.23505",
	    "2016-09-28T04:30:30.000000Z", 0);
	sniff_one("2014-11-03T02:14:07.5+01:00 x",
	    "2014-11-03T01:14:07.500000Z", 1);
	sniff_one("2023/05/04 11:35:27.433  5716       5840 D3   x",
	    "2023-05-04T11:35:27.433000Z", 0);
	sniff_one("203.0.113.9 - - [12/Apr/2017:03:14:07 +0000] \"GET / HTTP",
	    "2017-04-12T03:14:07.000000Z", 1);
	sniff_one("10/Oct/2000:13:55:36 -0700 bare",
	    "2000-10-10T20:55:36.000000Z", 1);
	sniff_one("[Sun Dec 04 04:47:44 2005] [notice] workerEnv.init() ok",
	    "2005-12-04T04:47:44.000000Z", 0);
	sniff_one("Sun Nov 19 12:04:05 2006", "2006-11-19T12:04:05.000000Z",
	    0);
	sniff_one("Log started Thu Nov  9 01:02:03 2006 by vnc",
	    "2006-11-09T01:02:03.000000Z", 0);
	sniff_one("[Fri Sep 09 10:42:29.902022 2011] [core:error] x",
	    "2011-09-09T10:42:29.902022Z", 0);
	sniff_one("1/5/2021 3:22:52 AM logon", "2021-01-05T03:22:52.000000Z",
	    0);
	sniff_one("12/31/2015 12:00:00 PM noon", "2015-12-31T12:00:00.000000Z",
	    0);
	sniff_one("12/31/2015 12:00:00 AM midnight",
	    "2015-12-31T00:00:00.000000Z", 0);
	sniff_one("1450000000 start", "2015-12-13T09:46:40.000000Z", 1);
	sniff_one("1450000000123,WARN", "2015-12-13T09:46:40.123000Z", 1);
	sniff_one("level=info ts=1451606399 msg=x",
	    "2015-12-31T23:59:59.000000Z", 1);
	sniff_one("a,\"1451606400\",b", "2016-01-01T00:00:00.000000Z", 1);
	sniff_one("t=1451606400.25;", "2016-01-01T00:00:00.250000Z", 1);
	sniff_one("1451606400", "2016-01-01T00:00:00.000000Z", 1);
	sniff_one("\t [2016-02-29 23:59:59] leap",
	    "2016-02-29T23:59:59.000000Z", 0);
	/* Linux audit: seconds.milliseconds:serial, UTC. */
	sniff_one("type=USER_AUTH msg=audit(1699999999.123:456): pid=1234 "
	    "uid=0 auid=4294967295", "2023-11-14T22:13:19.123000Z", 1);
	sniff_one("node=web01 type=EXECVE msg=audit(1451606400.500:7): argc=2",
	    "2016-01-01T00:00:00.500000Z", 1);
	sniff_one("type=X msg=audit(1451606400:7): no fraction", "-", 0);
	sniff_one("type=X msg=audit(1451606400.500): no serial", "-", 0);
}

static void
test_sniff_near_miss(void **state)
{
	static const char *const none[] = {
		"Loaded Servicing Stack v6.1.7601.23505 with Core",
		"6.1.7601.23505", "from 173.234.31.186 port 22",
		"10.0.0.12 - - GET /", "call 5551234567 now",
		"call 0123456789 now",		/* before 2000 */
		"counter 1450000000123456 ticks",	/* 16 digits */
		"id 14500000001 long", "id 145000000012 long",
		"id 14500000001234 long", "x1450000000", "ab1450000000 x",
		"id:1450000000 x", "n=1450000000abc", "n=1450000000.5.1",
		"n=1450000000123.5", "-1450000000 x",
		"2015-02-29 00:00:00 not a day", "2015/02/29 00:00:00 no",
		"29/Feb/2015:00:00:00 +0000", "x2016-01-01 00:00:00",
		"ab2016/01/05 00:00:00", "2016-01-05 only a date",
		"1/5/2021 13:22:52 PM", "13/13/2021 3:22:52",
		"31.2.2021 10:00:00", "1.5.21 10:00:00", "10.0.0.12 10:00:00",
		"1/5/2021", "1.5.2021 10",
		"Mon Feb 29 12:04:05 2015", "xSun Nov 19 12:04:05 2006",
		"x Mar  3 14:02:11 not at the start", "2016/9/27:20:30:31.455",
		"00000001@2016/9/27:20:30:31.455 WcpInitialize",
		"12/Apr/2017:03:14:07", "12/Apr/2017:03:14:07 +00:00", "",
	};
	char buf[200];

	(void)state;
	for (size_t i = 0; i < NELEM(none); i++)
		sniff_one(none[i], "-", 0);
	/* A stamp must start in the first 64 bytes. */
	memset(buf, '.', 64);
	strcpy(buf + 64, "2016-01-01 00:00:00");
	sniff_one(buf, "-", 0);
	strcpy(buf + 63, " 2016-01-01 00:00:00");
	sniff_one(buf, "-", 0);
	buf[62] = ' ';
	strcpy(buf + 63, "2016-01-01 00:00:00");
	sniff_one(buf, "2016-01-01T00:00:00.000000Z", 0);
}

/* Day and month in a numeric date: shown by a day past 12, else guessed. */
static void
test_sniff_numdate(void **state)
{
	struct run r;
	const struct record *rec;

	(void)state;
	/* United States: slashes and AM/PM, month first until shown. */
	run_start(&r, &format_text);
	rec = run_line(&r, "1/5/2021 3:22:52 AM logon");
	check_time(rec, "2021-01-05T03:22:52.000000Z", 0, "us guessed");
	check_host_note(rec, NULL, "day and month order guessed: month "
	    "first");
	rec = run_line(&r, "5/5/2021 3:22:52 AM same both ways");
	check_host_note(rec, NULL, NULL);
	rec = run_line(&r, "1/13/2021 3:22:52 PM shows it");
	check_time(rec, "2021-01-13T15:22:52.000000Z", 0, "us shown");
	check_host_note(rec, NULL, NULL);
	rec = run_line(&r, "2/1/2021 3:22:52 PM known now");
	check_time(rec, "2021-02-01T15:22:52.000000Z", 0, "us known");
	check_host_note(rec, NULL, NULL);
	run_end(&r);
	/* Australia: slashes and AM/PM, but day first once shown. */
	run_start(&r, &format_text);
	rec = run_line(&r, "13/5/2021 3:22:52 AM logon");
	check_time(rec, "2021-05-13T03:22:52.000000Z", 0, "au shown");
	check_host_note(rec, NULL, NULL);
	rec = run_line(&r, "1/6/2021 3:22:52 PM known now");
	check_time(rec, "2021-06-01T15:22:52.000000Z", 0, "au known");
	check_host_note(rec, NULL, NULL);
	run_end(&r);
	/* Britain, 24-hour: day first, guessed until shown. */
	run_start(&r, &format_text);
	rec = run_line(&r, "01/05/2021 15:22:52 logon");
	check_time(rec, "2021-05-01T15:22:52.000000Z", 0, "gb guessed");
	check_host_note(rec, NULL, "day and month order guessed: day first");
	rec = run_line(&r, "02/13/2021 15:22:52 but this is American");
	check_time(rec, "2021-02-13T15:22:52.000000Z", 0, "gb shown us");
	rec = run_line(&r, "03/04/2021 15:22:52 then month first");
	check_time(rec, "2021-03-04T15:22:52.000000Z", 0, "us known");
	check_host_note(rec, NULL, NULL);
	run_end(&r);
	/* Germany: dots, a fraction, day first. */
	run_start(&r, &format_text);
	rec = run_line(&r, "04.03.2021 15:22:52.25 Anmeldung");
	check_time(rec, "2021-03-04T15:22:52.250000Z", 0, "de guessed");
	check_host_note(rec, NULL, "day and month order guessed: day first");
	rec = run_line(&r, "Information,13.01.2021 7:05:09,Security,4624");
	check_time(rec, "2021-01-13T07:05:09.000000Z", 0, "de in csv text");
	run_end(&r);
}

static void
test_sniff_preference(void **state)
{
	(void)state;
	/* A stamp at the start of the line is the line's own. */
	sniff_one("1426148280123,2016-01-01T00:00:00Z",
	    "2015-03-12T08:18:00.123000Z", 1);
	sniff_one("2015/03/12 08:00:00 job for 2016-01-01T00:00:00Z",
	    "2015-03-12T08:00:00.000000Z", 0);
	sniff_one("[Thu Mar 12 08:15:00 2015] for 2016-01-01T00:00:00Z",
	    "2015-03-12T08:15:00.000000Z", 0);
	/* Otherwise the best shape, the earliest among equals. */
	sniff_one("id=1426148280 seen at 2015-03-12T08:18:00+01:00",
	    "2015-03-12T07:18:00.000000Z", 1);
	sniff_one("x 1/5/2021 3:22:52 AM [12/Mar/2015:08:16:01 +0200]",
	    "2015-03-12T06:16:01.000000Z", 1);
	sniff_one("x Thu Mar 12 08:15:00 2015 1/5/2021 3:22:52 AM",
	    "2015-03-12T08:15:00.000000Z", 0);
	sniff_one("x 2015/03/12 08:00:00 2015/03/13 08:00:00",
	    "2015-03-12T08:00:00.000000Z", 0);
	sniff_one("x ts=1426148280 2015/03/13 08:00:00",
	    "2015-03-13T08:00:00.000000Z", 0);
}

static void
test_sniff_yearless(void **state)
{
	struct run r;
	const struct record *rec;

	(void)state;
	run_start(&r, &format_text);
	rec = run_line(&r, "Dec 31 23:59:58 gw01 kernel: x");
	assert_int_equal(rec->time, REC_TIME_YEARLESS);
	assert_int_equal(rec->year_seg, 0);
	assert_int_equal(rec->civil.has_year, 0);
	rec = run_line(&r, "Jan  1 00:00:01 gw01 sshd[77]: x");
	assert_int_equal(rec->time, REC_TIME_YEARLESS);
	assert_int_equal(rec->year_seg, 1);
	/* A line without a stamp leaves the year state alone. */
	rec = run_line(&r, "no stamp");
	assert_int_equal(rec->time, REC_TIME_NONE);
	assert_int_equal(r.fs.year.seg, 1);
	rec = run_line(&r, "2016-01-01 00:00:02 full stamp");
	assert_int_equal(rec->time, REC_TIME_FULL);
	assert_int_equal(r.fs.year.end_mon, 1);
	assert_int_equal(r.fs.year.end_day, 1);
	run_end(&r);
}

/* Every prefix of every line, through every parser, in exact buffers. */
static void
test_bounded(void **state)
{
	static const char *const ls[] = {
		"203.0.113.9 - - [12/Apr/2017:03:14:07 +0000] \"GET /\"",
		"[Fri Sep 09 10:42:29.902022 2011] x",
		"12/31/2015 11:59:59 p.m.",
		"a=1450000000123,", "Mar  3 14:02:11.123 x",
		"2023/05/04 11:35:27.433 x", "2014-11-03T02:14:07.5+01:00",
		"{\"a\":{\"b\":[1,\"}\\\"\"]},\"UtcTime\":"
		    "\"2015-03-12 08:14:07\",\"Computer\":\"ws\"}",
		"\"4624\",\"DC01\",\"3/12/2015 8:14:07 AM\",\"x \"\"y\"\" z\"",
	};
	static const char *const hdr = "\"Id\",\"Computer\",\"TimeCreated\","
	    "\"Message\"";
	const struct format *fmts[] = { &format_text, &format_jsonl,
	    &format_csv };
	struct run r;

	(void)state;
	for (size_t f = 0; f < NELEM(fmts); f++)
		for (size_t i = 0; i < NELEM(ls); i++)
			for (size_t n = 0; n <= strlen(ls[i]); n++) {
				struct record rec;
				char *p = exact(ls[i], n);

				run_start(&r, fmts[f]);
				run_line(&r, hdr);
				memset(&rec, 0, sizeof(rec));
				rec.text = p;
				rec.len = n;
				fmts[f]->parse(&r.fs, &rec);
				run_end(&r);
				free(p);
			}
}

static void
test_jsonl_keys(void **state)
{
	struct run r;
	const struct record *rec;

	(void)state;
	run_start(&r, &format_jsonl);
	/* UtcTime (Sysmon, UTC) beats the collector's @timestamp. */
	rec = run_line(&r, "{\"@timestamp\":\"2015-03-12T08:14:12.900Z\","
	    "\"host\":\"wec01\",\"Hostname\":\"ws01\",\"UtcTime\":"
	    "\"2015-03-12 08:14:11.004\",\"EventID\":11}");
	check_time(rec, "2015-03-12T08:14:11.004000Z", 1, "utctime");
	check_host_note(rec, "ws01", "UTC by Sysmon UtcTime field");
	/* An explicit zone in UtcTime is kept and needs no note. */
	rec = run_line(&r, "{\"UtcTime\":\"2015-03-12T08:14:11+01:00\"}");
	check_time(rec, "2015-03-12T07:14:11.000000Z", 1, "utctime zone");
	check_host_note(rec, NULL, NULL);
	/* @timestamp beats timestamp, TimeCreated, time ... */
	rec = run_line(&r, "{\"time\":\"2014-01-01 00:00:00\",\"TimeCreated\":"
	    "\"2014-01-02 00:00:00\",\"timestamp\":\"2014-01-03 00:00:00\","
	    "\"@timestamp\":\"2016-02-29T23:59:59.999Z\"}");
	check_time(rec, "2016-02-29T23:59:59.999000Z", 1, "@timestamp");
	rec = run_line(&r, "{\"time\":\"2014-01-01 00:00:00\",\"TimeCreated\":"
	    "\"2014-01-02 00:00:00\",\"timestamp\":\"2014-01-03 00:00:00\"}");
	check_time(rec, "2014-01-03T00:00:00.000000Z", 0, "timestamp");
	rec = run_line(&r, "{\"ts\":1,\"date\":\"x\",\"EventTime\":"
	    "\"2014-01-04 00:00:00\",\"time\":\"2014-01-01 00:00:00\"}");
	check_time(rec, "2014-01-04T00:00:00.000000Z", 0, "EventTime");
	/* A key whose value is no time gives way to the next. */
	rec = run_line(&r, "{\"@timestamp\":{\"a\":1},\"timestamp\":\"soon\","
	    "\"datetime\":\"7/4/2015 1:05:09 PM\"}");
	check_time(rec, "2015-07-04T13:05:09.000000Z", 0, "fallthrough");
	/* Case does not matter; numbers are epochs. */
	rec = run_line(&r, "{\"TS\":1436013296789,\"HOSTNAME\":\"db01\"}");
	check_time(rec, "2015-07-04T12:34:56.789000Z", 1, "epoch ms");
	check_host_note(rec, "db01", NULL);
	rec = run_line(&r, "{\"time\": 1420070400.5 , \"host\" : \"db02\" }");
	check_time(rec, "2015-01-01T00:00:00.500000Z", 1, "epoch s");
	check_host_note(rec, "db02", NULL);
	rec = run_line(&r, "{\"time\":5551234567}");
	check_time(rec, "-", 0, "phone");
	/* No known key: sniffed like text; none at all: no time. */
	rec = run_line(&r, "{\"created\":\"2015-05-05 05:05:05\"}");
	check_time(rec, "2015-05-05T05:05:05.000000Z", 0, "sniffed");
	rec = run_line(&r, "{\"level\":\"info\",\"msg\":\"nothing\"}");
	check_time(rec, "-", 0, "none");
	run_end(&r);
}

/* journalctl -o json: microseconds since the epoch, as strings. */
static void
test_jsonl_journald(void **state)
{
	struct run r;
	const struct record *rec;

	(void)state;
	run_start(&r, &format_jsonl);
	/* The sender's time beats the time journald received it. */
	rec = run_line(&r, "{\"__CURSOR\":\"s=739a;i=4ece7;b=6c7c;"
	    "m=139b6b8e5;t=60a0c9a35d3c0;x=20ab\",\"__REALTIME_TIMESTAMP\":"
	    "\"1699999999123456\",\"__MONOTONIC_TIMESTAMP\":\"5261494501\","
	    "\"_HOSTNAME\":\"web01\",\"MESSAGE\":\"Accepted password\","
	    "\"_SOURCE_REALTIME_TIMESTAMP\":\"1699999999120000\"}");
	check_time(rec, "2023-11-14T22:13:19.120000Z", 1, "source realtime");
	check_host_note(rec, "web01", NULL);
	rec = run_line(&r, "{\"__REALTIME_TIMESTAMP\":\"1699999999123456\","
	    "\"_HOSTNAME\":\"web01\",\"MESSAGE\":\"x\"}");
	check_time(rec, "2023-11-14T22:13:19.123456Z", 1, "realtime");
	/* Microseconds under any time key; still bounded to 2000-2099. */
	rec = run_line(&r, "{\"timestamp\":1699999999123456}");
	check_time(rec, "2023-11-14T22:13:19.123456Z", 1, "epoch us");
	rec = run_line(&r, "{\"timestamp\":\"5261494501000000\"}");
	check_time(rec, "-", 0, "not a time");
	run_end(&r);
}

static void
test_jsonl_nested_escaped(void **state)
{
	struct run r;
	const struct record *rec;

	(void)state;
	run_start(&r, &format_jsonl);
	/* Keys inside nested objects and arrays are not the record's. */
	rec = run_line(&r, "{\"event\":{\"UtcTime\":\"2014-01-01 00:00:00\","
	    "\"x\":[{\"Computer\":\"no\"},\"]}\"]},\"a\":[[],{}],\"timestamp\":"
	    "\"2015-07-04T12:00:00+02:00\",\"Computer\":\"ws02\"}");
	check_time(rec, "2015-07-04T10:00:00.000000Z", 1, "nested");
	check_host_note(rec, "ws02", NULL);
	/* Nor are keys quoted inside string values. */
	rec = run_line(&r, "{\"msg\":\"a \\\" } \\\"UtcTime\\\": "
	    "\\\"2014-01-01 00:00:00\\\"\",\"ts\":\"2015-01-01T00:00:00Z\"}");
	check_time(rec, "2015-01-01T00:00:00.000000Z", 1, "in string");
	/* An escaped key is not matched; an escaped host is not used. */
	rec = run_line(&r, "{\"Utc\\u0054ime\":\"2014-01-01 00:00:00\","
	    "\"Computer\":\"ws\\u00305\",\"host\":\"h\\\\1\",\"time\":"
	    "\"2015-01-01 00:00:00\"}");
	check_time(rec, "2015-01-01T00:00:00.000000Z", 0, "escaped key");
	check_host_note(rec, NULL, NULL);
	/*
	 * A quote after an even run of backslashes ends a string; after an
	 * odd one it is part of it.
	 */
	rec = run_line(&r, "{\"Image\":\"C:\\\\Windows\\\\\",\"msg\":\"a\\\\\\\"b\\\" "
	    "\\\\\\\\\\\"Computer\\\":\\\"no\",\"Computer\":\"ws10\","
	    "\"ts\":\"2015-01-02T00:00:00Z\"}");
	check_time(rec, "2015-01-02T00:00:00.000000Z", 1, "backslash runs");
	check_host_note(rec, "ws10", NULL);
	/* Escaped slashes in a time are undone. */
	rec = run_line(&r, "{\"date\":\"12\\/31\\/2015 11:59:59 PM\"}");
	check_time(rec, "2015-12-31T23:59:59.000000Z", 0, "slashes");
	/* A host that is not a string, or empty, is skipped. */
	rec = run_line(&r, "{\"Computer\":\"\",\"Hostname\":7,\"host\":"
	    "{\"name\":\"web\"},\"ComputerName\":\"ws07\"}");
	check_host_note(rec, "ws07", NULL);
	/* Broken objects: what was read before the damage counts. */
	rec = run_line(&r, "{\"Computer\":\"ws08\",\"time\":\"2015-01-01 "
	    "00:00:00\",\"x\":{\"y\":");
	check_time(rec, "2015-01-01T00:00:00.000000Z", 0, "truncated");
	check_host_note(rec, "ws08", NULL);
	rec = run_line(&r, "{\"Computer\":\"ws09");
	check_host_note(rec, NULL, NULL);
	/* Unreadable: sniffed like text. */
	rec = run_line(&r, "{\"a\" 1, \"time\":\"2015-01-01 00:00:00\"}");
	check_time(rec, "2015-01-01T00:00:00.000000Z", 0, "no colon");
	rec = run_line(&r, "not json 2015-01-01 00:00:00");
	check_time(rec, "2015-01-01T00:00:00.000000Z", 0, "not json");
	run_end(&r);
}

static void
test_jsonl_bid(void **state)
{
	static const char *const good[] = {
		"{\"a\":1}", "  {\"b\":2}  ", "", "{}", "{\"c\":\"}\"}",
	};
	static const char *const mixed[] = {
		"{\"a\":1}", "plain", "{\"b\":2}",
	};
	static const char *const half[] = { "{\"a\":1}", "plain" };
	static const char *const bad[] = {
		"[1,2,3]", "{not json}", "{\"a\":1", "2016-01-01 {\"a\":1}",
	};

	(void)state;
	assert_int_equal(bid_of(&format_jsonl, good, NELEM(good)), 90);
	assert_int_equal(bid_of(&format_jsonl, mixed, NELEM(mixed)), 66);
	assert_int_equal(bid_of(&format_jsonl, half, NELEM(half)), 0);
	assert_int_equal(bid_of(&format_jsonl, bad, NELEM(bad)), 0);
	assert_int_equal(bid_of(&format_jsonl, good, 0), 0);
	assert_int_equal(bid_of(&format_text, good, NELEM(good)), 1);
	assert_int_equal(bid_of(&format_csv, good, NELEM(good)), 0);
}

static void
test_csv_quoting(void **state)
{
	struct run r;
	const struct record *rec;

	(void)state;
	run_start(&r, &format_csv);
	rec = run_line(&r, "#TYPE System.Diagnostics.EventLogEntry");
	check_time(rec, "-", 0, "preamble");
	rec = run_line(&r, "\"Index\",\"MachineName\",\"Message\","
	    "\"TimeGenerated\",\"TimeWritten\"");
	check_time(rec, "-", 0, "header");
	rec = run_line(&r, "\"1\",\"DC01\",\"a, \"\"b\"\", c\","
	    "\"3/12/2015 8:14:07 AM\",\"1/1/2014 1:00:00 AM\"");
	check_time(rec, "2015-03-12T08:14:07.000000Z", 0, "quoted");
	check_host_note(rec, "DC01", "day and month order guessed: month "
	    "first");
	rec = run_line(&r, "2, DC02 ,plain,2/29/2016 11:59:59 PM,x");
	check_time(rec, "2016-02-29T23:59:59.000000Z", 0, "unquoted");
	/* The 29th showed the order: no more guessing. */
	check_host_note(rec, "DC02", NULL);
	/* A doubled quote in the host: not pointed at. */
	rec = run_line(&r, "3,\"D\"\"C\",m,1/1/2016 12:00:00 AM,x");
	check_time(rec, "2016-01-01T00:00:00.000000Z", 0, "dq host");
	check_host_note(rec, NULL, NULL);
	/* A quoted field going on over lines: they take the row's time. */
	rec = run_line(&r, "4,DC03,\"first line, then");
	check_time(rec, "-", 0, "open row before its time");
	rec = run_line(&r, "second \"\"line\"\"");
	check_time(rec, "-", 0, "cont without time");
	check_host_note(rec, "DC03", NULL);
	/* The time column comes whole in the last line: read there. */
	rec = run_line(&r, "end\",1/2/2016 1:00:00 PM,x");
	check_time(rec, "2016-01-02T13:00:00.000000Z", 0, "cont end");
	check_host_note(rec, "DC03", NULL);
	rec = run_line(&r, "5,DC04,\"m\",1/3/2016 1:00:00 PM,\"open");
	check_time(rec, "2016-01-03T13:00:00.000000Z", 0, "row");
	rec = run_line(&r, "still, open");
	check_time(rec, "2016-01-03T13:00:00.000000Z", 0, "cont");
	check_host_note(rec, "DC04", "time of the CSV row this line continues");
	rec = run_line(&r, "closed\"");
	check_host_note(rec, "DC04", "time of the CSV row this line continues");
	rec = run_line(&r, "6,DC05,m,1/4/2016 1:00:00 PM,x");
	check_time(rec, "2016-01-04T13:00:00.000000Z", 0, "after cont");
	check_host_note(rec, "DC05", NULL);
	run_end(&r);
}

static void
test_csv_columns(void **state)
{
	struct run r;
	const struct record *rec;

	(void)state;
	run_start(&r, &format_csv);
	rec = run_line(&r, "Computer;UtcTime;Image");
	check_time(rec, "-", 0, "header");
	rec = run_line(&r, "ws01;2015-03-12 08:14:07.123;C:\\m.exe");
	check_time(rec, "2015-03-12T08:14:07.123000Z", 1, "semicolon");
	check_host_note(rec, "ws01", "UTC by Sysmon UtcTime field");
	rec = run_line(&r, "ws01;\"2015-03-12 08:14:08\";x;\"multi");
	check_time(rec, "2015-03-12T08:14:08.000000Z", 1, "row");
	rec = run_line(&r, "line\"");
	check_host_note(rec, "ws01", "time of the CSV row this line "
	    "continues, UTC by Sysmon UtcTime field");
	/* A new header (concatenated exports) maps the columns anew. */
	rec = run_line(&r, "Level,Date and Time,Source,Event ID,Task Category");
	check_time(rec, "-", 0, "new header");
	rec = run_line(&r, "Information,7/4/2015 1:05:09 PM,SCM,7045,None,"
	    "\"A service was installed\"");
	check_time(rec, "2015-07-04T13:05:09.000000Z", 0, "event viewer");
	check_host_note(rec, NULL, "day and month order guessed: month "
	    "first");
	/* A row whose time is empty is neither a header nor timed. */
	rec = run_line(&r, "Information,,SCM,7045,None,x");
	check_time(rec, "-", 0, "empty time");
	rec = run_line(&r, "date\ttime\tc-ip\thost");
	check_time(rec, "-", 0, "tab header");
	rec = run_line(&r, "2016-03-14\t13:14:16\t10.0.0.1\tweb01");
	check_time(rec, "2016-03-14T13:14:16.000000Z", 0, "date + time");
	check_host_note(rec, "web01", NULL);
	rec = run_line(&r, "2016-03-14 13:14:17\tx\t10.0.0.1\tweb01");
	check_time(rec, "2016-03-14T13:14:17.000000Z", 0, "time column");
	run_end(&r);
	/* Without its state (no open), the format sniffs like text. */
	memset(&r, 0, sizeof(r));
	r.fmt = &format_csv;
	check_time(run_line(&r, "2016-01-01 00:00:00,x"),
	    "2016-01-01T00:00:00.000000Z", 0, "no priv");
	run_end(&r);
}

static void
test_csv_bid(void **state)
{
	static const char *const ps[] = {
		"#TYPE System.Diagnostics.Eventing.Reader.EventLogRecord",
		"\"Id\",\"MachineName\",\"TimeCreated\",\"Message\"",
		"\"4624\",\"DC01\",\"3/12/2015 8:14:07 AM\",\"a, b\"",
		"\"4688\",\"DC01\",\"3/12/2015 8:14:08 AM\",\"multi",
		"line, with commas\"",
		"",
		"\"4689\",\"DC01\",\"3/12/2015 8:14:09 AM\",\"x\"",
	};
	static const char *const ev[] = {
		"Level,Date and Time,Source,Event ID,Task Category",
		"Information,7/4/2015 1:05:09 PM,SCM,7045,None,\"text\"",
		"Information,7/4/2015 1:05:10 PM,SCM,7036,None,\"text\"",
	};
	static const char *const ragged[] = {
		"time,a,b", "2016-01-01 00:00:00,1,2", "2016-01-01 00:00:00,1",
	};
	static const char *const no_time[] = { "a,b,c", "1,2,3" };
	static const char *const one_sep[] = { "time,msg", "1,2" };
	static const char *const hdr_only[] = { "timestamp;host;msg" };

	(void)state;
	assert_int_equal(bid_of(&format_csv, ps, NELEM(ps)), 90);
	assert_int_equal(bid_of(&format_csv, ev, NELEM(ev)), 90);
	assert_int_equal(bid_of(&format_csv, ragged, NELEM(ragged)), 0);
	assert_int_equal(bid_of(&format_csv, no_time, NELEM(no_time)), 0);
	assert_int_equal(bid_of(&format_csv, one_sep, NELEM(one_sep)), 0);
	assert_int_equal(bid_of(&format_csv, hdr_only, NELEM(hdr_only)), 40);
	assert_int_equal(bid_of(&format_jsonl, ps, NELEM(ps)), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sniff_shapes),
		cmocka_unit_test(test_sniff_near_miss),
		cmocka_unit_test(test_sniff_numdate),
		cmocka_unit_test(test_sniff_preference),
		cmocka_unit_test(test_sniff_yearless),
		cmocka_unit_test(test_bounded),
		cmocka_unit_test(test_jsonl_keys),
		cmocka_unit_test(test_jsonl_journald),
		cmocka_unit_test(test_jsonl_nested_escaped),
		cmocka_unit_test(test_jsonl_bid),
		cmocka_unit_test(test_csv_quoting),
		cmocka_unit_test(test_csv_columns),
		cmocka_unit_test(test_csv_bid),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
