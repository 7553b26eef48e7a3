// SPDX-License-Identifier: MIT
/*
 * hostile - test fixture: an unprivileged user who tries to hang or
 * steer root's lsns. Started as root, it drops to @UID at once (after
 * the one root step of "fds") and then does its tricks until killed.
 *
 *   hostile fds UID FIFO TRAP
 *     As root: a new network namespace, held only by an fd (moved to
 *     fd 200), and nothing else. Then as UID: FIFO opened for reading
 *     (no writer will ever come), TRAP opened O_PATH (a file UID may
 *     not read: O_PATH needs no permission on the file). Prints
 *     "ready PID INO" (INO: the namespace) and swaps fd 100 between
 *     the namespace, the FIFO and the TRAP, for ever.
 *
 *   hostile exchange UID A B
 *     As UID: prints "ready PID" and swaps A and B (renameat2 with
 *     RENAME_EXCHANGE), for ever.
 *
 * It dies with its parent (PR_SET_PDEATHSIG, set after the uid
 * change, which clears it).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#ifndef RENAME_EXCHANGE
#define RENAME_EXCHANGE (1 << 1)
#endif

#define SWAP_FD 100
#define HELD_FD 200

static __attribute__((noreturn)) void die(const char *what)
{
	fprintf(stderr, "hostile: %s: %s\n", what, strerror(errno));
	exit(1);
}

static void become(const char *uidarg)
{
	uid_t uid = (uid_t)strtoul(uidarg, NULL, 10);

	if (setgroups(0, NULL) < 0 || setgid(uid) < 0 || setuid(uid) < 0)
		die("dropping privileges");
	/* A process of a user as any other: its /proc files are its own. */
	if (prctl(PR_SET_DUMPABLE, 1, 0, 0, 0) < 0)
		die("PR_SET_DUMPABLE");
	if (prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0) < 0)
		die("PR_SET_PDEATHSIG");
	if (getppid() == 1)
		exit(1); /* the parent is gone already */
}

/* A network namespace that only the returned fd keeps alive. */
static int lonely_netns(void)
{
	int home, nsfd;

	home = open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC);
	if (home < 0)
		die("open /proc/self/ns/net");
	if (unshare(CLONE_NEWNET) < 0)
		die("unshare(CLONE_NEWNET)");
	nsfd = open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC);
	if (nsfd < 0)
		die("open new /proc/self/ns/net");
	if (setns(home, CLONE_NEWNET) < 0)
		die("setns back");
	close(home);
	if (dup2(nsfd, HELD_FD) < 0)
		die("dup2");
	close(nsfd);
	return HELD_FD;
}

static __attribute__((noreturn)) void swap_fds(char **argv)
{
	int nsfd, fifofd, trapfd;
	struct stat st;

	nsfd = lonely_netns();
	if (fstat(nsfd, &st) < 0)
		die("fstat");
	become(argv[0]);
	fifofd = open(argv[1], O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (fifofd < 0)
		die(argv[1]);
	trapfd = open(argv[2], O_PATH | O_CLOEXEC);
	if (trapfd < 0)
		die(argv[2]);
	printf("ready %d %llu\n", (int)getpid(), (unsigned long long)st.st_ino);
	fflush(stdout);
	for (;;) {
		dup2(nsfd, SWAP_FD);
		dup2(fifofd, SWAP_FD);
		dup2(nsfd, SWAP_FD);
		dup2(trapfd, SWAP_FD);
	}
}

static __attribute__((noreturn)) void exchange(char **argv)
{
	become(argv[0]);
	printf("ready %d\n", (int)getpid());
	fflush(stdout);
	for (;;) {
		if (syscall(SYS_renameat2, AT_FDCWD, argv[1], AT_FDCWD, argv[2],
			    RENAME_EXCHANGE) < 0)
			die("renameat2");
	}
}

int main(int argc, char **argv)
{
	if (argc == 5 && strcmp(argv[1], "fds") == 0)
		swap_fds(argv + 2);
	if (argc == 5 && strcmp(argv[1], "exchange") == 0)
		exchange(argv + 2);
	fprintf(stderr, "usage: hostile fds UID FIFO TRAP\n"
			"       hostile exchange UID A B\n");
	return 2;
}
