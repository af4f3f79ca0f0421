/* SPDX-License-Identifier: MIT */
/*
 * escape.c - growable byte buffers, and the escaping that makes untrusted
 * bytes safe to show in any output format.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "escape.h"
#include "hopscan.h"

/* The longest escape of one unit: "\xc2\x9b" (C1) or "\u{202e}". */
#define ESC_UNIT_MAX	8

/* U+2026 HORIZONTAL ELLIPSIS, appended when the output is cut. */
#define ESC_ELLIPSIS	"\xe2\x80\xa6"

void
buf_init(struct buf *b)
{
	b->p = NULL;
	b->len = 0;
	b->cap = 0;
}

void
buf_free(struct buf *b)
{
	free(b->p);
	buf_init(b);
}

void
buf_reset(struct buf *b)
{
	b->len = 0;
}

void
buf_grow(struct buf *b, size_t n)
{
	size_t need, cap;

	/* Cannot happen: len and n both measure objects in memory. */
	if (n > SIZE_MAX - 1 - b->len)
		abort();
	need = b->len + n + 1;
	if (need <= b->cap)
		return;
	cap = b->cap != 0 ? b->cap : 64;
	while (cap < need)
		cap = cap > SIZE_MAX / 2 ? need : cap * 2;
	b->p = xrealloc(b->p, cap);
	b->cap = cap;
}

void
buf_add(struct buf *b, const void *p, size_t n)
{
	if (n == 0)
		return;
	buf_grow(b, n);
	memcpy(b->p + b->len, p, n);
	b->len += n;
}

void
buf_addc(struct buf *b, char c)
{
	buf_grow(b, 1);
	b->p[b->len++] = c;
}

void
buf_adds(struct buf *b, const char *s)
{
	buf_add(b, s, strlen(s));
}

void
buf_addcp(struct buf *b, uint32_t cp)
{
	char u[4];
	size_t n;

	if ((cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff)
		cp = 0xfffd;
	if (cp < 0x80) {
		u[0] = (char)cp;
		n = 1;
	} else if (cp < 0x800) {
		u[0] = (char)(0xc0 | cp >> 6);
		u[1] = (char)(0x80 | (cp & 0x3f));
		n = 2;
	} else if (cp < 0x10000) {
		u[0] = (char)(0xe0 | cp >> 12);
		u[1] = (char)(0x80 | (cp >> 6 & 0x3f));
		u[2] = (char)(0x80 | (cp & 0x3f));
		n = 3;
	} else {
		u[0] = (char)(0xf0 | cp >> 18);
		u[1] = (char)(0x80 | (cp >> 12 & 0x3f));
		u[2] = (char)(0x80 | (cp >> 6 & 0x3f));
		u[3] = (char)(0x80 | (cp & 0x3f));
		n = 4;
	}
	buf_add(b, u, n);
}

char *
buf_str(struct buf *b)
{
	buf_grow(b, 0);
	b->p[b->len] = '\0';
	return b->p;
}

/*
 * If s[0..n) starts with a well-formed UTF-8 sequence (Unicode 15,
 * table 3-7: no overlong forms, no surrogates, nothing above U+10FFFF),
 * store its code point in *cp and return its length (1..4); else return 0.
 */
static size_t
utf8_decode(const unsigned char *s, size_t n, uint32_t *cp)
{
	unsigned char lo = 0x80, hi = 0xbf;
	size_t len, i;

	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	}
	if (s[0] < 0xc2)
		return 0;		/* continuation byte or overlong lead */
	if (s[0] < 0xe0) {
		len = 2;
		*cp = s[0] & 0x1f;
	} else if (s[0] < 0xf0) {
		len = 3;
		*cp = s[0] & 0x0f;
		if (s[0] == 0xe0)
			lo = 0xa0;	/* overlong */
		else if (s[0] == 0xed)
			hi = 0x9f;	/* surrogates */
	} else if (s[0] < 0xf5) {
		len = 4;
		*cp = s[0] & 0x07;
		if (s[0] == 0xf0)
			lo = 0x90;	/* overlong */
		else if (s[0] == 0xf4)
			hi = 0x8f;	/* above U+10FFFF */
	} else
		return 0;
	if (n < len || s[1] < lo || s[1] > hi)
		return 0;
	*cp = (*cp << 6) | (s[1] & 0x3f);
	for (i = 2; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		*cp = (*cp << 6) | (s[i] & 0x3f);
	}
	return len;
}

