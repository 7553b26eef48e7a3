// SPDX-License-Identifier: MIT
/* Unit tests of lib/nsfd/link.c: nsfs link texts and the nsfs device. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "libns/base.h"
#include "libns/nsfd.h"
#include "testutil.h"

/* ns_fd_parse_link */

/*
 * The first @len bytes of @link parse as @want_type and @want_ino
 * (@want_r 0), or fail with @want_r, leaving both outputs alone.
 */
static void expect_nslink(const char *link, size_t len, int want_r,
			  enum ns_kind want_type, uint64_t want_ino)
{
	enum ns_kind type = NS_TYPE_COUNT;
	uint64_t ino = 12345;
	int r = ns_fd_parse_link(link, len, &type, &ino);

	ck_assert_msg(r == want_r, "'%.*s': %d, not %d", (int)len, link, r,
		      want_r);
	if (want_r < 0) {
		want_type = NS_TYPE_COUNT;
		want_ino = 12345;
	}
	ck_assert_int_eq(type, want_type);
	ck_assert_uint_eq(ino, want_ino);
}

START_TEST(test_parse_nslink_ok)
{
	static const struct {
		const char *link;
		enum ns_kind type;
		uint64_t ino;
	} ok[] = {
		{ "net:[4026531840]", NS_TYPE_NET, 4026531840ull },
		{ "mnt:[4026531832]", NS_TYPE_MNT, 4026531832ull },
		{ "ipc:[1]", NS_TYPE_IPC, 1 },
		{ "user:[4026531837]", NS_TYPE_USER, 4026531837ull },
		{ "pid:[4026531836]", NS_TYPE_PID, 4026531836ull },
		{ "uts:[0]", NS_TYPE_UTS, 0 },
		{ "cgroup:[4026531835]", NS_TYPE_CGROUP, 4026531835ull },
		{ "time:[18446744073709551615]", NS_TYPE_TIME, UINT64_MAX },
	};

	for (size_t i = 0; i < NS_ARRAY_SIZE(ok); i++)
		expect_nslink(ok[i].link, strlen(ok[i].link), 0, ok[i].type,
			      ok[i].ino);
}
END_TEST

START_TEST(test_parse_nslink_bad)
{
	static const char *const bad[] = {
		"",
		"net",
		"net:",
		"net:[",
		"net:[]",
		"net:[12",
		"net:12]",
		"net:12",
		"net[12]",
		"net:[-1]",
		"net:[+1]",
		"net:[ 1]",
		"net:[1 ]",
		"net:[1x]",
		"net:[0x10]",
		"net:[1]]",
		"net:[[1]",
		"net:[1] ",
		"net:[1]\n",
		" net:[1]",
		"NET:[1]",
		"foo:[1]",
		":[1]",
		"socket:[1]",
		"pipe:[5]",
		"anon_inode:[eventfd]",
		"pid_for_children:[4026531836]",
		"/proc/self/ns/net",
		"net:[1]:[2]",
		"net:[123456789012345678901234567890]",
	};

	for (size_t i = 0; i < NS_ARRAY_SIZE(bad); i++)
		expect_nslink(bad[i], strlen(bad[i]), -EINVAL, 0, 0);
}
END_TEST

START_TEST(test_parse_nslink_overflow)
{
	/* Digits, but more than 64 bits worth: never a valid inode. */
	static const char link[] = "net:[18446744073709551616]";
	enum ns_kind type = NS_TYPE_COUNT;
	uint64_t ino = 12345;

	ck_assert_int_lt(ns_fd_parse_link(link, strlen(link), &type, &ino), 0);
	ck_assert_int_eq(type, NS_TYPE_COUNT);
	ck_assert_uint_eq(ino, 12345);
}
END_TEST

START_TEST(test_parse_nslink_len)
{
	/* readlink(2) results are not NUL terminated. */
	static const char raw[] = { 'u', 't', 's', ':', '[', '4', '2', ']' };
	static const char longer[] = "net:[77]GARBAGE";

	expect_nslink(raw, sizeof(raw), 0, NS_TYPE_UTS, 42);
	expect_nslink(longer, 8, 0, NS_TYPE_NET, 77);
	/* one byte short: "net:[77" */
	expect_nslink(longer, 7, -EINVAL, 0, 0);
	expect_nslink(raw, sizeof(raw) - 1, -EINVAL, 0, 0);
	expect_nslink(longer, strlen(longer), -EINVAL, 0, 0);
	expect_nslink(raw, 3, -EINVAL, 0, 0);
	expect_nslink(raw, 0, -EINVAL, 0, 0);
}
END_TEST

/* ns_proc_nslink */

START_TEST(test_parse_socket_link)
{
	static const char ok[] = "socket:[123]";
	uint64_t ino = 7;

	ck_assert_int_eq(ns_fd_parse_socket_link(ok, strlen(ok), &ino), 0);
	ck_assert_uint_eq(ino, 123);
	/* the length bounds the text: "socket:[12" is cut */
	ino = 7;
	ck_assert_int_eq(ns_fd_parse_socket_link(ok, 10, &ino), -EINVAL);
	ck_assert_int_eq(ns_fd_parse_socket_link("socket:", 7, &ino), -EINVAL);
	ck_assert_int_eq(ns_fd_parse_socket_link("pipe:[5]", 8, &ino), -EINVAL);
	ck_assert_int_eq(ns_fd_parse_socket_link("net:[4026531840]", 16, &ino),
			 -EINVAL);
	ck_assert_int_eq(ns_fd_parse_socket_link("socket:[x]", 10, &ino),
			 -EINVAL);
	ck_assert_uint_eq(ino, 7);
}
END_TEST

START_TEST(test_nsfs_device)
{
	int procfd = open("/proc", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	struct tu_tree t;
	struct stat st;
	dev_t dev = 0;

	ck_assert_int_eq(ns_fd_nsfs_device(procfd, &dev), 0);
	ck_assert_int_eq(stat("/proc/self/ns/uts", &st), 0);
	ck_assert_uint_eq(dev, st.st_dev);
	/* a fake tree has links, but nothing behind them */
	tu_tree_new(&t);
	tu_mkdir(&t, "self/ns");
	tu_symlink(&t, "net:[4026531840]", "self/ns/net");
	dev = 7;
	ck_assert_int_eq(ns_fd_nsfs_device(t.fd, &dev), -ENOENT);
	ck_assert_uint_eq(dev, 7);
	tu_tree_free(&t);
	close(procfd);
}
END_TEST

static Suite *link_suite(void)
{
	Suite *s = suite_create("nsfd-link");
	TCase *tc = tcase_create("parse");

	tcase_add_test(tc, test_parse_nslink_ok);
	tcase_add_test(tc, test_parse_nslink_bad);
	tcase_add_test(tc, test_parse_nslink_overflow);
	tcase_add_test(tc, test_parse_nslink_len);
	tcase_add_test(tc, test_parse_socket_link);
	suite_add_tcase(s, tc);
	tc = tcase_create("device");
	tcase_add_test(tc, test_nsfs_device);
	suite_add_tcase(s, tc);
	return s;
}

int main(int argc, char **argv)
{
	return tu_main(argc, argv, link_suite);
}
