/* SPDX-License-Identifier: MIT */
/*
 * outfile.c - result files written whole through a temporary file, or in
 * place when they are not regular files.
 */
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "hopscan.h"
#include "outfile.h"

int
outfile_open(struct outfile *o, const char *path)
{
	struct stat st;
	mode_t um;
	int e, have;

	o->tmp = NULL;
	have = lstat(path, &st) == 0;
	if (have && S_ISDIR(st.st_mode)) {
		errno = EISDIR;
		return o->fd = -1;
	}
	/*
	 * Not a regular file (a device, a FIFO, a terminal) or a link (to
	 * one such as /dev/stdout, or to a file elsewhere): written through,
	 * not replaced.
	 */
	if (have && !S_ISREG(st.st_mode)) {
		do
			o->fd = open(path, O_WRONLY | O_CREAT | O_TRUNC |
			    O_NOCTTY | O_CLOEXEC, 0666);
		while (o->fd == -1 && errno == EINTR);
		return o->fd;
	}
	o->tmp = xasprintf("%s.XXXXXX", path);
	um = umask(0);
	umask(um);
	if ((o->fd = mkstemp(o->tmp)) == -1 ||
	    fchmod(o->fd, 0666 & ~um) == -1) {
		e = errno;
		if (o->fd != -1) {
			close(o->fd);
			unlink(o->tmp);
		}
		free(o->tmp);
		o->tmp = NULL;
		errno = e;
		return o->fd = -1;
	}
	return o->fd;
}

int
outfile_sync(const struct outfile *o)
{
	return o->tmp != NULL ? fsync(o->fd) : 0;
}

int
outfile_done(struct outfile *o, const char *path, bool ok)
{
	int r = ok ? 0 : -1, e = errno;

	if (o->tmp != NULL) {
		if (ok && rename(o->tmp, path) == -1)
			r = -1;
		e = errno;
		if (r == -1)
			unlink(o->tmp);
		free(o->tmp);
		o->tmp = NULL;
	}
	errno = e;
	return r;
}
