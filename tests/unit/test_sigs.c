/* SPDX-License-Identifier: MIT */
/*
 * test_sigs.c - unit tests of signature loading and validation (sigs.c).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <sys/stat.h>

#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "hopscan.h"
#include "sigs.h"
#include "timebound.h"

/* One diagnostic as the test sink received it. */
struct diag {
	enum hop_sev	 sev;
	char		*prov;
	uint64_t	 line;
	char		*msg;
};

struct fixture {
	char		 dir[64];	/* mkdtemp() folder for the YAML */
	struct diag	 diag[64];
	size_t		 ndiag;		/* kept in diag[] */
	size_t		 ntotal;	/* received */
	struct hop_diag	 d;
	struct sigset	*set;
};

static void
sink(void *arg, enum hop_sev sev, const char *prov, uint64_t line,
    const char *msg)
{
	struct fixture *f = arg;

	f->ntotal++;
	if (f->ndiag == sizeof(f->diag) / sizeof(f->diag[0]))
		return;
	f->diag[f->ndiag].sev = sev;
	f->diag[f->ndiag].prov = prov ? xstrdup(prov) : NULL;
	f->diag[f->ndiag].line = line;
	f->diag[f->ndiag].msg = xstrdup(msg);
	f->ndiag++;
}

static void
clear_diags(struct fixture *f)
{
	for (size_t i = 0; i < f->ndiag; i++) {
		free(f->diag[i].prov);
		free(f->diag[i].msg);
	}
	f->ndiag = 0;
}

static int
setup(void **state)
{
	struct fixture *f = xcalloc(1, sizeof(*f));

	strcpy(f->dir, "/tmp/hopscan-test-sigs-XXXXXX");
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
	clear_diags(f);
	sigset_free(f->set);
	free(f);
	return 0;
}

/* Write text to dir/name (creating sub-folders) and return the path. */
static char *
put(struct fixture *f, const char *name, const char *text)
{
	char *path = xasprintf("%s/%s", f->dir, name);
	FILE *fp;

	for (char *p = strchr(path + strlen(f->dir) + 1, '/'); p != NULL;
	    p = strchr(p + 1, '/')) {
		*p = '\0';
		mkdir(path, 0700);
		*p = '/';
	}
	fp = fopen(path, "wb");
	assert_non_null(fp);
	assert_int_equal(fwrite(text, 1, strlen(text), fp), strlen(text));
	assert_int_equal(fclose(fp), 0);
	return path;
}

/* Write text to dir/name and load it; returns sigset_load()'s code. */
static int
load_text(struct fixture *f, const char *name, const char *text)
{
	char *path = put(f, name, text);
	int rc = sigset_load(f->set, path, &f->d);

	free(path);
	return rc;
}

/* The first diagnostic whose message contains s, or NULL. */
static const struct diag *
find_diag(const struct fixture *f, const char *s)
{
	for (size_t i = 0; i < f->ndiag; i++)
		if (strstr(f->diag[i].msg, s) != NULL)
			return &f->diag[i];
	return NULL;
}

/* Assert one diagnostic containing s, of severity sev, at line. */
static void
expect_diag(const struct fixture *f, enum hop_sev sev, uint64_t line,
    const char *s)
{
	const struct diag *dg = find_diag(f, s);

	if (dg == NULL) {
		for (size_t i = 0; i < f->ndiag; i++)
			print_message("diag %zu: %lu: %s\n", i,
			    (unsigned long)f->diag[i].line, f->diag[i].msg);
		fail_msg("no diagnostic containing \"%s\"", s);
	}
	assert_int_equal(dg->sev, sev);
	assert_int_equal(dg->line, line);
	assert_non_null(dg->prov);
	assert_non_null(strstr(dg->prov, f->dir));
}

static const struct sig *
find_sig(const struct fixture *f, const char *id)
{
	for (size_t i = 0; i < sigset_count(f->set); i++)
		if (strcmp(sigset_get(f->set, i)->id, id) == 0)
			return sigset_get(f->set, i);
	return NULL;
}

static const char full_rule[] =
    "# a comment before the rule\n"
    "id: hop-cred-mimikatz-sekurlsa\n"
    "title: Mimikatz sekurlsa credential module\n"
    "level: critical\n"
    "tags: [attack.credential_access, attack.t1003.001, attack.s0002]\n"
    "description: Mimikatz reads logon credentials from LSASS memory.\n"
    "references:\n"
    "  - https://attack.mitre.org/techniques/T1003/001/\n"
    "  - https://example.org/mimikatz\n"
    "author: someone\n"
    "status: experimental\n"
    "logsource: {product: windows, formats: [evtx, text]}\n"
    "detection:\n"
    "  pattern: '(?i)sekurlsa::(logonpasswords|wdigest)'\n"
    "  none: ['Opened KB']\n"
    "falsepositives: [Red team exercises]\n"
    "tests:\n"
    "  match:   ['mimikatz.exe \"sekurlsa::logonpasswords\" exit']\n"
    "  nomatch: ['Opened KB article about sekurlsa hardening']\n";

