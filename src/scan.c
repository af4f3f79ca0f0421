/* SPDX-License-Identifier: MIT */
/*
 * scan.c - run the pipeline over every input file, on worker threads that
 * each take the next file, and join their events into one timeline.
 */
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "escape.h"
#include "evtx.h"
#include "formats/format.h"
#include "lines.h"
#include "prov.h"
#include "scan.h"

/* An event whose time is known only when its stream has been read. */
struct pending {
	struct event		 ev;
	struct clock_mark	 mark;
};

/* What the threads share. */
struct job {
	const struct scan_opts		*o;
	const struct matcher		*m;
	const struct timeline_filter	*f;
	const struct walk		*w;
	const struct hop_diag		*d;
	atomic_size_t			 next;	/* next file to take */
};

/* One thread's state. */
struct worker {
	struct job		*job;
	pthread_t		 tid;
	struct match_scratch	*sc;
	struct lines		*lines;
	struct timeline		*tl;
	int			 status;
	const struct walk_file	*file;	/* the file being read */
	struct stream		*st;	/* the stream being read */
	const struct format	*fmt;
	struct fmt_stream	 fs;
	const struct line	*ln;	/* the line being matched */
	const struct record	*rec;
	struct clock		 clk;	/* the stream's clock */
	struct clock_mark	 mark;	/* the line's time, from clk */
	char			*host;	/* the stream's host, from its path */
	const char		*pos_kind;	/* "line", "record" ... */
	struct pending		*pend;	/* events of this stream */
	size_t			 npend, cappend;
	struct buf		 look;	/* the lines formats bid on */
	struct record		 prev;	/* the last record, for line pieces */
	uint64_t		 prev_no;	/* its line number, 0 = none */
	struct buf		 prev_host;
};

static int
pull(void *ctx, const void **buf, size_t *len)
{
	return stream_read(ctx, buf, len);
}

/* A rule matched the current line, or could not be decided. */
static void
on_match(void *arg, const struct sig *s, enum match_result r)
{
	struct worker *wk = arg;
	struct pending *p;
	size_t n;

	if (r == MATCH_LIMIT) {
		hop_diag(wk->job->d, HOP_SEV_ERROR, stream_prov(wk->st),
		    wk->ln->no, "rule %s hit the PCRE2 match or depth limit; "
		    "record not fully checked", s->id);
		wk->status = HOP_WARN;
		return;
	}
	if (wk->npend == wk->cappend) {
		wk->cappend = wk->cappend ? 2 * wk->cappend : 16;
		wk->pend = xreallocarray(wk->pend, wk->cappend,
		    sizeof(*wk->pend));
	}
	p = &wk->pend[wk->npend++];
	memset(p, 0, sizeof(*p));
	p->mark = wk->mark;
	n = wk->ln->len < SCAN_EXCERPT_MAX ? wk->ln->len : SCAN_EXCERPT_MAX;
	p->ev.excerpt = xstrndup(wk->ln->p, n);
	p->ev.excerpt_len = n;
	p->ev.host = wk->rec->host != NULL ?
	    xstrndup(wk->rec->host, wk->rec->host_len) : xstrdup(wk->host);
	p->ev.source = xstrdup(stream_prov(wk->st));
	p->ev.pos_kind = wk->pos_kind;
	p->ev.pos = wk->ln->no;
	p->ev.offset = wk->ln->offset;
	p->ev.format = wk->fmt->name;
	p->ev.time_desc = wk->fmt->time_desc;
	p->ev.sig = s;
}

/*
 * Parse and match one line.  The later pieces of a line cut for length
 * carry no header of their own: they take the time and host of the first.
 */
static void
do_line(struct worker *wk, const struct line *ln)
{
	struct record r = { .text = ln->p, .len = ln->len };

	if (ln->cut && wk->prev_no == ln->no) {
		r = wk->prev;
		r.text = ln->p;
		r.len = ln->len;
	} else {
		wk->fmt->parse(&wk->fs, &r);
		if (r.host != NULL)
			clock_mark(&wk->clk, &r, r.host, r.host_len, &wk->mark);
		else
			clock_mark(&wk->clk, &r, wk->host, strlen(wk->host),
			    &wk->mark);
		wk->prev = r;
		wk->prev_no = ln->no;
		buf_reset(&wk->prev_host);
		if (r.host != NULL) {
			buf_add(&wk->prev_host, r.host, r.host_len);
			wk->prev.host = buf_str(&wk->prev_host);
		}
	}
	wk->ln = ln;
	wk->rec = &r;
	matcher_run(wk->job->m, wk->sc, ln->p, ln->len, wk->fmt->name,
	    NULL, 0, on_match, wk);
}

