/* SPDX-License-Identifier: MIT */
/*
 * test_binxml.c - the check of a record's binary XML made before libevtx
 * parses it (binxml.h), on records built here: a plain one and one that
 * libevtx refuses by itself pass; the hostile ones are refused, with their
 * reason, and a file of them is read within a time bound; on the real
 * samples of ../shared/corpus, every record header's walk stays far below
 * the limits.
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
#include <ftw.h>
#include <sys/stat.h>

#include "binxml.h"
#include "evtx.h"
#include "timing.h"

/* libevtx leaks what it built when it fails; see test_evtx.c. */
const char	*__lsan_default_suppressions(void);

const char *
__lsan_default_suppressions(void)
{
	return ("leak:libfwevt_xml_document_read\n");
}

#define CORPUS		HOP_SOURCE_DIR "/../shared/corpus"
#define FILE_HEADER	4096
#define CHUNK		65536

/*
 * A chunk being written: binary XML built token by token, as Windows
 * writes it (names and template definitions inline, every element with a
 * dependency identifier unless it is a BinXml value's).
 */
struct ck {
	uint8_t	 b[CHUNK];
	size_t	 n;
};

static void
u8(struct ck *c, unsigned v)
{
	assert_true(c->n < CHUNK);
	c->b[c->n++] = (uint8_t)v;
}

static void
u16(struct ck *c, unsigned v)
{
	u8(c, v & 0xff);
	u8(c, v >> 8 & 0xff);
}

static void
u32(struct ck *c, uint32_t v)
{
	u16(c, v & 0xffff);
	u16(c, v >> 16);
}

static void
u64(struct ck *c, uint64_t v)
{
	u32(c, (uint32_t)v);
	u32(c, (uint32_t)(v >> 32));
}

static void
put32(struct ck *c, size_t at, uint32_t v)
{
	c->b[at] = (uint8_t)v;
	c->b[at + 1] = (uint8_t)(v >> 8);
	c->b[at + 2] = (uint8_t)(v >> 16);
	c->b[at + 3] = (uint8_t)(v >> 24);
}

static void
utf16(struct ck *c, const char *s)
{
	for (; *s != '\0'; s++)
		u16(c, (unsigned char)*s);
}

/* A start tag with its name inline; returns where its size goes. */
static size_t
start(struct ck *c, const char *name, bool deps)
{
	size_t at;

	u8(c, 0x01);
	if (deps)
		u16(c, 0xffff);
	at = c->n;
	u32(c, 0);
	u32(c, (uint32_t)c->n + 4);	/* the name, right here */
	u32(c, 0);			/* next name */
	u16(c, 0);			/* hash */
	u16(c, (unsigned)strlen(name));
	utf16(c, name);
	u16(c, 0);
	u8(c, 0x02);			/* close start tag */
	return (at);
}

/* The end tag of the element whose size goes at at. */
static void
end(struct ck *c, size_t at)
{
	u8(c, 0x04);
	put32(c, at, (uint32_t)(c->n - (at + 4)));
}

/* A substitution of value i (optional: 0x0e). */
static void
subst(struct ck *c, unsigned i)
{
	u8(c, 0x0e);
	u16(c, i);
	u8(c, 0x01);
}

/* A template instance, its definition inline; returns where its size goes. */
static size_t
template_start(struct ck *c)
{
	size_t at;

	u8(c, 0x0c);
	u8(c, 0x01);
	u32(c, 1);			/* template id */
	u32(c, (uint32_t)c->n + 4);	/* the definition, right here */
	u32(c, 0);			/* next definition */
	u64(c, 0x0123456789abcdefULL);	/* GUID */
	u64(c, 0xfedcba9876543210ULL);
	at = c->n;
	u32(c, 0);
	u32(c, 0x0001010f);		/* fragment header */
	return (at);
}

/* End the definition started at at (its element written). */
static void
template_end(struct ck *c, size_t at)
{
	u8(c, 0x00);
	put32(c, at, (uint32_t)(c->n - (at + 4)));
}

