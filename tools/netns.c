// SPDX-License-Identifier: MIT
/*
 * netns - manage named network namespaces, interoperating with
 * iproute2's "ip netns" (the same /run/netns files and protocol).
 *
 * Messages. Scripts match ip netns' words, so every message that ip
 * netns has is printed in its exact text, on stderr, without a
 * "netns: " prefix: 'Invalid netns name "X"', 'No netns name
 * specified', 'Cannot create namespace file "PATH": strerror', 'Cannot
 * remove namespace file "PATH": strerror', 'Cannot open network
 * namespace "NAME": strerror', 'exec of "CMD" failed: strerror',
 * 'Command "X" is unknown, try "netns help".', netlink refusals as
 * "Error: <the kernel's text>" (else "RTNETLINK answers: strerror").
 * Only what ip netns never says (our extensions: --veth, --parallel,
 * the sysfs and symlink notes of exec, a failed lock) carries the
 * "netns: " prefix, in the house form "netns: what failed: strerror".
 *
 * Exit codes, as ip netns: 0; 1 for a failed operation or a missing
 * argument (also a failed exec of the command); 2 when the kernel
 * refused a netlink request; 255 for a bad name, a bad number or an
 * unknown subcommand; exec without -a: the command's own status (it
 * replaces netns, no fork). With -a: 1 when any namespace failed.
 *
 * NETNS_RUN_DIR in the environment replaces /run/netns (for tests and
 * for a run dir of one's own; ip netns has no such override, so both
 * tools meet only at the default). Kept in the installed tool, but
 * guarded (rundir_from_env): an absolute path, and when it exists a
 * real directory owned by root or the caller that no one else may
 * write to, so that a planted or shared directory is never turned into
 * a shared mount point nor emptied. delete, in any run dir, removes
 * only bound namespaces and empty placeholders. --veth pairs carry a mark of their namespace on the link
 * itself (its alias), by which delete removes them: no state is kept
 * outside the run directory; see netns-veth.c.
 *
 * JSON (-j), one array per run, newline-terminated: list
 * [{"name":"a","id":5},{"name":"b"}] (ip's shape; no "id" when none),
 * list-id [{"nsid":22,"current-nsid":5,"name":"foo"}] (ip's shape),
 * identify [{"name":"a"}], pids [{"pid":123}]; monitor prints one
 * object per line, {"event":"add","name":"a"}, flushed.
 *
 * Differences from ip netns on purpose: the usage of "netns help" and
 * of a bad list-id names netns (--help is our own, on stdout, exit
 * 0); list is sorted; identify prints every matching name; pids
 * also lists a process only one of whose threads is in the namespace;
 * -a exec exits 1 when any namespace failed; names are checked with -a
 * too; monitor reports "add" once the namespace is bound, not when its
 * placeholder appears; add and attach take theirs out again when an ip
 * netns add stacked its namespace on the same name meanwhile ("File
 * exists"); delete removes only bound namespaces and empty
 * placeholders; -j writes a byte of a name that is not UTF-8 as \\xHH.
 *
 * Subcommands: a table of exact names plus the aliases users type
 * with ip netns (no prefix matching).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "config.h"
#include "libns/netns.h"
#include "netns.h"
#include "toolutil.h"

struct netns_cmd {
	const char *name;
	int min_args;	     /* positional arguments after the name */
	int max_args;	     /* -1: any number */
	netns_fn fn;
	const char *missing; /* said when too few; NULL: fn checks */
};

/*
 * As ip netns, what follows the arguments a command takes is ignored,
 * except by identify and pids ("extra arguments specified").
 */
