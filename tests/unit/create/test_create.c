// SPDX-License-Identifier: MIT
/*
 * Unit tests of the files of lib/create/: step names, and the plan run for real
 * (root) in a child process with a private mount namespace: success,
 * and failures at several steps that must leave no file, mount or
 * helper process behind.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <sys/wait.h>
#include <unistd.h>

#if defined(__SANITIZE_ADDRESS__)
#include <sanitizer/lsan_interface.h>
#endif

#include "libns/create.h"
#include "testutil.h"

/* No child of ours is left (the helper was reaped). */
static bool no_children(void)
{
	return waitpid(-1, NULL, WNOHANG) < 0 && errno == ECHILD;
}

/* See tools/unshare.c: no leak check can run after a new pid ns. */
static void leak_check_now(void)
{
#if defined(__SANITIZE_ADDRESS__)
	__lsan_do_leak_check();
#endif
}

/* The plan makes a namespace of @type and persists it in @file. */
static void plan_persist(struct ns_create_plan *plan, enum ns_kind type,
			 const char *file)
{
	plan->types |= NS_TYPE_MASK(type);
	plan->persist[type] = file;
}

/* A plan, and what running it leaves. */
struct run {
	struct ns_create_plan plan;
	struct ns_create_state state;
	struct ns_create_error err;
};

/* ns_create_setup() from a fresh state. */
static int run_setup(struct run *r)
{
	ns_create_state_init(&r->state);
	return ns_create_setup(&r->plan, &r->state, &r->err);
}

static int run_finish(struct run *r)
{
	return ns_create_finish(&r->plan, &r->state, &r->err);
}

/* The run failed at @step on @path (and for the type @type unless -1). */
static void assert_failed_at(const struct ns_create_error *err,
			     enum ns_create_step step, int type,
			     const char *path)
{
	ck_assert_int_eq(err->step, step);
	if (type >= 0)
		ck_assert_int_eq(err->type, type);
	ck_assert_str_eq(err->path, path);
}

/* The failed run undid itself: neither @a nor @b is left, nor a helper. */
static void assert_undone(const char *a, const char *b)
{
	ck_assert(!tu_exists(a));
	ck_assert(!tu_exists(b));
	ck_assert(no_children());
}

START_TEST(test_step_names)
{
	for (int i = 0; i < NS_STEP_COUNT; i++) {
		const char *name = ns_create_step_name((enum ns_create_step)i);

		ck_assert_str_ne(name, "unknown");
		for (int j = 0; j < i; j++)
			ck_assert_str_ne(name, ns_create_step_name(
						       (enum ns_create_step)j));
	}
	ck_assert_str_eq(ns_create_step_name(NS_STEP_COUNT), "unknown");
	ck_assert_str_eq(ns_create_step_name((enum ns_create_step)-1),
			 "unknown");
	ck_assert_str_eq(ns_create_step_name(NS_STEP_UNSHARE), "unshare");
}
END_TEST

/* A non-empty FILE of a later type: the earlier created one goes. */
START_TEST(test_prepare_fails_undo)
{
	struct run r = { 0 };
	int fd;

	fd = open("full", O_WRONLY | O_CREAT | O_CLOEXEC, 0644);
	ck_assert_int_eq(write(fd, "x", 1), 1);
	close(fd);
	plan_persist(&r.plan, NS_TYPE_NET, "created");
	plan_persist(&r.plan, NS_TYPE_UTS, "full");
	ck_assert_int_eq(run_setup(&r), -ENOTEMPTY);
	assert_failed_at(&r.err, NS_STEP_PERSIST_PREPARE, NS_TYPE_UTS, "full");
	ck_assert_int_eq(r.err.err, -ENOTEMPTY);
	ck_assert(!tu_exists("created"));
	ck_assert(tu_exists("full"));
	ck_assert(no_children());
}
END_TEST

/* Everything works: the file holds the new namespace, helper reaped. */
START_TEST(test_setup_finish_ok)
{
	struct run r = { 0 };
	struct stat ours, bound;

	TU_REQUIRE_ROOT();
	tu_private_mounts();
	plan_persist(&r.plan, NS_TYPE_UTS, "uts");
	ck_assert_int_eq(run_setup(&r), 0);
	ck_assert_int_eq(run_finish(&r), 0);
	ck_assert(no_children());
	ck_assert(tu_on_nsfs("uts"));
	ck_assert_int_eq(stat("/proc/self/ns/uts", &ours), 0);
	ck_assert_int_eq(stat("uts", &bound), 0);
	ck_assert_int_eq(ours.st_ino, bound.st_ino);
	ck_assert_int_eq(umount2("uts", MNT_DETACH), 0);
}
END_TEST

/* A step after the bind mounts fails: mount and file are undone. */
START_TEST(test_finish_fails_undo)
{
	struct run r = { 0 };

	TU_REQUIRE_ROOT();
	tu_private_mounts();
	plan_persist(&r.plan, NS_TYPE_NET, "net");
	plan_persist(&r.plan, NS_TYPE_IPC, "ipc");
	r.plan.wd = "/nonexistent-nstest";
	ck_assert_int_eq(run_setup(&r), 0);
	ck_assert(tu_on_nsfs("net"));
	ck_assert_int_eq(run_finish(&r), -ENOENT);
	assert_failed_at(&r.err, NS_STEP_CHDIR, -1, "/nonexistent-nstest");
	assert_undone("net", "ipc");
}
END_TEST

