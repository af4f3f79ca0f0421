/* SPDX-License-Identifier: MIT */
/*
 * apache.c - Apache and nginx access logs: common, combined and
 * vhost_combined ("%v:%p %h %l %u %t \"%r\" ..."), whose time is the
 * bracketed CLF stamp "[12/Apr/2017:03:14:07 +0000]" with its own offset.
 */
#include <stddef.h>

#include "format.h"

#define APACHE_SCAN_MAX		512	/* bytes to find the stamp in */
#define APACHE_TOKENS_MAX	8	/* fields allowed before the stamp */

/*
 * Find the " [DD/Mon/YYYY:HH:MM:SS +zzzz]" stamp after the first few
 * space-separated fields of s[0..len) and parse it into c.  Returns the
 * offset just past the closing bracket, or 0.
 */
static size_t
clf_stamp(const char *s, size_t len, struct ts_civil *c)
{
	size_t lim = len < APACHE_SCAN_MAX ? len : APACHE_SCAN_MAX;
	int spaces = 0;

	if (len == 0 || s[0] == ' ')
		return 0;
	for (size_t i = 1; i + 1 < lim; i++) {
		size_t n;

		if (s[i] != ' ')
			continue;
		if (++spaces > APACHE_TOKENS_MAX)
			return 0;
		if (s[i + 1] != '[')
			continue;
		n = ts_parse_clf(s + i + 2, len - i - 2, c);
		if (n > 0 && i + 2 + n < len && s[i + 2 + n] == ']')
			return i + 3 + n;
	}
	return 0;
}

static int
apache_bid(const struct line *lines, size_t n)
{
	size_t hits = 0, seen = 0;

	for (size_t i = 0; i < n; i++) {
		const char *s = lines[i].p;
		size_t len = lines[i].len, e;
		struct ts_civil c;

		if (len == 0)
			continue;
		seen++;
		e = clf_stamp(s, len, &c);
		if (e > 0 && e + 1 < len && s[e] == ' ' && s[e + 1] == '"')
			hits++;
	}
	if (hits == 0 || hits * 2 < seen)
		return 0;
	return (int)(10 + 85 * hits / seen);
}

static void
apache_parse(struct fmt_stream *fs, struct record *r)
{
	if (clf_stamp(r->text, r->len, &r->civil) > 0)
		r->time = REC_TIME_FULL;
	else
		format_sniff_time(fs, r, r->text, r->len);
}

const struct format format_apache = {
	.name = "apache",
	.time_desc = "Log Line Written",
	.bid = apache_bid,
	.parse = apache_parse,
};
