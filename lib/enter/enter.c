// SPDX-License-Identifier: MIT
/*
 * Entering namespaces, first half: pin the target and open what is
 * to be entered (see libns/enter.h).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "enter-internal.h"
#include "libns/nsfd.h"
#include "libns/proc.h"
#include "libns/base.h"

#define NS_PIDFS_MAGIC 0x50494446 /* linux/magic.h PID_FS_MAGIC, 6.9 */

void ns_enter_state_init(struct ns_enter_state *state)
{
	*state = (struct ns_enter_state){ .pidfd = -1, .piddirfd = -1,
					  .procfd = -1 };
	for (unsigned int t = 0; t < NS_TYPE_COUNT; t++)
		state->fds[t] = -1;
}

void ns_enter_close(struct ns_enter_state *state)
{
	for (unsigned int t = 0; t < NS_TYPE_COUNT; t++)
		state->fds[t] = ns_close(state->fds[t]);
	state->piddirfd = ns_close(state->piddirfd);
	state->pidfd = ns_close(state->pidfd);
}

int ns_enter_fail(struct ns_enter_error *err, enum ns_enter_step step,
		  int r, enum ns_kind type, const char *path)
{
	err->step = step;
	err->err = r;
	err->type = type;
	err->path = path;
	return r;
}

/* "/proc/PID/ns/NAME" in err->buf, for a message. */
static const char *proc_path(struct ns_enter_error *err, pid_t pid,
			     enum ns_kind type)
{
	if (ns_type_path(type, 0, "/proc", pid, err->buf,
			 sizeof(err->buf)) < 0)
		return NULL;
	return err->buf;
}

int ns_enter_piddir(struct ns_enter_state *state, int *ret_dirfd)
{
	int r;

	if (state->pidfd < 0)
		return -ESRCH;
	if (state->piddirfd < 0) {
		r = ns_proc_open(state->procfd, state->pid, &state->piddirfd);
		if (r < 0)
			return r == -ENOENT ? -ESRCH : r;
	}
	*ret_dirfd = state->piddirfd;
	return 0;
}

int ns_enter_check_alive(const struct ns_enter_state *state)
{
	int r;

	if (state->pidfd < 0)
		return 0;
	if (state->thread)
		return ns_proc_thread_alive(state->pidfd, state->piddirfd);
	r = ns_proc_pidfd_exited(state->pidfd);
	return r > 0 ? -ESRCH : r;
}

/* Inode of our own user namespace. */
static int own_user_ino(int procfd, uint64_t *ret_ino)
{
	struct stat st;

	if (fstatat(procfd, "self/ns/user", &st, 0) < 0)
		return ns_errno();
	*ret_ino = st.st_ino;
	return 0;
}

/*
 * pidfd first, then the links (only the user one, and only for -a):
 * ns_proc_pidfd_links checks that the process is still the one the pidfd
 * names. A PID that is not there gets util-linux's message, "cannot
 * open /proc/PID/ns/TYPE: No such file or directory"; a process that
 * is there but exits (or is a zombie already) is GONE, as setns(2)
 * would say of it: ESRCH.
 */
static int pin_target(const struct ns_enter_request *req,
		      struct ns_enter_state *state, enum ns_kind first,
		      struct ns_enter_error *err)
{
	const unsigned int user = NS_TYPE_MASK(NS_TYPE_USER);
	uint64_t inos[NS_TYPE_COUNT], own;
	unsigned int want = 0;
	enum ns_kind t;
	struct stat st;
	int r;

