// SPDX-License-Identifier: MIT
/*
 * lsns-fixture - thousands of sleeping processes in fresh namespaces,
 * the workload of bench/lsns/run.
 *
 *   lsns-fixture [-n PROCS] [-g GROUPS]
 *
 * -n PROCS   processes in total, this one included (default 10000)
 * -g GROUPS  namespace groups (default PROCS / 64, at least 1)
 *
 * Shape: this process (the "top") unshares a PID namespace and forks
 * its init. The init forks GROUPS group leaders; each leader unshares
 * every namespace type the kernel has (8 fresh namespaces per group,
 * root mapped to root in the user namespace) and forks its share of the
 * sleepers. PID and time namespaces only apply to children, so the
 * leader sits in the fresh mnt/net/ipc/user/uts/cgroup namespaces and
 * its sleepers in all eight. Fresh namespaces: 1 + 8 * GROUPS.
 *
 * Processes are forks that pause(), no exec: cheapest possible, and the
 * cmdline (the fixture's own) is a realistic short one. Each holds
 * fds 0, 1 and 2 on /dev/null and nothing else, so an fd scan has the
 * usual three entries per process. comm names: lsnsfx-init,
 * lsnsfx-group, lsnsfx-sleep (the top keeps its own).
 *
 * Each process writes one byte to a pipe once it exists; when the top
 * has counted PROCS - 1 bytes it prints "ready PROCS NAMESPACES" and
 * waits for stdin EOF, SIGTERM, SIGINT or SIGHUP. Then it SIGKILLs the
 * init: the kernel kills everything in its PID namespace (the groups'
 * nested ones included) and the init's exit waits for all of them, so
 * once the top has reaped the init nothing is left. If the top dies
 * first, PR_SET_PDEATHSIG kills the init, with the same effect.
 * Nothing is mounted and no file is created.
 *
 * Exit status: 0 after a requested teardown, 1 on any failure (after
 * tearing down what exists), 2 on usage errors.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/signalfd.h>
#include <sys/wait.h>
#include <unistd.h>

#include "libns/nstype.h"

#define PROG "lsns-fixture"

/* One group (eight namespaces) per this many processes: N/8 namespaces. */
#define PROCS_PER_GROUP 64

/* The kernel does not hand out the lowest PIDs again after a wrap. */
#define PID_RESERVED 300

struct fixture {
	long procs;	   /* total, the top included */
	long groups;
	int clone_flags;   /* CLONE_NEW* every group unshares */
	int ntypes;	   /* namespace types per group */
	int ready_wr;	   /* readiness pipe: one byte per process */
};

static void usage(FILE *out)
{
	fprintf(out, "Usage: %s [-n PROCS] [-g GROUPS]\n", PROG);
	fprintf(out, "Spawn PROCS sleeping processes in 1 + 8 * GROUPS fresh namespaces.\n");
}

static long parse_long(const char *s, const char *what)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || end == s || *end || v <= 0) {
		fprintf(stderr, "%s: invalid %s: '%s'\n", PROG, what, s);
		exit(2);
	}
	return v;
}

/* A number from a /proc file: the first one, or the @field-th of a line. */
static int read_proc_long(const char *path, int field, long *ret)
{
	char buf[256], *p = buf, *end;
	ssize_t n;
	long v;
	int fd;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return -EIO;
	buf[n] = '\0';
	while (field-- > 0) {
		p = strpbrk(p, " \t/");
		if (!p)
			return -EIO;
		p++;
	}
	v = strtol(p, &end, 10);
	if (end == p)
		return -EIO;
	*ret = v;
	return 0;
}

static int check_limit(const char *path, long need, const char *hint)
{
	long limit;
	int r;

	r = read_proc_long(path, 0, &limit);
	if (r < 0) {
		fprintf(stderr, "%s: cannot read %s: %s\n", PROG, path,
			strerror(-r));
		return r;
	}
	if (need > limit) {
		fprintf(stderr, "%s: %ld %s needed but %s is %ld\n", PROG, need,
			hint, path, limit);
		return -EOVERFLOW;
	}
	return 0;
}

