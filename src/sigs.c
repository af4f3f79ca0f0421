/* SPDX-License-Identifier: MIT */
/*
 * sigs.c - load signature rules from YAML files and folders with libyaml
 * and validate them into a signature set.
 */
#include <sys/stat.h>

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <yaml.h>

#include "escape.h"
#include "sigs.h"

#define SIGS_MAX_FILE	(16UL * 1024 * 1024)	/* bytes of one YAML file */
#define SIGS_MAX_NEST	32	/* YAML nesting read; deeper ends the file */
#define SIGS_MAX_DIRS	32	/* folder levels walked below the root */
#define SIGS_MAX_NODES	65536	/* YAML nodes in one document */
#define SIGS_MAX_DIAG	100	/* problems reported per file */
#define SIGS_MAX_ATTACK	64	/* techniques in sig->attack */
#define SIGS_MAX_EVENTID	65535	/* EVTX event ids are 16 bits */
#define SIGS_STR(x)	SIGS_STR_(x)
#define SIGS_STR_(x)	#x

struct sigset {
	struct sig	**v;		/* rules, in load order */
	size_t		  n, cap;
	size_t		 *slot;		/* hash of ids: index in v + 1, 0 free */
	size_t		  nslot;	/* a power of two, more than 2 * n */
};

/* One node of a YAML document, built from libyaml events. */
enum ynode_type {
	YN_SCALAR,
	YN_SEQ,
	YN_MAP,
	YN_ALIAS		/* *alias: not supported, an error where used */
};

struct ynode {
	enum ynode_type	  type;
	char		 *str;		/* YN_SCALAR: value, NUL-terminated */
	size_t		  len;		/* YN_SCALAR: bytes in str */
	int		  plain;	/* YN_SCALAR: plain style, may be null */
	struct ynode	**kid;		/* YN_SEQ: items; YN_MAP: key, value... */
	size_t		  nkid, cap;
	unsigned long	  line;		/* 1-based */
};

/* What loading one file needs to report and count. */
struct ctx {
	struct sigset		*set;
	const char		*file;
	const struct hop_diag	*d;
	size_t			 nbad;		/* rules left out */
	size_t			 ndiag;		/* problems reported */
};

/* The rule being built from one document. */
struct rule {
	struct ctx	*c;
	struct sig	*sig;
	const char	*id;		/* for messages; may be NULL */
	int		 bad;		/* an error: the rule is left out */
	int		 has_level;
};

static const char *const level_names[] = {
	"informational", "low", "medium", "high", "critical"
};

/* The keys each mapping knows; each may be given once. */
static const char *const rule_keys[] = {
	"id", "title", "description", "level", "tags", "references",
	"falsepositives", "logsource", "detection", "tests", NULL
};
static const char *const detection_keys[] = {
	"pattern", "all", "any", "none", "fields", NULL
};
static const char *const tests_keys[] = { "match", "nomatch", NULL };
static const char *const logsource_keys[] = {
	"formats", "channels", "event_ids", NULL
};
static const char *const field_keys[] = { "pattern", NULL };
static const char *const no_keys[] = { NULL };

/* Top-level keys taken from Sigma that hopscan ignores without a word. */
static const char *const sigma_ignored[] = {
	"author", "date", "modified", "status", "license", "related", "fields"
};

const char *
sig_level_name(enum sig_level l)
{
	if ((size_t)l >= sizeof(level_names) / sizeof(level_names[0]))
		return "unknown";
	return level_names[l];
}

int
sig_level_parse(const char *name, enum sig_level *l)
{
	for (size_t i = 0; i < sizeof(level_names) / sizeof(level_names[0]);
	    i++) {
		if (strcasecmp(name, level_names[i]) == 0) {
			*l = (enum sig_level)i;
			return 0;
		}
	}
	return -1;
}

int
sig_casecmp(const char *a, const char *b)
{
	unsigned char x, y;

	do {
		x = (unsigned char)*a++;
		y = (unsigned char)*b++;
		if (x >= 'A' && x <= 'Z')
			x += 'a' - 'A';
		if (y >= 'A' && y <= 'Z')
			y += 'a' - 'A';
	} while (x == y && x != '\0');
	return (int)x - (int)y;
}

struct sigset *
sigset_new(void)
{
	return xcalloc(1, sizeof(struct sigset));
}

static void
strlist_free(struct strlist *l)
{
	for (size_t i = 0; i < l->n; i++)
		free(l->v[i]);
	free(l->v);
	l->v = NULL;
	l->n = 0;
}

static void
sig_fields_free(struct sig *g)
{
	for (size_t i = 0; i < g->nfields; i++) {
		free(g->fields[i].name);
		free(g->fields[i].pattern);
		strlist_free(&g->fields[i].values);
	}
	free(g->fields);
	g->fields = NULL;
	g->nfields = 0;
}

static void
samples_free(struct sig_samples *l)
{
	for (size_t i = 0; i < l->n; i++) {
		for (size_t j = 0; j < l->v[i].nfields; j++) {
			free((char *)l->v[i].fields[j].name);
			free((char *)l->v[i].fields[j].value);
		}
		free(l->v[i].fields);
		free(l->v[i].text);
	}
	free(l->v);
}

static void
sig_free(struct sig *g)
{
	if (g == NULL)
		return;
	free(g->id);
	free(g->title);
	free(g->description);
	free(g->attack);
	free(g->file);
	strlist_free(&g->tags);
	strlist_free(&g->references);
	strlist_free(&g->falsepositives);
	strlist_free(&g->formats);
	strlist_free(&g->channels);
	strlist_free(&g->event_ids);
	strlist_free(&g->all);
	strlist_free(&g->any);
	strlist_free(&g->none);
	strlist_free(&g->test_match);
	strlist_free(&g->test_nomatch);
	samples_free(&g->rec_match);
	samples_free(&g->rec_nomatch);
	sig_fields_free(g);
	free(g);
}

