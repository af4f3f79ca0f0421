/* SPDX-License-Identifier: MIT */
/*
 * scan.c - run the pipeline over every input file, on worker threads that
 * each take the next file, and join their events into one timeline.
 */
#include <sys/stat.h>

#include <stdlib.h>
#include <string.h>

#include "evtx.h"
#include "image.h"
#include "prov.h"
#include "scan_int.h"
#include "spill.h"

/* Read a worker's stream, counting the bytes for the progress line. */
static int
pull(void *ctx, const void **buf, size_t *len)
{
	struct worker *wk = ctx;
	int rc = stream_read(wk->st, buf, len);

	if (wk->job->o->counters != NULL && rc == HOP_OK)
		atomic_fetch_add_explicit(&wk->job->o->counters->bytes, *len,
		    memory_order_relaxed);
	return rc;
}

/*
 * Too many events wait for their stream's end (a catch-all rule on a big
 * log): write them to a temporary file, to be settled at the end.  If that
 * fails they stay in memory.
 */
static void
spill_pending(struct worker *wk)
{
	size_t i;

	if (wk->pend_f == NULL && (wk->pend_f = spill_file()) == NULL)
		return;
	for (i = 0; i < wk->npend; i++)
		if (spill_write(wk->pend_f, &wk->pend[i].ev, &wk->pend[i].mark,
		    sizeof(wk->pend[i].mark)) == -1)
			return;
	for (i = 0; i < wk->npend; i++)
		event_clear(&wk->pend[i].ev);
	free(wk->pend);
	wk->pend = NULL;
	wk->npend = wk->cappend = 0;
	wk->pend_mem = 0;
}

/* A rule matched the current line, or could not be decided. */
void
scan_on_match(void *arg, const struct sig *s, enum match_result r)
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
	wk->pend_mem += event_size(&p->ev);
	if (wk->job->o->max_memory > 0 && wk->pend_mem + wk->cappend *
	    sizeof(*wk->pend) > wk->job->o->max_memory / (4 * wk->job->nt))
		spill_pending(wk);
}

/*
 * Parse one line into *r and mark its time.  The later pieces of a line
 * cut for length carry no header of their own: they take the time and
 * host of the first.
 */
void
scan_parse_line(struct worker *wk, const struct line *ln, struct record *r0)
{
	struct record r = { .text = ln->p, .len = ln->len };

	wk->nrec++;
	if (ln->cut && wk->first_cut == 0)
		wk->first_cut = ln->no;
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
		/* Kept for the pieces that follow: only a cut line has any. */
		if (ln->cut) {
			wk->prev = r;
			wk->prev_no = ln->no;
			buf_reset(&wk->prev_host);
			if (r.host != NULL) {
				buf_add(&wk->prev_host, r.host, r.host_len);
				wk->prev.host = buf_str(&wk->prev_host);
			}
		}
	}
	*r0 = r;
}

/* Parse and match one line. */
static void
do_line(struct worker *wk, const struct line *ln)
{
	struct record r;

	scan_parse_line(wk, ln, &r);
	wk->ln = ln;
	wk->rec = &r;
	matcher_run(wk->job->m, wk->sc, ln->p, ln->len, wk->fmt->name,
	    NULL, 0, scan_on_match, wk);
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
	if (stream_origin(wk->st) != NULL) {
		char *n = p->ev.time_note == NULL ?
		    xstrdup(stream_origin(wk->st)) : xasprintf("%s; %s",
		    stream_origin(wk->st), p->ev.time_note);

		free(p->ev.time_note);
		p->ev.time_note = n;
	}
}

/*
 * The host a stream's path implies: --host, else --host-from, else the
 * disk image's name, else the first part.
 */
