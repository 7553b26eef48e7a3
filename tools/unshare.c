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
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config.h"
#include "nls.h"
#include "runprog.h"
#include "toolutil.h"
#include "unshare.h"

void unshare_help(void);

/* The options of --help, one message each, as util-linux's. */
static const char *const help_options[] = {
	N_(" -m, --mount[=<file>]      unshare mounts namespace\n"),
	N_(" -u, --uts[=<file>]        unshare UTS namespace (hostname etc)\n"),
	N_(" -i, --ipc[=<file>]        unshare System V IPC namespace\n"),
	N_(" -n, --net[=<file>]        unshare network namespace\n"),
	N_(" -p, --pid[=<file>]        unshare pid namespace\n"),
	N_(" -U, --user[=<file>]       unshare user namespace\n"),
	N_(" -C, --cgroup[=<file>]     unshare cgroup namespace\n"),
	N_(" -T, --time[=<file>]       unshare time namespace\n"),
	"\n",
	N_(" --mount-proc[=<dir>]      mount proc filesystem first (implies --mount)\n"),
	N_(" --mount-binfmt[=<dir>]    mount binfmt filesystem first (implies --user and --mount)\n"),
	N_(" -l, --load-interp <file>  load binfmt definition in the namespace (implies --mount-binfmt)\n"),
	N_(" --propagation slave|shared|private|unchanged\n"
	   "                           modify mount propagation in mount namespace\n"),
	N_(" -R, --root <dir>          run the command with root directory set to <dir>\n"),
	N_(" -w, --wd <dir>            change working directory to <dir>\n"),
	"\n",
	N_(" -S, --setuid <uid>        set uid in entered namespace\n"),
	N_(" -G, --setgid <gid>        set gid in entered namespace\n"),
	N_(" --map-user <uid>|<name>   map current user to uid (implies --user)\n"),
	N_(" --map-group <gid>|<name>  map current group to gid (implies --user)\n"),
	N_(" -r, --map-root-user       map current user to root (implies --user)\n"),
	N_(" -c, --map-current-user    map current user to itself (implies --user)\n"),
	N_(" --map-auto                map users and groups automatically (implies --user)\n"),
	N_(" --map-subids              map the first block of user IDs owned by euid (implies --user)\n"),
	N_(" --map-users <inneruid>:<outeruid>:<count>\n"
	   "                           map count users from outeruid to inneruid (implies --user)\n"),
	N_(" --map-groups <innergid>:<outergid>:<count>\n"
	   "                           map count groups from outergid to innergid (implies --user)\n"),
	N_(" --owner <uid>:<gid>       set the user namespace owner (implies --user)\n"),
	"\n",
	N_(" -f, --fork                fork before launching <program>\n"),
	N_(" --kill-child[=<signame>]  when dying, kill the forked child (implies --fork)\n"
	   "                             defaults to SIGKILL\n"),
	N_(" --forward-signals         forward SIGTERM and SIGINT to child (implies --fork)\n"),
	"\n",
	N_(" --setgroups allow|deny    control the setgroups syscall in user namespaces\n"),
	N_(" --keep-caps               retain capabilities granted in user namespaces\n"),
	"\n",
	N_(" --monotonic <offset>      set clock monotonic offset (seconds) in time namespaces\n"),
	N_(" --boottime <offset>       set clock boottime offset (seconds) in time namespaces\n"),
	"\n",
	N_(" --clear-env               start the program with an empty environment\n"),
	N_(" --whitelist-env <list>    keep only the listed environment variables\n"),
	N_(" --lo-up                   bring up the loopback interface (implies --net)\n"),
	"\n",
	NULL
};

void unshare_help(void)
{
	fputs(_("\nUsage:\n"), stdout);
	printf(_(" %s [options] [<program> [<argument>...]]\n"), tool_name());
	fputs("\n", stdout);
	fputs(_("Run a program with some namespaces unshared from the parent.\n"),
	      stdout);
	fputs(_("\nOptions:\n"), stdout);
	tool_help_lines(help_options);
	tool_help_options(27);
	printf(_("\nFor more details see %s.\n"), PROGRAM_PREFIX "unshare(1)");
	exit(tool_close_stdout());
}

static noreturn void exec_program(const struct unshare_opts *opts,
				  struct ns_create_state *state)
{
	char **argv = opts->argv ? opts->argv : unshare_default_program();
	char **env = unshare_program_env(opts);
	int err;

	execvpe(argv[0], argv, env);
	err = errno;
	/* Errors before the program runs leave no namespace file behind. */
	ns_create_abort(state);
	tool_exec_failed(argv[0], err);
}

/*
 * Once the first process of a new pid namespace has died, fork() in
 * it fails (ENOMEM): LeakSanitizer's end-of-process check would fail
 * in the parent with -p -f. Check for leaks before unshare(2).
 */
static void leak_check_before_unshare(const struct ns_create_plan *plan)
{
	if (plan->types & NS_TYPE_MASK(NS_TYPE_PID))
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
		if (ns_create_setup(plan, &state, &err) < 0 ||
		    ns_create_finish(plan, &state, &err) < 0) {
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
