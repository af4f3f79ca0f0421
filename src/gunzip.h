/* SPDX-License-Identifier: MIT */
/*
 * gunzip.h - gzip streams inflated with ISA-L, read as libarchive's gzip
 * filter reads them (but with each member's trailer checked), for input.c
 * to put under libarchive.  Without ISA-L (HOP_HAVE_ISAL unset)
 * gunzip_new() returns NULL and libarchive inflates.
 */
#ifndef GUNZIP_H
#define GUNZIP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

/*
 * Compressed bytes for the decoder: 1 with the next *buf[0..*len), valid
 * until the next call; 0 at the end; -1 when the source broke off.
 */
typedef int	(*gunzip_in_fn)(void *arg, const void **buf, size_t *len);

/*
 * The length of the gzip member header at p[0..n) as libarchive accepts
 * one (deflate, no reserved flag, its optional fields whole), with its
 * modification time in *mtime (0: none); 0 if p holds none, or not all of
 * it.
 */
size_t		 gunzip_header(const unsigned char *p, size_t n,
		    uint32_t *mtime);

struct gunzip;

/* "ISA-L 2.30.0" when built with it, else NULL (for --version). */
const char	*gunzip_lib_version(void);

/* A decoder reading through fn, or NULL without ISA-L. */
struct gunzip	*gunzip_new(gunzip_in_fn fn, void *arg);
/*
 * The next decompressed bytes in *out, valid until the next call: their
 * number, 0 at the end (what follows the last member is not a gzip
 * header), or -1 with *why in libarchive's words ("truncated gzip input",
 * "gzip decompression failed").  What was inflated before damage is
 * returned first; the error comes with the next call.
 */
ssize_t		 gunzip_read(struct gunzip *g, const void **out,
		    const char **why);
/* Why g failed (gunzip_read() gave or will give -1), else NULL. */
const char	*gunzip_error(const struct gunzip *g);
/*
 * Once after each gunzip_read() that ended a member whose CRC-32 or
 * length differs from its trailer (an error), or found bytes after the
 * last member that are not zeros (*warning set): what is wrong, valid
 * until the next call; else NULL.  The member's bytes were given out;
 * reading goes on.  gunzip_read() may then have given 0 bytes without
 * being at the end.
 */
const char	*gunzip_damage(struct gunzip *g, bool *warning);
/* The first member's modification time, 0 if it has none. */
uint32_t	 gunzip_mtime(const struct gunzip *g);
void		 gunzip_free(struct gunzip *g);

#endif /* GUNZIP_H */
