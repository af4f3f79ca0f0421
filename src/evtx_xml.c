/* SPDX-License-Identifier: MIT */
/*
 * evtx_xml.c - the XML libevtx gives for a record, scanned in one bounded
 * pass for the System values, EventData/Data items and UserData leaves,
 * then made into the record's named fields and its one-line rendering.
 */
#include <stdio.h>
#include <string.h>

#include "evtx_int.h"
#include "hopscan.h"
#include "timestamp.h"

/* An EventData/UserData item: offsets of NUL-terminated strings in str. */
struct item {
	size_t		 name;
	size_t		 value;
};

static const char *const sys_names[SYS_N] = {
	"EventID", "Channel", "Provider", "Computer", "Level", "EventRecordID"
};

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
void
evtx_xml_scan(struct evtx *e, struct xp *x)
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

/* Build e->fields and the one-line rendering in e->text from the scan. */
void
evtx_render(struct evtx *e, struct evtx_record *r)
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
