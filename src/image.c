/* SPDX-License-Identifier: MIT */
/*
 * image.c - disk images through The Sleuth Kit: image formats (raw, split
 * raw, E01 via libewf, VMDK, VHD), volume systems, file systems, files.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include <tsk/libtsk.h>

#include "image.h"

#define SNIFF_PART	(64u << 10)	/* bytes of a partition sniffed */
#define WHY_MAX		200		/* TSK's messages are cut to this */
#define NTFS_LAST_META	26		/* highest reserved NTFS MFT entry */

struct image_file {
	TSK_FS_FILE		*file;
	const TSK_FS_ATTR	*attr;	/* an alternate data stream, or NULL */
	TSK_OFF_T		 off, size;
	char			*inner;	/* "p2!/x/y" */
	const char		*path;	/* "/x/y" inside inner */
	bool			 deleted;
	char			 err[256];
};

/* One file system being walked. */
struct fs_walk {
	const struct image_opts	*o;
	const struct image_cb	*cb;
	const char		*part;	/* "p2!" or "" */
	TSK_FS_INFO		*fs;
};

/* The last TSK error as one line, into buf. */
static const char *
tsk_why(char *buf, size_t len)
{
	const char *e = tsk_error_get();
	size_t n;

	snprintf(buf, len < WHY_MAX ? len : WHY_MAX, "%s", e != NULL &&
	    *e != '\0' ? e : "no further detail");
	for (char *p = buf; *p != '\0'; p++)
		if (*p == '\n' || *p == '\r' || *p == '\t')
			*p = ' ';
	n = strlen(buf);
	while (n > 0 && (buf[n - 1] == ' ' || buf[n - 1] == '.'))
		buf[--n] = '\0';
	tsk_error_reset();
	return buf;
}

const char *
image_file_inner(const struct image_file *f)
{
	return f->inner;
}

const char *
image_file_path(const struct image_file *f)
{
	return f->path;
}

int64_t
image_file_size(const struct image_file *f)
{
	return f->size;
}

int
image_file_mtime(const struct image_file *f, int64_t *us)
{
	const TSK_FS_META *m = f->file->meta;

	if (m == NULL || m->mtime == 0)
		return 0;
	*us = (int64_t)m->mtime * 1000000 + m->mtime_nano / 1000;
	return 1;
}

bool
image_file_deleted(const struct image_file *f)
{
	return f->deleted;
}

ssize_t
image_file_read(struct image_file *f, void *buf, size_t len)
{
	ssize_t n;

	if (f->off >= f->size)
		return 0;
	if ((TSK_OFF_T)len > f->size - f->off)
		len = (size_t)(f->size - f->off);
	tsk_error_reset();
	if (f->attr != NULL)
		n = tsk_fs_attr_read(f->attr, f->off, buf, len,
		    TSK_FS_FILE_READ_FLAG_NONE);
	else
		n = tsk_fs_file_read(f->file, f->off, buf, len,
		    TSK_FS_FILE_READ_FLAG_NONE);
	if (n <= 0) {
		tsk_why(f->err, sizeof(f->err));
		return -1;
	}
	f->off += n;
	return n;
}

const char *
image_file_error(const struct image_file *f)
{
	return f->err;
}

static int
has(const unsigned char *p, size_t n, size_t off, const char *magic,
    size_t len)
{
	return n >= off + len && memcmp(p + off, magic, len) == 0;
}

static uint32_t
le32(const unsigned char *p)
{
	return p[0] | p[1] << 8 | p[2] << 16 | (uint32_t)p[3] << 24;
}

/* A DOS partition table: the boot signature and sane entries. */
static int
is_mbr(const unsigned char *p, size_t n)
{
	int used = 0;

	if (!has(p, n, 510, "\x55\xaa", 2))
		return 0;
	for (int i = 0; i < 4; i++) {
		const unsigned char *e = p + 446 + 16 * i;
		uint32_t start = le32(e + 8), size = le32(e + 12);

		if (e[0] != 0 && e[0] != 0x80)
			return 0;
		if (e[4] != 0 && start != 0 && size != 0)
			used++;
	}
	return used > 0;
}

