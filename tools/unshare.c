// SPDX-License-Identifier: MIT
/*
 * unshare - run a program in new namespaces.
 *
 * parse_args (unshare-args.c) fills struct unshare_opts, whose plan
 * libns executes (libns/create.h): ns_create_setup() up to the bind
 * mounts, ns_create_fork() with -f, ns_create_finish() in the process
 * that then execs the program. The parent with -f waits and ends the
 * way the child did.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "runprog.h"
#include "toolutil.h"
#include "unshare.h"

/*
 * The program, or without one a login shell as util-linux starts it
 * (tool_login_shell). After --root, a program not found gets a hint
 * that it was looked up inside the new root.
 */
static noreturn void exec_program(const struct unshare_opts *opts,
				  struct ns_create_state *state)
{
	char where[PATH_MAX + 16];
	struct tool_shell shell;
	const char *prog;
	int err;

	err = tool_try_exec(opts->argv, unshare_program_env(opts), &shell,
			    &prog);
	/* Errors before the program runs leave no namespace file behind. */
	ns_create_abort(state);
	if (opts->plan.root)
		snprintf(where, sizeof(where), "the new root %s",
			 opts->plan.root);
	tool_exec_failed_in(prog, err, opts->plan.root ? where : NULL);
}

/*
 * Once the first process of a new pid namespace has died, fork() in
 * it fails (ENOMEM): LeakSanitizer's end-of-process check would fail
 * in the parent with -p -f. After --root, it finds no /proc (a failed
 * exec ends there). Check for leaks before unshare(2).
 */
static void leak_check_before_unshare(const struct ns_create_plan *plan)
{
	if ((plan->types & NS_TYPE_MASK(NS_TYPE_PID)) || plan->root)
		tool_leak_check_early();
}

static int run(struct unshare_opts *opts)
{
	const struct ns_create_plan *plan = &opts->plan;
	struct ns_create_state state;
	struct ns_create_error err = { 0 };
	sigset_t block, old;
	pid_t pid;

	ns_create_state_init(&state);
	leak_check_before_unshare(plan);
	if (!plan->fork) {
		int r;

		tool_hold_signals(&old);
		r = ns_create_setup(plan, &state, &err);
		/* the program must not inherit the mask */
		sigprocmask(SIG_SETMASK, &old, NULL);
		if (r < 0 || ns_create_finish(plan, &state, &err) < 0) {
			unshare_report(opts, &err);
			return TOOL_EXIT_FAILURE;
		}
		exec_program(opts, &state);
	}

	/* Blocked before the fork: no signal is lost in between. */
	sigemptyset(&block);
	sigaddset(&block, SIGINT);
	sigaddset(&block, SIGTERM);
	sigaddset(&block, SIGCHLD);
	signal(SIGCHLD, SIG_DFL);
	sigprocmask(SIG_BLOCK, &block, &old);
	if (ns_create_setup(plan, &state, &err) < 0) {
		unshare_report(opts, &err);
		return TOOL_EXIT_FAILURE;
	}
	pid = ns_create_fork(plan, &state, &err);
	if (pid == 0)
		sigprocmask(SIG_SETMASK, &old, NULL);
	if (pid < 0 ||
	    (pid == 0 && ns_create_finish(plan, &state, &err) < 0)) {
		unshare_report(opts, &err);
		return TOOL_EXIT_FAILURE;
	}
	if (pid == 0)
		exec_program(opts, &state);
	ns_create_reap_helper(&state);
	return unshare_wait_child(pid, opts->forward_signals);
}

int main(int argc, char **argv)
{
	static struct unshare_opts opts;

	tool_init_locale();
	tool_guard_stdout();
	unshare_parse_args(argc, argv, &opts);
	unshare_build_maps(&opts);
	return run(&opts);
}
