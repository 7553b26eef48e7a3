/* SPDX-License-Identifier: MIT */
/*
 * nsfs bind mounts ("persistent namespaces", e.g. /run/netns/NAME) as
 * listed in mountinfo, parsed with libmount.
 */
#ifndef LIBNS_MOUNTS_H
#define LIBNS_MOUNTS_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/types.h>

#include "libns/nstype.h"

struct ns_mount {
	uint64_t ino;
	enum ns_kind type;
	char *target;
};

struct ns_mount_list {
	struct ns_mount *items;
	size_t count;
};

/*
 * Read the nsfs mounts of "self/mountinfo" below the proc root
 * @procfd, in mountinfo order. The list is empty when there are none.
 */
int ns_mounts_read(int procfd, struct ns_mount_list *ret_list);

/* The same from the mountinfo text of the stream @f (read to its end). */
int ns_mounts_parse(FILE *f, struct ns_mount_list *ret_list);

/*
 * Open the namespace mounted at @m (for ioctls: O_RDONLY, non-blocking,
 * O_CLOEXEC). Whoever may write a directory on the way can swap it at
 * any time, so no symlink is followed (openat2 RESOLVE_NO_SYMLINKS, or
 * a walk with O_NOFOLLOW), the file is first reached with O_PATH and
 * must be on the nsfs device @nsfs_dev with inode @m->ino before it is
 * opened for real, through "self/fd/N" below the proc root @procfd.
 * -ESTALE when something else is there, -ELOOP for a symlink.
 */
int ns_mounts_open(int procfd, const struct ns_mount *m, dev_t nsfs_dev,
		  int *ret_fd);

void ns_mounts_clear(struct ns_mount_list *list);

#endif
