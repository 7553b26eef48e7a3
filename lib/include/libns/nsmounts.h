/* SPDX-License-Identifier: MIT */
/*
 * nsfs bind mounts ("persistent namespaces", e.g. /run/netns/NAME) as
 * listed in mountinfo, parsed with libmount.
 */
#ifndef LIBNS_NSMOUNTS_H
#define LIBNS_NSMOUNTS_H

#include <stddef.h>
#include <stdint.h>

#include "libns/nstype.h"

struct ns_mount {
	uint64_t ino;
	enum ns_type type;
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

void ns_mounts_clear(struct ns_mount_list *list);

#endif
