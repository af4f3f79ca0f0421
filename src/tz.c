/* SPDX-License-Identifier: MIT */
/*
 * tz.c - time zones from TZif files (RFC 8536) and their POSIX TZ footer,
 * fixed offsets, conversions both ways, and per-host zone maps.
 */
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "timestamp.h"
#include "tz.h"

#define TZ_MAX_FILE	(1024 * 1024)	/* largest TZif file read */
#define TZ_MAX_TRANS	100000		/* most transitions accepted */
#define TZ_MAX_TYPES	256		/* transition indices are one byte */
#define TZ_MAX_UTOFF	93599		/* |utoff| < 26 h (RFC 8536 3.2) */
#define TZ_MAX_NAME	255		/* longest IANA name accepted */
#define TZ_MAX_FOOTER	255		/* longest POSIX TZ footer */
#define TZ_HDR_LEN	44		/* TZif header */
#define TZ_T_LIMIT	(INT64_C(1) << 40)	/* +-34,000 years */
#define TZ_WINDOW	(2 * 86400)	/* reach of tz_local_to_utc */
#define TZ_MAX_CHG	64		/* changes of offset in that reach */
#define TZ_FAT_YEARS	200		/* footer years added to the table */
#define TZ_DEFAULT_DIR	"/usr/share/zoneinfo"

/* A local time type (ttinfo). */
struct tz_type {
	int32_t		 utoff;		/* seconds east of UTC */
	int		 isdst;		/* daylight saving time */
};

/* A day of a POSIX TZ rule and the local time of the change on it. */
struct tz_date {
	char		 kind;		/* 'J' Jn, 'D' n, 'M' Mm.w.d */
	int		 n;		/* 'J' 1..365, 'D' 0..365, 'M' month */
	int		 week;		/* 'M': 1..5, 5 = the last */
	int		 wday;		/* 'M': 0..6, 0 = Sunday */
	int32_t		 time;		/* seconds after midnight, +-167 h */
};

/* A POSIX TZ rule ("CET-1CEST,M3.5.0,M10.5.0/3"), offsets east of UTC. */
struct tz_rule {
	int32_t		 std_off;	/* standard time */
	int32_t		 dst_off;	/* daylight saving time */
	int		 has_dst;	/* else std_off always holds */
	struct tz_date	 start;		/* std -> dst, in standard time */
	struct tz_date	 end;		/* dst -> std, in daylight time */
};

struct tz {
	char		*name;		/* as given to tz_load() */
	int		 fixed;		/* one offset at all times */
	int32_t		 first_off;	/* before the first transition */
	size_t		 ntrans;
	int64_t		*trans;		/* UTC seconds, strictly ascending */
	unsigned char	*idx;		/* type of each transition */
	size_t		 ntypes;
	struct tz_type	*types;
	int		 has_rule;	/* footer applies after the table */
	struct tz_rule	 rule;
};

/* A change of offset: from when on, off holds. */
struct tz_chg {
	int64_t		 when;
	int32_t		 off;
};

/* The counts of a TZif header. */
struct tzif_hdr {
	int		 version;	/* 0, or '2' and up */
	uint32_t	 isutcnt, isstdcnt, leapcnt, timecnt, typecnt, charcnt;
};