static void
test_full_rule(void **state)
{
	struct fixture *f = *state;
	const struct sig *g;

	assert_int_equal(load_text(f, "r.yml", full_rule), HOP_OK);
	assert_int_equal(f->ndiag, 0);
	assert_int_equal(sigset_count(f->set), 1);
	g = sigset_get(f->set, 0);
	assert_string_equal(g->id, "hop-cred-mimikatz-sekurlsa");
	assert_string_equal(g->title, "Mimikatz sekurlsa credential module");
	assert_int_equal(g->level, SIG_CRITICAL);
	assert_string_equal(g->description,
	    "Mimikatz reads logon credentials from LSASS memory.");
	assert_int_equal(g->tags.n, 3);
	assert_string_equal(g->tags.v[1], "attack.t1003.001");
	assert_string_equal(g->attack, "T1003.001");
	assert_int_equal(g->references.n, 2);
	assert_string_equal(g->references.v[1], "https://example.org/mimikatz");
	assert_int_equal(g->falsepositives.n, 1);
	assert_string_equal(g->falsepositives.v[0], "Red team exercises");
	assert_int_equal(g->formats.n, 2);
	assert_string_equal(g->formats.v[0], "evtx");
	assert_string_equal(g->formats.v[1], "text");
	assert_int_equal(g->all.n, 1);
	assert_string_equal(g->all.v[0],
	    "(?i)sekurlsa::(logonpasswords|wdigest)");
	assert_int_equal(g->any.n, 0);
	assert_int_equal(g->none.n, 1);
	assert_int_equal(g->test_match.n, 1);
	assert_string_equal(g->test_match.v[0],
	    "mimikatz.exe \"sekurlsa::logonpasswords\" exit");
	assert_int_equal(g->test_nomatch.n, 1);
	assert_non_null(strstr(g->file, "/r.yml"));
	assert_int_equal(g->line, 2);
	assert_null(sigset_get(f->set, 1));
}

static void
test_multi_document(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(load_text(f, "multi.yml",
	    "---\n"
	    "id: hop-a\n"
	    "title: A\n"
	    "level: low\n"
	    "detection: {pattern: a}\n"
	    "---\n"
	    "# only a comment: an empty document\n"
	    "---\n"
	    "id: hop-b\n"
	    "title: B\n"
	    "level: informational\n"
	    "detection: {any: [b, c]}\n"
	    "...\n"
	    "---\n"
	    "id: hop-c\n"
	    "title: C\n"
	    "level: HIGH\n"
	    "detection: {all: c}\n"), HOP_OK);
	assert_int_equal(f->ndiag, 0);
	assert_int_equal(sigset_count(f->set), 3);
	assert_string_equal(sigset_get(f->set, 0)->id, "hop-a");
	assert_int_equal(sigset_get(f->set, 0)->line, 2);
	assert_string_equal(sigset_get(f->set, 1)->id, "hop-b");
	assert_int_equal(sigset_get(f->set, 1)->line, 9);
	assert_int_equal(sigset_get(f->set, 1)->level, SIG_INFORMATIONAL);
	assert_string_equal(sigset_get(f->set, 2)->id, "hop-c");
	assert_int_equal(sigset_get(f->set, 2)->line, 15);
	assert_int_equal(sigset_get(f->set, 2)->level, SIG_HIGH);
	/* No technique tags: an empty attack string, never NULL. */
	assert_string_equal(sigset_get(f->set, 2)->attack, "");
}

static void
test_pattern_all_any_none(void **state)
{
	struct fixture *f = *state;
	const struct sig *g;

	assert_int_equal(load_text(f, "d.yml",
	    "id: hop-d\n"
	    "title: D\n"
	    "level: medium\n"
	    "detection:\n"
	    "  pattern: p0\n"
	    "  all: [a1, a2]\n"
	    "  any: y1\n"
	    "  none:\n"
	    "    - n1\n"
	    "    - 'n2'\n"), HOP_OK);
	assert_int_equal(f->ndiag, 0);
	g = find_sig(f, "hop-d");
	assert_non_null(g);
	assert_int_equal(g->all.n, 3);
	assert_string_equal(g->all.v[0], "p0");
	assert_string_equal(g->all.v[1], "a1");
	assert_string_equal(g->all.v[2], "a2");
	assert_int_equal(g->any.n, 1);
	assert_string_equal(g->any.v[0], "y1");
	assert_int_equal(g->none.n, 2);
	assert_string_equal(g->none.v[1], "n2");
	assert_int_equal(g->formats.n, 0);
	assert_null(g->description);
}

static void
test_missing_fields(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(load_text(f, "m.yml",
	    "id: hop-notitle\n"			/* 1 */
	    "level: low\n"
	    "detection: {pattern: x}\n"
	    "---\n"
	    "title: No id\n"			/* 5 */
	    "level: low\n"
	    "detection: {pattern: x}\n"
	    "---\n"
	    "id: hop-nolevel\n"			/* 9 */
	    "title: T\n"
	    "detection: {pattern: x}\n"
	    "---\n"
	    "id: hop-nodetection\n"		/* 13 */
	    "title: T\n"
	    "level: low\n"
	    "---\n"
	    "id: hop-noneonly\n"		/* 17 */
	    "title: T\n"
	    "level: low\n"
	    "detection: {none: [x]}\n"
	    "---\n"
	    "id: hop-good\n"			/* 22 */
	    "title: T\n"
	    "level: low\n"
	    "detection: {pattern: x}\n"), HOP_WARN);
	assert_int_equal(sigset_count(f->set), 1);
	assert_string_equal(sigset_get(f->set, 0)->id, "hop-good");
	expect_diag(f, HOP_SEV_ERROR, 1, "hop-notitle: missing title");
	expect_diag(f, HOP_SEV_ERROR, 5, "rule has no id");
	expect_diag(f, HOP_SEV_ERROR, 9, "hop-nolevel: missing level");
	expect_diag(f, HOP_SEV_ERROR, 13,
	    "hop-nodetection: detection needs a pattern");
	expect_diag(f, HOP_SEV_ERROR, 17,
	    "hop-noneonly: detection needs a pattern");
	assert_int_equal(f->ndiag, 5);
}

