/* SPDX-License-Identifier: MIT */
/*
 * escape.h - make untrusted bytes (log lines, member names) safe to show.
 *
 * escape_text() is used for every string that came from evidence, in every
 * output format, so that the same bytes read the same everywhere: valid
 * printable UTF-8 passes through; a tab becomes "\t", other C0 controls,
 * DEL and C1 controls become "\xNN" (for C1 the UTF-8 bytes, e.g. "\xc2\x9b");
 * each byte that is not part of valid UTF-8 becomes "\xNN"; the bidi and
 * line-separator code points (U+2028, U+2029, U+202A..U+202E,
 * U+2066..U+2069) become "\u{XXXX}".  The result is valid UTF-8 with no
 * control characters, so it cannot move a terminal cursor or break a line.
 */
#ifndef ESCAPE_H
#define ESCAPE_H

#include <stddef.h>
#include <stdint.h>

/* A growable byte buffer. */
struct buf {
	char	*p;
	size_t	 len;
	size_t	 cap;
};

void	buf_init(struct buf *b);
void	buf_free(struct buf *b);
void	buf_reset(struct buf *b);		/* len = 0, keeps memory */
void	buf_add(struct buf *b, const void *p, size_t n);
void	buf_addc(struct buf *b, char c);
/* Make room for n more bytes (and a NUL) without adding them. */
void	buf_grow(struct buf *b, size_t n);
/* Append code point cp as UTF-8; surrogates and values past U+10FFFF
   become U+FFFD. */
void	buf_addcp(struct buf *b, uint32_t cp);
void	buf_adds(struct buf *b, const char *s);
/* NUL-terminate (not counted in len) and return b->p. */
char	*buf_str(struct buf *b);

/*
 * Append the escaped form of s[0..n) to b.  At most max_out bytes of
 * escaped text are appended (0 = no bound); when cut, "…" is appended after
 * the last whole escape and the function returns 1, else 0.
 */
int	escape_text(struct buf *b, const char *s, size_t n, size_t max_out);

/*
 * Append s[0..n) as a JSON string: quotes, backslashes and control
 * characters escaped.  s must be valid UTF-8 (escape_text() output, or text
 * of hopscan's own) for the result to be valid JSON.
 */
void	json_string(struct buf *b, const char *s, size_t n);

/*
 * Append one diagnostic line, as hopscan prints them: who ("hopscan: "),
 * then PROV[:LINE]: (escaped) if prov is not NULL, the severity (enum
 * hop_sev), the escaped message and a newline.
 */
void	diag_line(struct buf *b, const char *who, int sev, const char *prov,
	    uint64_t line, const char *msg);

#endif /* ESCAPE_H */
