/* SPDX-License-Identifier: MIT */
/*
 * test_tz.c - unit tests for time zones: fixed offsets, system zones,
 * hand-made and hostile TZif files, POSIX TZ footers checked against
 * glibc, and per-host zone maps.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <sys/stat.h>

#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "timestamp.h"
#include "tz.h"

#define H	3600

static char tmpdir[64];		/* TZDIR of the hand-made zones */

/* UTC (or local wall-clock) seconds of a civil date and time. */
static int64_t
secs(int y, int mo, int d, int h, int mi, int s)
{
	return (ts_days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + s);
}

static struct tz *
load(const char *name)
{
	char err[256] = "";
	struct tz *z = tz_load(name, err, sizeof(err));

	if (z == NULL)
		fail_msg("tz_load(%s): %s", name, err);
	return (z);
}

/* Convert local and check the kind and both instants. */
static void
check_local(const struct tz *z, int64_t local, enum tz_kind want,
    int64_t want_early, int64_t want_late)
{
	int64_t early = -1, late = -1;
	enum tz_kind k = tz_local_to_utc(z, local, &early, &late);

	if (k != want || early != want_early || late != want_late)
		fail_msg("%s: local %lld: kind %d early %lld late %lld, want "
		    "%d %lld %lld", tz_name(z), (long long)local, k,
		    (long long)early, (long long)late, want,
		    (long long)want_early, (long long)want_late);
}

/* utc must be among the instants of its own local time. */
static void
check_round_trip(const struct tz *z, int64_t utc)
{
	int64_t local = utc + tz_offset_at(z, utc), early, late;
	enum tz_kind k = tz_local_to_utc(z, local, &early, &late);

	if (k == TZ_GAP || (early != utc && late != utc) ||
	    (k == TZ_UNIQUE && early != late) ||
	    (k == TZ_AMBIGUOUS && early >= late))
		fail_msg("%s: utc %lld local %lld: kind %d early %lld late "
		    "%lld", tz_name(z), (long long)utc, (long long)local, k,
		    (long long)early, (long long)late);
}

/* Whatever local is, the answer must be consistent with tz_offset_at. */
static void
check_local_any(const struct tz *z, int64_t local)
{
	int64_t early, late;
	enum tz_kind k = tz_local_to_utc(z, local, &early, &late);
	int ok;

	switch (k) {
	case TZ_UNIQUE:
		ok = early == late && early + tz_offset_at(z, early) == local;
		break;
	case TZ_AMBIGUOUS:
		ok = early < late && early + tz_offset_at(z, early) == local &&
		    late + tz_offset_at(z, late) == local;
		break;
	default:
		/* Taken at the offset before the gap, which ends after. */
		ok = early == late && tz_offset_at(z, early) > local - early &&
		    tz_offset_at(z, early - 1 - 26 * H) <= local - early;
		break;
	}
	if (!ok)
		fail_msg("%s: local %lld: kind %d early %lld late %lld",
		    tz_name(z), (long long)local, k, (long long)early,
		    (long long)late);
}

/* ---- Hand-made TZif files ------------------------------------------------ */

struct tzb {
	unsigned char	 b[8192];
	size_t		 n;
	size_t		 hdr2;		/* offset of the second header */
	size_t		 data2;		/* offset of the 64-bit data */
	size_t		 foot;		/* offset of the footer */
};

struct zspec {
	int		 version;	/* 0, '2', '3' ... */
	size_t		 ntrans;
	int64_t		 trans[8];
	unsigned char	 idx[8];
	size_t		 ntypes;
	int32_t		 utoff[4];
	unsigned char	 isdst[4];
	const char	*footer;	/* NULL: no footer at all */
};

static void
b_put(struct tzb *b, const void *p, size_t n)
{
	assert_true(b->n + n <= sizeof(b->b));
	memcpy(b->b + b->n, p, n);
	b->n += n;
}

static void
b_be(struct tzb *b, uint64_t v, int bytes)
{
	unsigned char c;

	while (bytes-- > 0) {
		c = (unsigned char)(v >> (8 * bytes));
		b_put(b, &c, 1);
	}
}

static void
b_block(struct tzb *b, const struct zspec *z, int tsize)
{
	static const unsigned char zero[15];
	unsigned char v = (unsigned char)z->version;
	size_t i;

	b_put(b, "TZif", 4);
	b_put(b, &v, 1);
	b_put(b, zero, 15);
	b_be(b, 0, 4);
	b_be(b, 0, 4);
	b_be(b, 0, 4);
	b_be(b, z->ntrans, 4);
	b_be(b, z->ntypes, 4);
	b_be(b, 4, 4);
	for (i = 0; i < z->ntrans; i++)
		b_be(b, (uint64_t)z->trans[i], tsize);
	b_put(b, z->idx, z->ntrans);
	for (i = 0; i < z->ntypes; i++) {
		b_be(b, (uint32_t)z->utoff[i], 4);
		b_put(b, &z->isdst[i], 1);
		b_be(b, 0, 1);
	}
	b_put(b, "ABC", 4);
}

static void
mk_tzif(struct tzb *b, const struct zspec *z)
{
	memset(b, 0, sizeof(*b));
	b_block(b, z, 4);
	b->hdr2 = b->n;
	if (z->version == 0)
		return;
	b_block(b, z, 8);
	b->data2 = b->hdr2 + 44;
	b->foot = b->n;
	if (z->footer != NULL) {
		b_put(b, "\n", 1);
		b_put(b, z->footer, strlen(z->footer));
		b_put(b, "\n", 1);
	}
}

