/* SPDX-License-Identifier: MIT */
/*
 * cli_scan.c - options of "hopscan scan", the usage texts, and where the
 * default signature pack lives.
 */
#include <sys/stat.h>

#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "profile.h"
#include "timestamp.h"

#ifndef HOP_SIGDIR_INSTALLED
#define HOP_SIGDIR_INSTALLED "/usr/local/share/hopscan/signatures"
#endif

enum {
	OPT_SINCE = 256,
	OPT_UNTIL,
	OPT_MIN_LEVEL,
	OPT_TZ,
	OPT_MAX_DEPTH,
	OPT_MAX_LINE,
	OPT_TZ_MAP,
	OPT_HOST_FROM,
	OPT_MAX_MEMBERS,
	OPT_MAX_BYTES,
	OPT_MAX_RATIO,
	OPT_MAX_RECORDS,
	OPT_MATCH_LIMIT,
	OPT_DEPTH_LIMIT,
	OPT_MANIFEST,
	OPT_MAX_MEMORY,
	OPT_HOST,
	OPT_INCLUDE,
	OPT_EXCLUDE,
	OPT_ALL_FILES,
	OPT_ADS,
	OPT_DELETED,
	OPT_SHARD,
	OPT_PROGRESS,
	OPT_NO_PROGRESS
};

static const struct option scan_longopts[] = {
	{ "signatures",	required_argument, NULL, 's' },
	{ "output",	required_argument, NULL, 'o' },
	{ "format",	required_argument, NULL, 'f' },
	{ "since",	required_argument, NULL, OPT_SINCE },
	{ "until",	required_argument, NULL, OPT_UNTIL },
	{ "min-level",	required_argument, NULL, OPT_MIN_LEVEL },
	{ "tz",		required_argument, NULL, OPT_TZ },
	{ "tz-map",	required_argument, NULL, OPT_TZ_MAP },
	{ "host-from",	required_argument, NULL, OPT_HOST_FROM },
	{ "host",	required_argument, NULL, OPT_HOST },
	{ "include",	required_argument, NULL, OPT_INCLUDE },
	{ "exclude",	required_argument, NULL, OPT_EXCLUDE },
	{ "all-files",	no_argument,	   NULL, OPT_ALL_FILES },
	{ "ads",	no_argument,	   NULL, OPT_ADS },
	{ "deleted",	no_argument,	   NULL, OPT_DELETED },
	{ "threads",	required_argument, NULL, 'j' },
	{ "max-depth",	required_argument, NULL, OPT_MAX_DEPTH },
	{ "max-line",	required_argument, NULL, OPT_MAX_LINE },
	{ "max-members", required_argument, NULL, OPT_MAX_MEMBERS },
	{ "max-bytes",	required_argument, NULL, OPT_MAX_BYTES },
	{ "max-ratio",	required_argument, NULL, OPT_MAX_RATIO },
	{ "max-records", required_argument, NULL, OPT_MAX_RECORDS },
	{ "match-limit", required_argument, NULL, OPT_MATCH_LIMIT },
	{ "depth-limit", required_argument, NULL, OPT_DEPTH_LIMIT },
	{ "manifest",	required_argument, NULL, OPT_MANIFEST },
	{ "max-memory",	required_argument, NULL, OPT_MAX_MEMORY },
	{ "shard",	required_argument, NULL, OPT_SHARD },
	{ "progress",	no_argument,	   NULL, OPT_PROGRESS },
	{ "no-progress", no_argument,	   NULL, OPT_NO_PROGRESS },
	{ "quiet",	no_argument,	   NULL, 'q' },
	{ "help",	no_argument,	   NULL, 'h' },
	{ NULL, 0, NULL, 0 }
};

void
cli_usage(FILE *f)
{
	fputs("usage: hopscan scan [options] PATH...\n"
	    "       hopscan sigs list|test|check|export [-s PATH]\n"
	    "       hopscan merge [-o FILE] TIMELINE.jsonl...\n"
	    "       hopscan version\n"
	    "       hopscan --help | COMMAND --help\n"
	    "\n"
	    "Scan collected logs, archives, folders and disk images for\n"
	    "remote-access abuse and credential dumping; write one sorted UTC\n"
	    "timeline.\n"
	    "See hopscan(1).\n", f);
}

