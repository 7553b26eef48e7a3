// SPDX-License-Identifier: MIT
/*
 * netns subcommands that make or name namespaces: add, attach, set.
 * add's links (--lo-up, --veth) are in netns-veth.c, delete in
 * netns-delete.c.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <signal.h>
#include <net/if.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "libns/net.h"
#include "libns/netns.h"
#include "libns/base.h"
#include "netns.h"
#include "toolutil.h"

/* "A:B" into two strings; "[v6]:[v6]" for addresses with colons. */
static int split_pair(const char *arg, char **ret_a, char **ret_b)
{
	const char *sep;
	char *a, *b;

	if (arg[0] == '[') {
		const char *end = strchr(arg, ']');

		if (!end || end[1] != ':' || end[2] != '[' ||
		    arg[strlen(arg) - 1] != ']')
			return -EINVAL;
		a = strndup(arg + 1, (size_t)(end - arg - 1));
		b = strndup(end + 3, strlen(end + 3) - 1);
	} else {
		sep = strchr(arg, ':');
		if (!sep || strchr(sep + 1, ':'))
			return -EINVAL;
		a = strndup(arg, (size_t)(sep - arg));
		b = strdup(sep + 1);
	}
	if (!a || !b || !*a || !*b) {
		free(a);
		free(b);
		return -EINVAL;
	}
	*ret_a = a;
	*ret_b = b;
	return 0;
}

static void free_add_opts(struct netns_add_opts *o)
{
	free(o->hostif);
	free(o->peerif);
	free(o->hostaddr);
	free(o->peeraddr);
}

static bool cidr_ok(const char *cidr)
{
	unsigned char addr[16];
	unsigned int prefix;
	int family;

	return ns_net_cidr_parse(cidr, &family, addr, &prefix) == 0;
}

static int parse_add(int argc, char **argv, struct netns_add_opts *o)
{
	enum { OPT_LO_UP = 256, OPT_VETH, OPT_ADDR };
	static const struct option longopts[] = {
		{ "lo-up", no_argument, NULL, OPT_LO_UP },
		{ "veth", required_argument, NULL, OPT_VETH },
		{ "addr", required_argument, NULL, OPT_ADDR },
		{ NULL, 0, NULL, 0 },
	};
	char *sub = argv[0];
	int c;

	/* getopt's messages: "netns: ...", not the subcommand's name */
	argv[0] = (char *)tool_name();
	optind = 0; /* a fresh getopt over the subcommand's arguments */
	while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		switch (c) {
		case OPT_LO_UP:
			o->lo_up = true;
			break;
		case OPT_VETH:
			free(o->hostif);
			free(o->peerif);
			o->hostif = o->peerif = NULL;
			if (split_pair(optarg, &o->hostif, &o->peerif) < 0)
				tool_usage_error("invalid --veth argument '%s' (HOSTIF:PEERIF)",
						 optarg);
			break;
		case OPT_ADDR:
			free(o->hostaddr);
			free(o->peeraddr);
			o->hostaddr = o->peeraddr = NULL;
			if (split_pair(optarg, &o->hostaddr, &o->peeraddr) < 0)
				tool_usage_error("invalid --addr argument '%s' (CIDR:CIDR)",
						 optarg);
			break;
		default:
			tool_usage_hint();
		}
	}
	argv[0] = sub;
	if (o->hostaddr && !o->hostif)
		tool_usage_error("--addr requires --veth");
	if (o->hostaddr && (!cidr_ok(o->hostaddr) || !cidr_ok(o->peeraddr)))
		tool_usage_error("invalid --addr argument (CIDR:CIDR)");
	if (o->hostif && (strlen(o->hostif) >= IFNAMSIZ ||
			  strlen(o->peerif) >= IFNAMSIZ))
		tool_usage_error("invalid --veth argument: an interface name has at most %d bytes",
				 IFNAMSIZ - 1);
	if (optind >= argc) {
		netns_say("No netns name specified");
		return TOOL_EXIT_FAILURE;
	}
	/* as ip netns add: what follows NAME is ignored */
	o->name = argv[optind];
	return netns_check_name(o->name);
}

/* The run directory ready, or the failure said (returns 1). */
static int setup_rundir(const struct netns_ctx *ctx)
{
	enum ns_netns_step step;
	int lock_err = 0, r;

	r = ns_netns_dir_setup(ctx->rundir, &lock_err, &step);
	if (lock_err < 0)
		tool_warn(lock_err, "cannot lock %s, going on without",
			  ctx->rundir);
	if (r == 0)
		return 0;
	if (step == NS_NETNS_STEP_MKDIR)
		tool_warn(r, "cannot create directory %s", ctx->rundir);
	else
		tool_warn(r, "cannot make %s a shared mount point",
			  ctx->rundir);
	return TOOL_EXIT_FAILURE;
}

static int place(const struct netns_ctx *ctx, const char *name,
		 struct ns_netns_entry *entry)
{
	int r = ns_netns_place(ctx->rundir, name, entry);

	if (r < 0) {
		netns_say("Cannot create namespace file \"%s/%s\": %s",
			  ctx->rundir, name, strerror(-r));
		return TOOL_EXIT_FAILURE;
	}
	return 0;
}

/*
 * A failed bind, in ip's words; -EEXIST: an ip netns add bound the
 * name meanwhile (ours was taken out), said as if ours had lost at
 * the placeholder, as it would have without the interleaving.
 */
