/* SPDX-License-Identifier: MIT */
/*
 * main.c - subcommand dispatch, diagnostics on stderr, and the exit
 * status: 0 events found, 1 none, 2 an error.
 */
#include <sys/stat.h>

#include <archive.h>
#include <errno.h>
#include <malloc.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>
#include <yaml.h>

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include "cli.h"
#include "escape.h"
#include "gunzip.h"
#include "manifest.h"
#include "match.h"
#include "outfile.h"
#include "prefilter.h"
#include "progress.h"
#include "sigs.h"
#include "sigs_export.h"
#include "tz.h"
#include "walk.h"

enum {
	EXIT_FOUND = 0,
	EXIT_NONE = 1,
	EXIT_ERROR = 2
};

/* The whole command line, for the manifest. */
static int	  g_argc;
static char	**g_argv;

/* The diagnostic sink: stderr, one line each, counted, and kept in the
   manifest if there is one. */
struct diag_state {
	pthread_mutex_t	 lock;
	bool		 quiet;
	unsigned long	 errors;
	struct manifest	*manifest;
	struct progress	*progress;	/* cleared before a message */
};

static void
print_diag(void *arg, enum hop_sev sev, const char *prov, uint64_t line,
    const char *msg)
{
	struct diag_state *ds = arg;
	struct buf b;

	pthread_mutex_lock(&ds->lock);
	if (ds->manifest != NULL)
		manifest_diag(ds->manifest, sev, prov, line, msg);
	if (sev == HOP_SEV_ERROR)
		ds->errors++;
	if (sev == HOP_SEV_ERROR || !ds->quiet) {
		buf_init(&b);
		diag_line(&b, "hopscan: ", sev, prov, line, msg);
		progress_clear(ds->progress);
		fwrite(b.p, 1, b.len, stderr);
		buf_free(&b);
	}
	pthread_mutex_unlock(&ds->lock);
}

/* Files the profile passed over: counted, and listed in the manifest. */
struct skips {
	atomic_ulong	 n;
	struct manifest	*mf;
};

static void
on_skip(void *arg, const char *prov, const char *why)
{
	struct skips *sk = arg;

	atomic_fetch_add(&sk->n, 1);
	if (sk->mf != NULL)
		manifest_skip(sk->mf, prov, why);
}

/* Load every -s path, or the default pack.  NULL if none could be read. */
static struct sigset *
load_sigs(const char **paths, size_t npaths, const struct hop_diag *d)
{
	struct sigset *s = sigset_new();
	char *def = NULL;
	int any = 0;

	if (npaths == 0) {
		def = cli_sigdir_default();
		any = sigset_load(s, def, d) != HOP_FAIL;
	}
	for (size_t i = 0; i < npaths; i++)
		if (sigset_load(s, paths[i], d) != HOP_FAIL)
			any = 1;
	free(def);
	if (!any || sigset_count(s) == 0) {
		if (any)
			hop_diag(d, HOP_SEV_ERROR, NULL, 0, "no rules loaded");
		sigset_free(s);
		return NULL;
	}
	return s;
}

/* Load --tz and --tz-map.  Returns 0, or -1 after a message. */
static int
load_zones(const struct scan_cmd *c, const struct hop_diag *d,
    struct tz **tz, struct tzmap **map)
{
	char err[256];

	if (c->tz_name != NULL &&
	    (*tz = tz_load(c->tz_name, err, sizeof(err))) == NULL) {
		fprintf(stderr, "hopscan: --tz %s: %s\n", c->tz_name, err);
		return -1;
	}
	if (c->tzmap_path != NULL &&
	    (*map = tzmap_load(c->tzmap_path, d)) == NULL) {
		fprintf(stderr, "hopscan: --tz-map %s: not loaded\n",
		    c->tzmap_path);
		return -1;
	}
	return 0;
}

/*
 * Print t to f, hashed for the manifest mf if not NULL; returns 0 or -1
 * (errno set).
 */
static int
print_all(const struct scan_cmd *c, struct timeline *t, FILE *f,
    bool color, struct manifest *mf)
{
	FILE *out = mf != NULL ? manifest_tee(mf, f) : f;
	const struct event *e;
	struct printer *p;
	int r;

	if (out == NULL)
		return -1;
	p = printer_new(c->format, out, color);
	r = printer_begin(p);
	while (r == 0 && (e = timeline_next(t)) != NULL)
		r = printer_event(p, e);
	if (r == 0)
		r = printer_end(p);
	printer_free(p);
	if (out != f && fclose(out) != 0)
		r = -1;
	if (r == 0 && fflush(f) != 0)
		r = -1;
	return r;
}

