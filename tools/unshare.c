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
#include "runprog.h"
#include "toolutil.h"
#include "unshare.h"

void unshare_help(void);

/* util-linux's order of the namespace options in --help */
static const enum ns_kind help_order[NS_TYPE_COUNT] = {
	NS_TYPE_MNT, NS_TYPE_UTS, NS_TYPE_IPC, NS_TYPE_NET,
	NS_TYPE_PID, NS_TYPE_USER, NS_TYPE_CGROUP, NS_TYPE_TIME,
};

void unshare_help(void)
{
	printf("\nUsage:\n %s [options] [<program> [<argument>...]]\n",
	       tool_name());
	fputs("\nRun a program with some namespaces unshared from the parent.\n",
	      stdout);
	fputs("\nOptions:\n", stdout);
	for (size_t i = 0; i < NS_TYPE_COUNT; i++) {
		const struct ns_type_info *t = ns_type_info(help_order[i]);
		char opt[32];

		snprintf(opt, sizeof(opt), "-%c, --%s[=<file>]",
			 t->option_char, t->option);
		/* util-linux says "mounts namespace" */
		printf(" %-25s unshare %s\n", opt,
		       help_order[i] == NS_TYPE_MNT ? "mounts namespace"
						    : t->description);
	}
	fputs("\n"
	      " --mount-proc[=<dir>]      mount proc filesystem first (implies --mount)\n"
	      " --mount-binfmt[=<dir>]    mount binfmt filesystem first (implies --user and --mount)\n"
	      " -l, --load-interp <file>  load binfmt definition in the namespace (implies --mount-binfmt)\n"
	      " --propagation slave|shared|private|unchanged\n"
	      "                           modify mount propagation in mount namespace\n"
	      " -R, --root <dir>          run the command with root directory set to <dir>\n"
	      " -w, --wd <dir>            change working directory to <dir>\n"
	      "\n"
	      " -S, --setuid <uid>        set uid in entered namespace\n"
	      " -G, --setgid <gid>        set gid in entered namespace\n"
	      " --map-user <uid>|<name>   map current user to uid (implies --user)\n"
	      " --map-group <gid>|<name>  map current group to gid (implies --user)\n"
	      " -r, --map-root-user       map current user to root (implies --user)\n"
	      " -c, --map-current-user    map current user to itself (implies --user)\n"
	      " --map-auto                map users and groups automatically (implies --user)\n"
	      " --map-subids              map the first block of user IDs owned by euid (implies --user)\n"
	      " --map-users <inneruid>:<outeruid>:<count>\n"
	      "                           map count users from outeruid to inneruid (implies --user)\n"
	      " --map-groups <innergid>:<outergid>:<count>\n"
	      "                           map count groups from outergid to innergid (implies --user)\n"
	      " --owner <uid>:<gid>       set the user namespace owner (implies --user)\n"
	      "\n"
	      " -f, --fork                fork before launching <program>\n"
	      " --kill-child[=<signame>]  when dying, kill the forked child (implies --fork)\n"
	      "                             defaults to SIGKILL\n"
	      " --forward-signals         forward SIGTERM and SIGINT to child (implies --fork)\n"
	      "\n"
	      " --setgroups allow|deny    control the setgroups syscall in user namespaces\n"
	      " --keep-caps               retain capabilities granted in user namespaces\n"
	      "\n"
	      " --monotonic <offset>      set clock monotonic offset (seconds) in time namespaces\n"
	      " --boottime <offset>       set clock boottime offset (seconds) in time namespaces\n"
	      "\n"
	      " --clear-env               start the program with an empty environment\n"
	      " --whitelist-env <list>    keep only the listed environment variables\n"
	      " --lo-up                   bring up the loopback interface (implies --net)\n"
	      "\n"
	      " -h, --help                display this help\n"
	      " -V, --version             display version\n",
	      stdout);
	printf("\nFor more details see %s(1).\n", PROGRAM_PREFIX "unshare");
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