static void
test_bad_level(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(load_text(f, "l.yml",
	    "id: hop-l\n"
	    "title: L\n"
	    "detection: {pattern: x}\n"
	    "level: severe\n"), HOP_WARN);
	assert_int_equal(sigset_count(f->set), 0);
	expect_diag(f, HOP_SEV_ERROR, 4, "hop-l: unknown level 'severe'");
	/* The missing level is not reported a second time. */
	assert_int_equal(f->ndiag, 1);
}

static void
test_level_names(void **state)
{
	enum sig_level l = SIG_LOW;

	(void)state;
	assert_int_equal(sig_level_parse("critical", &l), 0);
	assert_int_equal(l, SIG_CRITICAL);
	assert_int_equal(sig_level_parse("Medium", &l), 0);
	assert_int_equal(l, SIG_MEDIUM);
	assert_int_equal(sig_level_parse("info", &l), -1);
	assert_int_equal(l, SIG_MEDIUM);
	assert_string_equal(sig_level_name(SIG_INFORMATIONAL), "informational");
	assert_string_equal(sig_level_name(SIG_HIGH), "high");
}

static void
test_duplicate_id(void **state)
{
	struct fixture *f = *state;
	const struct diag *dg;

	assert_int_equal(load_text(f, "one.yml",
	    "id: hop-dup\ntitle: First\nlevel: low\ndetection: {pattern: a}\n"),
	    HOP_OK);
	assert_int_equal(load_text(f, "two.yml",
	    "id: hop-other\ntitle: Other\nlevel: low\n"
	    "detection: {pattern: b}\n"
	    "---\n"
	    "id: hop-dup\ntitle: Second\nlevel: low\n"
	    "detection: {pattern: c}\n"), HOP_WARN);
	assert_int_equal(sigset_count(f->set), 2);
	assert_string_equal(find_sig(f, "hop-dup")->title, "First");
	assert_non_null(find_sig(f, "hop-other"));
	expect_diag(f, HOP_SEV_ERROR, 6, "hop-dup: duplicate id");
	dg = find_diag(f, "duplicate id");
	assert_non_null(strstr(dg->msg, "one.yml:1"));
	assert_non_null(strstr(dg->prov, "two.yml"));
	assert_int_equal(f->ndiag, 1);
}

static void
test_fields_shapes(void **state)
{
	struct fixture *f = *state;
	const struct sig *g;
	const struct sig_field *c;

	assert_int_equal(load_text(f, "f.yml",
	    "id: hop-f\n"
	    "title: F\n"
	    "level: high\n"
	    "logsource:\n"
	    "  formats: [evtx]\n"
	    "  channels: [Security, 'Microsoft-Windows-Sysmon/Operational']\n"
	    "  event_ids: [4688, '1', 0010]\n"
	    "detection:\n"
	    "  pattern: x\n"
	    "  fields:\n"
	    "    EventID: 4688\n"				/* 11 */
	    "    Channel: 'Security'\n"
	    "    GrantedAccess: [0x1010, '0x1FFFFF', true]\n"
	    "    CommandLine: {pattern: '(?i)sekurlsa::'}\n"
	    "    Empty: ''\n"), HOP_OK);
	assert_int_equal(f->ndiag, 0);
	g = find_sig(f, "hop-f");
	assert_non_null(g);
	assert_int_equal(g->channels.n, 2);
	assert_string_equal(g->channels.v[1],
	    "Microsoft-Windows-Sysmon/Operational");
	/* Event ids are numbers, kept without leading zeros. */
	assert_int_equal(g->event_ids.n, 3);
	assert_string_equal(g->event_ids.v[0], "4688");
	assert_string_equal(g->event_ids.v[1], "1");
	assert_string_equal(g->event_ids.v[2], "10");
	assert_int_equal(g->nfields, 5);
	c = &g->fields[0];
	assert_string_equal(c->name, "EventID");
	assert_int_equal(c->values.n, 1);
	assert_string_equal(c->values.v[0], "4688");	/* as written */
	assert_null(c->pattern);
	assert_int_equal(c->line, 11);
	assert_string_equal(g->fields[1].values.v[0], "Security");
	c = &g->fields[2];
	assert_int_equal(c->values.n, 3);
	assert_string_equal(c->values.v[0], "0x1010");
	assert_string_equal(c->values.v[1], "0x1FFFFF");
	assert_string_equal(c->values.v[2], "true");
	c = &g->fields[3];
	assert_string_equal(c->name, "CommandLine");
	assert_int_equal(c->values.n, 0);
	assert_string_equal(c->pattern, "(?i)sekurlsa::");
	assert_int_equal(c->line, 14);
	/* A quoted empty string is a value: the field is empty. */
	assert_int_equal(g->fields[4].values.n, 1);
	assert_string_equal(g->fields[4].values.v[0], "");
	assert_int_equal(g->all.n, 1);
}

