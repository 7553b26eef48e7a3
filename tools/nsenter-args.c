// SPDX-License-Identifier: MIT
/* nsenter: the command line into struct nsenter_opts. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config.h"
#include "libns/base.h"
#include "nls.h"
#include "nsenter.h"
#include "optexcl.h"
#include "nsopts.h"
#include "toolutil.h"

enum {
	OPT_USER_PARENT = 0x100,
	OPT_PRESERVE,
	OPT_KEEPCAPS,
};

static const struct option other_options[] = {
	{ "help", no_argument, NULL, 'h' },
	{ "version", no_argument, NULL, 'V' },
	{ "all", no_argument, NULL, 'a' },
	{ "target", required_argument, NULL, 't' },
	{ "net-socket", required_argument, NULL, 'N' },
	{ "user-parent", no_argument, NULL, OPT_USER_PARENT },
	{ "setuid", required_argument, NULL, 'S' },
	{ "setgid", required_argument, NULL, 'G' },
	{ "preserve-credentials", no_argument, NULL, OPT_PRESERVE },
	{ "keep-caps", no_argument, NULL, OPT_KEEPCAPS },
	{ "root", optional_argument, NULL, 'r' },
	{ "wd", optional_argument, NULL, 'w' },
	{ "wdns", optional_argument, NULL, 'W' },
	{ "env", no_argument, NULL, 'e' },
	{ "no-fork", no_argument, NULL, 'F' },
	{ "join-cgroup", no_argument, NULL, 'c' },
	{ "follow-context", no_argument, NULL, 'Z' },
};

#define N_LONGOPTS (NS_TYPE_COUNT + NS_ARRAY_SIZE(other_options) + 1)

/*
 * util-linux 2.42's order (as in --help): getopt lists the
 * possibilities of an ambiguous "--t" or "--u" in table order.
 */
static const char *const option_order[] = {
	"all", "target", "mount", "uts", "ipc", "net", "net-socket", "pid",
	"cgroup", "user", "user-parent", "time", "setuid", "setgid",
	"preserve-credentials", "keep-caps", "root", "wd", "wdns", "env",
	"no-fork", "join-cgroup", "follow-context", "help", "version", NULL
};

/* The options of --help, one message each, as util-linux's. */
static const char *const help_options[] = {
	N_(" -a, --all                     enter all namespaces\n"),
	N_(" -t, --target <PID>            target process to get namespaces from\n"),
	N_(" -m, --mount[=<file>|=:<nsid>] enter mount namespace\n"),
	N_(" -u, --uts[=<file>|=:<nsid>]   enter UTS namespace (hostname etc)\n"),
	N_(" -i, --ipc[=<file>|=:<nsid>]   enter System V IPC namespace\n"),
	N_(" -n, --net[=<file>|=:<nsid>]   enter network namespace\n"),
	N_(" -N, --net-socket <fd>         enter socket's network namespace (needs --target)\n"),
	N_(" -p, --pid[=<file>|=:<nsid>]   enter pid namespace\n"),
	N_(" -C, --cgroup[=<file>|=:<nsid>]  enter cgroup namespace\n"),
	N_(" -U, --user[=<file>|=:<nsid>]  enter user namespace\n"),
	N_("     --user-parent             enter parent user namespace\n"),
	N_(" -T, --time[=<file>|=:<nsid>]  enter time namespace\n"),
	N_(" -S, --setuid[=<uid>]          set uid in entered namespace\n"),
	N_(" -G, --setgid[=<gid>]          set gid in entered namespace\n"),
	N_("     --preserve-credentials    do not touch uids or gids\n"),
	N_("     --keep-caps               retain capabilities granted in user namespaces\n"),
	N_(" -r, --root[=<dir>]            set the root directory\n"),
	N_(" -w, --wd[=<dir>]              set the working directory\n"),
	N_(" -W, --wdns <dir>              set the working directory in namespace\n"),
	N_(" -e, --env                     inherit environment variables from target process\n"),
	N_(" -F, --no-fork                 do not fork before exec'ing <program>\n"),
	N_(" -c, --join-cgroup             join the cgroup of the target process\n"),
	N_(" -Z, --follow-context          set SELinux context according to --target PID\n"),
	"\n",
	NULL
};

