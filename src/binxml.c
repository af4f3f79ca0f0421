/* SPDX-License-Identifier: MIT */
/*
 * binxml.c - walk an EVTX record's binary XML the way libevtx 20181227
 * (the libfwevt bundled with it, libfwevt_xml_document.c) would parse it,
 * and refuse the records that would make it misbehave.
 *
 * Why.  libevtx parses a record's binary XML when the record is asked for
 * (libevtx_file_get_record_by_index() and the recovered-record twin, by
 * way of libevtx_record_values_read_xml_document() and
 * libfwevt_xml_document_read()), and that parser trusts its data:
 *
 * - libfwevt_xml_document_read_template_instance_values() checks a
 *   template instance's value count n against the chunk as n * 4 in 32-bit
 *   arithmetic: a count of 2^30 or more wraps and passes.  It then
 *   allocates n pointers (8 GiB for 2^30) and a value object for each,
 *   reading n descriptors far past its buffer.  Fuzzing found a 69 KB file
 *   that made hopscan take 24 GB of memory and five minutes, or crash.
 * - The substitution of a BinXml value (type 0x21) parses the binary XML
 *   at the value's offset with the same values: a value whose element
 *   substitutes itself recurses until the stack overflows, and values
 *   substituted several times at several levels are parsed again each
 *   time, exponentially.
 * - An element that substitutes an array value is read once per item,
 *   with the elements inside it: nested arrays multiply.
 *
 * What.  The walk reads every token as libfwevt does (the same sizes, the
 * same checks, the same offsets for names, template definitions and
 * values) without building anything, and counts what libfwevt would
 * build.  A record is hostile when
 *
 * - a template instance claims more values than the bytes left in the
 *   record can describe (4 bytes each), or its values' data runs past the
 *   record's end (in a real record they lie inside it), and libfwevt's
 *   own check, against the chunk, lets it pass;
 * - libfwevt would read past the chunk where it does not check;
 * - libfwevt would nest elements and template instances more than
 *   BINXML_MAX_DEPTH deep, read more than BINXML_MAX_STEPS tokens, tags
 *   and values, or copy more than BINXML_MAX_BYTES of names and values
 *   into its tags.  A real record's walk reads its template and its values
 *   about once: the costliest record of the real samples stays far below
 *   each limit (tests/unit/test_binxml.c measures them).  The caller
 *   bounds what all the records of a file may cost (BINXML_FILE_STEPS).
 *
 * Where libfwevt gives up by itself (an unknown token, a bad size, a
 * missing value), the walk stops too: libfwevt did no more than the walk
 * counted.  Where the walk cannot be sure that libfwevt gives up, it goes
 * on: counting too much can only call a broken record hostile, never let a
 * hostile one through.
 *
 * The same walk renders the record's XML as libevtx would
 * (binxml_render(), below), so that libevtx need not parse the records it
 * renders: libevtx's allocations for every tag and value made EVTX a
 * quarter of a scan's time.
 */
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>

#include "binxml.h"
#include "escape.h"
#include "fvalue.h"
#include "hopscan.h"

#define REC_HEADER	24	/* signature, size, id, written time */

/* Binary XML tokens (libfwevt_definitions.h). */
enum {
	T_EOF = 0x00, T_OPEN = 0x01, T_CLOSE_START = 0x02,
	T_CLOSE_EMPTY = 0x03, T_END = 0x04, T_VALUE = 0x05, T_ATTR = 0x06,
	T_CDATA = 0x07, T_CHARREF = 0x08, T_ENTITY = 0x09,
	T_PI_TARGET = 0x0a, T_PI_DATA = 0x0b, T_TEMPLATE = 0x0c,
	T_NORMAL_SUB = 0x0d, T_OPTIONAL_SUB = 0x0e, T_FRAGMENT = 0x0f,
	T_MORE = 0x40		/* "has more data" flag */
};

/* Value types. */
enum {
	V_NULL = 0x00, V_UTF16 = 0x01, V_SIZE = 0x10,
	V_BINXML = 0x21, V_ARRAY = 0x80
};

/* How a walk step ends. */
enum {
	W_OK = 0,
	W_FAIL = -1,		/* libfwevt gives up here */
	W_HOSTILE = -2		/* the record must not reach libfwevt */
};

/* An element being rendered: the tag libfwevt would make of it. */
struct rtag {
	size_t		 name;		/* its name's offset in the chunk */
	size_t		 mark;		/* where its rendering starts */
	size_t		 open;		/* where its start tag's end starts */
	enum { R_NONE, R_VALUE, R_KIDS } state;
	unsigned	 kids;		/* child elements kept */
	unsigned	 nvals;		/* value entries */
	size_t		 vbytes;	/* their text, before escaping */
	bool		 subst;		/* the value is a substitution */
	bool		 zero;		/* an entry has no data */
};

