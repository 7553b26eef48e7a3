// SPDX-License-Identifier: MIT
/* Unit tests of tools/common/optexcl.c: mutually exclusive options. */
#define _GNU_SOURCE
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "libns/base.h"
#include "optexcl.h"
#include "testutil.h"

enum { OPT_LONG_ONLY = 0x100 };

static const struct option longopts[] = {
	{ "json", no_argument, NULL, 'J' },
	{ "raw", no_argument, NULL, 'r' },
	{ "list", no_argument, NULL, 'l' },
	{ "wd", required_argument, NULL, 'w' },
	{ "wdns", required_argument, NULL, 'W' },
	{ "long-only", no_argument, NULL, OPT_LONG_ONLY },
	{ NULL, 0, NULL, 0 },
};

static const struct tool_excl_group excl[] = {
	{ { 'J', 'r', OPT_LONG_ONLY } },
	{ { 'W', 'w', 'x' } },
};

START_TEST(test_conflict)
{
	int seen[NS_ARRAY_SIZE(excl)] = { 0 };
	int earlier = 4242;

	/* others, and one of each group, and repeats: fine */
	ck_assert_int_eq(tool_excl_conflict(excl, 2, seen, 'l', &earlier), 0);
	ck_assert_int_eq(tool_excl_conflict(excl, 2, seen, 'r', &earlier), 0);
	ck_assert_int_eq(tool_excl_conflict(excl, 2, seen, 'w', &earlier), 0);
	ck_assert_int_eq(tool_excl_conflict(excl, 2, seen, 'r', &earlier), 0);
	ck_assert_int_eq(tool_excl_conflict(excl, 2, seen, 'w', &earlier), 0);
	ck_assert_int_eq(earlier, 4242);
	/* the second of a group names the first */
	ck_assert_int_eq(tool_excl_conflict(excl, 2, seen, 'J', &earlier), 1);
	ck_assert_int_eq(earlier, 'r');
	ck_assert_int_eq(tool_excl_conflict(excl, 2, seen, OPT_LONG_ONLY,
					    &earlier), 1);
	ck_assert_int_eq(earlier, 'r');
	ck_assert_int_eq(tool_excl_conflict(excl, 2, seen, 'x', &earlier), 1);
	ck_assert_int_eq(earlier, 'w');
}
END_TEST

START_TEST(test_option_name)
{
	ck_assert_str_eq(tool_option_name(longopts, 'J'), "json");
	ck_assert_str_eq(tool_option_name(longopts, OPT_LONG_ONLY),
			 "long-only");
	ck_assert_ptr_null(tool_option_name(longopts, 'x'));
	ck_assert_ptr_null(tool_option_name(NULL, 'J'));
}
END_TEST

struct excl_run {
	const int *opts;
	size_t n;
};

static void run_excl(void *arg)
{
	const struct excl_run *run = arg;
	int seen[NS_ARRAY_SIZE(excl)] = { 0 };

	for (size_t i = 0; i < run->n; i++)
		tool_excl_check(excl, NS_ARRAY_SIZE(excl), seen, run->opts[i],
				longopts);
}

/* Run tool_excl_check on @opts in a child: its exit code and stderr. */
static int check_in_child(const int *opts, size_t n, char *err, size_t size)
{
	struct excl_run run = { opts, n };
	int status = tu_run_stderr(run_excl, &run, err, size);

	ck_assert(WIFEXITED(status));
	return WEXITSTATUS(status);
}

/*
 * @opts (@n of them) are refused in a child: exit 1, and the message
 * names @pair ("--json and --raw").
 */
static void expect_refused(const int *opts, size_t n, const char *pair)
{
	char err[256], want[256];

	ck_assert_int_eq(check_in_child(opts, n, err, sizeof(err)), 1);
	snprintf(want, sizeof(want), "%s: options %s cannot be combined\n",
		 program_invocation_short_name, pair);
	ck_assert_str_eq(err, want);
}

START_TEST(test_check_message)
{
	const int ok[] = { 'J', 'l', 'J', 'w' };
	const int jr[] = { 'J', 'l', 'r' };
	const int rj[] = { 'r', 'J' };
	const int wx[] = { 'w', 'x' };
	const int lo[] = { OPT_LONG_ONLY, 'J' };
	char err[256];

	ck_assert_int_eq(check_in_child(ok, NS_ARRAY_SIZE(ok), err, sizeof(err)),
			 0);
	ck_assert_str_eq(err, "");
	/* util-linux 2.42's words; the options in the order given */
	expect_refused(jr, NS_ARRAY_SIZE(jr), "--json and --raw");
	expect_refused(rj, NS_ARRAY_SIZE(rj), "--raw and --json");
	/* an option without a long name */
	expect_refused(wx, NS_ARRAY_SIZE(wx), "--wd and -x");
	expect_refused(lo, NS_ARRAY_SIZE(lo), "--long-only and --json");
}
END_TEST

static Suite *optexcl_suite(void)
{
	Suite *s = suite_create("optexcl");
	TCase *tc = tcase_create("optexcl");

	tcase_add_test(tc, test_conflict);
	tcase_add_test(tc, test_option_name);
	tcase_add_test(tc, test_check_message);
	suite_add_tcase(s, tc);
	return s;
}

int main(int argc, char **argv)
{
	return tu_main(argc, argv, optexcl_suite);
}
