/* SPDX-License-Identifier: MIT */
/*
 * merge.c - k-way merge of sorted JSONL timelines, with a binary heap of
 * the next line of each input.
 */
#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "escape.h"
#include "merge.h"

/*
 * The keys of print.c's JSONL, in its order; a line must have exactly
 * these.  The test that merged shards equal one scan keeps the two in step.
 */
static const char *const col_name[] = {
	"datetime", "timestamp_desc", "message", "timestamp", "host",
	"source", "position", "format", "signature_id", "signature_title",
	"level", "attack", "excerpt", "time_note", "offset",
};

enum {
	COL_TIMESTAMP = 3,
	COL_SOURCE = 5,
	COL_POSITION = 6,
	COL_SIGNATURE_ID = 8,
	COL_OFFSET = 14,
	NCOL = 15
};

/* The sort keys of one line. */
struct key {
	bool		 has_time;
	int64_t		 time;
	struct buf	 source;	/* raw bytes: escape_text() undone */
	bool		 source_bs;	/* the printed source has a backslash */
	uint64_t	 pos;
	struct buf	 sig;
	uint64_t	 offset;
};

/* One input: its file, its current line and that line's keys. */
struct input {
	const char	*path;
	FILE		*f;
	char		*line;		/* getline(3) buffer */
	size_t		 cap;
	size_t		 len;		/* without the newline */
	uint64_t	 no;		/* line number */
	struct key	 key, prev;	/* this line's keys, the one above's */
	size_t		 idx;		/* order among the inputs */
};

/* A JSON string at *pp, decoded into b (UTF-8); NULL or an error. */
static const char *
json_unquote(const char **pp, const char *end, struct buf *b)
{
	const char *p = *pp + 1;
	unsigned v;

	buf_reset(b);
	while (p < end && *p != '"') {
		if ((unsigned char)*p < 0x20)
			return "a control character in a string";
		if (*p != '\\') {
			buf_addc(b, *p++);
			continue;
		}
		if (++p == end)
			return "a string is not closed";
		switch (*p) {
		case '"': case '\\': case '/':
			buf_addc(b, *p);
			break;
		case 'b': buf_addc(b, '\b'); break;
		case 'f': buf_addc(b, '\f'); break;
		case 'n': buf_addc(b, '\n'); break;
		case 'r': buf_addc(b, '\r'); break;
		case 't': buf_addc(b, '\t'); break;
		case 'u':
			if (end - p < 5 || sscanf(p + 1, "%4x", &v) != 1 ||
			    strspn(p + 1, "0123456789abcdefABCDEF") < 4)
				return "a bad \\u escape";
			buf_addcp(b, v);
			p += 4;
			break;
		default:
			return "a bad escape in a string";
		}
		p++;
	}
	if (p == end)
		return "a string is not closed";
	*pp = p + 1;
	return NULL;
}

/* A whole non-negative or negative decimal number at *pp, or null. */
static const char *
json_number(const char **pp, const char *end, bool *null, int64_t *v)
{
	const char *p = *pp;
	char *e;

	if (end - p >= 4 && memcmp(p, "null", 4) == 0) {
		*null = true;
		*pp = p + 4;
		return NULL;
	}
	*null = false;
	if (p == end || !(*p == '-' || (*p >= '0' && *p <= '9')))
		return "a value is not a number";
	errno = 0;
	*v = strtoll(p, &e, 10);
	if (errno != 0 || e == p || e > end)
		return "a number out of range";
	*pp = e;
	return NULL;
}

/* Undo escape_text() on s[0..n) into b: \t, \xNN, \u{XXXX}. */
static void
unescape(struct buf *b, const char *s, size_t n)
{
	struct buf t;
	unsigned v;
	int k;

	buf_init(&t);
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '\\' && i + 1 < n && s[i + 1] == 't') {
			buf_addc(&t, '\t');
			i++;
		} else if (s[i] == '\\' && i + 3 < n && s[i + 1] == 'x' &&
		    sscanf(s + i + 2, "%2x%n", &v, &k) == 1 && k == 2) {
			buf_addc(&t, (char)v);
			i += 3;
		} else if (s[i] == '\\' && i + 3 < n && s[i + 1] == 'u' &&
		    s[i + 2] == '{' && sscanf(s + i + 3, "%x%n", &v, &k) == 1 &&
		    i + 3 + k < n && s[i + 3 + k] == '}') {
			buf_addcp(&t, v);
			i += 3 + k;
		} else
			buf_addc(&t, s[i]);
	}
	buf_reset(b);
	buf_add(b, t.p, t.len);
	buf_free(&t);
}

