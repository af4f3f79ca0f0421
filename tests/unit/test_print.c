/* SPDX-License-Identifier: MIT */
/*
 * test_print.c - unit tests of the text, CSV and JSONL printers: whole
 * outputs compared byte for byte, and hostile input kept in its cell.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "escape.h"
#include "print.h"

static struct sig sig_crit = {
	.id = "hop-cred-mimikatz-sekurlsa",
	.title = "Mimikatz sekurlsa credential module",
	.level = SIG_CRITICAL,
	.attack = "T1003.001",
};
static struct sig sig_high = {
	.id = "hop-rat-anydesk",
	.title = "AnyDesk, remote access",
	.level = SIG_HIGH,
	.attack = "T1219",
};
static struct sig sig_low = {
	.id = "hop-exec-formula",
	.title = "Formula-looking line",
	.level = SIG_LOW,
	.attack = "",
};
static struct sig sig_med = {
	.id = "hop-med", .title = "Medium", .level = SIG_MEDIUM, .attack = "",
};
static struct sig sig_info = {
	.id = "hop-info", .title = "Info", .level = SIG_INFORMATIONAL,
	.attack = "",
};

/* The raw excerpt of the hostile event, and its escaped form. */
#define HOSTILE_RAW	"say \"hi\", a,b\r\n\x1b[31mred\xff\xc0\xaf end"
#define HOSTILE_ESC	\
	"say \"hi\", a,b\\x0d\\x0a\\x1b[31mred\\xff\\xc0\\xaf end"

/*
 * An event borrowing the strings given (never cleared: nothing owned).
 * time_note is const in struct event; excerpt and host are not.
 */
static struct event
ev(bool has_time, int64_t us, const char *desc, const char *host,
    const char *source, const char *kind, uint64_t pos, const char *format,
    const struct sig *s, const char *excerpt, size_t excerpt_len,
    const char *note)
{
	struct event e;

	memset(&e, 0, sizeof(e));
	e.has_time = has_time;
	e.time_us = us;
	e.time_desc = desc;
	e.host = (char *)host;
	e.source = (char *)source;
	e.pos_kind = kind;
	e.pos = pos;
	e.format = format;
	e.sig = s;
	e.excerpt = (char *)excerpt;
	e.excerpt_len = excerpt_len;
	e.time_note = (char *)note;
	return e;
}

/* The three events of the whole-output tests, in timeline order. */
static void
three_events(struct event v[3])
{
	static const char mimi[] =
	    "mimikatz.exe \"sekurlsa::logonpasswords\" exit";
	static const char hostile[] = HOSTILE_RAW;
	static const char formula[] = "=cmd|' /C calc'!A0";

	v[0] = ev(true, INT64_C(1414980847000000), "Event Recorded", "dc01",
	    "evidence/client-a.tar.gz!dc01/Security.evtx", "record", 42,
	    "evtx", &sig_crit, mimi, sizeof(mimi) - 1, NULL);
	v[1] = ev(true, INT64_C(1414981200123456), "Log Line Written",
	    "web01", "logs/web01/access.log", "line", 7, "text", &sig_high,
	    hostile, sizeof(hostile) - 1, "zone assumed UTC");
	v[2] = ev(false, 0, "Log Line Written", "", "loose/notes.txt",
	    "line", 3, "text", &sig_low, formula, sizeof(formula) - 1,
	    "no timestamp in record");
	v[1].offset = 4096;
}

/*
 * Print n events of v with format f and return the whole output
 * (malloc'd, NUL-terminated); *len gets its length.
 */
static char *
print_all(enum print_format f, bool color, const struct event *v, size_t n,
    size_t *len)
{
	struct printer *p;
	char *out = NULL;
	size_t i, size = 0;
	FILE *fp;

	fp = open_memstream(&out, &size);
	assert_non_null(fp);
	p = printer_new(f, fp, color);
	assert_non_null(p);
	assert_int_equal(printer_begin(p), 0);
	for (i = 0; i < n; i++)
		assert_int_equal(printer_event(p, &v[i]), 0);
	assert_int_equal(printer_end(p), 0);
	printer_free(p);
	assert_int_equal(fclose(fp), 0);
	if (len != NULL)
		*len = size;
	assert_int_equal(strlen(out), size);	/* no NUL inside */
	return out;
}