/*
 * Fail early and clearly rather than half way through 10k forks. PIDs
 * and threads-max count threads, whoever owns them; /proc/loadavg has
 * the current number of them ("running/total").
 */
static int check_limits(const struct fixture *fx)
{
	long threads = 0;
	char path[64];
	int r;

	r = read_proc_long("/proc/loadavg", 4, &threads);
	if (r < 0) {
		fprintf(stderr, "%s: cannot read /proc/loadavg: %s\n", PROG,
			strerror(-r));
		return r;
	}
	r = check_limit("/proc/sys/kernel/pid_max",
			threads + fx->procs + PID_RESERVED, "PIDs");
	if (r < 0)
		return r;
	r = check_limit("/proc/sys/kernel/threads-max", threads + fx->procs,
			"threads");
	if (r < 0)
		return r;
	for (int t = 0; t < NS_TYPE_COUNT; t++) {
		const struct ns_type_info *ti = ns_type_info(t);
		long need = fx->groups + (t == NS_TYPE_PID);

		if (!(fx->clone_flags & ti->clone_flag))
			continue;
		snprintf(path, sizeof(path), "/proc/sys/user/max_%s_namespaces",
			 ti->name);
		r = check_limit(path, need, "namespaces");
		if (r < 0)
			return r;
	}
	return 0;
}

/* Every type the kernel has; one more thing to check before forking. */
static int available_types(int *ret_flags, int *ret_ntypes)
{
	unsigned int mask;
	int procfd, r, flags = 0, n = 0;

	procfd = open("/proc", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (procfd < 0)
		return -errno;
	r = ns_types_available(procfd, &mask);
	close(procfd);
	if (r < 0)
		return r;
	for (int t = 0; t < NS_TYPE_COUNT; t++) {
		if (mask & NS_TYPE_MASK(t)) {
			flags |= ns_type_info(t)->clone_flag;
			n++;
		}
	}
	*ret_flags = flags;
	*ret_ntypes = n;
	return 0;
}

/* Report (from any process of the tree) and die; the top notices. */
static void __attribute__((noreturn)) child_fail(const char *what, long idx)
{
	int e = errno;

	if (idx >= 0)
		fprintf(stderr, "%s: group %ld: %s: %s\n", PROG, idx, what,
			strerror(e));
	else
		fprintf(stderr, "%s: init: %s: %s\n", PROG, what, strerror(e));
	_exit(1);
}

/* Our byte on the readiness pipe, then stderr goes to /dev/null too. */
static void announce(struct fixture *fx)
{
	char c = 'r';

	if (write(fx->ready_wr, &c, 1) != 1)
		_exit(1);
	close(fx->ready_wr);
	fx->ready_wr = -1;
	dup2(STDIN_FILENO, STDERR_FILENO);
}

static void __attribute__((noreturn)) sleep_forever(void)
{
	for (;;)
		pause();
}

static void __attribute__((noreturn)) run_sleeper(struct fixture *fx)
{
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	prctl(PR_SET_NAME, "lsnsfx-sleep");
	announce(fx);
	sleep_forever();
}

static void write_self(const char *path, const char *data, long idx)
{
	ssize_t len = (ssize_t)strlen(data);
	int fd;

	fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0 || write(fd, data, len) != len)
		child_fail(path, idx);
	close(fd);
}

/*
 * Root in the new user namespace, as unshare --map-root-user does it:
 * from inside, a process may map its own uid and gid (one each) once
 * setgroups(2) is denied. A full map would need a helper outside.
 */
static void map_root(long idx)
{
	write_self("/proc/self/setgroups", "deny", idx);
	write_self("/proc/self/uid_map", "0 0 1", idx);
	write_self("/proc/self/gid_map", "0 0 1", idx);
}

static void __attribute__((noreturn))
run_group(struct fixture *fx, long idx, long sleepers)
{
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	prctl(PR_SET_NAME, "lsnsfx-group");
	if (unshare(fx->clone_flags) < 0)
		child_fail("unshare", idx);
	if (fx->clone_flags & CLONE_NEWUSER)
		map_root(idx);

	/* The first child becomes PID 1 of the group's PID namespace. */
	for (long i = 0; i < sleepers; i++) {
		pid_t pid = fork();

		if (pid < 0)
			child_fail("fork sleeper", idx);
		if (pid == 0)
			run_sleeper(fx);
	}
	announce(fx);
	sleep_forever();
}

