// SPDX-License-Identifier: MIT
/*
 * storm - test fixture: a fork/exit storm with namespace churn.
 *
 *   storm [-s SECONDS] [-w WORKERS] [-c INFLIGHT] [-r]
 *   storm -e PID COMMAND [ARG]...
 *
 * -s SECONDS   stop after this long (default 10)
 * -w WORKERS   worker processes (default 2)
 * -c INFLIGHT  children each worker keeps alive at once (default 8)
 * -r           PID reuse: run in a new pid namespace with its own /proc
 *              and keep PIDs recycling within a few ms (ns_last_pid)
 * -e PID       run COMMAND in the pid and mount namespaces of PID (the
 *              -r storm's init), exit with its status or signal
 *
 * Each worker keeps forking short-lived children. A child does one of:
 * exit at once; exec a tiny program; unshare(2) some of uts, ipc, mnt,
 * cgroup, net; setns(2) into a namespace of a recent sibling; unshare a
 * user and pid (and time) namespace and fork the pid namespace's init;
 * fork grandchildren that pick an action of their own.
 *
 * Every child that is still alive after that becomes a *member*: it
 * re-executes this program as
 *
 *   storm-member PID=<pid> PPID=<ppid> <what it did>
 *
 * with its PID and PPID as seen through /proc (so right even inside a
 * new pid namespace), sleeps a few ms (some up to 300 ms), maybe
 * unshares again, reaps its children and exits. A PID does not change
 * across exec, and nobody exits before its children, so a PPID never
 * changes while a member lives: a listing whose PID or PPID disagrees
 * with the command line mixed up two processes. No process ever
 * carries a member command line that is not its own (members do not
 * fork).
 *
 * PIDs are handed out cyclically, so on the host a PID comes back only
 * after pid_max others: never while one lsns runs. With -r the storm
 * gets a pid namespace of its own, whose PID counter its workers may
 * wind back; lsns must then run inside (-e) to see those PIDs.
 *
 * The leader is a child subreaper. It prints "ready" (with -r: "ready
 * PID", PID being the namespace's init) once the workers run; after
 * SECONDS, on SIGTERM/SIGINT or at EOF on stdin it kills and reaps
 * every descendant and exits 0. Descendants die with their parent
 * (PR_SET_PDEATHSIG), so nothing outlives the storm.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/signalfd.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#ifndef CLONE_NEWTIME
#define CLONE_NEWTIME 0x00000080
#endif

#define MEMBER_NAME  "storm-member"
#define MAX_WORKERS  64
#define MAX_INFLIGHT 256
#define RECENT	     16
#define MAX_DEPTH    2
#define TINY_PROGRAM "/bin/true"

/* What a storm process knows; copied into each child by fork. */
struct ctx {
	uint64_t rng;
	pid_t recent[RECENT]; /* recent children of the worker */
	unsigned int nrecent;
	bool have_timens;
	int last_pid_fd; /* -r: our pid namespace's ns_last_pid */
};

/*
 * The leader, or with -r the init of the storm's pid namespace: both
 * keep the workers going. The leader's only worker is then that init.
 */
struct leader {
	pid_t workers[MAX_WORKERS];
	unsigned int nworkers;
	unsigned int inflight;
	bool reuse;
	bool lost; /* a worker could not be replaced */
	sigset_t oldmask;
	int sfd;
	struct ctx ctx;
};

static void die(const char *what)
{
	fprintf(stderr, "storm: %s: %s\n", what, strerror(errno));
	exit(1);
}

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/* A fresh stream per process: forked copies must not repeat choices. */
static void reseed(struct ctx *c)
{
	c->rng ^= now_ns() ^ ((uint64_t)getpid() << 32);
	c->rng |= 1;
}

static unsigned int rnd(struct ctx *c, unsigned int n)
{
	/* xorshift64* */
	c->rng ^= c->rng >> 12;
	c->rng ^= c->rng << 25;
	c->rng ^= c->rng >> 27;
	return (unsigned int)((c->rng * 2685821657736338717ull) >> 33) % n;
}

static void sleep_ms(unsigned int ms)
{
	struct timespec ts = {
		.tv_sec = ms / 1000,
		.tv_nsec = (long)(ms % 1000) * 1000000,
	};

	while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
		;
}

/* Wait for every child: nobody here exits before its children. */
static void reap_children(void)
{
	while (waitpid(-1, NULL, 0) > 0 || errno == EINTR)
		;
}

