/* SPDX-License-Identifier: MIT */
/*
 * input.c - files, compressed streams and nested archives to plain byte
 * streams, through libarchive, in memory.
 */
#include <sys/mman.h>
#include <sys/stat.h>

#include <archive.h>
#include <archive_entry.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "escape.h"
#include "evtx.h"
#include "gunzip.h"
#include "image.h"
#include "input.h"
#include "mapguard.h"
#include "profile.h"
#include "prov.h"
#include "sha256.h"

#define HEAD_MIN	(40u << 10)	/* enough to see an ISO 9660 magic */
#define FD_BLOCK	(256u << 10)
#define EFTYPE_HOP	EINVAL		/* errno for "not an archive" */

/* What the first bytes say a stream is. */
enum kind {
	KIND_PLAIN,		/* anything else: read as text */
	KIND_EVTX,		/* a Windows event log: read whole */
	KIND_STREAM,		/* tar, cpio, compressed: read front to back */
	KIND_SEEK,		/* zip, 7z, iso ...: best read with random access */
	KIND_IMAGE		/* a disk image, read through TSK (image.h) */
};

/* Where a stream's bytes come from. */
struct src {
	int		 fd;		/* a file, or -1 */
	struct archive	*ar;		/* else the member being read from ar */
	struct image_file *img;		/* else a file inside a disk image */
	const unsigned char *mem;	/* else bytes in memory */
	size_t		 memlen, mempos;
	int64_t		 size;		/* member size if known, else -1 */
	unsigned char	*blk;		/* read buffer for fd */
	const char	*prov;		/* for error messages */
	const char	*name;		/* path the profile's globs match */
	const char	*note;		/* "deleted file" or NULL */
	int		 failed;	/* the source broke off (reported) */
	uint64_t	 pos;		/* offset of the next byte read */
	struct sha256	*hash;		/* of bytes [0, hashed), or NULL */
	uint64_t	 hashed;
};

/* What all streams of one input share. */
struct ctx {
	const struct input_opts	*opts;
	const struct hop_diag	*diag;
	input_fn		 fn;
	void			*arg;
	int			 status;	/* HOP_OK or HOP_WARN */
	const char		*path;		/* the input */
	uint64_t		 in_bytes;	/* of the input file, read so far */
	uint64_t		 out_bytes;	/* decompressed from archives */
	int			 stopped;	/* a limit stopped the input */
	uint64_t		 seq;		/* streams begun */
	const char		*image;		/* the disk image being read */
};

struct stream {
	struct ctx		*cx;
	struct src		*src;
	char			*prov;
	int			 depth;
	enum stream_mtime	 mkind;
	int64_t			 mtime_us;
	unsigned char		*head;		/* bytes read to sniff, replayed */
	size_t			 head_len, head_pos;
	int			 eof;
	int			 member_broke;	/* a member's data broke off */
	int			 evtx;		/* a Windows event log */
	const char		*note;		/* of its source, inherited */
	void			*whole;		/* stream_whole(): malloc'd copy */
	void			*map;		/* ... or mmap'd file */
	size_t			 map_len;
	int			 map_guard;	/* its mapguard.h handle */
	uint64_t		 seq;		/* for input_done_fn */
	const char		*type;
	char			*detail;
	const char		*format;	/* from stream_note() */
	uint64_t		 records, events;
	int			 raw_only;	/* decompress, no archive */
	int			 gzip;		/* a gzip stream (its header */
	struct gunzip		*gz;		/* whole in head), and its
						   decoder under libarchive */
};

static void node(struct ctx *, struct src *, const char *, int,
    enum stream_mtime, int64_t);
static int slurp(struct stream *, size_t, unsigned char **, size_t *);

static void
report(struct ctx *cx, const char *prov, const char *fmt, const char *msg)
{
	hop_diag(cx->diag, HOP_SEV_ERROR, prov, 0, fmt, msg);
	cx->status = HOP_WARN;
}

/* Hash the bytes [at, at + n) of s that extend what is hashed. */
static void
src_hash(struct src *s, uint64_t at, const void *b, size_t n)
{
	if (s->hash == NULL || at > s->hashed || at + n <= s->hashed)
		return;
	sha256_update(s->hash, (const unsigned char *)b + (s->hashed - at),
	    (size_t)(at + n - s->hashed));
	s->hashed = at + n;
}

static const char *
size_name(uint64_t n, char *buf, size_t len)
{
	if (n % (UINT64_C(1) << 30) == 0)
		snprintf(buf, len, "%llu GiB", (unsigned long long)(n >> 30));
	else if (n % (UINT64_C(1) << 20) == 0)
		snprintf(buf, len, "%llu MiB", (unsigned long long)(n >> 20));
	else
		snprintf(buf, len, "%llu bytes", (unsigned long long)n);
	return buf;
}

/*
 * Count n more bytes decompressed from the input, in the stream s; past a
 * limit, report and stop the input.
 */
