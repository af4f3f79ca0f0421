/* SPDX-License-Identifier: MIT */
/*
 * profile.c - the default reading profile: text-like files are read;
 * executables, pictures, media, databases, dumps and bytes without text
 * are passed over, with a reason; --include, --exclude, --all-files.
 */
#include <fnmatch.h>
#include <stdlib.h>
#include <string.h>

#include "profile.h"

#define TEXT_RUN	8		/* printable characters that make text */
#define TEXT_MIN	512		/* shorter files are always read */

struct glob {
	char	*pat;
	char	*why;		/* "excluded by --exclude GLOB" */
};

struct profile {
	struct glob	*inc, *exc;
	size_t		 ninc, nexc;
	bool		 all;
};

struct profile *
profile_new(void)
{
	return xcalloc(1, sizeof(struct profile));
}

static void
globs_free(struct glob *g, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(g[i].pat);
		free(g[i].why);
	}
	free(g);
}

void
profile_free(struct profile *p)
{
	if (p == NULL)
		return;
	globs_free(p->inc, p->ninc);
	globs_free(p->exc, p->nexc);
	free(p);
}

static void
glob_add(struct glob **g, size_t *n, const char *pat, const char *opt)
{
	*g = xreallocarray(*g, *n + 1, sizeof(**g));
	while (*pat == '/')
		pat++;
	(*g)[*n].pat = xstrdup(pat);
	(*g)[*n].why = xasprintf("excluded by %s '%s'", opt, pat);
	(*n)++;
}

void
profile_include(struct profile *p, const char *glob)
{
	glob_add(&p->inc, &p->ninc, glob, "--include");
}

void
profile_exclude(struct profile *p, const char *glob)
{
	glob_add(&p->exc, &p->nexc, glob, "--exclude");
}

void
profile_all_files(struct profile *p, bool on)
{
	p->all = on;
}

/* The first glob of g[0..n) that path (base its last component) matches. */
static const struct glob *
glob_match(const struct glob *g, size_t n, const char *path,
    const char *base)
{
	for (size_t i = 0; i < n; i++)
		if (fnmatch(g[i].pat, strchr(g[i].pat, '/') != NULL ? path :
		    base, FNM_CASEFOLD) == 0)
			return &g[i];
	return NULL;
}

int
profile_by_name(const struct profile *p, const char *path, const char **why)
{
	const struct glob *g;
	const char *base;

	if (p == NULL || path == NULL || (p->ninc == 0 && p->nexc == 0))
		return 0;
	while (*path == '/')
		path++;
	base = strrchr(path, '/');
	base = base != NULL ? base + 1 : path;
	if (glob_match(p->inc, p->ninc, path, base) != NULL)
		return 1;
	if ((g = glob_match(p->exc, p->nexc, path, base)) != NULL) {
		*why = g->why;
		return -1;
	}
	return 0;
}

static int
has(const unsigned char *p, size_t n, size_t off, const char *magic,
    size_t len)
{
	return n >= off + len && memcmp(p + off, magic, len) == 0;
}

/* A Windows PE: "MZ" and "PE\0\0" where e_lfanew says. */
static int
is_pe(const unsigned char *p, size_t n)
{
	size_t off;

	if (!has(p, n, 0, "MZ", 2) || n < 64)
		return 0;
	off = p[60] | p[61] << 8 | (size_t)p[62] << 16 | (size_t)p[63] << 24;
	return has(p, n, off, "PE\0\0", 4);
}

static int
printable(unsigned char c)
{
	return (c >= 0x20 && c < 0x7f) || c == '\t';
}

/* A control byte (not tab or line end) in the first 1 KiB. */
static int
binary(const unsigned char *p, size_t n)
{
	for (size_t i = 0; i < n && i < 1024; i++)
		if ((p[i] < 0x20 && p[i] != '\t' && p[i] != '\n' &&
		    p[i] != '\r') || p[i] == 0x7f)
			return 1;
	return 0;
}

/* Is all of s[0..n) printable: a magic a text file could start with? */
static int
textual(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!printable((unsigned char)s[i]))
			return 0;
	return 1;
}