/*
 * fork(2) a child that dies with us. A child of a process that just
 * unshared its pid namespace sees its parent as 0, whoever that is.
 */
static pid_t fork_child(bool new_pidns)
{
	pid_t parent = new_pidns ? 0 : getpid();
	pid_t pid = fork();

	if (pid == 0) {
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		/* the parent died before the line above: too late */
		if (getppid() != parent)
			_exit(0);
	}
	return pid;
}

/*
 * Our PID and PPID as /proc (the one lsns reads) shows them, which in
 * a new pid namespace is not what getpid() and getppid() say.
 */
static int proc_ids(pid_t *ret_pid, pid_t *ret_ppid)
{
	char buf[512], *p;
	ssize_t n;
	int fd, pid, ppid;

	n = readlink("/proc/self", buf, sizeof(buf) - 1);
	if (n <= 0)
		return -1;
	buf[n] = '\0';
	pid = atoi(buf);

	fd = open("/proc/self/stat", O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return -1;
	buf[n] = '\0';
	p = strrchr(buf, ')');
	if (!p || sscanf(p + 1, " %*c %d", &ppid) != 1 || pid <= 0)
		return -1;
	*ret_pid = pid;
	*ret_ppid = ppid;
	return 0;
}

/*
 * Re-execute ourselves with a command line that says who we are. We
 * may have forked already: if that fails, our children must still not
 * become orphans.
 */
static void __attribute__((noreturn)) become_member(const char *kind)
{
	char pidarg[32], ppidarg[32], kindarg[64];
	char *argv[] = { (char *)MEMBER_NAME, pidarg, ppidarg, kindarg, NULL };
	pid_t pid, ppid;

	if (proc_ids(&pid, &ppid) < 0) {
		reap_children();
		_exit(0);
	}
	snprintf(pidarg, sizeof(pidarg), "PID=%d", (int)pid);
	snprintf(ppidarg, sizeof(ppidarg), "PPID=%d", (int)ppid);
	snprintf(kindarg, sizeof(kindarg), "%s", kind);
	execv("/proc/self/exe", argv);
	reap_children();
	_exit(127);
}

/*
 * A member lives a few ms (one in ten up to 300 ms, so that some are
 * still there when looked up by PID or namespace), sometimes changing
 * namespaces meanwhile.
 */
static void __attribute__((noreturn)) member_main(void)
{
	struct ctx c = { .rng = 0 };

	reseed(&c);
	sleep_ms(rnd(&c, rnd(&c, 10) ? 20 : 300));
	/* fails without privilege (unmapped user namespace): fine */
	if (rnd(&c, 4) == 0)
		(void)unshare(CLONE_NEWUTS | (rnd(&c, 2) ? CLONE_NEWIPC : 0));
	sleep_ms(rnd(&c, 20));
	reap_children();
	/* _exit: no atexit work (e.g. a sanitizer's) in the storm */
	_exit(0);
}

static void __attribute__((noreturn)) exec_tiny(void)
{
	execl(TINY_PROGRAM, TINY_PROGRAM, (char *)NULL);
	_exit(0);
}

static void append_kind(char *kind, size_t size, const char *name)
{
	size_t len = strlen(kind);

	snprintf(kind + len, size - len, "%s%s", len ? "+" : "", name);
}

/* unshare(2) a few of the cheap types; net rarely, it is slow to free. */
static void unshare_some(struct ctx *c, char *kind, size_t size)
{
	static const struct {
		int flag;
		const char *name;
		unsigned int odds;
	} types[] = {
		{ CLONE_NEWUTS, "uts", 2 },
		{ CLONE_NEWIPC, "ipc", 2 },
		{ CLONE_NEWNS, "mnt", 3 },
		{ CLONE_NEWCGROUP, "cgroup", 4 },
		{ CLONE_NEWNET, "net", 12 },
	};
	int flags = 0;

	kind[0] = '\0';
	for (size_t i = 0; i < sizeof(types) / sizeof(types[0]); i++) {
		if (rnd(c, types[i].odds) == 0) {
			flags |= types[i].flag;
			append_kind(kind, size, types[i].name);
		}
	}
	if (!flags) {
		flags = CLONE_NEWUTS;
		append_kind(kind, size, "uts");
	}
	if (unshare(flags) < 0)
		snprintf(kind, size, "unshare-failed");
}

/* Does @pid (still) run a storm member? Then its namespaces are ours. */
static bool is_member(pid_t pid)
{
	char path[64], buf[sizeof(MEMBER_NAME)];
	ssize_t n;
	int fd;

	snprintf(path, sizeof(path), "/proc/%d/cmdline", (int)pid);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return false;
	n = read(fd, buf, sizeof(buf));
	close(fd);
	return n == (ssize_t)sizeof(buf) && memcmp(buf, MEMBER_NAME, n) == 0;
}

/* setns(2) into a namespace of a recent sibling, if one is around. */
static void join_sibling(struct ctx *c, char *kind, size_t size)
{
	static const char *const types[] = { "uts", "ipc", "net", "cgroup" };
	const char *type = types[rnd(c, 4)];
	char path[64];
	pid_t pid;
	int fd;

	snprintf(kind, size, "setns-none");
	if (!c->nrecent)
		return;
	pid = c->recent[rnd(c, c->nrecent)];
	if (!is_member(pid))
		return;
	snprintf(path, sizeof(path), "/proc/%d/ns/%s", (int)pid, type);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return;
	if (setns(fd, 0) == 0)
		snprintf(kind, size, "setns-%s", type);
	close(fd);
}

static void write_file(const char *path, const char *data)
{
	int fd = open(path, O_WRONLY | O_CLOEXEC);

	if (fd < 0)
		return;
	if (write(fd, data, strlen(data)) < 0) {
		/* unmapped then: a member without privilege, also fine */
	}
	close(fd);
}

static void __attribute__((noreturn)) run_child(struct ctx *c,
						unsigned int depth);

static void remember(struct ctx *c, pid_t pid)
{
	c->recent[c->nrecent % RECENT] = pid;
	if (c->nrecent < RECENT)
		c->nrecent++;
	else
		c->nrecent = RECENT;
}

/* Fork 1-3 children that each pick an action of their own. */
static void fork_some(struct ctx *c, unsigned int depth)
{
	unsigned int n = 1 + rnd(c, 3);

	for (unsigned int i = 0; i < n; i++) {
		pid_t pid = fork_child(false);

		if (pid == 0) {
			reseed(c);
			run_child(c, depth + 1);
		}
		if (pid > 0)
			remember(c, pid);
	}
}

/*
 * A user and a pid namespace (and a time namespace, if the kernel has
 * them). The pid and time namespaces only get a member with our first
 * child, the pid namespace's init, which also becomes a member.
 */
static void user_pid(struct ctx *c, unsigned int depth, char *kind,
		     size_t size)
{
	int flags = CLONE_NEWUSER | CLONE_NEWPID;
	pid_t pid;

	if (c->have_timens && rnd(c, 2))
		flags |= CLONE_NEWTIME;
	if (unshare(flags) < 0) {
		snprintf(kind, size, "unshare-failed");
		return;
	}
	/* Half of them map root, so their members keep privilege. */
	if (rnd(c, 2)) {
		write_file("/proc/self/uid_map", "0 0 1");
		write_file("/proc/self/setgroups", "deny");
		write_file("/proc/self/gid_map", "0 0 1");
	}
	snprintf(kind, size, "user+pid%s",
		 flags & CLONE_NEWTIME ? "+time" : "");
	pid = fork_child(true);
	if (pid == 0) {
		reseed(c);
		if (depth < MAX_DEPTH && rnd(c, 2))
			fork_some(c, depth + 1);
		become_member("pid-init");
	}
}

static void __attribute__((noreturn)) run_child(struct ctx *c,
						unsigned int depth)
{
	unsigned int r = rnd(c, 100);
	char kind[64] = "plain";

	if (r < 15)
		_exit(0);
	if (r < 20)
		exec_tiny();
	if (r < 50) {
		unshare_some(c, kind, sizeof(kind));
	} else if (r < 65) {
		join_sibling(c, kind, sizeof(kind));
	} else if (r < 80) {
		if (depth < MAX_DEPTH)
			user_pid(c, depth, kind, sizeof(kind));
	} else if (depth < MAX_DEPTH) {
		/* the children share whatever we unshare first */
		if (rnd(c, 2))
			unshare_some(c, kind, sizeof(kind));
		else
			kind[0] = '\0';
		append_kind(kind, sizeof(kind), "fork");
		fork_some(c, depth);
	}
	become_member(kind);
}

/*
 * The next fork gets the lowest free PID above a small random one, so
 * the PIDs of the members that just exited come back at once.
 */
static void wind_back_pids(struct ctx *c)
{
	char buf[16];
	int n;

	n = snprintf(buf, sizeof(buf), "%u", 10 + rnd(c, 50));
	if (pwrite(c->last_pid_fd, buf, (size_t)n, 0) < 0) {
		/* not allowed here after all: PIDs just do not recycle */
	}
}

static void __attribute__((noreturn)) worker_main(struct ctx *c,
						  unsigned int max_inflight)
{
	unsigned int inflight = 0;

	for (;;) {
		int flags = inflight >= max_inflight ? 0 : WNOHANG;
		pid_t pid;

		while (inflight > 0) {
			pid = waitpid(-1, NULL, flags);
			if (pid < 0 && errno == EINTR)
				continue;
			if (pid < 0)
				inflight = 0; /* ECHILD: none left */
			if (pid <= 0)
				break;
			inflight--;
			flags = WNOHANG;
		}
		if (c->last_pid_fd >= 0)
			wind_back_pids(c);
		pid = fork_child(false);
		if (pid < 0) {
			sleep_ms(1); /* EAGAIN: out of processes for now */
			continue;
		}
		if (pid == 0) {
			reseed(c);
			run_child(c, 0);
		}
		remember(c, pid);
		inflight++;
	}
}

static pid_t start_worker(struct leader *l)
{
	pid_t pid = fork_child(false);
	int fd;

	if (pid != 0)
		return pid;
	sigprocmask(SIG_SETMASK, &l->oldmask, NULL);
	if (l->sfd >= 0)
		close(l->sfd);
	/* keep the test's pipes free of storm processes */
	fd = open("/dev/null", O_RDWR | O_CLOEXEC);
	if (fd >= 0) {
		dup2(fd, STDIN_FILENO);
		dup2(fd, STDOUT_FILENO);
		close(fd);
	}
	reseed(&l->ctx);
	worker_main(&l->ctx, l->inflight);
}

/* A worker exited: replace it. Returns false if @pid was none. */
static bool replace_worker(struct leader *l, pid_t pid)
{
	for (unsigned int i = 0; i < l->nworkers; i++) {
		if (l->workers[i] != pid)
			continue;
		/* the init of a pid namespace cannot come back */
		l->workers[i] = l->reuse ? -1 : start_worker(l);
		if (l->workers[i] < 0)
			l->lost = true;
		return true;
	}
	return false;
}

/* Reap what has exited; a worker that died is replaced. */
static void reap_some(struct leader *l)
{
	pid_t pid;

	while ((pid = waitpid(-1, NULL, WNOHANG)) > 0)
		replace_worker(l, pid);
}

/*
 * -r: the init of the storm's pid namespace. It mounts a /proc of its
 * namespace (in a mount namespace of its own, so nothing propagates
 * back), starts the workers, tells the leader through @ready and then
 * reaps every orphan of the namespace until it is killed.
 */
static void __attribute__((noreturn)) init_main(struct leader *l, int ready)
{
	sigprocmask(SIG_SETMASK, &l->oldmask, NULL);
	close(l->sfd);
	l->sfd = -1;
	l->reuse = false; /* our workers can be replaced */
	if (unshare(CLONE_NEWNS) < 0)
		die("unshare(CLONE_NEWNS)");
	if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) < 0)
		die("make / private");
	if (mount("proc", "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC,
		  NULL) < 0)
		die("mount /proc");
	l->ctx.last_pid_fd = open("/proc/sys/kernel/ns_last_pid",
				  O_WRONLY | O_CLOEXEC);
	if (l->ctx.last_pid_fd < 0)
		die("open ns_last_pid");
	for (unsigned int i = 0; i < l->nworkers; i++) {
		l->workers[i] = start_worker(l);
		if (l->workers[i] < 0)
			die("fork worker");
	}
	if (write(ready, "x", 1) != 1)
		die("report ready");
	close(ready);
	for (;;) {
		pid_t pid = waitpid(-1, NULL, 0);

		if (pid > 0 && replace_worker(l, pid) && l->lost)
			die("fork worker");
		if (pid < 0 && errno != EINTR)
			sleep_ms(10);
	}
}