/* Print v with format f and compare the whole output with want. */
static void
check_output(enum print_format f, bool color, const struct event *v,
    size_t n, const char *want)
{
	char *out;

	out = print_all(f, color, v, n, NULL);
	assert_string_equal(out, want);
	free(out);
}

/*
 * 1 if s[0..n) is valid UTF-8 (no overlongs, surrogates or code points
 * above U+10FFFF); a checker written apart from escape.c.
 */
static int
valid_utf8(const char *str, size_t n)
{
	const unsigned char *s = (const unsigned char *)str;
	static const uint32_t min[5] = { 0, 0, 0x80, 0x800, 0x10000 };
	uint32_t cp;
	size_t i = 0, len, k;

	while (i < n) {
		if (s[i] < 0x80)
			len = 1, cp = s[i];
		else if ((s[i] & 0xe0) == 0xc0)
			len = 2, cp = s[i] & 0x1f;
		else if ((s[i] & 0xf0) == 0xe0)
			len = 3, cp = s[i] & 0x0f;
		else if ((s[i] & 0xf8) == 0xf0)
			len = 4, cp = s[i] & 0x07;
		else
			return 0;
		if (i + len > n)
			return 0;
		for (k = 1; k < len; k++) {
			if ((s[i + k] & 0xc0) != 0x80)
				return 0;
			cp = cp << 6 | (s[i + k] & 0x3f);
		}
		if (cp < min[len] || cp > 0x10ffff ||
		    (cp >= 0xd800 && cp <= 0xdfff))
			return 0;
		i += len;
	}
	return 1;
}

/* 1 if s has a byte below 0x20 other than '\n', or DEL. */
static int
has_raw_control(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (((unsigned char)s[i] < 0x20 && s[i] != '\n') ||
		    s[i] == 0x7f)
			return 1;
	return 0;
}

static const char *const columns[] = {
	"datetime", "timestamp_desc", "message", "timestamp", "host",
	"source", "position", "format", "signature_id", "signature_title",
	"level", "attack", "excerpt", "time_note", "offset",
};

#define NCOLS	(sizeof(columns) / sizeof(columns[0]))

/* One parsed JSONL line: decoded values ("null" for null). */
struct jrow {
	struct buf	 val[NCOLS];
};

/* Value of hex digit c, or -1. */
static int
hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Append code point cp (below U+10000, no surrogate) as UTF-8. */
static void
put_utf8(struct buf *b, unsigned cp)
{
	if (cp < 0x80)
		buf_addc(b, (char)cp);
	else if (cp < 0x800) {
		buf_addc(b, (char)(0xc0 | cp >> 6));
		buf_addc(b, (char)(0x80 | (cp & 0x3f)));
	} else {
		buf_addc(b, (char)(0xe0 | cp >> 12));
		buf_addc(b, (char)(0x80 | (cp >> 6 & 0x3f)));
		buf_addc(b, (char)(0x80 | (cp & 0x3f)));
	}
}

/*
 * Parse the JSON string at *sp into b (decoded); advance *sp past it.
 * Returns 0, or -1 on anything not strict JSON.
 */
static int
json_parse_string(const char **sp, struct buf *b)
{
	const char *s = *sp;
	unsigned cp;
	int i, h;

	if (*s++ != '"')
		return -1;
	for (;;) {
		if (*s == '"')
			break;
		if (*s == '\0' || (unsigned char)*s < 0x20)
			return -1;
		if (*s != '\\') {
			buf_addc(b, *s++);
			continue;
		}
		s++;
		switch (*s++) {
		case '"': buf_addc(b, '"'); break;
		case '\\': buf_addc(b, '\\'); break;
		case '/': buf_addc(b, '/'); break;
		case 'b': buf_addc(b, '\b'); break;
		case 'f': buf_addc(b, '\f'); break;
		case 'n': buf_addc(b, '\n'); break;
		case 'r': buf_addc(b, '\r'); break;
		case 't': buf_addc(b, '\t'); break;
		case 'u':
			for (cp = 0, i = 0; i < 4; i++) {
				if ((h = hexval(*s++)) < 0)
					return -1;
				cp = cp << 4 | (unsigned)h;
			}
			if (cp >= 0xd800 && cp <= 0xdfff)
				return -1;	/* not produced by us */
			put_utf8(b, cp);
			break;
		default:
			return -1;
		}
	}
	*sp = s + 1;
	return 0;
}

