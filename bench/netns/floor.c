// SPDX-License-Identifier: MIT
/*
 * netns-floor - the kernel work of bench/netns/run's churn and nothing
 * else: the floor bench/netns/run compares our netns with.
 *
 *   netns-floor add NAME       netns add NAME
 *   netns-floor list           netns list (the directory only)
 *   netns-floor delete NAME    netns delete NAME
 *
 * The same system calls on the kernel side as our netns makes (see
 * `strace -f`), in the same order. add: make RUNDIR, lock it, make it
 * a shared mount point (bound onto itself, private, shared when it is
 * none yet), unlock; save the calling thread's network namespace,
 * unshare a new one, open it, go back; lock RUNDIR shared, create the
 * placeholder NAME (O_EXCL, mode 0), bind the new namespace onto it.
 * delete: unmount NAME (MNT_DETACH) and remove it. list: read RUNDIR
 * and print the names.
 *
 * Left out is what a real tool adds around them: option parsing, the
 * checks on NAME, the setns(2) into its own namespace that ours makes
 * first to check that it can come back, the signal mask around the
 * placeholder, the look for marked --veth pairs on delete, the sorting of
 * list and its netlink query of each name's nsid (so list does less
 * kernel work than ours' list), messages. Linked against libc only, as
 * ours is, so the dynamic loading costs the same. NETNS_RUN_DIR
 * replaces /run/netns, as for ours.
 *
 * Still no silent shortcut: a failing call exits 1 with a message, so
 * the benchmark's checks catch a floor that did nothing.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#define PROG "netns-floor"

static const char *rundir = "/run/netns";

static void fail(const char *what)
{
	fprintf(stderr, PROG ": %s: %s\n", what, strerror(errno));
	exit(1);
}

static int open_locked(int how)
{
	int fd = open(rundir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

	if (fd < 0)
		fail(rundir);
	if (flock(fd, how) < 0)
		fail("flock");
	return fd;
}

static void setup_rundir(void)
{
	int fd;

	if (mkdir(rundir, 0755) < 0 && errno != EEXIST)
		fail("mkdir");
	fd = open_locked(LOCK_EX);
	if (mount("none", rundir, NULL, MS_SHARED | MS_REC, NULL) < 0) {
		if (errno != EINVAL)
			fail("make shared");
		if (mount(rundir, rundir, NULL, MS_BIND | MS_REC, NULL) < 0)
			fail("bind rundir");
		if (mount("none", rundir, NULL, MS_PRIVATE | MS_REC, NULL) < 0)
			fail("make private");
		if (mount("none", rundir, NULL, MS_SHARED | MS_REC, NULL) < 0)
			fail("make shared");
	}
	if (close(fd) < 0)
		fail("close");
}

static int new_netns(void)
{
	int home, fd;

	home = open("/proc/thread-self/ns/net", O_RDONLY | O_CLOEXEC);
	if (home < 0)
		fail("open netns");
	if (unshare(CLONE_NEWNET) < 0)
		fail("unshare");
	fd = open("/proc/thread-self/ns/net", O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		fail("open new netns");
	if (setns(home, CLONE_NEWNET) < 0)
		fail("setns");
	if (close(home) < 0)
		fail("close");
	return fd;
}

static char *path_of(const char *name)
{
	char *path;

	if (asprintf(&path, "%s/%s", rundir, name) < 0)
		fail("asprintf");
	return path;
}

static void add(const char *name)
{
	char src[32], dst[32];
	char *path = path_of(name);
	int lock, nsfd, fd;

	setup_rundir();
	nsfd = new_netns();
	lock = open_locked(LOCK_SH);
	fd = open(path, O_RDONLY | O_CREAT | O_EXCL | O_NONBLOCK | O_NOFOLLOW |
		  O_CLOEXEC, 0);
	if (fd < 0)
		fail(path);
	snprintf(src, sizeof(src), "/proc/self/fd/%d", nsfd);
	snprintf(dst, sizeof(dst), "/proc/self/fd/%d", fd);
	if (mount(src, dst, NULL, MS_BIND, NULL) < 0)
		fail("bind");
	if (close(lock) < 0 || close(fd) < 0 || close(nsfd) < 0)
		fail("close");
	free(path);
}

static void delete(const char *name)
{
	char *path = path_of(name);

	if (umount2(path, MNT_DETACH | UMOUNT_NOFOLLOW) < 0)
		fail("umount");
	if (unlink(path) < 0)
		fail("unlink");
	free(path);
}

static void list(void)
{
	struct dirent *d;
	DIR *dir = opendir(rundir);

	if (!dir) {
		if (errno == ENOENT)
			return;	/* as ours: no directory, no names */
		fail(rundir);
	}
	errno = 0;
	while ((d = readdir(dir))) {
		if (strcmp(d->d_name, ".") && strcmp(d->d_name, ".."))
			printf("%s\n", d->d_name);
		errno = 0;
	}
	if (errno)
		fail("readdir");
	closedir(dir);
	if (fflush(stdout) == EOF || ferror(stdout))
		fail("write");
}

int main(int argc, char **argv)
{
	const char *env = getenv("NETNS_RUN_DIR");

	if (env && *env)
		rundir = env;
	if (argc == 3 && !strcmp(argv[1], "add"))
		add(argv[2]);
	else if (argc == 3 && !strcmp(argv[1], "delete"))
		delete(argv[2]);
	else if (argc == 2 && !strcmp(argv[1], "list"))
		list();
	else {
		fprintf(stderr, "Usage: " PROG " add|delete NAME | list\n");
		return 2;
	}
	return 0;
}
