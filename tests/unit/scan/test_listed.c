// SPDX-License-Identifier: MIT
/*
 * Unit tests of lib/scan/listed.c: what listns(2) adds to a scan, the
 * ID of every namespace (NS_DETAIL_ID), and NS_SCAN_LISTNS_SUFFICES.
 * On the running kernel: each case says what it expects with and
 * without listns (ENOSYS before Linux 6.19) and NS_GET_ID (6.18).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "libns/nsfd.h"
#include "libns/scan.h"
#include "libns/base.h"
#include "testutil.h"

static struct ns_scan *scan(unsigned int sources, unsigned int details,
			    unsigned int flags)
{
	struct ns_scan_opts opts = {
		.types = 0,
		.sources = sources,
		.details = details,
		.flags = flags,
	};
	struct ns_scan *sc = NULL;
	int r;

	for (unsigned int t = 0; t < NS_TYPE_COUNT; t++) {
		if (tu_have_self_ns(ns_type_name(t)))
			opts.types |= NS_TYPE_MASK(t);
	}
	opts.procfd = open("/proc", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	ck_assert_int_ge(opts.procfd, 0);
	r = ns_scan_run(&opts, &sc);
	ck_assert_msg(r == 0, "ns_scan_run: %s", strerror(-r));
	close(opts.procfd);
	return sc;
}

static bool have_listns(void)
{
	uint64_t *ids = NULL;
	size_t n;
	int r = ns_fd_list_ids(NS_TYPE_MASK_ALL, &ids, &n);

	free(ids);
	ck_assert(r == 0 || r == -ENOSYS);
	return r == 0;
}

/* NS_GET_ID of our own namespace of @type, 0 without the ioctl. */
static uint64_t own_id(enum ns_kind type)
{
	uint64_t id = 0;
	int fd = tu_open_self_ns(ns_type_name(type));

	if (ns_fd_get_id(fd, &id) < 0)
		id = 0;
	close(fd);
	return id;
}

/* listns alone: our namespaces, without processes, with their IDs. */
START_TEST(test_listns_only)
{
	struct ns_scan *sc = scan(NS_SRC_LISTNS, NS_DETAIL_ID, 0);
	bool listed = have_listns();

	for (unsigned int t = 0; t < NS_TYPE_COUNT; t++) {
		const struct ns_entry *e;

		if (!tu_have_self_ns(ns_type_name(t)))
			continue;
		e = ns_scan_find(sc, tu_self_ns_ino(ns_type_name(t)));
		if (!listed) { /* a kernel without it: nothing, silently */
			ck_assert_ptr_null(e);
			continue;
		}
		ck_assert_ptr_nonnull(e);
		ck_assert_int_eq(e->type, (int)t);
		ck_assert_uint_eq(e->flags & (NS_ENTRY_LISTED | NS_ENTRY_ID),
				  NS_ENTRY_LISTED | NS_ENTRY_ID);
		ck_assert_uint_eq(e->id, own_id(t));
		ck_assert_uint_eq(e->nprocs, 0);
		ck_assert_uint_eq(e->proc, NS_NONE);
		ck_assert_int_eq(e->holder_fd, -1);
	}
	if (!listed)
		ck_assert_uint_eq(sc->count, 0);
	ns_scan_free(sc);
}
END_TEST

/* With the walk: our namespaces have processes and, on >= 6.18, IDs. */
START_TEST(test_ids_with_the_walk)
{
	struct ns_scan *sc = scan(NS_SRC_ALL, NS_DETAIL_ID, 0);

	for (unsigned int t = 0; t < NS_TYPE_COUNT; t++) {
		const struct ns_entry *e;
		uint64_t id;

		if (!tu_have_self_ns(ns_type_name(t)))
			continue;
		id = own_id(t);
		e = ns_scan_find(sc, tu_self_ns_ino(ns_type_name(t)));
		ck_assert_ptr_nonnull(e);
		ck_assert_uint_ge(e->nprocs, 1);
		ck_assert_uint_eq(e->flags & NS_ENTRY_LISTED, 0);
		ck_assert_uint_eq(!!(e->flags & NS_ENTRY_ID), id != 0);
		if (id)
			ck_assert_uint_eq(e->id, id);
	}
	ns_scan_free(sc);
}
END_TEST

/* NS_SCAN_LISTNS_SUFFICES: no walk where listns works, else the walk. */
START_TEST(test_listns_suffices)
{
	struct ns_scan *sc = scan(NS_SRC_ALL, 0, NS_SCAN_LISTNS_SUFFICES);
	const struct ns_entry *e = ns_scan_find(sc, tu_self_ns_ino("uts"));

	ck_assert_ptr_nonnull(e);
	if (have_listns()) {
		ck_assert_uint_eq(sc->nprocs, 0);
		ck_assert_uint_eq(e->nprocs, 0);
		ck_assert_uint_ne(e->flags & NS_ENTRY_LISTED, 0);
	} else {
		ck_assert_uint_ge(e->nprocs, 1);
		ck_assert_uint_gt(sc->nprocs, 0);
	}
	ns_scan_free(sc);
}
END_TEST

static Suite *listed_suite(void)
{
	Suite *s = suite_create("listed");
	TCase *tc = tcase_create("real");

	tcase_set_timeout(tc, 40);
	tcase_add_test(tc, test_listns_only);
	tcase_add_test(tc, test_ids_with_the_walk);
	tcase_add_test(tc, test_listns_suffices);
	suite_add_tcase(s, tc);
	return s;
}

int main(int argc, char **argv)
{
	return tu_main(argc, argv, listed_suite);
}
