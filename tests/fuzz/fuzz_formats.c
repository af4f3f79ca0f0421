/* SPDX-License-Identifier: MIT */
/*
 * fuzz_formats.c - every log format of src/formats on any text: each one
 * bids on the first lines, then opens, parses every line and closes, as
 * if it had won the bid; the records' times go through the clock (zone
 * Europe/Berlin, for its repeated hours) and are settled and formatted.
 */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "escape.h"
#include "formats/format.h"
#include "fuzz.h"
#include "hopscan.h"
#include "lines.h"
#include "timestamp.h"
#include "tz.h"

#define FUZZ_MAX_LINE	4096	/* line bound of the reader */
#define FUZZ_MAX_LINES	512	/* lines parsed per input */
#define FUZZ_LOOKAHEAD	16	/* lines bid on, as SCAN_LOOKAHEAD */

static const struct format *const all[] = {
	&format_syslog, &format_teamviewer, &format_anydesk, &format_w3c,
	&format_winfw, &format_apache, &format_shell_history, &format_jsonl,
	&format_csv, &format_text,
};

static struct clock_opts copts;

struct src {
	const uint8_t	*data;
	size_t		 len;
	int		 given;
};

static int
pull(void *ctx, const void **buf, size_t *len)
{
	struct src *s = ctx;

	if (s->given || s->len == 0)
		return HOP_EOF;
	s->given = 1;
	*buf = s->data;
	*len = s->len;
	return HOP_OK;
}

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	char err[256];

	/* NULL (UTC) if the zone files are missing. */
	copts.tz = tz_load("Europe/Berlin", err, sizeof(err));
	return 0;
}

/* Read every byte of r's host and the format's note. */
static size_t
touch(const struct record *r)
{
	size_t sum = 0;

	if (r->host != NULL)
		for (size_t i = 0; i < r->host_len; i++)
			sum += (unsigned char)r->host[i];
	if (r->time_note != NULL)
		sum += strlen(r->time_note);
	if (r->time == REC_TIME_FULL && !ts_civil_valid(&r->civil))
		sum++;
	return sum;
}

/* Run format f over the lines ln[0..n) as the scanner would. */
static size_t
run_format(const struct format *f, const struct line *ln, size_t n)
{
	struct fmt_stream fs;
	struct clock k;
	struct clock_mark *marks = xcalloc(n ? n : 1, sizeof(*marks));
	char stamp[TS_RFC3339_LEN];
	size_t sum = 0;

	(void)f->bid(ln, n < FUZZ_LOOKAHEAD ? n : FUZZ_LOOKAHEAD);
	ts_year_init(&fs.year);
	fs.order = TS_ORDER_UNKNOWN;
	fs.priv = f->open != NULL ? f->open() : NULL;
	clock_start(&k, &copts);
	for (size_t i = 0; i < n; i++) {
		struct record r = { .text = ln[i].p, .len = ln[i].len };

		f->parse(&fs, &r);
		sum += touch(&r);
		if (r.host != NULL)
			clock_mark(&k, &r, r.host, r.host_len, &marks[i]);
		else
			clock_mark(&k, &r, "host", 4, &marks[i]);
	}
	if (f->close != NULL)
		f->close(fs.priv);
	for (size_t i = 0; i < n; i++) {
		bool has;
		int64_t us;
		char *note = NULL;

		clock_settle(&marks[i], &fs.year, INT64_C(1450000000000000),
		    STREAM_MTIME_FILE, &has, &us, &note);
		if (has) {
			ts_format_rfc3339(us, stamp);
			sum += (unsigned char)stamp[0];
		}
		if (note != NULL)
			sum += strlen(note);
		free(note);
	}
	clock_finish(&k);
	free(marks);
	return sum;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct src s = { data, size, 0 };
	struct lines *l = lines_new(FUZZ_MAX_LINE);
	struct line ln[FUZZ_MAX_LINES];
	struct buf text;
	size_t n = 0, off[FUZZ_MAX_LINES], sum = 0;
	const char *base;

	/* Copy the lines out: the reader's are valid until the next one. */
	buf_init(&text);
	lines_start(l, pull, &s);
	while (n < FUZZ_MAX_LINES && lines_next(l, &ln[n]) == HOP_OK) {
		off[n] = text.len;
		buf_add(&text, ln[n].p, ln[n].len);
		n++;
	}
	/* As scan.c does (text.p is NULL while only empty lines came). */
	base = buf_str(&text);
	for (size_t i = 0; i < n; i++)
		ln[i].p = base + off[i];
	(void)format_choose(ln, n < FUZZ_LOOKAHEAD ? n : FUZZ_LOOKAHEAD);
	for (size_t i = 0; i < sizeof(all) / sizeof(all[0]); i++)
		sum += run_format(all[i], ln, n);
	buf_free(&text);
	lines_free(l);
	return sum == 1 ? 1 : 0;
}
