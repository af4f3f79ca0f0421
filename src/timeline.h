/* SPDX-License-Identifier: MIT */
/*
 * timeline.h - the event store: events collected from all inputs, filtered
 * by time and level, sorted into one deterministic order.
 */
#ifndef TIMELINE_H
#define TIMELINE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "sigs.h"

/* One suspicious event: a rule that matched one record. */
struct event {
	int64_t		 time_us;	/* UTC microseconds since the epoch */
	bool		 has_time;	/* false: no time could be found */
	const char	*time_desc;	/* static: "Log Line Written" ... */
	char		*time_note;	/* owned, NULL if the time was read whole */
	char		*host;		/* owned; "" if unknown */
	char		*source;	/* owned; provenance, raw bytes */
	const char	*pos_kind;	/* static: "line" or "record" */
	uint64_t	 pos;		/* line or record number, from 1 */
	uint64_t	 offset;	/* byte offset of the record in its stream */
	const char	*format;	/* static: "syslog", "text" ... */
	const struct sig *sig;		/* the rule; outlives the timeline */
	char		*excerpt;	/* owned; raw record bytes, cut to a bound */
	size_t		 excerpt_len;
};

/* Free the owned members of e (not e itself). */
void	event_clear(struct event *e);

struct timeline;

/* Filters applied by timeline_add(). */
struct timeline_filter {
	bool		 has_since, has_until;
	int64_t		 since_us, until_us;	/* inclusive bounds */
	enum sig_level	 min_level;
};

struct timeline	*timeline_new(const struct timeline_filter *f);
void		 timeline_free(struct timeline *t);

/*
 * Take e into t (its owned members move to t; e is zeroed) unless the
 * filter drops it, in which case its members are freed.  An event without
 * a time is kept unless --since or --until is given.  Returns true if kept.
 * Not thread-safe: give each thread its own timeline and use
 * timeline_absorb().
 */
bool		 timeline_add(struct timeline *t, struct event *e);
/* Move every event of src into dst; src is left empty. */
void		 timeline_absorb(struct timeline *dst, struct timeline *src);

/*
 * Sort: by time (events without a time last), then source (bytewise),
 * then position, then signature id.  Byte-identical output for the same
 * events whatever order they were added in.
 */
void		 timeline_sort(struct timeline *t);
size_t		 timeline_count(const struct timeline *t);
const struct event *timeline_get(const struct timeline *t, size_t i);

/*
 * Keep at most about bytes of events in memory (0: no bound): past it the
 * events are sorted and spilled to a temporary file, to be merged back by
 * timeline_next().  timeline_error() is the errno of a spill that failed
 * (the events then stay in memory), or 0.
 */
void		 timeline_set_budget(struct timeline *t, size_t bytes);
int		 timeline_error(const struct timeline *t);
/*
 * After timeline_sort(): each event in order, then NULL; an event stays
 * valid until the next call.  With spilled events, the only way to read
 * them (timeline_get() gives NULL).
 */
const struct event *timeline_next(struct timeline *t);

/* Compare two events in timeline order (<0, 0, >0). */
int		 event_cmp(const struct event *a, const struct event *b);

#endif /* TIMELINE_H */
