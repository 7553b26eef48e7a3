// SPDX-License-Identifier: MIT
/*
 * Unit tests of tools/common/toolutil.c: the message forms (warning,
 * usage error and hint, version) and their exit codes, stdout guarded
 * when closed and its write errors turned into exit status 1 (but a
 * closed pipe is no error), and the locale left alone for the C ones.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <locale.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/wait.h>
#include <unistd.h>

#include "config.h"
#include "testutil.h"
#include "toolutil.h"

static void expect_exit(int status, int code)
{
	ck_assert_msg(WIFEXITED(status) && WEXITSTATUS(status) == code,
		      "status %#x, not exit %d", status, code);
}

/* "NAME: " + @rest, NAME being this program's */
static void expect_said(const char *got, const char *rest)
{
	char want[512];

	snprintf(want, sizeof(want), "%s: %s", program_invocation_short_name,
		 rest);
	ck_assert_str_eq(got, want);
}

START_TEST(test_name)
{
	ck_assert_str_eq(tool_name(), "test_kit_toolutil");
}
END_TEST

static void warn_plain(void *arg)
{
	(void)arg;
	tool_warn(0, "cannot %s %d", "frob", 42);
}

static void warn_errno(void *arg)
{
	(void)arg;
	tool_warn(-ENOENT, "cannot open %s", "x");
	/* a positive value is no error number */
	tool_warn(1, "no suffix");
}

START_TEST(test_warn)
{
	char err[512], want[512];

	expect_exit(tu_run_stderr(warn_plain, NULL, err, sizeof(err)), 0);
	expect_said(err, "cannot frob 42\n");
	expect_exit(tu_run_stderr(warn_errno, NULL, err, sizeof(err)), 0);
	snprintf(want, sizeof(want), "cannot open x: %s\n%s: no suffix\n",
		 strerror(ENOENT), tool_name());
	expect_said(err, want);
}
END_TEST

static void usage_error(void *arg)
{
	(void)arg;
	tool_usage_error("bad option '%s'", "-Z");
}

static void usage_hint(void *arg)
{
	(void)arg;
	tool_usage_hint();
}

START_TEST(test_usage)
{
	char err[512], want[512];

	expect_exit(tu_run_stderr(usage_error, NULL, err, sizeof(err)), 1);
	snprintf(want, sizeof(want),
		 "bad option '-Z'\nTry '%s --help' for more information.\n",
		 tool_name());
	expect_said(err, want);
	expect_exit(tu_run_stderr(usage_hint, NULL, err, sizeof(err)), 1);
	snprintf(want, sizeof(want),
		 "Try '%s --help' for more information.\n", tool_name());
	ck_assert_str_eq(err, want);
}
END_TEST

/*
 * Run @fn in a child whose stdout is @fd (-1: closed, -2: a pipe read
 * into @out): its wait status.
 */
static int run_stdout(void (*fn)(void), int fd, char *out, size_t size)
{
	int p[2] = { -1, -1 }, status;
	size_t got = 0;
	ssize_t n;
	pid_t pid;

	if (fd == -2)
		ck_assert_int_eq(pipe(p), 0);
	fflush(NULL);
	pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		if (fd == -2)
			dup2(p[1], STDOUT_FILENO);
		else if (fd >= 0)
			dup2(fd, STDOUT_FILENO);
		else
			close(STDOUT_FILENO);
		fn();
		_exit(0);
	}
	if (fd == -2) {
		close(p[1]);
		while ((n = read(p[0], out + got, size - 1 - got)) > 0)
			got += (size_t)n;
		out[got] = '\0';
		close(p[0]);
	}
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	return status;
}

static void print_version(void)
{
	tool_print_version();
}

START_TEST(test_version)
{
	char out[256], want[256];

	expect_exit(run_stdout(print_version, -2, out, sizeof(out)), 0);
	snprintf(want, sizeof(want), "%s from %s %s\n", tool_name(),
		 PACKAGE_NAME, PACKAGE_VERSION);
	ck_assert_str_eq(out, want);
}
END_TEST

static void print_and_close(void)
{
	fputs("some output\n", stdout);
	exit(tool_close_stdout());
}

/* /dev/full: the write error is ours to report, exit 1. */
static void close_full(void *arg)
{
	int fd = open("/dev/full", O_WRONLY | O_CLOEXEC);

	(void)arg;
	if (fd < 0 || dup2(fd, STDOUT_FILENO) < 0)
		_exit(99);
	print_and_close();
}

/* A reader that went away is its choice: exit 0, no message. */
static void close_broken_pipe(void *arg)
{
	int p[2];

	(void)arg;
	signal(SIGPIPE, SIG_IGN);
	if (pipe(p) < 0 || dup2(p[1], STDOUT_FILENO) < 0)
		_exit(99);
	close(p[0]);
	print_and_close();
}

