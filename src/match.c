/* SPDX-License-Identifier: MIT */
/*
 * match.c - compile a signature set into PCRE2 byte-mode patterns and run
 * it on records, their text and their named fields, under match, depth
 * and heap limits.
 */
#define PCRE2_CODE_UNIT_WIDTH 8

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <pcre2.h>

#include "match.h"
#include "prefilter.h"

#define MATCH_HEAP_LIMIT_KIB	(64 * 1024)	/* interpreter frames */
#define MATCH_JIT_STACK_MIN	((size_t)32 * 1024)
#define MATCH_JIT_STACK_MAX	((size_t)1024 * 1024)
#define NO_SLOT			SIZE_MAX	/* no field name, no field */

/*
 * Field names are interned: every name a rule uses gets a slot number,
 * and each record's fields are indexed by slot once per record, so that a
 * condition finds its field without a search.
 */

/* One condition of detection.fields, compiled. */
struct mfield {
	const struct sig_field	*cond;
	size_t			 slot;	/* of cond->name */
	pcre2_code		*pat;	/* NULL: equality with cond->values */
};

/* One rule, compiled: its patterns in the order all, any, none. */
struct mrule {
	const struct sig	 *sig;
	pcre2_code		**pat;
	size_t			  nall, nany, nnone;
	struct mfield		 *fld;
	size_t			  nfld;
	int			  need_fields;	/* conditions on fields, or
						   logsource channels/ids */
	size_t			  mark0;	/* prefilter mark of pat[0] */
	unsigned char		 *lit;		/* by pattern: has literals, so
						   cannot match unmarked */
	uint8_t			(*first)[32];	/* by pattern: the bytes an
						   anchored one can start with,
						   or NULL (none anchored) */
	int			 *req;		/* by pattern without literals:
						   a byte every match holds
						   (PCRE2's last code unit, not
						   a letter), or -1 */
	int			  filtered;	/* cannot match where no
						   literal of it occurs */
};

struct matcher {
	struct mrule		*rule;
	size_t			 nrule;
	struct prefilter	*pf;		/* required literals of rules */
	bool			 use_pf;
	size_t			 nmark;		/* patterns of all rules */
	size_t			*mark_rule;	/* by mark: its rule */
	size_t			*always;	/* rules not filtered, in order */
	size_t			 nalways;
	uint32_t		 match_limit, depth_limit;
	pcre2_general_context	*gctx;
	const char		**name;		/* by slot; owned by the sigs */
	size_t			  nname;
	size_t			 *hash;		/* slot + 1 by name hash, 0 free */
	size_t			  nhash;	/* a power of two > 2 * nname */
	size_t			  chan, eid;	/* slots of Channel, EventID */
};

/* Where the fields of one name are in the current record. */
struct slotrec {
	uint64_t	gen;		/* valid when equal to the scratch's */
	size_t		first;		/* index of the first field of the name */
};

struct match_scratch {
	pcre2_match_context	*mctx;	/* limits, and the JIT stack */
	pcre2_match_data	*md;
	pcre2_jit_stack		*jit;	/* NULL without JIT */
	struct slotrec		*slot;	/* by slot: the record's fields */
	uint64_t		 gen;	/* record count, for slot[].gen */
	size_t			*next;	/* next field of the same name */
	size_t			 nnext;	/* capacity of next */
	unsigned char		*mark;	/* by pattern: a literal occurs */
	struct prefilter_scratch *pfs;
	size_t			*cand;	/* rules to decide for the record */
	size_t			*trig;	/* rules marked for the record */
	struct lmark {			/* marks of a batch of lines, */
		size_t	line, mark;	/* by line once sorted */
	}			*lm;
	size_t			 nlm, caplm;
	size_t			 lm_from;	/* the marks set, of the */
	size_t			 lm_i;	/* line before; the next line's */
	bool			 batched;	/* lm holds the marks */
	char			*fmt;	/* the format fmt_ok is for */
	bool			 fmt_known;
	const char		*fmt_name;	/* the pointer last asked for */
	unsigned char		*fmt_ok;/* by rule: applies to fmt */
};