static const struct netns_cmd commands[] = {
	{ "list", 0, -1, netns_list, NULL },
	{ "show", 0, -1, netns_list, NULL },
	{ "ls", 0, -1, netns_list, NULL },
	{ "lst", 0, -1, netns_list, NULL },
	{ "list-id", 0, -1, netns_list_id, NULL },
	{ "add", 0, -1, netns_add, NULL },
	{ "attach", 2, -1, netns_attach, "No netns name and PID specified" },
	{ "set", 0, -1, netns_set, NULL },
	{ "delete", 0, -1, netns_delete, NULL },
	{ "del", 0, -1, netns_delete, NULL },
	{ "identify", 0, 1, netns_identify, NULL },
	{ "pids", 1, 1, netns_pids, "No netns name specified" },
	{ "exec", 0, -1, netns_exec, NULL },
	{ "monitor", 0, -1, netns_monitor, NULL },
	{ "help", 0, -1, NULL, NULL },
};

static void help(void)
{
	const char *p = tool_name();

	printf("\nUsage:\n"
	       " %s [options] [list]\n"
	       " %s [options] list-id [target-nsid POSITIVE-INT] [nsid POSITIVE-INT]\n"
	       " %s add NAME [--lo-up] [--veth HOSTIF:PEERIF [--addr CIDR:CIDR]]\n"
	       " %s attach NAME PID\n"
	       " %s set NAME NETNSID\n"
	       " %s [-a] delete [NAME]\n"
	       " %s [options] identify [PID]\n"
	       " %s [options] pids NAME\n"
	       " %s [-a] exec [--no-sysfs] [--parallel N] [NAME] COMMAND...\n"
	       " %s [options] monitor\n",
	       p, p, p, p, p, p, p, p, p, p);
	fputs("NETNSID := auto | POSITIVE-INT\n"
	      "\nManage named network namespaces (those of ip netns).\n"
	      "\nOptions:\n"
	      " -j, --json          use JSON output format\n"
	      " -a, --all           delete or exec: every named namespace\n"
	      "\nadd options:\n"
	      "     --lo-up         bring up the loopback interface\n"
	      "     --veth HOSTIF:PEERIF\n"
	      "                     create a veth pair, PEERIF in the namespace\n"
	      "     --addr CIDR:CIDR\n"
	      "                     addresses of HOSTIF and PEERIF\n"
	      "\nexec options:\n"
	      "     --no-sysfs      do not mount a sysfs of the namespace on /sys\n"
	      "     --parallel N    with -a: up to N namespaces at once\n"
	      "\n"
	      " -h, --help          display this help\n"
	      " -V, --version       display version\n",
	      stdout);
	printf("\nFor more details see %s(8).\n", PROGRAM_PREFIX "netns");
}

int netns_usage(void)
{
	const char *p = tool_name();

	fflush(stdout);
	/* ip netns' usage, with our name, and -a for ip's -all */
	fprintf(stderr,
		"Usage:\t%s list\n"
		"\t%s add NAME\n"
		"\t%s attach NAME PID\n"
		"\t%s set NAME NETNSID\n"
		"\t%s [-a] delete [NAME]\n"
		"\t%s identify [PID]\n"
		"\t%s pids NAME\n"
		"\t%s [-a] exec [NAME] cmd ...\n"
		"\t%s monitor\n"
		"\t%s list-id [target-nsid POSITIVE-INT] [nsid POSITIVE-INT]\n"
		"NETNSID := auto | POSITIVE-INT\n",
		p, p, p, p, p, p, p, p, p, p);
	return NETNS_EXIT_SYNTAX;
}

void netns_say(const char *fmt, ...)
{
	va_list ap;
	char *text, *esc = NULL;

	fflush(stdout);
	va_start(ap, fmt);
	if (vasprintf(&text, fmt, ap) >= 0) {
		esc = tool_escape(text);
		free(text);
	}
	va_end(ap);
	/* one write: one line, whole (without memory: what it was about) */
	fprintf(stderr, "%s\n", esc ? esc : fmt);
	free(esc);
}

int netns_netlink_error(int err, const char *errmsg)
{
	if (errmsg && *errmsg)
		netns_say("Error: %s.", errmsg);
	else
		netns_say("RTNETLINK answers: %s", strerror(-err));
	return NETNS_EXIT_NETLINK;
}

