// SPDX-License-Identifier: MIT
/*
 * Unit tests of lib/netns/dir.c and lib/netns/fd.c: name checks, the
 * listing, the O_EXCL mode-0000 placeholder, and as root the whole
 * /run/netns protocol on a scratch run directory (shared mount point
 * made once, never stacked; bind; delete; rollback when a step
 * fails), new namespaces and those of a PID. Root cases run in a
 * private mount namespace (Check forks each case): nothing reaches
 * the system.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/nsfs.h>
#include <linux/sockios.h>
#include <sys/ioctl.h>
#include <sys/file.h>
#include <sys/mount.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "libns/netns.h"
#include "testutil.h"

START_TEST(test_name_check)
{
	char name[300];

	ck_assert_int_eq(ns_netns_name_check("a"), 0);
	ck_assert_int_eq(ns_netns_name_check("nstest-x.y"), 0);
	ck_assert_int_eq(ns_netns_name_check("..."), 0);
	ck_assert_int_eq(ns_netns_name_check(".hidden"), 0);
	memset(name, 'n', 255);
	name[255] = '\0';
	ck_assert_int_eq(ns_netns_name_check(name), 0);
	name[255] = 'n';
	name[256] = '\0';
	ck_assert_int_eq(ns_netns_name_check(name), -EINVAL);
	ck_assert_int_eq(ns_netns_name_check(""), -EINVAL);
	ck_assert_int_eq(ns_netns_name_check("."), -EINVAL);
	ck_assert_int_eq(ns_netns_name_check(".."), -EINVAL);
	ck_assert_int_eq(ns_netns_name_check("a/b"), -EINVAL);
	ck_assert_int_eq(ns_netns_name_check("/"), -EINVAL);
	ck_assert_int_eq(ns_netns_name_check("../x"), -EINVAL);
	ck_assert_int_eq(ns_netns_name_check(NULL), -EINVAL);
}
END_TEST

START_TEST(test_list_sorted)
{
	char **names = (char **)1;
	size_t n = 99;

	/* a missing run directory: no names, no error */
	ck_assert_int_eq(ns_netns_list("run", &names, &n), 0);
	ck_assert_ptr_null(names);
	ck_assert_uint_eq(n, 0);

	tu_write_str(&tu_scratch, "", "run/b");
	tu_write_str(&tu_scratch, "", "run/a");
	tu_write_str(&tu_scratch, "", "run/.c");
	tu_mkdir(&tu_scratch, "run/d");
	ck_assert_int_eq(ns_netns_list("run", &names, &n), 0);
	ck_assert_uint_eq(n, 4);
	ck_assert_str_eq(names[0], ".c");
	ck_assert_str_eq(names[1], "a");
	ck_assert_str_eq(names[2], "b");
	ck_assert_str_eq(names[3], "d");
	ns_netns_names_free(names, n);

	tu_write_str(&tu_scratch, "", "file");
	ck_assert_int_eq(ns_netns_list("file", &names, &n), -ENOTDIR);
}
END_TEST

START_TEST(test_place_excl_and_undo)
{
	struct ns_netns_entry e = NS_NETNS_ENTRY_INIT, f = NS_NETNS_ENTRY_INIT;
	struct stat st;

	tu_mkdir(&tu_scratch, "run");
	ck_assert_int_eq(ns_netns_place("run", "x", &e), 0);
	ck_assert_str_eq(e.path, "run/x");
	ck_assert_int_eq(lstat("run/x", &st), 0);
	ck_assert(S_ISREG(st.st_mode));
	ck_assert_int_eq(st.st_mode & 07777, NS_NETNS_PLACEHOLDER_MODE);

	/* exactly one winner per name, whatever is there */
	ck_assert_int_eq(ns_netns_place("run", "x", &f), -EEXIST);
	ck_assert_ptr_null(f.path);
	tu_symlink(&tu_scratch, "nowhere", "run/link");
	ck_assert_int_eq(ns_netns_place("run", "link", &f), -EEXIST);
	ck_assert(!tu_exists("nowhere"));

	/* a bad name creates nothing */
	ck_assert_int_eq(ns_netns_place("run", "..", &f), -EINVAL);
	ck_assert_int_eq(ns_netns_place("run", "a/b", &f), -EINVAL);
	ck_assert_int_eq(ns_netns_place("nosuch", "x", &f), -ENOENT);

	ck_assert_int_eq(ns_netns_undo(&e), 0);
	ck_assert_ptr_null(e.path);
	ck_assert(!tu_exists("run/x"));
	ck_assert(tu_exists("run/link"));
}
END_TEST

