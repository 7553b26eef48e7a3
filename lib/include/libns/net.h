/* SPDX-License-Identifier: MIT */
/*
 * A small rtnetlink request/response layer (build a message, send it,
 * read the replies up to the ACK or the end of a dump) and the network
 * namespace id (NSID) requests on it: get, set and list; links.
 */
#ifndef LIBNS_NET_H
#define LIBNS_NET_H

#include <linux/netlink.h>
#include <stddef.h>
#include <stdint.h>

struct ns_netlink {
	int fd;
	uint32_t seq;	   /* of the last request */
	char errmsg[128];  /* the kernel's extended ACK text of the last
			    * failed request ("" when it gave none) */
};

#define NS_NETLINK_INIT { .fd = -1, .seq = 0 }

/* NSID value meaning "no id assigned" (NETNSA_NSID_NOT_ASSIGNED). */
#define NS_NSID_UNASSIGNED (-1)

/*
 * Open a NETLINK_ROUTE socket (SOCK_CLOEXEC) in our network namespace,
 * with extended ACKs (error texts) where the kernel has them.
 */
int ns_netlink_open(struct ns_netlink *nl);

void ns_netlink_close(struct ns_netlink *nl);

/* A request: header, family header and attributes, built in place. */
#define NS_NLREQ_SIZE 256

struct ns_nlreq {
	union {
		struct nlmsghdr h;
		char buf[NS_NLREQ_SIZE];
	} u;
	int err; /* the first failure of a put (-ENOBUFS), sent never */
};

/*
 * Start a request of @type with @flags (NLM_F_REQUEST is added, and
 * NLM_F_ACK unless NLM_F_DUMP is set) and the family header @hdr of
 * @hdrlen bytes (e.g. struct rtgenmsg).
 */
void ns_nlreq_init(struct ns_nlreq *req, uint16_t type, uint16_t flags,
		   const void *hdr, size_t hdrlen);

/* Append attribute @type; a request that overflows fails when sent. */
void ns_nlreq_put(struct ns_nlreq *req, uint16_t type, const void *data,
		  size_t len);
void ns_nlreq_put_u32(struct ns_nlreq *req, uint16_t type, uint32_t val);
void ns_nlreq_put_s32(struct ns_nlreq *req, uint16_t type, int32_t val);

/* Called for each reply message (not ACKs, errors or NLMSG_DONE). */
typedef int (*ns_netlink_reply_t)(const struct nlmsghdr *h, void *userdata);

/*
 * Send @req with the next sequence number and read what answers it:
 * replies go to @reply (may be NULL) until the ACK or, for a dump,
 * NLMSG_DONE. Messages of other sequence numbers or senders are
 * passed over. The kernel's error (-errno) is returned, with its text
 * in nl->errmsg; a negative return of @reply stops reading (the rest
 * of the answer is drained) and is returned.
 */
int ns_netlink_talk(struct ns_netlink *nl, struct ns_nlreq *req,
		    ns_netlink_reply_t reply, void *userdata);

/*
 * The attribute @type of the message @h with a family header of
 * @hdrlen bytes: its payload and length, or NULL when absent.
 */
const void *ns_nlmsg_attr(const struct nlmsghdr *h, size_t hdrlen,
			  uint16_t type, size_t *ret_len);

/*
 * The NSID that our network namespace uses for the network namespace
 * @nsfd (RTM_GETNSID with NETNSA_FD), or NS_NSID_UNASSIGNED.
 */
int ns_netlink_get_nsid(struct ns_netlink *nl, int nsfd, int *ret_nsid);

/*
 * Give the network namespace @nsfd the NSID @nsid in ours (RTM_NEWNSID;
 * @nsid < 0: the kernel picks one). -EEXIST when it has one already
 * or @nsid is taken.
 */
int ns_netlink_set_nsid(struct ns_netlink *nl, int nsfd, int nsid);

/*
 * Every NSID our network namespace has assigned (RTM_GETNSID dump), in
 * the kernel's order, in a malloc'd array (NULL when there are none).
 */
int ns_netlink_list_nsids(struct ns_netlink *nl, int **ret_nsids,
			  size_t *ret_count);

struct ns_nsid_entry {
	int nsid;	  /* in our namespace, or in the target's (with @nsid
			   * NS_NSID_UNASSIGNED when it has none there) */
	int current_nsid; /* with a target: the same peer's NSID in ours,
			   * NS_NSID_UNASSIGNED when it has none */
};

/*
 * Every NSID assigned in the network namespace that has the NSID
 * @target_nsid in ours (< 0: in ours), in a malloc'd array (NULL when
 * empty): an RTM_GETNSID dump with NETNSA_TARGET_NSID on a
 * strict-checking socket. With @nsid >= 0 only the peer that has the
 * NSID @nsid in OUR namespace (as ip netns list-id nsid M): one entry,
 * a plain RTM_GETNSID; an unknown @nsid is the kernel's error (-ENOENT,
 * with its message in @nl).
 */
int ns_netlink_dump_nsids(struct ns_netlink *nl, int target_nsid, int nsid,
			  struct ns_nsid_entry **ret_entries,
			  size_t *ret_count);

/* Links over rtnetlink (libmnl): veth pairs, addresses, links up and
 * deleted. Each socket lives in one network namespace and acts there. */


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
