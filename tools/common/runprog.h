/* SPDX-License-Identifier: MIT */
/*
 * For tools that run a program (unshare, nsenter): exec it with
 * util-linux's exit codes, and wait for a child so that the tool ends
 * the way the child did.
 */
#ifndef NSTOOLS_RUNPROG_H
#define NSTOOLS_RUNPROG_H

#include <stdnoreturn.h>
#include <sys/types.h>

enum {
	TOOL_EXIT_CANNOT_EXEC = 126, /* found, but cannot be executed */
	TOOL_EXIT_NOT_FOUND = 127,
};

/* The exit code for a failed exec with errno @err (> 0). */
int tool_exec_exit_code(int err);

/*
 * "prog: failed to execute PROG: strerror(@err)" and exit 127 when
 * there is no such program, else 126.
 */
noreturn void tool_exec_failed(const char *prog, int err);

/*
 * execvp(@argv[0], @argv), with the environment @envp unless NULL; on
 * failure tool_exec_failed().
 */
noreturn void tool_exec(char *const argv[], char *const envp[]);

/*
 * The program of a tool run without one (unshare, nsenter), as
 * util-linux 2.42 starts it: a login shell. The path is $SHELL when
 * set and not empty, else the shell of the real uid's passwd entry
 * (looked up now: inside the new root and user namespace), else
 * /bin/sh; argv[0] is "-" and the path's last component ("-bash").
 * The path is executed as it is, not searched in PATH.
 */
struct tool_shell {
	const char *path;
	char *argv[2];
	char arg0[256];
};

void tool_login_shell(struct tool_shell *ret_shell);

/*
 * Execute @argv (its argv[0] searched in PATH), or with @argv NULL the
 * login shell; with the environment @envp unless NULL. Returns only on
 * failure: the errno, and in @ret_prog what was to be run.
 */
int tool_try_exec(char *const argv[], char *const envp[],
		  struct tool_shell *shell, const char **ret_prog);

/*
 * tool_exec_failed() after a chroot to @root (NULL: none, no hint).
 * The line keeps util-linux's beginning, "prog: failed to execute
 * PROG: strerror", and adds in parentheses, when PROG was not found,
 * that it was looked up inside @root (a phrase: "the new root /srv")
 * and what stands in the way there: a symbolic link to a path that is
 * not there (an absolute link resolves inside the root), or a program
 * that is there but whose interpreter is not.
 */
noreturn void tool_exec_failed_in(const char *prog, int err,
				  const char *root);

/*
 * The tool's exit code for the wait status @status of a child that
 * ended: its exit status; when a signal killed it, the tool dies of the
 * same signal (tool_reraise_signal), so the caller's shell sees what it
 * would have seen without the tool.
 */
int tool_child_status(int status);

/*
 * Wait for the child @pid (EINTR is retried) and return
 * tool_child_status() of it; -errno when waiting failed. While it
 * runs, the tool stops when it stops and continues it when continued,
 * so that a shell inside behaves as a job of the caller's shell.
 */
int tool_wait_child(pid_t pid);

/*
 * Die of signal @sig: its default action is restored and it is
 * unblocked and raised. No second core file is written (the child's
 * was, if any): a core of the tool would be of no use. Returns
 * 128 + @sig only if the signal did not end the process (a signal
 * whose default is to be ignored).
 */
int tool_reraise_signal(int sig);

/*
 * Once a process has entered (or made) a pid namespace for its
 * children, LeakSanitizer's end-of-process check, which clones a
 * tracer, fails or hangs there. Under ASan, call this before: the
 * leak check runs now (and the late one is off). A no-op otherwise.
 */
void tool_leak_check_early(void);

#endif
