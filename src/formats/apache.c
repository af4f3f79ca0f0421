/* SPDX-License-Identifier: MIT */
/*
 * apache.c - Apache and nginx access logs.  (Placeholder: bids 0 until written.)
 */
#include "format.h"

static int
apache_bid(const struct line *lines, size_t n)
{
	(void)lines;
	(void)n;
	return 0;
}

static void
apache_parse(struct fmt_stream *fs, struct record *r)
{
	format_sniff_time(fs, r, r->text, r->len);
}

const struct format format_apache = {
	.name = "apache",
	.time_desc = "Log Line Written",
	.bid = apache_bid,
	.parse = apache_parse,
};
