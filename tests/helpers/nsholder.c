// SPDX-License-Identifier: MIT
/*
 * nsholder - test fixture: processes that sit in fresh namespaces.
 *
 *   nsholder [-u UID] [-t TYPES] [-r] [-c N] [-x TYPES] [-z]
 *            [-f PATH]... [-F] [-S]
 *
 * -u UID    switch to UID (and gid UID) first
 * -t TYPES  unshare(2) these types (comma list: mnt,net,ipc,user,pid,
 *           uts,cgroup,time)
 * -r        with a user namespace: map our uid/gid to 0 inside
 * -c N      fork N sleeping children afterwards (pid and time
 *           namespaces only have members once a child exists)
 * -x TYPES  the first child unshares these types as well
 * -z        the first child exits once set up and stays a zombie (not
 *           reaped before nsholder exits); printed once it is one
 * -f PATH   open PATH before unsharing and keep the fd
 * -F        keep an fd on a fresh netns that no process is in
 * -S        keep a socket in a fresh netns that no process is in
 *
 * Prints "PID [CHILD...]" and one "fd=N ino=I" line per held fd (I: the
 * inode of the netns held by -F/-S, else 0), then sleeps
 * until stdin reaches EOF (or SIGTERM), kills its children, reaps them
 * and exits 0. Children die with it (PR_SET_PDEATHSIG).
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
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "libns/nstype.h"

#define MAX_CHILDREN 256
#define MAX_FDS 32

static void die(const char *what)
{
	fprintf(stderr, "nsholder: %s: %s\n", what, strerror(errno));
	exit(1);
}

static void write_file(const char *path, const char *data)
{
	int fd = open(path, O_WRONLY | O_CLOEXEC);

	if (fd < 0 || write(fd, data, strlen(data)) != (ssize_t)strlen(data))
		die(path);
	close(fd);
}

static int parse_types(char *list)
{
	int flags = 0;

	for (char *tok = strtok(list, ","); tok; tok = strtok(NULL, ",")) {
		enum ns_kind t;

		if (ns_type_from_name(tok, &t) < 0) {
			fprintf(stderr, "nsholder: unknown type %s\n", tok);
			exit(2);
		}
		flags |= ns_type_info(t)->clone_flag;
	}
	return flags;
}

/* A netns that only an fd (or a socket) keeps alive. */
static int orphan_netns_fd(int want_socket, unsigned long long *ret_ino)
{
	struct stat st;
	int self, fd;

	self = open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC);
	if (self < 0)
		die("open own netns");
	if (unshare(CLONE_NEWNET) < 0)
		die("unshare(CLONE_NEWNET)");
	if (want_socket)
		fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	else
		fd = open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		die("hold netns");
	if (stat("/proc/self/ns/net", &st) < 0)
		die("stat new netns");
	*ret_ino = (unsigned long long)st.st_ino;
	if (setns(self, CLONE_NEWNET) < 0)
		die("setns back");
	close(self);
	return fd;
}

/* Wait until @pid is a zombie: its ns links are then as lsns sees them. */
static void wait_zombie(pid_t pid)
{
	char path[64], buf[512], *close_paren;

	snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
	for (;;) {
		int fd = open(path, O_RDONLY | O_CLOEXEC);
		ssize_t n;

		if (fd < 0)
			die(path);
		n = read(fd, buf, sizeof(buf) - 1);
		close(fd);
		if (n <= 0)
			die(path);
		buf[n] = '\0';
		close_paren = strrchr(buf, ')');
		if (close_paren && close_paren[1] == ' ' &&
		    close_paren[2] == 'Z')
			return;
		usleep(1000);
	}
}

static void on_term(int sig)
{
	(void)sig;
}

