// SPDX-License-Identifier: MIT
/*
 * Unit tests of tools/common/columns.c: column tables, -o/+LIST/
 * --output-all and the -H listing.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <libsmartcols.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "columns.h"
#include "libns/base.h"
#include "testutil.h"

enum { C_ID, C_NAME, C_SIZE, C_FLAG, C_COUNT };

static const struct tool_column cols[C_COUNT] = {
	[C_ID] = { "ID", 5, SCOLS_FL_RIGHT, TOOL_COL_NUMBER, "the id", 1 },
	[C_NAME] = { "NAME", 0, SCOLS_FL_TRUNC, TOOL_COL_STRING,
		     "its name here", 2 },
	[C_SIZE] = { "SIZE", 0, SCOLS_FL_RIGHT, TOOL_COL_NUMBER_OR_STRING,
		     "how big", 4 },
	[C_FLAG] = { "FLAG-X", 0, 0, TOOL_COL_BOOLEAN, "set or not", 8 },
};

static const struct tool_columns table = {
	.cols = cols,
	.count = C_COUNT,
	.name = "test-columns",
};

START_TEST(test_lookup)
{
	ck_assert_int_eq(tool_column_lookup(&table, "ID", 2), C_ID);
	ck_assert_int_eq(tool_column_lookup(&table, "name", 4), C_NAME);
	ck_assert_int_eq(tool_column_lookup(&table, "Flag-x", 6), C_FLAG);
	/* only @len bytes count */
	ck_assert_int_eq(tool_column_lookup(&table, "SIZE,ID", 4), C_SIZE);
	ck_assert_int_eq(tool_column_lookup(&table, "SIZ", 3), -1);
	ck_assert_int_eq(tool_column_lookup(&table, "IDX", 3), -1);
	ck_assert_int_eq(tool_column_lookup(&table, "", 0), -1);
	ck_assert_int_eq(tool_column_lookup_cb("size", 4, (void *)&table),
			 C_SIZE);
}
END_TEST

START_TEST(test_types)
{
	ck_assert_str_eq(tool_col_type_name(TOOL_COL_NUMBER), "<integer>");
	ck_assert_str_eq(tool_col_type_name(TOOL_COL_STRING), "<string>");
	ck_assert_str_eq(tool_col_type_name(TOOL_COL_BOOLEAN), "<boolean>");
	ck_assert_str_eq(tool_col_type_name(TOOL_COL_NUMBER_OR_STRING),
			 "<string>");
	ck_assert_int_eq(tool_col_json_type(TOOL_COL_NUMBER),
			 SCOLS_JSON_NUMBER);
	ck_assert_int_eq(tool_col_json_type(TOOL_COL_STRING),
			 SCOLS_JSON_STRING);
	ck_assert_int_eq(tool_col_json_type(TOOL_COL_BOOLEAN),
			 SCOLS_JSON_BOOLEAN);
}
END_TEST

static void expect_ids(const struct tool_output *o, const int *want,
		       size_t n)
{
	ck_assert_uint_eq(o->count, n);
	for (size_t i = 0; i < n; i++)
		ck_assert_msg(o->ids[i] == want[i], "ids[%zu] = %d, not %d", i,
			      o->ids[i], want[i]);
}

static const int defaults[] = { C_NAME, C_ID };

START_TEST(test_output_defaults)
{
	struct tool_output o = { 0 };
	const int want[] = { C_NAME, C_ID };

	ck_assert_int_eq(tool_output_finish(&o, &table, defaults, 2), 0);
	expect_ids(&o, want, NS_ARRAY_SIZE(want));
}
END_TEST

START_TEST(test_output_list)
{
	struct tool_output o = { 0 };
	const int want[] = { C_SIZE, C_ID, C_SIZE };

	ck_assert_int_eq(tool_output_parse(&o, &table, "NAME", NULL), 0);
	/* a second LIST replaces the first */
	ck_assert_int_eq(tool_output_parse(&o, &table, "size,ID,Size", NULL),
			 0);
	o.all = true; /* -o LIST is taken as is, even with --output-all */
	ck_assert_int_eq(tool_output_finish(&o, &table, defaults, 2), 0);
	expect_ids(&o, want, NS_ARRAY_SIZE(want));
}
END_TEST

START_TEST(test_output_plus)
{
	struct tool_output o = { 0 };
	const int want[] = { C_NAME, C_ID, C_SIZE, C_FLAG };
	const int want_all[] = { C_ID, C_NAME, C_SIZE, C_FLAG, C_SIZE };

	ck_assert_int_eq(tool_output_parse(&o, &table, "+SIZE", NULL), 0);
	ck_assert_int_eq(tool_output_parse(&o, &table, "+FLAG-X", NULL), 0);
	ck_assert_int_eq(tool_output_finish(&o, &table, defaults, 2), 0);
	expect_ids(&o, want, NS_ARRAY_SIZE(want));

	memset(&o, 0, sizeof(o));
	o.all = true;
	ck_assert_int_eq(tool_output_parse(&o, &table, "+SIZE", NULL), 0);
	ck_assert_int_eq(tool_output_finish(&o, &table, defaults, 2), 0);
	expect_ids(&o, want_all, NS_ARRAY_SIZE(want_all));
}
END_TEST

