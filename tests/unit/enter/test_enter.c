// SPDX-License-Identifier: MIT
/* Unit tests of lib/enter/enter.c and lib/enter/join.c: entering namespaces. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "libns/enter.h"
#include "libns/nsfd.h"
#include "libns/base.h"
#include "testutil.h"

#define NET NS_TYPE_MASK(NS_TYPE_NET)

static int open_proc(void)
{
	int fd = open("/proc", O_RDONLY | O_DIRECTORY | O_CLOEXEC);

	ck_assert_int_ge(fd, 0);
	return fd;
}

static uint64_t ns_ino_of(pid_t pid, const char *name)
{
	char path[64];

	snprintf(path, sizeof(path), "/proc/%d/ns/%s", (int)pid, name);
	return tu_path_ino(path);
}

static void request(struct ns_enter_request *req, pid_t pid)
{
	*req = (struct ns_enter_request){ .procfd = open_proc(), .pid = pid };
}

/* A PID nobody has: the highest possible one is never handed out. */
static pid_t free_pid(void)
{
	pid_t pid = 4194303;

	ck_assert_int_ne(kill(pid, 0), 0);
	return pid;
}

static int child_idle(void *arg, void *info)
{
	(void)arg;
	(void)info;
	return 0;
}

START_TEST(test_no_such_target)
{
	struct ns_enter_request req;
	struct ns_enter_state st;
	struct ns_enter_error err = { 0 };
	char want[64];
	pid_t pid = free_pid();

	request(&req, pid);
	req.ns[NS_TYPE_NET].source = NS_ENTER_TARGET;
	ck_assert_int_eq(ns_enter_open(&req, &st, &err), -ENOENT);
	ck_assert_int_eq(err.step, NS_ENTER_STEP_OPEN);
	snprintf(want, sizeof(want), "/proc/%d/ns/net", (int)pid);
	ck_assert_str_eq(err.path, want);
	ck_assert_int_eq(st.pidfd, -1);
	close(req.procfd);
}
END_TEST

/*
 * A target that is not there is missed as its first namespace in
 * util-linux 2.42's order (user cgroup ipc uts net pid mnt time); with
 * only -N's socket of it, as the process itself (ESRCH).
 */
START_TEST(test_no_such_target_order)
{
	static const struct {
		enum ns_kind asked[3];
		const char *first;
	} rows[] = {
		{ { NS_TYPE_MNT, NS_TYPE_NET, NS_TYPE_USER }, "user" },
		{ { NS_TYPE_TIME, NS_TYPE_IPC, NS_TYPE_CGROUP }, "cgroup" },
		{ { NS_TYPE_MNT, NS_TYPE_NET, NS_TYPE_IPC }, "ipc" },
		{ { NS_TYPE_MNT, NS_TYPE_PID, NS_TYPE_UTS }, "uts" },
		{ { NS_TYPE_TIME, NS_TYPE_MNT, NS_TYPE_NET }, "net" },
		{ { NS_TYPE_TIME, NS_TYPE_MNT, NS_TYPE_PID }, "pid" },
		{ { NS_TYPE_TIME, NS_TYPE_MNT, NS_TYPE_MNT }, "mnt" },
	};
	struct ns_enter_request req;
	struct ns_enter_state st;
	struct ns_enter_error err = { 0 };
	char want[64];
	pid_t pid = free_pid();

	for (size_t i = 0; i < NS_ARRAY_SIZE(rows); i++) {
		request(&req, pid);
		for (int j = 0; j < 3; j++)
			req.ns[rows[i].asked[j]].source = NS_ENTER_TARGET;
		ck_assert_int_eq(ns_enter_open(&req, &st, &err), -ENOENT);
		ck_assert_int_eq(err.step, NS_ENTER_STEP_OPEN);
		snprintf(want, sizeof(want), "/proc/%d/ns/%s", (int)pid,
			 rows[i].first);
		ck_assert_str_eq(err.path, want);
		close(req.procfd);
	}

	/* -N's socket and nothing else of the target */
	request(&req, pid);
	req.ns[NS_TYPE_NET].source = NS_ENTER_SOCKET;
	req.ns[NS_TYPE_NET].sockfd = 0;
	ck_assert_int_eq(ns_enter_open(&req, &st, &err), -ESRCH);
	ck_assert_int_eq(err.step, NS_ENTER_STEP_PIN);
	/* with a namespace of it, that namespace is missed first */
	req.ns[NS_TYPE_MNT].source = NS_ENTER_TARGET;
	ck_assert_int_eq(ns_enter_open(&req, &st, &err), -ENOENT);
	ck_assert_int_eq(err.step, NS_ENTER_STEP_OPEN);
	snprintf(want, sizeof(want), "/proc/%d/ns/mnt", (int)pid);
	ck_assert_str_eq(err.path, want);
	close(req.procfd);
}
END_TEST

