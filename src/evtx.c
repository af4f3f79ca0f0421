/* SPDX-License-Identifier: MIT */
/*
 * evtx.c - Windows event logs read from memory with libevtx: each record
 * becomes one line with named fields, and UTF-16LE text in chunk slack and
 * in records libevtx cannot parse is recovered as records of its own.
 * This file: the interface, the reader's lifetime and the records from
 * libevtx; the other parts are listed in evtx_int.h.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "evtx_int.h"
#include "hopscan.h"

/*
 * How it works.  evtx_next() gives libevtx's records, then its recovered
 * records, then the slack text.  Each record's XML (from libevtx) goes
 * through a small scanner that keeps the System values and the EventData
 * and UserData items (decoded) in one string store reused from record to
 * record; the rendering is built from them.  To place the records in the
 * file, every record header in the bytes ("**\0\0", size, id, written
 * time, the size repeated at the end) is indexed at open, and each record
 * libevtx gives claims the header with its id and written time (libevtx
 * 20181227 reports no offsets).  The slack scan then walks the chunks,
 * skipping the chunk headers and the claimed records, and gives each
 * distinct UTF-16LE text run once.
 *
 * Before libevtx is asked for a record, the record is found in the bytes
 * the way libevtx finds it, and its binary XML is checked (binxml.h): a
 * record that would make libevtx misbehave is refused, and its bytes go
 * to the slack scan like those of records libevtx fails on.
 *
 * Stats: bad counts the records libevtx counts as records but cannot give;
 * recovered records that fail are not counted (they are mostly fragments
 * in slack, and their bytes go to the slack scan anyway).  refused counts
 * both kinds.
 */

/*
 * libevtx errors.
 */

/*
 * Put the innermost message of err (the cause, without its function name)
 * in out, prefixed by what; free err.
 */
static void
lib_error(libevtx_error_t **err, const char *what, char *out, size_t outlen)
{
	char bt[2048], *msg = bt, *p;

	bt[0] = '\0';
	if (err != NULL && *err != NULL) {
		if (libevtx_error_backtrace_sprint(*err, bt, sizeof(bt)) < 0)
			libevtx_error_sprint(*err, bt, sizeof(bt));
		libevtx_error_free(err);
	}
	bt[sizeof(bt) - 1] = '\0';
	if ((p = strchr(bt, '\n')) != NULL)
		*p = '\0';
	if ((p = strstr(bt, ": ")) != NULL && memchr(bt, ' ', (size_t)
	    (p - bt)) == NULL)
		msg = p + 2;
	if (*msg == '\0')
		msg = "unknown libevtx error";
	if (out != NULL && outlen > 0)
		snprintf(out, outlen, "%s%s", what, msg);
}

/*
 * Records from libevtx.
 */

/* Get rec's XML into e->xml.  Returns 1, or -1 with *err set. */
static int
record_xml(struct evtx *e, libevtx_record_t *rec, libevtx_error_t **err)
{
	size_t size = 0;

	e->xml.len = 0;
	buf_grow(&e->xml, 16384);
	if (libevtx_record_get_utf8_xml_string(rec, (uint8_t *)e->xml.p,
	    e->xml.cap, NULL) != 1) {
		if (libevtx_record_get_utf8_xml_string_size(rec, &size,
		    err) != 1)
			return (-1);
		buf_grow(&e->xml, size + 1);
		if (libevtx_record_get_utf8_xml_string(rec,
		    (uint8_t *)e->xml.p, e->xml.cap, err) != 1)
			return (-1);
	}
	e->xml.p[e->xml.cap - 1] = '\0';
	e->xml.len = strlen(e->xml.p);
	return (1);
}

/* Note that record index i failed; free err. */
static void
record_failed(struct evtx *e, int i, bool recovered, libevtx_error_t **err)
{
	char what[64];

	if (recovered || e->st.bad++ > 0) {
		libevtx_error_free(err);
		return;
	}
	snprintf(what, sizeof(what), "record index %d: ", i);
	lib_error(err, what, e->st.first_error, sizeof(e->st.first_error));
}

/*
 * Fill id, time and offset of r, the record with header identifier hid and
 * written time ft, and remember where it lies.
 */
static void
record_place(struct evtx *e, uint64_t hid, uint64_t ft, const struct xp *x,
    struct evtx_record *r)
{
	struct cand *c;
	struct span *s;
	char *end;

	r->id = hid;
	if (e->sys[SYS_RECORDID] != NONE) {
		const char *v = e->str.p + e->sys[SYS_RECORDID];
		unsigned long long id = strtoull(v, &end, 10);

		if (end != v && *end == '\0')
			r->id = id;
	}
	r->has_time = x->has_time;
	r->time_us = x->time_us;
	if (!r->has_time)
		r->has_time = filetime_us(ft, &r->time_us);
	r->offset = 0;
	if ((c = evtx_cand_claim(e, hid, ft)) == NULL)
		return;
	r->offset = c->off;
	if (e->nspans == e->spancap) {
		e->spancap = e->spancap != 0 ? 2 * e->spancap : 64;
		e->spans = xreallocarray(e->spans, e->spancap,
		    sizeof(*e->spans));
	}
	s = &e->spans[e->nspans++];
	s->off = c->off;
	s->end = c->off + c->size;
	s->id = r->id;
	s->time_us = r->time_us;
	s->has_time = r->has_time;
}

/* Make r of the record XML in e->xml (kind k); count it. */
static void
record_make(struct evtx *e, enum evtx_kind k, uint64_t hid, uint64_t ft,
    struct evtx_record *r)
{
	struct xp x;