/* One record as matcher_run() was given it. */
struct mrec {
	const char		*text;
	size_t			 len;
	const struct field	*f;	/* NULL: no fields */
	size_t			 nf;
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
 * Report that the pattern detection.WHAT of rule g, written at line, does
 * not compile: PCRE2 error err at offset off.
 */
static void
report_bad(const struct hop_diag *d, const struct sig *g,
    unsigned long line, const char *what, int err, PCRE2_SIZE off)
{
	PCRE2_UCHAR msg[256];

	if (pcre2_get_error_message(err, msg, sizeof(msg)) < 0)
		snprintf((char *)msg, sizeof(msg), "PCRE2 error %d", err);
	hop_diag(d, HOP_SEV_ERROR, g->file, line,
	    "%s: detection.%s does not compile: %s at offset %zu",
	    g->id, what, (const char *)msg, (size_t)off);
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
	PCRE2_SIZE off;
	char what[32];
	int err;

	for (size_t i = 0; i < l->n; i++) {
		out[i] = compile_one(m, l->v[i], &err, &off);
		if (out[i] != NULL)
			continue;
		snprintf(what, sizeof(what), "%s[%zu]", name, i);
		report_bad(d, g, g->line, what, err, off);
		return -1;
	}
	return 0;
}

/* FNV-1a hash of name with ASCII letters folded to lower case. */
static size_t
name_hash(const char *name)
{
	size_t h = 2166136261u;
	unsigned char c;

	for (; (c = (unsigned char)*name) != '\0'; name++) {
		if (c >= 'A' && c <= 'Z')
			c += 'a' - 'A';
		h = (h ^ c) * 16777619u;
	}
	return h;
}

/* The hash entry of name: the one that holds it, or the free one for it. */
static size_t *
name_entry(const struct matcher *m, const char *name)
{
	size_t i = name_hash(name) & (m->nhash - 1);

	while (m->hash[i] != 0 &&
	    sig_casecmp(m->name[m->hash[i] - 1], name) != 0)
		i = (i + 1) & (m->nhash - 1);
	return &m->hash[i];
}

/* The slot of field name (any ASCII case), or NO_SLOT if no rule uses it. */
static size_t
name_slot(const struct matcher *m, const char *name)
{
	size_t e;

	if (m->nname == 0)
		return NO_SLOT;
	e = *name_entry(m, name);
	return e == 0 ? NO_SLOT : e - 1;
}

/* The slot of field name, a new one if no rule used it before. */
static size_t
name_intern(struct matcher *m, const char *name)
{
	size_t *e;

	if ((m->nname + 1) * 2 > m->nhash) {
		free(m->hash);
		m->nhash = m->nhash ? m->nhash * 2 : 64;
		m->hash = xcalloc(m->nhash, sizeof(*m->hash));
		for (size_t i = 0; i < m->nname; i++)
			*name_entry(m, m->name[i]) = i + 1;
	}
	e = name_entry(m, name);
	if (*e == 0) {
		/* The capacity is the power of two at or above nname. */
		if ((m->nname & (m->nname - 1)) == 0)
			m->name = xreallocarray(m->name,
			    m->nname ? m->nname * 2 : 1, sizeof(*m->name));
		m->name[m->nname++] = name;
		*e = m->nname;
	}
	return *e - 1;
}

static void
mrule_clear(struct mrule *r)
{
	size_t n = r->nall + r->nany + r->nnone;

	for (size_t i = 0; i < n; i++)
		pcre2_code_free(r->pat[i]);
	free(r->pat);
	free(r->lit);
	free(r->first);
	free(r->req);
	for (size_t i = 0; i < r->nfld; i++)
		pcre2_code_free(r->fld[i].pat);
	free(r->fld);
	memset(r, 0, sizeof(*r));
}

/*
 * Compile the field conditions and logsource restrictions of rule g into
 * r, interning the field names they use.  Returns 0, or -1 after
 * reporting the first pattern that does not compile.
 */
static int
mrule_fields(struct matcher *m, struct mrule *r, const struct sig *g,
    const struct hop_diag *d)
{
	struct mfield *c;
	PCRE2_SIZE off;
	char what[96];
	int err;

	r->need_fields = g->nfields > 0 || g->channels.n > 0 ||
	    g->event_ids.n > 0;
	if (g->channels.n > 0 && m->chan == NO_SLOT)
		m->chan = name_intern(m, "Channel");
	if (g->event_ids.n > 0 && m->eid == NO_SLOT)
		m->eid = name_intern(m, "EventID");
	if (g->nfields == 0)
		return 0;
	r->fld = xcalloc(g->nfields, sizeof(*r->fld));
	r->nfld = g->nfields;
	for (size_t i = 0; i < g->nfields; i++) {
		c = &r->fld[i];
		c->cond = &g->fields[i];
		c->slot = name_intern(m, c->cond->name);
		if (c->cond->pattern == NULL)
			continue;
		c->pat = compile_one(m, c->cond->pattern, &err, &off);
		if (c->pat != NULL)
			continue;
		snprintf(what, sizeof(what), "fields.%.60s", c->cond->name);
		report_bad(d, g, c->cond->line, what, err, off);
		return -1;
	}
	return 0;
}

/* Compile rule g into r.  Returns 0, or -1 (reported; r left empty). */
static int
mrule_init(struct matcher *m, struct mrule *r, const struct sig *g,
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
	    d) != 0 || mrule_fields(m, r, g, d) != 0) {
		mrule_clear(r);	/* frees the patterns done, NULL for others */
		return -1;
	}
	return 0;
}

