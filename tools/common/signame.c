// SPDX-License-Identifier: MIT
/* Signals by name (signame.h). */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <string.h>
#include <strings.h>

#include "signame.h"

int tool_signal_by_name(const char *s)
{
	const char *name;

	if (!s)
		return -EINVAL;
	name = strncasecmp(s, "SIG", 3) == 0 ? s + 3 : s;
	for (int sig = 1; sig < NSIG; sig++) {
		const char *abbrev = sigabbrev_np(sig);

		if (abbrev && strcasecmp(abbrev, name) == 0)
			return sig;
	}
	return -EINVAL;
}
