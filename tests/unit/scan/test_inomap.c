// SPDX-License-Identifier: MIT
/* Unit tests of lib/scan/inomap.c: the inode -> index hash map. */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>

#include "inomap.h"
#include "libns/base.h"
#include "testutil.h"

/* The map's own invariants: power-of-two size, load at most 1/2. */
static void check_shape(const struct ns_inomap *m, size_t count)
{
	size_t used = 0;

	ck_assert_uint_eq(m->count, count);
	if (m->cap == 0) {
		ck_assert_uint_eq(count, 0);
		return;
	}
	ck_assert_uint_eq(m->cap & (m->cap - 1), 0);
	ck_assert_uint_le(m->count * 2, m->cap);
	for (size_t i = 0; i < m->cap; i++)
		used += m->keys[i] != 0;
	ck_assert_uint_eq(used, count);
}

START_TEST(test_put_get)
{
	struct ns_inomap m = NS_INOMAP_INIT;
	size_t v = 4242;

	ck_assert_int_eq(ns_inomap_get(&m, 4026531840ull, &v), -ENOENT);
	ck_assert_uint_eq(v, 4242);
	check_shape(&m, 0);

	ck_assert_int_eq(ns_inomap_put(&m, 4026531840ull, 0), 0);
	ck_assert_int_eq(ns_inomap_put(&m, 4026531841ull, 1), 0);
	ck_assert_int_eq(ns_inomap_put(&m, 1, 2), 0);
	ck_assert_int_eq(ns_inomap_put(&m, UINT64_MAX, SIZE_MAX), 0);
	check_shape(&m, 4);

	ck_assert_int_eq(ns_inomap_get(&m, 4026531840ull, &v), 0);
	ck_assert_uint_eq(v, 0);
	ck_assert_int_eq(ns_inomap_get(&m, 4026531841ull, &v), 0);
	ck_assert_uint_eq(v, 1);
	ck_assert_int_eq(ns_inomap_get(&m, 1, &v), 0);
	ck_assert_uint_eq(v, 2);
	ck_assert_int_eq(ns_inomap_get(&m, UINT64_MAX, &v), 0);
	ck_assert_uint_eq(v, SIZE_MAX);

	v = 4242;
	ck_assert_int_eq(ns_inomap_get(&m, 4026531842ull, &v), -ENOENT);
	ck_assert_int_eq(ns_inomap_get(&m, 2, &v), -ENOENT);
	ck_assert_int_eq(ns_inomap_get(&m, UINT64_MAX - 1, &v), -ENOENT);
	ck_assert_uint_eq(v, 4242);
	ns_inomap_clear(&m);
}
END_TEST

START_TEST(test_overwrite)
{
	struct ns_inomap m = NS_INOMAP_INIT;
	size_t v = 0;

	ck_assert_int_eq(ns_inomap_put(&m, 77, 1), 0);
	ck_assert_int_eq(ns_inomap_put(&m, 77, 2), 0);
	ck_assert_int_eq(ns_inomap_get(&m, 77, &v), 0);
	ck_assert_uint_eq(v, 2);
	check_shape(&m, 1);
	/* many overwrites do not grow the count */
	for (size_t i = 0; i < 1000; i++)
		ck_assert_int_eq(ns_inomap_put(&m, 77, i), 0);
	ck_assert_int_eq(ns_inomap_get(&m, 77, &v), 0);
	ck_assert_uint_eq(v, 999);
	check_shape(&m, 1);
	ns_inomap_clear(&m);
}
END_TEST

START_TEST(test_zero_key)
{
	struct ns_inomap m = NS_INOMAP_INIT;
	size_t v = 4242;

	ck_assert_int_eq(ns_inomap_put(&m, 0, 1), -EINVAL);
	check_shape(&m, 0);
	ck_assert_int_eq(ns_inomap_get(&m, 0, &v), -ENOENT);
	ck_assert_int_eq(ns_inomap_put(&m, 5, 1), 0);
	ck_assert_int_eq(ns_inomap_put(&m, 0, 1), -EINVAL);
	/* 0 marks free slots: it must not be found there */
	ck_assert_int_eq(ns_inomap_get(&m, 0, &v), -ENOENT);
	ck_assert_uint_eq(v, 4242);
	check_shape(&m, 1);
	ns_inomap_clear(&m);
}
END_TEST

