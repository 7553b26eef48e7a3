// SPDX-License-Identifier: MIT
/* unshare: the command line into a plan (struct unshare_opts). */
#define _GNU_SOURCE
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>

#include "config.h"
#include "libns/base.h"
#include "nls.h"
#include "nsopts.h"
#include "signame.h"
#include "toolutil.h"
#include "unshare.h"

enum {
	OPT_MOUNTPROC = 0x100,
	OPT_MOUNTBINFMT,
	OPT_PROPAGATION,
	OPT_SETGROUPS,
	OPT_KILLCHILD,
	OPT_FORWARD,
	OPT_KEEPCAPS,
	OPT_MONOTONIC,
	OPT_BOOTTIME,
	OPT_MAPUSER,
	OPT_MAPGROUP,
	OPT_MAPUSERS,
	OPT_MAPGROUPS,
	OPT_MAPAUTO,
	OPT_MAPSUBIDS,
	OPT_OWNER,
	OPT_CLEARENV,
	OPT_WHITELISTENV,
	OPT_LOUP,
};

/* util-linux 2.42's options besides the types, in its order */
static const struct option other_options[] = {
	{ "help", no_argument, NULL, 'h' },
	{ "version", no_argument, NULL, 'V' },
	{ "fork", no_argument, NULL, 'f' },
	{ "kill-child", optional_argument, NULL, OPT_KILLCHILD },
	{ "forward-signals", no_argument, NULL, OPT_FORWARD },
	{ "mount-proc", optional_argument, NULL, OPT_MOUNTPROC },
	{ "mount-binfmt", optional_argument, NULL, OPT_MOUNTBINFMT },
	{ "load-interp", required_argument, NULL, 'l' },
	{ "map-user", required_argument, NULL, OPT_MAPUSER },
	{ "map-users", required_argument, NULL, OPT_MAPUSERS },
	{ "map-group", required_argument, NULL, OPT_MAPGROUP },
	{ "map-groups", required_argument, NULL, OPT_MAPGROUPS },
	{ "map-root-user", no_argument, NULL, 'r' },
	{ "map-current-user", no_argument, NULL, 'c' },
	{ "map-auto", no_argument, NULL, OPT_MAPAUTO },
	{ "map-subids", no_argument, NULL, OPT_MAPSUBIDS },
	{ "propagation", required_argument, NULL, OPT_PROPAGATION },
	{ "setgroups", required_argument, NULL, OPT_SETGROUPS },
	{ "keep-caps", no_argument, NULL, OPT_KEEPCAPS },
	{ "setuid", required_argument, NULL, 'S' },
	{ "setgid", required_argument, NULL, 'G' },
	{ "root", required_argument, NULL, 'R' },
	{ "wd", required_argument, NULL, 'w' },
	{ "monotonic", required_argument, NULL, OPT_MONOTONIC },
	{ "boottime", required_argument, NULL, OPT_BOOTTIME },
	{ "owner", required_argument, NULL, OPT_OWNER },
};

/*
 * Ours, which util-linux lacks: they never change how an abbreviation
 * of util-linux's resolves (tool_getopt_long), "--w" is "--wd" and
 * "--l" "--load-interp" as there.
 */
static const struct option extra_options[] = {
	{ "clear-env", no_argument, NULL, OPT_CLEARENV },
	{ "whitelist-env", required_argument, NULL, OPT_WHITELISTENV },
	{ "lo-up", no_argument, NULL, OPT_LOUP },
};

/* The types in util-linux's order ("--u": --uts before --user). */
static const char *const type_order[] = {
	"mount", "uts", "ipc", "net", "pid", "user", "cgroup", "time", NULL
};

#define N_PRIMARY (NS_TYPE_COUNT + NS_ARRAY_SIZE(other_options))
#define N_LONGOPTS (N_PRIMARY + NS_ARRAY_SIZE(extra_options) + 1)

