/* SPDX-License-Identifier: MIT */
/*
 * sha256.h - SHA-256 digests (OpenSSL's libcrypto) for the chain of
 * custody: hashed in the same pass as the scan reads.
 */
#ifndef SHA256_H
#define SHA256_H

#include <stddef.h>

#define SHA256_LEN	32
#define SHA256_HEX	(2 * SHA256_LEN + 1)

struct sha256;

struct sha256	*sha256_new(void);
void		 sha256_update(struct sha256 *h, const void *p, size_t n);
/* The digest of everything so far; h can go on being updated. */
void		 sha256_peek(const struct sha256 *h,
		    unsigned char out[SHA256_LEN]);
void		 sha256_free(struct sha256 *h);
/* Lower-case hex of a digest, NUL-terminated. */
void		 sha256_hex(const unsigned char d[SHA256_LEN],
		    char hex[SHA256_HEX]);

#endif /* SHA256_H */
