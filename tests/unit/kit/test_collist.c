// SPDX-License-Identifier: MIT
/* Unit tests of tools/common/collist.c (tools kit): "-o NAME,NAME" column lists. */
#include <errno.h>
#include <string.h>

#include "collist.h"
#include "libns/base.h"
#include "testutil.h"

static const char *const columns[] = { "A", "B", "CC", "NS-ID" };

struct lookup_state {
	size_t calls;
	const char *list; /* every name must point into it */
};

static int lookup(const char *name, size_t len, void *userdata)
{
	struct lookup_state *st = userdata;

	st->calls++;
	ck_assert_ptr_nonnull(name);
	if (st->list) {
		ck_assert(name >= st->list);
		ck_assert(name + len <= st->list + strlen(st->list));
	}
	for (size_t i = 0; i < NS_ARRAY_SIZE(columns); i++) {
		if (strlen(columns[i]) == len &&
		    memcmp(columns[i], name, len) == 0)
			return (int)i;
	}
	return -1;
}

/* Parse @list into a fresh array of @max ids. */
static int parse(const char *list, int *ids, size_t max, size_t *n,
		 struct tool_collist_error *err)
{
	struct lookup_state st = { .list = list };

	return tool_parse_column_list(list, lookup, &st, ids, max, n, err);
}

START_TEST(test_ok)
{
	int ids[8] = { 0 };
	size_t n = 0;

	ck_assert_int_eq(parse("A,B", ids, 8, &n, NULL), 0);
	ck_assert_uint_eq(n, 2);
	ck_assert_int_eq(ids[0], 0);
	ck_assert_int_eq(ids[1], 1);

	n = 0;
	ck_assert_int_eq(parse("CC", ids, 8, &n, NULL), 0);
	ck_assert_uint_eq(n, 1);
	ck_assert_int_eq(ids[0], 2);

	/* order kept, duplicates allowed, names with '-' */
	n = 0;
	ck_assert_int_eq(parse("NS-ID,CC,A,A", ids, 8, &n, NULL), 0);
	ck_assert_uint_eq(n, 4);
	ck_assert_int_eq(ids[0], 3);
	ck_assert_int_eq(ids[1], 2);
	ck_assert_int_eq(ids[2], 0);
	ck_assert_int_eq(ids[3], 0);
}
END_TEST

START_TEST(test_userdata)
{
	struct lookup_state st = { .list = "A,B,CC" };
	int ids[4];
	size_t n = 0;

	ck_assert_int_eq(tool_parse_column_list(st.list, lookup, &st, ids, 4,
					      &n, NULL),
			 0);
	ck_assert_uint_eq(st.calls, 3);
	ck_assert_uint_eq(n, 3);
}
END_TEST

START_TEST(test_append)
{
	int ids[8] = { 3, 2, -7, -7, -7, -7, -7, -7 };
	size_t n = 2;

	ck_assert_int_eq(parse("A,B", ids, 8, &n, NULL), 0);
	ck_assert_uint_eq(n, 4);
	ck_assert_int_eq(ids[0], 3);
	ck_assert_int_eq(ids[1], 2);
	ck_assert_int_eq(ids[2], 0);
	ck_assert_int_eq(ids[3], 1);
	ck_assert_int_eq(ids[4], -7);
}
END_TEST

START_TEST(test_no_plus)
{
	/* '+' (util-linux "add to the defaults") is the caller's job. */
	struct tool_collist_error err = { NULL, 0 };
	const char *list = "+A";
	int ids[4];
	size_t n = 0;

	ck_assert_int_eq(parse(list, ids, 4, &n, &err), -EINVAL);
	ck_assert_ptr_eq(err.name, list);
	ck_assert_uint_eq(err.len, 2);
	ck_assert_uint_eq(n, 0);
	ck_assert_int_eq(parse(list + 1, ids, 4, &n, &err), 0);
	ck_assert_uint_eq(n, 1);
	ck_assert_int_eq(ids[0], 0);
}
END_TEST