/* File systems by their superblock, at the start of a volume. */
static const char *
sniff_fs(const unsigned char *p, size_t n)
{
	if (has(p, n, 3, "NTFS    ", 8))
		return "NTFS";
	if (has(p, n, 3, "EXFAT   ", 8))
		return "exFAT";
	if (has(p, n, 510, "\x55\xaa", 2) && (has(p, n, 54, "FAT1", 4) ||
	    has(p, n, 82, "FAT32   ", 8)))
		return "FAT";
	if (has(p, n, 1080, "\x53\xef", 2) && le32(p + 1024 + 0x14) <= 1 &&
	    le32(p + 1024 + 0x18) <= 6 && le32(p + 1024 + 0x4c) <= 1)
		return "ext2/3/4";	/* and sane first block, size, revision */
	if (has(p, n, 1024, "H+\0\4", 4) || has(p, n, 1024, "HX\0\5", 4))
		return "HFS+";
	return NULL;
}

const char *
image_sniff(const unsigned char *p, size_t n)
{
	const char *fs;

	if (has(p, n, 0, "EVF\x09\x0d\x0a\xff\x00", 8))
		return "E01";
	if (has(p, n, 0, "KDMV", 4) || has(p, n, 0, "# Disk DescriptorFile",
	    21))
		return "VMDK";
	if (has(p, n, 0, "conectix", 8))
		return "VHD";
	if (has(p, n, 512, "EFI PART", 8) || has(p, n, 4096, "EFI PART", 8))
		return "GPT";
	if ((fs = sniff_fs(p, n)) != NULL)
		return fs;
	if (is_mbr(p, n))
		return "MBR";
	return NULL;
}

const char *
image_segment(const char *path, const unsigned char *p, size_t n)
{
	size_t len = strlen(path);
	char *first;
	int exists;

	if (has(p, n, 0, "EVF\x09\x0d\x0a\xff\x00", 8) && n >= 11 &&
	    (p[9] | p[10] << 8) > 1)
		return "a later segment of an E01 image; read with its first";
	if (len < 5 || path[len - 4] != '.' || strspn(path + len - 3,
	    "0123456789") != 3 || strcmp(path + len - 3, "001") == 0 ||
	    strcmp(path + len - 3, "000") == 0)
		return NULL;
	first = xstrdup(path);
	memcpy(first + len - 3, "001", 3);
	exists = access(first, F_OK) == 0;
	free(first);
	return exists ? "a later segment of a split raw image; read with its "
	    "first (.001)" : NULL;
}

/* Encrypted volumes TSK cannot read, by their header. */
static const char *
sniff_encrypted(const unsigned char *p, size_t n)
{
	if (has(p, n, 3, "-FVE-FS-", 8))
		return "BitLocker";
	if (has(p, n, 0, "LUKS\xba\xbe", 6))
		return "LUKS";
	return NULL;
}

/*
 * The file system type to open a volume with: the one its superblock
 * shows (trying every type reads much of a damaged volume), else TSK's
 * detection, which also knows UFS, YAFFS2, APFS ...
 */
static TSK_FS_TYPE_ENUM
fs_type(const char *kind)
{
	static const struct {
		const char		*kind;
		TSK_FS_TYPE_ENUM	 type;
	} tab[] = {
		{ "NTFS", TSK_FS_TYPE_NTFS_DETECT },
		{ "exFAT", TSK_FS_TYPE_EXFAT },
		{ "FAT", TSK_FS_TYPE_FAT_DETECT },
		{ "ext2/3/4", TSK_FS_TYPE_EXT_DETECT },
		{ "HFS+", TSK_FS_TYPE_HFS_DETECT },
	};

	for (size_t i = 0; kind != NULL && i < sizeof(tab) / sizeof(tab[0]);
	    i++)
		if (strcmp(kind, tab[i].kind) == 0)
			return tab[i].type;
	return TSK_FS_TYPE_DETECT;
}

