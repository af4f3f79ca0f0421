/* SPDX-License-Identifier: MIT */
/*
 * test_evtx.c - the EVTX reader on the real samples of ../shared/corpus:
 * record counts against what libevtx reads, one record's fields and
 * rendering, damaged files, text recovered from slack, truncated and
 * randomly corrupted copies.  Tests that need the corpus skip, saying so,
 * when it is absent.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <sys/stat.h>

#include <libevtx.h>

#include "binxml.h"
#include "escape.h"
#include "evtx.h"
#include "timestamp.h"

/*
 * libevtx 20181227 (its bundled libfwevt) leaks the XML tags it built when
 * it fails on corrupted binary XML; the corruption test can hit that.
 * These suppressions name only allocations made inside that parser, so a
 * leak of this module's own still fails the test under ASan.
 */
const char	*__lsan_default_suppressions(void);

const char *
__lsan_default_suppressions(void)
{
	return ("leak:libfwevt_xml_document_read\n");
}

#define CORPUS		HOP_SOURCE_DIR "/../shared/corpus"
#define EVTX_DIR	CORPUS "/evtx"

#define MDEC		"evtx/mdecrevoisier+EVTX-to-MITRE-Attack/"
#define OMER		"evtx/omerbenamram+evtx/samples/"
#define F_IFM		MDEC "TA0006-Credential Access/T1003-Credential " \
			    "dumping/ID4688-IFM created.evtx"
#define F_PTH		MDEC "TA0008-Lateral Movement/T1550-Use Alternate " \
			    "Authentication Material/ID4624-Mimikatz Pass " \
			    "the hash.evtx"
#define F_PSEXEC	MDEC "TA0008-Lateral Movement/T1021.002-SMB Windows " \
			    "Admin Shares/ID4688,4697,5140-5145 PSexec " \
			    "remote execution + admin share.evtx"
#define F_4720		MDEC "TA0003-Persistence/T1136-Create account/" \
			    "ID4720-Local user created.evtx"
#define F_DCSYNC	MDEC "TA0006-Credential Access/T1003-Credential " \
			    "dumping/ID4662-DCsync attack using Mimikatz.evtx"
#define F_SHORT		OMER "Security_short_selected.evtx"
#define F_WEF		OMER "MSExchange_Management_wec.evtx"
#define F_CAPI2		OMER "E_Windows_system32_winevt_logs_Microsoft-" \
			    "Windows-CAPI2%4Operational.evtx"
#define F_BADMAGIC	OMER "sample_with_a_bad_chunk_magic.evtx"
#define F_APP		OMER "Application_no_crc32.evtx"
#define F_SYSTEM	"evtx/williballenthin+python-evtx/tests/data/" \
			    "system.evtx"
#define F_5145		"evtx/sbousseaden+EVTX-ATTACK-SAMPLES/Lateral " \
			    "Movement/LM_renamed_psexecsvc_5145.evtx"
#define F_MSFSYS	"evtx/sans-blue-team+DeepBlueCLI/evtx/metasploit-" \
			    "psexec-native-target-system.evtx"

static bool
have_corpus(void)
{
	struct stat st;

	return (stat(EVTX_DIR, &st) == 0 && S_ISDIR(st.st_mode));
}

/* Skip the calling test, saying why, when the corpus is absent. */
#define NEED_CORPUS()	do {						\
	if (!have_corpus()) {						\
		print_message("skipped: %s is absent (the shared "	\
		    "corpus of real EVTX samples)\n", EVTX_DIR);	\
		skip();							\
	}								\
} while (0)

/* CORPUS/rel in a buffer of its exact size (so ASan sees overreads). */
static uint8_t *
load(const char *rel, size_t *len)
{
	char path[1024];
	uint8_t *buf;
	FILE *fp;
	long n;

	snprintf(path, sizeof(path), "%s/%s", CORPUS, rel);
	if ((fp = fopen(path, "rb")) == NULL)
		fail_msg("cannot open %s", path);
	fseek(fp, 0, SEEK_END);
	n = ftell(fp);
	rewind(fp);
	assert_true(n > 0);
	buf = malloc((size_t)n);
	assert_non_null(buf);
	assert_int_equal(fread(buf, 1, (size_t)n, fp), (size_t)n);
	fclose(fp);
	*len = (size_t)n;
	return (buf);
}

/* What a whole pass over one buffer gave. */
struct pass {
	bool		 opened;
	char		 err[256];
	uint64_t	 kinds[3];	/* records given, by kind */
	struct evtx_stats st;
};

/* The invariants every record must keep. */
static void
check_record(const struct evtx_record *r)
{
	size_t i;

	assert_true(r->kind == EVTX_RECORD || r->kind == EVTX_RECOVERED ||
	    r->kind == EVTX_SLACK);
	assert_non_null(r->text);
	assert_int_equal(strlen(r->text), r->len);
	for (i = 0; i < r->len; i++)
		assert_true((unsigned char)r->text[i] >= 0x20 &&
		    r->text[i] != 0x7f);
	if (r->kind == EVTX_SLACK) {
		assert_true(r->len >= 8);
		assert_int_equal(r->nfields, 0);
		return;
	}
	for (i = 0; i < r->nfields; i++) {
		assert_non_null(r->fields[i].name);
		assert_non_null(r->fields[i].value);
		if (strcmp(r->fields[i].name, "Computer") == 0)
			assert_ptr_equal(r->computer, r->fields[i].value);
	}
}

