/* SPDX-License-Identifier: MIT */
/*
 * merge.h - k-way merge of sorted JSONL timelines (the output of
 * "hopscan scan -f jsonl", one per shard) into one, streaming: one line
 * of each input in memory at a time.
 */
#ifndef MERGE_H
#define MERGE_H

#include <stdint.h>
#include <stdio.h>

#include "hopscan.h"

/*
 * Merge the timelines in files paths[0..n) into out, in the order of the
 * scan's timeline: timed events first, by time, then by source (the
 * provenance, its escapes undone), position, signature id and offset;
 * lines equal on all of these keep their file order.  Inputs made by
 * "scan --shard K/N" of one evidence set hold different sources, so the
 * merge of all N is byte for byte the JSONL of one scan of the whole set.
 * Every line is checked: a line that is not one of hopscan's JSONL
 * events, or that comes before the line above it in that order, is
 * reported to d as an error naming the file and line, and the merge
 * stops.  Returns HOP_OK, or HOP_FAIL (reported; out may hold a part of
 * the merge).  *nevents receives the number of lines written; a write
 * error is HOP_FATAL with errno set and nothing reported.
 */
int	merge_jsonl(const char *const *paths, size_t n, FILE *out,
	    const struct hop_diag *d, uint64_t *nevents);

#endif /* MERGE_H */
