// SPDX-License-Identifier: MIT
/* Unit tests of lib/base/util.c: parsers, small file readers, ns_grow. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "libns/base.h"
#include "testutil.h"

START_TEST(test_parse_u64_ok)
{
	static const struct {
		const char *s;
		uint64_t v;
	} ok[] = {
		{ "0", 0 },
		{ "00", 0 },
		{ "1", 1 },
		{ "007", 7 },
		{ "4026531840", 4026531840ull },
		{ "18446744073709551614", UINT64_MAX - 1 },
		{ "18446744073709551615", UINT64_MAX },
		{ "000000000000000000000018446744073709551615", UINT64_MAX },
	};

	for (size_t i = 0; i < NS_ARRAY_SIZE(ok); i++) {
		uint64_t v = 12345;

		ck_assert_msg(ns_parse_u64(ok[i].s, &v) == 0, "'%s' rejected",
			      ok[i].s);
		ck_assert_uint_eq(v, ok[i].v);
	}
}
END_TEST

START_TEST(test_parse_u64_bad)
{
	static const struct {
		const char *s;
		int err;
	} bad[] = {
		{ "", -EINVAL },
		{ "+1", -EINVAL },
		{ "-1", -EINVAL },
		{ "-0", -EINVAL },
		{ " 1", -EINVAL },
		{ "1 ", -EINVAL },
		{ "1\n", -EINVAL },
		{ "0x10", -EINVAL },
		{ "1e3", -EINVAL },
		{ "1.0", -EINVAL },
		{ "12a", -EINVAL },
		{ "a", -EINVAL },
		{ "18446744073709551616", -ERANGE },
		{ "18446744073709551620", -ERANGE },
		{ "99999999999999999999", -ERANGE },
		{ "184467440737095516150", -ERANGE },
		{ "123456789012345678901234567890", -ERANGE },
	};

	for (size_t i = 0; i < NS_ARRAY_SIZE(bad); i++) {
		uint64_t v = 12345;

		ck_assert_msg(ns_parse_u64(bad[i].s, &v) == bad[i].err,
			      "'%s': got %d, want %d", bad[i].s,
			      ns_parse_u64(bad[i].s, &v), bad[i].err);
		ck_assert_uint_eq(v, 12345); /* untouched on error */
	}
	ck_assert_int_eq(ns_parse_u64(NULL, NULL), -EINVAL);
}
END_TEST

START_TEST(test_parse_pid)
{
	pid_t pid = 42;

	ck_assert_int_eq(ns_parse_pid("0", &pid), 0);
	ck_assert_int_eq(pid, 0);
	ck_assert_int_eq(ns_parse_pid("1", &pid), 0);
	ck_assert_int_eq(pid, 1);
	ck_assert_int_eq(ns_parse_pid("4194304", &pid), 0);
	ck_assert_int_eq(pid, 4194304);
	ck_assert_int_eq(ns_parse_pid("2147483647", &pid), 0);
	ck_assert_int_eq(pid, INT32_MAX);

	pid = 42;
	ck_assert_int_eq(ns_parse_pid("2147483648", &pid), -ERANGE);
	ck_assert_int_eq(ns_parse_pid("4294967295", &pid), -ERANGE);
	ck_assert_int_eq(ns_parse_pid("4294967296", &pid), -ERANGE);
	ck_assert_int_eq(ns_parse_pid("18446744073709551615", &pid), -ERANGE);
	ck_assert_int_eq(ns_parse_pid("18446744073709551616", &pid), -ERANGE);
	ck_assert_int_eq(ns_parse_pid("-1", &pid), -EINVAL);
	ck_assert_int_eq(ns_parse_pid("", &pid), -EINVAL);
	ck_assert_int_eq(ns_parse_pid("12 ", &pid), -EINVAL);
	ck_assert_int_eq(ns_parse_pid("self", &pid), -EINVAL);
	ck_assert_int_eq(pid, 42);
}
END_TEST

static char *pattern(size_t len)
{
	char *p = malloc(len + 1);

	ck_assert_ptr_nonnull(p);
	for (size_t i = 0; i < len; i++)
		p[i] = (char)('a' + i % 26);
	p[len] = '\0';
	return p;
}