static noreturn void help(void)
{
	tool_help_program(N_("Run a program with namespaces of other processes.\n"), help_options, 31,
			  PROGRAM_PREFIX "nsenter(1)");
}

/* @msg: N_() marked, in util-linux's words and translation */
static noreturn void fail(const char *msg)
{
	tool_warn(0, "%s", _(msg));
	exit(TOOL_EXIT_FAILURE);
}

/*
 * What util-linux 2.42 opens while it reads the options, and so
 * reports before any other check, in the order of the command line: a
 * namespace FILE or :NSID (@type), the target of -t PID:INODE (@type
 * NS_TYPE_COUNT). Opened here only to fail as early; run() opens it
 * all again, with the target pinned, and reports what else is wrong
 * (a file that is not a namespace, one of another type).
 */
static void open_now(const struct nsenter_opts *opts, unsigned int type)
{
	struct ns_enter_request req = { .procfd = -1 };
	struct ns_enter_error err = { 0 };
	struct ns_enter_state state;
	bool target = type == NS_TYPE_COUNT;
	int r;

	req.procfd = open("/proc", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (req.procfd < 0)
		return; /* run() reports it */
	if (target) {
		req.pid = opts->req.pid;
		req.pid_ino = opts->req.pid_ino;
	} else {
		req.ns[type] = opts->req.ns[type];
	}
	r = ns_enter_open(&req, &state, &err);
	ns_enter_close(&state);
	ns_close(req.procfd);
	if (r == 0)
		return;
	if (target && err.step != NS_ENTER_STEP_PIN)
		/* 2.42: pidfd_open(2) of a PID that is not there */
		err = (struct ns_enter_error){ .step = NS_ENTER_STEP_PIN,
					       .err = -ESRCH };
	if (err.step == NS_ENTER_STEP_PIN || err.step == NS_ENTER_STEP_OPEN ||
	    (err.step == NS_ENTER_STEP_NSID && err.err != -EMEDIUMTYPE))
		nsenter_report(opts, &err);
}

/* -r DIR, -w DIR: 2.42 opens DIR at once too (run() checks the rest) */
static void open_dir_now(const char *path)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0) {
		tool_warn(-errno, "%s %s", _("cannot open"), path);
		exit(TOOL_EXIT_FAILURE);
	}
	ns_close(fd);
}

/* -t PID[:INODE]; the inode is that of a pidfd of the process. */
static void parse_target(const char *s, struct ns_enter_request *req)
{
	const char *colon = strchr(s, ':');
	char pid[16];
	uint64_t ino = 0;
	size_t len = colon ? (size_t)(colon - s) : strlen(s);

	if (len == 0 || len >= sizeof(pid))
		fail(N_("invalid PID argument"));
	memcpy(pid, s, len);
	pid[len] = '\0';
	if (ns_parse_pid(pid, &req->pid) < 0 || req->pid == 0 ||
	    (colon && (ns_parse_u64(colon + 1, &ino) < 0 || ino == 0)))
		fail(N_("invalid PID argument"));
	req->pid_ino = ino;
}

/* -S/-G: a number (util-linux's words on errors), or "follow". */
static enum nsenter_id_mode parse_id(const char *s, const char *what,
				     uint32_t *ret_id)
{
	uint64_t v;
	int r;

	if (strcmp(s, "follow") == 0)
		return NSENTER_ID_FOLLOW;
	/* as util-linux: "-0" is 0, "-5" out of range, "--x" not a number */
	r = ns_parse_u64(*s == '-' ? s + 1 : s, &v);
	if (r == 0 && *s == '-' && v != 0)
		r = -ERANGE;
	if (r == 0 && v > UINT32_MAX)
		r = -ERANGE;
	if (r == -ERANGE) {
		tool_warn(r, "%s: '%s'", _(what), s);
		exit(TOOL_EXIT_FAILURE);
	}
	if (r < 0) {
		tool_warn(0, "%s: '%s'", _(what), s);
		exit(TOOL_EXIT_FAILURE);
	}
	*ret_id = (uint32_t)v;
	return NSENTER_ID_VALUE;
}

