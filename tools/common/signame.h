/* SPDX-License-Identifier: MIT */
/* Signals by name, as util-linux's options take them (--kill-child). */
#ifndef NSTOOLS_SIGNAME_H
#define NSTOOLS_SIGNAME_H

/*
 * The signal @s names, with or without "SIG", in any case ("term",
 * "SIGKILL"). Not by number: util-linux 2.42 says "unknown signal: 9".
 * -EINVAL for anything else.
 */
int tool_signal_by_name(const char *s);

#endif
