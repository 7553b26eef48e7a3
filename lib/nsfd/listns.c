// SPDX-License-Identifier: MIT
/*
 * listns(2) (Linux 6.19): the IDs of the namespaces the caller may
 * see, ascending, in batches that each start after the last ID of the
 * one before.
 *
 * Measured on Debian's 7.2 kernel: it lists the namespaces the kernel
 * counts as active, those a task, an nsfs fd (also one in flight in a
 * unix socket) or an nsfs bind mount (also in another mount namespace)
 * holds, and user namespaces that own such; a network namespace held
 * only by a socket is not among them. It fills a batch as far as there
 * are IDs, and fails with ENOENT when there is none after the one
 * given (whether that one exists or not). ENOSYS before 6.19.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "libns/nsfd.h"
#include "libns/nstype.h"
#include "libns/base.h"
#include "listns.h"

/* Its number where the build's headers are too old to have it. */
#if defined(__NR_listns)
#define NS_NR_LISTNS __NR_listns
#elif defined(__alpha__)
#define NS_NR_LISTNS 580
#elif defined(__x86_64__) && defined(__ILP32__)
#define NS_NR_LISTNS (470 | 0x40000000) /* x32 */
#else
#define NS_NR_LISTNS 470 /* the number every other architecture shares */
#endif

#define BATCH 256

static long listns_syscall(const struct ns_listns_req *req, uint64_t *ids,
			   size_t max)
{
	return syscall(NS_NR_LISTNS, req, ids, max, 0);
}

static unsigned int clone_mask(unsigned int types)
{
	unsigned int mask = 0;

	for (unsigned int t = 0; t < NS_TYPE_COUNT; t++) {
		if (types & NS_TYPE_MASK(t))
			mask |= (unsigned int)ns_type_info(t)->clone_flag;
	}
	return mask;
}

int ns_fd_list_ids_with(ns_listns_fn fn, unsigned int types, uint64_t **ret_ids,
			size_t *ret_count)
{
	struct ns_listns_req req = {
		.size = sizeof(req),
		.ns_type = clone_mask(types & NS_TYPE_MASK_ALL),
	};
	uint64_t *ids = NULL;
	size_t count = 0, alloc = 0;
	int r;

	if (!req.ns_type)
		return -EINVAL; /* 0 would ask for every type */
	for (;;) {
		long n;

		r = ns_grow((void **)&ids, &alloc, count + BATCH, sizeof(*ids));
		if (r < 0)
			goto fail;
		n = fn(&req, ids + count, BATCH);
		if (n < 0 && errno == ENOENT)
			break; /* none after req.ns_id: the end */
		if (n < 0) {
			r = ns_errno();
			goto fail;
		}
		if (n > BATCH) {
			r = -EIO; /* more than it was given room for */
			goto fail;
		}
		for (long i = 0; i < n; i++) {
			/* each batch goes on after the last: never back */
			if (ids[count + i] <= req.ns_id) {
				r = -EIO;
				goto fail;
			}
			req.ns_id = ids[count + i];
		}
		count += (size_t)n;
		if (n == 0) /* a short batch need not be the last */
			break; /* (no kernel says 0, but it would be the end) */
	}
	*ret_ids = ids;
	*ret_count = count;
	return 0;
fail:
	free(ids);
	return r;
}

int ns_fd_list_ids(unsigned int types, uint64_t **ret_ids, size_t *ret_count)
{
	return ns_fd_list_ids_with(listns_syscall, types, ret_ids, ret_count);
}
