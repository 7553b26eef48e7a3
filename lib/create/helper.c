// SPDX-License-Identifier: MIT
/*
 * The helper process of namespace creation. Forked before unshare(2),
 * it stays in the caller's user and mount namespaces, so it can write
 * id maps that need privileges there (or run newuidmap/newgidmap) and
 * make bind mounts that outlive the new mount namespace. It undoes its
 * bind mounts and the files created for them when told a later step
 * failed, and before it reports a failure of its own.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <sys/socket.h>
#include <unistd.h>

#include "create-internal.h"
#include "libns/base.h"

int ns_create_write_map(int procfd, pid_t pid, enum ns_id_kind kind,
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

static int read_order(int fd)
{
	ssize_t n;
	char c;

	do
		n = read(fd, &c, 1);
	while (n < 0 && errno == EINTR);
	return n == 1 ? c : -1; /* EOF: the process exec'd or died */
}

static void report(int fd, enum ns_create_step step, int err, int type)
{
	struct ns_helper_report rep = { .step = step, .err = err, .type = type };
	ssize_t n;

	do
		n = send(fd, &rep, sizeof(rep), MSG_NOSIGNAL);
	while (n < 0 && errno == EINTR);
}

static void undo_all(struct ns_create_state *state)
{
	for (size_t i = NS_TYPE_COUNT; i-- > 0;)
		ns_persist_undo(&state->persist[i]);
}

/* uid_map, setgroups, gid_map, in this order: the kernel wants
 * setgroups denied before an unprivileged gid_map write. */
static int write_maps(const struct ns_create_plan *plan,
		      const struct ns_create_state *state,
		      enum ns_create_step *ret_step)
{
	int r;

	*ret_step = NS_STEP_UID_MAP;
	r = ns_create_write_map(state->procfd, state->pid, NS_ID_UID,
				plan->uid_how, &plan->uid_map);
	if (r < 0)
		return r;
	if (plan->setgroups != NS_SETGROUPS_UNCHANGED) {
		*ret_step = NS_STEP_SETGROUPS;
		r = ns_idmap_setgroups_write(state->procfd, state->pid,
				       plan->setgroups == NS_SETGROUPS_ALLOW);
		if (r < 0)
			return r;
	}
	*ret_step = NS_STEP_GID_MAP;
	return ns_create_write_map(state->procfd, state->pid, NS_ID_GID,
				   plan->gid_how, &plan->gid_map);
}

noreturn void ns_create_helper_main(const struct ns_create_plan *plan,
				    struct ns_create_state *state, int fd)
{
	enum ns_create_step step;
	int r, type = 0, order;

	/* GO (maps to write) comes first if at all, then BIND. */
	order = read_order(fd);
	if (order == NS_HELPER_GO) {
		r = write_maps(plan, state, &step);
		if (r < 0)
			goto fail;
		report(fd, NS_STEP_NONE, 0, 0);
		if (!ns_create_binds_by_helper(plan))
			_exit(0);
		order = read_order(fd);
	}
	if (order != NS_HELPER_BIND) {
		undo_all(state);
		_exit(0);
	}
	step = NS_STEP_PERSIST_BIND;
	r = ns_create_bind_all(plan, state, &type);
	if (r < 0)
		goto fail;
	report(fd, NS_STEP_NONE, 0, 0);
	/* Wait for the verdict: DONE or EOF (exec'd) keeps, FAIL undoes. */
	if (read_order(fd) == NS_HELPER_FAIL)
		undo_all(state);
	_exit(0);

fail:
	undo_all(state);
	report(fd, step, r, type);
	_exit(1);
}
