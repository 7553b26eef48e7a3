// SPDX-License-Identifier: MIT
/*
 * What a namespace creation plan asks for (a helper, binds, maps), and
 * the error value that names a failed step.
 */
#define _GNU_SOURCE

#include "create-internal.h"

static const char *const step_names[NS_STEP_COUNT] = {
	[NS_STEP_NONE] = "none",
	[NS_STEP_PERSIST_PREPARE] = "prepare persistence file",
	[NS_STEP_HELPER] = "helper process",
	[NS_STEP_OWNER] = "set owner",
	[NS_STEP_UNSHARE] = "unshare",
	[NS_STEP_TIME_OFFSETS] = "time offsets",
	[NS_STEP_UID_MAP] = "uid map",
	[NS_STEP_SETGROUPS] = "setgroups",
	[NS_STEP_GID_MAP] = "gid map",
	[NS_STEP_PERSIST_BIND] = "bind namespace file",
	[NS_STEP_FORK] = "fork",
	[NS_STEP_KILL_CHILD] = "parent death signal",
	[NS_STEP_PROPAGATION] = "mount propagation",
	[NS_STEP_LO_UP] = "loopback up",
	[NS_STEP_CHROOT] = "chroot",
	[NS_STEP_CHDIR] = "chdir",
	[NS_STEP_MOUNT_PROC] = "mount proc",
	[NS_STEP_MOUNT_BINFMT] = "mount binfmt_misc",
	[NS_STEP_OPEN_REGISTER] = "open binfmt_misc register",
	[NS_STEP_LOAD_INTERP] = "load interpreter",
	[NS_STEP_DROP_GROUPS] = "drop supplementary groups",
	[NS_STEP_SETGID] = "setgid",
	[NS_STEP_SETUID] = "setuid",
	[NS_STEP_KEEP_CAPS] = "keep capabilities",
};

const char *ns_create_step_name(enum ns_create_step step)
{
	if ((unsigned int)step >= NS_STEP_COUNT)
		return "unknown";
	return step_names[step];
}

int ns_create_fail(struct ns_create_error *err, enum ns_create_step step,
		   int r, const char *path)
{
	err->step = step;
	err->err = r;
	err->path = path;
	return r;
}

/* The path that the plan gives a step of the maps or the binds. */
static const char *step_path(const struct ns_create_plan *plan,
			     enum ns_create_step step, enum ns_kind type)
{
	if (step == NS_STEP_PERSIST_PREPARE || step == NS_STEP_PERSIST_BIND)
		return plan->persist[type];
	if (step == NS_STEP_UID_MAP)
		return plan->uid_how == NS_IDMAP_NEWIDMAP ? "newuidmap"
							  : "uid_map";
	if (step == NS_STEP_GID_MAP)
		return plan->gid_how == NS_IDMAP_NEWIDMAP ? "newgidmap"
							  : "gid_map";
	if (step == NS_STEP_SETGROUPS)
		return "setgroups";
	return NULL;
}

int ns_create_fail_at(const struct ns_create_plan *plan,
		      struct ns_create_error *err, enum ns_create_step step,
		      int r, enum ns_kind type)
{
	err->type = type;
	return ns_create_fail(err, step, r, step_path(plan, step, type));
}

bool ns_create_persists(const struct ns_create_plan *plan)
{
	for (size_t i = 0; i < NS_TYPE_COUNT; i++)
		if (plan->persist[i])
			return true;
	return false;
}

bool ns_create_maps_by_helper(const struct ns_create_plan *plan)
{
	/* --owner: by then this process is the owner, not the caller */
	if (plan->owner && (plan->uid_how != NS_IDMAP_NONE ||
			    plan->gid_how != NS_IDMAP_NONE))
		return true;
	return plan->uid_how == NS_IDMAP_DIRECT ||
	       plan->uid_how == NS_IDMAP_NEWIDMAP ||
	       plan->gid_how == NS_IDMAP_DIRECT ||
	       plan->gid_how == NS_IDMAP_NEWIDMAP;
}

/*
 * The bind mounts must be made in the caller's mount namespace, with
 * its privileges: after unsharing the mount or user namespace only a
 * helper left behind has them, and with -f the binds wait for the
 * child (see ns_create_fork). Otherwise the process binds by itself.
 */
bool ns_create_binds_by_helper(const struct ns_create_plan *plan)
{
	const uint64_t away = NS_TYPE_MASK(NS_TYPE_MNT) |
			      NS_TYPE_MASK(NS_TYPE_USER);

	return ns_create_persists(plan) &&
	       (plan->fork || (plan->types & away));
}

bool ns_create_needs_helper(const struct ns_create_plan *plan)
{
	return ns_create_maps_by_helper(plan) ||
	       ns_create_binds_by_helper(plan);
}
