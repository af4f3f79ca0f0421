/* SPDX-License-Identifier: MIT */
/*
 * print.h - timeline printers: text for people, CSV and JSONL for tools
 * (Timesketch imports both as they are).  All three carry the columns of
 * DESIGN.md; none lets log content escape its cell.
 */
#ifndef PRINT_H
#define PRINT_H

#include <stdbool.h>
#include <stdio.h>

#include "timeline.h"

enum print_format {
	PRINT_TEXT,
	PRINT_CSV,
	PRINT_JSONL
};

/* "text", "csv", "jsonl" -> format; returns 0 or -1. */
int	print_format_parse(const char *name, enum print_format *f);
/* The name of f, as print_format_parse() takes it. */
const char *print_format_name(enum print_format f);

struct printer;

/*
 * A printer writing to out (not closed by it).  color: use ANSI colours
 * (text only; main.c sets it when out is a terminal).
 */
struct printer	*printer_new(enum print_format f, FILE *out, bool color);
void		 printer_free(struct printer *p);

/* Header (CSV), then one call per event, then the end.  Return 0 or -1
   on a write error (errno set). */
int		 printer_begin(struct printer *p);
int		 printer_event(struct printer *p, const struct event *e);
int		 printer_end(struct printer *p);

#endif /* PRINT_H */