static void
set_be32(struct tzb *b, size_t off, uint32_t v)
{
	b->b[off] = (unsigned char)(v >> 24);
	b->b[off + 1] = (unsigned char)(v >> 16);
	b->b[off + 2] = (unsigned char)(v >> 8);
	b->b[off + 3] = (unsigned char)v;
}

/* Write p[0..n) as zone Test/Zone and load it; NULL if refused. */
static struct tz *
load_bytes(const void *p, size_t n)
{
	char path[128], err[256] = "";
	struct tz *z;
	FILE *f;

	snprintf(path, sizeof(path), "%s/Test/Zone", tmpdir);
	assert_non_null(f = fopen(path, "wb"));
	assert_int_equal(fwrite(p, 1, n, f), n);
	assert_int_equal(fclose(f), 0);
	z = tz_load("Test/Zone", err, sizeof(err));
	if (z == NULL)
		assert_true(err[0] != '\0');
	return (z);
}

/* A Berlin-like zone: two transitions in 2000, then the footer. */
static void
berlin_spec(struct zspec *z, int version, const char *footer)
{
	memset(z, 0, sizeof(*z));
	z->version = version;
	z->ntrans = 2;
	z->trans[0] = secs(2000, 3, 26, 1, 0, 0);
	z->trans[1] = secs(2000, 10, 29, 1, 0, 0);
	z->idx[0] = 0;
	z->idx[1] = 1;
	z->ntypes = 2;
	z->utoff[0] = 2 * H;		/* CEST first: not used before 2000 */
	z->isdst[0] = 1;
	z->utoff[1] = 1 * H;
	z->isdst[1] = 0;
	z->footer = footer;
}

static int
rm_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return (remove(path));
}

static int
group_setup(void **state)
{
	char path[128];

	(void)state;
	snprintf(tmpdir, sizeof(tmpdir), "/tmp/test_tz.XXXXXX");
	if (mkdtemp(tmpdir) == NULL)
		return (-1);
	snprintf(path, sizeof(path), "%s/Test", tmpdir);
	return (mkdir(path, 0700));
}

static int
group_teardown(void **state)
{
	(void)state;
	return (nftw(tmpdir, rm_entry, 16, FTW_DEPTH | FTW_PHYS));
}

static int
tzdir_on(void **state)
{
	(void)state;
	return (setenv("TZDIR", tmpdir, 1));
}

static int
tzdir_off(void **state)
{
	(void)state;
	return (unsetenv("TZDIR"));
}

/* ---- Fixed offsets and names -------------------------------------------- */

static void
test_fixed(void **state)
{
	static const struct {
		const char	*name;
		int32_t		 off;
	} ok[] = {
		{ "UTC", 0 }, { "Z", 0 }, { "+08:00", 8 * H },
		{ "-0500", -5 * H }, { "+09", 9 * H }, { "+05:30", 19800 },
		{ "-03:30", -12600 }, { "+00:00", 0 },
	};
	static const char *const bad[] = { "+25:00", "+8", "-5:00", "+08:0",
	    "+0800x", "utcx" };
	char err[256];
	struct tz *z;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
		z = load(ok[i].name);
		assert_string_equal(tz_name(z), ok[i].name);
		assert_true(tz_is_fixed(z));
		assert_int_equal(tz_offset_at(z, secs(2016, 7, 1, 0, 0, 0)),
		    ok[i].off);
		assert_int_equal(tz_offset_at(z, INT64_MIN), ok[i].off);
		check_local(z, secs(2016, 3, 27, 2, 30, 0), TZ_UNIQUE,
		    secs(2016, 3, 27, 2, 30, 0) - ok[i].off,
		    secs(2016, 3, 27, 2, 30, 0) - ok[i].off);
		tz_free(z);
	}
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		err[0] = '\0';
		if (tz_load(bad[i], err, sizeof(err)) != NULL)
			fail_msg("%s: accepted", bad[i]);
		assert_true(err[0] != '\0');
	}
	tz_free(NULL);
}

static void
test_bad_names(void **state)
{
	static const char *const bad[] = {
		"../etc/passwd", "/etc/passwd", "Europe/../../etc/passwd",
		"Europe/..", "Europe/Ber lin", "Europe/Berlin\n", "",
		"Europe/Berlin;", "Nowhere/Land", "Europe", "Europe/",
		"Europe/Berlin/x",
	};
	char err[256];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		err[0] = '\0';
		if (tz_load(bad[i], err, sizeof(err)) != NULL)
			fail_msg("\"%s\": accepted", bad[i]);
		assert_true(err[0] != '\0');
	}
	/* A NULL or empty err buffer is allowed. */
	assert_null(tz_load("../etc/passwd", NULL, 0));
}

/* ---- System zones -------------------------------------------------------- */

