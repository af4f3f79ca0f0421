/* SPDX-License-Identifier: MIT */
/*
 * evtx_slack.c - text in an EVTX file's slack: UTF-16LE runs in the
 * chunks outside the records libevtx parsed, each distinct run given once
 * as a record of its own, with the id and time of the record it lies in
 * or follows.
 */
#include <stdlib.h>
#include <string.h>

#include "evtx_int.h"
#include "hopscan.h"

#define SLACK_MIN_CHARS		8	/* shortest text run given */
#define SLACK_MIN_ALNUM		4	/* letters and digits in it */
#define SLACK_MAX_RUN		65536	/* longest run given (UTF-8) */
#define SLACK_MAX_TOTAL		(1024 * 1024)	/* per file */

/* A slack run already given (so that each distinct run comes once). */
struct seen {
	uint64_t	 hash;
	uint64_t	 off;		/* of its UTF-16LE bytes */
	uint64_t	 n;		/* their count; 0: free slot */
};

/*
 * Text in slack: UTF-16LE runs in the chunks outside the records libevtx
 * parsed (slack after the last record, records it failed on, chunks with a
 * bad signature), each distinct run given once.
 */

static int
span_cmp(const void *a, const void *b)
{
	const struct span *x = a, *y = b;

	if (x->off != y->off)
		return (x->off < y->off ? -1 : 1);
	return (0);
}

static int
cand_off_cmp(const void *a, const void *b)
{
	const struct cand *x = a, *y = b;

	if (x->off != y->off)
		return (x->off < y->off ? -1 : 1);
	return (0);
}

