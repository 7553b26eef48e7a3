// SPDX-License-Identifier: MIT
/*
 * Unit tests of lib/netns/enter.c: the enter of netns exec, step by
 * step, and the run dir detached for -a. Root cases work on a scratch
 * tree (its run dir, a /sys and an /etc of its own, an etc/netns) in a
 * private mount namespace (Check forks each case): nothing reaches the
 * system. A step is made to fail by a seccomp filter that refuses its
 * system call in the case's process.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/filter.h>
#include <linux/magic.h>
#include <linux/seccomp.h>
#include <sched.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "libns/base.h"
#include "libns/netns.h"
#include "testutil.h"

#define NAME "nstest-enter"

/* What the note callback saw, in order. */
struct notes {
	int n;
	enum ns_netns_enter_step step[8];
	int err[8];
	char src[8][PATH_MAX], dst[8][PATH_MAX];
};

static void note(const struct ns_netns_enter_error *e, void *userdata)
{
	struct notes *ns = userdata;

	ck_assert_int_lt(ns->n, 8);
	ns->step[ns->n] = e->step;
	ns->err[ns->n] = e->err;
	snprintf(ns->src[ns->n], PATH_MAX, "%s", e->src ? e->src : "");
	snprintf(ns->dst[ns->n], PATH_MAX, "%s", e->dst ? e->dst : "");
	ns->n++;
}

/* An absolute path below the scratch directory, in a static buffer. */
static const char *at(const char *rel)
{
	static char buf[4][PATH_MAX];
	static int i;

	i = (i + 1) % 4;
	snprintf(buf[i], sizeof(buf[i]), "%s/%s", tu_scratch.path, rel);
	return buf[i];
}

/* The request for NAME in the scratch tree. */
static struct ns_netns_enter_req scratch_req(void)
{
	static char run[PATH_MAX], sys[PATH_MAX], etc[PATH_MAX],
		netns_etc[PATH_MAX];
	struct ns_netns_enter_req req = NS_NETNS_ENTER_REQ_INIT;

	snprintf(run, sizeof(run), "%s", at("run"));
	snprintf(sys, sizeof(sys), "%s", at("sys"));
	snprintf(etc, sizeof(etc), "%s", at("etc"));
	snprintf(netns_etc, sizeof(netns_etc), "%s", at("etc/netns"));
	req.rundir = run;
	req.name = NAME;
	req.sys_dir = sys;
	req.etc_dir = etc;
	req.netns_etc_dir = netns_etc;
	return req;
}

