/* SPDX-License-Identifier: MIT */
/*
 * prefilter.c - a one-pass scan for the required literals of patterns
 * (found by literals.c): Vectorscan's literal matcher (SIMD) when hopscan
 * is built with it and the CPU runs it; else a hash of each literal's
 * first three bytes, checked at every position of the record, confirmed
 * ignoring case.
 */
#include <limits.h>
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#ifdef HOP_HAVE_HS
#include <hs.h>
#endif

#include "hopscan.h"
#include "prefilter.h"

struct lit {
	char		*s;
	size_t		 len;
	size_t		 rule;
	int32_t		 next;		/* next literal with the same key */
};

struct slot {
	uint32_t	 key;
	int32_t		 first;		/* -1: empty */
};

struct prefilter {
	struct lit	*lit;
	size_t		 nlit;
	struct slot	*tab;
	uint32_t	 mask;		/* table size - 1 */
	uint64_t	 pair[1024];	/* bit: some key starts with 2 bytes */
	int		 table_only;	/* prefilter_use_table() */
#ifdef HOP_HAVE_HS
	hs_database_t	*db;		/* every literal, caseless; or NULL */
#endif
};

struct prefilter_scratch {
#ifdef HOP_HAVE_HS
	hs_scratch_t	*hs;
#endif
	int		 unused;
};

/* ASCII lowercase of every byte. */
static const unsigned char *
lower_table(void)
{
	static unsigned char t[256];
	static int done;

	if (!done) {	/* first built by prefilter_new(), one thread */
		for (int c = 0; c < 256; c++)
			t[c] = (unsigned char)prefilter_lower(c);
		done = 1;
	}
	return t;
}

struct prefilter *
prefilter_new(void)
{
	(void)lower_table();	/* built here, before any thread scans */
	return xcalloc(1, sizeof(struct prefilter));
}

void
prefilter_free(struct prefilter *p)
{
	if (p == NULL)
		return;
#ifdef HOP_HAVE_HS
	hs_free_database(p->db);
#endif
	for (size_t i = 0; i < p->nlit; i++)
		free(p->lit[i].s);
	free(p->lit);
	free(p->tab);
	free(p);
}

void
prefilter_use_table(struct prefilter *p)
{
	p->table_only = 1;
#ifdef HOP_HAVE_HS
	hs_free_database(p->db);
	p->db = NULL;
#endif
}

const char *
prefilter_lib_version(void)
{
#ifdef HOP_HAVE_HS
	static char v[32];	/* "5.4.9 2023-..." without the date */

	if (v[0] == '\0')	/* first from main(), one thread */
		snprintf(v, sizeof(v), "%.*s", (int)strcspn(hs_version(), " "),
		    hs_version());
	return v;
#else
	return NULL;
#endif
}

void
prefilter_ready(struct prefilter *p)
{
#ifdef HOP_HAVE_HS
	const char **e;
	unsigned *flags, *ids;
	size_t *len;
	hs_compile_error_t *err = NULL;

	if (p->table_only || p->nlit == 0 || p->nlit > UINT_MAX ||
	    hs_valid_platform() != HS_SUCCESS)
		return;
	e = xcalloc(p->nlit, sizeof(*e));
	flags = xcalloc(p->nlit, sizeof(*flags));
	ids = xcalloc(p->nlit, sizeof(*ids));
	len = xcalloc(p->nlit, sizeof(*len));
	for (size_t i = 0; i < p->nlit; i++) {
		e[i] = p->lit[i].s;
		len[i] = p->lit[i].len;
		ids[i] = (unsigned)i;
		/* Every occurrence: a batch of lines is one scan. */
		flags[i] = HS_FLAG_CASELESS;
	}
	if (hs_compile_lit_multi(e, flags, ids, len, (unsigned)p->nlit,
	    HS_MODE_BLOCK, NULL, &p->db, &err) != HS_SUCCESS) {
		p->db = NULL;		/* the table scans instead */
		hs_free_compile_error(err);
	}
	free(e);
	free(flags);
	free(ids);
	free(len);
#else
	(void)p;
#endif
}