/* Hand one file (or one of its data streams) to the callback. */
static void
give(struct fs_walk *w, TSK_FS_FILE *file, const TSK_FS_ATTR *attr,
    const char *path, bool deleted)
{
	struct image_file f = { .file = file, .attr = attr,
	    .deleted = deleted };
	size_t plen = strlen(w->part);

	f.size = attr != NULL ? attr->size : file->meta->size;
	if (attr != NULL)
		f.inner = xasprintf("%s%s:%s%s", w->part, path, attr->name,
		    deleted ? " (deleted)" : "");
	else
		f.inner = xasprintf("%s%s%s", w->part, path,
		    deleted ? " (deleted)" : "");
	f.path = f.inner + plen;
	w->cb->file(w->cb->arg, &f);
	free(f.inner);
}

/* Is this one of the NTFS system files ($MFT, $LogFile, $Extend/...)? */
static bool
ntfs_meta(const struct fs_walk *w, const TSK_FS_FILE *file, const char *dir)
{
	if (!TSK_FS_TYPE_ISNTFS(w->fs->ftype))
		return false;
	if (strncmp(dir, "$Extend/", 8) == 0)
		return true;
	return dir[0] == '\0' && file->name->name[0] == '$' &&
	    file->meta->addr <= NTFS_LAST_META;
}

/* The alternate data streams of an NTFS file. */
static void
give_ads(struct fs_walk *w, TSK_FS_FILE *file, const char *path,
    bool deleted)
{
	int n = tsk_fs_file_attr_getsize(file);

	for (int i = 0; i < n; i++) {
		const TSK_FS_ATTR *a = tsk_fs_file_attr_get_idx(file, i);
		char *inner;

		if (a == NULL || a->type != TSK_FS_ATTR_TYPE_NTFS_DATA ||
		    a->name == NULL || a->name[0] == '\0' ||
		    strcmp(a->name, "$Data") == 0)
			continue;
		if (w->o->ads) {
			give(w, file, a, path, deleted);
			continue;
		}
		inner = xasprintf("%s%s:%s", w->part, path, a->name);
		w->cb->skip(w->cb->arg, inner, "alternate data stream; read "
		    "with --ads");
		free(inner);
	}
	tsk_error_reset();
}

static TSK_WALK_RET_ENUM
visit(TSK_FS_FILE *file, const char *dir, void *arg)
{
	struct fs_walk *w = arg;
	const TSK_FS_META *m = file->meta;
	bool deleted;
	char *path;

	if (file->name == NULL || m == NULL || m->type != TSK_FS_META_TYPE_REG)
		return TSK_WALK_CONT;
	deleted = (file->name->flags & TSK_FS_NAME_FLAG_UNALLOC) ||
	    (m->flags & TSK_FS_META_FLAG_UNALLOC);
	/* A deleted name whose metadata was reused names another file. */
	if (deleted && (!w->o->deleted || !(m->flags &
	    TSK_FS_META_FLAG_UNALLOC) || m->size <= 0))
		return TSK_WALK_CONT;
	path = xasprintf("/%s%s", dir, file->name->name);
	if (ntfs_meta(w, file, dir) && !w->o->all_files) {
		char *inner = xasprintf("%s%s", w->part, path);

		w->cb->skip(w->cb->arg, inner, "NTFS metadata file");
		free(inner);
	} else {
		give(w, file, NULL, path, deleted);
		if (TSK_FS_TYPE_ISNTFS(w->fs->ftype))
			give_ads(w, file, path, deleted);
	}
	free(path);
	return TSK_WALK_CONT;
}

