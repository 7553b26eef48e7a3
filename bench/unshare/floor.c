// SPDX-License-Identifier: MIT
/*
 * unshare-floor - the kernel work of bench/unshare/run's scenarios and
 * nothing else: the floor bench/unshare/run compares our unshare with.
 *
 *   unshare-floor user PROG [ARG]...          unshare -U -r PROG
 *   unshare-floor all PROG [ARG]...           unshare -nmuipf --mount-proc
 *   unshare-floor persist FILE PROG [ARG]...  unshare --net=FILE PROG
 *
 * The same system calls on the kernel side as our unshare makes (see
 * `strace -f`), in the same order: the namespaces, the id maps, the
 * fork, the mounts, the exec of PROG through PATH (execvp). Left out is
 * what a real tool adds around them: option parsing, the checks on FILE
 * and on /proc, signal forwarding, messages. Linked against libc only,
 * as ours is, so the dynamic loading costs the same.
 *
 * Still no silent shortcut: a failing call exits non-zero (1, with a
 * perror line; 126/127 when PROG cannot be run), so the benchmark's
 * sanity checks and exit status checks catch a floor that did nothing.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/wait.h>
#include <unistd.h>

#define PROG "unshare-floor"

static void fail(const char *what)
{
	fprintf(stderr, PROG ": %s: %s\n", what, strerror(errno));
	_exit(1);
}

static void run(char **argv)
{
	int err;

	execvp(argv[0], argv);
	err = errno;
	fprintf(stderr, PROG ": %s: %s\n", argv[0], strerror(err));
	_exit(err == ENOENT ? 127 : 126);
}

static void write_file(const char *path, const char *buf)
{
	ssize_t len = (ssize_t)strlen(buf), n;
	int fd;

	fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		fail(path);
	n = write(fd, buf, (size_t)len);
	if (n != len) {
		if (n >= 0)
			errno = EIO;	/* a short write: no errno of its own */
		fail(path);
	}
	if (close(fd) < 0)
		fail(path);
}

/* unshare -U -r: root in the new user namespace is the caller. */
static void user(char **argv)
{
	char uid_map[32], gid_map[32];

	/* before the unshare: inside, until mapped, we are the overflow id */
	snprintf(uid_map, sizeof(uid_map), "0 %u 1\n",
		 (unsigned int)geteuid());
	snprintf(gid_map, sizeof(gid_map), "0 %u 1\n",
		 (unsigned int)getegid());
	if (unshare(CLONE_NEWUSER) < 0)
		fail("unshare");
	write_file("/proc/self/uid_map", uid_map);
	/* an unprivileged writer of gid_map must deny setgroups first */
	write_file("/proc/self/setgroups", "deny");
	write_file("/proc/self/gid_map", gid_map);
	run(argv);
}

/* unshare -nmuipf --mount-proc: PROG is PID 1 of the new PID namespace
 * and sees its own /proc; the mounts do not leak back (private). */
static void all(char **argv)
{
	pid_t pid;
	int status;

	if (unshare(CLONE_NEWNS | CLONE_NEWUTS | CLONE_NEWIPC |
		    CLONE_NEWNET | CLONE_NEWPID) < 0)
		fail("unshare");
	pid = fork();
	if (pid < 0)
		fail("fork");
	if (pid == 0) {
		if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) < 0)
			fail("mount /");
		if (mount("proc", "/proc", "proc",
			  MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL) < 0)
			fail("mount /proc");
		run(argv);
	}
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			fail("waitpid");
	if (WIFEXITED(status))
		_exit(WEXITSTATUS(status));
	_exit(128 + WTERMSIG(status));
}

/* unshare --net=FILE: FILE is opened before the unshare (ours does, to
 * check it) and the bind goes onto what was opened. */
static void persist(const char *file, char **argv)
{
	char target[32];
	int fd;

	fd = open(file, O_PATH | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0)
		fail("open");
	if (unshare(CLONE_NEWNET) < 0)
		fail("unshare");
	snprintf(target, sizeof(target), "/proc/self/fd/%d", fd);
	if (mount("/proc/self/ns/net", target, NULL, MS_BIND, NULL) < 0)
		fail("bind");
	close(fd);
	run(argv);
}

int main(int argc, char **argv)
{
	if (argc >= 3 && !strcmp(argv[1], "user"))
		user(argv + 2);
	else if (argc >= 3 && !strcmp(argv[1], "all"))
		all(argv + 2);
	else if (argc >= 4 && !strcmp(argv[1], "persist"))
		persist(argv[2], argv + 3);
	fprintf(stderr, "Usage: " PROG " user|all|persist FILE PROG [ARG]...\n");
	return 2;
}
