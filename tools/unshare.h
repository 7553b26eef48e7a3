/* SPDX-License-Identifier: MIT */
/* unshare: what the parts of the tool share. */
#ifndef NSTOOLS_UNSHARE_H
#define NSTOOLS_UNSHARE_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "libns/create.h"
#include "libns/idmap.h"

/* One --map-users/--map-groups value. */
enum unshare_block_kind {
	UNSHARE_BLOCK_RANGE,  /* inner:outer:count */
	UNSHARE_BLOCK_AUTO,   /* first subid block, from 0 */
	UNSHARE_BLOCK_SUBIDS, /* first subid block, identity */
	UNSHARE_BLOCK_ALL,    /* what the parent namespace maps */
};

struct unshare_block {
	enum unshare_block_kind kind;
	struct ns_idmap_range range; /* all but UNSHARE_BLOCK_ALL; a
				      * count of 0 maps nothing */
};

#define UNSHARE_MAX_BLOCKS 64

/* The id-map options of one kind (uid or gid), before resolution. */
struct unshare_idopts {
	bool single;		/* --map-user/-r/-c: this inner id ... */
	uint32_t single_inner;	/* ... maps to the caller's euid/egid */
	struct unshare_block blocks[UNSHARE_MAX_BLOCKS];
	size_t n_blocks;
};

#define UNSHARE_MAX_INTERPS 64

struct unshare_opts {
	struct ns_create_plan plan;
	struct unshare_idopts uids, gids;
	bool setgroups_given;
	bool forward_signals;
	bool binfmt_proc; /* --mount-binfmt's default: a new /proc first */
	bool clear_env;
	const char *whitelist_env;
	const char *interps[UNSHARE_MAX_INTERPS];
	char **argv; /* the program and its arguments, NULL: a shell */
};

/* Fill @opts from the command line; exits 1 on a bad one. */
void unshare_parse_args(int argc, char **argv, struct unshare_opts *opts);

/* The first block of subordinate ids of the caller (by euid's name)
 * in /etc/subuid or /etc/subgid; exits 1 when there is none. */
struct ns_idmap_range unshare_subid_block(enum ns_id_kind kind);

/* Turn the id options into the plan's maps; exits 1 on an error. */
void unshare_build_maps(struct unshare_opts *opts);

/* Print what @err says (one line), with the cause when we know one. */
void unshare_report(const struct unshare_opts *opts,
		    const struct ns_create_error *err);

/* Parent with -f: wait for @child, pass on how it ended. */
int unshare_wait_child(pid_t child, bool forward_signals);

/* The environment for the program (--clear-env, --whitelist-env):
 * a NULL terminated array, or environ itself. Exits 1 on ENOMEM. */
char **unshare_program_env(const struct unshare_opts *opts);

#endif
