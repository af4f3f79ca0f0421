/* SPDX-License-Identifier: MIT */
/*
 * fuzz_lines.c - the line reader on any bytes, handed over in blocks of
 * any size, with a small line bound so that long lines are cut.  The
 * first two bytes choose the bound and the block size; every line given
 * is read whole and checked against the reader's contract.
 */
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "hopscan.h"
#include "lines.h"

struct src {
	const uint8_t	*data;
	size_t		 len, pos, blk;
};

static int
pull(void *ctx, const void **buf, size_t *len)
{
	struct src *s = ctx;
	size_t n = s->len - s->pos;

	if (n == 0)
		return HOP_EOF;
	if (n > s->blk)
		n = s->blk;
	*buf = s->data + s->pos;
	*len = n;
	s->pos += n;
	return HOP_OK;
}

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct src s;
	struct lines *l;
	struct line ln;
	size_t max, bound;
	uint64_t last_no = 0, last_off = 0, sum = 0;
	int rc;

	if (size < 2)
		return 0;
	max = 1 + data[0] % 64;			/* 1 .. 64 */
	if (data[0] >= 192)
		max = 0;			/* the default bound */
	s.blk = 1 + data[1] % 32;		/* 1 .. 32 */
	s.data = data + 2;
	s.len = size - 2;
	s.pos = 0;
	bound = max > LINES_MAX_MIN ? max : LINES_MAX_MIN;
	l = lines_new(max);
	lines_start(l, pull, &s);
	while ((rc = lines_next(l, &ln)) == HOP_OK) {
		/* Every byte given must be readable. */
		for (size_t i = 0; i < ln.len; i++)
			sum += (unsigned char)ln.p[i];
		if ((max != 0 && ln.len > bound) || ln.no < last_no ||
		    ln.no == 0 || ln.offset < last_off || ln.offset > s.len)
			abort();
		last_no = ln.no;
		last_off = ln.offset;
	}
	if (rc != HOP_EOF)
		abort();
	(void)lines_encoding(l);
	(void)lines_first_cut(l);
	lines_free(l);
	return sum == 1 ? 1 : 0;
}
