// SPDX-License-Identifier: MIT
/* Per-process reads: ns links, stat, cmdline, uid, fds. */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/pidfd.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "dents.h"
#include "libns/nsfd.h"
#include "libns/proc.h"
#include "libns/base.h"

/*
 * "ns/NAME" into @path: what ns_type_path(NS_PATH_PIDDIR) says, without
 * its snprintf, which a walk would otherwise run eight times a process.
 */
static int nslink_path(enum ns_kind type, char path[NS_PATH_MAX])
{
	const struct ns_type_info *info = ns_type_info(type);
	size_t len;

	if (!info || !info->proc_name)
		return -EINVAL;
	len = strlen(info->proc_name);
	if (len + sizeof("ns/") > NS_PATH_MAX)
		return -ENAMETOOLONG;
	memcpy(path, "ns/", 3);
	memcpy(path + 3, info->proc_name, len + 1);
	return 0;
}

/* The link @path below @dirfd, which must name a namespace of @type. */
static int read_nslink(int dirfd, const char *path, enum ns_kind type,
		       uint64_t *ret_ino)
{
	char link[64];
	enum ns_kind got;
	uint64_t ino;
	ssize_t n;
	int r;

	n = readlinkat(dirfd, path, link, sizeof(link));
	if (n < 0)
		return ns_errno();
	if ((size_t)n >= sizeof(link))
		return -EINVAL;
	r = ns_fd_parse_link(link, (size_t)n, &got, &ino);
	if (r < 0)
		return r;
	if (got != type)
		return -EINVAL;
	*ret_ino = ino;
	return 0;
}

int ns_proc_nslink(int piddirfd, enum ns_kind type, uint64_t *ret_ino)
{
	char path[NS_PATH_MAX];
	int r;

	r = nslink_path(type, path);
	if (r < 0)
		return r;
	return read_nslink(piddirfd, path, type, ret_ino);
}

int ns_proc_nsdir(int piddirfd, int *ret_fd)
{
	int fd = openat(piddirfd, "ns", O_PATH | O_DIRECTORY | O_CLOEXEC);

	if (fd < 0)
		return ns_errno();
	*ret_fd = fd;
	return 0;
}

int ns_proc_nslink_in(int nsdirfd, enum ns_kind type, uint64_t *ret_ino)
{
	const struct ns_type_info *info = ns_type_info(type);

	if (!info || !info->proc_name)
		return -EINVAL;
	return read_nslink(nsdirfd, info->proc_name, type, ret_ino);
}

/* The links of the /proc/PID directory @dirfd, see ns_proc_namespaces. */
static int read_namespaces(int dirfd, unsigned int types,
			   uint64_t inos[NS_TYPE_COUNT])
{
	for (unsigned int t = 0; t < NS_TYPE_COUNT; t++) {
		int r;

		inos[t] = 0;
		if (!(types & NS_TYPE_MASK(t)))
			continue;
		r = ns_proc_nslink(dirfd, (enum ns_kind)t, &inos[t]);
		/* a zombie's links, or a type the kernel lacks */
		if (r == -ENOENT)
			continue;
		if (r < 0)
			return r;
	}
	return 0;
}

int ns_proc_namespaces(int procfd, pid_t pid, unsigned int types,
		       uint64_t ret_inos[NS_TYPE_COUNT])
{
	uint64_t inos[NS_TYPE_COUNT];
	int dirfd, r;

	if (pid <= 0)
		return -ENOENT;
	r = ns_proc_open(procfd, pid, &dirfd);
	if (r < 0)
		return r;
	r = read_namespaces(dirfd, types, inos);
	ns_close(dirfd);
	if (r < 0)
		return r;
	memcpy(ret_inos, inos, sizeof(inos));
	return 0;
}

