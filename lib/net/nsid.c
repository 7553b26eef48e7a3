// SPDX-License-Identifier: MIT
/* Network namespace ids (NSIDs): RTM_GETNSID and RTM_NEWNSID. */
#define _GNU_SOURCE
#include <errno.h>
#include <libmnl/libmnl.h>
#include <linux/net_namespace.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <stdbool.h>
#include <stdlib.h>
#include <sys/socket.h>

#include "libns/base.h"
#include "libns/net.h"
#include "rtnl.h"

#ifndef NETLINK_GET_STRICT_CHK
#define NETLINK_GET_STRICT_CHK 12
#endif

/* Requests carry a struct rtgenmsg and at most three attributes. */
#define REQ_SIZE 256

/* An NSID request: header and rtgenmsg, built in @buf. */
static struct nlmsghdr *nsid_req(char *buf, uint16_t type, uint16_t flags)
{
	struct nlmsghdr *h = mnl_nlmsg_put_header(buf);
	struct rtgenmsg *g;

	h->nlmsg_type = type;
	h->nlmsg_flags = flags;
	g = mnl_nlmsg_put_extra_header(h, sizeof(*g));
	g->rtgen_family = AF_UNSPEC;
	return h;
}

struct nsid_attrs {
	int nsid, current_nsid;
};

static int nsid_attr(const struct nlattr *a, void *data)
{
	struct nsid_attrs *at = data;
	int32_t v;

	if (mnl_attr_validate(a, MNL_TYPE_U32) < 0)
		return MNL_CB_OK; /* not ours to judge: passed over */
	v = (int32_t)mnl_attr_get_u32(a);
	if (v < 0)
		v = NS_NET_NSID_UNASSIGNED;
	if (mnl_attr_get_type(a) == NETNSA_NSID)
		at->nsid = v;
	else if (mnl_attr_get_type(a) == NETNSA_CURRENT_NSID)
		at->current_nsid = v;
	return MNL_CB_OK;
}

/* The NSIDs of an RTM_NEWNSID message; false for any other message. */
static bool nsid_attrs(const struct nlmsghdr *h, struct nsid_attrs *ret)
{
	ret->nsid = ret->current_nsid = NS_NET_NSID_UNASSIGNED;
	if (h->nlmsg_type != RTM_NEWNSID ||
	    mnl_nlmsg_get_payload_len(h) < sizeof(struct rtgenmsg))
		return false;
	(void)mnl_attr_parse(h, sizeof(struct rtgenmsg), nsid_attr, ret);
	return true;
}

struct nsid_reply {
	bool seen;
	int nsid;
};

static int get_reply(const struct nlmsghdr *h, void *userdata)
{
	struct nsid_reply *rp = userdata;
	struct nsid_attrs at;

	if (nsid_attrs(h, &at)) {
		rp->seen = true;
		rp->nsid = at.nsid;
	}
	return 0;
}

int ns_net_nsid_get(struct ns_net *nl, int nsfd, int *ret_nsid)
{
	struct nsid_reply rp = { false, NS_NET_NSID_UNASSIGNED };
	char buf[REQ_SIZE];
	struct nlmsghdr *h;
	int r;

	h = nsid_req(buf, RTM_GETNSID, 0);
	mnl_attr_put_u32(h, NETNSA_FD, (uint32_t)nsfd);
	r = ns_net_talk(nl, h, get_reply, &rp);
	if (r < 0)
		return r;
	if (!rp.seen)
		return -EPROTO;
	*ret_nsid = rp.nsid;
	return 0;
}

int ns_net_nsid_set(struct ns_net *nl, int nsfd, int nsid)
{
	char buf[REQ_SIZE];
	struct nlmsghdr *h;

	h = nsid_req(buf, RTM_NEWNSID, 0);
	mnl_attr_put_u32(h, NETNSA_FD, (uint32_t)nsfd);
	mnl_attr_put_u32(h, NETNSA_NSID, (uint32_t)(nsid < 0 ? -1 : nsid));
	return ns_net_talk(nl, h, NULL, NULL);
}

struct nsid_dump {
	bool keep_unassigned; /* the answer to a GET: one entry, kept */
	struct ns_net_nsid *entries;
	size_t count, alloc;
};

static int dump_reply(const struct nlmsghdr *h, void *userdata)
{
	struct nsid_dump *d = userdata;
	struct nsid_attrs at;
	int r;

	if (!nsid_attrs(h, &at) || (at.nsid < 0 && !d->keep_unassigned))
		return 0;
	r = ns_grow((void **)&d->entries, &d->alloc, d->count + 1,
		    sizeof(*d->entries));
	if (r < 0)
		return r;
	d->entries[d->count].nsid = at.nsid;
	d->entries[d->count].current_nsid = at.current_nsid;
	d->count++;
	return 0;
}

int ns_net_nsid_dump(struct ns_net *nl, int target_nsid, int nsid,
		     struct ns_net_nsid **ret_entries, size_t *ret_count)
{
	struct nsid_dump d = { .keep_unassigned = nsid >= 0 };
	char buf[REQ_SIZE];
	struct nlmsghdr *h;
	int one = 1, r;

	if (!nl->sock)
		return -EBADF;
	/*
	 * The kernel reads the filter attributes of a dump only from a
	 * socket that asked for strict checking (Linux >= 4.20).
	 */
	if (mnl_socket_setsockopt(nl->sock, NETLINK_GET_STRICT_CHK, &one,
				  sizeof(one)) < 0)
		return ns_errno();
	/*
	 * One peer, named by its NSID in ours: a plain GET, which the
	 * kernel answers with the peer's NSID in the target (or none) and,
	 * with a target, the NSID in ours as NETNSA_CURRENT_NSID; an
	 * unknown NSID is an error with the kernel's text.
	 */
	h = nsid_req(buf, RTM_GETNSID, nsid >= 0 ? 0 : NLM_F_DUMP);
	if (nsid >= 0)
		mnl_attr_put_u32(h, NETNSA_NSID, (uint32_t)nsid);
	if (target_nsid >= 0)
		mnl_attr_put_u32(h, NETNSA_TARGET_NSID, (uint32_t)target_nsid);
	r = ns_net_talk(nl, h, dump_reply, &d);
	if (r < 0) {
		free(d.entries);
		return r;
	}
	*ret_entries = d.entries;
	*ret_count = d.count;
	return 0;
}
