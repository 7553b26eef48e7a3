// SPDX-License-Identifier: MIT
/*
 * netns exec: run a command in a named network namespace, with a
 * mount namespace of its own in which /sys and /etc match it.
 *
 * Without -a the command replaces netns (no fork): its exit status
 * and signals are the caller's to see. -a forks once per namespace
 * (no helper is exec'd), in name order; --parallel N runs up to N at
 * once, each one's output caught in memory files and written out in
 * name order, so every namespace's output stays together.
 *
 * The enter itself (setns, a mount namespace, /sys, /etc) is libns's
 * ns_netns_enter(); here it is parsed, run and reported.
 *
 * Under -a the children do not copy the mount namespace of the caller:
 * that holds one bind mount per name under the run dir, and each
 * child's unshare(CLONE_NEWNS) and "make rslave" would walk all of
 * them, N mounts for each of N names. netns itself, a short-lived
 * process, detaches the run dir from a mount namespace of its own once
 * (ns_netns_detach_rundir): the children copy a namespace without
 * those mounts and open each name through the directory fd. So the
 * command under -a does not see the names mounted under the run dir;
 * single exec NAME is unchanged.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include "libns/netns.h"
#include "libns/base.h"
#include "netns.h"
#include "toolutil.h"

struct exec_opts {
	bool no_sysfs;
	unsigned int parallel;
	int rundir_fd;	/* -1, or the run dir opened before detaching it */
	const char *name;
	char **cmd;
};

static int parse_exec(const struct netns_ctx *ctx, int argc, char **argv,
		      struct exec_opts *o)
{
	enum { OPT_NO_SYSFS = 256, OPT_PARALLEL };
	static const struct option longopts[] = {
		{ "no-sysfs", no_argument, NULL, OPT_NO_SYSFS },
		{ "parallel", required_argument, NULL, OPT_PARALLEL },
		{ NULL, 0, NULL, 0 },
	};
	char *sub = argv[0];
	uint64_t v;
	int c, r;

	o->parallel = 1;
	o->rundir_fd = -1;
	/* getopt's messages: "netns: ...", not the subcommand's name */
	argv[0] = (char *)tool_name();
	optind = 0;
	/* "+": the command's own options are not ours */
	while ((c = getopt_long(argc, argv, "+", longopts, NULL)) != -1) {
		switch (c) {
		case OPT_NO_SYSFS:
			o->no_sysfs = true;
			break;
		case OPT_PARALLEL:
			if (ns_parse_u64(optarg, &v) < 0 || v == 0 ||
			    v > 4096)
				tool_usage_error("invalid --parallel argument '%s'",
						 optarg);
			o->parallel = (unsigned int)v;
			break;
		default:
			tool_usage_hint();
		}
	}
	argv[0] = sub;
	if (o->parallel > 1 && !ctx->all)
		tool_usage_error("--parallel requires --all");
	if (!ctx->all) {
		if (optind >= argc) {
			netns_say("No netns name specified");
			return TOOL_EXIT_FAILURE;
		}
		o->name = argv[optind++];
	}
	/* as ip: a bad name is said before a missing command */
	if (o->name && (r = netns_check_name(o->name)))
		return r;
	if (optind >= argc) {
		netns_say("No command specified");
		return TOOL_EXIT_FAILURE;
	}
	o->cmd = argv + optind;
	return 0;
}

/* What the enter notes on its way: said, and it goes on. */
static void enter_note(const struct ns_netns_enter_error *n, void *userdata)
{
	const char *name = userdata;

	switch (n->step) {
	case NS_NETNS_ENTER_SYSFS:
		tool_warn(n->err, "cannot mount a sysfs of \"%s\" on %s, it shows another namespace",
			  name, n->dst);
		break;
	case NS_NETNS_ENTER_ETC_LINK:
		tool_warn(0, "%s is a symbolic link: the bind mount lands on its target",
			  n->dst);
		break;
	case NS_NETNS_ENTER_ETC_BIND:
		netns_say("Bind %s -> %s failed: %s", n->src, n->dst,
			  strerror(-n->err));
		break;
	case NS_NETNS_ENTER_NONE:
	case NS_NETNS_ENTER_OPEN:
	case NS_NETNS_ENTER_SETNS:
	case NS_NETNS_ENTER_UNSHARE:
	case NS_NETNS_ENTER_SLAVE:
		break;
	}
}

/*
 * Enter RUNDIR/@name here, RUNDIR opened as @rundir_fd if that is not
 * -1; 0, or the exit code after saying why not, in ip's words.
 */
