// SPDX-License-Identifier: MIT
/*
 * Unit tests of lib/persist/set.c: a set prepares the files the paths
 * name and undoes all of them when one is refused; bound as root (in a
 * private mount namespace of the test's own), each file holds the
 * process's namespace of its type (pid: the one of its children), and
 * undo removes them all while release keeps them.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#include "libns/persist.h"
#include "testutil.h"

START_TEST(test_prepare_undone_on_refusal)
{
	const char *paths[NS_TYPE_COUNT] = { 0 };
	struct ns_persist_set set;
	enum ns_kind type = NS_TYPE_COUNT;

	ck_assert_int_eq(mkdir("dir", 0755), 0);
	paths[NS_TYPE_NET] = "net";
	paths[NS_TYPE_UTS] = "dir";
	ns_persist_set_init(&set);
	ck_assert_int_eq(ns_persist_set_prepare(&set, paths, &type), -EISDIR);
	ck_assert_int_eq(type, NS_TYPE_UTS);
	/* the file made for net is gone, nothing is held */
	ck_assert(!tu_exists("net"));
	for (unsigned int t = 0; t < NS_TYPE_COUNT; t++)
		ck_assert_int_eq(set.ns[t].fd, -1);
}
END_TEST

START_TEST(test_prepare_only_named)
{
	const char *paths[NS_TYPE_COUNT] = { 0 };
	struct ns_persist_set set;
	enum ns_kind type = NS_TYPE_COUNT;

	paths[NS_TYPE_IPC] = "ipc";
	ns_persist_set_init(&set);
	ck_assert_int_eq(ns_persist_set_prepare(&set, paths, &type), 0);
	for (unsigned int t = 0; t < NS_TYPE_COUNT; t++)
		ck_assert_int_eq(set.ns[t].fd >= 0, t == NS_TYPE_IPC);
	ck_assert(tu_exists("ipc"));
	ns_persist_set_undo(&set);
	ck_assert(!tu_exists("ipc"));
	/* undo again: nothing left to do */
	ns_persist_set_undo(&set);
}
END_TEST

static void prepare_net_pid(struct ns_persist_set *set)
{
	static const char *paths[NS_TYPE_COUNT] = {
		[NS_TYPE_NET] = "net", [NS_TYPE_PID] = "pid",
	};
	enum ns_kind type;

	tu_private_mounts();
	ns_persist_set_init(set);
	ck_assert_int_eq(ns_persist_set_prepare(set, paths, &type), 0);
}

START_TEST(test_root_bind_undo)
{
	struct ns_persist_set set;
	enum ns_kind type = NS_TYPE_COUNT;

	TU_REQUIRE_ROOT();
	prepare_net_pid(&set);
	ck_assert_int_eq(ns_persist_set_bind(&set, getpid(), &type), 0);
	ck_assert(tu_on_nsfs("net"));
	ck_assert(tu_on_nsfs("pid"));
	ck_assert_uint_eq(tu_path_ino("net"), tu_self_ns_ino("net"));
	ck_assert_uint_eq(tu_path_ino("pid"),
			  tu_self_ns_ino("pid_for_children"));
	ns_persist_set_undo(&set);
	ck_assert(!tu_exists("net"));
	ck_assert(!tu_exists("pid"));
}
END_TEST

START_TEST(test_root_bind_release)
{
	struct ns_persist_set set;
	enum ns_kind type = NS_TYPE_COUNT;

	TU_REQUIRE_ROOT();
	prepare_net_pid(&set);
	ck_assert_int_eq(ns_persist_set_bind(&set, getpid(), &type), 0);
	ns_persist_set_release(&set);
	ck_assert_int_eq(set.ns[NS_TYPE_NET].fd, -1);
	/* released: undo does nothing, the binds stay */
	ns_persist_set_undo(&set);
	ck_assert(tu_on_nsfs("net"));
	ck_assert(tu_on_nsfs("pid"));
	ck_assert_int_eq(umount2("net", MNT_DETACH), 0);
	ck_assert_int_eq(umount2("pid", MNT_DETACH), 0);
}
END_TEST

/* A process that is gone: the first type fails, named. */
START_TEST(test_root_bind_fails)
{
	struct ns_persist_set set;
	enum ns_kind type = NS_TYPE_COUNT;
	pid_t pid;

	TU_REQUIRE_ROOT();
	prepare_net_pid(&set);
	pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0)
		_exit(0);
	ck_assert_int_eq(tu_wait_exit(pid), 0);
	ck_assert_int_eq(ns_persist_set_bind(&set, pid, &type), -ENOENT);
	ck_assert_int_eq(type, NS_TYPE_NET);
	ns_persist_set_undo(&set);
	ck_assert(!tu_exists("net"));
	ck_assert(!tu_exists("pid"));
}
END_TEST

static Suite *set_suite(void)
{
	Suite *s = suite_create("persist-set");
	TCase *tc = tcase_create("prepare");

	tcase_add_checked_fixture(tc, tu_enter_scratch, tu_leave_scratch);
	tcase_add_test(tc, test_prepare_undone_on_refusal);
	tcase_add_test(tc, test_prepare_only_named);
	suite_add_tcase(s, tc);
	return s;
}

/* Run by "test_set --root", as root only. */
static Suite *set_root_suite(void)
{
	Suite *s = suite_create("persist-set-root");
	TCase *tc = tcase_create("bind");

	tcase_add_checked_fixture(tc, tu_enter_scratch, tu_leave_scratch);
	tcase_add_test(tc, test_root_bind_undo);
	tcase_add_test(tc, test_root_bind_release);
	tcase_add_test(tc, test_root_bind_fails);
	suite_add_tcase(s, tc);
	return s;
}

int main(int argc, char **argv)
{
	return tu_main_split(argc, argv, set_suite, set_root_suite);
}