/* -r: start the pid namespace; its init becomes our only worker. */
static pid_t start_pidns(struct leader *l)
{
	int ready[2], self;
	pid_t pid;
	char c;

	self = open("/proc/self/ns/pid", O_RDONLY | O_CLOEXEC);
	if (self < 0)
		die("open /proc/self/ns/pid");
	if (unshare(CLONE_NEWPID) < 0)
		die("unshare(CLONE_NEWPID)");
	if (pipe2(ready, O_CLOEXEC) < 0)
		die("pipe");
	pid = fork_child(true);
	if (pid < 0)
		die("fork init");
	if (pid == 0) {
		close(self);
		close(ready[0]);
		init_main(l, ready[1]);
	}
	/*
	 * Later children of ours (a sanitizer's leak checker stops the
	 * world with one) belong in our own pid namespace again.
	 */
	if (setns(self, CLONE_NEWPID) < 0)
		die("setns back to our pid namespace");
	close(self);
	close(ready[1]);
	if (read(ready[0], &c, 1) != 1) {
		errno = ECHILD;
		die("init of the pid namespace failed");
	}
	close(ready[0]);
	l->workers[0] = pid;
	return pid;
}

/*
 * SIGKILL every child of ours. Orphans come back to us (subreaper), so
 * this also finds descendants whose parent died. A child we have not
 * reaped cannot have its PID reused, so the kill hits the right one.
 */
