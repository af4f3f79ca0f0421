/* SPDX-License-Identifier: MIT */
/*
 * timeline.c - the event store: a growable array of events, filtered on
 * the way in and sorted into one total, deterministic order.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "hopscan.h"
#include "spill.h"
#include "timeline.h"

/* A sorted run of events on disk, and its next event while merging. */
struct run {
	FILE			*f;
	struct event		 head;
	bool			 has;
};

struct timeline {
	struct timeline_filter	 filter;	/* what timeline_add() keeps */
	struct event		*ev;		/* the events, ev[0..n) */
	size_t			 n;
	size_t			 cap;		/* allocated slots in ev */
	size_t			 mem;		/* bytes ev[] holds */
	size_t			 budget;	/* spill past it; 0: never */
	struct run		*runs;		/* spilled, each sorted */
	size_t			 nruns;
	size_t			 spilled;	/* events in runs */
	int			 error;		/* errno of a spill, or 0 */
	/* timeline_next(): */
	size_t			 next;		/* in ev[] */
	struct event		 out;		/* the event last given */
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
	for (i = 0; i < t->nruns; i++) {
		event_clear(&t->runs[i].head);
		fclose(t->runs[i].f);
	}
	event_clear(&t->out);
	free(t->runs);
	free(t->ev);
	free(t);
}

void
timeline_set_budget(struct timeline *t, size_t bytes)
{
	t->budget = bytes;
}

int
timeline_error(const struct timeline *t)
{
	return t->error;
}

static int event_qcmp(const void *, const void *);

/*
 * Sort the events in memory and write them to a new run; they leave
 * memory.  On failure they stay (memory is the fallback) and the error is
 * kept for timeline_error().
 */
static void
spill(struct timeline *t)
{
	struct run *r;
	FILE *f;
	size_t i;

	if ((f = spill_file()) == NULL) {
		t->error = errno;
		t->budget = 0;
		return;
	}
	qsort(t->ev, t->n, sizeof(*t->ev), event_qcmp);
	for (i = 0; i < t->n; i++)
		if (spill_write(f, &t->ev[i], NULL, 0) == -1)
			break;
	if (i < t->n || fflush(f) != 0) {
		t->error = errno ? errno : EIO;
		t->budget = 0;
		fclose(f);
		return;
	}
	t->runs = xreallocarray(t->runs, t->nruns + 1, sizeof(*t->runs));
	r = &t->runs[t->nruns++];
	memset(r, 0, sizeof(*r));
	r->f = f;
	for (i = 0; i < t->n; i++)
		event_clear(&t->ev[i]);
	free(t->ev);
	t->ev = NULL;
	t->cap = 0;
	t->spilled += t->n;
	t->n = 0;
	t->mem = 0;
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
		t->mem += event_size(e);
		t->ev[t->n++] = *e;
		if (t->budget > 0 && t->mem + t->cap * sizeof(*t->ev) >
		    t->budget)
			spill(t);
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

	if (dst == src)
		return;
	if (src->nruns > 0) {
		dst->runs = xreallocarray(dst->runs, dst->nruns + src->nruns,
		    sizeof(*dst->runs));
		memcpy(dst->runs + dst->nruns, src->runs,
		    src->nruns * sizeof(*src->runs));
		dst->nruns += src->nruns;
		dst->spilled += src->spilled;
		src->nruns = src->spilled = 0;
	}
	if (dst->error == 0)
		dst->error = src->error;
	dst->mem += src->mem;
	src->mem = 0;
	if (src->n == 0)
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
	t->next = 0;
	for (size_t i = 0; i < t->nruns; i++) {
		struct run *r = &t->runs[i];

		event_clear(&r->head);
		r->has = fseek(r->f, 0, SEEK_SET) == 0 &&
		    spill_read(r->f, &r->head, NULL, 0) == 1;
	}
}

size_t
timeline_count(const struct timeline *t)
{
	return t->n + t->spilled;
}

/* NULL when i is out of range, or when events were spilled to disk. */
const struct event *
timeline_get(const struct timeline *t, size_t i)
{
	return t->nruns == 0 && i < t->n ? &t->ev[i] : NULL;
}

/*
 * The k-way merge: the least of the runs' heads and the next event in
 * memory.  Runs are few (memory budget / event size each), so a linear
 * scan of their heads costs less than keeping a heap.
 */
const struct event *
timeline_next(struct timeline *t)
{
	struct run *best = NULL;
	const struct event *m;

	if (t->nruns == 0)
		return t->next < t->n ? &t->ev[t->next++] : NULL;
	m = t->next < t->n ? &t->ev[t->next] : NULL;
	for (size_t i = 0; i < t->nruns; i++) {
		struct run *r = &t->runs[i];

		if (r->has && (best == NULL ? m == NULL ||
		    event_cmp(&r->head, m) < 0 :
		    event_cmp(&r->head, &best->head) < 0))
			best = r;
	}
	if (best != NULL && m != NULL && event_cmp(m, &best->head) <= 0)
		best = NULL;
	if (best == NULL) {
		if (m != NULL)
			t->next++;
		return m;
	}
	event_clear(&t->out);
	t->out = best->head;
	best->has = spill_read(best->f, &best->head, NULL, 0) == 1;
	return &t->out;
}