/* Read buf[0..len) to the end into *p, checking every record. */
static void
run(const uint8_t *buf, size_t len, struct pass *p)
{
	struct evtx_record r;
	struct evtx *e;

	memset(p, 0, sizeof(*p));
	e = evtx_open(buf, len, p->err, sizeof(p->err));
	if (e == NULL) {
		assert_true(p->err[0] != '\0');
		return;
	}
	p->opened = true;
	while (evtx_next(e, &r)) {
		check_record(&r);
		p->kinds[r.kind]++;
	}
	assert_int_equal(evtx_next(e, &r), 0);	/* stays at the end */
	p->st = *evtx_stats(e);
	evtx_close(e);
	assert_int_equal(p->st.read, p->kinds[EVTX_RECORD]);
	assert_int_equal(p->st.recovered, p->kinds[EVTX_RECOVERED]);
	assert_int_equal(p->st.slack, p->kinds[EVTX_SLACK]);
	assert_true(p->st.read + p->st.bad <= p->st.records);
	/* Every record libevtx gave was where it was placed and checked. */
	assert_false(p->st.unplaced);
	assert_int_equal(p->st.misplaced, 0);
}

/* Read corpus file rel into *p. */
static void
run_file(const char *rel, struct pass *p)
{
	uint8_t *buf;
	size_t len;

	buf = load(rel, &len);
	run(buf, len, p);
	free(buf);
	assert_true(p->opened);
}

/* The value of field name in r, or NULL. */
static const char *
field(const struct evtx_record *r, const char *name)
{
	size_t i;

	for (i = 0; i < r->nfields; i++)
		if (strcmp(r->fields[i].name, name) == 0)
			return (r->fields[i].value);
	return (NULL);
}

/*
 * Look through corpus file rel for a record of kind whose text holds
 * needle (ignoring case); with want_field, for a record whose field
 * want_field is exactly needle.  Copies the record's text, id, time and
 * offset to *out (the text in buf); returns whether one was found.
 */
static bool
find(const char *rel, enum evtx_kind kind, const char *want_field,
    const char *needle, struct evtx_record *out, char *buf, size_t buflen)
{
	struct evtx_record r;
	const char *v;
	uint8_t *data;
	struct evtx *e;
	char err[256];
	bool found = false;
	size_t len;

	data = load(rel, &len);
	e = evtx_open(data, len, err, sizeof(err));
	assert_non_null(e);
	while (!found && evtx_next(e, &r)) {
		if (r.kind != kind)
			continue;
		if (want_field != NULL)
			found = (v = field(&r, want_field)) != NULL &&
			    strcmp(v, needle) == 0;
		else
			found = strcasestr(r.text, needle) != NULL;
		if (found && out != NULL) {
			*out = r;
			snprintf(buf, buflen, "%s", r.text);
			out->text = buf;
			out->fields = NULL;
			out->nfields = 0;
			out->computer = NULL;
		}
	}
	evtx_close(e);
	free(data);
	return (found);
}

/*
 * A 69 KB file whose 29 recovered records each make libevtx copy 393 KB of
 * names (slack garbage): with libevtx rendering them, its record cache is
 * emptied as it fills, and every record is still read; binxml.c renders
 * them without it.
 */
static void
test_cache_emptied(void **state)
{
	struct pass p;

	(void)state;
	NEED_CORPUS();
	/* With libevtx rendering every record. */
	assert_int_equal(setenv("HOPSCAN_LIBEVTX", "1", 1), 0);
	run_file(F_4720, &p);
	assert_int_equal(unsetenv("HOPSCAN_LIBEVTX"), 0);
	assert_true(p.st.reopened >= 2);
	assert_int_equal(p.st.refused, 0);
	assert_int_equal(p.st.bad, 0);
	assert_int_equal(p.kinds[EVTX_RECORD], 2);
	assert_int_equal(p.kinds[EVTX_RECOVERED], 29);
	/* binxml.c renders them all: libevtx caches none. */
	run_file(F_4720, &p);
	assert_int_equal(p.st.own, 31);
	assert_int_equal(p.st.reopened, 0);
	assert_int_equal(p.kinds[EVTX_RECOVERED], 29);
	/* Files of ordinary records never need it. */
	run_file(F_SYSTEM, &p);
	assert_int_equal(p.st.reopened, 0);
}

/*
 * Everything evtx_next() gives for buf[0..len), records and stats, as one
 * string in out; *own: the records binxml.c rendered.
 */
