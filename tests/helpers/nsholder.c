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
 * -I KIND   a fresh user and network namespace that nothing but a file
 *           in flight holds: a child makes them, sends an fd of the
 *           netns (KIND "nsfs") or a socket made in it (KIND "socket")
 *           with SCM_RIGHTS into a unix socket of ours, and exits; we
 *           keep the receiving end (the fd printed) and never receive
 *
 * Prints "PID [CHILD...]" and one "fd=N ino=I" line per held fd (I: the
 * inode of the netns held by -F/-S/-I, else 0; -I adds " user=U id=X
 * userid=Y": the inode of the user namespace that owns it and the
 * NS_GET_ID of both, 0 before Linux 6.18), then sleeps
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
#include <stdint.h>
#include <sys/ioctl.h>
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

static void send_fd(int sock, int fd)
{
	union {
		char buf[CMSG_SPACE(sizeof(int))];
		struct cmsghdr align;
	} u;
	char c = 'x';
	struct iovec iov = { .iov_base = &c, .iov_len = 1 };
	struct msghdr m = { .msg_iov = &iov, .msg_iovlen = 1,
			    .msg_control = u.buf,
			    .msg_controllen = sizeof(u.buf) };
	struct cmsghdr *cm = CMSG_FIRSTHDR(&m);

	cm->cmsg_level = SOL_SOCKET;
	cm->cmsg_type = SCM_RIGHTS;
	cm->cmsg_len = CMSG_LEN(sizeof(int));
	memcpy(CMSG_DATA(cm), &fd, sizeof(fd));
	if (sendmsg(sock, &m, 0) < 0)
		die("sendmsg");
}

/* NS_GET_ID of our own namespace @name; 0 before Linux 6.18. */
static unsigned long long self_ns_id(const char *name)
{
	char path[64];
	uint64_t id = 0;
	int fd;

	snprintf(path, sizeof(path), "/proc/self/ns/%s", name);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0 || ioctl(fd, _IOR(0xb7, 13, uint64_t), &id) < 0)
		id = 0;
	if (fd >= 0)
		close(fd);
	return id;
}

/* -I: the child's part; "NETINO USERINO NETID USERID" on @report. */
static void in_flight_child(int sock, int report, int socket_kind)
{
	struct stat net, user;
	char buf[128];
	int fd;

	if (unshare(CLONE_NEWUSER | CLONE_NEWNET) < 0)
		die("unshare(CLONE_NEWUSER|CLONE_NEWNET)");
	if (socket_kind)
		fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	else
		fd = open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC);
	if (fd < 0 || stat("/proc/self/ns/net", &net) < 0 ||
	    stat("/proc/self/ns/user", &user) < 0)
		die("in-flight namespace");
	send_fd(sock, fd);
	snprintf(buf, sizeof(buf), "%llu %llu %llu %llu",
		 (unsigned long long)net.st_ino, (unsigned long long)user.st_ino,
		 self_ns_id("net"), self_ns_id("user"));
	if (write(report, buf, strlen(buf)) < 0)
		die("report");
	_exit(0);
}

