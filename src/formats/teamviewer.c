/* SPDX-License-Identifier: MIT */
/*
 * teamviewer.c - TeamViewer logs: TeamViewer<N>_Logfile.log, whose lines
 * are in local time with the zone (and, for old versions, the year) given
 * by the latest "Start:" header, and Connections_incoming.txt /
 * Connections.txt, whose rows are UTC.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "format.h"
#include "hopscan.h"

#define NOTE_OFFSET	"offset from TeamViewer Start header"
#define NOTE_YEAR	"year from TeamViewer Start header"
#define NOTE_BOTH	"year and offset from TeamViewer Start header"
#define NOTE_YY		"two-digit year read as 20yy"
#define NOTE_CONN	"UTC by TeamViewer Connections log convention"
#define NOTE_BEFORE	"time from the TeamViewer line before"

#define TV_MAX_OFFSET	(18 * 3600)
#define TV_CONN_SCAN	256	/* bytes of a row searched for its start */

/* The date shapes of a log line. */
enum tv_date {
	TV_YMD,		/* 2023/05/04 */
	TV_YY,		/* 23/05/04 */
	TV_MD		/* 05/04: no year */
};

/* What one TeamViewer stream said so far. */
struct tv_state {
	int		 year;		/* latest Start year, 0 = none */
	int		 zoned;		/* it gave a zone */
	int32_t		 offset_s;	/* and this is the zone */
	int64_t		 start_utc;	/* the Start time, UTC seconds */
	int		 cur_year;	/* year of the latest MM/DD line */
	int		 cur_mon;	/* its month */
	int		 has_last;	/* a line with a time was seen */
	struct record	 last;		/* its time fields */
};

/* The kinds of lines, for bidding. */
enum tv_kind {
	TVK_NONE,
	TVK_KEY,	/* "Version:", "ID:" ... of the header block */
	TVK_STAMP,	/* a stamp without the PID/TID columns */
	TVK_START,	/* "Start: 2024/12/31 01:02:03.123 (UTC+2:00)" */
	TVK_LOG,	/* stamp, PID, TID, component code */
	TVK_CONN	/* a Connections*.txt row */
};

/* The end of the run of spaces and tabs at s[p..len). */
static size_t
skip_blank(const char *s, size_t len, size_t p)
{
	while (p < len && (s[p] == ' ' || s[p] == '\t'))
		p++;
	return p;
}

/* The end of the run of digits at s[p..len). */
static size_t
skip_digits(const char *s, size_t len, size_t p)
{
	while (p < len && isdigit((unsigned char)s[p]))
		p++;
	return p;
}

/*
 * Parse "HH:MM:SS" and an optional ".mmm" or ":mmm" at s[p..len) into c;
 * returns the end (not followed by a digit) or 0.
 */
static size_t
tv_clock(const char *s, size_t len, size_t p, struct ts_civil *c)
{
	int32_t us = 0;
	int n = 0;

	if (!ts_num(s, len, &p, 2, &c->hour) || p >= len || s[p++] != ':' ||
	    !ts_num(s, len, &p, 2, &c->min) || p >= len || s[p++] != ':' ||
	    !ts_num(s, len, &p, 2, &c->sec))
		return 0;
	if (p + 1 < len && (s[p] == '.' || s[p] == ':') &&
	    isdigit((unsigned char)s[p + 1])) {
		for (p++; p < len && isdigit((unsigned char)s[p]); p++)
			if (n++ < 6)
				us = us * 10 + (s[p] - '0');
		for (; n < 6; n++)
			us *= 10;
	}
	if ((p < len && isdigit((unsigned char)s[p])) || c->hour > 23 ||
	    c->min > 59 || c->sec > 60)
		return 0;
	if (c->sec == 60)
		c->sec = 59;
	c->usec = us;
	return p;
}

/*
 * Parse a log line stamp at the start of s: "YYYY/MM/DD", "YY/MM/DD" or
 * "MM/DD", one space, then the clock.  Fills a zeroed *c (year as written,
 * has_year for YYYY only) and *k; returns the bytes consumed or 0.
 */
