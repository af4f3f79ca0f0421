/* SPDX-License-Identifier: MIT */
/*
 * test_timeline.c - unit tests of the event store: filters, absorb and a
 * sort order that does not depend on the order events came in.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hopscan.h"
#include "timeline.h"

static struct sig sig_a = { .id = "hop-a", .title = "A", .level = SIG_LOW };
static struct sig sig_b = { .id = "hop-b", .title = "B", .level = SIG_HIGH };
static struct sig sig_i = {
	.id = "hop-info", .title = "I", .level = SIG_INFORMATIONAL
};
static struct sig sig_c = {
	.id = "hop-crit", .title = "C", .level = SIG_CRITICAL
};

/* A template of an event; make_event() gives it owned strings. */
struct tmpl {
	const char	*label;		/* unique; stored as the excerpt */
	bool		 has_time;
	int64_t		 time_us;
	const char	*source;
	uint64_t	 pos;
	const struct sig *sig;
	uint64_t	 offset;
};

/* Events in the order timeline_sort() must give. */
static const struct tmpl sorted[] = {
	{ "t-neg", true, -5, "z", 9, &sig_a, 0 },
	{ "t0-a", true, 0, "a", 1, &sig_a, 0 },
	{ "t10-a-1-a", true, 10, "a", 1, &sig_a, 0 },
	/* Offset decides before the content (labels sort the other way). */
	{ "t10-a-1-b-z-off1", true, 10, "a", 1, &sig_b, 1 },
	{ "t10-a-1-b-a-off7", true, 10, "a", 1, &sig_b, 7 },
	{ "t10-a-2", true, 10, "a", 2, &sig_a, 0 },
	{ "t10-a-10", true, 10, "a", 10, &sig_a, 0 },
	{ "t10-a!b", true, 10, "a!b", 1, &sig_a, 0 },
	{ "t10-b", true, 10, "b", 1, &sig_a, 0 },
	{ "t10-utf8", true, 10, "\xc3\xa9", 1, &sig_a, 0 },
	{ "t-max", true, INT64_MAX, "a", 1, &sig_a, 0 },
	/* Untimed: time_us is ignored, source decides. */
	{ "u-a", false, 99, "a", 1, &sig_a, 0 },
	{ "u-a-2", false, -99, "a", 2, &sig_a, 0 },
	{ "u-b", false, INT64_MIN, "b", 1, &sig_a, 0 },
};

#define NSORTED	(sizeof(sorted) / sizeof(sorted[0]))

static struct event
make_event(const struct tmpl *t)
{
	struct event e;

	memset(&e, 0, sizeof(e));
	e.has_time = t->has_time;
	e.time_us = t->time_us;
	e.time_desc = "Log Line Written";
	e.host = xstrdup("host");
	e.source = xstrdup(t->source);
	e.pos_kind = "line";
	e.pos = t->pos;
	e.offset = t->offset;
	e.format = "text";
	e.sig = t->sig;
	e.excerpt = xstrdup(t->label);
	e.excerpt_len = strlen(t->label);
	return e;
}

/* Add sorted[order[i]] for each i, sort, and check the result. */
static void
add_sort_check(const size_t *order)
{
	struct timeline *t;
	struct event e;
	size_t i;

	t = timeline_new(NULL);
	for (i = 0; i < NSORTED; i++) {
		e = make_event(&sorted[order[i]]);
		assert_true(timeline_add(t, &e));
	}
	timeline_sort(t);
	assert_int_equal(timeline_count(t), NSORTED);
	for (i = 0; i < NSORTED; i++)
		assert_string_equal(timeline_get(t, i)->excerpt,
		    sorted[i].label);
	timeline_free(t);
}

static void
test_sort_order(void **state)
{
	size_t order[NSORTED], i;

	(void)state;
	for (i = 0; i < NSORTED; i++)
		order[i] = i;
	add_sort_check(order);
	for (i = 0; i < NSORTED; i++)
		order[i] = NSORTED - 1 - i;
	add_sort_check(order);
}

static void
test_sort_shuffled(void **state)
{
	size_t order[NSORTED], i, j, tmp;
	unsigned seed;

	(void)state;
	for (seed = 1; seed <= 50; seed++) {
		srand(seed);
		for (i = 0; i < NSORTED; i++)
			order[i] = i;
		for (i = NSORTED - 1; i > 0; i--) {
			j = (size_t)rand() % (i + 1);
			tmp = order[i];
			order[i] = order[j];
			order[j] = tmp;
		}
		add_sort_check(order);
	}
}

static void
test_cmp_total(void **state)
{
	struct event a, b;
	size_t i, j;
	int ab, ba;

	(void)state;
	for (i = 0; i < NSORTED; i++)
		for (j = 0; j < NSORTED; j++) {
			a = make_event(&sorted[i]);
			b = make_event(&sorted[j]);
			ab = event_cmp(&a, &b);
			ba = event_cmp(&b, &a);
			if (i == j)
				assert_int_equal(ab, 0);
			else if (i < j)
				assert_true(ab < 0 && ba > 0);
			else
				assert_true(ab > 0 && ba < 0);
			event_clear(&a);
			event_clear(&b);
		}
}

