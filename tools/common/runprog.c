// SPDX-License-Identifier: MIT
/* Exec and wait helpers with util-linux's exit statuses. */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#if defined(__SANITIZE_ADDRESS__)
#include <sanitizer/lsan_interface.h>
#endif

#include "runprog.h"
#include "toolutil.h"

int tool_exec_exit_code(int err)
{
	return err == ENOENT ? TOOL_EXIT_NOT_FOUND : TOOL_EXIT_CANNOT_EXEC;
}

noreturn void tool_exec_failed(const char *prog, int err)
{
	tool_warn(-err, "failed to execute %s", prog);
	exit(tool_exec_exit_code(err));
}

noreturn void tool_exec(char *const argv[], char *const envp[])
{
	if (envp)
		execvpe(argv[0], argv, envp);
	else
		execvp(argv[0], argv);
	tool_exec_failed(argv[0], errno);
}

int tool_child_status(int status)
{
	if (WIFSIGNALED(status))
		return tool_reraise_signal(WTERMSIG(status));
	return WEXITSTATUS(status);
}

/*
 * When the child stops (^Z in a shell inside), we stop too, so that
 * our own shell sees a stopped job; when we are continued, so is the
 * child. SIGSTOP, as util-linux: it cannot be ignored or caught.
 */
int tool_wait_child(pid_t pid)
{
	int status;

	for (;;) {
		if (waitpid(pid, &status, WUNTRACED) < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		if (!WIFSTOPPED(status))
			return tool_child_status(status);
		raise(SIGSTOP);
		kill(pid, SIGCONT);
	}
}

int tool_reraise_signal(int sig)
{
	struct rlimit nocore = { 0, 0 };
	struct sigaction sa = { .sa_handler = SIG_DFL };
	sigset_t set;

	/* Not a second core file for one crash: ours says nothing. */
	setrlimit(RLIMIT_CORE, &nocore);
	sigemptyset(&sa.sa_mask);
	sigaction(sig, &sa, NULL);
	sigemptyset(&set);
	sigaddset(&set, sig);
	sigprocmask(SIG_UNBLOCK, &set, NULL);
	fflush(NULL);
	raise(sig);
	return 128 + sig;
}

void tool_leak_check_early(void)
{
#if defined(__SANITIZE_ADDRESS__)
	__lsan_do_leak_check();
#endif
}