START_TEST(test_open_fails)
{
	struct ns_netns_enter_req req = scratch_req();
	struct ns_netns_enter_error e = { .step = NS_NETNS_ENTER_NONE };
	struct notes ns = { 0 };
	uint64_t self = tu_self_ns_ino("net");
	int dirfd;

	/* no such name */
	ck_assert_int_eq(ns_netns_enter(&req, note, &ns, &e), -ENOENT);
	ck_assert_int_eq(e.step, NS_NETNS_ENTER_OPEN);
	ck_assert_int_eq(e.err, -ENOENT);
	/* a file that is no network namespace */
	tu_write_str(&tu_scratch, "", "run/" NAME);
	ck_assert_int_eq(ns_netns_enter(&req, note, &ns, &e), -EINVAL);
	ck_assert_int_eq(e.step, NS_NETNS_ENTER_SETNS);
	/* through the run dir's fd, whatever rundir says */
	dirfd = open("run", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	ck_assert_int_ge(dirfd, 0);
	req.rundir = "/nstest/no/such/dir";
	req.rundir_fd = dirfd;
	ck_assert_int_eq(ns_netns_enter(&req, note, &ns, &e), -EINVAL);
	ck_assert_int_eq(e.step, NS_NETNS_ENTER_SETNS);
	req.name = "../run/" NAME;
	ck_assert_int_eq(ns_netns_enter(&req, note, &ns, &e), -EINVAL);
	ck_assert_int_eq(e.step, NS_NETNS_ENTER_OPEN);
	close(dirfd);
	/* nothing noted, nowhere gone */
	ck_assert_int_eq(ns.n, 0);
	ck_assert_uint_eq(tu_self_ns_ino("net"), self);
}
END_TEST

/* --- root: a real namespace bound onto run/NAME ------------------------ */

static int named_fd = -1;

/* Every mount below the scratch tree detached, deepest first. */
static void umount_scratch(void)
{
	char line[4096], point[PATH_MAX];
	size_t len = strlen(tu_scratch.path);
	bool again = true;

	while (again) {
		FILE *f = fopen("/proc/self/mountinfo", "re");

		ck_assert_ptr_nonnull(f);
		again = false;
		while (fgets(line, sizeof(line), f)) {
			if (sscanf(line, "%*s %*s %*s %*s %4095s", point) == 1 &&
			    strncmp(point, tu_scratch.path, len) == 0 &&
			    umount2(point, MNT_DETACH) == 0)
				again = true;
		}
		fclose(f);
	}
}

static void root_setup(void)
{
	struct ns_netns_entry entry = NS_NETNS_ENTRY_INIT;
	enum ns_netns_step step;
	int lock_err;

	TU_REQUIRE_ROOT();
	tu_enter_scratch();
	tu_private_mounts();
	tu_mkdir(&tu_scratch, "sys");
	tu_write_str(&tu_scratch, "host\n", "etc/hosts");
	tu_write_str(&tu_scratch, "host\n", "etc/resolv.conf");
	tu_write_str(&tu_scratch, "ns\n", "etc/netns/" NAME "/hosts");
	ck_assert_int_eq(ns_netns_dir_setup(at("run"), &lock_err, &step), 0);
	ck_assert_int_eq(ns_netns_place(at("run"), NAME, &entry), 0);
	ck_assert_int_eq(ns_netns_create(&named_fd), 0);
	ck_assert_int_eq(ns_netns_bind(&entry, named_fd), 0);
	ns_netns_keep(&entry);
}

static void root_teardown(void)
{
	/* the tree cannot be removed with mounts inside */
	umount_scratch();
	named_fd = ns_close(named_fd);
	tu_leave_scratch();
}

/*
 * @rel read by path: a dirfd opened before the enter would look it up
 * through the mounts of the namespace it was opened in.
 */
static char *read_at(const char *rel)
{
	char *buf = NULL;

	ck_assert_int_eq(ns_read_file_at(AT_FDCWD, rel, &buf, NULL), 0);
	return buf;
}

static bool is_sysfs(const char *rel)
{
	struct statfs sf;

	ck_assert_int_eq(statfs(at(rel), &sf), 0);
	return sf.f_type == SYSFS_MAGIC;
}

START_TEST(test_enter)
{
	struct ns_netns_enter_req req = scratch_req();
	struct ns_netns_enter_error e = { .step = NS_NETNS_ENTER_NONE };
	uint64_t mnt = tu_self_ns_ino("mnt");
	struct notes ns = { 0 };
	char *s;

	ck_assert(!is_sysfs("sys"));
	ck_assert_int_eq(ns_netns_enter(&req, note, &ns, &e), 0);
	ck_assert_int_eq(ns.n, 0);
	/* in the namespace, with a mount namespace of our own */
	ck_assert_uint_eq(tu_self_ns_ino("net"), tu_fd_ino(named_fd));
	ck_assert_uint_ne(tu_self_ns_ino("mnt"), mnt);
	/* its sysfs: only its lo */
	ck_assert(is_sysfs("sys"));
	ck_assert(tu_exists("sys/class/net/lo"));
	ck_assert(!tu_exists("sys/class/net/nstest-none"));
	/* etc/netns/NAME/hosts over etc/hosts, the rest as it was */
	s = read_at("etc/hosts");
	ck_assert_str_eq(s, "ns\n");
	free(s);
	s = read_at("etc/resolv.conf");
	ck_assert_str_eq(s, "host\n");
	free(s);
}
END_TEST

START_TEST(test_enter_no_sysfs_through_fd)
{
	struct ns_netns_enter_req req = scratch_req();
	struct ns_netns_enter_error e;
	struct notes ns = { 0 };
	int dirfd = open("run", O_RDONLY | O_DIRECTORY | O_CLOEXEC);

	ck_assert_int_ge(dirfd, 0);
	req.rundir = "/nstest/no/such/dir";
	req.rundir_fd = dirfd;
	req.no_sysfs = true;
	ck_assert_int_eq(ns_netns_enter(&req, note, &ns, &e), 0);
	ck_assert_uint_eq(tu_self_ns_ino("net"), tu_fd_ino(named_fd));
	ck_assert(!is_sysfs("sys"));
	ck_assert_int_eq(ns.n, 0);
	close(dirfd);
}
END_TEST

START_TEST(test_enter_notes)
{
	struct ns_netns_enter_req req = scratch_req();
	struct ns_netns_enter_error e;
	struct notes ns = { 0 };
	char *s;

	/* no /sys to mount on; etc/hosts a symbolic link; no etc/gone */
	req.sys_dir = at("nosys");
	ck_assert_int_eq(unlink("etc/hosts"), 0);
	tu_write_str(&tu_scratch, "real\n", "etc/real-hosts");
	tu_symlink(&tu_scratch, "real-hosts", "etc/hosts");
	tu_write_str(&tu_scratch, "ns\n", "etc/netns/" NAME "/gone");
	ck_assert_int_eq(ns_netns_enter(&req, note, &ns, &e), 0);
	ck_assert_uint_eq(tu_self_ns_ino("net"), tu_fd_ino(named_fd));

	ck_assert_int_eq(ns.n, 3);
	ck_assert_int_eq(ns.step[0], NS_NETNS_ENTER_SYSFS);
	ck_assert_int_eq(ns.err[0], -ENOENT);
	ck_assert_str_eq(ns.dst[0], at("nosys"));
	/* the files in directory order: find each */
	for (int i = 1; i < 3; i++) {
		if (ns.step[i] == NS_NETNS_ENTER_ETC_LINK) {
			ck_assert_int_eq(ns.err[i], 0);
			ck_assert_str_eq(ns.dst[i], at("etc/hosts"));
			ck_assert_str_eq(ns.src[i],
					 at("etc/netns/" NAME "/hosts"));
		} else {
			ck_assert_int_eq(ns.step[i], NS_NETNS_ENTER_ETC_BIND);
			ck_assert_int_eq(ns.err[i], -ENOENT);
			ck_assert_str_eq(ns.dst[i], at("etc/gone"));
			ck_assert_str_eq(ns.src[i],
					 at("etc/netns/" NAME "/gone"));
		}
	}
	ck_assert_int_ne(ns.step[1], ns.step[2]);
	/* the bind went on all the same, onto the link's target */
	s = read_at("etc/real-hosts");
	ck_assert_str_eq(s, "ns\n");
	free(s);
}
END_TEST

/* From here on, the system call @nr fails with @err in this process. */
static void refuse(long nr, int err)
{
	struct sock_filter filter[] = {
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS,
			 offsetof(struct seccomp_data, nr)),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, (unsigned int)nr, 0, 1),
		BPF_STMT(BPF_RET | BPF_K,
			 SECCOMP_RET_ERRNO | (err & SECCOMP_RET_DATA)),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
	};
	struct sock_fprog prog = { NS_ARRAY_SIZE(filter), filter };

	ck_assert_int_eq(prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog),
			 0);
}

