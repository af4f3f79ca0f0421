/* SPDX-License-Identifier: MIT */
/*
 * evtx.c - Windows event logs read from memory with libevtx: each record
 * becomes one line with named fields, and UTF-16LE text in chunk slack and
 * in records libevtx cannot parse is recovered as records of its own.
 */
#include <limits.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libbfio.h>
#include <libevtx.h>

#include "binxml.h"
#include "escape.h"
#include "evtx.h"
#include "hopscan.h"
#include "timestamp.h"

/*
 * How it works.  evtx_next() gives libevtx's records, then its recovered
 * records, then the slack text.  Each record's XML (from libevtx) goes
 * through a small scanner that keeps the System values and the EventData
 * and UserData items (decoded) in one string store reused from record to
 * record; the rendering is built from them.  To place the records in the
 * file, every record header in the bytes ("**\0\0", size, id, written
 * time, the size repeated at the end) is indexed at open, and each record
 * libevtx gives claims the header with its id and written time (libevtx
 * 20181227 reports no offsets).  The slack scan then walks the chunks,
 * skipping the chunk headers and the claimed records, and gives each
 * distinct UTF-16LE text run once.
 *
 * Before libevtx is asked for a record, the record is found in the bytes
 * the way libevtx finds it, and its binary XML is checked (binxml.h): a
 * record that would make libevtx misbehave is refused, and its bytes go
 * to the slack scan like those of records libevtx fails on.
 *
 * Stats: bad counts the records libevtx counts as records but cannot give;
 * recovered records that fail are not counted (they are mostly fragments
 * in slack, and their bytes go to the slack scan anyway).  refused counts
 * both kinds.
 */

#define FILE_HEADER_SIZE	4096	/* the file header block */
#define CHUNK_SIZE		65536
#define CHUNK_DATA		512	/* chunk header and its tables */
#define REC_HEADER		24	/* "**\0\0", size, id, written time */
#define REC_MIN_SIZE		28	/* header and size copy at the end */
#define MAX_CANDS		(1u << 24)	/* record headers indexed */
#define XML_MAX_DEPTH		32	/* deeper elements are ignored */
#define SLACK_MIN_CHARS		8	/* shortest text run given */
#define SLACK_MIN_ALNUM		4	/* letters and digits in it */
#define SLACK_MAX_RUN		65536	/* longest run given (UTF-8) */
#define SLACK_MAX_TOTAL		(1024 * 1024)	/* per file */
#define FILETIME_UNIX_US	INT64_C(11644473600000000)
#define NONE			SIZE_MAX

/*
 * The buffer as a libbfio handle, for two flaws of the Debian libraries.
 * libbfio 20170123's memory range copies the whole size asked for even
 * past the end of the range (it clamps only the count it returns), so a
 * truncated file would be read beyond its buffer: this handle clamps.
 * libevtx 20181227 gives up on the whole file (and leaks its recovered
 * records list) when one chunk with a good signature has a bad header
 * size or free space offset: this handle shows such a chunk's signature
 * as zeros, so that libevtx counts the chunk corrupted, takes what records
 * it can from it and reads the rest of the file.
 */
struct memio {
	const uint8_t	*p;
	size_t		 len;
	size_t		 off;
	int		 open;
	const uint64_t	*mask;		/* signatures to hide */
	size_t		 nmask;
};

/* A record header ("**\0\0", size, id, written time) found in the bytes. */
struct cand {
	uint64_t	 hid;		/* header record identifier */
	uint64_t	 wtime;		/* written time (FILETIME) */
	uint64_t	 off;		/* file offset */
	uint32_t	 size;
	uint16_t	 claimed;	/* a record libevtx parsed is here */
	uint16_t	 pad;
	uint32_t	 taken;		/* first of an id and time: how
					   many of those are claimed */
};

/* Where a record libevtx parsed lies, for the slack scan. */
struct span {
	uint64_t	 off;
	uint64_t	 end;
	uint64_t	 id;		/* its EventRecordID */
	int64_t		 time_us;
	bool		 has_time;
};

/* File offsets. */
struct offs {
	uint64_t	*v;
	size_t		 n, cap;
};

/* An EventData/UserData item: offsets of NUL-terminated strings in str. */
struct item {
	size_t		 name;
	size_t		 value;
};

/* A slack run already given (so that each distinct run comes once). */
struct seen {
	uint64_t	 hash;
	uint64_t	 off;		/* of its UTF-16LE bytes */
	uint64_t	 n;		/* their count; 0: free slot */
};

/* The System values kept, in rendering order. */
enum {
	SYS_EVENTID, SYS_CHANNEL, SYS_PROVIDER, SYS_COMPUTER, SYS_LEVEL,
	SYS_RECORDID, SYS_N
};

static const char *const sys_names[SYS_N] = {
	"EventID", "Channel", "Provider", "Computer", "Level", "EventRecordID"
};

/*
 * libevtx 20181227 keeps the last records it parsed in a cache of 64
 * slots (LIBEVTX_MAXIMUM_CACHE_ENTRIES_RECORDS), a record of either list
 * in the slot of its index modulo 64, with the names and values it copied
 * and the strings it rendered: about twice what binxml_check() counts.
 * Slack records with names of 65,535 characters make that 22 MB for a
 * 69 KB file.  When the records in the cache copied more than CACHE_BYTES
 * (or, in a large file, 16 bytes per byte of it, so that a hostile file
 * is reopened at most 64 times), the file is closed and opened again,
 * which empties the cache; opening reads every chunk header again (about
 * 5 ms per MB).
 */
#define CACHE_SLOTS	64
#define CACHE_BYTES	(4u << 20)
#define CACHE_PER_BYTE	16

struct evtx {
	const uint8_t	*buf;
	size_t		 len;
	uint8_t		*padded;	/* a truncated file, completed */
	libbfio_handle_t *bfio;
	libevtx_file_t	*file;
	uint64_t	*mask;		/* see struct memio */
	size_t		 nmask;
	int		 nrec;		/* records per libevtx */
	int		 nrecov;	/* recovered records per libevtx */
	int		 next;		/* records, then recovered */

	struct buf	 xml;		/* the record's XML */
	struct buf	 str;		/* decoded names and values */
	struct buf	 text;		/* the rendering */
	size_t		 sys[SYS_N];	/* offsets in str, or NONE */
	struct item	*items;
	size_t		 nitems, itemcap;
	struct field	*fields;
	size_t		 fieldcap;

	uint64_t	 chunk0;	/* first chunk per libevtx */
	struct offs	 listed;	/* offset of each record libevtx */
	struct offs	 recov;		/* gives, and each recovered one */
	bool		 placed;	/* as many as libevtx counts */
	bool		 safe;		/* unplaced, but no record is hostile */
	struct binxml_cost spent;	/* by the records checked so far */
	uint8_t		*view;		/* a chunk as libevtx reads it */
	uint64_t	 slot[CACHE_SLOTS];	/* bytes per libevtx cache slot */
	uint64_t	 cached;	/* their sum */
	uint64_t	 view_off;	/* its offset, or UINT64_MAX */

	struct cand	*cands;		/* by (hid, wtime, off), then off */
	size_t		 ncands;
	struct span	*spans;		/* by off once slack starts */
	size_t		 nspans, spancap;

	bool		 slack;		/* the slack scan started */
	uint64_t	 pos;		/* next byte it looks at */
	size_t		 span_i;	/* first span ending after pos */
	size_t		 cand_i;	/* first header ending after */
	size_t		 slack_out;	/* UTF-8 bytes given so far */
	struct seen	*seen;
	size_t		 nseen, seencap;