/* A template instance whose definition is at def (earlier in the chunk). */
static void
template_ref(struct ck *c, size_t def)
{
	u8(c, 0x0c);
	u8(c, 0x01);
	u32(c, 1);
	u32(c, (uint32_t)def);
}

/* The definition offset of the template instance whose size goes at at. */
#define DEF_OF(at)	((at) - 20)

/* Values: their count n, then k descriptors (size, type). */
static void
values(struct ck *c, uint32_t n, uint32_t k, const unsigned *sizes,
    const unsigned *types)
{
	uint32_t i;

	u32(c, n);
	for (i = 0; i < k; i++) {
		u16(c, sizes[i]);
		u8(c, types[i]);
		u8(c, 0);
	}
}

/* Start an event record; returns its offset. */
static size_t
record_start(struct ck *c, uint64_t id)
{
	size_t at;

	c->n = (c->n + 7) & ~(size_t)7;
	at = c->n;
	u32(c, 0x00002a2a);
	u32(c, 0);
	u64(c, id);
	u64(c, 132389646229224529ULL);	/* 2020-07-12 */
	u32(c, 0x0001010f);		/* fragment header */
	return (at);
}

static void
record_end(struct ck *c, size_t at)
{
	u8(c, 0x00);			/* end of file */
	while ((c->n + 4 - at) % 8 != 0)	/* records follow each other */
		u8(c, 0);
	u32(c, (uint32_t)(c->n + 4 - at));
	put32(c, at + 4, (uint32_t)(c->n - at));
}

/* The chunk header, for records first..last, the last at last_at. */
static void
chunk_header(struct ck *c, uint64_t first, uint64_t last, size_t last_at)
{
	memcpy(c->b, "ElfChnk", 8);
	memcpy(c->b + 8, &first, 8);
	memcpy(c->b + 16, &last, 8);
	memcpy(c->b + 24, &first, 8);
	memcpy(c->b + 32, &last, 8);
	put32(c, 40, 128);
	put32(c, 44, (uint32_t)last_at);
	put32(c, 48, (uint32_t)c->n);
}

/* A file of one chunk (the caller frees it). */
static uint8_t *
file_of(const struct ck *c, size_t *len)
{
	uint8_t *f = calloc(1, FILE_HEADER + CHUNK);

	assert_non_null(f);
	memcpy(f, "ElfFile", 8);
	f[32] = 128;			/* header size */
	f[36] = 1;			/* version 3.1 */
	f[38] = 3;
	f[41] = 0x10;			/* chunks at 4096 */
	f[42] = 1;			/* one chunk */
	memcpy(f + FILE_HEADER, c->b, CHUNK);
	*len = FILE_HEADER + CHUNK;
	return (f);
}

/*
 * A chunk of one record, id 7, whose binary XML is a template instance:
 * <Event><EventData><Data>%0</Data></EventData></Event> with n values,
 * value 0 a UTF-16 string of size bytes (10 written); returns the
 * record's offset.
 */
static size_t
plain_record_sized(struct ck *c, uint32_t n, unsigned size)
{
	const unsigned sizes[] = { size }, types[] = { 0x01 };
	size_t rec, t, ev, ed, d;

	memset(c, 0, sizeof(*c));
	c->n = 512;
	rec = record_start(c, 7);
	t = template_start(c);
	ev = start(c, "Event", true);
	ed = start(c, "EventData", true);
	d = start(c, "Data", true);
	subst(c, 0);
	end(c, d);
	end(c, ed);
	end(c, ev);
	template_end(c, t);
	values(c, n, 1, sizes, types);
	utf16(c, "hello");
	record_end(c, rec);
	chunk_header(c, 1, 1, rec);
	return (rec);
}

static size_t
plain_record(struct ck *c, uint32_t n)
{
	return (plain_record_sized(c, n, 10));
}