struct walk {
	const uint8_t	*p;		/* the chunk */
	size_t		 len;
	size_t		 end;		/* end of the record's binary XML */
	struct binxml_cost c;
	unsigned	 depth;
	bool		 root;		/* the document's root tag is set */
	uint32_t	*voff;		/* data offsets of the values of the
					   template instances being read */
	size_t		 nvoff, voffcap;
	char		*why;
	size_t		 whylen;

	struct buf	*xml;		/* the rendering, or NULL */
	bool		 unsure;	/* it would not be libevtx's */
	unsigned	 level;		/* elements open in it */
	struct rtag	*tag;		/* the innermost, or NULL */
	bool		 attr;		/* an attribute's value is read */
};

/* The values of one template instance. */
struct vals {
	size_t		 desc;		/* first descriptor (size, type, 0) */
	uint32_t	 n;
	size_t		 base;		/* their offsets: voff[base..base+n) */
};

static int	element(struct walk *, size_t, uint8_t, bool, bool,
		    const struct vals *, size_t *);
static int	template(struct walk *, size_t, bool, bool, size_t *);

static uint16_t
le16(const uint8_t *p)
{
	return (uint16_t)(p[0] | p[1] << 8);
}

static uint32_t
le32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	    (uint32_t)p[3] << 24;
}

static int
hostile(struct walk *w, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	if (w->why != NULL && w->whylen > 0)
		vsnprintf(w->why, w->whylen, fmt, ap);
	va_end(ap);
	return (W_HOSTILE);
}

/*
 * The rendering (binxml_render()): the XML that libfwevt's
 * libfwevt_xml_tag_get_utf8_xml_string_with_index() makes of the tags the
 * walk reads, written as it goes.  A tag with a value is rendered with its
 * value (escaped if it is UTF-16 text) and without its elements; a tag with
 * neither, or with a value whose text is empty or a lone newline, as an
 * empty element; an array value makes one element (or attribute) per
 * item.  Where the record holds what this rendering does not reproduce
 * exactly (text beside substitutions, a value beside elements, CDATA and
 * references, BinXml in an attribute, values fvalue.c leaves to libevtx, a
 * root dropped by a NULL value), the rendering is unsure and libevtx
 * renders the record.
 */

static bool
rendering(const struct walk *w)
{
	return (w->xml != NULL && !w->unsure);
}

static void
indent(struct walk *w, unsigned level)
{
	while (level-- > 0)
		buf_add(w->xml, "  ", 2);
}

/*
 * Append the name at no (name() checked it) as UTF-8: its count of
 * characters and one more, as libfwevt takes it, up to a NUL.
 */
static void
put_name(struct walk *w, size_t no)
{
	if (fvalue_utf16(w->xml, w->p + no + 8, ((size_t)le16(w->p + no + 6) +
	    1) * 2, false) < 0)
		w->unsure = true;
}

/* A child element of the tag being rendered starts. */
static void
tag_child(struct walk *w)
{
	struct rtag *t = w->tag;

	if (t->state == R_VALUE)
		w->unsure = true;
	else if (t->state == R_NONE) {
		t->open = w->xml->len;
		buf_add(w->xml, ">\n", 2);
		t->state = R_KIDS;
	}
}

/*
 * A value entry of n bytes of data starts in the tag being rendered
 * (subst: a substitution, which sets the value where text appends to it):
 * whether to render it.  Only text entries are rendered together, and
 * only entries with data.
 */
static bool
tag_value(struct walk *w, bool subst, size_t n)
{
	struct rtag *t = w->tag;

	if (t == NULL || t->state == R_KIDS || (t->nvals > 0 && (subst ||
	    t->subst || t->zero || n == 0))) {
		w->unsure = true;
		return (false);
	}
	if (t->state == R_NONE) {
		t->open = w->xml->len;
		buf_addc(w->xml, '>');
		t->state = R_VALUE;
	}
	t->subst = subst;
	t->zero = n == 0;
	t->nvals++;
	return (true);
}

