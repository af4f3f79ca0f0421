/* SPDX-License-Identifier: MIT */
/*
 * test_match.c - unit tests of the compiled signature set (match.c).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "timing.h"

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
	return matcher_run(f->m, f->sc, text, len, format, NULL, 0, on_match,
	    f);
}

/* Run on a NUL-terminated record; returns hits. */
static size_t
run_str(struct fixture *f, const char *text)
{
	return run(f, text, strlen(text), "text");
}

#define RULE(id, det) \
	"---\nid: " id "\ntitle: " id "\nlevel: low\ndetection: " det "\n"

/* A rule with a logsource: a mapping in flow style. */
#define SRULE(id, src, det) \
	"---\nid: " id "\ntitle: " id "\nlevel: low\nlogsource: " src \
	"\ndetection: " det "\n"

/* Number of fields in a record literal. */
#define NF(a)	(sizeof(a) / sizeof((a)[0]))

/* Run on an EVTX record: text and fields[0..n); returns hits. */
static size_t
run_rec(struct fixture *f, const char *text, const struct field *fields,
    size_t n)
{
	f->nrep = 0;
	return matcher_run(f->m, f->sc, text, strlen(text), "evtx", fields, n,
	    on_match, f);
}

/* Did the last run report rule id, with result r? */
static int
reported(const struct fixture *f, const char *id, enum match_result r)
{
	for (size_t i = 0; i < f->nrep; i++)
		if (strcmp(f->rep[i].id, id) == 0)
			return f->rep[i].r == r;
	return 0;
}

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

/*
 * Anchored patterns are skipped on records that start with a byte they
 * cannot start with (src/match.c, first_bytes): the same outcome as with
 * no prefilter, on records that start with each byte and with none.
 */