/* The options of --help, one message each, as util-linux's. */
static const char *const help_options[] = {
	N_(" -m, --mount[=<file>]      unshare mounts namespace\n"),
	N_(" -u, --uts[=<file>]        unshare UTS namespace (hostname etc)\n"),
	N_(" -i, --ipc[=<file>]        unshare System V IPC namespace\n"),
	N_(" -n, --net[=<file>]        unshare network namespace\n"),
	N_(" -p, --pid[=<file>]        unshare pid namespace\n"),
	N_(" -U, --user[=<file>]       unshare user namespace\n"),
	N_(" -C, --cgroup[=<file>]     unshare cgroup namespace\n"),
	N_(" -T, --time[=<file>]       unshare time namespace\n"),
	"\n",
	N_(" --mount-proc[=<dir>]      mount proc filesystem first (implies --mount)\n"),
	N_(" --mount-binfmt[=<dir>]    mount binfmt filesystem first (implies --user and --mount)\n"),
	N_(" -l, --load-interp <file>  load binfmt definition in the namespace (implies --mount-binfmt)\n"),
	N_(" --propagation slave|shared|private|unchanged\n"
	   "                           modify mount propagation in mount namespace\n"),
	N_(" -R, --root <dir>          run the command with root directory set to <dir>\n"),
	N_(" -w, --wd <dir>            change working directory to <dir>\n"),
	"\n",
	N_(" -S, --setuid <uid>        set uid in entered namespace\n"),
	N_(" -G, --setgid <gid>        set gid in entered namespace\n"),
	N_(" --map-user <uid>|<name>   map current user to uid (implies --user)\n"),
	N_(" --map-group <gid>|<name>  map current group to gid (implies --user)\n"),
	N_(" -r, --map-root-user       map current user to root (implies --user)\n"),
	N_(" -c, --map-current-user    map current user to itself (implies --user)\n"),
	N_(" --map-auto                map users and groups automatically (implies --user)\n"),
	N_(" --map-subids              map the first block of user IDs owned by euid (implies --user)\n"),
	N_(" --map-users <inneruid>:<outeruid>:<count>\n"
	   "                           map count users from outeruid to inneruid (implies --user)\n"),
	N_(" --map-groups <innergid>:<outergid>:<count>\n"
	   "                           map count groups from outergid to innergid (implies --user)\n"),
	N_(" --owner <uid>:<gid>       set the user namespace owner (implies --user)\n"),
	"\n",
	N_(" -f, --fork                fork before launching <program>\n"),
	N_(" --kill-child[=<signame>]  when dying, kill the forked child (implies --fork)\n"
	   "                             defaults to SIGKILL\n"),
	N_(" --forward-signals         forward SIGTERM and SIGINT to child (implies --fork)\n"),
	"\n",
	N_(" --setgroups allow|deny    control the setgroups syscall in user namespaces\n"),
	N_(" --keep-caps               retain capabilities granted in user namespaces\n"),
	"\n",
	N_(" --monotonic <offset>      set clock monotonic offset (seconds) in time namespaces\n"),
	N_(" --boottime <offset>       set clock boottime offset (seconds) in time namespaces\n"),
	"\n",
	N_(" --clear-env               start the program with an empty environment\n"),
	N_(" --whitelist-env <list>    keep only the listed environment variables\n"),
	N_(" --lo-up                   bring up the loopback interface (implies --net)\n"),
	"\n",
	NULL
};

static noreturn void help(void)
{
	tool_help_program(N_("Run a program with some namespaces unshared from the parent.\n"), help_options, 27,
			  PROGRAM_PREFIX "unshare(1)");
}

static unsigned long parse_propagation(const char *s)
{
	static const struct {
		const char *name;
		unsigned long flag;
	} modes[] = {
		{ "slave", MS_SLAVE },
		{ "private", MS_PRIVATE },
		{ "shared", MS_SHARED },
		{ "unchanged", 0 },
	};

	for (size_t i = 0; i < NS_ARRAY_SIZE(modes); i++)
		if (strcmp(s, modes[i].name) == 0)
			return modes[i].flag;
	tool_warn(0, "unsupported propagation mode: %s", s);
	exit(TOOL_EXIT_FAILURE);
}

/* --kill-child: util-linux 2.42's names (signame.h), not numbers */
static int parse_signal(const char *s)
{
	int sig = tool_signal_parse(s);

	if (sig < 0) {
		tool_warn(0, "unknown signal: %s", s);
		exit(TOOL_EXIT_FAILURE);
	}
	return sig;
}

/*
 * Whether util-linux says "Numerical result out of range" for @s, a
 * number we refuse: a negative one or one beyond 64 bits (blanks and
 * a sign first, what follows the digits ignored), as strtoul reads it.
 */
static bool number_out_of_range(const char *s)
{
	bool minus, nonzero = false;
	const char *p = s;
	uint64_t n = 0;

	while (*p == ' ' || (*p >= '\t' && *p <= '\r'))
		p++;
	minus = *p == '-';
	if (*p == '-' || *p == '+')
		p++;
	for (; *p >= '0' && *p <= '9'; p++) {
		unsigned int d = (unsigned int)(*p - '0');

		if (n > (UINT64_MAX - d) / 10)
			return true;
		n = n * 10 + d;
		nonzero = nonzero || d;
	}
	return minus && nonzero;
}

