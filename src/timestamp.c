/* SPDX-License-Identifier: MIT */
/*
 * timestamp.c - timestamps to UTC microseconds with pure integer civil-date
 * arithmetic, plus parsers, year inference and RFC 3339 formatting.
 */
#include <stdio.h>
#include <string.h>

#include "timestamp.h"

#define TS_US_PER_DAY	(INT64_C(86400) * TS_US_PER_SEC)
#define TS_MAX_OFFSET	(18 * 3600)

static const char ts_months[12][4] = {
	"Jan", "Feb", "Mar", "Apr", "May", "Jun",
	"Jul", "Aug", "Sep", "Oct", "Nov", "Dec"
};

static int
ts_isdigit(char ch)
{
	return (ch >= '0' && ch <= '9');
}

static int
ts_isalnum(char ch)
{
	return (ts_isdigit(ch) || (ch >= 'a' && ch <= 'z') ||
	    (ch >= 'A' && ch <= 'Z'));
}

/* a / b rounded towards minus infinity; b > 0. */
static int64_t
ts_floor_div(int64_t a, int64_t b)
{
	int64_t q = a / b;

	if (a % b < 0)
		q--;
	return (q);
}

int
ts_is_leap(int y)
{
	return (y % 4 == 0 && (y % 100 != 0 || y % 400 == 0));
}

int
ts_days_in_month(int y, int m)
{
	static const unsigned char mdays[12] = {
		31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31
	};

	if (m < 1 || m > 12)
		return (0);
	if (m == 2 && ts_is_leap(y))
		return (29);
	return (mdays[m - 1]);
}

