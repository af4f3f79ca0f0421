/* SPDX-License-Identifier: MIT */
/*
 * pipe.c - the lines of a stream in batches of 256 KiB: each is matched
 * whole (one Vectorscan pass), then parsed line by line in the stream's
 * order.  Past its first MiB, a stream's batches are queued: the thread
 * that takes one matches it and, when its turn comes, parses it with the
 * stream's state, so the thread reading (or inflating) the stream only
 * reads on.
 */
#include <stdlib.h>
#include <string.h>

#include "scan_int.h"

/* Batches of a stream go to other threads past this point. */
#define PIPE_AFTER	(1u << 20)
#define BATCH_BYTES	(256u << 10)
#define BATCH_LINES	4096u

void
pipe_init(struct worker *wk)
{
	for (int i = 0; i < PIPE_DEPTH; i++)
		buf_init(&wk->pb[i].text);
}

void
pipe_fini(struct worker *wk)
{
	for (int i = 0; i < PIPE_DEPTH; i++) {
		buf_free(&wk->pb[i].text);
		free(wk->pb[i].ln);
		free(wk->pb[i].end);
		free(wk->pb[i].hit);
	}
}

/* The line of a batch being matched. */
struct batch_line {
	struct batch	*b;
	size_t		 i;
};

/* A rule matched the line, or could not be decided: note it. */
static void
on_batch_match(void *arg, const struct sig *s, enum match_result r)
{
	struct batch_line *bl = arg;
	struct batch *b = bl->b;

	if (b->nhit == b->caphit) {
		b->caphit = b->caphit ? 2 * b->caphit : 64;
		b->hit = xreallocarray(b->hit, b->caphit, sizeof(*b->hit));
	}
	b->hit[b->nhit++] = (struct bhit){ bl->i, s, r };
}

/* Match every line of b (the thread's own scratch), noting the hits. */
void
pipe_match(struct worker *wk, struct batch *b)
{
	struct batch_line bl = { b, 0 };

	b->nhit = 0;
	matcher_batch(wk->job->m, wk->sc, b->text.p, b->text.len, b->end,
	    b->nln);
	for (; bl.i < b->nln; bl.i++)
		matcher_run_line(wk->job->m, wk->sc, bl.i, b->text.p +
		    b->ln[bl.i].off, b->ln[bl.i].len, b->format, NULL, 0,
		    on_batch_match, &bl);
}

/*
 * Read lines into b until it holds BATCH_BYTES or the stream ends (*rc
 * then says how), or a stop is requested.
 */
static void
fill_batch(struct worker *wk, struct batch *b, int *rc)
{
	struct line ln;
	uint64_t max = wk->job->o->max_records;

	buf_reset(&b->text);
	b->nln = b->nhit = 0;
	b->format = wk->fmt->name;
	b->own = wk;
	while (b->text.len < BATCH_BYTES && b->nln < BATCH_LINES &&
	    !hop_stop_requested() &&
	    (max == 0 || wk->pipe_read + b->nln < max) &&
	    (*rc = lines_next(wk->lines, &ln)) == HOP_OK) {
		if (b->nln == b->capln) {
			b->capln = b->capln ? 2 * b->capln : 4096;
			b->ln = xreallocarray(b->ln, b->capln, sizeof(*b->ln));
			b->end = xreallocarray(b->end, b->capln,
			    sizeof(*b->end));
		}
		b->ln[b->nln] = (struct bline){ b->text.len, ln.len, ln.no,
		    ln.offset, ln.cut };
		buf_add(&b->text, ln.p, ln.len);
		b->end[b->nln++] = b->text.len;
		buf_addc(&b->text, '\n');
	}
	wk->pipe_read += b->nln;
}

/*
 * Parse b's lines in order, making the events of their hits, with the
 * stream's state in own.  Returns false when the stream must stop
 * (signal, --max-records).
 */
static bool
parse_batch(struct worker *own, struct batch *b)
{
	struct record r;
	struct line ln;
	size_t h = 0;

	for (size_t i = 0; i < b->nln; i++) {
		if (scan_stop(own, own->st))
			return false;
		ln = (struct line){ b->text.p + b->ln[i].off, b->ln[i].len,
		    b->ln[i].no, b->ln[i].offset, b->ln[i].cut };
		scan_parse_line(own, &ln, &r);
		own->ln = &ln;
		own->rec = &r;
		for (; h < b->nhit && b->hit[h].line == i; h++)
			scan_on_match(own, b->hit[h].sig, b->hit[h].r);
	}
	return true;
}

/*
 * With job->lock held: while the next batch of own's stream is matched
 * and nobody parses, parse it (the lock let go meanwhile).  Called by
 * whichever thread matched a batch or finished parsing one, so that no
 * batch waits for its turn with nobody to parse it.  After a stop the
 * batches are let go unparsed.
 */
