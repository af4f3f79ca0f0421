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
	/* Optional characters end a run; "+" keeps one. */
	assert_string_equal(lits("procdumpx?64\\.exe"), "procdump");
	assert_string_equal(lits("aaaa+bbbbb"), "bbbbb");
	/* Three bytes are enough; of equals, the first. */
	assert_string_equal(lits("(?i)\\bnet1?\\s+use"), "net");
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
	assert_string_equal(lits("lsass{0,1}\\.exe"), "lsas");
	/* A group the branch needs gives one literal per alternative, when
	   its shortest beats the longest run; nested groups too. */
	assert_string_equal(lits("(?i)\\b(?:sekurlsa::(?:msv|pth)|"
	    "lsadump::sam|privilege::debug)\\b"),
	    "sekurlsa::|lsadump::sam|privilege::debug");
	assert_string_equal(lits("\\breg(?:\\.exe)?\\s+(save|export)\\s"),
	    "save|export");
	assert_string_equal(lits("(?<n>mimikatz|kiwi_x)|(?P<m>gentilkiwi)"),
	    "mimikatz|kiwi_x|gentilkiwi");
	assert_string_equal(lits("(?:ab|abcdef)cdefgh"), "cdefgh");
	/* Not needed (optional, lookaround, an option setting), or an
	   alternative without a literal: no set from the group. */
	assert_string_equal(lits("x(?:mimikatz|kiwi_x)?y"), "");
	assert_string_equal(lits("x(?=mimikatz)y"), "");
	assert_string_equal(lits("(?:mimikatz|\\d+)"), "");
	assert_string_equal(lits("(?i)(?:mimikatz)+"), "mimikatz");
}

static void
test_scan(void **state)
{
	struct prefilter *p = prefilter_new();
	unsigned char mark[3];
	const char rec[] = "CommandLine: M.exe \"SEKURLSA::LogonPasswords\"";

	(void)state;
	prefilter_add(p, 0, "sekurlsa::", 10);
	prefilter_add(p, 1, "ntdsutil", 8);
	prefilter_add(p, 2, "mimikatz", 8);
	prefilter_add(p, 2, "logonpasswords", 14);
	assert_int_equal(prefilter_count(p), 4);
	memset(mark, 0, sizeof(mark));
	prefilter_scan(p, rec, sizeof(rec) - 1, mark);
	assert_int_equal(mark[0], 1);
	assert_int_equal(mark[1], 0);
	assert_int_equal(mark[2], 1);
	/* At the very end of the record, and cut one byte short. */
	memset(mark, 0, sizeof(mark));
	prefilter_scan(p, "x ntdsutil", 10, mark);
	assert_int_equal(mark[1], 1);
	memset(mark, 0, sizeof(mark));
	prefilter_scan(p, "x ntdsuti", 9, mark);
	assert_int_equal(mark[1], 0);
	prefilter_free(p);
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
