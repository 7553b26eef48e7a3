// SPDX-License-Identifier: MIT
/*
 * Unit tests of tools/common/runprog.c: exec with 126/127, and a tool
 * that ends as its child did (exit status, or the same fatal signal).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
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

#include "runprog.h"
#include "testutil.h"

/* The wait @status is an exit with @code. */
static void expect_exit(int status, int code)
{
	ck_assert_msg(WIFEXITED(status) && WEXITSTATUS(status) == code,
		      "status %#x, not exit %d", status, code);
}

/* The wait @status is a death by the signal @sig. */
static void expect_killed(int status, int sig)
{
	ck_assert_msg(WIFSIGNALED(status) && WTERMSIG(status) == sig,
		      "status %#x, not killed by signal %d", status, sig);
}

START_TEST(test_exit_codes)
{
	ck_assert_int_eq(tool_exec_exit_code(ENOENT), 127);
	ck_assert_int_eq(tool_exec_exit_code(EACCES), 126);
	ck_assert_int_eq(tool_exec_exit_code(ENOTDIR), 126);
	ck_assert_int_eq(tool_exec_exit_code(ENOEXEC), 126);
}
END_TEST

static void run_exec(void *arg)
{
	tool_exec(arg, NULL);
}

static void run_exec_env(void *arg)
{
	static char *const env[] = { "NSTEST_X=given", NULL };

	tool_exec(arg, env);
}

/*
 * tool_exec(@argv) in a child with stderr to a pipe: its wait status,
 * and what it said in @err.
 */
static int exec_in_child(char *const argv[], char *err, size_t size)
{
	return tu_run_stderr(run_exec, (void *)argv, err, size);
}

START_TEST(test_exec_ok)
{
	char *const argv[] = { "sh", "-c", "exit 7", NULL };
	char err[256];
	int status = exec_in_child(argv, err, sizeof(err));

	expect_exit(status, 7);
	ck_assert_str_eq(err, "");
}
END_TEST

/* With an environment, the program gets that one and nothing else. */
START_TEST(test_exec_env)
{
	char *const argv[] = { "sh", "-c",
			       "test \"$NSTEST_X\" = given && test -z \"$HOME\"",
			       NULL };
	char err[256];

	setenv("HOME", "/nstest-home", 1);
	expect_exit(tu_run_stderr(run_exec_env, (void *)argv, err,
				  sizeof(err)), 0);
	ck_assert_str_eq(err, "");
	/* without one, ours: no NSTEST_X, a HOME */
	expect_exit(exec_in_child(argv, err, sizeof(err)), 1);
}
END_TEST

START_TEST(test_exec_not_found)
{
	char *const argv[] = { "/nonexistent/nstest-prog", NULL };
	char *const bare[] = { "nstest-no-such-program", NULL };
	char err[256], want[256];
	int status;

	status = exec_in_child(argv, err, sizeof(err));
	expect_exit(status, 127);
	snprintf(want, sizeof(want),
		 "%s: failed to execute /nonexistent/nstest-prog: "
		 "No such file or directory\n",
		 program_invocation_short_name);
	ck_assert_str_eq(err, want);

	/*
	 * Searched in $PATH: one we control, since a directory we may not
	 * search (an unprivileged run under root's PATH) makes it EACCES.
	 */
	ck_assert_int_eq(setenv("PATH", "/usr/bin:/bin", 1), 0);
	status = exec_in_child(bare, err, sizeof(err));
	expect_exit(status, 127);
}
END_TEST

START_TEST(test_exec_not_executable)
{
	char *const dir[] = { "/", NULL };
	char err[512], want[512], *path;
	struct tu_tree t;
	int status, fd;

	tu_tree_new(&t);
	ck_assert_int_ge(asprintf(&path, "%s/nstest-noexec", t.path), 0);
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(write(fd, "#!/bin/sh\n", 10), 10);
	close(fd);
	if (geteuid() != 0) {
		char *const argv[] = { path, NULL };

		status = exec_in_child(argv, err, sizeof(err));
		expect_exit(status, 126);
		snprintf(want, sizeof(want),
			 "%s: failed to execute %s: Permission denied\n",
			 program_invocation_short_name, path);
		ck_assert_str_eq(err, want);
	}
	/* root may read anything, but not execute a directory */
	status = exec_in_child(dir, err, sizeof(err));
	expect_exit(status, 126);
	snprintf(want, sizeof(want),
		 "%s: failed to execute /: Permission denied\n",
		 program_invocation_short_name);
	ck_assert_str_eq(err, want);
	free(path);
	tu_tree_free(&t);
}
END_TEST