static void
test_cmp_breaks_ties_on_content(void **state)
{
	struct event a, b;

	(void)state;
	/* Same time, source, position, rule and offset: content decides. */
	a = make_event(&sorted[1]);
	b = make_event(&sorted[1]);
	free(b.host);
	b.host = xstrdup("other");
	assert_true(event_cmp(&a, &b) < 0);
	assert_true(event_cmp(&b, &a) > 0);
	free(b.host);
	b.host = xstrdup("host");
	b.excerpt_len--;		/* a prefix sorts first */
	assert_true(event_cmp(&b, &a) < 0);
	b.excerpt_len++;
	b.time_note = xstrdup("zone assumed UTC");
	assert_true(event_cmp(&a, &b) < 0);
	event_clear(&a);
	event_clear(&b);
}

static void
test_untimed_last(void **state)
{
	struct timeline *t;
	struct tmpl u = { "untimed", false, INT64_MIN, "", 0, &sig_a, 0 };
	struct tmpl m = { "latest", true, INT64_MAX, "zzz", 99, &sig_b, 9 };
	struct event e;

	(void)state;
	t = timeline_new(NULL);
	e = make_event(&u);
	timeline_add(t, &e);
	e = make_event(&m);
	timeline_add(t, &e);
	timeline_sort(t);
	assert_string_equal(timeline_get(t, 0)->excerpt, "latest");
	assert_string_equal(timeline_get(t, 1)->excerpt, "untimed");
	assert_null(timeline_get(t, 2));
	timeline_free(t);
}

/* Add one event at time us (has_time as given) and sig to t. */
static bool
add_one(struct timeline *t, bool has_time, int64_t us, const struct sig *s)
{
	struct tmpl tp = { "x", has_time, us, "src", 1, s, 0 };
	struct event e = make_event(&tp);
	bool kept;

	kept = timeline_add(t, &e);
	/* Either way e is left empty and owns nothing. */
	assert_null(e.host);
	assert_null(e.source);
	assert_null(e.excerpt);
	assert_null(e.time_note);
	return kept;
}

static void
test_filter_since_until(void **state)
{
	struct timeline_filter f = {
		.has_since = true, .since_us = 100,
		.has_until = true, .until_us = 200,
		.min_level = SIG_INFORMATIONAL,
	};
	struct timeline *t;

	(void)state;
	t = timeline_new(&f);
	assert_false(add_one(t, true, 99, &sig_a));
	assert_true(add_one(t, true, 100, &sig_a));	/* inclusive */
	assert_true(add_one(t, true, 150, &sig_a));
	assert_true(add_one(t, true, 200, &sig_a));	/* inclusive */
	assert_false(add_one(t, true, 201, &sig_a));
	assert_false(add_one(t, false, 150, &sig_a));	/* no time */
	assert_int_equal(timeline_count(t), 3);
	timeline_free(t);

	f.has_until = false;
	t = timeline_new(&f);
	assert_true(add_one(t, true, INT64_MAX, &sig_a));
	assert_false(add_one(t, true, 99, &sig_a));
	assert_false(add_one(t, false, 0, &sig_a));
	timeline_free(t);

	f.has_since = false;
	f.has_until = true;
	t = timeline_new(&f);
	assert_true(add_one(t, true, INT64_MIN, &sig_a));
	assert_false(add_one(t, true, 201, &sig_a));
	assert_false(add_one(t, false, 0, &sig_a));
	timeline_free(t);
}

static void
test_filter_none_keeps_untimed(void **state)
{
	struct timeline_filter f = { .min_level = SIG_INFORMATIONAL };
	struct timeline *t;

	(void)state;
	t = timeline_new(&f);
	assert_true(add_one(t, false, 0, &sig_i));
	assert_true(add_one(t, true, 0, &sig_i));
	assert_int_equal(timeline_count(t), 2);
	timeline_free(t);
}

static void
test_filter_min_level(void **state)
{
	struct timeline_filter f = { .min_level = SIG_HIGH };
	struct timeline *t;

	(void)state;
	t = timeline_new(&f);
	assert_false(add_one(t, true, 1, &sig_i));
	assert_false(add_one(t, true, 1, &sig_a));	/* low */
	assert_true(add_one(t, true, 1, &sig_b));	/* high */
	assert_true(add_one(t, false, 1, &sig_c));	/* critical */
	assert_int_equal(timeline_count(t), 2);
	timeline_free(t);
}