/* The temporary output file, for the second-signal handler. */
static char		g_tmp[4096];
static volatile sig_atomic_t g_has_tmp;

/*
 * SIGINT, SIGTERM: the first asks the scan to stop and write what it has;
 * a second one ends the program at once, leaving no temporary file.
 */
static void
on_signal(int sig)
{
	if (hop_stop_requested() != 0) {
		if (g_has_tmp)
			unlink(g_tmp);
		_exit(128 + sig);
	}
	hop_stop_request(sig);
}

static void
catch_signals(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sa.sa_flags = SA_RESTART;
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
}

/* Write t to c->output (outfile.h: whole, or in place if not a file). */
static int
write_output(const struct scan_cmd *c, struct timeline *t,
    struct manifest *mf)
{
	struct outfile o;
	FILE *f = NULL;
	int r;

	if (outfile_open(&o, c->output) != -1 &&
	    (f = fdopen(o.fd, "w")) == NULL)
		close(o.fd);
	if (f == NULL) {
		fprintf(stderr, "hopscan: %s: %s\n", c->output, strerror(errno));
		(void)outfile_done(&o, c->output, false);
		return -1;
	}
	if (o.tmp != NULL && strlen(o.tmp) < sizeof(g_tmp)) {
		memcpy(g_tmp, o.tmp, strlen(o.tmp) + 1);
		g_has_tmp = 1;
	}
	r = print_all(c, t, f, false, mf);
	if (r == 0 && (fflush(f) != 0 || outfile_sync(&o) == -1))
		r = -1;
	if (fclose(f) != 0)
		r = -1;
	if (outfile_done(&o, c->output, r == 0) == -1) {
		fprintf(stderr, "hopscan: %s: %s\n", c->output, strerror(errno));
		r = -1;
	}
	g_has_tmp = 0;
	return r;
}

/* scan's done callback: each stream into the manifest. */
static void
stream_done(void *arg, size_t input, const struct stream_info *si)
{
	manifest_stream(arg, input, si);
}

static const char *
signal_name(int sig)
{
	return sig == SIGINT ? "SIGINT" : sig == SIGTERM ? "SIGTERM" :
	    "a signal";
}

/* Write the manifest, if asked for; returns rc, or EXIT_ERROR. */
static int
end_manifest(const struct scan_cmd *c, struct manifest *mf, size_t events,
    int rc)
{
	struct manifest_end e = { .output = c->output,
	    .format = print_format_name(c->format), .events = events,
	    .exit_status = rc, .signal = hop_stop_requested() };

	if (mf == NULL)
		return rc;
	if (manifest_write(mf, c->manifest, &e) == 0)
		return rc;
	fprintf(stderr, "hopscan: %s: %s\n", c->manifest, strerror(errno));
	return e.signal != 0 ? rc : EXIT_ERROR;
}