START_TEST(test_read_file_at)
{
	/* The reader starts with 1024 bytes and doubles: probe the edges. */
	static const size_t sizes[] = { 1,    1022, 1023, 1024, 1025,
					2047, 2048, 2049, 5000, 100000 };
	struct tu_tree t;
	size_t len;
	char *buf;

	tu_tree_new(&t);
	tu_write_str(&t, "", "empty");
	len = 99;
	buf = NULL;
	ck_assert_int_eq(ns_read_file_at(t.fd, "empty", &buf, &len), 0);
	ck_assert_ptr_nonnull(buf);
	ck_assert_uint_eq(len, 0);
	ck_assert_str_eq(buf, "");
	free(buf);

	for (size_t i = 0; i < NS_ARRAY_SIZE(sizes); i++) {
		char *want = pattern(sizes[i]);
		char name[32];

		snprintf(name, sizeof(name), "f%zu", sizes[i]);
		tu_write(&t, want, sizes[i], "%s", name);
		buf = NULL;
		len = 0;
		ck_assert_int_eq(ns_read_file_at(t.fd, name, &buf, &len), 0);
		ck_assert_uint_eq(len, sizes[i]);
		ck_assert_mem_eq(buf, want, sizes[i]);
		ck_assert_int_eq(buf[len], '\0');
		free(buf);
		/* @ret_len is optional */
		ck_assert_int_eq(ns_read_file_at(t.fd, name, &buf, NULL), 0);
		ck_assert_str_eq(buf, want);
		free(buf);
		free(want);
	}

	/* Embedded NULs are data, the length tells. */
	tu_write(&t, "a\0b\0", 4, "nuls");
	ck_assert_int_eq(ns_read_file_at(t.fd, "nuls", &buf, &len), 0);
	ck_assert_uint_eq(len, 4);
	ck_assert_mem_eq(buf, "a\0b\0", 5);
	free(buf);

	/* A path relative to the dirfd, and an absolute one. */
	tu_write_str(&t, "deep", "d/e/f");
	ck_assert_int_eq(ns_read_file_at(t.fd, "d/e/f", &buf, &len), 0);
	ck_assert_str_eq(buf, "deep");
	free(buf);
	{
		char *abs;

		ck_assert_int_ge(asprintf(&abs, "%s/d/e/f", t.path), 0);
		ck_assert_int_eq(ns_read_file_at(AT_FDCWD, abs, &buf, &len),
				 0);
		ck_assert_str_eq(buf, "deep");
		ck_assert_uint_eq(len, 4);
		free(buf);
		free(abs);
	}
	tu_tree_free(&t);
}
END_TEST

START_TEST(test_read_file_at_errors)
{
	struct tu_tree t;
	char *buf = (char *)"untouched";
	size_t len = 77;

	tu_tree_new(&t);
	ck_assert_int_eq(ns_read_file_at(t.fd, "missing", &buf, &len),
			 -ENOENT);
	tu_mkdir(&t, "dir");
	ck_assert_int_eq(ns_read_file_at(t.fd, "dir", &buf, &len), -EISDIR);
	tu_write_str(&t, "x", "file");
	ck_assert_int_eq(ns_read_file_at(t.fd, "file/x", &buf, &len),
			 -ENOTDIR);
	ck_assert_int_eq(ns_read_file_at(-1, "file", &buf, &len), -EBADF);
	ck_assert_str_eq(buf, "untouched");
	ck_assert_uint_eq(len, 77);
	tu_tree_free(&t);
}
END_TEST

START_TEST(test_read_file_at_proc)
{
	char *buf, want[32];
	size_t len;

	/* A file whose stat size is 0: must still be read to its end. */
	ck_assert_int_eq(ns_read_file_at(AT_FDCWD, "/proc/self/stat", &buf,
					 &len),
			 0);
	snprintf(want, sizeof(want), "%d (", (int)getpid());
	ck_assert_int_gt(len, strlen(want));
	ck_assert_uint_eq(strlen(buf), len);
	ck_assert_msg(strncmp(buf, want, strlen(want)) == 0, "'%s'", buf);
	ck_assert_int_eq(buf[len - 1], '\n');
	free(buf);
}
END_TEST

START_TEST(test_read_buf_at)
{
	struct tu_tree t;
	char buf[8];

	tu_tree_new(&t);
	tu_write_str(&t, "0123456789", "ten");
	tu_write_str(&t, "abc", "three");
	tu_write_str(&t, "", "empty");

	memset(buf, 'X', sizeof(buf));
	ck_assert_int_eq(ns_read_buf_at(t.fd, "ten", buf, sizeof(buf)), 7);
	ck_assert_str_eq(buf, "0123456");

	memset(buf, 'X', sizeof(buf));
	ck_assert_int_eq(ns_read_buf_at(t.fd, "three", buf, sizeof(buf)), 3);
	ck_assert_str_eq(buf, "abc");
	ck_assert_int_eq(buf[4], 'X'); /* nothing written past the NUL */

	/* Exactly size - 1 bytes fit. */
	ck_assert_int_eq(ns_read_buf_at(t.fd, "three", buf, 4), 3);
	ck_assert_str_eq(buf, "abc");
	ck_assert_int_eq(ns_read_buf_at(t.fd, "three", buf, 3), 2);
	ck_assert_str_eq(buf, "ab");
	ck_assert_int_eq(ns_read_buf_at(t.fd, "three", buf, 1), 0);
	ck_assert_str_eq(buf, "");

	memset(buf, 'X', sizeof(buf));
	ck_assert_int_eq(ns_read_buf_at(t.fd, "empty", buf, sizeof(buf)), 0);
	ck_assert_str_eq(buf, "");

	memset(buf, 'X', sizeof(buf));
	ck_assert_int_eq(ns_read_buf_at(t.fd, "three", buf, 0), -EINVAL);
	ck_assert_int_eq(buf[0], 'X');
	ck_assert_int_eq(ns_read_buf_at(t.fd, "missing", buf, sizeof(buf)),
			 -ENOENT);
	tu_tree_free(&t);
}
END_TEST

