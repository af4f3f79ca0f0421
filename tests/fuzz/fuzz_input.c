/* SPDX-License-Identifier: MIT */
/*
 * fuzz_input.c - the archive path on any bytes: input_scan() opens them
 * as a file (a memfd, by its /proc/self/fd path) and finds every stream,
 * through compressed and nested archives; each stream is read to its end,
 * event logs whole (and through the EVTX adapter) as the scanner reads
 * them, and other streams whole or block by block as the last input byte
 * says.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "evtx.h"
#include "fuzz.h"
#include "hopscan.h"
#include "input.h"

static int	memfd = -1;
static char	path[64];

struct run {
	int	 whole;		/* read plain streams with stream_whole() */
	size_t	 sum;
};

static void
on_diag(void *arg, enum hop_sev sev, const char *prov, uint64_t line,
    const char *msg)
{
	struct run *r = arg;

	r->sum += strlen(msg) + (prov != NULL ? strlen(prov) : 0);
}

static void
read_evtx(struct run *r, const void *buf, size_t len)
{
	struct evtx_record er;
	struct evtx *e;
	char err[256];

	if ((e = evtx_open(buf, len, err, sizeof(err))) == NULL)
		return;
	while (evtx_next(e, &er) == 1)
		r->sum += er.len;
	evtx_close(e);
}

static void
on_stream(void *arg, struct stream *st)
{
	struct run *r = arg;
	const unsigned char *p;
	const void *b;
	size_t len;
	int64_t us;

	r->sum += strlen(stream_prov(st)) + (size_t)stream_depth(st);
	(void)stream_mtime(st, &us);
	if (stream_is_evtx(st) || r->whole) {
		if ((p = stream_whole(st, &len)) == NULL)
			return;
		for (size_t i = 0; i < len; i += 4096)
			r->sum += p[i];
		if (stream_is_evtx(st))
			read_evtx(r, p, len);
		return;
	}
	while (stream_read(st, &b, &len) == HOP_OK) {
		if (len == 0)
			abort();
		p = b;
		r->sum += p[0] + p[len - 1];
	}
}

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	if ((memfd = memfd_create("fuzz_input", MFD_CLOEXEC)) == -1) {
		perror("memfd_create");
		exit(1);
	}
	snprintf(path, sizeof(path), "/proc/self/fd/%d", memfd);
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct run r = { size > 0 && data[size - 1] % 2, 0 };
	struct hop_diag d = { on_diag, &r };
	/* The limits as by default, but bytes low enough for the fuzzer's
	   time limit; digests on for every other input. */
	struct input_opts o = { .max_depth = INPUT_MAX_DEPTH_DEFAULT,
	    .max_members = INPUT_MAX_MEMBERS_DEFAULT,
	    .max_bytes = UINT64_C(64) << 20,
	    .max_ratio = INPUT_MAX_RATIO_DEFAULT,
	    .hash = size > 1 && data[size - 2] % 2 };
	size_t off = 0;
	ssize_t n;

	if (ftruncate(memfd, 0) == -1)
		abort();
	while (off < size) {
		if ((n = pwrite(memfd, data + off, size - off,
		    (off_t)off)) <= 0)
			abort();
		off += (size_t)n;
	}
	(void)input_scan(path, &o, &d, on_stream, &r);
	return r.sum == 1 ? 1 : 0;
}