static void
test_berlin_2016(void **state)
{
	struct tz *z = load("Europe/Berlin");

	(void)state;
	assert_string_equal(tz_name(z), "Europe/Berlin");
	assert_false(tz_is_fixed(z));
	assert_int_equal(tz_offset_at(z, secs(2016, 1, 15, 12, 0, 0)), 1 * H);
	assert_int_equal(tz_offset_at(z, secs(2016, 7, 15, 12, 0, 0)), 2 * H);
	assert_int_equal(tz_offset_at(z, secs(2016, 3, 27, 0, 59, 59)), 1 * H);
	assert_int_equal(tz_offset_at(z, secs(2016, 3, 27, 1, 0, 0)), 2 * H);
	assert_int_equal(tz_offset_at(z, secs(2016, 10, 30, 0, 59, 59)),
	    2 * H);
	assert_int_equal(tz_offset_at(z, secs(2016, 10, 30, 1, 0, 0)), 1 * H);
	/* Spring forward: 02:30 does not exist; taken at +01:00. */
	check_local(z, secs(2016, 3, 27, 2, 30, 0), TZ_GAP,
	    secs(2016, 3, 27, 1, 30, 0), secs(2016, 3, 27, 1, 30, 0));
	check_local(z, secs(2016, 3, 27, 2, 0, 0), TZ_GAP,
	    secs(2016, 3, 27, 1, 0, 0), secs(2016, 3, 27, 1, 0, 0));
	check_local(z, secs(2016, 3, 27, 1, 59, 59), TZ_UNIQUE,
	    secs(2016, 3, 27, 0, 59, 59), secs(2016, 3, 27, 0, 59, 59));
	check_local(z, secs(2016, 3, 27, 3, 0, 0), TZ_UNIQUE,
	    secs(2016, 3, 27, 1, 0, 0), secs(2016, 3, 27, 1, 0, 0));
	/* Fall back: 02:30 happens twice. */
	check_local(z, secs(2016, 10, 30, 2, 30, 0), TZ_AMBIGUOUS,
	    secs(2016, 10, 30, 0, 30, 0), secs(2016, 10, 30, 1, 30, 0));
	check_local(z, secs(2016, 10, 30, 2, 0, 0), TZ_AMBIGUOUS,
	    secs(2016, 10, 30, 0, 0, 0), secs(2016, 10, 30, 1, 0, 0));
	check_local(z, secs(2016, 10, 30, 3, 0, 0), TZ_UNIQUE,
	    secs(2016, 10, 30, 2, 0, 0), secs(2016, 10, 30, 2, 0, 0));
	check_local(z, secs(2016, 10, 30, 1, 59, 59), TZ_UNIQUE,
	    secs(2016, 10, 29, 23, 59, 59), secs(2016, 10, 29, 23, 59, 59));
	check_local(z, secs(2016, 7, 1, 12, 0, 0), TZ_UNIQUE,
	    secs(2016, 7, 1, 10, 0, 0), secs(2016, 7, 1, 10, 0, 0));
	tz_free(z);
}

static void
test_new_york_2014(void **state)
{
	struct tz *z = load("America/New_York");

	(void)state;
	assert_int_equal(tz_offset_at(z, secs(2014, 3, 9, 6, 59, 59)), -5 * H);
	assert_int_equal(tz_offset_at(z, secs(2014, 3, 9, 7, 0, 0)), -4 * H);
	assert_int_equal(tz_offset_at(z, secs(2014, 11, 2, 5, 59, 59)),
	    -4 * H);
	assert_int_equal(tz_offset_at(z, secs(2014, 11, 2, 6, 0, 0)), -5 * H);
	check_local(z, secs(2014, 3, 9, 2, 30, 0), TZ_GAP,
	    secs(2014, 3, 9, 7, 30, 0), secs(2014, 3, 9, 7, 30, 0));
	check_local(z, secs(2014, 11, 2, 1, 30, 0), TZ_AMBIGUOUS,
	    secs(2014, 11, 2, 5, 30, 0), secs(2014, 11, 2, 6, 30, 0));
	check_local(z, secs(2014, 11, 3, 2, 14, 7), TZ_UNIQUE,
	    secs(2014, 11, 3, 7, 14, 7), secs(2014, 11, 3, 7, 14, 7));
	tz_free(z);
}

static void
test_sydney(void **state)
{
	struct tz *z = load("Australia/Sydney");

	(void)state;
	assert_int_equal(tz_offset_at(z, secs(2016, 1, 15, 0, 0, 0)), 11 * H);
	assert_int_equal(tz_offset_at(z, secs(2016, 7, 15, 0, 0, 0)), 10 * H);
	assert_int_equal(tz_offset_at(z, secs(2016, 12, 31, 23, 0, 0)),
	    11 * H);
	/* Fall back on 2016-04-03 03:00 AEDT, spring on 2016-10-02. */
	check_local(z, secs(2016, 4, 3, 2, 30, 0), TZ_AMBIGUOUS,
	    secs(2016, 4, 2, 15, 30, 0), secs(2016, 4, 2, 16, 30, 0));
	check_local(z, secs(2016, 10, 2, 2, 30, 0), TZ_GAP,
	    secs(2016, 10, 1, 16, 30, 0), secs(2016, 10, 1, 16, 30, 0));
	check_local(z, secs(2017, 1, 1, 0, 30, 0), TZ_UNIQUE,
	    secs(2016, 12, 31, 13, 30, 0), secs(2016, 12, 31, 13, 30, 0));
	tz_free(z);
}

static void
test_asia(void **state)
{
	struct tz *z;
	int64_t t;

	(void)state;
	z = load("Asia/Shanghai");
	for (t = secs(2014, 1, 1, 0, 0, 0); t < secs(2027, 1, 1, 0, 0, 0);
	    t += 86400 * 7)
		assert_int_equal(tz_offset_at(z, t), 8 * H);
	check_local(z, secs(2016, 3, 27, 2, 30, 0), TZ_UNIQUE,
	    secs(2016, 3, 26, 18, 30, 0), secs(2016, 3, 26, 18, 30, 0));
	tz_free(z);
	z = load("Asia/Kolkata");
	assert_int_equal(tz_offset_at(z, secs(2016, 7, 1, 0, 0, 0)), 19800);
	assert_int_equal(tz_offset_at(z, secs(2040, 1, 1, 0, 0, 0)), 19800);
	check_local(z, secs(2016, 7, 1, 5, 30, 0), TZ_UNIQUE,
	    secs(2016, 7, 1, 0, 0, 0), secs(2016, 7, 1, 0, 0, 0));
	tz_free(z);
	/* A zone that never changed its offset counts as fixed. */
	z = load("Etc/GMT-3");
	assert_true(tz_is_fixed(z));
	assert_int_equal(tz_offset_at(z, secs(2016, 7, 1, 0, 0, 0)), 3 * H);
	tz_free(z);
}

