// SPDX-License-Identifier: MIT
/*
 * Unit tests of tools/common/nsopts.c: the namespace-type options made
 * from the type table (long and short, with the tool's own after
 * them), and getopt's value back to the type.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <getopt.h>
#include <string.h>

#include "nsopts.h"
#include "testutil.h"

static const struct option other[] = {
	{ "help", no_argument, NULL, 'h' },
	{ "fork", no_argument, NULL, 'f' },
};

#define N_LONG (NS_TYPE_COUNT + 2 + 1)

START_TEST(test_options_plain)
{
	struct option longopts[N_LONG];
	char shortopts[TOOL_NS_SHORTOPTS_MAX + 8];

	memset(longopts, 0xff, sizeof(longopts));
	tool_ns_options(other, 2, "hf", "", longopts, shortopts);
	ck_assert_str_eq(shortopts, "+mniUpuCThf");
	for (unsigned int t = 0; t < NS_TYPE_COUNT; t++) {
		const struct ns_type_info *info = ns_type_info((enum ns_kind)t);

		ck_assert_str_eq(longopts[t].name, info->option);
		ck_assert_int_eq(longopts[t].has_arg, optional_argument);
		ck_assert_ptr_null(longopts[t].flag);
		ck_assert_int_eq(longopts[t].val, info->option_char);
	}
	ck_assert_str_eq(longopts[NS_TYPE_COUNT].name, "help");
	ck_assert_int_eq(longopts[NS_TYPE_COUNT + 1].val, 'f');
	/* the terminator */
	ck_assert_ptr_null(longopts[NS_TYPE_COUNT + 2].name);
	ck_assert_int_eq(longopts[NS_TYPE_COUNT + 2].val, 0);
}
END_TEST

/* nsenter's "::" after each letter: the longest string there is. */
START_TEST(test_options_suffix)
{
	struct option longopts[NS_TYPE_COUNT + 1];
	char shortopts[TOOL_NS_SHORTOPTS_MAX + 1];

	tool_ns_options(NULL, 0, "", "::", longopts, shortopts);
	ck_assert_str_eq(shortopts, "+m::n::i::U::p::u::C::T::");
	/* the room is that of the type options, the NUL is the tool's */
	ck_assert_uint_eq(strlen(shortopts), TOOL_NS_SHORTOPTS_MAX);
	ck_assert_str_eq(longopts[NS_TYPE_MNT].name, "mount");
	ck_assert_ptr_null(longopts[NS_TYPE_COUNT].name);
}
END_TEST

/* What getopt_long makes of a command line with these options. */
START_TEST(test_options_with_getopt)
{
	struct option longopts[N_LONG];
	char shortopts[TOOL_NS_SHORTOPTS_MAX + 8];
	char *argv[] = { "prog", "--net=/run/x", "-u", "-f", "prog2", "-m",
			 NULL };
	enum ns_kind type;
	int c;

	tool_ns_options(other, 2, "hf", "", longopts, shortopts);
	optind = 0;
	opterr = 0;
	c = getopt_long(6, argv, shortopts, longopts, NULL);
	ck_assert_int_eq(c, 'n');
	ck_assert_str_eq(optarg, "/run/x");
	ck_assert_int_eq(tool_ns_option_type(c, &type), 0);
	ck_assert_int_eq(type, NS_TYPE_NET);
	c = getopt_long(6, argv, shortopts, longopts, NULL);
	ck_assert_int_eq(tool_ns_option_type(c, &type), 0);
	ck_assert_int_eq(type, NS_TYPE_UTS);
	ck_assert_int_eq(getopt_long(6, argv, shortopts, longopts, NULL),
			 'f');
	/* "+": the options end at the program */
	ck_assert_int_eq(getopt_long(6, argv, shortopts, longopts, NULL),
			 -1);
	ck_assert_int_eq(optind, 4);
}
END_TEST

START_TEST(test_option_type)
{
	enum ns_kind type = NS_TYPE_COUNT;

	for (unsigned int t = 0; t < NS_TYPE_COUNT; t++) {
		ck_assert_int_eq(tool_ns_option_type(
				ns_type_info((enum ns_kind)t)->option_char,
				&type), 0);
		ck_assert_int_eq(type, t);
	}
	type = NS_TYPE_COUNT;
	ck_assert_int_eq(tool_ns_option_type('f', &type), -EINVAL);
	ck_assert_int_eq(tool_ns_option_type(0x100, &type), -EINVAL);
	ck_assert_int_eq(tool_ns_option_type(-1, &type), -EINVAL);
	ck_assert_int_eq(type, NS_TYPE_COUNT);
}
END_TEST

