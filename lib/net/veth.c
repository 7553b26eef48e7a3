// SPDX-License-Identifier: MIT
/* veth pairs, addresses and link state over rtnetlink, with libmnl. */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <libmnl/libmnl.h>
#include <linux/if.h>
#include <linux/if_addr.h>
#include <linux/if_link.h>
#include <linux/rtnetlink.h>
#include <linux/veth.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <stdio.h>
#include <time.h>

#include "libns/netns.h"
#include "libns/base.h"
#include "libns/net.h"

#ifndef NETLINK_EXT_ACK
#define NETLINK_EXT_ACK 11
#endif

int ns_rtnl_open(int nsfd, struct ns_rtnl *ret_nl)
{
	struct mnl_socket *sock;
	int fd = -1, one = 1, r;

	if (nsfd >= 0) {
		r = ns_netns_socket(nsfd, AF_NETLINK, SOCK_RAW,
				       NETLINK_ROUTE, &fd);
		if (r < 0)
			return r;
		sock = mnl_socket_fdopen(fd);
	} else {
		sock = mnl_socket_open2(NETLINK_ROUTE, SOCK_CLOEXEC);
	}
	if (!sock) {
		r = ns_errno();
		ns_close(fd);
		return r;
	}
	/* error texts: optional, older kernels work the same without */
	(void)mnl_socket_setsockopt(sock, NETLINK_EXT_ACK, &one, sizeof(one));
	if (mnl_socket_bind(sock, 0, MNL_SOCKET_AUTOPID) < 0) {
		r = ns_errno();
		mnl_socket_close(sock);
		return r;
	}
	ret_nl->sock = sock;
	ret_nl->portid = mnl_socket_get_portid(sock);
	ret_nl->seq = (uint32_t)time(NULL);
	ret_nl->errmsg[0] = '\0';
	return 0;
}

void ns_rtnl_close(struct ns_rtnl *nl)
{
	if (nl->sock)
		mnl_socket_close(nl->sock);
	nl->sock = NULL;
}

/* The NLMSGERR_ATTR_MSG text of an error message, into nl->errmsg. */
static void save_extack(struct ns_rtnl *nl, const struct nlmsghdr *h)
{
	const struct nlmsgerr *e = mnl_nlmsg_get_payload(h);
	size_t off = sizeof(*e);
	const struct nlattr *a;

	if (!(h->nlmsg_flags & NLM_F_ACK_TLVS))
		return;
	if (!(h->nlmsg_flags & NLM_F_CAPPED))
		off += e->msg.nlmsg_len - sizeof(struct nlmsghdr);
	mnl_attr_for_each(a, h, off) {
		if (mnl_attr_get_type(a) != NLMSGERR_ATTR_MSG)
			continue;
		if (mnl_attr_validate(a, MNL_TYPE_NUL_STRING) < 0)
			return;
		snprintf(nl->errmsg, sizeof(nl->errmsg), "%s",
			 mnl_attr_get_str(a));
		return;
	}
}

/* The text of an error answering our last request, if @buf has one. */
static void scan_errors(struct ns_rtnl *nl, const void *buf, size_t size)
{
	int len = (int)size;

	for (const struct nlmsghdr *m = buf; mnl_nlmsg_ok(m, len);
	     m = mnl_nlmsg_next(m, &len)) {
		const struct nlmsgerr *e = mnl_nlmsg_get_payload(m);

		if (m->nlmsg_type == NLMSG_ERROR && m->nlmsg_seq == nl->seq &&
		    mnl_nlmsg_get_payload_len(m) >= sizeof(*e) && e->error)
			save_extack(nl, m);
	}
}

/*
 * Send the request @h (NLM_F_ACK set here) and read up to its ACK.
 * Replies (RTM_NEWLINK for a get) go to @cb.
 */
static int talk(struct ns_rtnl *nl, struct nlmsghdr *h, mnl_cb_t cb,
		void *data)
{
	char *buf;
	ssize_t n;
	int r;

	nl->errmsg[0] = '\0';
	h->nlmsg_flags |= NLM_F_REQUEST | NLM_F_ACK;
	h->nlmsg_seq = ++nl->seq;
	if (mnl_socket_sendto(nl->sock, h, h->nlmsg_len) < 0)
		return ns_errno();
	buf = malloc(MNL_SOCKET_BUFFER_SIZE);
	if (!buf)
		return -ENOMEM;
	do {
		n = mnl_socket_recvfrom(nl->sock, buf, MNL_SOCKET_BUFFER_SIZE);
		if (n < 0 && errno == EINTR) {
			r = MNL_CB_OK;
			continue;
		}
		if (n < 0) {
			r = ns_errno();
			break;
		}
		scan_errors(nl, buf, (size_t)n);
		/* -1 with errno of an error message, 0 at the ACK */
		r = mnl_cb_run(buf, (size_t)n, nl->seq, nl->portid, cb, data);
		if (r < 0)
			r = ns_errno();
	} while (r > 0);
	free(buf);
	return r;
}

/* A link request: header, ifinfomsg; the name as IFLA_IFNAME. */
static struct nlmsghdr *link_req(char *buf, uint16_t type, uint16_t flags,
				 const char *ifname)
{
	struct nlmsghdr *h = mnl_nlmsg_put_header(buf);
	struct ifinfomsg *ifi;

	h->nlmsg_type = type;
	h->nlmsg_flags = flags;
	ifi = mnl_nlmsg_put_extra_header(h, sizeof(*ifi));
	ifi->ifi_family = AF_UNSPEC;
	if (ifname)
		mnl_attr_put_strz(h, IFLA_IFNAME, ifname);
	return h;
}