static void
test_fields_only(void **state)
{
	struct fixture *f = *state;
	const struct sig *g;

	/* Field conditions alone make a detection; none may come with them. */
	assert_int_equal(load_text(f, "o.yml",
	    "id: hop-o\ntitle: O\nlevel: low\n"
	    "detection:\n"
	    "  fields: {EventID: 7045, ServiceFileName: {pattern: psexesvc}}\n"
	    "  none: [approved]\n"
	    "---\n"
	    "id: hop-nothing\ntitle: N\nlevel: low\n"	/* 8 */
	    "logsource: {event_ids: 1102}\n"
	    "detection: {fields: {}}\n"), HOP_WARN);
	g = find_sig(f, "hop-o");
	assert_non_null(g);
	assert_int_equal(g->nfields, 2);
	assert_int_equal(g->all.n, 0);
	assert_int_equal(g->none.n, 1);
	/* Logsource restrictions and empty fields are no detection. */
	assert_null(find_sig(f, "hop-nothing"));
	expect_diag(f, HOP_SEV_ERROR, 8, "hop-nothing: detection needs a "
	    "pattern or a field condition (detection.pattern, detection.all, "
	    "detection.any or detection.fields)");
	assert_int_equal(f->ndiag, 1);
}

/* A rule of id hop-ID whose detection is the line "  fields: F". */
#define FRULE(id, fields) \
	"---\nid: hop-" id "\ntitle: T\nlevel: low\ndetection:\n" \
	"  fields: " fields "\n"

static void
test_fields_bad_shapes(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(load_text(f, "b.yml",
	    FRULE("list", "[EventID]")				/* 6 */
	    FRULE("null", "{EventID: ~}")			/* 12 */
	    FRULE("empty-list", "{EventID: []}")		/* 18 */
	    FRULE("nested", "{EventID: [4688, [1]]}")		/* 24 */
	    FRULE("null-item", "{EventID: [4688, ~]}")		/* 30 */
	    FRULE("map-item", "{EventID: [{a: b}]}")		/* 36 */
	    FRULE("regex", "{CommandLine: {regex: x}}")		/* 42 */
	    FRULE("flags", "{CommandLine: {pattern: x, flags: i}}") /* 48 */
	    FRULE("nopat", "{CommandLine: {}}")			/* 54 */
	    FRULE("emptypat", "{CommandLine: {pattern: ''}}")	/* 60 */
	    FRULE("listpat", "{CommandLine: {pattern: [a, b]}}") /* 66 */
	    FRULE("duppat", "{CommandLine: {pattern: x, pattern: y}}") /* 72 */
	    FRULE("dupname", "\n    EventID: 1\n    eventid: 2")  /* 78, 80 */
	    FRULE("noname", "{'': x}")				/* 86 */
	    FRULE("ctlname", "{\"Event\\tID\": 1}")		/* 92 */
	    FRULE("alias", "{EventID: &a 1, Level: *a}")	/* 98 */
	    FRULE("good", "{EventID: 1}")), HOP_WARN);
	assert_int_equal(sigset_count(f->set), 1);
	assert_non_null(find_sig(f, "hop-good"));
	expect_diag(f, HOP_SEV_ERROR, 6,
	    "hop-list: detection.fields must be a mapping");
	expect_diag(f, HOP_SEV_ERROR, 12,
	    "hop-null: detection.fields.EventID: empty value");
	expect_diag(f, HOP_SEV_ERROR, 18,
	    "hop-empty-list: detection.fields.EventID: empty list");
	expect_diag(f, HOP_SEV_ERROR, 24, "hop-nested: detection.fields."
	    "EventID: a value must be a string or a number");
	expect_diag(f, HOP_SEV_ERROR, 30,
	    "hop-null-item: detection.fields.EventID: empty value");
	expect_diag(f, HOP_SEV_ERROR, 36, "hop-map-item: detection.fields."
	    "EventID: a value must be a string or a number");
	expect_diag(f, HOP_SEV_ERROR, 42, "hop-regex: unknown key "
	    "'detection.fields.CommandLine.regex'");
	expect_diag(f, HOP_SEV_ERROR, 48, "hop-flags: unknown key "
	    "'detection.fields.CommandLine.flags'");
	expect_diag(f, HOP_SEV_ERROR, 54,
	    "hop-nopat: detection.fields.CommandLine needs a pattern");
	expect_diag(f, HOP_SEV_ERROR, 60,
	    "hop-emptypat: detection.fields.CommandLine: empty pattern");
	expect_diag(f, HOP_SEV_ERROR, 66, "hop-listpat: detection.fields."
	    "CommandLine.pattern must be a string");
	expect_diag(f, HOP_SEV_ERROR, 72, "hop-duppat: detection.fields."
	    "CommandLine: duplicate key 'pattern'");
	expect_diag(f, HOP_SEV_ERROR, 80,
	    "hop-dupname: detection.fields: duplicate field 'eventid'");
	expect_diag(f, HOP_SEV_ERROR, 86,
	    "hop-noname: detection.fields: empty field name");
	expect_diag(f, HOP_SEV_ERROR, 92, "hop-ctlname: detection.fields: "
	    "a field name must not contain control characters");
	expect_diag(f, HOP_SEV_ERROR, 98,
	    "hop-alias: detection.fields.Level: YAML aliases are not supported");
	/* One message per mistake: "regex" is not also "needs a pattern". */
	assert_int_equal(f->ndiag, 16);
}
#undef FRULE