/* Set the mtime of @path @secs seconds back. */
static void age(const char *path, int secs)
{
	struct timespec t[2] = { { .tv_nsec = UTIME_OMIT } };

	ck_assert_int_eq(clock_gettime(CLOCK_REALTIME, &t[1]), 0);
	t[1].tv_sec -= secs;
	ck_assert_int_eq(utimensat(AT_FDCWD, path, t, 0), 0);
}

/* An empty placeholder of @mode at @path, @secs seconds old. */
static void placeholder_mode(const char *path, mode_t mode, int secs)
{
	tu_write_str(&tu_scratch, "", "%s", path);
	ck_assert_int_eq(chmod(path, mode), 0);
	age(path, secs);
}

/* An empty placeholder of ours at @path, @secs seconds old. */
static void placeholder(const char *path, int secs)
{
	placeholder_mode(path, NS_NETNS_PLACEHOLDER_MODE, secs);
}

/* A placeholder left by a killed add is taken over, not a live one's. */
START_TEST(test_place_takes_over_stale)
{
	struct ns_netns_entry e = NS_NETNS_ENTRY_INIT, f = NS_NETNS_ENTRY_INIT;
	struct stat st;

	tu_mkdir(&tu_scratch, "run");
	placeholder("run/stale", NS_NETNS_STALE_SEC);
	tu_write_str(&tu_scratch, "x", "run/full");
	ck_assert_int_eq(chmod("run/full", 0), 0);
	age("run/full", 60);
	tu_write_str(&tu_scratch, "", "run/plain");
	age("run/plain", 60);

	/* an add of ours in its placeholder-to-bind window (e): no takeover */
	ck_assert_int_eq(ns_netns_place("run", "x", &e), 0);
	ck_assert_int_eq(ns_netns_place("run", "stale", &f), -EEXIST);
	ck_assert_int_eq(ns_netns_undo(&e), 0);

	/* none: stale, ours now; undo removes it */
	ck_assert_int_eq(ns_netns_place("run", "stale", &f), 0);
	ck_assert_int_eq(ns_netns_undo(&f), 0);
	ck_assert(!tu_exists("run/stale"));
	placeholder("run/stale", 3600);
	ck_assert_int_eq(ns_netns_place("run", "stale", &f), 0);
	ns_netns_keep(&f);
	ck_assert_int_eq(lstat("run/stale", &st), 0);

	/* only an empty file of our mode is a placeholder of ours */
	ck_assert_int_eq(ns_netns_place("run", "full", &f), -EEXIST);
	ck_assert_int_eq(ns_netns_place("run", "plain", &f), -EEXIST);
	ck_assert_ptr_null(f.path);
	/* ip netns add's (mode 0000) is never ours, however old: its add
	 * may still bind it (issue 17.2) */
	placeholder_mode("run/ip", 0, 3600);
	ck_assert_int_eq(ns_netns_place("run", "ip", &f), -EEXIST);
	ck_assert_ptr_null(f.path);
	ck_assert_int_eq(lstat("run/ip", &st), 0);
	ck_assert_uint_eq(st.st_mode & 07777, 0);
}
END_TEST

/*
 * ip netns add makes the same placeholder without our lock, and binds
 * it once its namespace is made: a young placeholder is left alone.
 */
START_TEST(test_place_leaves_young_placeholder)
{
	struct ns_netns_entry f = NS_NETNS_ENTRY_INIT;
	struct stat st;

	tu_mkdir(&tu_scratch, "run");
	placeholder("run/young", 0);
	ck_assert_int_eq(ns_netns_place("run", "young", &f), -EEXIST);
	placeholder("run/older", NS_NETNS_STALE_SEC - 1);
	ck_assert_int_eq(ns_netns_place("run", "older", &f), -EEXIST);
	ck_assert_ptr_null(f.path);
	/* untouched */
	ck_assert_int_eq(lstat("run/young", &st), 0);
	ck_assert_uint_eq(st.st_mode & 07777, NS_NETNS_PLACEHOLDER_MODE);
	ck_assert_int_eq(st.st_size, 0);
}
END_TEST

