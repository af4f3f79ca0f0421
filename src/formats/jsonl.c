/* SPDX-License-Identifier: MIT */
/*
 * jsonl.c - JSON lines: one JSON object per line, as exported by
 * Winlogbeat/Elastic, NXLog, the OTRF Security-Datasets, Sysmon-to-JSON
 * tools and most application loggers.  The time and the host come from
 * well-known top-level keys; a small bounded scanner reads the top level
 * of each object only, skipping nested objects and arrays.
 */
#include <string.h>

#include "format.h"

#define NOTE_UTCTIME	"UTC by Sysmon UtcTime field"
#define JSONL_VAL_MAX	80	/* bytes of a time value looked at */

/*
 * Top-level keys holding the record's time, best first (matched without
 * regard to case).  UtcTime leads: Sysmon writes it itself, in UTC, at
 * the event; the others may be a collector's time or a reformatted copy.
 * journalctl -o json gives microseconds since the epoch (UTC) as strings:
 * _SOURCE_REALTIME_TIMESTAMP when the sender's time is known, else
 * __REALTIME_TIMESTAMP, when journald received it (journalctl shows the
 * first when it has it; systemd.journal-fields(7)).
 * In the OTRF Security-Datasets, for instance, "@timestamp" and
 * "EventReceivedTime" are when the Windows Event Collector received the
 * event (seconds late), and "TimeCreated" was written with a 12-hour
 * clock but no AM/PM ("2020-10-18 07:50:06.220" for an event at 19:50
 * local, 23:50:06 UTC by UtcTime), some exports even suffixing it "Z".
 */
struct key {
	const char	*name;
	size_t		 len;
};
#define KEY(s)	{ s, sizeof(s) - 1 }

static const struct key time_keys[] = {
	KEY("UtcTime"), KEY("_SOURCE_REALTIME_TIMESTAMP"),
	KEY("__REALTIME_TIMESTAMP"), KEY("@timestamp"), KEY("timestamp"),
	KEY("TimeCreated"), KEY("EventTime"), KEY("time"), KEY("date"),
	KEY("datetime"), KEY("ts"),
};
#define NTIME_KEYS	(sizeof(time_keys) / sizeof(time_keys[0]))
#define KEY_UTCTIME	0

/* Keys holding the record's host, best first ("host" is often the
   collector, so the event's own computer name comes first; "_HOSTNAME"
   is journald's, from journalctl -o json). */
static const struct key host_keys[] = {
	KEY("Computer"), KEY("Hostname"), KEY("_HOSTNAME"), KEY("host"),
	KEY("ComputerName"),
};
#define NHOST_KEYS	(sizeof(host_keys) / sizeof(host_keys[0]))

/* A value found for a wanted key: bytes within the line. */
struct jval {
	const char	*p;		/* NULL: key not seen */
	size_t		 len;
	int		 str;		/* a string (without quotes) */
	int		 esc;		/* the string has escapes */
};

/* What the top-level scan of one object found. */
struct jobj {
	struct jval	 time[NTIME_KEYS];
	struct jval	 host[NHOST_KEYS];
};

/* ASCII case-insensitive equality of s[0..n) and the C string name. */
static int
key_eq(const char *s, size_t n, const char *name)
{
	size_t i;

	for (i = 0; i < n && name[i] != '\0'; i++) {
		char a = s[i], b = name[i];

		if (a >= 'A' && a <= 'Z')
			a = (char)(a - 'A' + 'a');
		if (b >= 'A' && b <= 'Z')
			b = (char)(b - 'A' + 'a');
		if (a != b)
			return 0;
	}
	return i == n && name[i] == '\0';
}

static size_t
skip_ws(const char *s, size_t len, size_t i)
{
	while (i < len && (s[i] == ' ' || s[i] == '\t' || s[i] == '\r' ||
	    s[i] == '\n'))
		i++;
	return i;
}

