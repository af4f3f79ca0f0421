/* SPDX-License-Identifier: MIT */
/*
 * match.c - compile a signature set into PCRE2 byte-mode patterns and run
 * it on records under match, depth and heap limits.
 */
#define PCRE2_CODE_UNIT_WIDTH 8

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <pcre2.h>

#include "match.h"

#define MATCH_HEAP_LIMIT_KIB	(64 * 1024)	/* interpreter frames */
#define MATCH_JIT_STACK_MIN	((size_t)32 * 1024)
#define MATCH_JIT_STACK_MAX	((size_t)1024 * 1024)

/* One rule, compiled: its patterns in the order all, any, none. */
struct mrule {
	const struct sig	 *sig;
	pcre2_code		**pat;
	size_t			  nall, nany, nnone;
};

struct matcher {
	struct mrule		*rule;
	size_t			 nrule;
	uint32_t		 match_limit, depth_limit;
	pcre2_general_context	*gctx;
};

struct match_scratch {
	pcre2_match_context	*mctx;	/* limits, and the JIT stack */
	pcre2_match_data	*md;
	pcre2_jit_stack		*jit;	/* NULL without JIT */
};

/* What one pattern says about one record. */
enum tri {
	TRI_NO,
	TRI_YES,
	TRI_LIMIT		/* undecided: a limit was hit */
};

/* PCRE2 allocates through these, so that running out of memory aborts. */
static void *
pcre_alloc(PCRE2_SIZE n, void *arg)
{
	(void)arg;
	return xmalloc(n);
}

static void
pcre_free(void *p, void *arg)
{
	(void)arg;
	free(p);
}

/*
 * Compile pattern pat in byte mode.  A pattern that turns UTF mode on by
 * itself ("(*UTF)") is compiled again with PCRE2_MATCH_INVALID_UTF, so
 * that invalid UTF-8 in a record cannot stop or break its matching.
 * Returns the code, or NULL with the PCRE2 error code in *err and the
 * offset in *off.
 */
static pcre2_code *
compile_one(const struct matcher *m, const char *pat, int *err,
    PCRE2_SIZE *off)
{
	uint32_t opts = PCRE2_NEVER_BACKSLASH_C, all = 0;
	pcre2_compile_context *cc;
	pcre2_code *code;

	cc = pcre2_compile_context_create(m->gctx);
	code = pcre2_compile((PCRE2_SPTR)pat, PCRE2_ZERO_TERMINATED, opts,
	    err, off, cc);
	if (code != NULL && pcre2_pattern_info(code, PCRE2_INFO_ALLOPTIONS,
	    &all) == 0 && (all & PCRE2_UTF) != 0) {
		pcre2_code_free(code);
		code = pcre2_compile((PCRE2_SPTR)pat, PCRE2_ZERO_TERMINATED,
		    opts | PCRE2_MATCH_INVALID_UTF, err, off, cc);
	}
	pcre2_compile_context_free(cc);
	if (code != NULL)
		(void)pcre2_jit_compile(code, PCRE2_JIT_COMPLETE);
	return code;
}

/*
 * Compile the patterns of list l into out[].  Returns 0, or -1 after
 * reporting the first pattern that does not compile.
 */
static int
compile_list(const struct matcher *m, const struct sig *g,
    const struct strlist *l, const char *name, pcre2_code **out,
    const struct hop_diag *d)
{
	PCRE2_UCHAR msg[256];
	PCRE2_SIZE off;
	int err;

	for (size_t i = 0; i < l->n; i++) {
		out[i] = compile_one(m, l->v[i], &err, &off);
		if (out[i] != NULL)
			continue;
		if (pcre2_get_error_message(err, msg, sizeof(msg)) < 0)
			snprintf((char *)msg, sizeof(msg), "PCRE2 error %d", err);
		hop_diag(d, HOP_SEV_ERROR, g->file, g->line,
		    "%s: detection.%s[%zu] does not compile: %s at offset %zu",
		    g->id, name, i, (const char *)msg, (size_t)off);
		return -1;
	}
	return 0;
}

static void
mrule_clear(struct mrule *r)
{
	size_t n = r->nall + r->nany + r->nnone;

	for (size_t i = 0; i < n; i++)
		pcre2_code_free(r->pat[i]);
	free(r->pat);
	memset(r, 0, sizeof(*r));
}

/* Compile rule g into r.  Returns 0, or -1 (reported; r left empty). */
static int
mrule_init(const struct matcher *m, struct mrule *r, const struct sig *g,
    const struct hop_diag *d)
{
	size_t n = g->all.n + g->any.n + g->none.n;

	r->sig = g;
	r->nall = g->all.n;
	r->nany = g->any.n;
	r->nnone = g->none.n;
	r->pat = xcalloc(n, sizeof(*r->pat));
	if (compile_list(m, g, &g->all, "all", r->pat, d) != 0 ||
	    compile_list(m, g, &g->any, "any", r->pat + r->nall, d) != 0 ||
	    compile_list(m, g, &g->none, "none", r->pat + r->nall + r->nany,
	    d) != 0) {
		mrule_clear(r);	/* frees the patterns done, NULL for others */
		return -1;
	}
	return 0;
}

