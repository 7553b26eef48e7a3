// SPDX-License-Identifier: MIT
/*
 * unshare: the program's environment and default, and the parent's
 * wait for the forked child.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "runprog.h"
#include "toolutil.h"
#include "unshare.h"

/*
 * SIGINT and SIGTERM are blocked (the caller blocked them before the
 * fork, with SIGCHLD): they reach the child from the terminal anyway,
 * and unshare itself must outlive the child to pass on its status.
 * With --forward-signals, each one we get is sent on to the child.
 */
int unshare_wait_child(pid_t child, bool forward_signals)
{
	siginfo_t info;
	sigset_t set;
	int status;

	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGCHLD);
	for (;;) {
		pid_t r = waitpid(child, &status, WNOHANG);

		if (r == child)
			break;
		if (r < 0 && errno != EINTR) {
			tool_warn(-errno, "waitpid failed");
			return TOOL_EXIT_FAILURE;
		}
		if (r == 0 && sigwaitinfo(&set, &info) > 0 &&
		    info.si_signo != SIGCHLD && forward_signals)
			kill(child, info.si_signo);
	}
	return tool_child_status(status);
}

static bool listed(const char *list, const char *name, size_t len)
{
	const char *p = list;

	while (*p) {
		size_t n = strcspn(p, ",");

		if (n == len && strncmp(p, name, len) == 0)
			return true;
		p += n;
		if (*p == ',')
			p++;
	}
	return false;
}

char **unshare_program_env(const struct unshare_opts *opts)
{
	size_t n = 0, count = 0;
	char **env;

	if (!opts->clear_env && !opts->whitelist_env)
		return environ;
	for (char **e = environ; *e; e++)
		count++;
	env = calloc(count + 1, sizeof(*env));
	if (!env) {
		tool_warn(-ENOMEM, "cannot build the environment");
		exit(TOOL_EXIT_FAILURE);
	}
	if (opts->clear_env && !opts->whitelist_env)
		return env;
	for (char **e = environ; *e; e++) {
		size_t len = strcspn(*e, "=");

		if (listed(opts->whitelist_env, *e, len))
			env[n++] = *e;
	}
	return env;
}