static char *
stream_host(const struct worker *wk, const struct stream *st)
{
	const char *prov = stream_prov(st);
	size_t plen = strlen(wk->file->path);
	char *rel, *host;

	if (wk->job->o->host != NULL)
		return xstrdup(wk->job->o->host);
	if (stream_image(st) != NULL && wk->job->o->host_from <= 1)
		return image_host(stream_image(st));
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

/* An event of the stream was kept: count it. */
static void
kept(struct worker *wk, struct scan_counters *c)
{
	wk->nev++;
	if (c != NULL)
		atomic_fetch_add_explicit(&c->events, 1, memory_order_relaxed);
}

/* Settle the stream's pending events into the timeline. */
static void
flush(struct worker *wk)
{
	struct scan_counters *c = wk->job->o->counters;

	if (wk->pend_f != NULL) {
		struct pending p;

		rewind(wk->pend_f);
		while (spill_read(wk->pend_f, &p.ev, &p.mark,
		    sizeof(p.mark)) == 1) {
			settle(wk, &p);
			if (timeline_add(wk->tl, &p.ev))
				kept(wk, c);
		}
		fclose(wk->pend_f);
		wk->pend_f = NULL;
	}
	wk->pend_mem = 0;
	for (size_t i = 0; i < wk->npend; i++) {
		settle(wk, &wk->pend[i]);
		if (timeline_add(wk->tl, &wk->pend[i].ev))
			kept(wk, c);
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
	wk->nrec++;
	memset(&wk->mark, 0, sizeof(wk->mark));
	wk->mark.time = er->has_time ? REC_TIME_FULL : REC_TIME_NONE;
	wk->mark.civil.has_offset = 1;
	wk->mark.utc_us = er->time_us;
	wk->mark.fmt_note = r.time_note;
	wk->pos_kind = pos_kind[er->kind];
	wk->ln = &ln;
	wk->rec = &r;
	matcher_run(wk->job->m, wk->sc, er->text, er->len, "evtx",
	    er->fields, er->nfields, scan_on_match, wk);
}

/*
 * Should reading st stop before its next record?  On a stop request, or
 * past --max-records (reported).
 */
bool
scan_stop(struct worker *wk, struct stream *st)
{
	uint64_t max = wk->job->o->max_records;

	if (hop_stop_requested())
		return true;
	if (max == 0 || wk->nrec < max)
		return false;
	hop_diag(wk->job->d, HOP_SEV_ERROR, stream_prov(st), 0, "more than "
	    "%llu records (--max-records); the rest are not read",
	    (unsigned long long)max);
	wk->status = HOP_WARN;
	return true;
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
	if (wk->job->o->counters != NULL)
		atomic_fetch_add_explicit(&wk->job->o->counters->bytes, len,
		    memory_order_relaxed);
	if ((e = evtx_open(buf, len, err, sizeof(err))) == NULL) {
		hop_diag(wk->job->d, HOP_SEV_ERROR, stream_prov(st), 0,
		    "cannot read event log: %s", err);
		wk->status = HOP_WARN;
		return;
	}
	while (!scan_stop(wk, st) && evtx_next(e, &er) == 1)
		evtx_record(wk, &er);
	s = evtx_stats(e);
	if (s->cut > 0) {
		hop_diag(wk->job->d, HOP_SEV_ERROR, stream_prov(st), 0,
		    "truncated inside its last chunk (%llu bytes missing); the "
		    "records before the cut are read",
		    (unsigned long long)s->cut);
		wk->status = HOP_WARN;
	}
	if (s->bad > 0) {
		hop_diag(wk->job->d, HOP_SEV_ERROR, stream_prov(st), 0,
		    "%llu of %llu records could not be parsed (libevtx: %s); "
		    "skipped, their text searched as slack",
		    (unsigned long long)s->bad, (unsigned long long)s->records,
		    s->first_error);
		wk->status = HOP_WARN;
	}
	if (s->refused == 1) {
		hop_diag(wk->job->d, HOP_SEV_ERROR, stream_prov(st), 0,
		    "1 record refused unparsed, as libevtx would misbehave on "
		    "it (%s); skipped, its text searched as slack",
		    s->refuse_why);
		wk->status = HOP_WARN;
	} else if (s->refused > 1) {
		hop_diag(wk->job->d, HOP_SEV_ERROR, stream_prov(st), 0,
		    "%llu records refused unparsed, as libevtx would misbehave "
		    "on them (the first: %s); skipped, their text searched as "
		    "slack", (unsigned long long)s->refused, s->refuse_why);
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

/*
 * Hand the archive member or disk-image file st to another thread, if it
 * fits the queue (a small one when no thread waits yet): read it into
 * memory; stream_done() queues it.  The thread reading the archive or
 * image goes on meanwhile.
 */
static bool
handoff(struct worker *wk, struct stream *st)
{
	struct job *job = wk->job;
	int64_t size = stream_size(st);
	size_t max = atomic_load(&job->idle) > 0 ? QUEUE_MAX : QUEUE_BUSY;
	bool room;

	if (job->nt < 2 || wk->replay || size <= 0 ||
	    (stream_depth(st) == 0 && stream_image(st) == NULL) ||
	    size > (int64_t)HANDOFF_MAX)
		return false;
	pthread_mutex_lock(&job->lock);
	if ((room = job->queued + (size_t)size <= max))
		job->queued += (size_t)size;	/* reserved */
	pthread_mutex_unlock(&job->lock);
	if (!room)
		return false;
	wk->handoff = xcalloc(1, sizeof(*wk->handoff));
	stream_copy(st, &wk->handoff->copy);
	wk->handoff->file = wk->file;
	wk->handoff->input = wk->input;
	pthread_mutex_lock(&job->lock);
	job->queued += wk->handoff->copy.len;
	job->queued -= (size_t)size;
	pthread_mutex_unlock(&job->lock);
	return true;
}

/* Queue the member just copied, with what input.c said of it. */
static void
enqueue(struct worker *wk, const struct stream_info *si)
{
	struct job *job = wk->job;
	struct item *it = wk->handoff;

	wk->handoff = NULL;
	if (si != NULL) {
		it->si = *si;
		it->si.prov = it->copy.prov;
		it->si.detail = it->si_detail = si->detail != NULL ?
		    xstrdup(si->detail) : NULL;
		if (si->sha256 != NULL) {
			memcpy(it->sha256, si->sha256, sizeof(it->sha256));
			it->si.sha256 = it->sha256;
		}
	}
	pthread_mutex_lock(&job->lock);
	*job->tail = it;
	job->tail = &it->next;
	pthread_cond_signal(&job->cv);
	pthread_mutex_unlock(&job->lock);
}

/* The input callback: read one stream's lines and match them. */
static void
on_stream(void *arg, struct stream *st)
{
	struct worker *wk = arg;
	struct line lk[SCAN_LOOKAHEAD];
	size_t n;
	int rc = HOP_OK;

	if (handoff(wk, st))
		return;
	wk->st = st;
	wk->npend = 0;
	wk->prev_no = 0;
	wk->first_cut = 0;
	wk->nrec = wk->nev = 0;
	wk->host = stream_host(wk, st);
	if (stream_is_evtx(st)) {
		scan_evtx(wk, st);
		flush(wk);
		stream_note(st, "evtx", wk->nrec, wk->nev);
		return;
	}
	wk->pos_kind = "line";
	clock_start(&wk->clk, &wk->job->o->clock);
	lines_start(wk->lines, pull, wk);
	n = look_ahead(wk, lk, &rc);
	wk->fmt = format_choose(lk, n);
	ts_year_init(&wk->fs.year);
	wk->fs.order = TS_ORDER_UNKNOWN;
	wk->fs.priv = wk->fmt->open != NULL ? wk->fmt->open() : NULL;
	for (size_t i = 0; i < n && !scan_stop(wk, st); i++)
		do_line(wk, &lk[i]);
	if (rc == HOP_OK && !scan_stop(wk, st))
		pipe_lines(wk, st, &rc);
	/* Lines read past a stop were not parsed: not counted. */
	if (wk->first_cut != 0)
		hop_diag(wk->job->d, HOP_SEV_WARNING, stream_prov(st),
		    wk->first_cut, "line longer than %zu bytes; "
		    "scanned in pieces", wk->job->o->max_line ?
		    wk->job->o->max_line : (size_t)LINES_MAX_DEFAULT);
	if (wk->fmt->close != NULL)
		wk->fmt->close(wk->fs.priv);
	flush(wk);
	clock_finish(&wk->clk);
	stream_note(st, wk->fmt->name, wk->nrec, wk->nev);
}

/*
 * A stream is done: queue it if it was handed off (its scanner will say
 * what became of it), else pass on what became of it.
 */
static void
stream_done(void *arg, const struct stream_info *si)
{
	struct worker *wk = arg;

	if (wk->handoff != NULL)
		enqueue(wk, si);
	else if (wk->job->o->done != NULL)
		wk->job->o->done(wk->job->o->done_arg, wk->input, si);
}

/* Scan a member another thread read into memory, or match a batch. */
static void
run_item(struct worker *wk, struct item *it)
{
	struct job *job = wk->job;

	if (it->batch != NULL) {
		pipe_match(wk, it->batch);
		pipe_matched(wk, it->batch);
		free(it);
		return;
	}
	if (!hop_stop_requested()) {
		wk->file = it->file;
		wk->input = it->input;
		wk->replay = true;
		stream_replay(&it->copy, on_stream, wk);
		wk->replay = false;
		if (job->o->done != NULL) {
			it->si.format = it->copy.format;
			it->si.records = it->copy.records;
			it->si.events = it->copy.events;
			job->o->done(job->o->done_arg, it->input, &it->si);
		}
	}
	pthread_mutex_lock(&job->lock);
	job->queued -= it->copy.len;
	pthread_mutex_unlock(&job->lock);
	stream_copy_free(&it->copy);
	free(it->si_detail);
	free(it);
}

/* The next queued member, or NULL when none is left nor can come. */
static struct item *
next_item(struct job *job, bool wait)
{
	struct item *it;

	pthread_mutex_lock(&job->lock);
	if (wait) {
		atomic_fetch_add(&job->idle, 1);
		while (job->head == NULL && job->busy > 0)
			pthread_cond_wait(&job->cv, &job->lock);
		atomic_fetch_sub(&job->idle, 1);
	}
	if ((it = job->head) != NULL && (job->head = it->next) == NULL)
		job->tail = &job->head;
	if (it != NULL && it->batch != NULL)
		it->batch->state = B_RUNNING;
	pthread_mutex_unlock(&job->lock);
	return it;
}

/* One more input file done, for the progress line. */
static void
count_file(struct scan_counters *c, const char *path)
{
	struct stat st;

	if (stat(path, &st) == 0 && S_ISREG(st.st_mode))
		atomic_fetch_add_explicit(&c->file_bytes, (uint64_t)st.st_size,
		    memory_order_relaxed);
	atomic_fetch_add_explicit(&c->files, 1, memory_order_relaxed);
}

/* Read one input file, counted as busy: it may queue members. */
static void
scan_file(struct worker *wk, size_t i)
{
	struct job *job = wk->job;

	wk->file = walk_get(job->w, i);
	wk->input = i;
	if (input_scan(wk->file->path, &job->in, job->d, on_stream, wk) !=
	    HOP_OK)
		wk->status = HOP_WARN;
	if (job->o->counters != NULL)
		count_file(job->o->counters, wk->file->path);
	pthread_mutex_lock(&job->lock);
	if (--job->busy == 0)
		pthread_cond_broadcast(&job->cv);
	pthread_mutex_unlock(&job->lock);
}

/*
 * A thread: queued members first (they hold memory), then the next file,
 * then wait for members while other threads still read files.
 */
static void *
worker_main(void *arg)
{
	struct worker *wk = arg;
	struct job *job = wk->job;
	struct item *it;
	size_t i;

	for (;;) {
		if ((it = next_item(job, false)) != NULL) {
			run_item(wk, it);
			continue;
		}
		pthread_mutex_lock(&job->lock);
		i = hop_stop_requested() ? SIZE_MAX :
		    atomic_fetch_add(&job->next, 1);
		if (i < walk_count(job->w))
			job->busy++;
		pthread_mutex_unlock(&job->lock);
		if (i < walk_count(job->w)) {
			scan_file(wk, i);
			continue;
		}
		if ((it = next_item(job, true)) == NULL)
			break;
		run_item(wk, it);
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
	timeline_set_budget(wk->tl, job->o->max_memory / (2 * job->nt));
	buf_init(&wk->look);
	buf_init(&wk->prev_host);
	pipe_init(wk);
}

static void
worker_fini(struct worker *wk)
{
	match_scratch_free(wk->sc);
	lines_free(wk->lines);
	timeline_free(wk->tl);
	buf_free(&wk->look);
	buf_free(&wk->prev_host);
	pipe_fini(wk);
	free(wk->pend);
}

struct timeline *
scan_run(const struct scan_opts *o, const struct matcher *m,
    const struct timeline_filter *f, const struct walk *w,
    const struct hop_diag *d, int *status)
{
	struct job job = { .o = o, .m = m, .f = f, .w = w, .d = d,
	    .in = o->input, .lock = PTHREAD_MUTEX_INITIALIZER,
	    .cv = PTHREAD_COND_INITIALIZER };
	int nt = o->threads > 1 ? o->threads : 1;
	struct worker *wk = xcalloc((size_t)nt, sizeof(*wk));
	struct timeline *tl = timeline_new(f);
	int started = 0, failed = 0;

	job.in.done = stream_done;
	job.nt = nt;
	job.tail = &job.head;
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
	pthread_mutex_destroy(&job.lock);
	pthread_cond_destroy(&job.cv);
	timeline_sort(tl);
	return tl;
}
