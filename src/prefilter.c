/* SPDX-License-Identifier: MIT */
/*
 * prefilter.c - required literals of patterns, and a one-pass scan for all
 * of them: a hash of each literal's first three bytes, checked at every
 * position of the lowercased record, confirmed by memcmp.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

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
};

static int
lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c + 32 : c;
}

/* Skip a character class at p ('['); returns the byte after it or NULL. */
static const char *
skip_class(const char *p)
{
	p++;
	if (*p == '^')
		p++;
	if (*p == ']')
		p++;
	for (; *p != '\0' && *p != ']'; p++)
		if (*p == '\\' && p[1] != '\0')
			p++;
	return *p == ']' ? p + 1 : NULL;
}

/* Skip a group at p ('('); returns the byte after it or NULL. */
static const char *
skip_group(const char *p)
{
	int depth = 0;

	for (; *p != '\0'; p++) {
		if (*p == '\\' && p[1] != '\0')
			p++;
		else if (*p == '[') {
			if ((p = skip_class(p)) == NULL)
				return NULL;
			p--;
		} else if (*p == '(')
			depth++;
		else if (*p == ')' && --depth == 0)
			return p + 1;
	}
	return NULL;
}

/* Is p a {n}, {n,}, {n,m} quantifier (else '{' is a literal)? */
static int
brace_quant(const char *p)
{
	return p[0] == '{' && ((p[1] >= '0' && p[1] <= '9') || p[1] == ',');
}

/* Is p a quantifier that allows zero repetitions? */
static int
optional_next(const char *p)
{
	return *p == '?' || *p == '*' || (brace_quant(p) && (p[1] == '0' ||
	    p[1] == ','));
}

/* Is p any quantifier? */
static int
quant_next(const char *p)
{
	return *p == '?' || *p == '*' || *p == '+' || brace_quant(p);
}

/* Skip the quantifier at p, with a lazy or possessive suffix. */
static const char *
skip_quant(const char *p)
{
	if (brace_quant(p)) {
		const char *e = strchr(p, '}');

		p = e != NULL ? e + 1 : p + strlen(p);
	} else
		p++;
	if (*p == '?' || *p == '+')
		p++;
	return p;
}

/*
 * A set of literals one of which every match contains: lowercased, each
 * at most PREFILTER_MAXLIT - 1 bytes.
 */
struct litset {
	size_t	n;
	size_t	len[PREFILTER_MAXALT];
	char	s[PREFILTER_MAXALT][PREFILTER_MAXLIT];
};

/* The shortest literal of a non-empty set. */
static size_t
set_min(const struct litset *a)
{
	size_t m = SIZE_MAX;

	for (size_t i = 0; i < a->n; i++)
		m = a->len[i] < m ? a->len[i] : m;
	return m;
}

/*
 * Keep candidate c in best if it is better: every literal of
 * PREFILTER_MIN bytes or more, and a longer shortest literal, or as long
 * and fewer literals.  The first of equals stays.
 */
static void
keep_set(struct litset *best, const struct litset *c)
{
	size_t cm, bm;

	if (c->n == 0 || (cm = set_min(c)) < PREFILTER_MIN)
		return;
	bm = best->n > 0 ? set_min(best) : 0;
	if (best->n == 0 || cm > bm || (cm == bm && c->n < best->n))
		*best = *c;
}

/* Keep the literal run[0..nrun) as a candidate of one. */
static void
keep_run(struct litset *best, const char *run, size_t nrun)
{
	struct litset c;

	if (nrun < PREFILTER_MIN)
		return;
	c.n = 1;
	c.len[0] = nrun;
	memcpy(c.s[0], run, nrun);
	keep_set(best, &c);
}

/*
 * 1 if pattern p is one this scanner understands: no verbs, no \Q..\E,
 * no extended mode (?x) anywhere.  Case options do not matter: literals
 * are compared lowercased on both sides.
 */
static int
plain_pattern(const char *p)
{
	if (strstr(p, "(*") != NULL || strstr(p, "\\Q") != NULL)
		return 0;
	for (const char *q = p; (q = strstr(q, "(?")) != NULL; q += 2) {
		size_t n = strspn(q + 2, "imnsxJU-^");

		if (memchr(q + 2, 'x', n) != NULL)
			return 0;
	}
	return 1;
}

/* The next item of pattern p: a literal byte (>= 0) or -1; *next after. */
static int
next_item(const char *p, const char **next)
{
	if (*p == '\\') {
		if (p[1] == '\0')
			return -2;
		*next = p + 2;
		if ((p[1] >= 'a' && p[1] <= 'z') || (p[1] >= 'A' && p[1] <= 'Z') ||
		    (p[1] >= '0' && p[1] <= '9'))
			return strchr("dDwWsSbBhHvVRX", p[1]) != NULL ? -1 : -2;
		return (unsigned char)p[1];
	}
	if (*p == '[')
		return (*next = skip_class(p)) != NULL ? -1 : -2;
	if (*p == '(')
		return (*next = skip_group(p)) != NULL ? -1 : -2;
	*next = p + 1;
	if (*p == '|')
		return -2;			/* top-level alternation */
	if (strchr(".^$)", *p) != NULL || (quant_next(p) && *p != '{') ||
	    brace_quant(p))
		return -1;
	return (unsigned char)*p;
}