/*
 * The end of the string whose opening quote is at s[i]: the index after
 * its closing quote, or 0 if it is not closed.  *esc is set if it has
 * escapes.  A quote closes the string unless an odd number of backslashes
 * comes right before it: each escapes the next byte.
 */
static size_t
skip_string(const char *s, size_t len, size_t i, int *esc)
{
	const char *q;
	size_t start = i + 1, b;

	for (i = start; i < len; i = (size_t)(q - s) + 1) {
		if ((q = memchr(s + i, '"', len - i)) == NULL)
			return 0;
		if (!*esc && memchr(s + i, '\\', (size_t)(q - s) - i) != NULL)
			*esc = 1;
		for (b = (size_t)(q - s); b > start && s[b - 1] == '\\'; b--)
			continue;
		if (((size_t)(q - s) - b) % 2 == 0)
			return (size_t)(q - s) + 1;
	}
	return 0;
}

/* The end of the object or array opening at s[i], by depth counting. */
static size_t
skip_nested(const char *s, size_t len, size_t i)
{
	size_t depth = 0;
	int esc = 0;

	while (i < len) {
		if (s[i] == '"') {
			if ((i = skip_string(s, len, i, &esc)) == 0)
				return len;
			continue;
		}
		if (s[i] == '{' || s[i] == '[')
			depth++;
		else if ((s[i] == '}' || s[i] == ']') && --depth == 0)
			return i + 1;
		i++;
	}
	return len;
}

/* Note the value v of the key s[0..n) in o if it is a wanted one. */
static void
note_key(struct jobj *o, const char *s, size_t n, const struct jval *v)
{
	size_t k;

	for (k = 0; k < NTIME_KEYS; k++)
		if (o->time[k].p == NULL && time_keys[k].len == n &&
		    key_eq(s, n, time_keys[k].name)) {
			o->time[k] = *v;
			return;
		}
	for (k = 0; k < NHOST_KEYS; k++)
		if (o->host[k].p == NULL && host_keys[k].len == n &&
		    key_eq(s, n, host_keys[k].name)) {
			o->host[k] = *v;
			return;
		}
}

/*
 * Read the value at s[i] into *v (strings without their quotes; objects
 * and arrays skipped whole) and return the index after it.
 */
static size_t
read_value(const char *s, size_t len, size_t i, struct jval *v)
{
	size_t e;

	memset(v, 0, sizeof(*v));
	if (s[i] == '"') {
		if ((e = skip_string(s, len, i, &v->esc)) == 0)
			return len;	/* not closed: no value */
		v->str = 1;
		v->p = s + i + 1;
		v->len = e - i - 2;
		return e;
	}
	if (s[i] == '{' || s[i] == '[')
		return skip_nested(s, len, i);
	for (e = i; e < len && s[e] != ',' && s[e] != '}' && s[e] != ']' &&
	    s[e] != ' ' && s[e] != '\t' && s[e] != '\r'; e++)
		continue;
	v->p = s + i;
	v->len = e - i;
	return e;
}

/*
 * Scan the top level of the object in s[0..len) into *o.  Malformed
 * input ends the scan; what was found before it is kept.  Each byte is
 * looked at a bounded number of times, never beyond len.
 */
static void
scan_object(const char *s, size_t len, struct jobj *o)
{
	size_t i, k, klen;
	struct jval v;
	int esc = 0;

	memset(o, 0, sizeof(*o));
	i = skip_ws(s, len, 0);
	if (i >= len || s[i] != '{')
		return;
	for (i++;;) {
		i = skip_ws(s, len, i);
		if (i >= len || s[i] != '"')
			return;
		k = i + 1;
		if ((i = skip_string(s, len, i, &esc)) == 0)
			return;
		klen = i - 1 - k;
		i = skip_ws(s, len, i);
		if (i >= len || s[i] != ':')
			return;
		i = skip_ws(s, len, i + 1);
		if (i >= len)
			return;
		i = read_value(s, len, i, &v);
		if (v.p != NULL)
			note_key(o, s + k, klen, &v);
		i = skip_ws(s, len, i);
		if (i >= len || s[i] != ',')
			return;
		i++;
	}
}

