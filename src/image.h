/* SPDX-License-Identifier: MIT */
/*
 * image.h - seized disk images (raw, split raw, E01, VMDK, VHD) read
 * through The Sleuth Kit without mounting: volume systems, the file
 * systems in them, and every regular file, one at a time.
 *
 * Inside an image, a file is named "pN!/path" where N numbers the
 * allocated partitions of the volume system from 1 in table order, or
 * "/path" in a file system image without a volume system.  An NTFS
 * alternate data stream is "/path:stream"; a deleted file is
 * "/path (deleted)".
 */
#ifndef IMAGE_H
#define IMAGE_H

#include <sys/types.h>

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "hopscan.h"

struct image_opts {
	bool	 ads;		/* read NTFS alternate data streams */
	bool	 deleted;	/* read deleted files whose content is there */
	bool	 all_files;	/* also read NTFS metadata files ($MFT ...) */
};

/* One file inside an image, valid during the image_fn call only. */
struct image_file;

/* Where the file is inside the image: "p2!/Windows/x.evtx", "/x". */
const char	*image_file_inner(const struct image_file *f);
/* Its path in its file system, for name globs: "/Windows/x.evtx". */
const char	*image_file_path(const struct image_file *f);
/* Its size in bytes. */
int64_t		 image_file_size(const struct image_file *f);
/* Its modification time in UTC µs; returns 0 if it has none. */
int		 image_file_mtime(const struct image_file *f, int64_t *us);
/* Whether it is a deleted file (read with image_opts.deleted). */
bool		 image_file_deleted(const struct image_file *f);

/*
 * Read the next up to len bytes of f into buf.  Returns the number read,
 * 0 at its end, or -1 with the reason in image_file_error().
 */
ssize_t		 image_file_read(struct image_file *f, void *buf, size_t len);
const char	*image_file_error(const struct image_file *f);

/* What image_scan() calls: for each file, and for each one passed over. */
struct image_cb {
	void	(*file)(void *arg, struct image_file *f);
	void	(*skip)(void *arg, const char *inner, const char *why);
	void	 *arg;
};

/*
 * What the first bytes p[0..n) of a file say it is, if a disk image: "E01",
 * "VMDK", "VHD", "GPT", "MBR", "NTFS", "exFAT", "FAT", "ext2/3/4" or
 * "HFS+"; NULL if it is none of them.
 */
const char	*image_sniff(const unsigned char *p, size_t n);

/*
 * If the file at path, whose first bytes are p[0..n), is a later segment
 * of an image (an E01 segment after the first; "x.002" ... beside an
 * "x.001"), why it is not read on its own; else NULL.
 */
const char	*image_segment(const char *path, const unsigned char *p,
		    size_t n);

/*
 * Open the disk image at path, of the kind image_sniff() said (an E01,
 * VMDK or VHD by its format, anything else as raw, split raw segments
 * found from the first), and call cb->file for each regular file of
 * each file system in it, in directory order.  Damage (a partition table,
 * a file system, an image segment) is reported to d with the provenance
 * "path!pN" or "path", and the rest is still read.  Returns HOP_OK,
 * HOP_WARN when anything was not read, or HOP_FAIL when path is no image
 * The Sleuth Kit can read, with nothing reported and the reason in
 * why[0..whylen).
 */
int		 image_scan(const char *path, const char *kind,
		    const struct image_opts *o,
		    const struct hop_diag *d, const struct image_cb *cb,
		    char *why, size_t whylen);

/*
 * The host an image file name implies: its last path component without
 * image extensions (.E01, .raw, .dd, .img, .001, .vmdk, .vhd ...).
 * "cases/dc01.E01" -> "dc01".  Returns a new string.
 */
char		*image_host(const char *path);

#endif /* IMAGE_H */
