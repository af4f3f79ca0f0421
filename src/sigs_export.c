/* SPDX-License-Identifier: MIT */
/*
 * sigs_export.c - rules as plain line patterns for grep-like tools
 * ("hopscan sigs export --patterns").
 */
#include <errno.h>
#include <string.h>

#include "escape.h"
#include "match.h"
#include "prefilter.h"
#include "sigs_export.h"

/* Is c an ASCII letter or digit? */
static int
alnum(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9');
}

/*
 * Why the escape at p ("\c...") is PCRE2-only, or NULL.  RE2-family
 * engines know \d \D \w \W \s \S \b \B \A \z, \xHH and \x{...}, \a \f \t
 * \n \r and escaped punctuation; \v means another thing there.
 */
static const char *
escape_pcre2_only(const char *p, int in_class)
{
	if (p[1] >= '0' && p[1] <= '9')
		return in_class || p[1] == '0' ? "an octal escape" :
		    "a backreference";
	if (!alnum((unsigned char)p[1]))
		return NULL;
	if (strchr(in_class ? "dDwWsSxaftnr" : "dDwWsSbBAzxaftnr", p[1]) !=
	    NULL)
		return NULL;
	switch (p[1]) {
	case 'K':
		return "\\K";
	case 'Q':
	case 'E':
		return "\\Q...\\E";
	case 'g':
	case 'k':
		return "a backreference";
	case 'p':
	case 'P':
		return "a Unicode property";
	}
	return "an escape other engines lack or read otherwise";
}

/* Skip an escape at p; returns the byte after it. */
static const char *
skip_escape(const char *p)
{
	if (p[1] == '\0')
		return p + 1;
	if (p[1] == 'x' && p[2] == '{') {
		const char *e = strchr(p, '}');

		return e != NULL ? e + 1 : p + 2;
	}
	return p + 2;
}

/* Check the class at p ('['); *end is set to the byte after it. */
static const char *
class_pcre2_only(const char *p, const char **end)
{
	const char *why;

	p++;
	if (*p == '^')
		p++;
	if (*p == ']')
		p++;
	while (*p != '\0' && *p != ']') {
		if (*p == '\\') {
			if ((why = escape_pcre2_only(p, 1)) != NULL)
				return why;
			p = skip_escape(p);
			continue;
		}
		if (p[0] == '[' && p[1] == ':') {
			const char *e = strstr(p, ":]");

			p = e != NULL ? e + 2 : p + 2;
			continue;
		}
		if (*p == '[')
			return "'[' inside a class (a nested class elsewhere)";
		if ((p[0] == '&' || p[0] == '-' || p[0] == '~') && p[1] == p[0])
			return "a doubled '&', '-' or '~' in a class (set "
			    "operations elsewhere)";
		p++;
	}
	*end = *p == ']' ? p + 1 : p;
	return NULL;
}

/* Check the group opening at p ("(..."). */
static const char *
group_pcre2_only(const char *p)
{
	size_t n;

	if (p[1] == '*')
		return "a backtracking verb";
	if (p[1] != '?')
		return NULL;
	if (p[2] == ':' || strncmp(p + 2, "P<", 2) == 0)
		return NULL;
	if (p[2] == '=' || p[2] == '!' || (p[2] == '<' && (p[3] == '=' ||
	    p[3] == '!')))
		return "lookaround";
	if (p[2] == '>')
		return "an atomic group";
	n = strspn(p + 2, "imsU-");
	if (n > 0 && (p[2 + n] == ')' || p[2 + n] == ':'))
		return NULL;
	return "a group syntax other engines lack";
}

const char *
sigs_pcre2_only(const char *pat)
{
	const char *p = pat, *why;
	int quant = 0;		/* the item before was a quantifier */

	while (*p != '\0') {
		if (*p == '\\') {
			if ((why = escape_pcre2_only(p, 0)) != NULL)
				return why;
			p = skip_escape(p);
			quant = 0;
		} else if (*p == '[') {
			if ((why = class_pcre2_only(p, &p)) != NULL)
				return why;
			quant = 0;
		} else if (*p == '(') {
			if ((why = group_pcre2_only(p)) != NULL)
				return why;
			p++;
			quant = 0;
		} else if (*p == '*' || *p == '+' || *p == '?' ||
		    (*p == '}' && p > pat)) {
			if (quant && *p == '+')
				return "a possessive quantifier";
			/* "*?" is lazy, a quantifier all the same. */
			quant = *p != '?' || !quant;
			p++;
		} else {
			quant = 0;
			p++;
		}
	}
	return NULL;
}