static void
test_anchored(void **state)
{
	struct fixture *f = *state;
	static const char *const subj[] = {
		"", "123\tx", "12\tx", "abc", "ABc", "   ", " ", "y", "xy",
		"secret s", "s secret", "q", "a\nz", "z", "\xc3\xa9",
		"\xc3", "\tbar", "barbaz", "baz", "7", "\n",
	};
	struct match_scratch *sc;
	struct matcher *off;
	struct report want[32];
	size_t nwant, hits;
	char rec[8];

	assert_int_equal(compile(f,
	    RULE("r-digits", "{pattern: '^\\d{3}\\t'}")
	    RULE("r-ci", "{pattern: '(?i)^ab'}")
	    RULE("r-blank", "{pattern: '^\\s*$'}")
	    RULE("r-alt", "{pattern: '^(?:x|)y'}")
	    RULE("r-look", "{pattern: '^(?=.*secret)s'}")
	    RULE("r-A", "{pattern: '\\Aq'}")
	    RULE("r-multi", "{pattern: '(?m)^z'}")
	    RULE("r-utf", "{pattern: '(*UTF)^\\x{e9}'}")
	    RULE("r-opt", "{all: ['^(?:\\tbar|bar)?baz', 'a']}")
	    RULE("r-none", "{pattern: 'b', none: ['^[0-9]']}"), 0), 0);
	off = matcher_new(f->set, 0, 0, &f->d, NULL);
	assert_non_null(off);
	matcher_set_prefilter(off, PREFILTER_OFF);
	sc = match_scratch_new(off);
	for (size_t i = 0; i < sizeof(subj) / sizeof(subj[0]); i++) {
		hits = run_str(f, subj[i]);
		nwant = f->nrep;
		memcpy(want, f->rep, sizeof(want));
		f->nrep = 0;
		assert_int_equal(matcher_run(off, sc, subj[i], strlen(subj[i]),
		    "text", NULL, 0, on_match, f), hits);
		assert_int_equal(f->nrep, nwant);
		assert_memory_equal(f->rep, want, nwant * sizeof(want[0]));
	}
	/* And every first byte, alone and followed by a match's tail. */
	for (int c = 0; c < 256; c++) {
		for (int tail = 0; tail < 2; tail++) {
			size_t len = 1;

			rec[0] = (char)c;
			if (tail)
				len += (size_t)snprintf(rec + 1, sizeof(rec) - 1,
				    "%s", "23\tbaz");
			hits = run(f, rec, len, "text");
			nwant = f->nrep;
			memcpy(want, f->rep, sizeof(want));
			f->nrep = 0;
			assert_int_equal(matcher_run(off, sc, rec, len, "text",
			    NULL, 0, on_match, f), hits);
			assert_int_equal(f->nrep, nwant);
			assert_memory_equal(f->rep, want,
			    nwant * sizeof(want[0]));
		}
	}
	/* The cases the filter must not lose. */
	assert_int_equal(run_str(f, "ABc"), 1);
	assert_string_equal(f->rep[0].id, "r-ci");
	assert_int_equal(run_str(f, "a\nz"), 1);
	assert_string_equal(f->rep[0].id, "r-multi");
	assert_int_equal(run_str(f, ""), 1);
	assert_string_equal(f->rep[0].id, "r-blank");
	assert_int_equal(run_str(f, "\xc3\xa9"), 1);
	assert_string_equal(f->rep[0].id, "r-utf");
	assert_int_equal(run_str(f, "123\tbaz"), 1);
	assert_string_equal(f->rep[0].id, "r-digits");
	assert_int_equal(run_str(f, "baz a"), 2);	/* r-opt, r-none */
	assert_int_equal(run_str(f, "9 b"), 0);
	match_scratch_free(sc);
	matcher_free(off);
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
	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t0);
	assert_int_equal(run(f, rec, sizeof(rec) - 1, "text"), 2);
	assert_true(cpu_since(&t0) < time_bound(0.5));
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
	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t0);
	assert_int_equal(run(f, rec, sizeof(rec), "text"), 0);
	assert_int_equal(f->nrep, 1);
	assert_int_equal(f->rep[0].r, MATCH_LIMIT);
	memset(rec, 'x', sizeof(rec));
	assert_int_equal(run(f, rec, sizeof(rec), "text"), 0);
	assert_int_equal(f->nrep, 1);
	assert_string_equal(f->rep[0].id, "r-nested");
	assert_int_equal(f->rep[0].r, MATCH_LIMIT);
	assert_true(cpu_since(&t0) < time_bound(5.0));
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
	    NULL, 0, on_match, f), 0);
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
	    0, NULL, NULL), 2);
	assert_int_equal(matcher_run(f->m, f->sc, NULL, 0, "text", NULL, 0,
	    NULL, NULL), 0);
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
		    24, "text", NULL, 0, NULL, NULL);
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

/* A Security 4688 record with a mimikatz command line. */
static const struct field rec4688[] = {
	{ "EventID", "4688" },
	{ "Channel", "Security" },
	{ "Provider", "Microsoft-Windows-Security-Auditing" },
	{ "Computer", "dc01.corp.example" },
	{ "NewProcessName", "C:\\Users\\a\\m.exe" },
	{ "CommandLine",
	    "m.exe \"privilege::debug\" \"SEKURLSA::logonpasswords\" exit" },
};
static const char text4688[] = "EventID=4688 Channel=Security "
    "CommandLine=m.exe \"privilege::debug\" \"SEKURLSA::logonpasswords\" exit";

static void
test_fields_equality(void **state)
{
	struct fixture *f = *state;
	const struct field upper[] = {
		{ "EVENTID", "4688" }, { "channel", "SECURITY" }
	};
	const struct field other[] = {
		{ "EventID", "4689" }, { "Channel", "Security" }
	};
	const struct field nochan[] = { { "EventID", "4688" } };

	assert_int_equal(compile(f,
	    RULE("r-eq", "{fields: {EventID: 4688, Channel: security}}"), 0),
	    0);
	assert_int_equal(run_rec(f, text4688, rec4688, NF(rec4688)), 1);
	assert_true(reported(f, "r-eq", MATCH_HIT));
	/* Names and values compare without regard to ASCII case. */
	assert_int_equal(run_rec(f, "x", upper, NF(upper)), 1);
	assert_int_equal(run_rec(f, "x", other, NF(other)), 0);
	assert_int_equal(f->nrep, 0);
	/* A record lacking a named field fails that condition. */
	assert_int_equal(run_rec(f, "EventID=4688 Channel=Security", nochan,
	    NF(nochan)), 0);
	/* A text line never satisfies a field condition, whatever it says. */
	assert_int_equal(run_str(f, "EventID=4688 Channel=Security"), 0);
	assert_int_equal(matcher_run(f->m, f->sc, "x", 1, "evtx", rec4688, 0,
	    on_match, f), 0);
}