START_TEST(test_unknown)
{
	static const struct {
		const char *list;
		size_t off, len; /* the reported element */
	} bad[] = {
		{ "X", 0, 1 },	  { "A,X", 2, 1 },  { "A,XYZ,B", 2, 3 },
		{ "C", 0, 1 },	  { "CCC", 0, 3 },  { "a", 0, 1 },
		{ "A ,B", 0, 2 }, { "A, B", 2, 2 }, { "NS", 0, 2 },
		{ "A;B", 0, 3 },  { "A,B,Bogus", 4, 5 },
	};

	for (size_t i = 0; i < NS_ARRAY_SIZE(bad); i++) {
		struct tool_collist_error err = { NULL, 0 };
		int ids[8] = { 9, 9, 9, 9, 9, 9, 9, 9 };
		size_t n = 1;

		ck_assert_msg(parse(bad[i].list, ids, 8, &n, &err) == -EINVAL,
			      "'%s' accepted", bad[i].list);
		ck_assert_msg(err.name == bad[i].list + bad[i].off,
			      "'%s': reported offset %td", bad[i].list,
			      err.name - bad[i].list);
		ck_assert_uint_eq(err.len, bad[i].len);
		ck_assert_uint_eq(n, 1);
		ck_assert_int_eq(ids[0], 9);
	}
}
END_TEST

START_TEST(test_empty_element)
{
	static const char *const bad[] = { "A,,B", ",A", "A,", "", ",", ",,",
					   "A,B,," };

	for (size_t i = 0; i < NS_ARRAY_SIZE(bad); i++) {
		struct tool_collist_error err = { NULL, 99 };
		int ids[8] = { 9, 9, 9, 9, 9, 9, 9, 9 };
		size_t n = 0;

		ck_assert_msg(parse(bad[i], ids, 8, &n, &err) == -EINVAL,
			      "'%s' accepted", bad[i]);
		/* the whole list is reported */
		ck_assert_ptr_eq(err.name, bad[i]);
		ck_assert_uint_eq(err.len, strlen(bad[i]));
		ck_assert_uint_eq(n, 0);
	}
	/* without an error report */
	{
		int ids[4];
		size_t n = 0;

		ck_assert_int_eq(parse("A,,B", ids, 4, &n, NULL), -EINVAL);
		ck_assert_int_eq(parse("Q", ids, 4, &n, NULL), -EINVAL);
		ck_assert_uint_eq(n, 0);
	}
}
END_TEST

START_TEST(test_max)
{
	int ids[4] = { 5, 5, 5, 5 };
	size_t n = 0;

	/* exactly max fits */
	ck_assert_int_eq(parse("A,B", ids, 2, &n, NULL), 0);
	ck_assert_uint_eq(n, 2);

	n = 0;
	ck_assert_int_eq(parse("A,B,CC", ids, 2, &n, NULL), -E2BIG);
	ck_assert_uint_eq(n, 0);

	/* counting the ids already there */
	ids[0] = 3;
	n = 1;
	ck_assert_int_eq(parse("A,B", ids, 2, &n, NULL), -E2BIG);
	ck_assert_uint_eq(n, 1);
	ck_assert_int_eq(ids[0], 3);
	ck_assert_int_eq(ids[2], 5); /* nothing written beyond max */
	ck_assert_int_eq(ids[3], 5);

	n = 2;
	ck_assert_int_eq(parse("A", ids, 2, &n, NULL), -E2BIG);
	ck_assert_uint_eq(n, 2);
	n = 0;
	ck_assert_int_eq(parse("A", ids, 0, &n, NULL), -E2BIG);
	ck_assert_uint_eq(n, 0);
}
END_TEST

static Suite *collist_suite(void)
{
	Suite *s = suite_create("collist");
	TCase *tc = tcase_create("collist");

	tcase_add_test(tc, test_ok);
	tcase_add_test(tc, test_userdata);
	tcase_add_test(tc, test_append);
	tcase_add_test(tc, test_no_plus);
	tcase_add_test(tc, test_unknown);
	tcase_add_test(tc, test_empty_element);
	tcase_add_test(tc, test_max);
	suite_add_tcase(s, tc);
	return s;
}

int main(int argc, char **argv)
{
	return tu_main(argc, argv, collist_suite);
}
