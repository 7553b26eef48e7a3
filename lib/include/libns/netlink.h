/* SPDX-License-Identifier: MIT */
/* rtnetlink requests about network namespace ids (NSIDs). */
#ifndef LIBNS_NETLINK_H
#define LIBNS_NETLINK_H

#include <stdint.h>

struct ns_netlink {
	int fd;
	uint32_t seq;
};

#define NS_NETLINK_INIT { .fd = -1, .seq = 0 }

/* NSID value meaning "no id assigned" (NETNSA_NSID_NOT_ASSIGNED). */
#define NS_NSID_UNASSIGNED (-1)

/* Open a NETLINK_ROUTE socket (SOCK_CLOEXEC) in our network namespace. */
int ns_netlink_open(struct ns_netlink *nl);

void ns_netlink_close(struct ns_netlink *nl);

/*
 * The NSID that our network namespace uses for the network namespace
 * @nsfd (RTM_GETNSID with NETNSA_FD), or NS_NSID_UNASSIGNED.
 */
int ns_netlink_get_nsid(struct ns_netlink *nl, int nsfd, int *ret_nsid);

#endif