/* -S/-G: all digits and below 2^32 - 1 (see unshare(1) NOTES) */
static uint32_t parse_number_id(const char *s, const char *what)
{
	uint64_t n;

	if (ns_parse_u64(s, &n) < 0 || n > UINT32_MAX - 1) {
		tool_warn(number_out_of_range(s) ? -ERANGE : 0,
			  "failed to parse %s: '%s'", what, s);
		exit(TOOL_EXIT_FAILURE);
	}
	return (uint32_t)n;
}

static int64_t parse_offset(const char *s, const char *what)
{
	char *end;
	long long v;

	errno = 0;
	v = strtoll(s, &end, 10);
	if (errno || end == s || *end) {
		tool_warn(0, "failed to parse %s offset: '%s'", what, s);
		exit(TOOL_EXIT_FAILURE);
	}
	return v;
}

static uint32_t parse_id_or_name(enum ns_id_kind kind, const char *s)
{
	uint32_t id;

	if (ns_idmap_parse_id(kind, s, &id) < 0) {
		tool_warn(0, "failed to parse %s '%s'",
			  kind == NS_ID_UID ? "uid" : "gid", s);
		exit(TOOL_EXIT_FAILURE);
	}
	return id;
}

/* --owner UID:GID (numbers or names) */
static void parse_owner(const char *s, struct ns_create_plan *plan)
{
	const char *colon = strchr(s, ':');
	char user[256];
	uint32_t uid, gid;

	if (!colon || (size_t)(colon - s) >= sizeof(user))
		goto fail;
	memcpy(user, s, (size_t)(colon - s));
	user[colon - s] = '\0';
	if (ns_idmap_parse_id(NS_ID_UID, user, &uid) < 0 ||
	    ns_idmap_parse_id(NS_ID_GID, colon + 1, &gid) < 0)
		goto fail;
	plan->owner = true;
	plan->owner_uid = uid;
	plan->owner_gid = gid;
	return;
fail:
	tool_warn(0, "failed to parse owner");
	exit(TOOL_EXIT_FAILURE);
}

/*
 * INNER:OUTER:COUNT (or the old OUTER,INNER,COUNT). util-linux takes
 * a COUNT of 0 and maps nothing: libns refuses an empty range, so
 * check the rest with a count of 1 in its place.
 */
static void parse_range(const char *s, struct ns_idmap_range *range)
{
	size_t len = strlen(s);
	char *one;
	int r;

	if (ns_idmap_parse_range(s, range) == 0)
		return;
	if (len >= 2 && s[len - 1] == '0' && strchr(":,", s[len - 2])) {
		one = strdup(s);
		if (!one) {
			tool_warn(-ENOMEM, "invalid mapping '%s'", s);
			exit(TOOL_EXIT_FAILURE);
		}
		one[len - 1] = '1';
		r = ns_idmap_parse_range(one, range);
		free(one);
		range->count = 0;
		if (r == 0)
			return;
	}
	tool_warn(0, "invalid mapping '%s'", s);
	exit(TOOL_EXIT_FAILURE);
}

/* --map-users/--map-groups; auto and subids read /etc/sub[ug]id now,
 * before the other checks, as util-linux does */
static void add_block(struct unshare_idopts *ids, enum ns_id_kind kind,
		      const char *s)
{
	struct unshare_block b = { .kind = UNSHARE_BLOCK_RANGE };

	if (strcmp(s, "auto") == 0 || strcmp(s, "subids") == 0) {
		b.kind = s[0] == 'a' ? UNSHARE_BLOCK_AUTO
				     : UNSHARE_BLOCK_SUBIDS;
		b.range = unshare_subid_block(kind);
		b.range.inner = s[0] == 'a' ? 0 : b.range.outer;
	} else if (strcmp(s, "all") == 0) {
		b.kind = UNSHARE_BLOCK_ALL;
	} else {
		parse_range(s, &b.range);
	}
	if (ids->n_blocks == UNSHARE_MAX_BLOCKS) {
		tool_warn(0, "too many mappings: '%s'", s);
		exit(TOOL_EXIT_FAILURE);
	}
	ids->blocks[ids->n_blocks++] = b;
}

static void set_single(struct unshare_idopts *ids, uint32_t inner)
{
	ids->single = true;
	ids->single_inner = inner;
}

