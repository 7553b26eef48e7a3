/* SPDX-License-Identifier: MIT */
/*
 * Entering existing namespaces, as nsenter(1) does: open them all
 * first (of a target process pinned by its pidfd, of files, by
 * namespace ID), then enter them in an order that works for root and
 * for the unprivileged owner of a user namespace alike.
 *
 *	ns_enter_open()		pin the target, open what is asked for
 *	ns_enter_join()		setns(2): one call on the target's pidfd
 *				where the kernel can (>= 5.8), else one
 *				per namespace fd, in two passes
 *	ns_enter_close()	release the fds
 *
 * Nothing is printed: a failure fills struct ns_enter_error with the
 * step, the errno and the namespace type or path concerned.
 */
#ifndef LIBNS_ENTER_H
#define LIBNS_ENTER_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "libns/nstype.h"

/* Where one namespace comes from. */
enum ns_enter_source {
	NS_ENTER_SKIP,	 /* not entered */
	NS_ENTER_TARGET, /* the target process's */
	NS_ENTER_FILE,	 /* a namespace file (or bind mount of one) */
	NS_ENTER_NSID,	 /* a namespace ID (NS_GET_ID) */
	NS_ENTER_SOCKET, /* net only: of the target's socket fd */
};

struct ns_enter_ns {
	enum ns_enter_source source;
	const char *path; /* NS_ENTER_FILE */
	uint64_t nsid;	  /* NS_ENTER_NSID */
	int sockfd;	  /* NS_ENTER_SOCKET: an fd number in the target */
};

/* Flags of struct ns_enter_request. */
enum {
	/* -a: no user namespace to enter when it is our own. */
	NS_ENTER_SKIP_OWN_USER = 1 << 0,
	/*
	 * --user-parent: the user namespace entered is the parent of
	 * the one asked for (or, without one, of the target's, else of
	 * the owner of the first other namespace).
	 */
	NS_ENTER_USER_PARENT = 1 << 1,
	/*
	 * Tests only: act as a kernel before 5.8 would make us, with
	 * one fd per type where setns(pidfd, ...) would do.
	 */
	NS_ENTER_NO_PIDFD_SETNS = 1 << 2,
	/*
	 * -a: a namespace that we share with the target already and that
	 * refuses us is not entered (it would be a no-op): the owner of
	 * a rootless container shares the host's cgroup and time
	 * namespaces, which it may not enter.
	 */
	NS_ENTER_SKIP_SHARED = 1 << 3,
};

struct ns_enter_request {
	int procfd;	  /* the proc root (an fd of "/proc") */
	pid_t pid;	  /* the target, 0: none */
	uint64_t pid_ino; /* PID:INODE, the pidfd's inode; 0: no check */
	struct ns_enter_ns ns[NS_TYPE_COUNT];
	unsigned int flags;
};

enum ns_enter_step {
	NS_ENTER_STEP_NONE,
	NS_ENTER_STEP_PIN,	 /* pidfd_open, or INODE differs (ESRCH) or
				  * cannot be checked (EOPNOTSUPP: < 6.9) */
	NS_ENTER_STEP_OPEN,	 /* path: what could not be opened */
	NS_ENTER_STEP_NOT_NS,	 /* path: not a namespace file */
	NS_ENTER_STEP_WRONG_TYPE, /* path: a namespace of another type */
	NS_ENTER_STEP_NSID,	 /* opening the namespace of an ID */
	NS_ENTER_STEP_SOCKET,	 /* pidfd_getfd/SIOCGSKNS of -N */
	NS_ENTER_STEP_PARENT,	 /* the parent user namespace */
	NS_ENTER_STEP_GONE,	 /* the target exited meanwhile */
	NS_ENTER_STEP_SETNS_ALL, /* setns(pidfd, flags) */
	NS_ENTER_STEP_SETNS,	 /* setns(fd) of @type; path: its name */
};

struct ns_enter_error {
	enum ns_enter_step step;
	int err;	     /* negative errno */
	enum ns_kind type;   /* the namespace concerned */
	const char *path;    /* points into the request or buf, or NULL */
	char buf[NS_PATH_MAX];
};

struct ns_enter_state {
	int pidfd;		   /* the target, -1: none */
	int piddirfd;		   /* its /proc directory, -1: not opened */
	int fds[NS_TYPE_COUNT];	   /* -1: none */
	unsigned int types;	   /* NS_TYPE_MASK of those to enter */
	bool via_pidfd;		   /* one setns(pidfd, types) will do */
	bool thread;		   /* pidfd: the thread's process, before
				      Linux 6.9 (ns_proc_thread_pin) */
	int procfd;
	pid_t pid;
	struct ns_enter_request req; /* a copy, for a late open */
};

/* Nothing opened yet: all fds -1. */
void ns_enter_state_init(struct ns_enter_state *state);

/*
 * Pin the target (if any) and open every namespace @req asks for,
 * then make sure the target is still alive: whatever was read of it
 * was that process's. 0 or -errno with @ret_err filled. A target
 * gone meanwhile is -ESRCH (step GONE), never another process.
 */
int ns_enter_open(const struct ns_enter_request *req,
		  struct ns_enter_state *state,
		  struct ns_enter_error *ret_err);

/*
 * Enter the namespaces. With fds: every namespace but the user one,
 * then the user one, then again those that failed before it (an
 * unprivileged owner may enter them only from inside). -errno with
 * the step (and the type that refused) in @ret_err. With
 * NS_ENTER_SKIP_SHARED, when the one call on the target's pidfd is
 * refused (EPERM: it does not say which namespace refused), the same
 * is tried with fds, which skips what is shared and names the rest.
 */
int ns_enter_join(struct ns_enter_state *state,
		  struct ns_enter_error *ret_err);

/* Is a user namespace (other than our own) going to be entered? */
bool ns_enter_enters_user(const struct ns_enter_state *state);

/*
 * An fd of the target's /proc directory, opened on first use (the
 * state owns it). Whatever is read through it must be followed by
 * ns_enter_check_alive() before it is trusted.
 */
int ns_enter_piddir(struct ns_enter_state *state, int *ret_dirfd);

/* -ESRCH when the pinned target has exited, else 0. */
int ns_enter_check_alive(const struct ns_enter_state *state);

void ns_enter_close(struct ns_enter_state *state);

#endif
