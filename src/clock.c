/* SPDX-License-Identifier: MIT */
/*
 * clock.c - one stream's record times to UTC, in file order.
 */
#include <stdlib.h>
#include <string.h>

#include "clock.h"

#define FOLD_MAX_S	3900	/* a repeated DST hour, with slack */
#define FOLD_MIN_S	60	/* less back is lines out of order */

void
clock_start(struct clock *k, const struct clock_opts *o)
{
	memset(k, 0, sizeof(*k));
	k->o = o;
	k->day_m = -1;		/* no date cached */
}

/* The zone of a record of host without an offset; *src says whence. */
static const struct tz *
zone_for(struct clock *k, const char *host, size_t len, int *src)
{
	const struct tz *z;

	if (k->o->tzmap != NULL && host != NULL && len > 0) {
		if (len != k->last_host_len || k->last_host == NULL ||
		    memcmp(host, k->last_host, len) != 0) {
			char *h = xstrndup(host, len);

			free((char *)k->last_host);
			k->last_host = h;
			k->last_host_len = len;
			k->last_zone = tzmap_get(k->o->tzmap, h);
		}
		if ((z = k->last_zone) != NULL) {
			*src = 2;
			return z;
		}
	}
	*src = k->o->tz != NULL;
	return k->o->tz;
}

/* Wall-clock seconds of c in year. */
static int64_t
local_seconds(const struct ts_civil *c, int year)
{
	return ts_days_from_civil(year, c->mon, c->day) * 86400 +
	    c->hour * 3600 + c->min * 60 + c->sec;
}

/* The same for a record of k's stream: most lines share the date before. */
static int64_t
stream_seconds(struct clock *k, const struct ts_civil *c, int year)
{
	if (k->day_y != year || k->day_m != c->mon || k->day_d != c->day) {
		k->day_y = year;
		k->day_m = c->mon;
		k->day_d = c->day;
		k->day_n = ts_days_from_civil(year, c->mon, c->day);
	}
	return k->day_n * 86400 + c->hour * 3600 + c->min * 60 + c->sec;
}

/* UTC seconds of local time in zone z (NULL: UTC). */
static int64_t
to_utc(const struct tz *z, int64_t local, bool late, int *kind)
{
	int64_t early, later;

	if (z == NULL) {
		*kind = TZ_UNIQUE;
		return local;
	}
	*kind = tz_local_to_utc(z, local, &early, &later);
	return late ? later : early;
}

/*
 * Is local in the second pass of a repeated hour?  Local time falling back
 * by at most an hour and a bit starts the second pass; it lasts until the
 * next whole hour after the latest time of the first pass.  Falling back
 * by less than a minute is taken for lines written out of order (threads,
 * buffers), not for the clocks going back, which would take an hour of
 * silence just before the change.
 */
static bool
second_pass(struct clock_wall *w, int64_t local)
{
	if (w->late && local >= w->fold_end)
		w->late = false;
	if (!w->late && w->have && w->max - local >= FOLD_MIN_S &&
	    w->max - local <= FOLD_MAX_S) {
		w->late = true;
		w->fold_end = (w->max / 3600 + 1) * 3600;
	}
	return w->late;
}

/*
 * Record r's offset came from a header, true at r->hint_utc_s: where the
 * host's zone gives the same offset there, the time is local time in that
 * zone, which follows the DST changes since; else the offset is kept.
 */
static void
take_hint(struct clock *k, const struct record *r, const char *host,
    size_t host_len, struct clock_mark *m)
{
	const struct tz *z = zone_for(k, host, host_len, &m->zone_src);

	if (z == NULL)
		return;
	m->hint_offset_s = r->civil.offset_s;
	if (tz_offset_at(z, r->hint_utc_s) != r->civil.offset_s) {
		m->hint = -1;
		m->hint_zone = z;
		return;
	}
	m->hint = 1;
	m->zone = z;
	m->civil.has_offset = 0;
	m->civil.offset_s = 0;
	m->fmt_note = r->time_note_zoned;
}