static void
count_out(struct ctx *cx, const struct src *s, size_t n)
{
	const struct input_opts *o = cx->opts;
	uint64_t ratio;
	char sz[64];

	cx->out_bytes += n;
	ratio = cx->out_bytes / (cx->in_bytes > 0 ? cx->in_bytes : 1);
	if (o->max_bytes > 0 && cx->out_bytes > o->max_bytes) {
		hop_diag(cx->diag, HOP_SEV_ERROR, s->prov, 0, "more than %s "
		    "decompressed from %s (--max-bytes); the rest of it is not "
		    "read", size_name(o->max_bytes, sz, sizeof(sz)), cx->path);
		cx->stopped = 1;
	} else if (o->max_ratio > 0 && cx->out_bytes >= INPUT_RATIO_MIN &&
	    ratio > o->max_ratio) {
		hop_diag(cx->diag, HOP_SEV_ERROR, s->prov, 0, "more than %lu "
		    "bytes decompressed per byte read from %s (--max-ratio; "
		    "a zip or gzip bomb?): the rest of it is not read",
		    (unsigned long)o->max_ratio, cx->path);
		cx->stopped = 1;
	}
	if (cx->stopped)
		cx->status = HOP_WARN;
}

/*
 * Next block from src.  HOP_OK, HOP_EOF, or HOP_FAIL (reported, unless a
 * limit or a stop request ended the input).
 */
static int
src_next(struct ctx *cx, struct src *s, const void **buf, size_t *len)
{
	if (s->failed)
		return HOP_FAIL;
	if (cx->stopped || hop_stop_requested()) {
		s->failed = 1;
		return HOP_FAIL;
	}
	if (s->fd >= 0) {
		ssize_t n;

		do
			n = read(s->fd, s->blk, FD_BLOCK);
		while (n == -1 && errno == EINTR);
		if (n > 0) {
			*buf = s->blk;
			*len = (size_t)n;
			src_hash(s, s->pos, *buf, *len);
			s->pos += (uint64_t)n;
			if (s->pos > cx->in_bytes)	/* not again on rewind */
				cx->in_bytes = s->pos;
			return HOP_OK;
		}
		if (n == 0)
			return HOP_EOF;
		report(cx, s->prov, "read error: %s", strerror(errno));
	} else if (s->ar != NULL) {
		la_int64_t off;
		int r;

		do
			r = archive_read_data_block(s->ar, buf, len, &off);
		while (r == ARCHIVE_OK && *len == 0);
		if (r == ARCHIVE_OK || (r == ARCHIVE_WARN && *len > 0)) {
			src_hash(s, s->pos, *buf, *len);
			s->pos += *len;
			count_out(cx, s, *len);
			/*
			 * Damage found with the last bytes (a zip member's
			 * bad CRC): they are scanned, and the member is
			 * reported as not read in full.
			 */
			if (r == ARCHIVE_WARN) {
				report(cx, s->prov, "read error: %s",
				    archive_error_string(s->ar) ?
				    archive_error_string(s->ar) :
				    "damaged data");
				s->failed = 1;
			}
			return HOP_OK;
		}
		if (r == ARCHIVE_EOF)
			return HOP_EOF;
		report(cx, s->prov, "read error: %s",
		    archive_error_string(s->ar) ? archive_error_string(s->ar) :
		    "damaged data");
	} else if (s->img != NULL) {
		ssize_t n = image_file_read(s->img, s->blk, FD_BLOCK);

		if (n > 0) {
			*buf = s->blk;
			*len = (size_t)n;
			src_hash(s, s->pos, *buf, *len);
			s->pos += (uint64_t)n;
			cx->in_bytes += (uint64_t)n;	/* read, not inflated */
			return HOP_OK;
		}
		if (n == 0)
			return HOP_EOF;
		report(cx, s->prov, "read error: %s", image_file_error(s->img));
	} else {
		if (s->mempos >= s->memlen)
			return HOP_EOF;
		*buf = s->mem + s->mempos;
		*len = s->memlen - s->mempos;
		src_hash(s, s->mempos, *buf, *len);
		s->mempos = s->pos = s->memlen;
		return HOP_OK;
	}
	s->failed = 1;
	return HOP_FAIL;
}

const char *
stream_prov(const struct stream *st)
{
	return st->prov;
}

enum stream_mtime
stream_mtime(const struct stream *st, int64_t *us)
{
	*us = st->mtime_us;
	return st->mkind;
}

int
stream_depth(const struct stream *st)
{
	return st->depth;
}

int
stream_read(struct stream *st, const void **buf, size_t *len)
{
	int r;

	if (st->head_pos < st->head_len) {
		*buf = st->head + st->head_pos;
		*len = st->head_len - st->head_pos;
		st->head_pos = st->head_len;
		return HOP_OK;
	}
	if (st->eof)
		return HOP_EOF;
	r = src_next(st->cx, st->src, buf, len);
	if (r != HOP_OK)
		st->eof = 1;
	return r;
}

const char *
stream_image(const struct stream *st)
{
	return st->cx->image;
}

const char *
stream_origin(const struct stream *st)
{
	return st->note;
}

int
stream_is_evtx(const struct stream *st)
{
	return st->evtx;
}

void
stream_note(struct stream *st, const char *format, uint64_t records,
    uint64_t events)
{
	st->format = format;
	st->records = records;
	st->events = events;
}