START_TEST(test_file_errors)
{
	struct ns_enter_request req;
	struct ns_enter_state st;
	struct ns_enter_error err = { 0 };
	struct tu_tree t;
	char path[4096];

	tu_tree_new(&t);
	tu_write_str(&t, "not a namespace", "file");
	snprintf(path, sizeof(path), "%s/file", t.path);
	request(&req, 0);
	req.ns[NS_TYPE_NET] = (struct ns_enter_ns){ NS_ENTER_FILE, path };
	ck_assert_int_eq(ns_enter_open(&req, &st, &err), -EINVAL);
	ck_assert_int_eq(err.step, NS_ENTER_STEP_NOT_NS);
	ck_assert_str_eq(err.path, path);

	req.ns[NS_TYPE_NET].path = "/proc/self/ns/uts";
	ck_assert_int_eq(ns_enter_open(&req, &st, &err), -EINVAL);
	ck_assert_int_eq(err.step, NS_ENTER_STEP_WRONG_TYPE);
	ck_assert_int_eq(err.type, NS_TYPE_NET);

	snprintf(path, sizeof(path), "%s/missing", t.path);
	req.ns[NS_TYPE_NET].path = path;
	ck_assert_int_eq(ns_enter_open(&req, &st, &err), -ENOENT);
	ck_assert_int_eq(err.step, NS_ENTER_STEP_OPEN);
	ck_assert_str_eq(err.path, path);

	req.ns[NS_TYPE_NET].path = "/proc/self/ns/net";
	ck_assert_int_eq(ns_enter_open(&req, &st, &err), 0);
	ck_assert_int_ge(st.fds[NS_TYPE_NET], 0);
	ck_assert_uint_eq(tu_fd_ino(st.fds[NS_TYPE_NET]), ns_ino_of(getpid(),
								      "net"));
	ck_assert(tu_is_cloexec(st.fds[NS_TYPE_NET]));
	ck_assert_uint_eq(st.types, NET);
	ns_enter_close(&st);
	ck_assert_int_eq(st.fds[NS_TYPE_NET], -1);
	close(req.procfd);
	tu_tree_free(&t);
}
END_TEST

/* PID:INODE: the inode of a pidfd of the process, else "no such". */
START_TEST(test_pid_inode)
{
	struct ns_enter_request req;
	struct ns_enter_state st;
	struct ns_enter_error err = { 0 };
	struct tu_child c;
	int pidfd;

	int own;

	tu_child_start(&c, child_idle, NULL, NULL, 0, true);
	pidfd = (int)syscall(SYS_pidfd_open, c.pid, 0);
	ck_assert_int_ge(pidfd, 0);
	own = (int)syscall(SYS_pidfd_open, getpid(), 0);
	ck_assert_int_ge(own, 0);
	request(&req, c.pid);
	req.ns[NS_TYPE_NET].source = NS_ENTER_TARGET;
	if (tu_fd_ino(own) == tu_fd_ino(pidfd)) {
		/* before Linux 6.9 every pidfd has the one inode: refused */
		req.pid_ino = tu_fd_ino(pidfd);
		ck_assert_int_eq(ns_enter_open(&req, &st, &err), -EOPNOTSUPP);
		ck_assert_int_eq(err.step, NS_ENTER_STEP_PIN);
		close(own);
		close(pidfd);
		close(req.procfd);
		tu_child_stop(&c);
		TU_SKIP_CASE("PID file descriptors with inode numbers of their "
			     "own (Linux 6.9 or later); the refusal checked");
	}
	close(own);
	req.pid_ino = tu_fd_ino(pidfd) + 1;
	ck_assert_int_eq(ns_enter_open(&req, &st, &err), -ESRCH);
	ck_assert_int_eq(err.step, NS_ENTER_STEP_PIN);
	ck_assert_int_eq(st.pidfd, -1);

	req.pid_ino = tu_fd_ino(pidfd);
	ck_assert_int_eq(ns_enter_open(&req, &st, &err), 0);
	ck_assert_int_ge(st.pidfd, 0);
	/* every namespace the target's: one setns(pidfd) will do */
	ck_assert(st.via_pidfd);
	ck_assert_int_eq(st.fds[NS_TYPE_NET], -1);
	ns_enter_close(&st);
	close(pidfd);
	close(req.procfd);
	tu_child_stop(&c);
}
END_TEST