static void
test_absorb(void **state)
{
	struct timeline *dst, *src;
	struct event e;
	size_t i;

	(void)state;
	dst = timeline_new(NULL);
	src = timeline_new(NULL);
	/* Into an empty dst. */
	for (i = 0; i < 5; i++) {
		e = make_event(&sorted[i]);
		timeline_add(src, &e);
	}
	timeline_absorb(dst, src);
	assert_int_equal(timeline_count(dst), 5);
	assert_int_equal(timeline_count(src), 0);
	assert_null(timeline_get(src, 0));
	/* src is still usable, and a non-empty dst appends. */
	for (i = 5; i < NSORTED; i++) {
		e = make_event(&sorted[NSORTED + 4 - i]);
		timeline_add(src, &e);
	}
	timeline_absorb(dst, src);
	timeline_absorb(dst, src);		/* empty src: nothing */
	assert_int_equal(timeline_count(dst), NSORTED);
	assert_int_equal(timeline_count(src), 0);
	timeline_sort(dst);
	for (i = 0; i < NSORTED; i++)
		assert_string_equal(timeline_get(dst, i)->excerpt,
		    sorted[i].label);
	timeline_free(src);
	timeline_free(dst);
}

static void
test_many_events(void **state)
{
	struct timeline *t;
	struct tmpl tp = { "x", true, 0, "s", 0, &sig_a, 0 };
	struct event e;
	size_t i;

	(void)state;
	t = timeline_new(NULL);
	for (i = 0; i < 5000; i++) {
		tp.time_us = (int64_t)((i * 7919) % 5000);
		tp.pos = i;
		e = make_event(&tp);
		timeline_add(t, &e);
	}
	timeline_sort(t);
	assert_int_equal(timeline_count(t), 5000);
	for (i = 1; i < 5000; i++)
		assert_true(event_cmp(timeline_get(t, i - 1),
		    timeline_get(t, i)) < 0);
	assert_int_equal(timeline_get(t, 0)->time_us, 0);
	assert_int_equal(timeline_get(t, 4999)->time_us, 4999);
	timeline_free(t);
	timeline_free(NULL);
}

/*
 * A small memory budget: events spill to sorted runs on disk, and
 * timeline_next() merges them back with those in memory, across two
 * absorbed timelines, in exactly the order of an unbounded timeline; a
 * time note and an untimed event survive the trip.
 */
static void
test_spill_merge(void **state)
{
	struct timeline *big = timeline_new(NULL), *a = timeline_new(NULL),
	    *b = timeline_new(NULL), *all = timeline_new(NULL);
	struct tmpl tp = { "x", true, 0, "s", 0, &sig_a, 0 };
	const struct event *x, *y;
	struct event e;
	char label[32];
	size_t i, n = 20000;

	(void)state;
	timeline_set_budget(a, 64 << 10);
	timeline_set_budget(b, 64 << 10);
	for (i = 0; i < n; i++) {
		snprintf(label, sizeof(label), "ev-%zu", i);
		tp.label = label;
		tp.has_time = i % 97 != 0;
		tp.time_us = (int64_t)((i * 7919) % 1000);
		tp.pos = i % 13;
		tp.sig = i % 3 ? &sig_a : &sig_b;
		e = make_event(&tp);
		if (i % 5 == 0)
			e.time_note = xstrdup("zone assumed UTC");
		timeline_add(i % 2 ? a : b, &e);
		e = make_event(&tp);
		if (i % 5 == 0)
			e.time_note = xstrdup("zone assumed UTC");
		timeline_add(big, &e);
	}
	assert_null(timeline_get(a, 0));	/* spilled: merge only */
	timeline_absorb(all, a);
	timeline_absorb(all, b);
	timeline_sort(all);
	timeline_sort(big);
	assert_int_equal(timeline_count(all), n);
	assert_int_equal(timeline_error(all), 0);
	for (i = 0; i < n; i++) {
		x = timeline_next(big);
		y = timeline_next(all);
		assert_non_null(x);
		assert_non_null(y);
		assert_int_equal(event_cmp(x, y), 0);
		assert_string_equal(x->source, y->source);
		assert_memory_equal(x->excerpt, y->excerpt, x->excerpt_len);
		if (x->time_note != NULL)
			assert_string_equal(x->time_note, y->time_note);
		else
			assert_null(y->time_note);
	}
	assert_null(timeline_next(all));
	assert_null(timeline_next(big));
	timeline_free(a);
	timeline_free(b);
	timeline_free(all);
	timeline_free(big);
}

static void
test_event_clear(void **state)
{
	struct event e = make_event(&sorted[0]);

	(void)state;
	e.time_note = xstrdup("year inferred from file mtime");
	event_clear(&e);
	assert_null(e.host);
	assert_null(e.source);
	assert_null(e.excerpt);
	assert_null(e.time_note);
	assert_int_equal(e.excerpt_len, 0);
	event_clear(&e);		/* twice is harmless */
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sort_order),
		cmocka_unit_test(test_sort_shuffled),
		cmocka_unit_test(test_cmp_total),
		cmocka_unit_test(test_cmp_breaks_ties_on_content),
		cmocka_unit_test(test_untimed_last),
		cmocka_unit_test(test_filter_since_until),
		cmocka_unit_test(test_filter_none_keeps_untimed),
		cmocka_unit_test(test_filter_min_level),
		cmocka_unit_test(test_absorb),
		cmocka_unit_test(test_many_events),
		cmocka_unit_test(test_spill_merge),
		cmocka_unit_test(test_event_clear),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
