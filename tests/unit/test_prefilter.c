/* SPDX-License-Identifier: MIT */
/*
 * test_prefilter.c - required literals of patterns, and the one-pass scan.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "prefilter.h"

/* The literals of pat joined with '|', or "" when there are none. */
static const char *
lits(const char *pat)
{
	static char out[PREFILTER_MAXALT * PREFILTER_MAXLIT];
	char l[PREFILTER_MAXALT][PREFILTER_MAXLIT];
	size_t len[PREFILTER_MAXALT], n;

	n = prefilter_literals(pat, l, len, PREFILTER_MAXALT);
	out[0] = '\0';
	for (size_t i = 0; i < n; i++) {
		if (i > 0)
			strcat(out, "|");
		strncat(out, l[i], len[i]);
	}
	return out;
}

static void
test_literals(void **state)
{
	(void)state;
	assert_string_equal(lits("(?i)sekurlsa::(logonpasswords|wdigest)"),
	    "sekurlsa::");
	assert_string_equal(lits("Accepted password for root"),
	    "accepted password for root");
	/* Of the candidates, the rarest in logs (by the frequency of their
	   bytes), then the fewer; of equals, the first.  "+" keeps one. */
	assert_string_equal(lits("procdumpx?64\\.exe"), "procdump");
	assert_string_equal(lits("aaaa+bbbbb"), "bbbbb");
	assert_string_equal(lits("(?i)\\bnet\\d+use"), "use");
	/* Escaped punctuation is literal; classes and groups break runs. */
	assert_string_equal(lits("C:\\\\Windows\\\\Temp[0-9]"),
	    "c:\\windows\\temp");
	assert_string_equal(lits("x(?:abc)?lsass\\.dmp"), "lsass.dmp");
	/* Top-level alternatives: one literal each, or none at all. */
	assert_string_equal(lits("(?i)\\bmimikatz\\b|gentilkiwi"),
	    "mimikatz|gentilkiwi");
	assert_string_equal(lits("mimikatz|\\d+"), "");
	/* Too short, or constructs the scanner does not follow. */
	assert_string_equal(lits("abc"), "abc");
	assert_string_equal(lits("ab"), "");
	assert_string_equal(lits("(?x) m i m i k a t z"), "");
	assert_string_equal(lits("\\Qmimikatz\\E"), "");
	assert_string_equal(lits("(*UTF)mimikatz"), "");
	assert_string_equal(lits("\\x41BCDEF"), "");
	/* A '{' that is no quantifier is a literal. */
	assert_string_equal(lits("a{b}cdef"), "a{b}cdef");
	assert_string_equal(lits("lsass{0,1}\\.exe"), "lsass.exe|lsas.exe");
	/* A group the branch needs gives one literal per alternative, when
	   they are rarer than the longest run; nested groups too. */
	assert_string_equal(lits("(?i)\\b(?:sekurlsa::(?:msv|pth)|"
	    "lsadump::sam|privilege::debug)\\b"),
	    "sekurlsa::|lsadump::sam|privilege::debug");
	assert_string_equal(lits("\\breg(?:\\.exe)?\\s+(save|export)\\d"),
	    "save|export");
	/* Literals are multiplied out along a branch: small groups, small
	   classes, optional items, \\s, exact repeats; the products of
	   too many strings end.  Assertions match no byte. */
	assert_string_equal(lits("(?i)\\bps(?:cp|ftp)\\b"), "pscp|psftp");
	assert_string_equal(lits("(?i)[\\\\/]wc\\b"), "/wc|\\wc");
	assert_string_equal(lits("(?i)[\\\\/]wce\\.exe\\b"), "wce.exe");
	assert_string_equal(lits("ab?cd"), "abcd|acd");
	assert_string_equal(lits("x?64\\.ex[eE]"), "64.exe");
	assert_string_equal(lits("(?i)(?:^|[\\s\"=])at\\s+\\\\"),
	    "at |at\t|at\n|at\v|at\f|at\r");
	assert_string_equal(lits("a\\\\{2}b"), "a\\\\b");
	assert_string_equal(lits("[ab][cd][ef]\\d"),
	    "ace|acf|ade|adf|bce|bcf|bde|bdf");
	assert_string_equal(lits("[a-z]bcd"), "bcd");
	assert_string_equal(lits("ab(?=c)de"), "abde");
	assert_string_equal(lits("ab\\tc|xyz"), "ab\tc|xyz");
	assert_string_equal(lits("(?<n>mimikatz|kiwi_x)|(?P<m>gentilkiwi)"),
	    "mimikatz|kiwi_x|gentilkiwi");
	assert_string_equal(lits("(?:ab|abcdef)cdefgh"), "cdefgh");
	/* Not needed (optional, lookaround, an option setting), or an
	   alternative without a literal: no set from the group. */
	assert_string_equal(lits("x(?:mimikatz|kiwi_x)?y"), "");
	assert_string_equal(lits("x(?=mimikatz)y"), "");
	assert_string_equal(lits("[^a]bc"), "");
	assert_string_equal(lits("[[:alpha:]]bc"), "");
	assert_string_equal(lits("(?:mimikatz|\\d+)"), "");
	assert_string_equal(lits("(?i)(?:mimikatz)+"), "mimikatz");
}