/* Walk every file of fs; prov names it in diagnostics. */
static int
scan_fs(TSK_FS_INFO *fs, const char *part, const char *prov,
    const struct image_opts *o, const struct hop_diag *d,
    const struct image_cb *cb)
{
	struct fs_walk w = { o, cb, part, fs };
	int flags = TSK_FS_DIR_WALK_FLAG_ALLOC | TSK_FS_DIR_WALK_FLAG_RECURSE;
	char why[256];

	flags |= o->deleted ? TSK_FS_DIR_WALK_FLAG_UNALLOC :
	    TSK_FS_DIR_WALK_FLAG_NOORPHAN;
	tsk_error_reset();
	if (tsk_fs_dir_walk(fs, fs->root_inum, (TSK_FS_DIR_WALK_FLAG_ENUM)flags,
	    visit, &w) != 0) {
		hop_diag(d, HOP_SEV_ERROR, prov, 0, "%s file system: walk "
		    "stopped: %s", tsk_fs_type_toname(fs->ftype),
		    tsk_why(why, sizeof(why)));
		return HOP_WARN;
	}
	return HOP_OK;
}

/* Open and walk the file system of partition p, numbered n. */
static int
scan_part(const TSK_VS_PART_INFO *p, int n, const char *path,
    const struct image_opts *o, const struct hop_diag *d,
    const struct image_cb *cb)
{
	char *prov = xasprintf("%s!p%d", path, n);
	char *part = xasprintf("p%d!", n);
	unsigned char *head = xcalloc(1, SNIFF_PART);
	const char *fs_kind = NULL, *enc = NULL;
	TSK_FS_INFO *fs = NULL;
	char why[256];
	ssize_t got;
	int r = HOP_WARN;

	/* Its first bytes: unreadable, encrypted, or which file system. */
	tsk_error_reset();
	got = tsk_vs_part_read(p, 0, (char *)head, SNIFF_PART);
	if (got > 0) {
		fs_kind = sniff_fs(head, (size_t)got);
		enc = sniff_encrypted(head, (size_t)got);
	} else
		tsk_why(why, sizeof(why));
	if (got > 0 && enc == NULL && (fs = tsk_fs_open_vol(p,
	    fs_type(fs_kind))) == NULL)
		tsk_why(why, sizeof(why));
	if (fs != NULL) {
		r = scan_fs(fs, part, prov, o, d, cb);
		tsk_fs_close(fs);
	} else if (got <= 0)
		hop_diag(d, HOP_SEV_ERROR, prov, 0, "partition unreadable: %s",
		    why);
	else if (enc != NULL)
		hop_diag(d, HOP_SEV_ERROR, prov, 0, "encrypted (%s); not "
		    "scanned", enc);
	else if (p->desc != NULL && strstr(p->desc, "(0xee)") != NULL)
		hop_diag(d, HOP_SEV_ERROR, prov, 0, "GPT protective partition "
		    "only: the GPT header or partition table is damaged; the "
		    "partitions it held are not found");
	else if (fs_kind != NULL)
		hop_diag(d, HOP_SEV_ERROR, prov, 0, "damaged %s file system: "
		    "%s; partition not scanned", fs_kind, why);
	else {
		hop_diag(d, HOP_SEV_WARNING, prov, 0, "no file system The "
		    "Sleuth Kit reads (%s); not scanned",
		    p->desc != NULL && *p->desc != '\0' ? p->desc : "unknown");
		r = HOP_OK;
	}
	free(head);
	free(prov);
	free(part);
	tsk_error_reset();
	return r;
}

/* Walk the allocated partitions of vs, numbered from 1. */
static int
scan_vs(TSK_VS_INFO *vs, const char *path, const struct image_opts *o,
    const struct hop_diag *d, const struct image_cb *cb)
{
	int n = 0, r = HOP_OK;

	for (TSK_PNUM_T i = 0; i < vs->part_count; i++) {
		const TSK_VS_PART_INFO *p = tsk_vs_part_get(vs, i);

		if (p == NULL || !(p->flags & TSK_VS_PART_FLAG_ALLOC))
			continue;
		if (scan_part(p, ++n, path, o, d, cb) != HOP_OK)
			r = HOP_WARN;
	}
	if (n == 0)
		hop_diag(d, HOP_SEV_WARNING, path, 0, "%s partition table "
		    "with no partitions", tsk_vs_type_toname(vs->vstype));
	return r;
}