/* No program: a login shell, from $SHELL, else the passwd entry. */
START_TEST(test_login_shell)
{
	struct passwd *pw = getpwuid(getuid());
	struct tool_shell sh;
	char want[256];

	setenv("SHELL", "/usr/local/bin/nstest-sh", 1);
	tool_login_shell(&sh);
	ck_assert_str_eq(sh.path, "/usr/local/bin/nstest-sh");
	ck_assert_str_eq(sh.argv[0], "-nstest-sh");
	ck_assert_ptr_null(sh.argv[1]);
	setenv("SHELL", "nstest-sh", 1);
	tool_login_shell(&sh);
	ck_assert_str_eq(sh.argv[0], "-nstest-sh");
	setenv("SHELL", "", 1);
	tool_login_shell(&sh);
	if (pw && pw->pw_shell && *pw->pw_shell) {
		const char *base = strrchr(pw->pw_shell, '/');

		snprintf(want, sizeof(want), "-%s",
			 base ? base + 1 : pw->pw_shell);
		ck_assert_str_eq(sh.path, pw->pw_shell);
		ck_assert_str_eq(sh.argv[0], want);
	} else {
		ck_assert_str_eq(sh.path, "/bin/sh");
	}
}
END_TEST

struct failed_in {
	const char *prog;
	int err;
};

static void run_failed_in(void *arg)
{
	const struct failed_in *f = arg;

	tool_exec_failed_in(f->prog, f->err, "the new root /nstest-root");
}

/* The message of tool_exec_failed_in(): util-linux's, then the hint. */
static void expect_failed_in(const char *prog, int err, const char *hint)
{
	struct failed_in f = { prog, err };
	char got[2 * PATH_MAX], want[2 * PATH_MAX];
	int status;

	status = tu_run_stderr(run_failed_in, &f, got, sizeof(got));
	expect_exit(status, err == ENOENT ? 127 : 126);
	snprintf(want, sizeof(want), "%s: failed to execute %s: %s%s%s%s\n",
		 program_invocation_short_name, prog, strerror(err),
		 hint ? " (" : "", hint ? hint : "", hint ? ")" : "");
	ck_assert_str_eq(got, want);
}

START_TEST(test_exec_failed_in_root)
{
	char link[PATH_MAX], prog[PATH_MAX], hint[PATH_MAX + 256];
	struct tu_tree t;

	tu_tree_new(&t);
	snprintf(link, sizeof(link), "%s/sh", t.path);
	snprintf(prog, sizeof(prog), "%s/prog", t.path);
	tu_symlink(&t, "/usr/bin/nstest-missing", "sh");
	tu_write_str(&t, "#!/nstest-missing-interpreter\n", "prog");
	expect_failed_in("nstest-prog", ENOENT,
			 "searched in PATH inside the new root /nstest-root");
	expect_failed_in("/nstest-none/prog", ENOENT,
			 "looked up inside the new root /nstest-root");
	snprintf(hint, sizeof(hint),
		 "looked up inside the new root /nstest-root, where %s is a symbolic link to /usr/bin/nstest-missing, which is not there",
		 link);
	expect_failed_in(link, ENOENT, hint);
	snprintf(hint, sizeof(hint),
		 "looked up inside the new root /nstest-root, where %s is there but its interpreter, an ELF loader or the program of a #! line, is not",
		 prog);
	expect_failed_in(prog, ENOENT, hint);
	/* other errors: util-linux's line alone */
	expect_failed_in(prog, EACCES, NULL);
	tu_tree_free(&t);
}
END_TEST

enum child_action { EXIT_3, KILL_TERM, KILL_KILL, KILL_SEGV };

struct tool_setup {
	bool ignore_and_block; /* the tool ignores and blocks the signal */
	bool core_limit;       /* the tool may dump core */
};