START_TEST(test_open_refuses_non_namespace)
{
	int fd = -1;

	tu_write_str(&tu_scratch, "", "run/plain");
	ck_assert_int_eq(ns_netns_open("run", "plain", &fd), -EINVAL);
	ck_assert_int_eq(ns_netns_open("run", "nosuch", &fd), -ENOENT);
	tu_symlink(&tu_scratch, "/proc/self/ns/net", "run/link");
	ck_assert_int_eq(ns_netns_open("run", "link", &fd), -ELOOP);
	ck_assert_int_eq(fd, -1);
}
END_TEST

START_TEST(test_openat_refuses_non_namespace)
{
	int dirfd, fd = -1;

	tu_write_str(&tu_scratch, "", "run/plain");
	tu_symlink(&tu_scratch, "/proc/self/ns/net", "run/link");
	dirfd = open("run", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	ck_assert_int_ge(dirfd, 0);
	ck_assert_int_eq(ns_netns_openat(dirfd, "plain", &fd), -EINVAL);
	ck_assert_int_eq(ns_netns_openat(dirfd, "nosuch", &fd), -ENOENT);
	ck_assert_int_eq(ns_netns_openat(dirfd, "link", &fd), -ELOOP);
	ck_assert_int_eq(ns_netns_openat(dirfd, "../run/plain", &fd),
			 -EINVAL);
	ck_assert_int_eq(ns_netns_openat(dirfd, "..", &fd), -EINVAL);
	ck_assert_int_eq(fd, -1);
	close(dirfd);
}
END_TEST

/* --- root: the protocol on a scratch run directory --------------------- */

/* How many mounts sit on @path (absolute), by /proc/self/mountinfo. */
static int mounts_on(const char *path)
{
	char line[4096], point[PATH_MAX];
	int n = 0;
	FILE *f = fopen("/proc/self/mountinfo", "re");

	ck_assert_ptr_nonnull(f);
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "%*s %*s %*s %*s %4095s", point) == 1 &&
		    strcmp(point, path) == 0)
			n++;
	fclose(f);
	return n;
}

/* An absolute path below the scratch directory, in a static buffer. */
static char *scratch_path(const char *rel)
{
	static char buf[PATH_MAX];

	snprintf(buf, sizeof(buf), "%s/%s", tu_scratch.path, rel);
	return buf;
}

/*
 * The peer group of the mount on @path: N of its "shared:N", 0 when it
 * is not shared, -1 when nothing is mounted there.
 */
static int shared_on(const char *path)
{
	char line[4096], point[PATH_MAX];
	int group = -1;
	FILE *f = fopen("/proc/self/mountinfo", "re");

	ck_assert_ptr_nonnull(f);
	while (fgets(line, sizeof(line), f)) {
		char *sh = strstr(line, " shared:");

		if (sscanf(line, "%*s %*s %*s %*s %4095s", point) != 1 ||
		    strcmp(point, path) != 0)
			continue;
		group = sh && sh < strstr(line, " - ") ? atoi(sh + 8) : 0;
	}
	fclose(f);
	return group;
}

static void root_setup(void)
{
	TU_REQUIRE_ROOT();
	tu_enter_scratch();
	tu_private_mounts();
}

static void root_teardown(void)
{
	/* the scratch tree cannot be removed with mounts inside */
	umount2(scratch_path("run"), MNT_DETACH);
	tu_leave_scratch();
}