/* Is there a run of TEXT_RUN printable characters, 8-bit or UTF-16? */
static int
has_text(const unsigned char *p, size_t n)
{
	size_t run = 0, run16 = 0;

	for (size_t i = 0; i < n; i++) {
		run = printable(p[i]) ? run + 1 : 0;
		if (run >= TEXT_RUN)
			return 1;
	}
	for (size_t j = 0; j < 2; j++)
		for (size_t i = j; i + 1 < n; i += 2) {
			run16 = printable(p[i]) && p[i + 1] == 0 ? run16 + 1 :
			    0;
			if (run16 >= TEXT_RUN)
				return 1;
		}
	return 0;
}

const char *
profile_by_content(const struct profile *p, const unsigned char *h,
    size_t n)
{
	static const struct {
		size_t		 off;
		const char	*magic;
		size_t		 len;
		const char	*what;
	} tab[] = {
		{ 0, "\x7f" "ELF", 4, "executable (ELF)" },
		{ 0, "\xfe\xed\xfa\xce", 4, "executable (Mach-O)" },
		{ 0, "\xfe\xed\xfa\xcf", 4, "executable (Mach-O)" },
		{ 0, "\xce\xfa\xed\xfe", 4, "executable (Mach-O)" },
		{ 0, "\xcf\xfa\xed\xfe", 4, "executable (Mach-O)" },
		{ 0, "\xca\xfe\xba\xbe", 4, "executable (Mach-O or Java)" },
		{ 0, "dex\n", 4, "executable (Android dex)" },
		{ 0, "\x89PNG\r\n\x1a\n", 8, "picture (PNG)" },
		{ 0, "\xff\xd8\xff", 3, "picture (JPEG)" },
		{ 0, "GIF87a", 6, "picture (GIF)" },
		{ 0, "GIF89a", 6, "picture (GIF)" },
		{ 0, "II*\0", 4, "picture (TIFF)" },
		{ 0, "MM\0*", 4, "picture (TIFF)" },
		{ 8, "WEBP", 4, "picture (WebP)" },
		{ 0, "RIFF", 4, "media (RIFF: WAV, AVI)" },
		{ 0, "ID3", 3, "media (MP3)" },
		{ 0, "OggS", 4, "media (Ogg)" },
		{ 0, "fLaC", 4, "media (FLAC)" },
		{ 0, "\x1a\x45\xdf\xa3", 4, "media (Matroska, WebM)" },
		{ 4, "ftyp", 4, "media (MP4, MOV, HEIC)" },
		{ 0, "\x30\x26\xb2\x75\x8e\x66\xcf\x11", 8, "media (ASF, WMV)" },
		{ 0, "SQLite format 3", 16, "database (SQLite)" },
		{ 4, "\xef\xcd\xab\x89", 4,
		    "database (ESE: ntds.dit, SRUM, Windows Search)" },
		{ 0, "regf", 4, "registry hive" },
		{ 0, "%PDF-", 5, "document (PDF)" },
		{ 0, "\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", 8,
		    "document (OLE: Office 97-2003, MSI)" },
		{ 0, "MDMP", 4, "memory dump (minidump)" },
		{ 0, "PAGEDU64", 8, "memory dump (Windows crash dump)" },
		{ 0, "PAGEDUMP", 8, "memory dump (Windows crash dump)" },
		{ 0, "hibr", 4, "hibernation file" },
		{ 0, "HIBR", 4, "hibernation file" },
		{ 0, "wake", 4, "hibernation file" },
		{ 0, "MAM\x04", 4, "prefetch file" },
		{ 4, "SCCA", 4, "prefetch file" },
		{ 0, "L\0\0\0\x01\x14\x02\0", 8, "shortcut (.lnk)" },
		{ 0, "wOFF", 4, "font (WOFF)" },
		{ 0, "wOF2", 4, "font (WOFF2)" },
	};

	if (p == NULL || p->all)
		return NULL;
	if (is_pe(h, n))
		return "executable (PE)";
	for (size_t i = 0; i < sizeof(tab) / sizeof(tab[0]); i++)
		if (has(h, n, tab[i].off, tab[i].magic, tab[i].len) &&
		    (!textual(tab[i].magic, tab[i].len) || binary(h, n)))
			return tab[i].what;
	if (n >= TEXT_MIN && !has_text(h, n))
		return "binary, no text in its first bytes";
	return NULL;
}