/*
 * Copy the string value v into buf (at most JSONL_VAL_MAX bytes), undoing
 * the escapes a time may carry ("\/" from PHP and friends).  Returns the
 * length, or 0 for an escape that has no place in a time.
 */
static size_t
unescape_value(const struct jval *v, char buf[JSONL_VAL_MAX])
{
	size_t i, n = 0;

	for (i = 0; i < v->len && n < JSONL_VAL_MAX; i++) {
		char ch = v->p[i];

		if (ch == '\\') {
			if (++i >= v->len)
				return 0;
			ch = v->p[i];
			if (ch != '/' && ch != '\\' && ch != '"')
				return 0;
		}
		buf[n++] = ch;
	}
	return n;
}

/* Take r's time from the value of time_keys[k]; 1 if one was found. */
static int
time_from(struct fmt_stream *fs, struct record *r, const struct jval *v,
    size_t k)
{
	char buf[JSONL_VAL_MAX];
	struct ts_civil c;
	size_t n;

	n = unescape_value(v, buf);
	if (n == 0)
		return 0;
	/*
	 * The key says it is a time: a number alone is seconds,
	 * milliseconds or microseconds since the epoch, by its digits.
	 */
	if (ts_parse_epoch(buf, n, &c) == n) {
		r->civil = c;
		r->time = REC_TIME_FULL;
	} else
		format_sniff_time(fs, r, buf, n);
	if (r->time == REC_TIME_NONE)
		return 0;
	if (k == KEY_UTCTIME && !r->civil.has_offset) {
		r->civil.has_offset = 1;
		r->civil.offset_s = 0;
		r->time_note = NOTE_UTCTIME;
	}
	return 1;
}

static void
jsonl_parse(struct fmt_stream *fs, struct record *r)
{
	struct jobj o;
	size_t k;

	scan_object(r->text, r->len, &o);
	for (k = 0; k < NHOST_KEYS; k++) {
		const struct jval *v = &o.host[k];

		if (v->p != NULL && v->str && !v->esc && v->len > 0) {
			r->host = v->p;
			r->host_len = v->len;
			break;
		}
	}
	for (k = 0; k < NTIME_KEYS; k++)
		if (o.time[k].p != NULL && time_from(fs, r, &o.time[k], k))
			return;
	/* No known key: a stamp near the start, as for any text. */
	format_sniff_time(fs, r, r->text, r->len);
}

/* 1 if s[0..len) looks like one JSON object: '{' ... '}' around it. */
static int
is_object_line(const char *s, size_t len)
{
	size_t i = skip_ws(s, len, 0), e = len, k;

	while (e > i && (s[e - 1] == ' ' || s[e - 1] == '\t' ||
	    s[e - 1] == '\r'))
		e--;
	if (e - i < 2 || s[i] != '{' || s[e - 1] != '}')
		return 0;
	k = skip_ws(s, e, i + 1);	/* < e: s[e - 1] is '}' */
	return s[k] == '"' || s[k] == '}';
}

/*
 * Most non-blank lines are objects: 20..90 by their share.  A line cut by
 * the line bound does not count against.
 */
static int
jsonl_bid(const struct line *lines, size_t n)
{
	size_t hits = 0, seen = 0;

	for (size_t i = 0; i < n; i++) {
		if (skip_ws(lines[i].p, lines[i].len, 0) == lines[i].len ||
		    lines[i].cut)
			continue;
		seen++;
		if (is_object_line(lines[i].p, lines[i].len))
			hits++;
	}
	if (hits == 0 || hits * 2 <= seen)
		return 0;
	return (int)(20 + 70 * hits / seen);
}

const struct format format_jsonl = {
	.name = "jsonl",
	.time_desc = "Log Line Written",
	.bid = jsonl_bid,
	.parse = jsonl_parse,
};