/*
 * A type option: the target's, FILE or :NSID. As in util-linux, a
 * FILE or NSID given stays, whatever the order: "--uts=FILE -t PID -u"
 * and "-u --uts=FILE" both enter FILE's.
 */
static void parse_type(enum ns_kind type, const char *arg,
		       struct ns_enter_request *req)
{
	struct ns_enter_ns *ns = &req->ns[type];

	/* "-n=FILE" works in util-linux too */
	if (arg && arg[0] == '=')
		arg++;
	if (!arg) {
		if (ns->source == NS_ENTER_SKIP)
			ns->source = NS_ENTER_TARGET;
		return;
	}
	ns->path = NULL;
	if (arg[0] == ':') {
		if (ns_parse_u64(arg + 1, &ns->nsid) < 0) {
			tool_warn(0, "failed to parse nsid: %s", arg + 1);
			exit(TOOL_EXIT_FAILURE);
		}
		ns->source = NS_ENTER_NSID;
	} else {
		ns->source = NS_ENTER_FILE;
		ns->path = arg;
	}
}

static void set_dir(struct nsenter_dir *dir, const char *arg)
{
	dir->mode = arg ? NSENTER_DIR_PATH : NSENTER_DIR_TARGET;
	dir->path = arg;
}

/* -N FD; -1 takes back an earlier one (util-linux: "none"). */
static void parse_net_socket(const char *s, struct nsenter_opts *opts)
{
	uint64_t fd;

	if (strcmp(s, "-1") == 0) {
		opts->sockfd = -1;
		return;
	}
	if (ns_parse_u64(s, &fd) < 0 || fd > INT32_MAX) {
		tool_warn(0, "%s: '%s'", _("failed to parse file descriptor"), s);
		exit(TOOL_EXIT_FAILURE);
	}
	opts->sockfd = (int)fd;
}

static void parse_other(int c, struct nsenter_opts *opts)
{
	struct ns_enter_request *req = &opts->req;

	switch (c) {
	case 'h':
		help();
		break;
	case 'V':
		tool_print_version();
		break;
	case 'a':
		opts->all = true;
		break;
	case 't':
		parse_target(optarg, req);
		if (req->pid_ino)
			open_now(opts, NS_TYPE_COUNT);
		break;
	case 'N':
		parse_net_socket(optarg, opts);
		break;
	case OPT_USER_PARENT:
		req->flags |= NS_ENTER_USER_PARENT;
		break;
	case 'S':
		opts->uid_mode = parse_id(optarg, N_("failed to parse uid"),
					  &opts->uid);
		break;
	case 'G':
		opts->gid_mode = parse_id(optarg, N_("failed to parse gid"),
					  &opts->gid);
		break;
	case OPT_PRESERVE:
		opts->preserve_creds = true;
		break;
	case OPT_KEEPCAPS:
		opts->keep_caps = true;
		break;
	case 'r':
		set_dir(&opts->root, optarg);
		if (optarg)
			open_dir_now(optarg);
		break;
	case 'w':
		set_dir(&opts->wd, optarg);
		if (optarg)
			open_dir_now(optarg);
		break;
	case 'W':
		set_dir(&opts->wdns, optarg);
		break;
	case 'e':
		opts->env = true;
		break;
	case 'F':
		opts->no_fork = true;
		break;
	case 'c':
		opts->join_cgroup = true;
		break;
	case 'Z':
		/* a no-op where SELinux is not enabled (nsenter-run.c) */
		opts->follow_context = true;
		break;
	default:
		tool_usage_hint();
	}
}

/* --user-parent alone with -t: the parent of the target's user ns */
static bool any_namespace(const struct ns_enter_request *req)
{
	if ((req->flags & NS_ENTER_USER_PARENT) && req->pid > 0)
		return true;
	for (unsigned int t = 0; t < NS_TYPE_COUNT; t++)
		if (req->ns[t].source != NS_ENTER_SKIP)
			return true;
	return false;
}

