// SPDX-License-Identifier: MIT
/*
 * A minimal rtnetlink client: one request at a time, its replies read
 * up to the ACK or the end of a dump; NSID requests on top.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <linux/net_namespace.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "libns/net.h"
#include "libns/base.h"

/* Big enough for any datagram of a dump (the kernel's are <= 32 KiB). */
#define RECV_SIZE 65536

int ns_netlink_open(struct ns_netlink *nl)
{
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK };
	int fd, one = 1;

	fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
	if (fd < 0)
		return ns_errno();
	/*
	 * Error texts, and ACKs without a copy of our request. Optional:
	 * older kernels lack them and work the same otherwise.
	 */
	(void)setsockopt(fd, SOL_NETLINK, NETLINK_EXT_ACK, &one, sizeof(one));
	(void)setsockopt(fd, SOL_NETLINK, NETLINK_CAP_ACK, &one, sizeof(one));
	if (bind(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0) {
		int r = ns_errno();

		ns_close(fd);
		return r;
	}
	nl->fd = fd;
	nl->seq = 0;
	nl->errmsg[0] = '\0';
	return 0;
}

void ns_netlink_close(struct ns_netlink *nl)
{
	nl->fd = ns_close(nl->fd);
}

void ns_nlreq_init(struct ns_nlreq *req, uint16_t type, uint16_t flags,
		   const void *hdr, size_t hdrlen)
{
	memset(req, 0, sizeof(*req));
	req->u.h.nlmsg_type = type;
	req->u.h.nlmsg_flags = NLM_F_REQUEST | flags;
	if (!(flags & NLM_F_DUMP))
		req->u.h.nlmsg_flags |= NLM_F_ACK;
	req->u.h.nlmsg_len = NLMSG_LENGTH(0);
	if (NLMSG_SPACE(hdrlen) > sizeof(req->u.buf)) {
		req->err = -ENOBUFS;
		return;
	}
	memcpy(NLMSG_DATA(&req->u.h), hdr, hdrlen);
	req->u.h.nlmsg_len = NLMSG_LENGTH(hdrlen);
}

void ns_nlreq_put(struct ns_nlreq *req, uint16_t type, const void *data,
		  size_t len)
{
	size_t off = NLMSG_ALIGN(req->u.h.nlmsg_len);
	struct rtattr *a;

	if (req->err)
		return;
	if (off + RTA_SPACE(len) > sizeof(req->u.buf)) {
		req->err = -ENOBUFS;
		return;
	}
	a = (struct rtattr *)(req->u.buf + off);
	a->rta_type = type;
	a->rta_len = (unsigned short)RTA_LENGTH(len);
	memcpy(RTA_DATA(a), data, len);
	req->u.h.nlmsg_len = (uint32_t)(off + RTA_ALIGN(a->rta_len));
}

void ns_nlreq_put_u32(struct ns_nlreq *req, uint16_t type, uint32_t val)
{
	ns_nlreq_put(req, type, &val, sizeof(val));
}

void ns_nlreq_put_s32(struct ns_nlreq *req, uint16_t type, int32_t val)
{
	ns_nlreq_put(req, type, &val, sizeof(val));
}

/* NLMSGERR_ATTR_MSG of the TLVs at @off in the payload of @h. */
static void save_extack(struct ns_netlink *nl, const struct nlmsghdr *h,
			size_t off)
{
	const char *p = NLMSG_DATA(h);
	size_t end = h->nlmsg_len - NLMSG_HDRLEN;

	if (!(h->nlmsg_flags & NLM_F_ACK_TLVS))
		return;
	off = NLMSG_ALIGN(off);
	while (off + NLA_HDRLEN <= end) {
		const struct nlattr *a = (const struct nlattr *)(p + off);
		size_t len = a->nla_len;

		if (len < NLA_HDRLEN || off + len > end)
			return;
		if ((a->nla_type & NLA_TYPE_MASK) == NLMSGERR_ATTR_MSG) {
			size_t n = len - NLA_HDRLEN;

			if (n >= sizeof(nl->errmsg))
				n = sizeof(nl->errmsg) - 1;
			memcpy(nl->errmsg, p + off + NLA_HDRLEN, n);
			nl->errmsg[n] = '\0';
			/* the kernel's text ends with a NUL already */
			nl->errmsg[strnlen(nl->errmsg, n)] = '\0';
			return;
		}
		off += NLA_ALIGN(len);
	}
}

/* The error of an NLMSG_ERROR (0: an ACK) or NLMSG_DONE message. */
static int end_status(struct ns_netlink *nl, const struct nlmsghdr *h)
{
	size_t payload = h->nlmsg_len - NLMSG_HDRLEN;
	int err;

	if (h->nlmsg_type == NLMSG_DONE) {
		/* a dump's end: an int, its error (0 when it went well) */
		if (payload < sizeof(int))
			return 0;
		memcpy(&err, NLMSG_DATA(h), sizeof(err));
		if (err < 0)
			save_extack(nl, h, sizeof(int));
		return err < 0 ? err : 0;
	}
	if (payload < sizeof(struct nlmsgerr))
		return -EPROTO;
	{
		const struct nlmsgerr *e = NLMSG_DATA(h);
		size_t off = sizeof(*e);

		/* without NETLINK_CAP_ACK our request follows in full */
		if (!(h->nlmsg_flags & NLM_F_CAPPED))
			off += e->msg.nlmsg_len - NLMSG_HDRLEN;
		if (e->error < 0)
			save_extack(nl, h, off);
		return e->error > 0 ? -EPROTO : e->error;
	}
}

