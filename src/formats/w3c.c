/* SPDX-License-Identifier: MIT */
/*
 * w3c.c - W3C extended logs: IIS (u_ex*.log, UTC by convention) and the
 * Windows Firewall log (pfirewall.log, local time unless its
 * "#Time Format:" header says UTC).  The latest "#Fields:" header names
 * the columns; it may change mid-file when IIS restarts.
 */
#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "format.h"
#include "hopscan.h"

#define W3C_NONE	SIZE_MAX	/* no such column */
#define W3C_DATE_LEN	10		/* "YYYY-MM-DD" */
#define W3C_STAMP_MAX	64		/* longest "date time" joined */

/* Which of the two formats in this file reads the stream. */
enum w3c_kind {
	W3C_IIS,
	W3C_WINFW
};

/* What the headers said so far: the field map and the time base. */
struct w3c_state {
	size_t	 date_col;	/* column of "date", or W3C_NONE */
	size_t	 time_col;	/* column of "time", or W3C_NONE */
	size_t	 host_col;	/* column of "s-computername", or none */
	int	 utc;		/* "#Time Format: UTC" (firewall) */
	int	 has_hdr_date;	/* a "#Date:" header gave hdr_date */
	char	 hdr_date[W3C_DATE_LEN];
	int	 hdr_days;	/* days past hdr_date: midnights passed */
	long	 hdr_tod;	/* seconds of day of the row before, or -1 */
};

/* What the first lines of a stream say about it. */
struct w3c_look {
	int	 iis;		/* "#Software: Microsoft Internet ..." */
	int	 winfw;		/* "#Software: Microsoft Windows Firewall" */
	int	 fields_dt;	/* "#Fields:" naming date and time */
	int	 fields_t;	/* "#Fields:" naming time only */
	int	 fields_fw;	/* "#Fields:" naming action and src-ip */
	int	 date_hdr;	/* "#Date:" */
	size_t	 seen;		/* non-blank lines that are not headers */
	size_t	 iis_rows;	/* those shaped like default IIS rows */
	size_t	 fw_rows;	/* those shaped like firewall rows */
};

static const char note_iis[] = "UTC by W3C/IIS log convention";
static const char note_iis_date[] =
    "date from the #Date header; UTC by W3C/IIS log convention";
static const char note_iis_midnight[] =
    "date from the #Date header and the midnights since; "
    "UTC by W3C/IIS log convention";
static const char note_fw_utc[] = "UTC by the #Time Format header";

/* A time of day falling back by more than this has passed midnight. */
#define W3C_MIDNIGHT_S	(12 * 3600L)

/* The field map before any "#Fields:" header: date and time first. */
static void
state_init(struct w3c_state *st)
{
	memset(st, 0, sizeof(*st));
	st->date_col = 0;
	st->time_col = 1;
	st->host_col = W3C_NONE;
	st->hdr_tod = -1;
}

/*
 * The next blank-separated token of s[0..len) at or after *pos: its
 * start in *tok, its length returned (0 at the end of the line).  *pos
 * is moved past it.
 */
static size_t
next_token(const char *s, size_t len, size_t *pos, const char **tok)
{
	size_t i = *pos, b;

	while (i < len && (s[i] == ' ' || s[i] == '\t'))
		i++;
	b = i;
	while (i < len && s[i] != ' ' && s[i] != '\t')
		i++;
	*tok = s + b;
	*pos = i;
	return i - b;
}

/* 1 if s[0..len) starts with the NUL-terminated p, ASCII case ignored. */
static int
has_prefix(const char *s, size_t len, const char *p)
{
	size_t n = strlen(p);

	if (len < n)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (tolower((unsigned char)s[i]) !=
		    tolower((unsigned char)p[i]))
			return 0;
	return 1;
}

/* 1 if s[0..len) is the word w, ASCII case ignored. */
static int
word_is(const char *s, size_t len, const char *w)
{
	return len == strlen(w) && has_prefix(s, len, w);
}