/* The name of segment n (from 1) of the E01 set whose first is path. */
static char *
ewf_segment_name(const char *path, int n)
{
	char *s = xstrdup(path);
	size_t len = strlen(s);
	char *e = s + len - 3;		/* "E01" */
	int lower = e[0] >= 'a' && e[0] <= 'z';

	if (n <= 99) {
		e[1] = (char)('0' + n / 10);
		e[2] = (char)('0' + n % 10);
	} else {
		n -= 100;
		e[0] = (char)(e[0] + n / 676);
		e[1] = (char)('A' + n / 26 % 26);
		e[2] = (char)('A' + n % 26);
		if (lower) {
			e[1] = (char)(e[1] - 'A' + 'a');
			e[2] = (char)(e[2] - 'A' + 'a');
		}
	}
	return s;
}

/*
 * Follow the section chain of one EWF segment file.  Returns 1 at a
 * "done" section (the last segment), 0 at "next", -1 when the chain breaks
 * (*at: where), -2 when the file cannot be opened.
 */
static int
ewf_sections(const char *path, long long *at, long long *size)
{
	FILE *f = fopen(path, "rb");
	unsigned char d[76];
	uint64_t off = 13, next;
	int r = -1;

	if (f == NULL)
		return -2;
	fseeko(f, 0, SEEK_END);
	*size = ftello(f);
	for (int i = 0; i < 1000000; i++) {
		if (fseeko(f, (off_t)off, SEEK_SET) != 0 ||
		    fread(d, 1, sizeof(d), f) != sizeof(d))
			break;
		next = 0;
		for (int k = 7; k >= 0; k--)
			next = next << 8 | d[16 + k];
		if (memcmp(d, "done", 5) == 0 || memcmp(d, "next", 5) == 0) {
			r = d[0] == 'd';
			break;
		}
		if (next <= off || next > (uint64_t)*size)
			break;
		off = next;
	}
	*at = (long long)off;
	fclose(f);
	return r;
}

/*
 * Check that the E01 set whose first segment is path is whole: every
 * segment there, each section chain unbroken, the last one "done".
 * libewf reads what is missing as zeros or fails chunk by chunk; this says
 * which segment is at fault.  Returns HOP_OK or HOP_WARN (reported).
 */
static int
ewf_check(const char *path, const struct hop_diag *d)
{
	size_t len = strlen(path);
	long long at, size;

	if (len < 4 || path[len - 4] != '.' || strcasecmp(path + len - 3,
	    "e01") != 0)
		return HOP_OK;
	for (int n = 1; n < 26 * 26 * 26; n++) {
		char *seg = ewf_segment_name(path, n);
		int r = ewf_sections(seg, &at, &size);

		if (r == -2)
			hop_diag(d, HOP_SEV_ERROR, seg, 0, "E01 segment missing: "
			    "the image is incomplete; what it held is not read");
		else if (r == -1)
			hop_diag(d, HOP_SEV_ERROR, seg, 0, "E01 segment truncated "
			    "or damaged: its section at byte %lld reaches past "
			    "its end (%lld bytes); what it held is not read", at,
			    size);
		free(seg);
		if (r != 0)
			return r == 1 ? HOP_OK : HOP_WARN;
	}
	return HOP_OK;
}

/*
 * The image format image_sniff() saw.  Opening with TSK's detection would
 * try every format in turn (and libvmdk and libvhdi leak on the ones that
 * fail); a raw image of one or more segments is anything else.
 */
