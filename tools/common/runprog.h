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
