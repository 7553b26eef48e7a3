// SPDX-License-Identifier: MIT
/*
 * Merging the partial scans of consecutive PID ranges (threads.c runs
 * them) into one, field by field what a single scan would have found.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>

#include "libns/base.h"
#include "scan-internal.h"

/*
 * Merging partial scans: @src, a scan of the PIDs that come after all
 * of @dst's, added to @dst must give, field by field, what one scan of
 * both ranges in a row gives. So the merge follows the rules of the
 * code above:
 * - An entry's details (owner, parent, owner_uid, nsid) are read once,
 *   when it is first met. An entry @dst has keeps its own, whatever
 *   @src read for it: e.g. a creator for a user namespace that has a
 *   process in @dst, met in @src only as an fd or as a stub.
 * - Stubs come with the details of an entry first met: one that @dst
 *   lacks comes over only if an entry that comes over leads to it.
 * - An entry's process is its lowest PID's: @dst's if it has one.
 * - Its holder is the fd it is first met as directly (not as a stub):
 *   @src's only if @dst knew it as a stub at most.
 * - A process record is read for a member, and for a process that is
 *   the first in one of its namespaces. A range's first process always
 *   is, in that range: @src's records that nothing uses are dropped.
 */
enum merge_state {
	MERGE_INTO, /* @dst has it: merged into @dst's entry */
	MERGE_SKIP, /* a stub that one scan would not have met */
	MERGE_ADD,  /* new to @dst: comes over */
};

/* @src's entry @i comes over, and the stubs its relations lead to. */
static void merge_keep(const struct nsscan *src, unsigned char *state,
		       size_t i, unsigned int depth)
{
	const struct ns_entry *e = &src->pub.entries[i];
	size_t j;

	state[i] = MERGE_ADD;
	if (depth > MAX_RELATION_DEPTH)
		return;
	if ((e->flags & NS_ENTRY_OWNER) &&
	    ns_inomap_get(&src->index, e->owner, &j) == 0 &&
	    state[j] == MERGE_SKIP)
		merge_keep(src, state, j, depth + 1);
	if ((e->flags & NS_ENTRY_PARENT) &&
	    ns_inomap_get(&src->index, e->parent, &j) == 0 &&
	    state[j] == MERGE_SKIP)
		merge_keep(src, state, j, depth + 1);
}

static void merge_into(struct ns_entry *d, const struct ns_entry *e,
		       const size_t *recs)
{
	d->nprocs += e->nprocs;
	if (d->proc == NS_NONE && e->proc != NS_NONE)
		d->proc = recs[e->proc];
	if ((d->flags & NS_ENTRY_STUB) && !(e->flags & NS_ENTRY_STUB)) {
		/* first met directly in @src: as a link, or a held fd */
		d->flags &= ~(unsigned int)NS_ENTRY_STUB;
		d->flags |= e->flags & NS_ENTRY_SOCKET;
		d->holder_pid = e->holder_pid;
		d->holder_fd = e->holder_fd;
	}
}

/* Which entries come over, and which process records they use. */
static void merge_plan(struct nsscan *dst, const struct nsscan *src,
		       unsigned char *state, bool *used)
{
	const struct ns_scan *s = &src->pub;

	for (size_t i = 0; i < s->count; i++)
		state[i] = nsscan_find_entry(dst, s->entries[i].ino) ? MERGE_INTO
							       : MERGE_SKIP;
	for (size_t i = 0; i < s->count; i++) {
		if (state[i] == MERGE_SKIP &&
		    !(s->entries[i].flags & NS_ENTRY_STUB))
			merge_keep(src, state, i, 0);
	}

	for (size_t i = 0; i < s->nmembers; i++)
		used[s->members[i]] = true;
	for (size_t i = 0; i < s->count; i++) {
		const struct ns_entry *e = &s->entries[i];

		if (e->proc == NS_NONE)
			continue;
		if (state[i] == MERGE_ADD ||
		    (state[i] == MERGE_INTO &&
		     nsscan_find_entry(dst, e->ino)->proc == NS_NONE))
			used[e->proc] = true;
	}
}

int nsscan_merge(struct nsscan *dst, struct nsscan *src)
{
	struct ns_scan *d = &dst->pub, *s = &src->pub;
	unsigned char *state;
	size_t *recs = NULL; /* @src record -> @dst record */
	bool *used = NULL;
	size_t nused = 0;
	int r = -ENOMEM;

	state = malloc(s->count ? s->count : 1);
	used = calloc(s->nprocs ? s->nprocs : 1, sizeof(*used));
	recs = malloc((s->nprocs ? s->nprocs : 1) * sizeof(*recs));
	if (!state || !used || !recs)
		goto out;
	merge_plan(dst, src, state, used);
	for (size_t k = 0; k < s->nprocs; k++)
		nused += used[k];
	r = ns_grow((void **)&d->procs, &dst->procs_alloc, d->nprocs + nused,
		    sizeof(*d->procs));
	if (r == 0)
		r = ns_grow((void **)&d->members, &dst->members_alloc,
			    d->nmembers + s->nmembers, sizeof(*d->members));
	if (r < 0)
		goto out;

	/* the records move over, in order: @src no longer owns them */
	for (size_t k = 0; k < s->nprocs; k++) {
		recs[k] = NS_NONE;
		if (!used[k]) {
			free(s->procs[k].command);
			continue;
		}
		recs[k] = d->nprocs;
		d->procs[d->nprocs++] = s->procs[k];
	}
	s->nprocs = 0;
	for (size_t i = 0; i < s->nmembers; i++)
		d->members[d->nmembers++] = recs[s->members[i]];

	for (size_t i = 0; i < s->count; i++) {
		const struct ns_entry *e = &s->entries[i];
		struct ns_entry *de;

		if (state[i] == MERGE_INTO) {
			merge_into(nsscan_find_entry(dst, e->ino), e, recs);
		} else if (state[i] == MERGE_ADD) {
			r = nsscan_add_entry(dst, e->ino, e->type, &de);
			if (r < 0)
				goto out;
			*de = *e;
			if (de->proc != NS_NONE)
				de->proc = recs[de->proc];
		}
	}
	r = 0;
out:
	free(recs);
	free(used);
	free(state);
	return r;
}
