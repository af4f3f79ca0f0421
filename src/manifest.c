/* SPDX-License-Identifier: MIT */
/*
 * manifest.c - the chain of custody, collected while the scan runs (the
 * digests are taken by input.c in the same pass as the scan reads) and
 * written as one JSON document at the end.
 */
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "escape.h"
#include "manifest.h"
#include "outfile.h"
#include "sha256.h"
#include "timestamp.h"

/* One stream, or a diagnostic, or a skipped input. */
struct entry {
	size_t		 input;		/* scan order; SIZE_MAX: none */
	uint64_t	 seq;
	char		*prov;
	int		 depth;
	const char	*type, *format;	/* static strings */
	char		*detail;
	uint64_t	 records, events, size;
	bool		 complete, has_hash;
	unsigned char	 sha256[SHA256_LEN];
	size_t		 first_diag;	/* index into diags, or SIZE_MAX */
};

struct diag {
	enum hop_sev	 sev;
	char		*prov;		/* or NULL */
	uint64_t	 line;
	char		*msg;
	size_t		 next;		/* next of the same entry */
	bool		 placed;
};

struct rulefile {
	char		*path;
	char		 hex[SHA256_HEX];
};

struct manifest {
	pthread_mutex_t	 lock;
	char		**argv;
	int		 argc;
	int64_t		 start_us;
	struct rulefile	*rules;
	size_t		 nrules, nsigs;
	struct entry	*ent;
	size_t		 nent, capent;
	struct diag	*diag;
	size_t		 ndiag, capdiag;
	struct sha256	*out_hash;	/* of the timeline, by manifest_tee */
	FILE		*out;
};

static int64_t
now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

struct manifest *
manifest_new(int argc, char **argv)
{
	struct manifest *m = xcalloc(1, sizeof(*m));

	pthread_mutex_init(&m->lock, NULL);
	m->argc = argc;
	m->argv = argv;
	m->start_us = now_us();
	m->out_hash = sha256_new();
	return m;
}

void
manifest_free(struct manifest *m)
{
	if (m == NULL)
		return;
	for (size_t i = 0; i < m->nrules; i++)
		free(m->rules[i].path);
	for (size_t i = 0; i < m->nent; i++) {
		free(m->ent[i].prov);
		free(m->ent[i].detail);
	}
	for (size_t i = 0; i < m->ndiag; i++) {
		free(m->diag[i].prov);
		free(m->diag[i].msg);
	}
	free(m->rules);
	free(m->ent);
	free(m->diag);
	sha256_free(m->out_hash);
	pthread_mutex_destroy(&m->lock);
	free(m);
}

/* SHA-256 of the file at path in hex; "" if it cannot be read. */
static void
hash_file(const char *path, char hex[SHA256_HEX])
{
	unsigned char md[SHA256_LEN], blk[65536];
	struct sha256 *h;
	ssize_t n;
	int fd;

	hex[0] = '\0';
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1)
		return;
	h = sha256_new();
	while ((n = read(fd, blk, sizeof(blk))) > 0 ||
	    (n == -1 && errno == EINTR))
		if (n > 0)
			sha256_update(h, blk, (size_t)n);
	if (n == 0) {
		sha256_peek(h, md);
		sha256_hex(md, hex);
	}
	sha256_free(h);
	close(fd);
}

void
manifest_sigs(struct manifest *m, const struct sigset *s)
{
	m->nsigs = sigset_count(s);
	for (size_t i = 0; i < m->nsigs; i++) {
		const char *f = sigset_get(s, i)->file;
		size_t j;

		for (j = 0; j < m->nrules; j++)
			if (strcmp(m->rules[j].path, f) == 0)
				break;
		if (j < m->nrules)
			continue;
		m->rules = xreallocarray(m->rules, m->nrules + 1,
		    sizeof(*m->rules));
		m->rules[m->nrules].path = xstrdup(f);
		hash_file(f, m->rules[m->nrules].hex);
		m->nrules++;
	}
}

