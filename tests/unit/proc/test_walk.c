// SPDX-License-Identifier: MIT
/* Unit tests of lib/proc/walk.c: iterating the PIDs of a proc root. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "libns/proc.h"
#include "libns/base.h"
#include "testutil.h"

/* Everything a walk returned. */
struct walked {
	pid_t *pids;
	size_t n, alloc;
};

static int cmp_pid(const void *a, const void *b)
{
	pid_t x = *(const pid_t *)a, y = *(const pid_t *)b;

	return (x > y) - (x < y);
}

static void add_pid(struct walked *w, pid_t pid)
{
	ck_assert_int_eq(ns_grow((void **)&w->pids, &w->alloc, w->n + 1,
				 sizeof(*w->pids)),
			 0);
	w->pids[w->n++] = pid;
}

/*
 * Walk the rest of @walk; every dirfd must be O_CLOEXEC and hold the
 * marker file "m<pid>" when @markers is set.
 */
static void walk_rest(struct ns_proc_walk *walk, struct walked *w,
		      bool markers)
{
	pid_t pid;
	int fd, r;

	while ((r = ns_proc_walk_next(walk, &pid, &fd)) == 1) {
		struct stat st;

		ck_assert_msg(tu_is_cloexec(fd), "dirfd of %d not CLOEXEC",
			      (int)pid);
		ck_assert_int_eq(fstat(fd, &st), 0);
		ck_assert_msg(S_ISDIR(st.st_mode), "%d: not a dir", (int)pid);
		if (markers) {
			char name[32];

			snprintf(name, sizeof(name), "m%d", (int)pid);
			ck_assert_msg(fstatat(fd, name, &st, 0) == 0,
				      "dirfd of %d lacks its marker",
				      (int)pid);
		}
		close(fd);
		add_pid(w, pid);
	}
	ck_assert_int_eq(r, 0);
	/* The end is sticky. */
	ck_assert_int_eq(ns_proc_walk_next(walk, &pid, &fd), 0);
}

static void make_pid(const struct tu_tree *t, pid_t pid)
{
	tu_mkdir(t, "%d", (int)pid);
	tu_write_str(t, "", "%d/m%d", (int)pid, (int)pid);
}

START_TEST(test_fake_tree)
{
	static const pid_t pids[] = { 1, 2, 9, 10, 42424, 123, 4194304,
				      2147483647 };
	static const char *const junk_dirs[] = {
		"self", "sys", "thread-self", "0",	    "01",
		"00",	"12a", "-1",	      "+5",	    " 7",
		"1.0",	"2147483648",	      "99999999999",
	};
	struct ns_proc_walk *walk = NULL;
	struct walked w = { 0 };
	pid_t want[NS_ARRAY_SIZE(pids)];
	struct tu_tree t;

	tu_tree_new(&t);
	for (size_t i = 0; i < NS_ARRAY_SIZE(pids); i++)
		make_pid(&t, pids[i]);
	for (size_t i = 0; i < NS_ARRAY_SIZE(junk_dirs); i++)
		tu_mkdir(&t, "%s", junk_dirs[i]);
	/* Numeric, but not directories. */
	tu_write_str(&t, "not a process", "42");
	tu_symlink(&t, "1", "77");
	tu_symlink(&t, "self", "78");
	tu_symlink(&t, "nowhere", "79");

	ck_assert_int_eq(ns_proc_walk_new(t.fd, &walk), 0);
	ck_assert_ptr_nonnull(walk);
	walk_rest(walk, &w, true);
	ns_proc_walk_free(walk);

	memcpy(want, pids, sizeof(pids));
	qsort(want, NS_ARRAY_SIZE(want), sizeof(*want), cmp_pid);
	qsort(w.pids, w.n, sizeof(*w.pids), cmp_pid);
	ck_assert_uint_eq(w.n, NS_ARRAY_SIZE(pids));
	for (size_t i = 0; i < w.n; i++)
		ck_assert_int_eq(w.pids[i], want[i]);
	free(w.pids);
	tu_tree_free(&t);
}
END_TEST

START_TEST(test_empty_tree)
{
	struct ns_proc_walk *walk = NULL;
	struct tu_tree t;
	pid_t pid = 5;
	int fd = 5;

	tu_tree_new(&t);
	tu_mkdir(&t, "self");
	ck_assert_int_eq(ns_proc_walk_new(t.fd, &walk), 0);
	ck_assert_int_eq(ns_proc_walk_next(walk, &pid, &fd), 0);
	ck_assert_int_eq(pid, 5);
	ck_assert_int_eq(fd, 5);
	ns_proc_walk_free(walk);
	tu_tree_free(&t);
}
END_TEST

START_TEST(test_vanished)
{
	struct ns_proc_walk *walk = NULL;
	struct walked w = { 0 };
	pid_t first, gone;
	struct tu_tree t;
	int fd;

	tu_tree_new(&t);
	for (pid_t pid = 1; pid <= 5; pid++)
		make_pid(&t, pid);
	ck_assert_int_eq(ns_proc_walk_new(t.fd, &walk), 0);
	ck_assert_int_eq(ns_proc_walk_next(walk, &first, &fd), 1);
	close(fd);

	/* Remove one that was listed but not yet handed out. */
	gone = first == 3 ? 4 : 3;
	{
		char name[32];

		snprintf(name, sizeof(name), "%d/m%d", (int)gone, (int)gone);
		ck_assert_int_eq(unlinkat(t.fd, name, 0), 0);
		snprintf(name, sizeof(name), "%d", (int)gone);
		ck_assert_int_eq(unlinkat(t.fd, name, AT_REMOVEDIR), 0);
	}
	walk_rest(walk, &w, true);
	ns_proc_walk_free(walk);

	add_pid(&w, first);
	qsort(w.pids, w.n, sizeof(*w.pids), cmp_pid);
	ck_assert_uint_eq(w.n, 4);
	for (size_t i = 0, pid = 1; i < w.n; i++, pid++) {
		if ((pid_t)pid == gone)
			pid++;
		ck_assert_int_eq(w.pids[i], (pid_t)pid);
	}
	free(w.pids);
	tu_tree_free(&t);
}
END_TEST

