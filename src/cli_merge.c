/* SPDX-License-Identifier: MIT */
/*
 * cli_merge.c - "hopscan merge": options, and the run, kept apart from
 * main.c so that the command stands on its own: diagnostics on stderr,
 * the exit status of scan (0 events, 1 none, 2 an error).
 */
#include <sys/stat.h>

#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "escape.h"
#include "merge.h"
#include "outfile.h"

static const struct option merge_longopts[] = {
	{ "output",	required_argument, NULL, 'o' },
	{ "format",	required_argument, NULL, 'f' },
	{ "help",	no_argument,	   NULL, 'h' },
	{ NULL, 0, NULL, 0 }
};

void
cli_merge_usage(FILE *f)
{
	fputs("usage: hopscan merge [-o FILE] TIMELINE.jsonl...\n"
	    "  -o, --output FILE      write the timeline to FILE (atomically)\n"
	    "  -h, --help             show this help\n"
	    "Merge the sorted JSONL timelines of scan --shard runs into one,\n"
	    "byte for byte the JSONL of one scan of all the shards' inputs.\n"
	    "Exit status: 0 events, 1 none, 2 an error.\n", f);
}

/* The diagnostic sink of merge: stderr, errors counted. */
static void
merge_diag(void *arg, enum hop_sev sev, const char *prov, uint64_t line,
    const char *msg)
{
	unsigned long *errors = arg;
	struct buf b;

	if (sev == HOP_SEV_ERROR)
		(*errors)++;
	buf_init(&b);
	diag_line(&b, "hopscan: merge: ", sev, prov, line, msg);
	fwrite(b.p, 1, b.len, stderr);
	buf_free(&b);
}

/* Merge into output (outfile.h: whole, or in place if not a file). */
static int
merge_to_file(const char *output, const char *const *paths, size_t n,
    const struct hop_diag *d, uint64_t *nev)
{
	struct outfile o;
	FILE *f = NULL;
	int rc = HOP_FATAL;

	if (outfile_open(&o, output) != -1 && (f = fdopen(o.fd, "w")) == NULL)
		close(o.fd);
	if (f != NULL) {
		rc = merge_jsonl(paths, n, f, d, nev);
		if (rc == HOP_OK && (fflush(f) != 0 || outfile_sync(&o) == -1))
			rc = HOP_FATAL;
		if (fclose(f) != 0 && rc == HOP_OK)
			rc = HOP_FATAL;
	}
	if (outfile_done(&o, output, rc == HOP_OK) == -1 && rc == HOP_OK)
		rc = HOP_FATAL;
	if (rc == HOP_FATAL)
		fprintf(stderr, "hopscan: merge: %s: %s\n", output,
		    strerror(errno));
	return rc;
}

int
cli_merge_main(int argc, char **argv)
{
	unsigned long errors = 0;
	struct hop_diag d = { merge_diag, &errors };
	const char *output = NULL;
	uint64_t nev = 0;
	int ch, rc;

	optind = 1;
	opterr = 0;
	while ((ch = getopt_long(argc, argv, "o:f:h", merge_longopts, NULL)) !=
	    -1) {
		if (ch == 'h') {
			cli_merge_usage(stdout);
			return 0;
		}
		if (ch == 'f') {
			fputs("hopscan: merge: writes JSONL only; for CSV or "
			    "text, scan on one machine (see hopscan(1))\n",
			    stderr);
			return 2;
		}
		if (ch != 'o') {
			fprintf(stderr, "hopscan: merge: bad or incomplete "
			    "option '%s'\n", argv[optind - 1]);
			cli_merge_usage(stderr);
			return 2;
		}
		output = optarg;
	}
	if (optind >= argc) {
		fputs("hopscan: merge: no timeline to merge\n", stderr);
		cli_merge_usage(stderr);
		return 2;
	}
	if (output != NULL)
		rc = merge_to_file(output, (const char *const *)argv + optind,
		    (size_t)(argc - optind), &d, &nev);
	else {
		rc = merge_jsonl((const char *const *)argv + optind,
		    (size_t)(argc - optind), stdout, &d, &nev);
		if (rc == HOP_OK && fflush(stdout) != 0)
			rc = HOP_FATAL;
		if (rc == HOP_FATAL)
			fprintf(stderr, "hopscan: merge: stdout: %s\n",
			    strerror(errno));
	}
	if (rc != HOP_OK || errors > 0)
		return 2;
	return nev > 0 ? 0 : 1;
}
