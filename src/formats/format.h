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
	/*
	 * How the format got the time, when not read whole from the record
	 * (static string, NULL otherwise): "offset from TeamViewer Start
	 * header", "UTC by IIS log convention", "time from the #epoch line
	 * before" ...  The scanner adds its own notes (year, zone).
	 */
	const char	*time_note;
	/*
	 * The offset was not written on the line but taken from a header
	 * (TeamViewer's Start line), true at hint_utc_s: where the host's
	 * zone (--tz, --tz-map) gives that offset there, the time is taken
	 * as local time in that zone instead, so that DST changes after the
	 * header are followed; time_note_zoned is then the note.
	 */
	bool		 offset_hint;
	int64_t		 hint_utc_s;
	const char	*time_note_zoned;
};

/* What a format keeps while it reads one stream. */
struct fmt_stream {
	struct ts_year	 year;		/* for year-less stamps */
	enum ts_order	 order;		/* of numeric dates, once one showed it */
	void		*priv;		/* the format's own state, from open() */
};

struct format {
	const char	*name;		/* the format column: "syslog" ... */
	const char	*time_desc;	/* the timestamp_desc column */
	/* 0 (not this format) .. 100 (certainly this format). */
	int		(*bid)(const struct line *lines, size_t n);
	/*
	 * Fill r's time, host and time_note from r->text; on entry r->time
	 * is REC_TIME_NONE, host and time_note NULL.  Lines come in file
	 * order, headers included (a format keeps what headers say in
	 * fs->priv).  A stamp without a zone (civil.has_offset == 0) is
	 * taken by the scanner to be local time of the host's zone (--tz,
	 * --tz-map); a format whose times are UTC by convention sets
	 * has_offset with offset 0 and says so in time_note.
	 */
	void		(*parse)(struct fmt_stream *fs, struct record *r);
	/* Optional: new per-stream state for fs->priv, and its release. */
	void		*(*open)(void);
	void		(*close)(void *priv);
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
extern const struct format format_teamviewer;
extern const struct format format_anydesk;
extern const struct format format_w3c;
extern const struct format format_winfw;
extern const struct format format_apache;
extern const struct format format_shell_history;
extern const struct format format_jsonl;
extern const struct format format_csv;
extern const struct format format_text;

#endif /* FORMAT_H */
