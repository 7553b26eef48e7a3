// SPDX-License-Identifier: MIT
/* Unit tests of lib/nsfd/identify.c: namespace identity and relations. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "libns/nsfd.h"
#include "libns/base.h"
#include "testutil.h"

/* @fd is one of our own namespaces, of type @type. */
static void expect_self_ns(int fd, enum ns_kind type)
{
	struct ns_id id;

	ck_assert_int_eq(ns_fd_identify(fd, &id), 0);
	ck_assert_int_eq(id.type, type);
	ck_assert_uint_eq(id.ino, tu_self_ns_ino(ns_type_name(type)));
}

/* A regular file in a fresh tree; the tree must be freed. */
static int open_regular(struct tu_tree *t)
{
	int fd;

	tu_tree_new(t);
	tu_write_str(t, "not a namespace", "file");
	fd = openat(t->fd, "file", O_RDONLY | O_CLOEXEC);
	ck_assert_int_ge(fd, 0);
	return fd;
}

START_TEST(test_identify_real)
{
	for (unsigned int t = 0; t < NS_TYPE_COUNT; t++) {
		struct ns_id id = { .ino = 1, .type = NS_TYPE_COUNT };
		uint64_t ino = 0;
		struct stat st;
		int fd;

		if (!tu_have_self_ns(ns_type_name(t)))
			continue;
		fd = tu_open_self_ns(ns_type_name(t));
		ck_assert_int_eq(fstat(fd, &st), 0);
		ck_assert_int_eq(ns_fd_identify(fd, &id), 0);
		ck_assert_int_eq(id.type, (int)t);
		ck_assert_uint_eq(id.ino, st.st_ino);
		ck_assert_uint_eq(id.dev, st.st_dev);
		ck_assert_int_eq(ns_fd_ino(fd, &ino), 0);
		ck_assert_uint_eq(ino, st.st_ino);
		close(fd);
	}
}
END_TEST

START_TEST(test_identify_for_children)
{
	struct ns_id id;
	int fd;

	fd = tu_open_self_ns("pid_for_children");
	expect_self_ns(fd, NS_TYPE_PID);
	close(fd);
	if (tu_have_self_ns("time_for_children")) {
		fd = tu_open_self_ns("time_for_children");
		ck_assert_int_eq(ns_fd_identify(fd, &id), 0);
		ck_assert_int_eq(id.type, NS_TYPE_TIME);
		close(fd);
	}
}
END_TEST