static void
test_future(void **state)
{
	struct tz *be = load("Europe/Berlin");
	struct tz *ny = load("America/New_York");
	struct tz *sy = load("Australia/Sydney");
	static const int years[] = { 2035, 2038, 2040, 2100, 2500, 9999 };
	size_t i;
	int y;

	(void)state;
	for (i = 0; i < sizeof(years) / sizeof(years[0]); i++) {
		y = years[i];
		assert_int_equal(tz_offset_at(be, secs(y, 1, 15, 0, 0, 0)), H);
		assert_int_equal(tz_offset_at(be, secs(y, 7, 15, 0, 0, 0)),
		    2 * H);
		assert_int_equal(tz_offset_at(ny, secs(y, 1, 15, 0, 0, 0)),
		    -5 * H);
		assert_int_equal(tz_offset_at(ny, secs(y, 7, 15, 0, 0, 0)),
		    -4 * H);
		assert_int_equal(tz_offset_at(sy, secs(y, 1, 15, 0, 0, 0)),
		    11 * H);
		assert_int_equal(tz_offset_at(sy, secs(y, 7, 15, 0, 0, 0)),
		    10 * H);
	}
	/* 2035-03-25 and 2035-10-28 are the last Sundays. */
	check_local(be, secs(2035, 3, 25, 2, 30, 0), TZ_GAP,
	    secs(2035, 3, 25, 1, 30, 0), secs(2035, 3, 25, 1, 30, 0));
	check_local(be, secs(2035, 10, 28, 2, 30, 0), TZ_AMBIGUOUS,
	    secs(2035, 10, 28, 0, 30, 0), secs(2035, 10, 28, 1, 30, 0));
	check_local(be, secs(2040, 10, 28, 2, 30, 0), TZ_AMBIGUOUS,
	    secs(2040, 10, 28, 0, 30, 0), secs(2040, 10, 28, 1, 30, 0));
	/* Out of reach of the rule: still an answer, no overflow. */
	(void)tz_offset_at(be, INT64_MAX);
	(void)tz_offset_at(be, INT64_MIN);
	check_local(be, INT64_MAX, TZ_UNIQUE,
	    INT64_MAX - tz_offset_at(be, INT64_MAX),
	    INT64_MAX - tz_offset_at(be, INT64_MAX));
	check_local(be, INT64_MIN + 1, TZ_UNIQUE, INT64_MIN, INT64_MIN);
	tz_free(be);
	tz_free(ny);
	tz_free(sy);
}

/* Offsets of zone (TZ syntax for glibc) and z from lo to hi every step. */
static void
sweep_vs_glibc(const char *tzenv, const struct tz *z, int64_t lo,
    int64_t hi, int64_t step)
{
	struct tm tm;
	time_t tt;
	int64_t t;

	assert_int_equal(setenv("TZ", tzenv, 1), 0);
	tzset();
	for (t = lo; t < hi; t += step) {
		tt = (time_t)t;
		assert_non_null(localtime_r(&tt, &tm));
		if (tm.tm_gmtoff != tz_offset_at(z, t))
			fail_msg("%s: at %lld glibc %ld, tz %d", tzenv,
			    (long long)t, tm.tm_gmtoff, tz_offset_at(z, t));
		check_round_trip(z, t);
		check_local_any(z, t);
	}
	unsetenv("TZ");
	tzset();
}

static void
test_glibc_zones(void **state)
{
	static const char *const zones[] = {
		"Europe/Berlin", "America/New_York", "Australia/Sydney",
		"Asia/Kolkata", "Europe/London", "America/Sao_Paulo",
		"Australia/Lord_Howe", "Pacific/Chatham", "Europe/Dublin",
		"Africa/Casablanca", "America/Santiago", "Asia/Tehran",
		"Pacific/Apia", "America/St_Johns", "Europe/Moscow",
	};
	char env[64];
	struct tz *z;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(zones) / sizeof(zones[0]); i++) {
		z = load(zones[i]);
		snprintf(env, sizeof(env), ":%s", zones[i]);
		sweep_vs_glibc(env, z, secs(2014, 1, 1, 0, 0, 0),
		    secs(2027, 1, 1, 0, 0, 0), 1800);
		sweep_vs_glibc(env, z, secs(1970, 1, 1, 0, 0, 0),
		    secs(2014, 1, 1, 0, 0, 0), 6 * H + 7);
		sweep_vs_glibc(env, z, secs(2027, 1, 1, 0, 0, 0),
		    secs(2100, 1, 1, 0, 0, 0), 86400 - 13);
		tz_free(z);
	}
}