/* -a: our own user namespace is not entered (setns would refuse it). */
START_TEST(test_skip_own_user)
{
	struct ns_enter_request req;
	struct ns_enter_state st;
	struct ns_enter_error err = { 0 };
	struct tu_child c;

	tu_child_start(&c, child_idle, NULL, NULL, 0, true);
	request(&req, c.pid);
	for (unsigned int t = 0; t < NS_TYPE_COUNT; t++)
		req.ns[t].source = NS_ENTER_TARGET;
	ck_assert_int_eq(ns_enter_open(&req, &st, &err), 0);
	ck_assert(ns_enter_enters_user(&st));
	ns_enter_close(&st);

	req.flags = NS_ENTER_SKIP_OWN_USER;
	ck_assert_int_eq(ns_enter_open(&req, &st, &err), 0);
	ck_assert(!ns_enter_enters_user(&st));
	ns_enter_close(&st);

	/* the same through fds */
	req.ns[NS_TYPE_USER].source = NS_ENTER_FILE;
	req.ns[NS_TYPE_USER].path = "/proc/self/ns/user";
	ck_assert_int_eq(ns_enter_open(&req, &st, &err), 0);
	ck_assert(!st.via_pidfd);
	ck_assert(!ns_enter_enters_user(&st));
	ck_assert_int_eq(st.fds[NS_TYPE_USER], -1);
	ns_enter_close(&st);
	close(req.procfd);
	tu_child_stop(&c);
}
END_TEST

/* By ID where the kernel can (>= 6.19), a clear "not supported" else. */
START_TEST(test_nsid)
{
	int procfd = open_proc(), fd = -1, own, r;
	uint64_t id;

	own = open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC);
	ck_assert_int_ge(own, 0);
	if (ns_fd_get_id(own, &id) < 0) {
		ck_assert_int_eq(ns_fd_open_nsid(procfd, NS_TYPE_NET, 1, &fd),
				 -EOPNOTSUPP);
		goto out;
	}
	r = ns_fd_open_nsid(procfd, NS_TYPE_NET, id, &fd);
	if (r == -EOPNOTSUPP) {
		ck_assert_int_eq(fd, -1);
		goto out;
	}
	ck_assert_int_eq(r, 0);
	ck_assert_uint_eq(tu_fd_ino(fd), tu_fd_ino(own));
	close(fd);
	/* a net ID is no uts namespace; an ID nobody has is nothing */
	ck_assert_int_lt(ns_fd_open_nsid(procfd, NS_TYPE_UTS, id, &fd), 0);
	ck_assert_int_eq(ns_fd_open_nsid(procfd, NS_TYPE_NET, UINT64_MAX, &fd),
			 -ESTALE);
out:
	close(own);
	close(procfd);
}
END_TEST

/* A target that exits between the opening and the entering. */
START_TEST(test_target_gone)
{
	for (int fallback = 0; fallback < 2; fallback++) {
		struct ns_enter_request req;
		struct ns_enter_state st;
		struct ns_enter_error err = { 0 };
		pid_t pid = fork();
		int r;

		ck_assert_int_ge(pid, 0);
		if (pid == 0) {
			pause();
			_exit(0);
		}
		request(&req, pid);
		req.ns[NS_TYPE_NET].source = NS_ENTER_TARGET;
		req.ns[NS_TYPE_UTS].source = NS_ENTER_TARGET;
		req.flags = fallback ? NS_ENTER_NO_PIDFD_SETNS : 0;
		ck_assert_int_eq(ns_enter_open(&req, &st, &err), 0);
		/* a zombie: its PID is not free for another process yet,
		 * but its namespaces are gone */
		kill(pid, SIGKILL);
		ck_assert_int_eq(waitid(P_PID, pid, NULL, WEXITED | WNOWAIT),
				 0);
		r = ns_enter_join(&st, &err);
		if (fallback) {
			ck_assert_int_lt(r, 0);
			ck_assert(err.step == NS_ENTER_STEP_OPEN ||
				  err.step == NS_ENTER_STEP_GONE);
		} else {
			ck_assert_int_eq(r, -ESRCH);
			ck_assert_int_eq(err.step, NS_ENTER_STEP_SETNS_ALL);
		}
		ns_enter_close(&st);
		close(req.procfd);
		waitpid(pid, NULL, 0);
	}
}
END_TEST

