// SPDX-License-Identifier: MIT
/* Iterate /proc/<pid> directories with getdents64, dirfd-relative. */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "dents.h"
#include "libns/proc.h"
#include "libns/base.h"

/* Large enough to read a few thousand /proc entries per syscall. */
#define PROCWALK_BUFSZ (64 * 1024)

struct ns_proc_walk {
	int procfd; /* borrowed, for openat */
	int dirfd;  /* our own, carries the getdents offset */
	size_t pos, len;
	char buf[PROCWALK_BUFSZ] __attribute__((aligned(8)));
};

int ns_proc_walk_new(int procfd, struct ns_proc_walk **ret_walk)
{
	struct ns_proc_walk *w;

	w = malloc(sizeof(*w));
	if (!w)
		return -ENOMEM;
	/* A private open file: the caller's fd offset stays untouched. */
	w->dirfd = openat(procfd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (w->dirfd < 0) {
		int r = ns_errno();

		free(w);
		return r;
	}
	w->procfd = procfd;
	w->pos = w->len = 0;
	*ret_walk = w;
	return 0;
}

static int name_is_pid(const char *name, pid_t *ret_pid)
{
	return name[0] >= '1' && name[0] <= '9' && ns_parse_pid(name, ret_pid) == 0;
}

/* The next numeric entry, without opening it: 1, 0 at the end, -errno */
static int next_pid(struct ns_proc_walk *w, pid_t *ret_pid, const char **ret_name)
{
	for (;;) {
		struct ns_dent *d;
		pid_t pid;

		if (w->pos >= w->len) {
			long n = ns_getdents(w->dirfd, w->buf, sizeof(w->buf));
			if (n < 0)
				return ns_errno();
			if (n == 0)
				return 0;
			w->len = (size_t)n;
			w->pos = 0;
		}
		d = ns_dent_at(w->buf, w->pos);
		w->pos += d->d_reclen;

		if (d->d_type != DT_DIR && d->d_type != DT_UNKNOWN)
			continue;
		if (!name_is_pid(d->d_name, &pid))
			continue;
		*ret_pid = pid;
		*ret_name = d->d_name;
		return 1;
	}
}

int ns_proc_walk_next(struct ns_proc_walk *w, pid_t *ret_pid, int *ret_dirfd)
{
	const char *name;
	pid_t pid;
	int r;

	while ((r = next_pid(w, &pid, &name)) > 0) {
		int fd = openat(w->procfd, name,
				O_RDONLY | O_DIRECTORY | O_CLOEXEC);

		if (fd < 0) {
			r = ns_errno();
			/* gone, or hidden from us: not an error */
			if (ns_err_gone(r) || r == -EACCES || r == -EPERM)
				continue;
			return r;
		}
		*ret_pid = pid;
		*ret_dirfd = fd;
		return 1;
	}
	return r;
}

int ns_proc_list_pids(int procfd, pid_t **ret_pids, size_t *ret_count)
{
	struct ns_proc_walk *w;
	size_t count = 0, alloc = 0;
	pid_t *pids = NULL, pid;
	const char *name;
	int r;

	r = ns_proc_walk_new(procfd, &w);
	if (r < 0)
		return r;
	while ((r = next_pid(w, &pid, &name)) > 0) {
		r = ns_grow((void **)&pids, &alloc, count + 1, sizeof(*pids));
		if (r < 0)
			break;
		pids[count++] = pid;
	}
	ns_proc_walk_free(w);
	if (r < 0) {
		free(pids);
		return r;
	}
	*ret_pids = pids;
	*ret_count = count;
	return 0;
}

int ns_proc_open(int procfd, pid_t pid, int *ret_dirfd)
{
	char name[16];
	int fd;

	snprintf(name, sizeof(name), "%d", (int)pid);
	fd = openat(procfd, name, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return ns_errno();
	*ret_dirfd = fd;
	return 0;
}

void ns_proc_walk_free(struct ns_proc_walk *w)
{
	if (!w)
		return;
	ns_close(w->dirfd);
	free(w);
}