static void
dump(const uint8_t *buf, size_t len, struct buf *out, uint64_t *own)
{
	const struct evtx_stats *st;
	struct evtx_record r;
	struct evtx *e;
	char err[256], line[256];
	size_t i;

	buf_reset(out);
	*own = 0;
	if ((e = evtx_open(buf, len, err, sizeof(err))) == NULL) {
		buf_adds(out, err);
		return;
	}
	while (evtx_next(e, &r)) {
		snprintf(line, sizeof(line), "%d %llu %llu %d %lld ",
		    (int)r.kind, (unsigned long long)r.id,
		    (unsigned long long)r.offset, r.has_time,
		    (long long)r.time_us);
		buf_adds(out, line);
		buf_adds(out, r.computer != NULL ? r.computer : "-");
		buf_addc(out, '|');
		buf_add(out, r.text, r.len);
		for (i = 0; i < r.nfields; i++) {
			buf_addc(out, '|');
			buf_adds(out, r.fields[i].name);
			buf_addc(out, '=');
			buf_adds(out, r.fields[i].value);
		}
		buf_addc(out, '\n');
	}
	st = evtx_stats(e);
	snprintf(line, sizeof(line), "records %llu read %llu recovered %llu "
	    "slack %llu bad %llu refused %llu misplaced %llu\n",
	    (unsigned long long)st->records, (unsigned long long)st->read,
	    (unsigned long long)st->recovered, (unsigned long long)st->slack,
	    (unsigned long long)st->bad, (unsigned long long)st->refused,
	    (unsigned long long)st->misplaced);
	buf_adds(out, line);
	buf_adds(out, st->first_error);
	buf_adds(out, st->refuse_why);
	*own = st->own;
	evtx_close(e);
}

static uint64_t xml_same;	/* records whose XML xml_as_libevtx() compared */

static void	xml_as_libevtx(const char *, const uint8_t *, size_t,
		    uint64_t *);

/* Read path both ways and compare; add to the counts. */
static void
both_ways(const char *path, uint64_t *own, uint64_t *records)
{
	struct buf a = { 0 }, b = { 0 };
	uint64_t n, ignored;
	uint8_t *buf;
	size_t len;
	long sz;
	FILE *fp;

	if ((fp = fopen(path, "rb")) == NULL)
		fail_msg("cannot open %s", path);
	fseek(fp, 0, SEEK_END);
	sz = ftell(fp);
	rewind(fp);
	assert_true(sz >= 0);
	len = (size_t)sz;
	buf = malloc(len + 1);
	assert_non_null(buf);
	assert_int_equal(fread(buf, 1, len, fp), len);
	fclose(fp);
	assert_int_equal(setenv("HOPSCAN_LIBEVTX", "1", 1), 0);
	dump(buf, len, &a, &ignored);
	assert_int_equal(ignored, 0);
	assert_int_equal(unsetenv("HOPSCAN_LIBEVTX"), 0);
	dump(buf, len, &b, &n);
	if (a.len != b.len || memcmp(a.p, b.p, a.len) != 0)
		fail_msg("%s: records differ with and without libevtx's "
		    "rendering", path);
	*own += n;
	xml_as_libevtx(path, buf, len, &xml_same);
	for (const char *q = b.p; q < b.p + b.len; q++)	/* not slack */
		if ((q == b.p || q[-1] == '\n') && (*q == '0' + EVTX_RECORD ||
		    *q == '0' + EVTX_RECOVERED))
			++*records;
	free(buf);
	buf_free(&a);
	buf_free(&b);
}

/*
 * The XML binxml_render() gives for each record of buf[0..len) that it
 * renders is byte for byte the XML libevtx gives for the record with the
 * header's identifier and written time.  Adds to *same the records
 * compared.
 */
static void
xml_as_libevtx(const char *path, const uint8_t *buf, size_t len,
    uint64_t *same)
{
	libbfio_handle_t *h = NULL;
	libevtx_record_t *rec;
	libevtx_file_t *f = NULL;
	struct buf x = { 0 };
	uint64_t id, ft;
	size_t c, o, n, size;
	char **xml;
	uint8_t *lib;
	bool rendered;
	int nrec = 0, i;

	if (len < 4096 + 65536 || libevtx_file_initialize(&f, NULL) != 1)
		return;
	assert_int_equal(libbfio_memory_range_initialize(&h, NULL), 1);
	assert_int_equal(libbfio_memory_range_set(h, (uint8_t *)buf, len,
	    NULL), 1);
	if (libevtx_file_open_file_io_handle(f, h, LIBEVTX_OPEN_READ,
	    NULL) != 1 || libevtx_file_get_number_of_records(f, &nrec,
	    NULL) != 1)
		nrec = 0;
	/* libevtx's XML of each record, by identifier and time. */
	xml = calloc((size_t)nrec + 1, 3 * sizeof(*xml));
	assert_non_null(xml);
	for (i = 0; i < nrec; i++) {
		rec = NULL;
		if (libevtx_file_get_record_by_index(f, i, &rec, NULL) != 1)
			continue;
		if (libevtx_record_get_utf8_xml_string_size(rec, &size,
		    NULL) == 1 && (lib = malloc(size + 1)) != NULL) {
			if (libevtx_record_get_utf8_xml_string(rec, lib, size,
			    NULL) == 1) {
				libevtx_record_get_identifier(rec, &id, NULL);
				libevtx_record_get_written_time(rec, &ft, NULL);
				xml[3 * i] = (char *)lib;
				xml[3 * i + 1] = (char *)(uintptr_t)id;
				xml[3 * i + 2] = (char *)(uintptr_t)ft;
			} else
				free(lib);
		}
		libevtx_record_free(&rec, NULL);
	}
	for (c = 4096; c + 65536 <= len; c += 65536) {
		for (o = 512; o + 28 < 65536; o++) {
			if (memcmp(buf + c + o, "**\0\0", 4) != 0 ||
			    binxml_render(buf + c, 65536, o, NULL, NULL, 0, &x,
			    &rendered) != BINXML_OK || !rendered)
				continue;
			memcpy(&id, buf + c + o + 8, 8);
			memcpy(&ft, buf + c + o + 16, 8);
			for (n = 0; n < (size_t)nrec; n++) {
				if (xml[3 * n] == NULL || (uint64_t)(uintptr_t)
				    xml[3 * n + 1] != id || (uint64_t)
				    (uintptr_t)xml[3 * n + 2] != ft)
					continue;
				if (strcmp(x.p, xml[3 * n]) != 0)
					fail_msg("%s: record %llu: binxml.c "
					    "renders\n%s\nlibevtx\n%s", path,
					    (unsigned long long)id, x.p,
					    xml[3 * n]);
				++*same;
				break;
			}
		}
	}
	for (i = 0; i < nrec; i++)
		free(xml[3 * i]);
	free(xml);
	buf_free(&x);
	libevtx_file_close(f, NULL);
	libevtx_file_free(&f, NULL);
	libbfio_handle_free(&h, NULL);
}

