// SPDX-License-Identifier: MIT
/*
 * lsns - list namespaces.
 *
 * parse_args() fills struct lsns_opts, run() asks libns for exactly
 * the types, sources and details the output needs, lsns_render()
 * draws the result with libsmartcols.
 */
#define _GNU_SOURCE
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config.h"
#include "libns/nstype.h"
#include "libns/proc.h"
#include "libns/base.h"
#include "lsns.h"
#include "nls.h"
#include "optexcl.h"
#include "toolutil.h"

enum {
	OPT_OUTPUT_ALL = 0x100,
};

static void help(void)
{
	/* one message per line, as util-linux: its translation of each */
	fputs(_("\nUsage:\n"), stdout);
	printf(_(" %s [options] [<namespace ID>]\n"), tool_name());
	fputs("\n", stdout);
	fputs(_("List system namespaces.\n"), stdout);
	fputs(_("\nOptions:\n"), stdout);
	fputs(_(" -J, --json             use JSON output format\n"), stdout);
	fputs(_(" -l, --list             use list format output\n"), stdout);
	fputs(_(" -n, --noheadings       don't print headings\n"), stdout);
	fputs(_(" -o, --output <list>    define which output columns to use\n"),
	      stdout);
	fputs(_("     --output-all       output all columns\n"), stdout);
	fputs(_(" -P, --persistent       namespaces without processes\n"),
	      stdout);
	fputs(_(" -p, --task <pid>       print process namespaces\n"), stdout);
	fputs(_(" -Q, --filter <expr>    apply display filter\n"), stdout);
	fputs(_(" -r, --raw              use the raw output format\n"), stdout);
	fputs(_(" -u, --notruncate       don't truncate text in columns\n"),
	      stdout);
	fputs(_(" -W, --nowrap           don't use multi-line representation\n"),
	      stdout);
	/* the types of NS_TYPE_COUNT, in one message as util-linux */
	_Static_assert(NS_TYPE_COUNT == 8, "-t names eight types");
	fputs(_(" -t, --type <name>      namespace type (mnt, net, ipc, user, pid, uts, cgroup, time)\n"),
	      stdout);
	fputs(_(" -T, --tree[=<rel>]     use tree format (parent, owner, or process)\n"),
	      stdout);
	fputs("\n", stdout);
	fputs(_(" -H, --list-columns     list the available columns\n"), stdout);
	tool_help_options(24);
	printf(_("\nFor more details see %s.\n"), PROGRAM_PREFIX "lsns(8)");
	exit(tool_close_stdout());
}

static enum lsns_tree parse_tree(const char *arg)
{
	/* As util-linux: "-T=parent" is "-Tparent" ("--tree==parent" too). */
	if (arg && *arg == '=')
		arg++;
	if (!arg || strcmp(arg, "owner") == 0)
		return LSNS_TREE_OWNER;
	if (strcmp(arg, "parent") == 0)
		return LSNS_TREE_PARENT;
	if (strcmp(arg, "process") == 0)
		return LSNS_TREE_PROCESS;
	tool_warn(0, "unknown tree type: %s", arg);
	exit(TOOL_EXIT_FAILURE);
}

/*
 * The default columns: of processes for a namespace argument, else of
 * namespaces (with NETNSID and NSFS whenever network namespaces are
 * among the types listed, as util-linux 2.42: how they are known).
 */
static void add_default_columns(struct lsns_opts *o)
{
	static const int proc_cols[] = { LSNS_COL_PID, LSNS_COL_PPID,
					 LSNS_COL_USER, LSNS_COL_COMMAND };
	int cols[LSNS_COL_COUNT];
	size_t n = 0;

	if (o->ns_set) {
		tool_output_defaults(&o->out, &lsns_columns_ul, proc_cols,
				     NS_ARRAY_SIZE(proc_cols));
		return;
	}
	cols[n++] = LSNS_COL_NS;
	cols[n++] = LSNS_COL_TYPE;
	cols[n++] = LSNS_COL_NPROCS;
	cols[n++] = LSNS_COL_PID;
	cols[n++] = LSNS_COL_USER;
	if (o->types & NS_TYPE_MASK(NS_TYPE_NET)) {
		cols[n++] = LSNS_COL_NETNSID;
		cols[n++] = LSNS_COL_NSFS;
	}
	cols[n++] = LSNS_COL_COMMAND;
	tool_output_defaults(&o->out, &lsns_columns_ul, cols, n);
}

