// SPDX-License-Identifier: MIT
/*
 * Unit tests of lib/net/link.c: CIDR parsing, and as root a veth pair
 * between two network namespaces of the test's own (the case unshares
 * one for itself; Check forks each case), addresses, links up, the
 * kernel's error texts, delete.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <net/if.h>
#include <sched.h>
#include <string.h>
#include <stdlib.h>
#include <unistd.h>

#include "libns/netns.h"
#include "libns/net.h"
#include "testutil.h"

/* @text parses as the address @want of @want_family, /@want_prefix. */
static void expect_cidr(const char *text, int want_family, const char *want,
			unsigned int want_prefix)
{
	unsigned char addr[16], want_addr[16];
	unsigned int prefix;
	int family;

	ck_assert_int_eq(ns_net_cidr_parse(text, &family, addr, &prefix), 0);
	ck_assert_int_eq(family, want_family);
	ck_assert_uint_eq(prefix, want_prefix);
	ck_assert_int_eq(inet_pton(want_family, want, want_addr), 1);
	ck_assert_mem_eq(addr, want_addr, want_family == AF_INET ? 4 : 16);
}

START_TEST(test_cidr_parse)
{
	unsigned char addr[16];
	unsigned int prefix;
	int family;

	expect_cidr("10.1.2.3/24", AF_INET, "10.1.2.3", 24);
	expect_cidr("10.1.2.3", AF_INET, "10.1.2.3", 32);
	expect_cidr("fd00::1/64", AF_INET6, "fd00::1", 64);
	expect_cidr("::1", AF_INET6, "::1", 128);

	family = -1;
	ck_assert_int_eq(ns_net_cidr_parse("10.1.2.3/33", &family, addr, &prefix),
			 -EINVAL);
	ck_assert_int_eq(ns_net_cidr_parse("fd00::1/129", &family, addr, &prefix),
			 -EINVAL);
	ck_assert_int_eq(ns_net_cidr_parse("10.1.2/24", &family, addr, &prefix),
			 -EINVAL);
	ck_assert_int_eq(ns_net_cidr_parse("10.1.2.3/", &family, addr, &prefix),
			 -EINVAL);
	ck_assert_int_eq(ns_net_cidr_parse("10.1.2.3/-1", &family, addr, &prefix),
			 -EINVAL);
	ck_assert_int_eq(ns_net_cidr_parse("", &family, addr, &prefix), -EINVAL);
	ck_assert_int_eq(ns_net_cidr_parse(NULL, &family, addr, &prefix), -EINVAL);
	ck_assert_int_eq(family, -1);
}
END_TEST

static void own_netns(void)
{
	TU_REQUIRE_ROOT();
	ck_assert_int_eq(unshare(CLONE_NEWNET), 0);
}

START_TEST(test_veth_pair)
{
	struct ns_net host = NS_NET_INIT, peer = NS_NET_INIT;
	int nsfd, hidx = 0, pidx = 0, lo = 0;

	ck_assert_int_eq(ns_netns_create(&nsfd), 0);
	ck_assert_int_eq(ns_net_open(&host), 0);
	ck_assert_int_eq(ns_netns_net_open(nsfd, &peer), 0);

	ck_assert_int_eq(ns_net_veth_create(&host, "nstest-h", "nstest-p", nsfd),
			 0);
	ck_assert_int_eq(ns_net_link_index(&host, "nstest-h", &hidx), 0);
	ck_assert_int_gt(hidx, 0);
	ck_assert_uint_eq(if_nametoindex("nstest-h"), (unsigned int)hidx);
	/* the peer went over at once */
	ck_assert_int_eq(ns_net_link_index(&host, "nstest-p", &pidx), -ENODEV);
	ck_assert_int_eq(ns_net_link_index(&peer, "nstest-p", &pidx), 0);
	ck_assert_int_eq(ns_net_link_index(&peer, "lo", &lo), 0);

	/* a name taken: the kernel's answer */
	ck_assert_int_eq(ns_net_veth_create(&host, "nstest-h", "nstest-q", nsfd),
			 -EEXIST);

	ck_assert_int_eq(ns_net_addr_add(&host, "nstest-h", "10.77.0.1/24"), 0);
	ck_assert_int_eq(ns_net_addr_add(&peer, "nstest-p", "fd77::2/64"), 0);
	ck_assert_int_eq(ns_net_addr_add(&host, "nstest-h", "10.77.0.1/24"),
			 -EEXIST);
	ck_assert_int_eq(ns_net_addr_add(&host, "nstest-h", "10.77.0/24"),
			 -EINVAL);
	ck_assert_int_eq(ns_net_addr_add(&host, "nosuch", "10.77.0.3/24"),
			 -ENODEV);
	ck_assert_int_eq(ns_net_link_up(&host, "nstest-h"), 0);
	ck_assert_int_eq(ns_net_link_up(&peer, "nstest-p"), 0);
	ck_assert_int_eq(ns_net_link_up(&peer, "lo"), 0);
	ck_assert_int_eq(ns_net_link_up(&peer, "nosuch"), -ENODEV);

	/* deleting one end takes the pair */
	ck_assert_int_eq(ns_net_link_delete(&peer, "nstest-p"), 0);
	ck_assert_int_eq(ns_net_link_index(&host, "nstest-h", &hidx), -ENODEV);
	ck_assert_int_eq(ns_net_link_delete(&peer, "nstest-p"), -ENODEV);
	ck_assert_int_eq(ns_net_link_delete(&peer, ""), -EINVAL);
	ck_assert_int_eq(ns_net_link_delete(&peer, "0123456789abcdef"), -EINVAL);

	ns_net_close(&host);
	ns_net_close(&peer);
	ns_net_close(&peer);
	close(nsfd);
}
END_TEST

