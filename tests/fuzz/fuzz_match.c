/* SPDX-License-Identifier: MIT */
/*
 * fuzz_match.c - the shipped signature pack on any lines, as text records
 * of every format and as structured records (the line's "Name=value"
 * words as fields).  The matcher runs with its literal prefilter
 * (Vectorscan when built with it), with the prefilter's table, without
 * it, and on the lines as one batch: the outcome must not change.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "field.h"
#include "fuzz.h"
#include "hopscan.h"
#include "match.h"
#include "sigs.h"

#define FUZZ_MAX_LINES	256
#define FUZZ_MAX_FIELDS	32

static struct sigset *set;
static struct matcher *fast, *table, *slow;	/* prefilter: fast, its
						   table, none */
static struct match_scratch *fast_sc, *table_sc, *slow_sc, *batch_sc;

static const char *const fmts[] = {
	"syslog", "teamviewer", "anydesk", "w3c", "winfw", "apache",
	"history", "jsonl", "csv", "text", "evtx",
};

/* What one run found, in rule order. */
struct outcome {
	size_t	 n;
	const struct sig *v[1024];
	int	 limit;		/* a rule hit a PCRE2 limit */
};

static void
on_match(void *arg, const struct sig *s, enum match_result r)
{
	struct outcome *o = arg;

	if (r == MATCH_LIMIT)
		o->limit = 1;
	else if (o->n < sizeof(o->v) / sizeof(o->v[0]))
		o->v[o->n++] = s;
}

static void
on_diag(void *arg, enum hop_sev sev, const char *prov, uint64_t line,
    const char *msg)
{
	fprintf(stderr, "fuzz_match: %s:%llu: %s\n", prov ? prov : "-",
	    (unsigned long long)line, msg);
}

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	struct hop_diag d = { on_diag, NULL };
	const char *dir = getenv("HOP_FUZZ_SIGS");

	set = sigset_new();
	if (sigset_load(set, dir ? dir : HOP_SOURCE_DIR "/signatures", &d) !=
	    HOP_OK || sigset_count(set) == 0)
		exit(1);
	fast = matcher_new(set, 0, 0, &d, NULL);
	table = matcher_new(set, 0, 0, &d, NULL);
	slow = matcher_new(set, 0, 0, &d, NULL);
	if (fast == NULL || table == NULL || slow == NULL)
		exit(1);
	matcher_set_prefilter(table, PREFILTER_TABLE);
	matcher_set_prefilter(slow, PREFILTER_OFF);
	fast_sc = match_scratch_new(fast);
	table_sc = match_scratch_new(table);
	slow_sc = match_scratch_new(slow);
	batch_sc = match_scratch_new(fast);
	return 0;
}

/* Split s (NUL-terminated, changed in place) into Name=value fields. */
static size_t
split_fields(char *s, struct field *f, size_t max)
{
	size_t n = 0;
	char *w, *eq, *save = NULL;

	for (w = strtok_r(s, " ", &save); w != NULL && n < max;
	    w = strtok_r(NULL, " ", &save))
		if ((eq = strchr(w, '=')) != NULL && eq > w) {
			*eq = '\0';
			f[n].name = w;
			f[n++].value = eq + 1;
		}
	return n;
}

/* Do two outcomes differ (a limit hit makes them incomparable)? */
static int
differ(const struct outcome *a, const struct outcome *b)
{
	if (a->limit || b->limit)
		return 0;
	return a->n != b->n || memcmp(a->v, b->v, a->n * sizeof(a->v[0])) != 0;
}

/*
 * Match one record every way; the outcomes must agree.  batch >= 0: the
 * record is line batch of the batch matcher_batch() saw on batch_sc.
 */
static void
every(const char *text, size_t len, const char *fmt, const struct field *f,
    size_t nf, long batch)
{
	static struct outcome a, b, c, d;

	memset(&a, 0, sizeof(a));
	memset(&b, 0, sizeof(b));
	memset(&c, 0, sizeof(c));
	matcher_run(fast, fast_sc, text, len, fmt, f, nf, on_match, &a);
	matcher_run(table, table_sc, text, len, fmt, f, nf, on_match, &b);
	matcher_run(slow, slow_sc, text, len, fmt, f, nf, on_match, &c);
	if (differ(&a, &c) || differ(&b, &c))
		abort();
	if (batch < 0)
		return;
	memset(&d, 0, sizeof(d));
	matcher_run_line(fast, batch_sc, (size_t)batch, text, len, fmt, f,
	    nf, on_match, &d);
	if (differ(&d, &c))
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *p = (const char *)data, *end = p + size, *nl;
	struct field f[FUZZ_MAX_FIELDS];
	size_t lines = 0, len, nf, ends[FUZZ_MAX_LINES];
	char *copy, *text = xmalloc(size + 1);

	/* The lines as one batch: each followed by a newline. */
	for (; p < end && lines < FUZZ_MAX_LINES; p = nl + 1, lines++) {
		if ((nl = memchr(p, '\n', (size_t)(end - p))) == NULL)
			nl = end;
		ends[lines] = (size_t)(nl - (const char *)data);
		memcpy(text + (p - (const char *)data), p, (size_t)(nl - p));
		text[ends[lines]] = '\n';
	}
	matcher_batch(fast, batch_sc, text, lines > 0 ? ends[lines - 1] + 1 :
	    0, ends, lines);
	lines = 0;
	for (p = (const char *)data; p < end && lines < FUZZ_MAX_LINES;
	    p = nl + 1, lines++) {
		if ((nl = memchr(p, '\n', (size_t)(end - p))) == NULL)
			nl = end;
		len = (size_t)(nl - p);
		every(text + (p - (const char *)data), len,
		    fmts[lines % (sizeof(fmts) / sizeof(fmts[0]))], NULL, 0,
		    (long)lines);
		copy = xstrndup(p, len);
		nf = split_fields(copy, f, FUZZ_MAX_FIELDS);
		if (nf > 0)
			every(p, len, "evtx", f, nf, -1);
		free(copy);
	}
	free(text);
	return 0;
}