/* Parse one line into k; NULL, or what is wrong with it. */
static const char *
parse_line(const char *p, size_t len, struct key *k, struct buf *val)
{
	const char *end = p + len, *err, *sp;
	size_t nl;
	bool null;
	int64_t v;

	if (p == end || *p++ != '{')
		return "not a JSON object";
	for (int i = 0; i < NCOL; i++) {
		nl = strlen(col_name[i]);
		if (i > 0 && (p == end || *p++ != ','))
			return "a ',' is missing";
		if (end - p < (ptrdiff_t)nl + 3 || p[0] != '"' ||
		    memcmp(p + 1, col_name[i], nl) != 0 || p[nl + 1] != '"' ||
		    p[nl + 2] != ':')
			return "not the keys of hopscan's JSONL, in its order";
		p += nl + 3;
		if (i == COL_TIMESTAMP || i == COL_OFFSET) {
			if ((err = json_number(&p, end, &null, &v)) != NULL)
				return err;
			if (i == COL_TIMESTAMP) {
				k->has_time = !null;
				k->time = null ? 0 : v;
			} else if (null || v < 0)
				return "offset is not a number";
			else
				k->offset = (uint64_t)v;
			continue;
		}
		if (p == end || *p != '"')
			return "a value is not a string";
		if ((err = json_unquote(&p, end, val)) != NULL)
			return err;
		if (i == COL_SOURCE) {
			k->source_bs = memchr(val->p, '\\', val->len) != NULL;
			unescape(&k->source, val->p, val->len);
		} else if (i == COL_POSITION) {
			buf_str(val);
			sp = strrchr(val->p, ' ');
			if (sp == NULL || sscanf(sp + 1, "%" SCNu64, &k->pos) != 1)
				return "position is not 'KIND N'";
		} else if (i == COL_SIGNATURE_ID) {
			buf_reset(&k->sig);
			buf_add(&k->sig, val->p, val->len);
			buf_str(&k->sig);
		}
	}
	if (p == end || *p++ != '}' || p != end)
		return "text after the object";
	return NULL;
}

/* Compare two byte strings as strcmp(3) on raw bytes would. */
static int
bytes_cmp(const struct buf *a, const struct buf *b)
{
	size_t n = a->len < b->len ? a->len : b->len;
	int c = n > 0 ? memcmp(a->p, b->p, n) : 0;

	return c != 0 ? c : (a->len > b->len) - (a->len < b->len);
}

#define CMP(a, b)	(((a) > (b)) - ((a) < (b)))

/* The timeline order on the keys that lines carry (see merge.h). */
static int
key_cmp(const struct key *a, const struct key *b)
{
	int c;

	if (a->has_time != b->has_time)
		return a->has_time ? -1 : 1;
	if ((c = CMP(a->time, b->time)) != 0)
		return c;
	if ((c = bytes_cmp(&a->source, &b->source)) != 0)
		return c;
	if ((c = CMP(a->pos, b->pos)) != 0)
		return c;
	if ((c = bytes_cmp(&a->sig, &b->sig)) != 0)
		return c;
	return CMP(a->offset, b->offset);
}

/*
 * Is key b out of order after key a of the same file?  The time is
 * always checked; the rest only when the sources carry no backslash,
 * since a backslash the log had and one of an escape print alike.
 */
static bool
out_of_order(const struct key *a, const struct key *b)
{
	if (a->has_time != b->has_time)
		return !a->has_time;
	if (a->time != b->time)
		return a->time > b->time;
	return !a->source_bs && !b->source_bs && key_cmp(a, b) > 0;
}

static void
key_init(struct key *k)
{
	memset(k, 0, sizeof(*k));
	buf_init(&k->source);
	buf_init(&k->sig);
}

static void
key_free(struct key *k)
{
	buf_free(&k->source);
	buf_free(&k->sig);
}