void
sigset_free(struct sigset *s)
{
	if (s == NULL)
		return;
	for (size_t i = 0; i < s->n; i++)
		sig_free(s->v[i]);
	free(s->v);
	free(s->slot);
	free(s);
}

size_t
sigset_count(const struct sigset *s)
{
	return s->n;
}

const struct sig *
sigset_get(const struct sigset *s, size_t i)
{
	return i < s->n ? s->v[i] : NULL;
}

/*
 * Copy s into buf for a message: at most 60 bytes, anything but printable
 * ASCII shown as '?', so that a hostile key cannot reach a terminal.
 */
static const char *
safe(char *buf, size_t size, const char *s)
{
	size_t i;

	for (i = 0; s[i] != '\0' && i + 1 < size && i < 60; i++)
		buf[i] = isprint((unsigned char)s[i]) ? s[i] : '?';
	buf[i] = '\0';
	return buf;
}

/* Report an error or warning about the rule r at line, "ID: " first. */
static void
rule_diag(struct rule *r, enum hop_sev sev, unsigned long line,
    const char *fmt, ...) __attribute__((format(printf, 4, 5)));

static void
rule_diag(struct rule *r, enum hop_sev sev, unsigned long line,
    const char *fmt, ...)
{
	char msg[768], idbuf[64];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (sev == HOP_SEV_ERROR)
		r->bad = 1;
	if (++r->c->ndiag > SIGS_MAX_DIAG) {
		if (r->c->ndiag == SIGS_MAX_DIAG + 1)
			hop_diag(r->c->d, HOP_SEV_WARNING, r->c->file, line,
			    "too many problems; no more are reported for "
			    "this file");
		return;
	}
	if (r->id != NULL)
		hop_diag(r->c->d, sev, r->c->file, line, "%s: %s",
		    safe(idbuf, sizeof(idbuf), r->id), msg);
	else
		hop_diag(r->c->d, sev, r->c->file, line, "%s", msg);
}

/* ---- YAML documents as trees ---- */

static void
ynode_free(struct ynode *n)
{
	if (n == NULL)
		return;
	for (size_t i = 0; i < n->nkid; i++)
		ynode_free(n->kid[i]);
	free(n->kid);
	free(n->str);
	free(n);
}

static void
ynode_add(struct ynode *parent, struct ynode *kid)
{
	if (parent->nkid == parent->cap) {
		parent->cap = parent->cap ? parent->cap * 2 : 8;
		parent->kid = xreallocarray(parent->kid, parent->cap,
		    sizeof(*parent->kid));
	}
	parent->kid[parent->nkid++] = kid;
}

static struct ynode *
ynode_from_event(const yaml_event_t *ev)
{
	struct ynode *n = xcalloc(1, sizeof(*n));

	n->line = ev->start_mark.line + 1;
	switch (ev->type) {
	case YAML_SCALAR_EVENT:
		n->type = YN_SCALAR;
		n->len = ev->data.scalar.length;
		n->str = xstrndup((const char *)ev->data.scalar.value, n->len);
		n->plain = ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
		break;
	case YAML_SEQUENCE_START_EVENT:
		n->type = YN_SEQ;
		break;
	case YAML_MAPPING_START_EVENT:
		n->type = YN_MAP;
		break;
	default:
		n->type = YN_ALIAS;
		break;
	}
	return n;
}

/* A YAML null: an absent value, "~" or "null" written plain. */
static int
ynode_is_null(const struct ynode *n)
{
	return n == NULL || (n->type == YN_SCALAR && n->plain &&
	    (n->len == 0 || strcmp(n->str, "~") == 0 ||
	    strcmp(n->str, "null") == 0 || strcmp(n->str, "Null") == 0 ||
	    strcmp(n->str, "NULL") == 0));
}

/* ---- Building a rule from a document ---- */

/* Store the string value of n in *dst; KEY names it in messages. */
static void
get_str(struct rule *r, const struct ynode *n, const char *key, char **dst)
{
	if (n->type == YN_ALIAS) {
		rule_diag(r, HOP_SEV_ERROR, n->line,
		    "%s: YAML aliases are not supported", key);
	} else if (n->type != YN_SCALAR) {
		rule_diag(r, HOP_SEV_ERROR, n->line, "%s must be a string", key);
	} else if (strlen(n->str) != n->len) {
		rule_diag(r, HOP_SEV_ERROR, n->line, "%s contains a NUL byte",
		    key);
	} else if (!ynode_is_null(n)) {
		free(*dst);
		*dst = xstrdup(n->str);
	}
}

/* Append the string item n of list KEY to l. */
static void
get_item(struct rule *r, const struct ynode *n, const char *key,
    struct strlist *l)
{
	char *s = NULL;

	if (n->type == YN_SCALAR && ynode_is_null(n)) {
		rule_diag(r, HOP_SEV_ERROR, n->line, "%s: empty item", key);
		return;
	}
	get_str(r, n, key, &s);
	if (s == NULL)
		return;
	/* The capacity of l->v is the power of two at or above l->n. */
	if ((l->n & (l->n - 1)) == 0)
		l->v = xreallocarray(l->v, l->n ? l->n * 2 : 1, sizeof(*l->v));
	l->v[l->n++] = s;
}

