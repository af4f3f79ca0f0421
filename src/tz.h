/* SPDX-License-Identifier: MIT */
/*
 * tz.h - time zones: IANA zones read from the system's TZif files (with
 * the POSIX TZ rule at their end for times past their table), and fixed
 * offsets.  A zone is immutable once loaded, so conversions are
 * thread-safe; nothing here touches the process time zone (no tzset).
 */
#ifndef TZ_H
#define TZ_H

#include <stddef.h>
#include <stdint.h>

#include "hopscan.h"

struct tz;

/*
 * Load zone name: "UTC", "Z", a fixed offset ("+08:00", "-0500", "+09"),
 * or an IANA name ("Europe/Berlin") read from $TZDIR or
 * /usr/share/zoneinfo.  Names with ".." or a leading '/' are refused.
 * Returns NULL with a message in err (errlen bytes) if it cannot.
 */
struct tz	*tz_load(const char *name, char *err, size_t errlen);
void		 tz_free(struct tz *z);
/* The name as given ("Europe/Berlin", "+08:00"). */
const char	*tz_name(const struct tz *z);
/* 1 if the zone is a fixed offset (never ambiguous). */
int		 tz_is_fixed(const struct tz *z);

/* Offset east of UTC in seconds at the UTC instant utc_s. */
int32_t		 tz_offset_at(const struct tz *z, int64_t utc_s);

/* How a local time maps to UTC. */
enum tz_kind {
	TZ_UNIQUE,		/* one instant */
	TZ_AMBIGUOUS,		/* two instants (DST fall-back): *early and *late */
	TZ_GAP			/* none (DST spring-forward): mapped as if the
				   offset before the gap still held */
};

/*
 * The UTC seconds of local time local_s (seconds since 1970-01-01 in
 * local wall-clock time).  *early gets the earlier instant, *late the
 * later (equal unless TZ_AMBIGUOUS).
 */
enum tz_kind	 tz_local_to_utc(const struct tz *z, int64_t local_s,
		    int64_t *early, int64_t *late);

/* Zones per host, from a --tz-map file. */
struct tzmap;

/*
 * Read path: lines "host<TAB or spaces>zone", '#' comments and blank lines
 * ignored; host names compare case-insensitively.  Every problem is
 * reported to d with path and line; returns NULL if the file cannot be
 * read or any line is bad.
 */
struct tzmap	*tzmap_load(const char *path, const struct hop_diag *d);
void		 tzmap_free(struct tzmap *m);
/* The zone of host, or NULL. */
const struct tz	*tzmap_get(const struct tzmap *m, const char *host);

#endif /* TZ_H */
