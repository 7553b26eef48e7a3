// SPDX-License-Identifier: MIT
/*
 * Entering namespaces, second half: setns(2), on the target's pidfd
 * or on one fd per namespace (see libns/enter.h).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <sched.h>
#include <stdio.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "enter-internal.h"
#include "libns/base.h"
#include "libns/nsfd.h"

static int clone_flags(unsigned int types)
{
	int flags = 0;

	for (unsigned int t = 0; t < NS_TYPE_COUNT; t++)
		if (types & NS_TYPE_MASK(t))
			flags |= ns_type_info((enum ns_kind)t)->clone_flag;
	return flags;
}

/*
 * Before Linux 5.8 setns(2) takes namespace fds only: a pidfd is
 * EINVAL. So is a pidfd naming a namespace we may not enter, on any
 * kernel. Entering our own UTS namespace through our own pidfd tells
 * them apart: a no-op where pidfds work (or EPERM unprivileged),
 * EINVAL where they do not.
 */
static bool pidfd_setns_works(void)
{
	int fd, r;

	fd = (int)syscall(SYS_pidfd_open, getpid(), 0);
	if (fd < 0)
		return false;
	r = setns(fd, CLONE_NEWUTS) < 0 ? -errno : 0;
	ns_close(fd);
	return r != -EINVAL;
}

static void ns_name(struct ns_enter_error *err, enum ns_kind type)
{
	snprintf(err->buf, sizeof(err->buf), "ns/%s",
		 ns_type_info(type)->proc_name);
	err->path = err->buf;
}

static int setns_fd(struct ns_enter_state *state, enum ns_kind type)
{
	if (setns(state->fds[type], ns_type_info(type)->clone_flag) < 0)
		return ns_errno();
	return 0;
}

/*
 * NS_ENTER_SKIP_SHARED: the types to enter whose namespace is ours
 * already (0 where that cannot be told: then nothing is skipped).
 */
static unsigned int shared_types(const struct ns_enter_state *state)
{
	unsigned int shared = 0;
	char path[NS_PATH_MAX];
	uint64_t ino;
	struct stat st;

	if (!(state->req.flags & NS_ENTER_SKIP_SHARED))
		return 0;
	for (unsigned int t = 0; t < NS_TYPE_COUNT; t++) {
		if (!(state->types & NS_TYPE_MASK(t)) || state->fds[t] < 0 ||
		    ns_type_path((enum ns_kind)t, 0, NULL, NS_PATH_SELF, path,
				 sizeof(path)) < 0 ||
		    fstatat(state->procfd, path, &st, 0) < 0 ||
		    ns_fd_ino(state->fds[t], &ino) < 0)
			continue;
		if (ino == st.st_ino)
			shared |= NS_TYPE_MASK(t);
	}
	return shared;
}

/*
 * Why two passes: a privileged caller must enter every other
 * namespace before the user namespace, where it would lose its
 * capabilities over namespaces owned by the initial one. An
 * unprivileged owner of a user namespace can enter the namespaces it
 * owns only from inside it. So: all others first, then the user
 * namespace, then again whatever refused the first time.
 */
static int join_fds(struct ns_enter_state *state, struct ns_enter_error *err)
{
	const unsigned int user = NS_TYPE_MASK(NS_TYPE_USER);
	const unsigned int shared = shared_types(state);
	int first_err[NS_TYPE_COUNT] = { 0 };
	unsigned int failed = 0;
	int r;

	for (unsigned int t = 0; t < NS_TYPE_COUNT; t++) {
		if (!(state->types & NS_TYPE_MASK(t)) || t == NS_TYPE_USER)
			continue;
		r = setns_fd(state, (enum ns_kind)t);
		if (r < 0) {
			failed |= NS_TYPE_MASK(t);
			first_err[t] = r;
		}
	}
	if (state->types & user) {
		r = setns_fd(state, NS_TYPE_USER);
		if (r < 0) {
			ns_enter_fail(err, NS_ENTER_STEP_SETNS, r,
				      NS_TYPE_USER, NULL);
			ns_name(err, NS_TYPE_USER);
			return r;
		}
	}
	for (unsigned int t = 0; t < NS_TYPE_COUNT; t++) {
		if (!(failed & NS_TYPE_MASK(t)))
			continue;
		r = state->types & user ? setns_fd(state, (enum ns_kind)t)
					: first_err[t];
		/* refused, but ours already: nothing to enter */
		if (r < 0 && (shared & NS_TYPE_MASK(t)))
			continue;
		if (r < 0) {
			ns_enter_fail(err, NS_ENTER_STEP_SETNS, r,
				      (enum ns_kind)t, NULL);
			ns_name(err, (enum ns_kind)t);
			return r;
		}
	}
	return 0;
}

/* Kernels before 5.8: the same through fds, the target still pinned. */
static int open_late(struct ns_enter_state *state,
		     struct ns_enter_error *err)
{
	int r;

	state->via_pidfd = false;
	r = ns_enter_open_fds(&state->req, state, err);
	if (r < 0)
		return r;
	r = ns_enter_check_alive(state);
	if (r < 0)
		return ns_enter_fail(err, NS_ENTER_STEP_GONE, r,
				     NS_TYPE_COUNT, NULL);
	return 0;
}

/*
 * NS_ENTER_SKIP_SHARED and setns(pidfd) refused (EPERM, nothing
 * changed): the same with fds, which leaves out a shared namespace that
 * refuses and names one that is not shared. When the fds cannot be
 * had, the refusal of setns(pidfd) stands.
 */
static int join_fds_after_eperm(struct ns_enter_state *state,
				struct ns_enter_error *ret_err)
{
	struct ns_enter_error late = { 0 };

	if (open_late(state, &late) < 0)
		return ns_enter_fail(ret_err, NS_ENTER_STEP_SETNS_ALL, -EPERM,
				     NS_TYPE_COUNT, NULL);
	return join_fds(state, ret_err);
}

int ns_enter_join(struct ns_enter_state *state,
		  struct ns_enter_error *ret_err)
{
	int r;

	if (!state->types)
		return 0;
	if (state->via_pidfd &&
	    !(state->req.flags & NS_ENTER_NO_PIDFD_SETNS)) {
		/*
		 * One call, on the pinned process: the kernel enters the
		 * user namespace first and checks the others with the
		 * credentials gained there; all or nothing.
		 */
		if (setns(state->pidfd, clone_flags(state->types)) == 0)
			return 0;
		r = ns_errno();
		if (r == -EPERM &&
		    (state->req.flags & NS_ENTER_SKIP_SHARED))
			return join_fds_after_eperm(state, ret_err);
		if (r != -EINVAL || pidfd_setns_works())
			return ns_enter_fail(ret_err, NS_ENTER_STEP_SETNS_ALL,
					     r, NS_TYPE_COUNT, NULL);
	}
	if (state->via_pidfd) {
		r = open_late(state, ret_err);
		if (r < 0)
			return r;
	}
	return join_fds(state, ret_err);
}
