/* SPDX-License-Identifier: MIT */
/*
 * binxml.h - a check of an EVTX record's binary XML made before libevtx
 * parses it, so that a hostile record cannot make libevtx 20181227 use
 * gigabytes of memory, read past its buffer, recurse without end or run
 * for minutes.  See binxml.c for what is checked and why.
 */
#ifndef BINXML_H
#define BINXML_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * The limits on what one record may make libevtx do (see binxml.c), and
 * on what all the records of a file may, per byte of the file.  The real
 * samples need at most 1416 steps, 393 KB (slack garbage) and 10 levels
 * for a record, 0.33 steps and 165 bytes per byte of a file.  libevtx
 * takes about 1.4 s and 400 MB per million steps.
 */
#define BINXML_MAX_STEPS	65536		/* tokens, tags and values */
#define BINXML_MAX_BYTES	(4u << 20)	/* data copied into tags */
#define BINXML_MAX_DEPTH	64		/* nested elements, templates */
#define BINXML_FILE_STEPS	8		/* per byte of the file */
#define BINXML_FILE_BYTES	1024		/* per byte of the file */

enum binxml_verdict {
	BINXML_OK,		/* libevtx parses it, within the limits */
	BINXML_FAILS,		/* libevtx gives up on it by itself, within
				   the limits */
	BINXML_HOSTILE		/* it must not be handed to libevtx */
};

/* What libevtx would do on a record, as binxml_check() counted it. */
struct binxml_cost {
	uint64_t	 steps;		/* tokens read, tags and values made */
	uint64_t	 bytes;		/* names and values copied into tags */
	unsigned	 depth;		/* deepest nesting */
};

/*
 * Walk the binary XML of the event record at offset rec of chunk[0..len)
 * (a chunk as libevtx reads it; rec is where libevtx found a record
 * header) the way libevtx 20181227 would parse it.  Returns the verdict;
 * for BINXML_HOSTILE the reason is in why (e.g. "its binary XML claims
 * 1073741840 template values in 940 bytes").  cost, when not NULL, gets
 * what the walk counted up to where it stopped.
 */
enum binxml_verdict	binxml_check(const uint8_t *chunk, size_t len,
			    size_t rec, struct binxml_cost *cost, char *why,
			    size_t whylen);

struct buf;

/*
 * binxml_check(), and the record's XML rendered as libevtx 20181227 gives
 * it (libevtx_record_get_utf8_xml_string()) in xml, NUL-terminated.
 * *rendered is true when the record is BINXML_OK and the rendering is
 * libevtx's own; false where the record holds something the rendering does
 * not reproduce exactly (the tokens and value types binxml.c and fvalue.c
 * name), and libevtx must render it.
 */
enum binxml_verdict	binxml_render(const uint8_t *chunk, size_t len,
			    size_t rec, struct binxml_cost *cost, char *why,
			    size_t whylen, struct buf *xml, bool *rendered);

#endif /* BINXML_H */
