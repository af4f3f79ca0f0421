/* SPDX-License-Identifier: MIT */
/*
 * sha256.c - SHA-256 through OpenSSL's EVP interface.
 */
#include <openssl/evp.h>
#include <stdlib.h>

#include "hopscan.h"
#include "sha256.h"

struct sha256 {
	EVP_MD_CTX	*md;
};

/* Only a lack of memory makes EVP fail on SHA-256. */
#define fail()	hop_oom()

struct sha256 *
sha256_new(void)
{
	struct sha256 *h = xmalloc(sizeof(*h));

	if ((h->md = EVP_MD_CTX_new()) == NULL ||
	    EVP_DigestInit_ex(h->md, EVP_sha256(), NULL) != 1)
		fail();
	return h;
}

void
sha256_update(struct sha256 *h, const void *p, size_t n)
{
	if (n > 0 && EVP_DigestUpdate(h->md, p, n) != 1)
		fail();
}

void
sha256_peek(const struct sha256 *h, unsigned char out[SHA256_LEN])
{
	EVP_MD_CTX *c = EVP_MD_CTX_new();
	unsigned int n = SHA256_LEN;

	if (c == NULL || EVP_MD_CTX_copy_ex(c, h->md) != 1 ||
	    EVP_DigestFinal_ex(c, out, &n) != 1)
		fail();
	EVP_MD_CTX_free(c);
}

void
sha256_free(struct sha256 *h)
{
	if (h == NULL)
		return;
	EVP_MD_CTX_free(h->md);
	free(h);
}

void
sha256_hex(const unsigned char d[SHA256_LEN], char hex[SHA256_HEX])
{
	static const char x[] = "0123456789abcdef";

	for (size_t i = 0; i < SHA256_LEN; i++) {
		hex[2 * i] = x[d[i] >> 4];
		hex[2 * i + 1] = x[d[i] & 15];
	}
	hex[2 * SHA256_LEN] = '\0';
}
