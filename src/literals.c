/* SPDX-License-Identifier: MIT */
/*
 * literals.c - the literals a PCRE2 pattern cannot match without, read
 * from its text: for each top-level alternative the rarest set of
 * literals one of which every match contains, multiplied out along the
 * branch (small groups, classes and optional items), for the prefilter.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "hopscan.h"
#include "prefilter.h"

/* Skip a character class at p ('['); returns the byte after it or NULL. */
static const char *
skip_class(const char *p)
{
	p++;
	if (*p == '^')
		p++;
	if (*p == ']')
		p++;
	for (; *p != '\0' && *p != ']'; p++) {
		if (*p == '\\' && p[1] != '\0')
			p++;
		else if (*p == '[' && (p[1] == ':' || p[1] == '.' ||
		    p[1] == '=')) {			/* [:alpha:] */
			const char *e = strchr(p + 2, p[1]);

			if (e == NULL || e[1] != ']')
				return NULL;
			p = e + 1;
		}
	}
	return *p == ']' ? p + 1 : NULL;
}

/* Skip a group at p ('('); returns the byte after it or NULL. */
static const char *
skip_group(const char *p)
{
	int depth = 0;

	for (; *p != '\0'; p++) {
		if (*p == '\\' && p[1] != '\0')
			p++;
		else if (*p == '[') {
			if ((p = skip_class(p)) == NULL)
				return NULL;
			p--;
		} else if (*p == '(')
			depth++;
		else if (*p == ')' && --depth == 0)
			return p + 1;
	}
	return NULL;
}

/* Is p a {n}, {n,}, {n,m} quantifier (else '{' is a literal)? */
static int
brace_quant(const char *p)
{
	return p[0] == '{' && ((p[1] >= '0' && p[1] <= '9') || p[1] == ',');
}

/* Is p any quantifier? */
static int
quant_next(const char *p)
{
	return *p == '?' || *p == '*' || *p == '+' || brace_quant(p);
}

/* Skip the quantifier at p, with a lazy or possessive suffix. */
static const char *
skip_quant(const char *p)
{
	if (brace_quant(p)) {
		const char *e = strchr(p, '}');

		p = e != NULL ? e + 1 : p + strlen(p);
	} else
		p++;
	if (*p == '?' || *p == '+')
		p++;
	return p;
}

/*
 * How many times the quantifier at p repeats its item: *min and *max
 * (QUANT_INF for no bound).  Not a quantifier: once.
 */
#define QUANT_INF	SIZE_MAX

static void
quant_range(const char *p, size_t *min, size_t *max)
{
	const char *e, *close;

	*min = *max = 1;
	if (*p == '?')
		*min = 0;
	else if (*p == '*') {
		*min = 0;
		*max = QUANT_INF;
	} else if (*p == '+')
		*max = QUANT_INF;
	else if (brace_quant(p) && (close = strchr(p, '}')) != NULL) {
		*min = p[1] == ',' ? 0 : strtoul(p + 1, NULL, 10);
		e = strchr(p, ',');
		if (e == NULL || e > close)
			*max = *min;
		else
			*max = e[1] == '}' ? QUANT_INF : strtoul(e + 1, NULL, 10);
	}
}

/*
 * A set of strings: the literals one of which every match contains, or
 * every string a piece of pattern can match.  Lowercased; each at most
 * PREFILTER_MAXLIT - 1 bytes (a longer one is cut: still a prefix of
 * what the match holds, and nothing is appended to it any more).
 */
struct litset {
	size_t	n;
	size_t	len[PREFILTER_MAXALT];
	char	s[PREFILTER_MAXALT][PREFILTER_MAXLIT];
};

#define CLASS_MAX	8	/* classes of more bytes end a product */
#define NEST_MAX	16	/* groups followed this deep */

/*
 * Cost of each byte in a literal, lowercased: about twice -log2 of its
 * frequency in logs (measured on the loghub samples and the OTRF JSON
 * exports of ../shared/corpus), so that the sum over a literal's bytes
 * estimates how rare the literal is.  Only compares candidate sets.
 */
