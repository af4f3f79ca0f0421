/* SPDX-License-Identifier: MIT */
/*
 * fvalue.h - EVTX values as text, the way libevtx 20181227 writes them in
 * a record's XML (libfvalue and libuna, as libfwevt sets them up), for
 * binxml.c's rendering.  Each function gives the bytes of text it appended
 * (before escaping), or -1 when it cannot be sure to write what libevtx
 * writes (then nothing is appended and libevtx renders the record).
 */
#ifndef FVALUE_H
#define FVALUE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

struct buf;

/* UTF-16LE text p[0..n) as UTF-8, up to its first NUL; escape: & < >. */
ssize_t	fvalue_utf16(struct buf *b, const uint8_t *p, size_t n, bool escape);

/* A substituted value of EVTX value type t (not NULL, BinXml or array). */
ssize_t	fvalue_format(struct buf *b, uint8_t t, const uint8_t *p, size_t n,
	    bool escape);

#endif /* FVALUE_H */
