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
const char	*stream_note(const struct stream *st);

/* 1 if the stream is a Windows event log (.evtx, by its magic). */
int		 stream_is_evtx(const struct stream *st);

/*
 * The whole stream in memory, valid until the stream is done: a file is
 * mapped, a member is copied (up to INPUT_SLURP_MAX; larger ones are
 * reported and NULL is returned).  Use instead of stream_read(), before
 * any of it.  A stream that broke off gives what came before.
 */
const void	*stream_whole(struct stream *st, size_t *len);

/*
 * Called for each stream found, depth first in archive order.  It may
 * read the stream to its end or stop early.  Its return value is ignored.
 */
typedef void	(*input_fn)(void *arg, struct stream *st);

struct input_opts {
	int		 max_depth;	/* archives nested deeper are not opened */
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
 * reported to d with their provenance.  Returns HOP_OK, or HOP_WARN if
 * anything was not read in full.
 */
int		 input_scan(const char *path, const struct input_opts *o,
		    const struct hop_diag *d, input_fn fn, void *arg);

#endif /* INPUT_H */
