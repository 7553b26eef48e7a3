// SPDX-License-Identifier: MIT
/*
 * A new mount namespace that the caller's namespace may bind.
 *
 * Linux refuses (EINVAL) to bind-mount a mount namespace file unless
 * that namespace is newer than the binder's own: a check against loops
 * that compares the namespaces' ids. Since Linux 6.18 the ids come in
 * per-CPU batches, so a namespace made on one CPU can look older than
 * one made moments before on another CPU, and `unshare --mount=FILE`
 * from a young mount namespace would fail now and then. On the CPU that
 * made the caller's namespace a new id is always higher, and a batch
 * taken later is above all earlier ones: making the namespace again on
 * each CPU in turn finds a bindable one.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <sched.h>
#include <stdint.h>
#include <unistd.h>

#include "create-internal.h"
#include "libns/nsfd.h"
#include "libns/base.h"

uint64_t ns_create_mnt_binder_id(const struct ns_create_plan *plan,
				 int procfd)
{
	uint64_t id;

	if (!plan->persist[NS_TYPE_MNT] ||
	    !(plan->types & NS_TYPE_MASK(NS_TYPE_MNT)))
		return 0;
	/* Before 6.18 no NS_GET_ID, and one global sequence. */
	return ns_fd_self_id(procfd, NS_TYPE_MNT, &id) < 0 ? 0 : id;
}

static bool is_newer(int procfd, uint64_t than)
{
	uint64_t id;

	return ns_fd_self_id(procfd, NS_TYPE_MNT, &id) < 0 || id > than;
}

/* Make the namespace again on @cpu; 1 when it is newer now. */
static int again_on(int procfd, int cpu, uint64_t binder_id,
		    struct ns_create_error *err)
{
	cpu_set_t one;

	CPU_ZERO(&one);
	CPU_SET(cpu, &one);
	/* The call moves us onto @cpu before it returns. */
	if (sched_setaffinity(0, sizeof(one), &one) < 0)
		return 0;
	if (unshare(CLONE_NEWNS) < 0)
		return ns_create_fail(err, NS_STEP_UNSHARE, ns_errno(), NULL);
	return is_newer(procfd, binder_id);
}

int ns_create_mnt_order_fix(int procfd, uint64_t binder_id,
			    struct ns_create_error *err)
{
	cpu_set_t allowed;
	long ncpus;
	int r = 0;

	if (binder_id == 0 || is_newer(procfd, binder_id))
		return 0;
	ncpus = sysconf(_SC_NPROCESSORS_CONF);
	/* Nothing to try: the bind step says EINVAL as the kernel does. */
	if (sched_getaffinity(0, sizeof(allowed), &allowed) < 0)
		return 0;
	if (ncpus <= 0 || ncpus > CPU_SETSIZE)
		ncpus = CPU_SETSIZE;
	/*
	 * The CPUs we may run on first; then, for a moment, the others
	 * (taskset(1) may have left out the one that made the binder's
	 * namespace; a cpuset that forbids it makes the call fail).
	 */
	for (int pass = 0; pass < 2 && r == 0; pass++)
		for (int cpu = 0; cpu < ncpus && r == 0; cpu++)
			if ((CPU_ISSET(cpu, &allowed) ? 0 : 1) == pass)
				r = again_on(procfd, cpu, binder_id, err);
	sched_setaffinity(0, sizeof(allowed), &allowed);
	return r < 0 ? r : 0;
}
