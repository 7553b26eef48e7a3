// SPDX-License-Identifier: MIT
/*
 * Unit tests of tools/common/signame.c: signal names as util-linux 2.42
 * takes them for unshare --kill-child (observed on 2.42.4).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdio.h>

#include "signame.h"
#include "testutil.h"

START_TEST(test_names)
{
	ck_assert_int_eq(tool_signal_parse("KILL"), SIGKILL);
	ck_assert_int_eq(tool_signal_parse("SIGTERM"), SIGTERM);
	ck_assert_int_eq(tool_signal_parse("sigkill"), SIGKILL);
	ck_assert_int_eq(tool_signal_parse("SiGuSr1"), SIGUSR1);
	/* the aliases */
	ck_assert_int_eq(tool_signal_parse("IOT"), SIGABRT);
	ck_assert_int_eq(tool_signal_parse("SIGCLD"), SIGCHLD);
	ck_assert_int_eq(tool_signal_parse("POLL"), SIGIO);
	ck_assert_int_eq(tool_signal_parse("IO"), SIGIO);
	ck_assert_int_eq(tool_signal_parse("PWR"), SIGPWR);
	ck_assert_int_eq(tool_signal_parse("STKFLT"), SIGSTKFLT);
	ck_assert_int_eq(tool_signal_parse("SYS"), SIGSYS);
}
END_TEST

START_TEST(test_realtime)
{
	int span = SIGRTMAX - SIGRTMIN;
	char buf[32];

	ck_assert_int_eq(tool_signal_parse("RTMIN+1"), SIGRTMIN + 1);
	ck_assert_int_eq(tool_signal_parse("SIGRTMIN+1"), SIGRTMIN + 1);
	ck_assert_int_eq(tool_signal_parse("rtmin+0"), SIGRTMIN);
	ck_assert_int_eq(tool_signal_parse("RTMAX-0"), SIGRTMAX);
	ck_assert_int_eq(tool_signal_parse("SIGRTMAX-1"), SIGRTMAX - 1);
	ck_assert_int_eq(tool_signal_parse("sigrtmax-1"), SIGRTMAX - 1);
	/* decimal, a leading zero is no octal */
	ck_assert_int_eq(tool_signal_parse("RTMIN+010"), SIGRTMIN + 10);
	snprintf(buf, sizeof(buf), "RTMIN+%d", span);
	ck_assert_int_eq(tool_signal_parse(buf), SIGRTMAX);
	snprintf(buf, sizeof(buf), "RTMAX-%d", span);
	ck_assert_int_eq(tool_signal_parse(buf), SIGRTMIN);
	snprintf(buf, sizeof(buf), "RTMIN+%d", span + 1);
	ck_assert_int_eq(tool_signal_parse(buf), -EINVAL);
	snprintf(buf, sizeof(buf), "RTMAX-%d", span + 1);
	ck_assert_int_eq(tool_signal_parse(buf), -EINVAL);
}
END_TEST

/* What 2.42 refuses, and what we refuse beyond it (trailing bytes). */
START_TEST(test_refused)
{
	static const char *const bad[] = {
		"", "SIG", "RTMIN", "RTMAX", "SIGRTMIN", "RTMIN+", "RTMIN-1",
		"RTMAX+1", "RTMIN+-1", "RTMIN++1", "RTMAX-+1", "RTMIN+ 1",
		"9", "SIG9", "0", "64", "UNUSED", "EMT", "LOST", " KILL",
		"KILL ", "HUP+1", "RTMIN+99999999999999999999", "RTMIN+1x",
		"RTMIN+1.5", "RTMIN+0x1",
	};

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		ck_assert_msg(tool_signal_parse(bad[i]) == -EINVAL,
			      "\"%s\" accepted", bad[i]);
}
END_TEST

static Suite *signame_suite(void)
{
	Suite *s = suite_create("signame");
	TCase *tc = tcase_create("parse");

	tcase_add_test(tc, test_names);
	tcase_add_test(tc, test_realtime);
	tcase_add_test(tc, test_refused);
	suite_add_tcase(s, tc);
	return s;
}

int main(int argc, char **argv)
{
	return tu_main(argc, argv, signame_suite);
}