static void
test_logsource_bad(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(load_text(f, "l.yml",
	    "id: hop-ids\ntitle: T\nlevel: low\n"
	    "logsource:\n"
	    "  event_ids:\n"
	    "    - 4624\n"
	    "    - x46\n"				/* 7 */
	    "    - 65536\n"				/* 8 */
	    "    - -1\n"				/* 9 */
	    "    - 0x10\n"				/* 10 */
	    "    - 99999999999999999999999\n"	/* 11 */
	    "detection: {pattern: x}\n"
	    "---\n"
	    "id: hop-chan\ntitle: T\nlevel: low\n"
	    "logsource: {channels: [Security, '']}\n"	/* 17 */
	    "detection: {pattern: x}\n"
	    "---\n"
	    "id: hop-twice\ntitle: T\nlevel: low\n"
	    "logsource: {event_ids: 1, event_ids: 2}\n"	/* 23 */
	    "detection: {pattern: x}\n"
	    "---\n"
	    "id: hop-ok\ntitle: T\nlevel: low\n"
	    "logsource: {event_ids: 65535, channels: Security}\n"
	    "detection: {pattern: x}\n"), HOP_WARN);
	assert_int_equal(sigset_count(f->set), 1);
	assert_int_equal(find_sig(f, "hop-ok")->event_ids.n, 1);
	assert_string_equal(find_sig(f, "hop-ok")->event_ids.v[0], "65535");
	assert_int_equal(find_sig(f, "hop-ok")->channels.n, 1);
	expect_diag(f, HOP_SEV_ERROR, 7, "hop-ids: logsource.event_ids: "
	    "'x46' is not an event id (a number from 0 to 65535)");
	expect_diag(f, HOP_SEV_ERROR, 8, "'65536' is not an event id");
	expect_diag(f, HOP_SEV_ERROR, 9, "'-1' is not an event id");
	expect_diag(f, HOP_SEV_ERROR, 10, "'0x10' is not an event id");
	expect_diag(f, HOP_SEV_ERROR, 11,
	    "'99999999999999999999999' is not an event id");
	expect_diag(f, HOP_SEV_ERROR, 17,
	    "hop-chan: logsource.channels: empty item");
	expect_diag(f, HOP_SEV_ERROR, 23,
	    "hop-twice: logsource: duplicate key 'event_ids'");
	assert_int_equal(f->ndiag, 7);
}

static void
test_fields_hostile(void **state)
{
	struct fixture *f = *state;
	size_t n = 30000;
	char *text = xmalloc(n * 32 + 256), *p = text;
	struct timespec t0, t1;

	/* 30000 conditions, the last a repeat: found in n log n time. */
	p += sprintf(p, "id: hop-many\ntitle: T\nlevel: low\n"
	    "detection:\n  fields:\n");
	for (size_t i = 0; i < n; i++)
		p += sprintf(p, "    F%zu: v\n", i);
	p += sprintf(p, "    f17: v\n");
	clock_gettime(CLOCK_MONOTONIC, &t0);
	assert_int_equal(load_text(f, "h.yml", text), HOP_WARN);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	free(text);
	assert_true(t1.tv_sec - t0.tv_sec < 2 * time_scale());
	expect_diag(f, HOP_SEV_ERROR, 6 + n,
	    "hop-many: detection.fields: duplicate field 'f17'");
	assert_int_equal(f->ndiag, 1);
}

static void
test_casecmp(void **state)
{
	(void)state;
	assert_int_equal(sig_casecmp("EventID", "eventid"), 0);
	assert_int_equal(sig_casecmp("0x1FFFFF", "0x1fffff"), 0);
	assert_true(sig_casecmp("a", "b") < 0);
	assert_true(sig_casecmp("B", "a") > 0);
	assert_true(sig_casecmp("abc", "ab") > 0);
	assert_true(sig_casecmp("", "a") < 0);
	/* Only ASCII folds: the bytes of U+00C9 and U+00E9 differ. */
	assert_true(sig_casecmp("\xc3\x89", "\xc3\xa9") != 0);
	assert_true(sig_casecmp("[", "{") != 0);
}

static void
test_unknown_detection_key(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(load_text(f, "u.yml",
	    "id: hop-u\n"
	    "title: U\n"
	    "level: high\n"
	    "detection:\n"
	    "  pattern: x\n"
	    "  condition: selection\n"), HOP_WARN);
	assert_int_equal(sigset_count(f->set), 0);
	expect_diag(f, HOP_SEV_ERROR, 6,
	    "hop-u: unknown key 'detection.condition'");
}

