/* SPDX-License-Identifier: MIT */
/*
 * print_jsonl.c - the JSON Lines printer: one object per event, keys in
 * column order.
 */
#include <string.h>

#include "print_impl.h"

static void
jsonl_event(struct printer *p, const struct event *e)
{
	const struct buf *v;
	size_t i;

	print_row_fill(&p->row, e);
	buf_addc(&p->line, '{');
	for (i = 0; i < PCOL_N; i++) {
		v = &p->row.col[i];
		if (i > 0)
			buf_addc(&p->line, ',');
		json_string(&p->line, print_col_name[i],
		    strlen(print_col_name[i]));
		buf_addc(&p->line, ':');
		if (!PCOL_NUMERIC(i))
			json_string(&p->line, v->p, v->len);
		else if (v->len == 0)
			buf_adds(&p->line, "null");
		else
			buf_add(&p->line, v->p, v->len);
	}
	buf_adds(&p->line, "}\n");
}

const struct printer_ops print_jsonl_ops = {
	.name = "jsonl",
	.format = PRINT_JSONL,
	.begin = NULL,
	.event = jsonl_event,
	.end = NULL,
};