/* Append the items of list KEY to l; a single string is a list of one. */
static void
get_list(struct rule *r, const struct ynode *n, const char *key,
    struct strlist *l)
{
	if (ynode_is_null(n))
		return;
	if (n->type != YN_SEQ) {
		get_item(r, n, key, l);
		return;
	}
	for (size_t i = 0; i < n->nkid; i++)
		get_item(r, n->kid[i], key, l);
}

/*
 * Check that map n has string keys and that none of the known keys comes
 * twice.  Returns 0, or -1 after reporting the first bad key.
 */
static int
check_keys(struct rule *r, const struct ynode *n, const char *what,
    const char *const *known)
{
	unsigned long seen = 0;
	char buf[64];

	for (size_t i = 0; i + 1 < n->nkid; i += 2) {
		const struct ynode *k = n->kid[i];

		if (k->type != YN_SCALAR || strlen(k->str) != k->len) {
			rule_diag(r, HOP_SEV_ERROR, k->line,
			    "%s: keys must be strings", what);
			return -1;
		}
		for (size_t j = 0; known[j] != NULL; j++) {
			if (strcmp(k->str, known[j]) != 0)
				continue;
			if (seen & (1UL << j)) {
				rule_diag(r, HOP_SEV_ERROR, k->line,
				    "%s: duplicate key '%s'", what,
				    safe(buf, sizeof(buf), k->str));
				return -1;
			}
			seen |= 1UL << j;
		}
	}
	return 0;
}

/*
 * Check that n is a mapping (a null counts as an empty one).  Returns 1 for
 * a mapping with good keys, 0 for null, -1 after reporting an error.
 */
static int
want_map(struct rule *r, const struct ynode *n, const char *key,
    const char *const *known)
{
	if (ynode_is_null(n))
		return 0;
	if (n->type != YN_MAP) {
		rule_diag(r, HOP_SEV_ERROR, n->line, "%s must be a mapping",
		    key);
		return -1;
	}
	return check_keys(r, n, key, known) == 0 ? 1 : -1;
}

/* Append the items of list KEY to l, refusing empty strings. */
static void
get_names(struct rule *r, const struct ynode *n, const char *key,
    struct strlist *l)
{
	size_t first = l->n;

	get_list(r, n, key, l);
	for (size_t i = first; i < l->n; i++) {
		if (l->v[i][0] == '\0')
			rule_diag(r, HOP_SEV_ERROR, n->line, "%s: empty item",
			    key);
	}
}

/*
 * The event id s in its decimal form without leading zeros, in buf of
 * size bytes (at least 6).  Returns 0, or -1 if s is not a number from 0
 * to SIGS_MAX_EVENTID.
 */
static int
norm_event_id(const char *s, char *buf, size_t size)
{
	unsigned long v = 0;
	size_t i;

	for (i = 0; isdigit((unsigned char)s[i]); i++) {
		v = v * 10 + (unsigned long)(s[i] - '0');
		if (v > SIGS_MAX_EVENTID)
			return -1;
	}
	if (i == 0 || s[i] != '\0')
		return -1;
	snprintf(buf, size, "%lu", v);
	return 0;
}

/* Take the list n of logsource.event_ids, each a number, normalised. */
static void
get_event_ids(struct rule *r, const struct ynode *n)
{
	struct strlist *l = &r->sig->event_ids;
	const struct ynode *item;
	char norm[24], buf[64];
	size_t nitem, have;

	if (ynode_is_null(n))
		return;
	nitem = n->type == YN_SEQ ? n->nkid : 1;
	for (size_t i = 0; i < nitem; i++) {
		item = n->type == YN_SEQ ? n->kid[i] : n;
		have = l->n;
		get_item(r, item, "logsource.event_ids", l);
		if (l->n == have)
			continue;	/* reported */
		if (norm_event_id(l->v[have], norm, sizeof(norm)) == 0) {
			free(l->v[have]);
			l->v[have] = xstrdup(norm);
		} else
			rule_diag(r, HOP_SEV_ERROR, item->line,
			    "logsource.event_ids: '%s' is not an event id "
			    "(a number from 0 to %d)",
			    safe(buf, sizeof(buf), l->v[have]),
			    SIGS_MAX_EVENTID);
	}
}

static void
get_logsource(struct rule *r, const struct ynode *n)
{
	const char *k;

	if (want_map(r, n, "logsource", logsource_keys) <= 0)
		return;
	for (size_t i = 0; i + 1 < n->nkid; i += 2) {
		k = n->kid[i]->str;
		if (strcmp(k, "formats") == 0)
			get_list(r, n->kid[i + 1], "logsource.formats",
			    &r->sig->formats);
		else if (strcmp(k, "channels") == 0)
			get_names(r, n->kid[i + 1], "logsource.channels",
			    &r->sig->channels);
		else if (strcmp(k, "event_ids") == 0)
			get_event_ids(r, n->kid[i + 1]);
		/* product, service, category ...: Sigma's, ignored. */
	}
}

/* Append the patterns of n to l, refusing empty ones. */
static void
get_patterns(struct rule *r, const struct ynode *n, const char *key,
    struct strlist *l)
{
	size_t first = l->n;

	get_list(r, n, key, l);
	for (size_t i = first; i < l->n; i++) {
		if (l->v[i][0] == '\0')
			rule_diag(r, HOP_SEV_ERROR, n->line,
			    "%s: empty pattern", key);
	}
}

/* ---- detection.fields ---- */