/*
 * Parse one JSONL line (up to and including '\n') at *sp into r, checking
 * the keys and their order; advance *sp.  Returns 0 or -1.
 */
static int
json_parse_line(const char **sp, struct jrow *r)
{
	struct buf key;
	const char *s = *sp;
	size_t i;
	int rc = -1;

	buf_init(&key);
	if (*s++ != '{')
		goto out;
	for (i = 0; i < NCOLS; i++) {
		buf_reset(&key);
		buf_reset(&r->val[i]);
		if (i > 0 && *s++ != ',')
			goto out;
		if (json_parse_string(&s, &key) == -1 ||
		    strcmp(buf_str(&key), columns[i]) != 0 || *s++ != ':')
			goto out;
		if (*s == '"') {
			if (json_parse_string(&s, &r->val[i]) == -1)
				goto out;
		} else if (strncmp(s, "null", 4) == 0) {
			buf_adds(&r->val[i], "null");
			s += 4;
		} else {
			if (*s == '-')
				buf_addc(&r->val[i], *s++);
			if (*s < '0' || *s > '9')
				goto out;
			while (*s >= '0' && *s <= '9')
				buf_addc(&r->val[i], *s++);
		}
		buf_str(&r->val[i]);
	}
	if (*s++ != '}' || *s++ != '\n')
		goto out;
	*sp = s;
	rc = 0;
out:
	buf_free(&key);
	return rc;
}

static void
jrow_init(struct jrow *r)
{
	size_t i;

	for (i = 0; i < NCOLS; i++)
		buf_init(&r->val[i]);
}

static void
jrow_free(struct jrow *r)
{
	size_t i;

	for (i = 0; i < NCOLS; i++)
		buf_free(&r->val[i]);
}

static void
test_format_parse(void **state)
{
	enum print_format f = PRINT_TEXT;

	(void)state;
	assert_int_equal(print_format_parse("csv", &f), 0);
	assert_int_equal(f, PRINT_CSV);
	assert_int_equal(print_format_parse("jsonl", &f), 0);
	assert_int_equal(f, PRINT_JSONL);
	assert_int_equal(print_format_parse("text", &f), 0);
	assert_int_equal(f, PRINT_TEXT);
	assert_int_equal(print_format_parse("json", &f), -1);
	assert_int_equal(print_format_parse("CSV", &f), -1);
	assert_int_equal(print_format_parse("", &f), -1);
	assert_int_equal(f, PRINT_TEXT);	/* untouched on failure */
	assert_null(printer_new((enum print_format)99, stdout, false));
	printer_free(NULL);
}

static void
test_csv_whole(void **state)
{
	struct event v[3];

	(void)state;
	three_events(v);
	check_output(PRINT_CSV, false, v, 3,
	    "datetime,timestamp_desc,message,timestamp,host,source,position,"
	    "format,signature_id,signature_title,level,attack,excerpt,"
	    "time_note,offset\n"
	    /* 1: quotes in message and excerpt are doubled */
	    "2014-11-03T02:14:07.000000Z,Event Recorded,"
	    "\"[critical] Mimikatz sekurlsa credential module @ dc01: "
	    "mimikatz.exe \"\"sekurlsa::logonpasswords\"\" exit\","
	    "1414980847000000,dc01,"
	    "evidence/client-a.tar.gz!dc01/Security.evtx,record 42,evtx,"
	    "hop-cred-mimikatz-sekurlsa,Mimikatz sekurlsa credential module,"
	    "critical,T1003.001,"
	    "\"mimikatz.exe \"\"sekurlsa::logonpasswords\"\" exit\",,0\n"
	    /* 2: controls and bad bytes escaped, commas quoted */
	    "2014-11-03T02:20:00.123456Z,Log Line Written,"
	    "\"[high] AnyDesk, remote access @ web01: say \"\"hi\"\", a,b"
	    "\\x0d\\x0a\\x1b[31mred\\xff\\xc0\\xaf end\","
	    "1414981200123456,web01,logs/web01/access.log,line 7,text,"
	    "hop-rat-anydesk,\"AnyDesk, remote access\",high,T1219,"
	    "\"say \"\"hi\"\", a,b\\x0d\\x0a\\x1b[31mred\\xff\\xc0\\xaf end\","
	    "zone assumed UTC,4096\n"
	    /* 3: no time, no host; the formula made inert */
	    ",Log Line Written,"
	    "[low] Formula-looking line: =cmd|' /C calc'!A0,"
	    ",,loose/notes.txt,line 3,text,hop-exec-formula,"
	    "Formula-looking line,low,,'=cmd|' /C calc'!A0,"
	    "no timestamp in record,0\n");
}

