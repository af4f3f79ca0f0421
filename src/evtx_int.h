/* SPDX-License-Identifier: MIT */
/*
 * evtx_int.h - what the parts of the EVTX reader share: evtx.c (the
 * interface, the reader's lifetime and libevtx's records), evtx_io.c (the
 * buffer as a libbfio handle), evtx_xml.c (the XML scan and the
 * rendering), evtx_place.c (libevtx's records placed in the file, checked
 * before it parses them, and its record cache) and evtx_slack.c (text in
 * slack).
 */
#ifndef EVTX_INT_H
#define EVTX_INT_H

#include <stdbool.h>
#include <stdint.h>

#include <libbfio.h>
#include <libevtx.h>

#include "binxml.h"
#include "escape.h"
#include "evtx.h"

#define FILE_HEADER_SIZE	4096	/* the file header block */
#define CHUNK_SIZE		65536
#define CHUNK_DATA		512	/* chunk header and its tables */
#define XML_MAX_DEPTH		32	/* deeper elements are ignored */
#define XML_KEEP		(1u << 20)	/* record XML buffer kept */
#define FILETIME_UNIX_US	INT64_C(11644473600000000)
#define NONE			SIZE_MAX

/*
 * The buffer as a libbfio handle, for two flaws of the Debian libraries.
 * libbfio 20170123's memory range copies the whole size asked for even
 * past the end of the range (it clamps only the count it returns), so a
 * truncated file would be read beyond its buffer: this handle clamps.
 * libevtx 20181227 gives up on the whole file (and leaks its recovered
 * records list) when one chunk with a good signature has a bad header
 * size or free space offset: this handle shows such a chunk's signature
 * as zeros, so that libevtx counts the chunk corrupted, takes what records
 * it can from it and reads the rest of the file.
 */
struct memio {
	const uint8_t	*p;
	size_t		 len;
	size_t		 off;
	int		 open;
	const uint64_t	*mask;		/* signatures to hide */
	size_t		 nmask;
};

/* A record header ("**\0\0", size, id, written time) found in the bytes. */
struct cand {
	uint64_t	 hid;		/* header record identifier */
	uint64_t	 wtime;		/* written time (FILETIME) */
	uint64_t	 off;		/* file offset */
	uint32_t	 size;
	uint16_t	 claimed;	/* a record libevtx parsed is here */
	uint16_t	 pad;
	uint32_t	 taken;		/* first of an id and time: how
					   many of those are claimed */
};

/* Where a record libevtx parsed lies, for the slack scan. */
struct span {
	uint64_t	 off;
	uint64_t	 end;
	uint64_t	 id;		/* its EventRecordID */
	int64_t		 time_us;
	bool		 has_time;
};

/* File offsets. */
struct offs {
	uint64_t	*v;
	size_t		 n, cap;
};

struct item;		/* an EventData/UserData item (evtx_xml.c) */
struct seen;		/* a slack run already given (evtx_slack.c) */

/* The System values kept, in rendering order. */
enum {
	SYS_EVENTID, SYS_CHANNEL, SYS_PROVIDER, SYS_COMPUTER, SYS_LEVEL,
	SYS_RECORDID, SYS_N
};

/*
 * libevtx 20181227 keeps the last records it parsed in a cache of 64
 * slots (LIBEVTX_MAXIMUM_CACHE_ENTRIES_RECORDS), a record of either list
 * in the slot of its index modulo 64, with the names and values it copied
 * and the strings it rendered: about twice what binxml_check() counts.
 * Slack records with names of 65,535 characters make that 22 MB for a
 * 69 KB file.  When the records in the cache copied more than CACHE_BYTES
 * (or, in a large file, 16 bytes per byte of it, so that a hostile file
 * is reopened at most 64 times), the file is closed and opened again,
 * which empties the cache; opening reads every chunk header again (about
 * 5 ms per MB).
 */
#define CACHE_SLOTS	64
#define CACHE_BYTES	(4u << 20)
#define CACHE_PER_BYTE	16

struct evtx {
	const uint8_t	*buf;
	size_t		 len;
	uint8_t		*padded;	/* a truncated file, completed */
	libbfio_handle_t *bfio;
	libevtx_file_t	*file;
	uint64_t	*mask;		/* see struct memio */
	size_t		 nmask;
	int		 nrec;		/* records per libevtx */
	int		 nrecov;	/* recovered records per libevtx */
	int		 next;		/* records, then recovered */

	struct buf	 xml;		/* the record's XML */
	struct buf	 str;		/* decoded names and values */
	struct buf	 text;		/* the rendering */
	size_t		 sys[SYS_N];	/* offsets in str, or NONE */
	struct item	*items;
	size_t		 nitems, itemcap;
	struct field	*fields;
	size_t		 fieldcap;

	uint64_t	 chunk0;	/* first chunk per libevtx */
	struct offs	 listed;	/* offset of each record libevtx */
	struct offs	 recov;		/* gives, and each recovered one */
	bool		 placed;	/* as many as libevtx counts */
	bool		 own;		/* records rendered by binxml.c where
					   it can (not HOPSCAN_LIBEVTX) */
	bool		 safe;		/* unplaced, but no record is hostile */
	struct binxml_cost spent;	/* by the records checked so far */
	uint8_t		*view;		/* a chunk as libevtx reads it */
	uint64_t	 slot[CACHE_SLOTS];	/* bytes per libevtx cache slot */
	uint64_t	 cached;	/* their sum */
	uint64_t	 view_off;	/* its offset, or UINT64_MAX */