void
clock_mark(struct clock *k, const struct record *r, const char *host,
    size_t host_len, struct clock_mark *m)
{
	struct clock_wall *w;
	int64_t local, drop;

	memset(m, 0, sizeof(*m));
	m->time = r->time;
	m->civil = r->civil;
	m->seg = r->year_seg;
	m->fmt_note = r->time_note;
	if (r->time == REC_TIME_NONE)
		return;
	if (r->offset_hint && r->civil.has_offset)
		take_hint(k, r, host, host_len, m);
	else if (!m->civil.has_offset)
		m->zone = zone_for(k, host, host_len, &m->zone_src);
	/*
	 * Year-less stamps are compared among themselves until the year is
	 * known: segment k is taken as the k-th 366-day year after 2000.
	 */
	w = &k->wall[r->time == REC_TIME_YEARLESS];
	if (r->time == REC_TIME_FULL)
		local = stream_seconds(k, &m->civil, m->civil.year);
	else
		local = stream_seconds(k, &m->civil, 2000) +
		    (int64_t)r->year_seg * 366 * 86400;
	m->late = second_pass(w, local);
	drop = w->have ? w->max - local : 0;
	if (r->time == REC_TIME_FULL) {
		int64_t utc = m->civil.has_offset ? local - m->civil.offset_s :
		    to_utc(m->zone, local, m->late, &m->dst);

		m->utc_us = utc * TS_US_PER_SEC + m->civil.usec;
		if (k->have_utc && utc < k->max_utc - CLOCK_BACK_S)
			m->back_min = (int)((k->max_utc - utc + 59) / 60);
		/* A time in a DST gap is a guess: the lines after it are not
		   measured against it. */
		if (m->dst != TZ_GAP && (!k->have_utc || utc > k->max_utc)) {
			k->max_utc = utc;
			k->have_utc = true;
		}
	} else if (drop > CLOCK_BACK_S && !(m->zone != NULL &&
	    !tz_is_fixed(m->zone) && drop <= FOLD_MAX_S))
		m->back_min = (int)((drop + 59) / 60);
	if (!w->have || local > w->max)
		w->max = local;
	w->have = true;
}

void
clock_finish(struct clock *k)
{
	free((char *)k->last_host);
	k->last_host = NULL;
}

/* Append "; " and s to the note being built in *note. */
static void
note_add(char **note, const char *s)
{
	char *n;

	if (s == NULL || *s == '\0')
		return;
	n = *note == NULL ? xstrdup(s) : xasprintf("%s; %s", *note, s);
	free(*note);
	*note = n;
}

static void
zone_note(const struct clock_mark *m, char **note)
{
	char *s;

	if (m->civil.has_offset)
		return;
	if (m->zone_src == 0) {
		note_add(note, "zone assumed UTC");
		return;
	}
	s = xasprintf("zone %s from %s", tz_name(m->zone),
	    m->zone_src == 2 ? "--tz-map" : "--tz");
	note_add(note, s);
	free(s);
}

/* What became of an offset hint (take_hint()). */
static void
hint_note(const struct clock_mark *m, char **note)
{
	int32_t o = m->hint_offset_s < 0 ? -m->hint_offset_s : m->hint_offset_s;
	char *s;

	if (m->hint == 0)
		return;
	if (m->hint > 0)
		s = xasprintf("the header's offset %c%02d:%02d agrees with it",
		    m->hint_offset_s < 0 ? '-' : '+', o / 3600, o / 60 % 60);
	else
		s = xasprintf("zone %s from %s disagrees with the header's "
		    "offset %c%02d:%02d, which is kept", tz_name(m->hint_zone),
		    m->zone_src == 2 ? "--tz-map" : "--tz",
		    m->hint_offset_s < 0 ? '-' : '+', o / 3600, o / 60 % 60);
	note_add(note, s);
	free(s);
}

void
clock_settle(const struct clock_mark *m, const struct ts_year *y,
    int64_t ref_us, enum stream_mtime mk, bool *has_time, int64_t *us,
    char **note)
{
	static const char *const year_from[] = {
		[STREAM_MTIME_NONE] = "year inferred from scan date",
		[STREAM_MTIME_FILE] = "year inferred from file mtime",
		[STREAM_MTIME_MEMBER] = "year inferred from archive member mtime",
	};
	struct ts_civil c = m->civil;
	int dst = m->dst;

	*note = NULL;
	*has_time = m->time != REC_TIME_NONE;
	if (!*has_time) {
		note_add(note, "no timestamp in record");
		return;
	}
	note_add(note, m->fmt_note);
	*us = m->utc_us;
	if (m->time == REC_TIME_YEARLESS) {
		c.year = ts_year_of(y, m->seg, ref_us);
		c.has_year = 1;
		note_add(note, year_from[mk]);
		if (!ts_civil_valid(&c))
			note_add(note, "date not valid in that year");
		*us = c.has_offset ? ts_civil_to_us(&c, 0) :
		    to_utc(m->zone, local_seconds(&c, c.year), m->late, &dst) *
		    TS_US_PER_SEC + c.usec;
	}
	zone_note(m, note);
	hint_note(m, note);
	if (dst == TZ_AMBIGUOUS)
		note_add(note, m->late ? "repeated DST hour: second pass, by "
		    "line order" : "repeated DST hour: first pass, by line order");
	else if (dst == TZ_GAP)
		note_add(note, "local time in a DST gap");
	if (m->back_min > 0) {
		char *s = xasprintf("time runs %d min backwards against "
		    "earlier lines", m->back_min);

		note_add(note, s);
		free(s);
	}
}