/* -I KIND: the receiving end of the socket pair; inodes and IDs. */
static int in_flight(const char *kind, unsigned long long ret[4])
{
	int sv[2], report[2], status;
	char buf[128] = { 0 };
	pid_t pid;

	if (strcmp(kind, "nsfs") != 0 && strcmp(kind, "socket") != 0)
		exit(2);
	if (socketpair(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0, sv) < 0 ||
	    pipe2(report, O_CLOEXEC) < 0)
		die("socketpair");
	pid = fork();
	if (pid < 0)
		die("fork");
	if (pid == 0)
		in_flight_child(sv[1], report[1], kind[1] == 'o');
	close(report[1]);
	if (read(report[0], buf, sizeof(buf) - 1) <= 0 ||
	    sscanf(buf, "%llu %llu %llu %llu", &ret[0], &ret[1], &ret[2],
		   &ret[3]) != 4)
		die("in-flight child failed");
	close(report[0]);
	if (waitpid(pid, &status, 0) < 0 || status != 0)
		die("in-flight child");
	close(sv[1]);
	return sv[0];
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

/* -f, -F, -S, -I: an fd to hold; @info: netns inode, -I's extras. */
static int take_fd(int opt, const char *arg, unsigned long long info[4])
{
	int fd;

	switch (opt) {
	case 'f':
		fd = open(arg, O_RDONLY | O_CLOEXEC);
		if (fd < 0)
			die(arg);
		return fd;
	case 'F':
	case 'S':
		return orphan_netns_fd(opt == 'S', &info[0]);
	default: /* 'I' */
		return in_flight(arg, info);
	}
}

/*
 * -c N: fork the sleeping children (the first unshares @child_flags,
 * and with @zombie exits); they report when set up, so we never print
 * a half-made state.
 */
static void start_children(long n, int child_flags, int zombie,
			   pid_t *children)
{
	int ready[2];
	char c;

	if (pipe2(ready, O_CLOEXEC) < 0)
		die("pipe");
	for (long i = 0; i < n; i++) {
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
	for (long i = 0; i < n; i++) {
		if (read(ready[0], &c, 1) != 1) {
			errno = ECHILD;
			die("a child failed to start");
		}
	}
	close(ready[0]);
	if (zombie && n > 0)
		wait_zombie(children[0]);
}

static void map_root_ids(uid_t uid, gid_t gid)
{
	char buf[64];

	/* Written by ourselves: allowed once for our own ids. */
	snprintf(buf, sizeof(buf), "0 %u 1", (unsigned int)uid);
	write_file("/proc/self/uid_map", buf);
	write_file("/proc/self/setgroups", "deny");
	snprintf(buf, sizeof(buf), "0 %u 1", (unsigned int)gid);
	write_file("/proc/self/gid_map", buf);
}

static void print_state(const pid_t *children, long nchildren, const int *fds,
			unsigned long long (*info)[4], int nfds)
{
	printf("%d", (int)getpid());
	for (long i = 0; i < nchildren; i++)
		printf(" %d", (int)children[i]);
	putchar('\n');
	for (int i = 0; i < nfds; i++) {
		printf("fd=%d ino=%llu", fds[i], info[i][0]);
		if (info[i][1])
			printf(" user=%llu id=%llu userid=%llu", info[i][1],
			       info[i][2], info[i][3]);
		putchar('\n');
	}
	fflush(stdout);
}

int main(int argc, char **argv)
{
	unsigned long long info[MAX_FDS][4] = { 0 };
	int fds[MAX_FDS], nfds = 0, flags = 0, child_flags = 0, map_root = 0;
	int zombie = 0;
	int opt;
	pid_t children[MAX_CHILDREN];
	long nchildren = 0;
	uid_t uid = getuid(), gid = getgid();
	struct sigaction sa = { .sa_handler = on_term };
	char buf[64];

	while ((opt = getopt(argc, argv, "u:t:x:zrc:f:FSI:")) != -1) {
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
		case 'x':
			*(opt == 't' ? &flags : &child_flags) =
				parse_types(optarg);
			break;
		case 'z':
		case 'r':
			*(opt == 'z' ? &zombie : &map_root) = 1;
			break;
		case 'c':
			nchildren = atol(optarg);
			if (nchildren < 0 || nchildren > MAX_CHILDREN)
				exit(2);
			break;
		case 'f':
		case 'F':
		case 'S':
		case 'I':
			if (nfds == MAX_FDS)
				exit(2);
			fds[nfds] = take_fd(opt, optarg, info[nfds]);
			nfds++;
			break;
		default:
			exit(2);
		}
	}

	if (flags && unshare(flags) < 0)
		die("unshare");
	if ((flags & CLONE_NEWUSER) && map_root)
		map_root_ids(uid, gid);
	sigaction(SIGTERM, &sa, NULL);
	start_children(nchildren, child_flags, zombie, children);
	print_state(children, nchildren, fds, info, nfds);

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
