/* SPDX-License-Identifier: MIT */
/*
 * What every nstools program says the same way: error messages in the
 * util-linux form "prog: what failed: strerror", usage hints, version.
 */
#ifndef NSTOOLS_TOOLUTIL_H
#define NSTOOLS_TOOLUTIL_H

#include <signal.h>
#include <stdnoreturn.h>

/* Exit codes shared with util-linux. */
enum {
	TOOL_EXIT_OK = 0,
	TOOL_EXIT_FAILURE = 1,
	TOOL_EXIT_NOTSUPP = 2, /* the kernel lacks an ioctl (ENOTTY) */
};

const char *tool_name(void);

/* "prog: <message>" and, if @err < 0, ": strerror(-err)". */
void tool_warn(int err, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/*
 * A copy of @text (to free) with its control characters shown as \n,
 * \t, \r or \xHH: a newline in an argument a message quotes does not
 * start a second line (one message, one line, whatever the user
 * passed). NULL without memory.
 */
char *tool_escape(const char *text);

/* A message for a bad command line and the hint to --help; exit 1. */
noreturn void tool_usage_error(const char *fmt, ...)
	__attribute__((format(printf, 1, 2)));

/* getopt already said what is wrong: add the hint, exit 1. */
noreturn void tool_usage_hint(void);

/*
 * Lines of --help, each one message (util-linux's translation of it
 * where it has one); a NULL ends @lines, "\n" is printed as it is.
 */
void tool_help_lines(const char *const *lines);

/* The -h and -V lines of --help, their text in column @width. */
void tool_help_options(int width);

/*
 * The --help of a tool that runs a program (unshare, nsenter), in
 * util-linux's messages: the usage line, @description (an N_() text),
 * the option @lines, -h and -V in column @width, the man @page; exit 0.
 */
noreturn void tool_help_program(const char *description,
				const char *const *lines, int width,
				const char *page);

/*
 * Block the polite termination signals (SIGINT, SIGTERM, SIGHUP,
 * SIGQUIT) while a step that would leave a file behind if cut short
 * runs (unshare --TYPE=FILE from create to bind, netns add from
 * placeholder to bind): they are delivered once the caller restores
 * @ret_old. SIGKILL cannot wait (see unshare(1), netns(8)).
 */
void tool_hold_signals(sigset_t *ret_old);

/* "prog from nstools VERSION" on stdout, exit 0. */
noreturn void tool_print_version(void);

/*
 * The locale of a tool whose output is messages only (getopt's and
 * strerror's words, in the charset of LC_CTYPE; a program it runs gets
 * the environment, not our locale): LC_CTYPE and LC_MESSAGES from the
 * environment, and nothing at all for the C locales, which translate
 * nothing. setlocale(LC_ALL, "") costs some 70 system calls, a third of
 * a whole run of unshare or nsenter.
 */
void tool_init_locale(void);

/*
 * Call first: when stdin, stdout or stderr is closed ("prog >&-"), put
 * /dev/null there, close-on-exec: our own output goes nowhere without
 * an error (as in util-linux), no file the tool opens later lands on
 * fd 0-2 and receives it, and a program the tool runs still finds the
 * fd closed, as its caller left it.
 */
void tool_guard_stdout(void);

/* Flush stdout and turn a write error into exit status 1. */
int tool_close_stdout(void);

#endif
