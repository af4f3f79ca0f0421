/* SPDX-License-Identifier: MIT */
/*
 * spill.c - events to and from temporary files.
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "hopscan.h"
#include "spill.h"

#define NO_STR	UINT32_MAX		/* a NULL string */

/* The fixed part of an event on disk. */
struct disk {
	int64_t		 time_us;
	uint64_t	 pos, offset;
	const char	*time_desc, *pos_kind, *format;
	const struct sig *sig;
	uint32_t	 len[4];	/* time_note, host, source, excerpt */
	uint8_t		 has_time;
};

FILE *
spill_file(void)
{
	const char *dir = getenv("TMPDIR");
	char *path;
	FILE *f;
	int fd;

	if (dir == NULL || *dir == '\0')
		dir = "/tmp";
	path = xasprintf("%s/hopscan-spill.XXXXXX", dir);
	fd = mkstemp(path);
	if (fd != -1)
		unlink(path);
	free(path);
	if (fd == -1)
		return NULL;
	if ((f = fdopen(fd, "w+")) == NULL)
		close(fd);
	return f;
}

static uint32_t
len_of(const char *s, size_t n)
{
	return s == NULL ? NO_STR : (uint32_t)n;
}

int
spill_write(FILE *f, const struct event *e, const void *extra,
    size_t extra_len)
{
	const char *str[4] = { e->time_note, e->host, e->source, e->excerpt };
	struct disk d;

	memset(&d, 0, sizeof(d));
	d.time_us = e->time_us;
	d.has_time = e->has_time;
	d.pos = e->pos;
	d.offset = e->offset;
	d.time_desc = e->time_desc;
	d.pos_kind = e->pos_kind;
	d.format = e->format;
	d.sig = e->sig;
	d.len[0] = len_of(e->time_note, e->time_note ? strlen(e->time_note) : 0);
	d.len[1] = len_of(e->host, e->host ? strlen(e->host) : 0);
	d.len[2] = len_of(e->source, e->source ? strlen(e->source) : 0);
	d.len[3] = len_of(e->excerpt, e->excerpt_len);
	if (fwrite(&d, sizeof(d), 1, f) != 1)
		return -1;
	for (int i = 0; i < 4; i++)
		if (d.len[i] != NO_STR && d.len[i] > 0 &&
		    fwrite(str[i], d.len[i], 1, f) != 1)
			return -1;
	if (extra_len > 0 && fwrite(extra, extra_len, 1, f) != 1)
		return -1;
	return 0;
}

/* A string of n bytes from f, NUL-terminated; NULL for NO_STR. */
static int
read_str(FILE *f, uint32_t n, char **s)
{
	*s = NULL;
	if (n == NO_STR)
		return 0;
	*s = xmalloc((size_t)n + 1);
	(*s)[n] = '\0';
	return n == 0 || fread(*s, n, 1, f) == 1 ? 0 : -1;
}

int
spill_read(FILE *f, struct event *e, void *extra, size_t extra_len)
{
	char *str[4] = { NULL };
	struct disk d;
	int r = 0;

	memset(e, 0, sizeof(*e));
	if (fread(&d, sizeof(d), 1, f) != 1)
		return ferror(f) ? -1 : 0;
	for (int i = 0; i < 4 && r == 0; i++)
		r = read_str(f, d.len[i], &str[i]);
	if (r == 0 && extra_len > 0 && fread(extra, extra_len, 1, f) != 1)
		r = -1;
	e->time_us = d.time_us;
	e->has_time = d.has_time;
	e->pos = d.pos;
	e->offset = d.offset;
	e->time_desc = d.time_desc;
	e->pos_kind = d.pos_kind;
	e->format = d.format;
	e->sig = d.sig;
	e->time_note = str[0];
	e->host = str[1];
	e->source = str[2];
	e->excerpt = str[3];
	e->excerpt_len = d.len[3] == NO_STR ? 0 : d.len[3];
	if (r == -1) {
		event_clear(e);
		errno = EIO;
	}
	return r == 0 ? 1 : -1;
}

size_t
event_size(const struct event *e)
{
	/* The struct, its strings, and malloc's overhead for each. */
	return sizeof(*e) + 4 * 16 +
	    (e->time_note ? strlen(e->time_note) : 0) +
	    (e->host ? strlen(e->host) : 0) +
	    (e->source ? strlen(e->source) : 0) + e->excerpt_len;
}
