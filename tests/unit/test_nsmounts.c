// SPDX-License-Identifier: MIT
/* Unit tests of lib/nsmounts.c: nsfs bind mounts from mountinfo. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#include "libns/nsmounts.h"
#include "libns/util.h"
#include "testutil.h"

/* Real mountinfo syntax, see proc(5); one malformed line in between. */
static const char mountinfo[] =
	"22 1 252:0 / / rw,relatime shared:1 - ext4 /dev/vda rw\n"
	"23 22 0:21 / /proc rw,nosuid,nodev,noexec shared:5 - proc proc "
	"rw\n"
	"43 22 0:25 / /run rw,nosuid,nodev shared:12 - tmpfs tmpfs "
	"rw,mode=755\n"
	"44 43 0:4 net:[4026532182] /run/netns/a rw shared:2 - nsfs nsfs "
	"rw\n"
	"this line is not mountinfo at all\n"
	"45 22 0:26 / /tmp/net:[1] rw - tmpfs tmpfs rw\n"
	"46 22 0:4 uts:[4026532300] /tmp/x\\040y rw,relatime - nsfs nsfs "
	"rw\n"
	"47 22 0:4 / /weird rw - nsfs nsfs rw\n"
	"48 22 0:27 net:[4026532999] /fake rw - tmpfs tmpfs rw\n"
	"49 43 0:4 net:[4026532182] /run/netns/b\\011tab rw shared:2 - nsfs "
	"nsfs rw\n"
	"50 22 0:4 time:[18446744073709551615] /t rw - nsfs nsfs rw\n"
	/* a root with a leading slash is taken as well */
	"51 22 0:4 /ipc:[4026532777] /i rw - nsfs nsfs rw\n";

START_TEST(test_fake)
{
	static const struct ns_mount want[] = {
		{ 4026532182ull, NS_TYPE_NET, (char *)"/run/netns/a" },
		{ 4026532300ull, NS_TYPE_UTS, (char *)"/tmp/x y" },
		{ 4026532182ull, NS_TYPE_NET, (char *)"/run/netns/b\ttab" },
		{ UINT64_MAX, NS_TYPE_TIME, (char *)"/t" },
		{ 4026532777ull, NS_TYPE_IPC, (char *)"/i" },
	};
	struct ns_mount_list list = { 0 };
	struct tu_tree t;

	tu_tree_new(&t);
	tu_write_str(&t, mountinfo, "self/mountinfo");
	ck_assert_int_eq(ns_mounts_read(t.fd, &list), 0);
	ck_assert_uint_eq(list.count, NS_ARRAY_SIZE(want));
	for (size_t i = 0; i < list.count; i++) {
		ck_assert_uint_eq(list.items[i].ino, want[i].ino);
		ck_assert_int_eq(list.items[i].type, want[i].type);
		ck_assert_str_eq(list.items[i].target, want[i].target);
	}
	ns_mounts_clear(&list);
	ck_assert_ptr_null(list.items);
	ck_assert_uint_eq(list.count, 0);
	ns_mounts_clear(&list); /* twice is harmless */
	tu_tree_free(&t);
}
END_TEST

START_TEST(test_many)
{
	/* Enough entries to grow the list several times. */
	enum { N = 300 };
	struct ns_mount_list list = { 0 };
	struct tu_tree t;
	size_t size = 0;
	char *buf;
	FILE *f;

	f = open_memstream(&buf, &size);
	ck_assert_ptr_nonnull(f);
	fprintf(f, "22 1 252:0 / / rw - ext4 /dev/vda rw\n");
	for (int i = 0; i < N; i++)
		fprintf(f, "%d 22 0:4 ipc:[%d] /run/ipc/%d rw - nsfs nsfs rw\n",
			100 + i, 5000 + i, i);
	fclose(f);
	tu_tree_new(&t);
	tu_write_str(&t, buf, "self/mountinfo");
	free(buf);
	ck_assert_int_eq(ns_mounts_read(t.fd, &list), 0);
	ck_assert_uint_eq(list.count, N);
	for (int i = 0; i < N; i++) {
		char target[32];

		snprintf(target, sizeof(target), "/run/ipc/%d", i);
		ck_assert_uint_eq(list.items[i].ino, (uint64_t)(5000 + i));
		ck_assert_int_eq(list.items[i].type, NS_TYPE_IPC);
		ck_assert_str_eq(list.items[i].target, target);
	}
	ns_mounts_clear(&list);
	tu_tree_free(&t);
}
END_TEST