static void
test_csv_formula_cells(void **state)
{
	struct event v[2];

	(void)state;
	/* = + - @ in any text cell; quoted cells get it inside the quotes;
	   TAB and CR never reach the cell raw. */
	v[0] = ev(true, -1, "-desc", "@host", "+src", "line", 1, "text",
	    &sig_low, "-1,2", 4, "=note");
	v[1] = ev(false, 0, "", "\tx", " =a", "line", 2, "text", &sig_low,
	    "\r=b ", 4, NULL);
	check_output(PRINT_CSV, false, v, 2,
	    "datetime,timestamp_desc,message,timestamp,host,source,position,"
	    "format,signature_id,signature_title,level,attack,excerpt,"
	    "time_note,offset\n"
	    "1969-12-31T23:59:59.999999Z,'-desc,"
	    "\"[low] Formula-looking line @ @host: -1,2\",-1,'@host,'+src,"
	    "line 1,text,hop-exec-formula,Formula-looking line,low,,"
	    "\"'-1,2\",'=note,0\n"
	    ",,\"[low] Formula-looking line @ \\tx: \\x0d=b \",,\\tx,\" =a\","
	    "line 2,text,hop-exec-formula,Formula-looking line,low,,"
	    "\"\\x0d=b \",,0\n");
}

static void
test_jsonl_whole(void **state)
{
	struct event v[3];

	(void)state;
	three_events(v);
	check_output(PRINT_JSONL, false, v, 3,
	    "{\"datetime\":\"2014-11-03T02:14:07.000000Z\","
	    "\"timestamp_desc\":\"Event Recorded\","
	    "\"message\":\"[critical] Mimikatz sekurlsa credential module @ "
	    "dc01: mimikatz.exe \\\"sekurlsa::logonpasswords\\\" exit\","
	    "\"timestamp\":1414980847000000,\"host\":\"dc01\","
	    "\"source\":\"evidence/client-a.tar.gz!dc01/Security.evtx\","
	    "\"position\":\"record 42\",\"format\":\"evtx\","
	    "\"signature_id\":\"hop-cred-mimikatz-sekurlsa\","
	    "\"signature_title\":\"Mimikatz sekurlsa credential module\","
	    "\"level\":\"critical\",\"attack\":\"T1003.001\","
	    "\"excerpt\":\"mimikatz.exe \\\"sekurlsa::logonpasswords\\\" "
	    "exit\",\"time_note\":\"\",\"offset\":0}\n"
	    "{\"datetime\":\"2014-11-03T02:20:00.123456Z\","
	    "\"timestamp_desc\":\"Log Line Written\","
	    "\"message\":\"[high] AnyDesk, remote access @ web01: say "
	    "\\\"hi\\\", a,b\\\\x0d\\\\x0a\\\\x1b[31mred\\\\xff\\\\xc0\\\\xaf "
	    "end\",\"timestamp\":1414981200123456,\"host\":\"web01\","
	    "\"source\":\"logs/web01/access.log\",\"position\":\"line 7\","
	    "\"format\":\"text\",\"signature_id\":\"hop-rat-anydesk\","
	    "\"signature_title\":\"AnyDesk, remote access\","
	    "\"level\":\"high\",\"attack\":\"T1219\","
	    "\"excerpt\":\"say \\\"hi\\\", a,b\\\\x0d\\\\x0a\\\\x1b[31mred"
	    "\\\\xff\\\\xc0\\\\xaf end\",\"time_note\":\"zone assumed UTC\",\"offset\":4096}\n"
	    "{\"datetime\":\"\",\"timestamp_desc\":\"Log Line Written\","
	    "\"message\":\"[low] Formula-looking line: =cmd|' /C calc'!A0\","
	    "\"timestamp\":null,\"host\":\"\","
	    "\"source\":\"loose/notes.txt\",\"position\":\"line 3\","
	    "\"format\":\"text\",\"signature_id\":\"hop-exec-formula\","
	    "\"signature_title\":\"Formula-looking line\",\"level\":\"low\","
	    "\"attack\":\"\",\"excerpt\":\"=cmd|' /C calc'!A0\","
	    "\"time_note\":\"no timestamp in record\",\"offset\":0}\n");
}

