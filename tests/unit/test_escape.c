/* SPDX-License-Identifier: MIT */
/*
 * test_escape.c - unit tests of struct buf and escape_text().
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "escape.h"

/* Escape s[0..n) with bound max; check the output and the cut flag. */
static void
check_n(const char *s, size_t n, size_t max, const char *want, int want_cut)
{
	struct buf b;
	int cut;

	buf_init(&b);
	cut = escape_text(&b, s, n, max);
	assert_string_equal(buf_str(&b), want);
	assert_int_equal(b.len, strlen(want));
	assert_int_equal(cut, want_cut);
	buf_free(&b);
}

/* check_n() on a NUL-terminated input without a bound. */
static void
check(const char *s, const char *want)
{
	check_n(s, strlen(s), 0, want, 0);
}

/*
 * 1 if s[0..n) is valid UTF-8 with no C0, DEL, C1 or escaped bidi/line
 * separator code point: what escape_text() promises.  Written apart from
 * escape.c on purpose (a decoder by masks, not by table 3-7 ranges).
 */
static int
is_safe_utf8(const char *str, size_t n)
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
		if (cp < 0x20 || (cp >= 0x7f && cp <= 0x9f) ||
		    cp == 0x2028 || cp == 0x2029 ||
		    (cp >= 0x202a && cp <= 0x202e) ||
		    (cp >= 0x2066 && cp <= 0x2069))
			return 0;
		i += len;
	}
	return 1;
}

static void
test_buf_basics(void **state)
{
	struct buf b;
	size_t i;

	(void)state;
	buf_init(&b);
	assert_string_equal(buf_str(&b), "");
	buf_adds(&b, "ab");
	buf_addc(&b, 'c');
	buf_add(&b, "dexx", 2);
	buf_add(&b, NULL, 0);
	assert_int_equal(b.len, 5);
	assert_string_equal(buf_str(&b), "abcde");
	buf_reset(&b);
	assert_int_equal(b.len, 0);
	assert_non_null(b.p);
	for (i = 0; i < 10000; i++)
		buf_addc(&b, (char)('a' + i % 26));
	assert_int_equal(b.len, 10000);
	assert_true(b.cap > b.len);
	assert_int_equal(buf_str(&b)[9999], 'a' + 9999 % 26);
	assert_int_equal(b.p[10000], '\0');
	buf_free(&b);
	assert_null(b.p);
	assert_int_equal(b.len, 0);
	buf_free(&b);		/* twice is harmless */
}

static void
test_plain_passes(void **state)
{
	(void)state;
	check("", "");
	check("Accepted password for root from 10.0.0.1 port 22",
	    "Accepted password for root from 10.0.0.1 port 22");
	check("C:\\Windows\\System32\\cmd.exe /c \"x\"",
	    "C:\\Windows\\System32\\cmd.exe /c \"x\"");
	check("caf\xc3\xa9 \xe6\x97\xa5\xe6\x9c\xac",
	    "caf\xc3\xa9 \xe6\x97\xa5\xe6\x9c\xac");
	check("nbsp\xc2\xa0!", "nbsp\xc2\xa0!");
	check("\xef\xbf\xbd", "\xef\xbf\xbd");	/* U+FFFD itself */
}

static void
test_terminal_escape(void **state)
{
	(void)state;
	check("\x1b[31mred\x1b[0m", "\\x1b[31mred\\x1b[0m");
	check("\x1b]0;title\x07", "\\x1b]0;title\\x07");
}

static void
test_c0_and_del(void **state)
{
	(void)state;
	check("a\r\nb", "a\\x0d\\x0ab");
	check("a\tb", "a\\tb");
	check("\x7f", "\\x7f");
	check("\x01\x1f", "\\x01\\x1f");
	check_n("a\0b", 3, 0, "a\\x00b", 0);
}

static void
test_c1(void **state)
{
	(void)state;
	check("\xc2\x9b" "31m", "\\xc2\\x9b31m");	/* CSI */
	check("\xc2\x80\xc2\x9f", "\\xc2\\x80\\xc2\\x9f");
	check("\xc2\x85", "\\xc2\\x85");		/* NEL */
}

