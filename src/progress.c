/* SPDX-License-Identifier: MIT */
/*
 * progress.c - a thread that shows a scan's counters on stderr.
 */
#include <sys/stat.h>

#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <time.h>

#include "hopscan.h"
#include "progress.h"
#include "walk.h"

#define TICK_TTY_MS	250	/* redraw period on a terminal */
#define TICK_LOG_MS	5000	/* line period elsewhere */

struct progress {
	struct scan_counters	*c;
	uint64_t		 nfiles, total;
	FILE			*f;
	bool			 tty;
	bool			 stop;
	struct timespec		 t0;
	pthread_t		 tid;
	pthread_mutex_t		 lock;	/* f, stop */
	pthread_cond_t		 cond;
};

static double
elapsed(const struct progress *p)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (double)(now.tv_sec - p->t0.tv_sec) +
	    (double)(now.tv_nsec - p->t0.tv_nsec) / 1e9;
}

/* Write the line; with last, the final one.  p->lock is held. */
static void
draw(struct progress *p, bool last)
{
	uint64_t files = atomic_load_explicit(&p->c->files,
	    memory_order_relaxed);
	uint64_t fb = atomic_load_explicit(&p->c->file_bytes,
	    memory_order_relaxed);
	double mb = (double)atomic_load_explicit(&p->c->bytes,
	    memory_order_relaxed) / 1e6, t = elapsed(p);
	uint64_t ev = atomic_load_explicit(&p->c->events,
	    memory_order_relaxed);
	char eta[48] = "";

	if (files < p->nfiles && fb > 0 && fb <= p->total && t > 0) {
		double left = t * (double)(p->total - fb) / (double)fb;
		unsigned long s = left < 359999 ? (unsigned long)left : 359999;

		snprintf(eta, sizeof(eta), ", ETA %lu:%02lu:%02lu", s / 3600,
		    s / 60 % 60, s % 60);
	}
	fprintf(p->f, "%shopscan: %llu/%llu files, %.1f MB, %.1f MB/s, "
	    "%llu events%s%s", p->tty ? "\r" : "", (unsigned long long)files,
	    (unsigned long long)p->nfiles, mb, t > 0 ? mb / t : 0.0,
	    (unsigned long long)ev, eta,
	    p->tty && !last ? "\033[K" : last && p->tty ? "\033[K\n" : "\n");
	fflush(p->f);
}

static void *
run(void *arg)
{
	struct progress *p = arg;
	int ms = p->tty ? TICK_TTY_MS : TICK_LOG_MS;
	struct timespec until;

	pthread_mutex_lock(&p->lock);
	clock_gettime(CLOCK_REALTIME, &until);
	while (!p->stop) {
		until.tv_nsec += (long)ms * 1000000;
		until.tv_sec += until.tv_nsec / 1000000000;
		until.tv_nsec %= 1000000000;
		while (!p->stop && pthread_cond_timedwait(&p->cond, &p->lock,
		    &until) != ETIMEDOUT)
			continue;
		if (!p->stop)
			draw(p, false);
	}
	pthread_mutex_unlock(&p->lock);
	return NULL;
}

struct progress *
progress_start(struct scan_counters *c, uint64_t nfiles, uint64_t total,
    FILE *f, bool tty)
{
	struct progress *p = xcalloc(1, sizeof(*p));

	p->c = c;
	p->nfiles = nfiles;
	p->total = total;
	p->f = f;
	p->tty = tty;
	clock_gettime(CLOCK_MONOTONIC, &p->t0);
	pthread_mutex_init(&p->lock, NULL);
	pthread_cond_init(&p->cond, NULL);
	if (pthread_create(&p->tid, NULL, run, p) != 0) {
		pthread_cond_destroy(&p->cond);
		pthread_mutex_destroy(&p->lock);
		free(p);
		return NULL;
	}
	return p;
}

struct progress *
progress_start_walk(const struct walk *w, struct scan_counters *c, FILE *f,
    bool tty)
{
	uint64_t total = 0;
	struct stat st;

	for (size_t i = 0; i < walk_count(w); i++)
		if (stat(walk_get(w, i)->path, &st) == 0 && S_ISREG(st.st_mode))
			total += (uint64_t)st.st_size;
	return progress_start(c, walk_count(w), total, f, tty);
}

void
progress_stop(struct progress *p)
{
	if (p == NULL)
		return;
	pthread_mutex_lock(&p->lock);
	p->stop = true;
	pthread_cond_signal(&p->cond);
	pthread_mutex_unlock(&p->lock);
	pthread_join(p->tid, NULL);
	draw(p, true);
	pthread_cond_destroy(&p->cond);
	pthread_mutex_destroy(&p->lock);
	free(p);
}

void
progress_clear(struct progress *p)
{
	if (p == NULL || !p->tty)
		return;
	pthread_mutex_lock(&p->lock);
	fputs("\r\033[K", p->f);
	pthread_mutex_unlock(&p->lock);
}
