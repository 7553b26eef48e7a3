// SPDX-License-Identifier: MIT
/*
 * What listns(2) adds to a scan: the namespaces it lists that no
 * process, fd or mount showed. Each is opened by its ID (an nsfs file
 * handle) and becomes an entry of its own, without processes, whose
 * details are read through that fd like any other's.
 *
 * The IDs are listed before the walk of /proc (threads.c), so that a
 * namespace made after the walk is not shown without its processes;
 * one that is gone by the time it is opened (ESTALE) is left out, as
 * is one we may not open (EPERM, EACCES).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdbool.h>

#include "libns/nsfd.h"
#include "libns/base.h"
#include "scan-internal.h"

static bool listed_unavailable(int r)
{
	return r == -ESTALE || r == -EPERM || r == -EACCES || r == -ENOENT ||
	       r == -EINVAL || r == -EOPNOTSUPP;
}

static int add_listed(struct nsscan *s, uint64_t nsid, int fd)
{
	struct ns_entry *e;
	struct ns_id id;
	int r;

	r = ns_fd_identify(fd, &id);
	if (r < 0) /* no NS_GET_NSTYPE cannot be: listns is newer */
		return ns_err_resource(r) ? r : 0;
	if (!(s->opts->types & NS_TYPE_MASK(id.type)))
		return 0;
	e = nsscan_find_entry(s, id.ino);
	if (e) {
		if (!(e->flags & NS_ENTRY_ID)) {
			e->id = nsid;
			e->flags |= NS_ENTRY_ID;
		}
		if (e->flags & NS_ENTRY_STUB) {
			/* active, so listed: a row of its own */
			e->flags &= ~(unsigned int)NS_ENTRY_STUB;
			e->flags |= NS_ENTRY_LISTED;
		}
		return 0;
	}
	r = nsscan_add_entry(s, id.ino, id.type, &e);
	if (r < 0)
		return r;
	e->flags |= NS_ENTRY_LISTED | NS_ENTRY_ID;
	e->id = nsid;
	return nsscan_read_details(s, s->pub.count - 1, fd);
}

int nsscan_listed(struct nsscan *s, const uint64_t *ids, size_t count)
{
	for (size_t i = 0; i < count; i++) {
		int fd, r;

		r = ns_fd_open_id(ids[i], &fd);
		if (r < 0) {
			if (listed_unavailable(r))
				continue;
			return r;
		}
		r = add_listed(s, ids[i], fd);
		ns_close(fd);
		if (r < 0)
			return r;
	}
	return 0;
}
