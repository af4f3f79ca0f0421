/* SPDX-License-Identifier: MIT */
/*
 * match.h - a compiled signature set.  The matcher is immutable after
 * matcher_new() and shared by all threads; each thread brings its own
 * scratch.  Every PCRE2 match runs with JIT where available and under
 * match and depth limits.
 */
#ifndef MATCH_H
#define MATCH_H

#include <stdint.h>
#include <stddef.h>

#include "hopscan.h"
#include "sigs.h"

struct matcher;
struct match_scratch;

/* Default PCRE2 limits per pattern per record. */
#define MATCH_LIMIT_DEFAULT	1000000
#define MATCH_DEPTH_DEFAULT	10000

/*
 * Compile every rule of s with the given limits (0 = default).  A pattern
 * that does not compile is reported to d as "FILE:LINE: error: ID: ..."
 * (prov = the rule's file, line = the rule's line) and its rule is left
 * out.  Returns NULL only if nothing could be set up.  s must outlive the
 * matcher.  *nbad, if not NULL, receives the number of rules left out.
 */
struct matcher	*matcher_new(const struct sigset *s, uint32_t match_limit,
		    uint32_t depth_limit, const struct hop_diag *d,
		    size_t *nbad);
void		 matcher_free(struct matcher *m);
/* Number of rules in use. */
size_t		 matcher_count(const struct matcher *m);

struct match_scratch *match_scratch_new(const struct matcher *m);
void		 match_scratch_free(struct match_scratch *sc);

/* What a callback is told about one rule on one record. */
enum match_result {
	MATCH_HIT,		/* the rule matched */
	MATCH_LIMIT		/* a pattern hit the match or depth limit:
				   the rule could not be decided */
};

typedef void	(*match_fn)(void *arg, const struct sig *s,
		    enum match_result r);

/*
 * Run every rule on the record text[0..len) (any bytes: NUL and invalid
 * UTF-8 are matched as bytes).  format is the record's format name; rules
 * whose logsource.formats does not list it are skipped.  fn is called for
 * each rule that matched or could not be decided, in rule order.  Returns
 * the number of hits.
 */
size_t		 matcher_run(const struct matcher *m, struct match_scratch *sc,
		    const char *text, size_t len, const char *format,
		    match_fn fn, void *arg);

#endif /* MATCH_H */