/* 1 if the "#Fields:" header s names the column w. */
static int
names_field(const char *s, size_t len, const char *w)
{
	size_t pos = sizeof("#Fields:") - 1, n;
	const char *tok;

	while ((n = next_token(s, len, &pos, &tok)) > 0)
		if (word_is(tok, n, w))
			return 1;
	return 0;
}

/* Read the column names of a "#Fields:" header into st's field map. */
static void
read_fields(struct w3c_state *st, const char *s, size_t len)
{
	size_t pos = sizeof("#Fields:") - 1, col = 0, n;
	const char *tok;

	st->date_col = st->time_col = st->host_col = W3C_NONE;
	while ((n = next_token(s, len, &pos, &tok)) > 0) {
		if (st->date_col == W3C_NONE && word_is(tok, n, "date"))
			st->date_col = col;
		else if (st->time_col == W3C_NONE && word_is(tok, n, "time"))
			st->time_col = col;
		else if (st->host_col == W3C_NONE &&
		    word_is(tok, n, "s-computername"))
			st->host_col = col;
		col++;
	}
}

/*
 * Join "date" and "time" with a space and parse them as one ISO 8601
 * stamp, which must use all of both.  Returns 1 and fills c, or 0.
 */
static int
join_stamp(const char *date, size_t dlen, const char *time, size_t tlen,
    struct ts_civil *c)
{
	char buf[W3C_STAMP_MAX];
	size_t n = dlen + 1 + tlen;

	if (dlen == 0 || tlen == 0 || dlen > sizeof(buf) ||
	    tlen > sizeof(buf) || n > sizeof(buf))
		return 0;
	memcpy(buf, date, dlen);
	buf[dlen] = ' ';
	memcpy(buf + dlen + 1, time, tlen);
	return ts_parse_iso8601(buf, n, c) == n;
}

/* Give r the zone the format's convention or header implies. */
static void
set_zone(const struct w3c_state *st, struct record *r, enum w3c_kind kind,
    const char *iis_note)
{
	if (r->civil.has_offset)		/* the stamp said itself */
		return;
	if (kind == W3C_IIS) {
		r->civil.has_offset = 1;
		r->civil.offset_s = 0;
		r->time_note = iis_note;
	} else if (st->utc) {
		r->civil.has_offset = 1;
		r->civil.offset_s = 0;
		r->time_note = note_fw_utc;
	}
}

/* A "#Date:" header: remember its date; the line gets its own time. */
static void
read_date(struct w3c_state *st, struct record *r, enum w3c_kind kind)
{
	size_t pos = sizeof("#Date:") - 1;

	while (pos < r->len && (r->text[pos] == ' ' || r->text[pos] == '\t'))
		pos++;
	if (ts_parse_iso8601(r->text + pos, r->len - pos, &r->civil) == 0)
		return;
	memcpy(st->hdr_date, r->text + pos, W3C_DATE_LEN);
	st->has_hdr_date = 1;
	st->hdr_days = 0;
	st->hdr_tod = r->civil.hour * 3600L + r->civil.min * 60 +
	    r->civil.sec;
	r->time = REC_TIME_FULL;
	set_zone(st, r, kind, note_iis);
}

/* A "#Time Format:" header: "UTC" or "Local". */
static void
read_time_format(struct w3c_state *st, const char *s, size_t len)
{
	size_t pos = sizeof("#Time Format:") - 1, n;
	const char *tok;

	n = next_token(s, len, &pos, &tok);
	if (word_is(tok, n, "UTC"))
		st->utc = 1;
	else if (word_is(tok, n, "Local"))
		st->utc = 0;
}

/* A header line ("#..."): update st; only "#Date:" carries a time. */
static void
read_directive(struct w3c_state *st, struct record *r, enum w3c_kind kind)
{
	if (has_prefix(r->text, r->len, "#Fields:"))
		read_fields(st, r->text, r->len);
	else if (has_prefix(r->text, r->len, "#Date:"))
		read_date(st, r, kind);
	else if (has_prefix(r->text, r->len, "#Time Format:"))
		read_time_format(st, r->text, r->len);
}

