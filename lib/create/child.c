// SPDX-License-Identifier: MIT
/*
 * Namespace creation, second half: the fork of the program's process
 * and the steps of the process that execs it.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include "create-internal.h"
#include "libns/creds.h"
#include "libns/net.h"
#include "libns/base.h"

/*
 * --kill-child: the parent-death signal fires only for a death after
 * it is set. The parent holds the write end of the "lifeline" pipe
 * until it dies: EOF on it after the prctl means it died before — then
 * the signal never comes, and we stop here instead. (getppid() would
 * not tell: in a new pid namespace it is 0.)
 */
static int arm_kill_child(int sig, int lifeline)
{
	struct pollfd pfd = { .fd = lifeline, .events = POLLIN };

	if (prctl(PR_SET_PDEATHSIG, sig) < 0)
		return ns_errno();
	if (poll(&pfd, 1, 0) < 0)
		return ns_errno();
	if (pfd.revents & (POLLHUP | POLLIN))
		return -ESRCH;
	return 0;
}

pid_t ns_create_fork(const struct ns_create_plan *plan,
		     struct ns_create_state *state,
		     struct ns_create_error *ret_err)
{
	int life[2] = { -1, -1 };
	pid_t pid;
	int r;

	if (plan->kill_child && pipe2(life, O_CLOEXEC) < 0) {
		r = ns_errno();
		goto fail;
	}
	pid = fork();
	if (pid < 0) {
		r = ns_errno();
		ns_close(life[0]);
		ns_close(life[1]);
		goto fail;
	}
	if (pid > 0) {
		/* The helper hears EOF when the child has exec'd. */
		state->helper_fd = ns_close(state->helper_fd);
		ns_close(life[0]);
		state->lifeline = life[1];
		state->procfd = ns_close(state->procfd);
		return pid;
	}
	state->forked = true;
	state->helper = 0; /* not our child: the parent reaps it */
	if (plan->kill_child) {
		ns_close(life[1]);
		r = arm_kill_child(plan->kill_child, life[0]);
		ns_close(life[0]);
		if (r < 0) {
			ns_create_abort(state);
			return ns_create_fail(ret_err, NS_STEP_KILL_CHILD, r,
					      NULL);
		}
	}
	/* We exist: the pid namespace can be bound now. */
	if (ns_create_binds_by_helper(plan)) {
		r = ns_create_helper_bind(plan, state, ret_err);
		if (r < 0) {
			ns_create_abort(state);
			return r;
		}
	}
	return 0;

fail:
	ns_create_helper_end(state, false);
	state->procfd = ns_close(state->procfd);
	return ns_create_fail(ret_err, NS_STEP_FORK, r, NULL);
}

/* One --load-interp: the register file opened for each, as util-linux. */
static int write_register(const char *path, const char *text,
			  enum ns_create_step *ret_step)
{
	size_t len = strlen(text);
	int fd, r = 0;

	*ret_step = NS_STEP_OPEN_REGISTER;
	fd = open(path, O_WRONLY | O_CLOEXEC | O_NOFOLLOW);
	if (fd < 0)
		return ns_errno();
	*ret_step = NS_STEP_LOAD_INTERP;
	if (write(fd, text, len) != (ssize_t)len)
		r = ns_errno();
	ns_close(fd);
	return r;
}

/*
 * An entry with the F flag: the kernel opens its interpreter when it
 * is registered. With --root, util-linux 2.42 registers those before
 * the root directory changes (binfmt_misc on the old /proc first), so
 * that the interpreter is a path outside the new root.
 */
static bool opens_now(const char *interp)
{
	const char *flags = strrchr(interp, ':');

	return flags && strchr(flags, 'F');
}

static bool registers_early(const struct ns_create_plan *plan,
			    const char *interp)
{
	return plan->root && opens_now(interp);
}

/* The --load-interp entries registered early, or the others. */
static int load_interps(const struct ns_create_plan *plan, const char *dir,
			bool early, char *path, size_t size,
			enum ns_create_step *ret_step)
{
	*ret_step = NS_STEP_OPEN_REGISTER;
	if (snprintf(path, size, "%s/register", dir) >= (int)size)
		return -ENAMETOOLONG;
	for (size_t i = 0; i < plan->n_interps; i++) {
		int r;

		if (registers_early(plan, plan->interps[i]) != early)
			continue;
		r = write_register(path, plan->interps[i], ret_step);
		if (r < 0)
			return r;
	}
	return 0;
}

/* Before the chroot: the entries with the F flag (see opens_now). */
static int register_early(const struct ns_create_plan *plan,
			  struct ns_create_error *err, char *path, size_t size)
{
	static const char dir[] = "/proc/sys/fs/binfmt_misc";
	const unsigned long fl = MS_NOSUID | MS_NODEV | MS_NOEXEC;
	enum ns_create_step step;
	bool any = false;
	int r;

	for (size_t i = 0; plan->mount_binfmt && i < plan->n_interps; i++)
		any = any || registers_early(plan, plan->interps[i]);
	if (!any)
		return 0;
	if (mount("binfmt_misc", dir, "binfmt_misc", fl, NULL) < 0)
		return ns_create_fail(err, NS_STEP_MOUNT_BINFMT, ns_errno(),
				      dir);
	r = load_interps(plan, dir, true, path, size, &step);
	if (r < 0)
		return ns_create_fail(err, step, r, path);
	return 0;
}