/* What evtx.h makes of the one-chunk file of c, within secs CPU seconds. */
static struct evtx_stats
read_file_within(const struct ck *c, double secs)
{
	struct evtx_stats st;
	struct evtx_record r;
	struct timespec t0;
	struct evtx *e;
	uint8_t *f;
	char err[256];
	size_t len;

	f = file_of(c, &len);
	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t0);
	e = evtx_open(f, len, err, sizeof(err));
	assert_non_null(e);
	while (evtx_next(e, &r))
		continue;
	st = *evtx_stats(e);
	evtx_close(e);
	assert_true(cpu_since(&t0) < time_bound(secs));
	free(f);
	assert_false(st.unplaced);
	assert_int_equal(st.misplaced, 0);
	return (st);
}

static struct evtx_stats
read_file(const struct ck *c)
{
	return (read_file_within(c, 1.0));
}

/* Check record rec of c: the verdict, and why it is hostile. */
static enum binxml_verdict
check(const struct ck *c, size_t rec, const char *why)
{
	enum binxml_verdict v;
	struct binxml_cost cost;
	char buf[256];

	v = binxml_check(c->b, CHUNK, rec, &cost, buf, sizeof(buf));
	if (why != NULL)
		assert_string_equal(buf, why);
	assert_true(cost.steps <= BINXML_MAX_STEPS + 1 + CHUNK / 4);
	return (v);
}

/* A plain record: checked as fine, read by libevtx. */
static void
test_plain(void **state)
{
	struct evtx_stats st;
	struct ck *c = malloc(sizeof(*c));
	size_t rec;

	(void)state;
	assert_non_null(c);
	rec = plain_record(c, 1);
	assert_int_equal(check(c, rec, ""), BINXML_OK);
	st = read_file(c);
	assert_int_equal(st.records, 1);
	assert_int_equal(st.read, 1);
	assert_int_equal(st.bad + st.refused, 0);
	free(c);
}

/*
 * The fuzzed denial of service: 2^30 + 1 values pass libfwevt's 32-bit
 * check (4 bytes); refused, reason given.  2^20 values do not pass it:
 * libevtx refuses the record by itself, quickly.
 */
static void
test_value_count(void **state)
{
	struct evtx_stats st;
	struct ck *c = malloc(sizeof(*c));
	size_t rec;

	(void)state;
	assert_non_null(c);
	rec = plain_record(c, 0x40000001);
	assert_int_equal(check(c, rec, "its binary XML claims 1073741825 "
	    "template values in 16 bytes"), BINXML_HOSTILE);
	st = read_file(c);
	assert_int_equal(st.read + st.bad, 0);
	assert_int_equal(st.refused, 1);
	assert_string_equal(st.refuse_why, "record 7 at offset 4608: its "
	    "binary XML claims 1073741825 template values in 16 bytes");

	rec = plain_record(c, 0x00100000);
	assert_int_equal(check(c, rec, ""), BINXML_FAILS);
	st = read_file(c);
	assert_int_equal(st.bad, 1);
	assert_int_equal(st.read + st.refused, 0);
	free(c);
}

/* Values whose data runs past the record (but not the chunk): refused. */
static void
test_values_past_end(void **state)
{
	struct ck *c = malloc(sizeof(*c));
	size_t rec;

	(void)state;
	assert_non_null(c);
	rec = plain_record_sized(c, 1, 40000);
	assert_int_equal(check(c, rec, "its binary XML's template values "
	    "run 39988 bytes past its end"), BINXML_HOSTILE);
	assert_int_equal(read_file(c).refused, 1);
	free(c);
}

/*
 * A BinXml value (type 0x21) whose element substitutes that same value:
 * libfwevt would recurse until its stack overflows.
 */
