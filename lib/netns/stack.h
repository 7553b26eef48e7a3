/* SPDX-License-Identifier: MIT */
/* lib/netns only: the check that a bound name carries one mount. */
#ifndef LIBNS_NETNS_STACK_H
#define LIBNS_NETNS_STACK_H

#include "libns/netns.h"

/*
 * After @entry was bound to the namespace @nsfd: 0 when it is the one
 * nsfs mount on the name (or the name went meanwhile). When another
 * add bound the name too (stacked mounts), ours is taken out of the
 * stack, the other's stays, the entry owns nothing any more (undo
 * leaves the file alone) and -EEXIST is returned; another -errno when
 * the mounts cannot be read or ours cannot be taken out.
 */
int ns_netns_check_alone(struct ns_netns_entry *entry, int nsfd);

#endif
