// SPDX-License-Identifier: MIT
/*
 * Opening a namespace by its ID (NS_GET_ID) through an nsfs file
 * handle below the nsfs root.
 *
 * Measured on Debian's 7.2 kernel (see the kernel notes): a handle of
 * type 0xf1 is 16 bytes, { u64 ns_id; u32 ns_type; u32 ns_inum }, and
 * open_by_handle_at(FD_NSFS_ROOT, ...) opens { id, 0, 0 }, the ID
 * alone, while { id, type, 0 } or { id, 0, inum } read ESTALE. So the
 * ID goes alone and the type is checked on the fd that comes back.
 * Only namespaces the kernel counts as active open (used by a task,
 * an nsfs fd or a bind mount; one held only by a socket reads ESTALE).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <string.h>

#include "libns/nsfd.h"
#include "libns/base.h"
#include "handle.h"

/* Kernel ABI (Linux 6.18): FILEID_NSFS and the fd of the nsfs root. */
#define NS_FILEID_NSFS 0xf1
#define NS_FD_NSFS_ROOT (-10003)

void ns_fd_nsid_handle(uint64_t nsid, struct ns_nsid_handle *ret)
{
	memset(ret, 0, sizeof(*ret));
	ret->fh.handle_bytes = sizeof(struct ns_nsfs_fid);
	ret->fh.handle_type = NS_FILEID_NSFS;
	ret->fid.ns_id = nsid;
}

int ns_fd_open_id(uint64_t nsid, int *ret_fd)
{
	struct ns_nsid_handle h;
	int fd;

	if (nsid == 0)
		return -ESTALE; /* no namespace has it: ask no kernel */
	ns_fd_nsid_handle(nsid, &h);
	fd = open_by_handle_at(NS_FD_NSFS_ROOT, &h.fh, O_RDONLY | O_CLOEXEC);
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
static int by_id_supported(int procfd, enum ns_kind type)
{
	uint64_t id;
	int fd, r;

	r = ns_fd_self_id(procfd, type, &id);
	if (r < 0)
		return r == -ENOTTY ? 0 : r;
	r = ns_fd_open_id(id, &fd);
	if (r < 0)
		return r == -ENOMEM ? r : 0;
	ns_close(fd);
	return 1;
}

int ns_fd_open_nsid(int procfd, enum ns_kind type, uint64_t nsid, int *ret_fd)
{
	struct ns_id id;
	int fd, r;

	if (!ns_type_info(type))
		return -EINVAL;
	r = ns_fd_open_id(nsid, &fd);
	if (r < 0) {
		int s = by_id_supported(procfd, type);

		if (s < 0)
			return s;
		return s ? r : -EOPNOTSUPP;
	}
	r = ns_fd_identify(fd, &id);
	if (r == 0 && id.type != type)
		r = -EMEDIUMTYPE;
	if (r < 0) {
		ns_close(fd);
		return r;
	}
	*ret_fd = fd;
	return 0;
}
