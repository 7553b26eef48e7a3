// SPDX-License-Identifier: MIT
/* Unit tests of tools/common/signame.c: signals by name (--kill-child). */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>

#include "libns/base.h"
#include "signame.h"
#include "testutil.h"

START_TEST(test_names)
{
	static const struct {
		const char *name;
		int sig;
	} ok[] = {
		{ "KILL", SIGKILL },  { "SIGKILL", SIGKILL }, { "kill", SIGKILL },
		{ "sigterm", SIGTERM }, { "SigHup", SIGHUP }, { "USR1", SIGUSR1 },
		{ "SIGCHLD", SIGCHLD }, { "int", SIGINT },
	};

	for (size_t i = 0; i < NS_ARRAY_SIZE(ok); i++)
		ck_assert_msg(tool_signal_by_name(ok[i].name) == ok[i].sig,
			      "%s", ok[i].name);
}
END_TEST

START_TEST(test_refused)
{
	/* numbers too: util-linux 2.42 says "unknown signal: 9" */
	static const char *const bad[] = {
		"", "9", "SIG", "sig", "SIGSIGKILL", "KILL ", " KILL", "SIGKIL",
		"-9", "SIG9", "KILLX",
	};

	for (size_t i = 0; i < NS_ARRAY_SIZE(bad); i++)
		ck_assert_msg(tool_signal_by_name(bad[i]) == -EINVAL, "'%s'",
			      bad[i]);
	ck_assert_int_eq(tool_signal_by_name(NULL), -EINVAL);
}
END_TEST

static Suite *signame_suite(void)
{
	Suite *s = suite_create("signame");
	TCase *tc = tcase_create("signame");

	tcase_add_test(tc, test_names);
	tcase_add_test(tc, test_refused);
	suite_add_tcase(s, tc);
	return s;
}

int main(int argc, char **argv)
{
	return tu_main(argc, argv, signame_suite);
}
