// SPDX-License-Identifier: MIT
/* Unit tests of lib/proc/info.c: what libns reads about one process. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <stdint.h>
#include <stdio.h>
#include <unistd.h>

#include "libns/nsfd.h"
#include "libns/proc.h"
#include "libns/base.h"
#include "testutil.h"

static int open_dir(const struct tu_tree *t, const char *name)
{
	int fd = openat(t->fd, name, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

	ck_assert_msg(fd >= 0, "open %s: %s", name, strerror(errno));
	return fd;
}

START_TEST(test_nslink_fake)
{
	struct tu_tree t;
	uint64_t ino = 0;
	int dirfd;

	tu_tree_new(&t);
	tu_nslink(&t, 123, "net", 4026531840ull);
	tu_nslink(&t, 123, "cgroup", 4026531835ull);
	tu_nslink(&t, 123, "time", 7);
	tu_symlink(&t, "uts:[5]", "123/ns/ipc");	 /* wrong type */
	tu_symlink(&t, "garbage", "123/ns/mnt");	 /* not a link text */
	tu_symlink(&t, "socket:[5]", "123/ns/user"); /* not a namespace */
	tu_symlink(&t,
		   "pid:[11111111111111111111111111111111111111111111111111"
		   "11111111111111111]",
		   "123/ns/pid"); /* too long */
	dirfd = open_dir(&t, "123");

	ck_assert_int_eq(ns_proc_nslink(dirfd, NS_TYPE_NET, &ino), 0);
	ck_assert_uint_eq(ino, 4026531840ull);
	ck_assert_int_eq(ns_proc_nslink(dirfd, NS_TYPE_CGROUP, &ino), 0);
	ck_assert_uint_eq(ino, 4026531835ull);
	ck_assert_int_eq(ns_proc_nslink(dirfd, NS_TYPE_TIME, &ino), 0);
	ck_assert_uint_eq(ino, 7);

	ck_assert_int_eq(ns_proc_nslink(dirfd, NS_TYPE_IPC, &ino), -EINVAL);
	/* (that one clobbers ino, see test_nslink_wrong_type_output) */
	ino = 12345;
	ck_assert_int_eq(ns_proc_nslink(dirfd, NS_TYPE_MNT, &ino), -EINVAL);
	ck_assert_int_eq(ns_proc_nslink(dirfd, NS_TYPE_USER, &ino), -EINVAL);
	ck_assert_int_eq(ns_proc_nslink(dirfd, NS_TYPE_PID, &ino), -EINVAL);
	ck_assert_int_eq(ns_proc_nslink(dirfd, NS_TYPE_UTS, &ino), -ENOENT);
	ck_assert_uint_eq(ino, 12345);
	close(dirfd);
	tu_tree_free(&t);
}
END_TEST

START_TEST(test_nslink_real)
{
	int dirfd = open("/proc/self", O_RDONLY | O_DIRECTORY | O_CLOEXEC);

	ck_assert_int_ge(dirfd, 0);
	for (unsigned int t = 0; t < NS_TYPE_COUNT; t++) {
		char path[64];
		uint64_t ino = 0;
		struct stat st;
		int r;

		snprintf(path, sizeof(path), "/proc/self/ns/%s",
			 ns_type_name(t));
		r = ns_proc_nslink(dirfd, t, &ino);
		if (stat(path, &st) < 0) {
			/* a type this kernel lacks */
			ck_assert_int_eq(r, -ENOENT);
			continue;
		}
		ck_assert_msg(r == 0, "%s: %d", path, r);
		ck_assert_uint_eq(ino, st.st_ino);
	}
	close(dirfd);
}
END_TEST

