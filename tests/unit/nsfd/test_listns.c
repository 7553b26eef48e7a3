// SPDX-License-Identifier: MIT
/* Unit tests of lib/nsfd/listns.c: listns(2) in batches. */
#define _GNU_SOURCE
#include <errno.h>
#include <sched.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "libns/nsfd.h"
#include "libns/base.h"
#include "listns.h"
#include "testutil.h"

_Static_assert(sizeof(struct ns_listns_req) == 32,
	       "struct ns_id_req is 32 bytes");

/* A fake kernel: IDs 10, 20, ... up to fake_count of them. */
static size_t fake_count, fake_max_batch, fake_calls;
static struct ns_listns_req fake_last_req;
static int fake_errno;
static enum { FAKE_OK, FAKE_BACKWARDS, FAKE_OVERFLOW, FAKE_ZERO } fake_mode;

static long fake_listns(const struct ns_listns_req *req, uint64_t *ids,
			size_t max)
{
	size_t n = 0;

	fake_calls++;
	fake_last_req = *req;
	if (fake_errno) {
		errno = fake_errno;
		return -1;
	}
	if (fake_mode == FAKE_OVERFLOW)
		return (long)max + 1;
	for (size_t i = 0; i < fake_count && n < max && n < fake_max_batch;
	     i++) {
		uint64_t id = (i + 1) * 10;

		if (id > req->ns_id)
			ids[n++] = fake_mode == FAKE_BACKWARDS ? 5 : id;
	}
	/* Linux 7.2: ENOENT when there is none after req->ns_id */
	if (n == 0 && fake_mode != FAKE_ZERO) {
		errno = ENOENT;
		return -1;
	}
	return (long)n;
}

static void fake_reset(size_t count, size_t batch)
{
	fake_count = count;
	fake_max_batch = batch;
	fake_calls = 0;
	fake_errno = 0;
	fake_mode = FAKE_OK;
	memset(&fake_last_req, 0xff, sizeof(fake_last_req));
}

START_TEST(test_batches)
{
	/* every size around the library's batch of 256, and short ones */
	static const size_t counts[] = { 0, 1, 255, 256, 257, 600 };
	static const size_t batches[] = { SIZE_MAX, 7 };

	/* the end: ENOENT as the kernel says it, or (ours) 0 IDs */
	for (size_t m = 0; m < 2; m++)
	for (size_t b = 0; b < NS_ARRAY_SIZE(batches); b++) {
		for (size_t c = 0; c < NS_ARRAY_SIZE(counts); c++) {
			uint64_t *ids = NULL;
			size_t n = 99;

			fake_reset(counts[c], batches[b]);
			fake_mode = m ? FAKE_ZERO : FAKE_OK;
			ck_assert_int_eq(ns_fd_list_ids_with(fake_listns,
							     NS_TYPE_MASK_ALL,
							     &ids, &n), 0);
			ck_assert_uint_eq(n, counts[c]);
			for (size_t i = 0; i < n; i++)
				ck_assert_uint_eq(ids[i], (i + 1) * 10);
			/* the last call is the one that finds no more */
			ck_assert_uint_eq(fake_last_req.ns_id, n * 10);
			free(ids);
		}
	}
}
END_TEST

START_TEST(test_request)
{
	uint64_t *ids = NULL;
	size_t n;

	fake_reset(3, SIZE_MAX);
	ck_assert_int_eq(ns_fd_list_ids_with(fake_listns,
					     NS_TYPE_MASK(NS_TYPE_NET) |
						     NS_TYPE_MASK(NS_TYPE_UTS),
					     &ids, &n),
			 0);
	free(ids);
	ck_assert_uint_eq(fake_last_req.size, 32);
	ck_assert_uint_eq(fake_last_req.ns_type, CLONE_NEWNET | CLONE_NEWUTS);
	ck_assert_uint_eq(fake_last_req.user_ns_id, 0);
	ck_assert_uint_eq(fake_last_req.spare, 0);
	ck_assert_uint_eq(fake_last_req.spare2, 0);

	fake_reset(3, SIZE_MAX);
	ck_assert_int_eq(ns_fd_list_ids_with(fake_listns, NS_TYPE_MASK_ALL,
					     &ids, &n), 0);
	free(ids);
	ck_assert_uint_eq(fake_last_req.ns_type,
			  CLONE_NEWNS | CLONE_NEWNET | CLONE_NEWIPC |
				  CLONE_NEWUSER | CLONE_NEWPID |
				  CLONE_NEWUTS | CLONE_NEWCGROUP |
				  CLONE_NEWTIME);
	/* no types: never "every type" by accident */
	fake_reset(3, SIZE_MAX);
	ck_assert_int_eq(ns_fd_list_ids_with(fake_listns, 0, &ids, &n),
			 -EINVAL);
	ck_assert_uint_eq(fake_calls, 0);
}
END_TEST

START_TEST(test_errors)
{
	uint64_t *ids = NULL;
	size_t n;

	fake_reset(3, SIZE_MAX);
	fake_errno = ENOSYS;
	ck_assert_int_eq(ns_fd_list_ids_with(fake_listns, NS_TYPE_MASK_ALL,
					     &ids, &n), -ENOSYS);
	fake_reset(3, SIZE_MAX);
	fake_errno = EPERM;
	ck_assert_int_eq(ns_fd_list_ids_with(fake_listns, NS_TYPE_MASK_ALL,
					     &ids, &n), -EPERM);
	fake_reset(3, SIZE_MAX);
	fake_mode = FAKE_BACKWARDS;
	ck_assert_int_eq(ns_fd_list_ids_with(fake_listns, NS_TYPE_MASK_ALL,
					     &ids, &n), -EIO);
	fake_reset(3, SIZE_MAX);
	fake_mode = FAKE_OVERFLOW;
	ck_assert_int_eq(ns_fd_list_ids_with(fake_listns, NS_TYPE_MASK_ALL,
					     &ids, &n), -EIO);
}
END_TEST

/* The running kernel: without listns, ENOSYS; with it, our own IDs. */
START_TEST(test_real)
{
	uint64_t *ids = NULL, own;
	size_t n = 0;
	int r;

	r = ns_fd_list_ids(NS_TYPE_MASK_ALL, &ids, &n);
	if (r == -ENOSYS)
		return; /* before Linux 6.19 */
	ck_assert_int_eq(r, 0);
	for (size_t i = 1; i < n; i++)
		ck_assert_uint_gt(ids[i], ids[i - 1]);
	for (unsigned int t = 0; t < NS_TYPE_COUNT; t++) {
		int fd;
		bool found = false;

		if (!tu_have_self_ns(ns_type_name(t)))
			continue;
		fd = tu_open_self_ns(ns_type_name(t));
		ck_assert_int_eq(ns_fd_get_id(fd, &own), 0);
		close(fd);
		for (size_t i = 0; i < n; i++)
			found |= ids[i] == own;
		ck_assert_msg(found, "our %s namespace %ju is not listed",
			      ns_type_name(t), (uintmax_t)own);
	}
	free(ids);
}
END_TEST

static Suite *listns_suite(void)
{
	Suite *s = suite_create("listns");
	TCase *tc = tcase_create("fake");

	tcase_add_test(tc, test_batches);
	tcase_add_test(tc, test_request);
	tcase_add_test(tc, test_errors);
	suite_add_tcase(s, tc);
	tc = tcase_create("real");
	tcase_add_test(tc, test_real);
	suite_add_tcase(s, tc);
	return s;
}

int main(int argc, char **argv)
{
	return tu_main(argc, argv, listns_suite);
}
