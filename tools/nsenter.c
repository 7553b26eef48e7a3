// SPDX-License-Identifier: MIT
/*
 * nsenter - run a program in the namespaces of another process or of
 * namespace files.
 *
 * parse_args (nsenter-args.c) fills struct nsenter_opts; libns opens
 * and enters the namespaces (libns/enter.h); nsenter-run.c takes what
 * else comes from the target before the switch and sets root and
 * working directory after it. Entering a pid namespace takes effect
 * for children only: then we fork (unless -F) and the parent ends the
 * way the child did. setns(2) to a time namespace moves the caller
 * itself (time_namespaces(7)): no fork, as util-linux 2.42.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <unistd.h>

#include "libns/creds.h"
#include "libns/base.h"
#include "nsenter.h"
#include "runprog.h"
#include "toolutil.h"

/*
 * --TYPE=:ID: util-linux 2.42's words for an ID that opens nothing
 * ("cannot open namespace of id 9: Stale file handle"); ours where it
 * has none: a kernel that cannot open namespaces by ID (2.42 says
 * "Stale file handle" there too) and a namespace of another type (2.42
 * fails at setns(2) with "Invalid argument").
 */
static void report_nsid(const struct nsenter_opts *opts,
			const struct ns_enter_error *e)
{
	unsigned long long id = opts->req.ns[e->type].nsid;

	if (e->err == -EOPNOTSUPP)
		tool_warn(0, "cannot open namespace of id %llu: this kernel cannot open namespaces by ID (needs Linux >= 6.19)",
			  id);
	else if (e->err == -EMEDIUMTYPE)
		tool_warn(0, "namespace of id %llu is not a %s namespace", id,
			  ns_type_name(e->type));
	else
		tool_warn(e->err, "cannot open namespace of id %llu", id);
}

noreturn void nsenter_report(const struct nsenter_opts *opts,
			      const struct ns_enter_error *e)
{
	const char *name = ns_type_name(e->type);
	pid_t pid = opts->req.pid;

	switch (e->step) {
	case NS_ENTER_STEP_PIN:
		/* util-linux 2.42's words: -t PID:INODE, or -N alone */
		if (opts->req.pid_ino)
			tool_warn(e->err, "failed to obtain a valid file descriptor for PID %d",
				  (int)pid);
		else
			tool_warn(e->err, "failed to pidfd_open() for %d",
				  (int)pid);
		break;
	case NS_ENTER_STEP_OPEN:
		/* -a: 2.42 looks at the target's user namespace first */
		if (opts->all && e->type == NS_TYPE_USER && e->path &&
		    opts->req.ns[NS_TYPE_USER].source == NS_ENTER_TARGET)
			tool_warn(e->err, "stat of %s failed", e->path);
		else
			tool_warn(e->err, "cannot open %s",
				  e->path ? e->path : name);
		break;
	case NS_ENTER_STEP_NOT_NS:
		tool_warn(0, "%s is not a namespace file", e->path);
		break;
	case NS_ENTER_STEP_WRONG_TYPE:
		tool_warn(0, "%s is not a %s namespace file", e->path, name);
		break;
	case NS_ENTER_STEP_NSID:
		report_nsid(opts, e);
		break;
	case NS_ENTER_STEP_SOCKET:
		tool_warn(e->err, "cannot get the network namespace of socket %d of PID %d",
			  opts->req.ns[NS_TYPE_NET].sockfd, (int)pid);
		break;
	case NS_ENTER_STEP_PARENT:
		tool_warn(e->err, "failed to open parent namespace");
		break;
	case NS_ENTER_STEP_GONE:
		/* util-linux 2.42's words: its setns(2) fails with ESRCH */
	case NS_ENTER_STEP_SETNS_ALL:
		tool_warn(e->err, "reassociate to namespaces failed");
		break;
	case NS_ENTER_STEP_SETNS:
		tool_warn(e->err, "reassociate to namespace '%s' failed",
			  e->path);
		break;
	case NS_ENTER_STEP_NONE:
		tool_warn(e->err, "cannot enter the namespaces");
		break;
	}
	exit(TOOL_EXIT_FAILURE);
}

/*
 * Ids in the entered user namespace: 0 unless -S/-G say otherwise
 * (util-linux), none at all with --preserve-credentials. -S/-G alone
 * set ids in any case.
 */
