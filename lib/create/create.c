// SPDX-License-Identifier: MIT
/*
 * The namespace creation plan: the steps of the calling process up to
 * the bind mounts, the fork, and the undo of it all on failure.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <inttypes.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "create-internal.h"
#include "libns/base.h"

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

void ns_create_state_init(struct ns_create_state *state)
{
	for (size_t i = 0; i < NS_TYPE_COUNT; i++)
		state->persist[i] = (struct ns_persist)NS_PERSIST_INIT;
	state->helper = 0;
	state->helper_fd = -1;
	state->lifeline = -1;
	state->procfd = -1;
	state->pid = 0;
	state->forked = false;
}

bool ns_create_persists(const struct ns_create_plan *plan)
{
	for (size_t i = 0; i < NS_TYPE_COUNT; i++)
		if (plan->persist[i])
			return true;
	return false;
}

/* Maps that need privileges in the caller's user namespace. */
static bool maps_need_helper(const struct ns_create_plan *plan)
{
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
	return maps_need_helper(plan) || ns_create_binds_by_helper(plan);
}

static int clone_flags(const struct ns_create_plan *plan)
{
	int flags = 0;

	for (unsigned int t = 0; t < NS_TYPE_COUNT; t++)
		if (plan->types & NS_TYPE_MASK(t))
			flags |= ns_type_info((enum ns_type)t)->clone_flag;
	return flags;
}

void ns_create_release_persist(struct ns_create_state *state)
{
	for (size_t i = 0; i < NS_TYPE_COUNT; i++)
		ns_persist_release(&state->persist[i]);
}

void ns_create_undo_persist(struct ns_create_state *state)
{
	for (size_t i = NS_TYPE_COUNT; i-- > 0;)
		ns_persist_undo(&state->persist[i]);
}

int ns_create_bind_all(const struct ns_create_plan *plan,
		       struct ns_create_state *state, int *ret_type)
{
	for (unsigned int t = 0; t < NS_TYPE_COUNT; t++) {
		const struct ns_type_info *info = ns_type_info((enum ns_type)t);
		char nsfile[NS_PATH_MAX];
		int r;

		if (!plan->persist[t])
			continue;
		*ret_type = (int)t;
		/* pid and time: the namespace of the children to come */
		r = ns_type_path((enum ns_type)t,
				 info->children_entry ? NS_PATH_CHILDREN : 0,
				 "/proc", state->pid, nsfile, sizeof(nsfile));
		if (r >= 0)
			r = ns_persist_bind(&state->persist[t], nsfile);
		if (r < 0)
			return r;
	}
	return 0;
}

static int prepare_persist(const struct ns_create_plan *plan,
			   struct ns_create_state *state,
			   struct ns_create_error *err)
{
	for (unsigned int t = 0; t < NS_TYPE_COUNT; t++) {
		int r;

		if (!plan->persist[t])
			continue;
		r = ns_persist_prepare(plan->persist[t], &state->persist[t]);
		if (r < 0) {
			ns_create_undo_persist(state);
			err->type = (enum ns_type)t;
			return ns_create_fail(err, NS_STEP_PERSIST_PREPARE, r,
					      plan->persist[t]);
		}
	}
	return 0;
}

/* Read one report of the helper; EOF means it died. */
static int read_report(int fd, struct ns_helper_report *ret_report)
{
	ssize_t n;

	do
		n = read(fd, ret_report, sizeof(*ret_report));
	while (n < 0 && errno == EINTR);
	if (n < 0)
		return ns_errno();
	if (n != (ssize_t)sizeof(*ret_report))
		return -EPIPE;
	return 0;
}

int ns_create_send(int fd, char c)
{
	ssize_t n;

	/* No SIGPIPE when the helper has gone already. */
	do
		n = send(fd, &c, 1, MSG_NOSIGNAL);
	while (n < 0 && errno == EINTR);
	return n == 1 ? 0 : ns_errno();
}

int ns_create_reap_helper(struct ns_create_state *state)
{
	int status;

	if (state->helper <= 0)
		return 0;
	while (waitpid(state->helper, &status, 0) < 0) {
		if (errno != EINTR)
			return ns_errno();
	}
	state->helper = 0;
	return WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 0 : -EIO;
}

void ns_create_end_helper(struct ns_create_state *state, char verdict)
{
	/* EOF tells DONE as well: only FAIL needs saying. */
	if (state->helper_fd >= 0 && verdict != NS_HELPER_DONE)
		ns_create_send(state->helper_fd, verdict);
	state->helper_fd = ns_close(state->helper_fd);
	ns_create_reap_helper(state);
}