/* Largest column of the field map that is set, or W3C_NONE. */
static size_t
last_col(const struct w3c_state *st)
{
	size_t m = W3C_NONE;

	if (st->date_col != W3C_NONE)
		m = st->date_col;
	if (st->time_col != W3C_NONE && (m == W3C_NONE || st->time_col > m))
		m = st->time_col;
	if (st->host_col != W3C_NONE && (m == W3C_NONE || st->host_col > m))
		m = st->host_col;
	return m;
}

/*
 * A row with a time but no date column: the date of the "#Date:" header,
 * moved a day on each time the time of day falls back by more than half
 * a day (a log that goes on past midnight without a new header).
 */
static void
hdr_date_row(struct w3c_state *st, struct record *r, enum w3c_kind kind,
    const char *time, size_t tlen)
{
	struct ts_civil *c = &r->civil;
	long tod;

	if (!join_stamp(st->hdr_date, W3C_DATE_LEN, time, tlen, c))
		return;
	tod = c->hour * 3600L + c->min * 60 + c->sec;
	if (st->hdr_tod >= 0 && tod < st->hdr_tod - W3C_MIDNIGHT_S)
		st->hdr_days++;
	st->hdr_tod = tod;
	if (st->hdr_days > 0)
		ts_civil_from_days(ts_days_from_civil(c->year, c->mon,
		    c->day) + st->hdr_days, &c->year, &c->mon, &c->day);
	r->time = REC_TIME_FULL;
	set_zone(st, r, kind, st->hdr_days > 0 ? note_iis_midnight :
	    note_iis_date);
}

/* A data line: the time from the date and time columns, the host. */
static void
read_row(struct w3c_state *st, struct record *r, enum w3c_kind kind)
{
	const char *tok, *date = NULL, *time = NULL;
	size_t pos = 0, col = 0, n, dlen = 0, tlen = 0, last = last_col(st);

	if (last == W3C_NONE)
		return;
	while (col <= last && (n = next_token(r->text, r->len, &pos,
	    &tok)) > 0) {
		if (col == st->date_col) {
			date = tok;
			dlen = n;
		}
		if (col == st->time_col) {
			time = tok;
			tlen = n;
		}
		if (col == st->host_col && !(n == 1 && tok[0] == '-')) {
			r->host = tok;
			r->host_len = n;
		}
		col++;
	}
	if (st->date_col == W3C_NONE && st->has_hdr_date)
		hdr_date_row(st, r, kind, time, tlen);
	else if (join_stamp(date, dlen, time, tlen, &r->civil)) {
		r->time = REC_TIME_FULL;
		set_zone(st, r, kind, note_iis);
	}
}

/* Parse one line with the stream's state (defaults without one). */
static void
w3c_read(struct fmt_stream *fs, struct record *r, enum w3c_kind kind)
{
	struct w3c_state def, *st = fs->priv;

	if (st == NULL) {
		state_init(&def);
		st = &def;
	}
	if (r->len > 0 && r->text[0] == '#')
		read_directive(st, r, kind);
	else
		read_row(st, r, kind);
}

/*
 * The shape of a header-less row: 1 for a default IIS row ("date time
 * s-ip METHOD /path ..."), 2 for a firewall row ("date time ACTION ..."),
 * 0 for neither.
 */
