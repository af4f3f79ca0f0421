/* SPDX-License-Identifier: MIT */
/*
 * print_text.c - the text printer, for people: two lines per event in
 * aligned columns, colour only when asked for.
 */
#include "print_impl.h"
#include "sigs.h"

/* Column widths of the first line; longer values push the rest on. */
#define TEXT_W_DATETIME	27
#define TEXT_W_LEVEL	13
#define TEXT_W_HOST	15
#define TEXT_W_SIG_ID	32

/* ANSI SGR sequences. */
#define SGR_RESET	"\033[0m"
#define SGR_DIM		"\033[2m"

/* The colour of level l, or NULL for the terminal's default. */
static const char *
text_level_color(enum sig_level l)
{
	switch (l) {
	case SIG_CRITICAL:
		return "\033[1;31m";
	case SIG_HIGH:
		return "\033[31m";
	case SIG_MEDIUM:
		return "\033[33m";
	case SIG_LOW:
		return "\033[36m";
	case SIG_INFORMATIONAL:
	default:
		return NULL;
	}
}

/*
 * Columns taken by s[0..n), valid UTF-8 without controls: one per code
 * point (wide characters are rare in logs and locale-dependent).
 */
static size_t
text_width(const char *s, size_t n)
{
	size_t i, w = 0;

	for (i = 0; i < n; i++)
		if (((unsigned char)s[i] & 0xc0) != 0x80)
			w++;
	return w;
}

/* Append f to b, in colour if color is not NULL, padded to width. */
static void
text_field(struct buf *b, const struct buf *f, const char *color,
    size_t width)
{
	size_t w;

	w = text_width(f->p, f->len);
	if (color != NULL)
		buf_adds(b, color);
	buf_add(b, f->p, f->len);
	if (color != NULL)
		buf_adds(b, SGR_RESET);
	for (; w < width; w++)
		buf_addc(b, ' ');
	buf_adds(b, "  ");
}

/* Drop the spaces at the end of b. */
static void
text_rtrim(struct buf *b)
{
	while (b->len > 0 && b->p[b->len - 1] == ' ')
		b->len--;
}

/* DATETIME  LEVEL  HOST  SIGNATURE_ID  TITLE */
static void
text_line1(struct printer *p, const struct event *e)
{
	const struct sig *s = e->sig;
	struct buf *f = &p->tmp;

	buf_reset(f);
	if (e->has_time)
		print_datetime(f, e);
	else
		buf_addc(f, '-');
	text_field(&p->line, f, NULL, TEXT_W_DATETIME);
	buf_reset(f);
	if (s != NULL)
		print_escape(f, sig_level_name(s->level), 0);
	text_field(&p->line, f, p->color && s != NULL ?
	    text_level_color(s->level) : NULL, TEXT_W_LEVEL);
	buf_reset(f);
	print_escape(f, e->host, 0);
	text_field(&p->line, f, NULL, TEXT_W_HOST);
	buf_reset(f);
	if (s != NULL)
		print_escape(f, s->id, 0);
	text_field(&p->line, f, NULL, TEXT_W_SIG_ID);
	if (s != NULL)
		print_escape(&p->line, s->title, 0);
	text_rtrim(&p->line);
	buf_addc(&p->line, '\n');
}

/* "    SOURCE POSITION: EXCERPT  (time: NOTE)", dim in colour. */
static void
text_line2(struct printer *p, const struct event *e)
{
	struct buf *f = &p->tmp;

	buf_reset(f);
	buf_adds(f, "    ");
	print_escape(f, e->source, 0);
	buf_addc(f, ' ');
	print_position(f, e);
	buf_adds(f, ": ");
	escape_text(f, e->excerpt, e->excerpt_len, PRINT_TEXT_EXCERPT_MAX);
	if (e->time_note != NULL) {
		buf_adds(f, "  (time: ");
		print_escape(f, e->time_note, 0);
		buf_addc(f, ')');
	}
	text_rtrim(f);
	if (p->color)
		buf_adds(&p->line, SGR_DIM);
	buf_add(&p->line, f->p, f->len);
	if (p->color)
		buf_adds(&p->line, SGR_RESET);
	buf_addc(&p->line, '\n');
}

static void
text_event(struct printer *p, const struct event *e)
{
	text_line1(p, e);
	text_line2(p, e);
}

const struct printer_ops print_text_ops = {
	.name = "text",
	.format = PRINT_TEXT,
	.begin = NULL,
	.event = text_event,
	.end = NULL,
};
