/* SPDX-License-Identifier: MIT */
/*
 * test_prov.c - the provenance builder and the hosts paths imply.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>

#include "prov.h"

static void
expect(char *got, const char *want)
{
	assert_string_equal(got, want);
	free(got);
}

static void
test_join(void **state)
{
	(void)state;
	expect(prov_join("evidence/client-a.tar.gz",
	    "dc01/Windows/System32/winevt/Logs/Security.evtx"),
	    "evidence/client-a.tar.gz!dc01/Windows/System32/winevt/Logs/"
	    "Security.evtx");
	expect(prov_join("a.tar", "./host/x.log"), "a.tar!host/x.log");
	expect(prov_join("a.tar", "././/abs"), "a.tar!abs");
	expect(prov_join("a.tar", ""), "a.tar!?");
	expect(prov_join("a.tar", NULL), "a.tar!?");
	expect(prov_join("a.tar", "../escape"), "a.tar!../escape");
	expect(prov_join("a.zip!b.tar.gz", "c/d.log.gz"),
	    "a.zip!b.tar.gz!c/d.log.gz");
}

static void
test_nested_chain(void **state)
{
	char *a = prov_join("outer.zip", "inner.tar.gz");
	char *b = prov_join(a, "host/var/log/auth.log.2.gz");
	char *inner = prov_inner_name(b);

	(void)state;
	expect(prov_join(b, inner),
	    "outer.zip!inner.tar.gz!host/var/log/auth.log.2.gz!auth.log.2");
	free(a);
	free(b);
	free(inner);
}

static void
test_inner_name(void **state)
{
	(void)state;
	expect(prov_inner_name("x/auth.log.2.gz"), "auth.log.2");
	expect(prov_inner_name("a.tgz"), "a.tar");
	expect(prov_inner_name("logs/messages.XZ"), "messages");
	expect(prov_inner_name("o.zip!m.log.zst"), "m.log");
	expect(prov_inner_name("data"), "data");
	expect(prov_inner_name("dir/.gz"), ".gz");
}

static void
test_host(void **state)
{
	(void)state;
	expect(prov_host("client-a.tar.gz"), "client-a");
	expect(prov_host("client-b.TGZ"), "client-b");
	expect(prov_host("dc01/var/log/auth.log"), "dc01");
	expect(prov_host("site.zip.7z/x"), "site");
	expect(prov_host("auth.log"), "auth.log");
	expect(prov_host(""), "");
}

static void
test_host_from(void **state)
{
	(void)state;
	expect(prov_host_n("client-a/dc01/var/log/x", 2), "dc01");
	expect(prov_host_n("client-a/dc01/var/log/x", 1), "client-a");
	/* Archive members count as components. */
	expect(prov_host_n("client-a.tar.gz!dc01/var/log/x", 2), "dc01");
	expect(prov_host_n("msp.zip!client-b.tgz!srv7/auth.log", 2),
	    "client-b");
	/* Too few components: the first. */
	expect(prov_host_n("client-a/x.log", 3), "client-a");
	expect(prov_host_n("only.log", 2), "only.log");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_join),
		cmocka_unit_test(test_nested_chain),
		cmocka_unit_test(test_inner_name),
		cmocka_unit_test(test_host),
		cmocka_unit_test(test_host_from),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
