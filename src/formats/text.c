/* SPDX-License-Identifier: MIT */
/*
 * text.c - the generic line format: any text; a timestamp is sniffed near
 * the start of each line.
 */
#include "format.h"

static int
text_bid(const struct line *lines, size_t n)
{
	(void)lines;
	(void)n;
	return 1;
}

static void
text_parse(struct fmt_stream *fs, struct record *r)
{
	format_sniff_time(fs, r, r->text, r->len);
}

const struct format format_text = {
	.name = "text",
	.time_desc = "Log Line Written",
	.bid = text_bid,
	.parse = text_parse,
};