START_TEST(test_identify_not_ns)
{
	struct ns_id id = { .ino = 4242, .type = NS_TYPE_UTS };
	uint64_t ino = 4242;
	struct tu_tree t;
	int fd, dirfd;

	fd = open_regular(&t);
	ck_assert_int_eq(ns_fd_identify(fd, &id), -EINVAL);
	ck_assert_int_eq(ns_fd_ino(fd, &ino), -EINVAL);
	close(fd);

	/* proc files are not nsfs files either */
	dirfd = open("/proc/self/ns", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	ck_assert_int_ge(dirfd, 0);
	ck_assert_int_eq(ns_fd_identify(dirfd, &id), -EINVAL);
	ck_assert_int_eq(ns_fd_ino(dirfd, &ino), -EINVAL);
	close(dirfd);

	ck_assert_int_eq(ns_fd_identify(-1, &id), -EBADF);
	ck_assert_int_eq(ns_fd_ino(-1, &ino), -EBADF);
	ck_assert_uint_eq(id.ino, 4242);
	ck_assert_int_eq(id.type, NS_TYPE_UTS);
	ck_assert_uint_eq(ino, 4242);
	tu_tree_free(&t);
}
END_TEST

START_TEST(test_open_path)
{
	struct tu_tree t;
	uint64_t ino;
	int fd = 4242, regfd;

	ck_assert_int_eq(ns_fd_open_path(AT_FDCWD, "/proc/self/ns/net", &fd), 0);
	ck_assert(tu_is_cloexec(fd));
	ck_assert_int_eq(ns_fd_ino(fd, &ino), 0);
	ck_assert_uint_eq(ino, tu_self_ns_ino("net"));
	close(fd);

	regfd = open_regular(&t);
	fd = 4242;
	ck_assert_int_eq(ns_fd_open_path(t.fd, "file", &fd), -EINVAL);
	ck_assert_int_eq(ns_fd_open_path(t.fd, "missing", &fd), -ENOENT);
	ck_assert_int_eq(ns_fd_open_path(AT_FDCWD, "/proc/self/ns", &fd),
			 -EINVAL);
	ck_assert_int_eq(fd, 4242);
	/* The rejected file was closed again: the next fd is the same. */
	{
		int a = dup(regfd), b;

		close(a);
		ck_assert_int_eq(ns_fd_open_path(t.fd, "file", &fd), -EINVAL);
		b = dup(regfd);
		ck_assert_int_eq(a, b);
		close(b);
	}
	/* dirfd-relative, through a symlink to a real nsfs file */
	tu_symlink(&t, "/proc/self/ns/uts", "uts");
	ck_assert_int_eq(ns_fd_open_path(t.fd, "uts", &fd), 0);
	ck_assert_int_eq(ns_fd_ino(fd, &ino), 0);
	ck_assert_uint_eq(ino, tu_self_ns_ino("uts"));
	close(fd);
	close(regfd);
	tu_tree_free(&t);
}
END_TEST

START_TEST(test_open_pid)
{
	struct tu_tree t;
	int procfd, fd = 4242;

	procfd = open("/proc", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	ck_assert_int_ge(procfd, 0);
	for (unsigned int type = 0; type < NS_TYPE_COUNT; type++) {
		if (!tu_have_self_ns(ns_type_name(type)))
			continue;
		ck_assert_int_eq(ns_fd_open_pid(procfd, getpid(), type, &fd), 0);
		ck_assert(tu_is_cloexec(fd));
		expect_self_ns(fd, type);
		close(fd);
	}
	fd = 4242;
	/* Beyond any pid_max. */
	ck_assert_int_eq(ns_fd_open_pid(procfd, INT32_MAX, NS_TYPE_NET, &fd),
			 -ENOENT);
	ck_assert_int_eq(fd, 4242);
	close(procfd);

	/* Relative to the given proc root, not to /proc. */
	tu_tree_new(&t);
	tu_symlink(&t, "/proc/self/ns/ipc", "7/ns/ipc");
	tu_write_str(&t, "", "7/ns/net");
	ck_assert_int_eq(ns_fd_open_pid(t.fd, 7, NS_TYPE_IPC, &fd), 0);
	ck_assert_uint_eq(tu_fd_ino(fd), tu_self_ns_ino("ipc"));
	close(fd);
	fd = 4242;
	ck_assert_int_eq(ns_fd_open_pid(t.fd, 7, NS_TYPE_NET, &fd), -EINVAL);
	ck_assert_int_eq(ns_fd_open_pid(t.fd, 7, NS_TYPE_UTS, &fd), -ENOENT);
	ck_assert_int_eq(ns_fd_open_pid(t.fd, 8, NS_TYPE_IPC, &fd), -ENOENT);
	ck_assert_int_eq(fd, 4242);
	tu_tree_free(&t);
}
END_TEST

START_TEST(test_related_owner)
{
	const uint64_t userns = tu_self_ns_ino("user");

	for (unsigned int t = 0; t < NS_TYPE_COUNT; t++) {
		uint64_t ino = 0;
		int fd, rel = -1;

		if (t == NS_TYPE_USER || !tu_have_self_ns(ns_type_name(t)))
			continue;
		fd = tu_open_self_ns(ns_type_name(t));
		ck_assert_int_eq(ns_fd_related_ino(fd, NS_REL_OWNER, &ino), 0);
		ck_assert_msg(ino == userns, "owner of %s", ns_type_name(t));
		ck_assert_int_eq(ns_fd_related(fd, NS_REL_OWNER, &rel), 0);
		ck_assert(tu_is_cloexec(rel));
		ck_assert_uint_eq(tu_fd_ino(rel), userns);
		close(rel);
		close(fd);
	}
}
END_TEST

START_TEST(test_related_out_of_scope)
{
	uint64_t ino = 4242;
	int fd, rel = 4242;

	/*
	 * Our own user namespace's owner (= parent) and our own pid
	 * namespace's parent lie outside our scope, if they exist.
	 */
	fd = tu_open_self_ns("user");
	ck_assert_int_eq(ns_fd_related_ino(fd, NS_REL_OWNER, &ino), -EPERM);
	ck_assert_int_eq(ns_fd_related_ino(fd, NS_REL_PARENT, &ino), -EPERM);
	ck_assert_int_eq(ns_fd_related(fd, NS_REL_PARENT, &rel), -EPERM);
	close(fd);
	fd = tu_open_self_ns("pid");
	ck_assert_int_eq(ns_fd_related_ino(fd, NS_REL_PARENT, &ino), -EPERM);
	close(fd);
	ck_assert_uint_eq(ino, 4242);
	ck_assert_int_eq(rel, 4242);
}
END_TEST

START_TEST(test_related_parent_invalid)
{
	static const enum ns_kind types[] = { NS_TYPE_MNT, NS_TYPE_NET,
					      NS_TYPE_IPC, NS_TYPE_UTS,
					      NS_TYPE_CGROUP, NS_TYPE_TIME };
	uint64_t ino = 4242;

	for (size_t i = 0; i < NS_ARRAY_SIZE(types); i++) {
		int fd;

		if (!tu_have_self_ns(ns_type_name(types[i])))
			continue;
		fd = tu_open_self_ns(ns_type_name(types[i]));
		ck_assert_msg(ns_fd_related_ino(fd, NS_REL_PARENT, &ino) ==
				      -EINVAL,
			      "parent of %s", ns_type_name(types[i]));
		close(fd);
	}
	ck_assert_uint_eq(ino, 4242);
}
END_TEST

START_TEST(test_related_not_ns)
{
	struct tu_tree t;
	uint64_t ino = 4242;
	int fd, rel = 4242;

	fd = open_regular(&t);
	ck_assert_int_eq(ns_fd_related(fd, NS_REL_OWNER, &rel), -ENOTTY);
	ck_assert_int_eq(ns_fd_related_ino(fd, NS_REL_PARENT, &ino), -ENOTTY);
	ck_assert_int_eq(ns_fd_related(-1, NS_REL_OWNER, &rel), -EBADF);
	ck_assert_int_eq(rel, 4242);
	ck_assert_uint_eq(ino, 4242);
	close(fd);
	tu_tree_free(&t);
}
END_TEST

static bool in_initial_userns(void)
{
	char buf[128];
	unsigned long a, b, c;
	FILE *f = fopen("/proc/self/uid_map", "re");

	ck_assert_ptr_nonnull(f);
	ck_assert_ptr_nonnull(fgets(buf, sizeof(buf), f));
	fclose(f);
	return sscanf(buf, "%lu %lu %lu", &a, &b, &c) == 3 && a == 0 &&
	       b == 0 && c == 4294967295ul;
}

START_TEST(test_owner_uid)
{
	struct tu_tree t;
	uid_t uid = 4242;
	int fd;

	fd = tu_open_self_ns("user");
	ck_assert_int_eq(ns_fd_owner_uid(fd, &uid), 0);
	if (in_initial_userns())
		ck_assert_int_eq(uid, 0);
	else
		ck_assert_int_ne(uid, 4242);
	close(fd);

	uid = 4242;
	fd = tu_open_self_ns("net");
	ck_assert_int_eq(ns_fd_owner_uid(fd, &uid), -EINVAL);
	close(fd);
	fd = open_regular(&t);
	ck_assert_int_lt(ns_fd_owner_uid(fd, &uid), 0);
	close(fd);
	ck_assert_int_eq(uid, 4242);
	tu_tree_free(&t);
}
END_TEST

START_TEST(test_get_id)
{
	uint64_t net = 0, net2 = 0, uts = 0;
	struct tu_tree t;
	int fd, fd2, r;

	fd = tu_open_self_ns("net");
	r = ns_fd_get_id(fd, &net);
	ck_assert_msg(r == 0 || r == -ENOTTY, "NS_GET_ID: %d", r);
	if (r == -ENOTTY) {
		fprintf(stderr, "%s: kernel lacks NS_GET_ID\n", __func__);
		ck_assert_uint_eq(net, 0);
		close(fd);
		return;
	}
	ck_assert_uint_ne(net, 0);
	/* Stable for the same namespace, distinct for another one. */
	fd2 = tu_open_self_ns("net");
	ck_assert_int_eq(ns_fd_get_id(fd2, &net2), 0);
	ck_assert_uint_eq(net, net2);
	close(fd2);
	fd2 = tu_open_self_ns("uts");
	ck_assert_int_eq(ns_fd_get_id(fd2, &uts), 0);
	ck_assert_uint_ne(uts, 0);
	ck_assert_uint_ne(uts, net);
	close(fd2);
	close(fd);
	/* our own, through a proc root */
	fd = open("/proc", O_PATH | O_DIRECTORY | O_CLOEXEC);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(ns_fd_self_id(fd, NS_TYPE_NET, &net2), 0);
	ck_assert_uint_eq(net2, net);
	ck_assert_int_eq(ns_fd_self_id(fd, NS_TYPE_UTS, &net2), 0);
	ck_assert_uint_eq(net2, uts);
	close(fd);

	fd = open_regular(&t);
	net2 = 4242;
	ck_assert_int_lt(ns_fd_get_id(fd, &net2), 0);
	ck_assert_uint_eq(net2, 4242);
	close(fd);
	tu_tree_free(&t);
}
END_TEST

static int pidfd_self(void)
{
	int fd = (int)syscall(SYS_pidfd_open, getpid(), 0);

	ck_assert_msg(fd >= 0, "pidfd_open: %s", strerror(errno));
	return fd;
}

START_TEST(test_socket_netns)
{
	int pidfd = pidfd_self(), sock, nsfd = -1;

	/* SIOCGSKNS wants CAP_NET_ADMIN over the namespace */
	TU_REQUIRE_ROOT();
	sock = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	ck_assert_int_ge(sock, 0);
	ck_assert_int_eq(ns_fd_socket_netns(pidfd, sock, &nsfd), 0);
	ck_assert(tu_is_cloexec(nsfd));
	expect_self_ns(nsfd, NS_TYPE_NET);
	close(nsfd);
	close(sock);

	sock = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	ck_assert_int_ge(sock, 0);
	ck_assert_int_eq(ns_fd_socket_netns(pidfd, sock, &nsfd), 0);
	ck_assert_uint_eq(tu_fd_ino(nsfd), tu_self_ns_ino("net"));
	close(nsfd);
	close(sock);
	close(pidfd);
}
END_TEST

START_TEST(test_getfd_namespace)
{
	int pidfd = pidfd_self(), nsfd, fd = 4242, pipefd[2], closed, a, b;
	struct stat st, pst;

	nsfd = open("/proc/self/ns/uts", O_RDONLY | O_CLOEXEC);
	ck_assert_int_ge(nsfd, 0);
	ck_assert_int_eq(fstat(nsfd, &st), 0);
	ck_assert_int_eq(
		ns_fd_getfd(pidfd, nsfd, st.st_dev, st.st_ino, &fd), 0);
	ck_assert_int_ne(fd, nsfd);
	ck_assert(tu_is_cloexec(fd));
	ck_assert_uint_eq(tu_fd_ino(fd), st.st_ino);
	close(fd);

	/* Anything but that very namespace is refused, and closed again. */
	fd = 4242;
	ck_assert_int_eq(ns_fd_getfd(pidfd, nsfd, st.st_dev,
					    st.st_ino + 1, &fd),
			 -ESTALE);
	ck_assert_int_eq(ns_fd_getfd(pidfd, nsfd, st.st_dev + 1,
					    st.st_ino, &fd),
			 -ESTALE);
	ck_assert_int_eq(pipe2(pipefd, O_CLOEXEC), 0);
	ck_assert_int_eq(fstat(pipefd[0], &pst), 0);
	a = dup(pipefd[1]);
	close(a);
	ck_assert_int_eq(ns_fd_getfd(pidfd, pipefd[0], st.st_dev,
					    pst.st_ino, &fd),
			 -ESTALE);
	b = dup(pipefd[1]);
	ck_assert_int_eq(a, b);
	close(b);
	/* Without the nsfs device there is nothing to check against. */
	ck_assert_int_eq(ns_fd_getfd(pidfd, nsfd, 0, st.st_ino, &fd),
			 -EINVAL);
	closed = dup(pipefd[1]);
	close(closed);
	ck_assert_int_eq(ns_fd_getfd(pidfd, closed, st.st_dev,
					    st.st_ino, &fd),
			 -EBADF);
	ck_assert_int_eq(fd, 4242);
	close(pipefd[0]);
	close(pipefd[1]);
	close(nsfd);
	close(pidfd);
}
END_TEST

START_TEST(test_socket_netns_errors)
{
	int pidfd = pidfd_self(), pipefd[2], nsfd = 4242, closed;

	ck_assert_int_eq(pipe2(pipefd, O_CLOEXEC), 0);
	ck_assert_int_eq(ns_fd_socket_netns(pidfd, pipefd[0], &nsfd), -ENOTSOCK);
	closed = dup(pipefd[1]);
	close(closed);
	ck_assert_int_eq(ns_fd_socket_netns(pidfd, closed, &nsfd), -EBADF);
	ck_assert_int_eq(ns_fd_socket_netns(-1, 0, &nsfd), -EBADF);
	ck_assert_int_eq(nsfd, 4242);
	close(pipefd[0]);
	close(pipefd[1]);
	close(pidfd);
}
END_TEST

/* Root only: namespaces made by helper children. */

struct pidns_info {
	int err;
	pid_t init; /* pid 1 of the new namespace, as we see it */
};

static int child_unshare_pid(void *arg, void *info)
{
	struct pidns_info *pi = info;

	(void)arg;
	if (unshare(CLONE_NEWPID) < 0) {
		pi->err = errno;
		return 0;
	}
	/* pid_for_children resolves only once the namespace has an init */
	pi->init = fork();
	if (pi->init == 0) {
		tu_child_linger();
		_exit(0);
	}
	pi->err = pi->init < 0 ? errno : 0;
	return 0;
}

static int open_child_ns(pid_t pid, const char *name)
{
	char path[64];
	int fd;

	snprintf(path, sizeof(path), "/proc/%d/ns/%s", (int)pid, name);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	ck_assert_msg(fd >= 0, "open %s: %s", path, strerror(errno));
	return fd;
}

START_TEST(test_pid_parent)
{
	struct pidns_info pi = { .err = -1 };
	struct tu_child c;
	struct ns_id id;
	uint64_t ino = 0;
	int fd, rel = -1;

	TU_REQUIRE_ROOT();
	tu_child_start(&c, child_unshare_pid, NULL, &pi, sizeof(pi), true);
	ck_assert_msg(pi.err == 0, "unshare(CLONE_NEWPID): %s",
		      strerror(pi.err));

	/* The child's children live in the new pid namespace. */
	fd = open_child_ns(pi.init, "pid");
	ck_assert_int_eq(ns_fd_identify(fd, &id), 0);
	ck_assert_int_eq(id.type, NS_TYPE_PID);
	ck_assert_uint_ne(id.ino, tu_self_ns_ino("pid"));
	close(fd);
	fd = open_child_ns(c.pid, "pid_for_children");
	ck_assert_uint_eq(tu_fd_ino(fd), id.ino);
	/* ... while the child itself stays in ours. */
	rel = open_child_ns(c.pid, "pid");
	ck_assert_uint_eq(tu_fd_ino(rel), tu_self_ns_ino("pid"));
	close(rel);
	ck_assert_int_eq(ns_fd_related_ino(fd, NS_REL_PARENT, &ino), 0);
	ck_assert_uint_eq(ino, tu_self_ns_ino("pid"));
	ck_assert_int_eq(ns_fd_related(fd, NS_REL_PARENT, &rel), 0);
	ck_assert(tu_is_cloexec(rel));
	expect_self_ns(rel, NS_TYPE_PID);
	close(rel);
	ck_assert_int_eq(ns_fd_related_ino(fd, NS_REL_OWNER, &ino), 0);
	ck_assert_uint_eq(ino, tu_self_ns_ino("user"));
	close(fd);
	ck_assert_int_eq(tu_child_stop(&c), 0);
}
END_TEST

struct userns_info {
	int err;
	uid_t creator;
};

static int child_unshare_user(void *arg, void *info)
{
	struct userns_info *ui = info;

	(void)arg;
	/* Created by an unprivileged uid if the kernel lets it. */
	ui->creator = 4242;
	if (setresgid(4242, 4242, 4242) < 0 || setresuid(4242, 4242, 4242) < 0)
		return 1;
	if (unshare(CLONE_NEWUSER | CLONE_NEWNET) == 0) {
		ui->err = 0;
		return 0;
	}
	ui->err = errno;
	return 0;
}

static int child_unshare_user_root(void *arg, void *info)
{
	struct userns_info *ui = info;

	(void)arg;
	ui->creator = 0;
	ui->err = unshare(CLONE_NEWUSER | CLONE_NEWNET) < 0 ? errno : 0;
	return 0;
}

START_TEST(test_user_parent)
{
	struct userns_info ui = { .err = -1 };
	struct tu_child c;
	struct ns_id id;
	uint64_t ino = 0, childuser;
	uid_t uid = 1;
	int fd, netfd;

	TU_REQUIRE_ROOT();
	tu_child_start(&c, child_unshare_user, NULL, &ui, sizeof(ui), true);
	if (ui.err != 0) {
		/* unprivileged user namespaces are disabled here */
		fprintf(stderr, "%s: uid 4242 may not unshare: %s\n", __func__,
			strerror(ui.err));
		tu_child_stop(&c);
		tu_child_start(&c, child_unshare_user_root, NULL, &ui,
			       sizeof(ui), true);
	}
	ck_assert_msg(ui.err == 0, "unshare(CLONE_NEWUSER): %s",
		      strerror(ui.err));

	fd = open_child_ns(c.pid, "user");
	ck_assert_int_eq(ns_fd_identify(fd, &id), 0);
	ck_assert_int_eq(id.type, NS_TYPE_USER);
	childuser = id.ino;
	ck_assert_uint_ne(childuser, tu_self_ns_ino("user"));
	ck_assert_int_eq(ns_fd_related_ino(fd, NS_REL_PARENT, &ino), 0);
	ck_assert_uint_eq(ino, tu_self_ns_ino("user"));
	ck_assert_int_eq(ns_fd_related_ino(fd, NS_REL_OWNER, &ino), 0);
	ck_assert_uint_eq(ino, tu_self_ns_ino("user"));
	ck_assert_int_eq(ns_fd_owner_uid(fd, &uid), 0);
	ck_assert_int_eq(uid, ui.creator);

	/* A namespace made together with it is owned by it. */
	netfd = open_child_ns(c.pid, "net");
	ck_assert_int_eq(ns_fd_related_ino(netfd, NS_REL_OWNER, &ino), 0);
	ck_assert_uint_eq(ino, childuser);
	ck_assert_uint_ne(tu_fd_ino(netfd), tu_self_ns_ino("net"));
	close(netfd);
	close(fd);
	ck_assert_int_eq(tu_child_stop(&c), 0);
}
END_TEST

static Suite *identify_suite(void)
{
	Suite *s = suite_create("nsfd-identify");
	TCase *tc = tcase_create("identify");

	tcase_add_test(tc, test_identify_real);
	tcase_add_test(tc, test_identify_for_children);
	tcase_add_test(tc, test_identify_not_ns);
	tcase_add_test(tc, test_open_path);
	tcase_add_test(tc, test_open_pid);
	tcase_add_test(tc, test_get_id);
	suite_add_tcase(s, tc);

	tc = tcase_create("relations");
	tcase_add_test(tc, test_related_owner);
	tcase_add_test(tc, test_related_out_of_scope);
	tcase_add_test(tc, test_related_parent_invalid);
	tcase_add_test(tc, test_related_not_ns);
	tcase_add_test(tc, test_owner_uid);
	suite_add_tcase(s, tc);

	tc = tcase_create("socket");
	tcase_add_test(tc, test_socket_netns_errors);
	tcase_add_test(tc, test_getfd_namespace);
	suite_add_tcase(s, tc);
	return s;
}

/* Run by "test_nsfd_identify --root", as root only. */
static Suite *identify_root_suite(void)
{
	Suite *s = suite_create("nsfd-identify-root");
	TCase *tc = tcase_create("root");

	tcase_set_timeout(tc, 20);
	tcase_add_test(tc, test_socket_netns);
	tcase_add_test(tc, test_pid_parent);
	tcase_add_test(tc, test_user_parent);
	suite_add_tcase(s, tc);
	return s;
}

int main(int argc, char **argv)
{
	return tu_main_split(argc, argv, identify_suite, identify_root_suite);
}
