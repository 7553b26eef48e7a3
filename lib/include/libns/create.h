/* SPDX-License-Identifier: MIT */
/*
 * Creating namespaces for a program, as unshare(1) does: a plan of
 * ordered steps that libns executes, with one error value naming the
 * step that failed, its errno and its path. A failed step undoes the
 * earlier ones: bind mounts, files created for them, helper processes.
 *
 *	ns_create_setup()	in the calling process: check or create the
 *				persistence files, fork a helper when one
 *				is needed, --owner, unshare(2), time
 *				offsets, id maps, bind mounts
 *	ns_create_fork()	optional: fork the process that becomes
 *				the program (PID 1 of a new pid namespace)
 *	ns_create_finish()	in the process that execs: propagation,
 *				mounts, lo up, chroot, chdir, ids, caps
 *	ns_create_abort()	the exec failed: undo the persistence
 *
 * Why a helper process: a multi-line uid_map/gid_map must be written
 * by a process with privileges in the parent user namespace (or by
 * newuidmap(1)), which the process that just unshared its user
 * namespace no longer is; and a bind mount that persists a namespace
 * must be made in the original mount namespace, which the process
 * has left. The helper is forked before unshare(2), so it stays in
 * every original namespace, does that work when told, and stays until
 * the program is executed to undo it all should a later step fail.
 */
#ifndef LIBNS_CREATE_H
#define LIBNS_CREATE_H

#include <limits.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "libns/creds.h"
#include "libns/idmap.h"
#include "libns/nstype.h"
#include "libns/persist.h"

enum ns_create_step {
	NS_STEP_NONE,
	NS_STEP_PERSIST_PREPARE, /* path: the FILE */
	NS_STEP_HELPER,		 /* fork or talk to the helper */
	NS_STEP_OWNER,		 /* setgroups/setgid/setuid for --owner */
	NS_STEP_UNSHARE,
	NS_STEP_TIME_OFFSETS,	 /* path: /proc/self/timens_offsets */
	NS_STEP_UID_MAP,	 /* path: "uid_map" or "newuidmap" */
	NS_STEP_SETGROUPS,
	NS_STEP_GID_MAP,	 /* path: "gid_map" or "newgidmap" */
	NS_STEP_PERSIST_BIND,	 /* path: the FILE */
	NS_STEP_FORK,
	NS_STEP_KILL_CHILD,	 /* PR_SET_PDEATHSIG, or the parent died */
	NS_STEP_PROPAGATION,
	NS_STEP_LO_UP,
	NS_STEP_CHROOT,		 /* path: the directory */
	NS_STEP_CHDIR,		 /* path: the directory */
	NS_STEP_MOUNT_PROC,	 /* path: the directory */
	NS_STEP_MOUNT_BINFMT,	 /* path: the directory */
	NS_STEP_OPEN_REGISTER,	 /* path: DIR/register */
	NS_STEP_LOAD_INTERP,	 /* path: DIR/register */
	NS_STEP_DROP_GROUPS,	 /* setgroups(0, NULL) for -G */
	NS_STEP_SETGID,
	NS_STEP_SETUID,
	NS_STEP_KEEP_CAPS,
	NS_STEP_COUNT,
};

struct ns_create_error {
	enum ns_create_step step;
	int err;	  /* negative errno */
	const char *path; /* what the step worked on, or NULL */
	enum ns_kind type; /* PERSIST_*: the namespace type */
};

/* "unshare", "uid map", ... for messages; "unknown" out of range. */
const char *ns_create_step_name(enum ns_create_step step);

/* How an id map gets written. */
enum ns_idmap_how {
	NS_IDMAP_NONE,	 /* no map */
	NS_IDMAP_SELF,	 /* by the process itself (one line of its own id) */
	NS_IDMAP_DIRECT, /* by the helper, a privileged write */
	NS_IDMAP_NEWIDMAP, /* by the helper through newuidmap/newgidmap */
};

enum ns_setgroups {
	NS_SETGROUPS_UNCHANGED,
	NS_SETGROUPS_DENY,
	NS_SETGROUPS_ALLOW,
};

struct ns_create_plan {
	unsigned int types;		    /* NS_TYPE_MASK() of the new ones */
	const char *persist[NS_TYPE_COUNT]; /* FILE per type, or NULL */

	bool owner;			    /* --owner: become these first */
	uid_t owner_uid;
	gid_t owner_gid;

	struct ns_idmap uid_map, gid_map;
	enum ns_idmap_how uid_how, gid_how;
	enum ns_setgroups setgroups;

	bool set_monotonic, set_boottime;
	int64_t monotonic, boottime;	    /* seconds */

	bool fork;
	int kill_child;			    /* PR_SET_PDEATHSIG signal, or 0 */

	unsigned long propagation;	    /* MS_PRIVATE/SLAVE/SHARED, 0 */
	const char *mount_proc;		    /* directory, or NULL */
	const char *mount_binfmt;	    /* directory, or NULL */
	const char *const *interps;	    /* --load-interp strings */
	size_t n_interps;
	bool lo_up;

	const char *root, *wd;		    /* chroot, chdir, or NULL */
	struct ns_creds creds;		    /* -S/-G, through ns_creds_apply() */
	bool keep_caps;
};

struct ns_create_state {
	struct ns_persist_set persist;	/* what this process owns */
	pid_t helper;	/* 0 when none (or reaped) */
	int helper_fd;	/* our end of the socket pair with the helper */
	int procfd;	/* /proc of the original namespaces */
	int lifeline;	/* --kill-child: the parent holds the write end */
	pid_t pid;	/* the process that unshared */
	bool forked;	/* ns_create_fork() made us (the child) */
	char path_buf[PATH_MAX]; /* a path an error names (DIR/register) */
};

/*
 * Does the plan need the helper process (maps that only a privileged
 * process or newuidmap/newgidmap may write, or bind mounts that must
 * be made from the caller's mount and user namespaces: a persistent
 * namespace with -m, -U or -f)?
 */
bool ns_create_needs_helper(const struct ns_create_plan *plan);

/* Set up an empty state (nothing to undo). */
void ns_create_state_init(struct ns_create_state *state);

/*
 * Execute the steps up to the bind mounts (see above). 0 on success;
 * else -errno, with the failed step in @ret_err and everything done so
 * far undone.
 */
int ns_create_setup(const struct ns_create_plan *plan,
		    struct ns_create_state *state,
		    struct ns_create_error *ret_err);

/*
 * Fork the program's process. Returns its pid in the parent (which
 * must reap state->helper with ns_create_reap_helper() and then the
 * child), 0 in the child. In the child with plan->kill_child, the
 * parent-death signal is set and the parent checked to be still
 * there: no window where the parent dies unnoticed. -errno on error,
 * the setup undone.
 */
pid_t ns_create_fork(const struct ns_create_plan *plan,
		     struct ns_create_state *state,
		     struct ns_create_error *ret_err);

/*
 * The steps of the process that execs the program. On failure, the
 * persistence set up before is undone (by the helper) and the step
 * named in @ret_err. On success, without a fork, the helper is reaped
 * (it would else linger as a child of the program).
 */
int ns_create_finish(const struct ns_create_plan *plan,
		     struct ns_create_state *state,
		     struct ns_create_error *ret_err);

/* The exec failed: undo the persistence (tell and reap the helper). */
void ns_create_abort(struct ns_create_state *state);

/* In the parent after ns_create_fork(): wait for the helper to end. */
int ns_create_reap_helper(struct ns_create_state *state);

#endif
