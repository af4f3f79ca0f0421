/* SPDX-License-Identifier: MIT */
/*
 * test_mapguard.c - a mapped file that shrinks while it is read: zeros
 * past its new end, and the shrinking told, instead of SIGBUS.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <sys/mman.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "mapguard.h"

/* A temporary file of n pages of 'x', mapped; its descriptor in *fd. */
static unsigned char *
map_file(size_t n, int *fd, size_t *len)
{
	char path[] = "/tmp/test_mapguard.XXXXXX";
	size_t page = (size_t)sysconf(_SC_PAGESIZE);
	unsigned char *buf = malloc(n * page), *p;

	assert_non_null(buf);
	memset(buf, 'x', n * page);
	*fd = mkstemp(path);
	assert_true(*fd >= 0);
	unlink(path);
	assert_int_equal(write(*fd, buf, n * page), (ssize_t)(n * page));
	free(buf);
	*len = n * page;
	p = mmap(NULL, *len, PROT_READ, MAP_PRIVATE, *fd, 0);
	assert_true(p != MAP_FAILED);
	return p;
}

static void
test_shrink_reads_zeros(void **state)
{
	size_t page = (size_t)sysconf(_SC_PAGESIZE), len;
	int fd, h;
	unsigned char *p = map_file(4, &fd, &len);
	volatile unsigned char *v = p;

	(void)state;
	h = mapguard_add(p, len);
	assert_true(h >= 0);
	assert_int_equal(v[3 * page], 'x');	/* read before the cut */
	assert_int_equal(ftruncate(fd, (off_t)page + 10), 0);
	assert_int_equal(v[0], 'x');
	assert_int_equal(v[page + 9], 'x');	/* inside its last page */
	assert_int_equal(v[2 * page], 0);	/* past it: zeros, no SIGBUS */
	assert_int_equal(v[len - 1], 0);
	assert_true(mapguard_drop(h));
	munmap(p, len);
	close(fd);
}

static void
test_untouched_and_slots(void **state)
{
	size_t len;
	int fd, h[300], n = 0;
	unsigned char *p = map_file(2, &fd, &len);

	(void)state;
	/* A file that keeps its size: nothing to tell. */
	h[0] = mapguard_add(p, len);
	assert_true(h[0] >= 0);
	assert_int_equal(p[len - 1], 'x');
	assert_false(mapguard_drop(h[0]));
	/* Slots run out (the caller then reads the file otherwise), and are
	   given back. */
	for (n = 0; n < 300 && (h[n] = mapguard_add(p, len)) >= 0; n++)
		continue;
	assert_true(n > 0 && n < 300);
	while (n > 0)
		assert_false(mapguard_drop(h[--n]));
	h[0] = mapguard_add(p, len);
	assert_true(h[0] >= 0);
	assert_false(mapguard_drop(h[0]));
	assert_false(mapguard_drop(-1));
	munmap(p, len);
	close(fd);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_shrink_reads_zeros),
		cmocka_unit_test(test_untouched_and_slots),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
