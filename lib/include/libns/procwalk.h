/* SPDX-License-Identifier: MIT */
/*
 * Walk the processes of a proc root, handing out a directory fd per
 * process so that everything read afterwards comes from that very
 * process even if its PID is reused meanwhile.
 */
#ifndef LIBNS_PROCWALK_H
#define LIBNS_PROCWALK_H

#include <sys/types.h>

struct ns_procwalk;

/* Start a walk over the numeric entries of @procfd (a /proc root). */
int ns_procwalk_new(int procfd, struct ns_procwalk **ret_walk);

/*
 * Next process, in ascending PID order as /proc lists them. Returns 1
 * and a new O_CLOEXEC directory fd the caller closes, 0 at the end,
 * -errno if /proc itself cannot be read. Processes that vanish or
 * cannot be opened are skipped.
 */
int ns_procwalk_next(struct ns_procwalk *walk, pid_t *ret_pid,
		     int *ret_dirfd);

void ns_procwalk_free(struct ns_procwalk *walk);

/*
 * All PIDs below @procfd, ascending as /proc lists them, in a malloc'd
 * array (NULL when there are none). Nothing is opened.
 */
int ns_proc_list_pids(int procfd, pid_t **ret_pids, size_t *ret_count);

/* Open /proc/<pid> below @procfd as a directory fd (O_CLOEXEC). */
int ns_proc_open(int procfd, pid_t pid, int *ret_dirfd);

#endif
