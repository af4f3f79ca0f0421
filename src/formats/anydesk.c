/* SPDX-License-Identifier: MIT */
/*
 * anydesk.c - AnyDesk logs: the traces (ad.trace, ad_svc.trace,
 * anydesk.trace), connection_trace.txt and file_transfer_trace.txt, all
 * written in UTC without a zone designator.
 */
#include <ctype.h>
#include <string.h>

#include "format.h"

#define NOTE_TRACE	"UTC by AnyDesk trace convention"
#define NOTE_CONN	"UTC by AnyDesk connection_trace convention"
#define NOTE_XFER	"UTC by AnyDesk file_transfer_trace convention"

#define AD_LEVEL_MAX	8	/* letters of a trace level: "warning" */
#define AD_WORD_MAX	16	/* letters of a first word: "FileManager" */

/* The kinds of AnyDesk lines. */
enum ad_kind {
	ADK_NONE,
	ADK_BANNER,	/* "* * * * *" between runs of a trace */
	ADK_TRACE,	/* level, then the time */
	ADK_TRACE_FULL,	/* ... then process, thread, PID and TID */
	ADK_CONN,	/* "Incoming    2016-04-02, 09:00    User ..." */
	ADK_XFER	/* "Clipboard\t\t2016-04-02, 09:00\tstart ..." */
};

/* The end of the run of spaces and tabs at s[p..len). */
static size_t
skip_blank(const char *s, size_t len, size_t p)
{
	while (p < len && (s[p] == ' ' || s[p] == '\t'))
		p++;
	return p;
}

/* The end of the word (no blanks) at s[p..len). */
static size_t
skip_word(const char *s, size_t len, size_t p)
{
	while (p < len && s[p] != ' ' && s[p] != '\t')
		p++;
	return p;
}

/* The end of the run of letters at s[p..len), if lower only: lowercase. */
static size_t
skip_alpha(const char *s, size_t len, size_t p, int lower)
{
	while (p < len && (lower ? islower((unsigned char)s[p]) :
	    isalpha((unsigned char)s[p])))
		p++;
	return p;
}

/* 1 if s[p..q) is a non-empty run of digits. */
static int
all_digits(const char *s, size_t p, size_t q)
{
	if (p == q)
		return 0;
	for (; p < q; p++)
		if (!isdigit((unsigned char)s[p]))
			return 0;
	return 1;
}

/*
 * 1 if the columns after a trace time at s[p..len) are "process PID TID"
 * or "process thread PID TID" (the process name may itself be a number).
 */
static int
ad_columns(const char *s, size_t len, size_t p)
{
	size_t b[4], e[4];

	for (int i = 0; i < 4; i++) {
		b[i] = skip_blank(s, len, p);
		e[i] = skip_word(s, len, b[i]);
		if (b[i] == p || e[i] == b[i])
			return 0;
		p = e[i];
	}
	return (all_digits(s, b[1], e[1]) && all_digits(s, b[2], e[2])) ||
	    (all_digits(s, b[2], e[2]) && all_digits(s, b[3], e[3]));
}

/*
 * Parse "YYYY-MM-DD, HH:MM" at s[p..len) into a zeroed c; returns the end
 * (not followed by a digit) or 0.
 */
static size_t
ad_minute(const char *s, size_t len, size_t p, struct ts_civil *c)
{
	memset(c, 0, sizeof(*c));
	if (!ts_num(s, len, &p, 4, &c->year) || p >= len || s[p++] != '-' ||
	    !ts_num(s, len, &p, 2, &c->mon) || p >= len || s[p++] != '-' ||
	    !ts_num(s, len, &p, 2, &c->day) || p >= len || s[p++] != ',' ||
	    p >= len || s[p++] != ' ' ||
	    !ts_num(s, len, &p, 2, &c->hour) || p >= len || s[p++] != ':' ||
	    !ts_num(s, len, &p, 2, &c->min) ||
	    (p < len && isdigit((unsigned char)s[p])))
		return 0;
	c->has_year = 1;
	return ts_civil_valid(c) ? p : 0;
}

/*
 * Classify s and parse its time into c (for every kind but ADK_NONE and
 * ADK_BANNER).
 */
static enum ad_kind
ad_kind(const char *s, size_t len, struct ts_civil *c)
{
	size_t b = skip_blank(s, len, 0), e, t, n;

	if (b < len && s[b] == '*')
		return ADK_BANNER;
	e = skip_alpha(s, len, b, 1);
	if (e > b && e - b <= AD_LEVEL_MAX && e < len && s[e] == ' ') {
		t = skip_blank(s, len, e);
		if ((n = ts_parse_iso8601(s + t, len - t, c)) > 0)
			return ad_columns(s, len, t + n) ? ADK_TRACE_FULL :
			    ADK_TRACE;
	}
	if (b != 0 || (e = skip_alpha(s, len, 0, 0)) == 0 ||
	    e > AD_WORD_MAX || (t = skip_blank(s, len, e)) == e ||
	    ad_minute(s, len, t, c) == 0)
		return ADK_NONE;
	if ((e == 8 && memcmp(s, "Incoming", 8) == 0) ||
	    (e == 8 && memcmp(s, "Outgoing", 8) == 0))
		return ADK_CONN;
	return ADK_XFER;
}

/*
 * Traces, connection_trace.txt and file_transfer_trace.txt bid 67..95
 * when at least one line has their exact shape and at least half the
 * lines are AnyDesk's, more as more lines are.
 */
static int
anydesk_bid(const struct line *lines, size_t n)
{
	size_t seen = 0, strong = 0, weak = 0;
	struct ts_civil c;

	for (size_t i = 0; i < n; i++) {
		if (lines[i].len == 0)
			continue;
		seen++;
		switch (ad_kind(lines[i].p, lines[i].len, &c)) {
		case ADK_TRACE_FULL:
		case ADK_CONN:
		case ADK_XFER:
			strong++;
			break;
		case ADK_TRACE:
		case ADK_BANNER:
			weak++;
			break;
		case ADK_NONE:
			break;
		}
	}
	if (strong == 0 || (strong + weak) * 2 < seen)
		return 0;
	return (int)(40 + 55 * (strong + weak) / seen);
}

/* Every AnyDesk time is UTC, whatever the file. */
static void
anydesk_parse(struct fmt_stream *fs, struct record *r)
{
	static const char *const notes[] = {
		[ADK_TRACE] = NOTE_TRACE,
		[ADK_TRACE_FULL] = NOTE_TRACE,
		[ADK_CONN] = NOTE_CONN,
		[ADK_XFER] = NOTE_XFER,
	};
	enum ad_kind k = ad_kind(r->text, r->len, &r->civil);

	if (k == ADK_NONE || k == ADK_BANNER) {
		memset(&r->civil, 0, sizeof(r->civil));
		format_sniff_time(fs, r, r->text, r->len);
		return;
	}
	r->time = REC_TIME_FULL;
	if (!r->civil.has_offset) {
		r->civil.has_offset = 1;
		r->civil.offset_s = 0;
		r->time_note = notes[k];
	}
}

const struct format format_anydesk = {
	.name = "anydesk",
	.time_desc = "Log Line Written",
	.bid = anydesk_bid,
	.parse = anydesk_parse,
};
