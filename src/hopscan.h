/* SPDX-License-Identifier: MIT */
/*
 * hopscan.h - return codes, diagnostics and allocation helpers shared by
 * every stage of the scanner.
 */
#ifndef HOPSCAN_H
#define HOPSCAN_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#define HOP_VERSION	"0.1.0"

/* Return codes of every stage, graded like libarchive's. */
enum {
	HOP_OK = 0,		/* success */
	HOP_EOF = 1,		/* no more data */
	HOP_WARN = -20,		/* partial success; the caller may go on */
	HOP_FAIL = -25,		/* this object failed; others may go on */
	HOP_FATAL = -30		/* nothing can go on */
};

/* Severity of a diagnostic; errors make the exit status 2. */
enum hop_sev {
	HOP_SEV_WARNING,
	HOP_SEV_ERROR,
	HOP_SEV_NOTE		/* information, not a problem */
};

/*
 * A diagnostic sink.  Stages never print: they hand each diagnostic to the
 * sink that main.c installed.  prov is the provenance of the input (may be
 * NULL), line is 0 when it does not apply.  msg is a complete sentence
 * fragment without a trailing newline.  The sink must be thread-safe when
 * the stages run on several threads.
 */
struct hop_diag {
	void	(*fn)(void *arg, enum hop_sev sev, const char *prov,
		    uint64_t line, const char *msg);
	void	 *arg;
};

/* Format a diagnostic and hand it to d (a NULL d or d->fn drops it). */
void	hop_diag(const struct hop_diag *d, enum hop_sev sev, const char *prov,
	    uint64_t line, const char *fmt, ...)
	    __attribute__((format(printf, 5, 6)));

/* Allocation wrappers: they abort the program when memory runs out. */
void	 hop_oom(void) __attribute__((noreturn));
void	*xmalloc(size_t n);
void	*xcalloc(size_t nmemb, size_t size);
void	*xrealloc(void *p, size_t n);
/* Grow an array of nmemb elements of size bytes; overflow aborts. */
void	*xreallocarray(void *p, size_t nmemb, size_t size);
char	*xstrdup(const char *s);
char	*xstrndup(const char *s, size_t n);
/* asprintf that aborts on failure. */
char	*xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/*
 * A request to stop (SIGINT, SIGTERM): hop_stop_request() is
 * async-signal-safe; every stage polls hop_stop_requested() (the signal
 * number, or 0) between blocks and records and winds down without a
 * diagnostic of its own.
 */
void	hop_stop_request(int sig);
int	hop_stop_requested(void);

#endif /* HOPSCAN_H */