static void set_creds(const struct nsenter_opts *opts,
		      const struct nsenter_prep *prep, bool user)
{
	static const char *const what[] = {
		[NS_CREDS_SETGROUPS] = "setgroups failed",
		[NS_CREDS_SETGID] = "setgid() failed",
		[NS_CREDS_SETUID] = "setuid() failed",
	};
	struct ns_creds c = { 0 };
	enum ns_creds_step step;
	int r;

	c.set_uid = opts->uid_mode != NSENTER_ID_DEFAULT ||
		    (user && !opts->preserve_creds);
	c.set_gid = opts->gid_mode != NSENTER_ID_DEFAULT ||
		    (user && !opts->preserve_creds);
	c.uid = opts->uid_mode == NSENTER_ID_FOLLOW ? prep->uid : opts->uid;
	c.gid = opts->gid_mode == NSENTER_ID_FOLLOW ? prep->gid : opts->gid;
	/* --keep-caps: what the user namespace gave must outlive setuid */
	if (user && opts->keep_caps && c.set_uid && c.uid != 0)
		prctl(PR_SET_KEEPCAPS, 1, 0, 0, 0);
	r = ns_creds_apply(opts->req.procfd, &c, &step);
	if (r < 0) {
		tool_warn(r, "%s", what[step]);
		exit(TOOL_EXIT_FAILURE);
	}
	/*
	 * Ambient capabilities, so that the program keeps them across
	 * execve(): needed by any uid but 0, and, as util-linux 2.42,
	 * raised with --preserve-credentials whatever our uid (the owner
	 * of the user namespace is often uid 0 in it). Uid 0 set by us
	 * gets every capability at execve() anyway.
	 */
	if (user && opts->keep_caps &&
	    (opts->preserve_creds || geteuid() != 0)) {
		r = ns_creds_keep_caps();
		if (r < 0) {
			tool_warn(r, "cannot keep capabilities");
			exit(TOOL_EXIT_FAILURE);
		}
	}
}

/*
 * The program, or without one a login shell as util-linux starts it
 * (tool_login_shell: $SHELL, else the passwd entry). After -r, a
 * program not found gets a hint that it was looked up inside the root.
 */
static noreturn void exec_program(const struct nsenter_opts *opts,
				  const struct nsenter_prep *prep)
{
	char where[PATH_MAX + 32];
	struct tool_shell shell;
	const char *prog, *root = NULL;
	int err;

	err = tool_try_exec(opts->argv, prep->env, &shell, &prog);
	if (opts->root.mode == NSENTER_DIR_PATH) {
		snprintf(where, sizeof(where), "the root directory %s",
			 opts->root.path);
		root = where;
	} else if (opts->root.mode == NSENTER_DIR_TARGET) {
		root = "the target's root directory";
	}
	tool_exec_failed_in(prog, err, root);
}

static int run(struct nsenter_opts *opts)
{
	const unsigned int fork_types = NS_TYPE_MASK(NS_TYPE_PID);
	struct ns_enter_state state;
	struct ns_enter_error err = { 0 };
	struct nsenter_prep prep;
	bool user;
	pid_t pid;

	opts->req.procfd = open("/proc", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (opts->req.procfd < 0) {
		tool_warn(-errno, "cannot open /proc");
		return TOOL_EXIT_FAILURE;
	}
	if (ns_enter_open(&opts->req, &state, &err) < 0)
		nsenter_report(opts, &err);
	nsenter_prepare(opts, &state, &prep);
	/* (LeakSanitizer: after -r there may be no /proc to look in) */
	if ((state.types & NS_TYPE_MASK(NS_TYPE_PID)) ||
	    opts->root.mode != NSENTER_DIR_NONE)
		tool_leak_check_early();
	if (ns_enter_join(&state, &err) < 0)
		nsenter_report(opts, &err);
	user = ns_enter_enters_user(&state);
	nsenter_follow_ids(&prep);
	/* a pid namespace is that of our children only */
	pid = 0;
	if ((state.types & fork_types) && !opts->no_fork) {
		ns_enter_close(&state);
		fflush(NULL);
		pid = fork();
		if (pid < 0) {
			tool_warn(-errno, "fork failed");
			return TOOL_EXIT_FAILURE;
		}
		if (pid > 0) {
			int r = tool_wait_child(pid);

			if (r >= 0)
				return r;
			tool_warn(r, "waitpid failed");
			return TOOL_EXIT_FAILURE;
		}
	}
	ns_enter_close(&state);
	nsenter_switch_dirs(opts, &prep);
	set_creds(opts, &prep, user);
	opts->req.procfd = ns_close(opts->req.procfd);
	exec_program(opts, &prep);
}

int main(int argc, char **argv)
{
	static struct nsenter_opts opts;

	tool_init_locale();
	tool_guard_stdout();
	nsenter_parse_args(argc, argv, &opts);
	return run(&opts);
}