static void
test_invalid_utf8(void **state)
{
	(void)state;
	/* Overlong forms. */
	check("\xc0\xaf", "\\xc0\\xaf");
	check("\xc1\xbf", "\\xc1\\xbf");
	check("\xe0\x80\xaf", "\\xe0\\x80\\xaf");
	check("\xf0\x80\x80\xaf", "\\xf0\\x80\\x80\\xaf");
	/* Surrogates, and the code points around them. */
	check("\xed\xa0\x80", "\\xed\\xa0\\x80");
	check("\xed\xbf\xbf", "\\xed\\xbf\\xbf");
	check("\xed\x9f\xbf", "\xed\x9f\xbf");
	check("\xee\x80\x80", "\xee\x80\x80");
	/* Above U+10FFFF, and U+10FFFF itself. */
	check("\xf4\x90\x80\x80", "\\xf4\\x90\\x80\\x80");
	check("\xf4\x8f\xbf\xbf", "\xf4\x8f\xbf\xbf");
	check("\xf5\x80\x80\x80", "\\xf5\\x80\\x80\\x80");
	check("\xff\xfe", "\\xff\\xfe");
	/* Stray continuation bytes. */
	check("a\x80z", "a\\x80z");
	/* A lead byte whose sequence is broken by ASCII. */
	check("\xe2\x82" "A", "\\xe2\\x82A");
}

static void
test_truncated_at_end(void **state)
{
	(void)state;
	check("a\xe2\x82", "a\\xe2\\x82");
	check("a\xf0\x9f\x98", "a\\xf0\\x9f\\x98");
	check("\xc3", "\\xc3");
	/* The sequence is complete in memory but not in the given length. */
	check_n("\xc3\xa9", 1, 0, "\\xc3", 0);
}

static void
test_emoji_passes(void **state)
{
	(void)state;
	check("\xf0\x9f\x98\x80 ok", "\xf0\x9f\x98\x80 ok");
	check("\xf0\x90\x80\x80", "\xf0\x90\x80\x80");		/* U+10000 */
}

static void
test_bidi_and_separators(void **state)
{
	(void)state;
	check("evil\xe2\x80\xaegnp.exe", "evil\\u{202e}gnp.exe");
	check("\xe2\x80\xa8\xe2\x80\xa9", "\\u{2028}\\u{2029}");
	check("\xe2\x80\xaa\xe2\x80\xab\xe2\x80\xac\xe2\x80\xad",
	    "\\u{202a}\\u{202b}\\u{202c}\\u{202d}");
	check("\xe2\x81\xa6\xe2\x81\xa9", "\\u{2066}\\u{2069}");
	/* Neighbours that are not controls pass. */
	check("\xe2\x80\xaf\xe2\x81\xa5\xe2\x80\xa7",
	    "\xe2\x80\xaf\xe2\x81\xa5\xe2\x80\xa7");
}

static void
test_bound_ascii(void **state)
{
	(void)state;
	check_n("abcdef", 6, 4, "abcd\xe2\x80\xa6", 1);
	check_n("abcdef", 6, 6, "abcdef", 0);
	check_n("abcdef", 6, 7, "abcdef", 0);
	check_n("abcdef", 6, 5, "abcde\xe2\x80\xa6", 1);
	check_n("abcdef", 6, 0, "abcdef", 0);
	check_n("", 0, 1, "", 0);
}

