/* SPDX-License-Identifier: MIT */
/*
 * timestamp.h - timestamps to UTC microseconds since the epoch: civil-date
 * arithmetic, parsers for the common shapes, year inference for year-less
 * stamps, RFC 3339 formatting.  No function here touches the process time
 * zone or any static state, so all of them are thread-safe.
 */
#ifndef TIMESTAMP_H
#define TIMESTAMP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define TS_US_PER_SEC	INT64_C(1000000)

/* A broken-down time as found in a log line. */
struct ts_civil {
	int	 year;		/* full year; meaningless if !has_year */
	int	 mon;		/* 1..12 */
	int	 day;		/* 1..31 */
	int	 hour;		/* 0..23 */
	int	 min;		/* 0..59 */
	int	 sec;		/* 0..60 (a leap second is folded into :59) */
	int32_t	 usec;		/* 0..999999; finer fractions are truncated */
	int32_t	 offset_s;	/* offset east of UTC in seconds */
	unsigned has_year:1;	/* the stamp carried a year */
	unsigned has_offset:1;	/* the stamp carried Z or an offset */
};

/* 1 if y is a Gregorian leap year. */
/* Read exactly n digits at s[*p..len) into *v and advance *p; 1 or 0. */
int	ts_num(const char *s, size_t len, size_t *p, int n, int *v);
int	ts_is_leap(int y);
/* Days in month m (1..12) of year y; 0 for a bad month. */
int	ts_days_in_month(int y, int m);
/* Days since 1970-01-01 of a proleptic Gregorian date (any year). */
int64_t	ts_days_from_civil(int y, int m, int d);
/* Inverse of ts_days_from_civil. */
void	ts_civil_from_days(int64_t days, int *y, int *m, int *d);

/*
 * The UTC time of c in microseconds.  c->offset_s is subtracted when
 * c->has_offset; otherwise the civil time is taken as UTC plus
 * default_offset_s (pass 0 for UTC).  c->year must be set.
 */
int64_t	ts_civil_to_us(const struct ts_civil *c, int32_t default_offset_s);
/*
 * 1 if c names a real date and time (month lengths, leap years, offset
 * within +-18:00).  Without has_year, Feb 29 is accepted.
 */
int	ts_civil_valid(const struct ts_civil *c);

/*
 * Parse an ISO 8601 / RFC 3339 timestamp at the start of s[0..len):
 * YYYY-MM-DD, then 'T', 't' or one space, HH:MM[:SS[(.|,)frac]], then an
 * optional 'Z', '+HH:MM', '+HHMM' or '+HH' (or '-'); one space may come
 * before the zone, which after a space may also be the word "UTC" or
 * "GMT" (other zone abbreviations are ambiguous and not read).  A date
 * alone is not a timestamp here.  Returns the number of bytes consumed
 * and fills *c (has_year=1), or 0 if s does not start with such a
 * timestamp.  The byte after the timestamp must not be a digit.
 */
size_t	ts_parse_iso8601(const char *s, size_t len, struct ts_civil *c);

/*
 * Parse an RFC 3164 syslog stamp at the start of s: "Mmm dd HH:MM:SS"
 * with English month abbreviations, the day space-padded ("Mar  3") or
 * zero-padded, optionally followed by ".frac" (rsyslog).  Returns bytes
 * consumed and fills *c (has_year=0, has_offset=0), or 0.
 */
size_t	ts_parse_rfc3164(const char *s, size_t len, struct ts_civil *c);

/*
 * More shapes, each at the start of s[0..len), each returning the bytes
 * consumed (0 if s does not start with it) and filling *c; the byte after
 * must not be a digit.  has_year and has_offset say what the stamp gave.
 *
 * ts_parse_ymd_slash: "YYYY/MM/DD HH:MM:SS[.frac]" (also 'T' between).
 * ts_parse_clf: Apache/nginx "DD/Mon/YYYY:HH:MM:SS +zzzz" (offset
 *   required; the brackets around it are the caller's).
 * ts_parse_epoch: a whole number of seconds (10 digits), milliseconds
 *   (13) or microseconds (16) since the epoch, optionally followed by
 *   ".frac" for seconds; only values from 2000-01-01 to 2100-01-01 count,
 *   so that other numbers are not taken for times.  Sets has_offset with
 *   offset 0 (epochs are UTC).
 * ts_parse_ctime: "Sun Nov 19 12:04:05 2006" (day of week ignored).
 */
