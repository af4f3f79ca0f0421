/* SPDX-License-Identifier: MIT */
/*
 * teamviewer.c - TeamViewer logs.  (Placeholder: bids 0 until written.)
 */
#include "format.h"

static int
teamviewer_bid(const struct line *lines, size_t n)
{
	(void)lines;
	(void)n;
	return 0;
}

static void
teamviewer_parse(struct fmt_stream *fs, struct record *r)
{
	format_sniff_time(fs, r, r->text, r->len);
}

const struct format format_teamviewer = {
	.name = "teamviewer",
	.time_desc = "Log Line Written",
	.bid = teamviewer_bid,
	.parse = teamviewer_parse,
};