const void *
stream_whole(struct stream *st, size_t *len)
{
	unsigned char *buf;
	struct stat sb;

	if (st->src->fd >= 0 && st->head_pos == 0 && fstat(st->src->fd, &sb)
	    == 0 && sb.st_size > 0 && (st->map = mmap(NULL,
	    (size_t)sb.st_size, PROT_READ, MAP_PRIVATE, st->src->fd, 0)) !=
	    MAP_FAILED) {
		/* Guarded: a file that shrinks meanwhile reads as zeros. */
		if ((st->map_guard = mapguard_add(st->map,
		    (size_t)sb.st_size)) >= 0) {
			st->map_len = *len = (size_t)sb.st_size;
			st->eof = 1;
			st->head_pos = st->head_len;
			return st->map;
		}
		munmap(st->map, (size_t)sb.st_size);
	}
	st->map = NULL;
	if (st->src->mem != NULL && st->head_len == 0 && st->src->mempos == 0) {
		*len = st->src->memlen;		/* a copy being replayed */
		st->src->mempos = st->src->memlen;
		st->eof = 1;
		return st->src->mem;
	}
	if (slurp(st, INPUT_SLURP_MAX, &buf, len) == -1) {
		report(st->cx, st->prov, "%s", "larger than 256 MiB inside an "
		    "archive; not held in memory, not read");
		return NULL;
	}
	st->whole = buf;
	return buf != NULL ? (const void *)buf : "";
}

int64_t
stream_size(const struct stream *st)
{
	return st->src->size;
}

void
stream_copy(struct stream *st, struct stream_copy *c)
{
	unsigned char *buf;
	size_t len;

	memset(c, 0, sizeof(*c));
	c->prov = xstrdup(st->prov);
	c->depth = st->depth;
	c->mkind = st->mkind;
	c->mtime_us = st->mtime_us;
	c->evtx = st->evtx;
	c->image = st->cx->image != NULL ? xstrdup(st->cx->image) : NULL;
	c->note = st->note;
	slurp(st, SIZE_MAX, &buf, &len);
	c->buf = buf;
	c->len = len;
}

void
stream_replay(struct stream_copy *c, input_fn fn, void *arg)
{
	static const struct input_opts none;
	struct ctx cx = { .opts = &none, .status = HOP_OK, .path = c->prov,
	    .image = c->image };
	struct src src = { .fd = -1, .mem = c->buf, .memlen = c->len,
	    .size = (int64_t)c->len, .prov = c->prov };
	struct stream st = { .cx = &cx, .src = &src, .prov = c->prov,
	    .depth = c->depth, .mkind = c->mkind, .mtime_us = c->mtime_us,
	    .evtx = c->evtx, .note = c->note };

	if (src.mem == NULL)
		src.mem = (const unsigned char *)"";
	fn(arg, &st);
	c->format = st.format;
	c->records = st.records;
	c->events = st.events;
	free(st.head);
	free(st.whole);
}

void
stream_copy_free(struct stream_copy *c)
{
	free(c->prov);
	free(c->image);
	free(c->buf);
	memset(c, 0, sizeof(*c));
}

/* Append b[0..n) to *p, which holds *len bytes in *cap. */
static void
append(unsigned char **p, size_t *len, size_t *cap, const void *b, size_t n)
{
	if (*len + n > *cap) {
		*cap = *len + n > 2 * *cap ? *len + n : 2 * *cap;
		*p = xrealloc(*p, *cap);
	}
	memcpy(*p + *len, b, n);
	*len += n;
}

/* Read at least HEAD_MIN bytes (or all there is) into st->head. */
static void
fill_head(struct stream *st)
{
	size_t cap = 0;

	while (st->head_len < HEAD_MIN) {
		const void *b;
		size_t n;

		if (src_next(st->cx, st->src, &b, &n) != HOP_OK) {
			st->eof = 1;
			break;
		}
		append(&st->head, &st->head_len, &cap, b, n);
	}
}

/*
 * Read the rest of st into *buf (*len bytes), its head first; st must not
 * have been read from yet.  Returns 0, or -1 (nothing kept) when it is
 * more than max bytes.
 */
static int
slurp(struct stream *st, size_t max, unsigned char **buf, size_t *len)
{
	size_t cap = st->head_len;
	const void *b;
	size_t n;

	*buf = st->head;
	*len = st->head_len;
	st->head = NULL;
	st->head_len = st->head_pos = 0;
	while (stream_read(st, &b, &n) == HOP_OK) {
		if (*len + n > max) {
			free(*buf);
			*buf = NULL;
			*len = 0;
			return -1;
		}
		append(buf, len, &cap, b, n);
	}
	return 0;
}

static int
has(const unsigned char *p, size_t len, size_t off, const char *magic,
    size_t n)
{
	return len >= off + n && memcmp(p + off, magic, n) == 0;
}