static void
test_unknown_top_key(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(load_text(f, "k.yml",
	    "id: hop-k\n"
	    "title: K\n"
	    "level: high\n"
	    "author: A. N. Other\n"
	    "date: 2026/11/29\n"
	    "modified: 2026/11/30\n"
	    "status: test\n"
	    "license: MIT\n"
	    "related: [{id: x, type: derived}]\n"
	    "fields: [CommandLine]\n"
	    "colour: red\n"
	    "detection: {pattern: x}\n"), HOP_OK);
	assert_int_equal(sigset_count(f->set), 1);
	expect_diag(f, HOP_SEV_WARNING, 11, "hop-k: unknown key 'colour'");
	assert_int_equal(f->ndiag, 1);
}

static void
test_bad_yaml(void **state)
{
	struct fixture *f = *state;
	const struct diag *dg;

	assert_int_equal(load_text(f, "bad.yml",
	    "id: hop-ok\n"
	    "title: OK\n"
	    "level: low\n"
	    "detection: {pattern: x}\n"
	    "---\n"
	    "id: hop-broken\n"
	    "title: [unclosed\n"
	    "level: low\n"
	    "detection: {pattern: x}\n"), HOP_WARN);
	/* The rule before the error is kept. */
	assert_int_equal(sigset_count(f->set), 1);
	assert_string_equal(sigset_get(f->set, 0)->id, "hop-ok");
	assert_int_equal(f->ndiag, 1);
	dg = find_diag(f, "YAML syntax error");
	assert_non_null(dg);
	assert_int_equal(dg->sev, HOP_SEV_ERROR);
	/* libyaml notices on line 8 and names where the sequence began. */
	assert_int_equal(dg->line, 8);
	assert_non_null(strstr(dg->msg, "flow sequence at line 7"));

	clear_diags(f);
	assert_int_equal(load_text(f, "tab.yml",
	    "id: hop-t\n"
	    "title: T\n"
	    "\tlevel: low\n"), HOP_WARN);
	expect_diag(f, HOP_SEV_ERROR, 3, "YAML syntax error");
	assert_int_equal(f->ndiag, 1);
}

static void
test_not_a_mapping(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(load_text(f, "s.yml",
	    "- id: hop-s\n"
	    "- title: S\n"), HOP_WARN);
	assert_int_equal(sigset_count(f->set), 0);
	expect_diag(f, HOP_SEV_ERROR, 1, "a rule must be a YAML mapping");
}

static void
test_bad_values(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(load_text(f, "v.yml",
	    "id: hop-v\n"
	    "title: {a: b}\n"			/* 2: not a string */
	    "level: low\n"
	    "tags: [attack.t1003, [nested]]\n"	/* 4: not a string */
	    "detection: {all: ['']}\n"		/* 5: empty pattern */
	    "---\n"
	    "id: hop-w\n"
	    "title: W\n"
	    "title: W again\n"			/* 9: duplicate key */
	    "level: low\n"
	    "detection: {pattern: x}\n"
	    "---\n"
	    "id: 'bad id'\n"			/* 13 */
	    "title: W\n"
	    "level: low\n"
	    "detection: [x]\n"), HOP_WARN);	/* 16 */
	assert_int_equal(sigset_count(f->set), 0);
	expect_diag(f, HOP_SEV_ERROR, 2, "hop-v: title must be a string");
	expect_diag(f, HOP_SEV_ERROR, 4, "hop-v: tags must be a string");
	expect_diag(f, HOP_SEV_ERROR, 5, "hop-v: detection.all: empty pattern");
	expect_diag(f, HOP_SEV_ERROR, 9, "rule: duplicate key 'title'");
	expect_diag(f, HOP_SEV_ERROR, 13,
	    "id must not contain spaces or control characters");
	expect_diag(f, HOP_SEV_ERROR, 16,
	    "bad id: detection must be a mapping");
}

static void
test_scalar_lists_and_nulls(void **state)
{
	struct fixture *f = *state;
	const struct sig *g;

	assert_int_equal(load_text(f, "n.yml",
	    "id: hop-n\n"
	    "title: N\n"
	    "level: low\n"
	    "description:\n"
	    "tags: attack.t1059\n"
	    "references: ~\n"
	    "falsepositives: Admins\n"
	    "logsource: {formats: syslog}\n"
	    "detection: {pattern: x}\n"
	    "tests: {match: 'x', nomatch: ''}\n"), HOP_OK);
	g = find_sig(f, "hop-n");
	assert_non_null(g);
	assert_null(g->description);
	assert_int_equal(g->tags.n, 1);
	assert_string_equal(g->attack, "T1059");
	assert_int_equal(g->references.n, 0);
	assert_int_equal(g->falsepositives.n, 1);
	assert_int_equal(g->formats.n, 1);
	assert_string_equal(g->formats.v[0], "syslog");
	assert_int_equal(g->test_match.n, 1);
	assert_int_equal(g->test_nomatch.n, 1);
	assert_string_equal(g->test_nomatch.v[0], "");
}