/*
 * The syntax now, the column names after the options (bind_filter), as
 * util-linux 2.42. The last -Q wins; an empty one means no filter.
 */
static void parse_filter(struct lsns_opts *o, const char *expr)
{
	lsns_filter_free(o->filter);
	o->filter = NULL;
	if (*expr && lsns_filter_new(expr, &o->filter) < 0)
		exit(TOOL_EXIT_FAILURE);
}

static void bind_filter(struct lsns_opts *o)
{
	if (o->filter && lsns_filter_bind(o->filter) < 0)
		exit(TOOL_EXIT_FAILURE);
}

/*
 * A decimal number by strtol(3)'s rules, as util-linux reads its
 * arguments: leading white space and one sign allowed, nothing after
 * the digits. The sign is returned apart from the magnitude.
 */
static int parse_signed(const char *arg, bool *ret_negative,
			uint64_t *ret_magnitude)
{
	const char *p = arg;
	bool negative = false;
	uint64_t val;
	int r;

	while (isspace((unsigned char)*p))
		p++;
	if (*p == '+' || *p == '-')
		negative = *p++ == '-';
	r = ns_parse_u64(p, &val);
	if (r < 0)
		return r;
	*ret_negative = negative;
	*ret_magnitude = val;
	return 0;
}

static void parse_namespace_arg(struct lsns_opts *o, const char *arg)
{
	bool negative;
	uint64_t ino;
	int r;

	r = parse_signed(arg, &negative, &ino);
	if (r == 0 && negative && ino != 0)
		r = -ERANGE; /* "-0" is 0, as for strtoul(3) */
	if (r < 0) {
		/* util-linux's words: its translation of the first part */
		tool_warn(r == -ERANGE ? r : 0, "%s: '%s'",
			  _("invalid namespace argument"), arg);
		exit(TOOL_EXIT_FAILURE);
	}
	o->ns_set = true;
	o->ns_ino = ino;
}

static void parse_task(struct lsns_opts *o, const char *arg)
{
	bool negative;
	uint64_t pid;
	int r;

	r = parse_signed(arg, &negative, &pid);
	/* as util-linux 2.42: 0 and negative numbers are out of range too */
	if (r == 0 && (negative || pid == 0 || pid > INT32_MAX))
		r = -ERANGE;
	if (r < 0) {
		tool_warn(r == -ERANGE ? r : 0, "%s: '%s'",
			  _("invalid PID argument"), arg);
		exit(TOOL_EXIT_FAILURE);
	}
	o->task_set = true;
	o->task = (pid_t)pid;
}

/* -J -l -n -o --output-all -r -u -W -H: how to print. */
static bool parse_format_opt(int c, struct lsns_opts *o)
{
	switch (c) {
	case 'J':
		o->json = true;
		break;
	case 'l':
		o->list = true;
		break;
	case 'n':
		o->noheadings = true;
		break;
	case 'o':
		/* as util-linux 2.42: the last -o alone, read after the
		 * options and the namespace argument (not at all for -H) */
		o->output_arg = optarg;
		break;
	case OPT_OUTPUT_ALL:
		/* util-linux lists all columns flat unless -T says otherwise */
		o->out.all = true;
		o->list = true;
		break;
	case 'r':
		o->raw = true;
		break;
	case 'u':
		o->notruncate = true;
		break;
	case 'W':
		o->nowrap = true;
		break;
	case 'H':
		o->list_columns = true;
		break;
	default:
		return false;
	}
	return true;
}

static void parse_type(struct lsns_opts *o, const char *arg)
{
	enum ns_kind type;

	if (ns_type_from_name(arg, &type) < 0) {
		tool_warn(0, "unknown namespace type: %s", arg);
		exit(TOOL_EXIT_FAILURE);
	}
	o->types |= NS_TYPE_MASK(type);
}