static void kill_children(void)
{
	pid_t me = getpid();
	struct dirent *de;
	DIR *dir;

	dir = opendir("/proc");
	if (!dir)
		return;
	while ((de = readdir(dir))) {
		char path[64], buf[512], *p;
		int fd, pid, ppid;
		ssize_t n;

		pid = atoi(de->d_name);
		if (pid <= 0)
			continue;
		snprintf(path, sizeof(path), "/proc/%d/stat", pid);
		fd = open(path, O_RDONLY | O_CLOEXEC);
		if (fd < 0)
			continue;
		n = read(fd, buf, sizeof(buf) - 1);
		close(fd);
		if (n <= 0)
			continue;
		buf[n] = '\0';
		p = strrchr(buf, ')');
		if (p && sscanf(p + 1, " %*c %d", &ppid) == 1 && ppid == me)
			kill((pid_t)pid, SIGKILL);
	}
	closedir(dir);
}

/* Killing the init of a pid namespace kills all of it, too. */
static void shutdown_storm(struct leader *l)
{
	for (unsigned int i = 0; i < l->nworkers; i++) {
		if (l->workers[i] > 0)
			kill(l->workers[i], SIGKILL);
	}
	for (;;) {
		pid_t pid;

		while ((pid = waitpid(-1, NULL, WNOHANG)) > 0)
			;
		if (pid < 0 && errno == ECHILD)
			break;
		kill_children();
		sleep_ms(2);
	}
}