static void
test_attack_derivation(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(load_text(f, "a.yml",
	    "id: hop-att\n"
	    "title: A\n"
	    "level: low\n"
	    "tags:\n"
	    "  - attack.credential_access\n"
	    "  - attack.t1003.001\n"
	    "  - attack.T1003\n"
	    "  - attack.t1003.001\n"
	    "  - attack.t12345\n"
	    "  - attack.t1003.01\n"
	    "  - attack.s0002\n"
	    "  - cve.2021.1234\n"
	    "  - attack.t1021.002\n"
	    "  - attack.t1003\n"
	    "detection: {pattern: x}\n"), HOP_OK);
	assert_string_equal(find_sig(f, "hop-att")->attack,
	    "T1003.001,T1003,T1021.002");
	assert_int_equal(find_sig(f, "hop-att")->tags.n, 10);
}

static void
test_folder_order(void **state)
{
	struct fixture *f = *state;
	char *p;

#define RULE(id) "id: " id "\ntitle: T\nlevel: low\ndetection: {pattern: x}\n"
	free(put(f, "b.yml", RULE("hop-b")));
	free(put(f, "a.yaml", RULE("hop-a-yaml")));
	free(put(f, "a/z.yml", RULE("hop-a-z")));
	free(put(f, "a.yml", RULE("hop-a-yml")));
	free(put(f, "B.yml", RULE("hop-upper-b")));
	free(put(f, "sub/deeper/c.yml", RULE("hop-c")));
	free(put(f, ".hidden.yml", RULE("hop-hidden")));
	free(put(f, ".git/x.yml", RULE("hop-git")));
	free(put(f, "notes.txt", RULE("hop-txt")));
	free(put(f, "x.yml.orig", RULE("hop-orig")));
#undef RULE
	assert_int_equal(sigset_load(f->set, f->dir, &f->d), HOP_OK);
	assert_int_equal(f->ndiag, 0);
	assert_int_equal(sigset_count(f->set), 6);
	/* Bytewise: 'B' < 'a'; "a.yaml" < "a.yml" < "a/z.yml" ('.' < '/'). */
	assert_string_equal(sigset_get(f->set, 0)->id, "hop-upper-b");
	assert_string_equal(sigset_get(f->set, 1)->id, "hop-a-yaml");
	assert_string_equal(sigset_get(f->set, 2)->id, "hop-a-yml");
	assert_string_equal(sigset_get(f->set, 3)->id, "hop-a-z");
	assert_string_equal(sigset_get(f->set, 4)->id, "hop-b");
	assert_string_equal(sigset_get(f->set, 5)->id, "hop-c");
	p = xasprintf("%s/sub/deeper/c.yml", f->dir);
	assert_string_equal(sigset_get(f->set, 5)->file, p);
	free(p);
}

static void
test_missing_path(void **state)
{
	struct fixture *f = *state;
	char *p = xasprintf("%s/no-such-file.yml", f->dir);

	assert_int_equal(sigset_load(f->set, p, &f->d), HOP_FAIL);
	assert_int_equal(f->ndiag, 1);
	assert_int_equal(f->diag[0].sev, HOP_SEV_ERROR);
	assert_string_equal(f->diag[0].prov, p);
	assert_non_null(strstr(f->diag[0].msg, "No such file"));
	free(p);
	/* A NULL sink is allowed: nothing is reported, nothing breaks. */
	assert_int_equal(sigset_load(f->set, "/nonexistent/x.yml", NULL),
	    HOP_FAIL);
}

static void
test_empty_inputs(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(load_text(f, "empty.yml", ""), HOP_OK);
	assert_int_equal(load_text(f, "comments.yml", "# nothing\n# here\n"),
	    HOP_OK);
	assert_int_equal(load_text(f, "dashes.yml", "---\n---\n...\n"),
	    HOP_OK);
	assert_int_equal(f->ndiag, 0);
	assert_int_equal(sigset_count(f->set), 0);
}

static void
test_hostile_yaml(void **state)
{
	struct fixture *f = *state;
	size_t depth = 1000000, n = 0;
	char *text = xmalloc(depth * 2 + 256);
	struct timespec t0, t1;

	/*
	 * A million levels of nesting: refused at once, the rest of the file
	 * unread, without deep recursion and without libyaml's slowdown on
	 * deep flow collections; the rule before is kept.
	 */
	n += (size_t)sprintf(text, "id: hop-before\ntitle: B\nlevel: low\n"
	    "detection: {pattern: x}\n---\nid: hop-deep\ntitle: [");
	for (size_t i = 0; i < depth; i++)
		text[n++] = '[';
	for (size_t i = 0; i < depth + 1; i++)
		text[n++] = ']';
	n += (size_t)sprintf(text + n, "\nlevel: low\n"
	    "detection: {pattern: x}\n---\nid: hop-after\ntitle: A\n"
	    "level: low\ndetection: {pattern: x}\n");
	clock_gettime(CLOCK_MONOTONIC, &t0);
	assert_int_equal(load_text(f, "deep.yml", text), HOP_WARN);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	assert_true(t1.tv_sec - t0.tv_sec < 2 * time_scale());
	expect_diag(f, HOP_SEV_ERROR, 7, "YAML document nested deeper than 32 levels; the rest");
	assert_int_equal(sigset_count(f->set), 1);
	assert_string_equal(sigset_get(f->set, 0)->id, "hop-before");
	free(text);
	clear_diags(f);

	/* Aliases: refused where a value is used; "laughs" cost nothing. */
	clock_gettime(CLOCK_MONOTONIC, &t0);
	assert_int_equal(load_text(f, "alias.yml",
	    "id: hop-alias\n"
	    "title: &t Alias\n"
	    "level: low\n"
	    "a: &a [x, x, x, x, x, x, x, x, x, x]\n"
	    "b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
	    "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\n"
	    "d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\n"
	    "e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]\n"
	    "f: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e, *e]\n"
	    "g: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f, *f]\n"
	    "description: *t\n"
	    "detection: {pattern: x}\n"), HOP_WARN);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	assert_true(t1.tv_sec - t0.tv_sec < 2 * time_scale());
	expect_diag(f, HOP_SEV_ERROR, 11,
	    "hop-alias: description: YAML aliases are not supported");
	assert_int_equal(sigset_count(f->set), 1);	/* hop-before only */
}