/* The tag at level ends: its end tag, or an empty element. */
static void
tag_close(struct walk *w, struct rtag *t, unsigned level)
{
	struct buf *b = w->xml;
	bool empty = t->state == R_NONE || (t->state == R_KIDS &&
	    t->kids == 0) || (t->state == R_VALUE && t->vbytes == 0);

	if (t->state == R_VALUE && t->nvals == 1 && t->vbytes == 1) {
		if (b->p[b->len - 1] == '\n')
			empty = true;
		else if (b->p[b->len - 1] == ';')
			w->unsure = true;	/* libfwevt's size is short */
	}
	if (empty) {
		if (t->state != R_NONE)
			b->len = t->open;
		buf_add(b, "/>\n", 3);
		return;
	}
	if (t->state == R_KIDS)
		indent(w, level);
	buf_add(b, "</", 2);
	put_name(w, t->name);
	buf_add(b, ">\n", 2);
}

/*
 * Render the value of type t at p[0..n) in the tag being rendered or, in
 * an attribute, in the attribute.
 */
static void
put_value(struct walk *w, uint8_t t, const uint8_t *p, size_t n, bool subst)
{
	ssize_t k;

	if (w->attr) {
		if (n == 0 || (k = fvalue_format(w->xml, t, p, n, false)) <= 0)
			w->unsure = true;
		return;
	}
	if (!tag_value(w, subst, n))
		return;
	if ((k = fvalue_format(w->xml, t, p, n, t == V_UTF16)) < 0)
		w->unsure = true;
	else
		w->tag->vbytes += (size_t)k;
}

/* Whether n bytes at o lie inside the chunk. */
static bool
has(const struct walk *w, size_t o, size_t n)
{
	return (o <= w->len && n <= w->len - o);
}

static int
past_chunk(struct walk *w)
{
	return (hostile(w, "its binary XML runs past the end of its chunk"));
}

/* Count n tokens, tags or values. */
static int
steps(struct walk *w, uint64_t n)
{
	w->c.steps += n;
	if (w->c.steps > BINXML_MAX_STEPS)
		return (hostile(w, "its binary XML expands to more than %u "
		    "tokens, tags and values", BINXML_MAX_STEPS));
	return (W_OK);
}

/* Count n bytes of names or values copied into a tag. */
static int
copies(struct walk *w, uint64_t n)
{
	w->c.bytes += n;
	if (w->c.bytes > BINXML_MAX_BYTES)
		return (hostile(w, "its binary XML expands to more than %u "
		    "bytes of names and values", BINXML_MAX_BYTES));
	return (W_OK);
}

/* One level deeper (an element or a template instance). */
static int
enter(struct walk *w)
{
	if (++w->depth > w->c.depth)
		w->c.depth = w->depth;
	if (w->depth > BINXML_MAX_DEPTH)
		return (hostile(w, "its binary XML nests elements and "
		    "templates more than %u deep", BINXML_MAX_DEPTH));
	return (W_OK);
}

/* The token at o, as libfwevt_xml_token_read() takes it. */
static int
token(struct walk *w, size_t o, uint8_t *t)
{
	if (o >= w->len)
		return (W_FAIL);
	*t = w->p[o];
	if (*t > T_FRAGMENT && *t != (T_OPEN | T_MORE) &&
	    (*t < (T_VALUE | T_MORE) || *t > (T_ENTITY | T_MORE)))
		return (W_FAIL);
	return (steps(w, 1));
}

/* libfwevt_xml_document_read_name(): the name at no, *size its bytes. */
static int
name(struct walk *w, size_t no, uint32_t *size)
{
	uint32_t n;

	if (no >= w->len || w->len - no < 8)
		return (W_FAIL);
	n = ((uint32_t)le16(w->p + no + 6) + 1) * 2;
	if (n > w->len - no - 8)
		return (W_FAIL);
	*size = 8 + n;
	return (copies(w, n));
}

/*
 * Whether libfwevt surely refuses the entity reference named at no: a name
 * of ASCII characters that is none of XML's five.  (Other characters go
 * through a UTF-8 conversion first: then the walk goes on.)
 */
static bool
entity_unknown(const struct walk *w, size_t no)
{
	static const char *const known[] = { "gt", "lt", "amp", "apos",
	    "quot" };
	unsigned n = le16(w->p + no + 6), i;
	uint16_t c;
	char s[5];

	if (n == 0)
		return (false);
	for (i = 0; i < n; i++) {
		c = le16(w->p + no + 8 + 2 * i);
		if (c == 0 || c > 0x7f)
			return (false);
		if (i < sizeof(s) - 1)
			s[i] = (char)c;
	}
	if (n >= sizeof(s))
		return (true);
	s[n] = '\0';
	for (i = 0; i < sizeof(known) / sizeof(known[0]); i++)
		if (strcmp(s, known[i]) == 0)
			return (false);
	return (true);
}

