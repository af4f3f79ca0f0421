/* SPDX-License-Identifier: MIT */
/*
 * test_fmt_remote.c - the remote-access tool formats: TeamViewer logs and
 * Connections files, AnyDesk traces, connection_trace.txt and
 * file_transfer_trace.txt: bids, times, zones and time notes.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "formats/format.h"

#define TV_OFFSET	"offset from TeamViewer Start header"
#define TV_YEAR		"year from TeamViewer Start header"
#define TV_BOTH		"year and offset from TeamViewer Start header"
#define TV_YY		"two-digit year read as 20yy"
#define TV_CONN		"UTC by TeamViewer Connections log convention"
#define TV_BEFORE	"time from the TeamViewer line before"
#define AD_TRACE	"UTC by AnyDesk trace convention"
#define AD_CONN		"UTC by AnyDesk connection_trace convention"
#define AD_XFER		"UTC by AnyDesk file_transfer_trace convention"

/* One stream read by one format, as the scanner reads it. */
struct rd {
	const struct format	*fmt;
	struct fmt_stream	 fs;
	struct record		 r;
	char			*buf;	/* the line, not NUL-terminated */
};

static void
rd_open(struct rd *rd, const struct format *fmt)
{
	memset(rd, 0, sizeof(*rd));
	rd->fmt = fmt;
	ts_year_init(&rd->fs.year);
	rd->fs.priv = fmt->open != NULL ? fmt->open() : NULL;
}

static void
rd_close(struct rd *rd)
{
	if (rd->fmt->close != NULL)
		rd->fmt->close(rd->fs.priv);
	free(rd->buf);
	rd->buf = NULL;
}

/*
 * Parse the first len bytes of s as the next line.  The bytes are copied
 * to a buffer of exactly len bytes, so that reading past the line trips
 * AddressSanitizer.
 */
static const struct record *
rd_line_n(struct rd *rd, const char *s, size_t len)
{
	free(rd->buf);
	rd->buf = malloc(len > 0 ? len : 1);
	assert_non_null(rd->buf);
	memcpy(rd->buf, s, len);
	memset(&rd->r, 0, sizeof(rd->r));
	rd->r.text = rd->buf;
	rd->r.len = len;
	rd->fmt->parse(&rd->fs, &rd->r);
	return &rd->r;
}

static const struct record *
rd_line(struct rd *rd, const char *s)
{
	return rd_line_n(rd, s, strlen(s));
}

/* Check a record's UTC time (RFC 3339), zone and note. */
static void
check_full(const struct record *r, const char *utc, int has_offset,
    int32_t offset_s, const char *note)
{
	char buf[TS_RFC3339_LEN];

	assert_int_equal(r->time, REC_TIME_FULL);
	assert_int_equal(r->civil.has_year, 1);
	assert_true(ts_civil_valid(&r->civil));
	assert_int_equal(r->civil.has_offset, has_offset);
	if (has_offset)
		assert_int_equal(r->civil.offset_s, offset_s);
	ts_format_rfc3339(ts_civil_to_us(&r->civil, 0), buf);
	assert_string_equal(buf, utc);
	if (note == NULL)
		assert_null(r->time_note);
	else {
		assert_non_null(r->time_note);
		assert_string_equal(r->time_note, note);
	}
	assert_null(r->host);
}

/* Lines for bidding, from string literals. */
static size_t
mklines(struct line *ln, const char *const *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		memset(&ln[i], 0, sizeof(ln[i]));
		ln[i].p = s[i];
		ln[i].len = strlen(s[i]);
		ln[i].no = i + 1;
	}
	return n;
}

#define NLINES(a)	(sizeof(a) / sizeof((a)[0]))