START_TEST(test_output_errors)
{
	struct tool_output o = { 0 };
	struct tool_collist_error err = { 0 };
	const int want[] = { C_ID };
	char big[4 * TOOL_MAX_COLUMNS];

	ck_assert_int_eq(tool_output_parse(&o, &table, "ID", NULL), 0);
	ck_assert_int_eq(tool_output_parse(&o, &table, "NAME,BOGUS", &err),
			 -EINVAL);
	ck_assert_uint_eq(err.len, 5);
	ck_assert_int_eq(strncmp(err.name, "BOGUS", 5), 0);
	ck_assert_int_eq(tool_output_parse(&o, &table, "+BOGUS", &err),
			 -EINVAL);
	/* unchanged by the failures */
	ck_assert(o.given && !o.plus);
	expect_ids(&o, want, NS_ARRAY_SIZE(want));

	/* too many */
	big[0] = '\0';
	for (size_t i = 0; i <= TOOL_MAX_COLUMNS; i++)
		strcat(big, i ? ",ID" : "ID");
	ck_assert_int_eq(tool_output_parse(&o, &table, big, &err), -E2BIG);
	expect_ids(&o, want, NS_ARRAY_SIZE(want));
	/* the defaults must fit too */
	memset(&o, 0, sizeof(o));
	ck_assert_int_eq(tool_output_parse(&o, &table, big + 3, &err), 0);
	ck_assert_uint_eq(o.count, TOOL_MAX_COLUMNS);
	o.plus = true;
	ck_assert_int_eq(tool_output_finish(&o, &table, defaults, 2), -E2BIG);
	ck_assert_uint_eq(o.count, TOOL_MAX_COLUMNS);
}
END_TEST

static char *list(unsigned int flags)
{
	char *buf = NULL;
	size_t size = 0;
	FILE *out = open_memstream(&buf, &size);

	ck_assert_ptr_nonnull(out);
	ck_assert_int_eq(tool_list_columns(&table, flags, out), 0);
	ck_assert_int_eq(fclose(out), 0);
	return buf;
}

/* -H as util-linux 2.42 prints it: no header, whatever -n says. */
START_TEST(test_list_plain)
{
	char *s = list(0);

	ck_assert_str_eq(s, "    ID <integer> the id\n"
			    "  NAME <string>  its name here\n"
			    "  SIZE <string>  how big\n"
			    "FLAG-X <boolean> set or not\n");
	free(s);
}
END_TEST

START_TEST(test_list_raw)
{
	char *s = list(TOOL_LIST_RAW);

	ck_assert_str_eq(s, "ID <integer> the\\x20id\n"
			    "NAME <string> its\\x20name\\x20here\n"
			    "SIZE <string> how\\x20big\n"
			    "FLAG-X <boolean> set\\x20or\\x20not\n");
	free(s);
}
END_TEST

START_TEST(test_list_json)
{
	char *s = list(TOOL_LIST_JSON | TOOL_LIST_RAW);

	ck_assert_str_eq(s, "{\n"
			    "   \"test-columns\": [\n"
			    "      {\n"
			    "         \"holder\": \"ID\",\n"
			    "         \"type\": \"<integer>\",\n"
			    "         \"description\": \"the id\"\n"
			    "      },{\n"
			    "         \"holder\": \"NAME\",\n"
			    "         \"type\": \"<string>\",\n"
			    "         \"description\": \"its name here\"\n"
			    "      },{\n"
			    "         \"holder\": \"SIZE\",\n"
			    "         \"type\": \"<string>\",\n"
			    "         \"description\": \"how big\"\n"
			    "      },{\n"
			    "         \"holder\": \"FLAG-X\",\n"
			    "         \"type\": \"<boolean>\",\n"
			    "         \"description\": \"set or not\"\n"
			    "      }\n"
			    "   ]\n"
			    "}\n");
	free(s);
}
END_TEST

static Suite *columns_suite(void)
{
	Suite *s = suite_create("columns");
	TCase *tc = tcase_create("table");

	tcase_add_test(tc, test_lookup);
	tcase_add_test(tc, test_types);
	suite_add_tcase(s, tc);

	tc = tcase_create("output");
	tcase_add_test(tc, test_output_defaults);
	tcase_add_test(tc, test_output_list);
	tcase_add_test(tc, test_output_plus);
	tcase_add_test(tc, test_output_errors);
	suite_add_tcase(s, tc);

	tc = tcase_create("list");
	tcase_add_test(tc, test_list_plain);
	tcase_add_test(tc, test_list_raw);
	tcase_add_test(tc, test_list_json);
	suite_add_tcase(s, tc);
	return s;
}

int main(int argc, char **argv)
{
	return tu_main(argc, argv, columns_suite);
}
