/* SPDX-License-Identifier: MIT */
/*
 * csv.c - CSV with a header row naming the columns: Event Viewer "Save
 * as CSV", PowerShell Export-Csv of Get-WinEvent/Get-EventLog, EDR and
 * SIEM exports.  Comma, semicolon or tab separated, RFC 4180 quoting
 * (quoted fields may hold separators, doubled quotes and line breaks).
 * The header maps the columns; a later header row (concatenated exports)
 * maps them anew.  Lines that continue a quoted field of the row before
 * take that row's time and host.
 */
#include <stdlib.h>
#include <string.h>

#include "format.h"
#include "hopscan.h"

#define NOTE_CONT	"time of the CSV row this line continues"
#define NOTE_CONT_UTC	"time of the CSV row this line continues, " \
			"UTC by Sysmon UtcTime field"
#define CSV_VAL_MAX	80	/* bytes of a time value looked at */
#define CSV_HOST_MAX	256	/* bytes of a host kept for a row */
#define CSV_MAX_CONT	512	/* lines a quoted field may go on */

static const char note_utctime[] = "UTC by Sysmon UtcTime field";

/*
 * Column names holding the record's time, best first (case-insensitive;
 * see jsonl.c for why UtcTime leads).  "date" and "time" may also be two
 * columns that make one stamp together (W3C-like exports).
 */
static const char *const time_cols[] = {
	"UtcTime", "@timestamp", "timestamp", "TimeCreated", "TimeGenerated",
	"EventTime", "Date and Time", "time", "date", "datetime", "ts",
};
#define NTIME_COLS	(sizeof(time_cols) / sizeof(time_cols[0]))
#define COL_UTCTIME	0
#define COL_TIME	7
#define COL_DATE	8

static const char *const host_cols[] = {
	"Computer", "Hostname", "host", "MachineName", "ComputerName",
};
#define NHOST_COLS	(sizeof(host_cols) / sizeof(host_cols[0]))

/* One field of a line: its bytes without the quotes. */
struct field {
	const char	*p;
	size_t		 len;
	int		 dq;		/* holds doubled quotes ("") */
};

/* Walks the fields of one line. */
struct csv_iter {
	const char	*s;
	size_t		 len;
	size_t		 pos;
	char		 sep;
	int		 inq;		/* inside a quoted field */
	int		 done;
};

/* What a header row says. */
struct csv_map {
	char		 sep;
	size_t		 nfields;	/* fields of the header */
	long		 col;		/* best time column, -1 none */
	size_t		 col_rank;	/* its index in time_cols */
	long		 date_col;	/* "date", "time" columns */
	long		 clock_col;
	long		 host_col;	/* -1 none */
};

/*
 * The state of one stream (fs->priv): the column map, and while a quoted
 * field goes on over lines (inq), the field it is, the lines so far, and
 * the time and host ("" none) of its row.
 */
struct csv_state {
	int		 have_header;
	struct csv_map	 map;
	int		 inq;
	long		 field;
	size_t		 ncont;
	struct record	 row;
	char		 host[CSV_HOST_MAX];
};

static void
iter_init(struct csv_iter *it, const char *s, size_t len, char sep, int inq)
{
	it->s = s;
	it->len = len;
	it->pos = 0;
	it->sep = sep;
	it->inq = inq;
	it->done = 0;
}

/* The rest of a quoted field from it->pos; leaves pos after the quote. */
static void
quoted_rest(struct csv_iter *it, struct field *f)
{
	const char *s = it->s;

	f->p = s + it->pos;
	while (it->pos < it->len) {
		if (s[it->pos] != '"') {
			it->pos++;
			continue;
		}
		if (it->pos + 1 < it->len && s[it->pos + 1] == '"') {
			f->dq = 1;
			it->pos += 2;
			continue;
		}
		f->len = (size_t)(s + it->pos - f->p);
		it->pos++;
		it->inq = 0;
		/* Bytes between the closing quote and the separator: kept
		   out of the field (not RFC 4180, but seen in the wild). */
		while (it->pos < it->len && s[it->pos] != it->sep)
			it->pos++;
		return;
	}
	f->len = (size_t)(s + it->pos - f->p);
	it->inq = 1;			/* goes on in the next line */
}