/* Archive and compression magic numbers, libarchive reads them all. */
static enum kind
sniff(const unsigned char *p, size_t n)
{
	static const struct {
		size_t		 off;
		const char	*magic;
		size_t		 len;
		enum kind	 kind;
	} tab[] = {
		{ 0, "\x1f\x8b", 2, KIND_STREAM },		/* gzip */
		{ 0, "BZh", 3, KIND_STREAM },			/* bzip2 */
		{ 0, "\xfd" "7zXZ\0", 6, KIND_STREAM },		/* xz */
		{ 0, "\x28\xb5\x2f\xfd", 4, KIND_STREAM },	/* zstd */
		{ 0, "\x04\x22\x4d\x18", 4, KIND_STREAM },	/* lz4 */
		{ 0, "\x1f\x9d", 2, KIND_STREAM },		/* compress */
		{ 257, "ustar", 5, KIND_STREAM },		/* tar */
		{ 0, "070707", 6, KIND_STREAM },		/* cpio */
		{ 0, "070701", 6, KIND_STREAM },
		{ 0, "070702", 6, KIND_STREAM },
		{ 0, "\xc7\x71", 2, KIND_STREAM },		/* cpio bin */
		{ 0, "\x71\xc7", 2, KIND_STREAM },
		{ 0, "PK\3\4", 4, KIND_SEEK },			/* zip */
		{ 0, "PK\5\6", 4, KIND_SEEK },
		{ 0, "PK\7\x08", 4, KIND_SEEK },
		{ 0, "7z\xbc\xaf\x27\x1c", 6, KIND_SEEK },	/* 7-Zip */
		{ 0, "Rar!\x1a\x07", 6, KIND_SEEK },		/* RAR 4, 5 */
		{ 0, "MSCF\0\0\0\0", 8, KIND_SEEK },		/* cab */
		{ 0, "xar!", 4, KIND_SEEK },
		{ 32769, "CD001", 5, KIND_SEEK },		/* ISO 9660 */
	};

	if (n >= 2 && p[0] == 0xff && p[1] == 0xfe)	/* UTF-16 BOM */
		return KIND_PLAIN;
	if (has(p, n, 0, EVTX_MAGIC, EVTX_MAGIC_LEN))
		return KIND_EVTX;
	for (size_t i = 0; i < sizeof(tab) / sizeof(tab[0]); i++)
		if (has(p, n, tab[i].off, tab[i].magic, tab[i].len))
			return tab[i].kind;
	return KIND_PLAIN;
}

/* libarchive callbacks over a struct stream (head replayed first). */
static la_ssize_t
cb_read(struct archive *a, void *data, const void **buf)
{
	struct stream *st = data;
	size_t len;
	int r = stream_read(st, buf, &len);

	if (r == HOP_OK)
		return (la_ssize_t)len;
	if (r == HOP_EOF)
		return 0;
	archive_set_error(a, EIO, "the enclosing stream broke off");
	return ARCHIVE_FATAL;
}

static la_int64_t
cb_seek(struct archive *a, void *data, la_int64_t off, int whence)
{
	struct stream *st = data;
	off_t r = lseek(st->src->fd, (off_t)off, whence);

	(void)a;
	st->eof = 0;
	if (r == (off_t)-1)
		return ARCHIVE_FATAL;
	st->src->pos = (uint64_t)r;
	return (la_int64_t)r;
}

static la_int64_t
cb_skip(struct archive *a, void *data, la_int64_t n)
{
	struct stream *st = data;
	off_t cur = lseek(st->src->fd, 0, SEEK_CUR);

	(void)a;
	st->eof = 0;
	if (cur == (off_t)-1 || lseek(st->src->fd, (off_t)n, SEEK_CUR) ==
	    (off_t)-1)
		return 0;
	st->src->pos = (uint64_t)cur + (uint64_t)n;
	return n;
}

/* Compressed bytes for st's gzip decoder: its source, not its head. */
static int
gz_in(void *arg, const void **buf, size_t *len)
{
	struct stream *st = arg;
	int r;

	if (st->src->mem != NULL) {
		if (st->src->mempos >= st->src->memlen)
			return 0;
		*buf = st->src->mem + st->src->mempos;
		*len = st->src->memlen - st->src->mempos;
		st->src->mempos = st->src->memlen;
		return 1;
	}
	if ((r = stream_read(st, buf, len)) == HOP_OK)
		return 1;
	return r == HOP_EOF ? 0 : -1;
}

/* libarchive's read callback over st's gzip decoder. */
static la_ssize_t
cb_gunzip(struct archive *a, void *data, const void **buf)
{
	struct stream *st = data;
	const char *why, *damage;
	bool warning;
	ssize_t n;

	/* A member's damage is told as it ends; then reading goes on. */
	do {
		n = gunzip_read(st->gz, buf, &why);
		if ((damage = gunzip_damage(st->gz, &warning)) == NULL)
			continue;
		if (warning)
			hop_diag(st->cx->diag, HOP_SEV_WARNING, st->prov, 0,
			    "%s", damage);
		else
			report(st->cx, st->prov, "%s", damage);
	} while (n == 0 && damage != NULL);
	if (n >= 0)
		return (la_ssize_t)n;
	archive_set_error(a, EIO, "%s", why);
	return ARCHIVE_FATAL;
}

/*
 * Does the compressed stream whose first bytes are head[0..n) begin with
 * a block of zeros once decompressed?  libarchive takes that for an empty
 * tar archive; it is more likely a log that begins with NULs, or a bomb.
 */
static int
zeros_inside(const unsigned char *head, size_t n)
{
	struct archive *a = archive_read_new();
	struct archive_entry *e;
	unsigned char blk[1024];
	la_ssize_t got = 0, r;
	int zero = 0;

	archive_read_support_filter_all(a);
	archive_read_support_format_raw(a);
	if (archive_read_open_memory(a, head, n) == ARCHIVE_OK &&
	    archive_read_next_header(a, &e) == ARCHIVE_OK &&
	    archive_filter_code(a, 0) != ARCHIVE_FILTER_NONE) {
		while (got < (la_ssize_t)sizeof(blk) && (r = archive_read_data(a,
		    blk + got, sizeof(blk) - (size_t)got)) > 0)
			got += r;
		zero = got == (la_ssize_t)sizeof(blk);
		for (la_ssize_t i = 0; zero && i < got; i++)
			zero = blk[i] == 0;
	}
	archive_read_free(a);
	return zero;
}

/*
 * A reader for every format hopscan opens; zip seekable or streamed.
 * With raw_only, compressed streams only, never archives.  A compressed
 * stream of nothing (a rotated empty log, gzipped) is an empty archive.
 */
