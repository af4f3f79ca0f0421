/* SPDX-License-Identifier: MIT */
/*
 * lines.c - a byte stream to bounded lines, decoding UTF-16 on the way.
 */
#include <stdlib.h>
#include <string.h>

#include "escape.h"
#include "hopscan.h"
#include "lines.h"

struct lines {
	size_t		 max;		/* longest piece, in decoded bytes */
	lines_pull_fn	 pull;
	void		*ctx;
	unsigned char	*raw;		/* undecoded bytes [beg, end) */
	size_t		 beg, end, cap;
	size_t		 scanned;	/* no line end in [beg, scanned) */
	uint64_t	 base;		/* stream offset of raw[0] */
	uint64_t	 no;		/* number of the line being read */
	uint64_t	 first_cut;
	int		 in_piece;	/* the last piece did not end a line */
	int		 done;		/* HOP_OK while the source gives data */
	int		 sniffed;
	enum lines_enc	 enc;
	struct buf	 out;		/* decoded UTF-16 */
};

struct lines *
lines_new(size_t max_len)
{
	struct lines *l = xcalloc(1, sizeof(*l));

	l->max = max_len ? max_len : LINES_MAX_DEFAULT;
	/*
	 * UTF-16 pieces are cut at max / 3 * 2 raw bytes, less one code
	 * unit before a surrogate pair: below this that could be no bytes
	 * at all, read before the buffer and never move on.
	 */
	if (l->max < LINES_MAX_MIN)
		l->max = LINES_MAX_MIN;
	buf_init(&l->out);
	return l;
}

void
lines_free(struct lines *l)
{
	if (l == NULL)
		return;
	free(l->raw);
	buf_free(&l->out);
	free(l);
}

void
lines_start(struct lines *l, lines_pull_fn pull, void *ctx)
{
	l->pull = pull;
	l->ctx = ctx;
	l->beg = l->end = l->scanned = 0;
	l->base = 0;
	l->no = 1;
	l->first_cut = 0;
	l->in_piece = 0;
	l->done = HOP_OK;
	l->sniffed = 0;
	l->enc = LINES_BYTES;
}

enum lines_enc
lines_encoding(const struct lines *l)
{
	return l->enc;
}

uint64_t
lines_first_cut(const struct lines *l)
{
	return l->first_cut;
}

static size_t
unit(const struct lines *l)
{
	return l->enc == LINES_UTF16LE || l->enc == LINES_UTF16BE ? 2 : 1;
}

/* Pull one more block into raw.  Returns 0, or -1 at the end. */
static int
refill(struct lines *l)
{
	const void *b;
	size_t n;

	if (l->done != HOP_OK)
		return -1;
	if ((l->done = l->pull(l->ctx, &b, &n)) != HOP_OK)
		return -1;
	if (l->beg > 0 && l->beg == l->end) {
		l->base += l->beg;
		l->scanned -= l->beg;
		l->beg = l->end = 0;
	} else if (l->beg > 0 && l->end + n > l->cap) {
		memmove(l->raw, l->raw + l->beg, l->end - l->beg);
		l->base += l->beg;
		l->end -= l->beg;
		l->scanned -= l->beg;
		l->beg = 0;
	}
	if (l->end + n > l->cap) {
		l->cap = l->end + n > 2 * l->cap ? l->end + n : 2 * l->cap;
		l->raw = xrealloc(l->raw, l->cap);
	}
	memcpy(l->raw + l->end, b, n);
	l->end += n;
	return 0;
}

static int
is_text_byte(unsigned char c)
{
	return (c >= 0x20 && c < 0x7f) || c == '\t' || c == '\r' || c == '\n';
}

/* Look at the first bytes for a byte-order mark or plain UTF-16. */
static void
sniff(struct lines *l)
{
	const unsigned char *p;
	size_t n = l->end - l->beg;

	while (n < 4 && refill(l) == 0)
		n = l->end - l->beg;
	l->sniffed = 1;
	l->scanned = l->beg;
	/* An empty stream may have no buffer yet (raw is NULL). */
	if (n == 0)
		return;
	p = l->raw + l->beg;
	if (n >= 3 && memcmp(p, "\xef\xbb\xbf", 3) == 0) {
		l->enc = LINES_UTF8_BOM;
		l->beg += 3;
	} else if (n >= 2 && p[0] == 0xff && p[1] == 0xfe) {
		l->enc = LINES_UTF16LE;
		l->beg += 2;
	} else if (n >= 2 && p[0] == 0xfe && p[1] == 0xff) {
		l->enc = LINES_UTF16BE;
		l->beg += 2;
	} else if (n >= 4 && p[1] == 0 && p[3] == 0 && p[0] && p[2] &&
	    is_text_byte(p[0]) && is_text_byte(p[2]))
		l->enc = LINES_UTF16LE;
	else if (n >= 4 && p[0] == 0 && p[2] == 0 && p[1] && p[3] &&
	    is_text_byte(p[1]) && is_text_byte(p[3]))
		l->enc = LINES_UTF16BE;
	l->scanned = l->beg;
}

