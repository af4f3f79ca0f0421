/* SPDX-License-Identifier: MIT */
/*
 * evtx_place.c - where the records libevtx gives lie in the file (libevtx
 * reports no offsets): the record headers in the bytes, claimed by id and
 * time, and the chunks walked the way libevtx walks them; the check of
 * each record before libevtx parses it (binxml.h); and the bound on what
 * libevtx's record cache holds.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "evtx_int.h"
#include "hopscan.h"

#define REC_HEADER		24	/* "**\0\0", size, id, written time */
#define REC_MIN_SIZE		28	/* header and size copy at the end */
#define MAX_CANDS		(1u << 24)	/* record headers indexed */

/*
 * Record headers in the bytes, to place the records libevtx gives.
 */

static int
cand_cmp(const void *a, const void *b)
{
	const struct cand *x = a, *y = b;

	if (x->hid != y->hid)
		return (x->hid < y->hid ? -1 : 1);
	if (x->wtime != y->wtime)
		return (x->wtime < y->wtime ? -1 : 1);
	if (x->off != y->off)
		return (x->off < y->off ? -1 : 1);
	return (0);
}

/*
 * Index every record header in the chunks: "**\0\0" at an 8-byte boundary,
 * a size that fits in its chunk and the same size repeated in the last
 * four bytes.  The scan goes on after each header found.
 */
void
evtx_cands_index(struct evtx *e)
{
	const uint8_t *b = e->buf;
	uint64_t p = FILE_HEADER_SIZE, cend;
	size_t cap = 0;
	uint32_t size;

	while (p + REC_MIN_SIZE <= e->len && e->ncands < MAX_CANDS) {
		const uint8_t *m = memmem(b + p, e->len - p, "**\0\0", 4);

		if (m == NULL)
			break;
		p = (uint64_t)(m - b);
		if (p % 8 != 0 || p + REC_MIN_SIZE > e->len) {
			p++;
			continue;
		}
		size = le32(b + p + 4);
		cend = chunk_of(p) + CHUNK_SIZE;
		if (cend > e->len)
			cend = e->len;
		if (size < REC_MIN_SIZE || size > cend - p ||
		    le32(b + p + size - 4) != size) {
			p += 8;
			continue;
		}
		if (e->ncands == cap) {
			cap = cap != 0 ? 2 * cap : 256;
			e->cands = xreallocarray(e->cands, cap,
			    sizeof(*e->cands));
		}
		e->cands[e->ncands++] = (struct cand){ le64(b + p + 8),
		    le64(b + p + 16), p, size, 0, 0, 0 };
		p += size;
	}
	if (e->ncands > 1)
		qsort(e->cands, e->ncands, sizeof(*e->cands), cand_cmp);
}

