/* SPDX-License-Identifier: MIT */
/*
 * prov.c - provenance strings and the host names paths imply.
 */
#include <string.h>
#include <strings.h>

#include "hopscan.h"
#include "prov.h"

/* Extensions of single compressed streams, and what each leaves behind. */
static const struct {
	const char	*ext;
	const char	*repl;
} compress_ext[] = {
	{ ".tgz", ".tar" }, { ".tbz2", ".tar" }, { ".tbz", ".tar" },
	{ ".txz", ".tar" }, { ".tzst", ".tar" },
	{ ".gz", "" }, { ".bz2", "" }, { ".xz", "" }, { ".zst", "" },
	{ ".lz4", "" }, { ".lzma", "" }, { ".Z", "" },
};

/* Extensions of archives, stripped from host names. */
static const char *const archive_ext[] = {
	".tar", ".zip", ".7z", ".rar", ".cpio", ".iso", ".cab", ".xar",
};

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))

/* 1 if s[0..n) ends with ext, case-insensitively. */
static int
ends_with(const char *s, size_t n, const char *ext)
{
	size_t e = strlen(ext);

	return n > e && strncasecmp(s + n - e, ext, e) == 0;
}

char *
prov_join(const char *parent, const char *member)
{
	if (member == NULL)
		member = "";
	for (;;) {
		if (member[0] == '.' && member[1] == '/')
			member += 2;
		else if (member[0] == '/')
			member++;
		else
			break;
	}
	if (*member == '\0')
		member = "?";
	return xasprintf("%s!%s", parent, member);
}

char *
prov_host(const char *rel)
{
	return prov_host_n(rel, 1);
}

char *
prov_host_n(const char *rel, int comp)
{
	const char *p = rel;
	size_t n;
	int again = 1;

	for (int i = 1; i < comp; i++) {
		const char *next = p + strcspn(p, "/!");

		if (*next == '\0' || next[1] == '\0') {
			p = rel;
			break;
		}
		p = next + 1;
	}
	rel = p;
	n = strcspn(rel, "/!");

	while (again) {
		again = 0;
		for (size_t i = 0; i < NELEM(compress_ext); i++)
			if (ends_with(rel, n, compress_ext[i].ext)) {
				n -= strlen(compress_ext[i].ext);
				again = 1;
			}
		for (size_t i = 0; i < NELEM(archive_ext); i++)
			if (ends_with(rel, n, archive_ext[i])) {
				n -= strlen(archive_ext[i]);
				again = 1;
			}
	}
	return xstrndup(rel, n);
}

char *
prov_inner_name(const char *name)
{
	const char *base = strrchr(name, '/');
	const char *bang = strrchr(name, '!');
	size_t n;

	if (bang != NULL && (base == NULL || bang > base))
		base = bang;
	base = base != NULL ? base + 1 : name;
	n = strlen(base);
	for (size_t i = 0; i < NELEM(compress_ext); i++)
		if (ends_with(base, n, compress_ext[i].ext))
			return xasprintf("%.*s%s",
			    (int)(n - strlen(compress_ext[i].ext)), base,
			    compress_ext[i].repl);
	return xstrdup(base);
}
