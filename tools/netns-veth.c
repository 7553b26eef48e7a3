// SPDX-License-Identifier: MIT
/*
 * netns add's links: lo up, the --veth pair (marked, addresses, up);
 * and delete's removal of the pairs that add made.
 *
 * No note is kept anywhere: add marks the end it puts in the new
 * namespace (PEERIF) with the alias "netns-veth:ino=I:cookie=C"
 * (IFLA_IFALIAS), I and C the inode number and the cookie
 * (SO_NETNS_COOKIE, never reused while the system runs; 0 on kernels
 * without it) of that very namespace. The alias lives and dies with
 * the link. delete NAME removes, inside the namespace bound on NAME,
 * the links whose alias is the mark of that namespace, and nothing
 * else: a pair made by ip, by hand, or by an add of an earlier
 * namespace of the same name (deleted by ip meanwhile) is left alone.
 * A veth goes with both its ends.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "libns/base.h"
#include "libns/net.h"
#include "libns/netns.h"
#include "netns.h"
#include "toolutil.h"

/*
 * The mark of the namespace @nsfd, whose rtnetlink handle is @nl:
 * its inode number and its cookie (0 where the kernel has none).
 */
static int veth_mark(int nsfd, struct ns_net *nl, char *buf, size_t size)
{
	uint64_t cookie = 0;
	struct stat st;
	int r;

	if (fstat(nsfd, &st) < 0)
		return ns_errno();
	r = ns_net_netns_cookie(nl, &cookie);
	if (r < 0 && r != -ENOPROTOOPT)
		return r;
	snprintf(buf, size, NETNS_VETH_MARK "ino=%llu:cookie=%llu",
		 (unsigned long long)st.st_ino, (unsigned long long)cookie);
	return 0;
}

/*
 * The pair made, addressed and up: -errno, with *@ret_failed the
 * handle whose text says why.
 */
static int make_pair(const struct netns_add_opts *o, int nsfd,
		     struct ns_net *host, struct ns_net *peer,
		     bool *ret_made, struct ns_net **ret_failed)
{
	char mark[NETNS_VETH_MARK_SIZE];
	int r;

	*ret_failed = host;
	r = ns_net_veth_create(host, o->hostif, o->peerif, nsfd);
	if (r < 0)
		return r;
	*ret_made = true;
	*ret_failed = peer;
	r = veth_mark(nsfd, peer, mark, sizeof(mark));
	if (r == 0)
		r = ns_net_link_set_alias(peer, o->peerif, mark);
	if (r < 0)
		return r;
	*ret_failed = host;
	if (o->hostaddr)
		r = ns_net_addr_add(host, o->hostif, o->hostaddr);
	if (r == 0)
		r = ns_net_link_up(host, o->hostif);
	if (r < 0)
		return r;
	*ret_failed = peer;
	if (o->peeraddr)
		r = ns_net_addr_add(peer, o->peerif, o->peeraddr);
	if (r == 0)
		r = ns_net_link_up(peer, o->peerif);
	return r;
}

int netns_links_setup(const struct netns_add_opts *o, int nsfd,
		      bool *ret_veth_made)
{
	struct ns_net host = NS_NET_INIT, peer = NS_NET_INIT;
	struct ns_net *failed = &peer;
	int ret = 0, r;

	r = ns_netns_net_open(nsfd, &peer);
	if (r < 0) {
		tool_warn(r, "cannot open a netlink socket");
		return TOOL_EXIT_FAILURE;
	}
	r = ns_net_link_up(&peer, "lo");
	if (r == 0 && o->hostif) {
		failed = &host;
		r = ns_net_open(&host);
		if (r == 0)
			r = make_pair(o, nsfd, &host, &peer, ret_veth_made,
				      &failed);
	}
	if (r < 0)
		ret = netns_netlink_error(r, failed->errmsg);
	ns_net_close(&host);
	ns_net_close(&peer);
	return ret;
}

void netns_veth_undo(const struct netns_add_opts *o, int nsfd)
{
	struct ns_net nl = NS_NET_INIT;

	if (ns_netns_net_open(nsfd, &nl) == 0)
		(void)ns_net_link_delete(&nl, o->peerif);
	ns_net_close(&nl);
}

/* The links of @nl carrying the mark of @nsfd, deleted. */
static int delete_marked(int nsfd, struct ns_net *nl)
{
	char mark[NETNS_VETH_MARK_SIZE];
	int *idx = NULL, ret = 0, r;
	size_t n = 0;

	r = veth_mark(nsfd, nl, mark, sizeof(mark));
	if (r == 0)
		r = ns_net_links_with_alias(nl, mark, &idx, &n);
	if (r < 0) {
		tool_warn(r, "cannot list the links of the namespace");
		return r;
	}
	for (size_t i = 0; i < n; i++) {
		r = ns_net_link_delete_index(nl, idx[i]);
		if (r < 0 && r != -ENODEV) {
			tool_warn(r, "cannot delete veth of ifindex %d",
				  idx[i]);
			ret = r;
		}
	}
	free(idx);
	return ret;
}

void netns_veth_remove(const struct netns_ctx *ctx, const char *name)
{
	struct ns_net nl = NS_NET_INIT;
	int fd = -1;

	/* no namespace there (a placeholder): no link of ours either */
	if (ns_netns_open(ctx->rundir, name, &fd) < 0)
		return;
	if (ns_netns_net_open(fd, &nl) == 0)
		(void)delete_marked(fd, &nl);
	ns_net_close(&nl);
	ns_close(fd);
}