void
cli_scan_usage(FILE *f)
{
	fputs("usage: hopscan scan [options] PATH...\n"
	    "  -s, --signatures PATH  rule file or folder (repeatable;\n"
	    "                         default: the installed pack)\n"
	    "  -o, --output FILE      write the timeline to FILE (atomically)\n"
	    "      --manifest FILE    write the chain of custody (JSON, SHA-256)\n"
	    "  -f, --format FMT       text, csv or jsonl (default: text on a\n"
	    "                         terminal, else jsonl)\n"
	    "      --since TIME       only events at or after TIME (ISO 8601, UTC)\n"
	    "      --until TIME       only events at or before TIME\n"
	    "      --min-level LEVEL  informational, low, medium, high, critical\n"
	    "      --tz ZONE          zone of times that carry none: an IANA\n"
	    "                         name (Asia/Shanghai), UTC or +HH:MM\n"
	    "      --tz-map FILE      zones per host: lines 'host<TAB>zone'\n"
	    "      --host-from N      host = Nth path component under the root\n"
	    "      --host NAME        host of records that name none\n"
	    "      --include GLOB     read matching files whatever their content\n"
	    "      --exclude GLOB     do not read matching files\n"
	    "      --all-files        read every file, not only text-like ones\n"
	    "      --ads              disk images: read NTFS alternate data\n"
	    "                         streams too\n"
	    "      --deleted          disk images: read deleted files whose\n"
	    "                         content is still there\n"
	    "  -j, --threads N        worker threads (default: all cores)\n"
	    "      --max-depth N      open up to N levels of nested archives (8)\n"
	    "      --max-line BYTES   scan longer lines in pieces (1048576)\n"
	    "      --max-members N    members read per archive (1000000)\n"
	    "      --max-bytes SIZE   bytes decompressed per input (256G)\n"
	    "      --max-ratio N      decompressed : read per input (500)\n"
	    "      --max-records N    records read per log (1000000000)\n"
	    "      --max-memory SIZE  events held in memory; then spilled to\n"
	    "                         $TMPDIR (1G)\n"
	    "      --match-limit N    PCRE2 match limit per record (1000000)\n"
	    "      --depth-limit N    PCRE2 depth limit per record (10000)\n"
	    "                         (0 turns a --max limit off)\n"
	    "      --shard K/N        scan only share K of N of the files (for\n"
	    "                         hopscan merge; see hopscan(1))\n"
	    "      --progress         show progress on stderr even when it is\n"
	    "                         not a terminal\n"
	    "      --no-progress      never show progress\n"
	    "  -q, --quiet            do not print warnings\n"
	    "  -h, --help             show this help\n"
	    "Exit status: 0 events found, 1 none, 2 an error.\n", f);
}

/* Parse a whole decimal number in [lo, hi]; returns 0 or -1. */
static int
parse_num(const char *s, long lo, long hi, long *v)
{
	char *end;

	errno = 0;
	*v = strtol(s, &end, 10);
	if (errno != 0 || end == s || *end != '\0' || *v < lo || *v > hi)
		return -1;
	return 0;
}

/*
 * Parse a size: a whole number with an optional binary suffix K, M, G or
 * T (1K = 1024).  Returns 0 or -1.
 */
static int
parse_size(const char *s, uint64_t *v)
{
	static const char suf[] = "KMGT";
	const char *p;
	unsigned long long n;
	char *end;

	if (*s < '0' || *s > '9')
		return -1;
	errno = 0;
	n = strtoull(s, &end, 10);
	if (errno != 0 || end == s)
		return -1;
	if (*end != '\0') {
		if ((p = strchr(suf, *end & ~0x20)) == NULL || end[1] != '\0')
			return -1;
		for (int shift = 10 * (int)(p - suf + 1); shift > 0;
		    shift -= 10) {
			if (n > UINT64_MAX >> 10)
				return -1;
			n <<= 10;
		}
	}
	*v = n;
	return 0;
}

/* Parse "K/N" with 1 <= K <= N <= 1000000; returns 0 or -1. */
static int
parse_shard(const char *s, unsigned long *k, unsigned long *n)
{
	const char *slash = strchr(s, '/');
	char ks[16];
	long kv, nv;

	if (slash == NULL || (size_t)(slash - s) >= sizeof(ks))
		return -1;
	memcpy(ks, s, (size_t)(slash - s));
	ks[slash - s] = '\0';
	if (parse_num(ks, 1, 1000000, &kv) == -1 ||
	    parse_num(slash + 1, 1, 1000000, &nv) == -1 || kv > nv)
		return -1;
	*k = (unsigned long)kv;
	*n = (unsigned long)nv;
	return 0;
}