/* The enter fails at @step (by @nr refused with EL2HLT). */
static void expect_fail_at(long nr, enum ns_netns_enter_step step,
			   bool netns_entered)
{
	struct ns_netns_enter_req req = scratch_req();
	struct ns_netns_enter_error e = { .step = NS_NETNS_ENTER_NONE };
	uint64_t net = tu_self_ns_ino("net"), mnt = tu_self_ns_ino("mnt");
	struct notes ns = { 0 };

	refuse(nr, EL2HLT);
	ck_assert_int_eq(ns_netns_enter(&req, note, &ns, &e), -EL2HLT);
	ck_assert_int_eq(e.step, step);
	ck_assert_int_eq(e.err, -EL2HLT);
	ck_assert_int_eq(ns.n, 0);
	if (netns_entered)
		ck_assert_uint_eq(tu_self_ns_ino("net"), tu_fd_ino(named_fd));
	else
		ck_assert_uint_eq(tu_self_ns_ino("net"), net);
	if (step == NS_NETNS_ENTER_SLAVE)
		ck_assert_uint_ne(tu_self_ns_ino("mnt"), mnt);
	else
		ck_assert_uint_eq(tu_self_ns_ino("mnt"), mnt);
	ck_assert(!is_sysfs("sys"));
}

START_TEST(test_setns_fails)
{
	expect_fail_at(SYS_setns, NS_NETNS_ENTER_SETNS, false);
}
END_TEST

