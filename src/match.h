/* SPDX-License-Identifier: MIT */
/*
 * match.h - a compiled signature set.  The matcher is immutable after
 * matcher_new() and shared by all threads; each thread brings its own
 * scratch.  Every PCRE2 match runs with JIT where available and under
 * match and depth limits.
 */
#ifndef MATCH_H
#define MATCH_H

#include <stdbool.h>
#include <stdint.h>
#include <stddef.h>

#include "field.h"
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
 * (prov = the rule's file, line = the rule's line, or for a field
 * condition's pattern the condition's line) and its rule is left out.
 * Returns NULL only if nothing could be set up.  s must outlive the
 * matcher.  *nbad, if not NULL, receives the number of rules left out.
 */
struct matcher	*matcher_new(const struct sigset *s, uint32_t match_limit,
		    uint32_t depth_limit, const struct hop_diag *d,
		    size_t *nbad);
void		 matcher_free(struct matcher *m);
/*
 * The literal prefilter: a pattern that requires a literal runs only on
 * records that contain it, found for all rules in one pass, by Vectorscan
 * where hopscan has it (the default) or by a table of the literals.  Off,
 * every rule runs on every record.  The events are the same in each mode.
 * Set before the first match_scratch_new().
 */
enum prefilter_mode {
	PREFILTER_FAST,		/* Vectorscan if there, else the table */
	PREFILTER_TABLE,
	PREFILTER_OFF
};

void		 matcher_set_prefilter(struct matcher *m,
		    enum prefilter_mode mode);
/* Number of rules in use. */
size_t		 matcher_count(const struct matcher *m);
/*
 * Rule i of those in use (i < matcher_count(m)); *filtered is set to
 * whether the prefilter can skip it, that is whether it runs only on
 * records that hold one of its required literals.
 */
const struct sig *matcher_rule(const struct matcher *m, size_t i,
		    bool *filtered);

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
 * Run every rule on one record: its text[0..len) (any bytes: NUL and
 * invalid UTF-8 are matched as bytes), its format name, and for a
 * structured record its named fields fields[0..nfields) (NULL, 0 for a
 * text line).  Rules whose logsource.formats does not list format are
 * skipped.  A rule with detection.fields, logsource.channels or
 * logsource.event_ids never hits a record without fields.  Field names
 * are looked up without regard to ASCII case (EventID, eventid); when a
 * record has several fields of one name, a condition holds if one of them
 * satisfies it.  The fields are read only during the call.  fn is called
 * for each rule that matched or could not be decided, in rule order.
 * Returns the number of hits.  The work per record is linear in the
 * number of its fields plus the conditions tried, whatever the number of
 * distinct field names the rules use.
 */
size_t		 matcher_run(const struct matcher *m, struct match_scratch *sc,
		    const char *text, size_t len, const char *format,
		    const struct field *fields, size_t nfields, match_fn fn,
		    void *arg);

/*
 * Find the literals of a batch of lines in one pass (with Vectorscan):
 * the lines are text[0..len), line i ending at end[i], each followed by
 * one separator byte.  Then matcher_run_line() on each line, in order,
 * with its number in the batch, gives what matcher_run() gives.
 */
void		 matcher_batch(const struct matcher *m,
		    struct match_scratch *sc, const char *text, size_t len,
		    const size_t *end, size_t n);
size_t		 matcher_run_line(const struct matcher *m,
		    struct match_scratch *sc, size_t line, const char *text,
		    size_t len, const char *format,
		    const struct field *fields, size_t nfields, match_fn fn,
		    void *arg);

/*
 * Lint every pattern of s (for "hopscan sigs check"): report to d, with
 * the rule's file and line, patterns that do not compile (errors, with the
 * offset), that match the empty string, and that take more than a small
 * number of steps on adversarial records (long runs of one character or
 * of a pair, with and without a final byte that breaks the run), a sign
 * of catastrophic or quadratic backtracking (warnings).  Returns the
 * number of problems.
 */
size_t		 matcher_lint(const struct sigset *s, const struct hop_diag *d);

#endif /* MATCH_H */
