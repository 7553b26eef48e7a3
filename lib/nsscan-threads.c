// SPDX-License-Identifier: MIT
/*
 * The process part of a scan: list the PIDs, then read them in one
 * thread or several.
 *
 * Parallel scans: the PID list is cut into consecutive ranges, one per
 * thread, each scanned into a partial result of its own (nothing is
 * shared while they run). The partials are then merged in PID order,
 * so the first process a namespace met is still its lowest PID.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "libns/nsscan.h"
#include "libns/procwalk.h"
#include "libns/util.h"
#include "nsscan-internal.h"

struct worker {
	struct ns_scan part;
	const pid_t *pids;
	size_t count;
	pthread_t thread;
	bool started;
	int r;
};

/* Processes per thread below which a thread costs more than it saves. */
#define PIDS_PER_THREAD 1024
#define MAX_THREADS 16

static void *worker_main(void *arg)
{
	struct worker *w = arg;

	w->r = nsscan_pids(&w->part, w->pids, w->count);
	return NULL;
}

static unsigned int thread_count(const struct ns_scan_opts *opts,
				 size_t npids)
{
	size_t n;

	if (opts->threads) {
		n = opts->threads; /* asked for: also for a few PIDs */
	} else {
		long cpus = sysconf(_SC_NPROCESSORS_ONLN);

		n = npids / PIDS_PER_THREAD;
		if (cpus > 0 && n > (size_t)cpus)
			n = (size_t)cpus;
	}
	if (n > npids)
		n = npids;
	if (n > MAX_THREADS)
		n = MAX_THREADS;
	return n ? (unsigned int)n : 1;
}

/* Add what a later (higher PIDs) partial found to @dst. */
static int merge_entry(struct ns_scan *dst, const struct ns_entry *src,
		       size_t proc_offset)
{
	struct ns_entry *d = nsscan_find_entry(dst, src->ino);
	const unsigned int relations = NS_ENTRY_OWNER | NS_ENTRY_PARENT |
				       NS_ENTRY_OWNER_UID | NS_ENTRY_NSID;
	int r;

	if (!d) {
		r = nsscan_add_entry(dst, src->ino, src->type, &d);
		if (r < 0)
			return r;
		*d = *src;
		if (d->proc != NS_NONE)
			d->proc += proc_offset;
		return 0;
	}
	/* one scan would have noted the holder only before any member */
	if (d->nprocs == 0 && d->holder_fd < 0 && src->holder_fd >= 0) {
		d->holder_pid = src->holder_pid;
		d->holder_fd = src->holder_fd;
		d->flags |= src->flags & NS_ENTRY_SOCKET;
	}
	d->nprocs += src->nprocs;
	if (d->proc == NS_NONE && src->proc != NS_NONE)
		d->proc = src->proc + proc_offset;
	if (!(src->flags & NS_ENTRY_STUB))
		d->flags &= ~(unsigned int)NS_ENTRY_STUB;
	if ((src->flags & relations) & ~d->flags) {
		if (!(d->flags & NS_ENTRY_OWNER))
			d->owner = src->owner;
		if (!(d->flags & NS_ENTRY_PARENT))
			d->parent = src->parent;
		if (!(d->flags & NS_ENTRY_OWNER_UID))
			d->owner_uid = src->owner_uid;
		if (!(d->flags & NS_ENTRY_NSID))
			d->nsid = src->nsid;
		d->flags |= src->flags & relations;
	}
	return 0;
}

static int merge_part(struct ns_scan *dst, struct ns_scan *src)
{
	size_t offset = dst->nprocs;
	int r;

	r = ns_grow((void **)&dst->procs, &dst->procs_alloc,
		    dst->nprocs + src->nprocs, sizeof(*dst->procs));
	if (r == 0)
		r = ns_grow((void **)&dst->members, &dst->members_alloc,
			    dst->nmembers + src->nmembers,
			    sizeof(*dst->members));
	if (r < 0)
		return r;
	/* the records move over: the partial no longer owns them */
	memcpy(dst->procs + offset, src->procs,
	       src->nprocs * sizeof(*src->procs));
	dst->nprocs += src->nprocs;
	src->nprocs = 0;
	for (size_t i = 0; i < src->nmembers; i++)
		dst->members[dst->nmembers++] = src->members[i] + offset;
	for (size_t i = 0; i < src->count; i++) {
		r = merge_entry(dst, &src->entries[i], offset);
		if (r < 0)
			return r;
	}
	return 0;
}

static int scan_parallel(struct ns_scan *s, const pid_t *pids, size_t npids,
			 unsigned int nthreads)
{
	struct worker *workers;
	int r = 0;

	workers = calloc(nthreads, sizeof(*workers));
	if (!workers)
		return -ENOMEM;
	for (unsigned int i = 0; i < nthreads; i++) {
		struct worker *w = &workers[i];
		size_t from = npids * i / nthreads;

		nsscan_init(&w->part, s->opts, s->nsfs_dev);
		w->pids = pids + from;
		w->count = npids * (i + 1) / nthreads - from;
		/* the first range is ours; a thread that cannot start
		 * is run here too */
		if (i > 0 && pthread_create(&w->thread, NULL, worker_main,
					    w) == 0)
			w->started = true;
	}
	for (unsigned int i = 0; i < nthreads; i++) {
		if (!workers[i].started)
			worker_main(&workers[i]);
	}
	for (unsigned int i = 0; i < nthreads; i++) {
		struct worker *w = &workers[i];

		if (w->started)
			pthread_join(w->thread, NULL);
		if (r == 0)
			r = w->r;
		if (r == 0)
			r = merge_part(s, &w->part);
		nsscan_clear(&w->part);
	}
	free(workers);
	return r;
}

int nsscan_processes(struct ns_scan *s)
{
	unsigned int nthreads;
	pid_t *pids = NULL;
	size_t npids = 0;
	int r;

	r = ns_proc_list_pids(s->opts->procfd, &pids, &npids);
	if (r < 0)
		return r;
	nthreads = thread_count(s->opts, npids);
	if (nthreads == 1)
		r = nsscan_pids(s, pids, npids);
	else
		r = scan_parallel(s, pids, npids, nthreads);
	free(pids);
	return r;
}