/*
 * Append pattern pat to b in a group that scopes its options: leading
 * "(?FLAGS)" becomes "(?FLAGS:...)", anything else "(?:...)".
 */
static void
add_scoped(struct buf *b, const char *pat)
{
	size_t n = 0;

	if (pat[0] == '(' && pat[1] == '?') {
		n = strspn(pat + 2, "imsU-");
		n = n > 0 && pat[2 + n] == ')' ? n : 0;
	}
	buf_adds(b, "(?");
	buf_add(b, pat + 2, n);
	buf_addc(b, ':');
	buf_adds(b, n > 0 ? pat + 3 + n : pat);
	buf_addc(b, ')');
}

/* Does pat turn on extended mode, where a '#' comments out the rest? */
static int
extended(const char *pat)
{
	for (const char *q = pat; (q = strstr(q, "(?")) != NULL; q += 2) {
		size_t n = strspn(q + 2, "imnsxJU-^");

		if (memchr(q + 2, 'x', n) != NULL)
			return 1;
	}
	return 0;
}

/* Why rule g is not one line pattern, or NULL. */
static const char *
rule_not_line(const struct sig *g)
{
	if (g->nfields > 0)
		return "it has field conditions";
	if (g->channels.n > 0 || g->event_ids.n > 0 || g->formats.n > 0)
		return "it is restricted by logsource";
	if (g->none.n > 0)
		return "it has none patterns";
	if (g->all.n > 1)
		return "it has several all patterns";
	if (g->all.n > 0 && g->any.n > 0)
		return "it has both all and any patterns";
	if (g->all.n + g->any.n == 0)
		return "it has no text pattern";
	return NULL;
}

/* Why rule g cannot be exported, or NULL. */
static const char *
rule_not_exported(const struct sig *g, bool portable)
{
	const struct strlist *l = g->all.n > 0 ? &g->all : &g->any;
	const char *why;

	if ((why = rule_not_line(g)) != NULL)
		return why;
	for (size_t i = 0; i < l->n; i++) {
		if (strchr(l->v[i], '\n') != NULL || strchr(l->v[i], '\r'))
			return "a pattern holds a line break";
		if (extended(l->v[i]))
			return "a pattern uses extended mode (?x)";
		if (portable && (why = sigs_pcre2_only(l->v[i])) != NULL)
			return why;
	}
	return NULL;
}

long
sigs_export_patterns(const struct sigset *s, bool portable, FILE *out,
    const struct hop_diag *d)
{
	struct buf b;
	long n = 0;

	buf_init(&b);
	for (size_t i = 0; i < sigset_count(s); i++) {
		const struct sig *g = sigset_get(s, i);
		const struct strlist *l = g->all.n > 0 ? &g->all : &g->any;
		const char *why;

		if ((why = rule_not_exported(g, portable)) != NULL) {
			hop_diag(d, HOP_SEV_WARNING, g->file, g->line, "%s: not "
			    "exported: %s", g->id, why);
			continue;
		}
		buf_reset(&b);
		for (size_t j = 0; j < l->n; j++) {
			if (j > 0)
				buf_addc(&b, '|');
			add_scoped(&b, l->v[j]);
		}
		buf_addc(&b, '\n');
		if (fwrite(b.p, 1, b.len, out) != b.len) {
			buf_free(&b);
			if (errno == 0)
				errno = EIO;
			return -1;
		}
		n++;
	}
	buf_free(&b);
	return n;
}

size_t
sigs_note_unfiltered(const struct sigset *s, const struct hop_diag *d)
{
	struct matcher *m = matcher_new(s, 0, 0, NULL, NULL);
	size_t n = 0;
	bool filtered;

	if (m == NULL)
		return 0;
	for (size_t i = 0; i < matcher_count(m); i++) {
		const struct sig *g = matcher_rule(m, i, &filtered);

		if (filtered || g->all.n + g->any.n == 0)
			continue;
		hop_diag(d, HOP_SEV_NOTE, g->file, g->line, "%s: no literal of "
		    "%d or more bytes that every match must contain; the "
		    "prefilter cannot skip it, so its patterns run on every "
		    "record", g->id, PREFILTER_MIN);
		n++;
	}
	matcher_free(m);
	return n;
}