START_TEST(test_setup_makes_one_shared_mount)
{
	char run[PATH_MAX];
	enum ns_netns_step step;
	int lock_err = -1;

	snprintf(run, sizeof(run), "%s/run", tu_scratch.path);
	ck_assert_int_eq(ns_netns_dir_setup(run, &lock_err, &step), 0);
	ck_assert_int_eq(lock_err, 0);
	ck_assert_int_eq(step, NS_NETNS_STEP_NONE);
	ck_assert_int_eq(mounts_on(run), 1);
	ck_assert_int_gt(shared_on(run), 0);
	/* again: already a shared mount point, nothing stacked */
	ck_assert_int_eq(ns_netns_dir_setup(run, &lock_err, &step), 0);
	ck_assert_int_eq(mounts_on(run), 1);
	/* a private mount point is made shared in place */
	ck_assert_int_eq(mount("none", run, NULL, MS_PRIVATE, NULL), 0);
	ck_assert_int_eq(shared_on(run), 0);
	ck_assert_int_eq(ns_netns_dir_setup(run, &lock_err, &step), 0);
	ck_assert_int_eq(mounts_on(run), 1);
	ck_assert_int_gt(shared_on(run), 0);
}
END_TEST

/*
 * Below a shared mount, the run directory gets a peer group of its
 * own: were it a peer of its parent, each namespace bound in it would
 * be copied to every mount of that group.
 */
START_TEST(test_setup_own_peer_group)
{
	char base[PATH_MAX], run[PATH_MAX];
	enum ns_netns_step step;
	int lock_err;

	snprintf(base, sizeof(base), "%s/base", tu_scratch.path);
	snprintf(run, sizeof(run), "%s/base/run", tu_scratch.path);
	tu_mkdir(&tu_scratch, "base");
	ck_assert_int_eq(mount("nstest", base, "tmpfs", 0, "size=64k"), 0);
	ck_assert_int_eq(mount("none", base, NULL, MS_SHARED, NULL), 0);
	ck_assert_int_eq(ns_netns_dir_setup(run, &lock_err, &step), 0);
	ck_assert_int_eq(mounts_on(run), 1);
	ck_assert_int_gt(shared_on(run), 0);
	ck_assert_int_gt(shared_on(base), 0);
	ck_assert_int_ne(shared_on(run), shared_on(base));
	ck_assert_int_eq(umount2(run, MNT_DETACH), 0);
	ck_assert_int_eq(umount2(base, MNT_DETACH), 0);
}
END_TEST

/*
 * The setup of a first add runs under the directory's flock: another
 * add waits, so two never both find no mount point and stack binds.
 */
