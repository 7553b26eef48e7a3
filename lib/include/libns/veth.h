/* SPDX-License-Identifier: MIT */
/*
 * Links over rtnetlink (libmnl): a veth pair with one end in another
 * network namespace, addresses, links up, links deleted. Each socket
 * lives in one network namespace and acts there.
 */
#ifndef LIBNS_VETH_H
#define LIBNS_VETH_H

#include <stdint.h>

struct mnl_socket;

struct ns_rtnl {
	struct mnl_socket *sock;
	uint32_t seq;
	uint32_t portid;
	char errmsg[128]; /* the kernel's extended ACK text of the last
			   * failed request ("" when it gave none) */
};

#define NS_RTNL_INIT { .sock = NULL }

/*
 * A NETLINK_ROUTE socket in the network namespace @nsfd (-1: ours),
 * SOCK_CLOEXEC, with extended ACKs.
 */
int ns_rtnl_open(int nsfd, struct ns_rtnl *ret_nl);

void ns_rtnl_close(struct ns_rtnl *nl);

/*
 * Create the veth pair @hostif (here) and @peerif, which goes to the
 * network namespace @peer_nsfd at once. -EEXIST when a name is taken.
 */
int ns_veth_create(struct ns_rtnl *nl, const char *hostif,
		   const char *peerif, int peer_nsfd);

/* The ifindex of the link @ifname (-ENODEV when there is none). */
int ns_link_index(struct ns_rtnl *nl, const char *ifname, int *ret_index);

/* Bring the link @ifname up (IFF_UP). */
int ns_link_up(struct ns_rtnl *nl, const char *ifname);

/* Delete the link @ifname (a veth: both ends). */
int ns_link_delete(struct ns_rtnl *nl, const char *ifname);

/*
 * Add the address @cidr ("10.0.0.1/24", "fd00::1/64"; no prefix
 * length: /32 or /128) to @ifname. -EINVAL on a malformed one.
 */
int ns_addr_add(struct ns_rtnl *nl, const char *ifname, const char *cidr);

/* Parse @cidr: family, address (4 or 16 bytes) and prefix length. */
int ns_cidr_parse(const char *cidr, int *ret_family, unsigned char ret_addr[16],
		  unsigned int *ret_prefix);

#endif