START_TEST(test_grow)
{
	uint32_t *a = NULL;
	size_t alloc = 0;

	/* Nothing needed, nothing allocated. */
	ck_assert_int_eq(ns_grow((void **)&a, &alloc, 0, sizeof(*a)), 0);
	ck_assert_ptr_null(a);
	ck_assert_uint_eq(alloc, 0);

	/* First allocation: 16 elements at least. */
	ck_assert_int_eq(ns_grow((void **)&a, &alloc, 1, sizeof(*a)), 0);
	ck_assert_ptr_nonnull(a);
	ck_assert_uint_eq(alloc, 16);
	for (size_t i = 0; i < alloc; i++)
		a[i] = (uint32_t)i;

	/* Enough room: a no-op, the array stays where it is. */
	{
		uint32_t *before = a;

		ck_assert_int_eq(ns_grow((void **)&a, &alloc, 16, sizeof(*a)),
				 0);
		ck_assert_ptr_eq(a, before);
		ck_assert_uint_eq(alloc, 16);
	}

	/* Doubling, contents preserved. */
	ck_assert_int_eq(ns_grow((void **)&a, &alloc, 17, sizeof(*a)), 0);
	ck_assert_uint_eq(alloc, 32);
	ck_assert_int_eq(ns_grow((void **)&a, &alloc, 1000, sizeof(*a)), 0);
	ck_assert_uint_eq(alloc, 1024);
	for (size_t i = 0; i < 16; i++)
		ck_assert_uint_eq(a[i], i);
	a[1023] = 7; /* the whole range is usable (ASan checks) */
	free(a);

	/* A large first request. */
	a = NULL;
	alloc = 0;
	ck_assert_int_eq(ns_grow((void **)&a, &alloc, 100, sizeof(*a)), 0);
	ck_assert_uint_eq(alloc, 128);
	a[127] = 1;
	free(a);
}
END_TEST

START_TEST(test_grow_overflow)
{
	void *a = NULL;
	size_t alloc = 0;

	/* need * elsize overflows size_t: refused, nothing changed. */
	ck_assert_int_eq(ns_grow(&a, &alloc, SIZE_MAX / 4, 8), -ENOMEM);
	ck_assert_ptr_null(a);
	ck_assert_uint_eq(alloc, 0);
	ck_assert_int_eq(ns_grow(&a, &alloc, SIZE_MAX, 1), -ENOMEM);
	ck_assert_ptr_null(a);
	ck_assert_uint_eq(alloc, 0);
}
END_TEST

/*
 * Regression: the initial capacity of 16 must be checked against
 * overflow too (with an element size above SIZE_MAX / 16, 16 * elsize
 * wrapped around and ns_grow reported success).
 */
START_TEST(test_grow_initial_overflow)
{
	const size_t elsize = SIZE_MAX / 16 + 1; /* 16 * elsize == 0 */
	void *a = NULL;
	size_t alloc = 0;
	int r;

	r = ns_grow(&a, &alloc, 1, elsize);
	if (r == 0)
		free(a);
	ck_assert_msg(r == -ENOMEM,
		      "ns_grow(need 1, elsize %zu) = %d, *alloc = %zu: "
		      "16 * elsize wrapped around",
		      elsize, r, alloc);
	ck_assert_uint_eq(alloc, 0);
}
END_TEST

static Suite *util_suite(void)
{
	Suite *s = suite_create("util");
	TCase *tc = tcase_create("parse");

	tcase_add_test(tc, test_parse_u64_ok);
	tcase_add_test(tc, test_parse_u64_bad);
	tcase_add_test(tc, test_parse_pid);
	suite_add_tcase(s, tc);

	tc = tcase_create("read");
	tcase_add_test(tc, test_read_file_at);
	tcase_add_test(tc, test_read_file_at_errors);
	tcase_add_test(tc, test_read_file_at_proc);
	tcase_add_test(tc, test_read_buf_at);
	suite_add_tcase(s, tc);

	tc = tcase_create("grow");
	tcase_add_test(tc, test_grow);
	tcase_add_test(tc, test_grow_overflow);
	tcase_add_test(tc, test_grow_initial_overflow);
	suite_add_tcase(s, tc);
	return s;
}

int main(int argc, char **argv)
{
	return tu_main(argc, argv, util_suite);
}
