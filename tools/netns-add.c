// SPDX-License-Identifier: MIT
/*
 * netns subcommands that change things: add, attach, set, delete.
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

struct add_opts {
	const char *name;
	bool lo_up;
	char *hostif, *peerif;	   /* --veth HOSTIF:PEERIF */
	char *hostaddr, *peeraddr; /* --addr CIDR:CIDR */
};

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

static void free_add_opts(struct add_opts *o)
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

	return ns_cidr_parse(cidr, &family, addr, &prefix) == 0;
}

static int parse_add(int argc, char **argv, struct add_opts *o)
{
	enum { OPT_LO_UP = 256, OPT_VETH, OPT_ADDR };
	static const struct option longopts[] = {
		{ "lo-up", no_argument, NULL, OPT_LO_UP },
		{ "veth", required_argument, NULL, OPT_VETH },
		{ "addr", required_argument, NULL, OPT_ADDR },
		{ NULL, 0, NULL, 0 },
	};
	int c;

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
	if (optind + 1 < argc) {
		netns_say("extra arguments specified");
		return TOOL_EXIT_FAILURE;
	}
	o->name = argv[optind];
	return netns_check_name(o->name);
}

/*
 * From the placeholder to the bind (and the links), a polite kill
 * (^C, SIGTERM, a hangup) waits: it would leave a placeholder that no
 * later add of the name gets past. It is delivered once the add is
 * complete or undone. SIGKILL cannot wait: the placeholder it leaves
 * is taken over by the next add of the name (ns_netns_place), or
 * removed by delete.
 */
static void hold_signals(sigset_t *ret_old)
{
	sigset_t set;

	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGHUP);
	sigaddset(&set, SIGQUIT);
	sigprocmask(SIG_BLOCK, &set, ret_old);
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

/* The directory of the notes, when the last one is gone. */
static void drop_note_dir(const char *note)
{
	char *dir = strdup(note), *slash;

	if (!dir)
		return;
	slash = strrchr(dir, '/');
	*slash = '\0';
	(void)rmdir(dir); /* ENOTEMPTY: notes of other namespaces */
	free(dir);
}

/* Links of the new namespace @nsfd: lo up, the veth pair. */
static int setup_links(const struct netns_ctx *ctx, const struct add_opts *o,
		       int nsfd, bool *ret_veth_made)
{
	struct ns_rtnl host = NS_RTNL_INIT, peer = NS_RTNL_INIT;
	struct ns_rtnl *failed = &peer;
	char *note = NULL;
	int r;

	r = ns_rtnl_open(nsfd, &peer);
	if (r < 0) {
		tool_warn(r, "cannot open a netlink socket");
		return TOOL_EXIT_FAILURE;
	}
	if (o->lo_up || o->hostif) {
		r = ns_link_up(&peer, "lo");
		if (r < 0)
			goto fail;
	}
	if (o->hostif) {
		failed = &host;
		r = ns_rtnl_open(-1, &host);
		if (r < 0)
			goto fail;
		r = netns_veth_state_path(ctx, o->name, &note);
		if (r == 0)
			r = write_note(note, o->peerif, true);
		if (r < 0) {
			tool_warn(r, "cannot write %s", note ? note : "note");
			free(note);
			ns_rtnl_close(&host);
			ns_rtnl_close(&peer);
			return TOOL_EXIT_FAILURE;
		}
		r = ns_veth_create(&host, o->hostif, o->peerif, nsfd);
		if (r < 0)
			goto fail;
		*ret_veth_made = true;
		if (o->hostaddr)
			r = ns_addr_add(&host, o->hostif, o->hostaddr);
		if (r == 0)
			r = ns_link_up(&host, o->hostif);
		failed = &peer;
		if (r == 0 && o->peeraddr)
			r = ns_addr_add(&peer, o->peerif, o->peeraddr);
		if (r == 0)
			r = ns_link_up(&peer, o->peerif);
		if (r < 0) {
			if (host.errmsg[0])
				failed = &host;
			goto fail;
		}
	}
	free(note);
	ns_rtnl_close(&host);
	ns_rtnl_close(&peer);
	return 0;
fail:
	r = netns_netlink_error(r, failed->errmsg);
	if (note && !*ret_veth_made) {
		unlink(note);
		drop_note_dir(note);
	}
	free(note);
	ns_rtnl_close(&host);
	ns_rtnl_close(&peer);
	return r;
}

/* Undo what add made of its veth pair: the pair and the note. */
static void remove_veth(const struct netns_ctx *ctx, const char *name,
			int nsfd, bool quiet)
{
	struct ns_rtnl nl = NS_RTNL_INIT;
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
	if (nsfd >= 0 && ns_rtnl_open(nsfd, &nl) == 0) {
		r = ns_link_delete(&nl, buf);
		if (r < 0 && r != -ENODEV && !quiet)
			tool_warn(r, "cannot delete veth %s", buf);
		ns_rtnl_close(&nl);
	}
	unlink(note);
	drop_note_dir(note);
out:
	ns_close(fd);
	free(buf);
	free(note);
}

