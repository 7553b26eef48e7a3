// SPDX-License-Identifier: MIT
/*
 * netns add's links: lo up, the --veth pair (addresses, up), and its
 * note, which delete reads to remove the pair.
 *
 * add --veth notes the pair in RUNDIR.veth/NAME ("PEERIF\n"), written
 * before the pair is made so that no pair is ever made without a note;
 * delete reads it and deletes PEERIF inside the namespace (a veth goes
 * with both its ends), then removes the note. The note lives outside
 * RUNDIR, where ip netns would take it for a namespace.
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

int netns_veth_state_path(const struct netns_ctx *ctx, const char *name,
			  char **ret_path)
{
	char *path;

	if (asprintf(&path, "%s.veth/%s", ctx->rundir, name) < 0)
		return -ENOMEM;
	*ret_path = path;
	return 0;
}

static int write_note(const char *path, const char *peerif, bool retry)
{
	char *dir = strdup(path), *slash;
	int fd, r = 0;

	if (!dir)
		return -ENOMEM;
	slash = strrchr(dir, '/');
	*slash = '\0';
	if (mkdir(dir, 0755) < 0 && errno != EEXIST)
		r = ns_errno();
	free(dir);
	if (r < 0)
		return r;
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC,
		  0644);
	if (fd < 0 && errno == ENOENT && retry) /* a delete's rmdir won */
		return write_note(path, peerif, false);
	if (fd < 0)
		return ns_errno();
	if (dprintf(fd, "%s\n", peerif) < 0)
		r = -EIO;
	ns_close(fd);
	return r;
}

/* The note gone, and its directory when it was the last one. */
static void drop_note(const char *note)
{
	char *dir = strdup(note), *slash;

	(void)unlink(note);
	if (!dir)
		return;
	slash = strrchr(dir, '/');
	*slash = '\0';
	(void)rmdir(dir); /* ENOTEMPTY: notes of other namespaces */
	free(dir);
}

/* The note of @name written (in *@ret_note), or the failure said. */
static int note_pair(const struct netns_ctx *ctx, const char *name,
		     const char *peerif, char **ret_note)
{
	char *note = NULL;
	int r;

	r = netns_veth_state_path(ctx, name, &note);
	if (r == 0)
		r = write_note(note, peerif, true);
	if (r < 0) {
		tool_warn(r, "cannot write %s", note ? note : "note");
		free(note);
		return r;
	}
	*ret_note = note;
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
	int r;

	*ret_failed = host;
	r = ns_net_veth_create(host, o->hostif, o->peerif, nsfd);
	if (r < 0)
		return r;
	*ret_made = true;
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

int netns_links_setup(const struct netns_ctx *ctx,
		      const struct netns_add_opts *o, int nsfd,
		      bool *ret_veth_made)
{
	struct ns_net host = NS_NET_INIT, peer = NS_NET_INIT;
	struct ns_net *failed = &peer;
	char *note = NULL;
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
		if (r == 0) {
			r = note_pair(ctx, o->name, o->peerif, &note);
			if (r < 0)
				ret = TOOL_EXIT_FAILURE; /* said */
		}
		if (r == 0)
			r = make_pair(o, nsfd, &host, &peer, ret_veth_made,
				      &failed);
	}
	if (r < 0 && ret == 0)
		ret = netns_netlink_error(r, failed->errmsg);
	if (ret && note && !*ret_veth_made)
		drop_note(note);
	free(note);
	ns_net_close(&host);
	ns_net_close(&peer);
	return ret;
}

/* Undo what add made of its veth pair: the pair and the note. */
void netns_veth_remove(const struct netns_ctx *ctx, const char *name,
		       int nsfd, bool quiet)
{
	struct ns_net nl = NS_NET_INIT;
	char *note = NULL, *buf = NULL;
	int fd = -1, r;

	if (netns_veth_state_path(ctx, name, &note) < 0)
		return;
	r = ns_read_file_at(AT_FDCWD, note, &buf, NULL);
	if (r < 0)
		goto out; /* no note: no pair of ours */
	buf[strcspn(buf, "\n")] = '\0';
	if (nsfd < 0 && ns_netns_open(ctx->rundir, name, &fd) == 0)
		nsfd = fd;
	if (nsfd >= 0 && ns_netns_net_open(nsfd, &nl) == 0) {
		r = ns_net_link_delete(&nl, buf);
		if (r < 0 && r != -ENODEV && !quiet)
			tool_warn(r, "cannot delete veth %s", buf);
		ns_net_close(&nl);
	}
	drop_note(note);
out:
	ns_close(fd);
	free(buf);
	free(note);
}