static const char *const tv_log[] = {
	"Start:              2015/03/28 23:10:00.125 (UTC+2:00)",
	"Version:            10.0.43879 ",
	"ID:                 412345678",
	"Loglevel:           Info",
	"License:            0",
	"IC:                 -1234567890",
	"OS:                 Win_6.1.7601_W (64-bit)",
	"IP:                 10.2.3.4",
	"AppPath:            C:\\Program Files (x86)\\TeamViewer\\"
	    "TeamViewer_Service.exe",
	"UserAccount:        SYSTEM",
	"",
	"2015/03/28 23:10:01.437  1724       1760 S0   "
	    "CServiceProcess::Run: ServiceMain started",
	"2015/03/28 23:12:09.002  1724       2208 S0!  "
	    "UDPv4: punch received a=203.0.113.45:50712: (*)",
	"2015/03/28 23:12:09.310  3952       4012 D3   "
	    "SessionManagerDesktop::IncomingConnection: Connection incoming, "
	    "sessionID = -2102926010",
	"2015/03/28 23:12:11.871  3952       4012 G1!! "
	    "LoginIncoming: Login failed",
};

static const char *const tv_conn[] = {
	"412345678\tHELPDESK-07\t28-03-2015 21:12:09\t28-03-2015 21:40:55\t"
	    "SYSTEM\tRemoteControl\t{5D0A6E11-7C1B-4F5E-9A7E-2B7C61D5E0A1}",
	"523456789\tJohn Smith\t01-04-2015 07:00:41\t01-04-2015 07:03:02\t"
	    "admin\tRemoteControl\t{0B9D4C2E-91F3-4D47-8E6A-3C2F5A7B9D10}",
};

static const char *const ad_trace[] = {
	"* * * * * * * * * * * * * * * * * * * * * * * * * * * * * * * * * *",
	"   info 2016-02-11 03:14:07.112       gsvc   4416   3188   11"
	    "                anynet.relay_conn - Logged in from "
	    "198.51.100.23:50104 on relay 2d6e1f0a.",
	"   info 2016-02-11 03:14:09.874    service   main   1214   1214   28"
	    "                anynet.any_socket - Accept request from 123456789 "
	    "(via relay).",
	"   auth 2016-02-11 03:14:12.043    service   main   1214   1214   75"
	    "                      app.session - 3: Authenticated by local "
	    "user.",
};

static const char *const ad_conn[] = {
	"Incoming    2016-04-02, 09:00    User    123456789    987654321",
	"Incoming    2016-04-02, 10:15    Passwd    123456789    987654321",
	"Outgoing    2016-04-03, 11:00    User    987654321    123456789",
};

static const char *const ad_xfer[] = {
	"Clipboard\t\t2016-04-02, 09:07\tstart \tdownload\t'svchost.exe' "
	    "(~0 B out of 1.21 MiB)",
	"Clipboard\t\t2016-04-02, 09:08\tfinish\tdownload\t'svchost.exe' "
	    "(1.21 MiB out of 1.21 MiB)",
};

static const char *const syslog_lines[] = {
	"Mar 27 13:08:09 ubuntu-1 sshd[1361]: Accepted publickey for test_user "
	    "from 8.8.8.8 port 12345 ssh2",
	"Mar 27 13:10:08 ubuntu-1 sudo:   ubuntu : TTY=pts/0 ; "
	    "PWD=/home/test ; USER=root ; COMMAND=/usr/bin/id",
	"Mar 27 13:17:01 ubuntu-1 CRON[2623]: pam_unix(cron:session): session "
	    "opened for user root by (uid=0)",
};

static const char *const plain_lines[] = {
	"Meeting notes",
	"",
	"Start: the migration on Monday, then the TeamViewer roll-out.",
	"ID: 42 was assigned to the help desk; Incoming calls go to Alice.",
	"2016-04-02 10:00 the server was rebooted",
	"Released 2016-04-02, 10:00 to every host.",
	"2016/04/02 10:00:00.000 backup done",
};

