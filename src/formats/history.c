/* SPDX-License-Identifier: MIT */
/*
 * history.c - shell histories.  (Placeholder: bids 0 until written.)
 */
#include "format.h"

static int
shell_history_bid(const struct line *lines, size_t n)
{
	(void)lines;
	(void)n;
	return 0;
}

static void
shell_history_parse(struct fmt_stream *fs, struct record *r)
{
	format_sniff_time(fs, r, r->text, r->len);
}

const struct format format_shell_history = {
	.name = "shell_history",
	.time_desc = "Log Line Written",
	.bid = shell_history_bid,
	.parse = shell_history_parse,
};