static const unsigned char byte_cost[256] = {
	44, 44, 44, 44, 44, 44, 44, 44, 44, 44, 18, 44, 44, 18, 44, 44,
	44, 44, 44, 44, 44, 44, 44, 44, 44, 44, 44, 44, 44, 44, 44, 44,
	 9, 31,  9, 36, 29, 25, 38, 32, 20, 20, 35, 15, 12, 12, 12, 20,
	 9, 11, 11, 11, 12, 12, 13, 14, 13, 13, 10, 24, 40, 18, 37, 34,
	22, 44, 44, 44, 44, 44, 44, 44, 44, 44, 44, 44, 44, 44, 44, 44,
	44, 44, 44, 44, 44, 44, 44, 44, 44, 44, 44, 18,  9, 18, 44, 18,
	44, 10, 14, 10, 10,  8, 13, 14, 14, 10, 19, 16, 11, 11, 10,  9,
	12, 26,  9,  8,  9, 12, 14, 12, 16, 13, 20, 18, 16, 18, 22, 44,
	44, 44, 44, 44, 44, 44, 44, 44, 44, 44, 44, 44, 44, 44, 44, 44,
	44, 44, 44, 44, 44, 44, 44, 44, 44, 44, 44, 44, 44, 44, 44, 44,
	44, 44, 44, 44, 44, 44, 44, 44, 44, 44, 44, 44, 44, 44, 26, 44,
	44, 44, 44, 44, 44, 44, 44, 44, 44, 44, 44, 44, 44, 44, 44, 44,
	44, 44, 26, 44, 44, 44, 44, 44, 44, 44, 44, 44, 44, 44, 44, 44,
	44, 44, 44, 44, 44, 44, 44, 44, 44, 44, 44, 44, 44, 44, 44, 44,
	44, 44, 44, 44, 44, 44, 44, 44, 44, 44, 44, 44, 44, 44, 44, 44,
	44, 44, 44, 44, 44, 44, 44, 44, 44, 44, 44, 44, 44, 44, 44, 44,
};

/*
 * Roughly how often one of a's literals starts at a position of a log.
 * No literal counts as rarer than one in 2^RATE_FLOOR positions: past
 * that, fewer literals are better than longer ones.
 */
#define RATE_FLOOR	32

/*
 * Strings on most lines of Windows logs, whatever their bytes say: a
 * literal found inside one is taken as common as one in 2^10 positions.
 */
static const char *const common[] = {
	".exe", ".dll", "\"eventid\":", "eventid=", "windows\\system32\\",
	"microsoft-windows-", "commandline", "\\\\", "program files",
};

static double
set_rate(const struct litset *a)
{
	double r = 0;

	for (size_t i = 0; i < a->n; i++) {
		unsigned c = 0;

		for (size_t k = 0; k < a->len[i]; k++)
			c += byte_cost[(unsigned char)a->s[i][k]];
		c /= 2;
		for (size_t k = 0; k < sizeof(common) / sizeof(*common); k++)
			if (memmem(common[k], strlen(common[k]), a->s[i],
			    a->len[i]) != NULL && c > 10)
				c = 10;
		r += 1.0 / (double)(UINT64_C(1) << (c < RATE_FLOOR ? c :
		    RATE_FLOOR));
	}
	return r;
}

/* The length of the shortest string of a. */
static size_t
set_min(const struct litset *a)
{
	size_t m = SIZE_MAX;

	for (size_t i = 0; i < a->n; i++)
		m = a->len[i] < m ? a->len[i] : m;
	return m;
}

/* The set of the empty string alone: what an empty piece matches. */
static void
set_one(struct litset *a)
{
	a->n = 1;
	a->len[0] = 0;
}

/* Does a hold s[0..n) already? */
static int
set_has(const struct litset *a, const char *s, size_t n)
{
	for (size_t i = 0; i < a->n; i++)
		if (a->len[i] == n && memcmp(a->s[i], s, n) == 0)
			return 1;
	return 0;
}

/* Add s[0..n) to a unless there.  Returns -1 when a is full. */
static int
set_add(struct litset *a, const char *s, size_t n)
{
	if (set_has(a, s, n))
		return 0;
	if (a->n == PREFILTER_MAXALT)
		return -1;
	memcpy(a->s[a->n], s, n);
	a->len[a->n++] = n;
	return 0;
}

/* a := a x b, each string of a followed by each of b; -1 if too many. */
static int
set_times(struct litset *a, const struct litset *b)
{
	struct litset r;

	if (a->n * b->n > PREFILTER_MAXALT)
		return -1;
	r.n = 0;
	for (size_t i = 0; i < a->n; i++)
		for (size_t j = 0; j < b->n; j++) {
			char s[PREFILTER_MAXLIT];
			size_t n = a->len[i], m = b->len[j];

			if (n + m > PREFILTER_MAXLIT - 1)
				m = PREFILTER_MAXLIT - 1 - n;
			memcpy(s, a->s[i], n);
			memcpy(s + n, b->s[j], m);
			(void)set_add(&r, s, n + m);
		}
	*a = r;
	return 0;
}