static struct entry *
entry_add(struct manifest *m)
{
	struct entry *e;

	if (m->nent == m->capent) {
		m->capent = m->capent ? 2 * m->capent : 64;
		m->ent = xreallocarray(m->ent, m->capent, sizeof(*m->ent));
	}
	e = &m->ent[m->nent++];
	memset(e, 0, sizeof(*e));
	e->first_diag = SIZE_MAX;
	return e;
}

void
manifest_stream(struct manifest *m, size_t input, const struct stream_info *si)
{
	struct entry *e;

	pthread_mutex_lock(&m->lock);
	e = entry_add(m);
	e->input = input;
	e->seq = si->seq;
	e->prov = xstrdup(si->prov);
	e->depth = si->depth;
	e->type = si->type;
	e->format = si->format;
	e->detail = si->detail != NULL ? xstrdup(si->detail) : NULL;
	e->records = si->records;
	e->events = si->events;
	e->size = si->size;
	e->complete = si->complete;
	if ((e->has_hash = si->sha256 != NULL))
		memcpy(e->sha256, si->sha256, SHA256_LEN);
	pthread_mutex_unlock(&m->lock);
}

void
manifest_skip(struct manifest *m, const char *prov, const char *why)
{
	struct entry *e;

	pthread_mutex_lock(&m->lock);
	e = entry_add(m);
	e->input = SIZE_MAX;
	e->seq = m->nent;
	e->prov = xstrdup(prov);
	e->type = "skipped";
	e->detail = xstrdup(why);
	pthread_mutex_unlock(&m->lock);
}

void
manifest_diag(struct manifest *m, enum hop_sev sev, const char *prov,
    uint64_t line, const char *msg)
{
	struct diag *d;

	pthread_mutex_lock(&m->lock);
	if (m->ndiag == m->capdiag) {
		m->capdiag = m->capdiag ? 2 * m->capdiag : 16;
		m->diag = xreallocarray(m->diag, m->capdiag, sizeof(*m->diag));
	}
	d = &m->diag[m->ndiag++];
	d->sev = sev;
	d->prov = prov != NULL ? xstrdup(prov) : NULL;
	d->line = line;
	d->msg = xstrdup(msg);
	d->next = SIZE_MAX;
	d->placed = false;
	pthread_mutex_unlock(&m->lock);
}

/* The tee: hash, then write through to the real stream. */
static ssize_t
tee_write(void *cookie, const char *p, size_t n)
{
	struct manifest *m = cookie;

	if (fwrite(p, 1, n, m->out) != n)
		return -1;
	sha256_update(m->out_hash, p, n);
	return (ssize_t)n;
}

static int
tee_close(void *cookie)
{
	struct manifest *m = cookie;

	return fflush(m->out) == 0 ? 0 : EOF;
}

FILE *
manifest_tee(struct manifest *m, FILE *out)
{
	cookie_io_functions_t io = { .write = tee_write, .close = tee_close };

	m->out = out;
	return fopencookie(m, "w", io);
}

