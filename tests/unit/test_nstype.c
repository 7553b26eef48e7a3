// SPDX-License-Identifier: MIT
/* Unit tests of lib/nstype.c: the namespace type table. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <string.h>
#include <unistd.h>

#include "libns/nstype.h"
#include "testutil.h"

/* What util-linux calls them, in its order (see unshare(1)). */
static const struct {
	enum ns_type type;
	const char *name;
	const char *option;
	char option_char;
	int clone_flag;
} expected[] = {
	{ NS_TYPE_MNT, "mnt", "mount", 'm', CLONE_NEWNS },
	{ NS_TYPE_NET, "net", "net", 'n', CLONE_NEWNET },
	{ NS_TYPE_IPC, "ipc", "ipc", 'i', CLONE_NEWIPC },
	{ NS_TYPE_USER, "user", "user", 'U', CLONE_NEWUSER },
	{ NS_TYPE_PID, "pid", "pid", 'p', CLONE_NEWPID },
	{ NS_TYPE_UTS, "uts", "uts", 'u', CLONE_NEWUTS },
	{ NS_TYPE_CGROUP, "cgroup", "cgroup", 'C', CLONE_NEWCGROUP },
	{ NS_TYPE_TIME, "time", "time", 'T', CLONE_NEWTIME },
};

START_TEST(test_table)
{
	ck_assert_int_eq(NS_TYPE_COUNT, 8);
	ck_assert_uint_eq(sizeof(expected) / sizeof(expected[0]),
			  NS_TYPE_COUNT);
	ck_assert_uint_eq(NS_TYPE_MASK_ALL, 0xffu);
	for (unsigned int t = 0; t < NS_TYPE_COUNT; t++) {
		const struct ns_type_info *info = ns_type_info(t);

		ck_assert_int_eq(expected[t].type, (int)t);
		ck_assert_ptr_nonnull(info);
		ck_assert_str_eq(info->name, expected[t].name);
		ck_assert_str_eq(info->option, expected[t].option);
		ck_assert_int_eq(info->option_char, expected[t].option_char);
		ck_assert_int_eq(info->clone_flag, expected[t].clone_flag);
		ck_assert_ptr_nonnull(info->description);
		ck_assert_int_gt(strlen(info->description), 0);
		ck_assert_str_eq(ns_type_name(t), expected[t].name);
		ck_assert_uint_eq(NS_TYPE_MASK(t), 1u << t);
	}
}
END_TEST

START_TEST(test_table_unique)
{
	for (unsigned int a = 0; a < NS_TYPE_COUNT; a++) {
		for (unsigned int b = a + 1; b < NS_TYPE_COUNT; b++) {
			const struct ns_type_info *x = ns_type_info(a);
			const struct ns_type_info *y = ns_type_info(b);

			ck_assert_str_ne(x->name, y->name);
			ck_assert_str_ne(x->option, y->option);
			ck_assert_int_ne(x->option_char, y->option_char);
			ck_assert_int_ne(x->clone_flag, y->clone_flag);
		}
	}
}
END_TEST

START_TEST(test_out_of_range)
{
	ck_assert_ptr_null(ns_type_info(NS_TYPE_COUNT));
	ck_assert_ptr_null(ns_type_info((enum ns_type)(NS_TYPE_COUNT + 7)));
	ck_assert_ptr_null(ns_type_info((enum ns_type)-1));
	ck_assert_str_eq(ns_type_name(NS_TYPE_COUNT), "unknown");
	ck_assert_str_eq(ns_type_name((enum ns_type)-1), "unknown");
}
END_TEST

START_TEST(test_from_name)
{
	for (unsigned int t = 0; t < NS_TYPE_COUNT; t++) {
		enum ns_type got = NS_TYPE_COUNT;

		ck_assert_int_eq(ns_type_from_name(expected[t].name, &got), 0);
		ck_assert_int_eq(got, (int)t);
		/* round trip through the name */
		ck_assert_int_eq(ns_type_from_name(ns_type_name(got), &got),
				 0);
		ck_assert_int_eq(got, (int)t);
	}
}
END_TEST