	if ((req->flags & NS_ENTER_SKIP_OWN_USER) && (state->types & user) &&
	    req->ns[NS_TYPE_USER].source == NS_ENTER_TARGET &&
	    !(req->flags & NS_ENTER_USER_PARENT))
		want = user;
	t = want ? NS_TYPE_USER : first;
	/* a thread ID as well, as util-linux takes it */
	r = ns_proc_pidfd_open(req->pid, &state->pidfd);
	if (r == -EINVAL) {
		/* before Linux 6.9: a thread, by its process */
		r = ns_proc_thread_pin(req->procfd, req->pid, &state->pidfd,
				       &state->piddirfd);
		state->thread = r == 0;
	}
	/* no namespace file of the target (-N's socket): the pidfd */
	if (r < 0 && t == NS_TYPE_COUNT)
		return ns_enter_fail(err, NS_ENTER_STEP_PIN,
				     ns_err_gone(r) ? -ESRCH : r, t, NULL);
	if (r < 0) {
		if (ns_err_gone(r))
			r = -ENOENT;
		return ns_enter_fail(err, NS_ENTER_STEP_OPEN, r, t,
				     proc_path(err, req->pid, t));
	}
	if (req->pid_ino) {
		struct statfs sfs;

		if (fstat(state->pidfd, &st) < 0 ||
		    fstatfs(state->pidfd, &sfs) < 0)
			return ns_enter_fail(err, NS_ENTER_STEP_PIN,
					     ns_errno(), first, NULL);
		/* before Linux 6.9 every pidfd is the one anonymous
		 * inode: no process has an inode number of its own */
		if (sfs.f_type != NS_PIDFS_MAGIC)
			return ns_enter_fail(err, NS_ENTER_STEP_PIN,
					     -EOPNOTSUPP, first, NULL);
		if (st.st_ino != req->pid_ino)
			return ns_enter_fail(err, NS_ENTER_STEP_PIN, -ESRCH,
					     first, NULL);
	}
	r = ns_proc_pidfd_links(req->procfd, state->pidfd, req->pid, want, inos);
	if (r == -ESRCH)
		return ns_enter_fail(err, NS_ENTER_STEP_GONE, r, t, NULL);
	if (r < 0 && t == NS_TYPE_COUNT)
		return ns_enter_fail(err, NS_ENTER_STEP_PIN, r, t, NULL);
	if (r < 0)
		return ns_enter_fail(err, NS_ENTER_STEP_OPEN, r, t,
				     proc_path(err, req->pid, t));
	if (want) {
		r = own_user_ino(req->procfd, &own);
		if (r < 0)
			return ns_enter_fail(err, NS_ENTER_STEP_OPEN, r,
					     NS_TYPE_USER, "/proc/self/ns/user");
		if (inos[NS_TYPE_USER] == own)
			state->types &= ~user;
	}
	return 0;
}

static int open_target_ns(struct ns_enter_state *state, enum ns_kind type,
			  int *ret_fd, struct ns_enter_error *err)
{
	char path[NS_PATH_MAX];
	int dirfd, r;

	r = ns_type_path(type, 0, NULL, NS_PATH_PIDDIR, path, sizeof(path));
	if (r == 0)
		r = ns_enter_piddir(state, &dirfd);
	if (r == 0)
		r = ns_fd_open_path(dirfd, path, ret_fd);
	if (r < 0)
		return ns_enter_fail(err, NS_ENTER_STEP_OPEN,
				     r == -ESRCH ? -ENOENT : r, type,
				     proc_path(err, state->pid, type));
	return 0;
}

static int open_file_ns(const char *path, enum ns_kind type, int *ret_fd,
			struct ns_enter_error *err)
{
	struct ns_id id;
	int fd, r;

	r = ns_fd_open_path(AT_FDCWD, path, &fd);
	if (r == -EINVAL)
		return ns_enter_fail(err, NS_ENTER_STEP_NOT_NS, r, type, path);
	if (r < 0)
		return ns_enter_fail(err, NS_ENTER_STEP_OPEN, r, type, path);
	r = ns_fd_identify(fd, &id);
	/* Kernels without NS_GET_NSTYPE (< 4.11): setns will tell. */
	if (r == 0 && id.type != type)
		r = ns_enter_fail(err, NS_ENTER_STEP_WRONG_TYPE, -EINVAL,
				  type, path);
	else if (r < 0 && r != -ENOTTY)
		r = ns_enter_fail(err, NS_ENTER_STEP_OPEN, r, type, path);
	else
		r = 0;
	if (r < 0) {
		ns_close(fd);
		return r;
	}
	*ret_fd = fd;
	return 0;
}