/* 1 if cp is a line separator or bidi control shown as "\u{XXXX}". */
static int
is_invisible_control(uint32_t cp)
{
	return cp == 0x2028 || cp == 0x2029 ||
	    (cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069);
}

/* Write "\xNN" for byte c to out; return 4. */
static size_t
put_hex_byte(char *out, unsigned char c)
{
	static const char hex[] = "0123456789abcdef";

	out[0] = '\\';
	out[1] = 'x';
	out[2] = hex[c >> 4];
	out[3] = hex[c & 0x0f];
	return 4;
}

/*
 * Escape the unit at s[0..n) (n > 0): one UTF-8 sequence, or one byte
 * that does not start a valid one.  Write the escaped form to out (at
 * least ESC_UNIT_MAX bytes), set *used to the bytes of s it stands for
 * and return its length.
 */
static size_t
escape_unit(const unsigned char *s, size_t n, char *out, size_t *used)
{
	static const char hex[] = "0123456789abcdef";
	uint32_t cp;
	size_t len;

	len = utf8_decode(s, n, &cp);
	*used = len != 0 ? len : 1;
	if (len == 0 || cp < 0x20 || cp == 0x7f) {
		if (len != 0 && cp == '\t') {
			memcpy(out, "\\t", 2);
			return 2;
		}
		return put_hex_byte(out, s[0]);
	}
	if (cp >= 0x80 && cp <= 0x9f) {
		put_hex_byte(out, s[0]);
		return 4 + put_hex_byte(out + 4, s[1]);
	}
	if (is_invisible_control(cp)) {
		memcpy(out, "\\u{", 3);
		out[3] = hex[(cp >> 12) & 0x0f];
		out[4] = hex[(cp >> 8) & 0x0f];
		out[5] = hex[(cp >> 4) & 0x0f];
		out[6] = hex[cp & 0x0f];
		out[7] = '}';
		return 8;
	}
	memcpy(out, s, len);
	return len;
}

/*
 * The bound counts the escaped text only: when cut, the three bytes of
 * "…" come on top, so at most max_out + 3 bytes are appended.
 */
int
escape_text(struct buf *b, const char *s, size_t n, size_t max_out)
{
	const unsigned char *u = (const unsigned char *)s;
	char unit[ESC_UNIT_MAX];
	size_t i = 0, out = 0, room, run, len, used;

	while (i < n) {
		room = max_out != 0 ? max_out - out : SIZE_MAX;
		/* Printable ASCII runs are copied as they are. */
		for (run = 0; i + run < n && run <= room &&
		    u[i + run] >= 0x20 && u[i + run] < 0x7f; run++)
			;
		if (run > room) {
			buf_add(b, s + i, room);
			goto cut;
		}
		if (run > 0) {
			buf_add(b, s + i, run);
			out += run;
			i += run;
			continue;
		}
		len = escape_unit(u + i, n - i, unit, &used);
		if (len > room)
			goto cut;
		buf_add(b, unit, len);
		out += len;
		i += used;
	}
	return 0;
cut:
	buf_adds(b, ESC_ELLIPSIS);
	return 1;
}

/*
 * Append s[0..n) as a JSON string.  s is escape_text() output, so it is
 * valid UTF-8 and the result is too; quotes, backslashes and any control
 * character left are escaped all the same.
 */
void
json_string(struct buf *b, const char *s, size_t n)
{
	static const char hex[] = "0123456789abcdef";
	unsigned char c;
	size_t i;

	buf_addc(b, '"');
	for (i = 0; i < n; i++) {
		c = (unsigned char)s[i];
		if (c == '"' || c == '\\') {
			buf_addc(b, '\\');
			buf_addc(b, (char)c);
		} else if (c < 0x20) {
			buf_adds(b, "\\u00");
			buf_addc(b, hex[c >> 4]);
			buf_addc(b, hex[c & 0x0f]);
		} else
			buf_addc(b, (char)c);
	}
	buf_addc(b, '"');
}

void
diag_line(struct buf *b, const char *who, int sev, const char *prov,
    uint64_t line, const char *msg)
{
	buf_adds(b, who);
	if (prov != NULL) {
		escape_text(b, prov, strlen(prov), 0);
		if (line > 0) {
			char n[32];

			snprintf(n, sizeof(n), ":%llu", (unsigned long long)line);
			buf_adds(b, n);
		}
		buf_adds(b, ": ");
	}
	buf_adds(b, sev == HOP_SEV_ERROR ? "error: " : sev == HOP_SEV_NOTE ?
	    "note: " : "warning: ");
	escape_text(b, msg, strlen(msg), 0);
	buf_addc(b, '\n');
}
