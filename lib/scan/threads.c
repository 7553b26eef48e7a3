// SPDX-License-Identifier: MIT
/*
 * The top of a scan, ns_scan_run: ask listns(2) for IDs, list the
 * PIDs, read them in one thread or several, then the mounts, then what
 * only listns showed.
 *
 * Parallel scans: the PID list is cut into consecutive ranges, one per
 * thread, each scanned into a partial result of its own (nothing is
 * shared while they run). The partials are then merged in PID order by
 * nsscan_merge, which makes the result the same as one thread's, field
 * by field.
 *
 * This file only decides who reads which PIDs: what an entry holds and
 * how partials combine is scan.c's. It calls into scan.c (through
 * scan-internal.h); scan.c never calls back.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include <unistd.h>

#include "libns/scan.h"
#include "libns/proc.h"
#include "libns/nsfd.h"
#include "libns/base.h"
#include "scan-internal.h"

struct worker {
	struct nsscan part;
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

static int scan_parallel(struct nsscan *s, const pid_t *pids, size_t npids,
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

		nsscan_init(&w->part, s->opts, s->nsfs_dev, s->self);
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
			r = nsscan_merge(s, &w->part);
		nsscan_clear(&w->part);
	}
	free(workers);
	return r;
}

static int scan_processes(struct nsscan *s)
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

/* Our PID as the proc root names it; 0: we are not in its pid ns. */
static pid_t own_pid(int procfd)
{
	char buf[16];
	ssize_t n;
	pid_t pid;

	n = readlinkat(procfd, "self", buf, sizeof(buf) - 1);
	if (n <= 0)
		return 0; /* e.g. a fake tree, where "self" is a directory */
	buf[n] = '\0';
	return ns_parse_pid(buf, &pid) == 0 ? pid : 0;
}

/*
 * listns(2) first (see listed.c): 1 and the IDs when it works, 0 when
 * the kernel lacks it (or it is not asked for), -errno.
 */
static int list_ids(const struct nsscan *s, uint64_t **ret_ids,
		    size_t *ret_count)
{
	const struct ns_scan_opts *opts = s->opts;
	int r;

	*ret_ids = NULL;
	*ret_count = 0;
	/* a fake proc tree (no nsfs): the kernel's list is not its */
	if (!(opts->sources & NS_SRC_LISTNS) || !opts->types || !s->nsfs_dev)
		return 0;
	r = ns_fd_list_ids(opts->types, ret_ids, ret_count);
	if (r == -ENOSYS || r == -EPERM) /* no listns (or seccomp's EPERM) */
		return 0;
	return r < 0 ? r : 1;
}

static int scan_all(struct nsscan *s)
{
	const struct ns_scan_opts *opts = s->opts;
	uint64_t *ids;
	size_t nids;
	int listed, r = 0;

	listed = list_ids(s, &ids, &nids);
	if (listed < 0)
		return listed;
	if (!(listed && (opts->flags & NS_SCAN_LISTNS_SUFFICES)) &&
	    (opts->sources & NS_SRC_WALK))
		r = scan_processes(s);
	if (r >= 0 && (opts->sources & NS_SRC_MOUNTS))
		r = nsscan_mounts(s);
	if (r >= 0 && listed)
		r = nsscan_listed(s, ids, nids);
	free(ids);
	return r;
}

int ns_scan_run(const struct ns_scan_opts *opts, struct ns_scan **ret_scan)
{
	struct nsscan *s;
	dev_t nsfs_dev;
	int r;

	s = malloc(sizeof(*s));
	if (!s)
		return -ENOMEM;
	if (ns_fd_nsfs_device(opts->procfd, &nsfs_dev) < 0)
		nsfs_dev = 0; /* a fake proc tree */
	nsscan_init(s, opts, nsfs_dev, own_pid(opts->procfd));

	r = scan_all(s);
	if (r >= 0)
		r = nsscan_finish(s);
	if (r < 0) {
		ns_scan_free(&s->pub);
		return r;
	}
	*ret_scan = &s->pub;
	return 0;
}
