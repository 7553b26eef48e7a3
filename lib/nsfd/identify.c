// SPDX-License-Identifier: MIT
/* Namespace identity and relations through nsfs ioctls. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/magic.h>
#include <linux/nsfs.h>
#include <linux/sockios.h>
#include <stdio.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "libns/nsfd.h"
#include "libns/base.h"

#ifndef NSFS_MAGIC
#define NSFS_MAGIC 0x6e736673
#endif
#ifndef SIOCGSKNS
#define SIOCGSKNS 0x894C
#endif
/* Linux 6.18: unique 64-bit namespace id; absent from older headers. */
#ifndef NS_GET_ID
#define NS_GET_ID _IOR(NSIO, 0xd, uint64_t)
#endif

static int check_nsfs(int fd)
{
	struct statfs sfs;

	if (fstatfs(fd, &sfs) < 0)
		return ns_errno();
	return sfs.f_type == NSFS_MAGIC ? 0 : -EINVAL;
}

int ns_fd_ino(int nsfd, uint64_t *ret_ino)
{
	struct stat st;
	int r;

	r = check_nsfs(nsfd);
	if (r < 0)
		return r;
	if (fstat(nsfd, &st) < 0)
		return ns_errno();
	*ret_ino = st.st_ino;
	return 0;
}

int ns_fd_identify(int nsfd, struct ns_id *ret_id)
{
	struct stat st;
	enum ns_kind type;
	int flag, r;

	r = check_nsfs(nsfd);
	if (r < 0)
		return r;
	if (fstat(nsfd, &st) < 0)
		return ns_errno();
	flag = ioctl(nsfd, NS_GET_NSTYPE);
	if (flag < 0)
		return ns_errno();
	r = ns_type_from_clone_flag(flag, &type);
	if (r < 0)
		return -EOPNOTSUPP; /* a type newer than this table */
	ret_id->ino = st.st_ino;
	ret_id->dev = st.st_dev;
	ret_id->type = type;
	return 0;
}

int ns_fd_related(int nsfd, enum ns_relation rel, int *ret_fd)
{
	unsigned long req = rel == NS_REL_PARENT ? NS_GET_PARENT
						 : NS_GET_USERNS;
	int fd;

	/* The kernel returns the new fd with O_CLOEXEC already set. */
	fd = ioctl(nsfd, req);
	if (fd < 0)
		return ns_errno();
	*ret_fd = fd;
	return 0;
}

int ns_fd_related_ino(int nsfd, enum ns_relation rel, uint64_t *ret_ino)
{
	struct stat st;
	int fd, r;

	r = ns_fd_related(nsfd, rel, &fd);
	if (r < 0)
		return r;
	r = fstat(fd, &st) < 0 ? ns_errno() : 0;
	ns_close(fd);
	if (r == 0)
		*ret_ino = st.st_ino;
	return r;
}

int ns_fd_owner_uid(int nsfd, uid_t *ret_uid)
{
	uid_t uid;

	if (ioctl(nsfd, NS_GET_OWNER_UID, &uid) < 0)
		return ns_errno();
	*ret_uid = uid;
	return 0;
}

int ns_fd_get_id(int nsfd, uint64_t *ret_id)
{
	uint64_t id;

	if (ioctl(nsfd, NS_GET_ID, &id) < 0)
		return ns_errno();
	*ret_id = id;
	return 0;
}

int ns_fd_self_id(int procfd, enum ns_kind type, uint64_t *ret_id)
{
	char path[NS_PATH_MAX];
	int fd, r;

	r = ns_type_path(type, 0, NULL, NS_PATH_SELF, path, sizeof(path));
	if (r < 0)
		return r;
	r = ns_fd_open_path(procfd, path, &fd);
	if (r < 0)
		return r;
	r = ns_fd_get_id(fd, ret_id);
	ns_close(fd);
	return r;
}

int ns_fd_open_path(int dirfd, const char *path, int *ret_fd)
{
	int fd, r;

	/* Never blocks, should @path be a FIFO: nsfs files ignore it. */
	fd = openat(dirfd, path, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
	if (fd < 0)
		return ns_errno();
	r = check_nsfs(fd);
	if (r < 0) {
		ns_close(fd);
		return r;
	}
	*ret_fd = fd;
	return 0;
}

int ns_fd_open_pid(int procfd, pid_t pid, enum ns_kind type, int *ret_fd)
{
	char path[NS_PATH_MAX];
	int r;

	if (pid <= 0)
		return -EINVAL;
	r = ns_type_path(type, 0, NULL, pid, path, sizeof(path));
	if (r < 0)
		return r;
	return ns_fd_open_path(procfd, path, ret_fd);
}

int ns_fd_getfd(int pidfd, int targetfd, dev_t nsfs_dev,
		       uint64_t ino, int *ret_nsfd)
{
	struct stat st;
	int fd, r;

	if (nsfs_dev == 0)
		return -EINVAL; /* nothing to check the fd against */
	/*
	 * A duplicate, not an open: nothing of the file's open() runs,
	 * whatever it is. (pidfd_getfd(2) sets O_CLOEXEC.)
	 */
	fd = (int)syscall(SYS_pidfd_getfd, pidfd, targetfd, 0);
	if (fd < 0)
		return ns_errno();
	if (fstat(fd, &st) < 0) {
		r = ns_errno();
		goto err_close;
	}
	/* The owner may have put anything there since it was stat'ed. */
	if (st.st_dev != nsfs_dev || st.st_ino != ino) {
		r = -ESTALE;
		goto err_close;
	}
	*ret_nsfd = fd;
	return 0;

err_close:
	ns_close(fd);
	return r;
}

int ns_fd_socket_netns(int pidfd, int targetfd, int *ret_nsfd)
{
	struct stat st;
	int sock, nsfd, r;

	/* The duplicate is O_CLOEXEC by definition of pidfd_getfd(2). */
	sock = (int)syscall(SYS_pidfd_getfd, pidfd, targetfd, 0);
	if (sock < 0)
		return ns_errno();
	/* It may be anything by now, e.g. a device: no ioctl unless a socket */
	if (fstat(sock, &st) < 0) {
		r = ns_errno();
		goto out;
	}
	if (!S_ISSOCK(st.st_mode)) {
		r = -ENOTSOCK;
		goto out;
	}
	nsfd = ioctl(sock, SIOCGSKNS);
	if (nsfd < 0) {
		r = ns_errno();
		goto out;
	}
	*ret_nsfd = nsfd;
	r = 0;
out:
	ns_close(sock);
	return r;
}