/* The ns directory opened once: the same links, the same errors. */
START_TEST(test_nslink_in_nsdir)
{
	struct tu_tree t;
	uint64_t ino = 12345;
	int dirfd, nsdir = -1;

	tu_tree_new(&t);
	tu_nslink(&t, 123, "net", 4026531840ull);
	tu_symlink(&t, "uts:[5]", "123/ns/ipc");
	dirfd = open_dir(&t, "123");
	ck_assert_int_eq(ns_proc_nsdir(dirfd, &nsdir), 0);
	ck_assert_int_ge(nsdir, 0);
	ck_assert_int_eq(ns_proc_nslink_in(nsdir, NS_TYPE_IPC, &ino), -EINVAL);
	ck_assert_int_eq(ns_proc_nslink_in(nsdir, NS_TYPE_UTS, &ino), -ENOENT);
	ck_assert_uint_eq(ino, 12345);
	ck_assert_int_eq(ns_proc_nslink_in(nsdir, NS_TYPE_NET, &ino), 0);
	ck_assert_uint_eq(ino, 4026531840ull);
	close(nsdir);
	close(dirfd);
	/* no ns directory: an error, nothing opened */
	dirfd = open_dir(&t, ".");
	nsdir = -7;
	ck_assert_int_eq(ns_proc_nsdir(dirfd, &nsdir), -ENOENT);
	ck_assert_int_eq(nsdir, -7);
	close(dirfd);
	tu_tree_free(&t);

	/* the real thing: each link as ns_proc_nslink reads it */
	dirfd = open("/proc/self", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	ck_assert_int_ge(dirfd, 0);
	ck_assert_int_eq(ns_proc_nsdir(dirfd, &nsdir), 0);
	for (unsigned int k = 0; k < NS_TYPE_COUNT; k++) {
		uint64_t a = 1, b = 2;
		int ra = ns_proc_nslink(dirfd, k, &a);
		int rb = ns_proc_nslink_in(nsdir, k, &b);

		ck_assert_int_eq(ra, rb);
		if (ra == 0)
			ck_assert_uint_eq(a, b);
	}
	close(nsdir);
	close(dirfd);
}
END_TEST

/*
 * Regression: a link naming a namespace of another type ("ns/ipc ->
 * uts:[5]") is -EINVAL and leaves *ret_ino alone (outputs are set only
 * on success).
 */
START_TEST(test_nslink_wrong_type_output)
{
	struct tu_tree t;
	uint64_t ino = 12345;
	int dirfd;

	tu_tree_new(&t);
	tu_symlink(&t, "uts:[5]", "123/ns/ipc");
	dirfd = open_dir(&t, "123");
	ck_assert_int_eq(ns_proc_nslink(dirfd, NS_TYPE_IPC, &ino), -EINVAL);
	ck_assert_msg(ino == 12345,
		      "ns_proc_nslink failed but set *ret_ino = %" PRIu64, ino);
	close(dirfd);
	tu_tree_free(&t);
}
END_TEST

/* ns_proc_namespaces, ns_proc_pidfd_namespaces */

START_TEST(test_namespaces_fake)
{
	uint64_t inos[NS_TYPE_COUNT];
	struct tu_tree t;

	tu_tree_new(&t);
	tu_nslink(&t, 123, "net", 4026531840ull);
	tu_nslink(&t, 123, "uts", 4026531838ull);
	tu_symlink(&t, "garbage", "123/ns/mnt");

	memset(inos, 0xff, sizeof(inos));
	ck_assert_int_eq(ns_proc_namespaces(t.fd, 123,
					    NS_TYPE_MASK(NS_TYPE_NET) |
						    NS_TYPE_MASK(NS_TYPE_UTS) |
						    NS_TYPE_MASK(NS_TYPE_IPC),
					    inos),
			 0);
	for (unsigned int i = 0; i < NS_TYPE_COUNT; i++) {
		uint64_t want = i == NS_TYPE_NET   ? 4026531840ull
				: i == NS_TYPE_UTS ? 4026531838ull
						   : 0; /* missing, or not asked */
		ck_assert_uint_eq(inos[i], want);
	}
	/* Only what is asked for is read (mnt's link is garbage). */
	ck_assert_int_eq(ns_proc_namespaces(t.fd, 123, NS_TYPE_MASK(NS_TYPE_UTS),
					    inos),
			 0);
	ck_assert_uint_eq(inos[NS_TYPE_NET], 0);
	ck_assert_uint_eq(inos[NS_TYPE_UTS], 4026531838ull);

	/* Errors leave the output alone. */
	memset(inos, 0xab, sizeof(inos));
	ck_assert_int_eq(ns_proc_namespaces(t.fd, 123, NS_TYPE_MASK_ALL, inos),
			 -EINVAL);
	ck_assert_int_eq(ns_proc_namespaces(t.fd, 124, NS_TYPE_MASK_ALL, inos),
			 -ENOENT);
	ck_assert_int_eq(ns_proc_namespaces(t.fd, 0, NS_TYPE_MASK_ALL, inos),
			 -ENOENT);
	for (unsigned int i = 0; i < NS_TYPE_COUNT; i++)
		ck_assert_uint_eq(inos[i], 0xababababababababull);
	tu_tree_free(&t);
}
END_TEST

/* A child in namespaces of its own (when we may make them). */
static int own_namespaces_child(void *arg, void *info)
{
	int *ready = info;

	(void)arg;
	if (geteuid() == 0 && unshare(CLONE_NEWUTS | CLONE_NEWIPC) < 0)
		return 1;
	*ready = 1;
	return 0;
}

static void expect_inos_of(pid_t pid, unsigned int types,
			   const uint64_t *inos)
{
	for (unsigned int i = 0; i < NS_TYPE_COUNT; i++) {
		char path[64];
		struct stat st;

		snprintf(path, sizeof(path), "/proc/%d/ns/%s", (int)pid,
			 ns_type_name(i));
		if (!(types & NS_TYPE_MASK(i)) || stat(path, &st) < 0) {
			ck_assert_uint_eq(inos[i], 0);
			continue;
		}
		ck_assert_msg(inos[i] == st.st_ino, "%s: %" PRIu64 " != %ju",
			      path, inos[i], (uintmax_t)st.st_ino);
	}
}

START_TEST(test_namespaces_real)
{
	uint64_t inos[NS_TYPE_COUNT], mine[NS_TYPE_COUNT];
	const unsigned int some = NS_TYPE_MASK(NS_TYPE_UTS) |
				  NS_TYPE_MASK(NS_TYPE_NET);
	struct tu_child c;
	int procfd = open("/proc", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	int ready = 0;

	ck_assert_int_ge(procfd, 0);
	tu_child_start(&c, own_namespaces_child, NULL, &ready, sizeof(ready),
		       true);
	ck_assert_int_eq(ready, 1);
	ck_assert_int_eq(ns_proc_namespaces(procfd, c.pid, NS_TYPE_MASK_ALL,
					    inos),
			 0);
	expect_inos_of(c.pid, NS_TYPE_MASK_ALL, inos);
	ck_assert_int_eq(ns_proc_namespaces(procfd, c.pid, some, inos), 0);
	expect_inos_of(c.pid, some, inos);
	ck_assert_int_eq(ns_proc_namespaces(procfd, getpid(), NS_TYPE_MASK_ALL,
					    mine),
			 0);
	if (geteuid() == 0)
		ck_assert_uint_ne(inos[NS_TYPE_UTS], mine[NS_TYPE_UTS]);
	ck_assert_uint_eq(inos[NS_TYPE_NET], mine[NS_TYPE_NET]);
	ck_assert_int_eq(tu_child_stop(&c), 0);
	close(procfd);
}
END_TEST

START_TEST(test_pidfd_namespaces_real)
{
	uint64_t inos[NS_TYPE_COUNT];
	struct tu_child c;
	int procfd = open("/proc", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	int ready = 0;
	int pidfd = -1;

	ck_assert_int_ge(procfd, 0);
	tu_child_start(&c, own_namespaces_child, NULL, &ready, sizeof(ready),
		       true);
	ck_assert_int_eq(ready, 1);
	ck_assert_int_eq(ns_proc_pidfd_namespaces(procfd, c.pid, NS_TYPE_MASK_ALL,
					     &pidfd, inos),
			 0);
	expect_inos_of(c.pid, NS_TYPE_MASK_ALL, inos);
	ck_assert_int_ge(pidfd, 0);
	ck_assert(tu_is_cloexec(pidfd));
	/* the pidfd is the child's: it sees it exit */
	ck_assert_int_eq(ns_proc_pidfd_exited(pidfd), 0);
	ck_assert_int_eq(tu_child_stop(&c), 0);
	ck_assert_int_eq(ns_proc_pidfd_exited(pidfd), 1);
	close(pidfd);
	close(procfd);
}
END_TEST

/*
 * A zombie still has its PID and its /proc directory, but (almost) no
 * namespaces: the pinned reader says it is gone, the plain one finds
 * no links.
 */
START_TEST(test_pidfd_namespaces_zombie)
{
	uint64_t inos[NS_TYPE_COUNT];
	int procfd = open("/proc", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	int pidfd = 4242;
	siginfo_t si;
	pid_t child;

	ck_assert_int_ge(procfd, 0);
	child = fork();
	ck_assert_int_ge(child, 0);
	if (child == 0)
		_exit(0);
	/* wait until it is a zombie, without reaping it */
	ck_assert_int_eq(waitid(P_PID, (id_t)child, &si, WEXITED | WNOWAIT),
			 0);
	ck_assert_int_eq(ns_proc_pidfd_namespaces(procfd, child, NS_TYPE_MASK_ALL,
					     &pidfd, inos),
			 -ESRCH);
	ck_assert_int_eq(pidfd, 4242);
	/* (its user namespace link stays: that one hangs on its creds) */
	ck_assert_int_eq(ns_proc_namespaces(procfd, child, NS_TYPE_MASK_ALL,
					    inos),
			 0);
	ck_assert_uint_eq(inos[NS_TYPE_NET], 0);
	ck_assert_uint_eq(inos[NS_TYPE_MNT], 0);

	ck_assert_int_eq(waitpid(child, NULL, 0), child);
	/* reaped: no such process at all */
	ck_assert_int_eq(ns_proc_pidfd_namespaces(procfd, child, NS_TYPE_MASK_ALL,
					     &pidfd, inos),
			 -ESRCH);
	ck_assert_int_eq(ns_proc_namespaces(procfd, child, NS_TYPE_MASK_ALL,
					    inos),
			 -ENOENT);
	ck_assert_int_eq(pidfd, 4242);
	close(procfd);
}
END_TEST

/* ns_proc_stat */

START_TEST(test_stat_fake)
{
	static const struct {
		const char *text;
		pid_t ppid;
		char state;
		const char *comm;
	} ok[] = {
		{ "1 (a) b) S 7 1 1 0 -1", 7, 'S', "a) b" },
		{ "1 (init) S 0 1 1", 0, 'S', "init" },
		{ "2 ((x) R 3 2 2", 3, 'R', "(x" },
		{ "3 () Z 4 0", 4, 'Z', "" },
		{ "4 (a b c) D 1234567 1", 1234567, 'D', "a b c" },
		{ "5 (x) (y) ) I 9 1\n", 9, 'I', "x) (y) " },
		{ "6 (kworker/u8:2-events_unbound) I 2 0", 2, 'I',
		  "kworker/u8:2-events_unbound" },
	};
	struct tu_tree t;

	tu_tree_new(&t);
	for (size_t i = 0; i < NS_ARRAY_SIZE(ok); i++) {
		struct ns_proc_stat st;
		char name[16];
		int dirfd;

		tu_write_str(&t, ok[i].text, "%zu/stat", i);
		snprintf(name, sizeof(name), "%zu", i);
		dirfd = open_dir(&t, name);
		memset(&st, 0x55, sizeof(st));
		ck_assert_msg(ns_proc_stat(dirfd, &st) == 0, "'%s'",
			      ok[i].text);
		ck_assert_int_eq(st.ppid, ok[i].ppid);
		ck_assert_int_eq(st.state, ok[i].state);
		ck_assert_str_eq(st.comm, ok[i].comm);
		close(dirfd);
	}
	tu_tree_free(&t);
}
END_TEST

START_TEST(test_stat_long_comm)
{
	struct ns_proc_stat st;
	struct tu_tree t;
	char comm[101], text[256];
	int dirfd;

	memset(comm, 'c', 100);
	comm[100] = '\0';
	snprintf(text, sizeof(text), "9 (%s) S 8 9 9", comm);
	tu_tree_new(&t);
	tu_write_str(&t, text, "9/stat");
	dirfd = open_dir(&t, "9");
	ck_assert_int_eq(ns_proc_stat(dirfd, &st), 0);
	ck_assert_int_eq(st.ppid, 8);
	ck_assert_int_eq(st.state, 'S');
	/* truncated to what fits */
	ck_assert_uint_eq(strlen(st.comm), sizeof(st.comm) - 1);
	ck_assert_int_eq(strspn(st.comm, "c"), sizeof(st.comm) - 1);
	close(dirfd);
	tu_tree_free(&t);
}
END_TEST

START_TEST(test_stat_bad)
{
	static const char *const bad[] = {
		"",	       "1 init S 0",   "1 (init S 0", "1 init) S 0",
		"1 )x( S 0",   "1 (init)",     "1 (init) S",  "1 (init) S x",
		"1 (init) S -1",
	};
	struct tu_tree t;

	tu_tree_new(&t);
	for (size_t i = 0; i < NS_ARRAY_SIZE(bad); i++) {
		struct ns_proc_stat st = { .ppid = 4242 };
		char name[16];
		int dirfd;

		tu_write_str(&t, bad[i], "%zu/stat", i);
		snprintf(name, sizeof(name), "%zu", i);
		dirfd = open_dir(&t, name);
		ck_assert_msg(ns_proc_stat(dirfd, &st) == -EINVAL,
			      "'%s' accepted", bad[i]);
		ck_assert_int_eq(st.ppid, 4242);
		close(dirfd);
	}
	tu_mkdir(&t, "nostat");
	{
		struct ns_proc_stat st;
		int dirfd = open_dir(&t, "nostat");

		ck_assert_int_eq(ns_proc_stat(dirfd, &st), -ENOENT);
		close(dirfd);
	}
	tu_tree_free(&t);
}
END_TEST

/*
 * Found by fuzzing (tests/fuzz/fuzz_proc_stat): a PPID past pid_t's
 * range was taken and wrapped, to -1 for this input (to any PID for
 * others: 4294967297 became 1). The input as the fuzzer saved it.
 */
START_TEST(test_stat_parse_ppid_range)
{
	static const char crash[] = "(()\xff"
		"888888888888888888888888888888888888888888888888888888888888"
		"\xff\xff";
	static const char *const bad[] = {
		crash,
		"1 (a) S 2147483648 1",
		"1 (a) S 4294967295 1",
		"1 (a) S 4294967297 1",
		"1 (a) S 99999999999999999999999 1",
	};
	struct ns_proc_stat st;

	for (size_t i = 0; i < NS_ARRAY_SIZE(bad); i++) {
		st.ppid = 4242;
		ck_assert_msg(ns_proc_stat_parse(bad[i], &st) == -EINVAL,
			      "'%s' accepted", bad[i]);
		ck_assert_int_eq(st.ppid, 4242);
	}
	/* the largest PID there can be is still one */
	ck_assert_int_eq(ns_proc_stat_parse("1 (a) S 2147483647 1", &st), 0);
	ck_assert_int_eq(st.ppid, 2147483647);
	ck_assert_int_eq(st.state, 'S');
	ck_assert_str_eq(st.comm, "a");
}
END_TEST

START_TEST(test_stat_real)
{
	int dirfd = open("/proc/self", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	struct ns_proc_stat st;
	char comm[64] = "";
	FILE *f;

	ck_assert_int_ge(dirfd, 0);
	ck_assert_int_eq(ns_proc_stat(dirfd, &st), 0);
	ck_assert_int_eq(st.ppid, getppid());
	ck_assert_int_eq(st.state, 'R');
	f = fopen("/proc/self/comm", "re");
	ck_assert_ptr_nonnull(f);
	ck_assert_ptr_nonnull(fgets(comm, sizeof(comm), f));
	fclose(f);
	comm[strcspn(comm, "\n")] = '\0';
	ck_assert_str_eq(st.comm, comm);
	close(dirfd);
}
END_TEST

/* ns_proc_cmdline */

START_TEST(test_cmdline_fake)
{
	static const struct {
		const char *data;
		size_t len;
		const char *want; /* NULL: -ENODATA */
	} cases[] = {
		{ "ls\0-l\0/tmp\0", 11, "ls -l /tmp" },
		{ "a\0\0\0", 4, "a" },
		{ "a\0b", 3, "a b" },
		{ "sleep", 5, "sleep" },
		{ "x\0\0y\0", 5, "x  y" },
		{ "with space\0arg\0", 15, "with space arg" },
		{ "", 0, NULL },
		{ "\0", 1, NULL },
		{ "\0\0\0", 3, NULL },
	};
	struct tu_tree t;

	tu_tree_new(&t);
	for (size_t i = 0; i < NS_ARRAY_SIZE(cases); i++) {
		char name[16], *cmd = (char *)"untouched";
		int dirfd, r;

		tu_write(&t, cases[i].data, cases[i].len, "%zu/cmdline", i);
		snprintf(name, sizeof(name), "%zu", i);
		dirfd = open_dir(&t, name);
		r = ns_proc_cmdline(dirfd, &cmd);
		close(dirfd);
		if (!cases[i].want) {
			ck_assert_msg(r == -ENODATA, "case %zu: %d", i, r);
			ck_assert_str_eq(cmd, "untouched");
			continue;
		}
		ck_assert_msg(r == 0, "case %zu: %d", i, r);
		ck_assert_str_eq(cmd, cases[i].want);
		free(cmd);
	}
	tu_tree_free(&t);
}
END_TEST

START_TEST(test_cmdline_long)
{
	enum { ARGS = 1000 };
	struct tu_tree t;
	char *data, *want, *cmd;
	size_t len = 0;
	int dirfd;

	/* "argNNNN\0" x 1000: longer than any first read */
	data = malloc(ARGS * 8 + 1);
	want = malloc(ARGS * 8 + 1);
	ck_assert_ptr_nonnull(data);
	ck_assert_ptr_nonnull(want);
	for (int i = 0; i < ARGS; i++) {
		snprintf(data + len, 9, "arg%04d", i);
		snprintf(want + len, 9, "arg%04d", i);
		want[len + 7] = i == ARGS - 1 ? '\0' : ' ';
		len += 8;
	}
	tu_tree_new(&t);
	tu_write(&t, data, len, "1/cmdline");
	dirfd = open_dir(&t, "1");
	ck_assert_int_eq(ns_proc_cmdline(dirfd, &cmd), 0);
	ck_assert_uint_eq(strlen(cmd), len - 1);
	ck_assert_str_eq(cmd, want);
	free(cmd);
	free(data);
	free(want);
	close(dirfd);
	tu_tree_free(&t);
}
END_TEST

START_TEST(test_cmdline_missing)
{
	struct tu_tree t;
	char *cmd = (char *)"untouched";
	int dirfd;

	tu_tree_new(&t);
	tu_mkdir(&t, "1");
	dirfd = open_dir(&t, "1");
	ck_assert_int_eq(ns_proc_cmdline(dirfd, &cmd), -ENOENT);
	ck_assert_str_eq(cmd, "untouched");
	close(dirfd);
	tu_tree_free(&t);
}
END_TEST

START_TEST(test_cmdline_real)
{
	int dirfd = open("/proc/self", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	char *cmd = NULL, *raw;
	size_t len;

	ck_assert_int_ge(dirfd, 0);
	ck_assert_int_eq(ns_read_file_at(dirfd, "cmdline", &raw, &len), 0);
	ck_assert_int_eq(ns_proc_cmdline(dirfd, &cmd), 0);
	/* argv[0] comes first, and is this program */
	ck_assert_ptr_nonnull(strstr(cmd, "test_proc_info"));
	ck_assert_msg(strncmp(cmd, raw, strlen(raw)) == 0, "'%s' vs '%s'",
		      cmd, raw);
	free(raw);
	free(cmd);
	close(dirfd);
}
END_TEST

/* ns_proc_uid */

START_TEST(test_uid)
{
	int dirfd = open("/proc/self", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	uid_t uid = 4242;

	ck_assert_int_ge(dirfd, 0);
	ck_assert_int_eq(ns_proc_uid(dirfd, &uid), 0);
	ck_assert_int_eq(uid, geteuid());
	close(dirfd);

	uid = 4242;
	ck_assert_int_eq(ns_proc_uid(-1, &uid), -EBADF);
	ck_assert_int_eq(uid, 4242);
}
END_TEST

START_TEST(test_uid_fake)
{
	struct tu_tree t;
	uid_t uid = 0;
	int dirfd;

	TU_REQUIRE_ROOT();
	tu_tree_new(&t);
	tu_mkdir(&t, "77");
	ck_assert_int_eq(fchownat(t.fd, "77", 1234, 1235, 0), 0);
	dirfd = open_dir(&t, "77");
	ck_assert_int_eq(ns_proc_uid(dirfd, &uid), 0);
	ck_assert_int_eq(uid, 1234);
	close(dirfd);
	tu_tree_free(&t);
}
END_TEST

/* ns_proc_pidfd */

START_TEST(test_pidfd_self)
{
	int dirfd = open("/proc/self", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	int pidfd = -1;

	ck_assert_int_ge(dirfd, 0);
	ck_assert_int_eq(ns_proc_pidfd(getpid(), dirfd, &pidfd), 0);
	ck_assert_int_ge(pidfd, 0);
	ck_assert(tu_is_cloexec(pidfd));
	close(pidfd);
	close(dirfd);
}
END_TEST

/*
 * A thread that leads no thread group: a pidfd of the thread itself
 * (Linux 6.9 and later; -EINVAL before), which polls as exited once
 * the thread has, while its process lives on.
 */
START_TEST(test_pidfd_open_thread)
{
	struct tu_thread t;
	int pidfd = -1, r;

	ck_assert_int_eq(ns_proc_pidfd_open(getpid(), &pidfd), 0);
	ck_assert(tu_is_cloexec(pidfd));
	ck_assert_int_eq(ns_proc_pidfd_exited(pidfd), 0);
	close(pidfd);
	pidfd = -1;
	ck_assert_int_eq(ns_proc_pidfd_open(0, &pidfd), -ESRCH);
	ck_assert_int_eq(pidfd, -1);

	tu_thread_start(&t);
	ck_assert_int_ne(t.tid, getpid());
	r = ns_proc_pidfd_open(t.tid, &pidfd);
	if (r == -EINVAL) {
		/* a kernel before 6.9: no pidfd of a thread */
		ck_assert_int_eq(pidfd, -1);
	} else {
		ck_assert_int_eq(r, 0);
		ck_assert(tu_is_cloexec(pidfd));
		ck_assert_int_eq(ns_proc_pidfd_exited(pidfd), 0);
	}
	tu_thread_end(&t);
	if (pidfd >= 0) {
		struct pollfd pfd = { .fd = pidfd, .events = POLLIN };

		/*
		 * The join can return a moment before the kernel marks the
		 * thread exited: wait for that, then the process lives on.
		 */
		ck_assert_int_eq(poll(&pfd, 1, 10000), 1);
		ck_assert_int_eq(ns_proc_pidfd_exited(pidfd), 1);
		ck_assert_int_eq(kill(getpid(), 0), 0);
		close(pidfd);
	}
}
END_TEST

START_TEST(test_pidfd_gone)
{
	char path[32];
	int dirfd, pidfd = 4242;
	pid_t child;

	child = fork();
	ck_assert_int_ge(child, 0);
	if (child == 0) {
		pause();
		_exit(0);
	}
	snprintf(path, sizeof(path), "/proc/%d", (int)child);
	dirfd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	ck_assert_int_ge(dirfd, 0);
	kill(child, SIGKILL);
	ck_assert_int_eq(waitpid(child, NULL, 0), child);
	/* Reaped: whatever may own the PID now, it is not our process. */
	ck_assert_int_eq(ns_proc_pidfd(child, dirfd, &pidfd), -ESRCH);
	ck_assert_int_eq(pidfd, 4242);
	close(dirfd);
}
END_TEST

START_TEST(test_pidfd_other_dir)
{
	struct tu_tree t;
	int dirfd, pidfd = 4242;

	/* A directory without "stat" does not prove the process lives. */
	tu_tree_new(&t);
	tu_mkdir(&t, "1");
	dirfd = open_dir(&t, "1");
	ck_assert_int_eq(ns_proc_pidfd(getpid(), dirfd, &pidfd), -ESRCH);
	ck_assert_int_eq(pidfd, 4242);
	close(dirfd);
	tu_tree_free(&t);
}
END_TEST

/* ns_proc_foreach_fd */

struct seen {
	struct ns_fd_entry e[512];
	size_t n;
	int stop_after; /* > 0: return -EINTR from this visit on */
};

static int visit(const struct ns_fd_entry *entry, void *userdata)
{
	struct seen *s = userdata;

	ck_assert_uint_lt(s->n, NS_ARRAY_SIZE(s->e));
	s->e[s->n++] = *entry;
	if (s->stop_after > 0 && (int)s->n >= s->stop_after)
		return -EINTR;
	return 0;
}

static const struct ns_fd_entry *find_fd(const struct seen *s, int fd)
{
	for (size_t i = 0; i < s->n; i++) {
		if (s->e[i].fd == fd)
			return &s->e[i];
	}
	return NULL;
}

#define KIND(k) (1u << (k))
#define ALL_KINDS \
	(KIND(NS_FD_OTHER) | KIND(NS_FD_NAMESPACE) | KIND(NS_FD_SOCKET))

/* fd @fd was visited as @kind; @type (unless -1) and @ino (unless 0). */
static void expect_fd(const struct seen *s, int fd, enum ns_fd_kind kind,
		      int type, uint64_t ino)
{
	const struct ns_fd_entry *e = find_fd(s, fd);

	ck_assert_msg(e != NULL, "fd %d not visited", fd);
	ck_assert_msg(e->kind == kind, "fd %d kind %d, not %d", fd,
		      (int)e->kind, (int)kind);
	if (type >= 0)
		ck_assert_int_eq(e->type, type);
	if (ino)
		ck_assert_uint_eq(e->ino, ino);
}

static void fake_fds(struct tu_tree *t)
{
	tu_fdlink(t, 1, 0, "/etc/passwd");
	tu_fdlink(t, 1, 1, "socket:[77]");
	tu_fdlink(t, 1, 3, "net:[4026531999]");
	tu_fdlink(t, 1, 4, "pipe:[5]");
	tu_fdlink(t, 1, 7, "mnt:[4026532000]");
	tu_fdlink(t, 1, 9, "anon_inode:[eventfd]");
	tu_fdlink(t, 1, 10, "socket:[]");
	tu_fdlink(t, 1, 11, "socket:[12x]");
	tu_fdlink(t, 1, 12, "/run/netns/net:[4026531999]");
	tu_fdlink(t, 1, 13, "user:[4026531837]");
	tu_fdlink(t, 1, 100, "/dev/null (deleted)");
	tu_fdlink(t, 1, 1000, "socket:[18446744073709551615]");
	/* not fd numbers: ignored */
	tu_symlink(t, "net:[1]", "1/fd/x");
	tu_symlink(t, "net:[1]", "1/fd/-1");
}

/* A fake tree with fake_fds(): the dirfd of its process 1. */
static int fake_fds_dir(struct tu_tree *t)
{
	tu_tree_new(t);
	fake_fds(t);
	return open_dir(t, "1");
}

/* Visit the fds of @kinds in @dirfd anew, into @s. */
static int visit_fds(int dirfd, unsigned int kinds, struct seen *s)
{
	s->n = 0;
	return ns_proc_foreach_fd(dirfd, 0, 0, kinds, visit, s);
}

START_TEST(test_fds_fake)
{
	static const int others[] = { 0, 4, 9, 10, 11, 12, 100 };
	struct tu_tree t;
	struct seen s = { .n = 0 };
	int dirfd = fake_fds_dir(&t);

	ck_assert_int_eq(visit_fds(dirfd, ALL_KINDS, &s), 0);
	ck_assert_uint_eq(s.n, 12);

	expect_fd(&s, 3, NS_FD_NAMESPACE, NS_TYPE_NET, 4026531999ull);
	expect_fd(&s, 7, NS_FD_NAMESPACE, NS_TYPE_MNT, 4026532000ull);
	expect_fd(&s, 13, NS_FD_NAMESPACE, NS_TYPE_USER, 4026531837ull);
	expect_fd(&s, 1, NS_FD_SOCKET, -1, 77);
	expect_fd(&s, 1000, NS_FD_SOCKET, -1, UINT64_MAX);
	for (size_t i = 0; i < NS_ARRAY_SIZE(others); i++)
		expect_fd(&s, others[i], NS_FD_OTHER, -1, 0);
	close(dirfd);
	tu_tree_free(&t);
}
END_TEST

START_TEST(test_fds_fake_kinds)
{
	struct tu_tree t;
	struct seen s = { .n = 0 };
	int dirfd = fake_fds_dir(&t);

	ck_assert_int_eq(visit_fds(dirfd, KIND(NS_FD_NAMESPACE), &s), 0);
	ck_assert_uint_eq(s.n, 3);
	for (size_t i = 0; i < s.n; i++)
		ck_assert_int_eq(s.e[i].kind, NS_FD_NAMESPACE);
	ck_assert_ptr_nonnull(find_fd(&s, 3));
	ck_assert_ptr_nonnull(find_fd(&s, 7));
	ck_assert_ptr_nonnull(find_fd(&s, 13));

	ck_assert_int_eq(visit_fds(dirfd, KIND(NS_FD_SOCKET), &s), 0);
	ck_assert_uint_eq(s.n, 2);
	ck_assert_ptr_nonnull(find_fd(&s, 1));
	ck_assert_ptr_nonnull(find_fd(&s, 1000));

	ck_assert_int_eq(visit_fds(dirfd, KIND(NS_FD_OTHER), &s), 0);
	ck_assert_uint_eq(s.n, 7);

	ck_assert_int_eq(visit_fds(dirfd, 0, &s), 0);
	ck_assert_uint_eq(s.n, 0);
	close(dirfd);
	tu_tree_free(&t);
}
END_TEST

START_TEST(test_fds_stop)
{
	struct tu_tree t;
	struct seen s = { .n = 0, .stop_after = 1 };
	int dirfd = fake_fds_dir(&t);

	ck_assert_int_eq(visit_fds(dirfd, ALL_KINDS, &s), -EINTR);
	ck_assert_uint_eq(s.n, 1);

	s.stop_after = 5;
	ck_assert_int_eq(visit_fds(dirfd, ALL_KINDS, &s), -EINTR);
	ck_assert_uint_eq(s.n, 5);
	close(dirfd);
	tu_tree_free(&t);
}
END_TEST

START_TEST(test_fds_many)
{
	/* More entries than one getdents buffer of 4 KiB holds. */
	enum { N = 400 };
	struct tu_tree t;
	struct seen s = { .n = 0 };
	int dirfd;

	tu_tree_new(&t);
	for (int fd = 0; fd < N; fd++) {
		char target[32];

		snprintf(target, sizeof(target), "ipc:[%d]", 1000 + fd);
		tu_fdlink(&t, 1, fd, target);
	}
	dirfd = open_dir(&t, "1");
	ck_assert_int_eq(visit_fds(dirfd, ALL_KINDS, &s), 0);
	ck_assert_uint_eq(s.n, N);
	for (int fd = 0; fd < N; fd++) {
		const struct ns_fd_entry *e = find_fd(&s, fd);

		ck_assert_msg(e != NULL, "fd %d missing", fd);
		ck_assert_int_eq(e->kind, NS_FD_NAMESPACE);
		ck_assert_int_eq(e->type, NS_TYPE_IPC);
		ck_assert_uint_eq(e->ino, (uint64_t)(1000 + fd));
	}
	close(dirfd);
	tu_tree_free(&t);
}
END_TEST

START_TEST(test_fds_no_fd_dir)
{
	struct tu_tree t;
	struct seen s = { .n = 0 };
	int dirfd;

	/* Exited, a kernel thread, or not ours: no fds, no error. */
	tu_tree_new(&t);
	tu_mkdir(&t, "1");
	dirfd = open_dir(&t, "1");
	ck_assert_int_eq(visit_fds(dirfd, ALL_KINDS, &s), 0);
	ck_assert_uint_eq(s.n, 0);
	close(dirfd);
	tu_tree_free(&t);
}
END_TEST

static int proc_root(void)
{
	static int procfd = -1;

	if (procfd < 0)
		procfd = open("/proc", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	ck_assert_int_ge(procfd, 0);
	return procfd;
}

START_TEST(test_fds_real)
{
	struct seen s = { .n = 0 };
	int dirfd, nsfd, sock;
	dev_t nsfs;

	dirfd = open("/proc/self", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	ck_assert_int_ge(dirfd, 0);
	nsfd = open("/proc/self/ns/uts", O_RDONLY | O_CLOEXEC);
	ck_assert_int_ge(nsfd, 0);
	sock = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	ck_assert_int_ge(sock, 0);

	ck_assert_int_eq(ns_fd_nsfs_device(proc_root(), &nsfs), 0);
	ck_assert_int_eq(ns_proc_foreach_fd(dirfd, getpid(), nsfs, ALL_KINDS,
					    visit, &s),
			 0);
	expect_fd(&s, nsfd, NS_FD_NAMESPACE, NS_TYPE_UTS, tu_fd_ino(nsfd));
	expect_fd(&s, sock, NS_FD_SOCKET, -1, tu_fd_ino(sock));
	/* the proc dir fd itself is a plain directory */
	expect_fd(&s, dirfd, NS_FD_OTHER, -1, 0);

	/* filtered: only the namespace fd */
	s.n = 0;
	ck_assert_int_eq(ns_proc_foreach_fd(dirfd, getpid(), nsfs,
					    KIND(NS_FD_NAMESPACE), visit, &s),
			 0);
	ck_assert_uint_eq(s.n, 1);
	ck_assert_int_eq(s.e[0].fd, nsfd);

	/* without the nsfs device, a real nsfs fd is just some file */
	s.n = 0;
	ck_assert_int_eq(ns_proc_foreach_fd(dirfd, getpid(), 0,
					    KIND(NS_FD_NAMESPACE), visit, &s),
			 0);
	ck_assert_uint_eq(s.n, 0);

	close(sock);
	close(nsfd);
	close(dirfd);
}
END_TEST

/*
 * Root only: an nsfs fd opened through a bind mount that was detached
 * afterwards. Its /proc link shows the old path, not "ipc:[...]", yet it
 * is a namespace fd and its type comes from NS_GET_NSTYPE.
 */
struct detached_info {
	int step; /* 0: done, else the failed step */
	int err;
	int fd;
	uint64_t ino;
	struct ns_fd_entry seen;
	int found;
};

static int visit_find(const struct ns_fd_entry *e, void *userdata)
{
	struct detached_info *di = userdata;

	if (e->fd == di->fd) {
		di->seen = *e;
		di->found++;
	}
	return 0;
}

static int child_detached(void *arg, void *info)
{
	const char *target = arg;
	struct detached_info *di = info;
	struct stat st;
	dev_t nsfs;
	int dirfd;

	/* No ck_assert here: this is not the test process. */
	di->step = 1;
	if (unshare(CLONE_NEWNS | CLONE_NEWIPC) < 0)
		goto fail;
	di->step = 2;
	if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) < 0)
		goto fail;
	di->step = 3;
	if (mount("/proc/self/ns/ipc", target, NULL, MS_BIND, NULL) < 0)
		goto fail;
	di->step = 4;
	di->fd = open(target, O_RDONLY | O_CLOEXEC);
	if (di->fd < 0 || fstat(di->fd, &st) < 0)
		goto fail;
	di->ino = st.st_ino;
	di->step = 5;
	if (umount2(target, MNT_DETACH) < 0)
		goto fail;
	di->step = 6;
	dirfd = open("/proc/self", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dirfd < 0 || ns_fd_nsfs_device(proc_root(), &nsfs) < 0)
		goto fail;
	di->step = 7;
	if (ns_proc_foreach_fd(dirfd, getpid(), nsfs, ALL_KINDS, visit_find,
			       di) < 0)
		goto fail;
	close(dirfd);
	di->step = 0;
	return 0;
fail:
	di->err = errno;
	return 0;
}

START_TEST(test_fds_detached_mount)
{
	struct detached_info di = { .step = -1 };
	struct tu_tree t;
	char *target;

	TU_REQUIRE_ROOT();
	tu_tree_new(&t);
	tu_write_str(&t, "", "ipcns");
	ck_assert_int_ge(asprintf(&target, "%s/ipcns", t.path), 0);
	ck_assert_int_eq(tu_child_run(child_detached, target, &di, sizeof(di)),
			 0);
	ck_assert_msg(di.step == 0, "step %d: %s", di.step, strerror(di.err));
	ck_assert_int_eq(di.found, 1);
	ck_assert_int_eq(di.seen.kind, NS_FD_NAMESPACE);
	ck_assert_int_eq(di.seen.type, NS_TYPE_IPC);
	ck_assert_uint_eq(di.seen.ino, di.ino);
	free(target);
	tu_tree_free(&t);
}
END_TEST

static Suite *info_suite(void)
{
	Suite *s = suite_create("proc-info");
	TCase *tc = tcase_create("nslink");
	tcase_add_test(tc, test_nslink_fake);
	tcase_add_test(tc, test_nslink_real);
	tcase_add_test(tc, test_nslink_wrong_type_output);
	tcase_add_test(tc, test_nslink_in_nsdir);
	suite_add_tcase(s, tc);

	tc = tcase_create("namespaces");
	tcase_add_test(tc, test_namespaces_fake);
	tcase_add_test(tc, test_namespaces_real);
	tcase_add_test(tc, test_pidfd_namespaces_real);
	tcase_add_test(tc, test_pidfd_namespaces_zombie);
	suite_add_tcase(s, tc);

	tc = tcase_create("stat");
	tcase_add_test(tc, test_stat_fake);
	tcase_add_test(tc, test_stat_long_comm);
	tcase_add_test(tc, test_stat_bad);
	tcase_add_test(tc, test_stat_parse_ppid_range);
	tcase_add_test(tc, test_stat_real);
	suite_add_tcase(s, tc);

	tc = tcase_create("cmdline");
	tcase_add_test(tc, test_cmdline_fake);
	tcase_add_test(tc, test_cmdline_long);
	tcase_add_test(tc, test_cmdline_missing);
	tcase_add_test(tc, test_cmdline_real);
	suite_add_tcase(s, tc);

	tc = tcase_create("uid_pidfd");
	tcase_add_test(tc, test_uid);
	tcase_add_test(tc, test_pidfd_self);
	tcase_add_test(tc, test_pidfd_open_thread);
	tcase_add_test(tc, test_pidfd_gone);
	tcase_add_test(tc, test_pidfd_other_dir);
	suite_add_tcase(s, tc);

	tc = tcase_create("fds");
	tcase_add_test(tc, test_fds_fake);
	tcase_add_test(tc, test_fds_fake_kinds);
	tcase_add_test(tc, test_fds_stop);
	tcase_add_test(tc, test_fds_many);
	tcase_add_test(tc, test_fds_no_fd_dir);
	tcase_add_test(tc, test_fds_real);
	suite_add_tcase(s, tc);
	return s;
}

/* Run by "test_proc_info --root", as root only. */
static Suite *info_root_suite(void)
{
	Suite *s = suite_create("proc-info-root");
	TCase *tc = tcase_create("root");

	tcase_add_test(tc, test_uid_fake);
	tcase_add_test(tc, test_fds_detached_mount);
	suite_add_tcase(s, tc);
	return s;
}

int main(int argc, char **argv)
{
	return tu_main_split(argc, argv, info_suite,
			     info_root_suite);
}