const char *
prefilter_engine(const struct prefilter *p)
{
#ifdef HOP_HAVE_HS
	if (p->db != NULL)
		return "vectorscan";
#else
	(void)p;
#endif
	return "table";
}

struct prefilter_scratch *
prefilter_scratch_new(const struct prefilter *p)
{
	struct prefilter_scratch *s = xcalloc(1, sizeof(*s));

#ifdef HOP_HAVE_HS
	if (p->db != NULL && hs_alloc_scratch(p->db, &s->hs) != HS_SUCCESS)
		s->hs = NULL;		/* this thread scans with the table */
#else
	(void)p;
#endif
	return s;
}

void
prefilter_scratch_free(struct prefilter_scratch *s)
{
	if (s == NULL)
		return;
#ifdef HOP_HAVE_HS
	hs_free_scratch(s->hs);
#endif
	free(s);
}

size_t
prefilter_count(const struct prefilter *p)
{
	return p->nlit;
}

/* The key of a literal: its first PREFILTER_MIN bytes. */
static uint32_t
key_of(const char *s)
{
	const unsigned char *u = (const unsigned char *)s;

	return (uint32_t)u[0] | (uint32_t)u[1] << 8 | (uint32_t)u[2] << 16;
}


static uint32_t
hash(uint32_t k)
{
	return (k * 2654435761u) >> 7;
}

/* Rebuild the table for all literals, at most half full. */
static void
rebuild(struct prefilter *p)
{
	size_t size = 64;

	while (size < 2 * p->nlit)
		size *= 2;
	free(p->tab);
	p->tab = xcalloc(size, sizeof(*p->tab));
	p->mask = (uint32_t)size - 1;
	for (size_t i = 0; i < size; i++)
		p->tab[i].first = -1;
	memset(p->pair, 0, sizeof(p->pair));
	for (size_t i = 0; i < p->nlit; i++) {
		uint32_t k = key_of(p->lit[i].s), h = hash(k) & p->mask;

		p->pair[(k & 0xffff) >> 6] |= UINT64_C(1) << (k & 63);
		while (p->tab[h].first >= 0 && p->tab[h].key != k)
			h = (h + 1) & p->mask;
		p->lit[i].next = p->tab[h].first;
		p->tab[h].key = k;
		p->tab[h].first = (int32_t)i;
	}
}

void
prefilter_add(struct prefilter *p, size_t rule, const char *s, size_t n)
{
	if (n < PREFILTER_MIN)
		return;
	p->lit = xreallocarray(p->lit, p->nlit + 1, sizeof(*p->lit));
	p->lit[p->nlit].s = xstrndup(s, n);
	p->lit[p->nlit].len = n;
	p->lit[p->nlit].rule = rule;
	p->nlit++;
	rebuild(p);
}

/* Does t[0..n) equal the lowercase literal s, ignoring ASCII case? */
static int
equal_folded(const unsigned char *t, const char *s, size_t n,
    const unsigned char *lt)
{
	for (size_t i = 0; i < n; i++)
		if (lt[t[i]] != (unsigned char)s[i])
			return 0;
	return 1;
}

/*
 * At each position: two bytes against the bitmap of key prefixes (most
 * positions stop there), then the 3-byte key in the table, then each
 * literal of that key compared ignoring case.
 */
