/* SPDX-License-Identifier: MIT */
/*
 * print.c - printer dispatch over the table of formats, and the column
 * values that every format shares.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "hopscan.h"
#include "print_impl.h"
#include "sigs.h"
#include "timestamp.h"

/* Every output format; a new one is a print_<name>.c and a line here. */
static const struct printer_ops *const printer_table[] = {
	&print_text_ops,
	&print_csv_ops,
	&print_jsonl_ops,
};

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))

const char *const print_col_name[PCOL_N] = {
	"datetime", "timestamp_desc", "message", "timestamp", "host",
	"source", "position", "format", "signature_id", "signature_title",
	"level", "attack", "excerpt", "time_note", "offset",
};

int
print_format_parse(const char *name, enum print_format *f)
{
	size_t i;

	for (i = 0; i < NELEM(printer_table); i++)
		if (strcmp(name, printer_table[i]->name) == 0) {
			*f = printer_table[i]->format;
			return 0;
		}
	return -1;
}

const char *
print_format_name(enum print_format f)
{
	for (size_t i = 0; i < NELEM(printer_table); i++)
		if (printer_table[i]->format == f)
			return printer_table[i]->name;
	return "?";
}

/* NULL if f is not a known format. */
struct printer *
printer_new(enum print_format f, FILE *out, bool color)
{
	struct printer *p;
	size_t i;

	for (i = 0; i < NELEM(printer_table); i++)
		if (printer_table[i]->format == f)
			break;
	if (i == NELEM(printer_table))
		return NULL;
	p = xcalloc(1, sizeof(*p));
	p->ops = printer_table[i];
	p->out = out;
	p->color = color;
	buf_init(&p->line);
	buf_init(&p->tmp);
	for (i = 0; i < PCOL_N; i++)
		buf_init(&p->row.col[i]);
	return p;
}

void
printer_free(struct printer *p)
{
	size_t i;

	if (p == NULL)
		return;
	buf_free(&p->line);
	buf_free(&p->tmp);
	for (i = 0; i < PCOL_N; i++)
		buf_free(&p->row.col[i]);
	free(p);
}

/* Write out what the format appended to p->line; 0 or -1. */
static int
printer_flush_line(struct printer *p)
{
	size_t n = p->line.len;

	buf_reset(&p->line);
	if (n == 0)
		return 0;
	errno = 0;
	if (fwrite(p->line.p, 1, n, p->out) != n) {
		if (errno == 0)
			errno = EIO;
		return -1;
	}
	return 0;
}

int
printer_begin(struct printer *p)
{
	buf_reset(&p->line);
	if (p->ops->begin != NULL)
		p->ops->begin(p);
	return printer_flush_line(p);
}

int
printer_event(struct printer *p, const struct event *e)
{
	buf_reset(&p->line);
	p->ops->event(p, e);
	return printer_flush_line(p);
}

/* Also flushes out, so that a late write error is reported here. */
int
printer_end(struct printer *p)
{
	buf_reset(&p->line);
	if (p->ops->end != NULL)
		p->ops->end(p);
	if (printer_flush_line(p) == -1)
		return -1;
	errno = 0;
	if (fflush(p->out) == EOF || ferror(p->out)) {
		if (errno == 0)
			errno = EIO;
		return -1;
	}
	return 0;
}

void
print_escape(struct buf *b, const char *s, size_t max_out)
{
	if (s != NULL)
		escape_text(b, s, strlen(s), max_out);
}

void
print_datetime(struct buf *b, const struct event *e)
{
	char dt[TS_RFC3339_LEN];

	if (!e->has_time)
		return;
	ts_format_rfc3339(e->time_us, dt);
	print_escape(b, dt, 0);
}

void
print_position(struct buf *b, const struct event *e)
{
	char num[24];

	print_escape(b, e->pos_kind != NULL ? e->pos_kind : "record", 0);
	snprintf(num, sizeof(num), " %" PRIu64, e->pos);
	buf_adds(b, num);
}

/* "[LEVEL] TITLE @ HOST: EXCERPT", or without " @ HOST" if none. */
static void
print_message(struct buf *b, const struct event *e)
{
	buf_addc(b, '[');
	if (e->sig != NULL) {
		print_escape(b, sig_level_name(e->sig->level), 0);
		buf_adds(b, "] ");
		print_escape(b, e->sig->title, 0);
	} else
		buf_adds(b, "] ");
	if (e->host != NULL && e->host[0] != '\0') {
		buf_adds(b, " @ ");
		print_escape(b, e->host, 0);
	}
	buf_adds(b, ": ");
	escape_text(b, e->excerpt, e->excerpt_len, PRINT_MESSAGE_MAX);
}

void
print_row_fill(struct print_row *r, const struct event *e)
{
	const struct sig *s = e->sig;
	char num[24];
	size_t i;

	for (i = 0; i < PCOL_N; i++)
		buf_reset(&r->col[i]);
	print_datetime(&r->col[PCOL_DATETIME], e);
	print_escape(&r->col[PCOL_TIMESTAMP_DESC], e->time_desc, 0);
	print_message(&r->col[PCOL_MESSAGE], e);
	if (e->has_time) {
		snprintf(num, sizeof(num), "%" PRId64, e->time_us);
		buf_adds(&r->col[PCOL_TIMESTAMP], num);
	}
	print_escape(&r->col[PCOL_HOST], e->host, 0);
	print_escape(&r->col[PCOL_SOURCE], e->source, 0);
	print_position(&r->col[PCOL_POSITION], e);
	print_escape(&r->col[PCOL_FORMAT], e->format, 0);
	if (s != NULL) {
		print_escape(&r->col[PCOL_SIGNATURE_ID], s->id, 0);
		print_escape(&r->col[PCOL_SIGNATURE_TITLE], s->title, 0);
		print_escape(&r->col[PCOL_LEVEL], sig_level_name(s->level), 0);
		print_escape(&r->col[PCOL_ATTACK], s->attack, 0);
	}
	escape_text(&r->col[PCOL_EXCERPT], e->excerpt, e->excerpt_len,
	    PRINT_EXCERPT_MAX);
	print_escape(&r->col[PCOL_TIME_NOTE], e->time_note, 0);
	snprintf(num, sizeof(num), "%" PRIu64, e->offset);
	buf_adds(&r->col[PCOL_OFFSET], num);
}
