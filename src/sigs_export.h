/* SPDX-License-Identifier: MIT */
/*
 * sigs_export.h - the rules of a set as plain line patterns, for grep-like
 * tools (ripgrep -f), and the rules the literal prefilter cannot skip.
 */
#ifndef SIGS_EXPORT_H
#define SIGS_EXPORT_H

#include <stdbool.h>
#include <stdio.h>

#include "hopscan.h"
#include "sigs.h"

/*
 * Print to out one line per rule of s whose detection is one line
 * pattern: a single pattern (detection.pattern, or detection.all with one
 * item), or detection.any alone (its items joined by "|").  Each pattern
 * is wrapped in a group that scopes its inline options, "(?i)rest"
 * becoming "(?i:rest)", so that lines joined by "|" (as ripgrep joins
 * -f patterns) do not leak options into each other.  Rules that need
 * more (several all patterns, all with any, none patterns, field
 * conditions, logsource restrictions, extended mode) are reported to d
 * as warnings naming the rule and why; with portable, so are patterns
 * that use PCRE2 syntax that RE2-family engines such as ripgrep's default
 * one do not have (lookaround, atomic groups, possessive quantifiers,
 * backreferences, \K, verbs and the like).  Returns the number of rules
 * printed, or -1 on a write error (errno set).
 */
long	sigs_export_patterns(const struct sigset *s, bool portable, FILE *out,
	    const struct hop_diag *d);

/*
 * Why pattern pat cannot go to an RE2-family engine (a short phrase), or
 * NULL if it has none of the PCRE2-only constructs listed above.
 */
const char *sigs_pcre2_only(const char *pat);

/*
 * Report to d, as notes, the rules with text patterns that the literal
 * prefilter cannot skip: no literal of PREFILTER_MIN bytes or more is
 * found in every match.  Returns how many.
 */
size_t	sigs_note_unfiltered(const struct sigset *s, const struct hop_diag *d);

#endif /* SIGS_EXPORT_H */