/* Every regular file of dir, both ways; how many. */
static int
dir_both_ways(const char *dir, uint64_t *own, uint64_t *records)
{
	char path[4096];
	struct dirent *d;
	struct stat st;
	int files = 0;
	DIR *dp;

	if ((dp = opendir(dir)) == NULL)
		fail_msg("cannot open %s", dir);
	while ((d = readdir(dp)) != NULL) {
		snprintf(path, sizeof(path), "%s/%s", dir, d->d_name);
		if (stat(path, &st) != 0 || !S_ISREG(st.st_mode))
			continue;
		both_ways(path, own, records);
		files++;
	}
	closedir(dp);
	return (files);
}

/*
 * binxml.c renders most records itself instead of libevtx: whatever it
 * renders, every record, field and count is the same as with libevtx
 * rendering all of them (HOPSCAN_LIBEVTX), on the fixtures, the fuzzing
 * regressions and every sample of the corpus.
 */
static void
test_own_rendering(void **state)
{
	char line[4096], *tab, path[8192];
	uint64_t own = 0, records = 0;
	int files;
	FILE *fp;

	(void)state;
	files = dir_both_ways(HOP_SOURCE_DIR "/fixtures/evtx", &own, &records);
	assert_true(files >= 7);
	/* The fixtures' records are nearly all rendered by binxml.c. */
	print_message("fixtures: %llu of %llu records rendered by "
	    "binxml.c\n", (unsigned long long)own,
	    (unsigned long long)records);
	assert_true(own * 10 >= records * 7);
	files += dir_both_ways(HOP_SOURCE_DIR "/tests/fuzz/regress/evtx",
	    &own, &records);
	if (!have_corpus()) {
		print_message("corpus part skipped: %s is absent (the shared "
		    "corpus of real EVTX samples)\n", EVTX_DIR);
		return;
	}
	fp = fopen(CORPUS "/MANIFEST.tsv", "r");
	assert_non_null(fp);
	while (fgets(line, sizeof(line), fp) != NULL) {
		if ((tab = strchr(line, '\t')) == NULL || strstr(line,
		    "\tevtx\t") == NULL)
			continue;
		*tab = '\0';
		snprintf(path, sizeof(path), "%s/%s", CORPUS, line);
		both_ways(path, &own, &records);
		files++;
	}
	fclose(fp);
	assert_true(files >= 40);
	print_message("%d files: %llu of %llu records rendered by "
	    "binxml.c, %llu compared as XML with libevtx's\n", files,
	    (unsigned long long)own, (unsigned long long)records,
	    (unsigned long long)xml_same);
	assert_true(xml_same * 10 >= own * 9);
}

/* Buffers that are not EVTX files are refused with a reason. */
static void
test_not_evtx(void **state)
{
	static const char junk[] = "this is not an event log at all";
	uint8_t hdr[4096 + 600];
	struct evtx_record r;
	struct pass p;

	(void)state;
	run((const uint8_t *)junk, sizeof(junk), &p);
	assert_false(p.opened);
	run((const uint8_t *)"", 0, &p);
	assert_false(p.opened);
	/* The signature and nothing else behind it. */
	memset(hdr, 0, sizeof(hdr));
	memcpy(hdr, EVTX_MAGIC, EVTX_MAGIC_LEN);
	run(hdr, EVTX_MAGIC_LEN, &p);
	assert_false(p.opened);
	run(hdr, sizeof(hdr), &p);	/* opened or refused, no crash */
	assert_null(evtx_stats(NULL));
	assert_int_equal(evtx_next(NULL, &r), 0);
	evtx_close(NULL);
}

/* Put s at b as UTF-16LE. */
static void
put_u16(uint8_t *b, const char *s)
{
	for (; *s != '\0'; s++, b += 2) {
		b[0] = (uint8_t)*s;
		b[1] = 0;
	}
}

/*
 * A file built here (no corpus needed): a header and one empty chunk whose
 * slack holds UTF-16LE text.  Each distinct run of 8 or more characters
 * comes out once, with its offset; shorter runs and repeats do not; a
 * BinXML length before a string is not taken for text.
 */