static void
parse_ready(struct job *job, struct worker *own)
{
	struct batch *b;
	bool stopped;

	while (!own->pipe_parsing && own->pipe_parse < own->pipe_seq &&
	    (b = &own->pb[own->pipe_parse % PIPE_DEPTH])->state ==
	    B_MATCHED) {
		own->pipe_parsing = true;
		stopped = own->pipe_stopped;
		pthread_mutex_unlock(&job->lock);
		if (!stopped && !parse_batch(own, b))
			stopped = true;
		pthread_mutex_lock(&job->lock);
		own->pipe_stopped = stopped;
		b->state = B_IDLE;
		own->pipe_parse++;
		own->pipe_parsing = false;
		pthread_cond_broadcast(&job->cv);
	}
}

/* A thread matched b, with its own scratch: parse it if its turn came. */
void
pipe_matched(struct worker *wk, struct batch *b)
{
	struct job *job = wk->job;

	pthread_mutex_lock(&job->lock);
	b->state = B_MATCHED;
	parse_ready(job, b->own);
	pthread_cond_broadcast(&job->cv);
	pthread_mutex_unlock(&job->lock);
}

/*
 * Number b and queue it for another thread once the stream is big (past
 * PIPE_AFTER); else match it now.  One that nobody took is taken back
 * when its place is needed (reclaim_batch()).
 */
static void
submit_batch(struct worker *wk, struct batch *b)
{
	struct job *job = wk->job;
	bool queue = job->nt > 1 && b->ln[0].offset >= PIPE_AFTER;

	pthread_mutex_lock(&job->lock);
	b->seq = wk->pipe_seq++;
	if (queue) {
		b->it = xcalloc(1, sizeof(*b->it));
		b->it->batch = b;
		b->state = B_QUEUED;
		*job->tail = b->it;
		job->tail = &b->it->next;
		pthread_cond_signal(&job->cv);
	} else
		b->state = B_RUNNING;
	pthread_mutex_unlock(&job->lock);
	if (!queue) {
		pipe_match(wk, b);
		pipe_matched(wk, b);
	}
}

/* With job->lock held: take queued batch b back from the queue. */
static void
unqueue(struct job *job, struct batch *b)
{
	struct item **pp;

	for (pp = &job->head; *pp != b->it; pp = &(*pp)->next)
		continue;
	if ((*pp = b->it->next) == NULL)
		job->tail = pp;
	free(b->it);
	b->it = NULL;
	b->state = B_RUNNING;
}

/*
 * Wait until b, the oldest batch out, is parsed, and say whether the
 * stream goes on.  Still queued, it is taken back (nobody else may be
 * free to take it) and matched here, unless the stream stopped; its turn
 * come, it is parsed here unless another thread does.  While another
 * thread matches it, this one matches its later batches still queued.
 */
static bool
reclaim_batch(struct worker *wk, struct batch *b)
{
	struct job *job = wk->job;
	struct batch *q;
	bool go;

	pthread_mutex_lock(&job->lock);
	while (b->state != B_IDLE) {
		/* Its own batch still queued, b first, is matched here. */
		q = b->state == B_QUEUED ? b : NULL;
		for (int i = 0; q == NULL && i < PIPE_DEPTH; i++)
			if (wk->pb[i].state == B_QUEUED)
				q = &wk->pb[i];
		if (q != NULL) {
			unqueue(job, q);
			if (!wk->pipe_stopped) {
				pthread_mutex_unlock(&job->lock);
				pipe_match(wk, q);
				pthread_mutex_lock(&job->lock);
			}
			q->state = B_MATCHED;
		}
		parse_ready(job, wk);
		if (q == NULL && b->state != B_IDLE)
			pthread_cond_wait(&job->cv, &job->lock);
	}
	go = !wk->pipe_stopped;
	pthread_mutex_unlock(&job->lock);
	return go;
}

/*
 * A stream's lines after the look-ahead, in batches of PIPE_DEPTH out at
 * once: each is matched whole, then parsed line by line in the stream's
 * order.  Once the stream is big, idle threads take the batches, match
 * them and parse those whose turn it is, while this one reads on; it
 * matches and parses those nobody took.  The events and diagnostics are
 * those of do_line() on every line.
 */
void
pipe_lines(struct worker *wk, struct stream *st, int *rc)
{
	struct batch *b;
	bool go = true, last = false;
	uint64_t k;

	wk->pipe_read = wk->nrec;
	wk->pipe_seq = wk->pipe_parse = 0;
	wk->pipe_parsing = wk->pipe_stopped = false;
	while (go && !last) {
		b = &wk->pb[wk->pipe_seq % PIPE_DEPTH];
		if (wk->pipe_seq >= PIPE_DEPTH && !reclaim_batch(wk, b))
			go = false;
		else {
			fill_batch(wk, b, rc);
			last = b->nln == 0 || *rc != HOP_OK;
			if (b->nln > 0)
				submit_batch(wk, b);
		}
	}
	/* The batches still out, oldest first. */
	k = wk->pipe_seq > PIPE_DEPTH ? wk->pipe_seq - PIPE_DEPTH : 0;
	for (; k < wk->pipe_seq; k++)
		if (!reclaim_batch(wk, &wk->pb[k % PIPE_DEPTH]))
			go = false;
	if (go && *rc == HOP_OK)
		(void)scan_stop(wk, st);	/* as the loop of do_line() ends */
}