/* Read the next line of in.  1: a line, 0: the end, -1: reported. */
static int
next_line(struct input *in, struct buf *val, const struct hop_diag *d)
{
	const char *err;
	ssize_t n;
	struct key t;

	errno = 0;
	if ((n = getline(&in->line, &in->cap, in->f)) == -1) {
		if (ferror(in->f)) {
			hop_diag(d, HOP_SEV_ERROR, in->path, 0, "%s",
			    strerror(errno ? errno : EIO));
			return -1;
		}
		return 0;
	}
	in->no++;
	in->len = (size_t)n;
	if (in->len > 0 && in->line[in->len - 1] == '\n')
		in->len--;
	else {
		hop_diag(d, HOP_SEV_ERROR, in->path, in->no, "the last line "
		    "has no newline (a truncated file?)");
		return -1;
	}
	t = in->prev;		/* swap: prev takes this key's buffers */
	in->prev = in->key;
	in->key = t;
	if ((err = parse_line(in->line, in->len, &in->key, val)) != NULL) {
		hop_diag(d, HOP_SEV_ERROR, in->path, in->no, "not a line of "
		    "hopscan's JSONL timeline: %s", err);
		return -1;
	}
	if (in->no > 1 && out_of_order(&in->prev, &in->key)) {
		hop_diag(d, HOP_SEV_ERROR, in->path, in->no, "not sorted: this "
		    "event comes before the one on line %" PRIu64, in->no - 1);
		return -1;
	}
	return 1;
}

/* Does input a go before input b? */
static bool
before(const struct input *a, const struct input *b)
{
	int c = key_cmp(&a->key, &b->key);

	return c != 0 ? c < 0 : a->idx < b->idx;
}

/* Restore the heap h[0..n) from i down. */
static void
sift_down(struct input **h, size_t n, size_t i)
{
	for (;;) {
		size_t l = 2 * i + 1, m = i;
		struct input *t;

		if (l < n && before(h[l], h[m]))
			m = l;
		if (l + 1 < n && before(h[l + 1], h[m]))
			m = l + 1;
		if (m == i)
			return;
		t = h[i];
		h[i] = h[m];
		h[m] = t;
		i = m;
	}
}

/* Open the inputs and read their first lines into the heap. */
static int
open_all(struct input *in, struct input **h, size_t *nh,
    const char *const *paths, size_t n, struct buf *val,
    const struct hop_diag *d)
{
	int r;

	*nh = 0;
	for (size_t i = 0; i < n; i++) {
		in[i].path = paths[i];
		in[i].idx = i;
		key_init(&in[i].key);
		key_init(&in[i].prev);
		if ((in[i].f = fopen(paths[i], "r")) == NULL) {
			hop_diag(d, HOP_SEV_ERROR, paths[i], 0, "%s",
			    strerror(errno));
			return HOP_FAIL;
		}
		if ((r = next_line(&in[i], val, d)) < 0)
			return HOP_FAIL;
		if (r == 1)
			h[(*nh)++] = &in[i];
	}
	for (size_t i = *nh / 2; i-- > 0;)
		sift_down(h, *nh, i);
	return HOP_OK;
}

int
merge_jsonl(const char *const *paths, size_t n, FILE *out,
    const struct hop_diag *d, uint64_t *nevents)
{
	struct input *in = xcalloc(n ? n : 1, sizeof(*in));
	struct input **h = xcalloc(n ? n : 1, sizeof(*h));
	struct buf val;
	size_t nh;
	int rc, r;

	*nevents = 0;
	buf_init(&val);
	rc = open_all(in, h, &nh, paths, n, &val, d);
	while (rc == HOP_OK && nh > 0) {
		struct input *top = h[0];

		errno = 0;
		if (fwrite(top->line, 1, top->len, out) != top->len ||
		    putc('\n', out) == EOF) {
			if (errno == 0)
				errno = EIO;
			rc = HOP_FATAL;
			break;
		}
		(*nevents)++;
		if ((r = next_line(top, &val, d)) < 0)
			rc = HOP_FAIL;
		else if (r == 0)
			h[0] = h[--nh];
		sift_down(h, nh, 0);
	}
	for (size_t i = 0; i < n; i++) {
		if (in[i].f != NULL)
			fclose(in[i].f);
		free(in[i].line);
		key_free(&in[i].key);
		key_free(&in[i].prev);
	}
	buf_free(&val);
	free(h);
	free(in);
	return rc;
}