static void
test_bound_multibyte_edge(void **state)
{
	(void)state;
	/* é takes two bytes: never split. */
	check_n("ab\xc3\xa9", 4, 3, "ab\xe2\x80\xa6", 1);
	check_n("ab\xc3\xa9", 4, 4, "ab\xc3\xa9", 0);
	check_n("ab\xc3\xa9z", 5, 4, "ab\xc3\xa9\xe2\x80\xa6", 1);
	/* An emoji at the edge. */
	check_n("a\xf0\x9f\x98\x80", 5, 4, "a\xe2\x80\xa6", 1);
	check_n("a\xf0\x9f\x98\x80", 5, 2, "a\xe2\x80\xa6", 1);
	/* An escape is never cut either. */
	check_n("ab\x1b", 3, 5, "ab\xe2\x80\xa6", 1);
	check_n("ab\x1b", 3, 6, "ab\\x1b", 0);
	check_n("ab\xc2\x9b", 4, 9, "ab\xe2\x80\xa6", 1);
	check_n("ab\xc2\x9b", 4, 10, "ab\\xc2\\x9b", 0);
	check_n("\xe2\x80\xae", 3, 7, "\xe2\x80\xa6", 1);
	check_n("\xe2\x80\xae", 3, 8, "\\u{202e}", 0);
}

static void
test_appends(void **state)
{
	struct buf b;

	(void)state;
	buf_init(&b);
	buf_adds(&b, "prefix:");
	/* The bound counts this call's output only. */
	assert_int_equal(escape_text(&b, "abc", 3, 3), 0);
	assert_int_equal(escape_text(&b, "\t", 1, 0), 0);
	assert_string_equal(buf_str(&b), "prefix:abc\\t");
	buf_free(&b);
}

/* Random bytes from a fixed-seed generator. */
static uint32_t
lcg(uint32_t *x)
{
	*x = *x * 1103515245u + 12345u;
	return *x >> 16;
}

static void
test_random_bytes_are_safe(void **state)
{
	static const unsigned char pool[] = {
		0x00, 0x09, 0x0a, 0x0d, 0x1b, 0x41, 0x7f, 0x80, 0x9b, 0xa0,
		0xae, 0xbf, 0xc0, 0xc2, 0xc3, 0xe0, 0xe2, 0xed, 0xf0, 0xf4,
		0xf5, 0xff, 0x20, 0x81, 0xa9, 0x90, 0x8f,
	};
	unsigned char in[64];
	struct buf b;
	uint32_t seed = 42;
	size_t round, i, n, max;
	int cut;

	(void)state;
	buf_init(&b);
	for (round = 0; round < 20000; round++) {
		n = lcg(&seed) % sizeof(in);
		for (i = 0; i < n; i++)
			in[i] = pool[lcg(&seed) % sizeof(pool)];
		max = lcg(&seed) % 4 == 0 ? 0 : lcg(&seed) % 80 + 1;
		buf_reset(&b);
		cut = escape_text(&b, (const char *)in, n, max);
		assert_true(is_safe_utf8(b.p, b.len));
		if (max != 0)
			assert_true(b.len <= max + (cut ? 3 : 0));
		if (max == 0)
			assert_int_equal(cut, 0);
	}
	buf_free(&b);
}

static void
test_checker_rejects(void **state)
{
	/* The checker above must itself be able to fail. */
	(void)state;
	assert_false(is_safe_utf8("\x1b", 1));
	assert_false(is_safe_utf8("\xc0\xaf", 2));
	assert_false(is_safe_utf8("\xed\xa0\x80", 3));
	assert_false(is_safe_utf8("\xc2\x9b", 2));
	assert_false(is_safe_utf8("\xe2\x80\xae", 3));
	assert_false(is_safe_utf8("\xe2\x82", 2));
	assert_true(is_safe_utf8("\xf0\x9f\x98\x80", 4));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_buf_basics),
		cmocka_unit_test(test_plain_passes),
		cmocka_unit_test(test_terminal_escape),
		cmocka_unit_test(test_c0_and_del),
		cmocka_unit_test(test_c1),
		cmocka_unit_test(test_invalid_utf8),
		cmocka_unit_test(test_truncated_at_end),
		cmocka_unit_test(test_emoji_passes),
		cmocka_unit_test(test_bidi_and_separators),
		cmocka_unit_test(test_bound_ascii),
		cmocka_unit_test(test_bound_multibyte_edge),
		cmocka_unit_test(test_appends),
		cmocka_unit_test(test_random_bytes_are_safe),
		cmocka_unit_test(test_checker_rejects),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