/* Scan order: input, then archives before their members. */
static int
entry_cmp(const void *a, const void *b)
{
	const struct entry *x = a, *y = b;

	if (x->input != y->input)
		return x->input < y->input ? -1 : 1;
	if (x->input == SIZE_MAX)	/* skipped: by name, whatever the -j */
		return strcmp(x->prov, y->prov);
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

static int
prov_cmp(const void *a, const void *b)
{
	const struct entry *const *x = a, *const *y = b;
	int c = strcmp((*x)->prov, (*y)->prov);

	/* Of two entries of the same name, the first in scan order. */
	return c != 0 ? c : *x < *y ? -1 : *x > *y;
}

/* Chain each diagnostic to the first entry of its provenance. */
static void
place_diags(struct manifest *m)
{
	struct entry **by = xcalloc(m->nent ? m->nent : 1, sizeof(*by));
	size_t *last = xcalloc(m->nent ? m->nent : 1, sizeof(*last));

	for (size_t i = 0; i < m->nent; i++)
		by[i] = &m->ent[i];
	qsort(by, m->nent, sizeof(*by), prov_cmp);
	for (size_t i = 0; i < m->ndiag; i++) {
		struct diag *d = &m->diag[i];
		size_t lo = 0, hi = m->nent;

		if (d->prov == NULL)
			continue;
		while (lo < hi) {	/* the first entry >= d->prov */
			size_t mid = lo + (hi - lo) / 2;

			if (strcmp(by[mid]->prov, d->prov) < 0)
				lo = mid + 1;
			else
				hi = mid;
		}
		if (lo == m->nent || strcmp(by[lo]->prov, d->prov) != 0)
			continue;
		lo = (size_t)(by[lo] - m->ent);
		if (m->ent[lo].first_diag == SIZE_MAX)
			m->ent[lo].first_diag = i;
		else
			m->diag[last[lo]].next = i;
		last[lo] = i;
		d->placed = true;
	}
	free(last);
	free(by);
}

/* JSON of text from evidence (escaped as everywhere) or of our own. */
static void
jstr(struct buf *b, const char *s)
{
	struct buf t;

	if (s == NULL) {
		buf_adds(b, "null");
		return;
	}
	buf_init(&t);
	escape_text(&t, s, strlen(s), 0);
	json_string(b, t.p != NULL ? t.p : "", t.len);
	buf_free(&t);
}

static void
jnum(struct buf *b, uint64_t n)
{
	char s[32];

	snprintf(s, sizeof(s), "%llu", (unsigned long long)n);
	buf_adds(b, s);
}

static void
jtime(struct buf *b, int64_t us)
{
	char s[TS_RFC3339_LEN];

	ts_format_rfc3339(us, s);
	jstr(b, s);
}

static void
jdiag(struct buf *b, const struct diag *d, bool with_prov)
{
	buf_adds(b, "{\"severity\": ");
	jstr(b, d->sev == HOP_SEV_ERROR ? "error" : d->sev == HOP_SEV_NOTE ?
	    "note" : "warning");
	if (with_prov) {
		buf_adds(b, ", \"provenance\": ");
		jstr(b, d->prov);
	}
	if (d->line > 0) {
		buf_adds(b, ", \"line\": ");
		jnum(b, d->line);
	}
	buf_adds(b, ", \"message\": ");
	jstr(b, d->msg);
	buf_addc(b, '}');
}

static void
jentry(struct buf *b, const struct manifest *m, const struct entry *e)
{
	char hex[SHA256_HEX];

	buf_adds(b, "    {\"provenance\": ");
	jstr(b, e->prov);
	buf_adds(b, ", \"depth\": ");
	jnum(b, (uint64_t)e->depth);
	buf_adds(b, ", \"type\": ");
	jstr(b, e->type);
	if (e->detail != NULL) {
		buf_adds(b, e->input == SIZE_MAX ? ", \"why\": " :
		    ", \"detail\": ");
		jstr(b, e->detail);
	}
	if (e->input != SIZE_MAX) {
		buf_adds(b, ", \"size\": ");
		jnum(b, e->size);
		buf_adds(b, ", \"sha256\": ");
		if (e->has_hash) {
			sha256_hex(e->sha256, hex);
			jstr(b, hex);
		} else
			buf_adds(b, "null");
		buf_adds(b, e->complete ? ", \"complete\": true" :
		    ", \"complete\": false");
	}
	if (e->format != NULL) {
		buf_adds(b, ", \"format\": ");
		jstr(b, e->format);
		buf_adds(b, ", \"records\": ");
		jnum(b, e->records);
		buf_adds(b, ", \"events\": ");
		jnum(b, e->events);
	}
	buf_adds(b, ", \"diagnostics\": [");
	for (size_t i = e->first_diag; i != SIZE_MAX; i = m->diag[i].next) {
		if (i != e->first_diag)
			buf_adds(b, ", ");
		jdiag(b, &m->diag[i], false);
	}
	buf_adds(b, "]}");
}

/* Write all of p[0..n) to fd; 0 or -1. */
static int
write_all(int fd, const char *p, size_t n)
{
	while (n > 0) {
		ssize_t w = write(fd, p, n);

		if (w == -1 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

/* The entries of the inputs, or of the files skipped, comma-separated. */
static void
jentries(struct buf *b, const struct manifest *m, bool skipped)
{
	bool first = true;

	for (size_t i = 0; i < m->nent; i++) {
		if ((m->ent[i].input == SIZE_MAX) != skipped)
			continue;
		buf_adds(b, first ? "\n" : ",\n");
		first = false;
		jentry(b, m, &m->ent[i]);
	}
}

/* The whole document into b. */
static void
render(struct manifest *m, const struct manifest_end *end, struct buf *b)
{
	unsigned char md[SHA256_LEN];
	char hex[SHA256_HEX], sig[16];
	struct sha256 *set = sha256_new();
	bool first = true;

	buf_adds(b, "{\n  \"tool\": \"hopscan\",\n  \"version\": ");
	jstr(b, HOP_VERSION);
	buf_adds(b, ",\n  \"command_line\": [");
	for (int i = 0; i < m->argc; i++) {
		if (i > 0)
			buf_adds(b, ", ");
		jstr(b, m->argv[i]);
	}
	buf_adds(b, "],\n  \"started\": ");
	jtime(b, m->start_us);
	buf_adds(b, ",\n  \"finished\": ");
	jtime(b, now_us());
	buf_adds(b, end->signal != 0 ? ",\n  \"complete\": false" :
	    ",\n  \"complete\": true");
	buf_adds(b, ",\n  \"interrupted_by\": ");
	if (end->signal != 0) {
		snprintf(sig, sizeof(sig), "%s", end->signal == SIGINT ?
		    "SIGINT" : end->signal == SIGTERM ? "SIGTERM" : "signal");
		jstr(b, sig);
	} else
		buf_adds(b, "null");
	buf_adds(b, ",\n  \"exit_status\": ");
	jnum(b, (uint64_t)end->exit_status);

	/* The set digest: of the rule files' digests in load order. */
	buf_adds(b, ",\n  \"signatures\": {\"rules\": ");
	jnum(b, m->nsigs);
	buf_adds(b, ", \"files\": [");
	for (size_t i = 0; i < m->nrules; i++) {
		buf_adds(b, i > 0 ? ",\n    " : "\n    ");
		buf_adds(b, "{\"path\": ");
		jstr(b, m->rules[i].path);
		buf_adds(b, ", \"sha256\": ");
		jstr(b, m->rules[i].hex);
		buf_addc(b, '}');
		sha256_update(set, m->rules[i].hex, strlen(m->rules[i].hex));
		sha256_update(set, "\n", 1);
	}
	sha256_peek(set, md);
	sha256_free(set);
	sha256_hex(md, hex);
	buf_adds(b, "],\n    \"sha256\": ");
	jstr(b, hex);
	buf_adds(b, "},\n  \"inputs\": [");
	jentries(b, m, false);
	buf_adds(b, "],\n  \"skipped\": [");
	jentries(b, m, true);
	buf_adds(b, "],\n  \"diagnostics\": [");
	first = true;
	for (size_t i = 0; i < m->ndiag; i++) {
		if (m->diag[i].placed)
			continue;
		buf_adds(b, first ? "\n    " : ",\n    ");
		first = false;
		jdiag(b, &m->diag[i], true);
	}
	sha256_peek(m->out_hash, md);
	sha256_hex(md, hex);
	buf_adds(b, "],\n  \"timeline\": {\"path\": ");
	jstr(b, end->output);
	buf_adds(b, ", \"format\": ");
	jstr(b, end->format);
	buf_adds(b, ", \"events\": ");
	jnum(b, end->events);
	buf_adds(b, ", \"sha256\": ");
	jstr(b, hex);
	buf_adds(b, "}\n}\n");
}

int
manifest_write(struct manifest *m, const char *path,
    const struct manifest_end *end)
{
	struct outfile o;
	struct buf b;
	int r = -1;

	qsort(m->ent, m->nent, sizeof(*m->ent), entry_cmp);
	place_diags(m);
	buf_init(&b);
	render(m, end, &b);
	if (outfile_open(&o, path) != -1) {
		if (write_all(o.fd, b.p, b.len) == 0 && outfile_sync(&o) == 0)
			r = 0;
		if (close(o.fd) == -1)
			r = -1;
		r = outfile_done(&o, path, r == 0);
	}
	buf_free(&b);
	return r;
}
