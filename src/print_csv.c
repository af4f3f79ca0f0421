/* SPDX-License-Identifier: MIT */
/*
 * print_csv.c - the CSV printer: RFC 4180 quoting, a header row, and cells
 * that a spreadsheet would run as a formula made inert.
 */
#include <string.h>

#include "print_impl.h"

/* 1 if a spreadsheet could take a cell starting with c for a formula. */
static int
csv_formula_start(char c)
{
	return c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' ||
	    c == '\r';
}

/* 1 if s[0..n) must be quoted (RFC 4180, plus edge spaces). */
static int
csv_needs_quotes(const char *s, size_t n)
{
	size_t i;

	if (n > 0 && (s[0] == ' ' || s[n - 1] == ' '))
		return 1;
	for (i = 0; i < n; i++)
		if (s[i] == ',' || s[i] == '"' || s[i] == '\r' || s[i] == '\n')
			return 1;
	return 0;
}

/*
 * Append the cell s[0..n) to b.  A text cell starting with = + - @ TAB or
 * CR gets a leading apostrophe (inside the quotes when quoted).
 */
static void
csv_cell(struct buf *b, const char *s, size_t n, bool text)
{
	int quote = csv_needs_quotes(s, n);
	size_t i;

	if (quote)
		buf_addc(b, '"');
	if (text && n > 0 && csv_formula_start(s[0]))
		buf_addc(b, '\'');
	if (!quote)
		buf_add(b, s, n);
	else
		for (i = 0; i < n; i++) {
			if (s[i] == '"')
				buf_addc(b, '"');
			buf_addc(b, s[i]);
		}
	if (quote)
		buf_addc(b, '"');
}

static void
csv_begin(struct printer *p)
{
	size_t i;

	for (i = 0; i < PCOL_N; i++) {
		if (i > 0)
			buf_addc(&p->line, ',');
		buf_adds(&p->line, print_col_name[i]);
	}
	buf_addc(&p->line, '\n');
}

static void
csv_event(struct printer *p, const struct event *e)
{
	size_t i;

	print_row_fill(&p->row, e);
	for (i = 0; i < PCOL_N; i++) {
		if (i > 0)
			buf_addc(&p->line, ',');
		csv_cell(&p->line, p->row.col[i].p, p->row.col[i].len,
		    !PCOL_NUMERIC(i));
	}
	buf_addc(&p->line, '\n');
}

const struct printer_ops print_csv_ops = {
	.name = "csv",
	.format = PRINT_CSV,
	.begin = csv_begin,
	.event = csv_event,
	.end = NULL,
};
