// SPDX-License-Identifier: MIT
/* A thread that leads no thread group, pinned where it has no pidfd. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "libns/proc.h"
#include "libns/base.h"

/* The "Tgid:" of /proc/@tid/status: the process of thread @tid. */
static int thread_group(int procfd, pid_t tid, pid_t *ret_tgid)
{
	char path[32], buf[1024], *p, *end;
	ssize_t n;
	long tgid;
	int fd;

	snprintf(path, sizeof(path), "%d/status", (int)tid);
	fd = openat(procfd, path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return ns_errno();
	do
		n = read(fd, buf, sizeof(buf) - 1);
	while (n < 0 && errno == EINTR);
	if (n < 0) {
		n = ns_errno();
		ns_close(fd);
		return (int)n;
	}
	ns_close(fd);
	buf[n] = '\0';
	p = strstr(buf, "\nTgid:");
	if (!p)
		return -EIO;
	tgid = strtol(p + 6, &end, 10);
	if (end == p + 6 || tgid <= 0)
		return -EIO;
	*ret_tgid = (pid_t)tgid;
	return 0;
}

int ns_proc_thread_pin(int procfd, pid_t tid, int *ret_pidfd,
		       int *ret_dirfd)
{
	char path[48];
	pid_t tgid;
	int pidfd, dirfd, r;

	r = thread_group(procfd, tid, &tgid);
	if (r < 0)
		return ns_err_gone(r) ? -ESRCH : r;
	if (tgid == tid) /* a process that pidfd_open refused */
		return -EINVAL;
	pidfd = (int)syscall(SYS_pidfd_open, tgid, 0);
	if (pidfd < 0)
		return errno == ENOENT ? -ESRCH : ns_errno();
	snprintf(path, sizeof(path), "%d/task/%d", (int)tgid, (int)tid);
	dirfd = openat(procfd, path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	r = dirfd < 0 ? ns_errno() : ns_proc_pidfd_exited(pidfd);
	/*
	 * Alive after the directory was opened: the process is the one of
	 * the pidfd, and @tid was a thread of it.
	 */
	if (r > 0 || ns_err_gone(r))
		r = -ESRCH;
	if (r < 0) {
		ns_close(dirfd);
		ns_close(pidfd);
		return r;
	}
	*ret_pidfd = pidfd;
	*ret_dirfd = dirfd;
	return 0;
}

int ns_proc_thread_alive(int pidfd, int dirfd)
{
	int r = ns_proc_pidfd_exited(pidfd);

	if (r > 0)
		return -ESRCH;
	if (r < 0)
		return r;
	/* an ended thread's directory answers no lookup any more */
	if (faccessat(dirfd, "stat", F_OK, 0) < 0)
		return ns_err_gone(ns_errno()) ? -ESRCH : ns_errno();
	return 0;
}
