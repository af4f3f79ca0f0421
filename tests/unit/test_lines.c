/* SPDX-License-Identifier: MIT */
/*
 * test_lines.c - the line reader: line ends, bounds, encodings, failures,
 * and blocks split at every possible place.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "escape.h"
#include "hopscan.h"
#include "lines.h"

/* A source giving data in blocks of at most blk bytes, then end or fail. */
struct src {
	const char	*data;
	size_t		 len, pos, blk;
	int		 end;		/* HOP_EOF or HOP_FAIL */
};

static int
pull(void *ctx, const void **buf, size_t *len)
{
	struct src *s = ctx;
	size_t n = s->len - s->pos;

	if (n == 0)
		return s->end;
	if (n > s->blk)
		n = s->blk;
	*buf = s->data + s->pos;
	*len = n;
	s->pos += n;
	return HOP_OK;
}

/* Read all lines of data into "no@offset[cut]:text|" form in out. */
static int
read_all(const char *data, size_t len, size_t blk, size_t max, int end,
    struct buf *out, enum lines_enc *enc)
{
	struct src s = { data, len, 0, blk, end };
	struct lines *l = lines_new(max);
	struct line ln;
	int r;

	buf_reset(out);
	lines_start(l, pull, &s);
	while ((r = lines_next(l, &ln)) == HOP_OK) {
		char head[64];

		snprintf(head, sizeof(head), "%llu@%llu%s:",
		    (unsigned long long)ln.no, (unsigned long long)ln.offset,
		    ln.cut ? "c" : "");
		buf_adds(out, head);
		buf_add(out, ln.p, ln.len);
		buf_addc(out, '|');
	}
	if (enc != NULL)
		*enc = lines_encoding(l);
	lines_free(l);
	buf_str(out);
	return r;
}

static void
test_lf_crlf_and_last_line(void **state)
{
	const char d[] = "one\r\ntwo\n\nthree";
	struct buf b;

	(void)state;
	buf_init(&b);
	/* Every block size gives the same lines. */
	for (size_t blk = 1; blk <= sizeof(d); blk++) {
		assert_int_equal(read_all(d, sizeof(d) - 1, blk, 0, HOP_EOF,
		    &b, NULL), HOP_EOF);
		assert_string_equal(b.p, "1@0:one|2@5:two|3@9:|4@10:three|");
	}
	buf_free(&b);
}

static void
test_empty_and_lone_cr(void **state)
{
	struct buf b;

	(void)state;
	buf_init(&b);
	assert_int_equal(read_all("", 0, 4, 0, HOP_EOF, &b, NULL), HOP_EOF);
	assert_string_equal(b.p ? b.p : "", "");
	read_all("a\rb\n", 4, 4, 0, HOP_EOF, &b, NULL);
	assert_string_equal(b.p, "1@0:a\rb|");
	buf_free(&b);
}

static void
test_long_line_cut(void **state)
{
	char d[1200];
	struct buf b;

	(void)state;
	memset(d, 'x', sizeof(d));
	memcpy(d + 1000, "\nshort\n", 7);
	buf_init(&b);
	for (size_t blk = 7; blk < 700; blk += 97) {
		struct src s = { d, 1007, 0, blk, HOP_EOF };
		struct lines *l = lines_new(256);
		struct line ln;
		size_t pieces = 0, total = 0;

		lines_start(l, pull, &s);
		while (lines_next(l, &ln) == HOP_OK && ln.no == 1) {
			assert_true(ln.cut);
			assert_true(ln.len <= 256);
			assert_int_equal(ln.offset, total);
			total += ln.len;
			pieces++;
		}
		assert_int_equal(total, 1000);
		assert_int_equal(pieces, 4);
		assert_int_equal(ln.no, 2);
		assert_false(ln.cut);
		assert_int_equal(ln.len, 5);
		assert_int_equal(lines_first_cut(l), 1);
		lines_free(l);
	}
	buf_free(&b);
}

static void
test_cut_keeps_utf8_whole(void **state)
{
	/* 255 ASCII bytes then "é": a cut at 256 would split it. */
	char d[300];
	struct src s;
	struct lines *l = lines_new(256);
	struct line ln;

	(void)state;
	memset(d, 'a', 255);
	memcpy(d + 255, "\xc3\xa9zzz\n", 6);
	s = (struct src){ d, 261, 0, 64, HOP_EOF };
	lines_start(l, pull, &s);
	assert_int_equal(lines_next(l, &ln), HOP_OK);
	assert_int_equal(ln.len, 255);
	assert_int_equal(lines_next(l, &ln), HOP_OK);
	assert_memory_equal(ln.p, "\xc3\xa9zzz", 5);
	lines_free(l);
}

static void
test_nul_and_invalid_bytes_pass(void **state)
{
	const char d[] = "a\0b\xff\xfe" "c\nnext\n";
	struct buf b;

	(void)state;
	buf_init(&b);
	read_all(d, sizeof(d) - 1, 3, 0, HOP_EOF, &b, NULL);
	assert_int_equal(b.len, strlen("1@0:") + 6 + 1 + strlen("2@7:next|"));
	assert_memory_equal(b.p + 4, "a\0b\xff\xfe" "c|", 7);
	buf_free(&b);
}