static size_t
tv_stamp(const char *s, size_t len, struct ts_civil *c, enum tv_date *k)
{
	size_t p = 0;
	int a, b, d;

	memset(c, 0, sizeof(*c));
	if (ts_num(s, len, &p, 4, &c->year)) {
		*k = TV_YMD;
		c->has_year = 1;
		if (p >= len || s[p++] != '/' || !ts_num(s, len, &p, 2, &c->mon) ||
		    p >= len || s[p++] != '/' || !ts_num(s, len, &p, 2, &c->day))
			return 0;
	} else if (ts_num(s, len, &p, 2, &a) && p < len && s[p++] == '/' &&
	    ts_num(s, len, &p, 2, &b)) {
		if (p < len && s[p] == '/') {
			p++;
			if (!ts_num(s, len, &p, 2, &d))
				return 0;
			*k = TV_YY;
			c->year = a;
			c->mon = b;
			c->day = d;
		} else {
			*k = TV_MD;
			c->mon = a;
			c->day = b;
		}
	} else
		return 0;
	if (c->mon < 1 || c->mon > 12 || c->day < 1 || c->day > 31 ||
	    p >= len || s[p++] != ' ')
		return 0;
	return tv_clock(s, len, p, c);
}

/* Parse "(UTC)" or "(UTC+2:00)" at s[p..len) into *off; 1 or 0. */
static int
tv_zone(const char *s, size_t len, size_t p, int32_t *off)
{
	size_t q;
	int h = 0, m = 0, neg;

	if (len - p < 5 || memcmp(s + p, "(UTC", 4) != 0)
		return 0;
	p += 4;
	if (s[p] == ')') {
		*off = 0;
		return 1;
	}
	if (s[p] != '+' && s[p] != '-')
		return 0;
	neg = s[p++] == '-';
	q = skip_digits(s, len, p);
	if (q == p || q - p > 2 || !ts_num(s, len, &p, (int)(q - p), &h))
		return 0;
	if (p < len && s[p] == ':') {
		p++;
		if (!ts_num(s, len, &p, 2, &m))
			return 0;
	}
	if (p >= len || s[p] != ')' || m > 59 ||
	    h * 3600 + m * 60 > TV_MAX_OFFSET)
		return 0;
	*off = (h * 3600 + m * 60) * (neg ? -1 : 1);
	return 1;
}

/*
 * Parse a "Start:" header line into c: its full date and time, and its
 * zone when one is given.  Returns 1 or 0.
 */
static int
tv_start(const char *s, size_t len, struct ts_civil *c)
{
	enum tv_date k;
	size_t p, n;

	if (len < 6 || memcmp(s, "Start:", 6) != 0)
		return 0;
	p = skip_blank(s, len, 6);
	if ((n = tv_stamp(s + p, len - p, c, &k)) == 0 || k != TV_YMD ||
	    !ts_civil_valid(c))
		return 0;
	p = skip_blank(s, len, p + n);
	if (p < len && tv_zone(s, len, p, &c->offset_s))
		c->has_offset = 1;
	return 1;
}

/* Parse "DD-MM-YYYY HH:MM:SS" at the start of s into a zeroed c; 1 or 0. */
static int
conn_stamp(const char *s, size_t len, struct ts_civil *c)
{
	size_t p = 0;

	memset(c, 0, sizeof(*c));
	if (!ts_num(s, len, &p, 2, &c->day) || p >= len || s[p++] != '-' ||
	    !ts_num(s, len, &p, 2, &c->mon) || p >= len || s[p++] != '-' ||
	    !ts_num(s, len, &p, 4, &c->year) || p >= len || s[p++] != ' ' ||
	    !ts_num(s, len, &p, 2, &c->hour) || p >= len || s[p++] != ':' ||
	    !ts_num(s, len, &p, 2, &c->min) || p >= len || s[p++] != ':' ||
	    !ts_num(s, len, &p, 2, &c->sec) ||
	    (p < len && isdigit((unsigned char)s[p])))
		return 0;
	c->has_year = 1;
	if (c->sec == 60)
		c->sec = 59;
	return ts_civil_valid(c);
}

/*
 * The start time of a Connections row: the first "DD-MM-YYYY HH:MM:SS"
 * after a tab or space in the first TV_CONN_SCAN bytes.  1 or 0.
 */