/* Append a condition on the field named by key k to the rule. */
static struct sig_field *
field_add(struct sig *g, const struct ynode *k)
{
	struct sig_field *c;

	/* The capacity is the power of two at or above g->nfields. */
	if ((g->nfields & (g->nfields - 1)) == 0)
		g->fields = xreallocarray(g->fields,
		    g->nfields ? g->nfields * 2 : 1, sizeof(*g->fields));
	c = &g->fields[g->nfields++];
	memset(c, 0, sizeof(*c));
	c->name = xstrdup(k->str);
	c->line = k->line;
	return c;
}

/* Append the value n of condition KEY to l: a string or a number. */
static void
get_field_value(struct rule *r, const struct ynode *n, const char *key,
    struct strlist *l)
{
	if (n->type == YN_SEQ || n->type == YN_MAP)
		rule_diag(r, HOP_SEV_ERROR, n->line, "%s: a value must be a "
		    "string or a number", key);
	else if (ynode_is_null(n))
		rule_diag(r, HOP_SEV_ERROR, n->line, "%s: empty value", key);
	else
		get_item(r, n, key, l);
}

/* Take {pattern: PCRE} for condition KEY into c. */
static void
get_field_pattern(struct rule *r, const struct ynode *n, const char *key,
    struct sig_field *c)
{
	char buf[64], pkey[160];
	size_t before = r->c->ndiag;

	if (want_map(r, n, key, field_keys) <= 0)
		return;
	snprintf(pkey, sizeof(pkey), "%s.pattern", key);
	for (size_t i = 0; i + 1 < n->nkid; i += 2) {
		const struct ynode *k = n->kid[i], *v = n->kid[i + 1];

		if (strcmp(k->str, "pattern") != 0)
			rule_diag(r, HOP_SEV_ERROR, k->line,
			    "unknown key '%s.%s'", key,
			    safe(buf, sizeof(buf), k->str));
		else if (v->type != YN_SCALAR && v->type != YN_ALIAS)
			rule_diag(r, HOP_SEV_ERROR, v->line,
			    "%s must be a string", pkey);
		else {
			get_str(r, v, pkey, &c->pattern);
			if (c->pattern != NULL && c->pattern[0] == '\0')
				rule_diag(r, HOP_SEV_ERROR, v->line,
				    "%s: empty pattern", key);
		}
	}
	if (c->pattern == NULL && r->c->ndiag == before)
		rule_diag(r, HOP_SEV_ERROR, n->line, "%s needs a pattern",
		    key);
}

/* Take the condition v on the field named by key k. */
static void
get_field(struct rule *r, const struct ynode *k, const struct ynode *v)
{
	struct sig_field *c;
	char buf[64], key[96];

	if (ynode_is_null(k) || k->len == 0) {
		rule_diag(r, HOP_SEV_ERROR, k->line,
		    "detection.fields: empty field name");
		return;
	}
	for (const char *p = k->str; *p != '\0'; p++) {
		if (iscntrl((unsigned char)*p)) {
			rule_diag(r, HOP_SEV_ERROR, k->line, "detection.fields: "
			    "a field name must not contain control characters");
			return;
		}
	}
	c = field_add(r->sig, k);
	snprintf(key, sizeof(key), "detection.fields.%s",
	    safe(buf, sizeof(buf), k->str));
	if (v->type == YN_MAP)
		get_field_pattern(r, v, key, c);
	else if (v->type != YN_SEQ)
		get_field_value(r, v, key, &c->values);
	else if (v->nkid == 0)
		rule_diag(r, HOP_SEV_ERROR, v->line, "%s: empty list", key);
	else
		for (size_t i = 0; i < v->nkid; i++)
			get_field_value(r, v->kid[i], key, &c->values);
}

/* ASCII case-insensitive order of conditions, then YAML order. */
static int
cmp_field(const void *a, const void *b)
{
	const struct sig_field *x = *(const struct sig_field *const *)a;
	const struct sig_field *y = *(const struct sig_field *const *)b;
	int c = sig_casecmp(x->name, y->name);

	if (c != 0)
		return c;
	return x < y ? -1 : x > y;
}

/*
 * Report each condition on a field already named in g->fields (names
 * compare without regard to ASCII case), in O(n log n).
 */
static void
check_field_dups(struct rule *r)
{
	struct sig *g = r->sig;
	const struct sig_field **v;
	char buf[64];

	if (g->nfields < 2)
		return;
	v = xreallocarray(NULL, g->nfields, sizeof(*v));
	for (size_t i = 0; i < g->nfields; i++)
		v[i] = &g->fields[i];
	qsort(v, g->nfields, sizeof(*v), cmp_field);
	for (size_t i = 1; i < g->nfields; i++)
		if (sig_casecmp(v[i - 1]->name, v[i]->name) == 0)
			rule_diag(r, HOP_SEV_ERROR, v[i]->line,
			    "detection.fields: duplicate field '%s'",
			    safe(buf, sizeof(buf), v[i]->name));
	free(v);
}

/* Take the mapping n of detection.fields: field name -> condition. */
static void
get_fields(struct rule *r, const struct ynode *n)
{
	if (want_map(r, n, "detection.fields", no_keys) <= 0)
		return;
	for (size_t i = 0; i + 1 < n->nkid; i += 2)
		get_field(r, n->kid[i], n->kid[i + 1]);
	check_field_dups(r);
}

