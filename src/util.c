/* SPDX-License-Identifier: MIT */
/*
 * util.c - diagnostics formatting and allocation wrappers.
 */
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hopscan.h"

void
hop_diag(const struct hop_diag *d, enum hop_sev sev, const char *prov,
    uint64_t line, const char *fmt, ...)
{
	char msg[1024];
	va_list ap;

	if (d == NULL || d->fn == NULL)
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	d->fn(d->arg, sev, prov, line, msg);
}

void
hop_oom(void)
{
	fputs("hopscan: out of memory\n", stderr);
	abort();
}

void *
xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);

	if (p == NULL)
		hop_oom();
	return p;
}

void *
xcalloc(size_t nmemb, size_t size)
{
	void *p = calloc(nmemb ? nmemb : 1, size ? size : 1);

	if (p == NULL)
		hop_oom();
	return p;
}

void *
xrealloc(void *p, size_t n)
{
	p = realloc(p, n ? n : 1);
	if (p == NULL)
		hop_oom();
	return p;
}

void *
xreallocarray(void *p, size_t nmemb, size_t size)
{
	if (size != 0 && nmemb > SIZE_MAX / size)
		hop_oom();
	return xrealloc(p, nmemb * size);
}

char *
xstrdup(const char *s)
{
	return xstrndup(s, strlen(s));
}

char *
xstrndup(const char *s, size_t n)
{
	char *p = xmalloc(n + 1);

	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *
xasprintf(const char *fmt, ...)
{
	va_list ap;
	char *p;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		hop_oom();
	p = xmalloc((size_t)n + 1);
	va_start(ap, fmt);
	vsnprintf(p, (size_t)n + 1, fmt, ap);
	va_end(ap);
	return p;
}

/* The signal that asked the scan to stop, or 0. */
static atomic_int stop_sig;

void
hop_stop_request(int sig)
{
	atomic_store(&stop_sig, sig);
}

int
hop_stop_requested(void)
{
	return atomic_load_explicit(&stop_sig, memory_order_relaxed);
}