int ns_netlink_talk(struct ns_netlink *nl, struct ns_nlreq *req,
		    ns_netlink_reply_t reply, void *userdata)
{
	struct sockaddr_nl kernel = { .nl_family = AF_NETLINK };
	int status = 0, stopped = 0;
	bool done = false;
	uint32_t seq;
	char *buf;

	nl->errmsg[0] = '\0';
	if (nl->fd < 0)
		return -EBADF;
	if (req->err)
		return req->err;
	seq = ++nl->seq;
	req->u.h.nlmsg_seq = seq;
	if (sendto(nl->fd, req->u.buf, req->u.h.nlmsg_len, 0,
		   (struct sockaddr *)&kernel, sizeof(kernel)) < 0)
		return ns_errno();

	buf = malloc(RECV_SIZE);
	if (!buf)
		return -ENOMEM;
	while (!done) {
		struct sockaddr_nl from;
		socklen_t fromlen = sizeof(from);
		ssize_t n;
		int len;

		n = recvfrom(nl->fd, buf, RECV_SIZE, MSG_TRUNC,
			     (struct sockaddr *)&from, &fromlen);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			status = ns_errno();
			break;
		}
		if (n > RECV_SIZE) {
			status = -EMSGSIZE; /* cut: replies were lost */
			break;
		}
		/* only the kernel answers; a process could send us anything */
		if (from.nl_pid != 0)
			continue;
		len = (int)n;
		for (const struct nlmsghdr *h = (const struct nlmsghdr *)buf;
		     NLMSG_OK(h, len); h = NLMSG_NEXT(h, len)) {
			if (h->nlmsg_seq != seq)
				continue; /* a late answer to an older request */
			if (h->nlmsg_type == NLMSG_ERROR ||
			    h->nlmsg_type == NLMSG_DONE) {
				status = end_status(nl, h);
				done = true;
				break;
			}
			if (h->nlmsg_type < NLMSG_MIN_TYPE)
				continue; /* NLMSG_NOOP, NLMSG_OVERRUN */
			if (reply && !stopped)
				stopped = reply(h, userdata);
			if (stopped > 0)
				stopped = 0;
		}
	}
	free(buf);
	return status < 0 ? status : stopped;
}

const void *ns_nlmsg_attr(const struct nlmsghdr *h, size_t hdrlen,
			  uint16_t type, size_t *ret_len)
{
	int len = (int)h->nlmsg_len - (int)NLMSG_SPACE(hdrlen);
	const struct rtattr *a;

	if (len < 0)
		return NULL;
	a = (const struct rtattr *)((const char *)NLMSG_DATA(h) +
				    NLMSG_ALIGN(hdrlen));
	for (; RTA_OK(a, len); a = RTA_NEXT(a, len)) {
		if (a->rta_type == type) {
			*ret_len = RTA_PAYLOAD(a);
			return RTA_DATA(a);
		}
	}
	return NULL;
}

/* NETNSA_NSID of an RTM_NEWNSID message, NS_NSID_UNASSIGNED if none. */
static int nsid_of(const struct nlmsghdr *h)
{
	const void *data;
	size_t len;
	int32_t id;

	if (h->nlmsg_type != RTM_NEWNSID)
		return NS_NSID_UNASSIGNED;
	data = ns_nlmsg_attr(h, sizeof(struct rtgenmsg), NETNSA_NSID, &len);
	if (!data || len < sizeof(id))
		return NS_NSID_UNASSIGNED;
	memcpy(&id, data, sizeof(id));
	return id < 0 ? NS_NSID_UNASSIGNED : id;
}

struct nsid_reply {
	bool seen;
	int nsid;
};

static int get_nsid_reply(const struct nlmsghdr *h, void *userdata)
{
	struct nsid_reply *rp = userdata;

	if (h->nlmsg_type == RTM_NEWNSID) {
		rp->seen = true;
		rp->nsid = nsid_of(h);
	}
	return 0;
}

int ns_netlink_get_nsid(struct ns_netlink *nl, int nsfd, int *ret_nsid)
{
	const struct rtgenmsg g = { .rtgen_family = AF_UNSPEC };
	struct nsid_reply rp = { false, NS_NSID_UNASSIGNED };
	struct ns_nlreq req;
	int r;

	ns_nlreq_init(&req, RTM_GETNSID, 0, &g, sizeof(g));
	ns_nlreq_put_u32(&req, NETNSA_FD, (uint32_t)nsfd);
	r = ns_netlink_talk(nl, &req, get_nsid_reply, &rp);
	if (r < 0)
		return r;
	if (!rp.seen)
		return -EPROTO;
	*ret_nsid = rp.nsid;
	return 0;
}