static void
test_jsonl_structure(void **state)
{
	struct event v[3];
	struct jrow r;
	const char *s;
	char *out;
	size_t len;

	(void)state;
	three_events(v);
	out = print_all(PRINT_JSONL, false, v, 3, &len);
	assert_true(valid_utf8(out, len));
	assert_false(has_raw_control(out, len));
	assert_null(strstr(out, " \n"));
	jrow_init(&r);
	s = out;
	assert_int_equal(json_parse_line(&s, &r), 0);
	assert_string_equal(r.val[3].p, "1414980847000000");
	assert_string_equal(r.val[6].p, "record 42");
	assert_int_equal(json_parse_line(&s, &r), 0);
	/* Decoded, the excerpt is exactly what escape_text() made. */
	assert_string_equal(r.val[12].p, HOSTILE_ESC);
	assert_string_equal(r.val[2].p,
	    "[high] AnyDesk, remote access @ web01: " HOSTILE_ESC);
	assert_string_equal(r.val[13].p, "zone assumed UTC");
	assert_int_equal(json_parse_line(&s, &r), 0);
	assert_string_equal(r.val[0].p, "");
	assert_string_equal(r.val[3].p, "null");
	assert_string_equal(r.val[4].p, "");
	assert_int_equal(*s, '\0');
	/* The parser is strict enough to fail. */
	s = "{\"datetime\":\"\x01\"}\n";
	assert_int_equal(json_parse_line(&s, &r), -1);
	s = "{\"datetime\":\"\\x1b\"}\n";
	assert_int_equal(json_parse_line(&s, &r), -1);
	s = "{\"timestamp_desc\":\"\"}\n";
	assert_int_equal(json_parse_line(&s, &r), -1);
	jrow_free(&r);
	free(out);
}

static void
test_text_whole(void **state)
{
	struct event v[3];

	(void)state;
	three_events(v);
	check_output(PRINT_TEXT, false, v, 3,
	    "2014-11-03T02:14:07.000000Z  critical       dc01             "
	    "hop-cred-mimikatz-sekurlsa        "
	    "Mimikatz sekurlsa credential module\n"
	    "    evidence/client-a.tar.gz!dc01/Security.evtx record 42: "
	    "mimikatz.exe \"sekurlsa::logonpasswords\" exit\n"
	    "2014-11-03T02:20:00.123456Z  high           web01            "
	    "hop-rat-anydesk                   AnyDesk, remote access\n"
	    "    logs/web01/access.log line 7: " HOSTILE_ESC
	    "  (time: zone assumed UTC)\n"
	    "-                            low                             "
	    "hop-exec-formula                  Formula-looking line\n"
	    "    loose/notes.txt line 3: =cmd|' /C calc'!A0"
	    "  (time: no timestamp in record)\n");
}

static void
test_text_columns(void **state)
{
	static const char one[] = "x";
	struct event v[2];
	char *out;
	size_t len;

	(void)state;
	/* A long host pushes on; an empty title leaves no trailing space;
	   multibyte hosts are padded by characters, not bytes. */
	v[0] = ev(true, 0, "", "a-very-long-host-name.example.org", "s",
	    "line", 1, "text", &sig_info, one, 1, NULL);
	v[1] = ev(true, 0, "", "h\xc3\xa9te", "s", "line", 2, "text",
	    &sig_med, "", 0, NULL);
	sig_info.title = "";
	out = print_all(PRINT_TEXT, false, v, 2, &len);
	sig_info.title = "Info";
	assert_string_equal(out,
	    "1970-01-01T00:00:00.000000Z  informational  "
	    "a-very-long-host-name.example.org  hop-info\n"
	    "    s line 1: x\n"
	    "1970-01-01T00:00:00.000000Z  medium         h\xc3\xa9te"
	    "             hop-med                           Medium\n"
	    "    s line 2:\n");
	assert_null(strstr(out, " \n"));
	free(out);
}