static void
get_detection(struct rule *r, const struct ynode *n)
{
	struct sig *g = r->sig;
	char buf[64];

	if (want_map(r, n, "detection", detection_keys) <= 0)
		return;
	for (size_t i = 0; i + 1 < n->nkid; i += 2) {
		const struct ynode *k = n->kid[i], *v = n->kid[i + 1];

		if (strcmp(k->str, "pattern") == 0) {
			if (v->type == YN_SCALAR)
				get_patterns(r, v, "detection.pattern", &g->all);
			else
				rule_diag(r, HOP_SEV_ERROR, v->line,
				    "detection.pattern must be a string");
		} else if (strcmp(k->str, "all") == 0)
			get_patterns(r, v, "detection.all", &g->all);
		else if (strcmp(k->str, "any") == 0)
			get_patterns(r, v, "detection.any", &g->any);
		else if (strcmp(k->str, "none") == 0)
			get_patterns(r, v, "detection.none", &g->none);
		else if (strcmp(k->str, "fields") == 0)
			get_fields(r, v);
		else
			rule_diag(r, HOP_SEV_ERROR, k->line,
			    "unknown key 'detection.%s'",
			    safe(buf, sizeof(buf), k->str));
	}
}

/* Append the record sample written as mapping n to l. */
static void
get_sample(struct rule *r, const struct ynode *n, const char *key,
    struct sig_samples *l)
{
	struct sig_sample smp = { .line = n->line };
	struct buf b;

	buf_init(&b);
	smp.fields = xcalloc(n->nkid / 2 + 1, sizeof(*smp.fields));
	for (size_t i = 0; i + 1 < n->nkid; i += 2) {
		const struct ynode *k = n->kid[i], *v = n->kid[i + 1];
		char *value = NULL;

		if (k->type != YN_SCALAR || v->type != YN_SCALAR) {
			rule_diag(r, HOP_SEV_ERROR, k->line, "%s: a record "
			    "sample maps field names to values", key);
			continue;
		}
		get_str(r, v, key, &value);
		if (value == NULL)
			continue;
		smp.fields[smp.nfields].name = xstrdup(k->str);
		smp.fields[smp.nfields++].value = value;
		buf_adds(&b, b.len ? " " : "");
		buf_adds(&b, k->str);
		buf_addc(&b, '=');
		buf_adds(&b, value);
	}
	smp.text = xstrdup(b.len ? buf_str(&b) : "");
	buf_free(&b);
	l->v = xreallocarray(l->v, l->n + 1, sizeof(*l->v));
	l->v[l->n++] = smp;
}

/* tests.match or tests.nomatch: strings are text samples, mappings
   record samples. */
static void
get_samples(struct rule *r, const struct ynode *n, const char *key,
    struct strlist *text, struct sig_samples *rec)
{
	if (n->type == YN_MAP) {
		get_sample(r, n, key, rec);
		return;
	}
	if (n->type != YN_SEQ) {
		get_list(r, n, key, text);
		return;
	}
	for (size_t i = 0; i < n->nkid; i++)
		if (n->kid[i]->type == YN_MAP)
			get_sample(r, n->kid[i], key, rec);
		else
			get_item(r, n->kid[i], key, text);
}

static void
get_tests(struct rule *r, const struct ynode *n)
{
	char buf[64];

	if (want_map(r, n, "tests", tests_keys) <= 0)
		return;
	for (size_t i = 0; i + 1 < n->nkid; i += 2) {
		const struct ynode *k = n->kid[i], *v = n->kid[i + 1];

		if (strcmp(k->str, "match") == 0)
			get_samples(r, v, "tests.match", &r->sig->test_match,
			    &r->sig->rec_match);
		else if (strcmp(k->str, "nomatch") == 0)
			get_samples(r, v, "tests.nomatch",
			    &r->sig->test_nomatch, &r->sig->rec_nomatch);
		else
			rule_diag(r, HOP_SEV_WARNING, k->line,
			    "unknown key 'tests.%s' ignored",
			    safe(buf, sizeof(buf), k->str));
	}
}

static void
get_level(struct rule *r, const struct ynode *n)
{
	char *s = NULL, buf[64];

	get_str(r, n, "level", &s);
	if (s == NULL)
		return;
	if (sig_level_parse(s, &r->sig->level) == 0)
		r->has_level = 1;
	else
		rule_diag(r, HOP_SEV_ERROR, n->line, "unknown level '%s' "
		    "(informational, low, medium, high or critical)",
		    safe(buf, sizeof(buf), s));
	free(s);
}

static int
is_sigma_ignored(const char *key)
{
	for (size_t i = 0; i < sizeof(sigma_ignored) /
	    sizeof(sigma_ignored[0]); i++)
		if (strcmp(key, sigma_ignored[i]) == 0)
			return 1;
	return 0;
}

/* Take the value v of the top-level key k into the rule. */
static void
get_key(struct rule *r, const struct ynode *k, const struct ynode *v)
{
	struct sig *g = r->sig;
	char buf[64];

	if (strcmp(k->str, "id") == 0)
		;	/* taken first, by rule_id() */
	else if (strcmp(k->str, "title") == 0)
		get_str(r, v, "title", &g->title);
	else if (strcmp(k->str, "description") == 0)
		get_str(r, v, "description", &g->description);
	else if (strcmp(k->str, "level") == 0)
		get_level(r, v);
	else if (strcmp(k->str, "tags") == 0)
		get_list(r, v, "tags", &g->tags);
	else if (strcmp(k->str, "references") == 0)
		get_list(r, v, "references", &g->references);
	else if (strcmp(k->str, "falsepositives") == 0)
		get_list(r, v, "falsepositives", &g->falsepositives);
	else if (strcmp(k->str, "logsource") == 0)
		get_logsource(r, v);
	else if (strcmp(k->str, "detection") == 0)
		get_detection(r, v);
	else if (strcmp(k->str, "tests") == 0)
		get_tests(r, v);
	else if (!is_sigma_ignored(k->str))
		rule_diag(r, HOP_SEV_WARNING, k->line,
		    "unknown key '%s' ignored", safe(buf, sizeof(buf), k->str));
}