/* A namespace file of the target: opened before the checks below. */
static bool any_of_target(const struct ns_enter_request *req)
{
	for (unsigned int t = 0; t < NS_TYPE_COUNT; t++)
		if (req->ns[t].source == NS_ENTER_TARGET)
			return true;
	/* (--user-parent's and -N's socket come later, in 2.42 too) */
	return false;
}

/*
 * With -t and no namespace of the target's, 2.42 opens what it takes
 * from the target here, each with its own message ("/proc/PID/" for
 * -S/-G follow): a target that is gone fails on the first of them.
 */
static void check_target_entry(pid_t pid, const char *entry)
{
	char path[64];
	int fd;

	snprintf(path, sizeof(path), "/proc/%d/%s", (int)pid, entry);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		tool_warn(-errno, "%s %s", _("cannot open"), path);
		exit(TOOL_EXIT_FAILURE);
	}
	ns_close(fd);
}

/*
 * What else is taken from the target, in the order 2.42 opens it: the
 * entries of /proc/PID/ named by target_entry[], a bit for each.
 */
enum {
	FROM_ROOT = 1u << 0,	/* -r */
	FROM_CWD = 1u << 1,	/* -w */
	FROM_ENVIRON = 1u << 2, /* -e */
	FROM_PIDDIR = 1u << 3,	/* -S/-G follow: "/proc/PID/" */
	FROM_CGROUP = 1u << 4,	/* -c */
};
static const char *const target_entry[] = {
	"root", "cwd", "environ", "", "cgroup",
};

static unsigned int taken_from_target(const struct nsenter_opts *opts)
{
	unsigned int m = 0;

	if (opts->root.mode == NSENTER_DIR_TARGET)
		m |= FROM_ROOT;
	if (opts->wd.mode == NSENTER_DIR_TARGET)
		m |= FROM_CWD;
	if (opts->env)
		m |= FROM_ENVIRON;
	if (opts->uid_mode == NSENTER_ID_FOLLOW ||
	    opts->gid_mode == NSENTER_ID_FOLLOW)
		m |= FROM_PIDDIR;
	if (opts->join_cgroup)
		m |= FROM_CGROUP;
	return m;
}

/*
 * Does anything come from the target? Where nothing does (every
 * namespace given a FILE or an ID), 2.42 never looks at the target:
 * "--net=FILE -t PID" works after PID is gone.
 */
static bool needs_target(const struct nsenter_opts *opts)
{
	return opts->all || any_of_target(&opts->req) ||
	       opts->sockfd >= 0 ||
	       (opts->req.flags & NS_ENTER_USER_PARENT) ||
	       taken_from_target(opts) ||
	       (opts->follow_context && nsenter_selinux_enabled());
}

/* 2.42 checks it after what needs a target, before the namespaces */
static void check_cgroup_v2(const struct nsenter_opts *opts)
{
	if (opts->join_cgroup && !nsenter_cgroup_v2())
		fail(N_("--join-cgroup is only supported in cgroup v2"));
}

/*
 * Nothing to enter, or what needs a target and has none: in util-linux
 * 2.42's order and words (before -a fills in the types). Without -t,
 * what is taken from the target is missed before the namespaces are
 * (-r alone: "neither filename nor target pid supplied for root");
 * with -t, no namespace is the error.
 */