/* POSIX TZ rules alone (a TZif file with no transitions) against glibc. */
static void
test_glibc_rules(void **state)
{
	static const char *const rules[] = {
		"CET-1CEST,M3.5.0,M10.5.0/3",
		"EST5EDT,M3.2.0,M11.1.0",
		"AEST-10AEDT,M10.1.0,M4.1.0/3",
		"<+08>-8",
		"NZST-12NZDT,M9.5.0,M4.1.0/3",
		"<-03>3<-02>,M3.5.0/-2,M10.5.0/-1",
		"<+0330>-3:30<+0430>,J79/24,J263/24",
		"IST-1GMT0,M10.5.0,M3.5.0/1",
		"XXX3YYY,J60/2,J300/2",
		"XXX3YYY,59/2,299/2:30",
		"<-01>1<+00>,M3.5.0/0,M10.5.0/1",
		"<+1245>-12:45<+1345>,M9.5.0/2:45,M4.1.0/3:45",
		"AAA-2BBB-3,M3.5.0/-26,M10.5.0/50",
		"AAA+3:30:15BBB+2:30:15,M4.1.6/0:0:1,M9.5.5/23:59:59",
		"<-10>10<-0930>9:30,M1.1.1/100,M7.5.4/-100",
	};
	struct zspec spec;
	struct tzb b;
	struct tz *z;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(rules) / sizeof(rules[0]); i++) {
		memset(&spec, 0, sizeof(spec));
		spec.version = '3';
		spec.ntypes = 1;
		spec.footer = rules[i];
		mk_tzif(&b, &spec);
		if ((z = load_bytes(b.b, b.n)) == NULL)
			fail_msg("%s: refused", rules[i]);
		sweep_vs_glibc(rules[i], z, secs(2015, 1, 1, 0, 0, 0),
		    secs(2017, 1, 1, 0, 0, 0), 900);
		sweep_vs_glibc(rules[i], z, secs(1990, 1, 1, 0, 0, 0),
		    secs(2060, 1, 1, 0, 0, 0), 86400 - 13);
		tz_free(z);
	}
}

/*
 * Daylight saving time all year (RFC 8536 3.3.1).  glibc computes the
 * rule per UTC year and gets the first hours of each year wrong.
 */
static void
test_all_year_dst(void **state)
{
	struct zspec spec;
	struct tzb b;
	struct tz *z;
	int64_t t;

	(void)state;
	memset(&spec, 0, sizeof(spec));
	spec.version = '3';
	spec.ntypes = 1;
	spec.footer = "EST5EDT,0/0,J365/25";
	mk_tzif(&b, &spec);
	assert_non_null(z = load_bytes(b.b, b.n));
	for (t = secs(2014, 12, 30, 0, 0, 0); t < secs(2017, 1, 3, 0, 0, 0);
	    t += 1800) {
		assert_int_equal(tz_offset_at(z, t), -4 * H);
		check_round_trip(z, t);
	}
	check_local(z, secs(2016, 1, 1, 0, 30, 0), TZ_UNIQUE,
	    secs(2016, 1, 1, 4, 30, 0), secs(2016, 1, 1, 4, 30, 0));
	tz_free(z);
}

/* A daylight name without dates takes the US rules. */
static void
test_default_rule(void **state)
{
	struct zspec spec;
	struct tzb b;
	struct tz *z;

	(void)state;
	memset(&spec, 0, sizeof(spec));
	spec.version = '2';
	spec.ntypes = 1;
	spec.footer = "AAA8BBB";
	mk_tzif(&b, &spec);
	assert_non_null(z = load_bytes(b.b, b.n));
	assert_int_equal(tz_offset_at(z, secs(2014, 3, 9, 9, 59, 59)), -8 * H);
	assert_int_equal(tz_offset_at(z, secs(2014, 3, 9, 10, 0, 0)), -7 * H);
	assert_int_equal(tz_offset_at(z, secs(2014, 11, 2, 8, 59, 59)),
	    -7 * H);
	assert_int_equal(tz_offset_at(z, secs(2014, 11, 2, 9, 0, 0)), -8 * H);
	tz_free(z);
}

/* ---- Hand-made files ----------------------------------------------------- */

/* Transitions only in the footer after 2000, as in Debian's slim files. */
static void
test_slim(void **state)
{
	struct zspec spec;
	struct tzb b;
	struct tz *z;

	(void)state;
	berlin_spec(&spec, '2', "CET-1CEST,M3.5.0,M10.5.0/3");
	mk_tzif(&b, &spec);
	assert_non_null(z = load_bytes(b.b, b.n));
	assert_false(tz_is_fixed(z));
	/* Before the first transition: the first standard type. */
	assert_int_equal(tz_offset_at(z, secs(1999, 7, 1, 0, 0, 0)), H);
	assert_int_equal(tz_offset_at(z, secs(2000, 7, 1, 0, 0, 0)), 2 * H);
	assert_int_equal(tz_offset_at(z, secs(2000, 10, 29, 1, 0, 0)), H);
	assert_int_equal(tz_offset_at(z, secs(2016, 7, 15, 0, 0, 0)), 2 * H);
	assert_int_equal(tz_offset_at(z, secs(2016, 1, 15, 0, 0, 0)), H);
	check_local(z, secs(2016, 3, 27, 2, 30, 0), TZ_GAP,
	    secs(2016, 3, 27, 1, 30, 0), secs(2016, 3, 27, 1, 30, 0));
	check_local(z, secs(2016, 10, 30, 2, 30, 0), TZ_AMBIGUOUS,
	    secs(2016, 10, 30, 0, 30, 0), secs(2016, 10, 30, 1, 30, 0));
	/* Across the end of the table. */
	check_local(z, secs(2000, 10, 29, 2, 30, 0), TZ_AMBIGUOUS,
	    secs(2000, 10, 29, 0, 30, 0), secs(2000, 10, 29, 1, 30, 0));
	check_local(z, secs(2001, 3, 25, 2, 30, 0), TZ_GAP,
	    secs(2001, 3, 25, 1, 30, 0), secs(2001, 3, 25, 1, 30, 0));
	tz_free(z);

	/* Version 1: no footer, the last type holds for ever. */
	berlin_spec(&spec, 0, NULL);
	mk_tzif(&b, &spec);
	assert_non_null(z = load_bytes(b.b, b.n));
	assert_int_equal(tz_offset_at(z, secs(2000, 7, 1, 0, 0, 0)), 2 * H);
	assert_int_equal(tz_offset_at(z, secs(2016, 7, 15, 0, 0, 0)), H);
	tz_free(z);

	/* An empty footer, and none at all, mean the same; v4 and v5 read. */
	berlin_spec(&spec, '4', "");
	mk_tzif(&b, &spec);
	assert_non_null(z = load_bytes(b.b, b.n));
	assert_int_equal(tz_offset_at(z, secs(2016, 7, 15, 0, 0, 0)), H);
	tz_free(z);
	berlin_spec(&spec, '5', NULL);
	mk_tzif(&b, &spec);
	assert_non_null(z = load_bytes(b.b, b.n));
	assert_int_equal(tz_offset_at(z, secs(2016, 7, 15, 0, 0, 0)), H);
	tz_free(z);
}