/*
 * Drop each string of a that holds another one of a: at its end only
 * (suffix: what follows the string follows the shorter one too), or
 * anywhere.  What is left still has one string in every match.
 */
static void
set_tidy(struct litset *a, int anywhere)
{
	size_t o = 0;

	for (size_t i = 0; i < a->n; i++) {
		size_t j;

		for (j = 0; j < a->n; j++) {
			const char *s = a->s[i], *t = a->s[j];
			size_t n = a->len[i], m = a->len[j];

			if (j == i || m > n || (m == n && j > i))
				continue;
			if (anywhere ? memmem(s, n, t, m) != NULL || m == 0 :
			    memcmp(s + n - m, t, m) == 0)
				break;
		}
		if (j == a->n) {
			memmove(a->s[o], a->s[i], a->len[i]);
			a->len[o++] = a->len[i];
		}
	}
	a->n = o;
}

/*
 * Keep candidate c in best if it is better: every literal of
 * PREFILTER_MIN bytes or more, and rarer in logs, or as rare and fewer
 * literals, or as many and a longer shortest one.  The first of equals
 * stays.
 */
static void
keep_set(struct litset *best, const struct litset *c)
{
	struct litset t = *c;
	double rt, rb;

	set_tidy(&t, 1);
	if (t.n == 0)
		return;
	for (size_t i = 0; i < t.n; i++)
		if (t.len[i] < PREFILTER_MIN)
			return;
	rt = set_rate(&t);
	rb = best->n > 0 ? set_rate(best) : 0;
	if (best->n == 0 || rt < rb || (rt == rb && (t.n < best->n ||
	    (t.n == best->n && set_min(&t) > set_min(best)))))
		*best = t;
}

/*
 * 1 if pattern p is one this scanner understands: no verbs, no \Q..\E,
 * no extended mode (?x) anywhere.  Case options do not matter: literals
 * are compared lowercased on both sides.
 */
static int
plain_pattern(const char *p)
{
	if (strstr(p, "(*") != NULL || strstr(p, "\\Q") != NULL)
		return 0;
	for (const char *q = p; (q = strstr(q, "(?")) != NULL; q += 2) {
		size_t n = strspn(q + 2, "imnsxJU-^");

		if (memchr(q + 2, 'x', n) != NULL)
			return 0;
	}
	return 1;
}

/* The next item of pattern p: a literal byte (>= 0) or -1; *next after. */
static int
next_item(const char *p, const char **next)
{
	if (*p == '\\') {
		if (p[1] == '\0')
			return -2;
		*next = p + 2;
		if ((p[1] >= 'a' && p[1] <= 'z') || (p[1] >= 'A' && p[1] <= 'Z') ||
		    (p[1] >= '0' && p[1] <= '9'))
			return strchr("dDwWsSbBhHvVRXtnrfea", p[1]) != NULL ?
			    -1 : -2;
		return (unsigned char)p[1];
	}
	if (*p == '[')
		return (*next = skip_class(p)) != NULL ? -1 : -2;
	if (*p == '(')
		return (*next = skip_group(p)) != NULL ? -1 : -2;
	*next = p + 1;
	if (*p == '|')
		return -2;			/* top-level alternation */
	if (strchr(".^$)", *p) != NULL || (quant_next(p) && *p != '{') ||
	    brace_quant(p))
		return -1;
	return (unsigned char)*p;
}

/* The byte an escape letter stands for (\t, \n ...), or -1. */
static int
escape_byte(int c)
{
	static const char from[] = "tnrfea", to[] = "\t\n\r\f\033\a";
	const char *p = strchr(from, c);

	return c != '\0' && p != NULL ? to[p - from] : -1;
}

/* What \s matches without UCP: the six ASCII white-space bytes. */
static const char white[] = " \t\n\v\f\r";

/*
 * The bytes class p[0..end) (from '[' to after ']') matches, folded to
 * lowercase, into a as strings of one byte.  Returns 1, or -1 when it
 * matches more than CLASS_MAX bytes or holds what is not followed here.
 */