/* The -T given, if any: applied once the namespace argument is known. */
struct tree_arg {
	bool set;
	enum lsns_tree tree;
};

/* -P -p -Q -t -T -h -V: what to list (and the two that exit). */
static void parse_select_opt(int c, struct lsns_opts *o, struct tree_arg *t)
{
	switch (c) {
	case 'P':
		o->persistent = true;
		break;
	case 'p':
		parse_task(o, optarg);
		break;
	case 'Q':
		parse_filter(o, optarg);
		break;
	case 't':
		parse_type(o, optarg);
		break;
	case 'T':
		t->set = true;
		t->tree = parse_tree(optarg);
		break;
	case 'h':
		help();
		break;
	case 'V':
		tool_print_version();
		break;
	default:
		tool_usage_hint();
	}
}

/* After the options: the namespace argument, columns and tree. */
static void finish_args(int argc, char **argv, struct lsns_opts *o,
			const struct tree_arg *t)
{
	/* Before the argument is read: "-p 1 -T owner" has one, "owner". */
	if (o->task_set && optind < argc) {
		tool_warn(0, "--task is mutually exclusive with <namespace>");
		exit(TOOL_EXIT_FAILURE);
	}
	if (optind < argc)
		parse_namespace_arg(o, argv[optind]);
	if (o->output_arg)
		tool_output_arg(&o->out, &lsns_columns, o->output_arg);

	add_default_columns(o);

	/*
	 * Trees: process trees by default, flat with -l, any -T wins. Rows
	 * of processes (a namespace argument) have no parent or owner
	 * namespaces: -Tparent and -Towner make them a flat list there.
	 */
	if (t->set && o->ns_set)
		o->tree = t->tree == LSNS_TREE_PROCESS ? t->tree
						       : LSNS_TREE_NONE;
	else if (t->set)
		o->tree = t->tree;
	else
		o->tree = o->list ? LSNS_TREE_NONE : LSNS_TREE_PROCESS;
}

