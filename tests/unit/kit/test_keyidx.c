// SPDX-License-Identifier: MIT
/* Unit tests of tools/common/keyidx.c: sorted {key, index} lookups. */
#include <stdint.h>
#include <stdlib.h>

#include "keyidx.h"
#include "libns/base.h"
#include "testutil.h"

START_TEST(test_empty)
{
	tool_keyidx_sort(NULL, 0);
	ck_assert_ptr_null(tool_keyidx_find(NULL, 0, 1, SIZE_MAX));
}
END_TEST

START_TEST(test_find)
{
	/* the rows of a process tree: PIDs, some seen more than once */
	struct tool_keyidx a[] = {
		{ 30, 0 }, { 10, 1 }, { 20, 2 }, { 10, 3 }, { 30, 4 }, { 10, 5 },
	};
	const size_t n = NS_ARRAY_SIZE(a);
	const struct tool_keyidx *f;

	tool_keyidx_sort(a, n);
	for (size_t i = 1; i < n; i++)
		ck_assert(a[i - 1].key < a[i].key ||
			  (a[i - 1].key == a[i].key && a[i - 1].idx < a[i].idx));

	/* the last one with the key before the index asked for */
	f = tool_keyidx_find(a, n, 10, SIZE_MAX);
	ck_assert_ptr_nonnull(f);
	ck_assert_uint_eq(f->idx, 5);
	f = tool_keyidx_find(a, n, 10, 5);
	ck_assert_ptr_nonnull(f);
	ck_assert_uint_eq(f->idx, 3);
	f = tool_keyidx_find(a, n, 10, 3);
	ck_assert_uint_eq(f->idx, 1);
	ck_assert_ptr_null(tool_keyidx_find(a, n, 10, 1));
	ck_assert_ptr_null(tool_keyidx_find(a, n, 10, 0));
	f = tool_keyidx_find(a, n, 30, 4);
	ck_assert_uint_eq(f->idx, 0);
	f = tool_keyidx_find(a, n, 20, 100);
	ck_assert_uint_eq(f->idx, 2);
	ck_assert_uint_eq(f->key, 20);
	/* absent keys: below, between and above the others */
	ck_assert_ptr_null(tool_keyidx_find(a, n, 5, SIZE_MAX));
	ck_assert_ptr_null(tool_keyidx_find(a, n, 15, SIZE_MAX));
	ck_assert_ptr_null(tool_keyidx_find(a, n, 31, SIZE_MAX));
	ck_assert_ptr_null(tool_keyidx_find(a, n, UINT64_MAX, SIZE_MAX));
}
END_TEST

/* Against a linear search, on many random arrays. */
START_TEST(test_random)
{
	struct tool_keyidx a[64];

	srandom(1);
	for (int round = 0; round < 500; round++) {
		size_t n = (size_t)random() % NS_ARRAY_SIZE(a);

		for (size_t i = 0; i < n; i++)
			a[i] = (struct tool_keyidx){ (uint64_t)(random() % 16), i };
		tool_keyidx_sort(a, n);
		for (uint64_t key = 0; key < 17; key++) {
			for (size_t before = 0; before <= n + 1; before++) {
				const struct tool_keyidx *want = NULL, *got;

				for (size_t i = 0; i < n; i++) {
					if (a[i].key == key && a[i].idx < before &&
					    (!want || a[i].idx > want->idx))
						want = &a[i];
				}
				got = tool_keyidx_find(a, n, key, before);
				ck_assert_ptr_eq(got, want);
			}
		}
	}
}
END_TEST

static Suite *keyidx_suite(void)
{
	Suite *s = suite_create("keyidx");
	TCase *tc = tcase_create("keyidx");

	tcase_add_test(tc, test_empty);
	tcase_add_test(tc, test_find);
	tcase_add_test(tc, test_random);
	suite_add_tcase(s, tc);
	return s;
}

int main(int argc, char **argv)
{
	return tu_main(argc, argv, keyidx_suite);
}