/* Take the id of map root first, so that later messages can name it. */
static void
rule_id(struct rule *r, const struct ynode *root)
{
	for (size_t i = 0; i + 1 < root->nkid; i += 2) {
		const struct ynode *v = root->kid[i + 1];

		if (strcmp(root->kid[i]->str, "id") != 0)
			continue;
		get_str(r, v, "id", &r->sig->id);
		if (r->sig->id == NULL)
			return;
		for (const char *p = r->sig->id; *p != '\0'; p++) {
			if (isspace((unsigned char)*p) ||
			    iscntrl((unsigned char)*p)) {
				rule_diag(r, HOP_SEV_ERROR, v->line,
				    "id must not contain spaces or control "
				    "characters");
				break;
			}
		}
		r->id = r->sig->id;
	}
}

/*
 * The ATT&CK technique of tag t ("attack.t1003.001" -> "T1003.001") into
 * buf (at least 10 bytes).  Returns 0, or -1 if t names no technique.
 */
static int
tag_technique(const char *t, char *buf)
{
	size_t n;

	if (strncasecmp(t, "attack.t", 8) != 0)
		return -1;
	t += 8;
	for (n = 0; isdigit((unsigned char)t[n]); n++)
		continue;
	if (n != 4)
		return -1;
	if (t[4] == '.') {
		for (n = 5; isdigit((unsigned char)t[n]); n++)
			continue;
		if (n != 8)
			return -1;
	}
	if (t[n] != '\0')
		return -1;
	buf[0] = 'T';
	memcpy(buf + 1, t, n);
	buf[n + 1] = '\0';
	return 0;
}

/*
 * "T1003.001,T1021.002" from the tags of g, in tag order, deduplicated,
 * at most SIGS_MAX_ATTACK of them.
 */
static char *
derive_attack(const struct sig *g)
{
	char *out = xstrdup(""), tech[16], *p;
	size_t len = 0, tl, n = 0;

	for (size_t i = 0; i < g->tags.n && n < SIGS_MAX_ATTACK; i++) {
		if (tag_technique(g->tags.v[i], tech) != 0)
			continue;
		tl = strlen(tech);
		for (p = strstr(out, tech); p != NULL; p = strstr(p + 1, tech))
			if ((p == out || p[-1] == ',') &&
			    (p[tl] == '\0' || p[tl] == ','))
				break;
		if (p != NULL)
			continue;
		out = xrealloc(out, len + tl + 2);
		if (len > 0)
			out[len++] = ',';
		memcpy(out + len, tech, tl + 1);
		len += tl;
		n++;
	}
	return out;
}

/* Check what every rule needs.  Returns 0 or -1 (reported). */
static int
rule_complete(struct rule *r, unsigned long line)
{
	struct sig *g = r->sig;

	if (g->id == NULL)
		rule_diag(r, HOP_SEV_ERROR, line, "rule has no id");
	if (g->title == NULL)
		rule_diag(r, HOP_SEV_ERROR, line, "missing title");
	if (!r->has_level)
		rule_diag(r, HOP_SEV_ERROR, line, "missing level");
	if (g->all.n == 0 && g->any.n == 0 && g->nfields == 0)
		rule_diag(r, HOP_SEV_ERROR, line, "detection needs a pattern "
		    "or a field condition (detection.pattern, detection.all, "
		    "detection.any or detection.fields)");
	return r->bad ? -1 : 0;
}

static size_t
hash_id(const char *id)
{
	size_t h = 2166136261u;

	for (; *id != '\0'; id++)
		h = (h ^ (unsigned char)*id) * 16777619u;
	return h;
}

/* The hash slot of id: the one that holds it, or the free one for it. */
static size_t *
sigset_slot(const struct sigset *s, const char *id)
{
	size_t i = hash_id(id) & (s->nslot - 1);

	while (s->slot[i] != 0 && strcmp(s->v[s->slot[i] - 1]->id, id) != 0)
		i = (i + 1) & (s->nslot - 1);
	return &s->slot[i];
}

static void
sigset_rehash(struct sigset *s)
{
	free(s->slot);
	s->nslot = s->nslot ? s->nslot * 2 : 256;
	s->slot = xcalloc(s->nslot, sizeof(*s->slot));
	for (size_t i = 0; i < s->n; i++)
		*sigset_slot(s, s->v[i]->id) = i + 1;
}

/* Add the rule of r to the set unless its id is taken.  Returns 0 or -1. */
static int
sigset_add(struct rule *r)
{
	struct sigset *s = r->c->set;
	struct sig *g = r->sig, *first;
	size_t *slot;

	if ((s->n + 1) * 2 > s->nslot)
		sigset_rehash(s);
	slot = sigset_slot(s, g->id);
	if (*slot != 0) {
		first = s->v[*slot - 1];
		rule_diag(r, HOP_SEV_ERROR, g->line, "duplicate id (first "
		    "defined at %s:%lu); rule left out", first->file,
		    first->line);
		return -1;
	}
	if (s->n == s->cap) {
		s->cap = s->cap ? s->cap * 2 : 64;
		s->v = xreallocarray(s->v, s->cap, sizeof(*s->v));
	}
	s->v[s->n++] = g;
	*slot = s->n;
	return 0;
}