START_TEST(test_many)
{
	/* More than fit in one getdents buffer (64 KiB). */
	enum { N = 6000 };
	struct ns_proc_walk *walk = NULL;
	struct walked w = { 0 };
	struct tu_tree t;

	tu_tree_new(&t);
	for (pid_t pid = 1; pid <= N; pid++)
		tu_mkdir(&t, "%d", (int)(pid * 7));
	ck_assert_int_eq(ns_proc_walk_new(t.fd, &walk), 0);
	walk_rest(walk, &w, false);
	ns_proc_walk_free(walk);
	ck_assert_uint_eq(w.n, N);
	qsort(w.pids, w.n, sizeof(*w.pids), cmp_pid);
	for (size_t i = 0; i < w.n; i++)
		ck_assert_int_eq(w.pids[i], (pid_t)((i + 1) * 7));
	free(w.pids);
	tu_tree_free(&t);
}
END_TEST

START_TEST(test_caller_fd_untouched)
{
	struct ns_proc_walk *walk = NULL;
	struct walked w = { 0 };
	struct tu_tree t;
	pid_t got[8];

	tu_tree_new(&t);
	for (pid_t pid = 1; pid <= 3; pid++)
		make_pid(&t, pid);
	/* Two walks at once over the same procfd are independent. */
	{
		struct ns_proc_walk *other = NULL;
		pid_t pid;
		int fd;

		ck_assert_int_eq(ns_proc_walk_new(t.fd, &other), 0);
		ck_assert_int_eq(ns_proc_walk_next(other, &pid, &fd), 1);
		close(fd);
		ck_assert_int_eq(ns_proc_walk_new(t.fd, &walk), 0);
		walk_rest(walk, &w, true);
		ns_proc_walk_free(other);
	}
	ns_proc_walk_free(walk);
	ck_assert_uint_eq(w.n, 3);
	/* ... and the caller's fd still lists everything. */
	ck_assert_uint_eq(tu_list_numeric(t.fd, got, 8), 3);
	free(w.pids);
	tu_tree_free(&t);
}
END_TEST

START_TEST(test_bad_procfd)
{
	struct ns_proc_walk *walk = (struct ns_proc_walk *)&walk;
	struct tu_tree t;
	int fd;

	ck_assert_int_eq(ns_proc_walk_new(-1, &walk), -EBADF);
	ck_assert_ptr_eq(walk, (struct ns_proc_walk *)&walk);
	tu_tree_new(&t);
	tu_write_str(&t, "", "file");
	fd = openat(t.fd, "file", O_RDONLY | O_CLOEXEC);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(ns_proc_walk_new(fd, &walk), -ENOTDIR);
	close(fd);
	ns_proc_walk_free(NULL);
	tu_tree_free(&t);
}
END_TEST

START_TEST(test_real_proc)
{
	struct ns_proc_walk *walk = NULL;
	bool found = false;
	pid_t pid, prev = 0;
	int procfd, fd, r;

	procfd = open("/proc", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	ck_assert_int_ge(procfd, 0);
	ck_assert_int_eq(ns_proc_walk_new(procfd, &walk), 0);
	while ((r = ns_proc_walk_next(walk, &pid, &fd)) == 1) {
		/* /proc lists PIDs in ascending order; nsscan relies on it */
		ck_assert_msg(pid > prev, "pid %d after %d", (int)pid,
			      (int)prev);
		prev = pid;
		if (pid == getpid()) {
			char buf[64], want[32];
			ssize_t n;

			found = true;
			n = ns_read_buf_at(fd, "stat", buf, sizeof(buf));
			snprintf(want, sizeof(want), "%d (", (int)pid);
			ck_assert_int_gt(n, 0);
			ck_assert_msg(strncmp(buf, want, strlen(want)) == 0,
				      "stat of our dirfd: '%s'", buf);
		}
		close(fd);
	}
	ck_assert_int_eq(r, 0);
	ck_assert_msg(found, "our own pid %d was not walked", (int)getpid());
	ns_proc_walk_free(walk);
	close(procfd);
}
END_TEST

static Suite *walk_suite(void)
{
	Suite *s = suite_create("proc-walk");
	TCase *tc = tcase_create("fake");

	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, test_fake_tree);
	tcase_add_test(tc, test_empty_tree);
	tcase_add_test(tc, test_vanished);
	tcase_add_test(tc, test_many);
	tcase_add_test(tc, test_caller_fd_untouched);
	tcase_add_test(tc, test_bad_procfd);
	suite_add_tcase(s, tc);

	tc = tcase_create("real");
	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, test_real_proc);
	suite_add_tcase(s, tc);
	return s;
}

int main(int argc, char **argv)
{
	return tu_main(argc, argv, walk_suite);
}
