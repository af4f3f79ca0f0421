/* SPDX-License-Identifier: MIT */
/*
 * test_match.c - unit tests of the compiled signature set (match.c).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <sys/stat.h>

#include <ftw.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "hopscan.h"
#include "match.h"
#include "sigs.h"

/* One diagnostic as the test sink received it. */
struct diag {
	enum hop_sev	 sev;
	char		*prov;
	uint64_t	 line;
	char		*msg;
};

/* What the match callback was told, in order. */
struct report {
	char			id[64];
	enum match_result	r;
};

struct fixture {
	char			 dir[64];
	struct diag		 diag[16];
	size_t			 ndiag;
	struct hop_diag		 d;
	struct sigset		*set;
	struct matcher		*m;
	struct match_scratch	*sc;
	struct report		 rep[32];
	size_t			 nrep;
};

static void
sink(void *arg, enum hop_sev sev, const char *prov, uint64_t line,
    const char *msg)
{
	struct fixture *f = arg;

	if (f->ndiag == sizeof(f->diag) / sizeof(f->diag[0]))
		return;
	f->diag[f->ndiag].sev = sev;
	f->diag[f->ndiag].prov = prov ? xstrdup(prov) : NULL;
	f->diag[f->ndiag].line = line;
	f->diag[f->ndiag].msg = xstrdup(msg);
	f->ndiag++;
}

static void
on_match(void *arg, const struct sig *s, enum match_result r)
{
	struct fixture *f = arg;

	if (f->nrep == sizeof(f->rep) / sizeof(f->rep[0]))
		return;
	snprintf(f->rep[f->nrep].id, sizeof(f->rep[0].id), "%s", s->id);
	f->rep[f->nrep].r = r;
	f->nrep++;
}

static int
setup(void **state)
{
	struct fixture *f = xcalloc(1, sizeof(*f));

	strcpy(f->dir, "/tmp/hopscan-test-match-XXXXXX");
	if (mkdtemp(f->dir) == NULL)
		return -1;
	f->d.fn = sink;
	f->d.arg = f;
	f->set = sigset_new();
	*state = f;
	return 0;
}

static int
rm_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path);
}

