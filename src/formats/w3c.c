/* SPDX-License-Identifier: MIT */
/*
 * w3c.c - W3C extended logs (IIS).  (Placeholder: bids 0 until written.)
 */
#include "format.h"

static int
w3c_bid(const struct line *lines, size_t n)
{
	(void)lines;
	(void)n;
	return 0;
}

static void
w3c_parse(struct fmt_stream *fs, struct record *r)
{
	format_sniff_time(fs, r, r->text, r->len);
}

const struct format format_w3c = {
	.name = "w3c",
	.time_desc = "Log Line Written",
	.bid = w3c_bid,
	.parse = w3c_parse,
};

const struct format format_winfw = {
	.name = "firewall",
	.time_desc = "Log Line Written",
	.bid = w3c_bid,
	.parse = w3c_parse,
};
