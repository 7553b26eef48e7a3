/* SPDX-License-Identifier: MIT */
/*
 * rtnetlink on libmnl, one request at a time: network namespace ids
 * (NSIDs: get, set, dump) and links (veth pairs, addresses, up,
 * delete, index). A handle is one NETLINK_ROUTE socket and acts in the
 * network namespace the socket was made in: ns_net_open() makes one in
 * ours; a socket made elsewhere (ns_netns_net_open() in netns.h makes
 * one inside a named namespace) is adopted by ns_net_open_fd().
 *
 * Every request returns 0 or the kernel's -errno; the kernel's text
 * for a refusal (its extended ACK, "" when it gave none) is left in
 * errmsg until the next request.
 */
#ifndef LIBNS_NET_H
#define LIBNS_NET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct mnl_socket;

struct ns_net {
	struct mnl_socket *sock; /* NULL: not open */
	uint32_t seq;		 /* of the last request */
	char errmsg[128];	 /* the kernel's text of the last refusal */
};

#define NS_NET_INIT { .sock = NULL, .seq = 0 }

/* NSID value meaning "no id assigned" (NETNSA_NSID_NOT_ASSIGNED). */
#define NS_NET_NSID_UNASSIGNED (-1)

/*
 * A NETLINK_ROUTE socket (SOCK_CLOEXEC) in our network namespace,
 * bound, with extended ACKs (error texts) where the kernel has them.
 */
int ns_net_open(struct ns_net *ret_nl);

/*
 * The same with @fd, a NETLINK_ROUTE socket made by the caller (in
 * another network namespace, say): the handle owns it from here on,
 * also when this fails (it is closed then).
 */
int ns_net_open_fd(int fd, struct ns_net *ret_nl);

/* Close the socket (a closed handle stays closed). */
void ns_net_close(struct ns_net *nl);

static inline bool ns_net_is_open(const struct ns_net *nl)
{
	return nl->sock != NULL;
}

/*
 * The NSID that our network namespace uses for the network namespace
 * @nsfd (RTM_GETNSID with NETNSA_FD), or NS_NET_NSID_UNASSIGNED.
 */
int ns_net_nsid_get(struct ns_net *nl, int nsfd, int *ret_nsid);

/*
 * Give the network namespace @nsfd the NSID @nsid in ours (RTM_NEWNSID;
 * @nsid < 0: the kernel picks one). -EEXIST when it has one already
 * or @nsid is taken.
 */
int ns_net_nsid_set(struct ns_net *nl, int nsfd, int nsid);

struct ns_net_nsid {
	int nsid;	  /* in our namespace, or in the target's (with @nsid
			   * NS_NET_NSID_UNASSIGNED when it has none there) */
	int current_nsid; /* with a target: the same peer's NSID in ours,
			   * NS_NET_NSID_UNASSIGNED when it has none */
};

/*
 * Every NSID assigned in the network namespace that has the NSID
 * @target_nsid in ours (< 0: in ours), in the kernel's order, in a
 * malloc'd array (NULL when empty): an RTM_GETNSID dump (with
 * NETNSA_TARGET_NSID on a strict-checking socket). With @nsid >= 0
 * only the peer that has the NSID @nsid in OUR namespace (as ip netns
 * list-id nsid M): one entry, a plain RTM_GETNSID; an unknown @nsid is
 * the kernel's error (-ENOENT, with its text in @nl).
 */
int ns_net_nsid_dump(struct ns_net *nl, int target_nsid, int nsid,
		     struct ns_net_nsid **ret_entries, size_t *ret_count);

/*
 * Create the veth pair @hostif (in the handle's namespace) and
 * @peerif, which goes to the network namespace @peer_nsfd at once.
 * -EEXIST when a name is taken, -EINVAL for a name that is empty or
 * too long.
 */
int ns_net_veth_create(struct ns_net *nl, const char *hostif,
		       const char *peerif, int peer_nsfd);

/* The ifindex of the link @ifname (-ENODEV when there is none). */
int ns_net_link_index(struct ns_net *nl, const char *ifname, int *ret_index);

/* Bring the link @ifname up (IFF_UP). */
int ns_net_link_up(struct ns_net *nl, const char *ifname);

/* Delete the link @ifname (a veth: both ends). */
int ns_net_link_delete(struct ns_net *nl, const char *ifname);

/*
 * Add the address @cidr ("10.0.0.1/24", "fd00::1/64"; no prefix
 * length: /32 or /128) to @ifname. -EINVAL on a malformed one.
 */
int ns_net_addr_add(struct ns_net *nl, const char *ifname, const char *cidr);

/* Parse @cidr: family, address (4 or 16 bytes) and prefix length. */
int ns_net_cidr_parse(const char *cidr, int *ret_family,
		      unsigned char ret_addr[16], unsigned int *ret_prefix);

/*
 * Link aliases (IFLA_IFALIAS, at most IFALIASZ - 1 bytes), which live
 * and die with their link: a tool marks the links it made with one and
 * finds them again by it, with no state of its own.
 */
int ns_net_link_set_alias(struct ns_net *nl, const char *ifname,
			  const char *alias);

/*
 * The ifindexes of the links of the handle's namespace whose alias is
 * exactly @alias, in a malloc'd array (NULL when none).
 */
int ns_net_links_with_alias(struct ns_net *nl, const char *alias,
			    int **ret_indexes, size_t *ret_count);

/* Delete the link of ifindex @index (a veth: both ends). */
int ns_net_link_delete_index(struct ns_net *nl, int index);

/*
 * The cookie of the network namespace the handle's socket lives in
 * (SO_NETNS_COOKIE, Linux 5.14): unique while the system runs, never
 * reused, unlike an inode number. -ENOPROTOOPT on older kernels.
 */
int ns_net_netns_cookie(struct ns_net *nl, uint64_t *ret_cookie);

#endif
