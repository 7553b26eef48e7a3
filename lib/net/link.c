// SPDX-License-Identifier: MIT
/* Links over rtnetlink: veth pairs, addresses, up, delete, index. */
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

#include "libns/base.h"
#include "libns/net.h"
#include "rtnl.h"

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

int ns_net_veth_create(struct ns_net *nl, const char *hostif,
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
	return ns_net_talk(nl, h, NULL, NULL);
}

static int index_cb(const struct nlmsghdr *h, void *data)
{
	const struct ifinfomsg *ifi = mnl_nlmsg_get_payload(h);

	if (h->nlmsg_type == RTM_NEWLINK &&
	    mnl_nlmsg_get_payload_len(h) >= sizeof(*ifi))
		*(int *)data = ifi->ifi_index;
	return 0;
}

int ns_net_link_index(struct ns_net *nl, const char *ifname, int *ret_index)
{
	char buf[256];
	int index = 0, r;

	if (check_ifname(ifname) < 0)
		return -EINVAL;
	r = ns_net_talk(nl, link_req(buf, RTM_GETLINK, 0, ifname), index_cb,
			&index);
	if (r < 0)
		return r;
	if (index <= 0)
		return -ENODEV;
	*ret_index = index;
	return 0;
}

int ns_net_link_up(struct ns_net *nl, const char *ifname)
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
	return ns_net_talk(nl, h, NULL, NULL);
}

int ns_net_link_delete(struct ns_net *nl, const char *ifname)
{
	char buf[256];

	if (check_ifname(ifname) < 0)
		return -EINVAL;
	return ns_net_talk(nl, link_req(buf, RTM_DELLINK, 0, ifname), NULL,
			   NULL);
}

int ns_net_cidr_parse(const char *cidr, int *ret_family,
		      unsigned char ret_addr[16], unsigned int *ret_prefix)
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

int ns_net_addr_add(struct ns_net *nl, const char *ifname, const char *cidr)
{
	unsigned char addr[16];
	unsigned int prefix;
	struct ifaddrmsg *ifa;
	struct nlmsghdr *h;
	char buf[256];
	int family, index, r;

	r = ns_net_cidr_parse(cidr, &family, addr, &prefix);
	if (r < 0)
		return r;
	r = ns_net_link_index(nl, ifname, &index);
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
	return ns_net_talk(nl, h, NULL, NULL);
}