/* Give p its UTC time and time note, now that the stream is read. */
static void
settle(struct worker *wk, struct pending *p)
{
	enum stream_mtime mk;
	int64_t ref;

	if ((mk = stream_mtime(wk->st, &ref)) == STREAM_MTIME_NONE)
		ref = wk->job->o->now_us;
	clock_settle(&p->mark, &wk->fs.year, ref, mk, &p->ev.has_time,
	    &p->ev.time_us, &p->ev.time_note);
}

/* The host a stream's path implies: --host-from, else the first part. */
static char *
stream_host(const struct worker *wk, const struct stream *st)
{
	const char *prov = stream_prov(st);
	size_t plen = strlen(wk->file->path);
	char *rel, *host;

	if (wk->job->o->host_from <= 1)
		return xstrdup(wk->file->host);
	rel = xasprintf("%s%s", wk->file->rel,
	    strncmp(prov, wk->file->path, plen) == 0 ? prov + plen : "");
	host = prov_host_n(rel, wk->job->o->host_from);
	free(rel);
	return host;
}

/* Read the first lines into wk->look for the formats to bid on. */
static size_t
look_ahead(struct worker *wk, struct line *lk, int *rc)
{
	size_t n = 0, off[SCAN_LOOKAHEAD];
	const char *base;

	buf_reset(&wk->look);
	while (n < SCAN_LOOKAHEAD && (*rc = lines_next(wk->lines, &lk[n])) ==
	    HOP_OK) {
		off[n] = wk->look.len;
		buf_add(&wk->look, lk[n].p, lk[n].len);
		n++;
	}
	/* Not look.p itself: NULL while only empty lines were added. */
	base = buf_str(&wk->look);
	for (size_t i = 0; i < n; i++)
		lk[i].p = base + off[i];
	return n;
}

/* Settle the stream's pending events into the timeline. */
static void
flush(struct worker *wk)
{
	for (size_t i = 0; i < wk->npend; i++) {
		settle(wk, &wk->pend[i]);
		timeline_add(wk->tl, &wk->pend[i].ev);
	}
	wk->npend = 0;
	free(wk->host);
	wk->host = NULL;
}

/* How evtx records appear in the format and timestamp_desc columns. */
static const struct format format_evtx = {
	.name = "evtx",
	.time_desc = "Event Recorded",
};

/* Match one event-log record; its time is UTC, read whole. */
static void
evtx_record(struct worker *wk, const struct evtx_record *er)
{
	static const char *const pos_kind[] = {
		[EVTX_RECORD] = "record",
		[EVTX_RECOVERED] = "recovered record",
		[EVTX_SLACK] = "slack after record",
	};
	static const char *const note[] = {
		[EVTX_RECORD] = NULL,
		[EVTX_RECOVERED] = "recovered record",
		[EVTX_SLACK] = "recovered from slack, time of nearest record",
	};
	struct line ln = { .p = er->text, .len = er->len, .no = er->id,
	    .offset = er->offset };
	struct record r = { .text = er->text, .len = er->len,
	    .host = er->computer, .time_note = note[er->kind] };

	r.host_len = r.host != NULL ? strlen(r.host) : 0;
	memset(&wk->mark, 0, sizeof(wk->mark));
	wk->mark.time = er->has_time ? REC_TIME_FULL : REC_TIME_NONE;
	wk->mark.civil.has_offset = 1;
	wk->mark.utc_us = er->time_us;
	wk->mark.fmt_note = r.time_note;
	wk->pos_kind = pos_kind[er->kind];
	wk->ln = &ln;
	wk->rec = &r;
	matcher_run(wk->job->m, wk->sc, er->text, er->len, "evtx",
	    er->fields, er->nfields, on_match, wk);
}

/* Read a Windows event log stream record by record. */
static void
scan_evtx(struct worker *wk, struct stream *st)
{
	const struct evtx_stats *s;
	struct evtx_record er;
	struct evtx *e;
	const void *buf;
	char err[256];
	size_t len;

	wk->fmt = &format_evtx;
	if ((buf = stream_whole(st, &len)) == NULL)
		return;
	if ((e = evtx_open(buf, len, err, sizeof(err))) == NULL) {
		hop_diag(wk->job->d, HOP_SEV_ERROR, stream_prov(st), 0,
		    "cannot read event log: %s", err);
		wk->status = HOP_WARN;
		return;
	}
	while (evtx_next(e, &er) == 1)
		evtx_record(wk, &er);
	s = evtx_stats(e);
	if (s->bad > 0) {
		hop_diag(wk->job->d, HOP_SEV_ERROR, stream_prov(st), 0,
		    "%llu of %llu records could not be parsed (libevtx: %s); "
		    "skipped, their text searched as slack",
		    (unsigned long long)s->bad, (unsigned long long)s->records,
		    s->first_error);
		wk->status = HOP_WARN;
	}
	if (s->read + s->recovered == 0) {
		hop_diag(wk->job->d, HOP_SEV_ERROR, stream_prov(st), 0,
		    "no event record could be read (damaged or truncated?); "
		    "%llu text runs recovered from slack",
		    (unsigned long long)s->slack);
		wk->status = HOP_WARN;
	}
	evtx_close(e);
}

