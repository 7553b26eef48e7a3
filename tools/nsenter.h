/* SPDX-License-Identifier: MIT */
/* nsenter: what the parts of the tool share. */
#ifndef NSTOOLS_NSENTER_H
#define NSTOOLS_NSENTER_H

#include <stdbool.h>
#include <stdnoreturn.h>
#include <sys/types.h>

#include "libns/enter.h"

/* -S/-G: not given, a number, or "follow" (the target's). */
enum nsenter_id_mode {
	NSENTER_ID_DEFAULT,
	NSENTER_ID_VALUE,
	NSENTER_ID_FOLLOW,
};

/* -r/-w/-W: not given, the target's, or a directory. */
enum nsenter_dir_mode {
	NSENTER_DIR_NONE,
	NSENTER_DIR_TARGET,
	NSENTER_DIR_PATH,
};

struct nsenter_dir {
	enum nsenter_dir_mode mode;
	const char *path;
};

struct nsenter_opts {
	struct ns_enter_request req;
	bool all;
	enum nsenter_id_mode uid_mode, gid_mode;
	uid_t uid;
	gid_t gid;
	bool preserve_creds;
	bool keep_caps;
	struct nsenter_dir root, wd, wdns;
	bool env;
	bool no_fork;
	bool join_cgroup;
	bool follow_context; /* -Z */
	int sockfd;	     /* -N, -1: none */
	char **argv; /* the program and its arguments, NULL: a shell */
};

/* What was opened of the target before entering anything. */
struct nsenter_prep {
	int rootfd, wdfd; /* -1: none */
	int cgroupfd;	  /* the target's cgroup.procs, -1: none */
	char **env;	  /* -e: the target's environment, else NULL */
	int piddirfd;	  /* -S/-G follow: the target's /proc dir */
	uid_t uid;	  /* ... and its ids, once entered */
	gid_t gid;
};

/* A failure of libns/enter.h in util-linux 2.42's words; exits 1. */
noreturn void nsenter_report(const struct nsenter_opts *opts,
			     const struct ns_enter_error *e);

/* /sys/fs/cgroup is a cgroup version 2 (--join-cgroup needs it). */
bool nsenter_cgroup_v2(void);

/* SELinux is enabled (-Z does nothing where it is not). */
bool nsenter_selinux_enabled(void);

/* Fill @opts from the command line; exits 1 on a bad one. */
void nsenter_parse_args(int argc, char **argv, struct nsenter_opts *opts);

/*
 * Open what the options take from the target or from this side
 * before switching: root, working directory, cgroup, environment,
 * ids to follow. Exits 1 with a message on a failure.
 */
void nsenter_prepare(const struct nsenter_opts *opts,
		     struct ns_enter_state *state, struct nsenter_prep *prep);

/* After entering: -S/-G follow take the target's ids as seen now. */
void nsenter_follow_ids(struct nsenter_prep *prep);

/* After entering: cgroup, root, working directory; exits 1 on error. */
void nsenter_switch_dirs(const struct nsenter_opts *opts,
			 struct nsenter_prep *prep);

#endif