static int open_one(const struct ns_enter_request *req,
		    struct ns_enter_state *state, enum ns_kind type,
		    struct ns_enter_error *err)
{
	const struct ns_enter_ns *ns = &req->ns[type];
	int *fd = &state->fds[type], r;

	switch (ns->source) {
	case NS_ENTER_SKIP:
		return 0;
	case NS_ENTER_TARGET:
		return open_target_ns(state, type, fd, err);
	case NS_ENTER_FILE:
		return open_file_ns(ns->path, type, fd, err);
	case NS_ENTER_NSID:
		r = ns_fd_open_nsid(req->procfd, type, ns->nsid, fd);
		if (r < 0)
			return ns_enter_fail(err, NS_ENTER_STEP_NSID, r, type,
					     NULL);
		return 0;
	case NS_ENTER_SOCKET:
		r = state->pidfd < 0 ? -ESRCH :
			ns_fd_socket_netns(state->pidfd, ns->sockfd, fd);
		if (r < 0)
			return ns_enter_fail(err, NS_ENTER_STEP_SOCKET, r,
					     type, NULL);
		return 0;
	}
	return ns_enter_fail(err, NS_ENTER_STEP_OPEN, -EINVAL, type, NULL);
}

/*
 * --user-parent: the parent of the user namespace asked for, else of
 * the target's, else of the owner of the first other namespace.
 */
static int open_user_parent(struct ns_enter_state *state,
			    struct ns_enter_error *err)
{
	int base = state->fds[NS_TYPE_USER], tmp = -1, parent, r;

	if (base < 0 && state->pidfd >= 0) {
		r = open_target_ns(state, NS_TYPE_USER, &tmp, err);
		if (r < 0)
			return r;
		base = tmp;
	}
	for (unsigned int t = 0; base < 0 && t < NS_TYPE_COUNT; t++) {
		if (state->fds[t] < 0)
			continue;
		r = ns_fd_related(state->fds[t], NS_REL_OWNER, &tmp);
		if (r < 0)
			return ns_enter_fail(err, NS_ENTER_STEP_PARENT, r,
					     NS_TYPE_USER, NULL);
		base = tmp;
	}
	if (base < 0)
		return ns_enter_fail(err, NS_ENTER_STEP_PARENT, -EINVAL,
				     NS_TYPE_USER, NULL);
	r = ns_fd_related(base, NS_REL_PARENT, &parent);
	ns_close(tmp);
	if (r < 0)
		return ns_enter_fail(err, NS_ENTER_STEP_PARENT, r,
				     NS_TYPE_USER, NULL);
	ns_close(state->fds[NS_TYPE_USER]);
	state->fds[NS_TYPE_USER] = parent;
	state->types |= NS_TYPE_MASK(NS_TYPE_USER);
	return 0;
}

/* -a: our own user namespace is not entered (setns would refuse). */
static int skip_own_user(const struct ns_enter_request *req,
			 struct ns_enter_state *state,
			 struct ns_enter_error *err)
{
	int *fd = &state->fds[NS_TYPE_USER];
	uint64_t own, ino;
	int r;

	/* util-linux 2.42: a parent that is ours is not skipped (EINVAL) */
	if (!(req->flags & NS_ENTER_SKIP_OWN_USER) || *fd < 0 ||
	    (req->flags & NS_ENTER_USER_PARENT))
		return 0;
	r = own_user_ino(req->procfd, &own);
	if (r == 0)
		r = ns_fd_ino(*fd, &ino);
	if (r < 0)
		return ns_enter_fail(err, NS_ENTER_STEP_OPEN, r, NS_TYPE_USER,
				     NULL);
	if (ino == own) {
		*fd = ns_close(*fd);
		state->types &= ~NS_TYPE_MASK(NS_TYPE_USER);
	}
	return 0;
}