static void bind_failed(const char *src, const char *path, int r)
{
	if (r == -EEXIST)
		netns_say("Cannot create namespace file \"%s\": %s", path,
			  strerror(-r));
	else
		netns_say("Bind %s -> %s failed: %s", src, path, strerror(-r));
}

int netns_add(const struct netns_ctx *ctx, int argc, char **argv)
{
	struct ns_netns_entry entry = NS_NETNS_ENTRY_INIT;
	struct netns_add_opts o = { 0 };
	bool veth_made = false;
	int nsfd = -1, ret, r; /* ret: the exit code; r: -errno */
	sigset_t old;

	ret = parse_add(argc, argv, &o);
	if (ret == 0)
		ret = setup_rundir(ctx);
	if (ret)
		goto out;
	/*
	 * The namespace first: the window in which a kill leaves a
	 * placeholder behind is then placeholder to bind only.
	 */
	r = ns_netns_create(&nsfd);
	if (r < 0) {
		netns_say("Failed to create a new network namespace \"%s\": %s",
			  o.name, strerror(-r));
		ret = TOOL_EXIT_FAILURE;
		goto out;
	}
	/*
	 * A polite kill waits from the placeholder to the bind; SIGKILL's
	 * placeholder is taken over by the next add (ns_netns_place).
	 */
	tool_hold_signals(&old);
	ret = place(ctx, o.name, &entry);
	if (ret)
		goto out_signals;
	r = ns_netns_bind(&entry, nsfd);
	if (r < 0) {
		bind_failed("/proc/self/ns/net", entry.path, r);
		ret = TOOL_EXIT_FAILURE;
	} else if (o.lo_up || o.hostif) {
		ret = netns_links_setup(&o, nsfd, &veth_made);
	}
	if (ret == 0) {
		ns_netns_keep(&entry);
	} else {
		if (veth_made)
			netns_veth_undo(&o, nsfd);
		ns_netns_undo(&entry);
	}
out_signals:
	sigprocmask(SIG_SETMASK, &old, NULL);
out:
	ns_close(nsfd);
	free_add_opts(&o);
	return ret;
}

int netns_attach(const struct netns_ctx *ctx, int argc, char **argv)
{
	struct ns_netns_entry entry = NS_NETNS_ENTRY_INIT;
	const char *name = argv[1];
	int nsfd = -1, ret, r; /* ret: the exit code; r: -errno */
	sigset_t old;
	pid_t pid;

	(void)argc;
	if ((ret = netns_check_name(name)))
		return ret;
	if (ns_parse_pid(argv[2], &pid) < 0 || pid == 0) {
		netns_say("Invalid PID: %s", argv[2]);
		return TOOL_EXIT_FAILURE;
	}
	ret = setup_rundir(ctx);
	if (ret)
		return ret;
	tool_hold_signals(&old);
	ret = place(ctx, name, &entry);
	if (ret)
		goto out;
	/* pinned by a pidfd: never the namespace of a reused PID */
	r = ns_netns_of_pid(pid, &nsfd);
	if (r == 0)
		r = ns_netns_bind(&entry, nsfd);
	if (r < 0) {
		char src[64];

		snprintf(src, sizeof(src), "/proc/%d/ns/net", (int)pid);
		bind_failed(src, entry.path, r == -ESRCH ? -ENOENT : r);
		ns_netns_undo(&entry);
		ret = TOOL_EXIT_FAILURE;
		goto out;
	}
	ns_netns_keep(&entry);
out:
	ns_close(nsfd);
	sigprocmask(SIG_SETMASK, &old, NULL);
	return ret;
}

/* NETNSID := auto | POSITIVE-INT, in ip's words when it is neither. */
static int parse_netnsid(const char *arg, int *ret)
{
	uint64_t v;

	if (strcmp(arg, "auto") == 0) {
		*ret = -1;
		return 0;
	}
	if (arg[0] == '-' && ns_parse_u64(arg + 1, &v) == 0) {
		netns_say("Error: argument \"%s\" is wrong: \"netnsid\" value should be >= 0",
			  arg);
		return NETNS_EXIT_SYNTAX;
	}
	if (ns_parse_u64(arg, &v) < 0 || v > INT32_MAX) {
		netns_say("Error: argument \"%s\" is wrong: Invalid \"netnsid\" value",
			  arg);
		return NETNS_EXIT_SYNTAX;
	}
	*ret = (int)v;
	return 0;
}

int netns_set(const struct netns_ctx *ctx, int argc, char **argv)
{
	struct ns_net nl = NS_NET_INIT;
	int nsid, nsfd, ret, r; /* ret: the exit code; r: -errno */

	if (argc < 2) {
		netns_say("No netns name specified");
		return TOOL_EXIT_FAILURE;
	}
	if (argc < 3) {
		netns_say("No nsid specified");
		return TOOL_EXIT_FAILURE;
	}
	ret = netns_check_name(argv[1]);
	if (ret == 0)
		ret = parse_netnsid(argv[2], &nsid);
	if (ret)
		return ret;
	/* a file with no namespace on it: the kernel refuses, as for ip */
	nsfd = netns_open_name(ctx, argv[1]);
	if (nsfd < 0) {
		netns_say("Cannot open network namespace \"%s\": %s", argv[1],
			  strerror(errno));
		return TOOL_EXIT_FAILURE;
	}
	r = ns_net_open(&nl);
	if (r == 0)
		r = ns_net_nsid_set(&nl, nsfd, nsid);
	ret = r < 0 ? netns_netlink_error(r, nl.errmsg) : TOOL_EXIT_OK;
	ns_net_close(&nl);
	ns_close(nsfd);
	return ret;
}
