// SPDX-License-Identifier: MIT
/*
 * Namespace creation, first half: the steps of the calling process up
 * to the bind mounts (ns_create_setup), and their undo on failure.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <inttypes.h>
#include <sched.h>
#include <stdio.h>
#include <time.h>
#include <unistd.h>

#include "create-internal.h"
#include "libns/base.h"

void ns_create_state_init(struct ns_create_state *state)
{
	ns_persist_set_init(&state->persist);
	state->helper = 0;
	state->helper_fd = -1;
	state->lifeline = -1;
	state->procfd = -1;
	state->pid = 0;
	state->forked = false;
}

static int clone_flags(const struct ns_create_plan *plan)
{
	int flags = 0;

	for (unsigned int t = 0; t < NS_TYPE_COUNT; t++)
		if (plan->types & NS_TYPE_MASK(t))
			flags |= ns_type_info((enum ns_kind)t)->clone_flag;
	return flags;
}

static int prepare_persist(const struct ns_create_plan *plan,
			   struct ns_create_state *state,
			   struct ns_create_error *err)
{
	enum ns_kind type = 0;
	int r;

	r = ns_persist_set_prepare(&state->persist, plan->persist, &type);
	if (r < 0)
		return ns_create_fail_at(plan, err, NS_STEP_PERSIST_PREPARE, r,
					 type);
	return 0;
}

static int become_owner(const struct ns_create_plan *plan,
			struct ns_create_error *err)
{
	/* The new user namespace is owned by the euid that creates it. */
	if (setgroups(0, NULL) < 0 || setgid(plan->owner_gid) < 0 ||
	    setuid(plan->owner_uid) < 0)
		return ns_create_fail(err, NS_STEP_OWNER, ns_errno(), NULL);
	return 0;
}

/*
 * Clock offsets can only be set while no process is in the new time
 * namespace: after unshare(2), before the first fork.
 */
static int write_time_offsets(const struct ns_create_plan *plan, int procfd,
			      struct ns_create_error *err)
{
	static const char path[] = "self/timens_offsets";
	char buf[96];
	int len = 0, fd, r = 0;

	if (plan->set_monotonic)
		len += snprintf(buf + len, sizeof(buf) - len,
				"%d %" PRId64 " 0\n", CLOCK_MONOTONIC,
				plan->monotonic);
	if (plan->set_boottime)
		len += snprintf(buf + len, sizeof(buf) - len,
				"%d %" PRId64 " 0\n", CLOCK_BOOTTIME,
				plan->boottime);
	if (len == 0)
		return 0;
	fd = openat(procfd, path, O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return ns_create_fail(err, NS_STEP_TIME_OFFSETS, ns_errno(),
				      "/proc/self/timens_offsets");
	if (write(fd, buf, (size_t)len) != len)
		r = ns_errno();
	ns_close(fd);
	if (r < 0)
		return ns_create_fail(err, NS_STEP_TIME_OFFSETS, r,
				      "/proc/self/timens_offsets");
	return 0;
}

/*
 * The binds, unless they wait for the child: a pid namespace can be
 * bound only once it has a process (the kernel says ENOENT before),
 * so with -f the child asks for them, see ns_create_fork().
 */
static int bind_now(const struct ns_create_plan *plan,
		    struct ns_create_state *state, struct ns_create_error *err)
{
	enum ns_kind type = 0;
	int r;

	if (plan->fork || !ns_create_persists(plan))
		return 0;
	if (ns_create_binds_by_helper(plan))
		return ns_create_helper_bind(plan, state, err);
	r = ns_persist_set_bind(&state->persist, state->pid, &type);
	if (r < 0)
		return ns_create_fail_at(plan, err, NS_STEP_PERSIST_BIND, r,
					 type);
	return 0;
}

/* After unshare(2): mount namespace order, clocks, maps, binds. */
static int after_unshare(const struct ns_create_plan *plan,
			 struct ns_create_state *state, uint64_t mnt_binder_id,
			 struct ns_create_error *err)
{
	int r;

	r = ns_create_mnt_order_fix(state->procfd, mnt_binder_id, err);
	if (r == 0)
		r = write_time_offsets(plan, state->procfd, err);
	if (r == 0 && ns_create_maps_by_helper(plan))
		r = ns_create_helper_maps(plan, state, err);
	else if (r == 0)
		r = ns_create_write_maps(plan, state->procfd, state->pid, err);
	if (r == 0)
		r = bind_now(plan, state, err);
	return r;
}

int ns_create_setup(const struct ns_create_plan *plan,
		    struct ns_create_state *state,
		    struct ns_create_error *ret_err)
{
	uint64_t mnt_binder_id;
	int r;

	state->pid = getpid();
	state->procfd = open("/proc", O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (state->procfd < 0)
		return ns_create_fail(ret_err, NS_STEP_HELPER, ns_errno(),
				      "/proc");
	/* read before unshare(2), and before --owner changes our ids */
	mnt_binder_id = ns_create_mnt_binder_id(plan, state->procfd);
	r = prepare_persist(plan, state, ret_err);
	if (r < 0)
		goto close_proc;
	/* Forked first: the helper keeps the caller's ids and namespaces. */
	if (ns_create_needs_helper(plan)) {
		r = ns_create_helper_start(plan, state, ret_err);
		if (r < 0)
			goto undo_persist;
	}
	if (plan->owner) {
		r = become_owner(plan, ret_err);
		if (r < 0)
			goto end_helper;
	}
	if (unshare(clone_flags(plan)) < 0) {
		r = ns_create_fail(ret_err, NS_STEP_UNSHARE, ns_errno(), NULL);
		goto end_helper;
	}
	r = after_unshare(plan, state, mnt_binder_id, ret_err);
	if (r < 0)
		goto end_helper;
	/* Nothing left to undo: the helper is done. */
	if (state->helper > 0 && !ns_create_binds_by_helper(plan))
		ns_create_helper_end(state, true);
	return 0;

end_helper:
	ns_create_helper_end(state, false);
undo_persist:
	ns_persist_set_undo(&state->persist);
close_proc:
	state->procfd = ns_close(state->procfd);
	return r;
}