int main(int argc, char **argv)
{
	unsigned long long fd_ino[MAX_FDS] = { 0 };
	int fds[MAX_FDS], nfds = 0, flags = 0, child_flags = 0, map_root = 0;
	int zombie = 0;
	int opt;
	pid_t children[MAX_CHILDREN];
	long nchildren = 0;
	uid_t uid = getuid(), gid = getgid();
	struct sigaction sa = { .sa_handler = on_term };
	char buf[64];
	int ready[2];

	while ((opt = getopt(argc, argv, "u:t:x:zrc:f:FS")) != -1) {
		switch (opt) {
		case 'u':
			uid = gid = (uid_t)atol(optarg);
			if (setgroups(0, NULL) < 0 || setresgid(gid, gid, gid) < 0 ||
			    setresuid(uid, uid, uid) < 0)
				die("switch user");
			/* stay dumpable, or /proc/self/uid_map is root's */
			prctl(PR_SET_DUMPABLE, 1);
			break;
		case 't':
			flags = parse_types(optarg);
			break;
		case 'x':
			child_flags = parse_types(optarg);
			break;
		case 'z':
			zombie = 1;
			break;
		case 'r':
			map_root = 1;
			break;
		case 'c':
			nchildren = atol(optarg);
			if (nchildren < 0 || nchildren > MAX_CHILDREN)
				exit(2);
			break;
		case 'f':
			if (nfds == MAX_FDS)
				exit(2);
			fds[nfds] = open(optarg, O_RDONLY | O_CLOEXEC);
			if (fds[nfds] < 0)
				die(optarg);
			nfds++;
			break;
		case 'F':
		case 'S':
			if (nfds == MAX_FDS)
				exit(2);
			fds[nfds] = orphan_netns_fd(opt == 'S', &fd_ino[nfds]);
			nfds++;
			break;
		default:
			exit(2);
		}
	}

	if (flags && unshare(flags) < 0)
		die("unshare");
	if ((flags & CLONE_NEWUSER) && map_root) {
		/* Written by ourselves: allowed once for our own ids. */
		snprintf(buf, sizeof(buf), "0 %u 1", (unsigned int)uid);
		write_file("/proc/self/uid_map", buf);
		write_file("/proc/self/setgroups", "deny");
		snprintf(buf, sizeof(buf), "0 %u 1", (unsigned int)gid);
		write_file("/proc/self/gid_map", buf);
	}

	sigaction(SIGTERM, &sa, NULL);
	/* Children report when set up, so we never print a half-made state. */
	if (pipe2(ready, O_CLOEXEC) < 0)
		die("pipe");
	for (long i = 0; i < nchildren; i++) {
		pid_t pid = fork();

		if (pid < 0)
			die("fork");
		if (pid == 0) {
			prctl(PR_SET_PDEATHSIG, SIGKILL);
			if (i == 0 && child_flags && unshare(child_flags) < 0)
				die("unshare in child");
			if (write(ready[1], "x", 1) != 1)
				die("report ready");
			close(ready[0]);
			close(ready[1]);
			if (i == 0 && zombie)
				_exit(0);
			for (;;)
				pause();
		}
		children[i] = pid;
	}
	close(ready[1]);
	for (long i = 0; i < nchildren; i++) {
		if (read(ready[0], buf, 1) != 1) {
			errno = ECHILD;
			die("a child failed to start");
		}
	}
	close(ready[0]);
	if (zombie && nchildren > 0)
		wait_zombie(children[0]);

	printf("%d", (int)getpid());
	for (long i = 0; i < nchildren; i++)
		printf(" %d", (int)children[i]);
	putchar('\n');
	for (int i = 0; i < nfds; i++)
		printf("fd=%d ino=%llu\n", fds[i], fd_ino[i]);
	fflush(stdout);

	/* Hold until the test closes our stdin or terminates us. */
	while (read(STDIN_FILENO, buf, sizeof(buf)) > 0)
		;
	for (long i = 0; i < nchildren; i++)
		kill(children[i], SIGKILL);
	/*
	 * Reap in whatever order they die: a pid namespace's init does not
	 * finish exiting until its fellow members (our children too) are
	 * reaped, so waiting for it first would deadlock.
	 */
	while (waitpid(-1, NULL, 0) > 0 || errno == EINTR)
		;
	return 0;
}
