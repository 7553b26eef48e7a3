// SPDX-License-Identifier: MIT
/*
 * The top of a scan, ns_scan_run: list the PIDs, read them in one
 * thread or several, then the mounts.
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

	r = scan_processes(s);
	if (r >= 0 && (opts->sources & NS_SRC_MOUNTS))
		r = nsscan_mounts(s);
	if (r >= 0)
		r = nsscan_finish(s);
	if (r < 0) {
		ns_scan_free(&s->pub);
		return r;
	}
	*ret_scan = &s->pub;
	return 0;
}