static void
test_bids(void **state)
{
	struct line ln[16];
	size_t n;

	(void)state;
	n = mklines(ln, tv_log, NLINES(tv_log));
	assert_true(format_teamviewer.bid(ln, n) >= 91);
	assert_int_equal(format_anydesk.bid(ln, n), 0);
	assert_int_equal(format_syslog.bid(ln, n), 0);
	/* The header block alone is enough. */
	assert_true(format_teamviewer.bid(ln, 10) >= 91);
	n = mklines(ln, tv_conn, NLINES(tv_conn));
	assert_true(format_teamviewer.bid(ln, n) >= 91);
	assert_int_equal(format_anydesk.bid(ln, n), 0);
	n = mklines(ln, ad_trace, NLINES(ad_trace));
	assert_true(format_anydesk.bid(ln, n) >= 91);
	assert_int_equal(format_teamviewer.bid(ln, n), 0);
	n = mklines(ln, ad_conn, NLINES(ad_conn));
	assert_true(format_anydesk.bid(ln, n) >= 91);
	assert_int_equal(format_teamviewer.bid(ln, n), 0);
	n = mklines(ln, ad_xfer, NLINES(ad_xfer));
	assert_true(format_anydesk.bid(ln, n) >= 91);
	assert_int_equal(format_teamviewer.bid(ln, n), 0);
	n = mklines(ln, syslog_lines, NLINES(syslog_lines));
	assert_int_equal(format_teamviewer.bid(ln, n), 0);
	assert_int_equal(format_anydesk.bid(ln, n), 0);
	n = mklines(ln, plain_lines, NLINES(plain_lines));
	assert_int_equal(format_teamviewer.bid(ln, n), 0);
	assert_int_equal(format_anydesk.bid(ln, n), 0);
	assert_int_equal(format_teamviewer.bid(ln, 0), 0);
	assert_int_equal(format_anydesk.bid(ln, 0), 0);
}

/* A restart after the change to summer time: +1:00, then +2:00. */
static void
test_tv_offset_change(void **state)
{
	struct rd rd;

	(void)state;
	rd_open(&rd, &format_teamviewer);
	check_full(rd_line(&rd, "Start:              2015/03/29 01:55:00.000 "
	    "(UTC+1:00)"), "2015-03-29T00:55:00.000000Z", 1, 3600, NULL);
	check_full(rd_line(&rd, "2015/03/29 01:59:58.750  1724       1760 S0"
	    "   CTcpConnectionBase[12]::HandleKeepAlive: sent"),
	    "2015-03-29T00:59:58.750000Z", 1, 3600, TV_OFFSET);
	check_full(rd_line(&rd, "Start:              2015/03/29 03:01:02.500 "
	    "(UTC+2:00)"), "2015-03-29T01:01:02.500000Z", 1, 7200, NULL);
	check_full(rd_line(&rd, "2015/03/29 03:01:05.101  2044       2050 D3"
	    "   SessionManagerDesktop::IncomingConnection: Connection "
	    "incoming, sessionID = -1"),
	    "2015-03-29T01:01:05.101000Z", 1, 7200, TV_OFFSET);
	/* The offset is the header's, true at its time: the clock may take
	   the host's zone instead (without this note) where they agree. */
	assert_true(rd.r.offset_hint);
	assert_int_equal(rd.r.hint_utc_s, ts_days_from_civil(2015, 3, 29) *
	    86400 + 3600 + 62);
	assert_null(rd.r.time_note_zoned);
	/* A continuation line keeps the hint with the time before. */
	rd_line(&rd, "    more of the message");
	assert_true(rd.r.offset_hint);
	assert_string_equal(rd.r.time_note_zoned, TV_BEFORE);
	/* The Start line's own offset is written on it: no hint. */
	rd_line(&rd, "Start: 2015/10/25 02:30:00 (UTC+1:00)");
	assert_false(rd.r.offset_hint);
	/* And back: the autumn restart, with a negative zone after it. */
	check_full(rd_line(&rd, "Start: 2015/10/25 02:30:00 (UTC+1:00)"),
	    "2015-10-25T01:30:00.000000Z", 1, 3600, NULL);
	check_full(rd_line(&rd, "2015/10/25 02:45:00.000  1  2 G3   x"),
	    "2015-10-25T01:45:00.000000Z", 1, 3600, TV_OFFSET);
	check_full(rd_line(&rd, "Start: 2015/10/25 02:30:00 (UTC-8:00)"),
	    "2015-10-25T10:30:00.000000Z", 1, -28800, NULL);
	check_full(rd_line(&rd, "Start: 2015/10/25 02:30:00 (UTC+5:30)"),
	    "2015-10-24T21:00:00.000000Z", 1, 19800, NULL);
	check_full(rd_line(&rd, "2015/10/25 02:31:00.000  1  2 G3   x"),
	    "2015-10-24T21:01:00.000000Z", 1, 19800, TV_OFFSET);
	rd_close(&rd);
}

