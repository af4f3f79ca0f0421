/* SPDX-License-Identifier: MIT */
/*
 * gunzip.c - gzip streams inflated with ISA-L's igzip, about three times
 * as fast as zlib here, read the way libarchive's gzip filter reads them
 * (archive_read_support_filter_gzip.c): the same headers accepted, members
 * one after another until what follows is no gzip header, the same
 * messages on damage.  Unlike libarchive, each member's CRC-32 and length
 * are checked against its trailer (a mismatch is damage libarchive lets
 * through unseen); its bytes were given out already, and the next member
 * is read on.  Bytes after the last member that are not zeros are
 * counted for a warning.  input.c puts this under libarchive, which then
 * sees the decompressed bytes.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gunzip.h"
#include "hopscan.h"

/* The fixed part of a header; name and comment end with a NUL. */
#define HDR_FIXED	10
#define F_HCRC		0x02
#define F_EXTRA		0x04
#define F_NAME		0x08
#define F_COMMENT	0x10
#define F_RESERVED	0xe0

size_t
gunzip_header(const unsigned char *p, size_t n, uint32_t *mtime)
{
	size_t len = HDR_FIXED;
	const unsigned char *z;

	if (n < HDR_FIXED || memcmp(p, "\x1f\x8b\x08", 3) != 0 ||
	    (p[3] & F_RESERVED) != 0)
		return 0;
	if (mtime != NULL)
		*mtime = (uint32_t)p[4] | (uint32_t)p[5] << 8 |
		    (uint32_t)p[6] << 16 | (uint32_t)p[7] << 24;
	if (p[3] & F_EXTRA) {
		if (n < len + 2)
			return 0;
		len += 2 + ((size_t)p[len + 1] << 8 | p[len]);
	}
	if (p[3] & F_NAME) {
		if (len >= n || (z = memchr(p + len, '\0', n - len)) == NULL)
			return 0;
		len = (size_t)(z - p) + 1;
	}
	if (p[3] & F_COMMENT) {
		if (len >= n || (z = memchr(p + len, '\0', n - len)) == NULL)
			return 0;
		len = (size_t)(z - p) + 1;
	}
	if (p[3] & F_HCRC)
		len += 2;
	return len <= n ? len : 0;
}

#ifdef HOP_HAVE_ISAL
#include <isa-l.h>

#define STR(x)	#x
#define XSTR(x)	STR(x)

const char *
gunzip_lib_version(void)
{
	return "ISA-L " XSTR(ISAL_MAJOR_VERSION) "." XSTR(ISAL_MINOR_VERSION)
	    "." XSTR(ISAL_PATCH_VERSION);
}

#define OUT_SIZE	(256u << 10)	/* decompressed bytes per read */
#define HDR_MAX		(1u << 20)	/* a longer header is none */
#define TRAILER		8		/* CRC-32 and size mod 2^32 */
#define IN_START	(64u << 10)	/* compressed bytes held, to start */

struct gunzip {
	struct inflate_state	 st;
	gunzip_in_fn		 fn;
	void			*arg;
	unsigned char		*in;	/* compressed bytes held: */
	size_t			 pos, len, cap;	/* in[pos, len) unread */
	bool			 in_end;	/* fn said end (or broke) */
	bool			 in_broke;
	enum { G_HEADER, G_DATA, G_TRAILER, G_END, G_ERROR } state;
	bool			 first;	/* the first member's header next */
	uint32_t		 mtime;
	const char		*why;	/* of G_ERROR */
	unsigned char		*out;
	unsigned		 member;	/* members begun */
	bool			 damaged;	/* damage[] not yet taken */
	bool			 warning;	/* ... and it is only odd */
	char			 damage[160];
};

struct gunzip *
gunzip_new(gunzip_in_fn fn, void *arg)
{
	struct gunzip *g = xcalloc(1, sizeof(*g));

	g->fn = fn;
	g->arg = arg;
	g->first = true;
	g->cap = IN_START;	/* never NULL, even before any input */
	g->in = xmalloc(g->cap);
	g->out = xmalloc(OUT_SIZE);
	return g;
}

void
gunzip_free(struct gunzip *g)
{
	if (g == NULL)
		return;
	free(g->in);
	free(g->out);
	free(g);
}

uint32_t
gunzip_mtime(const struct gunzip *g)
{
	return g->mtime;
}

const char *
gunzip_error(const struct gunzip *g)
{
	return g->state == G_ERROR ? g->why : NULL;
}

const char *
gunzip_damage(struct gunzip *g, bool *warning)
{
	if (!g->damaged)
		return NULL;
	g->damaged = false;
	*warning = g->warning;
	return g->damage;
}

/* Read one more chunk from the source: false at its end. */
static bool
more(struct gunzip *g)
{
	const void *b;
	size_t n;
	int r;

	if (g->in_end)
		return false;
	if ((r = g->fn(g->arg, &b, &n)) <= 0) {
		g->in_end = true;
		g->in_broke = r < 0;
		return false;
	}
	if (g->pos > 0) {		/* keep only what is unread */
		memmove(g->in, g->in + g->pos, g->len - g->pos);
		g->len -= g->pos;
		g->pos = 0;
	}
	if (g->len + n > g->cap) {
		g->cap = g->len + n > 2 * g->cap ? g->len + n : 2 * g->cap;
		g->in = xrealloc(g->in, g->cap);
	}
	memcpy(g->in + g->len, b, n);
	g->len += n;
	return true;
}