static void
test_fields_numbers_lists(void **state)
{
	struct fixture *f = *state;
	struct field rec[] = { { "EventID", "10" }, { "GrantedAccess", "" } };
	static const char *const yes[] = { "0x1010", "0x1FFFFF", "0x143A" };
	static const char *const no[] = { "4112", "0x01010", "0x1010 ", "" };

	assert_int_equal(compile(f,
	    RULE("r-num", "{fields: {EventID: 10}}")
	    RULE("r-quoted", "{fields: {EventID: '10'}}")
	    RULE("r-list", "{fields: {GrantedAccess: [0x1010, 0x1410, "
	    "0x1438, 0x143a, 0x1fffff]}}")
	    RULE("r-lead", "{fields: {EventID: 010}}"), 0), 0);
	for (size_t i = 0; i < NF(yes); i++) {
		rec[1].value = yes[i];
		assert_int_equal(run_rec(f, "x", rec, NF(rec)), 3);
		assert_true(reported(f, "r-list", MATCH_HIT));
	}
	/* Values compare as written: not as numbers, not trimmed. */
	for (size_t i = 0; i < NF(no); i++) {
		rec[1].value = no[i];
		assert_int_equal(run_rec(f, "x", rec, NF(rec)), 2);
		assert_true(reported(f, "r-num", MATCH_HIT));
		assert_true(reported(f, "r-quoted", MATCH_HIT));
		assert_false(reported(f, "r-list", MATCH_HIT));
		assert_false(reported(f, "r-lead", MATCH_HIT));
	}
}

static void
test_fields_pattern(void **state)
{
	struct fixture *f = *state;
	const struct field sysmon1[] = {
		{ "EventID", "1" },
		{ "Image", "C:\\Windows\\System32\\cmd.exe" },
		{ "CommandLine", "cmd /c whoami" },
	};

	assert_int_equal(compile(f,
	    RULE("r-ci", "{fields: {CommandLine: {pattern: '(?i)sekurlsa::'}}}")
	    RULE("r-cs", "{fields: {CommandLine: {pattern: 'sekurlsa::'}}}")
	    RULE("r-anchor", "{fields: {CommandLine: {pattern: '^cmd /c'}}}")
	    RULE("r-image", "{fields: {Image: {pattern: "
	    "'(?i)\\\\cmd\\.exe$'}, EventID: [1, 4688]}}"), 0), 0);
	assert_int_equal(run_rec(f, text4688, rec4688, NF(rec4688)), 1);
	assert_true(reported(f, "r-ci", MATCH_HIT));
	/* The pattern sees the value alone: ^ is the start of the value. */
	assert_int_equal(run_rec(f, "EventID=1 CommandLine=cmd /c whoami",
	    sysmon1, NF(sysmon1)), 2);
	assert_true(reported(f, "r-anchor", MATCH_HIT));
	assert_true(reported(f, "r-image", MATCH_HIT));
	/* The text holds "sekurlsa::", but the field does not. */
	assert_int_equal(run_rec(f, "sekurlsa:: ^cmd /c", rec4688, 4), 0);
}

