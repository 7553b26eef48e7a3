// SPDX-License-Identifier: MIT
/* Iterate /proc/<pid> directories with getdents64, dirfd-relative. */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "dents.h"
#include "libns/procwalk.h"
#include "libns/util.h"

/* Large enough to read a few thousand /proc entries per syscall. */
#define PROCWALK_BUFSZ (64 * 1024)

struct ns_procwalk {
	int procfd; /* borrowed, for openat */
	int dirfd;  /* our own, carries the getdents offset */
	size_t pos, len;
	char buf[PROCWALK_BUFSZ] __attribute__((aligned(8)));
};

int ns_procwalk_new(int procfd, struct ns_procwalk **ret_walk)
{
	struct ns_procwalk *w;

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

int ns_procwalk_next(struct ns_procwalk *w, pid_t *ret_pid, int *ret_dirfd)
{
	for (;;) {
		struct ns_dent *d;
		pid_t pid;
		int fd;

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
		fd = openat(w->procfd, d->d_name,
			    O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		if (fd < 0)
			continue; /* gone, or hidden from us: not an error */
		*ret_pid = pid;
		*ret_dirfd = fd;
		return 1;
	}
}

void ns_procwalk_free(struct ns_procwalk *w)
{
	if (!w)
		return;
	ns_close(w->dirfd);
	free(w);
}