/*
 * unshare(2) refused (--owner drops the privileges): nothing left.
 * In a child: the test process itself must stay root for its teardown.
 */
START_TEST(test_unshare_fails_undo)
{
	struct run r = { 0 };
	pid_t pid;

	TU_REQUIRE_ROOT();
	ck_assert_int_eq(fchmod(tu_scratch.fd, 0777), 0);
	plan_persist(&r.plan, NS_TYPE_NET, "net");
	r.plan.owner = true;
	r.plan.owner_uid = 65534;
	r.plan.owner_gid = 65534;
	pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		int ret = run_setup(&r);

		_exit(ret == -EPERM && r.err.step == NS_STEP_UNSHARE &&
		      no_children() ? 0 : 1);
	}
	ck_assert_int_eq(tu_wait_exit(pid), 0);
	ck_assert(!tu_exists("net"));
}
END_TEST

/* The pid namespace has no file before its first process. */
START_TEST(test_bind_fails_undo)
{
	struct run r = { 0 };

	TU_REQUIRE_ROOT();
	tu_private_mounts();
	leak_check_now();
	plan_persist(&r.plan, NS_TYPE_NET, "net");
	plan_persist(&r.plan, NS_TYPE_PID, "pid");
	ck_assert_int_eq(run_setup(&r), -ENOENT);
	assert_failed_at(&r.err, NS_STEP_PERSIST_BIND, NS_TYPE_PID, "pid");
	assert_undone("net", "pid");
}
END_TEST

/*
 * With a new mount namespace the helper binds, in the caller's: it
 * reports the type that failed (pid: no file before its first process)
 * and undoes the bind it made before (net).
 */
START_TEST(test_helper_bind_fails_undo)
{
	struct run r = { 0 };
	pid_t pid;

	TU_REQUIRE_ROOT();
	tu_private_mounts();
	leak_check_now();
	r.plan.types |= NS_TYPE_MASK(NS_TYPE_MNT);
	plan_persist(&r.plan, NS_TYPE_NET, "net");
	plan_persist(&r.plan, NS_TYPE_PID, "pid");
	ck_assert(ns_create_needs_helper(&r.plan));
	pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		/* in a mount namespace of its own from here */
		int ret = run_setup(&r);

		_exit(ret == -ENOENT && r.err.step == NS_STEP_PERSIST_BIND &&
		      r.err.type == NS_TYPE_PID && r.err.path &&
		      strcmp(r.err.path, "pid") == 0 && no_children() ? 0 : 1);
	}
	ck_assert_int_eq(tu_wait_exit(pid), 0);
	assert_undone("net", "pid");
}
END_TEST

/* With a fork the child asks for the binds: pid works then. */
START_TEST(test_fork_pid_persist)
{
	struct run r = { 0 };
	pid_t pid;

	TU_REQUIRE_ROOT();
	tu_private_mounts();
	leak_check_now();
	plan_persist(&r.plan, NS_TYPE_PID, "pid");
	r.plan.fork = true;
	r.plan.kill_child = SIGKILL;
	ck_assert_int_eq(run_setup(&r), 0);
	pid = ns_create_fork(&r.plan, &r.state, &r.err);
	if (pid == 0) {
		int ret = run_finish(&r);

		_exit(ret == 0 && getpid() == 1 ? 0 : 1);
	}
	ck_assert_int_gt(pid, 0);
	ck_assert_int_eq(ns_create_reap_helper(&r.state), 0);
	ck_assert_int_eq(tu_wait_exit(pid), 0);
	ck_assert(tu_on_nsfs("pid"));
	ck_assert_int_eq(umount2("pid", MNT_DETACH), 0);
	ck_assert(no_children());
}
END_TEST

static Suite *create_suite(void)
{
	Suite *s = suite_create("create");
	TCase *tc = tcase_create("steps");
	tcase_add_checked_fixture(tc, tu_enter_scratch, tu_leave_scratch);

	tcase_add_test(tc, test_step_names);
	tcase_add_test(tc, test_prepare_fails_undo);
	suite_add_tcase(s, tc);
	return s;
}

/* Run by "test_create --root", as root only. */
static Suite *create_root_suite(void)
{
	Suite *s = suite_create("create-root");
	TCase *tc = tcase_create("run");

	tcase_add_checked_fixture(tc, tu_enter_scratch, tu_leave_scratch);
	tcase_set_timeout(tc, 20);
	tcase_add_test(tc, test_setup_finish_ok);
	tcase_add_test(tc, test_finish_fails_undo);
	tcase_add_test(tc, test_unshare_fails_undo);
	tcase_add_test(tc, test_bind_fails_undo);
	tcase_add_test(tc, test_helper_bind_fails_undo);
	tcase_add_test(tc, test_fork_pid_persist);
	suite_add_tcase(s, tc);
	return s;
}

int main(int argc, char **argv)
{
	return tu_main_split(argc, argv, create_suite, create_root_suite);
}
