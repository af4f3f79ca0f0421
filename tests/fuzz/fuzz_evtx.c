/* SPDX-License-Identifier: MIT */
/*
 * fuzz_evtx.c - the EVTX adapter on any bytes in memory: libevtx's
 * records, its recovered records and the text found in slack, every
 * field and rendering read whole.  The check made before libevtx parses a
 * record (binxml.h) must have placed every record libevtx gave, and never
 * have said that libevtx would fail on one it read; and the records
 * binxml.c renders must be the same as with libevtx rendering every record
 * (HOPSCAN_LIBEVTX): else abort.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "evtx.h"
#include "fuzz.h"

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	return 0;
}

/* FNV-1a of n bytes at p, on from h. */
static uint64_t
fnv(uint64_t h, const void *p, size_t n)
{
	const unsigned char *c = p;

	while (n-- > 0)
		h = (h ^ *c++) * UINT64_C(1099511628211);
	return h;
}

/* Read every byte evtx_next() handed over in r, into the hash h. */
static uint64_t
touch(uint64_t h, const struct evtx_record *r)
{
	if (r->kind != EVTX_RECORD && r->kind != EVTX_RECOVERED &&
	    r->kind != EVTX_SLACK)
		abort();
	h = fnv(h, &r->kind, sizeof(r->kind));
	h = fnv(h, &r->id, sizeof(r->id));
	h = fnv(h, &r->offset, sizeof(r->offset));
	h = fnv(h, &r->has_time, sizeof(r->has_time));
	if (r->has_time)
		h = fnv(h, &r->time_us, sizeof(r->time_us));
	h = fnv(h, r->text, r->len + 1);
	if (r->computer != NULL)
		h = fnv(h, r->computer, strlen(r->computer) + 1);
	for (size_t i = 0; i < r->nfields; i++) {
		h = fnv(h, r->fields[i].name, strlen(r->fields[i].name) + 1);
		h = fnv(h, r->fields[i].value, strlen(r->fields[i].value) + 1);
	}
	return h;
}

/* Everything the reader gives for data, hashed; 0 if not EVTX. */
static uint64_t
pass(const uint8_t *data, size_t size)
{
	const struct evtx_stats *st;
	struct evtx_record r;
	uint64_t h = UINT64_C(14695981039346656037);
	struct evtx *e;
	char err[256];

	if ((e = evtx_open(data, size, err, sizeof(err))) == NULL) {
		if (strlen(err) >= sizeof(err))
			abort();
		return 0;
	}
	while (evtx_next(e, &r) == 1)
		h = touch(h, &r);
	st = evtx_stats(e);
	if (st->unplaced || st->misplaced != 0)
		abort();
	h = fnv(h, &st->read, sizeof(st->read));
	h = fnv(h, &st->recovered, sizeof(st->recovered));
	h = fnv(h, &st->slack, sizeof(st->slack));
	h = fnv(h, &st->bad, sizeof(st->bad));
	h = fnv(h, &st->refused, sizeof(st->refused));
	h = fnv(h, st->first_error, strlen(st->first_error));
	h = fnv(h, st->refuse_why, strlen(st->refuse_why));
	evtx_close(e);
	return h;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint64_t own, lib;

	if (unsetenv("HOPSCAN_LIBEVTX") != 0)
		abort();
	own = pass(data, size);
	if (setenv("HOPSCAN_LIBEVTX", "1", 1) != 0)
		abort();
	lib = pass(data, size);
	if (own != lib)
		abort();
	return 0;
}