/* The one-pass scan, with the table or with Vectorscan (table = 0). */
static void
scan_with(int table)
{
	struct prefilter *p = prefilter_new();
	struct prefilter_scratch *s;
	unsigned char mark[3];
	const char rec[] = "CommandLine: M.exe \"SEKURLSA::LogonPasswords\"";

	prefilter_add(p, 0, "sekurlsa::", 10);
	prefilter_add(p, 1, "ntdsutil", 8);
	prefilter_add(p, 2, "mimikatz", 8);
	prefilter_add(p, 2, "logonpasswords", 14);
	assert_int_equal(prefilter_count(p), 4);
	if (table)
		prefilter_use_table(p);
	prefilter_ready(p);
	/* Built with Vectorscan, the fast path is Vectorscan's. */
	assert_string_equal(prefilter_engine(p), table ||
	    prefilter_lib_version() == NULL ? "table" : "vectorscan");
	s = prefilter_scratch_new(p);
	memset(mark, 0, sizeof(mark));
	prefilter_scan(p, s, rec, sizeof(rec) - 1, mark);
	assert_int_equal(mark[0], 1);
	assert_int_equal(mark[1], 0);
	assert_int_equal(mark[2], 1);
	/* At the very end of the record, and cut one byte short. */
	memset(mark, 0, sizeof(mark));
	prefilter_scan(p, s, "x ntdsutil", 10, mark);
	assert_int_equal(mark[1], 1);
	memset(mark, 0, sizeof(mark));
	prefilter_scan(p, s, "x ntdsuti", 9, mark);
	assert_int_equal(mark[1], 0);
	/* Bytes past the length are not read; NUL is a byte like others. */
	memset(mark, 0, sizeof(mark));
	prefilter_scan(p, s, "NTDSUTIL", 7, mark);
	assert_int_equal(mark[1], 0);
	memset(mark, 0, sizeof(mark));
	prefilter_scan(p, s, "\0mimiKATZ\0", 10, mark);
	assert_int_equal(mark[2], 1);
	/* Without a scratch, the table scans. */
	memset(mark, 0, sizeof(mark));
	prefilter_scan(p, NULL, rec, sizeof(rec) - 1, mark);
	assert_int_equal(mark[0] + mark[1] + mark[2], 2);
	prefilter_scratch_free(s);
	prefilter_free(p);
}

static void
test_scan(void **state)
{
	(void)state;
	scan_with(0);
	scan_with(1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_literals),
		cmocka_unit_test(test_scan),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