static void
test_text_color(void **state)
{
	struct event v[3];

	(void)state;
	v[0] = ev(false, 0, "", "h", "s", "line", 1, "text", &sig_crit,
	    "a", 1, NULL);
	v[1] = ev(false, 0, "", "h", "s", "line", 2, "text", &sig_med,
	    "\x1b[2J", 4, NULL);
	v[2] = ev(false, 0, "", "h", "s", "line", 3, "text", &sig_info,
	    "c", 1, NULL);
	check_output(PRINT_TEXT, true, v, 3,
	    "-                            \x1b[1;31mcritical\x1b[0m       h"
	    "                "
	    "hop-cred-mimikatz-sekurlsa        "
	    "Mimikatz sekurlsa credential module\n"
	    "\x1b[2m    s line 1: a\x1b[0m\n"
	    "-                            \x1b[33mmedium\x1b[0m         h"
	    "                hop-med                           Medium\n"
	    "\x1b[2m    s line 2: \\x1b[2J\x1b[0m\n"
	    "-                            informational  h"
	    "                hop-info                          Info\n"
	    "\x1b[2m    s line 3: c\x1b[0m\n");
}

static void
test_text_levels_colors(void **state)
{
	struct event v[2];
	char *out;

	(void)state;
	v[0] = ev(false, 0, "", "h", "s", "line", 1, "text", &sig_high,
	    "a", 1, NULL);
	v[1] = ev(false, 0, "", "h", "s", "line", 1, "text", &sig_low,
	    "a", 1, NULL);
	out = print_all(PRINT_TEXT, true, v, 2, NULL);
	assert_non_null(strstr(out, "\x1b[31mhigh\x1b[0m "));
	assert_non_null(strstr(out, "\x1b[36mlow\x1b[0m "));
	free(out);
	/* Without colour, no ESC at all, even from hostile input. */
	v[0].excerpt = "\x1b[31m\xc2\x9b";
	v[0].excerpt_len = 7;
	v[0].host = "\x1b]0;x\x07";
	out = print_all(PRINT_TEXT, false, v, 2, NULL);
	assert_null(strchr(out, '\x1b'));
	assert_null(strstr(out, "\xc2\x9b"));
	assert_non_null(strstr(out, "\\x1b[31m\\xc2\\x9b"));
	free(out);
}

static void
test_bounds(void **state)
{
	char big[2000];
	struct event e;
	struct jrow r;
	const char *s;
	char *out;

	(void)state;
	memset(big, 'A', sizeof(big));
	big[199] = '\xc3';	/* é across the message bound */
	big[200] = '\xa9';
	e = ev(true, 0, "", "h", "s", "line", 1, "text", &sig_low, big,
	    sizeof(big), NULL);
	out = print_all(PRINT_JSONL, false, &e, 1, NULL);
	jrow_init(&r);
	s = out;
	assert_int_equal(json_parse_line(&s, &r), 0);
	/* message: prefix, then 199 bytes of the excerpt, é not split. */
	assert_int_equal(r.val[2].len,
	    strlen("[low] Formula-looking line @ h: ") + 199 + 3);
	assert_memory_equal(r.val[2].p + r.val[2].len - 4, "A\xe2\x80\xa6", 4);
	/* excerpt: 1024 bytes, then the ellipsis. */
	assert_int_equal(r.val[12].len, 1024 + 3);
	assert_true(valid_utf8(r.val[12].p, r.val[12].len));
	jrow_free(&r);
	free(out);
	/* text: 300 bytes of excerpt. */
	out = print_all(PRINT_TEXT, false, &e, 1, NULL);
	s = strstr(out, "line 1: ");
	assert_non_null(s);
	assert_int_equal(strlen(s), strlen("line 1: ") + 300 + 3 + 1);
	free(out);
}

/* Random bytes from a fixed-seed generator. */
static uint32_t
lcg(uint32_t *x)
{
	*x = *x * 1103515245u + 12345u;
	return *x >> 16;
}

