/* SPDX-License-Identifier: MIT */
/*
 * manifest.h - the chain of custody (--manifest FILE): what was scanned,
 * with which rules, what each input and member hashed to, what was read
 * from it and what went wrong, and the digest of the timeline written.
 */
#ifndef MANIFEST_H
#define MANIFEST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "hopscan.h"
#include "input.h"
#include "sigs.h"

struct manifest;

/* Start a manifest now, for the command line argv[0..argc). */
struct manifest	*manifest_new(int argc, char **argv);
void		 manifest_free(struct manifest *m);

/* Record the rule files of s and their digests (read here, once). */
void		 manifest_sigs(struct manifest *m, const struct sigset *s);

/*
 * Record one stream of the input numbered input (in scan order).  These
 * and manifest_diag() are thread-safe.
 */
void		 manifest_stream(struct manifest *m, size_t input,
		    const struct stream_info *si);
void		 manifest_diag(struct manifest *m, enum hop_sev sev,
		    const char *prov, uint64_t line, const char *msg);
/* Record an input the profile left out, and why. */
void		 manifest_skip(struct manifest *m, const char *prov,
		    const char *why);

/*
 * A stream that writes to out and hashes what it writes: the timeline.
 * Closing it flushes it but leaves out open.  NULL if it cannot be made.
 */
FILE		*manifest_tee(struct manifest *m, FILE *out);

/* How the scan ended. */
struct manifest_end {
	const char	*output;	/* timeline file, or NULL: stdout */
	const char	*format;	/* "jsonl" ... */
	size_t		 events;
	int		 exit_status;
	int		 signal;	/* the stop request, or 0 */
};

/*
 * Write the manifest as JSON to path, atomically (a temporary file renamed
 * into place), or in place when path is no regular file (outfile.h).
 * Returns 0, or -1 with errno set.
 */
int		 manifest_write(struct manifest *m, const char *path,
		    const struct manifest_end *e);

#endif /* MANIFEST_H */
