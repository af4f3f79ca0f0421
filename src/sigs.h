/* SPDX-License-Identifier: MIT */
/*
 * sigs.h - signature sets: YAML rules (one per document) loaded with
 * libyaml and validated.  The format is described in hopscan-signatures(5).
 */
#ifndef SIGS_H
#define SIGS_H

#include <stddef.h>

#include "hopscan.h"

enum sig_level {
	SIG_INFORMATIONAL,
	SIG_LOW,
	SIG_MEDIUM,
	SIG_HIGH,
	SIG_CRITICAL
};

/* A list of strings owned by its signature. */
struct strlist {
	char	**v;
	size_t	  n;
};

/* One rule.  Every string is owned by the set it belongs to. */
struct sig {
	char		*id;		/* unique id, e.g. hop-cred-mimikatz */
	char		*title;
	char		*description;	/* may be NULL */
	enum sig_level	 level;
	struct strlist	 tags;		/* as written: attack.t1003.001 ... */
	char		*attack;	/* technique ids from tags: "T1003.001,T1021.002", "" if none */
	struct strlist	 references;
	struct strlist	 falsepositives;
	struct strlist	 formats;	/* logsource.formats; empty = every format */
	struct strlist	 all;		/* detection.pattern and detection.all */
	struct strlist	 any;		/* detection.any: at least one must match */
	struct strlist	 none;		/* detection.none: none may match */
	struct strlist	 test_match;	/* tests.match */
	struct strlist	 test_nomatch;	/* tests.nomatch */
	char		*file;		/* file the rule came from */
	unsigned long	 line;		/* line of the rule's document */
};

struct sigset;

/* An empty set. */
struct sigset	*sigset_new(void);
/* Free s and its rules; NULL is a no-op. */
void		 sigset_free(struct sigset *s);

/*
 * Load the rules of path into s: a YAML file, or a folder whose *.yml and
 * *.yaml files are read recursively in byte order of their paths.  Each
 * problem (bad YAML, a missing id/title/level/detection, an unknown level,
 * a duplicate id, an unknown key under detection) is reported to d with
 * the file and line, and the rule is left out.  Returns HOP_OK, HOP_WARN if
 * some rules were left out, or HOP_FAIL if path could not be read.
 */
int		 sigset_load(struct sigset *s, const char *path,
		    const struct hop_diag *d);

size_t		 sigset_count(const struct sigset *s);
const struct sig *sigset_get(const struct sigset *s, size_t i);

/* "critical" ... "informational"; level_parse returns 0 or -1. */
const char	*sig_level_name(enum sig_level l);
int		 sig_level_parse(const char *name, enum sig_level *l);

#endif /* SIGS_H */
