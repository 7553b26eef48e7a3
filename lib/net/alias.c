// SPDX-License-Identifier: MIT
/*
 * Link aliases (IFLA_IFALIAS): set one, find the links that carry one,
 * delete a link by its index; and the cookie of a socket's network
 * namespace. Together they let a tool mark a link it made so that it
 * can tell it apart later with no state outside the kernel: the alias
 * lives and dies with the link.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <libmnl/libmnl.h>
#include <linux/if.h>
#include <linux/if_link.h>
#include <linux/rtnetlink.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "libns/base.h"
#include "libns/net.h"
#include "rtnl.h"

#ifndef SO_NETNS_COOKIE
#define SO_NETNS_COOKIE 71
#endif

static struct nlmsghdr *alias_req(char *buf, uint16_t type, uint16_t flags)
{
	struct nlmsghdr *h = mnl_nlmsg_put_header(buf);
	struct ifinfomsg *ifi;

	h->nlmsg_type = type;
	h->nlmsg_flags = flags;
	ifi = mnl_nlmsg_put_extra_header(h, sizeof(*ifi));
	ifi->ifi_family = AF_UNSPEC;
	return h;
}

int ns_net_link_set_alias(struct ns_net *nl, const char *ifname,
			  const char *alias)
{
	char buf[512];
	struct nlmsghdr *h;
	size_t len = ifname ? strnlen(ifname, IFNAMSIZ) : 0;

	if (len == 0 || len >= IFNAMSIZ || !alias ||
	    strlen(alias) >= IFALIASZ)
		return -EINVAL;
	h = alias_req(buf, RTM_NEWLINK, 0);
	mnl_attr_put_strz(h, IFLA_IFNAME, ifname);
	mnl_attr_put_strz(h, IFLA_IFALIAS, alias);
	return ns_net_talk(nl, h, NULL, NULL);
}

struct alias_find {
	const char *alias;
	int *v;
	size_t n, alloc;
};

static int alias_attr_cb(const struct nlattr *a, void *data)
{
	const struct nlattr **tb = data;
	uint16_t type = mnl_attr_get_type(a);

	if (type == IFLA_IFALIAS && mnl_attr_validate(a, MNL_TYPE_STRING) >= 0)
		tb[type] = a;
	return MNL_CB_OK;
}

static int alias_reply(const struct nlmsghdr *h, void *userdata)
{
	const struct nlattr *tb[IFLA_MAX + 1] = { NULL };
	struct alias_find *f = userdata;
	const struct ifinfomsg *ifi = mnl_nlmsg_get_payload(h);
	int r;

	if (h->nlmsg_type != RTM_NEWLINK ||
	    mnl_nlmsg_get_payload_len(h) < sizeof(*ifi))
		return 0;
	mnl_attr_parse(h, sizeof(*ifi), alias_attr_cb, tb);
	if (!tb[IFLA_IFALIAS] ||
	    strcmp(mnl_attr_get_str(tb[IFLA_IFALIAS]), f->alias) != 0)
		return 0;
	r = ns_grow((void **)&f->v, &f->alloc, f->n + 1, sizeof(*f->v));
	if (r < 0)
		return r;
	f->v[f->n++] = ifi->ifi_index;
	return 0;
}

int ns_net_links_with_alias(struct ns_net *nl, const char *alias,
			    int **ret_indexes, size_t *ret_count)
{
	struct alias_find f = { .alias = alias };
	char buf[256];
	int r;

	if (!alias || !*alias)
		return -EINVAL;
	r = ns_net_talk(nl, alias_req(buf, RTM_GETLINK, NLM_F_DUMP),
			alias_reply, &f);
	if (r < 0) {
		free(f.v);
		return r;
	}
	*ret_indexes = f.v;
	*ret_count = f.n;
	return 0;
}

int ns_net_link_delete_index(struct ns_net *nl, int index)
{
	char buf[256];
	struct nlmsghdr *h;
	struct ifinfomsg *ifi;

	if (index <= 0)
		return -EINVAL;
	h = alias_req(buf, RTM_DELLINK, 0);
	ifi = mnl_nlmsg_get_payload(h);
	ifi->ifi_index = index;
	return ns_net_talk(nl, h, NULL, NULL);
}

int ns_net_netns_cookie(struct ns_net *nl, uint64_t *ret_cookie)
{
	uint64_t cookie;
	socklen_t len = sizeof(cookie);

	if (!nl->sock)
		return -EBADF;
	if (getsockopt(mnl_socket_get_fd(nl->sock), SOL_SOCKET,
		       SO_NETNS_COOKIE, &cookie, &len) < 0)
		return ns_errno();
	if (len != sizeof(cookie))
		return -EINVAL;
	*ret_cookie = cookie;
	return 0;
}