static void
test_synthetic_slack(void **state)
{
	static const size_t lens[] = { 4096 + 65536, 4096 + 3000 };
	static const char cmd[] = "\\\\dc01\\ADMIN$\\PSEXESVC.exe -accepteula";
	const size_t size = 4096 + 65536;
	struct evtx_record r;
	struct evtx *e;
	uint8_t *buf;
	char err[256];
	size_t i;
	int seen[3];

	(void)state;
	buf = calloc(1, size);
	assert_non_null(buf);
	memcpy(buf, EVTX_MAGIC, EVTX_MAGIC_LEN);
	buf[32] = 128;				/* header size */
	buf[36] = 1;				/* minor version */
	buf[38] = 3;				/* major version */
	buf[41] = 0x10;				/* header block size 4096 */
	buf[42] = 1;				/* one chunk */
	memcpy(buf + 4096, "ElfChnk", 8);
	buf[4096 + 40] = 128;			/* chunk header size */
	buf[4096 + 49] = 2;			/* free space at 512 */
	put_u16(buf + 4096 + 1000, "C:\\Windows\\PSEXESVC.exe");
	put_u16(buf + 4096 + 1200, "C:\\Windows\\PSEXESVC.exe");
	put_u16(buf + 4096 + 1400, "short");
	/* A BinXML string: its length (here a printable code unit) first. */
	assert_true(strlen(cmd) >= 0x20 && strlen(cmd) < 0x7f);
	buf[4096 + 1600] = (uint8_t)strlen(cmd);
	put_u16(buf + 4096 + 1602, cmd);
	for (i = 0; i < sizeof(lens) / sizeof(lens[0]); i++) {
		e = evtx_open(buf, lens[i], err, sizeof(err));
		assert_non_null(e);
		memset(seen, 0, sizeof(seen));
		while (evtx_next(e, &r)) {
			check_record(&r);
			assert_int_equal(r.kind, EVTX_SLACK);
			assert_int_equal(r.id, 0);
			assert_false(r.has_time);
			if (strcmp(r.text, "C:\\Windows\\PSEXESVC.exe") == 0) {
				assert_int_equal(r.offset, 4096 + 1000);
				seen[0]++;
			} else if (strcmp(r.text, cmd) == 0) {
				assert_int_equal(r.offset, 4096 + 1602);
				seen[1]++;
			} else
				seen[2]++;
		}
		assert_int_equal(seen[0], 1);
		assert_int_equal(seen[1], 1);
		assert_int_equal(seen[2], 0);
		assert_int_equal(evtx_stats(e)->records, 0);
		assert_int_equal(evtx_stats(e)->slack, 2);
		evtx_close(e);
	}
	free(buf);
}

/*
 * Every EVTX file of MANIFEST.tsv: the counts libevtx 20181227 gives there
 * ("ok (N records)", "FAILS all N records", "partial: K of N records
 * fail"), so hopscan reads every record libevtx (and evtxexport) reads.
 */
static void
test_manifest_counts(void **state)
{
	char line[4096], *col[13], *p;
	unsigned long n, k;
	struct pass ps;
	int files = 0, i;
	FILE *fp;

	(void)state;
	NEED_CORPUS();
	fp = fopen(CORPUS "/MANIFEST.tsv", "r");
	assert_non_null(fp);
	while (fgets(line, sizeof(line), fp) != NULL) {
		line[strcspn(line, "\n")] = '\0';
		for (i = 0, p = line; i < 13 && p != NULL; i++) {
			col[i] = p;
			if ((p = strchr(p, '\t')) != NULL)
				*p++ = '\0';
		}
		if (i < 12 || strcmp(col[6], "evtx") != 0)
			continue;
		if (sscanf(col[11], "ok (%lu records)", &n) == 1)
			k = 0;
		else if (sscanf(col[11], "FAILS all %lu records", &n) == 1)
			k = n;
		else if (sscanf(col[11], "partial: %lu of %lu records fail",
		    &k, &n) != 2)
			fail_msg("%s: unknown libevtx column %s", col[0],
			    col[11]);
		run_file(col[0], &ps);
		if (ps.st.records != n || ps.st.bad != k ||
		    ps.st.read != n - k)
			fail_msg("%s: records %llu read %llu bad %llu, want "
			    "%lu %lu %lu", col[0],
			    (unsigned long long)ps.st.records,
			    (unsigned long long)ps.st.read,
			    (unsigned long long)ps.st.bad, n, n - k, k);
		assert_true(k == 0 || ps.st.first_error[0] != '\0');
		files++;
	}
	fclose(fp);
	assert_true(files >= 30);
}

