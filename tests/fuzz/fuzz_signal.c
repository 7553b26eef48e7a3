// SPDX-License-Identifier: MIT
/*
 * unshare --kill-child=SIGNAL: a signal by name, with or without
 * "SIG", in any case; never by number (the tools kit:
 * tools/common/signame.c). The input is the argument. Checks: a name
 * taken is a signal whose abbreviation it spells (after an optional
 * "SIG"); a number is never taken.
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
	sig = tool_signal_by_name(s);
	if (sig < 0) {
		FUZZ_CHECK(sig == -EINVAL);
	} else {
		const char *abbrev = sigabbrev_np(sig);
		const char *name = strncasecmp(s, "SIG", 3) == 0 ? s + 3 : s;

		FUZZ_CHECK(sig > 0 && sig < NSIG);
		FUZZ_CHECK(abbrev && strcasecmp(abbrev, name) == 0);
		FUZZ_CHECK(!(s[0] >= '0' && s[0] <= '9'));
	}
	free(s);
	return 0;
}