START_TEST(test_from_name_unknown)
{
	static const char *const bad[] = {
		"",	  "NET",     "Net",	 "net ",
		" net",	  "ne",	     "nett",	 "mount",
		"network", "unknown", "cgroup\n", "user:",
		"pid_for_children",   "time_for_children",
	};
	enum ns_type got = NS_TYPE_UTS;

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		ck_assert_msg(ns_type_from_name(bad[i], &got) == -EINVAL,
			      "'%s' accepted", bad[i]);
		ck_assert_int_eq(got, NS_TYPE_UTS); /* untouched */
	}
	ck_assert_int_eq(ns_type_from_name(NULL, &got), -EINVAL);
	ck_assert_int_eq(got, NS_TYPE_UTS);
}
END_TEST

START_TEST(test_from_name_len)
{
	/* Not NUL terminated: the bytes after @len must not matter. */
	static const char text[] = { 'n', 'e', 't', ':', '[', '1', ']' };
	static const char exact[] = { 'c', 'g', 'r', 'o', 'u', 'p' };
	enum ns_type got = NS_TYPE_COUNT;

	ck_assert_int_eq(ns_type_from_name_len(text, 3, &got), 0);
	ck_assert_int_eq(got, NS_TYPE_NET);
	ck_assert_int_eq(ns_type_from_name_len(exact, sizeof(exact), &got), 0);
	ck_assert_int_eq(got, NS_TYPE_CGROUP);
	ck_assert_int_eq(ns_type_from_name_len("userns", 4, &got), 0);
	ck_assert_int_eq(got, NS_TYPE_USER);
	ck_assert_int_eq(ns_type_from_name_len("timex", 4, &got), 0);
	ck_assert_int_eq(got, NS_TYPE_TIME);

	got = NS_TYPE_COUNT;
	ck_assert_int_eq(ns_type_from_name_len(text, 2, &got), -EINVAL);
	ck_assert_int_eq(ns_type_from_name_len(text, 4, &got), -EINVAL);
	ck_assert_int_eq(ns_type_from_name_len(exact, 5, &got), -EINVAL);
	ck_assert_int_eq(ns_type_from_name_len("", 0, &got), -EINVAL);
	ck_assert_int_eq(ns_type_from_name_len("mntx", 4, &got), -EINVAL);
	ck_assert_int_eq(got, NS_TYPE_COUNT);
}
END_TEST

START_TEST(test_from_clone_flag)
{
	for (unsigned int t = 0; t < NS_TYPE_COUNT; t++) {
		enum ns_type got = NS_TYPE_COUNT;

		ck_assert_int_eq(
			ns_type_from_clone_flag(expected[t].clone_flag, &got),
			0);
		ck_assert_int_eq(got, (int)t);
		ck_assert_int_eq(ns_type_info(got)->clone_flag,
				 expected[t].clone_flag);
	}
}
END_TEST

START_TEST(test_from_clone_flag_unknown)
{
	static const int bad[] = {
		0,
		-1,
		CLONE_NEWNS | CLONE_NEWNET,
		CLONE_NEWUSER | CLONE_NEWPID,
		CLONE_VM,
		CLONE_THREAD,
		CLONE_FILES,
	};
	enum ns_type got = NS_TYPE_IPC;

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		ck_assert_msg(ns_type_from_clone_flag(bad[i], &got) == -EINVAL,
			      "flag %#x accepted", (unsigned int)bad[i]);
		ck_assert_int_eq(got, NS_TYPE_IPC);
	}
}
END_TEST

