/* SPDX-License-Identifier: MIT */
/*
 * history.c - shell histories with times: bash with HISTTIMEFORMAT (a
 * "#1699999999" line before each command) and zsh extended history
 * (": 1699999999:0;command").  Epochs are UTC.  Plain histories carry
 * no time and are left to the generic text format.
 */
#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "format.h"
#include "hopscan.h"

#define HIST_EPOCH_DIGITS	10
#define HIST_EPOCH_MIN		INT64_C(946684800)  /* 2000-01-01 */
#define HIST_EPOCH_MAX		INT64_C(4102444800) /* 2100-01-01 */
#define HIST_SECS_PER_DAY	86400

/* Which line the time of the previous line also belongs to. */
enum hist_pending {
	HIST_NONE,
	HIST_BASH,	/* the command after a "#epoch" line */
	HIST_ZSH	/* the next line of a zsh command ending in '\' */
};

/* A stream's state: the time the next line inherits, if any. */
struct hist_state {
	enum hist_pending	 pending;
	struct ts_civil		 civil;
};

static const char note_bash[] = "time from the #epoch line before it";
static const char note_zsh[] =
    "time from the zsh history line the command starts on";

/*
 * Parse exactly ten digits of seconds since the epoch at the start of
 * s[0..len), not followed by a digit, within the years 2000-2099, into c
 * (UTC).  Returns the digits consumed, or 0.
 */
static size_t
epoch10(const char *s, size_t len, struct ts_civil *c)
{
	int64_t v = 0, secs;
	int y, m, d;

	if (len < HIST_EPOCH_DIGITS)
		return 0;
	for (size_t i = 0; i < HIST_EPOCH_DIGITS; i++) {
		if (!isdigit((unsigned char)s[i]))
			return 0;
		v = v * 10 + (s[i] - '0');
	}
	if ((len > HIST_EPOCH_DIGITS && isdigit((unsigned char)
	    s[HIST_EPOCH_DIGITS])) || v < HIST_EPOCH_MIN ||
	    v >= HIST_EPOCH_MAX)
		return 0;
	secs = v % HIST_SECS_PER_DAY;
	ts_civil_from_days(v / HIST_SECS_PER_DAY, &y, &m, &d);
	memset(c, 0, sizeof(*c));
	c->year = y;
	c->mon = m;
	c->day = d;
	c->hour = (int)(secs / 3600);
	c->min = (int)(secs / 60 % 60);
	c->sec = (int)(secs % 60);
	c->has_year = 1;
	c->has_offset = 1;
	return HIST_EPOCH_DIGITS;
}

/* 1 if s is a bash timestamp line: '#' and a digit, as bash decides. */
static int
is_stamp_line(const char *s, size_t len)
{
	return len > 1 && s[0] == '#' && isdigit((unsigned char)s[1]);
}

/* 1 if s is a bash timestamp line "#<epoch>" with a usable time. */
static int
bash_stamp(const char *s, size_t len, struct ts_civil *c)
{
	return len == 1 + HIST_EPOCH_DIGITS && s[0] == '#' &&
	    epoch10(s + 1, len - 1, c) > 0;
}

/* 1 if s starts a zsh extended history entry ": <epoch>:<secs>;". */
static int
zsh_stamp(const char *s, size_t len, struct ts_civil *c)
{
	size_t i = 2, d;

	if (len < 2 || s[0] != ':' || s[1] != ' ' ||
	    epoch10(s + i, len - i, c) == 0)
		return 0;
	i += HIST_EPOCH_DIGITS;
	if (i >= len || s[i] != ':')
		return 0;
	for (d = ++i; i < len && isdigit((unsigned char)s[i]); i++)
		continue;
	return i > d && i < len && s[i] == ';';
}

/* 1 if the line ends in a backslash: a zsh command goes on. */
static int
continues(const char *s, size_t len)
{
	return len > 0 && s[len - 1] == '\\';
}

/*
 * The share of non-blank lines shaped like a history with times: bash
 * stamp lines ("#" and a digit) and the line after each, zsh entries and
 * their continuation lines.  At least one stamp must be a usable time.
 */
static int
shell_history_bid(const struct line *lines, size_t n)
{
	size_t shaped = 0, valid = 0, seen = 0;
	enum hist_pending after = HIST_NONE;

	for (size_t i = 0; i < n; i++) {
		const char *s = lines[i].p;
		size_t len = lines[i].len;
		struct ts_civil c;

		if (len == 0)
			continue;
		seen++;
		if (after == HIST_ZSH || (after == HIST_BASH &&
		    !is_stamp_line(s, len))) {
			shaped++;
			after = after == HIST_ZSH && continues(s, len) ?
			    HIST_ZSH : HIST_NONE;
		} else if (is_stamp_line(s, len)) {
			valid += bash_stamp(s, len, &c);
			shaped++;
			after = HIST_BASH;
		} else if (zsh_stamp(s, len, &c)) {
			valid++;
			shaped++;
			after = continues(s, len) ? HIST_ZSH : HIST_NONE;
		} else
			after = HIST_NONE;
	}
	if (valid == 0 || shaped * 2 < seen)
		return 0;
	return (int)(20 + 75 * shaped / seen);
}

/* Give r the time st holds for it, with note, and say what comes next. */
static void
inherit(struct hist_state *st, struct record *r)
{
	r->time = REC_TIME_FULL;
	r->civil = st->civil;
	if (st->pending == HIST_BASH) {
		r->time_note = note_bash;
		st->pending = HIST_NONE;
	} else {
		r->time_note = note_zsh;
		if (!continues(r->text, r->len))
			st->pending = HIST_NONE;
	}
}

/*
 * Bash gives a "#epoch" line's time to the one line after it (blank
 * lines skipped); zsh gives an entry's time to its continuation lines.
 */
static void
shell_history_parse(struct fmt_stream *fs, struct record *r)
{
	struct hist_state def = { HIST_NONE, { 0 } }, *st = fs->priv;

	if (st == NULL)
		st = &def;
	if (r->len == 0)
		return;
	if (st->pending == HIST_ZSH || (st->pending == HIST_BASH &&
	    !is_stamp_line(r->text, r->len))) {
		inherit(st, r);
		return;
	}
	st->pending = HIST_NONE;
	if (bash_stamp(r->text, r->len, &r->civil)) {
		r->time = REC_TIME_FULL;
		st->civil = r->civil;
		st->pending = HIST_BASH;
	} else if (zsh_stamp(r->text, r->len, &r->civil)) {
		r->time = REC_TIME_FULL;
		st->civil = r->civil;
		if (continues(r->text, r->len))
			st->pending = HIST_ZSH;
	}
}

static void *
shell_history_open(void)
{
	return xcalloc(1, sizeof(struct hist_state));
}

static void
shell_history_close(void *priv)
{
	free(priv);
}

const struct format format_shell_history = {
	.name = "shell_history",
	.time_desc = "Command Entered",
	.bid = shell_history_bid,
	.parse = shell_history_parse,
	.open = shell_history_open,
	.close = shell_history_close,
};