/* Turn one document into a rule of c->set, or report why not. */
static void
load_document(struct ctx *c, const struct ynode *root)
{
	struct rule r = { .c = c };

	if (root == NULL || ynode_is_null(root))
		return;		/* an empty document, e.g. comments only */
	if (root->type != YN_MAP) {
		rule_diag(&r, HOP_SEV_ERROR, root->line,
		    "a rule must be a YAML mapping");
		c->nbad++;
		return;
	}
	r.sig = xcalloc(1, sizeof(*r.sig));
	r.sig->file = xstrdup(c->file);
	r.sig->line = root->line;
	if (check_keys(&r, root, "rule", rule_keys) == 0) {
		rule_id(&r, root);
		for (size_t i = 0; i + 1 < root->nkid; i += 2)
			get_key(&r, root->kid[i], root->kid[i + 1]);
	}
	if (r.bad || rule_complete(&r, root->line) != 0 ||
	    sigset_add(&r) != 0) {
		sig_free(r.sig);
		c->nbad++;
		return;
	}
	r.sig->attack = derive_attack(r.sig);
}

/* ---- Parsing: libyaml events into document trees ---- */

/* Builds the tree of one document at a time, with bounded nesting. */
struct builder {
	struct ynode	*root;
	struct ynode	*stack[SIGS_MAX_NEST];
	size_t		 depth;
	size_t		 nodes;		/* in the document so far */
};

static void
builder_reset(struct builder *b)
{
	ynode_free(b->root);
	memset(b, 0, sizeof(*b));
}

/*
 * Add the node that ev starts or is to the tree of b.  Returns NULL, or
 * what bound ev would pass: nesting deeper than SIGS_MAX_NEST, or more
 * than SIGS_MAX_NODES nodes in the document.
 */
static const char *
builder_event(struct builder *b, const yaml_event_t *ev)
{
	int open = ev->type == YAML_SEQUENCE_START_EVENT ||
	    ev->type == YAML_MAPPING_START_EVENT;
	struct ynode *n;

	if (ev->type == YAML_SEQUENCE_END_EVENT ||
	    ev->type == YAML_MAPPING_END_EVENT) {
		b->depth--;
		return NULL;
	}
	if (open && b->depth == SIGS_MAX_NEST)
		return "nested deeper than " SIGS_STR(SIGS_MAX_NEST) " levels";
	if (++b->nodes > SIGS_MAX_NODES)
		return "larger than " SIGS_STR(SIGS_MAX_NODES) " nodes";
	n = ynode_from_event(ev);
	if (b->depth > 0)
		ynode_add(b->stack[b->depth - 1], n);
	else if (b->root == NULL)
		b->root = n;
	else
		ynode_free(n);	/* cannot happen: one root per document */
	if (open)
		b->stack[b->depth++] = n;
	return NULL;
}

/* The 1-based line of byte off in buf. */
static unsigned long
line_of(const char *buf, size_t len, size_t off)
{
	unsigned long line = 1;

	for (size_t i = 0; i < off && i < len; i++)
		line += buf[i] == '\n';
	return line;
}

static void
report_parser(struct ctx *c, const yaml_parser_t *p, const char *buf,
    size_t len)
{
	unsigned long line;

	if (p->error == YAML_READER_ERROR) {
		line = line_of(buf, len, p->problem_offset);
		hop_diag(c->d, HOP_SEV_ERROR, c->file, line,
		    "YAML error: %s", p->problem ? p->problem : "bad input");
	} else if (p->context != NULL) {
		hop_diag(c->d, HOP_SEV_ERROR, c->file,
		    p->problem_mark.line + 1, "YAML syntax error: %s (%s "
		    "at line %lu)", p->problem ? p->problem : "?", p->context,
		    (unsigned long)p->context_mark.line + 1);
	} else {
		hop_diag(c->d, HOP_SEV_ERROR, c->file,
		    p->problem_mark.line + 1, "YAML syntax error: %s",
		    p->problem ? p->problem : "out of memory");
	}
}

/*
 * Parse the YAML text buf[0..len) into rules.  A syntax error, or a
 * document past SIGS_MAX_NEST or SIGS_MAX_NODES, ends the file: the rules
 * of the documents before it are kept.  (Stopping there also keeps libyaml, whose scanner
 * slows down with the depth of flow collections, from going deeper.)
 */
static void
parse_yaml(struct ctx *c, const char *buf, size_t len)
{
	yaml_parser_t p;
	yaml_event_t ev;
	struct builder b;
	const char *bound;
	int done = 0;

	memset(&b, 0, sizeof(b));
	yaml_parser_initialize(&p);
	yaml_parser_set_input_string(&p, (const unsigned char *)buf, len);
	while (!done) {
		if (!yaml_parser_parse(&p, &ev)) {
			report_parser(c, &p, buf, len);
			c->nbad++;
			break;
		}
		if (ev.type == YAML_STREAM_END_EVENT)
			done = 1;
		else if (ev.type == YAML_DOCUMENT_START_EVENT)
			builder_reset(&b);
		else if (ev.type == YAML_DOCUMENT_END_EVENT) {
			load_document(c, b.root);
			builder_reset(&b);
		} else if (ev.type != YAML_STREAM_START_EVENT &&
		    (bound = builder_event(&b, &ev)) != NULL) {
			hop_diag(c->d, HOP_SEV_ERROR, c->file,
			    ev.start_mark.line + 1, "YAML document %s; the "
			    "rest of the file is not read", bound);
			c->nbad++;
			done = 1;
		}
		yaml_event_delete(&ev);
	}
	builder_reset(&b);
	yaml_parser_delete(&p);
}

/* ---- Files and folders ---- */

