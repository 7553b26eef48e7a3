/* SPDX-License-Identifier: MIT */
/*
 * Shared between the parts of create. Each file uses only those
 * listed before it (no circle):
 *
 *	plan.c		what the plan asks for; filling the error
 *	maps.c		the id maps and setgroups, written one way
 *	mntorder.c	a new mount namespace the caller may bind
 *	helper.c	the helper process and its protocol, both ends
 *	create.c	ns_create_setup(): the steps up to the binds
 *	child.c		ns_create_fork/finish/abort(): the program's side
 *
 * Persistence (the bind mounts and their files) is lib/persist's.
 */
#ifndef LIBNS_CREATE_INTERNAL_H
#define LIBNS_CREATE_INTERNAL_H

#include <stdbool.h>
#include <stdint.h>

#include "libns/create.h"

/* ---- plan.c ---------------------------------------------------- */

/* Fill @err, return @r. */
int ns_create_fail(struct ns_create_error *err, enum ns_create_step step,
		   int r, const char *path);

/*
 * The same for a step of the maps or the binds, with the path that
 * the plan gives it: the FILE of @type (PERSIST_*), "uid_map" or
 * "newuidmap", "gid_map" or "newgidmap", "setgroups".
 */
int ns_create_fail_at(const struct ns_create_plan *plan,
		      struct ns_create_error *err, enum ns_create_step step,
		      int r, enum ns_kind type);

/* Does the plan bind any namespace onto a file? */
bool ns_create_persists(const struct ns_create_plan *plan);

/* Are the binds the helper's (else the process makes them itself)? */
bool ns_create_binds_by_helper(const struct ns_create_plan *plan);

/* Are the maps the helper's (privileged, or newuidmap/newgidmap)? */
bool ns_create_maps_by_helper(const struct ns_create_plan *plan);

/* ---- maps.c ---------------------------------------------------- */

/*
 * Write the maps of process @pid the way the plan says, in the order
 * the kernel wants: uid_map, setgroups, gid_map (setgroups denied
 * before an unprivileged gid_map write). The failed step in @err.
 */
int ns_create_write_maps(const struct ns_create_plan *plan, int procfd,
			 pid_t pid, struct ns_create_error *err);

/* ---- mntorder.c ------------------------------------------------ */

/*
 * (@procfd: the proc root, for our own namespace.)
 * Before unshare(2): the caller's mount namespace id when the plan
 * binds a new mount namespace and the kernel has ids, else 0.
 * After: make the mount namespace again on each CPU in turn (allowed
 * ones first) until it is newer than @binder_id; the CPU affinity is
 * restored.
 */
uint64_t ns_create_mnt_binder_id(const struct ns_create_plan *plan,
				 int procfd);
int ns_create_mnt_order_fix(int procfd, uint64_t binder_id,
			    struct ns_create_error *err);

/* ---- helper.c -------------------------------------------------- */

/*
 * Fork the helper (before unshare(2)). When the binds are its, the
 * persistence is the helper's from then on: this process releases it.
 */
int ns_create_helper_start(const struct ns_create_plan *plan,
			   struct ns_create_state *state,
			   struct ns_create_error *err);

/*
 * Tell the helper to write the maps / make the binds, and wait for its
 * report; its failure comes back in @err (it has undone its work).
 */
int ns_create_helper_maps(const struct ns_create_plan *plan,
			  struct ns_create_state *state,
			  struct ns_create_error *err);
int ns_create_helper_bind(const struct ns_create_plan *plan,
			  struct ns_create_state *state,
			  struct ns_create_error *err);

/*
 * The end of the helper: with @keep its binds stay (the program
 * runs), else it undoes them. Closes our end and reaps it.
 */
void ns_create_helper_end(struct ns_create_state *state, bool keep);

#endif