int ns_proc_pidfd_exited(int pidfd)
{
	struct pollfd p = { .fd = pidfd, .events = POLLIN };
	int n;

	/* A pidfd polls readable once its process has exited. */
	do
		n = poll(&p, 1, 0);
	while (n < 0 && errno == EINTR);
	if (n < 0)
		return ns_errno();
	if (p.revents & POLLNVAL)
		return -EBADF;
	return n > 0 && (p.revents & (POLLIN | POLLHUP)) ? 1 : 0;
}

#ifndef PIDFD_THREAD
#define PIDFD_THREAD O_EXCL
#endif

int ns_proc_pidfd_open(pid_t pid, int *ret_pidfd)
{
	int fd, r;

	if (pid <= 0)
		return -ESRCH;
	fd = (int)syscall(SYS_pidfd_open, pid, 0);
	if (fd >= 0) {
		*ret_pidfd = fd;
		return 0;
	}
	r = ns_errno();
	/*
	 * A thread that leads no thread group: EINVAL before Linux 6.9,
	 * ENOENT since; PIDFD_THREAD names the thread itself. A kernel
	 * without the flag says EINVAL again: the first answer stands.
	 */
	if (r != -EINVAL && r != -ENOENT)
		return r;
	fd = (int)syscall(SYS_pidfd_open, pid, PIDFD_THREAD);
	if (fd < 0)
		return errno == EINVAL ? r : ns_errno();
	*ret_pidfd = fd;
	return 0;
}

int ns_proc_pidfd_links(int procfd, int pidfd, pid_t pid, unsigned int types,
		   uint64_t ret_inos[NS_TYPE_COUNT])
{
	uint64_t inos[NS_TYPE_COUNT];
	int r;

	r = ns_proc_namespaces(procfd, pid, types, inos);
	if (r == -ENOENT) /* its /proc directory is gone */
		r = -ESRCH;
	if (r < 0)
		return r;
	/*
	 * Alive now, so alive since the pidfd was opened: the PID was
	 * not reused meanwhile, and the links read were this process's.
	 */
	r = ns_proc_pidfd_exited(pidfd);
	if (r > 0)
		r = -ESRCH;
	if (r < 0)
		return r;
	memcpy(ret_inos, inos, sizeof(inos));
	return 0;
}

int ns_proc_pidfd_namespaces(int procfd, pid_t pid, unsigned int types,
			int *ret_pidfd, uint64_t ret_inos[NS_TYPE_COUNT])
{
	int pidfd, r;

	if (pid <= 0)
		return -ESRCH;
	pidfd = (int)syscall(SYS_pidfd_open, pid, 0);
	if (pidfd < 0)
		return ns_errno();
	r = ns_proc_pidfd_links(procfd, pidfd, pid, types, ret_inos);
	if (r < 0) {
		ns_close(pidfd);
		return r;
	}
	*ret_pidfd = pidfd;
	return 0;
}

int ns_proc_stat_parse(const char *buf, struct ns_proc_stat *ret_stat)
{
	struct ns_proc_stat st = { 0 };
	const char *open, *close;
	size_t commlen;
	long ppid;

	/* "pid (comm) S ppid ..."; comm is anything, so take the last ')' */
	open = strchr(buf, '(');
	close = strrchr(buf, ')');
	if (!open || !close || close < open)
		return -EINVAL;
	commlen = (size_t)(close - open - 1);
	if (commlen >= sizeof(st.comm))
		commlen = sizeof(st.comm) - 1;
	memcpy(st.comm, open + 1, commlen);
	st.comm[commlen] = '\0';
	/* a PPID past pid_t's range must not wrap to another number */
	if (sscanf(close + 1, " %c %ld", &st.state, &ppid) != 2 || ppid < 0 ||
	    ppid > INT32_MAX)
		return -EINVAL;
	st.ppid = (pid_t)ppid;
	*ret_stat = st;
	return 0;
}

int ns_proc_stat(int piddirfd, struct ns_proc_stat *ret_stat)
{
	char buf[512];
	ssize_t n;

	n = ns_read_buf_at(piddirfd, "stat", buf, sizeof(buf));
	if (n < 0)
		return (int)n;
	return ns_proc_stat_parse(buf, ret_stat);
}