/* One known 4688 record: fields, time to the microsecond, rendering. */
static void
test_known_record(void **state)
{
	static const char want[] = "EventID=4688 Channel=Security "
	    "Provider=Microsoft-Windows-Security-Auditing "
	    "Computer=rootdc1.offsec.lan Level=0 "
	    "SubjectUserSid=S-1-5-21-4230534742-2542757381-3142984815-1111 "
	    "SubjectUserName=admmig SubjectDomainName=OFFSEC "
	    "SubjectLogonId=0x00000000a8a1627a "
	    "NewProcessId=0x0000000000000724 "
	    "NewProcessName=C:\\Windows\\System32\\ntdsutil.exe "
	    "TokenElevationType=%%1937 ProcessId=0x00000000000011c0 "
	    "CommandLine=ntdsutil.exe  'ac i ntds' 'ifm' 'create full "
	    "c:\\hacker' q q TargetUserSid=S-1-0-0 TargetUserName=- "
	    "TargetDomainName=- TargetLogonId=0x0000000000000000 "
	    "ParentProcessName=C:\\Windows\\System32\\cmd.exe "
	    "MandatoryLabel=S-1-16-12288";
	struct evtx_record r;
	struct evtx *e;
	uint8_t *buf;
	char err[256];
	size_t len;
	int64_t us;

	(void)state;
	NEED_CORPUS();
	buf = load(F_IFM, &len);
	e = evtx_open(buf, len, err, sizeof(err));
	assert_non_null(e);
	assert_int_equal(evtx_next(e, &r), 1);
	assert_int_equal(r.kind, EVTX_RECORD);
	assert_int_equal(r.id, 155496214);
	assert_int_equal(r.offset, 0x1200);
	assert_true(r.has_time);
	/* SystemTime 2021-06-05T19:35:16.721781500Z: the 7th digit goes. */
	assert_int_equal(ts_parse_user("2021-06-05T19:35:16.721781Z", &us), 0);
	assert_int_equal(r.time_us, us);
	assert_int_equal(r.time_us, INT64_C(1622921716721781));
	assert_string_equal(r.computer, "rootdc1.offsec.lan");
	assert_int_equal(r.nfields, 21);
	assert_string_equal(r.fields[0].name, "EventID");
	assert_string_equal(r.fields[0].value, "4688");
	assert_string_equal(field(&r, "Channel"), "Security");
	assert_string_equal(field(&r, "Provider"),
	    "Microsoft-Windows-Security-Auditing");
	assert_string_equal(field(&r, "Level"), "0");
	assert_string_equal(field(&r, "EventRecordID"), "155496214");
	assert_string_equal(field(&r, "CommandLine"),
	    "ntdsutil.exe  'ac i ntds' 'ifm' 'create full c:\\hacker' q q");
	assert_string_equal(r.text, want);
	assert_int_equal(r.len, sizeof(want) - 1);
	evtx_close(e);
	free(buf);
}

/* Entities decoded, UserData leaves, unnamed Data, Binary text, EventID
 * with Qualifiers, control characters flattened in the rendering only. */
static void
test_shapes(void **state)
{
	struct evtx_record r;
	char text[8192];

	(void)state;
	NEED_CORPUS();
	/* &gt; in the XML is '>' in the field and the rendering. */
	assert_true(find(F_MSFSYS, EVTX_RECORD, "ImagePath",
	    "cmd.exe /c echo hgabms > \\\\.\\pipe\\hgabms", &r, text,
	    sizeof(text)));
	assert_non_null(strstr(text, "EventID=7045 Channel=System "));
	/* UserData/LogFileCleared leaves (a 1102 event). */
	assert_true(find(F_PTH, EVTX_RECORD, NULL,
	    "EventID=1102 Channel=Security Provider=Microsoft-Windows-"
	    "Eventlog Computer=FS03.offsec.lan Level=4 SubjectUserSid=S-1-5-"
	    "21-4230534742-2542757381-3142984815-1111 SubjectUserName=admmig "
	    "SubjectDomainName=OFFSEC SubjectLogonId=0x0000000001f4c65f",
	    NULL, NULL, 0));
	/* Data items without a Name. */
	assert_true(find(F_APP, EVTX_RECORD, NULL, "Provider=SecurityCenter "
	    "Computer=DESKTOP-0HIJB49 Level=4 Data1=Windows Defender "
	    "Data2=SECURITY_PRODUCT_STATE_ON", NULL, NULL, 0));
	/* <EventID Qualifiers="16384">7036</EventID>; Binary as text. */
	assert_true(find(F_SYSTEM, EVTX_RECORD, NULL, "EventID=7036 "
	    "Channel=System Provider=Service Control Manager", NULL, NULL, 0));
	assert_true(find(F_SYSTEM, EVTX_RECORD, "Binary",
	    "WinHttpAutoProxySvc/4", NULL, NULL, 0));
	/* A multi-line AccessList: kept in the field, flat in the text. */
	assert_true(find(F_5145, EVTX_RECORD, "AccessList",
	    "%%4423\r\n\t\t\t\t", &r, text, sizeof(text)));
	assert_non_null(strstr(text, "AccessList=%%4423       AccessReason=-"));
}

/* Windows Event Forwarding: libevtx fails on the one record; its text is
 * recovered, placed by its own record header. */
