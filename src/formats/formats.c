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

void
format_sniff_time(struct fmt_stream *fs, struct record *r, const char *s,
    size_t len)
{
	size_t lim = len < 64 ? len : 64;

	if (ts_parse_rfc3164(s, len, &r->civil) > 0) {
		r->time = REC_TIME_YEARLESS;
		r->year_seg = ts_year_step(&fs->year, r->civil.mon,
		    r->civil.day);
		return;
	}
	for (size_t i = 0; i + 10 <= lim; i++) {
		if (!isdigit((unsigned char)s[i]) || (i > 0 &&
		    isalnum((unsigned char)s[i - 1])))
			continue;
		if (ts_parse_iso8601(s + i, len - i, &r->civil) > 0) {
			r->time = REC_TIME_FULL;
			return;
		}
	}
}
