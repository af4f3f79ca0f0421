/* SPDX-License-Identifier: MIT */
/*
 * syslog.c - syslog files: RFC 3164 ("Mar  3 14:02:11 host prog[pid]:"),
 * RFC 5424 ("<165>1 2003-10-11T22:14:15.003Z host app ..."), and rsyslog's
 * high-precision format ("2021-12-19T20:35:40.572463+01:00 host prog:").
 * The record's host is the syslog HOSTNAME.
 */
#include <ctype.h>
#include <string.h>

#include "format.h"

/* The parts of a syslog header. */
struct head {
	enum rec_time	 time;
	const char	*host;
	size_t		 host_len;
	int		 tagged;	/* a "prog[pid]:" tag follows the host */
};

/* Length of a "prog[pid]:" or "prog:" tag at s, or 0. */
static size_t
tag_len(const char *s, size_t len)
{
	size_t i = 0;

	while (i < len && s[i] != ' ' && s[i] != '[' && s[i] != ':')
		i++;
	if (i == 0 || i == len)
		return 0;
	if (s[i] == '[') {
		size_t d = ++i;

		while (i < len && isdigit((unsigned char)s[i]))
			i++;
		if (i == d || i >= len || s[i] != ']')
			return 0;
		i++;
	}
	return i < len && s[i] == ':' ? i + 1 : 0;
}

/*
 * Read the host after a stamp that ended at s[i], and with bid whether a
 * tag follows it (only bidding asks).
 */
static void
host_and_tag(const char *s, size_t len, size_t i, struct head *h, int bid)
{
	size_t n;

	if (i >= len || s[i] != ' ')
		return;
	i++;
	if (tag_len(s + i, len - i) > 0) {	/* no host, just a tag */
		h->tagged = 1;
		return;
	}
	for (n = 0; i + n < len && s[i + n] != ' '; n++)
		continue;
	if (n == 0 || (n == 1 && s[i] == '-'))
		return;
	h->host = s + i;
	h->host_len = n;
	i += n;
	h->tagged = bid && i < len && tag_len(s + i + 1, len - i - 1) > 0;
}

/* Parse the header of a syslog line into h and c (h->tagged with bid). */
static void
parse_head(const char *s, size_t len, struct ts_civil *c, struct head *h,
    int bid)
{
	size_t i = 0, n;

	memset(h, 0, sizeof(*h));
	if (len > 2 && s[0] == '<') {
		for (i = 1; i < len && i < 5 && isdigit((unsigned char)s[i]);
		    i++)
			continue;
		if (i == 1 || i >= len || s[i] != '>')
			return;
		i++;
	}
	if (i > 0 && len - i > 2 && s[i] == '1' && s[i + 1] == ' ') {
		i += 2;					/* RFC 5424 */
		if ((n = ts_parse_iso8601(s + i, len - i, c)) > 0)
			h->time = REC_TIME_FULL;
		else if (s[i] == '-')
			n = 1;
		else
			return;
		host_and_tag(s, len, i + n, h, bid);
		h->tagged = 1;
	} else if ((n = ts_parse_rfc3164(s + i, len - i, c)) > 0) {
		h->time = REC_TIME_YEARLESS;
		host_and_tag(s, len, i + n, h, bid);
	} else if (len - i > 11 && (s[i + 10] == 'T' || s[i + 10] == 't') &&
	    (n = ts_parse_iso8601(s + i, len - i, c)) > 0) {
		h->time = REC_TIME_FULL;
		host_and_tag(s, len, i + n, h, bid);
	}
}

static int
syslog_bid(const struct line *lines, size_t n)
{
	size_t hits = 0, seen = 0;

	for (size_t i = 0; i < n; i++) {
		struct ts_civil c;
		struct head h;

		if (lines[i].len == 0)
			continue;
		seen++;
		parse_head(lines[i].p, lines[i].len, &c, &h, 1);
		if (h.time != REC_TIME_NONE && h.tagged)
			hits++;
	}
	if (hits == 0 || hits * 2 < seen)
		return 0;
	return (int)(10 + 80 * hits / seen);
}

static void
syslog_parse(struct fmt_stream *fs, struct record *r)
{
	struct head h;

	parse_head(r->text, r->len, &r->civil, &h, 0);
	r->time = h.time;
	r->host = h.host;
	r->host_len = h.host_len;
	if (h.time == REC_TIME_YEARLESS)
		r->year_seg = ts_year_step(&fs->year, r->civil.mon,
		    r->civil.day);
	else if (h.time == REC_TIME_NONE)
		format_sniff_time(fs, r, r->text, r->len);
}

const struct format format_syslog = {
	.name = "syslog",
	.time_desc = "Log Line Written",
	.bid = syslog_bid,
	.parse = syslog_parse,
};
