/* SPDX-License-Identifier: MIT */
/*
 * sigs.h - signature sets: YAML rules (one per document) loaded with
 * libyaml and validated.  The format is described in hopscan-signatures(5).
 */
#ifndef SIGS_H
#define SIGS_H

#include <stddef.h>

#include "field.h"
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

/*
 * A condition of detection.fields on one named field of a structured
 * record (see struct field in field.h).  The name is compared with the
 * record's field names without regard to ASCII case.  Exactly one of
 * values and pattern is set: the field's value must equal one of values
 * (ASCII case-insensitive, numbers as written: 4688 is "4688"), or the
 * PCRE2 pattern must match the value.  A record without the field, or
 * without fields at all, fails the condition.
 */
struct sig_field {
	char		*name;		/* field name as written, e.g. EventID */
	struct strlist	 values;	/* equal to one of these, or empty */
	char		*pattern;	/* {pattern: ...}, or NULL */
	unsigned long	 line;		/* line of the condition's key */
};

/*
 * A tests sample written as a mapping of field names to values: a
 * structured record, as a Windows event log gives.  It is matched with
 * its fields and with its text, the pairs "Name=value" joined by spaces
 * in the order written (as hopscan(1) renders event records).
 */
struct sig_sample {
	struct field	*fields;	/* owned names and values */
	size_t		 nfields;
	char		*text;		/* the rendering, owned */
	unsigned long	 line;
};

struct sig_samples {
	struct sig_sample *v;
	size_t		 n;
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
	struct strlist	 channels;	/* logsource.channels: the Channel field
					   equals one (ASCII case-insensitive);
					   empty = any record */
	struct strlist	 event_ids;	/* logsource.event_ids, decimal without
					   leading zeros ("4624"): the EventID
					   field is one of them as a number;
					   empty = any record */
	struct strlist	 all;		/* detection.pattern and detection.all */
	struct strlist	 any;		/* detection.any: at least one must match */
	struct strlist	 none;		/* detection.none: none may match */
	struct sig_field *fields;	/* detection.fields, in YAML order: all
					   must hold */
	size_t		 nfields;
	struct strlist	 test_match;	/* tests.match: text samples */
	struct strlist	 test_nomatch;	/* tests.nomatch: text samples */
	struct sig_samples rec_match;	/* tests.match: record samples */
	struct sig_samples rec_nomatch;	/* tests.nomatch: record samples */
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
 * a duplicate id, an unknown key under detection, a field condition of
 * the wrong shape, a bad event id) is reported to d with the file and
 * line, and the rule is left out.  Returns HOP_OK, HOP_WARN if
 * some rules were left out, or HOP_FAIL if path could not be read.
 */
int		 sigset_load(struct sigset *s, const char *path,
		    const struct hop_diag *d);

/*
 * Load the rules of the YAML text buf[0..len) into s, as sigset_load()
 * loads one file; name stands for the file in diagnostics and in each
 * rule's file.  Returns HOP_OK, HOP_WARN if some rules
 * were left out, or HOP_FAIL if the text is larger than a file may be.
 */
int		 sigset_load_mem(struct sigset *s, const char *name,
		    const void *buf, size_t len, const struct hop_diag *d);

size_t		 sigset_count(const struct sigset *s);
const struct sig *sigset_get(const struct sigset *s, size_t i);

/*
 * Compare a and b the way field names and field values are compared:
 * ASCII letters without regard to case, every other byte as it is, in any
 * locale.  Returns less than, equal to or greater than 0, like strcmp.
 */
int		 sig_casecmp(const char *a, const char *b);

/* "critical" ... "informational"; level_parse returns 0 or -1. */
const char	*sig_level_name(enum sig_level l);
int		 sig_level_parse(const char *name, enum sig_level *l);

#endif /* SIGS_H */