static int	alt_set(const char *, const char *, struct litset *);

/*
 * Where the alternatives of the group at p ('(') start, or NULL for a
 * group whose text a match need not contain or that this scanner does not
 * follow: an option setting "(?i)", lookaround, a comment, a condition.
 */
static const char *
group_body(const char *p)
{
	size_t n;

	if (p[1] != '?')
		return p + 1;				/* capturing */
	p += 2;
	if (*p == ':' || *p == '>' || *p == '|')
		return p + 1;
	if ((*p == '<' || *p == '\'') && p[1] != '=' && p[1] != '!') {
		const char *e = strchr(p, *p == '<' ? '>' : '\'');

		return e != NULL ? e + 1 : NULL;	/* named */
	}
	if (*p == 'P' && p[1] == '<') {
		const char *e = strchr(p, '>');

		return e != NULL ? e + 1 : NULL;
	}
	n = strspn(p, "imnsxJU-^");
	return n > 0 && p[n] == ':' ? p + n + 1 : NULL;
}

/*
 * The best set of required literals of one branch p[0..end): its longest
 * literal run, or the literals of a group it cannot match without, one
 * from each of the group's alternatives.  Returns 0, or -1 when the
 * scanner is not sure of the branch.
 */
static int
branch_set(const char *p, const char *end, struct litset *best)
{
	char run[PREFILTER_MAXLIT];
	size_t nrun = 0;
	const char *next, *body;
	struct litset g;

	best->n = 0;
	while (p < end) {
		int c = next_item(p, &next);

		if (c == -2 || next > end)
			return -1;		/* not sure: give up */
		if (*p == '(' && !optional_next(next) &&
		    (body = group_body(p)) != NULL && body < next &&
		    alt_set(body, next - 1, &g) == 0)
			keep_set(best, &g);
		p = next;
		if (c < 0 || optional_next(p)) {
			keep_run(best, run, nrun);
			nrun = 0;
			if (p < end && quant_next(p))
				p = skip_quant(p);
			continue;
		}
		if (nrun + 1 < sizeof(run))
			run[nrun++] = (char)lower(c);
		if (p < end && quant_next(p)) {	/* once or more: ends the run */
			keep_run(best, run, nrun);
			nrun = 0;
			p = skip_quant(p);
		}
	}
	keep_run(best, run, nrun);
	return 0;
}

/*
 * The required literals of the alternatives p[0..end): the union of each
 * one's set.  Returns 0, or -1 when an alternative has none, the union is
 * too large, or the scanner is not sure.
 */
static int
alt_set(const char *p, const char *end, struct litset *out)
{
	const char *b = p, *next;
	struct litset one;

	out->n = 0;
	for (;;) {
		const char *e = b;

		while (e < end && *e != '|') {
			if (next_item(e, &next) == -2 || next > end)
				return -1;
			e = next;
		}
		if (branch_set(b, e, &one) == -1 || one.n == 0 ||
		    out->n + one.n > PREFILTER_MAXALT)
			return -1;
		for (size_t i = 0; i < one.n; i++) {
			memcpy(out->s[out->n], one.s[i], one.len[i]);
			out->len[out->n++] = one.len[i];
		}
		if (e >= end)
			return 0;
		b = e + 1;
	}
}

size_t
prefilter_literals(const char *pat, char out[][PREFILTER_MAXLIT],
    size_t *len, size_t max)
{
	struct litset set;

	if (!plain_pattern(pat) || alt_set(pat, pat + strlen(pat), &set) == -1 ||
	    set.n > max)
		return 0;
	for (size_t i = 0; i < set.n; i++) {
		memcpy(out[i], set.s[i], set.len[i]);
		len[i] = set.len[i];
	}
	return set.n;
}

/* ASCII lowercase of every byte. */
static const unsigned char *
lower_table(void)
{
	static unsigned char t[256];
	static int done;

	if (!done) {	/* first built by prefilter_new(), one thread */
		for (int c = 0; c < 256; c++)
			t[c] = (unsigned char)lower(c);
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
	for (size_t i = 0; i < p->nlit; i++)
		free(p->lit[i].s);
	free(p->lit);
	free(p->tab);
	free(p);
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
void
prefilter_scan(const struct prefilter *p, const char *text, size_t len,
    unsigned char *mark)
{
	const unsigned char *t = (const unsigned char *)text;
	const unsigned char *lt = lower_table();

	if (p->nlit == 0 || len < PREFILTER_MIN)
		return;
	for (size_t i = 0; i + PREFILTER_MIN <= len; i++) {
		uint32_t k = (uint32_t)lt[t[i]] | (uint32_t)lt[t[i + 1]] << 8, h;

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
