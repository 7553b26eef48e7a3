// SPDX-License-Identifier: MIT
/*
 * netns subcommands that look: list, list-id, identify, pids.
 *
 * JSON by the kit's writer (jsonout.h): ip netns' shapes are bare
 * arrays ([{"name":"a","id":5}]), which libsmartcols cannot produce
 * (its output is an object named after the table).
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "libns/net.h"
#include "libns/netns.h"
#include "libns/nsfd.h"
#include "libns/proc.h"
#include "libns/base.h"
#include "jsonout.h"
#include "netns.h"
#include "toolutil.h"

struct names {
	char **v;
	size_t n;
};

static int read_names(const struct netns_ctx *ctx, struct names *ret)
{
	int r = ns_netns_list(ctx->rundir, &ret->v, &ret->n);

	if (r < 0)
		tool_warn(r, "cannot read %s", ctx->rundir);
	return r;
}

/* With -j: a listing is one array, on a line of its own. */
static void json_begin(const struct netns_ctx *ctx, struct tool_json *j)
{
	tool_json_init(j, stdout);
	if (ctx->json)
		tool_json_array_begin(j);
}

static void json_end(const struct netns_ctx *ctx, struct tool_json *j)
{
	if (ctx->json)
		tool_json_array_end(j);
}

/*
 * The NSID of RUNDIR/NAME in our namespace, -1 when none or unknown.
 * A name with no namespace on it: the kernel refuses, and its text is
 * said @say times (ip netns list says it twice, list-id once).
 */
static int nsid_of_name(const struct netns_ctx *ctx, struct ns_net *nl,
			const char *name, int say)
{
	int fd, r, nsid = NS_NET_NSID_UNASSIGNED;

	if (!ns_net_is_open(nl) || (fd = netns_open_name(ctx, name)) < 0)
		return NS_NET_NSID_UNASSIGNED;
	r = ns_net_nsid_get(nl, fd, &nsid);
	if (r < 0) {
		for (int i = 0; i < say && nl->errmsg[0]; i++)
			netns_netlink_error(r, nl->errmsg);
		nsid = NS_NET_NSID_UNASSIGNED;
	}
	ns_close(fd);
	return nsid;
}

int netns_list(const struct netns_ctx *ctx, int argc, char **argv)
{
	struct ns_net nl = NS_NET_INIT;
	struct tool_json j;
	struct names names;
	int *ids = NULL;

	(void)argc;
	(void)argv;
	if (read_names(ctx, &names) < 0)
		return TOOL_EXIT_FAILURE;
	/* as ip -j: no run dir, no output at all (an empty one: []) */
	if (ctx->json && !names.n && access(ctx->rundir, F_OK) < 0 &&
	    errno == ENOENT)
		return TOOL_EXIT_OK;
	/* without netlink (a seccomp filter, ...) the names alone */
	if (names.n && (ids = calloc(names.n, sizeof(*ids))))
		(void)ns_net_open(&nl);
	/* first the kernel's refusals, as ip says them; then the list */
	for (size_t i = 0; ids && i < names.n; i++)
		ids[i] = nsid_of_name(ctx, &nl, names.v[i], 2);
	json_begin(ctx, &j);
	for (size_t i = 0; i < names.n; i++) {
		int id = ids ? ids[i] : NS_NET_NSID_UNASSIGNED;

		if (ctx->json) {
			tool_json_object_begin(&j);
			tool_json_member_str_utf8(&j, "name", names.v[i]);
			if (id >= 0)
				tool_json_member_int(&j, "id", id);
			tool_json_object_end(&j);
		} else if (id >= 0) {
			printf("%s (id: %d)\n", names.v[i], id);
		} else {
			printf("%s\n", names.v[i]);
		}
	}
	json_end(ctx, &j);
	free(ids);
	ns_net_close(&nl);
	ns_netns_names_free(names.v, names.n);
	return TOOL_EXIT_OK;
}

/*
 * A POSITIVE-INT of list-id, read as ip reads it (C's strtol, base 0:
 * 0x1f, 017, +5 and leading blanks too; the whole argument, an int);
 * 255 and ip's words when it is none. A negative number: ip prints
 * "(null)" for the argument; we name it.
 */
static int parse_nsid_arg(const char *what, const char *arg, int *ret)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(arg, &end, 0);
	if (errno || end == arg || *end || v < INT32_MIN || v > INT32_MAX) {
		netns_say("Error: argument \"%s\" is wrong: \"%s\" value is invalid",
			  arg, what);
		return NETNS_EXIT_SYNTAX;
	}
	if (v < 0) {
		netns_say("Error: argument \"%s\" is wrong: \"%s\" value should be >= 0",
			  arg, what);
		return NETNS_EXIT_SYNTAX;
	}
	*ret = (int)v;
	return 0;
}

struct nsid_name {
	int nsid;
	char *name;
};