static int
class_set(const char *p, const char *end, struct litset *a)
{
	unsigned char in[256] = { 0 };
	const char *q = p + 1;
	int lo, hi;

	if (*q == '^')
		return -1;
	for (int first = 1; q < end - 1; first = 0) {
		if (*q == '[' && q[1] == ':')
			return -1;			/* [:alpha:] */
		if (*q == '\\') {
			if (q[1] == 's') {
				for (const char *w = white; *w != '\0'; w++)
					in[(unsigned char)*w] = 1;
				q += 2;
				continue;
			}
			if ((lo = escape_byte(q[1])) == -1 &&
			    ((q[1] >= 'a' && q[1] <= 'z') ||
			    (q[1] >= 'A' && q[1] <= 'Z') ||
			    (q[1] >= '0' && q[1] <= '9')))
				return -1;
			if (lo == -1)
				lo = (unsigned char)q[1];
			q += 2;
		} else if (*q == ']' && !first)
			return -1;
		else
			lo = (unsigned char)*q++;
		hi = lo;
		if (*q == '-' && q + 1 < end - 1 && q[1] != '\\' &&
		    q[1] != '[') {
			hi = (unsigned char)q[1];
			q += 2;
		}
		for (int c = lo; c <= hi; c++)
			in[prefilter_lower(c)] = 1;
	}
	a->n = 0;
	for (int c = 0; c < 256; c++) {
		char b = (char)c;

		if (in[c] && set_add(a, &b, 1) == -1)
			return -1;
	}
	return a->n <= CLASS_MAX ? 1 : -1;
}

/*
 * What the atom at p (not a group) matches, *next after it: 1 with the
 * strings in a, 0 for an assertion that matches no byte (\b, ^, $), -1
 * for an atom of too many strings (\d, '.'), -2 when not sure.
 */
static int
atom_set(const char *p, const char **next, struct litset *a)
{
	int c = next_item(p, next);
	char b;

	if (c == -2)
		return -2;
	if (*p == '[')
		return class_set(p, *next, a);
	if (*p == '^' || *p == '$' || (p[0] == '\\' && (p[1] == 'b' ||
	    p[1] == 'B')))
		return 0;
	if (*p == '\\' && p[1] == 's') {
		a->n = 0;
		for (const char *w = white; *w != '\0'; w++)
			(void)set_add(a, w, 1);
		return 1;
	}
	if (*p == '\\' && escape_byte(p[1]) != -1)
		c = escape_byte(p[1]);
	if (c < 0)
		return *p == ')' ? -2 : -1;
	b = (char)prefilter_lower(c);
	a->n = 0;
	(void)set_add(a, &b, 1);
	return 1;
}

static int	alt_set(const char *, const char *, struct litset *,
		    struct litset *, int);

/*
 * Where the alternatives of the group at p ('(') start; NULL for a group
 * that matches no byte (an option setting "(?i)", lookaround, a comment:
 * *zero set) or that this scanner does not follow (a condition).
 */
static const char *
group_body(const char *p, int *zero)
{
	size_t n;

	*zero = 0;
	if (p[1] != '?')
		return p + 1;				/* capturing */
	p += 2;
	if (*p == ':' || *p == '>' || *p == '|')
		return p + 1;
	if (*p == '=' || *p == '!' || *p == '#' || (*p == '<' &&
	    (p[1] == '=' || p[1] == '!'))) {
		*zero = 1;
		return NULL;
	}
	if ((*p == '<' || *p == '\'') && p[1] != '=' && p[1] != '!') {
		const char *e = strchr(p, *p == '<' ? '>' : '\'');

		return e != NULL ? e + 1 : NULL;	/* named */
	}
	if (*p == 'P' && p[1] == '<') {
		const char *e = strchr(p, '>');

		return e != NULL ? e + 1 : NULL;
	}
	n = strspn(p, "imnsxJU-^");
	*zero = n > 0 && p[n] == ')';
	return n > 0 && p[n] == ':' ? p + n + 1 : NULL;
}

/*
 * What the group p[0..next) matches, like atom_set; the literals one of
 * which it cannot match without are kept in best when it must match
 * (min > 0).
 */
static int
group_set(const char *p, const char *next, size_t min, struct litset *best,
    struct litset *a, int depth)
{
	struct litset need;
	const char *body;
	int zero;

	if ((body = group_body(p, &zero)) == NULL)
		return zero ? 0 : -1;
	if (body >= next || alt_set(body, next - 1, &need, a, depth + 1) == -1)
		return -1;
	if (min > 0 && need.n > 0)
		keep_set(best, &need);
	return a->n > 0 ? 1 : -1;
}

