/* SPDX-License-Identifier: MIT */
/*
 * timeline.c - the event store: a growable array of events, filtered on
 * the way in and sorted into one total, deterministic order.
 */
#include <stdlib.h>
#include <string.h>

#include "hopscan.h"
#include "timeline.h"

struct timeline {
	struct timeline_filter	 filter;	/* what timeline_add() keeps */
	struct event		*ev;		/* the events, ev[0..n) */
	size_t			 n;
	size_t			 cap;		/* allocated slots in ev */
};

void
event_clear(struct event *e)
{
	free(e->time_note);
	free(e->host);
	free(e->source);
	free(e->excerpt);
	e->time_note = NULL;
	e->host = NULL;
	e->source = NULL;
	e->excerpt = NULL;
	e->excerpt_len = 0;
}

/* A NULL f keeps every event. */
struct timeline *
timeline_new(const struct timeline_filter *f)
{
	struct timeline *t;

	t = xcalloc(1, sizeof(*t));
	if (f != NULL)
		t->filter = *f;
	else
		t->filter.min_level = SIG_INFORMATIONAL;
	return t;
}

void
timeline_free(struct timeline *t)
{
	size_t i;

	if (t == NULL)
		return;
	for (i = 0; i < t->n; i++)
		event_clear(&t->ev[i]);
	free(t->ev);
	free(t);
}

/* Make room in t for n more events. */
static void
timeline_reserve(struct timeline *t, size_t n)
{
	size_t cap;

	if (n <= t->cap - t->n)
		return;
	cap = t->cap != 0 ? t->cap : 64;
	while (cap - t->n < n)
		cap = cap > SIZE_MAX / 2 ? t->n + n : cap * 2;
	t->ev = xreallocarray(t->ev, cap, sizeof(*t->ev));
	t->cap = cap;
}

/* true if the filter of t keeps e. */
static bool
timeline_keeps(const struct timeline *t, const struct event *e)
{
	const struct timeline_filter *f = &t->filter;

	if (e->sig != NULL && e->sig->level < f->min_level)
		return false;
	if (!f->has_since && !f->has_until)
		return true;
	if (!e->has_time)
		return false;
	if (f->has_since && e->time_us < f->since_us)
		return false;
	if (f->has_until && e->time_us > f->until_us)
		return false;
	return true;
}

/* In both cases e is left zeroed, ready for reuse. */
bool
timeline_add(struct timeline *t, struct event *e)
{
	bool keep;

	keep = timeline_keeps(t, e);
	if (keep) {
		timeline_reserve(t, 1);
		t->ev[t->n++] = *e;
	} else
		event_clear(e);
	memset(e, 0, sizeof(*e));
	return keep;
}

/* The events of src are not filtered again by dst's filter. */
void
timeline_absorb(struct timeline *dst, struct timeline *src)
{
	struct event *ev;
	size_t cap;

	if (src->n == 0 || dst == src)
		return;
	if (dst->n == 0) {
		/* Swap the arrays: no copy, and dst's memory is reused. */
		ev = dst->ev;
		cap = dst->cap;
		dst->ev = src->ev;
		dst->cap = src->cap;
		dst->n = src->n;
		src->ev = ev;
		src->cap = cap;
		src->n = 0;
		return;
	}
	timeline_reserve(dst, src->n);
	memcpy(dst->ev + dst->n, src->ev, src->n * sizeof(*src->ev));
	dst->n += src->n;
	src->n = 0;
}

/* strcmp(3) with NULL taken as "". */
static int
cmp_str(const char *a, const char *b)
{
	return strcmp(a != NULL ? a : "", b != NULL ? b : "");
}

/* Three-way comparison of integers. */
#define CMP_NUM(a, b)	(((a) > (b)) - ((a) < (b)))

/* The rest of event_cmp(): what only breaks ties between equal keys. */
static int
event_cmp_rest(const struct event *a, const struct event *b)
{
	size_t n;
	int c;

	if ((c = CMP_NUM(a->offset, b->offset)) != 0)
		return c;
	if ((c = cmp_str(a->pos_kind, b->pos_kind)) != 0)
		return c;
	if ((c = cmp_str(a->host, b->host)) != 0)
		return c;
	if ((c = cmp_str(a->format, b->format)) != 0)
		return c;
	n = a->excerpt_len < b->excerpt_len ? a->excerpt_len : b->excerpt_len;
	if (n > 0 && (c = memcmp(a->excerpt, b->excerpt, n)) != 0)
		return c;
	if ((c = CMP_NUM(a->excerpt_len, b->excerpt_len)) != 0)
		return c;
	if ((c = cmp_str(a->time_desc, b->time_desc)) != 0)
		return c;
	return cmp_str(a->time_note, b->time_note);
}

/*
 * Keys: timed before untimed, time, source, position, signature id; then
 * offset and every other printed field, so that two events compare equal
 * only when they print the same and the order never depends on qsort(3).
 */
int
event_cmp(const struct event *a, const struct event *b)
{
	int c;

	if (a->has_time != b->has_time)
		return a->has_time ? -1 : 1;
	if (a->has_time && (c = CMP_NUM(a->time_us, b->time_us)) != 0)
		return c;
	if ((c = cmp_str(a->source, b->source)) != 0)
		return c;
	if ((c = CMP_NUM(a->pos, b->pos)) != 0)
		return c;
	if ((c = cmp_str(a->sig != NULL ? a->sig->id : NULL,
	    b->sig != NULL ? b->sig->id : NULL)) != 0)
		return c;
	return event_cmp_rest(a, b);
}

/* qsort(3) adapter for event_cmp(). */
static int
event_qcmp(const void *a, const void *b)
{
	return event_cmp(a, b);
}

void
timeline_sort(struct timeline *t)
{
	if (t->n > 1)
		qsort(t->ev, t->n, sizeof(*t->ev), event_qcmp);
}

size_t
timeline_count(const struct timeline *t)
{
	return t->n;
}

/* NULL when i is out of range. */
const struct event *
timeline_get(const struct timeline *t, size_t i)
{
	return i < t->n ? &t->ev[i] : NULL;
}