static TSK_IMG_TYPE_ENUM
img_type(const char *kind)
{
	if (kind != NULL && strcmp(kind, "E01") == 0)
		return TSK_IMG_TYPE_EWF_EWF;
	if (kind != NULL && strcmp(kind, "VMDK") == 0)
		return TSK_IMG_TYPE_VMDK_VMDK;
	if (kind != NULL && strcmp(kind, "VHD") == 0)
		return TSK_IMG_TYPE_VHD_VHD;
	return TSK_IMG_TYPE_RAW;
}

/*
 * The volume system to open: a GPT when its header is there, else what
 * TSK detects.  (Detection on a GPT disk also finds the protective MBR and
 * leaks that table.)
 */
static TSK_VS_TYPE_ENUM
vs_type(TSK_IMG_INFO *img)
{
	char b[4096 + 8];
	ssize_t n = tsk_img_read(img, 0, b, sizeof(b));

	tsk_error_reset();
	if (n >= 520 && memcmp(b + 512, "EFI PART", 8) == 0)
		return TSK_VS_TYPE_GPT;
	if (n >= (ssize_t)sizeof(b) && memcmp(b + 4096, "EFI PART", 8) == 0)
		return TSK_VS_TYPE_GPT;
	return TSK_VS_TYPE_DETECT;
}

int
image_scan(const char *path, const char *kind, const struct image_opts *o,
    const struct hop_diag *d, const struct image_cb *cb, char *why,
    size_t whylen)
{
	TSK_IMG_INFO *img;
	TSK_VS_INFO *vs;
	TSK_FS_INFO *fs;
	char vwhy[256], fwhy[256];
	int r, rc;

	tsk_error_reset();
	if ((img = tsk_img_open_utf8_sing(path, img_type(kind), 0)) == NULL) {
		tsk_why(why, whylen);
		return HOP_FAIL;
	}
	rc = kind != NULL && strcmp(kind, "E01") == 0 ? ewf_check(path, d) :
	    HOP_OK;
	if ((vs = tsk_vs_open(img, 0, vs_type(img))) == NULL)
		tsk_why(vwhy, sizeof(vwhy));
	if (vs != NULL) {
		r = scan_vs(vs, path, o, d, cb);
		tsk_vs_close(vs);
	} else if ((fs = tsk_fs_open_img(img, 0, fs_type(kind))) !=
	    NULL) {
		r = scan_fs(fs, "", path, o, d, cb);
		tsk_fs_close(fs);
	} else {
		tsk_why(fwhy, sizeof(fwhy));
		snprintf(why, whylen, "%s image; no partition table (%s) and "
		    "no file system (%s)", tsk_img_type_toname(img->itype),
		    vwhy, fwhy);
		r = HOP_FAIL;
	}
	tsk_img_close(img);
	return r == HOP_OK ? rc : r;
}

/* The length of s without a trailing image extension, or 0 if none. */
static size_t
strip_ext(const char *s, size_t n)
{
	static const char *const ext[] = {
		".e01", ".ex01", ".s01", ".l01", ".raw", ".dd", ".img",
		".bin", ".vmdk", ".vhd", ".vhdx", ".aff", ".dmg",
	};
	const char *dot = NULL;

	for (size_t i = n; i > 0; i--)
		if (s[i - 1] == '.') {
			dot = s + i - 1;
			break;
		}
	if (dot == NULL || dot == s)
		return 0;
	for (size_t i = 0; i < sizeof(ext) / sizeof(ext[0]); i++)
		if ((size_t)(s + n - dot) == strlen(ext[i]) &&
		    strncasecmp(dot, ext[i], strlen(ext[i])) == 0)
			return (size_t)(dot - s);
	if (s + n - dot == 4 && isdigit((unsigned char)dot[1]) &&
	    isdigit((unsigned char)dot[2]) && isdigit((unsigned char)dot[3]))
		return (size_t)(dot - s);
	return 0;
}

char *
image_host(const char *path)
{
	const char *base = strrchr(path, '/');
	size_t n, m;

	base = base != NULL ? base + 1 : path;
	n = strlen(base);
	while ((m = strip_ext(base, n)) > 0)
		n = m;
	return xstrndup(base, n);
}