	struct evtx_stats st;
};

/* The XML scanner's state for one record. */
struct xel {
	const char	*name;
	size_t		 nlen;
	const char	*text;		/* after the start tag */
	bool		 child;		/* it has child elements */
	bool		 attrs;		/* it has attributes */
};

enum { SEC_NONE, SEC_SYSTEM, SEC_EVENTDATA, SEC_USERDATA };

struct xp {
	struct evtx	*e;
	const char	*end;
	int		 depth;
	int		 section;	/* what the depth-2 element is */
	size_t		 dataname;	/* Name of the Data, or NONE */
	unsigned	 unnamed;	/* unnamed Data items so far */
	bool		 has_time;
	int64_t		 time_us;
	struct xel	 stk[XML_MAX_DEPTH];
};

/*
 * Byte strings (struct buf of escape.h).
 */

/* Append code point cp as UTF-8; NUL and non-characters become U+FFFD. */
static void
sb_addcp(struct buf *b, uint32_t cp)
{
	buf_addcp(b, cp == 0 ? 0xfffd : cp);
}

/* Append s[0..n) with control characters turned into spaces. */
static void
sb_add_flat(struct buf *b, const char *s, size_t n)
{
	char *d;
	size_t i;

	buf_grow(b, n);
	d = b->p + b->len;
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		d[i] = c < 0x20 || c == 0x7f ? ' ' : (char)c;
	}
	b->len += n;
}

static uint16_t
le16(const uint8_t *p)
{
	return ((uint16_t)(p[0] | p[1] << 8));
}

static uint32_t
le32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	    (uint32_t)p[3] << 24;
}

static uint64_t
le64(const uint8_t *p)
{
	return (uint64_t)le32(p) | (uint64_t)le32(p + 4) << 32;
}

/* A FILETIME as UTC microseconds: true if it lies in 1970..2200. */
static bool
filetime_us(uint64_t ft, int64_t *us)
{
	int64_t t = (int64_t)(ft / 10) - FILETIME_UNIX_US;

	if (t < 0 || t > INT64_C(7258118400000000))
		return (false);
	*us = t;
	return (true);
}

/* A UTF-16LE code unit that counts as text: ASCII or Latin-1 letters. */
static bool
u16_text(const uint8_t *p)
{
	if (p[1] != 0)
		return (false);
	return ((p[0] >= 0x20 && p[0] < 0x7f) ||
	    (p[0] >= 0xc0 && p[0] != 0xd7 && p[0] != 0xf7));
}

/*
 * The libbfio handle over the buffer (see struct memio).  Failures return
 * -1 without an error object: libbfio adds its own message.
 */

static int
memio_free(intptr_t **io, libbfio_error_t **err)
{
	(void)err;
	if (io != NULL) {
		free(*io);
		*io = NULL;
	}
	return (1);
}

static int
memio_clone(intptr_t **dst, intptr_t *src, libbfio_error_t **err)
{
	struct memio *m;

	(void)err;
	if (dst == NULL || src == NULL)
		return (-1);
	m = xmalloc(sizeof(*m));
	*m = *(struct memio *)src;
	m->off = 0;
	m->open = 0;
	*dst = (intptr_t *)m;
	return (1);
}

static int
memio_open(intptr_t *io, int flags, libbfio_error_t **err)
{
	struct memio *m = (struct memio *)io;

	(void)err;
	if ((flags & LIBBFIO_ACCESS_FLAG_WRITE) != 0)
		return (-1);
	m->open = 1;
	m->off = 0;
	return (1);
}

static int
memio_close(intptr_t *io, libbfio_error_t **err)
{
	(void)err;
	((struct memio *)io)->open = 0;
	return (0);
}

