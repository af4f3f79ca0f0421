/* SPDX-License-Identifier: MIT */
/*
 * test_fvalue.c - EVTX values as text the way libevtx 20181227 writes
 * them (fvalue.h), quirks included, and the values left to libevtx.  The
 * expected texts are libevtx's, from its sources run on these bytes.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "escape.h"
#include "fvalue.h"

/* Format type t at p[0..n); NULL when left to libevtx. */
static const char *
fmt(struct buf *b, uint8_t t, const void *p, size_t n, bool escape)
{
	ssize_t k;

	buf_reset(b);
	k = fvalue_format(b, t, p, n, escape);
	if (k < 0) {
		assert_int_equal(b->len, 0);	/* nothing left behind */
		return (NULL);
	}
	return (buf_str(b));
}

#define EXPECT(t, bytes, want) do {					\
	static const uint8_t v_[] = bytes;				\
	const char *got_ = fmt(&b, (t), v_, sizeof(v_), false);	\
	assert_non_null(got_);						\
	assert_string_equal(got_, (want));				\
} while (0)

#define LEFT(t, bytes) do {						\
	static const uint8_t v_[] = bytes;				\
	assert_null(fmt(&b, (t), v_, sizeof(v_), false));		\
} while (0)

#define B(...)	{ __VA_ARGS__ }

static void
test_integers(void **state)
{
	struct buf b = { 0 };

	(void)state;
	EXPECT(0x08, B(0x39, 0x30, 0, 0), "12345");
	EXPECT(0x08, B(0x01, 0x02), "513");	/* the size decides */
	EXPECT(0x0a, B(0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff),
	    "18446744073709551615");
	/* Negative: a minus and the number without its sign bit. */
	EXPECT(0x07, B(0xff, 0xff, 0xff, 0xff), "-2147483647");
	EXPECT(0x07, B(0xfe, 0xff, 0xff, 0xff), "-2147483646");
	EXPECT(0x07, B(0x00, 0x00, 0x00, 0x80), "-2147483648");
	EXPECT(0x03, B(0xff), "-127");
	EXPECT(0x05, B(0xfe, 0xff), "-32766");
	EXPECT(0x07, B(0x05, 0, 0, 0), "5");
	/* Hexadecimal: every digit of the data's size, lower case. */
	EXPECT(0x14, B(0xab, 0, 0, 0), "0x000000ab");
	EXPECT(0x15, B(0x74, 0xd8, 0x58, 0, 0, 0, 0, 0),
	    "0x000000000058d874");
	EXPECT(0x15, B(0xbc, 0x0a, 0, 0), "0x00000abc");
	EXPECT(0x14, B(0xef, 0xcd, 0xab, 0, 0, 0, 0, 0),
	    "0x0000000000abcdef");
	EXPECT(0x10, B(7, 0, 0, 0, 0, 0, 0, 0), "7");
	EXPECT(0x0d, B(1, 0, 0, 0), "true");
	EXPECT(0x0d, B(0, 0, 0, 0), "false");
	LEFT(0x08, B(1, 2, 3));			/* libfvalue fails */
	LEFT(0x0b, B(0, 0, 0x80, 0x3f));	/* floats: left */
	buf_free(&b);
}

static void
test_others(void **state)
{
	struct buf b = { 0 };

	(void)state;
	EXPECT(0x0f, B(0x25, 0x96, 0x84, 0x54, 0x78, 0x54, 0x94, 0x49,
	    0xa5, 0xba, 0x3e, 0x3b, 0x03, 0x28, 0xc3, 0x0d),
	    "{54849625-5478-4994-A5BA-3E3B0328C30D}");
	LEFT(0x0f, B(1, 2, 3, 4));
	/* 2020-07-12T05:12:58.2959091Z */
	EXPECT(0x11, B(0xf3, 0x4f, 0x7b, 0x1b, 0x0b, 0x58, 0xd6, 0x01),
	    "2020-07-12T05:12:58.295909100Z");
	EXPECT(0x11, B(0, 0, 0, 0, 0, 0, 0, 0),
	    "1601-01-01T00:00:00.000000000Z");
	EXPECT(0x11, B(0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff),
	    "(0xffffffff 0xffffffff)");
	/* 2019-05-16 (a Thursday) 00:35:41.250 */
	EXPECT(0x12, B(0xe3, 0x07, 5, 0, 4, 0, 16, 0, 0, 0, 35, 0, 41, 0,
	    0xfa, 0), "2019-05-16T00:35:41.250Z");
	LEFT(0x12, B(0xe3, 0x07, 2, 0, 4, 0, 30, 0, 0, 0, 0, 0, 0, 0, 0, 0));
	EXPECT(0x13, B(1, 5, 0, 0, 0, 0, 0, 5, 21, 0, 0, 0, 0xfc, 0x89,
	    0xa6, 0x57, 0x2c, 0xbb, 0x01, 0xe0, 0x6f, 0x9c, 0x0e, 0xdf,
	    0xe9, 0x03, 0, 0), "S-1-5-21-1470532092-3758209836-3742276719-1001");
	EXPECT(0x13, B(1, 1, 0, 1, 0, 0, 0, 0, 7, 0, 0, 0),
	    "S-1-4294967296-7");		/* 48 bits, in decimal */
	LEFT(0x13, B(1, 2, 0, 0, 0, 0, 0, 5, 21, 0, 0, 0));
	EXPECT(0x0e, B(0x00, 0xab, 0x10), "00AB10");
	LEFT(0x02, B('a', 0));			/* ANSI: left */
	buf_free(&b);
}

static void
test_utf16(void **state)
{
	static const uint8_t s[] = { 'a', 0, '&', 0, '<', 0, 0xe9, 0,
	    0xac, 0x20, 0, 0, 'x', 0 };
	static const uint8_t surrogate[] = { 0x3d, 0xd8, 0x00, 0xde };
	static const uint8_t bom[] = { 0xff, 0xfe, 'a', 0 };
	struct buf b = { 0 };

	(void)state;
	/* Up to the first NUL; & < > escaped only when asked. */
	assert_string_equal(fmt(&b, 0x01, s, sizeof(s), false),
	    "a&<\xc3\xa9\xe2\x82\xac");
	assert_string_equal(fmt(&b, 0x01, s, sizeof(s), true),
	    "a&amp;&lt;\xc3\xa9\xe2\x82\xac");
	assert_int_equal(fvalue_format(&b, 0x01, s, sizeof(s), true), 8);
	assert_string_equal(fmt(&b, 0x01, s, 0, false), "");	/* no data */
	assert_null(fmt(&b, 0x01, s, 3, false));		/* odd */
	assert_null(fmt(&b, 0x01, surrogate, sizeof(surrogate), false));
	assert_null(fmt(&b, 0x01, bom, sizeof(bom), false));
	buf_free(&b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_integers),
		cmocka_unit_test(test_others),
		cmocka_unit_test(test_utf16),
	};

	return (cmocka_run_group_tests(tests, NULL, NULL));
}