static void
test_wef(void **state)
{
	struct evtx_record r;
	char text[1024];
	struct pass p;

	(void)state;
	NEED_CORPUS();
	run_file(F_WEF, &p);
	assert_int_equal(p.st.records, 1);
	assert_int_equal(p.st.bad, 1);
	assert_int_equal(p.st.read, 0);
	assert_non_null(strstr(p.st.first_error,
	    "unsupported type: 0x05"));
	assert_true(p.st.slack > 0);
	assert_true(find(F_WEF, EVTX_SLACK, NULL, "Set-Mailbox", &r, text,
	    sizeof(text)));
	assert_true(find(F_WEF, EVTX_SLACK, NULL,
	    "-ForwardingSmtpAddress \"smtp:test2@example.com\"", &r, text,
	    sizeof(text)));
	assert_int_equal(r.id, 1);
	assert_true(r.has_time);
	assert_true(r.offset > 0x1200 && r.offset < 0x2000);
	assert_true(find(F_WEF, EVTX_SLACK, NULL, "WEC.ave.local", NULL, NULL,
	    0));
}

/* CAPI2: libevtx stops on 3 of 340 records; the others are all read. */
static void
test_capi2_partial(void **state)
{
	struct pass p;

	(void)state;
	NEED_CORPUS();
	run_file(F_CAPI2, &p);
	assert_int_equal(p.st.records, 340);
	assert_int_equal(p.st.bad, 3);
	assert_int_equal(p.st.read, 337);
	assert_non_null(strstr(p.st.first_error, "record index 24: "));
}

/* Two chunks with a zeroed signature: every record libevtx sees is read,
 * and text from those chunks comes out as slack. */
static void
test_bad_chunk_magic(void **state)
{
	struct evtx_record r;
	char text[1024];
	struct pass p;

	(void)state;
	NEED_CORPUS();
	run_file(F_BADMAGIC, &p);
	assert_int_equal(p.st.records, 267);
	assert_int_equal(p.st.read, 267);
	assert_int_equal(p.st.bad, 0);
	assert_true(p.st.recovered > 0);
	assert_true(find(F_BADMAGIC, EVTX_SLACK, NULL,
	    "Microsoft-Windows-AppXDeployment/Operational", &r, text,
	    sizeof(text)));
	assert_true(r.offset >= 0x61000 && r.offset < 0x71000);
	assert_true(find(F_BADMAGIC, EVTX_SLACK, NULL,
	    "Microsoft.SkypeApp_kzf8qxf38zg5c", &r, text, sizeof(text)));
	assert_true(r.offset >= 0xa1000 && r.offset < 0xb1000);
	assert_true(r.has_time);
}

/*
 * GROUND_TRUTH_EVTX.tsv: every indicator found in a file's raw bytes is in
 * some record hopscan gives; and where it lives only in slack, it comes
 * out as slack text (and in no parsed record).
 */
static void
test_slack_indicators(void **state)
{
	static const struct {
		const char	*file;
		const char	*needle;
	} only_slack[] = {
		{ F_IFM, "RdpCoreTS" }, { F_PTH, "mimikatz" },
		{ F_PTH, "lsass" }, { F_4720, "lsass" },
		{ F_DCSYNC, "mimikatz" }, { F_PSEXEC, "lsass" },
	};
	char line[4096], *col[7], *p, *hit, *eq, path[1024];
	struct evtx_record r;
	char text[4096];
	int i, checked = 0;
	size_t k;
	FILE *fp;

	(void)state;
	NEED_CORPUS();
	for (k = 0; k < sizeof(only_slack) / sizeof(only_slack[0]); k++) {
		if (!find(only_slack[k].file, EVTX_SLACK, NULL,
		    only_slack[k].needle, &r, text, sizeof(text)))
			fail_msg("%s: %s not in slack", only_slack[k].file,
			    only_slack[k].needle);
		assert_false(find(only_slack[k].file, EVTX_RECORD, NULL,
		    only_slack[k].needle, NULL, NULL, 0));
		assert_false(find(only_slack[k].file, EVTX_RECOVERED, NULL,
		    only_slack[k].needle, NULL, NULL, 0));
	}
	/* Slack after the last record of the IFM file: that record's id. */
	assert_true(find(F_IFM, EVTX_SLACK, NULL,
	    "Microsoft-Windows-RemoteDesktopServices-RdpCoreTS", &r, text,
	    sizeof(text)));
	assert_int_equal(r.id, 155498563);
	assert_true(r.has_time);
	assert_int_equal(r.time_us, INT64_C(1622921794688711));
	assert_true(r.offset > 0x1000 + 0x1a30);

	fp = fopen(CORPUS "/GROUND_TRUTH_EVTX.tsv", "r");
	assert_non_null(fp);
	while (fgets(line, sizeof(line), fp) != NULL) {
		line[strcspn(line, "\n")] = '\0';
		for (i = 0, p = line; i < 7 && p != NULL; i++) {
			col[i] = p;
			if ((p = strchr(p, '\t')) != NULL)
				*p++ = '\0';
		}
		if (i < 7 || strncmp(col[0], "evtx/", 5) != 0)
			continue;
		snprintf(path, sizeof(path), "%s", col[0]);
		for (hit = strtok(col[6], ","); hit != NULL;
		    hit = strtok(NULL, ",")) {
			if ((eq = strchr(hit, '=')) != NULL)
				*eq = '\0';
			if (!find(path, EVTX_RECORD, NULL, hit, NULL, NULL,
			    0) && !find(path, EVTX_RECOVERED, NULL, hit, NULL,
			    NULL, 0) && !find(path, EVTX_SLACK, NULL, hit, NULL,
			    NULL, 0))
				fail_msg("%s: %s not found", path, hit);
			checked++;
		}
	}
	fclose(fp);
	assert_true(checked >= 15);
}