static int enter(const struct netns_ctx *ctx, int rundir_fd,
		 const char *name, bool no_sysfs)
{
	struct ns_netns_enter_req req = NS_NETNS_ENTER_REQ_INIT;
	struct ns_netns_enter_error e;
	int r;

	req.rundir = ctx->rundir;
	req.rundir_fd = rundir_fd;
	req.name = name;
	req.no_sysfs = no_sysfs;
	r = ns_netns_enter(&req, enter_note, (void *)name, &e);
	if (r == 0)
		return 0;
	switch (e.step) {
	case NS_NETNS_ENTER_OPEN:
		netns_say("Cannot open network namespace \"%s\": %s", name,
			  strerror(-r));
		return NETNS_EXIT_SYNTAX;
	case NS_NETNS_ENTER_SETNS:
		netns_say("setting the network namespace \"%s\" failed: %s",
			  name, strerror(-r));
		return NETNS_EXIT_SYNTAX; /* as ip: 255 */
	case NS_NETNS_ENTER_UNSHARE:
		netns_say("unshare failed: %s", strerror(-r));
		break;
	case NS_NETNS_ENTER_SLAVE:
		netns_say("\"mount --make-rslave /\" failed: %s", strerror(-r));
		break;
	case NS_NETNS_ENTER_NONE:
	case NS_NETNS_ENTER_SYSFS:
	case NS_NETNS_ENTER_ETC_LINK:
	case NS_NETNS_ENTER_ETC_BIND:
		tool_warn(r, "cannot enter \"%s\"", name);
		break;
	}
	return TOOL_EXIT_FAILURE;
}

static noreturn void run_cmd(char **cmd)
{
	execvp(cmd[0], cmd);
	netns_say("exec of \"%s\" failed: %s", cmd[0], strerror(errno));
	exit(TOOL_EXIT_FAILURE);
}

struct slot {
	pid_t pid;
	int out, err;
	bool done, ok, shown;
};

/*
 * In a child: enter @name, run the command, with output to @out, @err.
 * The child first closes the memory files of @slots (its own, once
 * copied onto 1 and 2, and those of the others running): near the fd
 * limit, it needs the fds to enter.
 */
static pid_t start(const struct netns_ctx *ctx, const struct exec_opts *o,
		   const char *name, int out, int err,
		   const struct slot *slots, size_t nslots)
{
	pid_t pid;
	int r;

	fflush(NULL);
	pid = fork();
	if (pid != 0)
		return pid;
	if ((out >= 0 && dup2(out, STDOUT_FILENO) < 0) ||
	    (err >= 0 && dup2(err, STDERR_FILENO) < 0))
		_exit(TOOL_EXIT_FAILURE);
	for (size_t i = 0; i < nslots; i++) {
		if (slots[i].out > STDERR_FILENO)
			close(slots[i].out);
		if (slots[i].err > STDERR_FILENO)
			close(slots[i].err);
	}
	r = enter(ctx, o->rundir_fd, name, o->no_sysfs);
	if (r) {
		fflush(NULL);
		_exit(r);
	}
	run_cmd(o->cmd);
}