/* Until the time is up, a signal to stop arrives or stdin is closed. */
static void run_leader(struct leader *l, unsigned int seconds)
{
	uint64_t deadline = now_ns() + (uint64_t)seconds * 1000000000u;
	struct pollfd pfd[2] = {
		{ .fd = l->sfd, .events = POLLIN },
		{ .fd = STDIN_FILENO, .events = POLLIN },
	};

	while (!l->lost) {
		uint64_t now = now_ns();
		struct signalfd_siginfo si;
		char buf[256];
		int n;

		if (now >= deadline)
			return;
		n = poll(pfd, 2, (int)((deadline - now) / 1000000u) + 1);
		if (n < 0 && errno != EINTR)
			die("poll");
		if (n <= 0)
			continue;
		if (pfd[0].revents & POLLIN) {
			if (read(l->sfd, &si, sizeof(si)) != sizeof(si))
				die("read signalfd");
			if (si.ssi_signo != SIGCHLD)
				return;
			reap_some(l);
		}
		if (pfd[1].revents & POLLNVAL) {
			pfd[1].fd = -1; /* no stdin: only time or signals */
		} else if (pfd[1].revents & (POLLIN | POLLHUP | POLLERR)) {
			if (read(STDIN_FILENO, buf, sizeof(buf)) <= 0)
				return;
		}
	}
}

/*
 * -e: run @argv where lsns sees the -r storm's PIDs: in the pid
 * namespace of @pid (setns(2) moves only our children there, hence the
 * fork) and in its mount namespace, where /proc is that namespace's.
 */