START_TEST(test_none)
{
	struct ns_mount_list list = { .count = 99 };
	struct tu_tree t;

	tu_tree_new(&t);
	tu_write_str(&t,
		     "22 1 252:0 / / rw,relatime shared:1 - ext4 /dev/vda rw\n",
		     "self/mountinfo");
	ck_assert_int_eq(ns_mounts_read(t.fd, &list), 0);
	ck_assert_uint_eq(list.count, 0);
	ns_mounts_clear(&list);

	list.count = 99;
	tu_write_str(&t, "", "self/mountinfo");
	ck_assert_int_eq(ns_mounts_read(t.fd, &list), 0);
	ck_assert_uint_eq(list.count, 0);
	ns_mounts_clear(&list);
	tu_tree_free(&t);
}
END_TEST

START_TEST(test_missing)
{
	struct ns_mount_list list = { .items = NULL, .count = 99 };
	struct tu_tree t;

	tu_tree_new(&t);
	ck_assert_int_eq(ns_mounts_read(t.fd, &list), -ENOENT);
	tu_mkdir(&t, "self/mountinfo");
	ck_assert_int_lt(ns_mounts_read(t.fd, &list), 0);
	ck_assert_int_eq(ns_mounts_read(-1, &list), -EBADF);
	ck_assert_uint_eq(list.count, 99);
	ck_assert_ptr_null(list.items);
	tu_tree_free(&t);
}
END_TEST

START_TEST(test_real)
{
	struct ns_mount_list list = { 0 };
	int procfd;

	procfd = open("/proc", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	ck_assert_int_ge(procfd, 0);
	ck_assert_int_eq(ns_mounts_read(procfd, &list), 0);
	for (size_t i = 0; i < list.count; i++) {
		ck_assert_int_lt(list.items[i].type, NS_TYPE_COUNT);
		ck_assert_uint_ne(list.items[i].ino, 0);
		ck_assert_int_eq(list.items[i].target[0], '/');
	}
	ns_mounts_clear(&list);
	close(procfd);
}
END_TEST

/* Root only: a real nsfs bind mount in a private mount namespace. */

struct bind_info {
	int step; /* 0: done, else the failed step */
	int err;
	uint64_t ino;
	int found; /* how often the target was listed */
	int type;
	uint64_t got_ino;
};

static int child_bind(void *arg, void *info)
{
	const char *target = arg;
	struct bind_info *bi = info;
	struct ns_mount_list list = { 0 };
	struct stat st;
	int procfd, r;

	/* No ck_assert here: this is not the test process. */
	bi->step = 1;
	if (unshare(CLONE_NEWNS) < 0)
		goto fail;
	bi->step = 2;
	if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) < 0)
		goto fail;
	bi->step = 3;
	if (mount("/proc/self/ns/uts", target, NULL, MS_BIND, NULL) < 0)
		goto fail;
	bi->step = 4;
	if (stat("/proc/self/ns/uts", &st) < 0)
		goto fail;
	bi->ino = st.st_ino;
	bi->step = 5;
	procfd = open("/proc", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (procfd < 0)
		goto fail;
	r = ns_mounts_read(procfd, &list);
	close(procfd);
	if (r < 0) {
		errno = -r;
		goto fail;
	}
	for (size_t i = 0; i < list.count; i++) {
		if (strcmp(list.items[i].target, target) != 0)
			continue;
		bi->found++;
		bi->type = (int)list.items[i].type;
		bi->got_ino = list.items[i].ino;
	}
	ns_mounts_clear(&list);
	bi->step = 0;
	return 0;
fail:
	bi->err = errno;
	return 0;
}

START_TEST(test_real_bind)
{
	struct bind_info bi = { .step = -1 };
	struct tu_tree t;
	char *target;

	TU_REQUIRE_ROOT();
	tu_tree_new(&t);
	/* Characters mountinfo escapes: space, tab, backslash. */
	tu_write_str(&t, "", "uts x\ty\\z");
	ck_assert_int_ge(asprintf(&target, "%s/uts x\ty\\z", t.path), 0);
	ck_assert_int_eq(tu_child_run(child_bind, target, &bi, sizeof(bi)),
			 0);
	ck_assert_msg(bi.step == 0, "step %d: %s", bi.step, strerror(bi.err));
	ck_assert_int_eq(bi.found, 1);
	ck_assert_int_eq(bi.type, NS_TYPE_UTS);
	ck_assert_uint_eq(bi.got_ino, bi.ino);
	free(target);
	tu_tree_free(&t);
}
END_TEST

static Suite *nsmounts_suite(void)
{
	Suite *s = suite_create("nsmounts");
	TCase *tc = tcase_create("fake");

	tcase_add_test(tc, test_fake);
	tcase_add_test(tc, test_many);
	tcase_add_test(tc, test_none);
	tcase_add_test(tc, test_missing);
	suite_add_tcase(s, tc);

	tc = tcase_create("real");
	tcase_set_timeout(tc, 20);
	tcase_add_test(tc, test_real);
	tcase_add_test(tc, test_real_bind);
	suite_add_tcase(s, tc);
	return s;
}

int main(int argc, char **argv)
{
	return tu_main(argc, argv, nsmounts_suite);
}