/* xorshift64*: reproducible, well spread keys */
static uint64_t next_key(uint64_t *state)
{
	uint64_t x = *state;

	x ^= x >> 12;
	x ^= x << 25;
	x ^= x >> 27;
	*state = x;
	return x * 0x2545F4914F6CDD1Dull;
}

START_TEST(test_many)
{
	enum { N = 100000 };
	struct ns_inomap m = NS_INOMAP_INIT;
	size_t v;

	/* Nearly consecutive, like namespace inodes; forces rehashes. */
	for (size_t i = 0; i < N; i++) {
		ck_assert_int_eq(ns_inomap_put(&m, 4026531840ull + i * 3, i),
				 0);
	}
	check_shape(&m, N);
	for (size_t i = 0; i < N; i++) {
		v = SIZE_MAX;
		ck_assert_int_eq(ns_inomap_get(&m, 4026531840ull + i * 3, &v),
				 0);
		ck_assert_uint_eq(v, i);
		/* the gaps in between are absent */
		ck_assert_int_eq(
			ns_inomap_get(&m, 4026531840ull + i * 3 + 1, &v),
			-ENOENT);
	}
	ns_inomap_clear(&m);
	check_shape(&m, 0);
	ck_assert_ptr_null(m.keys);
	ck_assert_ptr_null(m.vals);
	ck_assert_uint_eq(m.cap, 0);
}
END_TEST

START_TEST(test_many_random)
{
	enum { N = 100000 };
	struct ns_inomap m = NS_INOMAP_INIT;
	uint64_t state = 0x9E3779B97F4A7C15ull;
	size_t v;

	for (size_t i = 0; i < N; i++) {
		uint64_t k = next_key(&state);

		ck_assert_uint_ne(k, 0);
		ck_assert_int_eq(ns_inomap_put(&m, k, i), 0);
	}
	check_shape(&m, N);
	state = 0x9E3779B97F4A7C15ull;
	for (size_t i = 0; i < N; i++) {
		uint64_t k = next_key(&state);

		ck_assert_int_eq(ns_inomap_get(&m, k, &v), 0);
		ck_assert_uint_eq(v, i);
	}
	/* keys differing only in the high bits */
	for (uint64_t i = 1; i <= 64; i++)
		ck_assert_int_eq(ns_inomap_put(&m, i << 40, (size_t)i), 0);
	for (uint64_t i = 1; i <= 64; i++) {
		ck_assert_int_eq(ns_inomap_get(&m, i << 40, &v), 0);
		ck_assert_uint_eq(v, i);
	}
	ns_inomap_clear(&m);
}
END_TEST

START_TEST(test_clear_reuse)
{
	struct ns_inomap m = NS_INOMAP_INIT;
	size_t v = 4242;

	ns_inomap_clear(&m); /* on an empty map */
	for (uint64_t k = 1; k <= 100; k++)
		ck_assert_int_eq(ns_inomap_put(&m, k, (size_t)k), 0);
	ns_inomap_clear(&m);
	check_shape(&m, 0);
	ck_assert_int_eq(ns_inomap_get(&m, 50, &v), -ENOENT);
	ck_assert_uint_eq(v, 4242);
	ck_assert_int_eq(ns_inomap_put(&m, 50, 7), 0);
	ck_assert_int_eq(ns_inomap_get(&m, 50, &v), 0);
	ck_assert_uint_eq(v, 7);
	ck_assert_int_eq(ns_inomap_get(&m, 51, &v), -ENOENT);
	check_shape(&m, 1);
	ns_inomap_clear(&m);
	ns_inomap_clear(&m);
}
END_TEST

static Suite *inomap_suite(void)
{
	Suite *s = suite_create("inomap");
	TCase *tc = tcase_create("inomap");

	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, test_put_get);
	tcase_add_test(tc, test_overwrite);
	tcase_add_test(tc, test_zero_key);
	tcase_add_test(tc, test_many);
	tcase_add_test(tc, test_many_random);
	tcase_add_test(tc, test_clear_reuse);
	suite_add_tcase(s, tc);
	return s;
}

int main(int argc, char **argv)
{
	return tu_main(argc, argv, inomap_suite);
}