static void set_persist(struct unshare_opts *opts, enum ns_kind type,
			const char *arg)
{
	opts->plan.types |= NS_TYPE_MASK(type);
	if (arg)
		opts->plan.persist[type] = arg;
}

/* -f and the program's environment: true when @c is one of them. */
static bool parse_run(int c, struct unshare_opts *opts)
{
	struct ns_create_plan *plan = &opts->plan;

	switch (c) {
	case 'f':
		plan->fork = true;
		return true;
	case OPT_KILLCHILD:
		plan->fork = true;
		plan->kill_child = optarg ? parse_signal(optarg) : SIGKILL;
		return true;
	case OPT_FORWARD:
		plan->fork = true;
		opts->forward_signals = true;
		return true;
	case OPT_CLEARENV:
		opts->clear_env = true;
		return true;
	case OPT_WHITELISTENV:
		opts->whitelist_env = optarg;
		return true;
	}
	return false;
}

/*
 * --mount-binfmt without a directory (or -l before one): binfmt_misc
 * in /proc/sys/fs/binfmt_misc of a new /proc, mounted first, as
 * util-linux 2.42 does, unless --mount-proc names where the new /proc
 * goes (then binfmt_misc is mounted in the old one). A later
 * --mount-binfmt=DIR moves binfmt_misc but keeps the new /proc.
 */
static void set_binfmt_default(struct unshare_opts *opts)
{
	opts->plan.mount_binfmt = "/proc/sys/fs/binfmt_misc";
	opts->binfmt_proc = true;
}

/* Mounts, root and working directory, the loopback, the clocks. */
static bool parse_inside(int c, struct unshare_opts *opts)
{
	struct ns_create_plan *plan = &opts->plan;
	const unsigned int user = NS_TYPE_MASK(NS_TYPE_USER);

	switch (c) {
	case OPT_MOUNTPROC:
		plan->types |= NS_TYPE_MASK(NS_TYPE_MNT);
		plan->mount_proc = optarg ? optarg : "/proc";
		return true;
	case OPT_MOUNTBINFMT:
		plan->types |= NS_TYPE_MASK(NS_TYPE_MNT) | user;
		plan->mount_binfmt = optarg;
		if (!optarg)
			set_binfmt_default(opts);
		return true;
	case 'l':
		plan->types |= NS_TYPE_MASK(NS_TYPE_MNT) | user;
		if (!plan->mount_binfmt)
			set_binfmt_default(opts);
		if (plan->n_interps == UNSHARE_MAX_INTERPS) {
			tool_warn(0, "too many interpreters: '%s'", optarg);
			exit(TOOL_EXIT_FAILURE);
		}
		opts->interps[plan->n_interps++] = optarg;
		return true;
	case OPT_PROPAGATION:
		plan->propagation = parse_propagation(optarg);
		return true;
	case 'R':
		plan->root = optarg;
		return true;
	case 'w':
		plan->wd = optarg;
		return true;
	case OPT_LOUP:
		plan->types |= NS_TYPE_MASK(NS_TYPE_NET);
		plan->lo_up = true;
		return true;
	case OPT_MONOTONIC:
		plan->set_monotonic = true;
		plan->monotonic = parse_offset(optarg, "monotonic");
		return true;
	case OPT_BOOTTIME:
		plan->set_boottime = true;
		plan->boottime = parse_offset(optarg, "boottime");
		return true;
	}
	return false;
}

/* The id maps (all of them imply -U). */
static bool parse_maps(int c, struct unshare_opts *opts)
{
	const char *block = c == OPT_MAPAUTO ? "auto" : "subids";

	switch (c) {
	case OPT_MAPUSER:
		set_single(&opts->uids, parse_id_or_name(NS_ID_UID, optarg));
		break;
	case OPT_MAPGROUP:
		set_single(&opts->gids, parse_id_or_name(NS_ID_GID, optarg));
		break;
	case 'r':
		set_single(&opts->uids, 0);
		set_single(&opts->gids, 0);
		break;
	case 'c':
		set_single(&opts->uids, (uint32_t)geteuid());
		set_single(&opts->gids, (uint32_t)getegid());
		break;
	case OPT_MAPUSERS:
		add_block(&opts->uids, NS_ID_UID, optarg);
		break;
	case OPT_MAPGROUPS:
		add_block(&opts->gids, NS_ID_GID, optarg);
		break;
	case OPT_MAPAUTO:
	case OPT_MAPSUBIDS:
		add_block(&opts->uids, NS_ID_UID, block);
		add_block(&opts->gids, NS_ID_GID, block);
		break;
	default:
		return false;
	}
	opts->plan.types |= NS_TYPE_MASK(NS_TYPE_USER);
	return true;
}

