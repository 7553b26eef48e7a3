/* SPDX-License-Identifier: MIT */
/* netns: what the subcommand files share. */
#ifndef NSTOOLS_NETNS_H
#define NSTOOLS_NETNS_H

#include <stdbool.h>
#include <stdio.h>

/* Exit codes of ip netns beside 0 and 1. */
enum {
	NETNS_EXIT_NETLINK = 2,	 /* the kernel refused a request */
	NETNS_EXIT_SYNTAX = 255, /* a bad name or argument */
};

struct netns_ctx {
	const char *rundir; /* NETNS_RUN_DIR, else /run/netns */
	bool json;	    /* -j, --json */
	bool all;	    /* -a, --all */
};

/* A subcommand: argv[0] is its name, argc counts it. */
typedef int (*netns_fn)(const struct netns_ctx *ctx, int argc, char **argv);

int netns_list(const struct netns_ctx *ctx, int argc, char **argv);
int netns_list_id(const struct netns_ctx *ctx, int argc, char **argv);
int netns_identify(const struct netns_ctx *ctx, int argc, char **argv);
int netns_pids(const struct netns_ctx *ctx, int argc, char **argv);
int netns_add(const struct netns_ctx *ctx, int argc, char **argv);
int netns_attach(const struct netns_ctx *ctx, int argc, char **argv);
int netns_set(const struct netns_ctx *ctx, int argc, char **argv);
int netns_delete(const struct netns_ctx *ctx, int argc, char **argv);
int netns_exec(const struct netns_ctx *ctx, int argc, char **argv);
int netns_monitor(const struct netns_ctx *ctx, int argc, char **argv);

/* ip netns' usage (with our name) on stderr; returns 255. */
int netns_usage(void);

/* iproute2's words, without a "netns: " prefix, on stderr. */
void netns_say(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/*
 * A refused netlink request as ip says it: "Error: TEXT" with the
 * kernel's text, else "RTNETLINK answers: strerror". Returns 2.
 */
int netns_netlink_error(int err, const char *errmsg);

/*
 * RUNDIR/@name opened O_RDONLY as it is, namespace or not, not
 * following a symbolic link: -1 (errno set) when it cannot be.
 */
int netns_open_name(const struct netns_ctx *ctx, const char *name);

/* A bad name? Then "Invalid netns name" was said: returns 255, else 0. */
int netns_check_name(const char *name);

/* netns add's options. */
struct netns_add_opts {
	const char *name;
	bool lo_up;
	char *hostif, *peerif;	   /* --veth HOSTIF:PEERIF */
	char *hostaddr, *peeraddr; /* --addr CIDR:CIDR */
};

/* The prefix of the alias with which add marks its veth (netns-veth.c). */
#define NETNS_VETH_MARK "netns-veth:"
#define NETNS_VETH_MARK_SIZE 80

/*
 * Links of the new namespace @nsfd, named @o->name (--lo-up, --veth):
 * lo up; the pair, marked, addresses, both ends up. 0, or the exit
 * code after saying why; *@ret_veth_made tells whether a pair is
 * there to undo (netns_veth_undo).
 */
int netns_links_setup(const struct netns_add_opts *o, int nsfd,
		      bool *ret_veth_made);

/* add failed: the pair it made for @o in @nsfd deleted, quietly. */
void netns_veth_undo(const struct netns_add_opts *o, int nsfd);

/*
 * delete NAME: the veth pairs that add made for the namespace bound on
 * RUNDIR/@name (those carrying its mark), deleted; a failure is said.
 */
void netns_veth_remove(const struct netns_ctx *ctx, const char *name);

#endif
