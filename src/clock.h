/* SPDX-License-Identifier: MIT */
/*
 * clock.h - the times of one stream's records to UTC, in file order: the
 * zone of each record's host, the repeated DST hour resolved by line
 * order, jumps backwards noted, year-less stamps settled when the stream
 * ends.  Every record is noted with clock_mark(); the matched ones are
 * settled with clock_settle().
 */
#ifndef CLOCK_H
#define CLOCK_H

#include <stdbool.h>
#include <stdint.h>

#include "formats/format.h"
#include "input.h"
#include "tz.h"

/* A jump backwards by more than this is noted (clock tampering). */
#define CLOCK_BACK_S	300

/* Where the zones of records without one come from. */
struct clock_opts {
	const struct tz		*tz;	/* --tz, or NULL for UTC */
	const struct tzmap	*tzmap;	/* --tz-map, or NULL */
};

/* What clock_mark() found out about one record, for clock_settle(). */
struct clock_mark {
	enum rec_time	 time;
	struct ts_civil	 civil;
	int		 seg;		/* year segment, REC_TIME_YEARLESS */
	const struct tz	*zone;		/* zone of a time without offset */
	int		 zone_src;	/* 0 default UTC, 1 --tz, 2 --tz-map */
	bool		 late;		/* in the repeated hour: the 2nd pass */
	int		 back_min;	/* minutes backwards, 0 if none */
	int64_t		 utc_us;	/* REC_TIME_FULL: the UTC time */
	int		 dst;		/* REC_TIME_FULL: enum tz_kind */
	const char	*fmt_note;	/* the format's note (static) */
	/* An offset hint (struct record): 1 the zone agreed and was taken,
	   -1 it did not and the header's offset was kept, 0 no hint. */
	int		 hint;
	int32_t		 hint_offset_s;	/* the header's offset */
	const struct tz	*hint_zone;	/* the zone that disagreed */
};

/* Local wall-clock times seen so far, in file order. */
struct clock_wall {
	bool			 have;
	int64_t			 max;		/* latest local seconds seen */
	bool			 late;		/* in a repeated hour's 2nd pass */
	int64_t			 fold_end;	/* ... until this local time */
};

/* A stream's clock.  Plain data: initialise with clock_start(). */
struct clock {
	const struct clock_opts	*o;
	struct clock_wall	 wall[2];	/* full dates; year-less stamps */
	bool			 have_utc;
	int64_t			 max_utc;	/* latest UTC seconds seen */
	const char		*last_host;	/* cache for --tz-map */
	size_t			 last_host_len;
	const struct tz		*last_zone;
	int			 last_src;
	int			 day_y, day_m, day_d;	/* cache: the last date */
	int64_t			 day_n;			/* ... its day number */
};

void	clock_start(struct clock *k, const struct clock_opts *o);
/* Release what the clock holds (not k itself). */
void	clock_finish(struct clock *k);

/*
 * Note record r (in file order) whose host is host[0..host_len) and fill
 * *m.  Records without a time are marked REC_TIME_NONE.
 */
void	clock_mark(struct clock *k, const struct record *r, const char *host,
	    size_t host_len, struct clock_mark *m);

/*
 * The UTC time of a marked record once its stream is read: y is the
 * stream's year state, ref_us/mk its modification time (mk NONE: ref_us
 * is the scan's date).  Sets *has_time, *us and *note (a new string, or
 * NULL when the time was read whole from the record).
 */
void	clock_settle(const struct clock_mark *m, const struct ts_year *y,
	    int64_t ref_us, enum stream_mtime mk, bool *has_time, int64_t *us,
	    char **note);

#endif /* CLOCK_H */