/* Whatever the caller of the fixture left open is not for the tree. */
static void close_fds_except(unsigned int keep)
{
	if (keep > 3)
		close_range(3, keep - 1, 0);
	close_range(keep + 1, ~0U, 0);
}

/*
 * PID 1 of the fixture's PID namespace. It never reaps: nothing below
 * it exits before the teardown, which kills it first.
 */
static void __attribute__((noreturn)) run_init(struct fixture *fx, int life_rd)
{
	struct pollfd pfd = { .fd = life_rd, .events = POLLIN };
	long sleepers = fx->procs - 2 - fx->groups;
	int null_fd;

	/*
	 * Our parent is outside our PID namespace (getppid() is 0), so
	 * check its liveness on a pipe only it holds open for writing:
	 * after PR_SET_PDEATHSIG, either we see it alive or we get killed.
	 */
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	if (poll(&pfd, 1, 0) != 0)
		_exit(1);
	close(life_rd);
	close_fds_except(fx->ready_wr);
	prctl(PR_SET_NAME, "lsnsfx-init");

	null_fd = open("/dev/null", O_RDWR | O_CLOEXEC);
	if (null_fd < 0 || dup2(null_fd, STDIN_FILENO) < 0 ||
	    dup2(null_fd, STDOUT_FILENO) < 0)
		child_fail("open /dev/null", -1);
	close(null_fd);

	for (long g = 0; g < fx->groups; g++) {
		long n = sleepers / fx->groups + (g < sleepers % fx->groups);
		pid_t pid = fork();

		if (pid < 0)
			child_fail("fork group leader", g);
		if (pid == 0)
			run_group(fx, g, n);
	}
	announce(fx);
	sleep_forever();
}

enum wait_result {
	WAIT_READY,	/* every process has reported */
	WAIT_STOP,	/* stdin EOF or a termination signal */
	WAIT_FAILED,	/* the init died or the tree came up short */
};

/*
 * Count readiness bytes (when @ready_rd >= 0) while watching stdin and
 * the signalfd. Stdin EOF or a signal ends the wait in any phase.
 */
static enum wait_result wait_events(int ready_rd, int sig_fd, long expect,
				    long *count)
{
	struct pollfd pfd[3] = {
		{ .fd = sig_fd, .events = POLLIN },
		{ .fd = STDIN_FILENO, .events = POLLIN },
		{ .fd = ready_rd, .events = POLLIN },
	};
	char buf[4096];

	for (;;) {
		ssize_t n;

		if (poll(pfd, ready_rd >= 0 ? 3 : 2, -1) < 0) {
			if (errno == EINTR)
				continue;
			return WAIT_FAILED;
		}
		if (pfd[0].revents) {
			struct signalfd_siginfo si;

			if (read(sig_fd, &si, sizeof(si)) != sizeof(si))
				return WAIT_FAILED;
			if (si.ssi_signo == SIGCHLD) {
				fprintf(stderr, "%s: init exited early\n",
					PROG);
				return WAIT_FAILED;
			}
			return WAIT_STOP;
		}
		if (pfd[1].revents) {
			n = read(STDIN_FILENO, buf, sizeof(buf));
			if (n <= 0)
				return WAIT_STOP;
		}
		if (ready_rd >= 0 && pfd[2].revents) {
			n = read(ready_rd, buf, sizeof(buf));
			if (n < 0 && errno != EINTR)
				return WAIT_FAILED;
			if (n == 0) {
				fprintf(stderr, "%s: only %ld of %ld processes came up\n",
					PROG, *count + 1, expect + 1);
				return WAIT_FAILED;
			}
			if (n > 0)
				*count += n;
			if (*count >= expect)
				return WAIT_READY;
		}
	}
}

