// SPDX-License-Identifier: MIT
/*
 * The helper process of namespace creation, both ends. Forked before
 * unshare(2), it stays in the caller's user and mount namespaces, so
 * it can write id maps that need privileges there (or run
 * newuidmap/newgidmap) and make bind mounts that outlive the new mount
 * namespace. It undoes its bind mounts and the files created for them
 * when told a later step failed, and before it reports a failure of
 * its own.
 *
 * The protocol, one struct helper_msg per datagram on a socket pair:
 *
 *	process			helper
 *	MAPS (if the maps	write them, REPORT
 *	      are the helper's)
 *	BIND (if the binds	bind, REPORT; then wait:
 *	      are the helper's)	  EOF keeps the binds (the program
 *				  runs: our end closed on exec),
 *	UNDO or EOF		  UNDO undoes them
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdnoreturn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "create-internal.h"
#include "libns/base.h"

enum helper_msg_kind {
	HELPER_EOF,	/* (not sent) the other end is gone */
	HELPER_MAPS,	/* namespaces created: write the maps */
	HELPER_BIND,	/* bind the namespace files */
	HELPER_UNDO,	/* a later step failed: undo */
	HELPER_REPORT,	/* the helper's answer to MAPS or BIND */
};

struct helper_msg {
	enum helper_msg_kind kind;
	/* REPORT: NS_STEP_NONE when all went well, else what failed */
	enum ns_create_step step;
	int err;
	enum ns_kind type;
};

static int send_msg(int fd, const struct helper_msg *msg)
{
	ssize_t n;

	/* No SIGPIPE when the other end has gone already. */
	do
		n = send(fd, msg, sizeof(*msg), MSG_NOSIGNAL);
	while (n < 0 && errno == EINTR);
	if (n < 0)
		return ns_errno();
	return n == (ssize_t)sizeof(*msg) ? 0 : -EPIPE;
}

/* The next message; HELPER_EOF when the other end is gone. */
static int recv_msg(int fd, struct helper_msg *ret_msg)
{
	ssize_t n;

	do
		n = recv(fd, ret_msg, sizeof(*ret_msg), 0);
	while (n < 0 && errno == EINTR);
	if (n < 0)
		return ns_errno();
	if (n == 0)
		ret_msg->kind = HELPER_EOF;
	else if (n != (ssize_t)sizeof(*ret_msg))
		return -EPROTO;
	return 0;
}

static enum helper_msg_kind next_order(int fd)
{
	struct helper_msg msg;

	/* A broken socket: as if the process died (EOF). */
	if (recv_msg(fd, &msg) < 0)
		return HELPER_EOF;
	return msg.kind;
}

static void report(int fd, enum ns_create_step step, int err,
		   enum ns_kind type)
{
	struct helper_msg rep = {
		.kind = HELPER_REPORT, .step = step, .err = err, .type = type,
	};

	send_msg(fd, &rep);
}

/* ---- the helper's end ------------------------------------------ */

static noreturn void helper_fail(struct ns_create_state *state, int fd,
				 const struct ns_create_error *err)
{
	ns_persist_set_undo(&state->persist);
	report(fd, err->step, err->err, err->type);
	_exit(1);
}

static noreturn void helper_main(const struct ns_create_plan *plan,
				 struct ns_create_state *state, int fd)
{
	struct ns_create_error err = { 0 };
	enum helper_msg_kind order;
	enum ns_kind type = 0;
	int r;

	/* MAPS comes first if at all, then BIND. */
	order = next_order(fd);
	if (order == HELPER_MAPS) {
		if (ns_create_write_maps(plan, state->procfd, state->pid,
					 &err) < 0)
			helper_fail(state, fd, &err);
		report(fd, NS_STEP_NONE, 0, 0);
		if (!ns_create_binds_by_helper(plan))
			_exit(0);
		order = next_order(fd);
	}
	if (order != HELPER_BIND) {
		ns_persist_set_undo(&state->persist);
		_exit(0);
	}
	r = ns_persist_set_bind(&state->persist, state->pid, &type);
	if (r < 0) {
		ns_create_fail_at(plan, &err, NS_STEP_PERSIST_BIND, r, type);
		helper_fail(state, fd, &err);
	}
	report(fd, NS_STEP_NONE, 0, 0);
	/* Wait for the verdict: EOF (exec'd) keeps, UNDO undoes. */
	if (next_order(fd) == HELPER_UNDO)
		ns_persist_set_undo(&state->persist);
	_exit(0);
}

/* ---- the process's end ----------------------------------------- */

int ns_create_helper_start(const struct ns_create_plan *plan,
			   struct ns_create_state *state,
			   struct ns_create_error *err)
{
	int sv[2];
	pid_t pid;

	if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv) < 0)
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
		helper_main(plan, state, sv[1]);
	}
	ns_close(sv[1]);
	state->helper = pid;
	state->helper_fd = sv[0];
	/* The persistence is the helper's now: it undoes it if need be. */
	if (ns_create_binds_by_helper(plan))
		ns_persist_set_release(&state->persist);
	return 0;
}

/* Send @order, wait for the report: the helper's failure into @err. */
static int order(const struct ns_create_plan *plan,
		 struct ns_create_state *state, enum helper_msg_kind kind,
		 struct ns_create_error *err)
{
	struct helper_msg msg = { .kind = kind };
	int r;

	r = send_msg(state->helper_fd, &msg);
	if (r == 0)
		r = recv_msg(state->helper_fd, &msg);
	/* EOF: it died */
	if (r == 0 && msg.kind != HELPER_REPORT)
		r = -EPIPE;
	if (r < 0)
		return ns_create_fail(err, NS_STEP_HELPER, r, NULL);
	if (msg.step == NS_STEP_NONE)
		return 0;
	/* the steps the helper takes, else it went wrong by itself */
	if ((msg.step == NS_STEP_PERSIST_BIND || msg.step == NS_STEP_UID_MAP ||
	     msg.step == NS_STEP_GID_MAP || msg.step == NS_STEP_SETGROUPS) &&
	    (unsigned int)msg.type < NS_TYPE_COUNT)
		return ns_create_fail_at(plan, err, msg.step, msg.err,
					 msg.type);
	err->type = msg.type;
	return ns_create_fail(err, NS_STEP_HELPER, msg.err, NULL);
}

int ns_create_helper_maps(const struct ns_create_plan *plan,
			  struct ns_create_state *state,
			  struct ns_create_error *err)
{
	return order(plan, state, HELPER_MAPS, err);
}

int ns_create_helper_bind(const struct ns_create_plan *plan,
			  struct ns_create_state *state,
			  struct ns_create_error *err)
{
	return order(plan, state, HELPER_BIND, err);
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

void ns_create_helper_end(struct ns_create_state *state, bool keep)
{
	struct helper_msg undo = { .kind = HELPER_UNDO };

	/* EOF says keep: only UNDO needs saying. */
	if (state->helper_fd >= 0 && !keep)
		send_msg(state->helper_fd, &undo);
	state->helper_fd = ns_close(state->helper_fd);
	ns_create_reap_helper(state);
}