/* Zero the hidden signature bytes in buf, read from m->off on. */
static void
memio_hide(const struct memio *m, uint8_t *buf, size_t n)
{
	size_t lo = 0, hi = m->nmask, mid;
	uint64_t s, e, from = m->off, to = m->off + n;

	while (lo < hi) {	/* the first signature ending after from */
		mid = lo + (hi - lo) / 2;
		if (m->mask[mid] + 8 <= from)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (; lo < m->nmask && m->mask[lo] < to; lo++) {
		s = m->mask[lo] > from ? m->mask[lo] : from;
		e = m->mask[lo] + 8 < to ? m->mask[lo] + 8 : to;
		memset(buf + (s - from), 0, (size_t)(e - s));
	}
}

static ssize_t
memio_read(intptr_t *io, uint8_t *buf, size_t size, libbfio_error_t **err)
{
	struct memio *m = (struct memio *)io;
	size_t n;

	(void)err;
	if (!m->open || size > SSIZE_MAX)
		return (-1);
	if (m->off >= m->len)
		return (0);
	n = m->len - m->off < size ? m->len - m->off : size;
	memcpy(buf, m->p + m->off, n);
	memio_hide(m, buf, n);
	m->off += n;
	return ((ssize_t)n);
}

static ssize_t
memio_write(intptr_t *io, const uint8_t *buf, size_t size,
    libbfio_error_t **err)
{
	(void)io;
	(void)buf;
	(void)size;
	(void)err;
	return (-1);
}

static off64_t
memio_seek(intptr_t *io, off64_t off, int whence, libbfio_error_t **err)
{
	struct memio *m = (struct memio *)io;
	off64_t base = whence == SEEK_SET ? 0 : whence == SEEK_CUR ?
	    (off64_t)m->off : whence == SEEK_END ? (off64_t)m->len : -1;

	(void)err;
	if (!m->open || base < 0 || (off < 0 && off < -base) ||
	    (off > 0 && off > INT64_MAX - base) || base + off > SSIZE_MAX)
		return (-1);
	m->off = (size_t)(base + off);
	return (base + off);
}

static int
memio_exists(intptr_t *io, libbfio_error_t **err)
{
	(void)io;
	(void)err;
	return (1);
}

static int
memio_is_open(intptr_t *io, libbfio_error_t **err)
{
	(void)err;
	return (((struct memio *)io)->open);
}

static int
memio_size(intptr_t *io, size64_t *size, libbfio_error_t **err)
{
	(void)err;
	*size = ((struct memio *)io)->len;
	return (1);
}

/*
 * Find the chunk signatures libevtx must not see: a full chunk whose header
 * size is not 128 or whose free space offset lies outside 512..65536.
 */
static void
memio_masks(struct evtx *e)
{
	const uint8_t *b = e->buf, *s;
	size_t p = 0, cap = 0;
	uint32_t free_off;

	while (p + CHUNK_SIZE <= e->len &&
	    (s = memmem(b + p, e->len - p, "ElfChnk", 8)) != NULL) {
		p = (size_t)(s - b);
		if (p + CHUNK_SIZE > e->len)
			break;
		free_off = le32(s + 48);
		if (le32(s + 40) != 128 || free_off < CHUNK_DATA ||
		    free_off > CHUNK_SIZE) {
			if (e->nmask == cap) {
				cap = cap != 0 ? 2 * cap : 8;
				e->mask = xreallocarray(e->mask, cap,
				    sizeof(*e->mask));
			}
			e->mask[e->nmask++] = p;
		}
		p++;
	}
}

/* A libbfio handle reading e's buffer, or NULL. */
static libbfio_handle_t *
memio_handle(struct evtx *e)
{
	libbfio_handle_t *h = NULL;
	libbfio_error_t *err = NULL;
	struct memio *m = xcalloc(1, sizeof(*m));

	memio_masks(e);
	m->p = e->buf;
	m->len = e->len;
	m->mask = e->mask;
	m->nmask = e->nmask;
	if (libbfio_handle_initialize(&h, (intptr_t *)m, memio_free,
	    memio_clone, memio_open, memio_close, memio_read, memio_write,
	    memio_seek, memio_exists, memio_is_open, memio_size,
	    LIBBFIO_FLAG_IO_HANDLE_MANAGED, &err) != 1) {
		libbfio_error_free(&err);
		free(m);
		return (NULL);
	}
	return (h);
}

/*
 * libevtx errors.
 */

/*
 * Put the innermost message of err (the cause, without its function name)
 * in out, prefixed by what; free err.
 */
static void
lib_error(libevtx_error_t **err, const char *what, char *out, size_t outlen)
{
	char bt[2048], *msg = bt, *p;

	bt[0] = '\0';
	if (err != NULL && *err != NULL) {
		if (libevtx_error_backtrace_sprint(*err, bt, sizeof(bt)) < 0)
			libevtx_error_sprint(*err, bt, sizeof(bt));
		libevtx_error_free(err);
	}
	bt[sizeof(bt) - 1] = '\0';
	if ((p = strchr(bt, '\n')) != NULL)
		*p = '\0';
	if ((p = strstr(bt, ": ")) != NULL && memchr(bt, ' ', (size_t)
	    (p - bt)) == NULL)
		msg = p + 2;
	if (*msg == '\0')
		msg = "unknown libevtx error";
	if (out != NULL && outlen > 0)
		snprintf(out, outlen, "%s%s", what, msg);
}

/*
 * XML text.
 */

static int
hexval(char c)
{
	if (c >= '0' && c <= '9')
		return (c - '0');
	if (c >= 'a' && c <= 'f')
		return (c - 'a' + 10);
	if (c >= 'A' && c <= 'F')
		return (c - 'A' + 10);
	return (-1);
}

/* Append the entity at s[0..n) (s[0] is '&') decoded; return bytes used. */
static size_t
xml_entity(struct buf *b, const char *s, size_t n)
{
	static const struct {
		const char	*name;
		size_t		 len;
		char		 c;
	} ents[] = {
		{ "&lt;", 4, '<' }, { "&gt;", 4, '>' }, { "&amp;", 5, '&' },
		{ "&quot;", 6, '"' }, { "&apos;", 6, '\'' }
	};
	uint32_t cp = 0;
	size_t i, digits = 0;
	int base = 10, d;

	for (i = 0; i < sizeof(ents) / sizeof(ents[0]); i++) {
		if (n >= ents[i].len && memcmp(s, ents[i].name,
		    ents[i].len) == 0) {
			buf_addc(b, ents[i].c);
			return (ents[i].len);
		}
	}
	if (n < 4 || s[1] != '#')
		goto literal;
	i = 2;
	if (s[i] == 'x' || s[i] == 'X') {
		base = 16;
		i++;
	}
	for (; i < n && digits < 8; i++, digits++) {
		if ((d = hexval(s[i])) < 0 || d >= base)
			break;
		cp = cp * (uint32_t)base + (uint32_t)d;
	}
	if (digits == 0 || i >= n || s[i] != ';')
		goto literal;
	sb_addcp(b, cp);
	return (i + 1);
literal:
	buf_addc(b, '&');
	return (1);
}

/*
 * Append the markup at s[0..n) (s[0] is '<'): CDATA as is, comments
 * dropped, anything else as a '<'; return bytes used.
 */
static size_t
xml_markup(struct buf *b, const char *s, size_t n)
{
	const char *q;

	if (n >= 9 && memcmp(s, "<![CDATA[", 9) == 0) {
		if ((q = memmem(s + 9, n - 9, "]]>", 3)) == NULL) {
			buf_add(b, s + 9, n - 9);
			return (n);
		}
		buf_add(b, s + 9, (size_t)(q - s) - 9);
		return ((size_t)(q - s) + 3);
	}
	if (n >= 4 && memcmp(s, "<!--", 4) == 0) {
		q = memmem(s + 4, n - 4, "-->", 3);
		return (q == NULL ? n : (size_t)(q - s) + 3);
	}
	buf_addc(b, '<');
	return (1);
}

/* Append XML text s[0..n) decoded and a NUL to b; return its offset. */
static size_t
xml_text(struct buf *b, const char *s, size_t n)
{
	size_t off = b->len, i = 0, j;

	while (i < n) {
		for (j = i; j < n && s[j] != '&' && s[j] != '<'; j++)
			continue;
		buf_add(b, s + i, j - i);
		if (j == n)
			break;
		if (s[j] == '&')
			i = j + xml_entity(b, s + j, n - j);
		else
			i = j + xml_markup(b, s + j, n - j);
	}
	buf_addc(b, '\0');
	return (off);
}

/* Append s[0..n) and a NUL to b; return its offset. */
static size_t
str_copy(struct buf *b, const char *s, size_t n)
{
	size_t off = b->len;

	buf_add(b, s, n);
	buf_addc(b, '\0');
	return (off);
}

/*
 * Append the hex s[0..n) decoded as UTF-16LE text and a NUL to b; return
 * its offset, or NONE if it is not text: three or more code units that
 * count as text, then only NULs.
 */
static size_t
hex_text(struct buf *b, const char *s, size_t n)
{
	size_t off = b->len, i, units = 0;
	bool tail = false;
	uint8_t u[2];
	int k, d;

	for (i = 0; n % 4 == 0 && i < n; i += 4) {
		for (k = 0; k < 4; k++) {
			if ((d = hexval(s[i + (size_t)k])) < 0)
				goto no;
			u[k / 2] = (uint8_t)(k % 2 == 0 ? d << 4 :
			    u[k / 2] | d);
		}
		if (u[0] == 0 && u[1] == 0)
			tail = true;
		else if (tail || !u16_text(u))
			goto no;
		else {
			sb_addcp(b, u[0]);
			units++;
		}
	}
	if (units >= 3) {
		buf_addc(b, '\0');
		return (off);
	}
no:
	b->len = off;
	return (NONE);
}

static bool
eq(const char *s, size_t n, const char *lit)
{
	return (strlen(lit) == n && memcmp(s, lit, n) == 0);
}

static void
item_add(struct evtx *e, size_t name, size_t value)
{
	if (e->nitems == e->itemcap) {
		e->itemcap = e->itemcap != 0 ? 2 * e->itemcap : 32;
		e->items = xreallocarray(e->items, e->itemcap,
		    sizeof(*e->items));
	}
	e->items[e->nitems].name = name;
	e->items[e->nitems].value = value;
	e->nitems++;
}

/*
 * The XML scanner: a bounded, single pass over libevtx's XML that keeps the
 * System values, EventData/Data items and UserData leaves.
 */

static bool
xml_space(char c)
{
	return (c == ' ' || c == '\t' || c == '\n' || c == '\r');
}

/* An attribute of the element open at the top of the stack. */
static void
xml_attr(struct xp *x, const char *an, size_t anlen, const char *v,
    size_t vlen)
{
	struct evtx *e = x->e;
	struct xel *el = &x->stk[x->depth - 1];
	struct ts_civil c;

	el->attrs = true;
	if (x->section == SEC_SYSTEM && x->depth == 3) {
		if (eq(el->name, el->nlen, "Provider") && eq(an, anlen, "Name"))
			e->sys[SYS_PROVIDER] = xml_text(&e->str, v, vlen);
		else if (eq(el->name, el->nlen, "TimeCreated") &&
		    eq(an, anlen, "SystemTime") &&
		    ts_parse_iso8601(v, vlen, &c) != 0 && ts_civil_valid(&c)) {
			x->time_us = ts_civil_to_us(&c, 0);
			x->has_time = true;
		}
	} else if (x->section == SEC_EVENTDATA && x->depth == 3) {
		if (eq(el->name, el->nlen, "Data") && eq(an, anlen, "Name"))
			x->dataname = xml_text(&e->str, v, vlen);
	} else if (x->section == SEC_USERDATA && x->depth >= 3 &&
	    !(anlen >= 5 && memcmp(an, "xmlns", 5) == 0)) {
		size_t name = str_copy(&e->str, an, anlen);

		item_add(e, name, xml_text(&e->str, v, vlen));
	}
}

/* The element at the top of the stack ends; its text ends at tend. */
static void
xml_end(struct xp *x, const char *tend)
{
	struct evtx *e = x->e;
	struct xel *el = &x->stk[x->depth - 1];
	const char *t = el->text;
	size_t tn = el->child || t == NULL || tend < t ? 0 :
	    (size_t)(tend - t), k, name;
	char num[32];

	if (x->section == SEC_SYSTEM && x->depth == 3) {
		for (k = 0; k < SYS_N; k++) {
			if (k != SYS_PROVIDER &&
			    eq(el->name, el->nlen, sys_names[k]))
				e->sys[k] = xml_text(&e->str, t, tn);
		}
	} else if (x->section == SEC_EVENTDATA && x->depth == 3 &&
	    eq(el->name, el->nlen, "Data")) {
		name = x->dataname;
		if (name == NONE || e->str.p[name] == '\0') {
			snprintf(num, sizeof(num), "Data%u", ++x->unnamed);
			name = str_copy(&e->str, num, strlen(num));
		}
		item_add(e, name, xml_text(&e->str, t, tn));
		x->dataname = NONE;
	} else if (x->section == SEC_EVENTDATA && x->depth == 3 &&
	    eq(el->name, el->nlen, "Binary")) {
		name = str_copy(&e->str, "Binary", 6);
		if ((k = hex_text(&e->str, t, tn)) != NONE)
			item_add(e, name, k);
	} else if (x->section == SEC_USERDATA && x->depth >= 3 &&
	    !el->child && !(tn == 0 && el->attrs)) {
		name = str_copy(&e->str, el->name, el->nlen);
		item_add(e, name, xml_text(&e->str, t, tn));
	}
}

/* Push the element named s[0..n); the caller checked the depth. */
static void
xml_push(struct xp *x, const char *s, size_t n)
{
	struct xel *el = &x->stk[x->depth];

	if (x->depth > 0)
		x->stk[x->depth - 1].child = true;
	el->name = s;
	el->nlen = n;
	el->text = NULL;
	el->child = false;
	el->attrs = false;
	x->depth++;
	if (x->depth == 2) {
		x->section = eq(s, n, "System") ? SEC_SYSTEM :
		    eq(s, n, "EventData") ? SEC_EVENTDATA :
		    eq(s, n, "UserData") ? SEC_USERDATA : SEC_NONE;
	} else if (x->depth == 3)
		x->dataname = NONE;
}

static void
xml_pop(struct xp *x)
{
	if (x->depth == 2)
		x->section = SEC_NONE;
	x->depth--;
}

/*
 * Read the attributes of a start tag from p (after its name) up to '>';
 * keep says whether the tag's element is on the stack.  Returns the byte
 * after the tag, or NULL if the XML ends first.
 */
static const char *
xml_attrs(struct xp *x, const char *p, bool keep)
{
	const char *end = x->end, *an, *v;
	size_t anlen;
	char q;

	for (;;) {
		while (p < end && xml_space(*p))
			p++;
		if (p >= end)
			return (NULL);
		if (*p == '>') {
			if (keep)
				x->stk[x->depth - 1].text = p + 1;
			return (p + 1);
		}
		if (*p == '/' && p + 1 < end && p[1] == '>') {
			if (keep) {
				xml_end(x, p);
				xml_pop(x);
			}
			return (p + 2);
		}
		for (an = p; p < end && !xml_space(*p) && *p != '=' &&
		    *p != '>' && *p != '/'; p++)
			continue;
		if ((anlen = (size_t)(p - an)) == 0) {
			p++;		/* a stray '=' or '/' */
			continue;
		}
		while (p < end && xml_space(*p))
			p++;
		if (p >= end || *p != '=')
			continue;	/* an attribute without a value */
		for (p++; p < end && xml_space(*p); p++)
			continue;
		if (p >= end || (*p != '"' && *p != '\''))
			continue;	/* unquoted: read on as a name */
		q = *p++;
		if ((v = memchr(p, q, (size_t)(end - p))) == NULL)
			return (NULL);
		if (keep)
			xml_attr(x, an, anlen, p, (size_t)(v - p));
		p = v + 1;
	}
}

/* A start tag at lt; returns the byte after it, or NULL at the end. */
static const char *
xml_open(struct xp *x, const char *lt)
{
	const char *end = x->end, *s = lt + 1, *p;
	bool keep;

	for (p = s; p < end && !xml_space(*p) && *p != '>' && *p != '/'; p++)
		continue;
	if (p == s)
		return (lt + 1);	/* a lone '<': text */
	keep = x->depth < XML_MAX_DEPTH;
	if (keep)
		xml_push(x, s, (size_t)(p - s));
	else
		x->depth++;		/* too deep: counted, not kept */
	p = xml_attrs(x, p, keep);
	if (p != NULL && !keep && p[-2] == '/')
		x->depth--;
	return (p);
}

/* An end tag at lt; returns the byte after it, or NULL at the end. */
static const char *
xml_close(struct xp *x, const char *lt)
{
	const char *gt = memchr(lt, '>', (size_t)(x->end - lt));

	if (gt == NULL)
		return (NULL);
	if (x->depth > XML_MAX_DEPTH)
		x->depth--;
	else if (x->depth > 0) {
		xml_end(x, lt);
		xml_pop(x);
	}
	return (gt + 1);
}

/* Skip "<!...>" or "<?...?>" markup at lt; NULL at the end. */
static const char *
xml_skip(const char *lt, const char *end)
{
	const char *close = ">", *q;
	size_t n = (size_t)(end - lt);

	if (n >= 9 && memcmp(lt, "<![CDATA[", 9) == 0)
		close = "]]>";
	else if (n >= 4 && memcmp(lt, "<!--", 4) == 0)
		close = "-->";
	else if (lt[1] == '?')
		close = "?>";
	q = memmem(lt + 2, n - 2, close, strlen(close));
	return (q == NULL ? NULL : q + strlen(close));
}

/* Scan the XML in e->xml into e->sys and e->items; time into x. */
static void
xml_scan(struct evtx *e, struct xp *x)
{
	const char *s = e->xml.p, *end = e->xml.p + e->xml.len, *lt;
	size_t k;

	memset(x, 0, sizeof(*x));
	x->e = e;
	x->end = end;
	x->dataname = NONE;
	e->str.len = 0;
	e->nitems = 0;
	for (k = 0; k < SYS_N; k++)
		e->sys[k] = NONE;
	while (s != NULL && s < end &&
	    (lt = memchr(s, '<', (size_t)(end - s))) != NULL) {
		if (lt + 1 >= end)
			break;
		if (lt[1] == '/')
			s = xml_close(x, lt);
		else if (lt[1] == '!' || lt[1] == '?')
			s = xml_skip(lt, end);
		else
			s = xml_open(x, lt);
	}
}

/*
 * Fields and rendering.
 */

/* Build e->fields and the one-line rendering in e->text from the scan. */
static void
render(struct evtx *e, struct evtx_record *r)
{
	size_t n = 0, i, need = SYS_N + e->nitems;
	struct field *f;

	if (need > e->fieldcap) {
		e->fieldcap = need + 16;
		e->fields = xreallocarray(e->fields, e->fieldcap,
		    sizeof(*e->fields));
	}
	for (i = 0; i < SYS_N; i++) {
		if (e->sys[i] == NONE)
			continue;
		e->fields[n].name = sys_names[i];
		e->fields[n++].value = e->str.p + e->sys[i];
	}
	for (i = 0; i < e->nitems; i++) {
		e->fields[n].name = e->str.p + e->items[i].name;
		e->fields[n++].value = e->str.p + e->items[i].value;
	}
	e->text.len = 0;
	for (i = 0; i < n; i++) {
		f = &e->fields[i];
		if (f->name == sys_names[SYS_RECORDID])
			continue;
		if (e->text.len > 0)
			buf_addc(&e->text, ' ');
		sb_add_flat(&e->text, f->name, strlen(f->name));
		buf_addc(&e->text, '=');
		sb_add_flat(&e->text, f->value, strlen(f->value));
	}
	buf_addc(&e->text, '\0');
	e->text.len--;
	r->fields = e->fields;
	r->nfields = n;
	r->text = e->text.p;
	r->len = e->text.len;
	r->computer = e->sys[SYS_COMPUTER] == NONE ? NULL :
	    e->str.p + e->sys[SYS_COMPUTER];
}

/*
 * Record headers in the bytes, to place the records libevtx gives.
 */

static int
cand_cmp(const void *a, const void *b)
{
	const struct cand *x = a, *y = b;

	if (x->hid != y->hid)
		return (x->hid < y->hid ? -1 : 1);
	if (x->wtime != y->wtime)
		return (x->wtime < y->wtime ? -1 : 1);
	if (x->off != y->off)
		return (x->off < y->off ? -1 : 1);
	return (0);
}

/* Start of the chunk holding offset off (off >= FILE_HEADER_SIZE). */
static uint64_t
chunk_of(uint64_t off)
{
	return (FILE_HEADER_SIZE + (off - FILE_HEADER_SIZE) / CHUNK_SIZE *
	    CHUNK_SIZE);
}

/*
 * Index every record header in the chunks: "**\0\0" at an 8-byte boundary,
 * a size that fits in its chunk and the same size repeated in the last
 * four bytes.  The scan goes on after each header found.
 */
static void
cands_index(struct evtx *e)
{
	const uint8_t *b = e->buf;
	uint64_t p = FILE_HEADER_SIZE, cend;
	size_t cap = 0;
	uint32_t size;

	while (p + REC_MIN_SIZE <= e->len && e->ncands < MAX_CANDS) {
		const uint8_t *m = memmem(b + p, e->len - p, "**\0\0", 4);

		if (m == NULL)
			break;
		p = (uint64_t)(m - b);
		if (p % 8 != 0 || p + REC_MIN_SIZE > e->len) {
			p++;
			continue;
		}
		size = le32(b + p + 4);
		cend = chunk_of(p) + CHUNK_SIZE;
		if (cend > e->len)
			cend = e->len;
		if (size < REC_MIN_SIZE || size > cend - p ||
		    le32(b + p + size - 4) != size) {
			p += 8;
			continue;
		}
		if (e->ncands == cap) {
			cap = cap != 0 ? 2 * cap : 256;
			e->cands = xreallocarray(e->cands, cap,
			    sizeof(*e->cands));
		}
		e->cands[e->ncands++] = (struct cand){ le64(b + p + 8),
		    le64(b + p + 16), p, size, 0, 0, 0 };
		p += size;
	}
	if (e->ncands > 1)
		qsort(e->cands, e->ncands, sizeof(*e->cands), cand_cmp);
}

/* The first unclaimed record header with this id and time, claimed. */
static struct cand *
cand_claim(struct evtx *e, uint64_t hid, uint64_t wtime)
{
	size_t lo = 0, hi = e->ncands, mid;
	struct cand key = { hid, wtime, 0, 0, 0, 0, 0 }, *c;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (cand_cmp(&e->cands[mid], &key) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	/* Headers with the same id and time are claimed in turn. */
	if (lo == e->ncands || e->cands[lo].hid != hid ||
	    e->cands[lo].wtime != wtime)
		return (NULL);
	hi = lo + e->cands[lo].taken;
	if (hi >= e->ncands || e->cands[hi].hid != hid ||
	    e->cands[hi].wtime != wtime)
		return (NULL);
	e->cands[lo].taken++;
	c = &e->cands[hi];
	c->claimed = 1;
	return (c);
}

/*
 * Where libevtx's records lie, and the check of each before libevtx
 * parses it (binxml.h).  libevtx 20181227 reports no offsets, so the
 * records are placed the way it finds them: libevtx_file_open_read() reads
 * every whole chunk from the header's chunk offset on; libevtx_chunk_read()
 * lists a chunk's records from byte 512 while record headers follow each
 * other up to the last record's offset, then recovers, every 4 bytes after
 * those, each record header whose binary XML starts like a document.  The
 * records of chunks past the header's chunk count (file not dirty) count
 * as recovered.  The places are checked against libevtx's counts at open
 * and against each record's id and time when it is read.
 */

static void
offs_add(struct offs *o, uint64_t off)
{
	if (o->n == o->cap) {
		o->cap = o->cap != 0 ? 2 * o->cap : 256;
		o->v = xreallocarray(o->v, o->cap, sizeof(*o->v));
	}
	o->v[o->n++] = off;
}

/* The chunk at off as libevtx reads it (see struct memio). */
static const uint8_t *
chunk_view(struct evtx *e, uint64_t off)
{
	struct memio m = { .mask = e->mask, .nmask = e->nmask, .off = off };

	if (e->view == NULL)
		e->view = xmalloc(CHUNK_SIZE);
	if (e->view_off != off) {
		memcpy(e->view, e->buf + off, CHUNK_SIZE);
		memio_hide(&m, e->view, CHUNK_SIZE);
		e->view_off = off;
	}
	return (e->view);
}

/*
 * libevtx_record_values_read_header() at c[pos..]: 1 with the record's
 * *size, 0 for a header of zeros, -1 for none.
 */
static int
lib_header(const uint8_t *c, size_t pos, uint32_t *size)
{
	static const uint8_t zeros[REC_HEADER];

	if (pos >= CHUNK_SIZE || CHUNK_SIZE - pos < REC_MIN_SIZE)
		return (-1);
	if (memcmp(c + pos, zeros, REC_HEADER) == 0)
		return (0);
	*size = le32(c + pos + 4);
	if (memcmp(c + pos, "**\0\0", 4) != 0 || *size < REC_HEADER ||
	    *size > CHUNK_SIZE - pos - 4 || le32(c + pos + *size - 4) != *size)
		return (-1);
	return (1);
}

/*
 * Whether libevtx_chunk_read() takes the record header at c[pos..] as a
 * recovered record: its binary XML starts with a PI target or a fragment
 * header.
 */
static bool
lib_recoverable(const uint8_t *c, size_t pos, uint32_t *size)
{
	uint32_t x;

	if (pos + 4 > CHUNK_SIZE || memcmp(c + pos, "**\0\0", 4) != 0 ||
	    lib_header(c, pos, size) != 1)
		return (false);
	x = *size > REC_MIN_SIZE ? *size - REC_MIN_SIZE : 0;
	return ((x >= 5 && c[pos + REC_HEADER] == 0x0a) || (x >= 4 &&
	    memcmp(c + pos + REC_HEADER, "\x0f\x01\x01\x00", 4) == 0));
}

/* The records of the chunk c at off, listed or all recovered. */
static void
chunk_records(struct evtx *e, const uint8_t *c, uint64_t off, bool listed)
{
	size_t pos = 0;
	uint32_t size;

	if (memcmp(c, "ElfChnk", 8) == 0) {
		for (pos = CHUNK_DATA; pos <= le32(c + 44) &&
		    lib_header(c, pos, &size) == 1; pos += size)
			offs_add(listed ? &e->listed : &e->recov, off + pos);
	}
	for (; pos < CHUNK_SIZE; pos += 4) {
		if (lib_recoverable(c, pos, &size)) {
			offs_add(&e->recov, off + pos);
			pos += size - 4;
		}
	}
}

static bool
all_zeros(const uint8_t *p, size_t n)
{
	return (n == 0 || (p[0] == 0 && memcmp(p, p + 1, n - 1) == 0));
}

/* Place libevtx's records (e->listed, e->recov). */
static void
records_place(struct evtx *e)
{
	struct memio m = { .mask = e->mask, .nmask = e->nmask, .off = 0 };
	uint8_t h[128];
	uint64_t off;
	uint16_t nchunks, i;
	bool dirty;

	memcpy(h, e->buf, sizeof(h));
	memio_hide(&m, h, sizeof(h));
	e->chunk0 = le16(h + 40);
	nchunks = le16(h + 42);
	dirty = (le32(h + 120) & 1) != 0;
	for (off = e->chunk0, i = 0; off + CHUNK_SIZE <= e->len;
	    off += CHUNK_SIZE, i++) {
		const uint8_t *c = chunk_view(e, off);

		if (!all_zeros(c, CHUNK_SIZE))
			chunk_records(e, c, off, i < nchunks || dirty);
	}
	e->placed = e->listed.n == (size_t)e->nrec &&
	    e->recov.n == (size_t)e->nrecov;
}

/*
 * When the records could not be placed: whether no record header in the
 * file is hostile, and all of them together stay within the file's
 * budget, so that libevtx may have every record.
 */
static bool
records_safe(struct evtx *e)
{
	struct binxml_cost cost;
	uint64_t off, steps = 0;
	size_t pos;
	uint32_t size;

	for (off = e->chunk0; off + CHUNK_SIZE <= e->len; off += CHUNK_SIZE) {
		const uint8_t *c = chunk_view(e, off), *q;

		for (pos = 0; (q = memmem(c + pos, CHUNK_SIZE - pos, "**\0\0",
		    4)) != NULL; pos++) {
			pos = (size_t)(q - c);
			if (lib_header(c, pos, &size) != 1)
				continue;
			if (binxml_check(c, CHUNK_SIZE, pos, &cost, NULL, 0) ==
			    BINXML_HOSTILE || (steps += cost.steps) >
			    (uint64_t)BINXML_FILE_STEPS * e->len)
				return (false);
		}
	}
	return (true);
}

/*
 * Note that the record at off (0: unknown; no record starts there, where
 * the file header is) was refused, for why.
 */
static void
record_refuse(struct evtx *e, uint64_t off, const char *why)
{
	if (e->st.refused++ > 0)
		return;
	if (off > 0)
		snprintf(e->st.refuse_why, sizeof(e->st.refuse_why),
		    "record %llu at offset %llu: %s", (unsigned long long)
		    le64(e->buf + off + 8), (unsigned long long)off, why);
	else
		snprintf(e->st.refuse_why, sizeof(e->st.refuse_why), "%s",
		    why);
}

/*
 * Whether the records checked so far make libevtx do more than the file's
 * size allows (binxml.h): then why says so.  Hostile records count too, so
 * that checking them is bounded as well.
 */
static bool
file_overspent(const struct evtx *e, char *why, size_t whylen)
{
	if (e->spent.steps > (uint64_t)BINXML_FILE_STEPS * e->len)
		snprintf(why, whylen, "with the records before it, its binary "
		    "XML expands to more than %u tokens, tags and values per "
		    "byte of the file", BINXML_FILE_STEPS);
	else if (e->spent.bytes > (uint64_t)BINXML_FILE_BYTES * e->len)
		snprintf(why, whylen, "with the records before it, its binary "
		    "XML expands to more than %u bytes of names and values per "
		    "byte of the file", BINXML_FILE_BYTES);
	else
		return (false);
	return (true);
}

/* libevtx's own: open e->file over e->bfio.  1, or -1 with *err set. */
static int
file_open(struct evtx *e, libevtx_error_t **err)
{
	if (libevtx_file_initialize(&e->file, err) != 1)
		return (-1);
	return (libevtx_file_open_file_io_handle(e->file, e->bfio,
	    LIBEVTX_OPEN_READ, err));
}

static void
file_close(struct evtx *e)
{
	if (e->file != NULL) {
		libevtx_file_close(e->file, NULL);
		libevtx_file_free(&e->file, NULL);
	}
}

/*
 * Make room in libevtx's cache (see CACHE_BYTES) for record index i,
 * which copies bytes: false if libevtx could not open the file again
 * (noted as a refusal, as nothing more can be handed to it).
 */
static bool
cache_room(struct evtx *e, int i, uint64_t bytes)
{
	libevtx_error_t *err = NULL;
	uint64_t limit = (uint64_t)CACHE_PER_BYTE * e->len;
	unsigned slot = (unsigned)(i < e->nrec ? i : i - e->nrec) %
	    CACHE_SLOTS;
	int n = 0, nrecov = 0;

	if (limit < CACHE_BYTES)
		limit = CACHE_BYTES;
	e->cached -= e->slot[slot];
	if (e->cached + bytes > limit) {
		file_close(e);
		memset(e->slot, 0, sizeof(e->slot));
		e->cached = 0;
		e->st.reopened++;
		if (file_open(e, &err) != 1 ||
		    libevtx_file_get_number_of_records(e->file, &n,
		    NULL) != 1 || libevtx_file_get_number_of_recovered_records(
		    e->file, &nrecov, NULL) != 1 || n != e->nrec ||
		    nrecov != e->nrecov) {
			libevtx_error_free(&err);
			file_close(e);
			/* This record and every one after it. */
			record_refuse(e, 0, "libevtx could not open the file "
			    "again to empty its cache");
			e->st.refused += (uint64_t)(e->nrec + e->nrecov - i -
			    1);
			return (false);
		}
	}
	e->slot[slot] = bytes;
	e->cached += bytes;
	return (true);
}

/*
 * Whether record index i must not be handed to libevtx: refused (noted).
 * Else *at is its offset (0 if unknown) and *v what binxml_check() said.
 */
static bool
record_refused(struct evtx *e, int i, uint64_t *at, enum binxml_verdict *v)
{
	struct binxml_cost cost;
	uint64_t c;
	char why[200];

	*at = 0;
	*v = BINXML_OK;
	if (!e->placed) {
		if (e->safe)
			return (false);
		record_refuse(e, 0, "libevtx's records could not be placed "
		    "in the file to be checked");
		return (true);
	}
	*at = i < e->nrec ? e->listed.v[i] : e->recov.v[i - e->nrec];
	if (!file_overspent(e, why, sizeof(why))) {
		c = e->chunk0 + (*at - e->chunk0) / CHUNK_SIZE * CHUNK_SIZE;
		*v = binxml_check(chunk_view(e, c), CHUNK_SIZE,
		    (size_t)(*at - c), &cost, why, sizeof(why));
		e->spent.steps += cost.steps;
		e->spent.bytes += cost.bytes;
		if (*v != BINXML_HOSTILE && !file_overspent(e, why,
		    sizeof(why)))
			return (!cache_room(e, i, cost.bytes));
	}
	record_refuse(e, *at, why);
	return (true);
}

/*
 * libevtx gave record rec, placed at at (0: not placed), of which the
 * check said v: count it in misplaced if it is not the record at at or the
 * check said libevtx would fail on it.
 */
static void
record_verify(struct evtx *e, libevtx_record_t *rec, uint64_t at,
    enum binxml_verdict v)
{
	uint64_t hid = 0, ft = 0;

	if (at == 0)
		return;
	libevtx_record_get_identifier(rec, &hid, NULL);
	libevtx_record_get_written_time(rec, &ft, NULL);
	if (v == BINXML_FAILS || hid != le64(e->buf + at + 8) ||
	    ft != le64(e->buf + at + 16))
		e->st.misplaced++;
}

/*
 * Records from libevtx.
 */

/* Get rec's XML into e->xml.  Returns 1, or -1 with *err set. */
static int
record_xml(struct evtx *e, libevtx_record_t *rec, libevtx_error_t **err)
{
	size_t size = 0;

	e->xml.len = 0;
	buf_grow(&e->xml, 16384);
	if (libevtx_record_get_utf8_xml_string(rec, (uint8_t *)e->xml.p,
	    e->xml.cap, NULL) != 1) {
		if (libevtx_record_get_utf8_xml_string_size(rec, &size,
		    err) != 1)
			return (-1);
		buf_grow(&e->xml, size + 1);
		if (libevtx_record_get_utf8_xml_string(rec,
		    (uint8_t *)e->xml.p, e->xml.cap, err) != 1)
			return (-1);
	}
	e->xml.p[e->xml.cap - 1] = '\0';
	e->xml.len = strlen(e->xml.p);
	return (1);
}

/* Note that record index i failed; free err. */
static void
record_failed(struct evtx *e, int i, bool recovered, libevtx_error_t **err)
{
	char what[64];

	if (recovered || e->st.bad++ > 0) {
		libevtx_error_free(err);
		return;
	}
	snprintf(what, sizeof(what), "record index %d: ", i);
	lib_error(err, what, e->st.first_error, sizeof(e->st.first_error));
}

/* Fill id, time and offset of r and remember where it lies. */
static void
record_place(struct evtx *e, libevtx_record_t *rec, const struct xp *x,
    struct evtx_record *r)
{
	uint64_t hid = 0, ft = 0;
	struct cand *c;
	struct span *s;
	char *end;

	libevtx_record_get_identifier(rec, &hid, NULL);
	libevtx_record_get_written_time(rec, &ft, NULL);
	r->id = hid;
	if (e->sys[SYS_RECORDID] != NONE) {
		const char *v = e->str.p + e->sys[SYS_RECORDID];
		unsigned long long id = strtoull(v, &end, 10);

		if (end != v && *end == '\0')
			r->id = id;
	}
	r->has_time = x->has_time;
	r->time_us = x->time_us;
	if (!r->has_time)
		r->has_time = filetime_us(ft, &r->time_us);
	r->offset = 0;
	if ((c = cand_claim(e, hid, ft)) == NULL)
		return;
	r->offset = c->off;
	if (e->nspans == e->spancap) {
		e->spancap = e->spancap != 0 ? 2 * e->spancap : 64;
		e->spans = xreallocarray(e->spans, e->spancap,
		    sizeof(*e->spans));
	}
	s = &e->spans[e->nspans++];
	s->off = c->off;
	s->end = c->off + c->size;
	s->id = r->id;
	s->time_us = r->time_us;
	s->has_time = r->has_time;
}

/*
 * Read libevtx record index i (then recovered ones) into r: 0, or -1 if
 * libevtx failed on it or it was refused.
 */
static int
record_read(struct evtx *e, int i, struct evtx_record *r)
{
	libevtx_record_t *rec = NULL;
	libevtx_error_t *err = NULL;
	bool recovered = i >= e->nrec;
	enum binxml_verdict v;
	uint64_t at;
	struct xp x;
	int ok;

	if (record_refused(e, i, &at, &v))
		return (-1);
	if (recovered)
		ok = libevtx_file_get_recovered_record_by_index(e->file,
		    i - e->nrec, &rec, &err);
	else
		ok = libevtx_file_get_record_by_index(e->file, i, &rec, &err);
	if (ok == 1) {
		record_verify(e, rec, at, v);
		ok = record_xml(e, rec, &err);
	}
	if (ok != 1) {
		record_failed(e, i, recovered, &err);
		if (rec != NULL)
			libevtx_record_free(&rec, NULL);
		return (-1);
	}
	xml_scan(e, &x);
	memset(r, 0, sizeof(*r));
	r->kind = recovered ? EVTX_RECOVERED : EVTX_RECORD;
	render(e, r);
	record_place(e, rec, &x, r);
	libevtx_record_free(&rec, NULL);
	if (recovered)
		e->st.recovered++;
	else
		e->st.read++;
	return (0);
}

/*
 * Text in slack: UTF-16LE runs in the chunks outside the records libevtx
 * parsed (slack after the last record, records it failed on, chunks with a
 * bad signature), each distinct run given once.
 */

static int
span_cmp(const void *a, const void *b)
{
	const struct span *x = a, *y = b;

	if (x->off != y->off)
		return (x->off < y->off ? -1 : 1);
	return (0);
}

static int
cand_off_cmp(const void *a, const void *b)
{
	const struct cand *x = a, *y = b;

	if (x->off != y->off)
		return (x->off < y->off ? -1 : 1);
	return (0);
}

static bool
u16_alnum(const uint8_t *p)
{
	uint8_t c = p[0];

	return (p[1] == 0 && ((c >= '0' && c <= '9') ||
	    (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z')));
}

/* The first text run in b[p..lim): true with [*rs, *re), or false. */
static bool
u16_run(const uint8_t *b, uint64_t p, uint64_t lim, uint64_t *rs,
    uint64_t *re)
{
	uint64_t q;
	unsigned alnum;

	while (p + 2 <= lim) {
		if (!u16_text(b + p)) {
			p++;
			continue;
		}
		for (q = p, alnum = 0; q + 2 <= lim && u16_text(b + q); q += 2)
			alnum += u16_alnum(b + q);
		if ((q - p) / 2 < SLACK_MIN_CHARS) {
			p++;
			continue;
		}
		if (alnum >= SLACK_MIN_ALNUM) {
			*rs = p;
			*re = q;
			return (true);
		}
		p = q;
	}
	return (false);
}

/* The next run not scanned yet: true with [*rs, *re), or false. */
static bool
slack_find(struct evtx *e, uint64_t *rs, uint64_t *re)
{
	uint64_t c, lim;

	while (e->pos + 2 <= e->len && e->slack_out < SLACK_MAX_TOTAL) {
		c = chunk_of(e->pos);
		if (e->pos < c + CHUNK_DATA && c + 8 <= e->len &&
		    memcmp(e->buf + c, "ElfChnk", 8) == 0) {
			e->pos = c + CHUNK_DATA;
			continue;
		}
		while (e->span_i < e->nspans &&
		    e->spans[e->span_i].end <= e->pos)
			e->span_i++;
		lim = c + CHUNK_SIZE < e->len ? c + CHUNK_SIZE : e->len;
		if (e->span_i < e->nspans) {
			if (e->spans[e->span_i].off <= e->pos) {
				e->pos = e->spans[e->span_i].end;
				continue;
			}
			if (e->spans[e->span_i].off < lim)
				lim = e->spans[e->span_i].off;
		}
		if (u16_run(e->buf, e->pos, lim, rs, re)) {
			e->pos = *re;
			return (true);
		}
		e->pos = lim;
	}
	return (false);
}

/* Whether the run b[off..off+n) was given before; remember it if not. */
static bool
seen_before(struct evtx *e, uint64_t off, uint64_t n)
{
	uint64_t h = UINT64_C(14695981039346656037), i;
	struct seen *s, *old;
	size_t k, oldcap;

	for (i = 0; i < n; i++)
		h = (h ^ e->buf[off + i]) * UINT64_C(1099511628211);
	if (2 * (e->nseen + 1) > e->seencap) {
		old = e->seen;
		oldcap = e->seencap;
		e->seencap = oldcap != 0 ? 2 * oldcap : 1024;
		e->seen = xcalloc(e->seencap, sizeof(*e->seen));
		e->nseen = 0;
		for (k = 0; k < oldcap; k++)
			if (old[k].n != 0)
				(void)seen_before(e, old[k].off, old[k].n);
		free(old);
	}
	for (k = h & (e->seencap - 1);; k = (k + 1) & (e->seencap - 1)) {
		s = &e->seen[k];
		if (s->n == 0)
			break;
		if (s->hash == h && s->n == n &&
		    memcmp(e->buf + s->off, e->buf + off, n) == 0)
			return (true);
	}
	s->hash = h;
	s->off = off;
	s->n = n;
	e->nseen++;
	return (false);
}

/*
 * The id and time of a run at rs: those of the record header around it if
 * libevtx could not parse that record, else those of the nearest record
 * before it that libevtx parsed (none: 0 and no time).
 */
static void
slack_when(struct evtx *e, uint64_t rs, struct evtx_record *r)
{
	const struct cand *c;
	const struct span *s;

	while (e->cand_i < e->ncands &&
	    e->cands[e->cand_i].off + e->cands[e->cand_i].size <= rs)
		e->cand_i++;
	c = e->cand_i < e->ncands ? &e->cands[e->cand_i] : NULL;
	if (c != NULL && c->off <= rs && !c->claimed) {
		r->id = c->hid;
		r->has_time = filetime_us(c->wtime, &r->time_us);
		return;
	}
	/* Spans before span_i end at or before rs: the last is nearest. */
	if (e->span_i > 0) {
		s = &e->spans[e->span_i - 1];
		r->id = s->id;
		r->has_time = s->has_time;
		r->time_us = s->time_us;
	}
}

/* Give the run b[rs..re) as r: 1, or 0 if it is not to be given. */
static int
slack_emit(struct evtx *e, uint64_t rs, uint64_t re, struct evtx_record *r)
{
	uint64_t p;

	/* A BinXML string's length may precede it and look like text. */
	if (e->buf[rs] == (re - rs) / 2 - 1)
		rs += 2;
	if ((re - rs) / 2 < SLACK_MIN_CHARS)
		return (0);
	e->text.len = 0;
	for (p = rs; p < re; p += 2)
		sb_addcp(&e->text, e->buf[p]);
	if (e->text.len > SLACK_MAX_RUN || seen_before(e, rs, re - rs))
		return (0);
	if (e->slack_out + e->text.len > SLACK_MAX_TOTAL) {
		e->slack_out = SLACK_MAX_TOTAL;		/* stop here */
		return (0);
	}
	e->slack_out += e->text.len;
	buf_addc(&e->text, '\0');
	e->text.len--;
	memset(r, 0, sizeof(*r));
	r->kind = EVTX_SLACK;
	r->offset = rs;
	r->text = e->text.p;
	r->len = e->text.len;
	slack_when(e, rs, r);
	e->st.slack++;
	return (1);
}

static int
slack_next(struct evtx *e, struct evtx_record *r)
{
	uint64_t rs, re;

	if (!e->slack) {
		e->slack = true;
		e->pos = FILE_HEADER_SIZE;
		if (e->nspans > 1)
			qsort(e->spans, e->nspans, sizeof(*e->spans),
			    span_cmp);
		if (e->ncands > 1)
			qsort(e->cands, e->ncands, sizeof(*e->cands),
			    cand_off_cmp);
	}
	while (slack_find(e, &rs, &re)) {
		if (slack_emit(e, rs, re, r))
			return (1);
	}
	return (0);
}

/*
 * The interface.
 */

struct evtx *
evtx_open(const void *buf, size_t len, char *err, size_t errlen)
{
	libevtx_error_t *lerr = NULL;
	struct evtx *e;

	if (len < EVTX_MAGIC_LEN || memcmp(buf, EVTX_MAGIC,
	    EVTX_MAGIC_LEN) != 0) {
		if (err != NULL && errlen > 0)
			snprintf(err, errlen, "not an EVTX file");
		return (NULL);
	}
	e = xcalloc(1, sizeof(*e));
	e->buf = buf;
	e->len = len;
	if (len > FILE_HEADER_SIZE && (len - FILE_HEADER_SIZE) % CHUNK_SIZE) {
		/*
		 * Cut inside a chunk (a partial copy, a carved file): libevtx
		 * drops such a chunk whole.  Zeros in place of the missing
		 * bytes let it read the records before the cut.
		 */
		e->st.cut = CHUNK_SIZE - (len - FILE_HEADER_SIZE) % CHUNK_SIZE;
		e->len = len + e->st.cut;
		e->padded = xcalloc(1, e->len);
		memcpy(e->padded, buf, len);
		e->buf = e->padded;
	}
	if ((e->bfio = memio_handle(e)) == NULL) {
		if (err != NULL && errlen > 0)
			snprintf(err, errlen, "libbfio: cannot map the buffer");
		evtx_close(e);
		return (NULL);
	}
	if (file_open(e, &lerr) != 1) {
		lib_error(&lerr, "libevtx: ", err, errlen);
		evtx_close(e);
		return (NULL);
	}
	if (libevtx_file_get_number_of_records(e->file, &e->nrec, NULL) != 1 ||
	    e->nrec < 0)
		e->nrec = 0;
	if (libevtx_file_get_number_of_recovered_records(e->file, &e->nrecov,
	    NULL) != 1 || e->nrecov < 0 || e->nrecov > INT32_MAX - e->nrec)
		e->nrecov = 0;
	e->st.records = (uint64_t)e->nrec;
	e->view_off = UINT64_MAX;
	records_place(e);
	if (!e->placed) {
		e->st.unplaced = true;
		e->safe = records_safe(e);
	}
	cands_index(e);
	return (e);
}

void
evtx_close(struct evtx *e)
{
	if (e == NULL)
		return;
	file_close(e);
	if (e->bfio != NULL)
		libbfio_handle_free(&e->bfio, NULL);
	free(e->xml.p);
	free(e->str.p);
	free(e->text.p);
	free(e->items);
	free(e->fields);
	free(e->listed.v);
	free(e->recov.v);
	free(e->view);
	free(e->cands);
	free(e->spans);
	free(e->seen);
	free(e->mask);
	free(e->padded);
	free(e);
}

int
evtx_next(struct evtx *e, struct evtx_record *r)
{
	if (e == NULL)
		return (0);
	while (e->file != NULL && e->next < e->nrec + e->nrecov) {
		if (record_read(e, e->next++, r) == 0)
			return (1);
	}
	return (slack_next(e, r));
}

const struct evtx_stats *
evtx_stats(const struct evtx *e)
{
	return (e != NULL ? &e->st : NULL);
}