/* UTF-16 code unit at p. */
static unsigned
u16(const struct lines *l, const unsigned char *p)
{
	return l->enc == LINES_UTF16LE ? (unsigned)(p[0] | p[1] << 8) :
	    (unsigned)(p[0] << 8 | p[1]);
}

/* Index of the next line end in raw at or after l->scanned, or end. */
static size_t
find_eol(struct lines *l)
{
	size_t i = l->scanned;

	if (i >= l->end)
		return l->end;
	if (unit(l) == 1) {
		const unsigned char *nl = memchr(l->raw + i, '\n', l->end - i);

		return nl != NULL ? (size_t)(nl - l->raw) : l->end;
	}
	for (; i + 1 < l->end; i += 2)
		if (u16(l, l->raw + i) == '\n')
			return i;
	return l->end;
}

/* Decode UTF-16 p[0..n) into l->out; lone surrogates become U+FFFD. */
static void
decode16(struct lines *l, const unsigned char *p, size_t n)
{
	buf_reset(&l->out);
	for (size_t i = 0; i + 1 < n; i += 2) {
		unsigned c = u16(l, p + i);

		if (c >= 0xd800 && c < 0xdc00 && i + 3 < n &&
		    u16(l, p + i + 2) >= 0xdc00 && u16(l, p + i + 2) < 0xe000) {
			c = 0x10000 + ((c - 0xd800) << 10) +
			    (u16(l, p + i + 2) - 0xdc00);
			i += 2;
		} else if (c >= 0xd800 && c < 0xe000)
			c = 0xfffd;
		buf_addcp(&l->out, c);
	}
	if (n % 2)
		buf_addcp(&l->out, 0xfffd);
}

/* Fill ln with raw[beg, stop), dropping a CR before a line end. */
static void
emit(struct lines *l, struct line *ln, size_t stop, int ends_line)
{
	size_t u = unit(l), n = stop - l->beg;
	const unsigned char *p = l->raw + l->beg;

	if (ends_line && n >= u && (u == 1 ? p[n - 1] == '\r' :
	    u16(l, p + n - 2) == '\r'))
		n -= u;
	ln->no = l->no;
	ln->offset = l->base + l->beg;
	ln->cut = !ends_line || l->in_piece;
	if (u == 2) {
		decode16(l, p, n);
		ln->p = l->out.p ? l->out.p : "";
		ln->len = l->out.len;
	} else {
		ln->p = (const char *)p;
		ln->len = n;
	}
	if (ln->cut && l->first_cut == 0)
		l->first_cut = l->no;
	l->in_piece = !ends_line;
	if (ends_line)
		l->no++;
}

/* Where to cut a line that is too long, not inside a character. */
static size_t
cut_point(const struct lines *l)
{
	size_t stop = l->beg + (unit(l) == 2 ? l->max / 3 * 2 : l->max);

	if (unit(l) == 1) {
		for (int k = 0; k < 3 && stop > l->beg + 1 &&
		    (l->raw[stop] & 0xc0) == 0x80; k++)
			stop--;
	} else {
		unsigned c = u16(l, l->raw + stop - 2);

		if (c >= 0xd800 && c < 0xdc00)
			stop -= 2;
	}
	return stop;
}

int
lines_next(struct lines *l, struct line *ln)
{
	if (!l->sniffed)
		sniff(l);
	for (;;) {
		size_t eol = find_eol(l), u = unit(l);
		size_t limit = u == 2 ? l->max / 3 * 2 : l->max;

		if (eol - l->beg > limit) {
			size_t stop = cut_point(l);

			emit(l, ln, stop, 0);
			l->beg = l->scanned = stop;
			return HOP_OK;
		}
		if (eol < l->end) {
			emit(l, ln, eol, 1);
			l->beg = l->scanned = eol + u;
			return HOP_OK;
		}
		l->scanned = u == 2 ? l->end - ((l->end - l->beg) % 2) : l->end;
		if (refill(l) == 0)
			continue;
		if (l->beg < l->end) {
			emit(l, ln, l->end, 1);
			l->beg = l->scanned = l->end;
			return HOP_OK;
		}
		return l->done == HOP_EOF ? HOP_EOF : HOP_FAIL;
	}
}
