/* SPDX-License-Identifier: MIT */
/* Internal: what nsscan.c and nsscan-threads.c share. */
#ifndef LIBNS_NSSCAN_INTERNAL_H
#define LIBNS_NSSCAN_INTERNAL_H

#include "libns/nsscan.h"

void nsscan_init(struct ns_scan *s, const struct ns_scan_opts *opts,
		 dev_t nsfs_dev);
void nsscan_clear(struct ns_scan *s);

/* A new entry (also in the index); the pointer lives until the next. */
int nsscan_add_entry(struct ns_scan *s, uint64_t ino, enum ns_type type,
		     struct ns_entry **ret_entry);
struct ns_entry *nsscan_find_entry(struct ns_scan *s, uint64_t ino);

/* Scan these processes (their ns links, fds, sockets) into @s. */
int nsscan_pids(struct ns_scan *s, const pid_t *pids, size_t count);

/* Scan every process of the proc root, with threads when it pays. */
int nsscan_processes(struct ns_scan *s);

#endif