static void
tz_err(char *err, size_t errlen, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void
tz_err(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	if (err == NULL || errlen == 0)
		return;
	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
}

/* a / b rounded towards minus infinity; b > 0. */
static int64_t
tz_floor_div(int64_t a, int64_t b)
{
	int64_t q = a / b;

	if (a % b < 0)
		q--;
	return (q);
}

static int64_t
tz_clamp(int64_t t)
{
	if (t < -TZ_T_LIMIT)
		return (-TZ_T_LIMIT);
	if (t > TZ_T_LIMIT)
		return (TZ_T_LIMIT);
	return (t);
}

/* The Gregorian year of day days since the epoch. */
static int
tz_year_of_day(int64_t days)
{
	int y, m, d;

	ts_civil_from_days(days, &y, &m, &d);
	return (y);
}

/* ---- POSIX TZ rules ---------------------------------------------------- */

static int
tz_isdigit(char ch)
{
	return (ch >= '0' && ch <= '9');
}

static int
tz_isalpha(char ch)
{
	return ((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z'));
}

/* Parse a decimal number of at most 3 digits, <= max, at *sp. */
static int
tz_num(const char **sp, int max, int *v)
{
	const char *s = *sp;
	int n = 0, digits = 0;

	while (tz_isdigit(*s) && digits < 3) {
		n = n * 10 + (*s++ - '0');
		digits++;
	}
	if (digits == 0 || tz_isdigit(*s) || n > max)
		return (-1);
	*sp = s;
	*v = n;
	return (0);
}

/* Parse [+-]hh[:mm[:ss]] with hh <= maxh at *sp into seconds. */
static int
tz_hms(const char **sp, int maxh, int32_t *v)
{
	const char *s = *sp;
	int neg = 0, h, m = 0, sec = 0;

	if (*s == '+' || *s == '-')
		neg = *s++ == '-';
	if (tz_num(&s, maxh, &h) != 0)
		return (-1);
	if (*s == ':') {
		s++;
		if (tz_num(&s, 59, &m) != 0)
			return (-1);
		if (*s == ':') {
			s++;
			if (tz_num(&s, 59, &sec) != 0)
				return (-1);
		}
	}
	*v = (int32_t)(h * 3600 + m * 60 + sec) * (neg ? -1 : 1);
	*sp = s;
	return (0);
}

/* Skip a zone abbreviation at *sp: 3+ letters, or <[-+A-Za-z0-9]{3,}>. */
static int
tz_abbr(const char **sp)
{
	const char *s = *sp;
	size_t n = 0;

	if (*s == '<') {
		for (s++; tz_isalpha(*s) || tz_isdigit(*s) || *s == '+' ||
		    *s == '-'; s++)
			n++;
		if (*s != '>' || n < 3)
			return (-1);
		s++;
	} else {
		for (; tz_isalpha(*s); s++)
			n++;
		if (n < 3)
			return (-1);
	}
	*sp = s;
	return (0);
}

/* Parse a rule date (Jn, n or Mm.w.d) with an optional /time at *sp. */
static int
tz_date(const char **sp, struct tz_date *d)
{
	const char *s = *sp;

	memset(d, 0, sizeof(*d));
	if (*s == 'J') {
		s++;
		d->kind = 'J';
		if (tz_num(&s, 365, &d->n) != 0 || d->n < 1)
			return (-1);
	} else if (*s == 'M') {
		s++;
		d->kind = 'M';
		if (tz_num(&s, 12, &d->n) != 0 || d->n < 1 || *s != '.')
			return (-1);
		s++;
		if (tz_num(&s, 5, &d->week) != 0 || d->week < 1 || *s != '.')
			return (-1);
		s++;
		if (tz_num(&s, 6, &d->wday) != 0)
			return (-1);
	} else {
		d->kind = 'D';
		if (tz_num(&s, 365, &d->n) != 0)
			return (-1);
	}
	d->time = 2 * 3600;
	if (*s == '/') {
		s++;
		if (tz_hms(&s, 167, &d->time) != 0)
			return (-1);
	}
	*sp = s;
	return (0);
}

/*
 * Parse a POSIX TZ string s (NUL-terminated) into *r.  A daylight name
 * without dates takes the US rules (M3.2.0,M11.1.0), as glibc does.
 */
static int
tz_parse_rule(const char *s, struct tz_rule *r)
{
	int32_t off;

	memset(r, 0, sizeof(*r));
	if (tz_abbr(&s) != 0 || tz_hms(&s, 24, &off) != 0)
		return (-1);
	r->std_off = -off;
	if (*s == '\0')
		return (0);
	if (tz_abbr(&s) != 0)
		return (-1);
	r->has_dst = 1;
	r->dst_off = r->std_off + 3600;
	if (*s != ',' && *s != '\0') {
		if (tz_hms(&s, 24, &off) != 0)
			return (-1);
		r->dst_off = -off;
	}
	if (*s == '\0')
		s = ",M3.2.0,M11.1.0";
	if (*s != ',')
		return (-1);
	s++;
	if (tz_date(&s, &r->start) != 0 || *s != ',')
		return (-1);
	s++;
	if (tz_date(&s, &r->end) != 0 || *s != '\0')
		return (-1);
	return (0);
}

/* Days since the epoch of rule day d in year y. */
static int64_t
tz_rule_day(const struct tz_date *d, int y)
{
	int64_t first;
	int day, dim, wd;

	if (d->kind == 'J')
		return (ts_days_from_civil(y, 1, 1) + d->n - 1 +
		    (ts_is_leap(y) && d->n >= 60));
	if (d->kind == 'D')
		return (ts_days_from_civil(y, 1, 1) + d->n);
	first = ts_days_from_civil(y, d->n, 1);
	wd = (int)(((first + 4) % 7 + 7) % 7);	/* 1970-01-01: Thursday */
	day = 1 + (d->wday - wd + 7) % 7 + (d->week - 1) * 7;
	dim = ts_days_in_month(y, d->n);
	while (day > dim)
		day -= 7;
	return (first + day - 1);
}

/*
 * The changes of rule r in years y0..y1 (at most 4 years), in ascending
 * order; at equal instants the one of the earlier year comes first.
 * Returns their number.
 */
static int
tz_rule_events(const struct tz_rule *r, int y0, int y1, struct tz_chg ev[8])
{
	struct tz_chg t;
	int n = 0, i, j, y;

	for (y = y0; y <= y1 && n < 8; y++) {
		ev[n].when = tz_rule_day(&r->start, y) * 86400 +
		    r->start.time - r->std_off;
		ev[n++].off = r->dst_off;
		ev[n].when = tz_rule_day(&r->end, y) * 86400 +
		    r->end.time - r->dst_off;
		ev[n++].off = r->std_off;
	}
	/* Insertion sort: stable, and n is tiny. */
	for (i = 1; i < n; i++) {
		t = ev[i];
		for (j = i; j > 0 && ev[j - 1].when > t.when; j--)
			ev[j] = ev[j - 1];
		ev[j] = t;
	}
	return (n);
}

/* The offset rule r gives at UTC instant t. */
static int32_t
tz_rule_offset(const struct tz_rule *r, int64_t t)
{
	struct tz_chg ev[8];
	int32_t off;
	int i, n, y;

	if (!r->has_dst)
		return (r->std_off);
	t = tz_clamp(t);
	y = tz_year_of_day(tz_floor_div(t + r->std_off, 86400));
	n = tz_rule_events(r, y - 2, y + 1, ev);
	off = r->std_off;
	for (i = 0; i < n && ev[i].when <= t; i++)
		off = ev[i].off;
	return (off);
}

/* ---- TZif files -------------------------------------------------------- */

static uint32_t
tz_be32(const unsigned char *p)
{
	return ((uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	    (uint32_t)p[2] << 8 | (uint32_t)p[3]);
}

static int32_t
tz_s32(const unsigned char *p)
{
	uint32_t u = tz_be32(p);

	return (u > INT32_MAX ? -(int32_t)~u - 1 : (int32_t)u);
}

static int64_t
tz_s64(const unsigned char *p)
{
	uint64_t u = (uint64_t)tz_be32(p) << 32 | tz_be32(p + 4);

	return (u > INT64_MAX ? -(int64_t)~u - 1 : (int64_t)u);
}

/* Read the header at p[off..len) into *h; 0 or -1. */
static int
tzif_header(const unsigned char *p, size_t len, size_t off,
    struct tzif_hdr *h)
{
	if (off > len || len - off < TZ_HDR_LEN ||
	    memcmp(p + off, "TZif", 4) != 0)
		return (-1);
	p += off;
	h->version = p[4];
	h->isutcnt = tz_be32(p + 20);
	h->isstdcnt = tz_be32(p + 24);
	h->leapcnt = tz_be32(p + 28);
	h->timecnt = tz_be32(p + 32);
	h->typecnt = tz_be32(p + 36);
	h->charcnt = tz_be32(p + 40);
	return (0);
}

/* Bytes of the data block after header h, with times of tsize bytes. */
static uint64_t
tzif_size(const struct tzif_hdr *h, unsigned tsize)
{
	return ((uint64_t)h->timecnt * (tsize + 1) +
	    (uint64_t)h->typecnt * 6 + h->charcnt +
	    (uint64_t)h->leapcnt * (tsize + 4) + h->isstdcnt + h->isutcnt);
}

/* Check the counts of the header whose data block is used. */
static int
tzif_check(const struct tzif_hdr *h, char *err, size_t errlen)
{
	if (h->typecnt == 0 || h->typecnt > TZ_MAX_TYPES ||
	    h->charcnt == 0 ||
	    (h->isutcnt != 0 && h->isutcnt != h->typecnt) ||
	    (h->isstdcnt != 0 && h->isstdcnt != h->typecnt)) {
		tz_err(err, errlen, "bad counts in TZif header");
		return (-1);
	}
	if (h->timecnt > TZ_MAX_TRANS) {
		tz_err(err, errlen, "too many transitions (%" PRIu32 ")",
		    h->timecnt);
		return (-1);
	}
	if (h->leapcnt != 0) {
		tz_err(err, errlen, "leap-second zones are not supported");
		return (-1);
	}
	return (0);
}

/* The local time types of the block at tt, checked. */
static int
tzif_types(struct tz *z, const unsigned char *tt, const struct tzif_hdr *h,
    char *err, size_t errlen)
{
	size_t i;

	z->ntypes = h->typecnt;
	z->types = xcalloc(z->ntypes, sizeof(*z->types));
	for (i = 0; i < z->ntypes; i++, tt += 6) {
		z->types[i].utoff = tz_s32(tt);
		z->types[i].isdst = tt[4];
		if (z->types[i].utoff < -TZ_MAX_UTOFF ||
		    z->types[i].utoff > TZ_MAX_UTOFF || tt[4] > 1 ||
		    tt[5] >= h->charcnt) {
			tz_err(err, errlen, "bad local time type %zu", i);
			return (-1);
		}
	}
	z->first_off = z->types[0].utoff;
	for (i = 0; i < z->ntypes; i++)
		if (!z->types[i].isdst) {
			z->first_off = z->types[i].utoff;
			break;
		}
	return (0);
}

/* Read the data block at p (its size checked) with times of tsize bytes. */
static int
tzif_block(struct tz *z, const unsigned char *p, const struct tzif_hdr *h,
    unsigned tsize, char *err, size_t errlen)
{
	const unsigned char *ti = p + (size_t)h->timecnt * tsize;
	size_t i;

	if (tzif_check(h, err, errlen) != 0 ||
	    tzif_types(z, ti + h->timecnt, h, err, errlen) != 0)
		return (-1);
	z->ntrans = h->timecnt;
	z->trans = xcalloc(z->ntrans, sizeof(*z->trans));
	z->idx = xcalloc(z->ntrans, 1);
	for (i = 0; i < z->ntrans; i++) {
		z->trans[i] = tsize == 8 ? tz_s64(p + 8 * i) :
		    tz_s32(p + 4 * i);
		z->idx[i] = ti[i];
		if (i > 0 && z->trans[i] <= z->trans[i - 1]) {
			tz_err(err, errlen, "transitions out of order");
			return (-1);
		}
		if (ti[i] >= z->ntypes) {
			tz_err(err, errlen, "bad transition type");
			return (-1);
		}
	}
	return (0);
}

/* The footer at p[0..len): "\nTZ string\n"; none at all is tolerated. */
static int
tzif_footer(struct tz *z, const unsigned char *p, size_t len, char *err,
    size_t errlen)
{
	const unsigned char *nl;
	char buf[TZ_MAX_FOOTER + 1];
	size_t n;

	if (len == 0)
		return (0);
	if (p[0] != '\n' || (nl = memchr(p + 1, '\n', len - 1)) == NULL ||
	    (n = (size_t)(nl - (p + 1))) > TZ_MAX_FOOTER) {
		tz_err(err, errlen, "bad TZif footer");
		return (-1);
	}
	if (n == 0)
		return (0);
	memcpy(buf, p + 1, n);
	buf[n] = '\0';
	if (strlen(buf) != n || tz_parse_rule(buf, &z->rule) != 0) {
		tz_err(err, errlen, "bad TZ rule in TZif footer");
		return (-1);
	}
	z->has_rule = 1;
	return (0);
}

/* Parse the TZif file p[0..len) into z. */
static int
tzif_parse(struct tz *z, const unsigned char *p, size_t len, char *err,
    size_t errlen)
{
	struct tzif_hdr h1, h2;
	uint64_t size1, size2, off2;

	if (tzif_header(p, len, 0, &h1) != 0) {
		tz_err(err, errlen, "not a TZif file");
		return (-1);
	}
	size1 = tzif_size(&h1, 4);
	if (size1 > len - TZ_HDR_LEN) {
		tz_err(err, errlen, "truncated TZif file");
		return (-1);
	}
	if (h1.version == 0)
		return (tzif_block(z, p + TZ_HDR_LEN, &h1, 4, err, errlen));
	if (h1.version < '2') {
		tz_err(err, errlen, "bad TZif version");
		return (-1);
	}
	off2 = TZ_HDR_LEN + size1;
	if (tzif_header(p, len, off2, &h2) != 0 ||
	    (size2 = tzif_size(&h2, 8)) > len - off2 - TZ_HDR_LEN) {
		tz_err(err, errlen, "truncated TZif file");
		return (-1);
	}
	if (tzif_block(z, p + off2 + TZ_HDR_LEN, &h2, 8, err, errlen) != 0)
		return (-1);
	off2 += TZ_HDR_LEN + size2;
	return (tzif_footer(z, p + off2, len - off2, err, errlen));
}

/* Read the regular file dir/name, at most TZ_MAX_FILE bytes, into *bufp. */
static int
tz_read_file(const char *dir, const char *name, unsigned char **bufp,
    size_t *lenp, char *err, size_t errlen)
{
	char *path = xasprintf("%s/%s", dir, name);
	struct stat st;
	unsigned char *buf;
	size_t len = 0, cap;
	ssize_t n = 0;
	int fd, e;

	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	e = errno;
	free(path);
	if (fd == -1) {
		if (e == ENOENT || e == ENOTDIR)
			tz_err(err, errlen, "unknown time zone (not in %s)",
			    dir);
		else
			tz_err(err, errlen, "cannot open: %s", strerror(e));
		return (-1);
	}
	if (fstat(fd, &st) == -1 || !S_ISREG(st.st_mode)) {
		tz_err(err, errlen, "not a time zone file");
		close(fd);
		return (-1);
	}
	/* One byte more than expected, to see the file grow. */
	cap = (st.st_size > TZ_MAX_FILE ? TZ_MAX_FILE : (size_t)st.st_size) + 1;
	buf = xmalloc(cap);
	while (len < cap) {
		n = read(fd, buf + len, cap - len);
		if (n == -1 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		len += (size_t)n;
	}
	if (n == -1 || len == cap) {
		if (n == -1)
			tz_err(err, errlen, "cannot read: %s", strerror(errno));
		else
			tz_err(err, errlen, "too large for a time zone file");
		free(buf);
		close(fd);
		return (-1);
	}
	close(fd);
	*bufp = buf;
	*lenp = len;
	return (0);
}

/* 1 if name may be looked up under the zone directory. */
static int
tz_name_ok(const char *name)
{
	const char *s;

	if (*name == '\0' || *name == '/' || strstr(name, "..") != NULL ||
	    strlen(name) > TZ_MAX_NAME)
		return (0);
	for (s = name; *s != '\0'; s++)
		if (!tz_isalpha(*s) && !tz_isdigit(*s) && *s != '_' &&
		    *s != '+' && *s != '-' && *s != '/')
			return (0);
	return (1);
}

/* Set z->fixed if one offset holds at all times. */
static void
tz_set_fixed(struct tz *z)
{
	size_t i;

	z->fixed = 0;
	if (z->has_rule && z->rule.has_dst)
		return;
	if (z->ntrans == 0) {
		z->fixed = 1;
		return;
	}
	if (z->has_rule && z->rule.std_off != z->first_off)
		return;
	for (i = 0; i < z->ntrans; i++)
		if (z->types[z->idx[i]].utoff != z->first_off)
			return;
	z->fixed = 1;
}

/* Index of a type with offset off (added if need be), or -1 if full. */
static int
tz_type_for(struct tz *z, int32_t off)
{
	int isdst = z->rule.has_dst && off == z->rule.dst_off &&
	    off != z->rule.std_off;
	size_t i;

	for (i = 0; i < z->ntypes; i++)
		if (z->types[i].utoff == off && z->types[i].isdst == isdst)
			return ((int)i);
	if (z->ntypes == TZ_MAX_TYPES)
		return (-1);
	z->types = xreallocarray(z->types, z->ntypes + 1, sizeof(*z->types));
	z->types[z->ntypes].utoff = off;
	z->types[z->ntypes].isdst = isdst;
	return ((int)z->ntypes++);
}

/*
 * Append the changes of the footer rule for TZ_FAT_YEARS years to the
 * table, so that common times need no rule arithmetic ("fat" TZif files
 * do the same).  Past the new table the rule still applies, as before.
 */
static void
tz_fatten(struct tz *z)
{
	struct tz_chg ev[8];
	int32_t prev, off;
	int y, y0, n, k, type;

	if (z->ntrans == 0 || !z->has_rule || !z->rule.has_dst)
		return;
	prev = tz_offset_at(z, z->trans[z->ntrans - 1]);
	y0 = tz_year_of_day(tz_floor_div(tz_clamp(z->trans[z->ntrans - 1]) +
	    z->rule.std_off, 86400));
	n = 2 * (TZ_FAT_YEARS + 2);
	z->trans = xreallocarray(z->trans, z->ntrans + n, sizeof(*z->trans));
	z->idx = xreallocarray(z->idx, z->ntrans + n, 1);
	for (y = y0 - 1; y <= y0 + TZ_FAT_YEARS; y += 2) {
		n = tz_rule_events(&z->rule, y, y + 1, ev);
		for (k = 0; k < n; k++) {
			/* Out of order only with absurd rules: skipped. */
			if (ev[k].when <= z->trans[z->ntrans - 1] ||
			    (off = tz_rule_offset(&z->rule, ev[k].when)) ==
			    prev)
				continue;
			if ((type = tz_type_for(z, off)) < 0)
				return;
			z->trans[z->ntrans] = ev[k].when;
			z->idx[z->ntrans++] = (unsigned char)type;
			prev = off;
		}
	}
}

/* Load the IANA zone name from the zone directory. */
static struct tz *
tz_load_file(const char *name, char *err, size_t errlen)
{
	const char *dir = getenv("TZDIR");
	unsigned char *buf;
	struct tz *z;
	size_t len;
	int r;

	if (dir == NULL || *dir == '\0')
		dir = TZ_DEFAULT_DIR;
	if (tz_read_file(dir, name, &buf, &len, err, errlen) != 0)
		return (NULL);
	z = xcalloc(1, sizeof(*z));
	z->name = xstrdup(name);
	r = tzif_parse(z, buf, len, err, errlen);
	free(buf);
	if (r != 0) {
		tz_free(z);
		return (NULL);
	}
	tz_fatten(z);
	tz_set_fixed(z);
	return (z);
}

struct tz *
tz_load(const char *name, char *err, size_t errlen)
{
	struct tz *z;
	int32_t off;

	if (name == NULL || *name == '\0') {
		tz_err(err, errlen, "empty time zone name");
		return (NULL);
	}
	if (ts_parse_offset(name, &off) == 0) {
		z = xcalloc(1, sizeof(*z));
		z->name = xstrdup(name);
		z->fixed = 1;
		z->first_off = off;
		return (z);
	}
	if (*name == '+' || *name == '-') {
		tz_err(err, errlen, "bad UTC offset (want +HH:MM, -HHMM or "
		    "+HH, within 18 hours)");
		return (NULL);
	}
	if (!tz_name_ok(name)) {
		tz_err(err, errlen, "bad time zone name");
		return (NULL);
	}
	return (tz_load_file(name, err, errlen));
}

void
tz_free(struct tz *z)
{
	if (z == NULL)
		return;
	free(z->name);
	free(z->trans);
	free(z->idx);
	free(z->types);
	free(z);
}

const char *
tz_name(const struct tz *z)
{
	return (z->name);
}

int
tz_is_fixed(const struct tz *z)
{
	return (z->fixed);
}

/* ---- Conversions ------------------------------------------------------- */

int32_t
tz_offset_at(const struct tz *z, int64_t utc_s)
{
	size_t lo, hi, mid;

	if (z->ntrans == 0)
		return (z->has_rule ? tz_rule_offset(&z->rule, utc_s) :
		    z->first_off);
	if (utc_s < z->trans[0])
		return (z->first_off);
	if (utc_s >= z->trans[z->ntrans - 1])
		return (z->has_rule ? tz_rule_offset(&z->rule, utc_s) :
		    z->types[z->idx[z->ntrans - 1]].utoff);
	/* trans[lo] <= utc_s < trans[hi] */
	lo = 0;
	hi = z->ntrans - 1;
	while (hi - lo > 1) {
		mid = lo + (hi - lo) / 2;
		if (z->trans[mid] <= utc_s)
			lo = mid;
		else
			hi = mid;
	}
	return (z->types[z->idx[lo]].utoff);
}

/* Index of the first transition after t (ntrans if none). */
static size_t
tz_upper(const struct tz *z, int64_t t)
{
	size_t lo = 0, hi = z->ntrans, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (z->trans[mid] <= t)
			lo = mid + 1;
		else
			hi = mid;
	}
	return (lo);
}

/*
 * The instants in (lo, hi] where the offset may change, ascending, each
 * with the offset from then on, into chg.  hi - lo is a few days at most.
 * Returns their number, or -1 if there are more than TZ_MAX_CHG.
 */
static int
tz_changes(const struct tz *z, int64_t lo, int64_t hi,
    struct tz_chg chg[TZ_MAX_CHG])
{
	struct tz_chg ev[8];
	int64_t last = INT64_MIN, w;
	size_t i;
	int n = 0, k, ne, y0, y1;

	for (i = tz_upper(z, lo); i < z->ntrans && z->trans[i] <= hi; i++) {
		if (n == TZ_MAX_CHG)
			return (-1);
		chg[n].when = z->trans[i];
		chg[n++].off = tz_offset_at(z, z->trans[i]);
	}
	if (z->ntrans > 0)
		last = z->trans[z->ntrans - 1];
	if (!z->has_rule || !z->rule.has_dst || hi <= last)
		return (n);
	y0 = tz_year_of_day(tz_floor_div(lo + z->rule.std_off, 86400)) - 1;
	y1 = tz_year_of_day(tz_floor_div(hi + z->rule.std_off, 86400)) + 1;
	ne = tz_rule_events(&z->rule, y0, y1, ev);
	for (k = 0; k < ne; k++) {
		w = ev[k].when;
		if (w <= lo || w <= last || w > hi)
			continue;
		if (n == TZ_MAX_CHG)
			return (-1);
		chg[n].when = w;
		chg[n++].off = tz_offset_at(z, w);
	}
	return (n);
}

/* local - off, saturated. */
static int64_t
tz_sub(int64_t local, int32_t off)
{
	int64_t r;

	if (__builtin_sub_overflow(local, (int64_t)off, &r))
		return (off > 0 ? INT64_MIN : INT64_MAX);
	return (r);
}

/*
 * With the changes chg[0..n) in the window around local_s: the instants
 * u with u + offset(u) == local_s into *early and *late; returns how many
 * were found (capped at 2, early < late).
 */
static int
tz_solve(const struct tz *z, int64_t local_s, const struct tz_chg *chg,
    int n, int64_t *early, int64_t *late)
{
	int64_t start = local_s - TZ_WINDOW, end, u;
	int32_t off = tz_offset_at(z, start);
	int i, found = 0;

	for (i = 0; i <= n; i++) {
		end = i < n ? chg[i].when : local_s + TZ_WINDOW + 1;
		u = local_s - off;
		if (u >= start && u < end) {
			if (found == 0 || u < *early)
				*early = u;
			if (found == 0 || u > *late)
				*late = u;
			found = *early == *late ? 1 : 2;
		}
		if (i < n) {
			start = chg[i].when;
			off = chg[i].off;
		}
	}
	return (found);
}

/* The offset before the gap that skips local_s, or 0 with none. */
static int
tz_gap(const struct tz *z, int64_t local_s, const struct tz_chg *chg,
    int n, int32_t *before)
{
	int32_t prev = tz_offset_at(z, local_s - TZ_WINDOW);
	int i;

	for (i = 0; i < n; i++) {
		if (prev < chg[i].off && chg[i].when + prev <= local_s &&
		    local_s < chg[i].when + chg[i].off) {
			*before = prev;
			return (1);
		}
		prev = chg[i].off;
	}
	return (0);
}

enum tz_kind
tz_local_to_utc(const struct tz *z, int64_t local_s, int64_t *early,
    int64_t *late)
{
	struct tz_chg chg[TZ_MAX_CHG];
	int32_t off;
	int n = 0;

	if (z->fixed || local_s < -TZ_T_LIMIT || local_s > TZ_T_LIMIT ||
	    (n = tz_changes(z, local_s - TZ_WINDOW, local_s + TZ_WINDOW,
	    chg)) < 0) {
		/* Constant offset, or out of reach: no DST to speak of. */
		*early = *late = tz_sub(local_s, tz_offset_at(z, local_s));
		return (TZ_UNIQUE);
	}
	switch (tz_solve(z, local_s, chg, n, early, late)) {
	case 1:
		return (TZ_UNIQUE);
	case 2:
		return (TZ_AMBIGUOUS);
	}
	if (tz_gap(z, local_s, chg, n, &off)) {
		*early = *late = local_s - off;
		return (TZ_GAP);
	}
	/* Not reached with offsets within +-26 h. */
	*early = *late = local_s - tz_offset_at(z, local_s);
	return (TZ_UNIQUE);
}

/* ---- Zone maps --------------------------------------------------------- */

struct tzmap_ent {
	char		*host;
	const struct tz	*zone;		/* owned by the map's zone list */
	uint64_t	 line;
};

struct tzmap {
	struct tzmap_ent *ents;		/* sorted by host, case-insensitively */
	size_t		 nents;
	struct tz	**zones;	/* each distinct zone name once */
	size_t		 nzones;
};

static int
tz_casecmp(const char *a, const char *b)
{
	unsigned char ca, cb;

	do {
		ca = (unsigned char)*a++;
		cb = (unsigned char)*b++;
		if (ca >= 'A' && ca <= 'Z')
			ca += 'a' - 'A';
		if (cb >= 'A' && cb <= 'Z')
			cb += 'a' - 'A';
	} while (ca == cb && ca != '\0');
	return (ca - cb);
}

static int
tzmap_cmp(const void *a, const void *b)
{
	const struct tzmap_ent *x = a, *y = b;
	int c = tz_casecmp(x->host, y->host);

	if (c != 0)
		return (c);
	return (x->line < y->line ? -1 : x->line > y->line);
}

/* The zone called name, loaded once per map. */
static const struct tz *
tzmap_zone(struct tzmap *m, const char *name, char *err, size_t errlen)
{
	struct tz *z;
	size_t i;

	for (i = 0; i < m->nzones; i++)
		if (strcmp(m->zones[i]->name, name) == 0)
			return (m->zones[i]);
	if ((z = tz_load(name, err, errlen)) == NULL)
		return (NULL);
	m->zones = xreallocarray(m->zones, m->nzones + 1, sizeof(*m->zones));
	m->zones[m->nzones++] = z;
	return (z);
}

/* Split line s into host and zone; NULL zone if it lacks one. */
static int
tzmap_split(char *s, char **host, char **zone)
{
	s += strspn(s, " \t");
	*host = s;
	*zone = NULL;
	s += strcspn(s, " \t");
	if (*s == '\0')
		return (0);
	*s++ = '\0';
	s += strspn(s, " \t");
	if (*s == '\0' || *s == '#')
		return (0);
	*zone = s;
	s += strcspn(s, " \t");
	if (*s == '\0')
		return (0);
	*s++ = '\0';
	s += strspn(s, " \t");
	return (*s == '\0' || *s == '#' ? 0 : -1);
}

/* Take one line of the map; 0, or -1 after a diagnostic. */
static int
tzmap_line(struct tzmap *m, char *s, const char *path, uint64_t line,
    const struct hop_diag *d)
{
	char *host, *zone, err[256];
	const struct tz *z;

	s += strspn(s, " \t");
	if (*s == '\0' || *s == '#')
		return (0);
	if (tzmap_split(s, &host, &zone) != 0) {
		hop_diag(d, HOP_SEV_ERROR, path, line,
		    "unexpected text after the zone of host %.100s", host);
		return (-1);
	}
	if (zone == NULL) {
		hop_diag(d, HOP_SEV_ERROR, path, line,
		    "missing zone for host %.100s", host);
		return (-1);
	}
	if ((z = tzmap_zone(m, zone, err, sizeof(err))) == NULL) {
		hop_diag(d, HOP_SEV_ERROR, path, line,
		    "time zone %.100s of host %.100s: %s", zone, host, err);
		return (-1);
	}
	m->ents = xreallocarray(m->ents, m->nents + 1, sizeof(*m->ents));
	m->ents[m->nents].host = xstrdup(host);
	m->ents[m->nents].zone = z;
	m->ents[m->nents++].line = line;
	return (0);
}

/* Sort the hosts; report hosts given two zones.  Returns the errors. */
static int
tzmap_sort(struct tzmap *m, const char *path, const struct hop_diag *d)
{
	const struct tzmap_ent *a, *b;
	size_t i;
	int bad = 0;

	if (m->nents > 1)
		qsort(m->ents, m->nents, sizeof(*m->ents), tzmap_cmp);
	for (i = 1; i < m->nents; i++) {
		a = &m->ents[i - 1];
		b = &m->ents[i];
		if (tz_casecmp(a->host, b->host) != 0 || a->zone == b->zone)
			continue;
		hop_diag(d, HOP_SEV_ERROR, path, b->line,
		    "host %.100s has zone %.100s here but %.100s on line %"
		    PRIu64, b->host, b->zone->name, a->zone->name, a->line);
		bad++;
	}
	return (bad);
}

struct tzmap *
tzmap_load(const char *path, const struct hop_diag *d)
{
	struct tzmap *m;
	char *line = NULL;
	size_t cap = 0;
	ssize_t len;
	uint64_t lineno = 0;
	int bad = 0;
	FILE *f;

	if ((f = fopen(path, "re")) == NULL) {
		hop_diag(d, HOP_SEV_ERROR, path, 0, "cannot open: %s",
		    strerror(errno));
		return (NULL);
	}
	m = xcalloc(1, sizeof(*m));
	while ((len = getline(&line, &cap, f)) != -1) {
		lineno++;
		while (len > 0 && (line[len - 1] == '\n' ||
		    line[len - 1] == '\r'))
			line[--len] = '\0';
		if (strlen(line) != (size_t)len) {
			hop_diag(d, HOP_SEV_ERROR, path, lineno, "NUL byte");
			bad++;
		} else if (tzmap_line(m, line, path, lineno, d) != 0)
			bad++;
	}
	if (ferror(f)) {
		hop_diag(d, HOP_SEV_ERROR, path, lineno, "read error");
		bad++;
	}
	free(line);
	fclose(f);
	bad += tzmap_sort(m, path, d);
	if (bad != 0) {
		tzmap_free(m);
		return (NULL);
	}
	return (m);
}

void
tzmap_free(struct tzmap *m)
{
	size_t i;

	if (m == NULL)
		return;
	for (i = 0; i < m->nents; i++)
		free(m->ents[i].host);
	for (i = 0; i < m->nzones; i++)
		tz_free(m->zones[i]);
	free(m->ents);
	free(m->zones);
	free(m);
}

static int
tzmap_key_cmp(const void *key, const void *ent)
{
	return (tz_casecmp(key, ((const struct tzmap_ent *)ent)->host));
}

const struct tz *
tzmap_get(const struct tzmap *m, const char *host)
{
	const struct tzmap_ent *e;

	if (m == NULL || host == NULL || m->nents == 0)
		return (NULL);
	e = bsearch(host, m->ents, m->nents, sizeof(*m->ents), tzmap_key_cmp);
	return (e != NULL ? e->zone : NULL);
}