static Suite *enter_suite(void)
{
	Suite *s = suite_create("enter");
	TCase *tc = tcase_create("open");

	tcase_add_test(tc, test_no_such_target);
	tcase_add_test(tc, test_no_such_target_order);
	tcase_add_test(tc, test_file_errors);
	tcase_add_test(tc, test_pid_inode);
	tcase_add_test(tc, test_skip_own_user);
	tcase_add_test(tc, test_nsid);
	tcase_add_test(tc, test_target_gone);
	suite_add_tcase(s, tc);
	return s;
}

/* Root only: real setns(2). */

struct target_info {
	int err;
};

/* A target in new net and uts namespaces, made by root or by 65534. */
static int child_target(void *arg, void *info)
{
	struct target_info *ti = info;
	bool owner = arg != NULL;
	int fd;

	ti->err = 0;
	if (owner) {
		/* 65534 owns a user namespace with a net and a uts inside */
		if (setresgid(65534, 65534, 65534) < 0 ||
		    setresuid(65534, 65534, 65534) < 0 ||
		    unshare(CLONE_NEWUSER) < 0)
			goto fail;
		/* a changed uid made us undumpable: /proc/PID root's */
		prctl(PR_SET_DUMPABLE, 1, 0, 0, 0);
		fd = open("/proc/self/uid_map", O_WRONLY | O_CLOEXEC);
		if (fd < 0 || write(fd, "0 65534 1", 9) != 9)
			goto fail;
		close(fd);
	}
	if (unshare(CLONE_NEWNET | CLONE_NEWUTS) < 0 ||
	    sethostname("nstest-enter", 12) < 0)
		goto fail;
	return 0;
fail:
	ti->err = errno;
	return 0;
}

struct enter_args {
	pid_t pid;
	unsigned int types; /* entered from the target */
	unsigned int flags;
	bool unprivileged;
};

struct enter_result {
	int r;
	struct ns_enter_error err;
	uint64_t net, uts;
	char host[64];
};