static void
test_recursion(void **state)
{
	static const unsigned types[] = { 0x21 };
	struct ck *c = malloc(sizeof(*c));
	unsigned sizes[1];
	size_t rec, t, ev, x, data;

	(void)state;
	assert_non_null(c);
	memset(c, 0, sizeof(*c));
	c->n = 512;
	rec = record_start(c, 9);
	t = template_start(c);
	ev = start(c, "Event", true);
	subst(c, 0);
	end(c, ev);
	template_end(c, t);
	sizes[0] = 0;
	values(c, 1, 1, sizes, types);
	data = c->n;
	x = start(c, "X", false);
	subst(c, 0);
	end(c, x);
	c->b[data - 4] = (uint8_t)(c->n - data);	/* its size */
	record_end(c, rec);
	chunk_header(c, 9, 9, rec);
	assert_int_equal(check(c, rec, "its binary XML nests elements and "
	    "templates more than 64 deep"), BINXML_HOSTILE);
	assert_int_equal(read_file(c).refused, 1);
	free(c);
}

/*
 * Template instances nested in BinXml values, 8 deep, each template
 * substituting its value 16 times: 16^8 readings for libfwevt.
 */
static void
test_exponential(void **state)
{
	struct ck *c = malloc(sizeof(*c));
	unsigned sizes[1], types[1], k, i;
	const unsigned levels = 8;
	size_t rec, t, e;

	(void)state;
	assert_non_null(c);
	memset(c, 0, sizeof(*c));
	c->n = 512;
	rec = record_start(c, 11);
	t = template_start(c);
	e = start(c, "E", true);
	for (i = 0; i < 16; i++)
		subst(c, 0);
	end(c, e);
	template_end(c, t);
	for (k = 0; k <= levels; k++) {
		if (k > 0)
			template_ref(c, DEF_OF(t));
		sizes[0] = k < levels ? 18 * (levels - k - 1) + 10 + 18 : 10;
		types[0] = k < levels ? 0x21 : 0x01;
		values(c, 1, 1, sizes, types);
	}
	utf16(c, "hello");
	record_end(c, rec);
	chunk_header(c, 11, 11, rec);
	assert_int_equal(check(c, rec, "its binary XML expands to more than "
	    "65536 tokens, tags and values"), BINXML_HOSTILE);
	assert_int_equal(read_file(c).refused, 1);
	free(c);
}

/*
 * Write a record id whose elements A and B substitute arrays of n bytes
 * each, B inside A: n * n readings of B.
 */
static size_t
arrays_record(struct ck *c, uint64_t id, unsigned n)
{
	const unsigned sizes[] = { n, n }, types[] = { 0x84, 0x84 };
	size_t rec, t, ev, a, b;

	rec = record_start(c, id);
	t = template_start(c);
	ev = start(c, "Event", true);
	a = start(c, "A", true);
	subst(c, 0);
	b = start(c, "B", true);
	subst(c, 1);
	end(c, b);
	end(c, a);
	end(c, ev);
	template_end(c, t);
	values(c, 2, 2, sizes, types);
	c->n += 2 * n;
	record_end(c, rec);
	return (rec);
}

/*
 * An element substituting an array of 3000 bytes, inside it one
 * substituting another: libfwevt reads the inner one 9 million times.
 * (Not at the root: libfwevt fails on a third root.)
 */
static void
test_arrays(void **state)
{
	struct ck *c = malloc(sizeof(*c));
	size_t rec;

	(void)state;
	assert_non_null(c);
	memset(c, 0, sizeof(*c));
	c->n = 512;
	rec = arrays_record(c, 13, 3000);
	chunk_header(c, 13, 13, rec);
	assert_int_equal(check(c, rec, "its binary XML expands to more than "
	    "65536 tokens, tags and values"), BINXML_HOSTILE);
	assert_int_equal(read_file(c).refused, 1);
	free(c);
}

/*
 * 50 records of 12812 steps each (50 by 50 items), under the limit of a
 * record: the first 43 fit in the file's 8 steps per byte, the rest are
 * refused.
 */