/* The names of RUNDIR with their NSIDs in our namespace. */
static size_t name_nsids(const struct netns_ctx *ctx, struct ns_net *nl,
			 struct names *names, struct nsid_name **ret)
{
	struct nsid_name *map = NULL;
	size_t n = 0;

	if (ns_netns_list(ctx->rundir, &names->v, &names->n) < 0) {
		names->v = NULL;
		names->n = 0;
	}
	if (names->n)
		map = calloc(names->n, sizeof(*map));
	for (size_t i = 0; map && i < names->n; i++) {
		int id = nsid_of_name(ctx, nl, names->v[i], 1);

		if (id >= 0)
			map[n++] = (struct nsid_name){ id, names->v[i] };
	}
	*ret = map;
	return n;
}

static const char *name_of_nsid(const struct nsid_name *map, size_t n,
				int nsid)
{
	for (size_t i = 0; nsid >= 0 && i < n; i++)
		if (map[i].nsid == nsid)
			return map[i].name;
	return NULL;
}

/* list-id [target-nsid N] [nsid M]: 0, or the exit code after saying why. */
static int parse_list_id(int argc, char **argv, int *ret_target,
			 int *ret_only)
{
	int r;

	*ret_target = *ret_only = -1;
	for (int i = 1; i < argc; i += 2) {
		bool is_target = strcmp(argv[i], "target-nsid") == 0;

		if (!is_target && strcmp(argv[i], "nsid") != 0)
			return netns_usage();
		if ((is_target ? *ret_target : *ret_only) != -1) {
			netns_say("Error: duplicate \"%s\": \"%s\" is the second value.",
				  argv[i], argv[i]);
			return NETNS_EXIT_SYNTAX;
		}
		if (i + 1 >= argc) {
			netns_say("Command line is not complete. Try option \"help\"");
			return NETNS_EXIT_SYNTAX;
		}
		r = parse_nsid_arg(argv[i], argv[i + 1],
				   is_target ? ret_target : ret_only);
		if (r)
			return r;
	}
	return 0;
}

/* One peer of list-id, @name its name (or NULL), in text or JSON. */
static void print_nsid(const struct netns_ctx *ctx, struct tool_json *j,
		       const struct ns_net_nsid *e, bool target,
		       const char *name)
{
	bool current = target && e->current_nsid >= 0;

	if (ctx->json) {
		tool_json_object_begin(j);
		if (e->nsid >= 0)
			tool_json_member_int(j, "nsid", e->nsid);
		if (current)
			tool_json_member_int(j, "current-nsid",
					     e->current_nsid);
		if (name)
			tool_json_member_str_utf8(j, "name", name);
		tool_json_object_end(j);
		return;
	}
	if (e->nsid >= 0)
		printf("nsid %d", e->nsid);
	else
		fputs("nsid unassigned", stdout);
	if (current)
		printf(" current-nsid %d", e->current_nsid);
	if (name)
		printf(" (iproute2 netns name: %s)", name);
	fputc('\n', stdout);
}

/* The peers of list-id, or the exit code after saying why not. */
static int dump_nsids(struct ns_net *nl, int target, int only,
		      struct ns_net_nsid **ret_e, size_t *ret_n)
{
	int r;

	r = ns_net_nsid_dump(nl, target, only, ret_e, ret_n);
	if (r == 0)
		return 0;
	/* one peer asked for: a refused GET, not a broken dump */
	if (only >= 0)
		return netns_netlink_error(r, nl->errmsg);
	netns_netlink_error(r, nl->errmsg);
	netns_say("Dump terminated");
	return TOOL_EXIT_FAILURE;
}

int netns_list_id(const struct netns_ctx *ctx, int argc, char **argv)
{
	struct ns_net nl = NS_NET_INIT;
	struct ns_net_nsid *e = NULL;
	struct nsid_name *map = NULL;
	struct names names = { NULL, 0 };
	int target, only, ret;
	struct tool_json j;
	size_t n = 0, nmap;

	/* as ip: the names first (saying the kernel's refusals), then
	 * the arguments */
	ret = ns_net_open(&nl);
	if (ret < 0) {
		tool_warn(ret, "cannot open a netlink socket");
		return TOOL_EXIT_FAILURE;
	}
	nmap = name_nsids(ctx, &nl, &names, &map);
	ret = parse_list_id(argc, argv, &target, &only);
	if (ret == 0)
		ret = dump_nsids(&nl, target, only, &e, &n);
	if (ret) {
		free(map);
		ns_netns_names_free(names.v, names.n);
		ns_net_close(&nl);
		return ret;
	}
	json_begin(ctx, &j);
	for (size_t i = 0; i < n; i++) {
		int ours = target >= 0 ? e[i].current_nsid : e[i].nsid;

		print_nsid(ctx, &j, &e[i], target >= 0,
			   name_of_nsid(map, nmap, ours));
	}
	json_end(ctx, &j);
	free(map);
	free(e);
	ns_netns_names_free(names.v, names.n);
	ns_net_close(&nl);
	return TOOL_EXIT_OK;
}