static void parse_args(int argc, char **argv, struct lsns_opts *o)
{
	static const struct option longopts[] = {
		{ "json", no_argument, NULL, 'J' },
		{ "list", no_argument, NULL, 'l' },
		/* before noheadings: 2.42 lists "--no"'s possibilities so */
		{ "notruncate", no_argument, NULL, 'u' },
		{ "noheadings", no_argument, NULL, 'n' },
		{ "output", required_argument, NULL, 'o' },
		{ "output-all", no_argument, NULL, OPT_OUTPUT_ALL },
		{ "persistent", no_argument, NULL, 'P' },
		{ "filter", required_argument, NULL, 'Q' },
		{ "task", required_argument, NULL, 'p' },
		{ "raw", no_argument, NULL, 'r' },
		{ "nowrap", no_argument, NULL, 'W' },
		{ "type", required_argument, NULL, 't' },
		{ "tree", optional_argument, NULL, 'T' },
		{ "list-columns", no_argument, NULL, 'H' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	static const struct tool_excl_group excl[] = {
		{ { 'J', 'r' } },
		{ { 'P', 'p' } },
	};
	int excl_seen[NS_ARRAY_SIZE(excl)] = { 0 };
	struct tree_arg tree = { false, LSNS_TREE_NONE };
	int c;

	/* getopt's messages begin with argv[0]: "lsns: ..." */
	argv[0] = (char *)tool_name();
	while ((c = getopt_long(argc, argv, "Jlno:Pp:Q:rt:T::uhHVW", longopts,
				NULL)) != -1) {
		tool_excl_check(excl, NS_ARRAY_SIZE(excl), excl_seen, c,
				longopts);
		if (!parse_format_opt(c, o))
			parse_select_opt(c, o, &tree);
	}
	if (!o->list_columns) {
		finish_args(argc, argv, o, &tree);
		bind_filter(o);
	}
}

static unsigned int needed_details(const struct lsns_opts *o)
{
	unsigned int details = 0;

	int cols[LSNS_COL_COUNT];
	size_t n;

	for (size_t i = 0; i < o->out.count; i++)
		details |= lsns_column_info(o->out.ids[i])->data;
	/* a filter reads its columns whether they are shown or not */
	n = o->filter ? lsns_filter_columns(o->filter, cols, LSNS_COL_COUNT) : 0;
	for (size_t i = 0; i < n; i++)
		details |= lsns_column_info(cols[i])->data;
	if (o->tree == LSNS_TREE_PROCESS)
		details |= NS_DETAIL_PPID;
	if (o->tree == LSNS_TREE_PARENT || o->tree == LSNS_TREE_OWNER)
		details |= NS_DETAIL_RELATIONS;
	return details;
}

/*
 * A user namespace that no process, fd or mount shows is still listed
 * (as by util-linux 2.42) when it owns one that is shown: only the
 * owner relations find it.
 */
static bool finds_owners(const struct lsns_opts *o)
{
	return !o->task_set && !lsns_lists_members(o) &&
	       (!o->types || (o->types & NS_TYPE_MASK(NS_TYPE_USER)));
}

/*
 * The namespaces of the -p process, within the selected types: a
 * process that is not there, or not ours to see, has none; any other
 * failure is an error.
 */
static int read_task_namespaces(int procfd, const struct lsns_opts *o,
				unsigned int types, uint64_t *inos,
				size_t *ret_count)
{
	uint64_t all[NS_TYPE_COUNT];
	size_t n = 0;
	int r;

	*ret_count = 0;
	if (o->task <= 0)
		return 0;
	r = ns_proc_namespaces(procfd, o->task, types, all);
	if (ns_err_gone(r) || r == -EACCES || r == -EPERM)
		return 0;
	if (r < 0)
		return r;
	for (unsigned int t = 0; t < NS_TYPE_COUNT; t++) {
		if (all[t])
			inos[n++] = all[t];
	}
	*ret_count = n;
	return 0;
}

/*
 * NSTOOLS_THREADS: how many threads read /proc (default: one per CPU
 * once there are enough processes to be worth it). A tuning knob must
 * not break the tool: a bad value is reported and the default used.
 */
static unsigned int threads_from_env(void)
{
	const char *val = getenv("NSTOOLS_THREADS");
	uint64_t n;

	if (!val || !*val)
		return 0;
	if (ns_parse_u64(val, &n) < 0 || n == 0 || n > 1024) {
		tool_warn(0, "ignoring invalid NSTOOLS_THREADS value: '%s'",
			  val);
		return 0;
	}
	return (unsigned int)n;
}

/* Columns whose cells come from processes (or count them). */
static bool column_needs_processes(int col)
{
	const unsigned int mask = 1u << LSNS_COL_PATH | 1u << LSNS_COL_NPROCS |
				  1u << LSNS_COL_PID | 1u << LSNS_COL_PPID |
				  1u << LSNS_COL_COMMAND | 1u << LSNS_COL_UID |
				  1u << LSNS_COL_USER;

	return col >= 0 && col < LSNS_COL_COUNT && (mask & (1u << col));
}

/*
 * Can listns(2) alone (and the mounts) answer? Only where it shows all
 * a walk of /proc would: as root, for types a socket cannot hold (net,
 * and user that may own such a net) nor a zombie (pid), and when no
 * cell, filter, -p, -P or namespace argument needs processes.
 */
static bool listns_suffices(const struct lsns_opts *o, unsigned int types)
{
	const unsigned int walk_only = NS_TYPE_MASK(NS_TYPE_NET) |
				       NS_TYPE_MASK(NS_TYPE_USER) |
				       NS_TYPE_MASK(NS_TYPE_PID);
	int cols[LSNS_COL_COUNT];
	size_t n;

	if (geteuid() != 0 || (types & walk_only) || o->task_set ||
	    o->ns_set || o->persistent)
		return false;
	for (size_t i = 0; i < o->out.count; i++) {
		if (column_needs_processes(o->out.ids[i]))
			return false;
	}
	n = o->filter ? lsns_filter_columns(o->filter, cols, LSNS_COL_COUNT) : 0;
	for (size_t i = 0; i < n; i++) {
		if (column_needs_processes(cols[i]))
			return false;
	}
	return true;
}

/* What to scan for @o: 0, or a tool exit status with the message. */
static int scan_options(const struct lsns_opts *o, struct ns_scan_opts *so)
{
	unsigned int available;
	int r;

	so->threads = threads_from_env();
	r = ns_types_available(so->procfd, &available);
	if (r == -ENOENT || r == -EACCES) {
		available = NS_TYPE_MASK_ALL; /* no self/ns to look at */
	} else if (r < 0) {
		tool_warn(r, "cannot read %s", "/proc/self/ns");
		return TOOL_EXIT_FAILURE;
	}
	so->types = (o->types ? o->types : NS_TYPE_MASK_ALL) & available;
	so->sources = NS_SRC_ALL;
	/* -p and "lsns NS" list what processes show: no listns rows */
	if (o->task_set || lsns_lists_members(o))
		so->sources &= ~(unsigned int)NS_SRC_LISTNS;
	else if (listns_suffices(o, so->types))
		so->flags |= NS_SCAN_LISTNS_SUFFICES;
	so->details = needed_details(o);
	if (finds_owners(o))
		so->details |= NS_DETAIL_RELATIONS;
	so->members_of = lsns_lists_members(o) ? o->ns_ino : 0;
	return 0;
}

/* The scan for @o: 0, or a tool exit status with the message. */
static int scan(const struct lsns_opts *o, struct ns_scan_opts *so,
		struct ns_scan **ret_scan)
{
	int r;

	r = ns_scan_run(so, ret_scan);
	if (r == -ENOTTY && !(needed_details(o) & NS_DETAIL_RELATIONS)) {
		/* no ioctl_ns(2) here: then no owners to find either */
		so->details = needed_details(o);
		r = ns_scan_run(so, ret_scan);
	}
	if (r == -ENOTTY) {
		/* a kernel without the ioctl_ns(2) request we need */
		tool_warn(r, "failed to query namespace relations (ioctl_ns)");
		return TOOL_EXIT_NOTSUPP;
	}
	if (r < 0) {
		tool_warn(r, "failed to read namespaces");
		return TOOL_EXIT_FAILURE;
	}
	return 0;
}

/* Everything once /proc is open; the caller closes it. */
static int run_with_proc(const struct lsns_opts *o, struct ns_scan_opts *so)
{
	uint64_t task_ns[NS_TYPE_COUNT];
	struct ns_scan *sc = NULL;
	size_t ntask_ns = 0;
	int r, rc;

	rc = scan_options(o, so);
	if (rc)
		return rc;
	if (o->task_set) {
		r = read_task_namespaces(so->procfd, o, so->types, task_ns,
					 &ntask_ns);
		if (r < 0) {
			tool_warn(r, "cannot read the namespaces of PID %d",
				  (int)o->task);
			return TOOL_EXIT_FAILURE;
		}
	}
	rc = scan(o, so, &sc);
	if (rc)
		return rc;
	if (lsns_lists_members(o) && !ns_scan_find(sc, o->ns_ino)) {
		tool_warn(0, "not found namespace: %ju", (uintmax_t)o->ns_ino);
		rc = TOOL_EXIT_FAILURE;
	} else {
		rc = lsns_render(o, sc, task_ns, ntask_ns);
	}
	ns_scan_free(sc);
	return rc;
}

static int run(const struct lsns_opts *o)
{
	struct ns_scan_opts so = { .procfd = -1 };
	int rc;

	so.procfd = open("/proc", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (so.procfd < 0) {
		tool_warn(ns_errno(), "cannot open %s", "/proc");
		return TOOL_EXIT_FAILURE;
	}
	rc = run_with_proc(o, &so);
	ns_close(so.procfd);
	return rc;
}

int main(int argc, char **argv)
{
	struct lsns_opts opts = { 0 };
	int rc;

	tool_guard_stdout();
	setlocale(LC_ALL, "");
	tool_init_nls();
	parse_args(argc, argv, &opts);
	rc = opts.list_columns ? lsns_list_columns(&opts) : run(&opts);
	lsns_filter_free(opts.filter);
	if (tool_close_stdout() != TOOL_EXIT_OK && rc == TOOL_EXIT_OK)
		rc = TOOL_EXIT_FAILURE;
	return rc;
}
