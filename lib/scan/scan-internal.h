/* SPDX-License-Identifier: MIT */
/*
 * Internal: a scan while it runs, shared by scan.c (what an entry is
 * and how it is filled and finished), merge.c (partial scans into
 * one), listed.c (what listns(2) adds) and threads.c (ns_scan_run:
 * which PIDs are read by which thread, in what order). The others
 * call into scan.c, never the other way round.
 */
#ifndef LIBNS_NSSCAN_INTERNAL_H
#define LIBNS_NSSCAN_INTERNAL_H

#include <stddef.h>
#include <sys/types.h>

#include "inomap.h"
#include "libns/net.h"
#include "libns/scan.h"

/*
 * A scan and its working state. ns_scan_run hands out &pub; the index
 * stays for ns_scan_find, the rest is released by nsscan_finish.
 */
struct nsscan {
	struct ns_scan pub;
	size_t entries_alloc, procs_alloc, members_alloc;
	struct ns_inomap index;	  /* inode -> entry */
	struct ns_inomap sockets; /* socket inode -> seen */
	struct ns_net nl;
	dev_t nsfs_dev; /* 0: unknown (a fake proc tree) */
	pid_t self;	/* our PID under the proc root, 0: none */
	const struct ns_scan_opts *opts;
};

static inline struct nsscan *nsscan_of(const struct ns_scan *pub)
{
	return (struct nsscan *)((char *)pub - offsetof(struct nsscan, pub));
}

/* User namespaces nest at most 32 deep; anything deeper is a loop. */
#define MAX_RELATION_DEPTH 64

/* A new entry for @ino (the index grows with it). */
int nsscan_add_entry(struct nsscan *s, uint64_t ino, enum ns_kind type,
		     struct ns_entry **ret_entry);

/* The entry of @ino, NULL when there is none yet. */
struct ns_entry *nsscan_find_entry(struct nsscan *s, uint64_t ino);

/*
 * Read what the scan wants of entry @idx (relations, owner uid, NSID,
 * ID) through @nsfd, an fd of that namespace.
 */
int nsscan_read_details(struct nsscan *s, size_t idx, int nsfd);

/*
 * The namespaces of the listns(2) IDs @ids that the rest of the scan
 * did not find: entries of their own (NS_ENTRY_LISTED). Run last.
 */
int nsscan_listed(struct nsscan *s, const uint64_t *ids, size_t count);

/*
 * An empty scan; @nsfs_dev: that of nsfs files, 0 for a fake tree;
 * @self: the scanning process's PID under the proc root, 0 if none.
 */
void nsscan_init(struct nsscan *s, const struct ns_scan_opts *opts,
		 dev_t nsfs_dev, pid_t self);
void nsscan_clear(struct nsscan *s);

/* Scan these processes (their ns links, fds, sockets) into @s. */
int nsscan_pids(struct nsscan *s, const pid_t *pids, size_t count);

/*
 * Add @src, a scan of PIDs that come after all of @dst's, to @dst, so
 * that @dst is what one scan of both ranges in a row would have found.
 * @src gives up its process records; clear it afterwards either way.
 */
int nsscan_merge(struct nsscan *dst, struct nsscan *src);

/* Then the nsfs mounts, once all processes are in. */
int nsscan_mounts(struct nsscan *s);

/* Sort the entries, index them, release the working state. */
int nsscan_finish(struct nsscan *s);

#endif