int netns_identify(const struct netns_ctx *ctx, int argc, char **argv)
{
	char path[64] = "/proc/self/ns/net";
	struct tool_json j;
	struct names names;
	struct stat target;
	bool any = false;
	pid_t pid;

	if (argc > 1) {
		if (ns_parse_pid(argv[1], &pid) < 0 || pid == 0) {
			netns_say("Specified string '%s' is not a pid", argv[1]);
			return TOOL_EXIT_FAILURE;
		}
		snprintf(path, sizeof(path), "/proc/%d/ns/net", (int)pid);
	}
	if (stat(path, &target) < 0) {
		netns_say("Cannot open network namespace: %s", strerror(errno));
		return TOOL_EXIT_FAILURE;
	}
	if (read_names(ctx, &names) < 0)
		return TOOL_EXIT_FAILURE;
	json_begin(ctx, &j);
	for (size_t i = 0; i < names.n; i++) {
		struct stat st;
		char *p;

		if (ns_netns_path(ctx->rundir, names.v[i], &p) < 0)
			continue;
		/* followed: the namespace bound there, not the file */
		if (stat(p, &st) == 0 && st.st_dev == target.st_dev &&
		    st.st_ino == target.st_ino) {
			if (ctx->json) {
				tool_json_object_begin(&j);
				tool_json_member_str_utf8(&j, "name", names.v[i]);
				tool_json_object_end(&j);
			} else {
				printf("%s\n", names.v[i]);
			}
			any = true;
		}
		free(p);
	}
	json_end(ctx, &j);
	if (!ctx->json && !any)
		fputc('\n', stdout); /* as ip netns: an empty line */
	ns_netns_names_free(names.v, names.n);
	return TOOL_EXIT_OK;
}

/* Is a thread of the process @dirfd (other than @pid) in netns @ino? */
static bool thread_in(int dirfd, pid_t pid, uint64_t ino)
{
	struct dirent *de;
	bool found = false;
	DIR *dir;
	int fd;

	fd = openat(dirfd, "task", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return false;
	dir = fdopendir(fd);
	if (!dir) {
		ns_close(fd);
		return false;
	}
	while (!found && (de = readdir(dir))) {
		pid_t tid;
		uint64_t t;
		int tfd;

		if (ns_parse_pid(de->d_name, &tid) < 0 || tid == pid)
			continue;
		tfd = openat(fd, de->d_name,
			     O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		if (tfd < 0)
			continue;
		found = ns_proc_nslink(tfd, NS_TYPE_NET, &t) == 0 && t == ino;
		ns_close(tfd);
	}
	closedir(dir);
	return found;
}

int netns_pids(const struct netns_ctx *ctx, int argc, char **argv)
{
	struct ns_proc_walk *walk = NULL;
	struct tool_json j;
	struct ns_id id;
	struct stat st;
	int nsfd, procfd, dirfd, ret, r;
	pid_t pid;

	(void)argc;
	if ((ret = netns_check_name(argv[1])))
		return ret;
	/* as ip: a file with no namespace on it matches no process */
	nsfd = netns_open_name(ctx, argv[1]);
	if (nsfd < 0) {
		netns_say("Cannot open network namespace: %s", strerror(errno));
		return TOOL_EXIT_FAILURE;
	}
	r = fstat(nsfd, &st) < 0 ? ns_errno() : 0;
	/* no namespace there: no process is in it */
	if (r == 0 && (ns_fd_identify(nsfd, &id) < 0 ||
		       id.type != NS_TYPE_NET))
		st.st_ino = 0;
	ns_close(nsfd);
	procfd = open("/proc", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (r == 0 && procfd < 0)
		r = ns_errno();
	if (r == 0)
		r = ns_proc_walk_new(procfd, &walk);
	if (r < 0) {
		tool_warn(r, "cannot read %s", "/proc");
		ns_close(procfd);
		return TOOL_EXIT_FAILURE;
	}
	json_begin(ctx, &j);
	while ((r = ns_proc_walk_next(walk, &pid, &dirfd)) > 0) {
		uint64_t ino;

		/* threads may have entered it on their own (setns) */
		if ((ns_proc_nslink(dirfd, NS_TYPE_NET, &ino) == 0 &&
		     ino == st.st_ino) ||
		    thread_in(dirfd, pid, st.st_ino)) {
			if (ctx->json) {
				tool_json_object_begin(&j);
				tool_json_member_int(&j, "pid", pid);
				tool_json_object_end(&j);
			} else {
				printf("%d\n", (int)pid);
			}
		}
		ns_close(dirfd);
	}
	json_end(ctx, &j);
	ns_proc_walk_free(walk);
	ns_close(procfd);
	if (r < 0) {
		tool_warn(r, "cannot read %s", "/proc");
		return TOOL_EXIT_FAILURE;
	}
	return TOOL_EXIT_OK;
}