	struct cand	*cands;		/* by (hid, wtime, off), then off */
	size_t		 ncands;
	struct span	*spans;		/* by off once slack starts */
	size_t		 nspans, spancap;

	bool		 slack;		/* the slack scan started */
	uint64_t	 pos;		/* next byte it looks at */
	size_t		 span_i;	/* first span ending after pos */
	size_t		 cand_i;	/* first header ending after */
	size_t		 slack_out;	/* UTF-8 bytes given so far */
	struct seen	*seen;
	size_t		 nseen, seencap;

	struct evtx_stats st;
};

/* The XML scanner's state for one record. */
struct xel {
	const char	*name;
	size_t		 nlen;
	const char	*text;		/* after the start tag */
	bool		 child;		/* it has child elements */
	bool		 attrs;		/* it has attributes */
};

enum { SEC_NONE, SEC_SYSTEM, SEC_EVENTDATA, SEC_USERDATA };

struct xp {
	struct evtx	*e;
	const char	*end;
	int		 depth;
	int		 section;	/* what the depth-2 element is */
	size_t		 dataname;	/* Name of the Data, or NONE */
	unsigned	 unnamed;	/* unnamed Data items so far */
	bool		 has_time;
	int64_t		 time_us;
	struct xel	 stk[XML_MAX_DEPTH];
};

/*
 * Byte strings (struct buf of escape.h).
 */

/* Append code point cp as UTF-8; NUL and non-characters become U+FFFD. */
static inline void
sb_addcp(struct buf *b, uint32_t cp)
{
	buf_addcp(b, cp == 0 ? 0xfffd : cp);
}

static inline uint16_t
le16(const uint8_t *p)
{
	return ((uint16_t)(p[0] | p[1] << 8));
}

static inline uint32_t
le32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	    (uint32_t)p[3] << 24;
}

static inline uint64_t
le64(const uint8_t *p)
{
	return (uint64_t)le32(p) | (uint64_t)le32(p + 4) << 32;
}

/* A FILETIME as UTC microseconds: true if it lies in 1970..2200. */
static inline bool
filetime_us(uint64_t ft, int64_t *us)
{
	int64_t t = (int64_t)(ft / 10) - FILETIME_UNIX_US;

	if (t < 0 || t > INT64_C(7258118400000000))
		return (false);
	*us = t;
	return (true);
}

/* A UTF-16LE code unit that counts as text: ASCII or Latin-1 letters. */
static inline bool
u16_text(const uint8_t *p)
{
	if (p[1] != 0)
		return (false);
	return ((p[0] >= 0x20 && p[0] < 0x7f) ||
	    (p[0] >= 0xc0 && p[0] != 0xd7 && p[0] != 0xf7));
}

/* Start of the chunk holding offset off (off >= FILE_HEADER_SIZE). */
static inline uint64_t
chunk_of(uint64_t off)
{
	return (FILE_HEADER_SIZE + (off - FILE_HEADER_SIZE) / CHUNK_SIZE *
	    CHUNK_SIZE);
}

/* evtx_io.c */
/* Zero the bytes of the hidden signatures of m in buf, read from m->off. */
void	evtx_memio_hide(const struct memio *m, uint8_t *buf, size_t n);
/* A libbfio handle reading e's buffer (sets e->mask), or NULL. */
libbfio_handle_t *evtx_memio_handle(struct evtx *e);

/* evtx_xml.c */
/* Scan the XML in e->xml into e->sys and e->items; time into x. */
void	evtx_xml_scan(struct evtx *e, struct xp *x);
/* Build r's fields and text (in e) from the last evtx_xml_scan(). */
void	evtx_render(struct evtx *e, struct evtx_record *r);

/* evtx_place.c */
/* Index the record headers in e's bytes (e->cands), by id and time. */
void	evtx_cands_index(struct evtx *e);
/* Claim the first unclaimed record header with this id and time, or NULL. */
struct cand *evtx_cand_claim(struct evtx *e, uint64_t hid, uint64_t wtime);
/* Place libevtx's records (e->listed, e->recov); sets e->placed. */
void	evtx_place_records(struct evtx *e);
/* Unplaced records: whether libevtx may have all of them unchecked. */
bool	evtx_records_safe(struct evtx *e);
/* libevtx's own: open e->file over e->bfio.  1, or -1 with *err set. */
int	evtx_file_open(struct evtx *e, libevtx_error_t **err);
/* Close and free e->file, if open. */
void	evtx_file_close(struct evtx *e);
/* Whether record index i must not go to libevtx (noted); else *at, *v. */
bool	evtx_record_refused(struct evtx *e, int i, uint64_t *at,
	    enum binxml_verdict *v, bool *own);
/* Count rec in misplaced if not the record at at, or if v is FAILS. */
void	evtx_record_verify(struct evtx *e, libevtx_record_t *rec, uint64_t at,
	    enum binxml_verdict v);

/* evtx_slack.c */
/* The next text run in slack as r: 1, or 0 when there is none left. */
int	evtx_slack_next(struct evtx *e, struct evtx_record *r);

#endif /* EVTX_INT_H */
