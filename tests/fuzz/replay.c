/* SPDX-License-Identifier: MIT */
/*
 * replay.c - run a fuzz target once on each file named, or on each file
 * in each folder named, without libFuzzer: the normal builds (and
 * valgrind) replay the crashes the fuzzers found with it.
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "fuzz.h"

/* Run the target on the file path.  Returns 0, or 1 if it is unreadable. */
static int
replay_file(const char *path)
{
	FILE *fp;
	uint8_t *buf = NULL;
	size_t len = 0, cap = 0, got;

	if ((fp = fopen(path, "rb")) == NULL) {
		fprintf(stderr, "replay: %s: %s\n", path, strerror(errno));
		return 1;
	}
	do {
		if (len == cap) {
			cap = cap ? 2 * cap : 65536;
			if ((buf = realloc(buf, cap)) == NULL)
				abort();
		}
		got = fread(buf + len, 1, cap - len, fp);
		len += got;
	} while (got > 0);
	fclose(fp);
	/* Exactly len bytes, so that a read past them is caught. */
	if ((buf = realloc(buf, len ? len : 1)) == NULL)
		abort();
	fprintf(stderr, "replay: %s (%zu bytes)\n", path, len);
	LLVMFuzzerTestOneInput(buf, len);
	free(buf);
	return 0;
}

static int
cmp_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Replay every regular file of the folder dir, in name order. */
static int
replay_dir(const char *dir)
{
	DIR *dp;
	struct dirent *de;
	char **v = NULL;
	size_t n = 0;
	int rc = 0;

	if ((dp = opendir(dir)) == NULL) {
		fprintf(stderr, "replay: %s: %s\n", dir, strerror(errno));
		return 1;
	}
	while ((de = readdir(dp)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		if ((v = realloc(v, (n + 1) * sizeof(*v))) == NULL ||
		    (v[n] = malloc(strlen(dir) + strlen(de->d_name) + 2)) ==
		    NULL)
			abort();
		sprintf(v[n++], "%s/%s", dir, de->d_name);
	}
	closedir(dp);
	if (n > 0)
		qsort(v, n, sizeof(*v), cmp_name);
	for (size_t i = 0; i < n; i++) {
		rc |= replay_file(v[i]);
		free(v[i]);
	}
	free(v);
	return rc;
}

int
main(int argc, char **argv)
{
	struct stat sb;
	int rc = 0;

	LLVMFuzzerInitialize(&argc, &argv);
	for (int i = 1; i < argc; i++) {
		if (stat(argv[i], &sb) == 0 && S_ISDIR(sb.st_mode))
			rc |= replay_dir(argv[i]);
		else
			rc |= replay_file(argv[i]);
	}
	return rc;
}