int ns_proc_cmdline_parse(char *buf, size_t len)
{
	/* Arguments are NUL separated (and NUL terminated). */
	while (len > 0 && buf[len - 1] == '\0')
		len--;
	if (len == 0)
		return -ENODATA;
	for (size_t i = 0; i < len; i++) {
		if (buf[i] == '\0')
			buf[i] = ' ';
	}
	buf[len] = '\0';
	return 0;
}

int ns_proc_cmdline(int piddirfd, char **ret_cmdline)
{
	size_t len;
	char *buf;
	int r;

	r = ns_read_file_at(piddirfd, "cmdline", &buf, &len);
	if (r < 0)
		return r;
	r = ns_proc_cmdline_parse(buf, len);
	if (r < 0) {
		free(buf);
		return r;
	}
	*ret_cmdline = buf;
	return 0;
}

int ns_proc_uid(int piddirfd, uid_t *ret_uid)
{
	struct stat st;

	if (fstat(piddirfd, &st) < 0)
		return ns_errno();
	*ret_uid = st.st_uid;
	return 0;
}

int ns_proc_pidfd(pid_t pid, int piddirfd, int *ret_pidfd)
{
	struct stat st;
	int pidfd;

	pidfd = (int)syscall(SYS_pidfd_open, pid, 0);
	if (pidfd < 0)
		return ns_errno();
	/*
	 * The pidfd names whatever process owns @pid now. If the process
	 * of @piddirfd is still there, that is the same one: a PID is not
	 * reused while its process exists. (pidfd_open sets O_CLOEXEC.)
	 */
	if (fstatat(piddirfd, "stat", &st, 0) < 0) {
		ns_close(pidfd);
		return -ESRCH;
	}
	*ret_pidfd = pidfd;
	return 0;
}

static enum ns_fd_kind classify_fd_link(const char *link, size_t len,
					enum ns_kind *ret_type,
					uint64_t *ret_ino)
{
	/* Files have absolute paths; pseudo files are "kind:[ino]". */
	if (len == 0 || link[0] == '/')
		return NS_FD_OTHER;
	if (ns_fd_parse_socket_link(link, len, ret_ino) == 0)
		return NS_FD_SOCKET;
	if (ns_fd_parse_link(link, len, ret_type, ret_ino) == 0)
		return NS_FD_NAMESPACE;
	return NS_FD_OTHER;
}

/* The fds of one process, and a pidfd for it once one is needed. */
struct fd_walk {
	int piddirfd;
	int fddir;
	pid_t pid; /* <= 0: none (a fake proc tree) */
	int pidfd;
	bool pidfd_failed;
	dev_t nsfs_dev;
};

/*
 * The type of the nsfs file @st, fd @fdnum of the process, whose
 * /proc link reads @link. Nothing is opened by name: the link is the
 * kernel's "type:[ino]", or the fd is duplicated with pidfd_getfd and
 * asked (NS_GET_NSTYPE) once fstat proved it is still that namespace.
 */
static int fd_namespace_type(struct fd_walk *w, int fdnum,
			     const struct stat *st, const char *link,
			     size_t len, enum ns_kind *ret_type)
{
	enum ns_kind type;
	struct ns_id id;
	uint64_t ino;
	int nsfd, r;

	/* The inode must agree: the fd may have changed in between. */
	if (ns_fd_parse_link(link, len, &type, &ino) == 0 &&
	    ino == st->st_ino) {
		*ret_type = type;
		return 0;
	}
	/* Opened through a bind mount, the link is the mount's path. */
	if (w->pid <= 0 || w->pidfd_failed)
		return -ENOENT;
	if (w->pidfd < 0) {
		r = ns_proc_pidfd(w->pid, w->piddirfd, &w->pidfd);
		if (r < 0) {
			w->pidfd_failed = true;
			return r;
		}
	}
	r = ns_fd_getfd(w->pidfd, fdnum, w->nsfs_dev, st->st_ino,
			       &nsfd);
	if (r < 0)
		return r;
	r = ns_fd_identify(nsfd, &id);
	ns_close(nsfd);
	if (r < 0)
		return r;
	*ret_type = id.type;
	return 0;
}