/* A value token (UTF-16 text only): libfwevt_xml_document_read_value(). */
static int
value(struct walk *w, size_t o, size_t *size)
{
	size_t n;

	if (w->len - o < 4 || w->p[o + 1] != V_UTF16)
		return (W_FAIL);
	n = (size_t)le16(w->p + o + 2) * 2;
	if (o + 4 + n > w->len)
		return (W_FAIL);
	*size = 4 + n;
	if (rendering(w))
		put_value(w, V_UTF16, w->p + o + 4, n, false);
	return (copies(w, n));
}

/* libfwevt_xml_document_read_cdata_section(). */
static int
cdata(struct walk *w, size_t o, uint8_t t, size_t *size)
{
	size_t n;
	int r;

	if (t != T_CDATA || w->len - o < 3)
		return (W_FAIL);
	n = (size_t)le16(w->p + o + 1) * 2;
	if (o + 3 + n > w->len)
		return (W_FAIL);
	*size = 3 + n;
	if ((r = steps(w, 1)) != W_OK)
		return (r);
	return (copies(w, n));
}

/* libfwevt_xml_document_read_pi_target() and its PI data. */
static int
pi(struct walk *w, size_t o, size_t *size)
{
	uint32_t no, nsize;
	size_t sz = 5, n;
	uint8_t t;
	int r;

	if ((r = steps(w, 1)) != W_OK)
		return (r);
	if (!has(w, o + 1, 4))
		return (past_chunk(w));
	no = le32(w->p + o + 1);
	if (no > o + 5)
		return (W_FAIL);
	if ((r = name(w, no, &nsize)) != W_OK)
		return (r);
	if (o + 5 == no)
		sz += nsize;
	if ((r = token(w, o + sz, &t)) != W_OK)
		return (r);
	if (t != T_PI_DATA || w->len - (o + sz) < 3)
		return (W_FAIL);
	n = (size_t)le16(w->p + o + sz + 1) * 2;
	if (o + sz + 3 + n > w->len)
		return (W_FAIL);
	*size = sz + 3 + n;
	return (copies(w, n));
}

/* libfwevt_xml_document_read_entity_reference(). */
static int
entity(struct walk *w, size_t o, size_t *size)
{
	uint32_t no, nsize;
	int r;

	if ((r = steps(w, 1)) != W_OK)
		return (r);
	if (!has(w, o + 1, 4))
		return (past_chunk(w));
	no = le32(w->p + o + 1);
	if (no > o + 5)
		return (W_FAIL);
	if ((r = name(w, no, &nsize)) != W_OK)
		return (r);
	if (entity_unknown(w, no))
		return (W_FAIL);
	*size = 5 + (o + 5 == no ? nsize : 0);
	return (copies(w, 4));
}

/*
 * Whether libfwevt knows value type t (but NULL and BinXml): 0x01..0x15,
 * and their arrays but those of booleans, binary data, sizes and SIDs.
 */
static bool
known_type(uint8_t t)
{
	uint8_t base = t & (uint8_t)~V_ARRAY;

	if (base == 0 || base > 0x15)
		return (false);
	return ((t & V_ARRAY) == 0 || (base != 0x0d && base != 0x0e &&
	    base != V_SIZE && base != 0x13));
}

/* The bytes of one item of an array of type t (known), 0 for strings. */
static int
item_size(uint8_t t)
{
	static const unsigned char sizes[0x16] = {
		0, 0, 0, 1, 1, 2, 2, 4, 4, 8, 8, 4, 8, 0, 0, 16,
		0, 8, 16, 0, 4, 8
	};

	return (sizes[t & (uint8_t)~V_ARRAY]);
}

/*
 * The bytes of the string at data[0..n) that one item of a string array
 * takes (libfvalue_value_type_get_string_size()), or -1.
 */
static ssize_t
string_item(const uint8_t *data, size_t n, bool utf16)
{
	size_t i = 0;

	if (!utf16) {
		while (i < n)
			if (data[i++] == 0)
				break;
		return ((ssize_t)i);
	}
	if (n < 2)
		return (-1);
	for (; i <= n - 2; i += 2) {
		if (data[i] == 0 && data[i + 1] == 0)
			return ((ssize_t)i + 2);
	}
	return ((ssize_t)i);
}

/*
 * Substitute a value of type t but BinXml, at vo of vsz bytes
 * (libfwevt_xml_document_substitute_template_value()).  An array gives one
 * item per reading of the element, from *tvo on; *tvo is back to 0 after
 * the last.
 */