static int child_enter(void *arg, void *info)
{
	const struct enter_args *a = arg;
	struct enter_result *res = info;
	struct ns_enter_request req = { .pid = a->pid, .flags = a->flags };
	struct ns_enter_state st;
	struct stat s;

	if (a->unprivileged && (setresgid(65534, 65534, 65534) < 0 ||
				setresuid(65534, 65534, 65534) < 0))
		return 1;
	req.procfd = open("/proc", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	for (unsigned int t = 0; t < NS_TYPE_COUNT; t++)
		if (a->types & NS_TYPE_MASK(t))
			req.ns[t].source = NS_ENTER_TARGET;
	res->r = ns_enter_open(&req, &st, &res->err);
	if (res->r == 0)
		res->r = ns_enter_join(&st, &res->err);
	ns_enter_close(&st);
	if (stat("/proc/self/ns/net", &s) == 0)
		res->net = s.st_ino;
	if (stat("/proc/self/ns/uts", &s) == 0)
		res->uts = s.st_ino;
	gethostname(res->host, sizeof(res->host) - 1);
	return 0;
}

/* Enter in a child process, which reports what it got to. */
static void enter(const struct enter_args *a, struct enter_result *res)
{
	*res = (struct enter_result){ .r = 1 };
	ck_assert_int_eq(tu_child_run(child_enter, (void *)a, res,
				      sizeof(*res)), 0);
}

static void enter_ok(const struct enter_args *a, struct enter_result *res,
		     int fallback)
{
	enter(a, res);
	ck_assert_msg(res->r == 0, "fallback %d: step %d: %s", fallback,
		      res->err.step, strerror(-res->r));
}

static void start_target(struct tu_child *c, bool owner)
{
	struct target_info ti = { .err = -1 };

	tu_child_start(c, child_target, owner ? c : NULL, &ti, sizeof(ti),
		       true);
	ck_assert_msg(ti.err == 0, "target: %s", strerror(ti.err));
}

START_TEST(test_join)
{
	struct tu_child c;

	TU_REQUIRE_ROOT();
	start_target(&c, false);
	/* setns(pidfd), then one fd per type as before Linux 5.8 */
	for (int fallback = 0; fallback < 2; fallback++) {
		struct enter_args a = {
			.pid = c.pid,
			.types = NET | NS_TYPE_MASK(NS_TYPE_UTS),
			.flags = fallback ? NS_ENTER_NO_PIDFD_SETNS : 0,
		};
		struct enter_result res;

		enter_ok(&a, &res, fallback);
		ck_assert_uint_eq(res.net, ns_ino_of(c.pid, "net"));
		ck_assert_uint_eq(res.uts, ns_ino_of(c.pid, "uts"));
		ck_assert_str_eq(res.host, "nstest-enter");
	}
	tu_child_stop(&c);
}
END_TEST

/*
 * The unprivileged owner of a user namespace: the net namespace
 * refuses it from outside (EPERM), so it is entered again once the
 * user namespace is; without the user namespace, that EPERM is the
 * answer, naming the net namespace where fds are used (setns on the
 * pidfd does not say which one refused).
 */
START_TEST(test_owner_two_passes)
{
	struct tu_child c;
	const unsigned int user = NS_TYPE_MASK(NS_TYPE_USER);

	TU_REQUIRE_ROOT();
	start_target(&c, true);
	for (int fallback = 0; fallback < 2; fallback++) {
		struct enter_args a = {
			.pid = c.pid, .types = NET | user,
			.flags = fallback ? NS_ENTER_NO_PIDFD_SETNS : 0,
			.unprivileged = true,
		};
		struct enter_result res;

		enter_ok(&a, &res, fallback);
		ck_assert_uint_eq(res.net, ns_ino_of(c.pid, "net"));

		a.types = NET;
		enter(&a, &res);
		ck_assert_int_eq(res.r, -EPERM);
		ck_assert_int_eq(res.err.step, fallback ?
				 NS_ENTER_STEP_SETNS : NS_ENTER_STEP_SETNS_ALL);
		if (fallback) {
			ck_assert_int_eq(res.err.type, NS_TYPE_NET);
			ck_assert_str_eq(res.err.path, "ns/net");
		}
	}
	tu_child_stop(&c);
}
END_TEST

/*
 * -a by the owner of a "rootless container": the target's ipc and
 * cgroup namespaces are the caller's, which refuse it; with
 * NS_ENTER_SKIP_SHARED they are left out. Without it, setns(pidfd)
 * says EPERM, the fds name the first one that refuses.
 */
START_TEST(test_skip_shared)
{
	const unsigned int shared = NS_TYPE_MASK(NS_TYPE_IPC) |
				    NS_TYPE_MASK(NS_TYPE_CGROUP);
	const unsigned int user = NS_TYPE_MASK(NS_TYPE_USER);
	struct tu_child c;

	TU_REQUIRE_ROOT();
	start_target(&c, true);
	for (int fallback = 0; fallback < 2; fallback++) {
		struct enter_args a = {
			.pid = c.pid,
			.types = NET | NS_TYPE_MASK(NS_TYPE_UTS) | user | shared,
			.flags = fallback ? NS_ENTER_NO_PIDFD_SETNS : 0,
			.unprivileged = true,
		};
		struct enter_result res;

		enter(&a, &res);
		ck_assert_int_eq(res.r, -EPERM);
		ck_assert_int_eq(res.err.step, fallback ?
				 NS_ENTER_STEP_SETNS : NS_ENTER_STEP_SETNS_ALL);
		if (fallback) {
			ck_assert_int_eq(res.err.type, NS_TYPE_IPC);
			ck_assert_str_eq(res.err.path, "ns/ipc");
		}

		a.flags |= NS_ENTER_SKIP_SHARED;
		enter_ok(&a, &res, fallback);
		ck_assert_uint_eq(res.net, ns_ino_of(c.pid, "net"));
		ck_assert_uint_eq(res.uts, ns_ino_of(c.pid, "uts"));
		ck_assert_str_eq(res.host, "nstest-enter");
	}
	tu_child_stop(&c);
}
END_TEST

static Suite *enter_root_suite(void)
{
	Suite *s = suite_create("enter-root");
	TCase *tc = tcase_create("root");

	tcase_set_timeout(tc, 20);
	tcase_add_test(tc, test_join);
	tcase_add_test(tc, test_owner_two_passes);
	tcase_add_test(tc, test_skip_shared);
	suite_add_tcase(s, tc);
	return s;
}

int main(int argc, char **argv)
{
	return tu_main_split(argc, argv, enter_suite, enter_root_suite);
}
