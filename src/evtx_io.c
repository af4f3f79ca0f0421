/* SPDX-License-Identifier: MIT */
/*
 * evtx_io.c - the EVTX file in memory as a libbfio handle for libevtx:
 * reads clamped to the buffer, and the signatures of the chunks libevtx
 * would give up the whole file on shown as zeros (see struct memio).
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "evtx_int.h"
#include "hopscan.h"

/*
 * The libbfio handle over the buffer (see struct memio).  Failures return
 * -1 without an error object: libbfio adds its own message.
 */

static int
memio_free(intptr_t **io, libbfio_error_t **err)
{
	(void)err;
	if (io != NULL) {
		free(*io);
		*io = NULL;
	}
	return (1);
}

static int
memio_clone(intptr_t **dst, intptr_t *src, libbfio_error_t **err)
{
	struct memio *m;

	(void)err;
	if (dst == NULL || src == NULL)
		return (-1);
	m = xmalloc(sizeof(*m));
	*m = *(struct memio *)src;
	m->off = 0;
	m->open = 0;
	*dst = (intptr_t *)m;
	return (1);
}

static int
memio_open(intptr_t *io, int flags, libbfio_error_t **err)
{
	struct memio *m = (struct memio *)io;

	(void)err;
	if ((flags & LIBBFIO_ACCESS_FLAG_WRITE) != 0)
		return (-1);
	m->open = 1;
	m->off = 0;
	return (1);
}

static int
memio_close(intptr_t *io, libbfio_error_t **err)
{
	(void)err;
	((struct memio *)io)->open = 0;
	return (0);
}

/* Zero the hidden signature bytes in buf, read from m->off on. */
void
evtx_memio_hide(const struct memio *m, uint8_t *buf, size_t n)
{
	size_t lo = 0, hi = m->nmask, mid;
	uint64_t s, e, from = m->off, to = m->off + n;

	while (lo < hi) {	/* the first signature ending after from */
		mid = lo + (hi - lo) / 2;
		if (m->mask[mid] + 8 <= from)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (; lo < m->nmask && m->mask[lo] < to; lo++) {
		s = m->mask[lo] > from ? m->mask[lo] : from;
		e = m->mask[lo] + 8 < to ? m->mask[lo] + 8 : to;
		memset(buf + (s - from), 0, (size_t)(e - s));
	}
}

static ssize_t
memio_read(intptr_t *io, uint8_t *buf, size_t size, libbfio_error_t **err)
{
	struct memio *m = (struct memio *)io;
	size_t n;

	(void)err;
	if (!m->open || size > SSIZE_MAX)
		return (-1);
	if (m->off >= m->len)
		return (0);
	n = m->len - m->off < size ? m->len - m->off : size;
	memcpy(buf, m->p + m->off, n);
	evtx_memio_hide(m, buf, n);
	m->off += n;
	return ((ssize_t)n);
}

static ssize_t
memio_write(intptr_t *io, const uint8_t *buf, size_t size,
    libbfio_error_t **err)
{
	(void)io;
	(void)buf;
	(void)size;
	(void)err;
	return (-1);
}

static off64_t
memio_seek(intptr_t *io, off64_t off, int whence, libbfio_error_t **err)
{
	struct memio *m = (struct memio *)io;
	off64_t base = whence == SEEK_SET ? 0 : whence == SEEK_CUR ?
	    (off64_t)m->off : whence == SEEK_END ? (off64_t)m->len : -1;

	(void)err;
	if (!m->open || base < 0 || (off < 0 && off < -base) ||
	    (off > 0 && off > INT64_MAX - base) || base + off > SSIZE_MAX)
		return (-1);
	m->off = (size_t)(base + off);
	return (base + off);
}

static int
memio_exists(intptr_t *io, libbfio_error_t **err)
{
	(void)io;
	(void)err;
	return (1);
}

static int
memio_is_open(intptr_t *io, libbfio_error_t **err)
{
	(void)err;
	return (((struct memio *)io)->open);
}

static int
memio_size(intptr_t *io, size64_t *size, libbfio_error_t **err)
{
	(void)err;
	*size = ((struct memio *)io)->len;
	return (1);
}

/*
 * Find the chunk signatures libevtx must not see: a full chunk whose header
 * size is not 128 or whose free space offset lies outside 512..65536.
 */
static void
memio_masks(struct evtx *e)
{
	const uint8_t *b = e->buf, *s;
	size_t p = 0, cap = 0;
	uint32_t free_off;

	while (p + CHUNK_SIZE <= e->len &&
	    (s = memmem(b + p, e->len - p, "ElfChnk", 8)) != NULL) {
		p = (size_t)(s - b);
		if (p + CHUNK_SIZE > e->len)
			break;
		free_off = le32(s + 48);
		if (le32(s + 40) != 128 || free_off < CHUNK_DATA ||
		    free_off > CHUNK_SIZE) {
			if (e->nmask == cap) {
				cap = cap != 0 ? 2 * cap : 8;
				e->mask = xreallocarray(e->mask, cap,
				    sizeof(*e->mask));
			}
			e->mask[e->nmask++] = p;
		}
		p++;
	}
}

/* A libbfio handle reading e's buffer, or NULL. */
libbfio_handle_t *
evtx_memio_handle(struct evtx *e)
{
	libbfio_handle_t *h = NULL;
	libbfio_error_t *err = NULL;
	struct memio *m = xcalloc(1, sizeof(*m));

	memio_masks(e);
	m->p = e->buf;
	m->len = e->len;
	m->mask = e->mask;
	m->nmask = e->nmask;
	if (libbfio_handle_initialize(&h, (intptr_t *)m, memio_free,
	    memio_clone, memio_open, memio_close, memio_read, memio_write,
	    memio_seek, memio_exists, memio_is_open, memio_size,
	    LIBBFIO_FLAG_IO_HANDLE_MANAGED, &err) != 1) {
		libbfio_error_free(&err);
		free(m);
		return (NULL);
	}
	return (h);
}
