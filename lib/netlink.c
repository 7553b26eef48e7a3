// SPDX-License-Identifier: MIT
/* Minimal rtnetlink client for RTM_GETNSID. */
#define _GNU_SOURCE
#include <errno.h>
#include <linux/net_namespace.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "libns/netlink.h"
#include "libns/util.h"

int ns_netlink_open(struct ns_netlink *nl)
{
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK };
	int fd;

	fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
	if (fd < 0)
		return ns_errno();
	if (bind(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0) {
		int r = ns_errno();

		ns_close(fd);
		return r;
	}
	nl->fd = fd;
	nl->seq = 0;
	return 0;
}

void ns_netlink_close(struct ns_netlink *nl)
{
	nl->fd = ns_close(nl->fd);
}

static int parse_nsid_reply(const struct nlmsghdr *h, int *ret_nsid)
{
	const struct rtgenmsg *g = NLMSG_DATA(h);
	int len = (int)h->nlmsg_len - NLMSG_LENGTH(NLMSG_ALIGN(sizeof(*g)));
	const struct rtattr *a =
		(const struct rtattr *)((const char *)g +
					NLMSG_ALIGN(sizeof(*g)));

	for (; len > 0 && RTA_OK(a, len); a = RTA_NEXT(a, len)) {
		if (a->rta_type == NETNSA_NSID &&
		    RTA_PAYLOAD(a) >= sizeof(int32_t)) {
			int32_t id;

			memcpy(&id, RTA_DATA(a), sizeof(id));
			*ret_nsid = id < 0 ? NS_NSID_UNASSIGNED : id;
			return 0;
		}
	}
	*ret_nsid = NS_NSID_UNASSIGNED;
	return 0;
}

int ns_netlink_get_nsid(struct ns_netlink *nl, int nsfd, int *ret_nsid)
{
	char req[NLMSG_SPACE(sizeof(struct rtgenmsg)) +
		 RTA_SPACE(sizeof(uint32_t))]
		__attribute__((aligned(NLMSG_ALIGNTO)));
	char buf[1024] __attribute__((aligned(NLMSG_ALIGNTO)));
	struct nlmsghdr *h = (struct nlmsghdr *)req;
	uint32_t seq = ++nl->seq, fd = (uint32_t)nsfd;
	struct rtgenmsg *g;
	struct rtattr *a;

	memset(req, 0, sizeof(req));
	h->nlmsg_len = NLMSG_LENGTH(sizeof(*g));
	h->nlmsg_type = RTM_GETNSID;
	h->nlmsg_flags = NLM_F_REQUEST;
	h->nlmsg_seq = seq;
	g = NLMSG_DATA(h);
	g->rtgen_family = AF_UNSPEC;
	a = (struct rtattr *)(req + NLMSG_ALIGN(h->nlmsg_len));
	a->rta_type = NETNSA_FD;
	a->rta_len = RTA_LENGTH(sizeof(fd));
	memcpy(RTA_DATA(a), &fd, sizeof(fd));
	h->nlmsg_len = NLMSG_ALIGN(h->nlmsg_len) + RTA_ALIGN(a->rta_len);

	if (send(nl->fd, req, h->nlmsg_len, 0) < 0)
		return ns_errno();

	for (;;) {
		ssize_t n = recv(nl->fd, buf, sizeof(buf), 0);
		int len = (int)n;

		if (n < 0) {
			if (errno == EINTR)
				continue;
			return ns_errno();
		}
		for (struct nlmsghdr *r = (struct nlmsghdr *)buf;
		     NLMSG_OK(r, len); r = NLMSG_NEXT(r, len)) {
			if (r->nlmsg_seq != seq)
				continue; /* a late reply to an older request */
			if (r->nlmsg_type == NLMSG_ERROR) {
				const struct nlmsgerr *e = NLMSG_DATA(r);

				return e->error < 0 ? e->error : -EPROTO;
			}
			if (r->nlmsg_type == RTM_NEWNSID)
				return parse_nsid_reply(r, ret_nsid);
		}
	}
}