/* Offsets of a and b agree from lo to hi every step. */
static void
same_offsets(const struct tz *a, const struct tz *b, int64_t lo, int64_t hi,
    int64_t step)
{
	int64_t t;

	for (t = lo; t < hi; t += step) {
		if (tz_offset_at(a, t) != tz_offset_at(b, t))
			fail_msg("at %lld: %s %d, %s %d", (long long)t,
			    tz_name(a), tz_offset_at(a, t), tz_name(b),
			    tz_offset_at(b, t));
		check_round_trip(a, t);
		check_local_any(a, t);
	}
}

/*
 * A slim Berlin (table up to 2000, then the footer) agrees with the
 * system's, and the table built from the footer at load agrees with the
 * footer alone (a file without transitions) and far beyond the table.
 */
static void
test_slim_vs_system(void **state)
{
	struct zspec spec;
	struct tzb b;
	struct tz *sys, *slim, *rule;

	(void)state;
	unsetenv("TZDIR");
	sys = load("Europe/Berlin");
	setenv("TZDIR", tmpdir, 1);
	berlin_spec(&spec, '2', "CET-1CEST,M3.5.0,M10.5.0/3");
	mk_tzif(&b, &spec);
	assert_non_null(slim = load_bytes(b.b, b.n));
	memset(&spec, 0, sizeof(spec));
	spec.version = '2';
	spec.ntypes = 1;
	spec.footer = "CET-1CEST,M3.5.0,M10.5.0/3";
	mk_tzif(&b, &spec);
	assert_non_null(rule = load_bytes(b.b, b.n));
	same_offsets(slim, sys, secs(2000, 1, 1, 0, 0, 0),
	    secs(2100, 1, 1, 0, 0, 0), 3 * H + 17);
	same_offsets(slim, rule, secs(2000, 11, 1, 0, 0, 0),
	    secs(2300, 1, 1, 0, 0, 0), 86400 - 17);
	same_offsets(rule, slim, secs(2190, 1, 1, 0, 0, 0),
	    secs(2220, 1, 1, 0, 0, 0), 1800);
	tz_free(sys);
	tz_free(slim);
	tz_free(rule);
}

/* Load b with its 32-bit count at off set to v: must be refused. */
static void
refuse_count(const struct tzb *good, size_t off, uint32_t v)
{
	struct tzb b = *good;

	set_be32(&b, off, v);
	if (load_bytes(b.b, b.n) != NULL)
		fail_msg("count at %zu = %u: accepted", off, v);
}

static void
test_bad_counts(void **state)
{
	struct zspec spec;
	struct tzb good, b;
	struct tz *z;
	size_t h2;

	(void)state;
	berlin_spec(&spec, '2', "CET-1CEST,M3.5.0,M10.5.0/3");
	mk_tzif(&good, &spec);
	h2 = good.hdr2;
	refuse_count(&good, h2 + 20, 1);		/* isutcnt != typecnt */
	refuse_count(&good, h2 + 24, 3);		/* isstdcnt */
	refuse_count(&good, h2 + 28, 1);		/* leapcnt */
	refuse_count(&good, h2 + 32, 3);		/* timecnt */
	refuse_count(&good, h2 + 32, 200000);
	refuse_count(&good, h2 + 32, 0xffffffffu);
	refuse_count(&good, h2 + 36, 0);		/* typecnt */
	refuse_count(&good, h2 + 36, 300);
	refuse_count(&good, h2 + 40, 0);		/* charcnt */
	refuse_count(&good, h2 + 40, 0x7fffffffu);
	refuse_count(&good, 32, 0xffffffffu);		/* v1 timecnt */
	refuse_count(&good, 40, 5000);			/* v1 charcnt */
	/* Bad magic, bad version. */
	b = good;
	b.b[0] = 'X';
	assert_null(load_bytes(b.b, b.n));
	b = good;
	b.b[4] = '1';
	assert_null(load_bytes(b.b, b.n));
	b = good;
	b.b[h2] = 'X';
	assert_null(load_bytes(b.b, b.n));
	/* Transition type out of range; transitions out of order. */
	b = good;
	b.b[b.data2 + 16] = 2;
	assert_null(load_bytes(b.b, b.n));
	b = good;
	set_be32(&b, b.data2 + 8, 0);
	set_be32(&b, b.data2 + 12, 0);
	assert_null(load_bytes(b.b, b.n));
	/* utoff out of range, isdst not 0/1, designation out of range. */
	b = good;
	set_be32(&b, b.data2 + 18, 0x80000000u);
	assert_null(load_bytes(b.b, b.n));
	b = good;
	b.b[b.data2 + 18 + 4] = 2;
	assert_null(load_bytes(b.b, b.n));
	b = good;
	b.b[b.data2 + 18 + 5] = 4;
	assert_null(load_bytes(b.b, b.n));
	/* The good one loads. */
	assert_non_null(z = load_bytes(good.b, good.n));
	tz_free(z);
}

