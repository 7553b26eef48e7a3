// SPDX-License-Identifier: MIT
/*
 * Opening a namespace by its ID (NS_GET_ID) through an nsfs file
 * handle: { id, type, inode } below the nsfs root.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>

#include "libns/nsfd.h"
#include "libns/base.h"

/* Kernel ABI (Linux 6.18): FILEID_NSFS and the fd of the nsfs root. */
#define NS_FILEID_NSFS 0xf1
#ifndef FD_NSFS_ROOT
#define FD_NSFS_ROOT (-10003)
#endif

struct nsfs_handle {
	uint64_t ns_id;
	uint32_t ns_type;
	uint32_t ns_inum; /* 0: any (Linux >= 6.19) */
};

static int open_handle(uint64_t id, int flag, int *ret_fd)
{
	struct {
		struct file_handle fh;
		struct nsfs_handle ns;
	} h = {
		.fh = { .handle_bytes = sizeof(struct nsfs_handle),
			.handle_type = NS_FILEID_NSFS },
		.ns = { .ns_id = id, .ns_type = (uint32_t)flag },
	};
	int fd;

	fd = open_by_handle_at(FD_NSFS_ROOT, &h.fh, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return ns_errno();
	*ret_fd = fd;
	return 0;
}

/*
 * Can this kernel find a namespace by its ID alone? Ask for our own
 * namespace of the type: found means yes. Up to 6.18 the handle must
 * carry the inode as well (ESTALE without it); older kernels know no
 * FD_NSFS_ROOT (EBADF) or no nsfs handles (EINVAL, EOPNOTSUPP) or no
 * NS_GET_ID (ENOTTY).
 */
static int by_id_supported(int procfd, enum ns_kind type, int flag)
{
	uint64_t id;
	int fd, r;

	r = ns_fd_self_id(procfd, type, &id);
	if (r < 0)
		return r == -ENOTTY ? 0 : r;
	r = open_handle(id, flag, &fd);
	if (r < 0)
		return r == -ENOMEM ? r : 0;
	ns_close(fd);
	return 1;
}

int ns_fd_open_nsid(int procfd, enum ns_kind type, uint64_t nsid, int *ret_fd)
{
	const struct ns_type_info *info = ns_type_info(type);
	struct ns_id id;
	int fd, r;

	if (!info)
		return -EINVAL;
	r = open_handle(nsid, info->clone_flag, &fd);
	if (r < 0) {
		int s = by_id_supported(procfd, type, info->clone_flag);

		if (s < 0)
			return s;
		return s ? r : -EOPNOTSUPP;
	}
	r = ns_fd_identify(fd, &id);
	if (r == 0 && id.type != type)
		r = -EINVAL;
	if (r < 0) {
		ns_close(fd);
		return r;
	}
	*ret_fd = fd;
	return 0;
}
