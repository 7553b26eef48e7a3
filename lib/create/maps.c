// SPDX-License-Identifier: MIT
/*
 * The id maps of a new user namespace and its setgroups, written the
 * one way both writers need: by the process itself (one line of its
 * own ids) or by the helper (privileged, or through newuidmap).
 */
#define _GNU_SOURCE
#include <errno.h>

#include "create-internal.h"

static int write_map(int procfd, pid_t pid, enum ns_id_kind kind,
		     enum ns_idmap_how how, const struct ns_idmap *map)
{
	switch (how) {
	case NS_IDMAP_NONE:
		return 0;
	case NS_IDMAP_SELF:
	case NS_IDMAP_DIRECT:
		return ns_idmap_write(procfd, pid, kind, map);
	case NS_IDMAP_NEWIDMAP:
		return ns_idmap_write_helper(pid, kind, map, NULL);
	}
	return -EINVAL;
}

int ns_create_write_maps(const struct ns_create_plan *plan, int procfd,
			 pid_t pid, struct ns_create_error *err)
{
	int r;

	r = write_map(procfd, pid, NS_ID_UID, plan->uid_how, &plan->uid_map);
	if (r < 0)
		return ns_create_fail_at(plan, err, NS_STEP_UID_MAP, r, 0);
	if (plan->setgroups != NS_SETGROUPS_UNCHANGED) {
		r = ns_idmap_setgroups_write(procfd, pid,
				       plan->setgroups == NS_SETGROUPS_ALLOW);
		if (r < 0)
			return ns_create_fail_at(plan, err, NS_STEP_SETGROUPS,
						 r, 0);
	}
	r = write_map(procfd, pid, NS_ID_GID, plan->gid_how, &plan->gid_map);
	if (r < 0)
		return ns_create_fail_at(plan, err, NS_STEP_GID_MAP, r, 0);
	return 0;
}