static void
test_truncated(void **state)
{
	struct zspec spec;
	struct tzb good;
	struct tz *z;
	size_t n;

	(void)state;
	berlin_spec(&spec, '2', "CET-1CEST,M3.5.0,M10.5.0/3");
	mk_tzif(&good, &spec);
	/* Every prefix: only the whole file or one without footer loads. */
	for (n = 0; n <= good.n; n++) {
		z = load_bytes(good.b, n);
		if ((z != NULL) != (n == good.n || n == good.foot))
			fail_msg("prefix of %zu bytes of %zu: %s", n, good.n,
			    z != NULL ? "accepted" : "refused");
		tz_free(z);
	}
	/* Trailing bytes after the footer are ignored. */
	memcpy(good.b + good.n, "junk", 4);
	assert_non_null(z = load_bytes(good.b, good.n + 4));
	tz_free(z);
}

static void
test_bad_footer(void **state)
{
	static const char *const bad[] = {
		"CET-1CEST,M3.5.0", "XX-1", "CET", "-1", "CET-1CEST,",
		"CET-1CEST,M13.5.0,M10.5.0", "CET-1CEST,M0.5.0,M10.5.0",
		"CET-1CEST,M3.6.0,M10.5.0", "CET-1CEST,M3.0.0,M10.5.0",
		"CET-1CEST,M3.5.7,M10.5.0", "CET-1CEST,M3.5.0,M10.5.0/168",
		"CET-1CEST,J0,J100", "CET-1CEST,366,J100", "CET-1CEST,J366,1",
		"CET-25", "CET-1CEST-25,M3.5.0,M10.5.0",
		"CET-1CEST,M3.5.0,M10.5.0x", "<+08-8", "<>-8", "<+8>-8",
		"CET-1:60", "CET-1:00:60", "CET-0001", "CET-1CEST,M3.5,M10.5.0",
		"CET-1CEST,M3.5.0/1:,M10.5.0", "CET-1CEST,M3.5.0,M10.5.0,",
		"CET-1 CEST", "CET-1CEST,M3.5.0/+-1,M10.5.0",
		"CET-1CEST,M3..0,M10.5.0", "CET-1CEST,/2,M10.5.0",
	};
	char big[400];
	struct zspec spec;
	struct tzb b;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		berlin_spec(&spec, '2', bad[i]);
		mk_tzif(&b, &spec);
		if (load_bytes(b.b, b.n) != NULL)
			fail_msg("footer \"%s\": accepted", bad[i]);
	}
	/* No closing newline; a NUL inside; too long. */
	berlin_spec(&spec, '2', "CET-1CEST,M3.5.0,M10.5.0/3");
	mk_tzif(&b, &spec);
	assert_null(load_bytes(b.b, b.n - 1));
	b.b[b.foot + 4] = '\0';
	assert_null(load_bytes(b.b, b.n));
	memset(big, 'A', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	memcpy(big + sizeof(big) - 4, "-1", 3);
	berlin_spec(&spec, '2', big);
	mk_tzif(&b, &spec);
	assert_null(load_bytes(b.b, b.n));
	b.b[b.foot] = 'x';
	assert_null(load_bytes(b.b, b.n));
}

/* Random byte damage must never crash or read out of bounds. */
static void
test_mutations(void **state)
{
	struct zspec spec;
	struct tzb good, b;
	struct tz *z;
	uint32_t seed = 12345;
	int i, k, flips;
	int64_t early, late, t;

	(void)state;
	berlin_spec(&spec, '2', "CET-1CEST,M3.5.0,M10.5.0/3");
	mk_tzif(&good, &spec);
	for (i = 0; i < 3000; i++) {
		b = good;
		seed = seed * 1103515245u + 12345u;
		flips = 1 + (int)(seed >> 16) % 4;
		for (k = 0; k < flips; k++) {
			seed = seed * 1103515245u + 12345u;
			b.b[(seed >> 8) % b.n] = (unsigned char)(seed >> 24);
		}
		if ((z = load_bytes(b.b, b.n)) == NULL)
			continue;
		for (t = secs(1990, 1, 1, 0, 0, 0);
		    t < secs(2030, 1, 1, 0, 0, 0); t += 86400 * 61) {
			(void)tz_offset_at(z, t);
			(void)tz_local_to_utc(z, t, &early, &late);
			assert_true(early <= late);
		}
		tz_free(z);
	}
}

static void
test_big_file(void **state)
{
	size_t n = 1024 * 1024 + 1;
	unsigned char *p = calloc(1, n);
	struct zspec spec;
	struct tzb b;

	(void)state;
	assert_non_null(p);
	berlin_spec(&spec, '2', "CET-1CEST,M3.5.0,M10.5.0/3");
	mk_tzif(&b, &spec);
	memcpy(p, b.b, b.n);
	assert_null(load_bytes(p, n));
	assert_null(load_bytes(p, 0));
	free(p);
}

/* ---- Zone maps ----------------------------------------------------------- */

struct diag_log {
	int		 n;
	enum hop_sev	 sev[8];
	uint64_t	 line[8];
	char		 msg[8][256];
	char		 prov[8][128];
};