/* "(UTC)", no zone at all, and a zoned header after a zone-less one. */
static void
test_tv_header_zones(void **state)
{
	struct rd rd;

	(void)state;
	rd_open(&rd, &format_teamviewer);
	check_full(rd_line(&rd, "Start: 2015/01/01 12:28:41.436 (UTC)"),
	    "2015-01-01T12:28:41.436000Z", 1, 0, NULL);
	check_full(rd_line(&rd, "2015/01/01 12:28:42.000  10  11 S0  a"),
	    "2015-01-01T12:28:42.000000Z", 1, 0, TV_OFFSET);
	check_full(rd_line(&rd, "Start:          2015/11/11 12:34:56"),
	    "2015-11-11T12:34:56.000000Z", 0, 0, NULL);
	/* Without a zone the line is local time; the scanner applies --tz. */
	check_full(rd_line(&rd, "2015/11/11 12:35:00.000  10  11 S0  a"),
	    "2015-11-11T12:35:00.000000Z", 0, 0, NULL);
	check_full(rd_line(&rd, "2015/11/11 12:36:11:111 colon milliseconds"),
	    "2015-11-11T12:36:11.111000Z", 0, 0, NULL);
	/* A bad zone is no zone. */
	check_full(rd_line(&rd, "Start: 2015/11/12 08:00:00 (UTC+25:00)"),
	    "2015-11-12T08:00:00.000000Z", 0, 0, NULL);
	check_full(rd_line(&rd, "Start: 2015/11/12 08:00:00 (UTC+2"),
	    "2015-11-12T08:00:00.000000Z", 0, 0, NULL);
	rd_close(&rd);
}

/* MM/DD and YY/MM/DD lines take the header's year, across New Year. */
static void
test_tv_header_year(void **state)
{
	struct rd rd;

	(void)state;
	rd_open(&rd, &format_teamviewer);
	check_full(rd_line(&rd, "Start:              2014/12/31 23:58:00.000 "
	    "(UTC+1:00)"), "2014-12-31T22:58:00.000000Z", 1, 3600, NULL);
	check_full(rd_line(&rd, "12/31 23:59:59.500  1724  1760 S0   a"),
	    "2014-12-31T22:59:59.500000Z", 1, 3600, TV_BOTH);
	check_full(rd_line(&rd, "01/01 00:00:01.000  1724  1760 S0   b"),
	    "2014-12-31T23:00:01.000000Z", 1, 3600, TV_BOTH);
	check_full(rd_line(&rd, "01/01 01:00:01.000  1724  1760 S0   c"),
	    "2015-01-01T00:00:01.000000Z", 1, 3600, TV_BOTH);
	/* A late line of the old year stays in it. */
	check_full(rd_line(&rd, "12/31 23:59:59.900  1724  1760 S0   d"),
	    "2014-12-31T22:59:59.900000Z", 1, 3600, TV_BOTH);
	check_full(rd_line(&rd, "15/01/01 01:00:02.000  1724  1760 S0   e"),
	    "2015-01-01T00:00:02.000000Z", 1, 3600, TV_BOTH);
	check_full(rd_line(&rd, "14/12/31 23:00:00.000  1724  1760 S0   f"),
	    "2014-12-31T22:00:00.000000Z", 1, 3600, TV_BOTH);
	/* A zone-less header gives the year alone. */
	check_full(rd_line(&rd, "Start: 2015/12/31 22:00:00"),
	    "2015-12-31T22:00:00.000000Z", 0, 0, NULL);
	check_full(rd_line(&rd, "12/31 23:00:00.000  1  2 S0   g"),
	    "2015-12-31T23:00:00.000000Z", 0, 0, TV_YEAR);
	check_full(rd_line(&rd, "01/02 09:00:00.000  1  2 S0   h"),
	    "2016-01-02T09:00:00.000000Z", 0, 0, TV_YEAR);
	check_full(rd_line(&rd, "16/01/02 09:00:01.000  1  2 S0   i"),
	    "2016-01-02T09:00:01.000000Z", 0, 0, TV_YEAR);
	/* Feb 29 of a year that has none is no time (and inherits). */
	rd_line(&rd, "Start: 2015/02/27 10:00:00");
	check_full(rd_line(&rd, "02/29 10:00:00.000  1  2 S0   j"),
	    "2015-02-27T10:00:00.000000Z", 0, 0, TV_BEFORE);
	rd_close(&rd);
}

