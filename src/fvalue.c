/* SPDX-License-Identifier: MIT */
/*
 * fvalue.c - EVTX values as text, the way libevtx 20181227 writes them in
 * a record's XML.  libfwevt hands each substituted value to libfvalue with
 * a type and format flags (libfwevt_xml_document_substitute_template_value())
 * and libfvalue writes it (libfvalue_value_copy_to_utf8_string_with_index()),
 * UTF-16 text by way of libuna.  Only what is written here the same way for
 * every input is rendered; anything else is left to libevtx (-1).
 */
#include <stdio.h>
#include <string.h>

#include "escape.h"
#include "fvalue.h"
#include "timestamp.h"

/* EVTX value types (libfwevt_definitions.h). */
enum {
	V_UTF16 = 0x01, V_INT8 = 0x03, V_UINT8, V_INT16, V_UINT16, V_INT32,
	V_UINT32, V_INT64, V_UINT64, V_BOOL = 0x0d, V_BINARY, V_GUID, V_SIZE,
	V_FILETIME, V_SYSTEMTIME, V_SID, V_HEX32, V_HEX64
};

#define DAYS_1601_1970	134774		/* days from 1601-01-01 */

static uint64_t
le(const uint8_t *p, size_t n)
{
	uint64_t v = 0;

	while (n-- > 0)
		v = v << 8 | p[n];
	return (v);
}

/*
 * UTF-16LE text, as libuna_utf8_string_with_index_copy_from_utf16_stream()
 * converts it: up to the first NUL.  Left to libevtx: no data or an odd
 * size (an error there), a byte-order mark first (libuna drops it, or
 * reads big-endian) and surrogates (libuna 20181227 miscomputes pairs).
 */
ssize_t
fvalue_utf16(struct buf *b, const uint8_t *p, size_t n, bool escape)
{
	size_t i, out = 0;
	uint16_t u;
	char *d;

	if (n == 0 || n % 2 != 0)
		return (-1);
	u = (uint16_t)(p[0] | p[1] << 8);
	if (u == 0xfeff || u == 0xfffe)
		return (-1);
	buf_grow(b, n / 2 * 5);		/* "&amp;" or 3 bytes a unit */
	d = b->p + b->len;
	for (i = 0; i + 1 < n; i += 2) {
		u = (uint16_t)(p[i] | p[i + 1] << 8);
		if (u == 0)
			break;
		if (u < 0x80) {
			out++;
			if (escape && u == '&') {
				memcpy(d, "&amp;", 5);
				d += 5;
			} else if (escape && u == '<') {
				memcpy(d, "&lt;", 4);
				d += 4;
			} else if (escape && u == '>') {
				memcpy(d, "&gt;", 4);
				d += 4;
			} else
				*d++ = (char)u;
		} else if (u < 0x800) {
			out += 2;
			*d++ = (char)(0xc0 | u >> 6);
			*d++ = (char)(0x80 | (u & 0x3f));
		} else if (u < 0xd800 || u > 0xdfff) {
			out += 3;
			*d++ = (char)(0xe0 | u >> 12);
			*d++ = (char)(0x80 | (u >> 6 & 0x3f));
			*d++ = (char)(0x80 | (u & 0x3f));
		} else
			return (-1);	/* nothing appended */
	}
	b->len = (size_t)(d - b->p);
	return ((ssize_t)out);
}

/* An unsigned integer in decimal. */
static ssize_t
decimal(struct buf *b, uint64_t v)
{
	char s[24];
	int k = snprintf(s, sizeof(s), "%llu", (unsigned long long)v);

	buf_add(b, s, (size_t)k);
	return (k);
}

/*
 * A signed integer of n bytes in decimal, as libfvalue writes it: a
 * negative one as a minus and the number without its sign bit (the least
 * one as itself).
 */
static ssize_t
signed_decimal(struct buf *b, uint64_t v, size_t n)
{
	uint64_t sign = UINT64_C(1) << (8 * n - 1);

	if ((v & sign) == 0)
		return (decimal(b, v));
	buf_addc(b, '-');
	v &= ~sign;
	return (1 + decimal(b, v != 0 ? v : sign));
}

/* An integer of n bytes in hexadecimal: "0x", every digit, lower case. */
static ssize_t
hex(struct buf *b, uint64_t v, size_t n)
{
	char s[24];
	int k = snprintf(s, sizeof(s), "0x%0*llx", (int)(2 * n),
	    (unsigned long long)v);

	buf_add(b, s, (size_t)k);
	return (k);
}

/* A GUID: braces, upper case, the first three fields little-endian. */
static ssize_t
guid(struct buf *b, const uint8_t *p)
{
	char s[40];
	int k = snprintf(s, sizeof(s), "{%08llX-%04llX-%04llX-%02X%02X-"
	    "%02X%02X%02X%02X%02X%02X}", (unsigned long long)le(p, 4),
	    (unsigned long long)le(p + 4, 2), (unsigned long long)le(p + 6, 2),
	    p[8], p[9], p[10], p[11], p[12], p[13], p[14], p[15]);

	buf_add(b, s, (size_t)k);
	return (k);
}

/*
 * A FILETIME in ISO 8601 with nanoseconds (the last two digits 0) and a
 * Z, from 1601; past the year 9999 its two halves in hexadecimal.
 */