static void
diag_fn(void *arg, enum hop_sev sev, const char *prov, uint64_t line,
    const char *msg)
{
	struct diag_log *l = arg;

	if (l->n >= 8)
		return;
	l->sev[l->n] = sev;
	l->line[l->n] = line;
	snprintf(l->msg[l->n], sizeof(l->msg[0]), "%s", msg);
	snprintf(l->prov[l->n], sizeof(l->prov[0]), "%s", prov ? prov : "");
	l->n++;
}

static const char *
write_map(const char *name, const char *text)
{
	static char path[128];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", tmpdir, name);
	assert_non_null(f = fopen(path, "w"));
	assert_int_equal(fputs(text, f) >= 0, 1);
	assert_int_equal(fclose(f), 0);
	return (path);
}

static void
test_tzmap(void **state)
{
	struct diag_log log = { 0 };
	struct hop_diag d = { diag_fn, &log };
	const char *path;
	const struct tz *a;
	struct tzmap *m;

	(void)state;
	path = write_map("good.map",
	    "# hosts of client A\n"
	    "DC01\tEurope/Berlin\n"
	    "\n"
	    "   \t\n"
	    "web01   America/New_York   # New York office\n"
	    "  mail01 Europe/Berlin\r\n"
	    "dc01 Europe/Berlin\n"
	    "fixed1 +08:00\n"
	    "  # indented comment with several words\n"
	    "last\tUTC");
	assert_non_null(m = tzmap_load(path, &d));
	assert_int_equal(log.n, 0);
	assert_non_null(a = tzmap_get(m, "dc01"));
	assert_string_equal(tz_name(a), "Europe/Berlin");
	assert_ptr_equal(tzmap_get(m, "DC01"), a);
	assert_ptr_equal(tzmap_get(m, "Mail01"), a);	/* loaded once */
	assert_string_equal(tz_name(tzmap_get(m, "WEB01")),
	    "America/New_York");
	assert_int_equal(tz_offset_at(tzmap_get(m, "fixed1"), 0), 8 * H);
	assert_non_null(tzmap_get(m, "LAST"));
	assert_null(tzmap_get(m, "nohost"));
	assert_null(tzmap_get(m, "dc0"));
	assert_null(tzmap_get(m, ""));
	assert_null(tzmap_get(NULL, "dc01"));
	tzmap_free(m);
	tzmap_free(NULL);

	/* An empty map is a map. */
	path = write_map("empty.map", "# nothing\n");
	assert_non_null(m = tzmap_load(path, &d));
	assert_null(tzmap_get(m, "dc01"));
	tzmap_free(m);
	assert_int_equal(log.n, 0);
}

static void
test_tzmap_errors(void **state)
{
	struct diag_log log = { 0 };
	struct hop_diag d = { diag_fn, &log };
	const char *path;
	int i;

	(void)state;
	path = write_map("bad.map",
	    "# comment\n"
	    "dc01 Europe/Berlin\n"
	    "dc02 Mars/Olympus_Mons\n"
	    "dc03\n"
	    "DC01 America/New_York\n"
	    "dc04 UTC extra\n"
	    "dc05 ../etc/passwd\n");
	assert_null(tzmap_load(path, &d));
	assert_int_equal(log.n, 5);
	for (i = 0; i < log.n; i++) {
		assert_int_equal(log.sev[i], HOP_SEV_ERROR);
		assert_string_equal(log.prov[i], path);
	}
	assert_int_equal(log.line[0], 3);
	assert_non_null(strstr(log.msg[0], "Mars/Olympus_Mons"));
	assert_int_equal(log.line[1], 4);
	assert_non_null(strstr(log.msg[1], "missing zone"));
	assert_int_equal(log.line[2], 6);
	assert_int_equal(log.line[3], 7);
	/* The duplicate host is found last. */
	assert_int_equal(log.line[4], 5);
	assert_non_null(strstr(log.msg[4], "line 2"));

	memset(&log, 0, sizeof(log));
	assert_null(tzmap_load("/nonexistent/tz.map", &d));
	assert_int_equal(log.n, 1);
	assert_int_equal(log.line[0], 0);
	/* A NULL sink is allowed. */
	assert_null(tzmap_load(path, NULL));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fixed),
		cmocka_unit_test(test_bad_names),
		cmocka_unit_test(test_berlin_2016),
		cmocka_unit_test(test_new_york_2014),
		cmocka_unit_test(test_sydney),
		cmocka_unit_test(test_asia),
		cmocka_unit_test(test_future),
		cmocka_unit_test(test_glibc_zones),
		cmocka_unit_test_setup_teardown(test_glibc_rules, tzdir_on,
		    tzdir_off),
		cmocka_unit_test_setup_teardown(test_all_year_dst, tzdir_on,
		    tzdir_off),
		cmocka_unit_test_setup_teardown(test_default_rule, tzdir_on,
		    tzdir_off),
		cmocka_unit_test_setup_teardown(test_slim, tzdir_on, tzdir_off),
		cmocka_unit_test_setup_teardown(test_slim_vs_system, tzdir_on,
		    tzdir_off),
		cmocka_unit_test_setup_teardown(test_bad_counts, tzdir_on,
		    tzdir_off),
		cmocka_unit_test_setup_teardown(test_truncated, tzdir_on,
		    tzdir_off),
		cmocka_unit_test_setup_teardown(test_bad_footer, tzdir_on,
		    tzdir_off),
		cmocka_unit_test_setup_teardown(test_mutations, tzdir_on,
		    tzdir_off),
		cmocka_unit_test_setup_teardown(test_big_file, tzdir_on,
		    tzdir_off),
		cmocka_unit_test(test_tzmap),
		cmocka_unit_test(test_tzmap_errors),
	};

	return (cmocka_run_group_tests(tests, group_setup, group_teardown));
}