static bool
u16_alnum(const uint8_t *p)
{
	uint8_t c = p[0];

	return (p[1] == 0 && ((c >= '0' && c <= '9') ||
	    (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z')));
}

/* The first text run in b[p..lim): true with [*rs, *re), or false. */
static bool
u16_run(const uint8_t *b, uint64_t p, uint64_t lim, uint64_t *rs,
    uint64_t *re)
{
	uint64_t q;
	unsigned alnum;

	while (p + 2 <= lim) {
		if (!u16_text(b + p)) {
			p++;
			continue;
		}
		for (q = p, alnum = 0; q + 2 <= lim && u16_text(b + q); q += 2)
			alnum += u16_alnum(b + q);
		if ((q - p) / 2 < SLACK_MIN_CHARS) {
			p++;
			continue;
		}
		if (alnum >= SLACK_MIN_ALNUM) {
			*rs = p;
			*re = q;
			return (true);
		}
		p = q;
	}
	return (false);
}

/* The next run not scanned yet: true with [*rs, *re), or false. */
static bool
slack_find(struct evtx *e, uint64_t *rs, uint64_t *re)
{
	uint64_t c, lim;

	while (e->pos + 2 <= e->len && e->slack_out < SLACK_MAX_TOTAL) {
		c = chunk_of(e->pos);
		if (e->pos < c + CHUNK_DATA && c + 8 <= e->len &&
		    memcmp(e->buf + c, "ElfChnk", 8) == 0) {
			e->pos = c + CHUNK_DATA;
			continue;
		}
		while (e->span_i < e->nspans &&
		    e->spans[e->span_i].end <= e->pos)
			e->span_i++;
		lim = c + CHUNK_SIZE < e->len ? c + CHUNK_SIZE : e->len;
		if (e->span_i < e->nspans) {
			if (e->spans[e->span_i].off <= e->pos) {
				e->pos = e->spans[e->span_i].end;
				continue;
			}
			if (e->spans[e->span_i].off < lim)
				lim = e->spans[e->span_i].off;
		}
		if (u16_run(e->buf, e->pos, lim, rs, re)) {
			e->pos = *re;
			return (true);
		}
		e->pos = lim;
	}
	return (false);
}

/* Whether the run b[off..off+n) was given before; remember it if not. */
static bool
seen_before(struct evtx *e, uint64_t off, uint64_t n)
{
	uint64_t h = UINT64_C(14695981039346656037), i;
	struct seen *s, *old;
	size_t k, oldcap;

	for (i = 0; i < n; i++)
		h = (h ^ e->buf[off + i]) * UINT64_C(1099511628211);
	if (2 * (e->nseen + 1) > e->seencap) {
		old = e->seen;
		oldcap = e->seencap;
		e->seencap = oldcap != 0 ? 2 * oldcap : 1024;
		e->seen = xcalloc(e->seencap, sizeof(*e->seen));
		e->nseen = 0;
		for (k = 0; k < oldcap; k++)
			if (old[k].n != 0)
				(void)seen_before(e, old[k].off, old[k].n);
		free(old);
	}
	for (k = h & (e->seencap - 1);; k = (k + 1) & (e->seencap - 1)) {
		s = &e->seen[k];
		if (s->n == 0)
			break;
		if (s->hash == h && s->n == n &&
		    memcmp(e->buf + s->off, e->buf + off, n) == 0)
			return (true);
	}
	s->hash = h;
	s->off = off;
	s->n = n;
	e->nseen++;
	return (false);
}

/*
 * The id and time of a run at rs: those of the record header around it if
 * libevtx could not parse that record, else those of the nearest record
 * before it that libevtx parsed (none: 0 and no time).
 */
static void
slack_when(struct evtx *e, uint64_t rs, struct evtx_record *r)
{
	const struct cand *c;
	const struct span *s;

	while (e->cand_i < e->ncands &&
	    e->cands[e->cand_i].off + e->cands[e->cand_i].size <= rs)
		e->cand_i++;
	c = e->cand_i < e->ncands ? &e->cands[e->cand_i] : NULL;
	if (c != NULL && c->off <= rs && !c->claimed) {
		r->id = c->hid;
		r->has_time = filetime_us(c->wtime, &r->time_us);
		return;
	}
	/* Spans before span_i end at or before rs: the last is nearest. */
	if (e->span_i > 0) {
		s = &e->spans[e->span_i - 1];
		r->id = s->id;
		r->has_time = s->has_time;
		r->time_us = s->time_us;
	}
}

/* Give the run b[rs..re) as r: 1, or 0 if it is not to be given. */
static int
slack_emit(struct evtx *e, uint64_t rs, uint64_t re, struct evtx_record *r)
{
	uint64_t p;

	/* A BinXML string's length may precede it and look like text. */
	if (e->buf[rs] == (re - rs) / 2 - 1)
		rs += 2;
	if ((re - rs) / 2 < SLACK_MIN_CHARS)
		return (0);
	e->text.len = 0;
	for (p = rs; p < re; p += 2)
		sb_addcp(&e->text, e->buf[p]);
	if (e->text.len > SLACK_MAX_RUN || seen_before(e, rs, re - rs))
		return (0);
	if (e->slack_out + e->text.len > SLACK_MAX_TOTAL) {
		e->slack_out = SLACK_MAX_TOTAL;		/* stop here */
		return (0);
	}
	e->slack_out += e->text.len;
	buf_addc(&e->text, '\0');
	e->text.len--;
	memset(r, 0, sizeof(*r));
	r->kind = EVTX_SLACK;
	r->offset = rs;
	r->text = e->text.p;
	r->len = e->text.len;
	slack_when(e, rs, r);
	e->st.slack++;
	return (1);
}

int
evtx_slack_next(struct evtx *e, struct evtx_record *r)
{
	uint64_t rs, re;

	if (!e->slack) {
		e->slack = true;
		e->pos = FILE_HEADER_SIZE;
		if (e->nspans > 1)
			qsort(e->spans, e->nspans, sizeof(*e->spans),
			    span_cmp);
		if (e->ncands > 1)
			qsort(e->cands, e->ncands, sizeof(*e->cands),
			    cand_off_cmp);
	}
	while (slack_find(e, &rs, &re)) {
		if (slack_emit(e, rs, re, r))
			return (1);
	}
	return (0);
}