/* Without any header: the scanner infers the year. */
static void
test_tv_no_header(void **state)
{
	struct rd rd;
	const struct record *r;

	(void)state;
	rd_open(&rd, &format_teamviewer);
	r = rd_line(&rd, "Not a TeamViewer line");
	assert_int_equal(r->time, REC_TIME_NONE);
	assert_null(r->time_note);
	r = rd_line(&rd, "11/30 11:35:27.433  5716       5840 D3   a");
	assert_int_equal(r->time, REC_TIME_YEARLESS);
	assert_int_equal(r->civil.has_year, 0);
	assert_int_equal(r->civil.has_offset, 0);
	assert_int_equal(r->civil.mon, 11);
	assert_int_equal(r->civil.day, 30);
	assert_int_equal(r->civil.hour, 11);
	assert_int_equal(r->civil.usec, 433000);
	assert_int_equal(r->year_seg, 0);
	assert_null(r->time_note);
	r = rd_line(&rd, "01/02 08:00:00:250  5716       5840 D3   b");
	assert_int_equal(r->time, REC_TIME_YEARLESS);
	assert_int_equal(r->year_seg, 1);
	assert_int_equal(r->civil.usec, 250000);
	/* An unstamped line takes the time of the line before. */
	r = rd_line(&rd, "   continued message");
	assert_int_equal(r->time, REC_TIME_YEARLESS);
	assert_int_equal(r->year_seg, 1);
	assert_string_equal(r->time_note, TV_BEFORE);
	check_full(rd_line(&rd, "16/05/04 11:35:27.433  5716  5840 D3   c"),
	    "2016-05-04T11:35:27.433000Z", 0, 0, TV_YY);
	check_full(rd_line(&rd, "2016/05/04 11:35:28.000  5716  5840 D3   d"),
	    "2016-05-04T11:35:28.000000Z", 0, 0, NULL);
	rd_close(&rd);
	/* Without per-stream state, nothing is carried over. */
	memset(&rd, 0, sizeof(rd));
	rd.fmt = &format_teamviewer;
	ts_year_init(&rd.fs.year);
	check_full(rd_line(&rd, "Start: 2015/01/01 00:00:00 (UTC+1:00)"),
	    "2014-12-31T23:00:00.000000Z", 1, 3600, NULL);
	r = rd_line(&rd, "01/02 08:00:00.000  1  2 S0   e");
	assert_int_equal(r->time, REC_TIME_YEARLESS);
	assert_null(r->time_note);
	assert_int_equal(rd_line(&rd, "ID: 1")->time, REC_TIME_NONE);
	free(rd.buf);
}

