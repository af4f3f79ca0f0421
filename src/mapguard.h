/* SPDX-License-Identifier: MIT */
/*
 * mapguard.h - file mappings that survive the file shrinking while it is
 * read (a log cleared or rotated on a live system): a SIGBUS inside a
 * guarded mapping maps zeros over the rest of it, and is remembered, where
 * it would otherwise kill the process.
 */
#ifndef MAPGUARD_H
#define MAPGUARD_H

#include <stdbool.h>
#include <stddef.h>

/*
 * Guard the read-only file mapping p[0..len).  Returns a handle, or -1
 * when too many are guarded (the mapping is then not safe to read).
 */
int	mapguard_add(void *p, size_t len);

/*
 * Stop guarding h (before the mapping is unmapped).  Returns true if the
 * file shrank under it: what lay past its end was read as zeros.
 */
bool	mapguard_drop(int h);

#endif /* MAPGUARD_H */
