// SPDX-License-Identifier: MIT
/*
 * unshare --kill-child=SIGNAL: a signal by name, with or without
 * "SIG", in any case, or RTMIN+N / RTMAX-N; never by number (the tools
 * kit: tools/common/signame.c). The input is the argument. Checks: a
 * name taken is a signal whose abbreviation it spells (after an
 * optional "SIG"), one of the aliases IOT, CLD, POLL/IO, or a real-time
 * signal spelt from RTMIN or RTMAX; a number is never taken.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <string.h>
#include <strings.h>

#include "fuzz.h"
#include "signame.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = fuzz_string(data, size);
	int sig;

	if (!s)
		return 0;
	sig = tool_signal_parse(s);
	if (sig < 0) {
		FUZZ_CHECK(sig == -EINVAL);
	} else {
		const char *abbrev = sigabbrev_np(sig);
		const char *name = strncasecmp(s, "SIG", 3) == 0 ? s + 3 : s;

		FUZZ_CHECK(sig > 0 && sig < NSIG);
		if (strncasecmp(name, "RTMIN", 5) == 0 ||
		    strncasecmp(name, "RTMAX", 5) == 0)
			FUZZ_CHECK(sig >= SIGRTMIN && sig <= SIGRTMAX);
		else if (strcasecmp(name, "IOT") == 0)
			FUZZ_CHECK(sig == SIGABRT);
		else if (strcasecmp(name, "CLD") == 0)
			FUZZ_CHECK(sig == SIGCHLD);
		else if (strcasecmp(name, "POLL") == 0 ||
			 strcasecmp(name, "IO") == 0)
			FUZZ_CHECK(sig == SIGIO);
		else
			FUZZ_CHECK(abbrev && strcasecmp(abbrev, name) == 0);
		FUZZ_CHECK(!(s[0] >= '0' && s[0] <= '9'));
	}
	free(s);
	return 0;
}