/*
 * Into map, the bytes a record must start with for pattern p to match it,
 * if p is anchored at the start (PCRE2 itself found it so): those for
 * which a one-byte record matches or could, as PCRE2's hard partial
 * matching says.  All 256 when p is not anchored, is in UTF mode (where a
 * byte is not a character) or matches an empty record.
 */
static void
first_bytes(const pcre2_code *p, uint8_t map[32])
{
	pcre2_match_data *md;
	uint32_t all = 0;
	char b;

	memset(map, 0xff, 32);
	if (pcre2_pattern_info(p, PCRE2_INFO_ALLOPTIONS, &all) != 0 ||
	    (all & PCRE2_ANCHORED) == 0 || (all & PCRE2_UTF) != 0 ||
	    (md = pcre2_match_data_create(1, NULL)) == NULL)
		return;
	if (pcre2_match(p, (PCRE2_SPTR)"", 0, 0, PCRE2_PARTIAL_HARD, md,
	    NULL) == PCRE2_ERROR_NOMATCH)
		for (int c = 0; c < 256; c++) {
			b = (char)c;
			if (pcre2_match(p, (PCRE2_SPTR)&b, 1, 0,
			    PCRE2_PARTIAL_HARD, md, NULL) ==
			    PCRE2_ERROR_NOMATCH)
				map[c >> 3] &= (uint8_t)~(1u << (c & 7));
		}
	pcre2_match_data_free(md);
}

/*
 * A byte every match of p holds, or -1: PCRE2's last code unit (the
 * rightmost literal one a match must contain), when it is not a letter,
 * which a caseless pattern would match in either case.  PCRE2 itself
 * looks for it before matching; checking it here saves the call on the
 * records that lack it.
 */
static int
required_byte(const pcre2_code *p)
{
	uint32_t type = 0, unit = 0;

	if (pcre2_pattern_info(p, PCRE2_INFO_LASTCODETYPE, &type) != 0 ||
	    type != 1 || pcre2_pattern_info(p, PCRE2_INFO_LASTCODEUNIT,
	    &unit) != 0 || unit > 0xff || (unit >= 'A' && unit <= 'Z') ||
	    (unit >= 'a' && unit <= 'z') || unit >= 0x80)
		return -1;
	return (int)unit;
}

/*
 * Register with pf, under marks r->mark0 onwards, the literals each
 * pattern of r cannot match without.  The rule is filtered when some
 * "all" pattern has literals (it must match), or when every "any"
 * pattern has (one must match): where none of them occurs, it cannot
 * match.  Anchored patterns get the bytes they can start with, too.
 */
static void
add_literals(struct prefilter *pf, struct mrule *r)
{
	const struct sig *g = r->sig;
	char lit[PREFILTER_MAXALT][PREFILTER_MAXLIT];
	size_t len[PREFILTER_MAXALT], n, j, anylit = 0;
	size_t np = r->nall + r->nany + r->nnone;
	const struct strlist *list[] = { &g->all, &g->any, &g->none };
	bool anchored = false;

	r->lit = xcalloc(np + 1, 1);
	r->first = xcalloc(np + 1, sizeof(*r->first));
	r->req = xcalloc(np + 1, sizeof(*r->req));
	for (j = 0; j < np; j++) {
		first_bytes(r->pat[j], r->first[j]);
		for (size_t i = 0; i < 32; i++)
			anchored |= r->first[j][i] != 0xff;
	}
	if (!anchored) {
		free(r->first);
		r->first = NULL;
	}
	j = 0;
	for (size_t l = 0; l < 3; l++)
		for (size_t k = 0; k < list[l]->n; k++, j++) {
			n = prefilter_literals(list[l]->v[k], lit, len,
			    PREFILTER_MAXALT);
			for (size_t i = 0; i < n; i++)
				prefilter_add(pf, r->mark0 + j, lit[i],
				    len[i]);
			r->lit[j] = n > 0;
			r->req[j] = n > 0 ? -1 : required_byte(r->pat[j]);
			if (n > 0 && l == 0)
				r->filtered = 1;
			if (n > 0 && l == 1)
				anylit++;
		}
	if (r->nany > 0 && anylit == r->nany)
		r->filtered = 1;
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
	m->chan = m->eid = NO_SLOT;
	m->use_pf = true;
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
	m->pf = prefilter_new();
	for (size_t i = 0; i < m->nrule; i++) {
		struct mrule *r = &m->rule[i];
		size_t np = r->nall + r->nany + r->nnone;

		r->mark0 = m->nmark;
		m->mark_rule = xreallocarray(m->mark_rule, m->nmark + np + 1,
		    sizeof(*m->mark_rule));
		for (size_t j = 0; j < np; j++)
			m->mark_rule[m->nmark++] = i;
		add_literals(m->pf, r);
		if (!r->filtered) {
			m->always = xreallocarray(m->always, m->nalways + 1,
			    sizeof(*m->always));
			m->always[m->nalways++] = i;
		}
	}
	prefilter_ready(m->pf);
	return m;
}

