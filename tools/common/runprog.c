// SPDX-License-Identifier: MIT
/* Exec and wait helpers with util-linux's exit statuses. */
#define _GNU_SOURCE
#include <errno.h>
#include <limits.h>
#include <pwd.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#if defined(__SANITIZE_ADDRESS__)
#include <sanitizer/lsan_interface.h>
#endif

#include "nls.h"
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

void tool_login_shell(struct tool_shell *ret_shell)
{
	const char *shell = getenv("SHELL"), *base;

	if (!shell || !*shell) {
		struct passwd *pw = getpwuid(getuid());

		shell = pw && pw->pw_shell && *pw->pw_shell ? pw->pw_shell
							    : "/bin/sh";
	}
	base = strrchr(shell, '/');
	base = base ? base + 1 : shell;
	snprintf(ret_shell->arg0, sizeof(ret_shell->arg0), "-%s", base);
	ret_shell->path = shell;
	ret_shell->argv[0] = ret_shell->arg0;
	ret_shell->argv[1] = NULL;
}

int tool_try_exec(char *const argv[], char *const envp[],
		  struct tool_shell *shell, const char **ret_prog)
{
	if (!argv) {
		tool_login_shell(shell);
		*ret_prog = shell->path;
		execve(shell->path, shell->argv, envp ? envp : environ);
		return errno;
	}
	*ret_prog = argv[0];
	if (envp)
		execvpe(argv[0], argv, envp);
	else
		execvp(argv[0], argv);
	return errno;
}

/* What stands in the way of @prog inside the root, in @buf. */
static const char *root_hint(const char *prog, const char *root, char *buf,
			     size_t size)
{
	char target[PATH_MAX];
	struct stat st;
	ssize_t n;

	if (!strchr(prog, '/')) {
		snprintf(buf, size, "searched in PATH inside %s", root);
		return buf;
	}
	if (lstat(prog, &st) < 0) {
		snprintf(buf, size, "looked up inside %s", root);
		return buf;
	}
	n = S_ISLNK(st.st_mode) ? readlink(prog, target, sizeof(target) - 1)
				: -1;
	if (n >= 0 && stat(prog, &st) < 0) {
		target[n] = '\0';
		snprintf(buf, size, "looked up inside %s, where %s is a symbolic link to %s, which is not there",
			 root, prog, target);
		return buf;
	}
	snprintf(buf, size, "looked up inside %s, where %s is there but its interpreter, an ELF loader or the program of a #! line, is not",
		 root, prog);
	return buf;
}

noreturn void tool_exec_failed_in(const char *prog, int err,
				  const char *root)
{
	char hint[2 * PATH_MAX + 256];

	if (!root || err != ENOENT)
		tool_exec_failed(prog, err);
	root_hint(prog, root, hint, sizeof(hint));
	/* util-linux's message (and translation), then the hint */
	fflush(stdout);
	fprintf(stderr, "%s: ", tool_name());
	fprintf(stderr, _("failed to execute %s"), prog);
	fprintf(stderr, ": %s (%s)\n", strerror(err), hint);
	exit(tool_exec_exit_code(err));
}
