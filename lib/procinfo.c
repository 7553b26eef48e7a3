// SPDX-License-Identifier: MIT
/* Per-process reads: ns links, stat, cmdline, uid, fds. */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/pidfd.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "dents.h"
#include "libns/nsid.h"
#include "libns/procinfo.h"
#include "libns/util.h"

static int parse_bracketed_ino(const char *p, size_t len, uint64_t *ret_ino)
{
	char num[24];

	/* "[digits]" */
	if (len < 3 || p[0] != '[' || p[len - 1] != ']' ||
	    len - 2 >= sizeof(num))
		return -EINVAL;
	memcpy(num, p + 1, len - 2);
	num[len - 2] = '\0';
	return ns_parse_u64(num, ret_ino);
}

int ns_parse_nslink(const char *link, size_t len, enum ns_type *ret_type,
		    uint64_t *ret_ino)
{
	const char *colon = memchr(link, ':', len);
	enum ns_type type;
	uint64_t ino;
	int r;

	if (!colon)
		return -EINVAL;
	r = ns_type_from_name_len(link, (size_t)(colon - link), &type);
	if (r < 0)
		return r;
	colon++;
	r = parse_bracketed_ino(colon, len - (size_t)(colon - link), &ino);
	if (r < 0)
		return r;
	*ret_type = type;
	*ret_ino = ino;
	return 0;
}

int ns_proc_nslink(int piddirfd, enum ns_type type, uint64_t *ret_ino)
{
	char path[16], link[64];
	enum ns_type got;
	uint64_t ino;
	ssize_t n;
	int r;

	snprintf(path, sizeof(path), "ns/%s", ns_type_name(type));
	n = readlinkat(piddirfd, path, link, sizeof(link));
	if (n < 0)
		return ns_errno();
	if ((size_t)n >= sizeof(link))
		return -EINVAL;
	r = ns_parse_nslink(link, (size_t)n, &got, &ino);
	if (r < 0)
		return r;
	if (got != type)
		return -EINVAL;
	*ret_ino = ino;
	return 0;
}

int ns_proc_stat(int piddirfd, struct ns_proc_stat *ret_stat)
{
	struct ns_proc_stat st = { 0 };
	char buf[512], *open, *close;
	size_t commlen;
	long ppid;
	ssize_t n;

	n = ns_read_buf_at(piddirfd, "stat", buf, sizeof(buf));
	if (n < 0)
		return (int)n;
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
	if (sscanf(close + 1, " %c %ld", &st.state, &ppid) != 2 || ppid < 0)
		return -EINVAL;
	st.ppid = (pid_t)ppid;
	*ret_stat = st;
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
	/* Arguments are NUL separated (and NUL terminated). */
	while (len > 0 && buf[len - 1] == '\0')
		len--;
	if (len == 0) {
		free(buf);
		return -ENODATA;
	}
	for (size_t i = 0; i < len; i++) {
		if (buf[i] == '\0')
			buf[i] = ' ';
	}
	buf[len] = '\0';
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
					enum ns_type *ret_type,
					uint64_t *ret_ino)
{
	static const char sock[] = "socket:";

	/* Files have absolute paths; pseudo files are "kind:[ino]". */
	if (len == 0 || link[0] == '/')
		return NS_FD_OTHER;
	if (len > sizeof(sock) - 1 && memcmp(link, sock, sizeof(sock) - 1) == 0)
		return parse_bracketed_ino(link + sizeof(sock) - 1,
					   len - (sizeof(sock) - 1),
					   ret_ino) == 0
			       ? NS_FD_SOCKET
			       : NS_FD_OTHER;
	if (ns_parse_nslink(link, len, ret_type, ret_ino) == 0)
		return NS_FD_NAMESPACE;
	return NS_FD_OTHER;
}

/* The type of an nsfs fd: asked of the namespace (NS_GET_NSTYPE). */
static int fd_namespace_type(int fddir, const char *name,
			     enum ns_type *ret_type)
{
	struct ns_id id;
	char link[64];
	ssize_t len;
	uint64_t ino;
	int fd, r;

	fd = openat(fddir, name, O_RDONLY | O_CLOEXEC | O_NOCTTY);
	if (fd >= 0) {
		r = ns_fd_identify(fd, &id);
		ns_close(fd);
		if (r == 0) {
			*ret_type = id.type;
			return 0;
		}
	}
	/* not ours to open: the link text names the type too */
	len = readlinkat(fddir, name, link, sizeof(link));
	if (len <= 0 || (size_t)len >= sizeof(link))
		return -ENOENT;
	return ns_parse_nslink(link, (size_t)len, ret_type, &ino);
}

static int classify_fd(int fddir, const char *name, dev_t nsfs_dev,
		       struct ns_fd_entry *e)
{
	struct stat st;
	char link[64];
	ssize_t len;

	if (fstatat(fddir, name, &st, 0) == 0) {
		e->ino = st.st_ino;
		if (S_ISSOCK(st.st_mode))
			e->kind = NS_FD_SOCKET;
		else if (nsfs_dev && st.st_dev == nsfs_dev &&
			 fd_namespace_type(fddir, name, &e->type) == 0)
			e->kind = NS_FD_NAMESPACE;
		else
			e->kind = NS_FD_OTHER;
		return 0;
	}
	/* Closed meanwhile (then this fails too), or a fake proc tree. */
	len = readlinkat(fddir, name, link, sizeof(link));
	if (len < 0)
		return ns_errno();
	if (len == 0)
		return -ENOENT;
	/* Long targets are paths, so truncation is fine. */
	e->kind = classify_fd_link(link, (size_t)len, &e->type, &e->ino);
	return 0;
}

/* Errors that mean the fd (table) is gone or not ours to see. */
static bool fd_unreadable(int r)
{
	return ns_err_gone(r) || r == -EACCES || r == -EPERM;
}

int ns_proc_foreach_fd(int piddirfd, dev_t nsfs_dev, unsigned int kinds,
		       ns_fd_visit_t visit, void *userdata)
{
	char buf[4096] __attribute__((aligned(8)));
	int fddir, r = 0;

	fddir = openat(piddirfd, "fd", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fddir < 0) {
		/* exited, a kernel thread, or not ours to see */
		r = ns_errno();
		return fd_unreadable(r) ? 0 : r;
	}

	for (;;) {
		long n = ns_getdents(fddir, buf, sizeof(buf));

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
			r = classify_fd(fddir, d->d_name, nsfs_dev, &e);
			if (r < 0) {
				if (!fd_unreadable(r))
					goto out;
				r = 0;
				continue; /* closed meanwhile */
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
	ns_close(fddir);
	return r;
}

int ns_nsfs_device(int procfd, dev_t *ret_dev)
{
	for (unsigned int t = 0; t < NS_TYPE_COUNT; t++) {
		struct stat st;
		char path[32];

		snprintf(path, sizeof(path), "self/ns/%s",
			 ns_type_name((enum ns_type)t));
		if (fstatat(procfd, path, &st, 0) == 0) {
			*ret_dev = st.st_dev;
			return 0;
		}
	}
	return -ENOENT;
}
