/* SPDX-License-Identifier: MIT */
/*
 * fuzz_sigs.c - the signature loader on any YAML text, and the matcher
 * compiled from what it loaded, run on each rule's own test samples as
 * "hopscan sigs test" does.
 */
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "hopscan.h"
#include "match.h"
#include "sigs.h"

static size_t	ndiag;

static void
on_diag(void *arg, enum hop_sev sev, const char *prov, uint64_t line,
    const char *msg)
{
	ndiag += strlen(msg) + (prov != NULL ? strlen(prov) : 0);
}

static void
on_match(void *arg, const struct sig *s, enum match_result r)
{
	(*(size_t *)arg)++;
}

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	return 0;
}

/* Run m on every sample of s, as "hopscan sigs test" would. */
static size_t
run_tests(const struct matcher *m, const struct sigset *s)
{
	struct match_scratch *sc = match_scratch_new(m);
	size_t hits = 0;

	for (size_t i = 0; i < sigset_count(s); i++) {
		const struct sig *g = sigset_get(s, i);
		const struct strlist *t[] = { &g->test_match, &g->test_nomatch };
		const struct sig_samples *r[] = { &g->rec_match,
		    &g->rec_nomatch };

		for (size_t k = 0; k < 2; k++) {
			for (size_t j = 0; j < t[k]->n; j++)
				matcher_run(m, sc, t[k]->v[j],
				    strlen(t[k]->v[j]), "text", NULL, 0,
				    on_match, &hits);
			for (size_t j = 0; j < r[k]->n; j++)
				matcher_run(m, sc, r[k]->v[j].text,
				    strlen(r[k]->v[j].text), "evtx",
				    r[k]->v[j].fields, r[k]->v[j].nfields,
				    on_match, &hits);
		}
		hits += strlen(g->id) + strlen(g->title) + strlen(g->attack);
	}
	match_scratch_free(sc);
	return hits;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct hop_diag d = { on_diag, NULL };
	struct sigset *s = sigset_new();
	struct matcher *m;

	(void)sigset_load_mem(s, "fuzz.yml", data, size, &d);
	/* Small limits: patterns from here may backtrack badly. */
	if ((m = matcher_new(s, 10000, 1000, &d, NULL)) != NULL) {
		(void)run_tests(m, s);
		matcher_free(m);
	}
	sigset_free(s);
	return 0;
}