static int
conn_find(const char *s, size_t len, struct ts_civil *c)
{
	size_t lim = len < TV_CONN_SCAN ? len : TV_CONN_SCAN;

	for (size_t i = 1; i + 19 <= lim; i++)
		if ((s[i - 1] == '\t' || s[i - 1] == ' ') &&
		    isdigit((unsigned char)s[i]) &&
		    conn_stamp(s + i, len - i, c))
			return 1;
	return 0;
}

/*
 * 1 if s is a Connections row (a TeamViewer ID, a tab, then fields with
 * the start and end), with the start in c.
 */
static int
conn_row(const char *s, size_t len, struct ts_civil *c)
{
	size_t p = skip_digits(s, len, 0);

	return p >= 5 && p <= 12 && p < len && s[p] == '\t' &&
	    conn_find(s, len, c);
}

/* 1 if s starts with a key of the header block after "Start:". */
static int
tv_key(const char *s, size_t len)
{
	static const char *const keys[] = {
		"Version:", "Version short hash:", "ID:", "Loglevel:",
		"License:", "Server:", "IC:", "CPU:", "CPU extensions:", "OS:",
		"IP:", "MID:", "MIDv:", "Proxy-Settings:", "IE ", "AppPath:",
		"UserAccount:",
	};

	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
		size_t n = strlen(keys[i]);

		if (len > n && memcmp(s, keys[i], n) == 0 &&
		    (s[n] == ' ' || s[n] == '\t'))
			return 1;
	}
	return 0;
}

/*
 * 1 if s[p..len) holds the columns after a log line stamp: PID, TID and
 * a component code such as "D3", "G1!" or "S0!!".
 */
static int
tv_columns(const char *s, size_t len, size_t p)
{
	size_t q;

	for (int col = 0; col < 2; col++) {
		q = skip_blank(s, len, p);
		if (q == p || (p = skip_digits(s, len, q)) == q)
			return 0;
	}
	q = skip_blank(s, len, p);
	if (q == p)
		return 0;
	for (p = q; p < len && p - q < 3 && isalnum((unsigned char)s[p]); p++)
		continue;
	if (p == q)
		return 0;
	for (q = p; p < len && p - q < 2 && s[p] == '!'; p++)
		continue;
	return p == len || s[p] == ' ' || s[p] == '\t';
}

/* What kind of TeamViewer line s is. */
static enum tv_kind
tv_kind(const char *s, size_t len)
{
	struct ts_civil c;
	enum tv_date k;
	size_t n;

	if (tv_start(s, len, &c))
		return TVK_START;
	if ((n = tv_stamp(s, len, &c, &k)) > 0)
		return tv_columns(s, len, n) ? TVK_LOG : TVK_STAMP;
	if (conn_row(s, len, &c))
		return TVK_CONN;
	return tv_key(s, len) ? TVK_KEY : TVK_NONE;
}

/*
 * Logs bid 40..95 when at least one Start header or full log line is
 * seen, more as more lines are TeamViewer's; Connections files bid 60..95
 * when at least half their lines are rows.
 */
static int
teamviewer_bid(const struct line *lines, size_t n)
{
	size_t seen = 0, strong = 0, weak = 0, conn = 0;

	for (size_t i = 0; i < n; i++) {
		if (lines[i].len == 0)
			continue;
		seen++;
		switch (tv_kind(lines[i].p, lines[i].len)) {
		case TVK_START:
		case TVK_LOG:
			strong++;
			break;
		case TVK_KEY:
		case TVK_STAMP:
			weak++;
			break;
		case TVK_CONN:
			conn++;
			break;
		case TVK_NONE:
			break;
		}
	}
	if (conn > 0 && conn * 2 >= seen)
		return (int)(60 + 35 * conn / seen);
	if (strong == 0)
		return 0;
	return (int)(40 + 55 * (strong + weak) / seen);
}

/* A Start header: remember its year and zone for the lines after it. */
static void
tv_header(struct tv_state *st, const struct ts_civil *c)
{
	st->year = c->year;
	st->cur_year = c->year;
	st->cur_mon = c->mon;
	st->zoned = c->has_offset;
	st->offset_s = c->offset_s;
	st->start_utc = ts_days_from_civil(c->year, c->mon, c->day) * 86400 +
	    c->hour * 3600 + c->min * 60 + c->sec - c->offset_s;
}