/*
 * A chunk whose header libevtx 20181227 rejects (a bad header size, a free
 * space offset out of bounds) makes it refuse the whole file, as evtxexport
 * does; hopscan still gives that chunk's records, as recovered ones.
 */
static void
test_bad_chunk_header(void **state)
{
	static const size_t at[] = { 4096 + 40, 4096 + 48 + 2 };
	struct evtx_record r;
	const char *cl;
	struct evtx *e;
	uint8_t *buf;
	char err[256];
	size_t len, i;
	int ntext;

	(void)state;
	NEED_CORPUS();
	for (i = 0; i < sizeof(at) / sizeof(at[0]); i++) {
		buf = load(F_IFM, &len);
		buf[at[i]] ^= 0x41;
		e = evtx_open(buf, len, err, sizeof(err));
		assert_non_null(e);
		ntext = 0;
		while (evtx_next(e, &r)) {
			check_record(&r);
			cl = field(&r, "CommandLine");
			if (r.kind == EVTX_RECOVERED && cl != NULL &&
			    r.id == 155496214 && strcmp(cl, "ntdsutil.exe  "
			    "'ac i ntds' 'ifm' 'create full c:\\hacker' q q") ==
			    0)
				ntext++;
		}
		assert_int_equal(evtx_stats(e)->records, 0);
		assert_int_equal(evtx_stats(e)->recovered, 5);
		assert_int_equal(ntext, 1);
		evtx_close(e);
		free(buf);
	}
}

/* Truncated copies: whatever is readable comes out, or a clean refusal. */
static void
test_truncated(void **state)
{
	static const char *const files[] = { F_IFM, F_SHORT, F_CAPI2,
	    F_SYSTEM };
	static const size_t cuts[] = { 8, 128, 4095, 4096, 4097, 4096 + 511,
	    4096 + 512, 10000, 4096 + 65536 - 1, 4096 + 65536 + 100 };
	uint8_t *buf, *cut;
	struct pass p;
	size_t len, f, c;

	(void)state;
	NEED_CORPUS();
	for (f = 0; f < sizeof(files) / sizeof(files[0]); f++) {
		buf = load(files[f], &len);
		for (c = 0; c < sizeof(cuts) / sizeof(cuts[0]); c++) {
			if (cuts[c] >= len)
				continue;
			cut = malloc(cuts[c]);
			assert_non_null(cut);
			memcpy(cut, buf, cuts[c]);
			run(cut, cuts[c], &p);
			free(cut);
		}
		free(buf);
	}
	/* The first 10000 bytes of the IFM file hold its first records. */
	buf = load(F_IFM, &len);
	run(buf, 10000, &p);
	free(buf);
	if (p.opened)
		assert_true(p.st.read + p.kinds[EVTX_SLACK] > 0);
}

static uint64_t
rnd(uint64_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	return (*s);
}

/* 200 copies with random bytes flipped, headers hit often: no crash, no
 * leak (under ASan), every record well formed. */
static void
test_corruption(void **state)
{
	static const char *const files[] = { F_IFM, F_SHORT, F_WEF, F_PTH };
	uint64_t seed = UINT64_C(0x9e3779b97f4a7c15), v;
	uint8_t *orig[4], *buf;
	size_t len[4], f, n, i, pos;
	struct pass p;
	int round;

	(void)state;
	NEED_CORPUS();
	for (f = 0; f < 4; f++)
		orig[f] = load(files[f], &len[f]);
	for (round = 0; round < 200; round++) {
		f = (size_t)round % 4;
		buf = malloc(len[f]);
		assert_non_null(buf);
		memcpy(buf, orig[f], len[f]);
		n = 1 + rnd(&seed) % 32;
		for (i = 0; i < n; i++) {
			v = rnd(&seed);
			switch (v % 4) {
			case 0:		/* the file header */
				pos = (v >> 8) % 128;
				break;
			case 1:		/* the chunk header and tables */
				pos = 4096 + (v >> 8) % 512;
				break;
			default:	/* anywhere */
				pos = (v >> 8) % len[f];
				break;
			}
			buf[pos] ^= (uint8_t)(1 + (v >> 40) % 255);
		}
		run(buf, len[f], &p);
		free(buf);
	}
	for (f = 0; f < 4; f++)
		free(orig[f]);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_not_evtx),
		cmocka_unit_test(test_synthetic_slack),
		cmocka_unit_test(test_manifest_counts),
		cmocka_unit_test(test_known_record),
		cmocka_unit_test(test_shapes),
		cmocka_unit_test(test_wef),
		cmocka_unit_test(test_capi2_partial),
		cmocka_unit_test(test_bad_chunk_magic),
		cmocka_unit_test(test_slack_indicators),
		cmocka_unit_test(test_bad_chunk_header),
		cmocka_unit_test(test_truncated),
		cmocka_unit_test(test_corruption),
		cmocka_unit_test(test_cache_emptied),
		cmocka_unit_test(test_own_rendering),
	};

	return (cmocka_run_group_tests(tests, NULL, NULL));
}