int ns_enter_open_fds(const struct ns_enter_request *req,
		      struct ns_enter_state *state,
		      struct ns_enter_error *err)
{
	int r;

	for (unsigned int t = 0; t < NS_TYPE_COUNT; t++) {
		if (!(state->types & NS_TYPE_MASK(t)) || state->fds[t] >= 0)
			continue;
		r = open_one(req, state, (enum ns_kind)t, err);
		if (r < 0)
			return r;
	}
	if (req->flags & NS_ENTER_USER_PARENT) {
		r = open_user_parent(state, err);
		if (r < 0)
			return r;
	}
	return skip_own_user(req, state, err);
}

/* setns(pidfd, flags) can do it: every namespace is the target's. */
static bool all_of_target(const struct ns_enter_request *req)
{
	if (req->pid <= 0 || (req->flags & NS_ENTER_USER_PARENT))
		return false;
	for (unsigned int t = 0; t < NS_TYPE_COUNT; t++) {
		enum ns_enter_source s = req->ns[t].source;

		if (s != NS_ENTER_SKIP && s != NS_ENTER_TARGET)
			return false;
	}
	return true;
}

/*
 * The first namespace of the target that is opened, in util-linux
 * 2.42's order (user cgroup ipc uts net pid mnt time): a target that
 * is gone is reported as that one missing. --user-parent alone opens
 * the target's user namespace; NS_TYPE_COUNT where no namespace file
 * of the target is opened at all (-N's socket only).
 */
static enum ns_kind first_of_target(const struct ns_enter_request *req)
{
	static const enum ns_kind order[] = {
		NS_TYPE_USER, NS_TYPE_CGROUP, NS_TYPE_IPC, NS_TYPE_UTS,
		NS_TYPE_NET,  NS_TYPE_PID,    NS_TYPE_MNT, NS_TYPE_TIME,
	};

	for (size_t i = 0; i < NS_ARRAY_SIZE(order); i++)
		if (req->ns[order[i]].source == NS_ENTER_TARGET)
			return order[i];
	if (req->ns[NS_TYPE_NET].source == NS_ENTER_SOCKET &&
	    !(req->flags & NS_ENTER_USER_PARENT))
		return NS_TYPE_COUNT;
	return NS_TYPE_USER;
}

int ns_enter_open(const struct ns_enter_request *req,
		  struct ns_enter_state *state,
		  struct ns_enter_error *ret_err)
{
	enum ns_kind first = NS_TYPE_COUNT;
	int r;

	ns_enter_state_init(state);
	state->procfd = req->procfd;
	state->pid = req->pid;
	state->req = *req;
	for (unsigned int t = 0; t < NS_TYPE_COUNT; t++) {
		if (req->ns[t].source == NS_ENTER_SKIP)
			continue;
		state->types |= NS_TYPE_MASK(t);
		if (first == NS_TYPE_COUNT)
			first = (enum ns_kind)t;
	}
	if (req->pid > 0) {
		r = pin_target(req, state, first_of_target(req), ret_err);
		if (r < 0)
			goto fail;
	}
	/* setns on the pidfd of a thread's process enters the process's */
	state->via_pidfd = !state->thread && all_of_target(req);
	if (!state->via_pidfd) {
		r = ns_enter_open_fds(req, state, ret_err);
		if (r < 0)
			goto fail;
	}
	r = ns_enter_check_alive(state);
	if (r < 0) {
		ns_enter_fail(ret_err, NS_ENTER_STEP_GONE, r, first, NULL);
		goto fail;
	}
	return 0;
fail:
	ns_enter_close(state);
	return r;
}

bool ns_enter_enters_user(const struct ns_enter_state *state)
{
	return state->types & NS_TYPE_MASK(NS_TYPE_USER);
}