static int
row_shape(const char *s, size_t len)
{
	static const char *const actions[] = {
		"ALLOW", "DROP", "OPEN", "CLOSE", "OPEN-INBOUND",
		"INFO-EVENTS-LOST",
	};
	struct ts_civil c;
	const char *tok;
	size_t pos, n, i;

	pos = ts_parse_iso8601(s, len, &c);
	if (pos == 0 || s[W3C_DATE_LEN] != ' ' || c.has_offset)
		return 0;
	n = next_token(s, len, &pos, &tok);
	for (i = 0; i < sizeof(actions) / sizeof(actions[0]); i++)
		if (n == strlen(actions[i]) && memcmp(tok, actions[i], n) == 0)
			return 2;
	n = next_token(s, len, &pos, &tok);		/* the method */
	if (n < 3 || n > 16)
		return 0;
	for (i = 0; i < n; i++)
		if (!isupper((unsigned char)tok[i]) && tok[i] != '_' &&
		    tok[i] != '-')
			return 0;
	n = next_token(s, len, &pos, &tok);		/* the URI stem */
	return n > 0 && (tok[0] == '/' || (n == 1 && tok[0] == '*'));
}

/* Survey the first lines for headers and row shapes. */
static void
survey(const struct line *lines, size_t n, struct w3c_look *lk)
{
	memset(lk, 0, sizeof(*lk));
	for (size_t i = 0; i < n; i++) {
		const char *s = lines[i].p;
		size_t len = lines[i].len;

		if (len == 0)
			continue;
		if (s[0] != '#') {
			int shape = row_shape(s, len);

			lk->seen++;
			lk->iis_rows += shape == 1;
			lk->fw_rows += shape == 2;
		} else if (has_prefix(s, len,
		    "#Software: Microsoft Internet Information Services"))
			lk->iis = 1;
		else if (has_prefix(s, len,
		    "#Software: Microsoft Windows Firewall"))
			lk->winfw = 1;
		else if (has_prefix(s, len, "#Date:"))
			lk->date_hdr = 1;
		else if (has_prefix(s, len, "#Fields:")) {
			struct w3c_state st;

			read_fields(&st, s, len);
			if (st.time_col != W3C_NONE)
				*(st.date_col != W3C_NONE ? &lk->fields_dt :
				    &lk->fields_t) = 1;
			if (names_field(s, len, "action") &&
			    names_field(s, len, "src-ip"))
				lk->fields_fw = 1;
		}
	}
}

static int
w3c_bid(const struct line *lines, size_t n)
{
	struct w3c_look lk;

	survey(lines, n, &lk);
	if (lk.winfw || (lk.fields_fw && !lk.iis))
		return 0;
	if (lk.iis)
		return 95;
	if (lk.fields_dt)
		return 90;
	if (lk.fields_t && lk.date_hdr)
		return 80;
	if (lk.iis_rows > 0 && lk.iis_rows * 2 >= lk.seen)
		return 40;
	return 0;
}

static int
winfw_bid(const struct line *lines, size_t n)
{
	struct w3c_look lk;

	survey(lines, n, &lk);
	if (lk.winfw)
		return 95;
	if (lk.iis)
		return 0;
	if (lk.fields_fw)
		return 90;
	if (lk.fields_dt || lk.fields_t)
		return 0;
	if (lk.fw_rows > 0 && lk.fw_rows * 2 >= lk.seen)
		return 40;
	return 0;
}

static void
w3c_parse(struct fmt_stream *fs, struct record *r)
{
	w3c_read(fs, r, W3C_IIS);
}

static void
winfw_parse(struct fmt_stream *fs, struct record *r)
{
	w3c_read(fs, r, W3C_WINFW);
}

static void *
w3c_open(void)
{
	struct w3c_state *st = xcalloc(1, sizeof(*st));

	state_init(st);
	return st;
}

static void
w3c_close(void *priv)
{
	free(priv);
}

const struct format format_w3c = {
	.name = "w3c",
	.time_desc = "Log Line Written",
	.bid = w3c_bid,
	.parse = w3c_parse,
	.open = w3c_open,
	.close = w3c_close,
};

const struct format format_winfw = {
	.name = "firewall",
	.time_desc = "Log Line Written",
	.bid = winfw_bid,
	.parse = winfw_parse,
	.open = w3c_open,
	.close = w3c_close,
};
