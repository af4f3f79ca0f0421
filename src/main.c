/* SPDX-License-Identifier: MIT */
/*
 * main.c - subcommand dispatch, diagnostics on stderr, and the exit
 * status: 0 events found, 1 none, 2 an error.
 */
#include <sys/stat.h>

#include <archive.h>
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <yaml.h>

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include "cli.h"
#include "escape.h"
#include "match.h"
#include "sigs.h"
#include "tz.h"
#include "walk.h"

enum {
	EXIT_FOUND = 0,
	EXIT_NONE = 1,
	EXIT_ERROR = 2
};

/* The diagnostic sink: stderr, one line each, counted. */
struct diag_state {
	pthread_mutex_t	 lock;
	bool		 quiet;
	unsigned long	 errors;
};

static void
print_diag(void *arg, enum hop_sev sev, const char *prov, uint64_t line,
    const char *msg)
{
	struct diag_state *ds = arg;
	struct buf b;

	pthread_mutex_lock(&ds->lock);
	if (sev == HOP_SEV_ERROR)
		ds->errors++;
	if (sev == HOP_SEV_ERROR || !ds->quiet) {
		buf_init(&b);
		buf_adds(&b, "hopscan: ");
		if (prov != NULL) {
			escape_text(&b, prov, strlen(prov), 0);
			if (line > 0) {
				char n[32];

				snprintf(n, sizeof(n), ":%llu",
				    (unsigned long long)line);
				buf_adds(&b, n);
			}
			buf_adds(&b, ": ");
		}
		buf_adds(&b, sev == HOP_SEV_ERROR ? "error: " : "warning: ");
		escape_text(&b, msg, strlen(msg), 0);
		buf_addc(&b, '\n');
		fwrite(b.p, 1, b.len, stderr);
		buf_free(&b);
	}
	pthread_mutex_unlock(&ds->lock);
}

/* Load every -s path, or the default pack.  NULL if none could be read. */
static struct sigset *
load_sigs(const struct scan_cmd *c, const struct hop_diag *d)
{
	struct sigset *s = sigset_new();
	char *def = NULL;
	int any = 0;

	if (c->nsigpaths == 0) {
		def = cli_sigdir_default();
		any = sigset_load(s, def, d) != HOP_FAIL;
	}
	for (size_t i = 0; i < c->nsigpaths; i++)
		if (sigset_load(s, c->sigpaths[i], d) != HOP_FAIL)
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

/* Print t to f; returns 0 or -1 (errno set). */
static int
print_all(const struct scan_cmd *c, const struct timeline *t, FILE *f,
    bool color)
{
	struct printer *p = printer_new(c->format, f, color);
	int r = printer_begin(p);

	for (size_t i = 0; r == 0 && i < timeline_count(t); i++)
		r = printer_event(p, timeline_get(t, i));
	if (r == 0)
		r = printer_end(p);
	printer_free(p);
	if (r == 0 && fflush(f) != 0)
		r = -1;
	return r;
}

/* Write t to c->output through a temporary file renamed into place. */
static int
write_output(const struct scan_cmd *c, const struct timeline *t)
{
	char *tmp = xasprintf("%s.XXXXXX", c->output);
	int fd = mkstemp(tmp), r = -1;
	mode_t um = umask(0);
	FILE *f;

	umask(um);
	if (fd == -1 || fchmod(fd, 0666 & ~um) == -1 ||
	    (f = fdopen(fd, "w")) == NULL) {
		fprintf(stderr, "hopscan: %s: %s\n", c->output, strerror(errno));
		if (fd != -1) {
			close(fd);
			unlink(tmp);
		}
		free(tmp);
		return -1;
	}
	r = print_all(c, t, f, false);
	if (r == 0 && fsync(fileno(f)) == -1)
		r = -1;
	if (fclose(f) != 0)
		r = -1;
	if (r == 0 && rename(tmp, c->output) == -1)
		r = -1;
	if (r == -1) {
		fprintf(stderr, "hopscan: %s: %s\n", c->output, strerror(errno));
		unlink(tmp);
	}
	free(tmp);
	return r;
}

static int
cmd_scan(int argc, char **argv)
{
	struct diag_state ds = { PTHREAD_MUTEX_INITIALIZER, false, 0 };
	struct hop_diag d = { print_diag, &ds };
	struct scan_cmd c;
	struct sigset *sigs = NULL;
	struct matcher *m = NULL;
	struct walk *w = NULL;
	struct timeline *t = NULL;
	struct tz *tz = NULL;
	struct tzmap *map = NULL;
	int status, rc = EXIT_ERROR;
	bool tty = isatty(STDOUT_FILENO);

	switch (cli_scan_parse(argc, argv, &c, stdout, stderr)) {
	case CLI_DONE:
		return 0;
	case CLI_USAGE:
		cli_scan_free(&c);
		return EXIT_ERROR;
	case CLI_RUN:
		break;
	}
	ds.quiet = c.quiet;
	if (load_zones(&c, &d, &tz, &map) == -1) {
		cli_scan_free(&c);
		return EXIT_ERROR;
	}
	c.scan.clock.tz = tz;
	c.scan.clock.tzmap = map;
	if (!c.format_given)
		c.format = tty && c.output == NULL ? PRINT_TEXT : PRINT_JSONL;
	if ((sigs = load_sigs(&c, &d)) == NULL ||
	    (m = matcher_new(sigs, 0, 0, &d, NULL)) == NULL ||
	    matcher_count(m) == 0)
		goto out;
	w = walk_new(&d);
	for (size_t i = 0; i < c.npaths; i++)
		walk_add(w, c.paths[i]);
	t = scan_run(&c.scan, m, &c.filter, w, &d, &status);
	if (c.output != NULL ? write_output(&c, t) == -1 :
	    print_all(&c, t, stdout, tty && c.format == PRINT_TEXT &&
	    getenv("NO_COLOR") == NULL) == -1) {
		if (c.output == NULL)
			fprintf(stderr, "hopscan: stdout: %s\n", strerror(errno));
		goto out;
	}
	if (ds.errors == 0)
		rc = timeline_count(t) > 0 ? EXIT_FOUND : EXIT_NONE;
out:
	if (m != NULL && matcher_count(m) == 0)
		fputs("hopscan: error: no usable rules\n", stderr);
	timeline_free(t);
	walk_free(w);
	matcher_free(m);
	sigset_free(sigs);
	tz_free(tz);
	tzmap_free(map);
	cli_scan_free(&c);
	return rc;
}

static int
cmd_version(void)
{
	char pcre[64];

	pcre2_config(PCRE2_CONFIG_VERSION, pcre);
	printf("hopscan %s\n%s, PCRE2 %s, libyaml %s\n", HOP_VERSION,
	    archive_version_details(), pcre, yaml_get_version_string());
	return 0;
}

int
main(int argc, char **argv)
{
	const char *cmd = argc > 1 ? argv[1] : NULL;

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
	fprintf(stderr, "hopscan: unknown command '%s'\n", cmd);
	cli_usage(stderr);
	return EXIT_ERROR;
}
