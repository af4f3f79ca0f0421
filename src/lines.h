/* SPDX-License-Identifier: MIT */
/*
 * lines.h - split a byte stream into lines: LF or CRLF, bounded length,
 * any bytes (NUL, invalid UTF-8) passed through, UTF-16 text decoded to
 * UTF-8 when it starts with a byte-order mark (or plainly looks like
 * UTF-16: ASCII with every other byte zero).
 */
#ifndef LINES_H
#define LINES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define LINES_MAX_DEFAULT	(1u << 20)
/* The smallest bound: a piece holds at least one whole character. */
#define LINES_MAX_MIN		16u

/* Source of bytes: HOP_OK with *len > 0, HOP_EOF or HOP_FAIL. */
typedef int	(*lines_pull_fn)(void *ctx, const void **buf, size_t *len);

enum lines_enc {
	LINES_BYTES,		/* as is: UTF-8, ASCII or anything else */
	LINES_UTF8_BOM,		/* UTF-8 after a byte-order mark */
	LINES_UTF16LE,
	LINES_UTF16BE
};

/* One line, or one piece of a line longer than the bound. */
struct line {
	const char	*p;	/* bytes without the line end; UTF-8 if decoded */
	size_t		 len;
	uint64_t	 no;	/* line number, from 1; pieces share it */
	uint64_t	 offset;/* byte offset in the stream (before decoding) */
	bool		 cut;	/* a piece of a longer line */
};

struct lines;

/*
 * A reader for lines of at most max_len bytes (0 = LINES_MAX_DEFAULT; a
 * bound below LINES_MAX_MIN is raised to it).
 */
struct lines	*lines_new(size_t max_len);
void		 lines_free(struct lines *l);

/* Start reading a new stream from pull(ctx). */
void		 lines_start(struct lines *l, lines_pull_fn pull, void *ctx);

/*
 * The next line, valid until the next call.  Returns HOP_OK, HOP_EOF at
 * the end, or HOP_FAIL once all lines before a read failure were given.
 */
int		 lines_next(struct lines *l, struct line *ln);

/* The encoding found at the start of the stream. */
enum lines_enc	 lines_encoding(const struct lines *l);
/* The number of the first line that had to be cut, or 0. */
uint64_t	 lines_first_cut(const struct lines *l);

#endif /* LINES_H */