/* Fail with why (libarchive's words). */
static void
fail(struct gunzip *g, const char *why)
{
	g->state = G_ERROR;
	g->why = g->in_broke ? "the enclosing stream broke off" : why;
}

static uint32_t
le32(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	    (uint32_t)p[3] << 24;
}

/* Compare the member just inflated with its trailer t: note damage. */
static void
check_trailer(struct gunzip *g, const unsigned char *t)
{
	uint32_t size = (uint32_t)g->st.total_out;

	if (le32(t) != g->st.crc)
		snprintf(g->damage, sizeof(g->damage), "gzip member %u: bad "
		    "CRC-32: 0x%08x should be 0x%08x (damaged data, scanned "
		    "as read)", g->member, (unsigned)g->st.crc,
		    (unsigned)le32(t));
	else if (le32(t + 4) != size)
		snprintf(g->damage, sizeof(g->damage), "gzip member %u: %u "
		    "bytes (mod 2^32) should be %u (damaged data, scanned as "
		    "read)", g->member, (unsigned)size, (unsigned)le32(t + 4));
	else
		return;
	g->damaged = true;
	g->warning = false;
}

/*
 * After the last member: bytes that are no gzip member are not read
 * (libarchive's rule); unless they are zeros (padding), say how many.
 */
static void
trailing(struct gunzip *g)
{
	uint64_t n = 0;
	bool zeros = true;

	do {
		for (size_t i = g->pos; i < g->len && zeros; i++)
			zeros = g->in[i] == 0;
		n += g->len - g->pos;
		g->pos = g->len;
	} while (more(g));
	if (n == 0 || zeros)
		return;
	snprintf(g->damage, sizeof(g->damage), "%llu byte%s after the last "
	    "gzip member, not gzip, not read", (unsigned long long)n,
	    n == 1 ? "" : "s");
	g->damaged = true;
	g->warning = true;
}

/* One step of the state machine; the output goes to g->st.next_out. */
static void
step(struct gunzip *g)
{
	size_t n, pos;
	uint8_t *out;
	uint32_t left;
	int r;

	switch (g->state) {
	case G_HEADER:
		while ((n = gunzip_header(g->in + g->pos, g->len - g->pos,
		    g->first ? &g->mtime : NULL)) == 0 &&
		    g->len - g->pos < HDR_MAX && more(g))
			continue;
		if (n == 0) {
			/* No further member: the end (input.c checked the
			   first header before choosing this decoder). */
			if (g->in_broke || g->first)
				fail(g, "truncated gzip input");
			else {
				g->state = G_END;
				trailing(g);
			}
			return;
		}
		g->pos += n;
		g->first = false;
		g->member++;
		out = g->st.next_out;	/* init clears them */
		left = g->st.avail_out;
		isal_inflate_init(&g->st);
		g->st.next_out = out;
		g->st.avail_out = left;
		g->st.crc_flag = ISAL_GZIP_NO_HDR;	/* CRC-32, no header */
		g->state = G_DATA;
		return;
	case G_DATA:
		pos = g->pos;
		left = g->st.avail_out;
		g->st.next_in = g->in + g->pos;
		g->st.avail_in = (uint32_t)(g->len - g->pos > UINT32_MAX ?
		    UINT32_MAX : g->len - g->pos);
		r = isal_inflate(&g->st);
		g->pos = (size_t)(g->st.next_in - g->in);
		if (r < 0)
			fail(g, "gzip decompression failed");
		else if (g->st.block_state == ISAL_BLOCK_FINISH) {
			/* igzip reads ahead: give back the whole bytes. */
			g->pos -= (size_t)g->st.read_in_length / 8;
			g->state = G_TRAILER;
		} else if (g->pos == pos && g->st.avail_out == left &&
		    !more(g))
			fail(g, "truncated gzip input");
		return;
	case G_TRAILER:
		while (g->len - g->pos < TRAILER && more(g))
			continue;
		if (g->len - g->pos < TRAILER) {
			fail(g, "truncated gzip input");
			return;
		}
		check_trailer(g, g->in + g->pos);
		g->pos += TRAILER;
		g->state = G_HEADER;
		return;
	case G_END:
	case G_ERROR:
		return;
	}
}

ssize_t
gunzip_read(struct gunzip *g, const void **out, const char **why)
{
	size_t n;

	g->st.next_out = g->out;
	g->st.avail_out = OUT_SIZE;
	while (g->st.avail_out > 0 && g->state != G_END &&
	    g->state != G_ERROR && !g->damaged)
		step(g);
	n = OUT_SIZE - g->st.avail_out;
	*out = g->out;
	if (n == 0 && g->state == G_ERROR) {
		*why = g->why;
		return -1;
	}
	return (ssize_t)n;
}

#else /* !HOP_HAVE_ISAL */

const char *
gunzip_lib_version(void)
{
	return NULL;
}

struct gunzip *
gunzip_new(gunzip_in_fn fn, void *arg)
{
	(void)fn;
	(void)arg;
	return NULL;
}

ssize_t
gunzip_read(struct gunzip *g, const void **out, const char **why)
{
	(void)g;
	*out = NULL;
	*why = "no gzip decoder";
	return -1;
}

uint32_t
gunzip_mtime(const struct gunzip *g)
{
	(void)g;
	return 0;
}

const char *
gunzip_error(const struct gunzip *g)
{
	(void)g;
	return NULL;
}

const char *
gunzip_damage(struct gunzip *g, bool *warning)
{
	(void)g;
	(void)warning;
	return NULL;
}

void
gunzip_free(struct gunzip *g)
{
	(void)g;
}

#endif /* HOP_HAVE_ISAL */
