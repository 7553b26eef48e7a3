// SPDX-License-Identifier: MIT
/* Shared messages, usage errors and version output of the tools. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <locale.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config.h"
#include "nls.h"
#include "toolutil.h"

const char *tool_name(void)
{
	return program_invocation_short_name;
}

static void vwarn(int err, const char *fmt, va_list ap)
	__attribute__((format(printf, 2, 0)));

static bool is_control(unsigned char c)
{
	return c < 0x20 || c == 0x7f;
}

char *tool_escape(const char *text)
{
	size_t n = 0;
	char *out, *o;

	for (const char *p = text; *p; p++)
		n += is_control((unsigned char)*p) ? 4 : 1;
	out = malloc(n + 1);
	if (!out)
		return NULL;
	o = out;
	for (const unsigned char *p = (const unsigned char *)text; *p; p++) {
		if (!is_control(*p))
			*o++ = (char)*p;
		else if (*p == '\n' || *p == '\t' || *p == '\r')
			o += sprintf(o, "\\%c",
				     *p == '\n' ? 'n' : *p == '\t' ? 't' : 'r');
		else
			o += sprintf(o, "\\x%02x", *p);
	}
	*o = '\0';
	return out;
}

static void vwarn(int err, const char *fmt, va_list ap)
{
	char *text, *esc = NULL;
	va_list copy;

	fflush(stdout);
	va_copy(copy, ap);
	if (vasprintf(&text, _(fmt), copy) >= 0) {
		esc = tool_escape(text);
		free(text);
	}
	va_end(copy);
	if (!esc) { /* no memory for the copy: as it is */
		fprintf(stderr, "%s: ", tool_name());
		vfprintf(stderr, _(fmt), ap);
		fprintf(stderr, "%s%s\n", err < 0 ? ": " : "",
			err < 0 ? strerror(-err) : "");
		return;
	}
	/* one write (stderr has no buffer): one line, whole */
	fprintf(stderr, "%s: %s%s%s\n", tool_name(), esc, err < 0 ? ": " : "",
		err < 0 ? strerror(-err) : "");
	free(esc);
}

void tool_warn(int err, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vwarn(err, fmt, ap);
	va_end(ap);
}

noreturn void tool_usage_hint(void)
{
	fprintf(stderr, _("Try '%s --help' for more information.\n"),
		tool_name());
	exit(TOOL_EXIT_FAILURE);
}

noreturn void tool_usage_error(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vwarn(0, fmt, ap);
	va_end(ap);
	tool_usage_hint();
}

void tool_help_lines(const char *const *lines)
{
	for (; *lines; lines++)
		fputs(strcmp(*lines, "\n") == 0 ? *lines : _(*lines), stdout);
}

void tool_help_options(int width)
{
	printf("%-*s%s\n", width, " -h, --help", _("display this help"));
	printf("%-*s%s\n", width, " -V, --version", _("display version"));
}

noreturn void tool_help_program(const char *description,
				const char *const *lines, int width,
				const char *page)
{
	/* one message per line, as util-linux: its translation of each */
	fputs(_("\nUsage:\n"), stdout);
	printf(_(" %s [options] [<program> [<argument>...]]\n"), tool_name());
	fputs("\n", stdout);
	fputs(_(description), stdout);
	fputs(_("\nOptions:\n"), stdout);
	tool_help_lines(lines);
	tool_help_options(width);
	printf(_("\nFor more details see %s.\n"), page);
	exit(tool_close_stdout());
}

void tool_hold_signals(sigset_t *ret_old)
{
	sigset_t set;

	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGHUP);
	sigaddset(&set, SIGQUIT);
	sigprocmask(SIG_BLOCK, &set, ret_old);
}

noreturn void tool_print_version(void)
{
	printf("%s from %s %s\n", tool_name(), PACKAGE_NAME, PACKAGE_VERSION);
	exit(tool_close_stdout());
}

void tool_guard_stdout(void)
{
	for (int target = STDIN_FILENO; target <= STDERR_FILENO; target++) {
		int fd;

		if (fcntl(target, F_GETFD) >= 0 || errno != EBADF)
			continue;
		/*
		 * Close-on-exec: a program we run finds the fd closed, as
		 * it was given to us ("unshare cmd >&-" makes cmd's
		 * writes fail, as with util-linux). The lower ones are
		 * open by now, so the new fd lands on @target.
		 */
		fd = open("/dev/null", (target == STDIN_FILENO ? O_RDONLY
							       : O_WRONLY) |
					       O_CLOEXEC);
		if (fd >= 0 && fd != target) {
			if (dup3(fd, target, O_CLOEXEC) < 0) {
				close(fd);
				fd = -1;
			} else {
				close(fd);
				fd = target;
			}
		}
		if (fd < 0) {
			tool_warn(-errno, "cannot open %s", "/dev/null");
			exit(TOOL_EXIT_FAILURE);
		}
	}
}

int tool_close_stdout(void)
{
	if (fflush(stdout) != 0 || ferror(stdout)) {
		/* A closed pipe is the reader's choice, not our failure. */
		if (errno == EPIPE)
			return TOOL_EXIT_OK;
		fprintf(stderr, "%s: %s: %s\n", tool_name(), _("write error"),
			strerror(errno));
		return TOOL_EXIT_FAILURE;
	}
	return TOOL_EXIT_OK;
}

void tool_init_locale(void)
{
	const char *name = getenv("LC_ALL");

	if (!name || !*name)
		name = getenv("LC_MESSAGES");
	if (!name || !*name)
		name = getenv("LANG");
	if (!name || !*name || strcmp(name, "C") == 0 ||
	    strcmp(name, "POSIX") == 0 || strncmp(name, "C.", 2) == 0)
		return;
	setlocale(LC_CTYPE, "");
	setlocale(LC_MESSAGES, "");
	tool_init_nls();
}