/*
 * One fd: stat first (never open: the owner may swap in a FIFO or a
 * device), and the link only where it can tell something: the type of
 * an nsfs file, or what a fake proc tree (no stat) shows. Most fds are
 * files, pipes and sockets: one syscall each.
 */
static int classify_fd(struct fd_walk *w, const char *name, int fdnum,
		       struct ns_fd_entry *e)
{
	struct stat st;
	char link[64];
	ssize_t len;
	int r;

	if (fstatat(w->fddir, name, &st, 0) == 0) {
		e->ino = st.st_ino;
		e->kind = NS_FD_OTHER;
		if (S_ISSOCK(st.st_mode)) {
			e->kind = NS_FD_SOCKET;
		} else if (w->nsfs_dev && st.st_dev == w->nsfs_dev) {
			/* Long targets are paths, so truncation is fine. */
			len = readlinkat(w->fddir, name, link, sizeof(link));
			r = fd_namespace_type(w, fdnum, &st, link,
					      len < 0 ? 0 : (size_t)len,
					      &e->type);
			if (r == 0)
				e->kind = NS_FD_NAMESPACE;
			else if (ns_err_resource(r))
				return r;
		}
		return 0;
	}
	/* Closed meanwhile (then this fails too), or a fake proc tree. */
	len = readlinkat(w->fddir, name, link, sizeof(link));
	if (len < 0)
		return ns_errno();
	if (len == 0)
		return -ENOENT;
	e->kind = classify_fd_link(link, (size_t)len, &e->type, &e->ino);
	return 0;
}

/* Errors that mean the fd (table) is gone or not ours to see. */
static bool fd_unreadable(int r)
{
	return ns_err_gone(r) || r == -EACCES || r == -EPERM;
}

int ns_proc_foreach_fd(int piddirfd, pid_t pid, dev_t nsfs_dev,
		       unsigned int kinds, ns_fd_visit_t visit, void *userdata)
{
	char buf[4096] __attribute__((aligned(8)));
	struct fd_walk w = {
		.piddirfd = piddirfd,
		.pid = pid,
		.pidfd = -1,
		.nsfs_dev = nsfs_dev,
	};
	int r = 0;

	w.fddir = openat(piddirfd, "fd", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (w.fddir < 0) {
		/* exited, a kernel thread, or not ours to see */
		r = ns_errno();
		return fd_unreadable(r) ? 0 : r;
	}

	for (;;) {
		long n = ns_getdents(w.fddir, buf, sizeof(buf));

		if (n < 0) {
			/* an fd table that vanished reads as empty */
			r = ns_errno();
			if (fd_unreadable(r))
				r = 0;
			break;
		}
		if (n == 0)
			break;
		for (long pos = 0; pos < n;) {
			struct ns_dent *d = ns_dent_at(buf, (size_t)pos);
			struct ns_fd_entry e = { .kind = NS_FD_OTHER };
			pid_t fdnum;

			pos += d->d_reclen;
			if (ns_parse_pid(d->d_name, &fdnum) < 0)
				continue; /* "." and ".." */
			r = classify_fd(&w, d->d_name, fdnum, &e);
			if (r < 0) {
				if (ns_err_resource(r))
					goto out;
				r = 0;
				continue; /* closed meanwhile, or not ours */
			}
			e.fd = fdnum;
			if (!(kinds & (1u << e.kind)))
				continue;
			r = visit(&e, userdata);
			if (r < 0)
				goto out;
		}
	}
out:
	ns_close(w.pidfd);
	ns_close(w.fddir);
	return r;
}