void
matcher_set_prefilter(struct matcher *m, enum prefilter_mode mode)
{
	m->use_pf = mode != PREFILTER_OFF;
	if (mode == PREFILTER_TABLE)
		prefilter_use_table(m->pf);
}

void
matcher_free(struct matcher *m)
{
	if (m == NULL)
		return;
	for (size_t i = 0; i < m->nrule; i++)
		mrule_clear(&m->rule[i]);
	free(m->rule);
	free(m->mark_rule);
	free(m->always);
	free(m->name);
	free(m->hash);
	prefilter_free(m->pf);
	pcre2_general_context_free(m->gctx);
	free(m);
}

size_t
matcher_count(const struct matcher *m)
{
	return m->nrule;
}

const struct sig *
matcher_rule(const struct matcher *m, size_t i, bool *filtered)
{
	*filtered = m->rule[i].filtered != 0;
	return m->rule[i].sig;
}

struct match_scratch *
match_scratch_new(const struct matcher *m)
{
	struct match_scratch *sc = xcalloc(1, sizeof(*sc));

	sc->mark = xcalloc(m->nmark + 8, 1);
	sc->pfs = prefilter_scratch_new(m->pf);
	sc->cand = xcalloc(m->nrule + 1, sizeof(*sc->cand));
	sc->trig = xcalloc(m->nrule + 1, sizeof(*sc->trig));
	sc->fmt_ok = xcalloc(m->nrule + 1, 1);

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
	sc->slot = xcalloc(m->nname ? m->nname : 1, sizeof(*sc->slot));
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
	free(sc->slot);
	free(sc->next);
	free(sc->mark);
	prefilter_scratch_free(sc->pfs);
	free(sc->cand);
	free(sc->trig);
	free(sc->lm);
	free(sc->fmt_ok);
	free(sc->fmt);
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
 * Can pattern j of r surely not match, without running it?  When it has
 * literals and mark (the prefilter's, NULL if it did not run) says none of
 * them occurs, or it is anchored and the record starts with a byte it
 * cannot start with, or it has no literals and the record lacks a byte
 * every match holds.
 */
static bool
cannot_match(const struct mrule *r, size_t j, const char *text, size_t len,
    const unsigned char *mark)
{
	if (mark == NULL)
		return false;
	if (r->lit[j] && !mark[r->mark0 + j])
		return true;
	if (r->first != NULL && len > 0 &&
	    (r->first[j][(uint8_t)text[0] >> 3] &
	    1u << ((uint8_t)text[0] & 7)) == 0)
		return true;
	return r->req[j] >= 0 && memchr(text, r->req[j], len) == NULL;
}

/* Does pattern j of r match? */
static enum tri
try_pat(const struct mrule *r, size_t j, struct match_scratch *sc,
    const char *text, size_t len, const unsigned char *mark)
{
	if (cannot_match(r, j, text, len, mark))
		return TRI_NO;
	return pat_match(r->pat[j], sc, text, len);
}

/*
 * Decide rule r on a record in three-valued logic: every `all` pattern
 * matches, some `any` pattern matches (if there are any), no `none`
 * pattern matches.  A NO anywhere decides the rule at once; a limit hit
 * leaves it undecided unless a NO comes later.
 */
static enum tri
rule_match(const struct mrule *r, struct match_scratch *sc, const char *text,
    size_t len, const unsigned char *mark)
{
	enum tri t, res = TRI_YES, any = TRI_NO;
	size_t i, j;

	/*
	 * The outcome does not depend on the order (a NO decides it, else a
	 * limit hit leaves it undecided), so what needs no PCRE2 goes first:
	 * an `all` pattern or every `any` pattern that cannot match.  Then
	 * the `all` patterns with literals, the `any` ones, and last the
	 * `all` patterns without literals, which are the costliest to try on
	 * records that merely hold some literal of the rule.
	 */
	for (j = 0; j < r->nall; j++)
		if (cannot_match(r, j, text, len, mark))
			return TRI_NO;
	for (i = 0; i < r->nany; i++)
		if (!cannot_match(r, r->nall + i, text, len, mark))
			break;
	if (r->nany > 0 && i == r->nany)
		return TRI_NO;
	for (j = 0; j < r->nall; j++) {
		if (!r->lit[j])
			continue;
		if ((t = pat_match(r->pat[j], sc, text, len)) == TRI_NO)
			return TRI_NO;
		if (t == TRI_LIMIT)
			res = TRI_LIMIT;
	}
	for (i = 0, j = r->nall; i < r->nany; i++, j++) {
		if (any != TRI_YES &&
		    (t = try_pat(r, j, sc, text, len, mark)) != TRI_NO)
			any = t;
	}
	if (r->nany > 0 && any == TRI_NO)
		return TRI_NO;
	if (r->nany > 0 && any == TRI_LIMIT)
		res = TRI_LIMIT;
	for (i = 0; i < r->nall; i++) {
		if (r->lit[i])
			continue;
		if ((t = pat_match(r->pat[i], sc, text, len)) == TRI_NO)
			return TRI_NO;
		if (t == TRI_LIMIT)
			res = TRI_LIMIT;
	}
	for (i = 0; i < r->nnone; i++, j++) {
		if ((t = try_pat(r, j, sc, text, len, mark)) == TRI_YES)
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

/*
 * Index the fields of rec by slot: sc->slot[k].first is the first field
 * named as slot k, sc->next[] links the others in record order.  Fields
 * no rule names are passed over.  sc->gen must be new for this record.
 */
static void
index_fields(const struct matcher *m, struct match_scratch *sc,
    const struct mrec *rec)
{
	struct slotrec *sl;
	size_t k;

	if (rec->nf > sc->nnext) {
		sc->next = xreallocarray(sc->next, rec->nf, sizeof(*sc->next));
		sc->nnext = rec->nf;
	}
	for (size_t i = rec->nf; i-- > 0;) {
		if (rec->f[i].name == NULL || rec->f[i].value == NULL ||
		    (k = name_slot(m, rec->f[i].name)) == NO_SLOT)
			continue;
		sl = &sc->slot[k];
		sc->next[i] = sl->gen == sc->gen ? sl->first : NO_SLOT;
		sl->gen = sc->gen;
		sl->first = i;
	}
}

/* The index of the first field of slot in the record, or NO_SLOT. */
static size_t
field_first(const struct match_scratch *sc, size_t slot)
{
	if (slot == NO_SLOT || sc->slot[slot].gen != sc->gen)
		return NO_SLOT;
	return sc->slot[slot].first;
}

/* Is v equal to an item of l, ASCII case aside? */
static int
in_list(const struct strlist *l, const char *v)
{
	for (size_t i = 0; i < l->n; i++)
		if (sig_casecmp(l->v[i], v) == 0)
			return 1;
	return 0;
}

/* Is v, a decimal number, one of the normalised event ids of l? */
static int
eid_in_list(const struct strlist *l, const char *v)
{
	size_t n;

	while (v[0] == '0' && v[1] != '\0')
		v++;
	for (n = 0; v[n] >= '0' && v[n] <= '9'; n++)
		continue;
	if (n == 0 || v[n] != '\0')
		return 0;
	for (size_t i = 0; i < l->n; i++)
		if (strcmp(l->v[i], v) == 0)
			return 1;
	return 0;
}

/* Does the indexed record pass logsource.channels and event_ids of g? */
static int
source_ok(const struct matcher *m, const struct sig *g,
    const struct match_scratch *sc, const struct field *f)
{
	size_t i;

	if (g->channels.n > 0) {
		for (i = field_first(sc, m->chan); i != NO_SLOT; i = sc->next[i])
			if (in_list(&g->channels, f[i].value))
				break;
		if (i == NO_SLOT)
			return 0;
	}
	if (g->event_ids.n > 0) {
		for (i = field_first(sc, m->eid); i != NO_SLOT; i = sc->next[i])
			if (eid_in_list(&g->event_ids, f[i].value))
				break;
		if (i == NO_SLOT)
			return 0;
	}
	return 1;
}

/*
 * Does condition c hold on the indexed record: does a field of its name
 * equal one of its values, or match its pattern?
 */
static enum tri
cond_match(const struct mfield *c, struct match_scratch *sc,
    const struct field *f)
{
	enum tri res = TRI_NO, t;

	for (size_t i = field_first(sc, c->slot); i != NO_SLOT;
	    i = sc->next[i]) {
		if (c->pat == NULL) {
			if (in_list(&c->cond->values, f[i].value))
				return TRI_YES;
			continue;
		}
		t = pat_match(c->pat, sc, f[i].value, strlen(f[i].value));
		if (t == TRI_YES)
			return TRI_YES;
		if (t == TRI_LIMIT)
			res = TRI_LIMIT;
	}
	return res;
}

/*
 * Decide every field condition of r on the indexed record: the cheap
 * equalities first, then the patterns.  A NO decides at once.
 */
static enum tri
fields_match(const struct mrule *r, struct match_scratch *sc,
    const struct field *f)
{
	enum tri res = TRI_YES, t;

	for (int pass = 0; pass < 2; pass++) {
		for (size_t i = 0; i < r->nfld; i++) {
			if ((r->fld[i].pat != NULL) != pass)
				continue;
			if ((t = cond_match(&r->fld[i], sc, f)) == TRI_NO)
				return TRI_NO;
			if (t == TRI_LIMIT)
				res = TRI_LIMIT;
		}
	}
	return res;
}

/*
 * Decide rule r on record rec: logsource channels and event ids, field
 * conditions and text patterns must all hold.
 */
static enum tri
rule_decide(const struct matcher *m, const struct mrule *r,
    struct match_scratch *sc, const struct mrec *rec,
    const unsigned char *mark)
{
	enum tri tf = TRI_YES, tt;

	if (r->need_fields) {
		if (rec->f == NULL || !source_ok(m, r->sig, sc, rec->f))
			return TRI_NO;
		if ((tf = fields_match(r, sc, rec->f)) == TRI_NO)
			return TRI_NO;
	}
	if ((tt = rule_match(r, sc, rec->text, rec->len, mark)) == TRI_NO)
		return TRI_NO;
	return tf == TRI_LIMIT ? TRI_LIMIT : tt;
}

/* Which rules apply to records of format: sc->fmt_ok, kept per format. */
static void
formats_for(const struct matcher *m, struct match_scratch *sc,
    const char *format)
{
	/* Format names are the format table's: the same one, the same
	   pointer (every line asks). */
	if (sc->fmt_known && (format == sc->fmt_name || (format == NULL ?
	    sc->fmt == NULL : sc->fmt != NULL && strcmp(sc->fmt, format) ==
	    0))) {
		sc->fmt_name = format;
		return;
	}
	free(sc->fmt);
	sc->fmt = format != NULL ? xstrdup(format) : NULL;
	sc->fmt_name = format;
	sc->fmt_known = true;
	for (size_t i = 0; i < m->nrule; i++)
		sc->fmt_ok[i] = (unsigned char)format_ok(m->rule[i].sig, format);
}

/*
 * The marks of line of the batch (sc->lm, by line) into sc->mark, those of
 * the line before cleared, and the filtered rules they mark into sc->trig
 * in rule order: how many.  A line holds few marks, so this costs nothing
 * for the many lines that hold none.
 */
static size_t
batch_marks(const struct matcher *m, struct match_scratch *sc, size_t line)
{
	size_t nt = 0, i, k, r;

	for (i = sc->lm_from; i < sc->lm_i; i++)
		sc->mark[sc->lm[i].mark] = 0;
	while (sc->lm_i < sc->nlm && sc->lm[sc->lm_i].line < line)
		sc->lm_i++;
	for (sc->lm_from = sc->lm_i; sc->lm_i < sc->nlm &&
	    sc->lm[sc->lm_i].line == line; sc->lm_i++) {
		sc->mark[sc->lm[sc->lm_i].mark] = 1;
		r = m->mark_rule[sc->lm[sc->lm_i].mark];
		if (!m->rule[r].filtered)
			continue;
		for (k = nt; k > 0 && sc->trig[k - 1] > r; k--)
			continue;
		if (k > 0 && sc->trig[k - 1] == r)
			continue;
		memmove(sc->trig + k + 1, sc->trig + k,
		    (nt - k) * sizeof(*sc->trig));
		sc->trig[k] = r;
		nt++;
	}
	return nt;
}

/*
 * The rules to decide for rec into sc->cand, in order, and how many: all
 * without the prefilter; else those not filtered and those a literal of
 * which the prefilter found.
 */
static size_t
candidates(const struct matcher *m, struct match_scratch *sc,
    const struct mrec *rec, size_t line)
{
	size_t n = 0, nt = 0, i, j, r;
	uint64_t w;

	if (!m->use_pf) {
		for (i = 0; i < m->nrule; i++)
			sc->cand[i] = i;
		return m->nrule;
	}
	if (line != SIZE_MAX && sc->batched) {
		nt = batch_marks(m, sc, line);
		goto merge;
	}
	memset(sc->mark, 0, m->nmark);
	prefilter_scan(m->pf, sc->pfs, rec->text, rec->len, sc->mark);
	/* The rules marked, in order: marks are numbered in rule order. */
	for (i = 0; i < m->nmark; i += 8) {	/* marks are mostly 0 */
		memcpy(&w, sc->mark + i, sizeof(w));
		if (w == 0)
			continue;
		for (j = i; j < i + 8 && j < m->nmark; j++) {
			r = m->mark_rule[j];
			if (sc->mark[j] && m->rule[r].filtered &&
			    (nt == 0 || sc->trig[nt - 1] != r))
				sc->trig[nt++] = r;
		}
	}
merge:
	/* Merged with the rules not filtered, which are always decided. */
	for (i = j = 0; i < m->nalways || j < nt;) {
		if (j == nt || (i < m->nalways && m->always[i] < sc->trig[j]))
			r = m->always[i++];
		else
			r = sc->trig[j++];
		sc->cand[n++] = r;
	}
	return n;
}

/* A literal of mark found in line of the batch. */
static void
on_line_mark(void *arg, size_t line, size_t mark)
{
	struct match_scratch *sc = arg;

	if (sc->nlm == sc->caplm) {
		sc->caplm = sc->caplm ? 2 * sc->caplm : 1024;
		sc->lm = xreallocarray(sc->lm, sc->caplm, sizeof(*sc->lm));
	}
	sc->lm[sc->nlm++] = (struct lmark){ line, mark };
}

static int
lmark_cmp(const void *a, const void *b)
{
	const struct lmark *x = a, *y = b;

	if (x->line != y->line)
		return x->line < y->line ? -1 : 1;
	return (x->mark > y->mark) - (x->mark < y->mark);
}

void
matcher_batch(const struct matcher *m, struct match_scratch *sc,
    const char *text, size_t len, const size_t *end, size_t n)
{
	bool sorted = true;

	sc->nlm = sc->lm_from = sc->lm_i = 0;
	sc->batched = false;
	if (!m->use_pf)
		return;
	memset(sc->mark, 0, m->nmark);	/* then cleared line by line */
	if (prefilter_scan_lines(m->pf, sc->pfs, text, len, end, n,
	    on_line_mark, sc) != 0)
		return;
	for (size_t i = 1; i < sc->nlm && sorted; i++)
		sorted = sc->lm[i - 1].line <= sc->lm[i].line;
	if (!sorted)
		qsort(sc->lm, sc->nlm, sizeof(*sc->lm), lmark_cmp);
	sc->batched = true;
}

size_t
matcher_run(const struct matcher *m, struct match_scratch *sc,
    const char *text, size_t len, const char *format,
    const struct field *fields, size_t nfields, match_fn fn, void *arg)
{
	return matcher_run_line(m, sc, SIZE_MAX, text, len, format, fields,
	    nfields, fn, arg);
}

size_t
matcher_run_line(const struct matcher *m, struct match_scratch *sc,
    size_t line, const char *text, size_t len, const char *format,
    const struct field *fields, size_t nfields, match_fn fn, void *arg)
{
	struct mrec rec = { text, len, fields, nfields };
	size_t hits = 0, n;
	enum tri t;

	if (text == NULL) {
		rec.text = "";
		rec.len = 0;
	}
	if (fields == NULL || nfields == 0) {
		rec.f = NULL;
		rec.nf = 0;
	}
	sc->gen++;	/* forgets the fields of the record before */
	if (rec.f != NULL && m->nname > 0)
		index_fields(m, sc, &rec);
	formats_for(m, sc, format);
	n = candidates(m, sc, &rec, line);
	for (size_t k = 0; k < n; k++) {
		const struct mrule *r = &m->rule[sc->cand[k]];

		if (!sc->fmt_ok[sc->cand[k]])
			continue;
		t = rule_decide(m, r, sc, &rec, m->use_pf ? sc->mark : NULL);
		if (t == TRI_NO)
			continue;
		if (t == TRI_YES)
			hits++;
		if (fn != NULL)
			fn(arg, r->sig, t == TRI_YES ? MATCH_HIT : MATCH_LIMIT);
	}
	return hits;
}

/* Adversarial subjects for the backtracking probe. */
static const char *const probe_unit[] = {
	"a", " ", "0", "A", "\\", ".", "=", "/", "ab", "a ", "\t",
};

#define PROBE_LEN	4096		/* bytes per subject */
#define PROBE_LIMIT	200000		/* match steps a pattern may take */

/*
 * The distinct ASCII letters and digits of pattern pat (not those of
 * escapes such as \d or \x41), in order, into out; with spaced, a space
 * after each.  The last one goes first, so that a subject made of them
 * holds every required byte but cannot end a match.
 */
static void
own_letters(const char *pat, char *out, size_t cap, int spaced)
{
	char set[32];
	size_t n = 0, o = 0;

	for (const char *c = pat; *c != '\0' && n < sizeof(set); c++) {
		if (*c == '\\' && c[1] != '\0') {
			c++;
			continue;
		}
		if (((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') ||
		    (*c >= '0' && *c <= '9')) && memchr(set, *c, n) == NULL)
			set[n++] = *c;
	}
	for (size_t i = 0; i < n && o + 3 < cap; i++) {
		out[o++] = set[(i + n - 1) % n];
		if (spaced)
			out[o++] = ' ';
	}
	out[o] = '\0';
}

/*
 * Does p take more than PROBE_LIMIT steps (or fail on a limit) on a
 * subject of repeated units, with or without a last byte that breaks it?
 * The interpreter runs (no JIT), so that steps are counted the same way
 * for every pattern.
 */
static int
probe(const pcre2_code *p, const char *pat, pcre2_match_context *mc,
    pcre2_match_data *md, char *subj)
{
	char own[2][64];
	const char *unit[sizeof(probe_unit) / sizeof(probe_unit[0]) + 2];
	size_t nunit = 0;

	/*
	 * Besides runs of common bytes: the pattern's own letters and digits
	 * cycled, last one first, so that required bytes are present and
	 * patterns like "a.*b.*c.*d" must really try (and fail) from every
	 * position.
	 */
	own_letters(pat, own[0], sizeof(own[0]), 0);
	own_letters(pat, own[1], sizeof(own[1]), 1);
	for (size_t u = 0; u < sizeof(probe_unit) / sizeof(probe_unit[0]); u++)
		unit[nunit++] = probe_unit[u];
	if (own[0][0] != '\0') {
		unit[nunit++] = own[0];
		unit[nunit++] = own[1];
	}
	for (size_t u = 0; u < nunit; u++) {
		size_t ul = strlen(unit[u]), skip = u >= nunit - 2 &&
		    own[0][0] != '\0' ? 1 + (u == nunit - 1) : 0;

		/* Own letters: the first (the last one) once, then a cycle. */
		memcpy(subj, unit[u], skip);
		for (size_t i = skip; i < PROBE_LEN; i++)
			subj[i] = ul > skip ? unit[u][skip + (i - skip) %
			    (ul - skip)] : unit[u][0];
		for (int tail = 0; tail < 2; tail++) {
			int rc;

			subj[PROBE_LEN - 1] = tail ? '!' : subj[PROBE_LEN - 2];
			rc = pcre2_match(p, (PCRE2_SPTR)subj, PROBE_LEN, 0,
			    PCRE2_NO_JIT, md, mc);
			if (rc == PCRE2_ERROR_MATCHLIMIT ||
			    rc == PCRE2_ERROR_DEPTHLIMIT ||
			    rc == PCRE2_ERROR_HEAPLIMIT)
				return 1;
		}
	}
	return 0;
}

/* Lint one pattern of rule g; returns the number of problems. */
static size_t
lint_one(const struct matcher *m, const struct sig *g, const char *what,
    const char *pat, pcre2_match_context *mc, pcre2_match_data *md,
    char *subj, const struct hop_diag *d)
{
	PCRE2_UCHAR msg[256];
	PCRE2_SIZE off;
	pcre2_code *p;
	size_t n = 0;
	int err;

	if ((p = compile_one(m, pat, &err, &off)) == NULL) {
		pcre2_get_error_message(err, msg, sizeof(msg));
		hop_diag(d, HOP_SEV_ERROR, g->file, g->line, "%s: %s does not "
		    "compile: %s at offset %zu", g->id, what,
		    (const char *)msg, (size_t)off);
		return 1;
	}
	if (pcre2_match(p, (PCRE2_SPTR)"", 0, 0, PCRE2_NO_JIT, md, mc) >= 0) {
		hop_diag(d, HOP_SEV_WARNING, g->file, g->line, "%s: %s matches "
		    "the empty string, so it matches every record", g->id,
		    what);
		n++;
	}
	if (probe(p, pat, mc, md, subj)) {
		hop_diag(d, HOP_SEV_WARNING, g->file, g->line, "%s: %s takes "
		    "over %d steps on a %d-byte adversarial record: "
		    "catastrophic or quadratic backtracking", g->id, what,
		    PROBE_LIMIT, PROBE_LEN);
		n++;
	}
	pcre2_code_free(p);
	return n;
}

/* Lint the patterns of list l of rule g. */
static size_t
lint_list(const struct matcher *m, const struct sig *g, const char *name,
    const struct strlist *l, pcre2_match_context *mc, pcre2_match_data *md,
    char *subj, const struct hop_diag *d)
{
	size_t n = 0;

	for (size_t i = 0; i < l->n; i++) {
		char what[64];

		snprintf(what, sizeof(what), "detection.%s[%zu]", name, i);
		n += lint_one(m, g, what, l->v[i], mc, md, subj, d);
	}
	return n;
}

size_t
matcher_lint(const struct sigset *s, const struct hop_diag *d)
{
	struct matcher m = { 0 };
	pcre2_match_context *mc;
	pcre2_match_data *md;
	char *subj = xmalloc(PROBE_LEN);
	size_t n = 0;

	m.gctx = pcre2_general_context_create(pcre_alloc, pcre_free, NULL);
	mc = pcre2_match_context_create(m.gctx);
	pcre2_set_match_limit(mc, PROBE_LIMIT);
	pcre2_set_depth_limit(mc, MATCH_DEPTH_DEFAULT);
	pcre2_set_heap_limit(mc, MATCH_HEAP_LIMIT_KIB);
	md = pcre2_match_data_create(1, m.gctx);
	for (size_t i = 0; i < sigset_count(s); i++) {
		const struct sig *g = sigset_get(s, i);

		n += lint_list(&m, g, "all", &g->all, mc, md, subj, d);
		n += lint_list(&m, g, "any", &g->any, mc, md, subj, d);
		n += lint_list(&m, g, "none", &g->none, mc, md, subj, d);
		for (size_t j = 0; j < g->nfields; j++) {
			char what[128];

			if (g->fields[j].pattern == NULL)
				continue;
			snprintf(what, sizeof(what), "detection.fields.%.64s",
			    g->fields[j].name);
			n += lint_one(&m, g, what, g->fields[j].pattern, mc, md,
			    subj, d);
		}
	}
	pcre2_match_data_free(md);
	pcre2_match_context_free(mc);
	pcre2_general_context_free(m.gctx);
	free(subj);
	return n;
}