static void
test_fields_duplicates(void **state)
{
	struct fixture *f = *state;
	const struct field rec[] = {
		{ "Data", "first" }, { "EventID", "4104" },
		{ "data", "Invoke-Mimikatz" }, { "Data", "last" },
	};

	assert_int_equal(compile(f,
	    RULE("r-pat", "{fields: {Data: {pattern: Mimikatz}}}")
	    RULE("r-eq", "{fields: {DATA: last}}")
	    RULE("r-both", "{fields: {data: first, EventID: 4104}}")
	    RULE("r-none", "{fields: {Data: absent}}"), 0), 0);
	/* Several fields of one name: one of them satisfying is enough. */
	assert_int_equal(run_rec(f, "x", rec, NF(rec)), 3);
	assert_true(reported(f, "r-pat", MATCH_HIT));
	assert_true(reported(f, "r-eq", MATCH_HIT));
	assert_true(reported(f, "r-both", MATCH_HIT));
	assert_false(reported(f, "r-none", MATCH_HIT));
	assert_int_equal(run_rec(f, "x", rec, 2), 1);
	assert_true(reported(f, "r-both", MATCH_HIT));
}

static void
test_fields_stale(void **state)
{
	struct fixture *f = *state;
	const struct field other[] = { { "Level", "4" } };

	assert_int_equal(compile(f,
	    RULE("r-id", "{fields: {EventID: 4688}}")
	    SRULE("r-src", "{event_ids: [4688]}", "{pattern: x}"), 0), 0);
	assert_int_equal(run_rec(f, "x", rec4688, NF(rec4688)), 2);
	/* The fields of one record do not linger into the next. */
	assert_int_equal(run_str(f, "x"), 0);
	assert_int_equal(run_rec(f, "x", other, NF(other)), 0);
	assert_int_equal(matcher_run(f->m, f->sc, "x", 1, "evtx", NULL, 6,
	    on_match, f), 0);
	assert_int_equal(run_rec(f, "x", rec4688, NF(rec4688)), 2);
}

static void
test_logsource_channels_ids(void **state)
{
	struct fixture *f = *state;
	struct field rec[] = {
		{ "Channel", "security" }, { "EventID", "4624" },
		{ "LogonType", "10" },
	};

	assert_int_equal(compile(f,
	    SRULE("r-logon", "{channels: [Security], event_ids: [4624, 4625]}",
	    "{fields: {LogonType: 10}}")
	    SRULE("r-chan", "{channels: [System, SECURITY]}", "{pattern: '.'}")
	    SRULE("r-ids", "{event_ids: 4625}", "{pattern: '.'}")
	    SRULE("r-sysmon", "{formats: [syslog], event_ids: 4624}",
	    "{pattern: '.'}"), 0), 0);
	assert_int_equal(run_rec(f, "x", rec, NF(rec)), 2);
	assert_true(reported(f, "r-logon", MATCH_HIT));
	assert_true(reported(f, "r-chan", MATCH_HIT));
	/* Event ids compare as numbers. */
	rec[1].value = "04625";
	assert_int_equal(run_rec(f, "x", rec, NF(rec)), 3);
	assert_true(reported(f, "r-ids", MATCH_HIT));
	rec[1].value = "4634";
	assert_int_equal(run_rec(f, "x", rec, NF(rec)), 1);
	assert_true(reported(f, "r-chan", MATCH_HIT));
	rec[1].value = "0x1211";
	assert_int_equal(run_rec(f, "x", rec, NF(rec)), 1);
	rec[1].value = "4624";
	rec[0].value = "Microsoft-Windows-Sysmon/Operational";
	assert_int_equal(run_rec(f, "x", rec, NF(rec)), 0);
	/* Records without the Channel field, or without fields: no match. */
	assert_int_equal(run_rec(f, "x", rec + 1, 2), 0);
	assert_int_equal(run_str(f, "Channel=Security EventID=4624"), 0);
	/* The formats still apply: r-sysmon wants syslog records. */
	f->nrep = 0;
	assert_int_equal(matcher_run(f->m, f->sc, "x", 1, "syslog", rec + 1,
	    1, on_match, f), 1);
	assert_true(reported(f, "r-sysmon", MATCH_HIT));
	assert_int_equal(matcher_run(f->m, f->sc, "x", 1, "syslog", NULL, 0,
	    NULL, NULL), 0);
}