/* The next field of the line into *f; 0 when there are no more. */
static int
iter_next(struct csv_iter *it, struct field *f)
{
	const char *s = it->s;

	if (it->done)
		return 0;
	memset(f, 0, sizeof(*f));
	if (it->inq)
		quoted_rest(it, f);
	else if (it->pos < it->len && s[it->pos] == '"') {
		it->pos++;
		it->inq = 1;
		quoted_rest(it, f);
	} else {
		f->p = s + it->pos;
		while (it->pos < it->len && s[it->pos] != it->sep)
			it->pos++;
		f->len = (size_t)(s + it->pos - f->p);
	}
	if (it->pos < it->len && s[it->pos] == it->sep)
		it->pos++;
	else
		it->done = 1;
	return 1;
}

/* ASCII case-insensitive equality of the field (blanks trimmed) and name. */
static int
name_eq(const struct field *f, const char *name)
{
	const char *p = f->p;
	size_t n = f->len, i;

	while (n > 0 && (*p == ' ' || *p == '\t')) {
		p++;
		n--;
	}
	while (n > 0 && (p[n - 1] == ' ' || p[n - 1] == '\t' ||
	    p[n - 1] == '\r'))
		n--;
	if (n != strlen(name))
		return 0;
	for (i = 0; i < n; i++) {
		char a = p[i], b = name[i];

		if (a >= 'A' && a <= 'Z')
			a = (char)(a - 'A' + 'a');
		if (b >= 'A' && b <= 'Z')
			b = (char)(b - 'A' + 'a');
		if (a != b)
			return 0;
	}
	return 1;
}

/* Index of the name f in names[0..n), or n. */
static size_t
name_index(const struct field *f, const char *const *names, size_t n)
{
	size_t k;

	for (k = 0; k < n && !name_eq(f, names[k]); k++)
		continue;
	return k;
}

/* The separator of a header line: the commonest unquoted ',' ';' '\t'. */
static char
guess_sep(const char *s, size_t len, size_t *count)
{
	static const char seps[3] = { ',', ';', '\t' };
	size_t n[3] = { 0, 0, 0 }, i, best = 0;
	int inq = 0;

	for (i = 0; i < len; i++) {
		if (s[i] == '"')
			inq = !inq;
		else if (!inq)
			for (size_t k = 0; k < 3; k++)
				n[k] += s[i] == seps[k];
	}
	for (i = 1; i < 3; i++)
		if (n[i] > n[best])
			best = i;
	*count = n[best];
	return seps[best];
}

/* Length of a "#TYPE ..." line (Export-Csv) or UTF-8 BOM before a header. */
static size_t
preamble(const char *s, size_t len)
{
	if (len >= 5 && memcmp(s, "#TYPE", 5) == 0)
		return len;
	if (len >= 3 && memcmp(s, "\xef\xbb\xbf", 3) == 0)
		return 3;
	return 0;
}

/*
 * Read s[0..len) as a header row into *m: 1 if it has at least min_seps
 * separators and names a time column, else 0.
 */
static int
read_header(const char *s, size_t len, size_t min_seps, struct csv_map *m)
{
	struct csv_iter it;
	struct field f;
	size_t nsep, k, host_rank = NHOST_COLS;
	long i;

	memset(m, 0, sizeof(*m));
	m->sep = guess_sep(s, len, &nsep);
	if (nsep < min_seps)
		return 0;
	m->col = m->date_col = m->clock_col = m->host_col = -1;
	m->col_rank = NTIME_COLS;
	iter_init(&it, s, len, m->sep, 0);
	for (i = 0; iter_next(&it, &f); i++) {
		k = name_index(&f, time_cols, NTIME_COLS);
		if (k < m->col_rank) {
			m->col_rank = k;
			m->col = i;
		}
		if (k == COL_DATE)
			m->date_col = i;
		else if (k == COL_TIME)
			m->clock_col = i;
		k = name_index(&f, host_cols, NHOST_COLS);
		if (k < host_rank) {
			host_rank = k;
			m->host_col = i;
		}
	}
	m->nfields = (size_t)i;
	return m->col >= 0 && !it.inq;
}

/*
 * Copy field f into buf (at most CSV_VAL_MAX bytes, doubled quotes made
 * single, blanks trimmed) and return the length.
 */
static size_t
field_copy(const struct field *f, char buf[CSV_VAL_MAX])
{
	size_t i = 0, n = 0;

	while (i < f->len && (f->p[i] == ' ' || f->p[i] == '\t'))
		i++;
	for (; i < f->len && n < CSV_VAL_MAX; i++) {
		buf[n++] = f->p[i];
		if (f->p[i] == '"' && i + 1 < f->len && f->p[i + 1] == '"')
			i++;
	}
	while (n > 0 && (buf[n - 1] == ' ' || buf[n - 1] == '\t' ||
	    buf[n - 1] == '\r'))
		n--;
	return n;
}