static int
cmd_scan(int argc, char **argv)
{
	struct diag_state ds = { PTHREAD_MUTEX_INITIALIZER, false, 0, NULL, NULL };
	struct hop_diag d = { print_diag, &ds };
	struct scan_counters counters = { 0 };
	struct scan_cmd c;
	struct sigset *sigs = NULL;
	struct matcher *m = NULL;
	struct walk *w = NULL;
	struct timeline *t = NULL;
	struct tz *tz = NULL;
	struct tzmap *map = NULL;
	struct manifest *mf = NULL;
	struct skips sk = { 0, NULL };
	int status, sig, rc = EXIT_ERROR;
	bool tty = isatty(STDOUT_FILENO);

	switch (cli_scan_parse(argc, argv, &c, stdout, stderr)) {
	case CLI_DONE:
		cli_scan_free(&c);
		return 0;
	case CLI_USAGE:
		cli_scan_free(&c);
		return EXIT_ERROR;
	case CLI_RUN:
		break;
	}
	catch_signals();
	ds.quiet = c.quiet;
	if (load_zones(&c, &d, &tz, &map) == -1) {
		cli_scan_free(&c);
		return EXIT_ERROR;
	}
	c.scan.clock.tz = tz;
	c.scan.clock.tzmap = map;
	if (!c.format_given)
		c.format = tty && c.output == NULL ? PRINT_TEXT : PRINT_JSONL;
	if (c.manifest != NULL) {
		ds.manifest = mf = manifest_new(g_argc, g_argv);
		c.scan.input.hash = true;
		c.scan.done = stream_done;
		c.scan.done_arg = mf;
	}
	if ((sigs = load_sigs(c.sigpaths, c.nsigpaths, &d)) == NULL ||
	    (m = matcher_new(sigs, c.match_limit, c.depth_limit, &d,
	    NULL)) == NULL || matcher_count(m) == 0)
		goto out;
	if (mf != NULL)
		manifest_sigs(mf, sigs);
	/* For the tests that compare the ways of matching. */
	if (getenv("HOPSCAN_NO_PREFILTER") != NULL)
		matcher_set_prefilter(m, PREFILTER_OFF);
	else if (getenv("HOPSCAN_PREFILTER_TABLE") != NULL)
		matcher_set_prefilter(m, PREFILTER_TABLE);
	w = walk_new(&d);
	for (size_t i = 0; i < c.npaths; i++)
		walk_add(w, c.paths[i]);
	if (c.shard_n > 0)
		walk_shard(w, c.shard_k, c.shard_n);
	if (c.progress > 0 || (c.progress < 0 && isatty(STDERR_FILENO))) {
		c.scan.counters = &counters;
		ds.progress = progress_start_walk(w, &counters, stderr,
		    isatty(STDERR_FILENO));
	}
	sk.mf = mf;
	c.scan.input.on_skip = on_skip;
	c.scan.input.skip_arg = &sk;
	t = scan_run(&c.scan, m, &c.filter, w, &d, &status);
	progress_stop(ds.progress);
	ds.progress = NULL;
	if (timeline_error(t) != 0)
		hop_diag(&d, HOP_SEV_WARNING, NULL, 0, "cannot spill events to "
		    "a temporary file (%s); kept in memory past --max-memory",
		    strerror(timeline_error(t)));
	if (sk.n > 0)
		hop_diag(&d, HOP_SEV_WARNING, NULL, 0, "%lu file%s skipped by "
		    "the profile (see --all-files, --include, --ads)",
		    (unsigned long)sk.n, sk.n == 1 ? "" : "s");
	if ((sig = hop_stop_requested()) != 0)
		hop_diag(&d, HOP_SEV_ERROR, NULL, 0, "interrupted by %s: the "
		    "timeline is incomplete; it holds the %zu events found "
		    "until then", signal_name(sig), timeline_count(t));
	if (c.output != NULL ? write_output(&c, t, mf) == -1 :
	    print_all(&c, t, stdout, tty && c.format == PRINT_TEXT &&
	    getenv("NO_COLOR") == NULL, mf) == -1) {
		if (c.output == NULL)
			fprintf(stderr, "hopscan: stdout: %s\n", strerror(errno));
	} else if (sig != 0)
		rc = 128 + sig;
	else if (ds.errors == 0)
		rc = timeline_count(t) > 0 ? EXIT_FOUND : EXIT_NONE;
	rc = end_manifest(&c, mf, timeline_count(t), rc);
out:
	if (m != NULL && matcher_count(m) == 0)
		fputs("hopscan: error: no usable rules\n", stderr);
	timeline_free(t);
	walk_free(w);
	matcher_free(m);
	sigset_free(sigs);
	tz_free(tz);
	tzmap_free(map);
	manifest_free(mf);
	cli_scan_free(&c);
	return rc;
}

/* Does rule tag t select tags of g: equal, or a dotted prefix? */
static bool
has_tag(const struct sig *g, const char *t)
{
	size_t n = strlen(t);

	for (size_t i = 0; i < g->tags.n; i++)
		if (strncasecmp(g->tags.v[i], t, n) == 0 &&
		    (g->tags.v[i][n] == '\0' || g->tags.v[i][n] == '.'))
			return true;
	return false;
}