START_TEST(test_setup_waits_for_lock)
{
	char run[PATH_MAX];
	int fd, status;
	pid_t child;

	snprintf(run, sizeof(run), "%s/run", tu_scratch.path);
	tu_mkdir(&tu_scratch, "run");
	fd = open(run, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(flock(fd, LOCK_EX), 0);
	child = fork();
	ck_assert_int_ge(child, 0);
	if (child == 0) {
		enum ns_netns_step step;
		int lock_err;

		close(fd); /* a copy of the locked file would hold the lock */
		_exit(ns_netns_dir_setup(run, &lock_err, &step) == 0 &&
			      lock_err == 0 ? 0 : 1);
	}
	usleep(200000);
	ck_assert_int_eq(mounts_on(run), 0);
	ck_assert_int_eq(waitpid(child, &status, WNOHANG), 0);
	close(fd); /* unlocks */
	ck_assert_int_eq(waitpid(child, &status, 0), child);
	ck_assert(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	ck_assert_int_eq(mounts_on(run), 1);
}
END_TEST

START_TEST(test_setup_parallel_no_stacking)
{
	char run[PATH_MAX];
	pid_t pids[8];

	snprintf(run, sizeof(run), "%s/run", tu_scratch.path);
	for (size_t i = 0; i < 8; i++) {
		pids[i] = fork();
		ck_assert_int_ge(pids[i], 0);
		if (pids[i] == 0) {
			enum ns_netns_step step;
			int lock_err;

			_exit(ns_netns_dir_setup(run, &lock_err, &step) == 0 &&
				      lock_err == 0 ? 0 : 1);
		}
	}
	for (size_t i = 0; i < 8; i++) {
		int status;

		ck_assert_int_eq(waitpid(pids[i], &status, 0), pids[i]);
		ck_assert(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	}
	ck_assert_int_eq(mounts_on(run), 1);
}
END_TEST

START_TEST(test_setup_fails_on_file)
{
	enum ns_netns_step step = NS_NETNS_STEP_NONE;
	int lock_err = 0;

	tu_write_str(&tu_scratch, "", "file");
	ck_assert_int_eq(ns_netns_dir_setup(scratch_path("file"), &lock_err,
					   &step), -ENOTDIR);
	ck_assert_int_eq(step, NS_NETNS_STEP_MKDIR);
	ck_assert_int_eq(ns_netns_dir_setup(scratch_path("no/such"), &lock_err,
					   &step), -ENOENT);
	ck_assert_int_eq(step, NS_NETNS_STEP_MKDIR);
}
END_TEST

static uint64_t ino_of(const char *path)
{
	struct stat st;

	ck_assert_int_eq(stat(path, &st), 0);
	return st.st_ino;
}

START_TEST(test_add_open_delete)
{
	struct ns_netns_entry e = NS_NETNS_ENTRY_INIT;
	char run[PATH_MAX];
	enum ns_netns_step step;
	int lock_err, nsfd = -1, fd = -1;
	uint64_t self = ino_of("/proc/self/ns/net");
	char **names;
	size_t n;

	snprintf(run, sizeof(run), "%s/run", tu_scratch.path);
	ck_assert_int_eq(ns_netns_dir_setup(run, &lock_err, &step), 0);
	ck_assert_int_eq(ns_netns_place(run, "nstest-a", &e), 0);
	ck_assert_int_eq(ns_netns_create(&nsfd), 0);
	/* the caller stays in its namespace, every thread of it */
	ck_assert_uint_eq(ino_of("/proc/self/ns/net"), self);
	ck_assert_uint_eq(ino_of("/proc/thread-self/ns/net"), self);
	ck_assert_uint_ne(tu_fd_ino(nsfd), self);
	ck_assert_int_eq(ns_netns_bind(&e, nsfd), 0);
	ns_netns_keep(&e);

	ck_assert(tu_on_nsfs("run/nstest-a"));
	ck_assert_uint_eq(ino_of("run/nstest-a"), tu_fd_ino(nsfd));
	ck_assert_int_eq(ns_netns_open(run, "nstest-a", &fd), 0);
	ck_assert_uint_eq(tu_fd_ino(fd), tu_fd_ino(nsfd));
	close(fd);
	ck_assert_int_eq(ns_netns_list(run, &names, &n), 0);
	ck_assert_uint_eq(n, 1);
	ck_assert_str_eq(names[0], "nstest-a");
	ns_netns_names_free(names, n);

	ck_assert_int_eq(ns_netns_delete(run, "nstest-a", &step), 0);
	ck_assert(!tu_exists("run/nstest-a"));
	ck_assert_int_eq(mounts_on(scratch_path("run/nstest-a")), 0);
	ck_assert_int_eq(ns_netns_delete(run, "nstest-a", &step), -ENOENT);
	ck_assert_int_eq(step, NS_NETNS_STEP_UNLINK);
	/* a placeholder never bound (an add killed midway) goes too */
	close(openat(AT_FDCWD, "run/stale", O_CREAT | O_WRONLY | O_CLOEXEC,
		     0));
	ck_assert_int_eq(ns_netns_delete(run, "stale", &step), 0);
	ck_assert(!tu_exists("run/stale"));
	/* anything else stays: data, a directory, a symbolic link, a
	 * mount that is no namespace */
	fd = openat(AT_FDCWD, "run/data", O_CREAT | O_WRONLY | O_CLOEXEC, 0600);
	ck_assert_int_eq(write(fd, "x", 1), 1);
	close(fd);
	ck_assert_int_eq(mkdir("run/dir", 0700), 0);
	ck_assert_int_eq(symlink("/proc/self/ns/net", "run/link"), 0);
	ck_assert_int_eq(mkdir("run/mnt", 0700), 0);
	ck_assert_int_eq(mount("nstest", "run/mnt", "tmpfs", 0, NULL), 0);
	for (size_t i = 0; i < 4; i++) {
		static const char *const kept[] = { "data", "dir", "link",
						    "mnt" };
		char rel[64];

		step = NS_NETNS_STEP_NONE;
		ck_assert_int_eq(ns_netns_delete(run, kept[i], &step), -EPERM);
		ck_assert_int_eq(step, NS_NETNS_STEP_KIND);
		snprintf(rel, sizeof(rel), "run/%s", kept[i]);
		ck_assert(tu_exists(rel));
	}
	ck_assert_int_eq(mounts_on(scratch_path("run/mnt")), 1);
	ck_assert_int_eq(umount2("run/mnt", MNT_DETACH), 0);
	close(nsfd);
}
END_TEST

START_TEST(test_bind_failure_rolls_back)
{
	struct ns_netns_entry e = NS_NETNS_ENTRY_INIT;
	char run[PATH_MAX];
	enum ns_netns_step step;
	int lock_err, nsfd;

	snprintf(run, sizeof(run), "%s/run", tu_scratch.path);
	ck_assert_int_eq(ns_netns_dir_setup(run, &lock_err, &step), 0);
	ck_assert_int_eq(ns_netns_place(run, "nstest-b", &e), 0);
	/* not an fd: the bind fails, undo leaves nothing */
	ck_assert_int_lt(ns_netns_bind(&e, 1000), 0);
	ck_assert_int_eq(ns_netns_undo(&e), 0);
	ck_assert(!tu_exists("run/nstest-b"));

	/* bound, then a later step fails: undo detaches and unlinks */
	ck_assert_int_eq(ns_netns_place(run, "nstest-b", &e), 0);
	ck_assert_int_eq(ns_netns_create(&nsfd), 0);
	ck_assert_int_eq(ns_netns_bind(&e, nsfd), 0);
	ck_assert(tu_on_nsfs("run/nstest-b"));
	ck_assert_int_eq(ns_netns_undo(&e), 0);
	ck_assert(!tu_exists("run/nstest-b"));
	ck_assert_int_eq(mounts_on(scratch_path("run/nstest-b")), 0);
	close(nsfd);
}
END_TEST

START_TEST(test_of_pid)
{
	int fd = -1, status;
	pid_t child;

	ck_assert_int_eq(ns_netns_of_pid(getpid(), &fd), 0);
	ck_assert_uint_eq(tu_fd_ino(fd), ino_of("/proc/self/ns/net"));
	close(fd);

	/* gone: exited (a zombie: its links are gone) or never there */
	child = fork();
	ck_assert_int_ge(child, 0);
	if (child == 0)
		_exit(0);
	ck_assert_int_eq(waitid(P_PID, (id_t)child, NULL, WEXITED | WNOWAIT),
			 0);
	fd = -1;
	ck_assert_int_eq(ns_netns_of_pid(child, &fd), -ESRCH);
	ck_assert_int_eq(fd, -1);
	ck_assert_int_eq(waitpid(child, &status, 0), child);
	ck_assert_int_eq(ns_netns_of_pid(child, &fd), -ESRCH);
	ck_assert_int_eq(ns_netns_of_pid(0, &fd), -ESRCH);
}
END_TEST

/* Write @data to the file @path of our own /proc. */
static void proc_write(const char *path, const char *data)
{
	int fd = open(path, O_WRONLY | O_CLOEXEC);

	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(write(fd, data, strlen(data)), (ssize_t)strlen(data));
	close(fd);
}

/*
 * In a child user namespace that still shares the parent's network
 * namespace, a thread that leaves it cannot come back (no
 * CAP_SYS_ADMIN over its owner): the work is done by a thread of its
 * own, and the caller stays where it is.
 */
START_TEST(test_create_where_no_way_back)
{
	uint64_t home;
	int nsfd = -1, sfd = -1, skns, owner;

	ck_assert_int_eq(unshare(CLONE_NEWUSER), 0);
	proc_write("/proc/self/uid_map", "0 0 1\n");
	proc_write("/proc/self/setgroups", "deny");
	proc_write("/proc/self/gid_map", "0 0 1\n");
	home = ino_of("/proc/thread-self/ns/net");
	/* the way back is closed indeed */
	skns = open("/proc/thread-self/ns/net", O_RDONLY | O_CLOEXEC);
	ck_assert_int_ge(skns, 0);
	ck_assert_int_eq(setns(skns, CLONE_NEWNET), -1);
	ck_assert_int_eq(errno, EPERM);
	close(skns);

	ck_assert_int_eq(ns_netns_create(&nsfd), 0);
	ck_assert_uint_eq(ino_of("/proc/thread-self/ns/net"), home);
	ck_assert_uint_ne(tu_fd_ino(nsfd), home);
	/* made in our user namespace, so owned by it */
	owner = ioctl(nsfd, NS_GET_USERNS);
	ck_assert_int_ge(owner, 0);
	ck_assert_uint_eq(tu_fd_ino(owner), ino_of("/proc/self/ns/user"));
	close(owner);

	ck_assert_int_eq(ns_netns_socket(nsfd, AF_UNIX, SOCK_DGRAM, 0,
					    &sfd), 0);
	skns = ioctl(sfd, SIOCGSKNS);
	ck_assert_int_ge(skns, 0);
	ck_assert_uint_eq(tu_fd_ino(skns), tu_fd_ino(nsfd));
	ck_assert_uint_eq(ino_of("/proc/thread-self/ns/net"), home);
	close(skns);
	close(sfd);
	close(nsfd);
}
END_TEST

START_TEST(test_socket_in_netns)
{
	int nsfd, sfd = -1, skns;

	ck_assert_int_eq(ns_netns_create(&nsfd), 0);
	ck_assert_int_eq(ns_netns_socket(nsfd, AF_UNIX, SOCK_DGRAM, 0,
					    &sfd), 0);
	ck_assert(tu_is_cloexec(sfd));
	/* the socket lives there, the caller never moved */
	skns = ioctl(sfd, SIOCGSKNS);
	ck_assert_int_ge(skns, 0);
	ck_assert_uint_eq(tu_fd_ino(skns), tu_fd_ino(nsfd));
	ck_assert_uint_ne(ino_of("/proc/thread-self/ns/net"),
			  tu_fd_ino(nsfd));
	ck_assert_int_eq(ns_netns_socket(-1, AF_UNIX, SOCK_DGRAM, 0, &sfd),
			 -EBADF);
	/* an fd that is no namespace */
	ck_assert_int_eq(ns_netns_socket(sfd, AF_UNIX, SOCK_DGRAM, 0,
					    &skns), -EINVAL);
	close(skns);
	close(sfd);
	close(nsfd);
}
END_TEST

static Suite *netns_suite(void)
{
	Suite *s = suite_create("netns");
	TCase *tc = tcase_create("core");

	tcase_add_checked_fixture(tc, tu_enter_scratch, tu_leave_scratch);
	tcase_add_test(tc, test_name_check);
	tcase_add_test(tc, test_list_sorted);
	tcase_add_test(tc, test_place_excl_and_undo);
	tcase_add_test(tc, test_place_takes_over_stale);
	tcase_add_test(tc, test_place_leaves_young_placeholder);
	tcase_add_test(tc, test_open_refuses_non_namespace);
	tcase_add_test(tc, test_openat_refuses_non_namespace);
	suite_add_tcase(s, tc);
	return s;
}

static Suite *netns_root_suite(void)
{
	Suite *s = suite_create("netns-root");
	TCase *tc = tcase_create("root");

	tcase_add_checked_fixture(tc, root_setup, root_teardown);
	tcase_add_test(tc, test_setup_makes_one_shared_mount);
	tcase_add_test(tc, test_setup_own_peer_group);
	tcase_add_test(tc, test_setup_waits_for_lock);
	tcase_add_test(tc, test_setup_parallel_no_stacking);
	tcase_add_test(tc, test_setup_fails_on_file);
	tcase_add_test(tc, test_add_open_delete);
	tcase_add_test(tc, test_bind_failure_rolls_back);
	tcase_add_test(tc, test_of_pid);
	tcase_add_test(tc, test_create_where_no_way_back);
	tcase_add_test(tc, test_socket_in_netns);
	suite_add_tcase(s, tc);
	return s;
}

int main(int argc, char **argv)
{
	return tu_main_split(argc, argv, netns_suite, netns_root_suite);
}