static int
default_threads(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);

	return n < 1 ? 1 : n > 256 ? 256 : (int)n;
}

static void
scan_defaults(struct scan_cmd *c)
{
	struct timespec now;

	memset(c, 0, sizeof(*c));
	c->scan.input.max_depth = INPUT_MAX_DEPTH_DEFAULT;
	c->scan.input.max_members = INPUT_MAX_MEMBERS_DEFAULT;
	c->scan.input.max_bytes = INPUT_MAX_BYTES_DEFAULT;
	c->scan.input.max_ratio = INPUT_MAX_RATIO_DEFAULT;
	/* For the tests that compare the ways of inflating. */
	c->scan.input.zlib = getenv("HOPSCAN_ZLIB") != NULL;
	c->scan.max_records = SCAN_MAX_RECORDS_DEFAULT;
	c->scan.max_memory = SCAN_MAX_MEMORY_DEFAULT;
	c->scan.threads = default_threads();
	clock_gettime(CLOCK_REALTIME, &now);
	c->scan.now_us = (int64_t)now.tv_sec * TS_US_PER_SEC +
	    now.tv_nsec / 1000;
	c->filter.min_level = SIG_INFORMATIONAL;
	c->profile = profile_new();
	c->scan.input.profile = c->profile;
	c->progress = -1;
}

/* Apply one option; returns 0 or -1 after a message on err. */
static int
scan_option(struct scan_cmd *c, int ch, const char *arg, FILE *err)
{
	uint64_t u;
	long v;

	switch (ch) {
	case 's':
		c->sigpaths = xreallocarray(c->sigpaths, c->nsigpaths + 1,
		    sizeof(*c->sigpaths));
		c->sigpaths[c->nsigpaths++] = arg;
		return 0;
	case 'o':
		c->output = arg;
		return 0;
	case 'f':
		c->format_given = true;
		if (print_format_parse(arg, &c->format) == 0)
			return 0;
		fprintf(err, "hopscan: unknown format '%s' (text, csv, jsonl)\n",
		    arg);
		return -1;
	case OPT_SINCE:
	case OPT_UNTIL:
		if (ts_parse_user(arg, ch == OPT_SINCE ? &c->filter.since_us :
		    &c->filter.until_us) == 0) {
			if (ch == OPT_SINCE)
				c->filter.has_since = true;
			else
				c->filter.has_until = true;
			return 0;
		}
		fprintf(err, "hopscan: bad time '%s' (use ISO 8601, e.g. "
		    "2014-11-03 or 2014-11-03T02:14:07Z)\n", arg);
		return -1;
	case OPT_MIN_LEVEL:
		if (sig_level_parse(arg, &c->filter.min_level) == 0)
			return 0;
		fprintf(err, "hopscan: unknown level '%s'\n", arg);
		return -1;
	case OPT_TZ:
		c->tz_name = arg;
		return 0;
	case OPT_TZ_MAP:
		c->tzmap_path = arg;
		return 0;
	case OPT_MANIFEST:
		c->manifest = arg;
		return 0;
	case OPT_MAX_MEMORY:
		if (parse_size(arg, &u) == 0 && u <= SIZE_MAX) {
			c->scan.max_memory = (size_t)u;
			return 0;
		}
		fprintf(err, "hopscan: bad size '%s' (a number, with K, M, G "
		    "or T for KiB ... TiB)\n", arg);
		return -1;
	case OPT_MAX_BYTES:
		if (parse_size(arg, &c->scan.input.max_bytes) == 0)
			return 0;
		fprintf(err, "hopscan: bad size '%s' (a number, with K, M, G "
		    "or T for KiB ... TiB)\n", arg);
		return -1;
	case OPT_MAX_MEMBERS:
	case OPT_MAX_RATIO:
	case OPT_MAX_RECORDS:
	case OPT_MATCH_LIMIT:
	case OPT_DEPTH_LIMIT:
		if (parse_size(arg, &u) == -1 || strpbrk(arg, "KMGTkmgt") ||
		    ((ch == OPT_MAX_RATIO || ch == OPT_MATCH_LIMIT ||
		    ch == OPT_DEPTH_LIMIT) && u > UINT32_MAX) ||
		    ((ch == OPT_MATCH_LIMIT || ch == OPT_DEPTH_LIMIT) &&
		    u == 0)) {
			fprintf(err, "hopscan: bad number '%s'\n", arg);
			return -1;
		}
		if (ch == OPT_MAX_MEMBERS)
			c->scan.input.max_members = u;
		else if (ch == OPT_MAX_RATIO)
			c->scan.input.max_ratio = (uint32_t)u;
		else if (ch == OPT_MAX_RECORDS)
			c->scan.max_records = u;
		else if (ch == OPT_MATCH_LIMIT)
			c->match_limit = (uint32_t)u;
		else
			c->depth_limit = (uint32_t)u;
		return 0;
	case OPT_HOST:
		if (*arg == '\0') {
			fputs("hopscan: --host: empty name\n", err);
			return -1;
		}
		c->scan.host = arg;
		return 0;
	case OPT_INCLUDE:
		profile_include(c->profile, arg);
		return 0;
	case OPT_EXCLUDE:
		profile_exclude(c->profile, arg);
		return 0;
	case OPT_ALL_FILES:
		profile_all_files(c->profile, true);
		c->scan.input.image.all_files = true;
		return 0;
	case OPT_ADS:
		c->scan.input.image.ads = true;
		return 0;
	case OPT_DELETED:
		c->scan.input.image.deleted = true;
		return 0;
	case 'j':
	case OPT_MAX_DEPTH:
	case OPT_MAX_LINE:
	case OPT_HOST_FROM:
		if (ch == 'j' && parse_num(arg, 1, 256, &v) == 0)
			c->scan.threads = (int)v;
		else if (ch == OPT_HOST_FROM && parse_num(arg, 1, 64, &v) == 0)
			c->scan.host_from = (int)v;
		else if (ch == OPT_MAX_DEPTH && parse_num(arg, 0, 64, &v) == 0)
			c->scan.input.max_depth = (int)v;
		else if (ch == OPT_MAX_LINE &&
		    parse_num(arg, 256, 1L << 30, &v) == 0)
			c->scan.max_line = (size_t)v;
		else {
			fprintf(err, "hopscan: bad number '%s'\n", arg);
			return -1;
		}
		return 0;
	case 'q':
		c->quiet = true;
		return 0;
	case OPT_PROGRESS:
	case OPT_NO_PROGRESS:
		c->progress = ch == OPT_PROGRESS;
		return 0;
	case OPT_SHARD:
		if (parse_shard(arg, &c->shard_k, &c->shard_n) == 0)
			return 0;
		fprintf(err, "hopscan: bad shard '%s' (K/N, 1 <= K <= N)\n",
		    arg);
		return -1;
	}
	return -1;
}