/* The input callback: read one stream's lines and match them. */
static void
on_stream(void *arg, struct stream *st)
{
	struct worker *wk = arg;
	struct line lk[SCAN_LOOKAHEAD], ln;
	size_t n;
	int rc = HOP_OK;

	wk->st = st;
	wk->npend = 0;
	wk->prev_no = 0;
	wk->host = stream_host(wk, st);
	if (stream_is_evtx(st)) {
		scan_evtx(wk, st);
		flush(wk);
		return;
	}
	wk->pos_kind = "line";
	clock_start(&wk->clk, &wk->job->o->clock);
	lines_start(wk->lines, pull, st);
	n = look_ahead(wk, lk, &rc);
	wk->fmt = format_choose(lk, n);
	ts_year_init(&wk->fs.year);
	wk->fs.priv = wk->fmt->open != NULL ? wk->fmt->open() : NULL;
	for (size_t i = 0; i < n; i++)
		do_line(wk, &lk[i]);
	while (rc == HOP_OK && (rc = lines_next(wk->lines, &ln)) == HOP_OK)
		do_line(wk, &ln);
	if (lines_first_cut(wk->lines) != 0)
		hop_diag(wk->job->d, HOP_SEV_WARNING, stream_prov(st),
		    lines_first_cut(wk->lines), "line longer than %zu bytes; "
		    "scanned in pieces", wk->job->o->max_line ?
		    wk->job->o->max_line : (size_t)LINES_MAX_DEFAULT);
	if (wk->fmt->close != NULL)
		wk->fmt->close(wk->fs.priv);
	flush(wk);
	clock_finish(&wk->clk);
}

static void *
worker_main(void *arg)
{
	struct worker *wk = arg;
	struct job *job = wk->job;
	size_t i;

	while ((i = atomic_fetch_add(&job->next, 1)) < walk_count(job->w)) {
		wk->file = walk_get(job->w, i);
		if (input_scan(wk->file->path, &job->o->input, job->d,
		    on_stream, wk) != HOP_OK)
			wk->status = HOP_WARN;
	}
	return NULL;
}

static void
worker_init(struct worker *wk, struct job *job)
{
	memset(wk, 0, sizeof(*wk));
	wk->job = job;
	wk->sc = match_scratch_new(job->m);
	wk->lines = lines_new(job->o->max_line);
	wk->tl = timeline_new(job->f);
	buf_init(&wk->look);
	buf_init(&wk->prev_host);
}

static void
worker_fini(struct worker *wk)
{
	match_scratch_free(wk->sc);
	lines_free(wk->lines);
	timeline_free(wk->tl);
	buf_free(&wk->look);
	buf_free(&wk->prev_host);
	free(wk->pend);
}

struct timeline *
scan_run(const struct scan_opts *o, const struct matcher *m,
    const struct timeline_filter *f, const struct walk *w,
    const struct hop_diag *d, int *status)
{
	struct job job = { o, m, f, w, d, 0 };
	int nt = o->threads > 1 ? o->threads : 1;
	struct worker *wk = xcalloc((size_t)nt, sizeof(*wk));
	struct timeline *tl = timeline_new(f);
	int started = 0, failed = 0;

	*status = HOP_OK;
	for (int i = 0; i < nt; i++)
		worker_init(&wk[i], &job);
	if (nt == 1)
		worker_main(&wk[0]);
	else
		for (; started < nt; started++)
			if (pthread_create(&wk[started].tid, NULL, worker_main,
			    &wk[started]) != 0) {
				failed = 1;
				break;
			}
	for (int i = 0; i < started; i++)
		pthread_join(wk[i].tid, NULL);
	if (failed && started == 0)
		worker_main(&wk[0]);
	for (int i = 0; i < nt; i++) {
		timeline_absorb(tl, wk[i].tl);
		if (wk[i].status != HOP_OK)
			*status = HOP_WARN;
		worker_fini(&wk[i]);
	}
	free(wk);
	timeline_sort(tl);
	return tl;
}