static ssize_t
filetime(struct buf *b, uint64_t ft)
{
	uint64_t secs = ft / 10000000;
	int y, m, d, k;
	char s[48];

	ts_civil_from_days((int64_t)(secs / 86400) - DAYS_1601_1970, &y, &m,
	    &d);
	if (y > 9999)
		k = snprintf(s, sizeof(s), "(0x%08llx 0x%08llx)",
		    (unsigned long long)(ft >> 32),
		    (unsigned long long)(ft & 0xffffffff));
	else
		k = snprintf(s, sizeof(s), "%04d-%02d-%02dT%02d:%02d:%02d."
		    "%09lluZ", y, m, d, (int)(secs % 86400 / 3600),
		    (int)(secs % 3600 / 60), (int)(secs % 60),
		    (unsigned long long)(ft % 10000000 * 100));
	buf_add(b, s, (size_t)k);
	return (k);
}

/*
 * A SYSTEMTIME in ISO 8601 with milliseconds and a Z.  An invalid one
 * libfdatetime writes field by field in a form of its own: left to it.
 */
static ssize_t
systemtime(struct buf *b, const uint8_t *p)
{
	unsigned y = (unsigned)le(p, 2), mo = (unsigned)le(p + 2, 2),
	    wd = (unsigned)le(p + 4, 2), d = (unsigned)le(p + 6, 2),
	    h = (unsigned)le(p + 8, 2), mi = (unsigned)le(p + 10, 2),
	    sec = (unsigned)le(p + 12, 2), ms = (unsigned)le(p + 14, 2);
	char s[48];
	int k;

	if (y > 9999 || mo < 1 || mo > 12 || wd > 6 || d < 1 ||
	    d > (unsigned)ts_days_in_month((int)y, (int)mo) || h > 23 ||
	    mi > 59 || sec > 59 || ms > 999)
		return (-1);
	k = snprintf(s, sizeof(s), "%04u-%02u-%02uT%02u:%02u:%02u.%03uZ", y,
	    mo, d, h, mi, sec, ms);
	buf_add(b, s, (size_t)k);
	return (k);
}

/*
 * A SID: "S-", revision, authority (48 bits, big-endian, in decimal),
 * sub-authorities; bytes past them are ignored.  libfwnt fails on more
 * than 15 sub-authorities.
 */
static ssize_t
sid(struct buf *b, const uint8_t *p, size_t n)
{
	uint64_t auth = 0;
	size_t i, start = b->len;
	char s[24];
	int k;

	if (n < 8 || p[1] > 15 || n < 8 + 4 * (size_t)p[1])
		return (-1);
	n = 8 + 4 * (size_t)p[1];
	for (i = 2; i < 8; i++)
		auth = auth << 8 | p[i];
	k = snprintf(s, sizeof(s), "S-%u-%llu", p[0], (unsigned long long)auth);
	buf_add(b, s, (size_t)k);
	for (i = 8; i < n; i += 4) {
		k = snprintf(s, sizeof(s), "-%llu", (unsigned long long)le(p + i,
		    4));
		buf_add(b, s, (size_t)k);
	}
	return ((ssize_t)(b->len - start));
}

/* Binary data in upper-case hexadecimal. */
static ssize_t
binary(struct buf *b, const uint8_t *p, size_t n)
{
	static const char digits[] = "0123456789ABCDEF";
	size_t i;

	for (i = 0; i < n; i++) {
		buf_addc(b, digits[p[i] >> 4]);
		buf_addc(b, digits[p[i] & 15]);
	}
	return ((ssize_t)(2 * n));
}

ssize_t
fvalue_format(struct buf *b, uint8_t t, const uint8_t *p, size_t n,
    bool escape)
{
	uint64_t v;

	switch (t) {
	case V_UTF16:
		return (n == 0 ? 0 : fvalue_utf16(b, p, n, escape));
	}
	if (n == 0)		/* no value: an empty element */
		return (0);
	switch (t) {
	case V_INT8: case V_INT16: case V_INT32: case V_INT64:
	case V_UINT8: case V_UINT16: case V_UINT32: case V_UINT64:
	case V_SIZE: case V_HEX32: case V_HEX64: case V_BOOL:
		/* The data's size is the integer's, whatever the type. */
		if (n != 1 && n != 2 && n != 4 && n != 8)
			return (-1);
		v = le(p, n);
		if (t == V_HEX32 || t == V_HEX64)
			return (hex(b, v, n));
		if (t == V_BOOL) {
			buf_adds(b, v != 0 ? "true" : "false");
			return (v != 0 ? 4 : 5);
		}
		if (t == V_INT8 || t == V_INT16 || t == V_INT32 ||
		    t == V_INT64)
			return (signed_decimal(b, v, n));
		return (decimal(b, v));
	case V_GUID:		/* bytes past the first 16 are ignored */
		return (n >= 16 ? guid(b, p) : -1);
	case V_FILETIME:
		return (n >= 8 ? filetime(b, le(p, 8)) : -1);
	case V_SYSTEMTIME:
		return (n >= 16 ? systemtime(b, p) : -1);
	case V_SID:
		return (sid(b, p, n));
	case V_BINARY:
		return (binary(b, p, n));
	}
	return (-1);
}