START_TEST(test_close_stdout)
{
	char err[512], want[512];

	expect_exit(tu_run_stderr(close_full, NULL, err, sizeof(err)), 1);
	snprintf(want, sizeof(want), "write error: %s\n", strerror(ENOSPC));
	expect_said(err, want);
	expect_exit(tu_run_stderr(close_broken_pipe, NULL, err, sizeof(err)),
		    0);
	ck_assert_str_eq(err, "");
}
END_TEST

/* Exit 0 when fd 1 is /dev/null opened for writing, else 2, 3. */
static void guard_and_check(void)
{
	struct stat st, null;
	int flags;

	tool_guard_stdout();
	if (fstat(STDOUT_FILENO, &st) < 0 || stat("/dev/null", &null) < 0)
		_exit(2);
	flags = fcntl(STDOUT_FILENO, F_GETFL);
	if (!S_ISCHR(st.st_mode) || st.st_rdev != null.st_rdev ||
	    (flags & O_ACCMODE) != O_WRONLY)
		_exit(3);
	/* close-on-exec: a program run gets a closed stdout, as we did */
	_exit(fcntl(STDOUT_FILENO, F_GETFD) & FD_CLOEXEC ? 0 : 4);
}

/*
 * Stdin and stdout closed: fd 0 /dev/null for reading, fd 1 for
 * writing, both close-on-exec; exit 0, else 6, 7.
 */
static void guard_both(void)
{
	close(STDIN_FILENO);
	tool_guard_stdout();
	if ((fcntl(STDIN_FILENO, F_GETFL) & O_ACCMODE) != O_RDONLY ||
	    (fcntl(STDOUT_FILENO, F_GETFL) & O_ACCMODE) != O_WRONLY)
		_exit(6);
	if (!(fcntl(STDIN_FILENO, F_GETFD) & FD_CLOEXEC) ||
	    !(fcntl(STDOUT_FILENO, F_GETFD) & FD_CLOEXEC))
		_exit(7);
	_exit(0);
}

/* An open stdout is left as it is: exit 0 when it is still the pipe. */
static void guard_open(void)
{
	struct stat st;

	tool_guard_stdout();
	_exit(fstat(STDOUT_FILENO, &st) == 0 && S_ISFIFO(st.st_mode) ? 0 : 5);
}

START_TEST(test_guard_stdout)
{
	char out[16];

	expect_exit(run_stdout(guard_and_check, -1, NULL, 0), 0);
	expect_exit(run_stdout(guard_both, -1, NULL, 0), 0);
	expect_exit(run_stdout(guard_open, -2, out, sizeof(out)), 0);
}
END_TEST

/* The C locales are left as they are: they translate nothing. */
START_TEST(test_locale_c)
{
	static const char *const c_names[] = { "C", "POSIX", "C.UTF-8",
					       "C.utf8" };

	for (size_t i = 0; i < sizeof(c_names) / sizeof(c_names[0]); i++) {
		setlocale(LC_ALL, "C");
		unsetenv("LC_ALL");
		unsetenv("LC_MESSAGES");
		setenv("LANG", c_names[i], 1);
		tool_init_locale();
		ck_assert_str_eq(setlocale(LC_CTYPE, NULL), "C");
		/* LC_ALL comes first, an empty one is not there */
		setenv("LC_ALL", c_names[i], 1);
		setenv("LANG", "nstest_nosuch", 1);
		tool_init_locale();
		ck_assert_str_eq(setlocale(LC_CTYPE, NULL), "C");
	}
}
END_TEST

/* Another locale is taken from the environment: C.utf8 reached by
 * setlocale() itself shows that it is called. */
START_TEST(test_locale_other)
{
	unsetenv("LC_ALL");
	unsetenv("LANG");
	setenv("LC_MESSAGES", "nstest_nosuch", 1);
	setenv("LC_CTYPE", "C.utf8", 1);
	setlocale(LC_ALL, "C");
	tool_init_locale();
	/* LC_CTYPE came from the environment: setlocale(LC_CTYPE, "") */
	ck_assert_str_eq(setlocale(LC_CTYPE, NULL), "C.utf8");
}
END_TEST

static Suite *toolutil_suite(void)
{
	Suite *s = suite_create("toolutil");
	TCase *tc = tcase_create("messages");

	tcase_add_test(tc, test_name);
	tcase_add_test(tc, test_warn);
	tcase_add_test(tc, test_usage);
	tcase_add_test(tc, test_version);
	tcase_add_test(tc, test_close_stdout);
	tcase_add_test(tc, test_guard_stdout);
	tcase_add_test(tc, test_locale_c);
	tcase_add_test(tc, test_locale_other);
	suite_add_tcase(s, tc);
	return s;
}

int main(int argc, char **argv)
{
	return tu_main(argc, argv, toolutil_suite);
}