static int start_helper(const struct ns_create_plan *plan,
			struct ns_create_state *state,
			struct ns_create_error *err)
{
	int sv[2];
	pid_t pid;

	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) < 0)
		return ns_create_fail(err, NS_STEP_HELPER, ns_errno(), NULL);
	pid = fork();
	if (pid < 0) {
		int r = ns_errno();

		ns_close(sv[0]);
		ns_close(sv[1]);
		return ns_create_fail(err, NS_STEP_HELPER, r, NULL);
	}
	if (pid == 0) {
		ns_close(sv[0]);
		ns_create_helper_main(plan, state, sv[1]);
	}
	ns_close(sv[1]);
	state->helper = pid;
	state->helper_fd = sv[0];
	/* The persistence is the helper's now: it undoes it if need be. */
	if (ns_create_binds_by_helper(plan))
		ns_create_release_persist(state);
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

/* Maps and setgroups written by the process itself (no helper). */
static int write_own_maps(const struct ns_create_plan *plan,
			  struct ns_create_state *state,
			  struct ns_create_error *err)
{
	int r;

	if (plan->uid_how == NS_IDMAP_SELF) {
		r = ns_idmap_write(state->procfd, state->pid, NS_ID_UID,
				   &plan->uid_map);
		if (r < 0)
			return ns_create_fail(err, NS_STEP_UID_MAP, r,
					      "uid_map");
	}
	if (plan->setgroups != NS_SETGROUPS_UNCHANGED) {
		r = ns_idmap_setgroups_write(state->procfd, state->pid,
				       plan->setgroups == NS_SETGROUPS_ALLOW);
		if (r < 0)
			return ns_create_fail(err, NS_STEP_SETGROUPS, r,
					      "setgroups");
	}
	if (plan->gid_how == NS_IDMAP_SELF) {
		r = ns_idmap_write(state->procfd, state->pid, NS_ID_GID,
				   &plan->gid_map);
		if (r < 0)
			return ns_create_fail(err, NS_STEP_GID_MAP, r,
					      "gid_map");
	}
	return 0;
}

int ns_create_helper_order(const struct ns_create_plan *plan,
			   struct ns_create_state *state, char order,
			   struct ns_create_error *err)
{
	struct ns_helper_report rep;
	int r;

	r = ns_create_send(state->helper_fd, order);
	if (r == 0)
		r = read_report(state->helper_fd, &rep);
	if (r < 0)
		return ns_create_fail(err, NS_STEP_HELPER, r, NULL);
	if (rep.step == NS_STEP_NONE)
		return 0;
	err->type = (enum ns_type)rep.type;
	switch (rep.step) {
	case NS_STEP_PERSIST_BIND:
		return ns_create_fail(err, NS_STEP_PERSIST_BIND, rep.err,
				      plan->persist[rep.type]);
	case NS_STEP_UID_MAP:
		return ns_create_fail(err, NS_STEP_UID_MAP, rep.err,
				      plan->uid_how == NS_IDMAP_NEWIDMAP ?
				      "newuidmap" : "uid_map");
	case NS_STEP_GID_MAP:
		return ns_create_fail(err, NS_STEP_GID_MAP, rep.err,
				      plan->gid_how == NS_IDMAP_NEWIDMAP ?
				      "newgidmap" : "gid_map");
	case NS_STEP_SETGROUPS:
		return ns_create_fail(err, NS_STEP_SETGROUPS, rep.err,
				      "setgroups");
	default:
		return ns_create_fail(err, NS_STEP_HELPER, rep.err, NULL);
	}
}

int ns_create_setup(const struct ns_create_plan *plan,
		    struct ns_create_state *state,
		    struct ns_create_error *ret_err)
{
	uint64_t mnt_binder_id;
	int r, type = 0;

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
		r = start_helper(plan, state, ret_err);
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
	r = ns_create_mnt_order_fix(state->procfd, mnt_binder_id, ret_err);
	if (r < 0)
		goto end_helper;
	r = write_time_offsets(plan, state->procfd, ret_err);
	if (r < 0)
		goto end_helper;
	if (maps_need_helper(plan))
		r = ns_create_helper_order(plan, state, NS_HELPER_GO, ret_err);
	else
		r = write_own_maps(plan, state, ret_err);
	if (r < 0)
		goto end_helper;
	/*
	 * A pid namespace can be bound only once it has a process (the
	 * kernel says ENOENT before): with -f the child asks for the bind
	 * mounts, see ns_create_fork().
	 */
	if (ns_create_binds_by_helper(plan) && !plan->fork) {
		r = ns_create_helper_order(plan, state, NS_HELPER_BIND,
					   ret_err);
		if (r < 0)
			goto end_helper;
	} else if (ns_create_persists(plan) && !plan->fork) {
		r = ns_create_bind_all(plan, state, &type);
		if (r < 0) {
			ret_err->type = (enum ns_type)type;
			r = ns_create_fail(ret_err, NS_STEP_PERSIST_BIND, r,
					   plan->persist[type]);
			goto end_helper;
		}
	}
	/* Nothing left to undo: the helper is done. */
	if (state->helper > 0 && !ns_create_binds_by_helper(plan))
		ns_create_end_helper(state, NS_HELPER_DONE);
	return 0;

end_helper:
	ns_create_end_helper(state, NS_HELPER_FAIL);
undo_persist:
	ns_create_undo_persist(state);
close_proc:
	state->procfd = ns_close(state->procfd);
	return r;
}