int netns_check_name(const char *name)
{
	if (ns_netns_name_check(name) == 0)
		return 0;
	netns_say("Invalid netns name \"%s\"", name);
	return NETNS_EXIT_SYNTAX;
}

/*
 * RUNDIR/@name opened as it is, namespace or not (not following a
 * symbolic link): the kernel is the one to refuse a file that is none,
 * as it does for ip. -1 when it cannot be opened.
 */
int netns_open_name(const struct netns_ctx *ctx, const char *name)
{
	char *path;
	int fd;

	if (ns_netns_path(ctx->rundir, name, &path) < 0)
		return -1;
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK);
	free(path);
	return fd;
}

static int run_command(const struct netns_ctx *ctx, int argc, char **argv)
{
	const struct netns_cmd *cmd = NULL;
	int n = argc - 1;

	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++) {
		if (strcmp(argv[0], commands[i].name) == 0) {
			cmd = &commands[i];
			break;
		}
	}
	if (!cmd) {
		netns_say("Command \"%s\" is unknown, try \"%s help\".",
			  argv[0], tool_name());
		return NETNS_EXIT_SYNTAX;
	}
	if (!cmd->fn)
		return netns_usage();
	if (cmd->missing && n < cmd->min_args) {
		netns_say("%s", cmd->missing);
		return TOOL_EXIT_FAILURE;
	}
	if (cmd->max_args >= 0 && n > cmd->max_args) {
		netns_say("extra arguments specified");
		return TOOL_EXIT_FAILURE;
	}
	return cmd->fn(ctx, argc, argv);
}

/*
 * NETNS_RUN_DIR, if set: 0 when it may be used (see the top), else
 * the exit code after saying why.
 */
static int rundir_from_env(const char *dir)
{
	struct stat st;

	if (dir[0] != '/') {
		tool_warn(0, "NETNS_RUN_DIR: %s: not an absolute path", dir);
		return TOOL_EXIT_FAILURE;
	}
	if (lstat(dir, &st) < 0) {
		if (errno == ENOENT)
			return 0; /* add makes it, 0755 */
		tool_warn(-errno, "NETNS_RUN_DIR: %s", dir);
		return TOOL_EXIT_FAILURE;
	}
	if (!S_ISDIR(st.st_mode) ||
	    (st.st_uid != 0 && st.st_uid != geteuid()) ||
	    (st.st_mode & (S_IWGRP | S_IWOTH))) {
		tool_warn(0, "NETNS_RUN_DIR: %s: not a directory of root or yours that only its owner may write to",
			  dir);
		return TOOL_EXIT_FAILURE;
	}
	return 0;
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "all", no_argument, NULL, 'a' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	struct netns_ctx ctx = { .rundir = NS_NETNS_RUN_DIR };
	static char *list_argv[] = { "list", NULL };
	const char *env = getenv("NETNS_RUN_DIR");
	int c, r;

	tool_guard_stdout();
	/* getopt's messages begin with argv[0]: "netns: ..." */
	argv[0] = (char *)tool_name();
	/* "+": options end at the subcommand, which has its own */
	while ((c = getopt_long(argc, argv, "+jahV", longopts, NULL)) != -1) {
		switch (c) {
		case 'j':
			ctx.json = true;
			break;
		case 'a':
			ctx.all = true;
			break;
		case 'h':
			help();
			return tool_close_stdout();
		case 'V':
			tool_print_version();
		default:
			tool_usage_hint();
		}
	}
	if (env && *env) {
		if ((r = rundir_from_env(env)))
			return r;
		ctx.rundir = env;
	}
	if (optind >= argc)
		r = run_command(&ctx, 1, list_argv);
	else
		r = run_command(&ctx, argc - optind, argv + optind);
	if (tool_close_stdout() != 0 && r == 0)
		r = TOOL_EXIT_FAILURE;
	return r;
}
