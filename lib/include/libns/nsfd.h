/* SPDX-License-Identifier: MIT */
/*
 * Namespace identity: what a namespace fd refers to (inode, device,
 * type) and how it relates to others (owner, parent), see ioctl_ns(2).
 */
#ifndef LIBNS_NSFD_H
#define LIBNS_NSFD_H

#include <stdint.h>
#include <sys/types.h>

#include "libns/nstype.h"

struct ns_id {
	uint64_t ino;
	dev_t dev;
	enum ns_kind type;
};

enum ns_relation {
	NS_REL_OWNER,  /* NS_GET_USERNS: the user namespace owning it */
	NS_REL_PARENT, /* NS_GET_PARENT: pid and user namespaces only */
};

/*
 * Identify the namespace @nsfd refers to. -EINVAL if @nsfd is not an
 * nsfs file, -ENOTTY if the kernel cannot tell the type (< 4.11).
 */
int ns_fd_identify(int nsfd, struct ns_id *ret_id);

/* Inode of an nsfs fd, with a check that it is one (-EINVAL if not). */
int ns_fd_ino(int nsfd, uint64_t *ret_ino);

/*
 * Open the related namespace (O_CLOEXEC). -EPERM when it lies outside
 * our reach (e.g. an ancestor of our own pid namespace), -ENOENT when
 * there is none (the initial namespace), -EINVAL when the relation
 * does not apply to this type, -ENOTTY when the kernel lacks it.
 */
int ns_fd_related(int nsfd, enum ns_relation rel, int *ret_fd);

/* Same, but only the related namespace's inode. */
int ns_fd_related_ino(int nsfd, enum ns_relation rel, uint64_t *ret_ino);

/* Owner uid of a user namespace (in our user namespace). */
int ns_fd_owner_uid(int nsfd, uid_t *ret_uid);

/*
 * The kernel's 64-bit namespace ID (NS_GET_ID, Linux >= 6.18);
 * -ENOTTY on kernels without it. Never required.
 */
int ns_fd_get_id(int nsfd, uint64_t *ret_id);

/* Same, of our own namespace of @type, below the proc root @procfd. */
int ns_fd_self_id(int procfd, enum ns_kind type, uint64_t *ret_id);

/* Open /proc/<pid>/ns/<type> below the proc root @procfd. */
int ns_fd_open_pid(int procfd, pid_t pid, enum ns_kind type, int *ret_fd);

/*
 * Open a namespace file relative to @dirfd (AT_FDCWD for a plain
 * path) and check that it is one. -EINVAL when it is not a namespace.
 * It follows symlinks: only for paths nobody else controls, such as
 * /proc/<pid>/ns/<type> (see ns_mounts_open for mount points).
 */
int ns_fd_open_path(int dirfd, const char *path, int *ret_fd);

/*
 * Take fd @targetfd of the process @pidfd (pidfd_getfd(2), never an
 * open by name) if it is, still, the namespace @ino: a file on the
 * nsfs device @nsfs_dev with that inode. -ESTALE when it is something
 * else by now; -EPERM without ptrace rights over the process; -EINVAL
 * when @nsfs_dev is 0 (unknown: nothing to check against).
 */
int ns_fd_getfd(int pidfd, int targetfd, dev_t nsfs_dev,
		       uint64_t ino, int *ret_nsfd);

/*
 * The network namespace of socket @targetfd of the process @pidfd
 * (pidfd_getfd + SIOCGSKNS). Needs ptrace rights over the process.
 * -ENOTSOCK, and no ioctl, when that fd is not a socket.
 */
int ns_fd_socket_netns(int pidfd, int targetfd, int *ret_nsfd);

/*
 * Open the namespace of @type whose NS_GET_ID is @nsid, through an
 * nsfs file handle (open_by_handle_at(2) below FD_NSFS_ROOT), and
 * check its type. -EOPNOTSUPP when this kernel cannot open a
 * namespace by its ID alone (Linux < 6.19; the probe opens our own
 * namespace of @type below the proc root @procfd); -ESTALE when there
 * is no such namespace (or none the kernel counts as active: one held
 * only by a socket); -EMEDIUMTYPE when it is of another type; -EPERM
 * when it is not ours to open.
 */
int ns_fd_open_nsid(int procfd, enum ns_kind type, uint64_t nsid,
		 int *ret_fd);

/*
 * Open the namespace of ID @nsid, whatever its type, without a probe:
 * -ESTALE when there is none, other errors as open_by_handle_at(2)'s
 * (on kernels that cannot open namespaces by ID: ESTALE, EBADF, ...).
 */
int ns_fd_open_id(uint64_t nsid, int *ret_fd);

/*
 * listns(2) (Linux >= 6.19): the IDs of the namespaces of the types
 * @types (NS_TYPE_MASK bits, not 0) that the caller may see, ascending,
 * in a malloc'd array. -ENOSYS on kernels without it.
 */
int ns_fd_list_ids(unsigned int types, uint64_t **ret_ids, size_t *ret_count);

/*
 * Parse an nsfs link text of @len bytes, "net:[4026531840]".
 * -EINVAL when it is not one (a file path, "socket:[..]", ...).
 */
int ns_fd_parse_link(const char *link, size_t len, enum ns_kind *ret_type,
		    uint64_t *ret_ino);

/* The same for a socket's link text, "socket:[12345]". */
int ns_fd_parse_socket_link(const char *link, size_t len, uint64_t *ret_ino);

/*
 * The device of the nsfs filesystem, from the ns links of "self" below
 * the proc root @procfd; -ENOENT when there is none to stat.
 */
int ns_fd_nsfs_device(int procfd, dev_t *ret_dev);

#endif