static int
sigs_list(const struct sigs_cmd *c, const struct sigset *s)
{
	for (size_t i = 0; i < sigset_count(s); i++) {
		const struct sig *g = sigset_get(s, i);
		struct buf b;

		if (g->level < c->min_level || (c->tag != NULL &&
		    !has_tag(g, c->tag)))
			continue;
		buf_init(&b);
		for (size_t j = 0; j < g->tags.n; j++) {
			buf_adds(&b, j ? "," : "");
			escape_text(&b, g->tags.v[j], strlen(g->tags.v[j]), 0);
		}
		printf("%-44s %-13s %-48s %s\n", g->id,
		    sig_level_name(g->level), b.len ? buf_str(&b) : "-",
		    g->title);
		buf_free(&b);
	}
	return 0;
}

/* What one sample did to the rule under test. */
struct sample_run {
	const struct sig	*want;
	bool			 hit, limit;
};

static void
on_sample(void *arg, const struct sig *g, enum match_result r)
{
	struct sample_run *sr = arg;

	if (g != sr->want)
		return;
	if (r == MATCH_HIT)
		sr->hit = true;
	else
		sr->limit = true;
}

/* Run one sample; report and return 1 if it went wrong. */
static int
sigs_sample(const struct matcher *m, struct match_scratch *sc,
    const struct sig *g, const char *text, const struct field *f,
    size_t nf, bool want_hit, const char *what, size_t i)
{
	struct sample_run sr = { g, false, false };
	const char *fmt = f != NULL ? "evtx" :
	    g->formats.n > 0 ? g->formats.v[0] : "text";
	struct buf b;

	matcher_run(m, sc, text, strlen(text), fmt, f, nf, on_sample, &sr);
	if (sr.hit == want_hit && !sr.limit)
		return 0;
	buf_init(&b);
	escape_text(&b, text, strlen(text), 200);
	printf("%s:%lu: %s: tests.%s[%zu] %s: %s\n", g->file, g->line, g->id,
	    what, i, sr.limit ? "hit a match limit" : want_hit ?
	    "does not match" : "matches", buf_str(&b));
	buf_free(&b);
	return 1;
}

static int
sigs_test(const struct sigset *s, const struct matcher *m)
{
	struct match_scratch *sc = match_scratch_new(m);
	size_t passed = 0, failed = 0;

	for (size_t i = 0; i < sigset_count(s); i++) {
		const struct sig *g = sigset_get(s, i);
		int bad = 0;

		for (size_t j = 0; j < g->test_match.n; j++)
			bad |= sigs_sample(m, sc, g, g->test_match.v[j], NULL, 0,
			    true, "match", j);
		for (size_t j = 0; j < g->test_nomatch.n; j++)
			bad |= sigs_sample(m, sc, g, g->test_nomatch.v[j], NULL,
			    0, false, "nomatch", j);
		for (size_t j = 0; j < g->rec_match.n; j++)
			bad |= sigs_sample(m, sc, g, g->rec_match.v[j].text,
			    g->rec_match.v[j].fields, g->rec_match.v[j].nfields,
			    true, "match", g->test_match.n + j);
		for (size_t j = 0; j < g->rec_nomatch.n; j++)
			bad |= sigs_sample(m, sc, g, g->rec_nomatch.v[j].text,
			    g->rec_nomatch.v[j].fields,
			    g->rec_nomatch.v[j].nfields, false, "nomatch",
			    g->test_nomatch.n + j);
		if (bad)
			failed++;
		else
			passed++;
	}
	match_scratch_free(sc);
	printf("%zu passed, %zu failed\n", passed, failed);
	return failed > 0;
}

/* What the pack asks of every rule beyond what loading checks. */
static size_t
sigs_lint_rule(const struct sig *g, const struct hop_diag *d)
{
	static const char *const need[] = {
		"description", "ATT&CK technique tag (attack.tNNNN)",
		"references", "falsepositives", "tests.match sample",
		"tests.nomatch sample (a near miss)",
	};
	bool miss[] = {
		g->description == NULL, g->attack[0] == '\0',
		g->references.n == 0, g->falsepositives.n == 0,
		g->test_match.n + g->rec_match.n == 0,
		g->test_nomatch.n + g->rec_nomatch.n == 0,
	};
	size_t n = 0;

	for (size_t i = 0; i < sizeof(need) / sizeof(need[0]); i++)
		if (miss[i]) {
			hop_diag(d, HOP_SEV_WARNING, g->file, g->line,
			    "%s: has no %s", g->id, need[i]);
			n++;
		}
	for (size_t i = 0; i < g->tags.n; i++) {
		const char *t = g->tags.v[i];

		if (strspn(t, "abcdefghijklmnopqrstuvwxyz0123456789._-") !=
		    strlen(t) || strchr(t, '.') == NULL) {
			hop_diag(d, HOP_SEV_WARNING, g->file, g->line, "%s: tag "
			    "'%s' is not a lowercase namespace.name tag", g->id,
			    t);
			n++;
		}
	}
	return n;
}