START_TEST(test_unshare_fails)
{
	expect_fail_at(SYS_unshare, NS_NETNS_ENTER_UNSHARE, true);
}
END_TEST

START_TEST(test_slave_fails)
{
	expect_fail_at(SYS_mount, NS_NETNS_ENTER_SLAVE, true);
}
END_TEST

START_TEST(test_detach_rundir)
{
	struct ns_netns_enter_req req = scratch_req();
	struct ns_netns_enter_error e;
	uint64_t mnt = tu_self_ns_ino("mnt");
	int dirfd = -1, fd, old;

	/*
	 * The namespace left behind lives on (as the caller's of netns,
	 * with others in it): it holds the mounts the fd looks through.
	 */
	old = tu_open_self_ns("mnt");
	ck_assert(tu_on_nsfs("run/" NAME));
	ck_assert_int_eq(ns_netns_detach_rundir(at("run"), &dirfd), 0);
	ck_assert(tu_is_cloexec(dirfd));
	ck_assert_uint_ne(tu_self_ns_ino("mnt"), mnt);
	/* gone from our mounts: the run dir's tree is detached here */
	ck_assert(!tu_on_nsfs("run/" NAME));
	/* through the fd, names are still found */
	ck_assert_int_eq(ns_netns_openat(dirfd, NAME, &fd), 0);
	ck_assert_uint_eq(tu_fd_ino(fd), tu_fd_ino(named_fd));
	close(fd);
	req.rundir_fd = dirfd;
	ck_assert_int_eq(ns_netns_enter(&req, NULL, NULL, &e), 0);
	ck_assert_uint_eq(tu_self_ns_ino("net"), tu_fd_ino(named_fd));
	close(dirfd);
	close(old);
	ck_assert_int_eq(ns_netns_detach_rundir(at("nosuch"), &dirfd),
			 -ENOENT);
}
END_TEST

static Suite *enter_suite(void)
{
	Suite *s = suite_create("netns-enter");
	TCase *tc = tcase_create("core");

	tcase_add_checked_fixture(tc, tu_enter_scratch, tu_leave_scratch);
	tcase_add_test(tc, test_open_fails);
	suite_add_tcase(s, tc);
	return s;
}

static Suite *enter_root_suite(void)
{
	Suite *s = suite_create("netns-enter-root");
	TCase *tc = tcase_create("root");

	tcase_add_checked_fixture(tc, root_setup, root_teardown);
	tcase_add_test(tc, test_enter);
	tcase_add_test(tc, test_enter_no_sysfs_through_fd);
	tcase_add_test(tc, test_enter_notes);
	tcase_add_test(tc, test_setns_fails);
	tcase_add_test(tc, test_unshare_fails);
	tcase_add_test(tc, test_slave_fails);
	tcase_add_test(tc, test_detach_rundir);
	suite_add_tcase(s, tc);
	return s;
}

int main(int argc, char **argv)
{
	return tu_main_split(argc, argv, enter_suite, enter_root_suite);
}
