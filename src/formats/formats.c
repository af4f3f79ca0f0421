/* SPDX-License-Identifier: MIT */
/*
 * formats.c - the table of log formats, the bidding, and the timestamp
 * sniffing the formats share.
 */
#include <ctype.h>
#include <string.h>

#include "format.h"

/* Every format; the generic text format last. */
static const struct format *const formats[] = {
	&format_syslog,
	&format_teamviewer,
	&format_anydesk,
	&format_w3c,
	&format_winfw,
	&format_apache,
	&format_shell_history,
	&format_jsonl,
	&format_csv,
	&format_text,
};

#define NFORMATS	(sizeof(formats) / sizeof(formats[0]))

const struct format *
format_choose(const struct line *lines, size_t n)
{
	const struct format *best = &format_text;
	int best_bid = 0;

	for (size_t i = 0; i < NFORMATS; i++) {
		int b = formats[i]->bid(lines, n);

		if (b > best_bid) {
			best_bid = b;
			best = formats[i];
		}
	}
	return best;
}

const struct format *
format_by_name(const char *name)
{
	for (size_t i = 0; i < NFORMATS; i++)
		if (strcmp(formats[i]->name, name) == 0)
			return formats[i];
	return NULL;
}

/*
 * Timestamp sniffing.  Shapes, best first; at one position at most one of
 * them can match, so the ranks only matter between positions.
 */
enum sniff_rank {
	SNIFF_ISO8601,		/* 2016-09-28 04:30:30 or with T, zone */
	SNIFF_YMD_SLASH,	/* 2023/05/04 11:35:27.433 */
	SNIFF_CLF,		/* 10/Oct/2000:13:55:36 -0700 */
	SNIFF_RFC3164,		/* Mar  3 14:02:11 (line start only) */
	SNIFF_CTIME,		/* Sun Nov 19 12:04:05 2006 */
	SNIFF_NUMDATE,		/* 1/5/2021 3:22:52 AM, 13.01.2021 15:22:52 */
	SNIFF_EPOCH,		/* 1450000000, 1450000000123 as a field */
	SNIFF_NONE
};

#define SNIFF_WINDOW	64	/* stamps start in these first bytes */

/* 1 if ch may delimit a field holding an epoch number. */
static int
epoch_delim(char ch, int left)
{
	return ch == ' ' || ch == '\t' || ch == ',' || ch == '"' ||
	    ch == '\'' || ch == ';' || ch == '|' ||
	    (left ? ch == '=' : ch == '\r');
}

/*
 * An epoch of 10 digits (seconds, maybe ".frac") or 13 (milliseconds) at
 * s[0..n), forming a whole field: preceded (the caller checked) and
 * followed by a delimiter or the end.  Returns 1 and fills *c, or 0.
 */
static int
sniff_epoch(const char *s, size_t n, struct ts_civil *c)
{
	size_t d = 0, p;

	/* Not microseconds: 16 digits here is more often a counter. */
	while (d < n && d < 14 && isdigit((unsigned char)s[d]))
		d++;
	if (d != 10 && d != 13)
		return 0;
	p = ts_parse_epoch(s, n, c);
	return p > 0 && (p == n || epoch_delim(s[p], 0));
}

/*
 * The shape of a stamp starting with a digit at s[0..n) (a word start,
 * after the byte prev, or -1 at the start of the line), told by its
 * leading digits and the byte after them.  Fills *c; a numeric date
 * (ts_parse_numdate()) updates *order and sets *guess.
 */
static enum sniff_rank
sniff_digit(const char *s, size_t n, int prev, struct ts_civil *c,
    enum ts_order *order, enum ts_order *guess)
{
	size_t d = 0;
	char after;

	while (d < n && d < 10 && isdigit((unsigned char)s[d]))
		d++;
	after = d < n ? s[d] : '\0';
	if (d == 4 && after == '-')
		return ts_parse_iso8601(s, n, c) > 0 ? SNIFF_ISO8601 :
		    SNIFF_NONE;
	if (d == 4 && after == '/')
		return ts_parse_ymd_slash(s, n, c) > 0 ? SNIFF_YMD_SLASH :
		    SNIFF_NONE;
	if (d == 2 && after == '/' && n > 3 && isupper((unsigned char)s[3]))
		return ts_parse_clf(s, n, c) > 0 ? SNIFF_CLF : SNIFF_NONE;
	if (d <= 2 && (after == '/' || after == '.'))
		return ts_parse_numdate(s, n, c, order, guess) > 0 ?
		    SNIFF_NUMDATE : SNIFF_NONE;
	if (d == 10 && (prev < 0 || epoch_delim((char)prev, 1)) &&
	    sniff_epoch(s, n, c))
		return SNIFF_EPOCH;
	return SNIFF_NONE;
}

