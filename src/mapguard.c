/* SPDX-License-Identifier: MIT */
/*
 * mapguard.c - SIGBUS in a guarded file mapping: zeros mapped over the
 * rest of it.  The handler reads the slots without locks (atomics only)
 * and calls only mmap(2), a system call.
 */
#include <sys/mman.h>

#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdint.h>
#include <string.h>
#include <unistd.h>

#include "mapguard.h"

#define SLOTS	256		/* mappings guarded at once: one a thread */

static struct slot {
	atomic_uintptr_t	 lo;	/* 0: free */
	atomic_uintptr_t	 hi;
	atomic_bool		 shrank;
} slots[SLOTS];

static pthread_once_t	 once = PTHREAD_ONCE_INIT;
static uintptr_t	 page;

static void
on_sigbus(int sig, siginfo_t *si, void *uc)
{
	uintptr_t a = (uintptr_t)si->si_addr, lo, hi, from;
	int e = errno;

	(void)uc;
	for (size_t i = 0; i < SLOTS; i++) {
		lo = atomic_load(&slots[i].lo);
		hi = atomic_load(&slots[i].hi);
		if (lo == 0 || a < lo || a >= hi)
			continue;
		/* The file ends before a: zeros from a's page on. */
		from = a & ~(page - 1);
		if (mmap((void *)from, hi - from, PROT_READ, MAP_FIXED |
		    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0) != MAP_FAILED) {
			atomic_store(&slots[i].shrank, true);
			errno = e;
			return;
		}
	}
	/* Not a guarded mapping: the default action, on the way back. */
	signal(sig, SIG_DFL);
	errno = e;
}

static void
install(void)
{
	struct sigaction sa;

	page = (uintptr_t)sysconf(_SC_PAGESIZE);
	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = on_sigbus;
	sa.sa_flags = SA_SIGINFO | SA_RESTART;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGBUS, &sa, NULL);
}

int
mapguard_add(void *p, size_t len)
{
	pthread_once(&once, install);
	for (int i = 0; i < SLOTS; i++) {
		uintptr_t unused = 0;

		/* Claimed with hi still 0: the handler ignores it so far. */
		if (atomic_compare_exchange_strong(&slots[i].lo, &unused,
		    (uintptr_t)p)) {
			atomic_store(&slots[i].shrank, false);
			atomic_store(&slots[i].hi, (uintptr_t)p + len);
			return i;
		}
	}
	return -1;
}

bool
mapguard_drop(int h)
{
	bool shrank;

	if (h < 0 || h >= SLOTS)
		return false;
	shrank = atomic_load(&slots[h].shrank);
	atomic_store(&slots[h].hi, 0);
	atomic_store(&slots[h].lo, 0);
	return shrank;
}