/* Keep the product and the run as candidates; then both start over. */
static void
end_product(struct litset *best, struct litset *prod, struct litset *run)
{
	keep_set(best, prod);
	keep_set(best, run);
	set_one(prod);
	set_one(run);
}

/*
 * The best set of required literals of one branch p[0..end) into best,
 * and into all (when not NULL) every string the branch can match, or an
 * empty set when there are too many.  Literals are multiplied out along
 * the branch: "ps(?:cp|ftp)" gives pscp and psftp, "[\\/]wce" \wce and
 * /wce, "x?64" x64 and 64; the run of single strings since the last
 * choice is a candidate too ("lsass.dmp" in "x?lsass\.dmp").  Returns 0,
 * or -1 when the scanner is not sure of the branch.
 */
static int
branch_set(const char *p, const char *end, struct litset *best,
    struct litset *all, int depth)
{
	struct litset prod, run, item;
	const char *next;
	size_t min, max;
	int exact = 1, k;

	best->n = 0;
	set_one(&prod);
	set_one(&run);
	while (p < end) {
		if (*p == '(') {
			if ((next = skip_group(p)) == NULL || next > end)
				return -1;
			quant_range(next, &min, &max);
			k = group_set(p, next, min, best, &item, depth);
		} else if ((k = atom_set(p, &next, &item)) == -2 ||
		    next > end)
			return -1;
		else
			quant_range(next, &min, &max);
		if (k == -2)
			return -1;
		p = quant_next(next) ? skip_quant(next) : next;
		if (k == 0 || max == 0)
			continue;		/* matches no byte */
		if (k == 1 && min == 0 && max == 1)
			k = set_add(&item, "", 0) == 0 ? 1 : -1;
		if (k == -1 || (min == 0 && max > 1)) {
			end_product(best, &prod, &run);
			exact = 0;
			continue;
		}
		if (item.n > 1) {	/* a choice: fewer literals may do */
			keep_set(best, &prod);
			keep_set(best, &run);
			set_one(&run);
		}
		for (size_t i = 0; i < (min > 0 ? min : 1) && i < 8; i++) {
			if (item.n == 1)
				(void)set_times(&run, &item);
			if (set_times(&prod, &item) == 0)
				continue;
			keep_set(best, &prod);
			set_tidy(&prod, 0);
			exact = 0;
			if (set_times(&prod, &item) == -1)
				prod = item;
		}
		if (max > (min > 0 ? min : 1) || min > 8) { /* more may follow */
			end_product(best, &prod, &run);
			exact = 0;
		}
	}
	keep_set(best, &prod);
	keep_set(best, &run);
	if (all != NULL) {
		*all = prod;
		if (!exact)
			all->n = 0;
	}
	return 0;
}

/*
 * The alternatives p[0..end): into need the union of each one's required
 * literals (empty when an alternative has none, or too many), into all
 * the union of every string they match (empty when unknown).  Returns 0,
 * or -1 when the scanner is not sure.
 */
static int
alt_set(const char *p, const char *end, struct litset *need,
    struct litset *all, int depth)
{
	const char *b = p, *next;
	struct litset one, every;
	int needs = 1, alls = 1;

	if (depth > NEST_MAX)
		return -1;
	need->n = all->n = 0;
	for (;;) {
		const char *e = b;

		while (e < end && *e != '|') {
			if (next_item(e, &next) == -2 || next > end)
				return -1;
			e = next;
		}
		if (branch_set(b, e, &one, &every, depth) == -1)
			return -1;
		for (size_t i = 0; needs && i < one.n; i++)
			needs = set_add(need, one.s[i], one.len[i]) == 0;
		needs = needs && one.n > 0;
		for (size_t i = 0; alls && i < every.n; i++)
			alls = set_add(all, every.s[i], every.len[i]) == 0;
		alls = alls && every.n > 0;
		if (e >= end)
			break;
		b = e + 1;
	}
	if (!needs)
		need->n = 0;
	if (!alls)
		all->n = 0;
	return 0;
}

size_t
prefilter_literals(const char *pat, char out[][PREFILTER_MAXLIT],
    size_t *len, size_t max)
{
	struct litset set, all;

	if (!plain_pattern(pat) || alt_set(pat, pat + strlen(pat), &set, &all,
	    0) == -1 || set.n == 0)
		return 0;
	set_tidy(&set, 1);
	if (set.n > max)
		return 0;
	for (size_t i = 0; i < set.n; i++) {
		memcpy(out[i], set.s[i], set.len[i]);
		len[i] = set.len[i];
	}
	return set.n;
}