START_TEST(test_available_real)
{
	unsigned int mask = 0, want = 0;
	int procfd, nsdir;

	procfd = open("/proc", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	ck_assert_int_ge(procfd, 0);
	nsdir = open("/proc/self/ns", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	ck_assert_int_ge(nsdir, 0);
	for (unsigned int t = 0; t < NS_TYPE_COUNT; t++) {
		if (faccessat(nsdir, expected[t].name, F_OK,
			      AT_SYMLINK_NOFOLLOW) == 0)
			want |= NS_TYPE_MASK(t);
	}
	close(nsdir);

	ck_assert_int_eq(ns_types_available(procfd, &mask), 0);
	ck_assert_uint_eq(mask, want);
	/* Every kernel that has /proc/PID/ns links has these six. */
	ck_assert_uint_eq(mask & NS_TYPE_MASK(NS_TYPE_MNT),
			  NS_TYPE_MASK(NS_TYPE_MNT));
	ck_assert_uint_eq(mask & NS_TYPE_MASK(NS_TYPE_NET),
			  NS_TYPE_MASK(NS_TYPE_NET));
	ck_assert_uint_eq(mask & NS_TYPE_MASK(NS_TYPE_IPC),
			  NS_TYPE_MASK(NS_TYPE_IPC));
	ck_assert_uint_eq(mask & NS_TYPE_MASK(NS_TYPE_USER),
			  NS_TYPE_MASK(NS_TYPE_USER));
	ck_assert_uint_eq(mask & NS_TYPE_MASK(NS_TYPE_PID),
			  NS_TYPE_MASK(NS_TYPE_PID));
	ck_assert_uint_eq(mask & NS_TYPE_MASK(NS_TYPE_UTS),
			  NS_TYPE_MASK(NS_TYPE_UTS));
	ck_assert_uint_eq(mask & ~NS_TYPE_MASK_ALL, 0);
	close(procfd);
}
END_TEST

START_TEST(test_available_fake)
{
	struct tu_tree t;
	unsigned int mask = 0xdead;

	tu_tree_new(&t);
	/* Dangling links, as the fake targets do not exist. */
	tu_nslink(&t, 0, "net", 4026531840);
	tu_nslink(&t, 0, "uts", 4026531838);
	tu_nslink(&t, 0, "cgroup", 4026531835);
	/* Not type names: must not count as anything. */
	tu_symlink(&t, "pid:[4026531836]", "self/ns/pid_for_children");
	tu_symlink(&t, "x", "self/ns/bogus");
	ck_assert_int_eq(ns_types_available(t.fd, &mask), 0);
	ck_assert_uint_eq(mask, NS_TYPE_MASK(NS_TYPE_NET) |
					NS_TYPE_MASK(NS_TYPE_UTS) |
					NS_TYPE_MASK(NS_TYPE_CGROUP));
	tu_tree_free(&t);
}
END_TEST

START_TEST(test_available_fake_empty)
{
	struct tu_tree t;
	unsigned int mask = 0xdead;

	tu_tree_new(&t);
	/* No self/ns at all: an error, and the mask is left alone. */
	ck_assert_int_eq(ns_types_available(t.fd, &mask), -ENOENT);
	ck_assert_uint_eq(mask, 0xdead);
	tu_mkdir(&t, "self/ns");
	ck_assert_int_eq(ns_types_available(t.fd, &mask), 0);
	ck_assert_uint_eq(mask, 0);
	ck_assert_int_eq(ns_types_available(-1, &mask), -EBADF);
	tu_tree_free(&t);
}
END_TEST

static Suite *nstype_suite(void)
{
	Suite *s = suite_create("nstype");
	TCase *tc = tcase_create("table");

	tcase_add_test(tc, test_table);
	tcase_add_test(tc, test_table_unique);
	tcase_add_test(tc, test_out_of_range);
	suite_add_tcase(s, tc);

	tc = tcase_create("parse");
	tcase_add_test(tc, test_from_name);
	tcase_add_test(tc, test_from_name_unknown);
	tcase_add_test(tc, test_from_name_len);
	tcase_add_test(tc, test_from_clone_flag);
	tcase_add_test(tc, test_from_clone_flag_unknown);
	suite_add_tcase(s, tc);

	tc = tcase_create("available");
	tcase_add_test(tc, test_available_real);
	tcase_add_test(tc, test_available_fake);
	tcase_add_test(tc, test_available_fake_empty);
	suite_add_tcase(s, tc);
	return s;
}

int main(int argc, char **argv)
{
	return tu_main(argc, argv, nstype_suite);
}