static struct archive *
archive_reader(int zip_seekable, int raw_only)
{
	struct archive *a = archive_read_new();

	archive_read_support_filter_all(a);
	archive_read_support_format_empty(a);
	if (raw_only) {
		archive_read_support_format_raw(a);
		return a;
	}
	if (zip_seekable)
		archive_read_support_format_zip_seekable(a);
	else
		archive_read_support_format_zip_streamable(a);
	archive_read_support_format_tar(a);
	archive_read_support_format_cpio(a);
	archive_read_support_format_7zip(a);
	archive_read_support_format_iso9660(a);
	archive_read_support_format_rar(a);
	archive_read_support_format_rar5(a);
	archive_read_support_format_cab(a);
	archive_read_support_format_xar(a);
	archive_read_support_format_raw(a);
	return a;
}

/* Free archive a opened on st, and st's gzip decoder. */
static void
archive_close(struct stream *st, struct archive *a)
{
	archive_read_free(a);
	gunzip_free(st->gz);
	st->gz = NULL;
}

/*
 * Open an archive on st: from memory, a seekable file, or a stream; a
 * gzip stream inflated by gunzip.c when hopscan has ISA-L.
 */
static struct archive *
archive_on(struct stream *st, int zip_seekable)
{
	struct archive *a = archive_reader(zip_seekable, st->raw_only);
	int r;

	if (st->gzip && (st->gz = gunzip_new(gz_in, st)) != NULL) {
		/* ISA-L inflates; libarchive reads what is inside. */
		archive_read_set_callback_data(a, st);
		archive_read_set_read_callback(a, cb_gunzip);
		r = archive_read_open1(a);
	} else if (st->src->mem != NULL)
		r = archive_read_open_memory(a, st->src->mem, st->src->memlen);
	else {
		archive_read_set_callback_data(a, st);
		archive_read_set_read_callback(a, cb_read);
		if (st->src->fd >= 0) {
			archive_read_set_seek_callback(a, cb_seek);
			archive_read_set_skip_callback(a, cb_skip);
		}
		r = archive_read_open1(a);
	}
	if (r != ARCHIVE_OK && !st->src->failed)
		report(st->cx, st->prov, "cannot open archive: %s",
		    st->gz != NULL && gunzip_error(st->gz) != NULL ?
		    gunzip_error(st->gz) : archive_error_string(a) ?
		    archive_error_string(a) : "?");
	if (r != ARCHIVE_OK) {
		archive_close(st, a);
		return NULL;
	}
	return a;
}

/* Rewind st to its first byte, if its source allows. */
static int
rewind_stream(struct stream *st)
{
	if (st->src->mem != NULL) {
		st->src->mempos = st->src->pos = 0;
		return 0;
	}
	if (st->src->fd >= 0 && lseek(st->src->fd, 0, SEEK_SET) == 0) {
		st->head_pos = st->head_len = 0;
		st->eof = 0;
		st->src->pos = 0;
		return 0;
	}
	return -1;
}

/* Scan one member of archive a, whose header is e. */
static void
member(struct stream *st, struct archive *a, struct archive_entry *e)
{
	const char *name = archive_entry_pathname_utf8(e);
	struct src child = { .fd = -1, .ar = a, .size = -1, .note = st->note };
	char *inner = NULL, *prov;

	if (name == NULL)
		name = archive_entry_pathname(e);
	if (archive_format(a) == ARCHIVE_FORMAT_RAW)
		name = inner = prov_inner_name(st->prov);
	prov = prov_join(st->prov, name);
	if (archive_entry_is_encrypted(e)) {
		report(st->cx, prov, "%s", "encrypted; not scanned");
		if (st->cx->opts->done != NULL) {
			struct stream_info si = { .prov = prov,
			    .seq = st->cx->seq++,
			    .depth = st->depth + 1, .type = "encrypted",
			    .size = archive_entry_size_is_set(e) ?
			    (uint64_t)archive_entry_size(e) : 0 };

			st->cx->opts->done(st->cx->arg, &si);
		}
	} else if (archive_entry_filetype(e) == AE_IFREG &&
	    archive_entry_hardlink(e) == NULL) {
		enum stream_mtime mk = st->mkind;
		int64_t mt = st->mtime_us;

		if (archive_entry_mtime_is_set(e)) {
			mk = STREAM_MTIME_MEMBER;
			mt = (int64_t)archive_entry_mtime(e) * 1000000 +
			    archive_entry_mtime_nsec(e) / 1000;
		}
		child.prov = prov;
		child.name = name;
		if (archive_entry_size_is_set(e))
			child.size = archive_entry_size(e);
		node(st->cx, &child, prov, st->depth + 1, mk, mt);
		st->member_broke |= child.failed;
	}
	free(prov);
	free(inner);
}

/*
 * libarchive offers bytes it recognised as no archive and no compressed
 * stream as one raw member.  Scan them as text: nothing readable is lost.
 */
static void
scan_as_text(struct stream *st, struct archive *a)
{
	struct src raw = { .fd = -1, .ar = a, .size = -1, .prov = st->prov };
	struct stream plain = { .cx = st->cx, .src = &raw, .prov = st->prov,
	    .depth = st->depth, .mkind = st->mkind, .mtime_us = st->mtime_us };

	hop_diag(st->cx->diag, HOP_SEV_WARNING, st->prov, 0, "starts like an "
	    "archive or compressed file but is not one; scanned as text");
	st->cx->fn(st->cx->arg, &plain);
	/* What stream_whole() kept, as node() frees it for its streams. */
	free(plain.head);
	free(plain.whole);
	st->member_broke |= raw.failed;
	st->type = "text";
	stream_note(st, plain.format, plain.records, plain.events);
}