START_TEST(test_extack_text)
{
	struct ns_net host = NS_NET_INIT;
	int nsfd;

	ck_assert_int_eq(ns_netns_create(&nsfd), 0);
	ck_assert_int_eq(ns_net_open(&host), 0);
	/* the peer's namespace is no namespace: the kernel says why */
	ck_assert_int_lt(ns_net_veth_create(&host, "nstest-h", "nstest-p", 0), 0);
	ck_assert_int_eq(ns_net_veth_create(&host, "nstest-h", "nstest-p", nsfd),
			 0);
	ck_assert_str_eq(host.errmsg, "");
	ck_assert_int_eq(ns_net_addr_add(&host, "nstest-h", "10.77.0.1/24"), 0);
	ck_assert_int_eq(ns_net_addr_add(&host, "nstest-h", "10.77.0.1/24"),
			 -EEXIST);
	ns_net_close(&host);
	close(nsfd);
}
END_TEST

START_TEST(test_alias_mark)
{
	struct ns_net host = NS_NET_INIT, peer = NS_NET_INIT;
	uint64_t c1 = 0, c2 = 0;
	int nsfd, *idx = NULL, pidx = 0, hidx = 0, r;
	size_t n = 7;

	ck_assert_int_eq(ns_netns_create(&nsfd), 0);
	ck_assert_int_eq(ns_net_open(&host), 0);
	ck_assert_int_eq(ns_netns_net_open(nsfd, &peer), 0);
	/* two namespaces, two cookies (SO_NETNS_COOKIE: Linux 5.14; before,
	 * ENOPROTOOPT, and netns add --veth marks with cookie 0) */
	r = ns_net_netns_cookie(&host, &c1);
	if (r != -ENOPROTOOPT) {
		ck_assert_int_eq(r, 0);
		ck_assert_int_eq(ns_net_netns_cookie(&peer, &c2), 0);
		ck_assert_uint_ne(c1, c2);
	} else {
		ck_assert_int_eq(ns_net_netns_cookie(&peer, &c2), -ENOPROTOOPT);
	}

	ck_assert_int_eq(ns_net_veth_create(&host, "nstest-h", "nstest-p", nsfd),
			 0);
	ck_assert_int_eq(ns_net_veth_create(&host, "nstest-h2", "nstest-p2",
					    nsfd), 0);
	ck_assert_int_eq(ns_net_links_with_alias(&peer, "nstest-mark", &idx, &n),
			 0);
	ck_assert_uint_eq(n, 0);
	ck_assert_int_eq(ns_net_link_set_alias(&peer, "nstest-p", "nstest-mark"),
			 0);
	ck_assert_int_eq(ns_net_link_set_alias(&peer, "nstest-p2", "nstest-mark2"),
			 0);
	ck_assert_int_eq(ns_net_link_set_alias(&peer, "nosuch", "x"), -ENODEV);
	ck_assert_int_eq(ns_net_link_set_alias(&peer, "", "x"), -EINVAL);
	/* exactly that alias, not a prefix of another */
	ck_assert_int_eq(ns_net_links_with_alias(&peer, "nstest-mark", &idx, &n),
			 0);
	ck_assert_int_eq(ns_net_link_index(&peer, "nstest-p", &pidx), 0);
	ck_assert_uint_eq(n, 1);
	ck_assert_int_eq(idx[0], pidx);
	free(idx);
	idx = NULL;
	/* not in the other namespace */
	ck_assert_int_eq(ns_net_links_with_alias(&host, "nstest-mark", &idx, &n),
			 0);
	ck_assert_uint_eq(n, 0);
	ck_assert_int_eq(ns_net_links_with_alias(&host, "", &idx, &n), -EINVAL);

	ck_assert_int_eq(ns_net_link_delete_index(&peer, pidx), 0);
	ck_assert_int_eq(ns_net_link_index(&host, "nstest-h", &hidx), -ENODEV);
	ck_assert_int_eq(ns_net_link_index(&host, "nstest-h2", &hidx), 0);
	ck_assert_int_eq(ns_net_link_delete_index(&peer, pidx), -ENODEV);
	ck_assert_int_eq(ns_net_link_delete_index(&peer, 0), -EINVAL);
	ns_net_close(&host);
	ns_net_close(&peer);
	ck_assert_int_eq(ns_net_netns_cookie(&peer, &c1), -EBADF);
	close(nsfd);
}
END_TEST

static Suite *link_suite(void)
{
	Suite *s = suite_create("link");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_cidr_parse);
	suite_add_tcase(s, tc);
	return s;
}

static Suite *link_root_suite(void)
{
	Suite *s = suite_create("link-root");
	TCase *tc = tcase_create("root");

	tcase_add_checked_fixture(tc, own_netns, NULL);
	tcase_add_test(tc, test_veth_pair);
	tcase_add_test(tc, test_extack_text);
	tcase_add_test(tc, test_alias_mark);
	suite_add_tcase(s, tc);
	return s;
}

int main(int argc, char **argv)
{
	return tu_main_split(argc, argv, link_suite, link_root_suite);
}
