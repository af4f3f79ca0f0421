/* SPDX-License-Identifier: MIT */
/*
 * walk.c - walk command-line paths and folders into a list of input files.
 */
#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "prov.h"
#include "walk.h"

struct walk {
	const struct hop_diag	*diag;
	struct walk_file	*files;
	size_t			 nfiles, cap;
};

/* The folders open on the way down, to detect loops. */
struct ancestor {
	dev_t			 dev;
	ino_t			 ino;
	const struct ancestor	*up;
};

/* What the walk is doing now: the root, to judge links and hosts. */
struct walk_root {
	const char	*path;		/* as given */
	char		*real;		/* realpath of the root folder */
	int		 status;	/* worst of HOP_OK, HOP_WARN */
};

struct walk *
walk_new(const struct hop_diag *d)
{
	struct walk *w = xcalloc(1, sizeof(*w));

	w->diag = d;
	return w;
}

void
walk_free(struct walk *w)
{
	if (w == NULL)
		return;
	for (size_t i = 0; i < w->nfiles; i++) {
		free(w->files[i].path);
		free(w->files[i].host);
		free(w->files[i].rel);
	}
	free(w->files);
	free(w);
}

size_t
walk_count(const struct walk *w)
{
	return w->nfiles;
}

const struct walk_file *
walk_get(const struct walk *w, size_t i)
{
	return i < w->nfiles ? &w->files[i] : NULL;
}

static void
add_file(struct walk *w, const char *path, const char *rel)
{
	if (w->nfiles == w->cap) {
		w->cap = w->cap ? w->cap * 2 : 64;
		w->files = xreallocarray(w->files, w->cap, sizeof(*w->files));
	}
	w->files[w->nfiles].path = xstrdup(path);
	w->files[w->nfiles].host = prov_host(rel);
	w->files[w->nfiles].rel = xstrdup(rel);
	w->nfiles++;
}

/* Describe a file type that is never opened, or NULL for files/dirs. */
static const char *
special_kind(mode_t m)
{
	if (S_ISFIFO(m))
		return "a FIFO";
	if (S_ISSOCK(m))
		return "a socket";
	if (S_ISCHR(m) || S_ISBLK(m))
		return "a device";
	if (S_ISREG(m) || S_ISDIR(m) || S_ISLNK(m))
		return NULL;
	return "not a regular file";
}

static int
cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Open folder path for reading without touching its atime. */
static DIR *
open_dir(const char *path)
{
	int flags = O_RDONLY | O_DIRECTORY | O_CLOEXEC;
	int fd = open(path, flags | O_NOATIME);
	DIR *dir;

	if (fd == -1 && errno == EPERM)
		fd = open(path, flags);
	if (fd == -1)
		return NULL;
	if ((dir = fdopendir(fd)) == NULL)
		close(fd);
	return dir;
}

/* The sorted entry names of folder path, or NULL (errno set). */
static char **
read_names(const char *path, size_t *n)
{
	DIR *dir = open_dir(path);
	struct dirent *de;
	char **names = NULL;
	size_t cap = 0;

	*n = 0;
	if (dir == NULL)
		return NULL;
	while ((de = readdir(dir)) != NULL) {
		if (strcmp(de->d_name, ".") == 0 ||
		    strcmp(de->d_name, "..") == 0)
			continue;
		if (*n == cap) {
			cap = cap ? cap * 2 : 32;
			names = xreallocarray(names, cap, sizeof(*names));
		}
		names[(*n)++] = xstrdup(de->d_name);
	}
	closedir(dir);
	if (*n > 1)
		qsort(names, *n, sizeof(*names), cmp_names);
	if (names == NULL)
		names = xcalloc(1, sizeof(*names));
	return names;
}

static void walk_dir(struct walk *, struct walk_root *, const char *,
    const char *, const struct ancestor *);

/* Report a link inside the tree that is not followed, if it matters. */
static void
walk_link(struct walk *w, struct walk_root *r, const char *path)
{
	char *real = realpath(path, NULL);
	size_t n = strlen(r->real);

	if (real == NULL) {
		hop_diag(w->diag, HOP_SEV_WARNING, path, 0,
		    errno == ELOOP ? "symbolic link loop; skipped" :
		    "dangling symbolic link; skipped");
		r->status = HOP_WARN;
		return;
	}
	if (strncmp(real, r->real, n) != 0 ||
	    (real[n] != '/' && real[n] != '\0' && strcmp(r->real, "/") != 0)) {
		hop_diag(w->diag, HOP_SEV_WARNING, path, 0,
		    "symbolic link leads out of the scanned tree; not followed");
		r->status = HOP_WARN;
	}
	free(real);
}

