/* SPDX-License-Identifier: MIT */
/*
 * format.h - log formats.  Each format bids on the first lines of a
 * stream; the best bid reads the whole stream, line by line, finding each
 * record's time and host.  A new format is one file in src/formats/ and
 * one line in the table of formats.c.
 */
#ifndef FORMAT_H
#define FORMAT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lines.h"
#include "timestamp.h"

/* How much of a record's time the record itself gave. */
enum rec_time {
	REC_TIME_NONE,		/* no time found */
	REC_TIME_FULL,		/* a full date and time: civil.year is set */
	REC_TIME_YEARLESS	/* no year: it is inferred when the stream ends */
};

/* One record: a line, its time and host as the format found them. */
struct record {
	const char	*text;		/* the record's bytes */
	size_t		 len;
	enum rec_time	 time;
	struct ts_civil	 civil;		/* has_offset says if a zone was read */
	int		 year_seg;	/* REC_TIME_YEARLESS: ts_year segment */
	const char	*host;		/* the record's own host, or NULL */
	size_t		 host_len;
};

/* What a format keeps while it reads one stream. */
struct fmt_stream {
	struct ts_year	 year;		/* for year-less stamps */
};

struct format {
	const char	*name;		/* the format column: "syslog" ... */
	const char	*time_desc;	/* the timestamp_desc column */
	/* 0 (not this format) .. 100 (certainly this format). */
	int		(*bid)(const struct line *lines, size_t n);
	/* Fill r's time and host from r->text; r->time is REC_TIME_NONE. */
	void		(*parse)(struct fmt_stream *fs, struct record *r);
};

/* The format that bids highest on the first lines (the generic one if
   nobody else bids). */
const struct format *format_choose(const struct line *lines, size_t n);
/* The format called name, or NULL. */
const struct format *format_by_name(const char *name);

/*
 * Find a timestamp near the start of s[0..len): ISO 8601 at any word
 * start in the first 64 bytes, or RFC 3164 at the very start.  Fills r's
 * time (using fs for year-less stamps).  Shared by the formats.
 */
void	format_sniff_time(struct fmt_stream *fs, struct record *r,
	    const char *s, size_t len);

extern const struct format format_syslog;
extern const struct format format_text;

#endif /* FORMAT_H */