struct matcher *
matcher_new(const struct sigset *s, uint32_t match_limit,
    uint32_t depth_limit, const struct hop_diag *d, size_t *nbad)
{
	struct matcher *m;
	size_t n, bad = 0;

	if (nbad != NULL)
		*nbad = 0;
	if (s == NULL)
		return NULL;
	m = xcalloc(1, sizeof(*m));
	m->match_limit = match_limit ? match_limit : MATCH_LIMIT_DEFAULT;
	m->depth_limit = depth_limit ? depth_limit : MATCH_DEPTH_DEFAULT;
	m->gctx = pcre2_general_context_create(pcre_alloc, pcre_free, NULL);
	n = sigset_count(s);
	m->rule = xcalloc(n, sizeof(*m->rule));
	for (size_t i = 0; i < n; i++) {
		if (mrule_init(m, &m->rule[m->nrule], sigset_get(s, i), d) == 0)
			m->nrule++;
		else
			bad++;
	}
	if (nbad != NULL)
		*nbad = bad;
	return m;
}

void
matcher_free(struct matcher *m)
{
	if (m == NULL)
		return;
	for (size_t i = 0; i < m->nrule; i++)
		mrule_clear(&m->rule[i]);
	free(m->rule);
	pcre2_general_context_free(m->gctx);
	free(m);
}

size_t
matcher_count(const struct matcher *m)
{
	return m->nrule;
}

struct match_scratch *
match_scratch_new(const struct matcher *m)
{
	struct match_scratch *sc = xcalloc(1, sizeof(*sc));

	sc->mctx = pcre2_match_context_create(m->gctx);
	pcre2_set_match_limit(sc->mctx, m->match_limit);
	pcre2_set_depth_limit(sc->mctx, m->depth_limit);
	pcre2_set_heap_limit(sc->mctx, MATCH_HEAP_LIMIT_KIB);
	/* One pair is enough: only whether a pattern matches counts. */
	sc->md = pcre2_match_data_create(1, m->gctx);
	/* NULL when PCRE2 was built without JIT: the interpreter runs. */
	sc->jit = pcre2_jit_stack_create(MATCH_JIT_STACK_MIN,
	    MATCH_JIT_STACK_MAX, m->gctx);
	if (sc->jit != NULL)
		pcre2_jit_stack_assign(sc->mctx, NULL, sc->jit);
	return sc;
}

void
match_scratch_free(struct match_scratch *sc)
{
	if (sc == NULL)
		return;
	pcre2_jit_stack_free(sc->jit);
	pcre2_match_data_free(sc->md);
	pcre2_match_context_free(sc->mctx);
	free(sc);
}

/* Does pattern p match text[0..len)? */
static enum tri
pat_match(const pcre2_code *p, struct match_scratch *sc, const char *text,
    size_t len)
{
	int rc;

	rc = pcre2_match(p, (PCRE2_SPTR)text, len, 0, 0, sc->md, sc->mctx);
	if (rc >= 0)
		return TRI_YES;		/* 0: matched, ovector too small */
	switch (rc) {
	case PCRE2_ERROR_MATCHLIMIT:
	case PCRE2_ERROR_DEPTHLIMIT:
	case PCRE2_ERROR_HEAPLIMIT:
	case PCRE2_ERROR_JIT_STACKLIMIT:
	case PCRE2_ERROR_NOMEMORY:
		return TRI_LIMIT;
	default:
		return TRI_NO;		/* PCRE2_ERROR_NOMATCH */
	}
}

/*
 * Decide rule r on a record in three-valued logic: every `all` pattern
 * matches, some `any` pattern matches (if there are any), no `none`
 * pattern matches.  A NO anywhere decides the rule at once; a limit hit
 * leaves it undecided unless a NO comes later.
 */
static enum tri
rule_match(const struct mrule *r, struct match_scratch *sc, const char *text,
    size_t len)
{
	pcre2_code *const *p = r->pat;
	enum tri t, res = TRI_YES, any = TRI_NO;
	size_t i;

	for (i = 0; i < r->nall; i++) {
		if ((t = pat_match(p[i], sc, text, len)) == TRI_NO)
			return TRI_NO;
		if (t == TRI_LIMIT)
			res = TRI_LIMIT;
	}
	p += r->nall;
	for (i = 0; i < r->nany && any != TRI_YES; i++) {
		if ((t = pat_match(p[i], sc, text, len)) != TRI_NO)
			any = t;
	}
	if (r->nany > 0 && any == TRI_NO)
		return TRI_NO;
	if (r->nany > 0 && any == TRI_LIMIT)
		res = TRI_LIMIT;
	p += r->nany;
	for (i = 0; i < r->nnone; i++) {
		if ((t = pat_match(p[i], sc, text, len)) == TRI_YES)
			return TRI_NO;
		if (t == TRI_LIMIT)
			res = TRI_LIMIT;
	}
	return res;
}

/*
 * Does rule g apply to records of format?  A rule names formats ("syslog")
 * or the family "text", which holds every line-based format: all but
 * "evtx".
 */
static int
format_ok(const struct sig *g, const char *format)
{
	if (g->formats.n == 0)
		return 1;
	if (format == NULL)
		return 0;
	for (size_t i = 0; i < g->formats.n; i++)
		if (strcmp(g->formats.v[i], format) == 0 ||
		    (strcmp(g->formats.v[i], "text") == 0 &&
		    strcmp(format, "evtx") != 0))
			return 1;
	return 0;
}

size_t
matcher_run(const struct matcher *m, struct match_scratch *sc,
    const char *text, size_t len, const char *format, match_fn fn,
    void *arg)
{
	size_t hits = 0;
	enum tri t;

	if (text == NULL) {
		text = "";
		len = 0;
	}
	for (size_t i = 0; i < m->nrule; i++) {
		const struct mrule *r = &m->rule[i];

		if (!format_ok(r->sig, format))
			continue;
		if ((t = rule_match(r, sc, text, len)) == TRI_NO)
			continue;
		if (t == TRI_YES)
			hits++;
		if (fn != NULL)
			fn(arg, r->sig, t == TRI_YES ? MATCH_HIT : MATCH_LIMIT);
	}
	return hits;
}
