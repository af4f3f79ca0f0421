/* SPDX-License-Identifier: MIT */
/*
 * print_impl.h - what the printers share and print.c dispatches on: the
 * printer handle, the table entry each print_<format>.c provides, and the
 * escaped column values of an event.  Private to print*.c.
 */
#ifndef PRINT_IMPL_H
#define PRINT_IMPL_H

#include <stdbool.h>
#include <stdio.h>

#include "escape.h"
#include "print.h"
#include "timeline.h"

/* The columns of CSV and JSONL, in output order (DESIGN.md, "Output"). */
enum print_col {
	PCOL_DATETIME,
	PCOL_TIMESTAMP_DESC,
	PCOL_MESSAGE,
	PCOL_TIMESTAMP,		/* a number: "" when the event has no time */
	PCOL_HOST,
	PCOL_SOURCE,
	PCOL_POSITION,
	PCOL_FORMAT,
	PCOL_SIGNATURE_ID,
	PCOL_SIGNATURE_TITLE,
	PCOL_LEVEL,
	PCOL_ATTACK,
	PCOL_EXCERPT,
	PCOL_TIME_NOTE,
	PCOL_OFFSET,		/* a number: the record's byte offset in its stream */
	PCOL_N
};

/* Columns whose values are numbers (JSON numbers, CSV never neutralised). */
#define PCOL_NUMERIC(i)	((i) == PCOL_TIMESTAMP || (i) == PCOL_OFFSET)

/* Column names, indexed by enum print_col. */
extern const char *const print_col_name[PCOL_N];

/* Escaped bounds, in bytes of escaped text. */
#define PRINT_MESSAGE_MAX	200	/* the excerpt inside message */
#define PRINT_EXCERPT_MAX	1024	/* the excerpt column */
#define PRINT_TEXT_EXCERPT_MAX	300	/* the excerpt in text output */

/*
 * The values of one event's columns: each is valid UTF-8 without control
 * characters (escape_text() output, or digits), not NUL-terminated.
 */
struct print_row {
	struct buf	 col[PCOL_N];
};

struct printer;

/* One output format: a table entry in print.c. */
struct printer_ops {
	const char		*name;		/* as given to -f */
	enum print_format	 format;
	/* Each appends its output to p->line; NULL = nothing to add. */
	void	(*begin)(struct printer *p);
	void	(*event)(struct printer *p, const struct event *e);
	void	(*end)(struct printer *p);
};

struct printer {
	const struct printer_ops *ops;
	FILE		*out;		/* not owned */
	bool		 color;		/* ANSI colours (text only) */
	struct buf	 line;		/* output of the current call */
	struct buf	 tmp;		/* scratch for the format */
	struct print_row row;		/* scratch for print_row_fill() */
};

extern const struct printer_ops print_text_ops;
extern const struct printer_ops print_csv_ops;
extern const struct printer_ops print_jsonl_ops;

/* Append escape_text() of the string s (NULL = "") to b. */
void	print_escape(struct buf *b, const char *s, size_t max_out);
/* Append the RFC 3339 time of e, or nothing when e has no time. */
void	print_datetime(struct buf *b, const struct event *e);
/* Append "line N" or "record N" (escaped pos_kind, "record" if NULL). */
void	print_position(struct buf *b, const struct event *e);
/* Reset r and fill it with the column values of e. */
void	print_row_fill(struct print_row *r, const struct event *e);

#endif /* PRINT_IMPL_H */