static bool succeeded(int status)
{
	return WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

static int wait_one(pid_t pid, int *ret_status)
{
	pid_t r;

	while ((r = waitpid(pid, ret_status, 0)) < 0 && errno == EINTR)
		;
	return r;
}

/* A namespace that did not run at all, named. */
static void not_run(const char *name, int err, const char *what)
{
	tool_warn(err, "cannot run the command in \"%s\": %s", name, what);
}

static int exec_serial(const struct netns_ctx *ctx, const struct exec_opts *o,
		       char **names, size_t n)
{
	int status, ret = 0;

	for (size_t i = 0; i < n; i++) {
		pid_t pid;

		printf("\nnetns: %s\n", names[i]);
		if (netns_check_name(names[i])) {
			ret = TOOL_EXIT_FAILURE;
			continue;
		}
		pid = start(ctx, o, names[i], -1, -1, NULL, 0);
		if (pid < 0 || wait_one(pid, &status) < 0 ||
		    !succeeded(status))
			ret = TOOL_EXIT_FAILURE;
		if (pid < 0)
			not_run(names[i], ns_errno(), "fork failed");
	}
	return ret;
}

/* Copy what @fd caught to @to. */
static void drain(int fd, FILE *to)
{
	char buf[8192];
	ssize_t n;

	if (fd < 0 || lseek(fd, 0, SEEK_SET) < 0)
		return;
	fflush(to);
	while ((n = read(fd, buf, sizeof(buf))) > 0)
		fwrite(buf, 1, (size_t)n, to);
	fflush(to);
}

/*
 * Start @name in a child whose output goes to memory files. -EMFILE
 * (or -ENFILE) when they cannot be had: nothing started, to be tried
 * again when fds are free.
 */
static int start_slot(const struct netns_ctx *ctx, const struct exec_opts *o,
		      const char *name, struct slot *slots, size_t i)
{
	struct slot *s = &slots[i];

	s->pid = -1;
	if (netns_check_name(name)) {
		s->done = true;
		return 0;
	}
	s->out = memfd_create("netns-out", MFD_CLOEXEC);
	s->err = s->out < 0 ? -1 : memfd_create("netns-err", MFD_CLOEXEC);
	if (s->err < 0) {
		int r = ns_errno();

		s->out = ns_close(s->out);
		if (r == -EMFILE || r == -ENFILE)
			return r;
		not_run(name, r, "cannot catch its output");
		s->done = true;
		return 0;
	}
	s->pid = start(ctx, o, name, s->out, s->err, slots, i + 1);
	if (s->pid < 0) {
		not_run(name, ns_errno(), "fork failed");
		s->done = true;
	}
	return 0;
}

/* The done slots from *@printed on, in name order, while they are. */
static void print_done(struct slot *slots, char **names, size_t next,
		       size_t *printed, int *ret)
{
	for (; *printed < next && slots[*printed].done; (*printed)++) {
		struct slot *s = &slots[*printed];

		if (!s->shown) {
			printf("\nnetns: %s\n", names[*printed]);
			drain(s->out, stdout);
			drain(s->err, stderr);
		}
		if (!s->ok)
			*ret = TOOL_EXIT_FAILURE;
		s->out = ns_close(s->out);
		s->err = ns_close(s->err);
	}
}

/*
 * No fd for memory files even with no child running: @name runs
 * alone, its output straight to ours (in order: all before it are
 * printed).
 */
static void run_direct(const struct netns_ctx *ctx, const struct exec_opts *o,
		       const char *name, struct slot *slots, size_t i)
{
	struct slot *s = &slots[i];
	int status;

	printf("\nnetns: %s\n", name);
	fflush(stdout);
	s->shown = s->done = true;
	s->out = s->err = -1;
	s->pid = start(ctx, o, name, -1, -1, slots, i);
	if (s->pid < 0)
		not_run(name, ns_errno(), "fork failed");
	else if (wait_one(s->pid, &status) > 0)
		s->ok = succeeded(status);
}

/* Reap one child of ours, marking its slot; false when none is left. */
static bool reap(struct slot *slots, size_t next, size_t *running)
{
	int status;
	pid_t pid = wait_one(-1, &status);

	if (pid <= 0)
		return false;
	for (size_t i = 0; i < next; i++) {
		if (slots[i].pid == pid && !slots[i].done) {
			slots[i].done = true;
			slots[i].ok = succeeded(status);
			(*running)--;
		}
	}
	return true;
}

static int exec_parallel(const struct netns_ctx *ctx,
			 const struct exec_opts *o, char **names, size_t n)
{
	struct slot *slots = calloc(n ? n : 1, sizeof(*slots));
	size_t next = 0, printed = 0, running = 0;
	int ret = 0;

	if (!slots) {
		tool_warn(-ENOMEM, "cannot run in parallel");
		return TOOL_EXIT_FAILURE;
	}
	while (printed < n) {
		while (running < o->parallel && next < n) {
			if (start_slot(ctx, o, names[next], slots, next) < 0) {
				if (running > 0)
					break; /* fds come back as they end */
				print_done(slots, names, next, &printed, &ret);
				run_direct(ctx, o, names[next], slots, next);
			} else if (!slots[next].done) {
				running++;
			}
			next++;
		}
		if (running > 0 && !reap(slots, next, &running))
			break;
		print_done(slots, names, next, &printed, &ret);
	}
	for (size_t i = printed; i < n; i++)
		not_run(names[i], -ECHILD, "lost");
	free(slots);
	return printed < n ? TOOL_EXIT_FAILURE : ret;
}

int netns_exec(const struct netns_ctx *ctx, int argc, char **argv)
{
	struct exec_opts o = { 0 };
	char **names = NULL;
	size_t n = 0;
	int ret, r; /* ret: the exit code; r: -errno */

	ret = parse_exec(ctx, argc, argv, &o);
	if (ret)
		return ret;
	if (!ctx->all) {
		ret = enter(ctx, -1, o.name, o.no_sysfs);
		if (ret)
			return ret;
		fflush(NULL);
		run_cmd(o.cmd);
	}
	r = ns_netns_list(ctx->rundir, &names, &n);
	if (r < 0) {
		tool_warn(r, "cannot read %s", ctx->rundir);
		return TOOL_EXIT_FAILURE;
	}
	/* else each child opens the names by path, copying all mounts */
	if (n > 0 && ns_netns_detach_rundir(ctx->rundir, &o.rundir_fd) < 0)
		o.rundir_fd = -1;
	if (o.parallel > 1)
		ret = exec_parallel(ctx, &o, names, n);
	else
		ret = exec_serial(ctx, &o, names, n);
	ns_netns_names_free(names, n);
	ns_close(o.rundir_fd);
	return ret;
}