/* The ids and capabilities of the program, the owner, setgroups. */
static bool parse_ids(int c, struct unshare_opts *opts)
{
	struct ns_create_plan *plan = &opts->plan;

	switch (c) {
	case 'S':
		plan->creds.set_uid = true;
		plan->creds.uid = parse_number_id(optarg, "uid");
		return true;
	case 'G':
		plan->creds.set_gid = true;
		plan->creds.gid = parse_number_id(optarg, "gid");
		return true;
	case OPT_KEEPCAPS:
		plan->keep_caps = true;
		return true;
	case OPT_OWNER:
		plan->types |= NS_TYPE_MASK(NS_TYPE_USER);
		parse_owner(optarg, plan);
		return true;
	case OPT_SETGROUPS:
		opts->setgroups_given = true;
		if (strcmp(optarg, "allow") == 0)
			plan->setgroups = NS_SETGROUPS_ALLOW;
		else if (strcmp(optarg, "deny") == 0)
			plan->setgroups = NS_SETGROUPS_DENY;
		else {
			tool_warn(0, "unsupported --setgroups argument '%s'",
				  optarg);
			exit(TOOL_EXIT_FAILURE);
		}
		return true;
	}
	return false;
}

/* An option that is not a namespace type. */
static void parse_other(int c, struct unshare_opts *opts)
{
	if (c == 'h')
		help();
	if (c == 'V')
		tool_print_version();
	if (!parse_run(c, opts) && !parse_inside(c, opts) &&
	    !parse_maps(c, opts) && !parse_ids(c, opts))
		tool_usage_hint();
}

/* util-linux's options in its order (@primary), then ours. */
static void make_options(struct option *primary, struct option *longopts,
			 char *shortopts)
{
	tool_ns_options(other_options, NS_ARRAY_SIZE(other_options),
			"fhVl:rcS:G:R:w:", "", primary, shortopts);
	tool_options_order(primary, NS_TYPE_COUNT, type_order);
	memcpy(longopts, primary, N_PRIMARY * sizeof(*primary));
	memcpy(longopts + N_PRIMARY, extra_options, sizeof(extra_options));
	longopts[N_LONGOPTS - 1] = (struct option){ 0 };
}

void unshare_parse_args(int argc, char **argv, struct unshare_opts *opts)
{
	struct option primary[N_PRIMARY + 1], longopts[N_LONGOPTS];
	char shortopts[TOOL_NS_SHORTOPTS_MAX + 32];
	int c;

	make_options(primary, longopts, shortopts);
	/* getopt's messages begin with argv[0]: "unshare: ..." */
	argv[0] = (char *)tool_name();
	opts->plan.propagation = MS_PRIVATE;
	/* -G where setgroups is denied fails, as in util-linux */
	opts->plan.creds.strict_groups = true;
	while ((c = tool_getopt_long(argc, argv, shortopts, longopts,
				     primary)) != -1) {
		enum ns_kind type;

		if (tool_ns_option_type(c, &type) == 0)
			set_persist(opts, type, optarg);
		else
			parse_other(c, opts);
	}
	/* --keep-caps: the capabilities of a new user namespace only */
	if (!(opts->plan.types & NS_TYPE_MASK(NS_TYPE_USER)))
		opts->plan.keep_caps = false;
	opts->plan.interps = opts->interps;
	if (opts->binfmt_proc && !opts->plan.mount_proc)
		opts->plan.mount_proc = "/proc";
	if ((opts->plan.set_monotonic || opts->plan.set_boottime) &&
	    !(opts->plan.types & NS_TYPE_MASK(NS_TYPE_TIME))) {
		tool_warn(0, "options --monotonic and --boottime require unsharing of a time namespace (-T)");
		exit(TOOL_EXIT_FAILURE);
	}
	/* A gid map of one id (-r, -c, --map-group) is written after
	 * setgroups is denied: allowing it contradicts that. */
	if (opts->gids.single && opts->plan.setgroups == NS_SETGROUPS_ALLOW) {
		tool_warn(0, "options --setgroups=allow and --map-group are mutually exclusive");
		exit(TOOL_EXIT_FAILURE);
	}
	opts->argv = optind < argc ? argv + optind : NULL;
}