enum cli_result
cli_scan_parse(int argc, char **argv, struct scan_cmd *c, FILE *out,
    FILE *err)
{
	int ch;

	scan_defaults(c);
	optind = 1;
	opterr = 0;
	while ((ch = getopt_long(argc, argv, "s:o:f:j:qh", scan_longopts,
	    NULL)) != -1) {
		if (ch == 'h') {
			cli_scan_usage(out);
			return CLI_DONE;
		}
		if (ch == '?' || ch == ':') {
			fprintf(err, "hopscan: scan: bad or incomplete option "
			    "'%s'\n", argv[optind - 1]);
			cli_scan_usage(err);
			return CLI_USAGE;
		}
		if (scan_option(c, ch, optarg, err) == -1)
			return CLI_USAGE;
	}
	if (optind >= argc) {
		fputs("hopscan: scan: no PATH to scan\n", err);
		cli_scan_usage(err);
		return CLI_USAGE;
	}
	c->paths = argv + optind;
	c->npaths = (size_t)(argc - optind);
	return CLI_RUN;
}

void
cli_scan_free(struct scan_cmd *c)
{
	free(c->sigpaths);
	c->sigpaths = NULL;
	profile_free(c->profile);
	c->profile = NULL;
	c->scan.input.profile = NULL;
}

static int
is_dir(const char *p)
{
	struct stat st;

	return stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

char *
cli_sigdir_default(void)
{
	const char *env = getenv("HOPSCAN_SIGNATURES");
	char exe[PATH_MAX], *slash, *p;
	ssize_t n;

	if (env != NULL && *env != '\0')
		return xstrdup(env);
	n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (n > 0) {
		exe[n] = '\0';
		if ((slash = strrchr(exe, '/')) != NULL)
			*slash = '\0';
		p = xasprintf("%s/signatures", exe);
		if (is_dir(p))
			return p;
		free(p);
		p = xasprintf("%s/../share/hopscan/signatures", exe);
		if (is_dir(p))
			return p;
		free(p);
	}
	return xstrdup(HOP_SIGDIR_INSTALLED);
}
