/* SPDX-License-Identifier: MIT */
/*
 * fuzz_evtx.c - the EVTX adapter on any bytes in memory: libevtx's
 * records, its recovered records and the text found in slack, every
 * field and rendering read whole.  The check made before libevtx parses a
 * record (binxml.h) must have placed every record libevtx gave, and never
 * have said that libevtx would fail on one it read: else abort.
 */
#include <stdlib.h>
#include <string.h>

#include "evtx.h"
#include "fuzz.h"

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	return 0;
}

/* Read every byte evtx_next() handed over in r. */
static size_t
touch(const struct evtx_record *r)
{
	size_t sum = 0;

	for (size_t i = 0; i < r->len; i++)
		sum += (unsigned char)r->text[i];
	if (r->computer != NULL)
		sum += strlen(r->computer);
	for (size_t i = 0; i < r->nfields; i++)
		sum += strlen(r->fields[i].name) + strlen(r->fields[i].value);
	if (r->kind != EVTX_RECORD && r->kind != EVTX_RECOVERED &&
	    r->kind != EVTX_SLACK)
		abort();
	return sum;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct evtx_record r;
	struct evtx *e;
	char err[256];
	size_t sum = 0;
	const struct evtx_stats *st;

	if ((e = evtx_open(data, size, err, sizeof(err))) == NULL) {
		if (strlen(err) >= sizeof(err))
			abort();
		return 0;
	}
	while (evtx_next(e, &r) == 1)
		sum += touch(&r);
	st = evtx_stats(e);
	if (st->unplaced || st->misplaced != 0)
		abort();
	sum += strlen(st->first_error) + strlen(st->refuse_why);
	evtx_close(e);
	return sum == 1 ? 1 : 0;
}