	evtx_xml_scan(e, &x);
	memset(r, 0, sizeof(*r));
	r->kind = k;
	evtx_render(e, r);
	record_place(e, hid, ft, &x, r);
	/*
	 * A record's XML is at most a few times its chunk; a hostile one
	 * (within binxml.h's limits) can be tens of MB: not kept.
	 */
	if (e->xml.cap > XML_KEEP) {
		free(e->xml.p);
		memset(&e->xml, 0, sizeof(e->xml));
	}
	if (k == EVTX_RECOVERED)
		e->st.recovered++;
	else
		e->st.read++;
}

/*
 * Read libevtx record index i (then recovered ones) into r: 0, or -1 if
 * libevtx failed on it or it was refused.  A record binxml.c renders as
 * libevtx would is not asked of libevtx: its header, where it was placed,
 * gives its identifier and written time.
 */
static int
record_read(struct evtx *e, int i, struct evtx_record *r)
{
	libevtx_record_t *rec = NULL;
	libevtx_error_t *err = NULL;
	bool recovered = i >= e->nrec, own;
	enum evtx_kind k = recovered ? EVTX_RECOVERED : EVTX_RECORD;
	enum binxml_verdict v;
	uint64_t at, hid = 0, ft = 0;
	int ok;

	if (evtx_record_refused(e, i, &at, &v, &own))
		return (-1);
	if (own) {
		e->st.own++;
		record_make(e, k, le64(e->buf + at + 8), le64(e->buf + at + 16),
		    r);
		return (0);
	}
	if (recovered)
		ok = libevtx_file_get_recovered_record_by_index(e->file,
		    i - e->nrec, &rec, &err);
	else
		ok = libevtx_file_get_record_by_index(e->file, i, &rec, &err);
	if (ok == 1) {
		evtx_record_verify(e, rec, at, v);
		ok = record_xml(e, rec, &err);
	}
	if (ok != 1) {
		record_failed(e, i, recovered, &err);
		if (rec != NULL)
			libevtx_record_free(&rec, NULL);
		return (-1);
	}
	libevtx_record_get_identifier(rec, &hid, NULL);
	libevtx_record_get_written_time(rec, &ft, NULL);
	libevtx_record_free(&rec, NULL);
	record_make(e, k, hid, ft, r);
	return (0);
}

/*
 * The interface.
 */

struct evtx *
evtx_open(const void *buf, size_t len, char *err, size_t errlen)
{
	libevtx_error_t *lerr = NULL;
	struct evtx *e;

	if (len < EVTX_MAGIC_LEN || memcmp(buf, EVTX_MAGIC,
	    EVTX_MAGIC_LEN) != 0) {
		if (err != NULL && errlen > 0)
			snprintf(err, errlen, "not an EVTX file");
		return (NULL);
	}
	e = xcalloc(1, sizeof(*e));
	e->buf = buf;
	e->len = len;
	e->own = getenv("HOPSCAN_LIBEVTX") == NULL;
	if (len > FILE_HEADER_SIZE && (len - FILE_HEADER_SIZE) % CHUNK_SIZE) {
		/*
		 * Cut inside a chunk (a partial copy, a carved file): libevtx
		 * drops such a chunk whole.  Zeros in place of the missing
		 * bytes let it read the records before the cut.
		 */
		e->st.cut = CHUNK_SIZE - (len - FILE_HEADER_SIZE) % CHUNK_SIZE;
		e->len = len + e->st.cut;
		e->padded = xcalloc(1, e->len);
		memcpy(e->padded, buf, len);
		e->buf = e->padded;
	}
	if ((e->bfio = evtx_memio_handle(e)) == NULL) {
		if (err != NULL && errlen > 0)
			snprintf(err, errlen, "libbfio: cannot map the buffer");
		evtx_close(e);
		return (NULL);
	}
	if (evtx_file_open(e, &lerr) != 1) {
		lib_error(&lerr, "libevtx: ", err, errlen);
		evtx_close(e);
		return (NULL);
	}
	if (libevtx_file_get_number_of_records(e->file, &e->nrec, NULL) != 1 ||
	    e->nrec < 0)
		e->nrec = 0;
	if (libevtx_file_get_number_of_recovered_records(e->file, &e->nrecov,
	    NULL) != 1 || e->nrecov < 0 || e->nrecov > INT32_MAX - e->nrec)
		e->nrecov = 0;
	e->st.records = (uint64_t)e->nrec;
	e->view_off = UINT64_MAX;
	evtx_place_records(e);
	if (!e->placed) {
		e->st.unplaced = true;
		e->safe = evtx_records_safe(e);
	}
	evtx_cands_index(e);
	return (e);
}

void
evtx_close(struct evtx *e)
{
	if (e == NULL)
		return;
	evtx_file_close(e);
	if (e->bfio != NULL)
		libbfio_handle_free(&e->bfio, NULL);
	free(e->xml.p);
	free(e->str.p);
	free(e->text.p);
	free(e->items);
	free(e->fields);
	free(e->listed.v);
	free(e->recov.v);
	free(e->view);
	free(e->cands);
	free(e->spans);
	free(e->seen);
	free(e->mask);
	free(e->padded);
	free(e);
}

int
evtx_next(struct evtx *e, struct evtx_record *r)
{
	if (e == NULL)
		return (0);
	while (e->file != NULL && e->next < e->nrec + e->nrecov) {
		if (record_read(e, e->next++, r) == 0)
			return (1);
	}
	return (evtx_slack_next(e, r));
}

const struct evtx_stats *
evtx_stats(const struct evtx *e)
{
	return (e != NULL ? &e->st : NULL);
}
