// SPDX-License-Identifier: MIT
/* Unit tests of lib/nstype/nstype.c: the namespace type table. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "libns/nstype.h"
#include "libns/base.h"
#include "testutil.h"

/* What util-linux calls them, in its order (see unshare(1)). */
static const struct {
	enum ns_kind type;
	const char *name;
	const char *proc_name;
	const char *children_entry;
	const char *option;
	char option_char;
	int clone_flag;
} expected[] = {
	{ NS_TYPE_MNT, "mnt", "mnt", NULL, "mount", 'm', CLONE_NEWNS },
	{ NS_TYPE_NET, "net", "net", NULL, "net", 'n', CLONE_NEWNET },
	{ NS_TYPE_IPC, "ipc", "ipc", NULL, "ipc", 'i', CLONE_NEWIPC },
	{ NS_TYPE_USER, "user", "user", NULL, "user", 'U', CLONE_NEWUSER },
	{ NS_TYPE_PID, "pid", "pid", "pid_for_children", "pid", 'p',
	  CLONE_NEWPID },
	{ NS_TYPE_UTS, "uts", "uts", NULL, "uts", 'u', CLONE_NEWUTS },
	{ NS_TYPE_CGROUP, "cgroup", "cgroup", NULL, "cgroup", 'C',
	  CLONE_NEWCGROUP },
	{ NS_TYPE_TIME, "time", "time", "time_for_children", "time", 'T',
	  CLONE_NEWTIME },
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
		ck_assert_str_eq(info->proc_name, expected[t].proc_name);
		if (expected[t].children_entry)
			ck_assert_str_eq(info->children_entry,
					 expected[t].children_entry);
		else
			ck_assert_ptr_null(info->children_entry);
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
	ck_assert_ptr_null(ns_type_info((enum ns_kind)(NS_TYPE_COUNT + 7)));
	ck_assert_ptr_null(ns_type_info((enum ns_kind)-1));
	ck_assert_str_eq(ns_type_name(NS_TYPE_COUNT), "unknown");
	ck_assert_str_eq(ns_type_name((enum ns_kind)-1), "unknown");
}
END_TEST

START_TEST(test_from_name)
{
	for (unsigned int t = 0; t < NS_TYPE_COUNT; t++) {
		enum ns_kind got = NS_TYPE_COUNT;

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
	enum ns_kind got = NS_TYPE_UTS;

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
	enum ns_kind got = NS_TYPE_COUNT;

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
		enum ns_kind got = NS_TYPE_COUNT;

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
	enum ns_kind got = NS_TYPE_IPC;

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		ck_assert_msg(ns_type_from_clone_flag(bad[i], &got) == -EINVAL,
			      "flag %#x accepted", (unsigned int)bad[i]);
		ck_assert_int_eq(got, NS_TYPE_IPC);
	}
}
END_TEST

START_TEST(test_path)
{
	char path[NS_PATH_MAX], small[8];

	ck_assert_int_eq(ns_type_path(NS_TYPE_NET, 0, "/proc", 42, path,
				      sizeof(path)), 0);
	ck_assert_str_eq(path, "/proc/42/ns/net");
	ck_assert_int_eq(ns_type_path(NS_TYPE_MNT, 0, NULL, 7, path,
				      sizeof(path)), 0);
	ck_assert_str_eq(path, "7/ns/mnt");
	ck_assert_int_eq(ns_type_path(NS_TYPE_CGROUP, 0, NULL, NS_PATH_SELF,
				      path, sizeof(path)), 0);
	ck_assert_str_eq(path, "self/ns/cgroup");
	ck_assert_int_eq(ns_type_path(NS_TYPE_USER, 0, "/proc", NS_PATH_SELF,
				      path, sizeof(path)), 0);
	ck_assert_str_eq(path, "/proc/self/ns/user");
	ck_assert_int_eq(ns_type_path(NS_TYPE_UTS, 0, "/ignored",
				      NS_PATH_PIDDIR, path, sizeof(path)), 0);
	ck_assert_str_eq(path, "ns/uts");
	ck_assert_int_eq(ns_type_path(NS_TYPE_PID, NS_PATH_CHILDREN, NULL,
				      NS_PATH_PIDDIR, path, sizeof(path)), 0);
	ck_assert_str_eq(path, "ns/pid_for_children");
	ck_assert_int_eq(ns_type_path(NS_TYPE_TIME, NS_PATH_CHILDREN, "/proc",
				      2147483647, path, sizeof(path)), 0);
	ck_assert_str_eq(path, "/proc/2147483647/ns/time_for_children");

	/* The longest one fits NS_PATH_MAX. */
	ck_assert_uint_lt(strlen(path), NS_PATH_MAX);

	/* No *_for_children entry for the others; nothing written. */
	strcpy(path, "untouched");
	for (unsigned int t = 0; t < NS_TYPE_COUNT; t++) {
		if (t == NS_TYPE_PID || t == NS_TYPE_TIME)
			continue;
		ck_assert_int_eq(ns_type_path(t, NS_PATH_CHILDREN, NULL, 1,
					      path, sizeof(path)), -EINVAL);
	}
	ck_assert_str_eq(path, "untouched");
	ck_assert_int_eq(ns_type_path(NS_TYPE_COUNT, 0, NULL, 1, path,
				      sizeof(path)), -EINVAL);
	ck_assert_int_eq(ns_type_path(NS_TYPE_NET, 0, NULL, -5, path,
				      sizeof(path)), -EINVAL);
	ck_assert_int_eq(ns_type_path(NS_TYPE_NET, 0, "/proc", 1234, small,
				      sizeof(small)), -ENAMETOOLONG);
}
END_TEST

/* Every path the helper builds for ourselves names a real entry. */
START_TEST(test_path_real)
{
	for (unsigned int t = 0; t < NS_TYPE_COUNT; t++) {
		const struct ns_type_info *info = ns_type_info(t);
		char path[NS_PATH_MAX], want[NS_PATH_MAX];
		struct stat a, b;

		ck_assert_int_eq(ns_type_path(t, 0, "/proc", getpid(), path,
					      sizeof(path)), 0);
		snprintf(want, sizeof(want), "/proc/%d/ns/%s", (int)getpid(),
			 info->proc_name);
		ck_assert_str_eq(path, want);
		if (stat(path, &a) < 0)
			continue; /* a kernel without this type */
		ck_assert_int_eq(ns_type_path(t, 0, "/proc", NS_PATH_SELF,
					      path, sizeof(path)), 0);
		ck_assert_int_eq(stat(path, &b), 0);
		ck_assert_uint_eq(a.st_ino, b.st_ino);
		if (!info->children_entry)
			continue;
		ck_assert_int_eq(ns_type_path(t, NS_PATH_CHILDREN, "/proc",
					      NS_PATH_SELF, path,
					      sizeof(path)), 0);
		/* not entered anything: children get ours */
		ck_assert_int_eq(stat(path, &b), 0);
		ck_assert_uint_eq(a.st_ino, b.st_ino);
	}
}
END_TEST

START_TEST(test_available_real)
{
	static const enum ns_kind always[] = { NS_TYPE_MNT, NS_TYPE_NET,
					       NS_TYPE_IPC, NS_TYPE_USER,
					       NS_TYPE_PID, NS_TYPE_UTS };
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
	for (size_t i = 0; i < NS_ARRAY_SIZE(always); i++)
		ck_assert_msg(mask & NS_TYPE_MASK(always[i]), "no %s",
			      ns_type_name(always[i]));
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
	tcase_add_test(tc, test_path);
	tcase_add_test(tc, test_path_real);
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
