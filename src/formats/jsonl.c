/* SPDX-License-Identifier: MIT */
/*
 * jsonl.c - JSON lines.  (Placeholder: bids 0 until written.)
 */
#include "format.h"

static int
jsonl_bid(const struct line *lines, size_t n)
{
	(void)lines;
	(void)n;
	return 0;
}

static void
jsonl_parse(struct fmt_stream *fs, struct record *r)
{
	format_sniff_time(fs, r, r->text, r->len);
}

const struct format format_jsonl = {
	.name = "jsonl",
	.time_desc = "Log Line Written",
	.bid = jsonl_bid,
	.parse = jsonl_parse,
};