/*
 * lo up in the network namespace we are in, over rtnetlink as netns add
 * does (libns/net.h: the one way nstools brings a link up).
 */
static int lo_up(void)
{
	struct ns_net nl = NS_NET_INIT;
	int r;

	r = ns_net_open(&nl);
	if (r == 0)
		r = ns_net_link_up(&nl, "lo");
	ns_net_close(&nl);
	return r;
}

/* Propagation first: the mounts that follow must not leak out. */
static int set_propagation(const struct ns_create_plan *plan,
			   struct ns_create_error *err)
{
	/* Without -m the propagation is that of the caller's namespace. */
	if ((plan->types & NS_TYPE_MASK(NS_TYPE_MNT)) && plan->propagation &&
	    mount("none", "/", NULL, MS_REC | plan->propagation, NULL) < 0)
		return ns_create_fail(err, NS_STEP_PROPAGATION, ns_errno(),
				      "/");
	return 0;
}

/*
 * After the chroot and chdir, as util-linux 2.42: --mount-proc=DIR and
 * --mount-binfmt=DIR name directories inside the new root (a relative
 * DIR is taken from the new working directory).
 */
static int mount_steps(const struct ns_create_plan *plan,
		       struct ns_create_error *err, char *path, size_t size)
{
	const unsigned long fl = MS_NOSUID | MS_NODEV | MS_NOEXEC;
	enum ns_create_step step;
	int r;

	if (plan->mount_proc &&
	    mount("proc", plan->mount_proc, "proc", fl, NULL) < 0)
		return ns_create_fail(err, NS_STEP_MOUNT_PROC, ns_errno(),
				      plan->mount_proc);
	if (plan->mount_binfmt &&
	    mount("binfmt_misc", plan->mount_binfmt, "binfmt_misc", fl,
		  NULL) < 0)
		return ns_create_fail(err, NS_STEP_MOUNT_BINFMT, ns_errno(),
				      plan->mount_binfmt);
	if (plan->mount_binfmt && plan->n_interps) {
		r = load_interps(plan, plan->mount_binfmt, false, path, size,
				 &step);
		if (r < 0)
			return ns_create_fail(err, step, r, path);
	}
	return 0;
}

static int enter_root(const struct ns_create_plan *plan,
		      struct ns_create_error *err)
{
	int r;

	if (plan->lo_up) {
		r = lo_up();
		if (r < 0)
			return ns_create_fail(err, NS_STEP_LO_UP, r, "lo");
	}
	if (plan->root && chroot(plan->root) < 0)
		return ns_create_fail(err, NS_STEP_CHROOT, ns_errno(),
				      plan->root);
	/* After a chroot the old working directory is outside it. */
	if (plan->wd || plan->root) {
		const char *wd = plan->wd ? plan->wd : "/";

		if (chdir(wd) < 0)
			return ns_create_fail(err, NS_STEP_CHDIR, ns_errno(),
					      wd);
	}
	return 0;
}

/* Last, as they may take away the rights the steps before need. */
static int set_ids(const struct ns_create_plan *plan, int procfd,
		   struct ns_create_error *err)
{
	static const enum ns_create_step steps[] = {
		[NS_CREDS_SETGROUPS] = NS_STEP_DROP_GROUPS,
		[NS_CREDS_SETGID] = NS_STEP_SETGID,
		[NS_CREDS_SETUID] = NS_STEP_SETUID,
	};
	enum ns_creds_step step;
	int r;

	r = ns_creds_apply(procfd, &plan->creds, &step);
	if (r < 0)
		return ns_create_fail(err, steps[step], r, NULL);
	if (plan->keep_caps) {
		r = ns_creds_keep_caps();
		if (r < 0)
			return ns_create_fail(err, NS_STEP_KEEP_CAPS, r, NULL);
	}
	return 0;
}

int ns_create_finish(const struct ns_create_plan *plan,
		     struct ns_create_state *state,
		     struct ns_create_error *ret_err)
{
	int r;

	r = set_propagation(plan, ret_err);
	if (r == 0)
		r = register_early(plan, ret_err, state->path_buf,
				   sizeof(state->path_buf));
	if (r == 0)
		r = enter_root(plan, ret_err);
	if (r == 0)
		r = mount_steps(plan, ret_err, state->path_buf,
				sizeof(state->path_buf));
	if (r == 0)
		r = set_ids(plan, state->procfd, ret_err);
	if (r < 0) {
		ns_create_abort(state);
		return r;
	}
	state->procfd = ns_close(state->procfd);
	/* What we bound ourselves stays. */
	ns_persist_set_release(&state->persist);
	/* Without a fork the helper is ours: it must not outlive us as a
	 * child of the program. */
	if (!state->forked)
		ns_create_helper_end(state, true);
	return 0;
}

void ns_create_abort(struct ns_create_state *state)
{
	state->procfd = ns_close(state->procfd);
	ns_create_helper_end(state, false);
	/* What we bound ourselves (no helper's binds: owns nothing then) */
	ns_persist_set_undo(&state->persist);
}