/* Table order decides getopt's list of an ambiguous abbreviation. */
START_TEST(test_options_order)
{
	static const char *const order[] = { "uts", "nstest-none", "fork",
					     "mount", NULL };
	struct option longopts[N_LONG];
	char shortopts[TOOL_NS_SHORTOPTS_MAX + 8];

	tool_ns_options(other, 2, "hf", "", longopts, shortopts);
	tool_options_order(longopts, N_LONG - 1, order);
	ck_assert_str_eq(longopts[0].name, "uts");
	ck_assert_str_eq(longopts[1].name, "fork");
	ck_assert_str_eq(longopts[2].name, "mount");
	/* the rest as it was: the types in table order, then help */
	ck_assert_str_eq(longopts[3].name,
			 ns_type_info((enum ns_kind)1)->option);
	ck_assert_str_eq(longopts[N_LONG - 2].name, "help");
	ck_assert_ptr_null(longopts[N_LONG - 1].name);
	/* no order: unchanged */
	tool_options_order(longopts, N_LONG - 1, NULL);
	ck_assert_str_eq(longopts[0].name, "uts");
}
END_TEST

enum { OPT_WD = 'w', OPT_WHITE = 0x101, OPT_LOAD = 'l', OPT_LOUP };

static const struct option primary[] = {
	{ "wd", required_argument, NULL, OPT_WD },
	{ "load-interp", required_argument, NULL, OPT_LOAD },
	{ "fork", no_argument, NULL, 'f' },
	{ 0 },
};

static const struct option all[] = {
	{ "wd", required_argument, NULL, OPT_WD },
	{ "load-interp", required_argument, NULL, OPT_LOAD },
	{ "fork", no_argument, NULL, 'f' },
	{ "whitelist-env", required_argument, NULL, OPT_WHITE },
	{ "lo-up", no_argument, NULL, OPT_LOUP },
	{ 0 },
};

/* getopt's value for the one option @arg (and its argument @next). */
static int one_option(const char *arg, const char *next,
		      const struct option *prim)
{
	char *argv[] = { "prog", (char *)arg, (char *)next, NULL };
	int argc = next ? 3 : 2;

	optind = 0;
	opterr = 0;
	return tool_getopt_long(argc, argv, "+fw:l:", all, prim);
}

/* Our own options never make util-linux's abbreviations ambiguous. */
START_TEST(test_getopt_prefers_util_linux)
{
	ck_assert_int_eq(one_option("--w", "/", primary), OPT_WD);
	ck_assert_str_eq(optarg, "/");
	ck_assert_int_eq(one_option("--w=/x", NULL, primary), OPT_WD);
	ck_assert_str_eq(optarg, "/x");
	ck_assert_int_eq(one_option("--l", "x", primary), OPT_LOAD);
	ck_assert_int_eq(one_option("--lo", "x", primary), OPT_LOAD);
	/* ours, in full or by a prefix util-linux has no option for */
	ck_assert_int_eq(one_option("--lo-up", NULL, primary), OPT_LOUP);
	ck_assert_int_eq(one_option("--lo-", NULL, primary), OPT_LOUP);
	ck_assert_int_eq(one_option("--wh", "A", primary), OPT_WHITE);
	ck_assert_int_eq(one_option("--whitelist-env=A", NULL, primary),
			 OPT_WHITE);
	/* no primary table: plain getopt_long, "--w" is ambiguous */
	ck_assert_int_eq(one_option("--w", "/", NULL), '?');
	ck_assert_int_eq(one_option("--nstest", NULL, primary), '?');
	/* short options and the end of options are left alone */
	ck_assert_int_eq(one_option("-f", NULL, primary), 'f');
	ck_assert_int_eq(one_option("--", NULL, primary), -1);
}
END_TEST

/* The element after a short option's argument is looked at afresh. */
START_TEST(test_getopt_sequence)
{
	char *argv[] = { "prog", "-w", "--l", "--w", "/", "-f", "--lo", "x",
			 "prog2", NULL };

	optind = 0;
	opterr = 0;
	ck_assert_int_eq(tool_getopt_long(9, argv, "+fw:l:", all, primary),
			 OPT_WD);
	ck_assert_str_eq(optarg, "--l");
	ck_assert_int_eq(tool_getopt_long(9, argv, "+fw:l:", all, primary),
			 OPT_WD);
	ck_assert_str_eq(optarg, "/");
	ck_assert_int_eq(tool_getopt_long(9, argv, "+fw:l:", all, primary),
			 'f');
	ck_assert_int_eq(tool_getopt_long(9, argv, "+fw:l:", all, primary),
			 OPT_LOAD);
	ck_assert_int_eq(tool_getopt_long(9, argv, "+fw:l:", all, primary),
			 -1);
	ck_assert_int_eq(optind, 8);
}
END_TEST

static Suite *nsopts_suite(void)
{
	Suite *s = suite_create("nsopts");
	TCase *tc = tcase_create("options");

	tcase_add_test(tc, test_options_plain);
	tcase_add_test(tc, test_options_suffix);
	tcase_add_test(tc, test_options_with_getopt);
	tcase_add_test(tc, test_option_type);
	tcase_add_test(tc, test_options_order);
	tcase_add_test(tc, test_getopt_prefers_util_linux);
	tcase_add_test(tc, test_getopt_sequence);
	suite_add_tcase(s, tc);
	return s;
}

int main(int argc, char **argv)
{
	return tu_main(argc, argv, nsopts_suite);
}