size_t	ts_parse_ymd_slash(const char *s, size_t len, struct ts_civil *c);
size_t	ts_parse_clf(const char *s, size_t len, struct ts_civil *c);

/* The order of day and month in a numeric date, once a date shows it. */
enum ts_order {
	TS_ORDER_UNKNOWN,
	TS_ORDER_MDY,		/* 1/13/2021: United States */
	TS_ORDER_DMY		/* 13/1/2021, 13.01.2021: most elsewhere */
};

/*
 * "A/B/YYYY h:MM[:SS[.frac]]", or with dots for slashes, 24-hour or with
 * AM/PM after the time: a date in the locale's short form, as Windows
 * writes it in event log exports (en-US, en-GB, en-AU, de-DE ...); 12 AM
 * is 00h, 12 PM is 12h, also "a.m."/"pm".  A number past 12 is the day,
 * and sets *order for the dates after it; else *order decides, and while
 * it is unknown the day comes first, unless the date has slashes and the
 * time AM/PM (the United States): *guess is then that order (unless day
 * and month are equal), else TS_ORDER_UNKNOWN.  Returns the bytes
 * consumed and fills *c (has_year=1), or 0.
 */
size_t	ts_parse_numdate(const char *s, size_t len, struct ts_civil *c,
	    enum ts_order *order, enum ts_order *guess);
size_t	ts_parse_epoch(const char *s, size_t len, struct ts_civil *c);
size_t	ts_parse_ctime(const char *s, size_t len, struct ts_civil *c);

/*
 * Parse a time given by a user (--since/--until): an ISO 8601 timestamp as
 * above, or a date alone (YYYY-MM-DD, meaning 00:00:00).  Without a zone
 * the time is UTC.  The whole string must be consumed.  Returns 0 and sets
 * *us, or -1.
 */
int	ts_parse_user(const char *s, int64_t *us);

/*
 * Parse a fixed UTC offset: "UTC", "Z", "+HH:MM", "-HHMM", "+HH".
 * Returns 0 and sets *offset_s, or -1.
 */
int	ts_parse_offset(const char *s, int32_t *offset_s);

/*
 * Format us as "2014-11-03T02:14:07.000000Z" (27 bytes + NUL).  Times
 * outside the years 0000-9999 are clamped to that range.
 */
#define TS_RFC3339_LEN	28
void	ts_format_rfc3339(int64_t us, char buf[TS_RFC3339_LEN]);

/*
 * Year inference for year-less stamps (RFC 3164) within one file.  Lines
 * are fed in file order with ts_year_step(), which returns a segment index:
 * segment k+1 starts where the month falls back by two or more (December
 * to January).  A line whose month jumps forward by eleven (January back
 * to December, out-of-order lines at New Year) belongs to the segment
 * before (-1 if no rollover was seen yet) and leaves the segment state
 * alone.  end_* always describe the last stamp fed, with the segment
 * returned for it.  When the file is done, ts_year_of() gives the year of
 * each segment: the last stamp of the file is taken to be no later than
 * the reference time (the file's modification time) plus one day, and
 * each earlier segment is one year before the next.  A last stamp of
 * Feb 29 is put in the latest leap year allowed by that rule.
 */
struct ts_year {
	int	 seg;		/* current segment */
	int	 last_mon;	/* month of the latest stamp, 0 before any */
	int	 last_day;
	int	 end_mon;	/* month and day of the last stamp fed */
	int	 end_day;
	int	 end_seg;	/* its segment */
};

void	ts_year_init(struct ts_year *y);
int	ts_year_step(struct ts_year *y, int mon, int day);
/*
 * Year of segment seg given the reference time ref_us (UTC); with no
 * stamps fed, the year of ref_us plus seg.
 */
int	ts_year_of(const struct ts_year *y, int seg, int64_t ref_us);

#endif /* TIMESTAMP_H */