static const char *
archive_why(struct archive *a)
{
	return archive_error_string(a) ? archive_error_string(a) :
	    "unreadable";
}

/*
 * Walk the members of the archive st.  Returns the number of members seen
 * and sets *broken when the archive ended in an error.  Bytes libarchive
 * does not recognise are scanned as text if as_text, else they are an
 * error: an archive whose directory cannot be read, to be read again in
 * stream order.
 */
static size_t
walk_archive(struct stream *st, struct archive *a, int as_text,
    int *broken)
{
	const struct input_opts *o = st->cx->opts;
	struct archive_entry *e;
	size_t n = 0;
	int r = ARCHIVE_EOF, bare;
	la_int64_t damaged_at = -1;	/* where the last retry stood */

	*broken = 0;
	while (!st->cx->stopped && !hop_stop_requested() &&
	    ((r = archive_read_next_header(a, &e)) == ARCHIVE_OK ||
	    r == ARCHIVE_WARN || r == ARCHIVE_RETRY)) {
		if (r == ARCHIVE_RETRY) {
			/*
			 * A damaged header (a tar's bad checksum): libarchive
			 * moves past it, so look on for the next member, as
			 * bsdtar does.  Reported once per damaged stretch;
			 * a retry that does not move on ends the archive.
			 */
			la_int64_t at = archive_filter_bytes(a, 0);

			if (at == damaged_at)
				break;
			if (damaged_at == -1)
				report(st->cx, st->prov, "damaged archive: %s; "
				    "looking for the next member",
				    archive_why(a));
			damaged_at = at;
			continue;
		}
		damaged_at = -1;
		if (o->max_members > 0 && n == o->max_members) {
			hop_diag(st->cx->diag, HOP_SEV_ERROR, st->prov, 0,
			    "more than %llu member%s (--max-members); the rest "
			    "are not read", (unsigned long long)o->max_members,
			    o->max_members == 1 ? "" : "s");
			st->cx->status = HOP_WARN;
			return n;
		}
		/* Bytes libarchive found no format nor filter in. */
		bare = n++ == 0 && archive_format(a) == ARCHIVE_FORMAT_RAW &&
		    archive_filter_code(a, 0) == ARCHIVE_FILTER_NONE;
		if (bare && st->gz != NULL && gunzip_mtime(st->gz) != 0)
			/* gzip's own time, as libarchive's filter gives */
			archive_entry_set_mtime(e, gunzip_mtime(st->gz), 0);
		if (bare && st->gz == NULL) {
			if (as_text) {
				scan_as_text(st, a);
				continue;
			}
			archive_set_error(a, EFTYPE_HOP,
			    "directory unreadable");
			r = ARCHIVE_FATAL;
			n = 0;
			break;
		}
		if (r == ARCHIVE_WARN)
			hop_diag(st->cx->diag, HOP_SEV_WARNING, st->prov, 0,
			    "%s", archive_error_string(a));
		member(st, a, e);
	}
	*broken = !st->cx->stopped && !hop_stop_requested() &&
	    r != ARCHIVE_EOF;
	return n;
}

/* Name the archive's format and filters for input_done_fn. */
static void
describe(struct stream *st, struct archive *a)
{
	struct buf b;
	int raw;

	if (st->format != NULL)		/* scanned as text */
		return;
	buf_init(&b);
	/* A compressed stream of nothing is no archive either. */
	raw = archive_format(a) == ARCHIVE_FORMAT_RAW ||
	    archive_format(a) == ARCHIVE_FORMAT_EMPTY;
	/* Names are NULL when no header was read (a limit came first). */
	if (!raw && archive_format_name(a) != NULL)
		buf_adds(&b, archive_format_name(a));
	for (int i = 0; i < archive_filter_count(a); i++) {
		if (archive_filter_code(a, i) == ARCHIVE_FILTER_NONE ||
		    archive_filter_name(a, i) == NULL)
			continue;
		if (b.len > 0)
			buf_adds(&b, ", ");
		buf_adds(&b, archive_filter_name(a, i));
	}
	if (st->gz != NULL)		/* the outermost filter, ours */
		buf_adds(&b, b.len > 0 ? ", gzip" : "gzip");
	st->type = raw ? "compressed" : "archive";
	if (st->detail == NULL && b.len > 0)
		st->detail = xstrdup(buf_str(&b));
	buf_free(&b);
}

/*
 * Is p[0, n), a whole stream, a zip of no members: only its end of
 * central directory record, counting no entries, and its comment?
 * libarchive finds no zip in it.
 */
static int
empty_zip(const unsigned char *p, size_t n)
{
	return n >= 22 && memcmp(p, "PK\5\6", 4) == 0 &&
	    p[8] == 0 && p[9] == 0 && p[10] == 0 && p[11] == 0 &&
	    n == 22 + ((size_t)p[21] << 8 | p[20]);
}

/*
 * Open the archive st is and scan its members.  A zip or 7z member of an
 * archive is first held in memory for random access, if its size is known
 * and at most INPUT_SLURP_MAX; a larger one is read in stream order.  A
 * zip whose central directory is unreadable is read again in stream order,
 * from its local headers, so that nothing readable is lost.
 */