#define AUDIT_LEN	6	/* "audit(" */

/*
 * The stamp of a Linux audit record, "msg=audit(1699999999.123:456):",
 * at the digits after "audit(": seconds since the epoch (UTC), a
 * fraction, then ':' and the serial number.
 */
static enum sniff_rank
sniff_audit(const char *s, size_t n, struct ts_civil *c)
{
	size_t p = ts_parse_epoch(s, n, c);

	return p == 10 + 4 && p < n && s[p] == ':' ? SNIFF_EPOCH :
	    SNIFF_NONE;
}

/* Where a line's own stamp would start: after blanks and one '['. */
static size_t
sniff_start(const char *s, size_t len)
{
	size_t i = 0;

	while (i < len && (s[i] == ' ' || s[i] == '\t'))
		i++;
	if (i < len && s[i] == '[')
		i++;
	return i;
}

/*
 * Find a timestamp near the start of s[0..len): at a word start (the byte
 * before is not a letter or digit) in the first 64 bytes, any of the
 * shapes of enum sniff_rank (RFC 3164 only at the very start; an epoch
 * after "audit(" as Linux audit writes it, "audit(SECONDS.mmm:SERIAL)").
 * A stamp at the start of the line (after blanks and one '[') is the
 * line's own and wins; otherwise the best ranked shape wins, the earliest
 * among equals.  Year-less stamps are fed to fs->year.  Work is bounded:
 * a cheap test per position (a digit or an upper-case letter at a word
 * start, then the leading digits), then one parser call (two at the very
 * start).
 */
void
format_sniff_time(struct fmt_stream *fs, struct record *r, const char *s,
    size_t len)
{
	size_t lim = len < SNIFF_WINDOW ? len : SNIFF_WINDOW;
	size_t start = sniff_start(s, len);
	enum sniff_rank best = SNIFF_NONE, k;
	struct ts_civil c, found;
	enum ts_order order = fs->order, best_order = fs->order;
	enum ts_order guess = TS_ORDER_UNKNOWN, best_guess = TS_ORDER_UNKNOWN;

	for (size_t i = 0; i < lim; i++) {
		unsigned char ch = (unsigned char)s[i];
		int prev = i > 0 ? (unsigned char)s[i - 1] : -1;

		if (prev >= 0 && isalnum(prev))
			continue;
		if (isdigit(ch) && i >= AUDIT_LEN &&
		    memcmp(s + i - AUDIT_LEN, "audit(", AUDIT_LEN) == 0)
			k = sniff_audit(s + i, len - i, &c);
		else if (isdigit(ch)) {
			order = fs->order;
			k = sniff_digit(s + i, len - i, prev, &c, &order,
			    &guess);
		} else if (!isupper(ch))
			continue;
		else if (i == 0 && ts_parse_rfc3164(s, len, &c) > 0)
			k = SNIFF_RFC3164;
		else if (len - i >= 24 &&
		    ts_parse_ctime(s + i, len - i, &c) > 0)
			k = SNIFF_CTIME;
		else
			continue;
		if (k >= best)
			continue;
		best = k;
		found = c;
		best_order = order;
		best_guess = k == SNIFF_NUMDATE ? guess : TS_ORDER_UNKNOWN;
		if (i <= start || best == SNIFF_ISO8601)
			break;
	}
	if (best == SNIFF_NONE)
		return;
	r->civil = found;
	if (best == SNIFF_NUMDATE) {
		fs->order = best_order;
		if (best_guess != TS_ORDER_UNKNOWN && r->time_note == NULL)
			r->time_note = best_guess == TS_ORDER_MDY ?
			    "day and month order guessed: month first" :
			    "day and month order guessed: day first";
	}
	if (best != SNIFF_RFC3164) {
		r->time = REC_TIME_FULL;
		return;
	}
	r->time = REC_TIME_YEARLESS;
	r->year_seg = ts_year_step(&fs->year, found.mon, found.day);
}