/* Header block lines and continuation lines take the time before. */
static void
test_tv_inherit(void **state)
{
	struct rd rd;

	(void)state;
	rd_open(&rd, &format_teamviewer);
	for (size_t i = 0; i < NLINES(tv_log); i++) {
		const struct record *r = rd_line(&rd, tv_log[i]);

		if (i == 0)
			check_full(r, "2015-03-28T21:10:00.125000Z", 1, 7200,
			    NULL);
		else if (i < 11)
			check_full(r, "2015-03-28T21:10:00.125000Z", 1, 7200,
			    TV_BEFORE);
	}
	check_full(&rd.r, "2015-03-28T21:12:11.871000Z", 1, 7200, TV_OFFSET);
	/* Only a Connections row has a Connections date. */
	check_full(rd_line(&rd, "    retry at 28-03-2015 21:12:09"),
	    "2015-03-28T21:12:11.871000Z", 1, 7200, TV_BEFORE);
	rd_close(&rd);
}

static void
test_tv_connections(void **state)
{
	struct rd rd;
	const struct record *r;

	(void)state;
	rd_open(&rd, &format_teamviewer);
	check_full(rd_line(&rd, tv_conn[0]), "2015-03-28T21:12:09.000000Z", 1,
	    0, TV_CONN);
	check_full(rd_line(&rd, tv_conn[1]), "2015-04-01T07:00:41.000000Z", 1,
	    0, TV_CONN);
	/* Connections.txt: no display name. */
	check_full(rd_line(&rd, "412345678\t02-04-2015 10:00:00\t02-04-2015 "
	    "10:20:00\tadmin\tRemoteControl\t{5D0A6E11-7C1B-4F5E-9A7E-"
	    "2B7C61D5E0A1}"), "2015-04-02T10:00:00.000000Z", 1, 0, TV_CONN);
	r = rd_line(&rd, "412345678\tX\t31-02-2015 10:00:00\t");
	assert_string_equal(r->time_note, TV_BEFORE);
	rd_close(&rd);
}

/* Cut lines: a stamp that runs past the line's length is no stamp. */
static void
test_tv_bounds(void **state)
{
	static const char *const cut[] = {
		"Start: 2015/03/28 23:10:00.125 (UTC+2:00)",
		"2015/03/28 23:10:01.437  1724       1760 S0   x",
		"03/28 23:10:01.437  1724       1760 S0   x",
		"15/03/28 23:10:01.437  1724       1760 S0   x",
		"412345678\tH\t28-03-2015 21:12:09\t28-03-2015 21:40:55",
	};
	struct line ln;
	struct rd rd;

	(void)state;
	for (size_t i = 0; i < NLINES(cut); i++) {
		size_t len = strlen(cut[i]);

		for (size_t n = 0; n <= len; n++) {
			rd_open(&rd, &format_teamviewer);
			rd_line_n(&rd, cut[i], n);
			ln.p = rd.buf;
			ln.len = n;
			(void)format_teamviewer.bid(&ln, 1);
			(void)format_anydesk.bid(&ln, 1);
			rd_close(&rd);
		}
	}
	rd_open(&rd, &format_teamviewer);
	assert_int_equal(rd_line_n(&rd, cut[1], 18)->time, REC_TIME_NONE);
	check_full(rd_line_n(&rd, cut[1], 19), "2015-03-28T23:10:01.000000Z", 0,
	    0, NULL);
	check_full(rd_line_n(&rd, cut[0], 38), "2015-03-28T23:10:00.125000Z", 0,
	    0, NULL);
	rd_close(&rd);
}