static void __attribute__((noreturn)) enter_main(pid_t pid, char **argv)
{
	static const struct {
		const char *name;
		int type;
	} nss[] = { { "mnt", CLONE_NEWNS }, { "pid", CLONE_NEWPID } };
	int fds[sizeof(nss) / sizeof(nss[0])];
	char path[64];
	pid_t child;
	int status;

	/* all opened first: the new mount namespace has another /proc */
	for (size_t i = 0; i < sizeof(nss) / sizeof(nss[0]); i++) {
		snprintf(path, sizeof(path), "/proc/%d/ns/%s", (int)pid,
			 nss[i].name);
		fds[i] = open(path, O_RDONLY | O_CLOEXEC);
		if (fds[i] < 0)
			die(path);
	}
	for (size_t i = 0; i < sizeof(nss) / sizeof(nss[0]); i++) {
		if (setns(fds[i], nss[i].type) < 0)
			die("setns");
		close(fds[i]);
	}
	child = fork();
	if (child < 0)
		die("fork");
	if (child == 0) {
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		execvp(argv[0], argv);
		fprintf(stderr, "storm: %s: %s\n", argv[0], strerror(errno));
		_exit(127);
	}
	while (waitpid(child, &status, 0) < 0) {
		if (errno != EINTR)
			die("waitpid");
	}
	/*
	 * _exit: no atexit work. LeakSanitizer's would hang: the helper
	 * it clones to stop the world lands in the other pid namespace.
	 */
	if (WIFEXITED(status))
		_exit(WEXITSTATUS(status));
	/* die the same way, so the caller sees the signal (no core) */
	prctl(PR_SET_DUMPABLE, 0);
	signal(WTERMSIG(status), SIG_DFL);
	raise(WTERMSIG(status));
	_exit(128 + WTERMSIG(status));
}

static int usage(void)
{
	fprintf(stderr, "usage: storm [-s SECONDS] [-w WORKERS] [-c INFLIGHT] [-r]\n"
			"       storm -e PID COMMAND [ARG]...\n");
	return 2;
}

int main(int argc, char **argv)
{
	struct leader l = { .inflight = 8, .nworkers = 2, .sfd = -1 };
	unsigned int seconds = 10;
	pid_t enter = 0;
	sigset_t mask;
	int opt;

	if (argc > 0 && strcmp(argv[0], MEMBER_NAME) == 0)
		member_main();

	/* '+': the command of -e has options of its own */
	while ((opt = getopt(argc, argv, "+s:w:c:re:")) != -1) {
		switch (opt) {
		case 's':
			seconds = (unsigned int)atoi(optarg);
			break;
		case 'w':
			l.nworkers = (unsigned int)atoi(optarg);
			break;
		case 'c':
			l.inflight = (unsigned int)atoi(optarg);
			break;
		case 'r':
			l.reuse = true;
			break;
		case 'e':
			enter = (pid_t)atoi(optarg);
			break;
		default:
			return usage();
		}
	}
	if (enter > 0 && optind < argc)
		enter_main(enter, argv + optind);
	if (enter || optind != argc || !l.nworkers ||
	    l.nworkers > MAX_WORKERS || !l.inflight ||
	    l.inflight > MAX_INFLIGHT)
		return usage();

	/* Stop if whoever started us goes away. */
	prctl(PR_SET_PDEATHSIG, SIGTERM);
	if (prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) < 0)
		die("prctl(PR_SET_CHILD_SUBREAPER)");
	sigemptyset(&mask);
	sigaddset(&mask, SIGCHLD);
	sigaddset(&mask, SIGTERM);
	sigaddset(&mask, SIGINT);
	sigaddset(&mask, SIGHUP);
	if (sigprocmask(SIG_BLOCK, &mask, &l.oldmask) < 0)
		die("sigprocmask");
	l.sfd = signalfd(-1, &mask, SFD_CLOEXEC);
	if (l.sfd < 0)
		die("signalfd");

	l.ctx.have_timens = access("/proc/self/ns/time", F_OK) == 0;
	l.ctx.last_pid_fd = -1;
	reseed(&l.ctx);
	if (l.reuse) {
		printf("ready %d\n", (int)start_pidns(&l));
		/* from here on the leader knows of one worker: the init */
		l.nworkers = 1;
	} else {
		for (unsigned int i = 0; i < l.nworkers; i++) {
			l.workers[i] = start_worker(&l);
			if (l.workers[i] < 0)
				die("fork worker");
		}
		printf("ready\n");
	}
	fflush(stdout);

	run_leader(&l, seconds);
	shutdown_storm(&l);
	close(l.sfd);
	if (l.lost) {
		fprintf(stderr, "storm: a worker died and could not be replaced\n");
		return 1;
	}
	return 0;
}