/* Visit one entry of a folder walk; rel is its path under the root. */
static void
walk_entry(struct walk *w, struct walk_root *r, const char *path,
    const char *rel, const struct ancestor *up)
{
	struct stat st;
	const char *kind;

	if (lstat(path, &st) == -1) {
		hop_diag(w->diag, HOP_SEV_ERROR, path, 0, "%s",
		    strerror(errno));
		r->status = HOP_WARN;
		return;
	}
	if ((kind = special_kind(st.st_mode)) != NULL) {
		hop_diag(w->diag, HOP_SEV_WARNING, path, 0,
		    "is %s; not opened", kind);
		r->status = HOP_WARN;
	} else if (S_ISLNK(st.st_mode))
		walk_link(w, r, path);
	else if (S_ISDIR(st.st_mode)) {
		for (const struct ancestor *a = up; a != NULL; a = a->up)
			if (a->dev == st.st_dev && a->ino == st.st_ino) {
				hop_diag(w->diag, HOP_SEV_WARNING, path, 0,
				    "folder loop; skipped");
				r->status = HOP_WARN;
				return;
			}
		struct ancestor me = { st.st_dev, st.st_ino, up };
		walk_dir(w, r, path, rel, &me);
	} else
		add_file(w, path, rel);
}

static void
walk_dir(struct walk *w, struct walk_root *r, const char *path,
    const char *rel, const struct ancestor *up)
{
	size_t n, plen = strlen(path);
	char **names = read_names(path, &n);

	if (names == NULL) {
		hop_diag(w->diag, HOP_SEV_ERROR, path, 0, "%s",
		    strerror(errno));
		r->status = HOP_WARN;
		return;
	}
	for (size_t i = 0; i < n; i++) {
		char *child = xasprintf("%s%s%s", path,
		    plen && path[plen - 1] == '/' ? "" : "/", names[i]);
		char *crel = rel == NULL ? xstrdup(names[i]) :
		    xasprintf("%s/%s", rel, names[i]);

		walk_entry(w, r, child, crel, up);
		free(child);
		free(crel);
		free(names[i]);
	}
	free(names);
}

/* The last component of path, ignoring trailing slashes. */
static char *
base_name(const char *path)
{
	size_t n = strlen(path);
	const char *b;

	while (n > 1 && path[n - 1] == '/')
		n--;
	for (b = path + n; b > path && b[-1] != '/'; b--)
		continue;
	return xstrndup(b, (size_t)(path + n - b));
}

int
walk_add(struct walk *w, const char *path)
{
	struct walk_root r = { path, NULL, HOP_OK };
	struct stat st;
	const char *kind;

	if (stat(path, &st) == -1) {
		hop_diag(w->diag, HOP_SEV_ERROR, path, 0, "%s",
		    strerror(errno));
		return HOP_FAIL;
	}
	if ((kind = special_kind(st.st_mode)) != NULL) {
		hop_diag(w->diag, HOP_SEV_ERROR, path, 0,
		    "is %s; not opened", kind);
		return HOP_FAIL;
	}
	if (!S_ISDIR(st.st_mode)) {
		char *base = base_name(path);

		add_file(w, path, base);
		free(base);
		return HOP_OK;
	}
	if ((r.real = realpath(path, NULL)) == NULL) {
		hop_diag(w->diag, HOP_SEV_ERROR, path, 0, "%s",
		    strerror(errno));
		return HOP_FAIL;
	}
	struct ancestor top = { st.st_dev, st.st_ino, NULL };
	walk_dir(w, &r, path, NULL, &top);
	free(r.real);
	return r.status;
}

/* FNV-1a, 64 bits. */
static uint64_t
fnv1a64(const char *s)
{
	uint64_t h = 0xcbf29ce484222325ULL;

	for (; *s != '\0'; s++)
		h = (h ^ (unsigned char)*s) * 0x100000001b3ULL;
	return h;
}

void
walk_shard(struct walk *w, unsigned long k, unsigned long n)
{
	size_t keep = 0;

	for (size_t i = 0; i < w->nfiles; i++) {
		if (fnv1a64(w->files[i].rel) % n == k - 1) {
			w->files[keep++] = w->files[i];
			continue;
		}
		free(w->files[i].path);
		free(w->files[i].host);
		free(w->files[i].rel);
	}
	w->nfiles = keep;
}