static int
plain_value(struct walk *w, uint8_t t, size_t vo, uint16_t vsz, size_t *tvo)
{
	int isz;
	ssize_t n;

	if (!known_type(t) || (t == V_SIZE && vsz != 4 && vsz != 8))
		return (W_FAIL);
	if ((t & V_ARRAY) == 0) {
		if (rendering(w))
			put_value(w, t, w->p + vo, vsz, true);
		return (copies(w, vsz));
	}
	isz = item_size(t);
	if (vsz > 0 && *tvo >= vsz)
		return (W_FAIL);
	if (isz == 0)
		n = vsz == 0 ? 0 : string_item(w->p + vo + *tvo, vsz - *tvo,
		    t == (V_ARRAY | V_UTF16));
	else
		n = isz <= vsz - (int)*tvo ? isz : -1;
	if (n < 0)
		return (W_FAIL);
	if (rendering(w))
		put_value(w, t & (uint8_t)~V_ARRAY, w->p + vo + *tvo, (size_t)n,
		    true);
	*tvo += (size_t)n;
	if (*tvo == vsz)
		*tvo = 0;
	return (copies(w, (uint64_t)n));
}

/*
 * A fragment (header, then an element or a template instance) at o; top:
 * its element has no parent tag.
 */
static int
fragment(struct walk *w, size_t o, bool top, bool deps, const struct vals *v,
    size_t *size)
{
	size_t sz = 0;
	uint8_t t;
	int r;

	if (w->len - o < 4)
		return (W_FAIL);
	if ((r = token(w, o + 4, &t)) != W_OK)
		return (r);
	if ((t & 0xbf) == T_OPEN)
		r = element(w, o + 4, t, top, deps, v, &sz);
	else if (t == T_TEMPLATE)
		r = template(w, o + 4, top, deps, &sz);
	else
		r = W_FAIL;
	*size = 4 + sz;
	return (r);
}

/* The binary XML of a BinXml value at vo, read with the values v. */
static int
binxml_value(struct walk *w, size_t vo, bool deps, const struct vals *v)
{
	size_t sz;
	uint8_t t;
	int r;

	if ((r = token(w, vo, &t)) != W_OK)
		return (r);
	if ((t & 0xbf) == T_OPEN)
		return (element(w, vo, t, false, false, v, &sz));
	if (t == T_FRAGMENT)
		return (fragment(w, vo, false, deps, NULL, &sz));
	if (t == T_TEMPLATE)
		return (template(w, vo, false, deps, &sz));
	return (W_FAIL);
}

/*
 * A normal or optional substitution token at o (4 bytes): substitute value
 * number i of v; *done: whether it did (not for a NULL value).  *tvo is
 * the element's or attribute's array position.
 */
static int
substitution(struct walk *w, size_t o, uint8_t t, bool deps,
    const struct vals *v, size_t *tvo, bool *done)
{
	size_t d, vo;
	uint16_t i;
	uint8_t vt;
	int r;

	if (w->len - o < 4)
		return (W_FAIL);
	if ((r = steps(w, 1)) != W_OK)
		return (r);
	i = le16(w->p + o + 1);
	if (v == NULL || i >= v->n)
		return (W_FAIL);
	d = v->desc + 4 * (size_t)i;
	vt = w->p[d + 2];
	vo = w->voff[v->base + i];
	*done = vt != V_NULL;
	if (vt == V_NULL)		/* a normal one must substitute */
		return (t == T_NORMAL_SUB ? W_FAIL : W_OK);
	if (vt == V_BINXML) {
		if (w->attr && rendering(w))
			w->unsure = true;
		return (binxml_value(w, vo, deps, v));
	}
	return (plain_value(w, vt, vo, le16(w->p + d), tvo));
}

/*
 * An attribute (libfwevt_xml_document_read_attribute()): read again while
 * an array value has items left.
 */