static void
open_archive(struct stream *st, enum kind kind)
{
	struct archive *a;
	struct src mem = { .fd = -1, .prov = st->prov, .size = -1 };
	struct src *src = st->src;
	unsigned char *buf = NULL;
	int broken = 0, seekable, retry;

	if (kind == KIND_SEEK && st->eof && empty_zip(st->head,
	    st->head_len)) {
		st->type = "archive";
		st->detail = xstrdup("ZIP, no members");
		return;
	}
	if (kind == KIND_SEEK && (st->src->ar != NULL || st->src->img !=
	    NULL) && st->src->size >= 0 &&
	    st->src->size <= (int64_t)INPUT_SLURP_MAX) {
		if (slurp(st, INPUT_SLURP_MAX, &buf, &mem.memlen) == -1) {
			if (!st->cx->stopped && !hop_stop_requested())
				report(st->cx, st->prov, "%s", "larger than its "
				    "archive header says; not read");
			return;
		}
		mem.mem = buf;
		mem.failed = st->src->failed;
		st->src = &mem;
	}
	st->raw_only = kind == KIND_STREAM && zeros_inside(st->head,
	    st->head_len);
	st->gzip = kind == KIND_STREAM && !st->cx->opts->zlib &&
	    gunzip_header(st->head, st->head_len, NULL) > 0;
	seekable = rewind_stream(st) == 0;
	retry = seekable && kind == KIND_SEEK;
	if ((a = archive_on(st, seekable)) != NULL &&
	    walk_archive(st, a, !retry, &broken) == 0 && broken && retry &&
	    rewind_stream(st) == 0) {
		report(st->cx, st->prov, "damaged archive: %s; reading its "
		    "members in stream order", archive_why(a));
		archive_close(st, a);
		if ((a = archive_on(st, 0)) != NULL)
			walk_archive(st, a, 1, &broken);
	}
	if (a != NULL && broken && !st->src->failed && !st->member_broke)
		report(st->cx, st->prov, "damaged archive: %s", archive_why(a));
	if (a != NULL) {
		describe(st, a);
		archive_close(st, a);
	}
	st->src = src;
	free(buf);
}

/*
 * Read what is left of src to complete its digest: a file from the last
 * byte hashed (its mapping if it has one), a member to its end.
 */
static void
hash_rest(struct stream *st, struct src *src)
{
	const void *b;
	size_t n;

	if (src->hash == NULL || hop_stop_requested())
		return;
	if (st->map != NULL)
		src_hash(src, 0, st->map, st->map_len);
	else if (src->fd >= 0) {
		ssize_t r;

		while ((r = pread(src->fd, src->blk, FD_BLOCK,
		    (off_t)src->hashed)) > 0 || (r == -1 && errno == EINTR))
			if (r > 0)
				src_hash(src, src->hashed, src->blk, (size_t)r);
	} else
		while (src_next(st->cx, src, &b, &n) == HOP_OK)
			continue;
}

/* Tell opts->done what became of st. */
static void
done(struct stream *st, struct src *src)
{
	struct ctx *cx = st->cx;
	unsigned char md[SHA256_LEN];
	struct stream_info si = { .prov = st->prov, .seq = st->seq,
	    .depth = st->depth,
	    .type = st->type, .detail = st->detail, .format = st->format,
	    .records = st->records, .events = st->events };
	struct stat sb;

	if (cx->opts->done == NULL)
		return;
	si.size = src->pos;
	if (src->fd >= 0 && fstat(src->fd, &sb) == 0)
		si.size = (uint64_t)sb.st_size;
	if (src->hash != NULL) {
		sha256_peek(src->hash, md);
		si.complete = src->hashed == si.size &&
		    (src->fd >= 0 || !src->failed);
		si.sha256 = si.complete ? md : NULL;
	} else
		si.complete = !src->failed;
	cx->opts->done(cx->arg, &si);
}

/* A file the profile passes over: tell on_skip. */
static void
skipped(struct ctx *cx, const char *prov, const char *why)
{
	if (cx->opts->on_skip != NULL)
		cx->opts->on_skip(cx->opts->skip_arg, prov, why);
}

/* What image_scan() found; depth 0: a file of a disk is a file on disk. */
struct image_walk {
	struct ctx	*cx;
	const char	*path;
	unsigned char	*blk;
};

static void
image_file(void *arg, struct image_file *f)
{
	struct image_walk *iw = arg;
	char *prov = xasprintf("%s!%s", iw->path, image_file_inner(f));
	struct src s = { .fd = -1, .img = f, .size = image_file_size(f),
	    .blk = iw->blk, .prov = prov, .name = image_file_path(f),
	    .note = image_file_deleted(f) ? "deleted file" : NULL };
	int64_t mt = 0;
	enum stream_mtime mk = image_file_mtime(f, &mt) ? STREAM_MTIME_FILE :
	    STREAM_MTIME_NONE;

	node(iw->cx, &s, prov, 0, mk, mt);
	free(prov);
}

static void
image_skip(void *arg, const char *inner, const char *why)
{
	struct image_walk *iw = arg;
	char *prov = xasprintf("%s!%s", iw->path, inner);

	skipped(iw->cx, prov, why);
	free(prov);
}

/*
 * Read the disk image st (what image_sniff() called it) file by file.
 * Returns 0, or -1 (reported) when it is no image TSK can read.
 */