/* Fill s[0..n) with hostile bytes and NUL-terminate it. */
static void
hostile_fill(char *s, size_t n, uint32_t *seed)
{
	static const char pool[] = "\x1b\r\n\t\",= @\\\x7f\xc2\x9b\xe2\x80"
	    "\xae\xff\xc0\xed\xa0\xf0\x9f\x98\x80" "aZ";
	size_t i;

	for (i = 0; i < n; i++)
		s[i] = pool[lcg(seed) % (sizeof(pool) - 1)];
	s[n] = '\0';
}

/* Count the fields of one RFC 4180 record at *sp; advance past "\n". */
static int
csv_count_fields(const char **sp)
{
	const char *s = *sp;
	int n = 1;

	for (;;) {
		if (*s == '"') {
			for (s++; !(s[0] == '"' && s[1] != '"'); s++)
				if (s[0] == '"')
					s++;
				else if (s[0] == '\0')
					return -1;
			s++;
			if (*s != ',' && *s != '\n')
				return -1;
		} else
			while (*s != ',' && *s != '\n' && *s != '\0') {
				if (*s == '"' || *s == '\r')
					return -1;
				s++;
			}
		if (*s == '\n')
			break;
		if (*s != ',')
			return -1;
		s++;
		n++;
	}
	*sp = s + 1;
	return n;
}

static void
test_hostile_stays_in_cell(void **state)
{
	char host[40], source[40], excerpt[80], title[40];
	struct sig sg = sig_high;
	struct event e;
	struct jrow r;
	uint32_t seed = 7;
	const char *s;
	char *out;
	size_t len, round;

	(void)state;
	jrow_init(&r);
	sg.title = title;
	for (round = 0; round < 2000; round++) {
		hostile_fill(host, lcg(&seed) % 39, &seed);
		hostile_fill(source, lcg(&seed) % 39, &seed);
		hostile_fill(excerpt, lcg(&seed) % 79, &seed);
		hostile_fill(title, lcg(&seed) % 39, &seed);
		e = ev(round % 2, 1, "d", host, source, "line", round, "text",
		    &sg, excerpt, strlen(excerpt), round % 3 ? NULL : host);
		out = print_all(PRINT_JSONL, false, &e, 1, &len);
		assert_true(valid_utf8(out, len));
		assert_false(has_raw_control(out, len));
		s = out;
		assert_int_equal(json_parse_line(&s, &r), 0);
		assert_int_equal(*s, '\0');
		free(out);
		out = print_all(PRINT_CSV, false, &e, 1, &len);
		assert_true(valid_utf8(out, len));
		assert_false(has_raw_control(out, len));
		s = out;
		assert_int_equal(csv_count_fields(&s), (int)NCOLS);
		assert_int_equal(csv_count_fields(&s), (int)NCOLS);
		assert_int_equal(*s, '\0');
		free(out);
		out = print_all(PRINT_TEXT, false, &e, 1, &len);
		assert_true(valid_utf8(out, len));
		assert_false(has_raw_control(out, len));
		assert_non_null(strchr(out, '\n'));
		assert_ptr_equal(strchr(strchr(out, '\n') + 1, '\n'),
		    out + len - 1);
		free(out);
	}
	jrow_free(&r);
}

static void
test_write_error(void **state)
{
	struct printer *p;
	struct event v[3];
	char mem[16] = "";
	FILE *fp;

	(void)state;
	three_events(v);
	fp = fmemopen(mem, sizeof(mem), "r");	/* cannot be written */
	assert_non_null(fp);
	p = printer_new(PRINT_CSV, fp, false);
	errno = 0;
	assert_int_equal(printer_begin(p), -1);
	assert_int_not_equal(errno, 0);
	assert_int_equal(printer_event(p, &v[0]), -1);
	printer_free(p);
	fclose(fp);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_format_parse),
		cmocka_unit_test(test_csv_whole),
		cmocka_unit_test(test_csv_formula_cells),
		cmocka_unit_test(test_jsonl_whole),
		cmocka_unit_test(test_jsonl_structure),
		cmocka_unit_test(test_text_whole),
		cmocka_unit_test(test_text_columns),
		cmocka_unit_test(test_text_color),
		cmocka_unit_test(test_text_levels_colors),
		cmocka_unit_test(test_bounds),
		cmocka_unit_test(test_hostile_stays_in_cell),
		cmocka_unit_test(test_write_error),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