static void
test_ad_trace(void **state)
{
	struct rd rd;
	const struct record *r;

	(void)state;
	rd_open(&rd, &format_anydesk);
	r = rd_line(&rd, ad_trace[0]);
	assert_int_equal(r->time, REC_TIME_NONE);
	check_full(rd_line(&rd, ad_trace[1]), "2016-02-11T03:14:07.112000Z", 1,
	    0, AD_TRACE);
	check_full(rd_line(&rd, ad_trace[2]), "2016-02-11T03:14:09.874000Z", 1,
	    0, AD_TRACE);
	check_full(rd_line(&rd, ad_trace[3]), "2016-02-11T03:14:12.043000Z", 1,
	    0, AD_TRACE);
	check_full(rd_line(&rd, "   info 2016-02-11 03:53:51.221    backend   "
	    "wrk0   6086   6096                   app.backend_session - "
	    "Incoming session request: helpdesk (123456789)"),
	    "2016-02-11T03:53:51.221000Z", 1, 0, AD_TRACE);
	check_full(rd_line(&rd, "warning 2016-02-11 03:54:22.933      tray   "
	    "filetransfer   5498   6148                 app.prepare_task - "
	    "Preparing files in 'C:\\Users\\admin\\Documents'."),
	    "2016-02-11T03:54:22.933000Z", 1, 0, AD_TRACE);
	/* A continuation line with no time of its own. */
	assert_int_equal(rd_line(&rd, "        at 0x00401000")->time,
	    REC_TIME_NONE);
	rd_close(&rd);
}

static void
test_ad_connection_trace(void **state)
{
	struct rd rd;

	(void)state;
	rd_open(&rd, &format_anydesk);
	check_full(rd_line(&rd, ad_conn[0]), "2016-04-02T09:00:00.000000Z", 1,
	    0, AD_CONN);
	check_full(rd_line(&rd, ad_conn[1]), "2016-04-02T10:15:00.000000Z", 1,
	    0, AD_CONN);
	check_full(rd_line(&rd, ad_conn[2]), "2016-04-03T11:00:00.000000Z", 1,
	    0, AD_CONN);
	check_full(rd_line(&rd, "Incoming\t2016-04-05, 23:59\tREJECTED\t1\t2"),
	    "2016-04-05T23:59:00.000000Z", 1, 0, AD_CONN);
	assert_int_equal(rd_line(&rd, "Incoming    2015-02-29, 09:00    User")
	    ->time, REC_TIME_NONE);
	assert_int_equal(rd_line(&rd, "Incoming    2016-04-02, 09:000")->time,
	    REC_TIME_NONE);
	rd_close(&rd);
}

static void
test_ad_file_transfer(void **state)
{
	struct rd rd;
	static const char *const cut[] = {
		"Clipboard\t\t2016-04-02, 09:07\tstart",
		"   info 2016-02-11 03:14:07.112       gsvc   4416   3188   11",
	};

	(void)state;
	rd_open(&rd, &format_anydesk);
	check_full(rd_line(&rd, ad_xfer[0]), "2016-04-02T09:07:00.000000Z", 1,
	    0, AD_XFER);
	check_full(rd_line(&rd, ad_xfer[1]), "2016-04-02T09:08:00.000000Z", 1,
	    0, AD_XFER);
	check_full(rd_line(&rd, "FileManager  2016-04-02, 09:30  start  upload"
	    "  'C:\\Temp\\r.exe'"), "2016-04-02T09:30:00.000000Z", 1, 0,
	    AD_XFER);
	for (size_t i = 0; i < NLINES(cut); i++) {
		for (size_t n = 0; n <= strlen(cut[i]); n++) {
			struct line ln;

			rd_line_n(&rd, cut[i], n);
			ln.p = rd.buf;
			ln.len = n;
			(void)format_anydesk.bid(&ln, 1);
			(void)format_teamviewer.bid(&ln, 1);
		}
	}
	assert_int_equal(rd_line_n(&rd, cut[0], 28)->time, REC_TIME_FULL);
	assert_int_equal(rd_line_n(&rd, cut[0], 27)->time, REC_TIME_NONE);
	rd_close(&rd);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_bids),
		cmocka_unit_test(test_tv_offset_change),
		cmocka_unit_test(test_tv_header_zones),
		cmocka_unit_test(test_tv_header_year),
		cmocka_unit_test(test_tv_no_header),
		cmocka_unit_test(test_tv_inherit),
		cmocka_unit_test(test_tv_connections),
		cmocka_unit_test(test_tv_bounds),
		cmocka_unit_test(test_ad_trace),
		cmocka_unit_test(test_ad_connection_trace),
		cmocka_unit_test(test_ad_file_transfer),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