/* Take r's time from field f of a column ranked rank in time_cols. */
static void
time_from(struct fmt_stream *fs, struct record *r, const struct field *f,
    size_t rank)
{
	char buf[CSV_VAL_MAX];
	size_t n = field_copy(f, buf);

	if (n == 0)
		return;
	format_sniff_time(fs, r, buf, n);
	if (r->time != REC_TIME_NONE && rank == COL_UTCTIME &&
	    !r->civil.has_offset) {
		r->civil.has_offset = 1;
		r->civil.offset_s = 0;
		r->time_note = note_utctime;
	}
}

/* Take r's time from a "date" and a "time" column read as one stamp. */
static void
time_from_two(struct fmt_stream *fs, struct record *r, const struct field *d,
    const struct field *t)
{
	char buf[2 * CSV_VAL_MAX + 1];
	size_t n = field_copy(d, buf);

	buf[n++] = ' ';
	n += field_copy(t, buf + n);
	format_sniff_time(fs, r, buf, n);
}

/* Set r's host to field f (blanks trimmed) unless it needs unquoting. */
static void
host_from(struct record *r, const struct field *f)
{
	const char *p = f->p;
	size_t n = f->len;

	while (n > 0 && (*p == ' ' || *p == '\t')) {
		p++;
		n--;
	}
	while (n > 0 && (p[n - 1] == ' ' || p[n - 1] == '\t' ||
	    p[n - 1] == '\r'))
		n--;
	if (n > 0 && !f->dq) {
		r->host = p;
		r->host_len = n;
	}
}

/* Remember r's time for the later lines of its row. */
static void
keep_time(struct csv_state *st, const struct record *r)
{
	st->row.time = r->time;
	st->row.civil = r->civil;
	st->row.year_seg = r->year_seg;
	st->row.time_note = r->time_note;
}

/* Remember r's host (cut to CSV_HOST_MAX - 1 bytes), or none. */
static void
keep_host(struct csv_state *st, const struct record *r)
{
	size_t n = r->host_len < CSV_HOST_MAX - 1 ? r->host_len :
	    CSV_HOST_MAX - 1;

	st->host[0] = '\0';
	if (r->host != NULL) {
		memcpy(st->host, r->host, n);
		st->host[n] = '\0';
	}
}

/* The fields of one line that the column map names. */
struct picked {
	struct field	 time, date, clock, host;
};

/*
 * Walk the fields of r, numbering them from first (cont: the first goes
 * on with a quoted field of the line before), and pick the mapped ones
 * that lie whole in this line.  Returns the number of the last field and
 * sets *inq if it goes on in the next line.
 */
static long
pick_fields(const struct csv_state *st, const struct record *r, long first,
    int cont, struct picked *pk, int *inq)
{
	const struct csv_map *m = &st->map;
	struct csv_iter it;
	struct field f;
	long i;

	memset(pk, 0, sizeof(*pk));
	iter_init(&it, r->text, r->len, m->sep, cont);
	for (i = first; iter_next(&it, &f); i++) {
		if ((cont && i == first) || (it.done && it.inq))
			continue;	/* a piece of a field */
		if (i == m->col)
			pk->time = f;
		if (i == m->date_col)
			pk->date = f;
		if (i == m->clock_col)
			pk->clock = f;
		if (i == m->host_col)
			pk->host = f;
	}
	*inq = it.inq;
	return i - 1;
}

/* Take r's time and host from the fields picked. */
static void
use_fields(struct fmt_stream *fs, const struct csv_state *st,
    struct record *r, const struct picked *pk)
{
	if (pk->time.p != NULL)
		time_from(fs, r, &pk->time, st->map.col_rank);
	if (r->time == REC_TIME_NONE && pk->date.p != NULL &&
	    pk->clock.p != NULL)
		time_from_two(fs, r, &pk->date, &pk->clock);
	if (pk->host.p != NULL)
		host_from(r, &pk->host);
}

