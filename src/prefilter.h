/* SPDX-License-Identifier: MIT */
/*
 * prefilter.h - the literals rules cannot match without, found in one pass
 * over a record, so that PCRE2 runs only for rules that may match.
 */
#ifndef PREFILTER_H
#define PREFILTER_H

#include <stddef.h>

#include "escape.h"

#define PREFILTER_MIN	3	/* shorter literals are not worth it */

#define PREFILTER_MAXLIT	128	/* bytes kept of a literal */
#define PREFILTER_MAXALT	32	/* top-level alternatives followed */

/* ASCII lowercase of c: literals are compared folded so. */
static inline int
prefilter_lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c + 32 : c;
}

/*
 * The literals one of which every match of PCRE2 pattern pat contains: for
 * each top-level alternative its longest required literal, lowercased
 * (ASCII), into out[i] with its length in len[i].  Returns how many (at
 * most max), or 0 when some alternative has none of PREFILTER_MIN bytes or
 * more, or when the scanner is not sure: verbs, \Q...\E, extended mode
 * and escapes it does not know are given up on, never guessed.
 */
size_t	prefilter_literals(const char *pat, char out[][PREFILTER_MAXLIT],
	    size_t *len, size_t max);

struct prefilter;
struct prefilter_scratch;

struct prefilter *prefilter_new(void);
void	prefilter_free(struct prefilter *p);
/* Rule number rule may match only where literal s[0..n) (lowercase,
   n >= PREFILTER_MIN) occurs; several literals of a rule mean any one. */
void	prefilter_add(struct prefilter *p, size_t rule, const char *s,
	    size_t n);
/* Number of literals added. */
size_t	prefilter_count(const struct prefilter *p);

/* Scan with the table even when Vectorscan is there (before any scratch). */
void	prefilter_use_table(struct prefilter *p);
/* Vectorscan's version, or NULL when hopscan is built without it. */
const char *prefilter_lib_version(void);
/*
 * Once every literal is added: compile them for Vectorscan when hopscan
 * has it and the CPU runs it (else, or if that fails, the table scans).
 */
void	prefilter_ready(struct prefilter *p);
/* "vectorscan" or "table": what prefilter_scan uses. */
const char *prefilter_engine(const struct prefilter *p);

/* Per-thread memory for scanning with p (after prefilter_ready). */
struct prefilter_scratch *prefilter_scratch_new(const struct prefilter *p);
void	prefilter_scratch_free(struct prefilter_scratch *s);

/*
 * Set mark[rule] = 1 for each rule one of whose literals occurs in
 * text[0..len), compared without regard to ASCII case.  mark is not
 * cleared first.  s may be NULL: the table scans.
 */
void	prefilter_scan(const struct prefilter *p,
	    struct prefilter_scratch *s, const char *text, size_t len,
	    unsigned char *mark);

/*
 * Lines joined by one separator byte: line i ends at end[i] (ascending),
 * the next starts at end[i] + 1.  fn(arg, i, rule) for every literal of
 * rule found in line i, in no set order and perhaps more than once (and
 * perhaps for one that crosses into line i: that only costs a check).
 * Returns 0, or -1 when only the table scans (hopscan without
 * Vectorscan): then scan line by line.
 */
typedef void	(*prefilter_line_fn)(void *arg, size_t line, size_t rule);
int	prefilter_scan_lines(const struct prefilter *p,
	    struct prefilter_scratch *s, const char *text, size_t len,
	    const size_t *end, size_t n, prefilter_line_fn fn, void *arg);

#endif /* PREFILTER_H */