/*
 * Read the file path whole into *buf (NUL-terminated) and *len.  Returns 0,
 * or -1 after reporting why not.
 */
static int
read_whole(const char *path, const struct hop_diag *d, char **buf,
    size_t *len)
{
	FILE *fp;
	size_t n = 0, cap = 65536, got;
	char *p;
	int err;

	if ((fp = fopen(path, "rb")) == NULL) {
		hop_diag(d, HOP_SEV_ERROR, path, 0, "cannot open: %s",
		    strerror(errno));
		return -1;
	}
	p = xmalloc(cap + 1);
	while (n <= SIGS_MAX_FILE &&
	    (got = fread(p + n, 1, cap - n, fp)) > 0) {
		if ((n += got) == cap) {
			cap *= 2;
			p = xrealloc(p, cap + 1);
		}
	}
	err = ferror(fp);
	fclose(fp);
	if (err || n > SIGS_MAX_FILE) {
		hop_diag(d, HOP_SEV_ERROR, path, 0, err ? "read error" :
		    "larger than %lu bytes", SIGS_MAX_FILE);
		free(p);
		return -1;
	}
	p[n] = '\0';
	*buf = p;
	*len = n;
	return 0;
}

/* Load one YAML file.  Returns HOP_OK, HOP_WARN or HOP_FAIL (unread). */
static int
load_file(struct sigset *s, const char *path, const struct hop_diag *d)
{
	struct ctx c = { .set = s, .file = path, .d = d };
	char *buf;
	size_t len;

	if (read_whole(path, d, &buf, &len) != 0)
		return HOP_FAIL;
	parse_yaml(&c, buf, len);
	free(buf);
	return c.nbad > 0 ? HOP_WARN : HOP_OK;
}

int
sigset_load_mem(struct sigset *s, const char *name, const void *buf,
    size_t len, const struct hop_diag *d)
{
	struct ctx c = { .set = s, .file = name, .d = d };
	char *copy;

	if (len > SIGS_MAX_FILE) {
		hop_diag(d, HOP_SEV_ERROR, name, 0, "larger than %lu bytes",
		    SIGS_MAX_FILE);
		return HOP_FAIL;
	}
	/* NUL-terminated, as read_whole() gives a file. */
	copy = xmalloc(len + 1);
	memcpy(copy, buf, len);
	copy[len] = '\0';
	parse_yaml(&c, copy, len);
	free(copy);
	return c.nbad > 0 ? HOP_WARN : HOP_OK;
}

struct pathlist {
	char	**v;
	size_t	  n, cap;
};

static int
has_yaml_ext(const char *name)
{
	size_t n = strlen(name);

	return (n > 4 && strcmp(name + n - 4, ".yml") == 0) ||
	    (n > 5 && strcmp(name + n - 5, ".yaml") == 0);
}

static int
cmp_path(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/*
 * Add the *.yml and *.yaml files under dir to pl, skipping dotfiles and
 * symbolic links to folders.  Returns HOP_OK or HOP_WARN (reported).
 */
static int
collect(const char *dir, struct pathlist *pl, const struct hop_diag *d,
    int level)
{
	DIR *dp;
	struct dirent *de;
	struct stat st;
	int rc = HOP_OK;
	char *path;

	if ((dp = opendir(dir)) == NULL) {
		hop_diag(d, HOP_SEV_ERROR, dir, 0, "cannot open folder: %s",
		    strerror(errno));
		return HOP_WARN;
	}
	while ((de = readdir(dp)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		path = xasprintf("%s%s%s", dir, dir[strlen(dir) - 1] == '/' ?
		    "" : "/", de->d_name);
		if (lstat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
			if (level < SIGS_MAX_DIRS) {
				if (collect(path, pl, d, level + 1) != HOP_OK)
					rc = HOP_WARN;
			} else
				hop_diag(d, HOP_SEV_WARNING, path, 0,
				    "folder too deep, not read");
		} else if (has_yaml_ext(de->d_name) && stat(path, &st) == 0 &&
		    S_ISREG(st.st_mode)) {
			pl->v = xreallocarray(pl->v, pl->n + 1, sizeof(*pl->v));
			pl->v[pl->n++] = path;
			continue;
		}
		free(path);
	}
	closedir(dp);
	return rc;
}

static int
load_folder(struct sigset *s, const char *dir, const struct hop_diag *d)
{
	struct pathlist pl = { NULL, 0, 0 };
	int rc;

	rc = collect(dir, &pl, d, 0);
	if (pl.n == 0 && rc == HOP_OK)
		hop_diag(d, HOP_SEV_WARNING, dir, 0,
		    "no *.yml or *.yaml files found");
	if (pl.n > 0)
		qsort(pl.v, pl.n, sizeof(*pl.v), cmp_path);
	for (size_t i = 0; i < pl.n; i++) {
		if (load_file(s, pl.v[i], d) != HOP_OK)
			rc = HOP_WARN;
		free(pl.v[i]);
	}
	free(pl.v);
	return rc;
}

int
sigset_load(struct sigset *s, const char *path, const struct hop_diag *d)
{
	struct stat st;

	if (stat(path, &st) != 0) {
		hop_diag(d, HOP_SEV_ERROR, path, 0, "cannot read signatures: "
		    "%s", strerror(errno));
		return HOP_FAIL;
	}
	if (S_ISDIR(st.st_mode))
		return load_folder(s, path, d);
	if (!S_ISREG(st.st_mode)) {
		hop_diag(d, HOP_SEV_ERROR, path, 0,
		    "not a signature file or folder");
		return HOP_FAIL;
	}
	return load_file(s, path, d);
}
