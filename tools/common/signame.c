// SPDX-License-Identifier: MIT
/* Signal names as util-linux 2.42 takes them (signame.h). */
#define _GNU_SOURCE
#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "signame.h"

static const struct {
	const char *name;
	int sig;
} names[] = {
	{ "HUP", SIGHUP },	{ "INT", SIGINT },	{ "QUIT", SIGQUIT },
	{ "ILL", SIGILL },	{ "TRAP", SIGTRAP },	{ "ABRT", SIGABRT },
	{ "IOT", SIGIOT },	{ "BUS", SIGBUS },	{ "FPE", SIGFPE },
	{ "KILL", SIGKILL },	{ "USR1", SIGUSR1 },	{ "SEGV", SIGSEGV },
	{ "USR2", SIGUSR2 },	{ "PIPE", SIGPIPE },	{ "ALRM", SIGALRM },
	{ "TERM", SIGTERM },
#ifdef SIGSTKFLT
	{ "STKFLT", SIGSTKFLT },
#endif
	{ "CHLD", SIGCHLD },	{ "CLD", SIGCHLD },	{ "CONT", SIGCONT },
	{ "STOP", SIGSTOP },	{ "TSTP", SIGTSTP },	{ "TTIN", SIGTTIN },
	{ "TTOU", SIGTTOU },	{ "URG", SIGURG },	{ "XCPU", SIGXCPU },
	{ "XFSZ", SIGXFSZ },	{ "VTALRM", SIGVTALRM }, { "PROF", SIGPROF },
	{ "WINCH", SIGWINCH },	{ "IO", SIGIO },	{ "POLL", SIGPOLL },
#ifdef SIGPWR
	{ "PWR", SIGPWR },
#endif
	{ "SYS", SIGSYS },
};

/* The decimal digits that are all of @s, or -1. */
static long whole_number(const char *s)
{
	char *end;
	long n;

	if (*s < '0' || *s > '9')
		return -1;
	errno = 0;
	n = strtol(s, &end, 10);
	if (errno || *end)
		return -1;
	return n;
}

/* RTMIN+N, RTMAX-N (the "SIG" already off); 0 if not of that form. */
static int realtime(const char *s)
{
	long n;

	if (strncasecmp(s, "RTMIN+", 6) == 0) {
		n = whole_number(s + 6);
		if (n < 0 || n > SIGRTMAX - SIGRTMIN)
			return -EINVAL;
		return SIGRTMIN + (int)n;
	}
	if (strncasecmp(s, "RTMAX-", 6) == 0) {
		n = whole_number(s + 6);
		if (n < 0 || n > SIGRTMAX - SIGRTMIN)
			return -EINVAL;
		return SIGRTMAX - (int)n;
	}
	return 0;
}

int tool_signal_parse(const char *s)
{
	const char *name = strncasecmp(s, "SIG", 3) == 0 ? s + 3 : s;
	int sig;

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (strcasecmp(name, names[i].name) == 0)
			return names[i].sig;
	sig = realtime(name);
	return sig > 0 ? sig : -EINVAL;
}
