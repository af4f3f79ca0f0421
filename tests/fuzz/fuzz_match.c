/* SPDX-License-Identifier: MIT */
/*
 * fuzz_match.c - the shipped signature pack on any lines, as text records
 * of every format and as structured records (the line's "Name=value"
 * words as fields).  The matcher runs with and without its literal
 * prefilter, which must not change the outcome.
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
static struct matcher *fast, *slow;	/* with and without the prefilter */
static struct match_scratch *fast_sc, *slow_sc;

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
	slow = matcher_new(set, 0, 0, &d, NULL);
	if (fast == NULL || slow == NULL)
		exit(1);
	matcher_set_prefilter(slow, PREFILTER_OFF);
	fast_sc = match_scratch_new(fast);
	slow_sc = match_scratch_new(slow);
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

/* Match one record both ways; the outcomes must agree. */
static void
both(const char *text, size_t len, const char *fmt, const struct field *f,
    size_t nf)
{
	static struct outcome a, b;

	a.n = b.n = 0;
	a.limit = b.limit = 0;
	matcher_run(fast, fast_sc, text, len, fmt, f, nf, on_match, &a);
	matcher_run(slow, slow_sc, text, len, fmt, f, nf, on_match, &b);
	if (a.limit || b.limit)
		return;
	if (a.n != b.n || memcmp(a.v, b.v, a.n * sizeof(a.v[0])) != 0)
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *p = (const char *)data, *end = p + size, *nl;
	struct field f[FUZZ_MAX_FIELDS];
	size_t lines = 0, len, nf;
	char *copy;

	for (; p < end && lines < FUZZ_MAX_LINES; p = nl + 1, lines++) {
		if ((nl = memchr(p, '\n', (size_t)(end - p))) == NULL)
			nl = end;
		len = (size_t)(nl - p);
		both(p, len, fmts[lines % (sizeof(fmts) / sizeof(fmts[0]))],
		    NULL, 0);
		copy = xstrndup(p, len);
		nf = split_fields(copy, f, FUZZ_MAX_FIELDS);
		if (nf > 0)
			both(p, len, "evtx", f, nf);
		free(copy);
	}
	return 0;
}