static void
test_fields_and_text(void **state)
{
	struct fixture *f = *state;
	const struct field rec[] = {
		{ "EventID", "7045" }, { "ServiceName", "PSEXESVC" },
	};

	assert_int_equal(compile(f,
	    RULE("r-svc", "{fields: {EventID: 7045}, pattern: '(?i)psexesvc', "
	    "none: [approved]}")
	    RULE("r-any", "{fields: {ServiceName: {pattern: '^PSEXE'}}, "
	    "any: [alpha, beta]}"), 0), 0);
	assert_int_equal(run_rec(f, "EventID=7045 ServiceName=PSEXESVC beta",
	    rec, NF(rec)), 2);
	assert_int_equal(run_rec(f, "EventID=7045 ServiceName=PSEXESVC",
	    rec, NF(rec)), 1);
	assert_true(reported(f, "r-svc", MATCH_HIT));
	assert_int_equal(run_rec(f, "psexesvc approved beta", rec, NF(rec)),
	    1);
	assert_true(reported(f, "r-any", MATCH_HIT));
	/* Text alone, without the fields, is not enough. */
	assert_int_equal(run(f, "psexesvc beta", 13, "evtx"), 0);
	assert_int_equal(run_rec(f, "psexesvc beta", rec, 1), 1);
	assert_true(reported(f, "r-svc", MATCH_HIT));
}

static void
test_fields_limits(void **state)
{
	struct fixture *f = *state;
	const struct field rec[] = {
		{ "EventID", "1" },
		{ "CommandLine", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!" },
	};
	struct timespec t0;

	assert_int_equal(compile(f,
	    RULE("r-evil", "{fields: {CommandLine: {pattern: '(a+)+$'}}}")
	    RULE("r-evil-eq-no", "{fields: {CommandLine: {pattern: "
	    "'(a+)+$'}, EventID: 2}}")
	    RULE("r-evil-text-no", "{fields: {CommandLine: {pattern: "
	    "'(a+)+$'}}, pattern: zzz}")
	    RULE("r-evil-text-yes", "{fields: {CommandLine: {pattern: "
	    "'(a+)+$'}}, pattern: xyz}")
	    RULE("r-text-evil", "{fields: {EventID: 1}, pattern: '(x+)+$'}")
	    RULE("r-ok", "{fields: {CommandLine: {pattern: 'a!$'}}}"), 10000),
	    0);
	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t0);
	assert_int_equal(run_rec(f, "xyzxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx!",
	    rec, NF(rec)), 1);
	assert_true(cpu_since(&t0) < time_bound(0.5));
	assert_int_equal(f->nrep, 4);
	assert_string_equal(f->rep[0].id, "r-evil");
	assert_int_equal(f->rep[0].r, MATCH_LIMIT);
	/* A NO elsewhere decides the rule in spite of the limit. */
	assert_false(reported(f, "r-evil-eq-no", MATCH_LIMIT));
	assert_false(reported(f, "r-evil-text-no", MATCH_LIMIT));
	assert_true(reported(f, "r-evil-text-yes", MATCH_LIMIT));
	assert_true(reported(f, "r-text-evil", MATCH_LIMIT));
	assert_true(reported(f, "r-ok", MATCH_HIT));
}

static void
test_fields_bad_regex(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(compile(f,
	    RULE("r-good", "{fields: {EventID: 1}}")
	    "---\nid: r-bad\ntitle: t\nlevel: low\n"	/* 7 */
	    "detection:\n"
	    "  fields:\n"
	    "    EventID: 1\n"
	    "    CommandLine: {pattern: 'a(b'}\n",		/* 13 */
	    0), 1);
	assert_int_equal(matcher_count(f->m), 1);
	assert_int_equal(f->ndiag, 1);
	assert_int_equal(f->diag[0].sev, HOP_SEV_ERROR);
	assert_non_null(strstr(f->diag[0].prov, "/rules.yml"));
	assert_int_equal(f->diag[0].line, 13);
	assert_string_equal(f->diag[0].msg, "r-bad: detection.fields."
	    "CommandLine does not compile: missing closing parenthesis at "
	    "offset 3");
}