/*
 * The year of an MM/DD line after a Start header: it moves on a year
 * where the month falls back by two or more (December to January); a
 * month eleven ahead is a late line of the year before.
 */
static int
tv_md_year(struct tv_state *st, int mon)
{
	int delta = mon - st->cur_mon;

	if (delta == 11)
		return st->cur_year - 1;
	if (delta <= -2)
		st->cur_year++;
	st->cur_mon = mon;
	return st->cur_year;
}

/* The full year of a YY/MM/DD line, in the century of the header year. */
static int
tv_yy_year(int yy, int hy)
{
	int y = hy - hy % 100 + yy;

	if (y > hy + 50)
		y -= 100;
	else if (y < hy - 50)
		y += 100;
	return y;
}

/* Fill r from a log line stamp c of shape k, using what st knows. */
static void
tv_line(struct fmt_stream *fs, struct tv_state *st, struct record *r,
    struct ts_civil *c, enum tv_date k)
{
	int hy = st != NULL ? st->year : 0;
	const char *note = NULL;

	if (k == TV_MD && hy != 0) {
		c->year = tv_md_year(st, c->mon);
		note = NOTE_YEAR;
	} else if (k == TV_YY && hy != 0) {
		c->year = tv_yy_year(c->year, hy);
		note = NOTE_YEAR;
	} else if (k == TV_YY) {
		c->year += 2000;
		note = NOTE_YY;
	}
	c->has_year = k != TV_MD || hy != 0;
	if (st != NULL && st->zoned) {
		c->has_offset = 1;
		c->offset_s = st->offset_s;
	}
	if (!ts_civil_valid(c))
		return;
	r->civil = *c;
	r->time_note = note;
	/*
	 * The header's offset holds until the next DST change; the host's
	 * zone, where given and agreeing with it at the Start time, takes
	 * over (clock.c).
	 */
	if (st != NULL && st->zoned) {
		r->offset_hint = true;
		r->hint_utc_s = st->start_utc;
		r->time_note_zoned = note;
		r->time_note = note == NULL ? NOTE_OFFSET : NOTE_BOTH;
	}
	if (c->has_year)
		r->time = REC_TIME_FULL;
	else {
		r->time = REC_TIME_YEARLESS;
		r->year_seg = ts_year_step(&fs->year, c->mon, c->day);
	}
}

/*
 * Headers set the zone and year of the lines after them; log lines are
 * local time in that zone; Connections rows are UTC.  A line without a
 * time of its own (the header block, a message over several lines) takes
 * the time of the line before.
 */
static void
teamviewer_parse(struct fmt_stream *fs, struct record *r)
{
	struct tv_state *st = fs->priv;
	struct ts_civil c;
	enum tv_date k;

	if (tv_start(r->text, r->len, &c)) {
		r->time = REC_TIME_FULL;
		r->civil = c;
		if (st != NULL)
			tv_header(st, &c);
	} else if (tv_stamp(r->text, r->len, &c, &k) > 0)
		tv_line(fs, st, r, &c, k);
	else if (conn_row(r->text, r->len, &c)) {
		c.has_offset = 1;
		c.offset_s = 0;
		r->time = REC_TIME_FULL;
		r->civil = c;
		r->time_note = NOTE_CONN;
	}
	if (st == NULL)
		return;
	if (r->time != REC_TIME_NONE) {
		st->last = *r;
		st->has_last = 1;
	} else if (st->has_last) {
		r->time = st->last.time;
		r->civil = st->last.civil;
		r->year_seg = st->last.year_seg;
		r->time_note = NOTE_BEFORE;
		r->offset_hint = st->last.offset_hint;
		r->hint_utc_s = st->last.hint_utc_s;
		r->time_note_zoned = NOTE_BEFORE;
	}
}

/* New state for one stream: no header seen yet. */
static void *
teamviewer_open(void)
{
	return xcalloc(1, sizeof(struct tv_state));
}

/* Free the state of teamviewer_open(). */
static void
teamviewer_close(void *priv)
{
	free(priv);
}

const struct format format_teamviewer = {
	.name = "teamviewer",
	.time_desc = "Log Line Written",
	.bid = teamviewer_bid,
	.parse = teamviewer_parse,
	.open = teamviewer_open,
	.close = teamviewer_close,
};
