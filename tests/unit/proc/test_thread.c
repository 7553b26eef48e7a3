// SPDX-License-Identifier: MIT
/* Unit tests of lib/proc/thread.c: a thread pinned by its process. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "libns/proc.h"
#include "libns/base.h"
#include "testutil.h"

static int open_proc(void)
{
	int fd = open("/proc", O_RDONLY | O_DIRECTORY | O_CLOEXEC);

	ck_assert_int_ge(fd, 0);
	return fd;
}

/*
 * The pidfd of the thread's process and the thread's own directory;
 * alive until the thread ends, then -ESRCH while the process lives on.
 */
START_TEST(test_pin_thread)
{
	int procfd, pidfd = -1, dirfd = -1;
	struct stat mine, got;
	char path[64];
	struct tu_thread t;
	pid_t tid;

	procfd = open_proc();
	tu_thread_start(&t);
	tid = t.tid;
	ck_assert_int_eq(ns_proc_thread_pin(procfd, tid, &pidfd, &dirfd), 0);
	ck_assert(tu_is_cloexec(pidfd));
	ck_assert(tu_is_cloexec(dirfd));
	snprintf(path, sizeof(path), "/proc/self/task/%d", (int)tid);
	ck_assert_int_eq(stat(path, &mine), 0);
	ck_assert_int_eq(fstat(dirfd, &got), 0);
	ck_assert_uint_eq(got.st_ino, mine.st_ino);
	ck_assert_int_eq(ns_proc_thread_alive(pidfd, dirfd), 0);
	tu_thread_end(&t);
	/* the join can return a moment before the thread is gone */
	for (int i = 0; i < 1000 && ns_proc_thread_alive(pidfd, dirfd) == 0;
	     i++)
		usleep(10000);
	ck_assert_int_eq(ns_proc_thread_alive(pidfd, dirfd), -ESRCH);
	close(dirfd);
	dirfd = -1;
	ck_assert_int_eq(ns_proc_thread_pin(procfd, tid, &pidfd, &dirfd),
			 -ESRCH);
	ck_assert_int_eq(dirfd, -1);
	close(pidfd);
	close(procfd);
}
END_TEST

/* A thread group leader is no case for it: -EINVAL, nothing opened. */
START_TEST(test_pin_leader)
{
	int procfd = open_proc(), pidfd = -1, dirfd = -1;

	ck_assert_int_eq(ns_proc_thread_pin(procfd, getpid(), &pidfd, &dirfd),
			 -EINVAL);
	ck_assert_int_eq(pidfd, -1);
	ck_assert_int_eq(dirfd, -1);
	close(procfd);
}
END_TEST

static Suite *thread_suite(void)
{
	Suite *s = suite_create("proc-thread");
	TCase *tc = tcase_create("pin");

	tcase_add_test(tc, test_pin_thread);
	tcase_add_test(tc, test_pin_leader);
	suite_add_tcase(s, tc);
	return s;
}

int main(int argc, char **argv)
{
	return tu_main(argc, argv, thread_suite);
}