static int
attribute(struct walk *w, size_t o, uint8_t t, bool deps,
    const struct vals *v, size_t *size)
{
	size_t xo = 0, tvo = 0, ssz = 0, mark = 0;
	uint32_t no, nsize;
	uint8_t st;
	bool done = true;
	int r;

	if ((t & 0xbf) != T_ATTR)
		return (W_FAIL);
	do {
		if ((r = steps(w, 1)) != W_OK)
			return (r);
		if (xo + 1 > w->len - o)
			return (W_FAIL);
		if (!has(w, o + 1, 4))
			return (past_chunk(w));
		no = le32(w->p + o + 1);
		xo = 5;
		if (no > o + xo)
			return (W_FAIL);
		if ((r = name(w, no, &nsize)) != W_OK)
			return (r);
		if (o + xo == no)
			xo += nsize;
		if ((r = token(w, o + xo, &st)) != W_OK)
			return (r);
		if (rendering(w)) {
			mark = w->xml->len;
			buf_addc(w->xml, ' ');
			put_name(w, no);
			buf_add(w->xml, "=\"", 2);
		}
		w->attr = true;
		if ((st & 0xbf) == T_VALUE)
			r = tvo != 0 ? W_FAIL : value(w, o + xo, &ssz);
		else if (st == T_NORMAL_SUB || st == T_OPTIONAL_SUB) {
			r = substitution(w, o + xo, st, deps, v, &tvo, &done);
			ssz = 4;
		} else
			r = W_FAIL;
		w->attr = false;
		if (r != W_OK)
			return (r);
		if (rendering(w)) {
			if (done)
				buf_addc(w->xml, '"');
			else
				w->xml->len = mark;	/* a NULL value */
		}
		xo += ssz;
	} while (tvo > 0);
	*size = xo;
	return (W_OK);
}

/*
 * One content token of an element at o (libfwevt's content loop); *done
 * as for substitution(), after one.
 */
static int
content_token(struct walk *w, size_t o, uint8_t t, bool deps,
    const struct vals *v, size_t *tvo, bool *done, size_t *size)
{
	switch (t & 0xbf) {
	case T_OPEN:
		return (element(w, o, t, false, deps, v, size));
	case T_CLOSE_EMPTY:
	case T_END:
		*size = 1;
		return (W_OK);
	case T_NORMAL_SUB:
	case T_OPTIONAL_SUB:
		*size = 4;
		return (substitution(w, o, t, deps, v, tvo, done));
	}
	if (*tvo != 0)		/* text only between array items: refused */
		return (W_FAIL);
	if (rendering(w) && (t & 0xbf) != T_VALUE)
		w->unsure = true;	/* CDATA, PI, references */
	switch (t & 0xbf) {
	case T_CDATA:
		return (cdata(w, o, t, size));
	case T_PI_TARGET:
		return (pi(w, o, size));
	case T_ENTITY:
		return (entity(w, o, size));
	case T_VALUE:
		return (value(w, o, size));
	}
	/* T_CHARREF too: libfwevt 20181227 checks it for T_ENTITY. */
	return (W_FAIL);
}

/*
 * The content of the element at o from o + *xo, *esz bytes of it left by
 * its size, up to its end tag; *done: false if the last substitution in it
 * had a NULL value.
 */
static int
content(struct walk *w, size_t o, size_t *xo, uint32_t *esz, bool deps,
    const struct vals *v, size_t *tvo, bool *done)
{
	size_t ssz = 0;
	uint8_t t;
	int r;

	while (*esz > 0) {
		if ((r = token(w, o + *xo, &t)) != W_OK ||
		    (r = content_token(w, o + *xo, t, deps, v, tvo, done,
		    &ssz)) != W_OK)
			return (r);
		*xo += ssz;
		if (*esz < ssz)
			return (W_FAIL);
		*esz -= (uint32_t)ssz;
		if (t == T_CLOSE_EMPTY || t == T_END)
			break;
	}
	return (W_OK);
}

/*
 * The start tag of the element at o up to its close: name, attributes.
 * *xo and *esz as for content(); *close is the closing token.
 */
static int
start_tag(struct walk *w, size_t o, uint8_t t, bool deps,
    const struct vals *v, size_t *xo, uint32_t *esz, uint8_t *close)
{
	uint32_t no, nsize, alen;
	size_t asz = 0;
	uint8_t at;
	int r;

	*esz = le32(w->p + o + *xo);
	*xo += 4;
	if (!has(w, o + *xo, 4))
		return (past_chunk(w));
	no = le32(w->p + o + *xo);
	*xo += 4;
	*esz -= 4;
	if (no > o + *xo)
		return (W_FAIL);
	if ((r = name(w, no, &nsize)) != W_OK)
		return (r);
	if (rendering(w)) {
		w->tag->name = no;
		indent(w, w->level);
		buf_addc(w->xml, '<');
		put_name(w, no);
	}
	if (o + *xo == no) {
		*xo += nsize;
		*esz -= nsize;
	}
	if ((t & T_MORE) != 0) {
		if (o + *xo + 4 > w->len)
			return (W_FAIL);
		alen = le32(w->p + o + *xo);
		*xo += 4;
		*esz -= 4;
		while (alen > 0) {
			if ((r = token(w, o + *xo, &at)) != W_OK ||
			    (r = attribute(w, o + *xo, at, deps, v,
			    &asz)) != W_OK)
				return (r);
			*xo += asz;
			*esz -= (uint32_t)asz;
			if (alen < asz)
				return (W_FAIL);
			alen -= (uint32_t)asz;
		}
	}
	if ((r = token(w, o + *xo, close)) != W_OK)
		return (r);
	if (*close != T_CLOSE_START && *close != T_CLOSE_EMPTY)
		return (W_FAIL);
	*xo += 1;
	*esz -= 1;
	return (W_OK);
}

