/* SPDX-License-Identifier: MIT */
/*
 * test_profile.c - the reading profile (by name and by content), and what
 * image.c recognises as a disk image and names its host.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "image.h"
#include "profile.h"

/* Judge s[0..n) by content with the default profile. */
static const char *
judge(const void *s, size_t n)
{
	static struct profile *p;

	if (p == NULL)
		p = profile_new();
	return profile_by_content(p, s, n);
}

static void
test_content_skipped(void **state)
{
	unsigned char pe[256] = "MZ\x90";
	unsigned char zeros[4096] = { 0 };
	unsigned char mp4[32] = "\0\0\0\x20" "ftypisom";

	(void)state;
	pe[60] = 128;
	memcpy(pe + 128, "PE\0\0", 4);
	assert_string_equal(judge(pe, sizeof(pe)), "executable (PE)");
	assert_string_equal(judge("\x7f" "ELF\2\1\1", 7), "executable (ELF)");
	assert_string_equal(judge("\x89PNG\r\n\x1a\n....", 12),
	    "picture (PNG)");
	assert_string_equal(judge("SQLite format 3\0", 16),
	    "database (SQLite)");
	assert_string_equal(judge("regf\1\0\0\0", 8), "registry hive");
	assert_string_equal(judge(mp4, sizeof(mp4)),
	    "media (MP4, MOV, HEIC)");
	assert_string_equal(judge(zeros, sizeof(zeros)),
	    "binary, no text in its first bytes");
}

static void
test_content_read(void **state)
{
	static const char log[] =
	    "Mar  3 14:02:11 host sshd[1]: Accepted password for root\n";
	unsigned char utf16[1024];
	unsigned char mz_text[600];

	(void)state;
	assert_null(judge(log, sizeof(log) - 1));
	assert_null(judge("", 0));
	/* Text that starts like a magic number is still text. */
	assert_null(judge("regfile updated\n", 16));
	assert_null(judge("wakeup at 03:00\n", 16));
	assert_null(judge("RIFF parser started\n", 20));
	/* "MZ" without a PE header is not an executable. */
	memset(mz_text, 'a', sizeof(mz_text));
	memcpy(mz_text, "MZ", 2);
	assert_null(judge(mz_text, sizeof(mz_text)));
	/* UTF-16 text has NUL bytes but is text. */
	for (size_t i = 0; i < sizeof(utf16); i += 2) {
		utf16[i] = "2016-05-01 log line "[(i / 2) % 20];
		utf16[i + 1] = 0;
	}
	assert_null(judge(utf16, sizeof(utf16)));
}

static void
test_all_files(void **state)
{
	static const unsigned char elf[] = { 0x7f, 'E', 'L', 'F', 2, 1, 1 };
	struct profile *p = profile_new();

	(void)state;
	profile_all_files(p, true);
	assert_null(profile_by_content(p, elf, sizeof(elf)));
	assert_null(profile_by_content(NULL, elf, sizeof(elf)));
	profile_free(p);
	profile_free(NULL);
}

static void
test_globs(void **state)
{
	struct profile *p = profile_new();
	const char *why = NULL;

	(void)state;
	assert_int_equal(profile_by_name(p, "/var/log/x.exe", &why), 0);
	profile_exclude(p, "*.EXE");
	profile_exclude(p, "/Windows/WinSxS/*");
	profile_include(p, "keep.exe");
	assert_int_equal(profile_by_name(p, "/bin/tool.exe", &why), -1);
	assert_string_equal(why, "excluded by --exclude '*.EXE'");
	assert_int_equal(profile_by_name(p, "bin/keep.exe", &why), 1);
	assert_int_equal(profile_by_name(p,
	    "/Windows/WinSxS/amd64_x/setup.log", &why), -1);
	assert_string_equal(why, "excluded by --exclude 'Windows/WinSxS/*'");
	assert_int_equal(profile_by_name(p, "/Windows/Logs/setup.log", &why),
	    0);
	assert_int_equal(profile_by_name(p, NULL, &why), 0);
	assert_int_equal(profile_by_name(NULL, "x.exe", &why), 0);
	profile_free(p);
}

static void
test_image_sniff(void **state)
{
	unsigned char b[2048];

	(void)state;
	memset(b, 0, sizeof(b));
	assert_null(image_sniff(b, sizeof(b)));
	assert_string_equal(image_sniff((const unsigned char *)
	    "EVF\x09\x0d\x0a\xff\x00\x01", 9), "E01");
	memcpy(b + 1080, "\x53\xef", 2);
	assert_string_equal(image_sniff(b, sizeof(b)), "ext2/3/4");
	b[1024 + 0x4c] = 7;	/* no such revision: bytes, not ext */
	assert_null(image_sniff(b, sizeof(b)));
	memset(b, 0, sizeof(b));
	memcpy(b + 3, "NTFS    ", 8);
	assert_string_equal(image_sniff(b, sizeof(b)), "NTFS");
	memset(b, 0, sizeof(b));
	memcpy(b + 512, "EFI PART", 8);
	assert_string_equal(image_sniff(b, sizeof(b)), "GPT");
	/* An MBR: boot signature and one sane entry. */
	memset(b, 0, sizeof(b));
	b[510] = 0x55;
	b[511] = 0xaa;
	assert_null(image_sniff(b, sizeof(b)));
	b[446 + 4] = 0x83;
	b[446 + 8] = 0x00;
	b[446 + 9] = 0x08;
	b[446 + 12] = 0x00;
	b[446 + 13] = 0x40;
	assert_string_equal(image_sniff(b, sizeof(b)), "MBR");
	b[446] = 0x12;		/* not a boot flag */
	assert_null(image_sniff(b, sizeof(b)));
}

static void
test_image_host(void **state)
{
	static const char *const cases[][2] = {
		{ "cases/dc01.E01", "dc01" },
		{ "dc01.e01", "dc01" },
		{ "/x/web01.raw.001", "web01" },
		{ "sdb.img", "sdb" },
		{ "disk.vmdk", "disk" },
		{ "host.with.dots.dd", "host.with.dots" },
		{ "plain", "plain" },
		{ ".E01", ".E01" },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *h = image_host(cases[i][0]);

		assert_string_equal(h, cases[i][1]);
		free(h);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_content_skipped),
		cmocka_unit_test(test_content_read),
		cmocka_unit_test(test_all_files),
		cmocka_unit_test(test_globs),
		cmocka_unit_test(test_image_sniff),
		cmocka_unit_test(test_image_host),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
