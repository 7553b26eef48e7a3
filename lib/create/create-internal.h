/* SPDX-License-Identifier: MIT */
/* Shared between the parts of create: the helper and its protocol. */
#ifndef LIBNS_CREATE_INTERNAL_H
#define LIBNS_CREATE_INTERNAL_H

#include <stdbool.h>
#include <stdint.h>
#include <stdnoreturn.h>

#include "libns/create.h"

/* Bytes the unsharing process sends to the helper. */
enum {
	NS_HELPER_GO = 'G',   /* namespaces created: write the maps */
	NS_HELPER_BIND = 'B', /* bind the namespace files */
	NS_HELPER_DONE = 'D', /* the program runs: keep the persistence */
	NS_HELPER_FAIL = 'F', /* a later step failed: undo */
};

/* The helper's report: step NS_STEP_NONE when all went well. */
struct ns_helper_report {
	int step;
	int err;
	int type;
};

/* Does the plan bind any namespace onto a file? */
bool ns_create_persists(const struct ns_create_plan *plan);

/* Are the binds the helper's (else the process makes them itself)? */
bool ns_create_binds_by_helper(const struct ns_create_plan *plan);

/* Bind each namespace of the plan of process @state->pid onto its
 * prepared file; on failure *@ret_type is the type that failed. */
int ns_create_bind_all(const struct ns_create_plan *plan,
		       struct ns_create_state *state, int *ret_type);

/* Undo the persistence that @state owns / keep it (close the fds). */
void ns_create_undo_persist(struct ns_create_state *state);
void ns_create_release_persist(struct ns_create_state *state);

/*
 * Body of the helper (forked before unshare(2)); never returns. Reads
 * its orders from and reports on the socket @fd.
 */
noreturn void ns_create_helper_main(const struct ns_create_plan *plan,
				    struct ns_create_state *state, int fd);

/* Write one map (uid: @kind NS_ID_UID) the way @how says, for @pid. */
int ns_create_write_map(int procfd, pid_t pid, enum ns_id_kind kind,
			enum ns_idmap_how how, const struct ns_idmap *map);

/* Write the byte @c to @fd (EINTR retried). */
int ns_create_send(int fd, char c);

/*
 * Send the helper @order (GO or BIND) and wait for its report; a
 * failure comes back in @err (the helper has undone its work then).
 */
int ns_create_helper_order(const struct ns_create_plan *plan,
			   struct ns_create_state *state, char order,
			   struct ns_create_error *err);

/* Tell the helper @verdict (it undoes on FAIL), close the pipes, reap. */
void ns_create_end_helper(struct ns_create_state *state, char verdict);

/*
 * A new mount namespace the caller may bind (see mntorder.c).
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

/* Fill @err, return @r. */
int ns_create_fail(struct ns_create_error *err, enum ns_create_step step,
		   int r, const char *path);

#endif
