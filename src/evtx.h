/* SPDX-License-Identifier: MIT */
/*
 * evtx.h - Windows event logs (.evtx) read with libevtx from memory: each
 * event record becomes one record with its time, host, id and named
 * fields, rendered as one readable line for the patterns; records libevtx
 * cannot parse, or would misbehave on (binxml.h), are skipped and
 * counted, its recovered records are read too, and UTF-16LE text in chunk
 * slack and in skipped records is offered as recovered records so that
 * evidence living only there is not lost.
 */
#ifndef EVTX_H
#define EVTX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "field.h"

/* "ElfFile\0": the first 8 bytes of every .evtx file. */
#define EVTX_MAGIC	"ElfFile"
#define EVTX_MAGIC_LEN	8

/* What kind of record evtx_next() gives. */
enum evtx_kind {
	EVTX_RECORD,		/* an event record libevtx parsed */
	EVTX_RECOVERED,		/* a record libevtx recovered (deleted/slack) */
	EVTX_SLACK		/* text found in slack or in a bad record */
};

/* One record; every pointer is valid until the next evtx_next(). */
struct evtx_record {
	enum evtx_kind	 kind;
	uint64_t	 id;		/* EventRecordID; for EVTX_SLACK the id of
					   the nearest record before, or 0 */
	uint64_t	 offset;	/* byte offset in the file, 0 if unknown */
	bool		 has_time;
	int64_t		 time_us;	/* TimeCreated/@SystemTime, UTC µs;
					   EVTX_SLACK: the nearest record's */
	const char	*computer;	/* Computer, or NULL */
	const char	*text;		/* one-line rendering, see below */
	size_t		 len;
	const struct field *fields;	/* "EventID" = "4688" ... */
	size_t		 nfields;
};

/*
 * The rendering matched by patterns, for EVTX_RECORD and EVTX_RECOVERED:
 *   EventID=4688 Channel=Security Provider=Microsoft-Windows-Security-
 *   Auditing Computer=dc01.corp Level=0 SubjectUserName=admin
 *   NewProcessName=C:\Windows\System32\cmd.exe CommandLine=cmd /c ...
 * that is "Name=value" pairs separated by one space: first EventID,
 * Channel, Provider, Computer, Level (when present), then every
 * EventData/Data and UserData item in document order (an unnamed Data
 * item is named Data1, Data2 ...).  Control characters in values (CR, LF,
 * tab) become spaces.  For EVTX_SLACK: the recovered text itself.
 *
 * Fields: EventID, Provider, Channel, Level, Computer, EventRecordID and
 * every EventData/UserData item by name, as in the rendering.
 */

struct evtx;

/*
 * Open the .evtx file in buf[0..len) (not copied: it must outlive the
 * handle).  Returns NULL with a message in err if libevtx cannot open it
 * at all (then the caller scans nothing and reports err).
 */
struct evtx	*evtx_open(const void *buf, size_t len, char *err,
		    size_t errlen);
void		 evtx_close(struct evtx *e);

/*
 * The next record.  Returns 1 and fills *r, or 0 at the end.  Records that
 * could not be parsed, or were refused before libevtx parsed them
 * (binxml.h), are skipped and counted (see evtx_stats()).
 */
int		 evtx_next(struct evtx *e, struct evtx_record *r);

/* Counts, complete once evtx_next() returned 0. */
struct evtx_stats {
	uint64_t	 records;	/* records in the file per libevtx */
	uint64_t	 read;		/* EVTX_RECORD given */
	uint64_t	 recovered;	/* EVTX_RECOVERED given */
	uint64_t	 slack;		/* EVTX_SLACK given */
	uint64_t	 bad;		/* records skipped: libevtx failed */
	uint64_t	 refused;	/* records and recovered records not
					   handed to libevtx: their binary XML
					   would make it misbehave (binxml.h) */
	uint64_t	 cut;		/* bytes missing from the last chunk */
	char		 first_error[256];	/* libevtx's first message */
	char		 refuse_why[256];	/* the first refused record:
					   "record ID at offset N: why" */
	uint64_t	 reopened;	/* times libevtx's record cache was
					   emptied (evtx_int.h, CACHE_BYTES) */
	uint64_t	 own;		/* records and recovered records
					   rendered by binxml.c, not libevtx */
	/* Checks of the checking, for the tests (none expected): */
	bool		 unplaced;	/* libevtx's records could not be
					   placed in the file */
	uint64_t	 misplaced;	/* records libevtx gave that were not
					   where placed, or that the check
					   said it would fail on */
};

const struct evtx_stats *evtx_stats(const struct evtx *e);

#endif /* EVTX_H */