static int
open_image(struct stream *st, const char *what)
{
	struct ctx *cx = st->cx;
	struct image_walk iw = { cx, st->prov, xmalloc(FD_BLOCK) };
	struct image_cb cb = { image_file, image_skip, &iw };
	char why[600];
	int r;

	cx->image = st->prov;
	r = image_scan(st->prov, what, &cx->opts->image, cx->diag, &cb, why,
	    sizeof(why));
	cx->image = NULL;
	free(iw.blk);
	if (r == HOP_FAIL) {
		hop_diag(cx->diag, HOP_SEV_ERROR, st->prov, 0, "looks like a "
		    "disk image (%s) but The Sleuth Kit cannot read it: %s; "
		    "scanned as a plain file", what, why);
		cx->status = HOP_WARN;
		return -1;
	}
	if (r != HOP_OK)
		cx->status = HOP_WARN;
	return 0;
}

/* Sniff the stream at src and hand it on: to fn, or into its members. */
static void
node(struct ctx *cx, struct src *src, const char *prov, int depth,
    enum stream_mtime mk, int64_t mtime)
{
	struct stream st = { .cx = cx, .src = src, .depth = depth,
	    .mkind = mk, .mtime_us = mtime, .seq = cx->seq++,
	    .type = "text", .note = src->note };
	const char *why = NULL, *img = NULL;
	enum kind kind;
	int named;
	bool listed = true;	/* in input_done_fn: not skipped */

	st.prov = (char *)prov;
	if ((named = profile_by_name(cx->opts->profile, src->name, &why)) <
	    0) {
		skipped(cx, prov, why);
		return;
	}
	if (cx->opts->hash)
		src->hash = sha256_new();
	fill_head(&st);
	kind = sniff(st.head, st.head_len);
	if (kind == KIND_PLAIN && depth == 0 && src->fd >= 0 &&
	    (why = image_segment(prov, st.head, st.head_len)) != NULL) {
		skipped(cx, prov, why);
		kind = KIND_IMAGE;	/* read with its first segment */
		listed = false;
	} else if (kind == KIND_PLAIN && depth == 0 && src->fd >= 0 &&
	    cx->image == NULL && (img = image_sniff(st.head, st.head_len)) !=
	    NULL) {
		if (open_image(&st, img) == 0) {
			kind = KIND_IMAGE;
			st.type = "disk image";
			st.detail = xstrdup(img);
		} else
			named = 1;	/* read as before, whatever the profile */
	}
	st.evtx = kind == KIND_EVTX;
	if (kind == KIND_EVTX) {
		kind = KIND_PLAIN;
		st.type = "evtx";
	}
	if (kind == KIND_PLAIN && !st.evtx && named == 0 && (why =
	    profile_by_content(cx->opts->profile, st.head, st.head_len)) !=
	    NULL) {
		skipped(cx, prov, why);
		listed = false;
	} else if (kind == KIND_IMAGE)
		;	/* read above */
	else if (kind != KIND_PLAIN && depth >= cx->opts->max_depth) {
		hop_diag(cx->diag, HOP_SEV_ERROR, prov, 0, "archive inside "
		    "%d other%s; not opened (--max-depth %d)", depth,
		    depth == 1 ? "" : "s", cx->opts->max_depth);
		cx->status = HOP_WARN;
		st.type = "archive, not opened";
	} else if (kind != KIND_PLAIN)
		open_archive(&st, kind);
	else
		cx->fn(cx->arg, &st);
	if (listed)
		hash_rest(&st, src);
	/* After the last read of the mapping, before the manifest entry. */
	if (st.map != NULL && mapguard_drop(st.map_guard))
		report(cx, prov, "%s", "the file shrank while it was read; "
		    "what lay past its new end was read as zeros");
	if (listed)
		done(&st, src);
	sha256_free(src->hash);
	src->hash = NULL;
	free(st.head);
	free(st.whole);
	free(st.detail);
	if (st.map != NULL)
		munmap(st.map, st.map_len);
}

/* Open path read-only without touching its atime; never block on FIFOs. */
static int
open_evidence(const char *path, struct stat *sb)
{
	int flags = O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY;
	int fd = open(path, flags | O_NOATIME);

	if (fd == -1 && errno == EPERM)
		fd = open(path, flags);
	if (fd == -1)
		return -1;
	if (fstat(fd, sb) == -1 || !S_ISREG(sb->st_mode)) {
		close(fd);
		errno = EINVAL;
		return -1;
	}
	fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK);
	return fd;
}

int
input_scan(const char *path, const struct input_opts *o,
    const struct hop_diag *d, input_fn fn, void *arg)
{
	struct ctx cx = { .opts = o, .diag = d, .fn = fn, .arg = arg,
	    .status = HOP_OK, .path = path };
	struct src src = { .fd = -1, .prov = path, .name = path, .size = -1 };
	struct stat sb;

	if ((src.fd = open_evidence(path, &sb)) == -1) {
		hop_diag(d, HOP_SEV_ERROR, path, 0, "%s", errno == EINVAL ?
		    "not a regular file; not opened" : strerror(errno));
		return HOP_WARN;
	}
	src.blk = xmalloc(FD_BLOCK);
	node(&cx, &src, path, 0, STREAM_MTIME_FILE,
	    (int64_t)sb.st_mtim.tv_sec * 1000000 +
	    sb.st_mtim.tv_nsec / 1000);
	free(src.blk);
	close(src.fd);
	return cx.status;
}
