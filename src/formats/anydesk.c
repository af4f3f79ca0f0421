/* SPDX-License-Identifier: MIT */
/*
 * anydesk.c - AnyDesk traces.  (Placeholder: bids 0 until written.)
 */
#include "format.h"

static int
anydesk_bid(const struct line *lines, size_t n)
{
	(void)lines;
	(void)n;
	return 0;
}

static void
anydesk_parse(struct fmt_stream *fs, struct record *r)
{
	format_sniff_time(fs, r, r->text, r->len);
}

const struct format format_anydesk = {
	.name = "anydesk",
	.time_desc = "Log Line Written",
	.bid = anydesk_bid,
	.parse = anydesk_parse,
};
