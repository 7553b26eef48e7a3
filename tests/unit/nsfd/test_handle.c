// SPDX-License-Identifier: MIT
/* Unit tests of lib/nsfd/handle.c: opening a namespace by its ID. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stddef.h>
#include <string.h>
#include <unistd.h>

#include "libns/nsfd.h"
#include "libns/base.h"
#include "handle.h"
#include "testutil.h"

/* Measured on Linux 7.2: 16 bytes of type 0xf1, the ID alone. */
START_TEST(test_handle_layout)
{
	struct ns_nsid_handle h;
	const unsigned char *raw = (const unsigned char *)&h.fid;
	uint64_t id;

	memset(&h, 0xaa, sizeof(h));
	ns_fd_nsid_handle(0x1122334455667788ull, &h);
	ck_assert_uint_eq(h.fh.handle_bytes, 16);
	ck_assert_int_eq(h.fh.handle_type, 0xf1);
	ck_assert_uint_eq(offsetof(struct ns_nsid_handle, fid),
			  sizeof(struct file_handle));
	ck_assert_uint_eq(sizeof(h.fid), 16);
	memcpy(&id, raw, sizeof(id));
	ck_assert_uint_eq(id, 0x1122334455667788ull);
	for (size_t i = 8; i < 16; i++)
		ck_assert_uint_eq(raw[i], 0); /* no type, no inode */
}
END_TEST

START_TEST(test_id_zero)
{
	int fd = -1;

	ck_assert_int_eq(ns_fd_open_id(0, &fd), -ESTALE);
	ck_assert_int_eq(fd, -1);
}
END_TEST

/*
 * The running kernel: every type of our own opens by its ID (Linux >=
 * 6.19), or ns_fd_open_nsid says the kernel cannot (-EOPNOTSUPP).
 */
START_TEST(test_real)
{
	int procfd = open("/proc", O_RDONLY | O_DIRECTORY | O_CLOEXEC);

	ck_assert_int_ge(procfd, 0);
	for (unsigned int t = 0; t < NS_TYPE_COUNT; t++) {
		enum ns_kind other = t == NS_TYPE_UTS ? NS_TYPE_IPC : NS_TYPE_UTS;
		uint64_t id;
		int fd = -1, r;

		if (!tu_have_self_ns(ns_type_name(t)))
			continue;
		r = ns_fd_self_id(procfd, t, &id);
		if (r == -ENOTTY) { /* no NS_GET_ID (< 6.18): no IDs at all */
			ck_assert_int_eq(ns_fd_open_nsid(procfd, t, 1, &fd),
					 -EOPNOTSUPP);
			continue;
		}
		ck_assert_int_eq(r, 0);
		r = ns_fd_open_nsid(procfd, t, id, &fd);
		if (r == -EOPNOTSUPP) { /* 6.18: handles need the inode */
			ck_assert_int_ne(ns_fd_open_id(id, &fd), 0);
			ck_assert_int_eq(ns_fd_open_nsid(procfd, t,
							 UINT64_MAX / 2, &fd),
					 -EOPNOTSUPP);
			continue;
		}
		ck_assert_int_eq(r, 0);
		ck_assert(tu_is_cloexec(fd));
		ck_assert_uint_eq(tu_fd_ino(fd), tu_self_ns_ino(ns_type_name(t)));
		close(fd);
		/* the same ID asked for as another type */
		if (tu_have_self_ns(ns_type_name(other)))
			ck_assert_int_eq(ns_fd_open_nsid(procfd, other, id, &fd),
					 -EMEDIUMTYPE);
		/* an ID no namespace has */
		ck_assert_int_eq(ns_fd_open_nsid(procfd, t, UINT64_MAX / 2,
						 &fd),
				 -ESTALE);
	}
	close(procfd);
}
END_TEST

static Suite *handle_suite(void)
{
	Suite *s = suite_create("handle");
	TCase *tc = tcase_create("handle");

	tcase_add_test(tc, test_handle_layout);
	tcase_add_test(tc, test_id_zero);
	tcase_add_test(tc, test_real);
	suite_add_tcase(s, tc);
	return s;
}

int main(int argc, char **argv)
{
	return tu_main(argc, argv, handle_suite);
}