/* The first line of a row (or a new header). */
static void
read_row(struct fmt_stream *fs, struct csv_state *st, struct record *r)
{
	struct picked pk;
	struct csv_map nm;
	long last;
	int inq;

	last = pick_fields(st, r, 0, 0, &pk, &inq);
	use_fields(fs, st, r, &pk);
	if (r->time == REC_TIME_NONE && !inq &&
	    read_header(r->text, r->len, 2, &nm)) {
		st->map = nm;	/* a new header: no time of its own */
		r->host = NULL;
		r->host_len = 0;
		return;
	}
	st->inq = inq;
	st->field = last;
	st->ncont = 0;
	keep_time(st, r);
	keep_host(st, r);
}

/*
 * A line going on with a quoted field of the row before: the mapped
 * fields it holds whole count; otherwise it takes the row's time and host
 * so far.  (The lines of a row before its time column get none: Export-Csv
 * of Get-WinEvent puts the multi-line Message first.)
 */
static void
continue_row(struct fmt_stream *fs, struct csv_state *st, struct record *r)
{
	struct picked pk;
	int inq;

	st->field = pick_fields(st, r, st->field, 1, &pk, &inq);
	use_fields(fs, st, r, &pk);
	st->inq = inq && ++st->ncont < CSV_MAX_CONT;
	if (r->time != REC_TIME_NONE)
		keep_time(st, r);
	else if (st->row.time != REC_TIME_NONE) {
		r->time = st->row.time;
		r->civil = st->row.civil;
		r->year_seg = st->row.year_seg;
		r->time_note = st->row.time_note == note_utctime ?
		    NOTE_CONT_UTC : NOTE_CONT;
	}
	if (r->host != NULL)
		keep_host(st, r);
	else if (st->host[0] != '\0') {
		r->host = st->host;
		r->host_len = strlen(st->host);
	}
}

/*
 * Lines before the header ("#TYPE", blank) get a sniffed time; the header
 * none; each data row the time of its time column.
 */
static void
csv_parse(struct fmt_stream *fs, struct record *r)
{
	struct csv_state *st = fs->priv;
	size_t pre;

	if (st == NULL) {
		format_sniff_time(fs, r, r->text, r->len);
		return;
	}
	if (st->inq) {
		continue_row(fs, st, r);
		return;
	}
	if (st->have_header) {
		read_row(fs, st, r);
		return;
	}
	pre = preamble(r->text, r->len);
	if (read_header(r->text + pre, r->len - pre, 1, &st->map))
		st->have_header = 1;
	else
		format_sniff_time(fs, r, r->text, r->len);
}

/*
 * Count the fields of line s[0..len) into *nf (a line going on with a
 * quoted field adds to it); returns 1 when the row ends with the line.
 */
static int
count_fields(const char *s, size_t len, char sep, int *inq, size_t *nf)
{
	struct csv_iter it;
	struct field f;
	size_t k = 0;

	iter_init(&it, s, len, sep, *inq);
	while (iter_next(&it, &f))
		k++;
	*nf = *inq ? *nf + k - 1 : k;
	*inq = it.inq;
	return !it.inq;
}

/*
 * A header with two or more separators naming a time column, then rows
 * of as many fields (or one more: Event Viewer adds the description
 * without naming it in the header).
 */
static int
csv_bid(const struct line *lines, size_t n)
{
	struct csv_map m;
	size_t i = 0, rows = 0, good = 0, nf = 0, pre;
	int inq = 0;

	while (i < n && (lines[i].len == 0 ||
	    preamble(lines[i].p, lines[i].len) == lines[i].len))
		i++;
	if (i == n || lines[i].cut)
		return 0;
	pre = preamble(lines[i].p, lines[i].len);
	if (!read_header(lines[i].p + pre, lines[i].len - pre, 2, &m))
		return 0;
	for (i++; i < n && !lines[i].cut; i++) {
		const char *s = lines[i].p;
		size_t len = lines[i].len;

		if (!inq && (len == 0 || read_header(s, len, 2, &m)))
			continue;	/* blank, or a new header */
		if (count_fields(s, len, m.sep, &inq, &nf)) {
			rows++;
			good += nf == m.nfields || nf == m.nfields + 1;
		}
	}
	if (rows == 0)
		return 40;
	if (good * 10 < rows * 9)
		return 0;
	return (int)(60 + 30 * good / rows);
}

static void *
csv_open(void)
{
	return xcalloc(1, sizeof(struct csv_state));
}

static void
csv_close(void *priv)
{
	free(priv);
}

const struct format format_csv = {
	.name = "csv",
	.time_desc = "Log Line Written",
	.bid = csv_bid,
	.parse = csv_parse,
	.open = csv_open,
	.close = csv_close,
};