static void parse_args(int argc, char **argv, struct fixture *fx)
{
	int c;

	fx->procs = 10000;
	fx->groups = 0;
	while ((c = getopt(argc, argv, "n:g:h")) != -1) {
		switch (c) {
		case 'n':
			fx->procs = parse_long(optarg, "process count");
			break;
		case 'g':
			fx->groups = parse_long(optarg, "group count");
			break;
		case 'h':
			usage(stdout);
			exit(0);
		default:
			usage(stderr);
			exit(2);
		}
	}
	if (optind < argc) {
		usage(stderr);
		exit(2);
	}
	if (!fx->groups)
		fx->groups = fx->procs / PROCS_PER_GROUP ?
				     fx->procs / PROCS_PER_GROUP : 1;
	/* top + init + leaders, and at least one sleeper per group */
	if (fx->procs < 2 + 2 * fx->groups) {
		fprintf(stderr, "%s: %ld processes are too few for %ld groups\n",
			PROG, fx->procs, fx->groups);
		exit(2);
	}
}

int main(int argc, char **argv)
{
	struct fixture fx = { .ready_wr = -1 };
	int ready[2] = { -1, -1 }, life[2] = { -1, -1 };
	int sig_fd = -1, status, r, ret = 1;
	enum wait_result res;
	long count = 0;
	sigset_t mask;
	pid_t init;

	parse_args(argc, argv, &fx);
	/* Keep our pipes off 0, 1 and 2, which the init points elsewhere. */
	for (int fd = 0; fd < 3; fd++) {
		if (fcntl(fd, F_GETFD) < 0 &&
		    open("/dev/null", O_RDWR) != fd) {
			fprintf(stderr, "%s: cannot open /dev/null\n", PROG);
			return 1;
		}
	}
	if (geteuid() != 0) {
		fprintf(stderr, "%s: must run as root\n", PROG);
		return 1;
	}
	r = available_types(&fx.clone_flags, &fx.ntypes);
	if (r < 0) {
		fprintf(stderr, "%s: cannot list namespace types: %s\n", PROG,
			strerror(-r));
		return 1;
	}
	if (!(fx.clone_flags & CLONE_NEWPID)) {
		fprintf(stderr, "%s: the kernel has no PID namespaces\n", PROG);
		return 1;
	}
	if (check_limits(&fx) < 0)
		return 1;

	/* Signals become events on the signalfd, also in the children
	 * until they are gone (a blocked signal cannot kill them early). */
	sigemptyset(&mask);
	sigaddset(&mask, SIGTERM);
	sigaddset(&mask, SIGINT);
	sigaddset(&mask, SIGHUP);
	sigaddset(&mask, SIGCHLD);
	sigaddset(&mask, SIGPIPE);
	if (sigprocmask(SIG_BLOCK, &mask, NULL) < 0)
		goto fail_errno;
	sig_fd = signalfd(-1, &mask, SFD_CLOEXEC);
	if (sig_fd < 0 || pipe2(ready, O_CLOEXEC) < 0 ||
	    pipe2(life, O_CLOEXEC) < 0)
		goto fail_errno;

	if (unshare(CLONE_NEWPID) < 0)
		goto fail_errno;
	init = fork();
	if (init < 0)
		goto fail_errno;
	if (init == 0) {
		/* Forked children do not exec: drop what is not theirs. */
		close(sig_fd);
		close(ready[0]);
		close(life[1]);
		fx.ready_wr = ready[1];
		run_init(&fx, life[0]);
	}
	close(ready[1]);
	close(life[0]);

	res = wait_events(ready[0], sig_fd, fx.procs - 1, &count);
	close(ready[0]);
	if (res == WAIT_READY) {
		printf("ready %ld %ld\n", fx.procs,
		       1 + fx.groups * (long)fx.ntypes);
		fflush(stdout);
		res = wait_events(-1, sig_fd, 0, &count);
	} else if (res == WAIT_STOP) {
		fprintf(stderr, "%s: stopped before all processes were up\n",
			PROG);
		res = WAIT_FAILED;
	}
	ret = res == WAIT_STOP ? 0 : 1;

	/* The init's exit waits until its whole PID namespace is gone. */
	kill(init, SIGKILL);
	while (waitpid(init, &status, 0) < 0 && errno == EINTR)
		;
	close(life[1]);
	close(sig_fd);
	return ret;

fail_errno:
	fprintf(stderr, "%s: setup: %s\n", PROG, strerror(errno));
	return 1;
}