static void
test_fields_many_names(void **state)
{
	struct fixture *f = *state;
	char *yaml = xmalloc(200 * 96), *p = yaml;
	struct field rec[200];
	char names[200][8], vals[200][8];

	/* 200 rules on 200 names: the name table grows several times. */
	for (int i = 0; i < 200; i++)
		p += sprintf(p, "---\nid: r-%d\ntitle: t\nlevel: low\n"
		    "detection: {fields: {F%d: v%d}}\n", i, i, i);
	assert_int_equal(compile(f, yaml, 0), 0);
	free(yaml);
	for (int i = 0; i < 200; i++) {
		snprintf(names[i], sizeof(names[i]), "f%d", i);
		snprintf(vals[i], sizeof(vals[i]), "V%d", i);
		rec[i].name = names[i];
		rec[i].value = vals[i];
	}
	assert_int_equal(run_rec(f, "x", rec, 200), 200);
	assert_int_equal(run_rec(f, "x", rec + 57, 1), 1);
	assert_string_equal(f->rep[0].id, "r-57");
	rec[0].value = vals[1];
	assert_int_equal(run_rec(f, "x", rec, 1), 0);
	rec[0].name = "unused";
	rec[0].value = vals[0];
	assert_int_equal(run_rec(f, "x", rec, 1), 0);
}

/* A thread's share of test_fields_threads. */
static void *
fields_job(void *arg)
{
	struct job *j = arg;
	struct match_scratch *sc = match_scratch_new(j->m);
	const struct field other[] = { { "EventID", "4689" } };

	for (int i = 0; i < 2000; i++) {
		j->hits += matcher_run(j->m, sc, text4688, strlen(text4688),
		    "evtx", rec4688, NF(rec4688), NULL, NULL);
		j->hits += matcher_run(j->m, sc, "x", 1, "evtx", other, 1,
		    NULL, NULL);
	}
	match_scratch_free(sc);
	return NULL;
}

