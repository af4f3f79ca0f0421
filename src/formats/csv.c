/* SPDX-License-Identifier: MIT */
/*
 * csv.c - CSV with a header row.  (Placeholder: bids 0 until written.)
 */
#include "format.h"

static int
csv_bid(const struct line *lines, size_t n)
{
	(void)lines;
	(void)n;
	return 0;
}

static void
csv_parse(struct fmt_stream *fs, struct record *r)
{
	format_sniff_time(fs, r, r->text, r->len);
}

const struct format format_csv = {
	.name = "csv",
	.time_desc = "Log Line Written",
	.bid = csv_bid,
	.parse = csv_parse,
};