static void
test_file_budget(void **state)
{
	struct binxml_cost cost;
	struct evtx_stats st;
	struct ck *c = malloc(sizeof(*c));
	size_t rec = 0;
	unsigned i;

	(void)state;
	assert_non_null(c);
	memset(c, 0, sizeof(*c));
	c->n = 512;
	for (i = 1; i <= 50; i++)
		rec = arrays_record(c, i, 50);
	chunk_header(c, 1, 50, rec);
	assert_int_equal(binxml_check(c->b, CHUNK, rec, &cost, NULL, 0),
	    BINXML_OK);
	assert_int_equal(cost.steps, 12812);
	st = read_file_within(c, 5.0);
	assert_int_equal(st.records, 50);
	assert_int_equal(st.read, 43);
	assert_int_equal(st.refused, 7);
	assert_non_null(strstr(st.refuse_why, "record 44 at offset "));
	assert_non_null(strstr(st.refuse_why, ": with the records before "
	    "it, its binary XML expands to more than 8 tokens, tags and "
	    "values per byte of the file"));
	free(c);
}

/* The costliest walks over the real samples, and how many walks. */
static struct binxml_cost corpus_max;
static unsigned long corpus_walks, corpus_hostile;

static uint32_t
le32(const uint8_t *p)
{
	return ((uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	    (uint32_t)p[3] << 24);
}

/* Walk every record header of every chunk of the file at path. */
static int
walk_file(const char *path, const struct stat *sb, int type,
    struct FTW *ftw)
{
	struct binxml_cost cost;
	uint8_t *b;
	size_t c, p, len = (size_t)sb->st_size;
	uint32_t size;
	FILE *fp;

	(void)ftw;
	if (type != FTW_F || strstr(path, ".evtx") == NULL)
		return (0);
	assert_non_null(fp = fopen(path, "rb"));
	assert_non_null(b = malloc(len + 1));
	assert_int_equal(fread(b, 1, len, fp), len);
	fclose(fp);
	for (c = FILE_HEADER; c + CHUNK <= len; c += CHUNK) {
		for (p = 0; p + 28 <= CHUNK; p++) {
			size = le32(b + c + p + 4);
			if (memcmp(b + c + p, "**\0\0", 4) != 0 || size < 28 ||
			    size > CHUNK - p || le32(b + c + p + size - 4) !=
			    size)
				continue;
			if (binxml_check(b + c, CHUNK, p, &cost, NULL, 0) ==
			    BINXML_HOSTILE)
				corpus_hostile++;
			corpus_walks++;
			if (cost.steps > corpus_max.steps)
				corpus_max.steps = cost.steps;
			if (cost.bytes > corpus_max.bytes)
				corpus_max.bytes = cost.bytes;
			if (cost.depth > corpus_max.depth)
				corpus_max.depth = cost.depth;
		}
	}
	free(b);
	return (0);
}

/*
 * Every record header in the chunks of the real samples (records, their
 * remains in slack): none is hostile, and the costliest walk stays far
 * below each limit (1416 steps, 393 KB, 10 deep when written).
 */
static void
test_corpus(void **state)
{
	struct stat st;

	(void)state;
	if (stat(CORPUS "/evtx", &st) != 0) {
		print_message("skipped: %s is absent (the shared corpus of "
		    "real EVTX samples)\n", CORPUS "/evtx");
		skip();
	}
	assert_int_equal(nftw(CORPUS "/evtx", walk_file, 16, FTW_PHYS), 0);
	print_message("%lu walks; the costliest: %llu steps, %llu bytes, "
	    "%u deep\n", corpus_walks, (unsigned long long)corpus_max.steps,
	    (unsigned long long)corpus_max.bytes, corpus_max.depth);
	assert_true(corpus_walks > 5000);
	assert_int_equal(corpus_hostile, 0);
	assert_true(corpus_max.steps <= BINXML_MAX_STEPS / 32);
	assert_true(corpus_max.bytes <= BINXML_MAX_BYTES / 8);
	assert_true(corpus_max.depth <= BINXML_MAX_DEPTH / 4);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_plain),
		cmocka_unit_test(test_value_count),
		cmocka_unit_test(test_values_past_end),
		cmocka_unit_test(test_recursion),
		cmocka_unit_test(test_exponential),
		cmocka_unit_test(test_arrays),
		cmocka_unit_test(test_file_budget),
		cmocka_unit_test(test_corpus),
	};

	return (cmocka_run_group_tests(tests, NULL, NULL));
}