static int
sigs_check(const struct sigset *s, const struct hop_diag *d,
    const struct diag_state *ds)
{
	size_t n = matcher_lint(s, d);

	for (size_t i = 0; i < sigset_count(s); i++)
		n += sigs_lint_rule(sigset_get(s, i), d);
	(void)sigs_note_unfiltered(s, d);	/* notes, not problems */
	printf("%zu rules checked, %zu problems\n", sigset_count(s),
	    n + ds->errors);
	return n + ds->errors > 0;
}

static int
cmd_sigs(int argc, char **argv)
{
	struct diag_state ds = { PTHREAD_MUTEX_INITIALIZER, false, 0, NULL, NULL };
	struct hop_diag d = { print_diag, &ds };
	struct sigs_cmd c;
	struct sigset *s;
	struct matcher *m = NULL;
	int rc = EXIT_ERROR;

	switch (cli_sigs_parse(argc, argv, &c, stdout, stderr)) {
	case CLI_DONE:
		return 0;
	case CLI_USAGE:
		cli_sigs_free(&c);
		return EXIT_ERROR;
	case CLI_RUN:
		break;
	}
	if ((s = load_sigs(c.sigpaths, c.nsigpaths, &d)) != NULL) {
		if (strcmp(c.action, "list") == 0)
			rc = sigs_list(&c, s);
		else if (strcmp(c.action, "check") == 0)
			rc = sigs_check(s, &d, &ds);
		else if (strcmp(c.action, "export") == 0)
			rc = sigs_export_patterns(s, c.portable, stdout, &d) < 0 ||
			    fflush(stdout) != 0 ? EXIT_ERROR : 0;
		else if ((m = matcher_new(s, 0, 0, &d, NULL)) != NULL)
			rc = sigs_test(s, m) || ds.errors > 0;
	}
	if (strcmp(c.action, "check") != 0 && ds.errors > 0)
		rc = EXIT_ERROR;
	matcher_free(m);
	sigset_free(s);
	cli_sigs_free(&c);
	return rc;
}

static int
cmd_version(void)
{
	char pcre[64];

	pcre2_config(PCRE2_CONFIG_VERSION, pcre);
	printf("hopscan %s\n%s, PCRE2 %s, libyaml %s", HOP_VERSION,
	    archive_version_details(), pcre, yaml_get_version_string());
	if (prefilter_lib_version() != NULL)
		printf(", Vectorscan %s", prefilter_lib_version());
	if (gunzip_lib_version() != NULL)
		printf(", %s", gunzip_lib_version());
	printf("\n");
	return 0;
}

int
main(int argc, char **argv)
{
	const char *cmd = argc > 1 ? argv[1] : NULL;

	g_argc = argc;
	g_argv = argv;

	/*
	 * libevtx allocates and frees for every XML node of every record:
	 * keep freed memory instead of trimming and re-mapping it.
	 */
	mallopt(M_TRIM_THRESHOLD, 64 << 20);
	mallopt(M_TOP_PAD, 16 << 20);
	mallopt(M_MMAP_THRESHOLD, 32 << 20);

	if (cmd == NULL) {
		cli_usage(stderr);
		return EXIT_ERROR;
	}
	if (strcmp(cmd, "-h") == 0 || strcmp(cmd, "--help") == 0 ||
	    strcmp(cmd, "help") == 0) {
		cli_usage(stdout);
		return 0;
	}
	if (strcmp(cmd, "version") == 0 || strcmp(cmd, "--version") == 0)
		return cmd_version();
	if (strcmp(cmd, "scan") == 0)
		return cmd_scan(argc - 1, argv + 1);
	if (strcmp(cmd, "sigs") == 0)
		return cmd_sigs(argc - 1, argv + 1);
	if (strcmp(cmd, "merge") == 0)
		return cli_merge_main(argc - 1, argv + 1);
	fprintf(stderr, "hopscan: unknown command '%s'\n", cmd);
	cli_usage(stderr);
	return EXIT_ERROR;
}