static void check_target(const struct nsenter_opts *opts)
{
	const struct ns_enter_request *req = &opts->req;

	if (req->pid > 0) {
		unsigned int taken;

		/* the target's namespaces, if any, are opened before: run() */
		if (opts->all || any_of_target(req))
			return;
		taken = taken_from_target(opts);
		for (unsigned int i = 0; i < NS_ARRAY_SIZE(target_entry); i++) {
			if ((1u << i) == FROM_CGROUP)
				check_cgroup_v2(opts);
			if (taken & (1u << i))
				check_target_entry(req->pid, target_entry[i]);
		}
		if (!any_namespace(req))
			fail(N_("no namespace specified"));
		return;
	}
	/* 2.42 looks at the target's user namespace unless -U is given */
	if (opts->all && req->ns[NS_TYPE_USER].source == NS_ENTER_SKIP)
		fail(N_("no target PID specified for --all"));
	if (req->flags & NS_ENTER_USER_PARENT)
		fail(N_("no target PID specified"));
	for (unsigned int t = 0; t < NS_TYPE_COUNT; t++) {
		enum ns_enter_source s = req->ns[t].source;

		if (s == NS_ENTER_TARGET || s == NS_ENTER_SOCKET)
			fail(N_("no target PID specified"));
	}
	/* -a -U FILE: the other types are still the target's */
	if (opts->all)
		fail(N_("no target PID specified"));
	if (opts->root.mode == NSENTER_DIR_TARGET)
		fail(N_("neither filename nor target pid supplied for root"));
	if (opts->wd.mode == NSENTER_DIR_TARGET)
		fail(N_("neither filename nor target pid supplied for cwd"));
	if (opts->env)
		fail(N_("neither filename nor target pid supplied for environ"));
	if (opts->uid_mode == NSENTER_ID_FOLLOW)
		fail(N_("no target PID specified for --setuid follow"));
	if (opts->gid_mode == NSENTER_ID_FOLLOW)
		fail(N_("no target PID specified for --setgid follow"));
	check_cgroup_v2(opts);
	if (opts->join_cgroup)
		fail(N_("neither filename nor target pid supplied for cgroup"));
	if (!any_namespace(req))
		fail(N_("no namespace specified"));
}

void nsenter_parse_args(int argc, char **argv, struct nsenter_opts *opts)
{
	static const struct tool_excl_group excl[] = {
		{ { 'w', 'W' } },
	};
	int excl_seen[NS_ARRAY_SIZE(excl)] = { 0 };
	struct option longopts[N_LONGOPTS];
	char shortopts[TOOL_NS_SHORTOPTS_MAX + 32];
	int c;

	tool_ns_options(other_options, NS_ARRAY_SIZE(other_options),
			"hVat:N:S:G:r::w::W::eFcZ", "::", longopts, shortopts);
	tool_options_order(longopts, N_LONGOPTS - 1, option_order);
	/* getopt's messages begin with argv[0]: "nsenter: ..." */
	argv[0] = (char *)tool_name();
	opts->sockfd = -1;
	while ((c = getopt_long(argc, argv, shortopts, longopts, NULL)) != -1) {
		enum ns_kind type;

		tool_excl_check(excl, NS_ARRAY_SIZE(excl), excl_seen, c,
				longopts);
		if (tool_ns_option_type(c, &type) == 0) {
			parse_type(type, optarg, &opts->req);
			if (opts->req.ns[type].source == NS_ENTER_FILE ||
			    opts->req.ns[type].source == NS_ENTER_NSID)
				open_now(opts, type);
		} else {
			parse_other(c, opts);
		}
	}

	/* -N wins over any other source of the net namespace (2.42) */
	if (opts->sockfd >= 0) {
		opts->req.ns[NS_TYPE_NET].source = NS_ENTER_SOCKET;
		opts->req.ns[NS_TYPE_NET].sockfd = opts->sockfd;
		opts->req.ns[NS_TYPE_NET].path = NULL;
	}
	check_target(opts);
	if (!needs_target(opts))
		opts->req.pid = 0; /* nothing of it is looked at */
	/* -a: every type not given a file or ID of its own */
	for (unsigned int t = 0; opts->all && t < NS_TYPE_COUNT; t++) {
		if (opts->req.ns[t].source == NS_ENTER_SKIP)
			opts->req.ns[t].source = NS_ENTER_TARGET;
	}
	if (opts->all)
		opts->req.flags |= NS_ENTER_SKIP_OWN_USER | NS_ENTER_SKIP_SHARED;
	opts->argv = optind < argc ? argv + optind : NULL;
}