static void
table_scan(const struct prefilter *p, const char *text, size_t len,
    unsigned char *mark)
{
	const unsigned char *t = (const unsigned char *)text;
	const unsigned char *lt = lower_table();

	uint32_t k, h, next;

	if (p->nlit == 0 || len < PREFILTER_MIN)
		return;
	next = (uint32_t)lt[t[0]] << 8;
	for (size_t i = 0; i + PREFILTER_MIN <= len; i++) {
		k = next >> 8 | (uint32_t)lt[t[i + 1]] << 8;
		next = k;
		if ((p->pair[k >> 6] & UINT64_C(1) << (k & 63)) == 0)
			continue;
		k |= (uint32_t)lt[t[i + 2]] << 16;
		for (h = hash(k) & p->mask; p->tab[h].first >= 0;
		    h = (h + 1) & p->mask) {
			if (p->tab[h].key != k)
				continue;
			for (int32_t j = p->tab[h].first; j >= 0;
			    j = p->lit[j].next)
				if (p->lit[j].len <= len - i &&
				    equal_folded(t + i, p->lit[j].s,
				    p->lit[j].len, lt))
					mark[p->lit[j].rule] = 1;
			break;
		}
	}
}

#ifdef HOP_HAVE_HS
struct hs_ctx {
	const struct prefilter	*p;
	unsigned char		*mark;
};

/* Vectorscan found literal id: mark its rule. */
static int
on_literal(unsigned id, unsigned long long from, unsigned long long to,
    unsigned flags, void *arg)
{
	struct hs_ctx *c = arg;

	(void)from;
	(void)to;
	(void)flags;
	c->mark[c->p->lit[id].rule] = 1;
	return 0;
}
#endif

void
prefilter_scan(const struct prefilter *p, struct prefilter_scratch *s,
    const char *text, size_t len, unsigned char *mark)
{
#ifdef HOP_HAVE_HS
	if (p->db != NULL && s != NULL && s->hs != NULL && len <= UINT_MAX) {
		struct hs_ctx c = { p, mark };

		if (len < PREFILTER_MIN)
			return;
		if (hs_scan(p->db, text, (unsigned)len, 0, s->hs, on_literal,
		    &c) == HS_SUCCESS)
			return;
	}
#else
	(void)s;
#endif
	table_scan(p, text, len, mark);
}

#ifdef HOP_HAVE_HS
struct lines_ctx {
	const struct prefilter	*p;
	const size_t		*end;
	size_t			 n;
	size_t			 cur;	/* the line of the last match */
	prefilter_line_fn	 fn;
	void			*arg;
};

/*
 * Literal id ends before offset to of a batch: the line it ends in (the
 * first whose end is at or after to), unless it ends with the separator
 * before that line (no line holds it).  Vectorscan reports matches by
 * increasing end, so the line is mostly the last one or just after it;
 * else it is searched for.
 */
static int
on_line_literal(unsigned id, unsigned long long from, unsigned long long to,
    unsigned flags, void *arg)
{
	struct lines_ctx *c = arg;
	size_t lo = 0, hi = c->n, mid;

	(void)from;
	(void)flags;
	if (c->cur > 0 && c->end[c->cur - 1] >= to)
		hi = c->cur - 1;	/* before the last: it is at most that */
	else
		for (lo = c->cur; lo < hi && c->end[lo] < to &&
		    lo < c->cur + 4; lo++)
			continue;
	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (c->end[mid] < to)
			lo = mid + 1;
		else
			hi = mid;
	}
	c->cur = lo;
	if (lo < c->n && (lo == 0 || to > c->end[lo - 1] + 1))
		c->fn(c->arg, lo, c->p->lit[id].rule);
	return 0;
}
#endif

int
prefilter_scan_lines(const struct prefilter *p, struct prefilter_scratch *s,
    const char *text, size_t len, const size_t *end, size_t n,
    prefilter_line_fn fn, void *arg)
{
#ifdef HOP_HAVE_HS
	struct lines_ctx c = { p, end, n, 0, fn, arg };

	if (p->db == NULL || s == NULL || s->hs == NULL || len > UINT_MAX)
		return -1;
	if (hs_scan(p->db, text, (unsigned)len, 0, s->hs, on_line_literal,
	    &c) == HS_SUCCESS)
		return 0;
#else
	(void)p;
	(void)s;
	(void)text;
	(void)len;
	(void)end;
	(void)n;
	(void)fn;
	(void)arg;
#endif
	return -1;
}