/* The first unclaimed record header with this id and time, claimed. */
struct cand *
evtx_cand_claim(struct evtx *e, uint64_t hid, uint64_t wtime)
{
	size_t lo = 0, hi = e->ncands, mid;
	struct cand key = { hid, wtime, 0, 0, 0, 0, 0 }, *c;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (cand_cmp(&e->cands[mid], &key) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	/* Headers with the same id and time are claimed in turn. */
	if (lo == e->ncands || e->cands[lo].hid != hid ||
	    e->cands[lo].wtime != wtime)
		return (NULL);
	hi = lo + e->cands[lo].taken;
	if (hi >= e->ncands || e->cands[hi].hid != hid ||
	    e->cands[hi].wtime != wtime)
		return (NULL);
	e->cands[lo].taken++;
	c = &e->cands[hi];
	c->claimed = 1;
	return (c);
}

/*
 * Where libevtx's records lie, and the check of each before libevtx
 * parses it (binxml.h).  libevtx 20181227 reports no offsets, so the
 * records are placed the way it finds them: libevtx_file_open_read() reads
 * every whole chunk from the header's chunk offset on; libevtx_chunk_read()
 * lists a chunk's records from byte 512 while record headers follow each
 * other up to the last record's offset, then recovers, every 4 bytes after
 * those, each record header whose binary XML starts like a document.  The
 * records of chunks past the header's chunk count (file not dirty) count
 * as recovered.  The places are checked against libevtx's counts at open
 * and against each record's id and time when it is read.
 */

static void
offs_add(struct offs *o, uint64_t off)
{
	if (o->n == o->cap) {
		o->cap = o->cap != 0 ? 2 * o->cap : 256;
		o->v = xreallocarray(o->v, o->cap, sizeof(*o->v));
	}
	o->v[o->n++] = off;
}

/* The chunk at off as libevtx reads it (see struct memio). */
static const uint8_t *
chunk_view(struct evtx *e, uint64_t off)
{
	struct memio m = { .mask = e->mask, .nmask = e->nmask, .off = off };

	if (e->view == NULL)
		e->view = xmalloc(CHUNK_SIZE);
	if (e->view_off != off) {
		memcpy(e->view, e->buf + off, CHUNK_SIZE);
		evtx_memio_hide(&m, e->view, CHUNK_SIZE);
		e->view_off = off;
	}
	return (e->view);
}

/*
 * libevtx_record_values_read_header() at c[pos..]: 1 with the record's
 * *size, 0 for a header of zeros, -1 for none.
 */
static int
lib_header(const uint8_t *c, size_t pos, uint32_t *size)
{
	static const uint8_t zeros[REC_HEADER];

	if (pos >= CHUNK_SIZE || CHUNK_SIZE - pos < REC_MIN_SIZE)
		return (-1);
	if (memcmp(c + pos, zeros, REC_HEADER) == 0)
		return (0);
	*size = le32(c + pos + 4);
	if (memcmp(c + pos, "**\0\0", 4) != 0 || *size < REC_HEADER ||
	    *size > CHUNK_SIZE - pos - 4 || le32(c + pos + *size - 4) != *size)
		return (-1);
	return (1);
}

/*
 * Whether libevtx_chunk_read() takes the record header at c[pos..] as a
 * recovered record: its binary XML starts with a PI target or a fragment
 * header.
 */
static bool
lib_recoverable(const uint8_t *c, size_t pos, uint32_t *size)
{
	uint32_t x;

	if (pos + 4 > CHUNK_SIZE || memcmp(c + pos, "**\0\0", 4) != 0 ||
	    lib_header(c, pos, size) != 1)
		return (false);
	x = *size > REC_MIN_SIZE ? *size - REC_MIN_SIZE : 0;
	return ((x >= 5 && c[pos + REC_HEADER] == 0x0a) || (x >= 4 &&
	    memcmp(c + pos + REC_HEADER, "\x0f\x01\x01\x00", 4) == 0));
}

/* The records of the chunk c at off, listed or all recovered. */
static void
chunk_records(struct evtx *e, const uint8_t *c, uint64_t off, bool listed)
{
	size_t pos = 0;
	uint32_t size;

	if (memcmp(c, "ElfChnk", 8) == 0) {
		for (pos = CHUNK_DATA; pos <= le32(c + 44) &&
		    lib_header(c, pos, &size) == 1; pos += size)
			offs_add(listed ? &e->listed : &e->recov, off + pos);
	}
	for (; pos < CHUNK_SIZE; pos += 4) {
		if (lib_recoverable(c, pos, &size)) {
			offs_add(&e->recov, off + pos);
			pos += size - 4;
		}
	}
}

static bool
all_zeros(const uint8_t *p, size_t n)
{
	return (n == 0 || (p[0] == 0 && memcmp(p, p + 1, n - 1) == 0));
}

/* Place libevtx's records (e->listed, e->recov). */
void
evtx_place_records(struct evtx *e)
{
	struct memio m = { .mask = e->mask, .nmask = e->nmask, .off = 0 };
	uint8_t h[128];
	uint64_t off;
	uint16_t nchunks, i;
	bool dirty;

	memcpy(h, e->buf, sizeof(h));
	evtx_memio_hide(&m, h, sizeof(h));
	e->chunk0 = le16(h + 40);
	nchunks = le16(h + 42);
	dirty = (le32(h + 120) & 1) != 0;
	for (off = e->chunk0, i = 0; off + CHUNK_SIZE <= e->len;
	    off += CHUNK_SIZE, i++) {
		const uint8_t *c = chunk_view(e, off);

		if (!all_zeros(c, CHUNK_SIZE))
			chunk_records(e, c, off, i < nchunks || dirty);
	}
	e->placed = e->listed.n == (size_t)e->nrec &&
	    e->recov.n == (size_t)e->nrecov;
}

/*
 * When the records could not be placed: whether no record header in the
 * file is hostile, and all of them together stay within the file's
 * budget, so that libevtx may have every record.
 */
bool
evtx_records_safe(struct evtx *e)
{
	struct binxml_cost cost;
	uint64_t off, steps = 0;
	size_t pos;
	uint32_t size;

	for (off = e->chunk0; off + CHUNK_SIZE <= e->len; off += CHUNK_SIZE) {
		const uint8_t *c = chunk_view(e, off), *q;

		for (pos = 0; (q = memmem(c + pos, CHUNK_SIZE - pos, "**\0\0",
		    4)) != NULL; pos++) {
			pos = (size_t)(q - c);
			if (lib_header(c, pos, &size) != 1)
				continue;
			if (binxml_check(c, CHUNK_SIZE, pos, &cost, NULL, 0) ==
			    BINXML_HOSTILE || (steps += cost.steps) >
			    (uint64_t)BINXML_FILE_STEPS * e->len)
				return (false);
		}
	}
	return (true);
}

/*
 * Note that the record at off (0: unknown; no record starts there, where
 * the file header is) was refused, for why.
 */
static void
record_refuse(struct evtx *e, uint64_t off, const char *why)
{
	if (e->st.refused++ > 0)
		return;
	if (off > 0)
		snprintf(e->st.refuse_why, sizeof(e->st.refuse_why),
		    "record %llu at offset %llu: %s", (unsigned long long)
		    le64(e->buf + off + 8), (unsigned long long)off, why);
	else
		snprintf(e->st.refuse_why, sizeof(e->st.refuse_why), "%s",
		    why);
}

/*
 * Whether the records checked so far make libevtx do more than the file's
 * size allows (binxml.h): then why says so.  Hostile records count too, so
 * that checking them is bounded as well.
 */
static bool
file_overspent(const struct evtx *e, char *why, size_t whylen)
{
	if (e->spent.steps > (uint64_t)BINXML_FILE_STEPS * e->len)
		snprintf(why, whylen, "with the records before it, its binary "
		    "XML expands to more than %u tokens, tags and values per "
		    "byte of the file", BINXML_FILE_STEPS);
	else if (e->spent.bytes > (uint64_t)BINXML_FILE_BYTES * e->len)
		snprintf(why, whylen, "with the records before it, its binary "
		    "XML expands to more than %u bytes of names and values per "
		    "byte of the file", BINXML_FILE_BYTES);
	else
		return (false);
	return (true);
}

/* libevtx's own: open e->file over e->bfio.  1, or -1 with *err set. */
int
evtx_file_open(struct evtx *e, libevtx_error_t **err)
{
	if (libevtx_file_initialize(&e->file, err) != 1)
		return (-1);
	return (libevtx_file_open_file_io_handle(e->file, e->bfio,
	    LIBEVTX_OPEN_READ, err));
}

void
evtx_file_close(struct evtx *e)
{
	if (e->file != NULL) {
		libevtx_file_close(e->file, NULL);
		libevtx_file_free(&e->file, NULL);
	}
}

/*
 * Make room in libevtx's cache (see CACHE_BYTES) for record index i,
 * which copies bytes: false if libevtx could not open the file again
 * (noted as a refusal, as nothing more can be handed to it).
 */
static bool
cache_room(struct evtx *e, int i, uint64_t bytes)
{
	libevtx_error_t *err = NULL;
	uint64_t limit = (uint64_t)CACHE_PER_BYTE * e->len;
	unsigned slot = (unsigned)(i < e->nrec ? i : i - e->nrec) %
	    CACHE_SLOTS;
	int n = 0, nrecov = 0;

	if (limit < CACHE_BYTES)
		limit = CACHE_BYTES;
	e->cached -= e->slot[slot];
	if (e->cached + bytes > limit) {
		evtx_file_close(e);
		memset(e->slot, 0, sizeof(e->slot));
		e->cached = 0;
		e->st.reopened++;
		if (evtx_file_open(e, &err) != 1 ||
		    libevtx_file_get_number_of_records(e->file, &n,
		    NULL) != 1 || libevtx_file_get_number_of_recovered_records(
		    e->file, &nrecov, NULL) != 1 || n != e->nrec ||
		    nrecov != e->nrecov) {
			libevtx_error_free(&err);
			evtx_file_close(e);
			/* This record and every one after it. */
			record_refuse(e, 0, "libevtx could not open the file "
			    "again to empty its cache");
			e->st.refused += (uint64_t)(e->nrec + e->nrecov - i -
			    1);
			return (false);
		}
	}
	e->slot[slot] = bytes;
	e->cached += bytes;
	return (true);
}

/*
 * Whether record index i must not be handed to libevtx: refused (noted).
 * Else *at is its offset (0 if unknown) and *v what binxml_check() said;
 * *own whether e->xml holds the record's XML as libevtx would render it
 * (binxml_render()), so that libevtx need not parse it.
 */
bool
evtx_record_refused(struct evtx *e, int i, uint64_t *at, enum binxml_verdict *v,
    bool *own)
{
	struct binxml_cost cost;
	uint64_t c;
	char why[200];

	*at = 0;
	*v = BINXML_OK;
	*own = false;
	if (!e->placed) {
		if (e->safe)
			return (false);
		record_refuse(e, 0, "libevtx's records could not be placed "
		    "in the file to be checked");
		return (true);
	}
	*at = i < e->nrec ? e->listed.v[i] : e->recov.v[i - e->nrec];
	if (!file_overspent(e, why, sizeof(why))) {
		c = e->chunk0 + (*at - e->chunk0) / CHUNK_SIZE * CHUNK_SIZE;
		*v = binxml_render(chunk_view(e, c), CHUNK_SIZE,
		    (size_t)(*at - c), &cost, why, sizeof(why),
		    e->own ? &e->xml : NULL, own);
		e->spent.steps += cost.steps;
		e->spent.bytes += cost.bytes;
		if (*v != BINXML_HOSTILE && !file_overspent(e, why,
		    sizeof(why)))
			return (*own ? false : !cache_room(e, i, cost.bytes));
		*own = false;
	}
	record_refuse(e, *at, why);
	return (true);
}

/*
 * libevtx gave record rec, placed at at (0: not placed), of which the
 * check said v: count it in misplaced if it is not the record at at or the
 * check said libevtx would fail on it.
 */
void
evtx_record_verify(struct evtx *e, libevtx_record_t *rec, uint64_t at,
    enum binxml_verdict v)
{
	uint64_t hid = 0, ft = 0;

	if (at == 0)
		return;
	libevtx_record_get_identifier(rec, &hid, NULL);
	libevtx_record_get_written_time(rec, &ft, NULL);
	if (v == BINXML_FAILS || hid != le64(e->buf + at + 8) ||
	    ft != le64(e->buf + at + 16))
		e->st.misplaced++;
}