int netns_add(const struct netns_ctx *ctx, int argc, char **argv)
{
	struct ns_netns_entry entry = NS_NETNS_ENTRY_INIT;
	struct add_opts o = { 0 };
	bool veth_made = false, held = false;
	sigset_t old;
	int nsfd = -1, r;

	r = parse_add(argc, argv, &o);
	if (r)
		goto out;
	r = setup_rundir(ctx);
	if (r)
		goto out;
	/*
	 * The namespace first: the window in which a kill leaves a
	 * placeholder behind is then placeholder to bind only.
	 */
	r = ns_netns_create(&nsfd);
	if (r < 0) {
		netns_say("Failed to create a new network namespace \"%s\": %s",
			  o.name, strerror(-r));
		r = TOOL_EXIT_FAILURE;
		goto out;
	}
	hold_signals(&old);
	held = true;
	r = place(ctx, o.name, &entry);
	if (r)
		goto out;
	r = ns_netns_bind(&entry, nsfd);
	if (r < 0) {
		netns_say("Bind /proc/self/ns/net -> %s failed: %s",
			  entry.path, strerror(-r));
		goto undo;
	}
	if (o.lo_up || o.hostif) {
		r = setup_links(ctx, &o, nsfd, &veth_made);
		if (r)
			goto undo;
	}
	ns_netns_keep(&entry);
	r = 0;
	goto out;
undo:
	if (veth_made)
		remove_veth(ctx, o.name, nsfd, true);
	ns_netns_undo(&entry);
	if (r < 0)
		r = TOOL_EXIT_FAILURE;
out:
	ns_close(nsfd);
	free_add_opts(&o);
	if (held)
		sigprocmask(SIG_SETMASK, &old, NULL);
	return r;
}

int netns_attach(const struct netns_ctx *ctx, int argc, char **argv)
{
	struct ns_netns_entry entry = NS_NETNS_ENTRY_INIT;
	const char *name = argv[1];
	int nsfd = -1, r;
	sigset_t old;
	pid_t pid;

	(void)argc;
	if ((r = netns_check_name(name)))
		return r;
	if (ns_parse_pid(argv[2], &pid) < 0 || pid == 0) {
		netns_say("Invalid PID: %s", argv[2]);
		return TOOL_EXIT_FAILURE;
	}
	r = setup_rundir(ctx);
	if (r)
		return r;
	hold_signals(&old);
	r = place(ctx, name, &entry);
	if (r)
		goto out;
	/* pinned by a pidfd: never the namespace of a reused PID */
	r = ns_netns_of_pid(pid, &nsfd);
	if (r == 0)
		r = ns_netns_bind(&entry, nsfd);
	if (r < 0) {
		netns_say("Bind /proc/%d/ns/net -> %s failed: %s", (int)pid,
			  entry.path, strerror(r == -ESRCH ? ENOENT : -r));
		ns_netns_undo(&entry);
		r = TOOL_EXIT_FAILURE;
		goto out;
	}
	ns_netns_keep(&entry);
out:
	ns_close(nsfd);
	sigprocmask(SIG_SETMASK, &old, NULL);
	return r;
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
	struct ns_netlink nl = NS_NETLINK_INIT;
	int nsid, nsfd, r;

	if (argc < 2) {
		netns_say("No netns name specified");
		return TOOL_EXIT_FAILURE;
	}
	if (argc < 3) {
		netns_say("No nsid specified");
		return TOOL_EXIT_FAILURE;
	}
	r = netns_check_name(argv[1]);
	if (r == 0)
		r = parse_netnsid(argv[2], &nsid);
	if (r)
		return r;
	r = ns_netns_open(ctx->rundir, argv[1], &nsfd);
	if (r < 0) {
		netns_say("Cannot open network namespace \"%s\": %s", argv[1],
			  strerror(-r));
		return TOOL_EXIT_FAILURE;
	}
	r = ns_netlink_open(&nl);
	if (r == 0)
		r = ns_netlink_set_nsid(&nl, nsfd, nsid);
	if (r < 0)
		r = netns_netlink_error(r, nl.errmsg);
	ns_netlink_close(&nl);
	ns_close(nsfd);
	return r;
}

static int delete_one(const struct netns_ctx *ctx, const char *name)
{
	enum ns_netns_step step = NS_NETNS_STEP_NONE;
	int r;

	if ((r = netns_check_name(name)))
		return r;
	remove_veth(ctx, name, -1, false);
	r = ns_netns_delete(ctx->rundir, name, &step);
	if (r == 0)
		return 0;
	if (step == NS_NETNS_STEP_UMOUNT)
		netns_say("Cannot umount namespace file \"%s/%s\": %s",
			  ctx->rundir, name, strerror(-r));
	else
		netns_say("Cannot remove namespace file \"%s/%s\": %s",
			  ctx->rundir, name, strerror(-r));
	return TOOL_EXIT_FAILURE;
}

int netns_delete(const struct netns_ctx *ctx, int argc, char **argv)
{
	char **names = NULL;
	size_t n = 0;
	int r, status = 0;

	if (!ctx->all) {
		if (argc < 2) {
			netns_say("No netns name specified");
			return TOOL_EXIT_FAILURE;
		}
		return delete_one(ctx, argv[1]);
	}
	/*
	 * ip -all netns delete ignores a name; we check it first (a
	 * "../x" is a mistake, not a request to delete everything).
	 */
	if (argc >= 2 && (r = netns_check_name(argv[1])))
		return r;
	r = ns_netns_list(ctx->rundir, &names, &n);
	if (r < 0) {
		tool_warn(r, "cannot read %s", ctx->rundir);
		return TOOL_EXIT_FAILURE;
	}
	for (size_t i = 0; i < n; i++)
		if (delete_one(ctx, names[i]))
			status = TOOL_EXIT_FAILURE;
	ns_netns_names_free(names, n);
	return status;
}
