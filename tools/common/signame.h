/* SPDX-License-Identifier: MIT */
/*
 * Signal names as util-linux 2.42 takes them (unshare --kill-child):
 * a name with or without "SIG", in any case (KILL, sigterm, the
 * aliases IOT, CLD and POLL), or a real-time signal counted from
 * either end, RTMIN+N and RTMAX-N. Not a number, and not RTMIN or
 * RTMAX alone (2.42 refuses them).
 */
#ifndef NSTOOLS_SIGNAME_H
#define NSTOOLS_SIGNAME_H

/*
 * The signal @s names, or -EINVAL. N is decimal digits only (2.42 also
 * takes "RTMIN+1x" as RTMIN+1: we do not, see unshare(1) NOTES), and
 * the signal must lie within SIGRTMIN..SIGRTMAX.
 */
int tool_signal_parse(const char *s);

#endif