static void
test_utf16le_bom(void **state)
{
	/* BOM, "hé\r\n", "𝄞x" (a surrogate pair) without a line end. */
	const char d[] = "\xff\xfeh\0\xe9\0\r\0\n\0\x34\xd8\x1e\xdd" "x\0";
	enum lines_enc enc;
	struct buf b;

	(void)state;
	buf_init(&b);
	for (size_t blk = 1; blk < sizeof(d); blk++) {
		read_all(d, sizeof(d) - 1, blk, 0, HOP_EOF, &b, &enc);
		assert_int_equal(enc, LINES_UTF16LE);
		assert_string_equal(b.p,
		    "1@2:h\xc3\xa9|2@10:\xf0\x9d\x84\x9ex|");
	}
	buf_free(&b);
}

static void
test_utf16be_and_sniffed(void **state)
{
	const char be[] = "\xfe\xff\0o\0k\0\n";
	const char le[] = "a\0b\0\n\0c\0";
	enum lines_enc enc;
	struct buf b;

	(void)state;
	buf_init(&b);
	read_all(be, sizeof(be) - 1, 5, 0, HOP_EOF, &b, &enc);
	assert_int_equal(enc, LINES_UTF16BE);
	assert_string_equal(b.p, "1@2:ok|");
	read_all(le, sizeof(le) - 1, 5, 0, HOP_EOF, &b, &enc);
	assert_int_equal(enc, LINES_UTF16LE);
	assert_string_equal(b.p, "1@0:ab|2@6:c|");
	buf_free(&b);
}

static void
test_utf16_lone_surrogate_and_odd_byte(void **state)
{
	const char d[] = "\xff\xfe\x00\xd8" "a\0" "b";
	struct buf b;

	(void)state;
	buf_init(&b);
	read_all(d, sizeof(d) - 1, 64, 0, HOP_EOF, &b, NULL);
	assert_string_equal(b.p, "1@2:\xef\xbf\xbd" "a\xef\xbf\xbd|");
	buf_free(&b);
}

static void
test_utf8_bom_skipped(void **state)
{
	const char d[] = "\xef\xbb\xbfhello\n";
	enum lines_enc enc;
	struct buf b;

	(void)state;
	buf_init(&b);
	read_all(d, sizeof(d) - 1, 2, 0, HOP_EOF, &b, &enc);
	assert_int_equal(enc, LINES_UTF8_BOM);
	assert_string_equal(b.p, "1@3:hello|");
	buf_free(&b);
}

static void
test_failure_after_good_lines(void **state)
{
	const char d[] = "good\npartial";
	struct buf b;

	(void)state;
	buf_init(&b);
	assert_int_equal(read_all(d, sizeof(d) - 1, 4, 0, HOP_FAIL, &b,
	    NULL), HOP_FAIL);
	assert_string_equal(b.p, "1@0:good|2@5:partial|");
	buf_free(&b);
}

/*
 * A bound too small for one UTF-16 piece (found by fuzz_lines: the cut
 * fell before the line, read before the buffer and made no progress) is
 * raised to LINES_MAX_MIN; a surrogate pair at a cut stays whole.
 */
static void
test_tiny_bound_utf16(void **state)
{
	const char be[] = "\0 \0 \0";	/* the odd last byte: U+FFFD */
	const char pair[] = "\xff\xfe\x3d\xd8\x00\xde\x3d\xd8\x00\xde"
	    "\x3d\xd8\x00\xde\x3d\xd8\x00\xde";
	struct buf b;

	(void)state;
	buf_init(&b);
	for (size_t max = 1; max <= LINES_MAX_MIN; max++) {
		assert_int_equal(read_all(be, sizeof(be) - 1, 1, max, HOP_EOF,
		    &b, NULL), HOP_EOF);
		assert_string_equal(b.p, "1@0:  \xef\xbf\xbd|");
		assert_int_equal(read_all(pair, sizeof(pair) - 1, 3, max,
		    HOP_EOF, &b, NULL), HOP_EOF);
		/* U+1F600 four times; 16 bytes fit 10 raw: two pairs. */
		assert_string_equal(b.p, "1@2c:\xf0\x9f\x98\x80\xf0\x9f\x98\x80|"
		    "1@10c:\xf0\x9f\x98\x80\xf0\x9f\x98\x80|");
	}
	buf_free(&b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_lf_crlf_and_last_line),
		cmocka_unit_test(test_empty_and_lone_cr),
		cmocka_unit_test(test_long_line_cut),
		cmocka_unit_test(test_cut_keeps_utf8_whole),
		cmocka_unit_test(test_nul_and_invalid_bytes_pass),
		cmocka_unit_test(test_utf16le_bom),
		cmocka_unit_test(test_utf16be_and_sniffed),
		cmocka_unit_test(test_utf16_lone_surrogate_and_odd_byte),
		cmocka_unit_test(test_utf8_bom_skipped),
		cmocka_unit_test(test_failure_after_good_lines),
		cmocka_unit_test(test_tiny_bound_utf16),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