static int check_ifname(const char *ifname)
{
	size_t len = ifname ? strnlen(ifname, IFNAMSIZ) : 0;

	return len == 0 || len >= IFNAMSIZ ? -EINVAL : 0;
}

int ns_veth_create(struct ns_rtnl *nl, const char *hostif,
		   const char *peerif, int peer_nsfd)
{
	char buf[512];
	struct nlattr *linkinfo, *data, *peer;
	struct ifinfomsg *pifi;
	struct nlmsghdr *h;

	if (check_ifname(hostif) < 0 || check_ifname(peerif) < 0)
		return -EINVAL;
	h = link_req(buf, RTM_NEWLINK, NLM_F_CREATE | NLM_F_EXCL, hostif);
	linkinfo = mnl_attr_nest_start(h, IFLA_LINKINFO);
	mnl_attr_put_strz(h, IFLA_INFO_KIND, "veth");
	data = mnl_attr_nest_start(h, IFLA_INFO_DATA);
	/* the peer: an ifinfomsg of its own, then its attributes */
	peer = mnl_attr_nest_start(h, VETH_INFO_PEER);
	pifi = mnl_nlmsg_put_extra_header(h, sizeof(*pifi));
	pifi->ifi_family = AF_UNSPEC;
	mnl_attr_put_strz(h, IFLA_IFNAME, peerif);
	mnl_attr_put_u32(h, IFLA_NET_NS_FD, (uint32_t)peer_nsfd);
	mnl_attr_nest_end(h, peer);
	mnl_attr_nest_end(h, data);
	mnl_attr_nest_end(h, linkinfo);
	return talk(nl, h, NULL, NULL);
}

static int index_cb(const struct nlmsghdr *h, void *data)
{
	const struct ifinfomsg *ifi = mnl_nlmsg_get_payload(h);

	if (h->nlmsg_type == RTM_NEWLINK &&
	    mnl_nlmsg_get_payload_len(h) >= sizeof(*ifi))
		*(int *)data = ifi->ifi_index;
	return MNL_CB_OK;
}

int ns_link_index(struct ns_rtnl *nl, const char *ifname, int *ret_index)
{
	char buf[256];
	int index = 0, r;

	if (check_ifname(ifname) < 0)
		return -EINVAL;
	r = talk(nl, link_req(buf, RTM_GETLINK, 0, ifname), index_cb, &index);
	if (r < 0)
		return r;
	if (index <= 0)
		return -ENODEV;
	*ret_index = index;
	return 0;
}

int ns_link_up(struct ns_rtnl *nl, const char *ifname)
{
	char buf[256];
	struct nlmsghdr *h;
	struct ifinfomsg *ifi;

	if (check_ifname(ifname) < 0)
		return -EINVAL;
	h = link_req(buf, RTM_NEWLINK, 0, ifname);
	ifi = mnl_nlmsg_get_payload(h);
	ifi->ifi_change = IFF_UP;
	ifi->ifi_flags = IFF_UP;
	return talk(nl, h, NULL, NULL);
}

int ns_link_delete(struct ns_rtnl *nl, const char *ifname)
{
	char buf[256];

	if (check_ifname(ifname) < 0)
		return -EINVAL;
	return talk(nl, link_req(buf, RTM_DELLINK, 0, ifname), NULL, NULL);
}

int ns_cidr_parse(const char *cidr, int *ret_family, unsigned char ret_addr[16],
		  unsigned int *ret_prefix)
{
	char text[INET6_ADDRSTRLEN + 8];
	unsigned char addr[16];
	const char *slash;
	unsigned int prefix, max;
	uint64_t v;
	int family;

	if (!cidr || strlen(cidr) >= sizeof(text))
		return -EINVAL;
	strcpy(text, cidr);
	slash = strchr(cidr, '/');
	if (slash)
		text[slash - cidr] = '\0';
	family = strchr(text, ':') ? AF_INET6 : AF_INET;
	if (inet_pton(family, text, addr) != 1)
		return -EINVAL;
	max = family == AF_INET ? 32 : 128;
	prefix = max;
	if (slash) {
		if (ns_parse_u64(slash + 1, &v) < 0 || v > max)
			return -EINVAL;
		prefix = (unsigned int)v;
	}
	*ret_family = family;
	memcpy(ret_addr, addr, sizeof(addr));
	*ret_prefix = prefix;
	return 0;
}

int ns_addr_add(struct ns_rtnl *nl, const char *ifname, const char *cidr)
{
	unsigned char addr[16];
	unsigned int prefix;
	struct ifaddrmsg *ifa;
	struct nlmsghdr *h;
	char buf[256];
	int family, index, r;

	r = ns_cidr_parse(cidr, &family, addr, &prefix);
	if (r < 0)
		return r;
	r = ns_link_index(nl, ifname, &index);
	if (r < 0)
		return r;
	h = mnl_nlmsg_put_header(buf);
	h->nlmsg_type = RTM_NEWADDR;
	h->nlmsg_flags = NLM_F_CREATE | NLM_F_EXCL;
	ifa = mnl_nlmsg_put_extra_header(h, sizeof(*ifa));
	ifa->ifa_family = (unsigned char)family;
	ifa->ifa_prefixlen = (unsigned char)prefix;
	ifa->ifa_index = (unsigned int)index;
	mnl_attr_put(h, IFA_LOCAL, family == AF_INET ? 4 : 16, addr);
	mnl_attr_put(h, IFA_ADDRESS, family == AF_INET ? 4 : 16, addr);
	return talk(nl, h, NULL, NULL);
}