/*
 * An element (libfwevt_xml_document_read_element()): read again, whole,
 * while an array value substituted in its content has items left.  top:
 * it has no parent tag (a root); deps: its token has a dependency
 * identifier.  Each reading makes a tag, which goes to the parent (or is
 * the root) unless the last substitution had a NULL value, or it is a
 * second root; such a tag is left over, and libfwevt fails to make the
 * next one.
 */
static int
element(struct walk *w, size_t o, uint8_t t, bool top, bool deps,
    const struct vals *v, size_t *size)
{
	size_t eso = deps ? 3 : 1, xo = 0, tvo = 0;
	struct rtag rt, *up = w->tag;
	unsigned level = w->level;
	bool done, left = false;
	uint32_t esz;
	uint8_t close;
	int r;

	if ((t & 0xbf) != T_OPEN || w->len - o < eso + 4)
		return (W_FAIL);
	if ((r = enter(w)) != W_OK)
		goto out;
	do {
		r = W_FAIL;
		if (left)
			goto out;
		xo = eso;
		done = true;
		memset(&rt, 0, sizeof(rt));
		if (rendering(w)) {
			if (up != NULL)
				tag_child(w);
			else if (!top || w->root)
				w->unsure = true;	/* not the root */
			rt.mark = w->xml->len;
		}
		w->tag = &rt;
		if ((r = steps(w, 1)) != W_OK ||
		    (r = start_tag(w, o, t, deps, v, &xo, &esz,
		    &close)) != W_OK)
			goto out;
		w->level = level + 1;
		if (close == T_CLOSE_START && (r = content(w, o, &xo, &esz,
		    deps, v, &tvo, &done)) != W_OK)
			goto out;
		w->level = level;
		if (esz > 0) {
			r = W_FAIL;
			goto out;
		}
		left = !done || (top && w->root);
		if (top && !left)
			w->root = true;
		/*
		 * A root dropped by a NULL value: libevtx still renders
		 * such records (System logs), by a way this walk does not
		 * follow; they are left to it.
		 */
		if (rendering(w) && left && up == NULL)
			w->unsure = true;
		else if (rendering(w) && left)
			w->xml->len = rt.mark;
		else if (rendering(w)) {
			tag_close(w, &rt, level);
			if (up != NULL)
				up->kids++;
		}
		w->tag = up;
	} while (tvo > 0);
	*size = xo;
out:
	w->tag = up;
	w->level = level;
	w->depth--;
	return (r);
}

/*
 * The values of a template instance at vo
 * (libfwevt_xml_document_read_template_instance_values()): into *v, their
 * bytes (count, descriptors, data) in *size.
 */
static int
values(struct walk *w, size_t vo, struct vals *v, size_t *size)
{
	size_t room, data, sum = 0, i;
	uint32_t n;
	int r;

	if (vo + 4 >= w->len)
		return (W_FAIL);
	n = le32(w->p + vo);
	vo += 4;
	/* libfwevt's own check, in 32 bits: 2^30 values and more pass it. */
	if (vo + (uint32_t)(n * 4) >= w->len)
		return (W_FAIL);
	room = vo <= w->end ? w->end - vo : 0;
	if ((uint64_t)n * 4 > room)
		return (hostile(w, "its binary XML claims %lu template values "
		    "in %zu bytes", (unsigned long)n, room));
	if ((r = steps(w, n)) != W_OK)
		return (r);
	if (w->nvoff + n > w->voffcap) {
		w->voffcap = w->nvoff + n + 64;
		w->voff = xreallocarray(w->voff, w->voffcap,
		    sizeof(*w->voff));
	}
	v->desc = vo;
	v->n = n;
	v->base = w->nvoff;
	data = vo + 4 * (size_t)n;
	for (i = 0; i < n; i++) {
		w->voff[w->nvoff++] = (uint32_t)(data + sum);
		sum += le16(w->p + vo + 4 * i);
	}
	if (data + sum >= w->len)
		return (W_FAIL);
	if (data + sum > w->end)
		return (hostile(w, "its binary XML's template values run %zu "
		    "bytes past its end", data + sum - w->end));
	*size = 4 + 4 * (size_t)n + sum;
	return (W_OK);
}