/* A rule of n items in references, or of n unknown keys when keys. */
static char *
big_rule(size_t n, int keys)
{
	char *text = xmalloc(n * 16 + 256), *p = text;

	p += sprintf(p, "id: hop-big\ntitle: B\nlevel: low\n"
	    "detection: {pattern: x}\n%s", keys ? "" : "references:\n");
	for (size_t i = 0; i < n; i++)
		p += keys ? sprintf(p, "k%zu: v\n", i) : sprintf(p, "  - r\n");
	return text;
}

static void
test_large_documents(void **state)
{
	struct fixture *f = *state;
	struct timespec t0, t1;
	char *text;

	/* 60000 items: loaded, in linear time. */
	text = big_rule(60000, 0);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	assert_int_equal(load_text(f, "big.yml", text), HOP_OK);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	free(text);
	assert_true(t1.tv_sec - t0.tv_sec < 2 * time_scale());
	assert_int_equal(find_sig(f, "hop-big")->references.n, 60000);
	assert_int_equal(f->ntotal, 0);

	/* 70000 items: over the bound of nodes in a document. */
	sigset_free(f->set);
	f->set = sigset_new();
	text = big_rule(70000, 0);
	assert_int_equal(load_text(f, "bigger.yml", text), HOP_WARN);
	free(text);
	assert_int_equal(sigset_count(f->set), 0);
	/*
	 * 13 nodes come before the list (the root, 5 keys with their values,
	 * the detection mapping, "references" and the sequence), so node
	 * 65537 is item 65524, on line 5 + 65524.
	 */
	expect_diag(f, HOP_SEV_ERROR, 5 + 65524, "YAML document larger than 65536 nodes; the rest");
	clear_diags(f);
	f->ntotal = 0;

	/* 1000 unknown keys: 100 warnings, then one saying no more come. */
	text = big_rule(1000, 1);
	assert_int_equal(load_text(f, "keys.yml", text), HOP_OK);
	free(text);
	assert_int_equal(sigset_count(f->set), 1);
	assert_int_equal(f->ntotal, 101);
	expect_diag(f, HOP_SEV_WARNING, 5, "hop-big: unknown key 'k0' ignored");
}

static void
test_attack_bound(void **state)
{
	struct fixture *f = *state;
	char *text = xmalloc(4096), *p = text;
	const char *a;
	size_t commas = 0;

	p += sprintf(p, "id: hop-many\ntitle: M\nlevel: low\n"
	    "detection: {pattern: x}\ntags:\n");
	for (int i = 0; i < 70; i++)
		p += sprintf(p, "  - attack.t%d\n", 1000 + i);
	assert_int_equal(load_text(f, "many.yml", text), HOP_OK);
	free(text);
	a = find_sig(f, "hop-many")->attack;
	for (const char *c = a; *c != '\0'; c++)
		commas += *c == ',';
	assert_int_equal(commas, 63);
	assert_int_equal(strncmp(a, "T1000,T1001,", 12), 0);
	assert_non_null(strstr(a, ",T1063"));
	assert_null(strstr(a, "T1064"));
}

static void
test_invalid_utf8_file(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(load_text(f, "utf.yml",
	    "id: hop-ok\ntitle: T\nlevel: low\ndetection: {pattern: x}\n"
	    "---\n"
	    "id: hop-bad\ntitle: \xff\xfe bad\n"), HOP_WARN);
	expect_diag(f, HOP_SEV_ERROR, 7, "YAML error");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)
		T(test_full_rule),
		T(test_multi_document),
		T(test_pattern_all_any_none),
		T(test_missing_fields),
		T(test_bad_level),
		T(test_level_names),
		T(test_duplicate_id),
		T(test_fields_shapes),
		T(test_fields_only),
		T(test_fields_bad_shapes),
		T(test_logsource_bad),
		T(test_fields_hostile),
		T(test_casecmp),
		T(test_unknown_detection_key),
		T(test_unknown_top_key),
		T(test_bad_yaml),
		T(test_not_a_mapping),
		T(test_bad_values),
		T(test_scalar_lists_and_nulls),
		T(test_attack_derivation),
		T(test_folder_order),
		T(test_missing_path),
		T(test_empty_inputs),
		T(test_hostile_yaml),
		T(test_large_documents),
		T(test_attack_bound),
		T(test_invalid_utf8_file),
#undef T
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