static int
teardown(void **state)
{
	struct fixture *f = *state;

	nftw(f->dir, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
	for (size_t i = 0; i < f->ndiag; i++) {
		free(f->diag[i].prov);
		free(f->diag[i].msg);
	}
	match_scratch_free(f->sc);
	matcher_free(f->m);
	sigset_free(f->set);
	free(f);
	return 0;
}

/*
 * Load the rules of yaml (which must all be valid) and compile them with
 * match limit lim (0 = default).  Returns the number of rules left out.
 */
static size_t
compile(struct fixture *f, const char *yaml, uint32_t lim)
{
	char *path = xasprintf("%s/rules.yml", f->dir);
	FILE *fp = fopen(path, "wb");
	size_t nbad = 99;

	assert_non_null(fp);
	assert_int_equal(fputs(yaml, fp) >= 0, 1);
	assert_int_equal(fclose(fp), 0);
	assert_int_equal(sigset_load(f->set, path, &f->d), HOP_OK);
	free(path);
	f->m = matcher_new(f->set, lim, 0, &f->d, &nbad);
	assert_non_null(f->m);
	f->sc = match_scratch_new(f->m);
	assert_non_null(f->sc);
	return nbad;
}

/* Run the matcher on text[0..len); returns hits, reports in f->rep. */
static size_t
run(struct fixture *f, const char *text, size_t len, const char *format)
{
	f->nrep = 0;
	return matcher_run(f->m, f->sc, text, len, format, on_match, f);
}

/* Run on a NUL-terminated record; returns hits. */
static size_t
run_str(struct fixture *f, const char *text)
{
	return run(f, text, strlen(text), "text");
}

#define RULE(id, det) \
	"---\nid: " id "\ntitle: " id "\nlevel: low\ndetection: " det "\n"

static void
test_all(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(compile(f, RULE("r-all", "{all: [alpha, beta]}"), 0),
	    0);
	assert_int_equal(matcher_count(f->m), 1);
	assert_int_equal(run_str(f, "beta then alpha"), 1);
	assert_int_equal(f->nrep, 1);
	assert_string_equal(f->rep[0].id, "r-all");
	assert_int_equal(f->rep[0].r, MATCH_HIT);
	assert_int_equal(run_str(f, "alpha only"), 0);
	assert_int_equal(f->nrep, 0);
	assert_int_equal(run_str(f, "beta only"), 0);
	assert_int_equal(run_str(f, ""), 0);
}

static void
test_any(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(compile(f,
	    RULE("r-any", "{any: [teamviewer, anydesk]}")
	    RULE("r-all-any", "{pattern: session, any: [incoming, accepted]}"),
	    0), 0);
	assert_int_equal(run_str(f, "AnyDesk anydesk"), 1);
	assert_string_equal(f->rep[0].id, "r-any");
	assert_int_equal(run_str(f, "teamviewer incoming session"), 2);
	assert_string_equal(f->rep[0].id, "r-any");
	assert_string_equal(f->rep[1].id, "r-all-any");
	assert_int_equal(run_str(f, "session closed"), 0);
	assert_int_equal(run_str(f, "incoming connection"), 0);
}

static void
test_none(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(compile(f,
	    RULE("r-none", "{pattern: 'psexesvc', none: ['\\\\system32\\\\', "
	    "'approved']}"), 0), 0);
	assert_int_equal(run_str(f, "C:\\Windows\\psexesvc.exe"), 1);
	assert_int_equal(run_str(f,
	    "C:\\Windows\\system32\\psexesvc.exe"), 0);
	assert_int_equal(run_str(f, "psexesvc approved by change 42"), 0);
	assert_int_equal(run_str(f, "PSEXESVC"), 0);	/* case matters */
}

static void
test_case_insensitive(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(compile(f,
	    RULE("r-ci", "{pattern: '(?i)sekurlsa::logonpasswords'}")
	    RULE("r-cs", "{pattern: 'sekurlsa::logonpasswords'}"), 0), 0);
	assert_int_equal(run_str(f, "SekurLSA::LogonPasswords"), 1);
	assert_string_equal(f->rep[0].id, "r-ci");
	assert_int_equal(run_str(f, "sekurlsa::logonpasswords"), 2);
}

static void
test_binary_subject(void **state)
{
	struct fixture *f = *state;
	/* A NUL, then invalid UTF-8, then the text to find. */
	static const char rec[] = "A\0B\xff\xfe\xc3( mimikatz\x80 sekurlsa::msv";

	assert_int_equal(compile(f,
	    RULE("r-tail", "{pattern: 'sekurlsa::msv$'}")
	    RULE("r-nul", "{pattern: 'A\\x00B'}")
	    RULE("r-bytes", "{pattern: '\\xff\\xfe'}")
	    RULE("r-utf", "{pattern: '(*UTF)mimikatz'}")
	    RULE("r-utf-dot", "{pattern: '(*UTF)mimikatz.'}"), 0), 0);
	assert_int_equal(matcher_count(f->m), 5);
	assert_int_equal(run(f, rec, sizeof(rec) - 1, "text"), 4);
	assert_string_equal(f->rep[0].id, "r-tail");
	assert_string_equal(f->rep[1].id, "r-nul");
	assert_string_equal(f->rep[2].id, "r-bytes");
	assert_string_equal(f->rep[3].id, "r-utf");
	/* In UTF mode an invalid byte matches nothing, not even a dot. */
	assert_int_equal(f->nrep, 4);
	/* The text after the NUL is seen only with the full length. */
	assert_int_equal(run(f, rec, 1, "text"), 0);
}

static void
test_formats(void **state)
{
	struct fixture *f = *state;
	const char *rec = "Accepted password for root";

	assert_int_equal(compile(f,
	    "id: r-syslog\ntitle: t\nlevel: low\n"
	    "logsource: {product: linux, formats: [syslog]}\n"
	    "detection: {pattern: 'Accepted password for root'}\n"
	    "---\nid: r-text\ntitle: t\nlevel: low\n"
	    "logsource: {formats: [text]}\n"
	    "detection: {pattern: 'Accepted password for root'}\n"
	    RULE("r-every", "{pattern: 'Accepted password'}"), 0), 0);
	assert_int_equal(run(f, rec, 26, "syslog"), 3);
	/* "text" is the family of every line-based format. */
	assert_int_equal(run(f, rec, 26, "text"), 2);
	assert_int_equal(run(f, rec, 26, "teamviewer"), 2);
	assert_string_equal(f->rep[0].id, "r-text");
	assert_int_equal(run(f, rec, 26, "evtx"), 1);
	assert_string_equal(f->rep[0].id, "r-every");
	assert_int_equal(run(f, rec, 26, NULL), 1);
	assert_string_equal(f->rep[0].id, "r-every");
}

static void
test_bad_regex(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(compile(f,
	    RULE("r-good", "{pattern: good}")
	    RULE("r-bad", "{all: [fine, 'a(b']}")
	    RULE("r-bad-none", "{pattern: x, none: ['[z-a]']}")
	    RULE("r-bad-c", "{pattern: 'a\\Cb'}"), 0), 3);
	assert_int_equal(matcher_count(f->m), 1);
	assert_int_equal(f->ndiag, 3);
	assert_int_equal(f->diag[0].sev, HOP_SEV_ERROR);
	assert_non_null(strstr(f->diag[0].prov, "/rules.yml"));
	assert_int_equal(f->diag[0].line, 7);
	assert_string_equal(f->diag[0].msg, "r-bad: detection.all[1] does not "
	    "compile: missing closing parenthesis at offset 3");
	assert_int_equal(f->diag[1].line, 12);
	assert_non_null(strstr(f->diag[1].msg,
	    "r-bad-none: detection.none[0] does not compile: "));
	assert_int_equal(f->diag[2].line, 17);
	assert_non_null(strstr(f->diag[2].msg, "r-bad-c: detection.all[0]"));
	/* The rules left out never match. */
	assert_int_equal(run_str(f, "good fine ab x a(b"), 1);
	assert_string_equal(f->rep[0].id, "r-good");
}

static double
seconds_since(const struct timespec *t0)
{
	struct timespec t1;

	clock_gettime(CLOCK_MONOTONIC, &t1);
	return (double)(t1.tv_sec - t0->tv_sec) +
	    (double)(t1.tv_nsec - t0->tv_nsec) / 1e9;
}

static void
test_catastrophic_backtracking(void **state)
{
	struct fixture *f = *state;
	static const char rec[] = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!";
	struct timespec t0;

	/* 40 a's: 2^40 paths without a limit, i.e. hours. */
	assert_int_equal(compile(f,
	    RULE("r-evil", "{pattern: '(a+)+$'}")
	    RULE("r-plain", "{pattern: 'a!'}")
	    RULE("r-evil-none", "{pattern: 'a', none: ['(a+)+$']}")
	    RULE("r-evil-all-no", "{all: ['(a+)+$', 'zzz']}")
	    RULE("r-evil-any-yes", "{any: ['(a+)+$', '!']}")
	    RULE("r-evil-any-no", "{any: ['(a+)+$', 'zzz']}"), 10000), 0);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	assert_int_equal(run(f, rec, sizeof(rec) - 1, "text"), 2);
	assert_true(seconds_since(&t0) < 0.5);
	assert_int_equal(f->nrep, 5);
	assert_string_equal(f->rep[0].id, "r-evil");
	assert_int_equal(f->rep[0].r, MATCH_LIMIT);
	assert_string_equal(f->rep[1].id, "r-plain");
	assert_int_equal(f->rep[1].r, MATCH_HIT);
	/* A none pattern that cannot be decided leaves the rule undecided. */
	assert_string_equal(f->rep[2].id, "r-evil-none");
	assert_int_equal(f->rep[2].r, MATCH_LIMIT);
	/* r-evil-all-no: another all pattern fails, so the rule is a no. */
	assert_string_equal(f->rep[3].id, "r-evil-any-yes");
	assert_int_equal(f->rep[3].r, MATCH_HIT);
	assert_string_equal(f->rep[4].id, "r-evil-any-no");
	assert_int_equal(f->rep[4].r, MATCH_LIMIT);
}

static void
test_default_limits(void **state)
{
	struct fixture *f = *state;
	char rec[4096];
	struct timespec t0;

	memset(rec, 'a', sizeof(rec) - 1);
	rec[sizeof(rec) - 1] = '!';
	assert_int_equal(compile(f, RULE("r-evil", "{pattern: '(a+)+$'}")
	    RULE("r-nested", "{pattern: '(x+x+)+\\d'}"), 0), 0);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	assert_int_equal(run(f, rec, sizeof(rec), "text"), 0);
	assert_int_equal(f->nrep, 1);
	assert_int_equal(f->rep[0].r, MATCH_LIMIT);
	memset(rec, 'x', sizeof(rec));
	assert_int_equal(run(f, rec, sizeof(rec), "text"), 0);
	assert_int_equal(f->nrep, 1);
	assert_string_equal(f->rep[0].id, "r-nested");
	assert_int_equal(f->rep[0].r, MATCH_LIMIT);
	assert_true(seconds_since(&t0) < 5.0);
}

/*
 * The limits given are the ones applied: "(a+)+$" on 12 a's and "!" needs
 * some 10^4 steps and on 20 a's some 10^6 (PCRE2 10.42, with or without
 * JIT), below PCRE2's own default of 10^7.
 */
static void
test_limit_is_applied(void **state)
{
	struct fixture *f = *state;
	static const char a12[] = "aaaaaaaaaaaa!", a20[] = "aaaaaaaaaaaaaaaaaaaa!";
	struct matcher *small;
	struct match_scratch *sc;

	assert_int_equal(compile(f, RULE("r-evil", "{pattern: '(a+)+$'}"), 0),
	    0);
	assert_int_equal(run(f, a12, sizeof(a12) - 1, "text"), 0);
	assert_int_equal(f->nrep, 0);		/* decided: no match */
	assert_int_equal(run(f, a20, sizeof(a20) - 1, "text"), 0);
	assert_int_equal(f->nrep, 1);		/* MATCH_LIMIT_DEFAULT */
	assert_int_equal(f->rep[0].r, MATCH_LIMIT);

	small = matcher_new(f->set, 1000, 0, &f->d, NULL);
	sc = match_scratch_new(small);
	f->nrep = 0;
	assert_int_equal(matcher_run(small, sc, a12, sizeof(a12) - 1, "text",
	    on_match, f), 0);
	assert_int_equal(f->nrep, 1);
	assert_int_equal(f->rep[0].r, MATCH_LIMIT);
	match_scratch_free(sc);
	matcher_free(small);
}

static void
test_no_callback(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(compile(f, RULE("r-1", "{pattern: one}")
	    RULE("r-2", "{any: [one, two]}"), 0), 0);
	assert_int_equal(matcher_run(f->m, f->sc, "one two", 7, "text", NULL,
	    NULL), 2);
	assert_int_equal(matcher_run(f->m, f->sc, NULL, 0, "text", NULL,
	    NULL), 0);
}

/* A thread's share of test_threads: run its own scratch many times. */
struct job {
	const struct matcher	*m;
	size_t			 hits;
};

static void *
job_run(void *arg)
{
	struct job *j = arg;
	struct match_scratch *sc = match_scratch_new(j->m);

	for (int i = 0; i < 2000; i++)
		j->hits += matcher_run(j->m, sc, "ntdsutil \"ac i ntds\" ifm",
		    24, "text", NULL, NULL);
	match_scratch_free(sc);
	return NULL;
}

static void
test_threads(void **state)
{
	struct fixture *f = *state;
	pthread_t t[4];
	struct job j[4];

	assert_int_equal(compile(f, RULE("r-ntds",
	    "{pattern: '(?i)ntdsutil.*\\bifm\\b'}"), 0), 0);
	for (int i = 0; i < 4; i++) {
		j[i].m = f->m;
		j[i].hits = 0;
		assert_int_equal(pthread_create(&t[i], NULL, job_run, &j[i]),
		    0);
	}
	for (int i = 0; i < 4; i++) {
		assert_int_equal(pthread_join(t[i], NULL), 0);
		assert_int_equal(j[i].hits, 2000);
	}
}

static void
test_empty_set(void **state)
{
	struct fixture *f = *state;
	size_t nbad = 99;

	f->m = matcher_new(f->set, 0, 0, &f->d, &nbad);
	assert_non_null(f->m);
	assert_int_equal(nbad, 0);
	assert_int_equal(matcher_count(f->m), 0);
	f->sc = match_scratch_new(f->m);
	assert_int_equal(run_str(f, "anything"), 0);
	assert_null(matcher_new(NULL, 0, 0, &f->d, &nbad));
	matcher_free(NULL);
	match_scratch_free(NULL);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)
		T(test_all),
		T(test_any),
		T(test_none),
		T(test_case_insensitive),
		T(test_binary_subject),
		T(test_formats),
		T(test_bad_regex),
		T(test_catastrophic_backtracking),
		T(test_default_limits),
		T(test_limit_is_applied),
		T(test_no_callback),
		T(test_threads),
		T(test_empty_set),
#undef T
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