/*
 * A "tool" that forks a child doing @action and waits for it with
 * tool_wait_child(): returns the tool's wait status.
 */
static int run_tool(enum child_action action, const struct tool_setup *ts)
{
	static const int sigs[] = { 0, SIGTERM, SIGKILL, SIGSEGV };
	struct tu_tree t;
	int status;
	pid_t tool;

	/* where a core file would land, removed with the tree */
	tu_tree_new(&t);
	tool = fork();
	ck_assert_int_ge(tool, 0);
	if (tool == 0) {
		struct rlimit nocore = { 0, 0 };
		pid_t child;
		int r;

		if (chdir(t.path) < 0)
			_exit(103);
		if (ts->ignore_and_block && sigs[action]) {
			sigset_t set;

			signal(sigs[action], SIG_IGN);
			sigemptyset(&set);
			sigaddset(&set, sigs[action]);
			sigprocmask(SIG_BLOCK, &set, NULL);
		}
		if (ts->core_limit) {
			struct rlimit rl;

			getrlimit(RLIMIT_CORE, &rl);
			rl.rlim_cur = rl.rlim_max;
			setrlimit(RLIMIT_CORE, &rl);
		}
		child = fork();
		if (child < 0)
			_exit(100);
		if (child == 0) {
			sigset_t none;

			/* no core file of the child either */
			setrlimit(RLIMIT_CORE, &nocore);
			signal(SIGTERM, SIG_DFL);
			signal(SIGSEGV, SIG_DFL);
			sigemptyset(&none);
			sigprocmask(SIG_SETMASK, &none, NULL);
			if (action == EXIT_3)
				_exit(3);
			kill(getpid(), sigs[action]);
			_exit(101);
		}
		r = tool_wait_child(child);
		_exit(r < 0 ? 102 : r);
	}
	ck_assert_int_eq(waitpid(tool, &status, 0), tool);
	tu_tree_free(&t);
	return status;
}

START_TEST(test_wait_exit_status)
{
	struct tool_setup ts = { 0 };
	int status = run_tool(EXIT_3, &ts);

	expect_exit(status, 3);
}
END_TEST

START_TEST(test_wait_signal)
{
	struct tool_setup ts = { 0 };
	int status;

	status = run_tool(KILL_TERM, &ts);
	expect_killed(status, SIGTERM);
	status = run_tool(KILL_KILL, &ts);
	expect_killed(status, SIGKILL);
}
END_TEST

/* The tool's own disposition of the signal does not save it. */
START_TEST(test_wait_signal_ignored_blocked)
{
	struct tool_setup ts = { .ignore_and_block = true };
	int status;

	status = run_tool(KILL_TERM, &ts);
	expect_killed(status, SIGTERM);
	status = run_tool(KILL_SEGV, &ts);
	expect_killed(status, SIGSEGV);
}
END_TEST

/* A crash gives (at most) the child's core file, not a second one. */
START_TEST(test_wait_signal_no_second_core)
{
	struct tool_setup ts = { .core_limit = true };
	int status;

	status = run_tool(KILL_SEGV, &ts);
	expect_killed(status, SIGSEGV);
	ck_assert_msg(!WCOREDUMP(status), "the tool dumped core");
}
END_TEST

static Suite *runprog_suite(void)
{
	Suite *s = suite_create("runprog");
	TCase *tc = tcase_create("exec");

	tcase_add_test(tc, test_exit_codes);
	tcase_add_test(tc, test_exec_ok);
	tcase_add_test(tc, test_exec_env);
	tcase_add_test(tc, test_exec_not_found);
	tcase_add_test(tc, test_exec_not_executable);
	tcase_add_test(tc, test_login_shell);
	tcase_add_test(tc, test_exec_failed_in_root);
	suite_add_tcase(s, tc);

	tc = tcase_create("wait");
	tcase_add_test(tc, test_wait_exit_status);
	tcase_add_test(tc, test_wait_signal);
	tcase_add_test(tc, test_wait_signal_ignored_blocked);
	tcase_add_test(tc, test_wait_signal_no_second_core);
	suite_add_tcase(s, tc);
	return s;
}

int main(int argc, char **argv)
{
	return tu_main(argc, argv, runprog_suite);
}