static void
test_fields_threads(void **state)
{
	struct fixture *f = *state;
	pthread_t t[4];
	struct job j[4];

	assert_int_equal(compile(f, RULE("r-4688", "{fields: {EventID: 4688, "
	    "CommandLine: {pattern: '(?i)sekurlsa::'}}}"), 0), 0);
	for (int i = 0; i < 4; i++) {
		j[i].m = f->m;
		j[i].hits = 0;
		assert_int_equal(pthread_create(&t[i], NULL, fields_job, &j[i]),
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

/*
 * Append to out the roff line ln of a literal display, unescaped: \(aq is
 * a quote, \e a backslash, \& nothing.
 */
static void
unroff(char *out, size_t *n, const char *ln)
{
	while (*ln != '\0' && *ln != '\n') {
		if (strncmp(ln, "\\(aq", 4) == 0) {
			out[(*n)++] = '\'';
			ln += 4;
		} else if (strncmp(ln, "\\e", 2) == 0) {
			out[(*n)++] = '\\';
			ln += 2;
		} else if (strncmp(ln, "\\&", 2) == 0)
			ln += 2;
		else
			out[(*n)++] = *ln++;
	}
	out[(*n)++] = '\n';
}

/*
 * The rules of the literal displays of hopscan-signatures(5) that are
 * YAML (those whose first line is "id:" or "---"), one document each.
 */
static char *
man_rules(void)
{
	FILE *fp = fopen(HOP_SOURCE_DIR "/man/hopscan-signatures.5", "r");
	char ln[1024], *out = xmalloc(1 << 16);
	size_t n = 0;
	int in = 0, first = 0;

	assert_non_null(fp);
	while (fgets(ln, sizeof(ln), fp) != NULL) {
		assert_true(n + 2 * sizeof(ln) < 1 << 16);
		if (strncmp(ln, ".Bd -literal", 12) == 0) {
			in = first = 1;
			continue;
		}
		if (strncmp(ln, ".Ed", 3) == 0)
			in = 0;
		if (in && first && strncmp(ln, "id:", 3) == 0)
			n += (size_t)sprintf(out + n, "---\n");
		else if (in && first && strncmp(ln, "---", 3) != 0)
			in = 0;		/* not a rule */
		if (in)
			unroff(out, &n, ln);
		first = 0;
	}
	fclose(fp);
	out[n] = '\0';
	return out;
}

static void
test_man_examples(void **state)
{
	struct fixture *f = *state;
	char *yaml = man_rules();
	const struct field sec4688[] = {
		{ "EventID", "4688" }, { "Channel", "Security" },
		{ "CommandLine", "m.exe sekurlsa::pth /user:a" },
	};
	struct field sysmon1[] = {
		{ "EventID", "1" },
		{ "Channel", "Microsoft-Windows-Sysmon/Operational" },
		{ "CommandLine", "m.exe privilege::debug sekurlsa::ekeys" },
	};
	struct field sysmon10[] = {
		{ "EventID", "10" },
		{ "Channel", "Microsoft-Windows-Sysmon/Operational" },
		{ "SourceImage", "C:\\Users\\adm\\m.exe" },
		{ "TargetImage", "C:\\Windows\\system32\\lsass.exe" },
		{ "GrantedAccess", "0x1010" },
	};
	const char *t10 = "EventID=10 SourceImage=C:\\Users\\adm\\m.exe";
	const char *t10sys = "EventID=10 SourceImage=C:\\Windows\\System32\\"
	    "svchost.exe";

	assert_int_equal(compile(f, yaml, 0), 0);
	free(yaml);
	assert_int_equal(f->ndiag, 0);
	assert_int_equal(sigset_count(f->set), 5);
	assert_int_equal(matcher_count(f->m), 5);
	/* The samples of tests: text lines. */
	for (size_t i = 0; i < sigset_count(f->set); i++) {
		const struct sig *g = sigset_get(f->set, i);

		for (size_t j = 0; j < g->test_match.n; j++) {
			assert_int_equal(run_str(f, g->test_match.v[j]), 1);
			assert_string_equal(f->rep[0].id, g->id);
		}
		for (size_t j = 0; j < g->test_nomatch.n; j++)
			assert_int_equal(run_str(f, g->test_nomatch.v[j]), 0);
	}
	assert_int_equal(run_rec(f, "x", sec4688, NF(sec4688)), 1);
	assert_string_equal(f->rep[0].id, "local-mimikatz-cmdline");
	assert_int_equal(run_rec(f, "x", sysmon1, NF(sysmon1)), 1);
	sysmon1[0].value = "4688";	/* Sysmon has no 4688, but it passes */
	assert_int_equal(run_rec(f, "x", sysmon1, NF(sysmon1)), 1);
	sysmon1[0].value = "3";
	assert_int_equal(run_rec(f, "x", sysmon1, NF(sysmon1)), 0);
	assert_int_equal(run_rec(f, t10, sysmon10, NF(sysmon10)), 1);
	assert_string_equal(f->rep[0].id, "local-sysmon-lsass-access");
	assert_int_equal(run_rec(f, t10sys, sysmon10, NF(sysmon10)), 0);
	sysmon10[4].value = "0x1000";
	assert_int_equal(run_rec(f, t10, sysmon10, NF(sysmon10)), 0);
	sysmon10[4].value = "0x1FFFFF";
	sysmon10[3].value = "C:\\Windows\\system32\\lsass.exe.bak";
	assert_int_equal(run_rec(f, t10, sysmon10, NF(sysmon10)), 0);
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
		T(test_anchored),
		T(test_formats),
		T(test_bad_regex),
		T(test_catastrophic_backtracking),
		T(test_default_limits),
		T(test_limit_is_applied),
		T(test_no_callback),
		T(test_threads),
		T(test_empty_set),
		T(test_fields_equality),
		T(test_fields_numbers_lists),
		T(test_fields_pattern),
		T(test_fields_duplicates),
		T(test_fields_stale),
		T(test_logsource_channels_ids),
		T(test_fields_and_text),
		T(test_fields_limits),
		T(test_fields_bad_regex),
		T(test_fields_many_names),
		T(test_fields_threads),
		T(test_man_examples),
#undef T
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