/*
 * The template's element, read with the values v, at its definition d
 * (after its 24-byte header); *size: the bytes up to its end of file.
 */
static int
template_body(struct walk *w, size_t d, bool top, bool deps,
    const struct vals *v, size_t *size)
{
	size_t o = d + 24, sz = 0;
	uint8_t t;
	int r;

	if ((r = token(w, o, &t)) != W_OK)
		return (r);
	if (t != T_FRAGMENT || w->len - o < 4)
		return (W_FAIL);
	o += 4;
	if ((r = token(w, o, &t)) != W_OK ||
	    (r = element(w, o, t, top, deps, v, &sz)) != W_OK)
		return (r);
	o += sz;
	if ((r = token(w, o, &t)) != W_OK)
		return (r);
	if (t != T_EOF)
		return (W_FAIL);
	*size = o + 1 - d;
	return (W_OK);
}

/*
 * A template instance at o (libfwevt_xml_document_read_template_instance()):
 * its definition inline (right after the token) or earlier in the chunk,
 * its values after the token or after the inline definition.
 */
static int
template(struct walk *w, size_t o, bool top, bool deps, size_t *size)
{
	size_t o10 = o + 10, d, tvdo, vsize = 0, tsize = 0, nvoff = w->nvoff;
	uint32_t dsize;
	struct vals v;
	int r;

	if (o10 >= w->len)
		return (W_FAIL);
	if ((r = enter(w)) != W_OK)
		goto out;
	r = W_FAIL;
	d = le32(w->p + o + 6);
	if (d > o10 || d + 24 >= w->len)
		goto out;
	dsize = le32(w->p + d + 20);
	tvdo = d == o10 ? 24 + (size_t)dsize : 0;
	if (tvdo >= w->len - o)
		goto out;
	if ((r = values(w, o10 + tvdo, &v, &vsize)) != W_OK ||
	    (r = template_body(w, d, top, deps, &v, &tsize)) != W_OK)
		goto out;
	*size = 10 + vsize;
	if (d == o10) {
		*size += tsize;
		if (dsize < tsize - 24)
			r = W_FAIL;
	}
out:
	w->nvoff = nvoff;
	w->depth--;
	return (r);
}

/* The record's document (libfwevt_xml_document_read()) from o on. */
static int
document(struct walk *w, size_t o)
{
	size_t sz = 0;
	uint8_t t;
	int r;

	while (o < w->len) {
		if ((r = token(w, o, &t)) != W_OK)
			return (r);
		if (t == T_EOF)
			break;
		if (t != T_FRAGMENT)
			return (W_FAIL);
		if ((r = fragment(w, o, !w->root, true, NULL, &sz)) != W_OK)
			return (r);
		o += sz;
	}
	return (W_OK);
}

enum binxml_verdict
binxml_check(const uint8_t *chunk, size_t len, size_t rec,
    struct binxml_cost *cost, char *why, size_t whylen)
{
	return (binxml_render(chunk, len, rec, cost, why, whylen, NULL,
	    NULL));
}

enum binxml_verdict
binxml_render(const uint8_t *chunk, size_t len, size_t rec,
    struct binxml_cost *cost, char *why, size_t whylen, struct buf *xml,
    bool *rendered)
{
	struct walk w = { .p = chunk, .len = len, .why = why,
	    .whylen = whylen, .xml = xml };
	size_t size, doc = rec + REC_HEADER;
	int r = W_FAIL;

	if (why != NULL && whylen > 0)
		why[0] = '\0';
	if (xml != NULL)
		xml->len = 0;
	/* libevtx_record_values_read_xml_document(), in size_t as it is. */
	if (rec <= len && len - rec >= REC_HEADER + 4) {
		size = le32(chunk + rec + 4);
		w.end = size >= REC_HEADER + 4 ? rec + size - 4 : doc;
		if (doc < len && doc + (size - (REC_HEADER + 4)) <= len)
			r = document(&w, doc);
	}
	free(w.voff);
	if (cost != NULL)
		*cost = w.c;
	if (rendered != NULL)
		*rendered = r == W_OK && w.root && rendering(&w);
	if (xml != NULL)
		buf_str(xml);
	return (r == W_OK ? BINXML_OK : r == W_FAIL ? BINXML_FAILS :
	    BINXML_HOSTILE);
}
