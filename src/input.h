/* SPDX-License-Identifier: MIT */
/*
 * input.h - open an input file and find every byte stream in it: the file
 * itself, or the members of archives and compressed streams, nested to a
 * depth limit, streamed in memory and never written to disk.  What a file
 * is depends on its content, never on its name.
 */
#ifndef INPUT_H
#define INPUT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "hopscan.h"
#include "image.h"

struct profile;

#define INPUT_MAX_DEPTH_DEFAULT	8
#define INPUT_MAX_MEMBERS_DEFAULT 1000000	/* per archive */
#define INPUT_MAX_BYTES_DEFAULT	(UINT64_C(256) << 30)	/* per input */
#define INPUT_MAX_RATIO_DEFAULT	500
/* The ratio is judged once this much has been decompressed from an input:
   small, very repetitive logs are not bombs. */
#define INPUT_RATIO_MIN		(UINT64_C(64) << 20)
/* Nested zip, 7z ... members up to this size are held in memory to be read
   with random access; larger ones are read in stream order. */
#define INPUT_SLURP_MAX		(256u << 20)

/* One plain byte stream: a log file, or a member inside archives. */
struct stream;

/* How a stream's modification time was obtained. */
enum stream_mtime {
	STREAM_MTIME_NONE,	/* unknown */
	STREAM_MTIME_FILE,	/* the file's own mtime */
	STREAM_MTIME_MEMBER	/* the archive member's mtime */
};

const char	*stream_prov(const struct stream *st);
/* Modification time in UTC µs and where it came from. */
enum stream_mtime stream_mtime(const struct stream *st, int64_t *us);
/* Nesting depth: 0 for a file on disk, 1 for an archive member ... */
int		 stream_depth(const struct stream *st);

/*
 * Next block of the stream's bytes, valid until the next call.  Returns
 * HOP_OK with *len > 0, HOP_EOF, or HOP_FAIL when the stream broke off
 * (already reported as an error with the stream's provenance): whatever
 * came before is good data.
 */
int		 stream_read(struct stream *st, const void **buf, size_t *len);

/* The disk image (its path) the stream was found in, or NULL. */
const char	*stream_image(const struct stream *st);
/* How its bytes were obtained, when that matters ("deleted file"), or
   NULL. */
const char	*stream_origin(const struct stream *st);

/* 1 if the stream is a Windows event log (.evtx, by its magic). */
int		 stream_is_evtx(const struct stream *st);

/*
 * The whole stream in memory, valid until the stream is done: a file is
 * mapped, a member is copied (up to INPUT_SLURP_MAX; larger ones are
 * reported and NULL is returned).  Use instead of stream_read(), before
 * any of it.  A stream that broke off gives what came before.
 */
const void	*stream_whole(struct stream *st, size_t *len);

/* The stream's size as its archive header gives it, or -1. */
int64_t		 stream_size(const struct stream *st);

/*
 * What the reader of a stream found in it, for input_done_fn: format name
 * (a static string), records read, and events.
 */
void		 stream_note(struct stream *st, const char *format,
		    uint64_t records, uint64_t events);

/*
 * Called for each stream found, depth first in archive order.  It may
 * read the stream to its end or stop early.  Its return value is ignored.
 */
typedef void	(*input_fn)(void *arg, struct stream *st);

/*
 * A stream read into memory, to be scanned on another thread as if it
 * were the stream itself: same provenance, depth, time, kind.
 */
struct stream_copy {
	char		*prov;
	int		 depth;
	enum stream_mtime mkind;
	int64_t		 mtime_us;
	int		 evtx;
	char		*image;		/* stream_image(), or NULL */
	const char	*note;		/* stream_origin() */
	unsigned char	*buf;
	size_t		 len;
	const char	*format;	/* stream_note() of the replay */
	uint64_t	 records, events;
};

/*
 * Read st, which must not have been read from, into c: digests and limits
 * apply as to any read.  A stream that breaks off gives what came before.
 */
void		 stream_copy(struct stream *st, struct stream_copy *c);
/* Call fn on a stream over c's bytes; then c holds its stream_note(). */
void		 stream_replay(struct stream_copy *c, input_fn fn, void *arg);
void		 stream_copy_free(struct stream_copy *c);

/* What became of one stream: a file, an archive, or a member. */
struct stream_info {
	const char	*prov;
	uint64_t	 seq;		/* order in the input: archive first */
	int		 depth;		/* 0: a file given or found in a folder */
	const char	*type;		/* "text", "evtx", "archive" ... */
	const char	*detail;	/* archive format and filters, or NULL */
	const char	*format;	/* log format from stream_note(), or NULL */
	uint64_t	 records, events;	/* from stream_note() */
	uint64_t	 size;		/* bytes of the stream, decompressed */
	bool		 complete;	/* size and digest cover all of it */
	const unsigned char *sha256;	/* 32 bytes if hashing, else NULL */
};

/* Called after each stream is done, members before their archive. */
typedef void	(*input_done_fn)(void *arg, const struct stream_info *si);

struct input_opts {
	int		 max_depth;	/* archives nested deeper are not opened */
	uint64_t	 max_members;	/* per archive; 0: no limit */
	uint64_t	 max_bytes;	/* decompressed per input; 0: no limit */
	uint32_t	 max_ratio;	/* decompressed : read per input; 0: none */
	bool		 hash;		/* SHA-256 of every stream, same pass */
	bool		 zlib;		/* gzip by libarchive's zlib, not by
					   gunzip.c (for the tests) */
	input_done_fn	 done;		/* or NULL; called with fn's arg */
	const struct profile *profile;	/* what to read; NULL: everything */
	struct image_opts image;	/* --ads, --deleted in disk images */
	/* Called (from any worker thread) for each file passed over, with
	   its provenance and why; may be NULL. */
	void		(*on_skip)(void *arg, const char *prov,
			    const char *why);
	void		*skip_arg;
};

/*
 * Scan the file at path (provenance = path) and call fn for each stream.
 * A disk image (by content: E01, VMDK, VHD, MBR, GPT, a file system) is
 * read through image.h: each file inside it is scanned as a file on disk
 * would be, with the provenance "path!pN!/dir/file".  Files that the
 * profile passes over go to o->on_skip.
 * Problems (unreadable files, damaged or encrypted archives, limits) are
 * reported to d with their provenance; a limit on bytes or ratio stops the
 * whole input, one on members the archive that has too many.  Returns
 * HOP_OK, or HOP_WARN if anything was not read in full.  A stop request
 * (hop_stop_requested()) ends it early, without a diagnostic.
 */
int		 input_scan(const char *path, const struct input_opts *o,
		    const struct hop_diag *d, input_fn fn, void *arg);

#endif /* INPUT_H */