/* Howard Hinnant's days_from_civil, with eras of 400 years. */
int64_t
ts_days_from_civil(int y, int m, int d)
{
	int64_t yy, era, yoe, doy, doe;

	yy = (int64_t)y - (m <= 2);
	era = (yy >= 0 ? yy : yy - 399) / 400;
	yoe = yy - era * 400;
	doy = (153 * ((int64_t)m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return (era * 146097 + doe - 719468);
}

/* Howard Hinnant's civil_from_days. */
void
ts_civil_from_days(int64_t days, int *y, int *m, int *d)
{
	int64_t z, era, doe, yoe, doy, mp;

	z = days + 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = (int)(yoe + era * 400 + (*m <= 2));
}

int64_t
ts_civil_to_us(const struct ts_civil *c, int32_t default_offset_s)
{
	int64_t s;

	s = ts_days_from_civil(c->year, c->mon, c->day) * 86400 +
	    c->hour * 3600 + c->min * 60 + (c->sec > 59 ? 59 : c->sec);
	s -= c->has_offset ? c->offset_s : default_offset_s;
	return (s * TS_US_PER_SEC + c->usec);
}

int
ts_civil_valid(const struct ts_civil *c)
{
	/* Without a year, Feb 29 may still be real: check a leap year. */
	int year = c->has_year ? c->year : 2000;

	return (c->mon >= 1 && c->mon <= 12 && c->day >= 1 &&
	    c->day <= ts_days_in_month(year, c->mon) &&
	    c->hour >= 0 && c->hour <= 23 && c->min >= 0 && c->min <= 59 &&
	    c->sec >= 0 && c->sec <= 60 &&
	    c->usec >= 0 && c->usec <= 999999 &&
	    c->offset_s >= -TS_MAX_OFFSET && c->offset_s <= TS_MAX_OFFSET);
}

int
ts_num(const char *s, size_t len, size_t *p, int n, int *v)
{
	int i, x = 0;

	if (*p > len || len - *p < (size_t)n)
		return (0);
	for (i = 0; i < n; i++) {
		if (!ts_isdigit(s[*p + i]))
			return (0);
		x = x * 10 + (s[*p + i] - '0');
	}
	*p += n;
	*v = x;
	return (1);
}

/* Read the digits of a fraction at s[p..len) into *usec; returns the end. */
static size_t
ts_frac(const char *s, size_t len, size_t p, int32_t *usec)
{
	int32_t v = 0;
	int n = 0;

	for (; p < len && ts_isdigit(s[p]); p++) {
		if (n < 6) {
			v = v * 10 + (s[p] - '0');
			n++;
		}
	}
	for (; n < 6; n++)
		v *= 10;
	*usec = v;
	return (p);
}

/* Check the clock fields of c and fold a leap second; 1 or 0. */
static int
ts_clock_ok(struct ts_civil *c)
{
	if (c->hour > 23 || c->min > 59 || c->sec > 60)
		return (0);
	if (c->sec == 60)
		c->sec = 59;
	return (1);
}

/* Parse "YYYY-MM-DD" at the start of s into a zeroed *c; 10 or 0. */
static size_t
ts_date(const char *s, size_t len, struct ts_civil *c)
{
	size_t p = 0;

	memset(c, 0, sizeof(*c));
	if (!ts_num(s, len, &p, 4, &c->year) || p >= len || s[p++] != '-' ||
	    !ts_num(s, len, &p, 2, &c->mon) || p >= len || s[p++] != '-' ||
	    !ts_num(s, len, &p, 2, &c->day))
		return (0);
	c->has_year = 1;
	if (c->mon < 1 || c->mon > 12 || c->day < 1 ||
	    c->day > ts_days_in_month(c->year, c->mon))
		return (0);
	return (p);
}

/*
 * Parse "HH:MM[:SS[(.|,)frac]]" at s[p..len) into *c; returns the end or
 * 0.  A ':' not followed by a digit ends the clock before it.
 */
static size_t
ts_clock(const char *s, size_t len, size_t p, struct ts_civil *c)
{
	if (!ts_num(s, len, &p, 2, &c->hour) || p >= len || s[p++] != ':' ||
	    !ts_num(s, len, &p, 2, &c->min))
		return (0);
	if (p + 1 < len && s[p] == ':' && ts_isdigit(s[p + 1])) {
		p++;
		if (!ts_num(s, len, &p, 2, &c->sec))
			return (0);
		if (p + 1 < len && (s[p] == '.' || s[p] == ',') &&
		    ts_isdigit(s[p + 1]))
			p = ts_frac(s, len, p + 1, &c->usec);
	}
	return (ts_clock_ok(c) ? p : 0);
}

/*
 * Parse a zone at s[p..len): 'Z', 'z', or '+'/'-' then HH and an optional
 * [:]MM, within +-18:00 and not followed by a digit.  Returns the end and
 * sets *off, or 0.
 */
static size_t
ts_zone(const char *s, size_t len, size_t p, int32_t *off)
{
	int neg, hh, mm = 0;

	if (p < len && (s[p] == 'Z' || s[p] == 'z')) {
		*off = 0;
		return (p + 1);
	}
	if (p >= len || (s[p] != '+' && s[p] != '-'))
		return (0);
	neg = s[p++] == '-';
	if (!ts_num(s, len, &p, 2, &hh))
		return (0);
	if (p < len && s[p] == ':') {
		p++;
		if (!ts_num(s, len, &p, 2, &mm))
			return (0);
	} else if (p < len && ts_isdigit(s[p]) && !ts_num(s, len, &p, 2, &mm))
		return (0);
	if ((p < len && ts_isdigit(s[p])) || mm > 59 ||
	    hh * 3600 + mm * 60 > TS_MAX_OFFSET)
		return (0);
	*off = (hh * 3600 + mm * 60) * (neg ? -1 : 1);
	return (p);
}

size_t
ts_parse_iso8601(const char *s, size_t len, struct ts_civil *c)
{
	struct ts_civil t;
	size_t p, z = 0;
	int32_t off = 0;

	if (ts_date(s, len, &t) == 0 || len < 11 ||
	    (s[10] != 'T' && s[10] != 't' && s[10] != ' '))
		return (0);
	if ((p = ts_clock(s, len, 11, &t)) == 0)
		return (0);
	if (p < len && (s[p] == 'Z' || s[p] == 'z' || s[p] == '+' ||
	    s[p] == '-')) {
		/* A zone right after the clock must be well formed. */
		if ((z = ts_zone(s, len, p, &off)) == 0)
			return (0);
	} else if (p + 1 < len && s[p] == ' ') {
		/*
		 * After a space: +/- and digits, or a lone Z (not "Zeus"),
		 * or the word UTC or GMT (PostgreSQL's %m), but not one
		 * that an offset follows ("UTC+2").
		 */
		if (len - p - 1 >= 3 && (memcmp(s + p + 1, "UTC", 3) == 0 ||
		    memcmp(s + p + 1, "GMT", 3) == 0)) {
			off = 0;
			z = p + 4;
			if (z < len && (s[z] == '+' || s[z] == '-'))
				z = 0;
		} else
			z = ts_zone(s, len, p + 1, &off);
		if (z != 0 && !ts_isdigit(s[z - 1]) && z < len &&
		    ts_isalnum(s[z]))
			z = 0;
	}
	if (z != 0) {
		t.offset_s = off;
		t.has_offset = 1;
		p = z;
	}
	if (p < len && ts_isdigit(s[p]))
		return (0);
	*c = t;
	return (p);
}

size_t
ts_parse_rfc3164(const char *s, size_t len, struct ts_civil *c)
{
	struct ts_civil t;
	size_t p = 4;
	int m;

	if (len < 15 || s[3] != ' ')
		return (0);
	for (m = 0; m < 12 && memcmp(s, ts_months[m], 3) != 0; m++)
		continue;
	if (m == 12)
		return (0);
	memset(&t, 0, sizeof(t));
	t.mon = m + 1;
	if (s[p] == ' ')
		p++;
	if (!ts_num(s, len, &p, p == 5 ? 1 : 2, &t.day) || s[p++] != ' ' ||
	    !ts_num(s, len, &p, 2, &t.hour) || s[p++] != ':' ||
	    !ts_num(s, len, &p, 2, &t.min) || s[p++] != ':' ||
	    !ts_num(s, len, &p, 2, &t.sec))
		return (0);
	if (p + 1 < len && s[p] == '.' && ts_isdigit(s[p + 1]))
		p = ts_frac(s, len, p + 1, &t.usec);
	if ((p < len && ts_isdigit(s[p])) || !ts_clock_ok(&t) || t.day < 1 ||
	    t.day > ts_days_in_month(2000, t.mon))
		return (0);
	*c = t;
	return (p);
}

/* Month number 1..12 of the English abbreviation at s[0..3), or 0. */
static int
ts_month(const char *s)
{
	int m;

	for (m = 0; m < 12; m++)
		if (memcmp(s, ts_months[m], 3) == 0)
			return (m + 1);
	return (0);
}

/* 1 if the date of c (with its year) exists. */
static int
ts_date_ok(const struct ts_civil *c)
{
	return (c->mon >= 1 && c->mon <= 12 && c->day >= 1 &&
	    c->day <= ts_days_in_month(c->year, c->mon));
}

/* Read 1 or 2 digits at s[*p..len) into *v and advance *p; 1 or 0. */
static int
ts_num12(const char *s, size_t len, size_t *p, int *v)
{
	if (!ts_num(s, len, p, 1, v))
		return (0);
	if (*p < len && ts_isdigit(s[*p])) {
		*v = *v * 10 + (s[*p] - '0');
		(*p)++;
	}
	return (1);
}

size_t
ts_parse_ymd_slash(const char *s, size_t len, struct ts_civil *c)
{
	struct ts_civil t;
	size_t p = 0;

	memset(&t, 0, sizeof(t));
	if (!ts_num(s, len, &p, 4, &t.year) || p >= len || s[p++] != '/' ||
	    !ts_num(s, len, &p, 2, &t.mon) || p >= len || s[p++] != '/' ||
	    !ts_num(s, len, &p, 2, &t.day) || p >= len ||
	    (s[p] != ' ' && s[p] != 'T'))
		return (0);
	p++;
	if (!ts_num(s, len, &p, 2, &t.hour) || p >= len || s[p++] != ':' ||
	    !ts_num(s, len, &p, 2, &t.min) || p >= len || s[p++] != ':' ||
	    !ts_num(s, len, &p, 2, &t.sec))
		return (0);
	if (p + 1 < len && s[p] == '.' && ts_isdigit(s[p + 1]))
		p = ts_frac(s, len, p + 1, &t.usec);
	t.has_year = 1;
	if ((p < len && ts_isdigit(s[p])) || !ts_date_ok(&t) ||
	    !ts_clock_ok(&t))
		return (0);
	*c = t;
	return (p);
}

size_t
ts_parse_clf(const char *s, size_t len, struct ts_civil *c)
{
	struct ts_civil t;
	size_t p = 0;
	int hh, mm;

	memset(&t, 0, sizeof(t));
	if (len < 26 || !ts_num(s, len, &p, 2, &t.day) || s[2] != '/' ||
	    (t.mon = ts_month(s + 3)) == 0 || s[6] != '/')
		return (0);
	p = 7;
	if (!ts_num(s, len, &p, 4, &t.year) || s[p++] != ':' ||
	    !ts_num(s, len, &p, 2, &t.hour) || s[p++] != ':' ||
	    !ts_num(s, len, &p, 2, &t.min) || s[p++] != ':' ||
	    !ts_num(s, len, &p, 2, &t.sec) || s[p++] != ' ' ||
	    (s[p] != '+' && s[p] != '-'))
		return (0);
	p++;
	if (!ts_num(s, len, &p, 2, &hh) || !ts_num(s, len, &p, 2, &mm) ||
	    mm > 59 || hh * 3600 + mm * 60 > TS_MAX_OFFSET)
		return (0);
	t.offset_s = (hh * 3600 + mm * 60) * (s[21] == '-' ? -1 : 1);
	t.has_year = 1;
	t.has_offset = 1;
	if ((p < len && ts_isdigit(s[p])) || !ts_date_ok(&t) ||
	    !ts_clock_ok(&t))
		return (0);
	*c = t;
	return (p);
}

/*
 * Read an "AM"/"PM" marker at s[p..len) ("am", "a.m.", "A.M." ...): sets
 * *pm and returns the end, or 0.  A letter or digit may not follow.
 */
static size_t
ts_ampm(const char *s, size_t len, size_t p, int *pm)
{
	char ch;

	if (p + 1 >= len)
		return (0);
	ch = (char)(s[p] | 0x20);
	if (ch != 'a' && ch != 'p')
		return (0);
	*pm = ch == 'p';
	if ((s[p + 1] | 0x20) == 'm')
		p += 2;
	else if (p + 3 < len && s[p + 1] == '.' && (s[p + 2] | 0x20) == 'm' &&
	    s[p + 3] == '.')
		p += 4;
	else
		return (0);
	if (p < len && ts_isalnum(s[p]))
		return (0);
	return (p);
}

size_t
ts_parse_numdate(const char *s, size_t len, struct ts_civil *c,
    enum ts_order *order, enum ts_order *guess)
{
	struct ts_civil t;
	size_t p = 0, q, e;
	int a, b, pm = -1;
	char sep;
	enum ts_order o, g = TS_ORDER_UNKNOWN;

	*guess = TS_ORDER_UNKNOWN;
	memset(&t, 0, sizeof(t));
	if (!ts_num12(s, len, &p, &a) || p >= len ||
	    ((sep = s[p]) != '/' && sep != '.') || ++p >= len ||
	    !ts_num12(s, len, &p, &b) || p >= len || s[p++] != sep ||
	    !ts_num(s, len, &p, 4, &t.year) || p >= len || s[p++] != ' ' ||
	    !ts_num12(s, len, &p, &t.hour) || p >= len || s[p++] != ':' ||
	    !ts_num(s, len, &p, 2, &t.min))
		return (0);
	if (p + 1 < len && s[p] == ':' && ts_isdigit(s[p + 1])) {
		p++;
		if (!ts_num(s, len, &p, 2, &t.sec))
			return (0);
		if (p + 1 < len && s[p] == '.' && ts_isdigit(s[p + 1]))
			p = ts_frac(s, len, p + 1, &t.usec);
	}
	if (p < len && ts_isdigit(s[p]))
		return (0);
	q = p < len && s[p] == ' ' ? p + 1 : p;
	if ((e = ts_ampm(s, len, q, &pm)) == 0) {
		/* No marker: a 24-hour time, unless a marker went wrong. */
		if (q + 1 < len && ((s[q] | 0x20) == 'a' ||
		    (s[q] | 0x20) == 'p') && ((s[q + 1] | 0x20) == 'm' ||
		    s[q + 1] == '.'))
			return (0);
		e = p;
		pm = -1;
	}
	if (pm >= 0) {
		if (t.hour < 1 || t.hour > 12)
			return (0);
		t.hour = t.hour % 12 + (pm ? 12 : 0);
	}
	/* A number past 12 is the day; else the order known, or guessed. */
	if (a > 12 && b > 12)
		return (0);
	if (a > 12)
		o = TS_ORDER_DMY;
	else if (b > 12)
		o = TS_ORDER_MDY;
	else if ((o = *order) == TS_ORDER_UNKNOWN)
		o = g = sep == '/' && pm >= 0 ? TS_ORDER_MDY : TS_ORDER_DMY;
	t.mon = o == TS_ORDER_MDY ? a : b;
	t.day = o == TS_ORDER_MDY ? b : a;
	t.has_year = 1;
	if (!ts_date_ok(&t) || !ts_clock_ok(&t))
		return (0);
	if (a > 12 || b > 12)
		*order = o;
	if (a != b)
		*guess = g;
	*c = t;
	return (e);
}

size_t
ts_parse_epoch(const char *s, size_t len, struct ts_civil *c)
{
	/* 2000-01-01 and 2100-01-01 in seconds since the epoch. */
	const int64_t lo = INT64_C(946684800), hi = INT64_C(4102444800);
	struct ts_civil t;
	int64_t v = 0, secs, days, sod;
	size_t n = 0;

	while (n < len && n < 17 && ts_isdigit(s[n]))
		v = v * 10 + (s[n++] - '0');
	if (n < len && ts_isdigit(s[n]))
		return (0);
	memset(&t, 0, sizeof(t));
	if (n == 10) {
		secs = v;
		if (n + 1 < len && s[n] == '.' && ts_isdigit(s[n + 1]))
			n = ts_frac(s, len, n + 1, &t.usec);
	} else if (n == 13) {
		secs = v / 1000;
		t.usec = (int32_t)(v % 1000 * 1000);
	} else if (n == 16) {
		secs = v / TS_US_PER_SEC;
		t.usec = (int32_t)(v % TS_US_PER_SEC);
	} else
		return (0);
	if (secs < lo || secs >= hi)
		return (0);
	days = secs / 86400;
	sod = secs % 86400;
	ts_civil_from_days(days, &t.year, &t.mon, &t.day);
	t.hour = (int)(sod / 3600);
	t.min = (int)(sod / 60 % 60);
	t.sec = (int)(sod % 60);
	t.has_year = 1;
	t.has_offset = 1;
	*c = t;
	return (n);
}

size_t
ts_parse_ctime(const char *s, size_t len, struct ts_civil *c)
{
	static const char days[7][4] = {
		"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"
	};
	struct ts_civil t;
	size_t p;
	int d;

	if (len < 24 || s[3] != ' ')
		return (0);
	for (d = 0; d < 7 && memcmp(s, days[d], 3) != 0; d++)
		continue;
	if (d == 7 || (p = ts_parse_rfc3164(s + 4, len - 4, &t)) == 0)
		return (0);
	p += 4;
	if (p >= len || s[p++] != ' ' || !ts_num(s, len, &p, 4, &t.year) ||
	    (p < len && ts_isdigit(s[p])))
		return (0);
	t.has_year = 1;
	if (!ts_date_ok(&t))
		return (0);
	*c = t;
	return (p);
}

int
ts_parse_user(const char *s, int64_t *us)
{
	struct ts_civil c;
	size_t len = strlen(s), n;

	n = ts_parse_iso8601(s, len, &c);
	if (n == 0 || n != len) {
		if (len != 10 || ts_date(s, len, &c) != 10)
			return (-1);
	}
	*us = ts_civil_to_us(&c, 0);
	return (0);
}

int
ts_parse_offset(const char *s, int32_t *offset_s)
{
	size_t len = strlen(s), n;
	int32_t off;

	if (strcmp(s, "UTC") == 0) {
		*offset_s = 0;
		return (0);
	}
	n = ts_zone(s, len, 0, &off);
	if (n == 0 || n != len)
		return (-1);
	*offset_s = off;
	return (0);
}

void
ts_format_rfc3339(int64_t us, char buf[TS_RFC3339_LEN])
{
	int64_t lo, hi, days, rem;
	unsigned sod, usec;
	int y, m, d;

	lo = ts_days_from_civil(0, 1, 1) * TS_US_PER_DAY;
	hi = ts_days_from_civil(10000, 1, 1) * TS_US_PER_DAY - 1;
	if (us < lo)
		us = lo;
	else if (us > hi)
		us = hi;
	days = ts_floor_div(us, TS_US_PER_DAY);
	rem = us - days * TS_US_PER_DAY;
	ts_civil_from_days(days, &y, &m, &d);
	sod = (unsigned)(rem / TS_US_PER_SEC);
	usec = (unsigned)(rem % TS_US_PER_SEC);
	/* The modulos are no-ops that let the compiler see the field widths. */
	snprintf(buf, TS_RFC3339_LEN, "%04u-%02u-%02uT%02u:%02u:%02u.%06uZ",
	    (unsigned)y % 10000, (unsigned)m % 100, (unsigned)d % 100,
	    sod / 3600 % 100, sod / 60 % 60, sod % 60, usec % 1000000);
}

void
ts_year_init(struct ts_year *y)
{
	memset(y, 0, sizeof(*y));
}

int
ts_year_step(struct ts_year *y, int mon, int day)
{
	int delta = mon - y->last_mon, seg = y->seg, latest = 0;

	if (y->last_mon == 0)
		latest = 1;
	else if (delta <= -2) {
		seg = ++y->seg;
		latest = 1;
	} else if (delta == 11)
		seg = y->seg - 1;	/* late line from the old year */
	else if (delta > 0 || (delta == 0 && day > y->last_day))
		latest = 1;
	if (latest) {
		y->last_mon = mon;
		y->last_day = day;
	}
	y->end_mon = mon;
	y->end_day = day;
	y->end_seg = seg;
	return (seg);
}

int
ts_year_of(const struct ts_year *y, int seg, int64_t ref_us)
{
	int64_t rdays;
	int yr, rm, rd;

	rdays = ts_floor_div(ref_us, TS_US_PER_DAY);
	ts_civil_from_days(rdays, &yr, &rm, &rd);
	if (y->end_mon == 0)
		return (yr + seg);
	if (ts_days_from_civil(yr, y->end_mon, y->end_day) - rdays > 1)
		yr--;
	else if (ts_days_from_civil(yr + 1, y->end_mon, y->end_day) -
	    rdays <= 1)
		yr++;
	/* A Feb 29 stamp can only be in a leap year at or before that. */
	if (y->end_mon == 2 && y->end_day == 29)
		while (!ts_is_leap(yr))
			yr--;
	return (yr - (y->end_seg - seg));
}