int ns_netlink_set_nsid(struct ns_netlink *nl, int nsfd, int nsid)
{
	const struct rtgenmsg g = { .rtgen_family = AF_UNSPEC };
	struct ns_nlreq req;

	ns_nlreq_init(&req, RTM_NEWNSID, 0, &g, sizeof(g));
	ns_nlreq_put_u32(&req, NETNSA_FD, (uint32_t)nsfd);
	ns_nlreq_put_s32(&req, NETNSA_NSID, nsid < 0 ? -1 : nsid);
	return ns_netlink_talk(nl, &req, NULL, NULL);
}

struct nsid_list {
	int *ids;
	size_t count, alloc;
};

static int list_nsids_reply(const struct nlmsghdr *h, void *userdata)
{
	struct nsid_list *l = userdata;
	int nsid = nsid_of(h), r;

	if (h->nlmsg_type != RTM_NEWNSID || nsid < 0)
		return 0;
	r = ns_grow((void **)&l->ids, &l->alloc, l->count + 1,
		    sizeof(*l->ids));
	if (r < 0)
		return r;
	l->ids[l->count++] = nsid;
	return 0;
}

int ns_netlink_list_nsids(struct ns_netlink *nl, int **ret_nsids,
			  size_t *ret_count)
{
	const struct rtgenmsg g = { .rtgen_family = AF_UNSPEC };
	struct nsid_list l = { 0 };
	struct ns_nlreq req;
	int r;

	ns_nlreq_init(&req, RTM_GETNSID, NLM_F_DUMP, &g, sizeof(g));
	r = ns_netlink_talk(nl, &req, list_nsids_reply, &l);
	if (r < 0) {
		free(l.ids);
		return r;
	}
	*ret_nsids = l.ids;
	*ret_count = l.count;
	return 0;
}

struct nsid_dump {
	bool keep_unassigned; /* the answer to a GET: one entry, kept */
	struct ns_nsid_entry *entries;
	size_t count, alloc;
};

static int s32_attr(const struct nlmsghdr *h, uint16_t type)
{
	const void *data;
	size_t len;
	int32_t v;

	data = ns_nlmsg_attr(h, sizeof(struct rtgenmsg), type, &len);
	if (!data || len < sizeof(v))
		return NS_NSID_UNASSIGNED;
	memcpy(&v, data, sizeof(v));
	return v < 0 ? NS_NSID_UNASSIGNED : v;
}

static int dump_nsids_reply(const struct nlmsghdr *h, void *userdata)
{
	struct nsid_dump *d = userdata;
	int nsid = nsid_of(h), r;

	if (h->nlmsg_type != RTM_NEWNSID || (nsid < 0 && !d->keep_unassigned))
		return 0;
	r = ns_grow((void **)&d->entries, &d->alloc, d->count + 1,
		    sizeof(*d->entries));
	if (r < 0)
		return r;
	d->entries[d->count].nsid = nsid;
	d->entries[d->count].current_nsid = s32_attr(h, NETNSA_CURRENT_NSID);
	d->count++;
	return 0;
}

#ifndef NETLINK_GET_STRICT_CHK
#define NETLINK_GET_STRICT_CHK 12
#endif

int ns_netlink_dump_nsids(struct ns_netlink *nl, int target_nsid, int nsid,
			  struct ns_nsid_entry **ret_entries,
			  size_t *ret_count)
{
	const struct rtgenmsg g = { .rtgen_family = AF_UNSPEC };
	struct nsid_dump d = { .keep_unassigned = nsid >= 0 };
	struct ns_nlreq req;
	int one = 1, r;

	/*
	 * The kernel reads the filter attributes of a dump only from a
	 * socket that asked for strict checking (Linux >= 4.20).
	 */
	if (setsockopt(nl->fd, SOL_NETLINK, NETLINK_GET_STRICT_CHK, &one,
		       sizeof(one)) < 0)
		return ns_errno();
	/*
	 * One peer, named by its NSID in ours: a plain GET, which the
	 * kernel answers with the peer's NSID in the target (or none) and,
	 * with a target, the NSID in ours as NETNSA_CURRENT_NSID; an
	 * unknown NSID is an error with the kernel's message.
	 */
	ns_nlreq_init(&req, RTM_GETNSID, nsid >= 0 ? 0 : NLM_F_DUMP, &g,
		      sizeof(g));
	if (nsid >= 0)
		ns_nlreq_put_s32(&req, NETNSA_NSID, nsid);
	if (target_nsid >= 0)
		ns_nlreq_put_s32(&req, NETNSA_TARGET_NSID, target_nsid);
	r = ns_netlink_talk(nl, &req, dump_nsids_reply, &d);
	if (r < 0) {
		free(d.entries);
		return r;
	}
	*ret_entries = d.entries;
	*ret_count = d.count;
	return 0;
}
