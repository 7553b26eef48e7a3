/* SPDX-License-Identifier: MIT */
/*
 * Collect every namespace reachable from a proc root in one pass:
 * the ns links of all processes, nsfs fds and sockets they hold, and
 * nsfs bind mounts. Only the types, sources and details asked for are
 * read, so a narrow query stays cheap.
 */
#ifndef LIBNS_SCAN_H
#define LIBNS_SCAN_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "libns/net.h" /* NS_NET_NSID_UNASSIGNED */
#include "libns/mounts.h"
#include "libns/nstype.h"

/* Where namespaces are found. */
enum {
	NS_SRC_PROCS = 1 << 0,	 /* /proc/PID/ns/<type> of every process */
	NS_SRC_FDS = 1 << 1,	 /* nsfs fds held by processes (not ours) */
	NS_SRC_SOCKETS = 1 << 2, /* netns of their sockets (not ours) */
	NS_SRC_MOUNTS = 1 << 3,	 /* nsfs bind mounts in mountinfo */
	/*
	 * listns(2), Linux >= 6.19: the namespaces the caller may see that
	 * the kernel counts as active, also those no process, fd or mount
	 * of ours shows (an nsfs fd in flight in a unix socket, a bind
	 * mount in another mount namespace, a user namespace that only
	 * owns such). A kernel without it, or a proc root other than the
	 * kernel's (no nsfs device: a fake tree), adds nothing, silently.
	 */
	NS_SRC_LISTNS = 1 << 4,
	NS_SRC_ALL = (1 << 5) - 1,
	/* what walking /proc finds */
	NS_SRC_WALK = NS_SRC_PROCS | NS_SRC_FDS | NS_SRC_SOCKETS,
};

/* Flags of a scan. */
enum {
	/*
	 * Where listns(2) works, it and the mounts are the whole answer:
	 * no walk of /proc (so no processes, and no network namespace
	 * held only by a socket, which listns does not show). Without
	 * listns, the sources asked for are scanned as usual.
	 */
	NS_SCAN_LISTNS_SUFFICES = 1 << 0,
};

/* What to read beyond inode, type and process count. */
enum {
	NS_DETAIL_PPID = 1 << 0,      /* parent PID of a namespace's PID */
	NS_DETAIL_UID = 1 << 1,	      /* its uid */
	NS_DETAIL_COMMAND = 1 << 2,   /* its command line (or comm) */
	NS_DETAIL_RELATIONS = 1 << 3, /* owner and parent; adds stubs */
	NS_DETAIL_NSID = 1 << 4,      /* NSID of network namespaces */
	NS_DETAIL_OWNER_UID = 1 << 5, /* of a ns without PID: see owner_uid */
	NS_DETAIL_ID = 1 << 6,	      /* the 64-bit ID (NS_GET_ID, >= 6.18) */
};

struct ns_scan_opts {
	int procfd;		/* proc root, e.g. open("/proc") */
	unsigned int types;	/* NS_TYPE_MASK() bits */
	unsigned int sources;	/* NS_SRC_* */
	unsigned int details;	/* NS_DETAIL_* */
	uint64_t members_of;	/* if set: record all processes of this ns */
	unsigned int threads;	/* 0: up to one per CPU for large /procs */
	unsigned int flags;	/* NS_SCAN_* */
};

#define NS_NONE SIZE_MAX

/* A process whose details were read (a namespace's PID, or a member). */
struct ns_proc_rec {
	pid_t pid;
	pid_t ppid;
	uid_t uid;
	char *command;
};

enum {
	NS_ENTRY_STUB = 1 << 0,	     /* known only as owner/parent of another */
	NS_ENTRY_OWNER = 1 << 1,     /* .owner is valid */
	NS_ENTRY_PARENT = 1 << 2,    /* .parent is valid */
	NS_ENTRY_OWNER_UID = 1 << 3, /* .owner_uid is valid (no process) */
	NS_ENTRY_NSID = 1 << 4,	     /* .nsid is valid (net ns) */
	NS_ENTRY_SOCKET = 1 << 5,    /* the holder fd is a socket in it */
	NS_ENTRY_ID = 1 << 6,	     /* .id is valid */
	NS_ENTRY_LISTED = 1 << 7,    /* found by listns(2) alone */
};

struct ns_entry {
	uint64_t ino;
	enum ns_kind type;
	unsigned int flags;
	unsigned int nprocs; /* processes whose ns link points here */
	size_t proc;	     /* record of the lowest such PID, or NS_NONE */
	pid_t holder_pid;    /* else: a process holding an fd on it ... */
	int holder_fd;	     /* ... that fd (-1: none; NS_ENTRY_SOCKET) */
	size_t mount;	     /* else: first nsfs mount of it, or NS_NONE */
	uint64_t owner;	     /* owning user namespace */
	uint64_t parent;     /* parent namespace (pid, user) */
	uid_t owner_uid;     /* creator of its user ns (a user ns: its own) */
	int nsid;	     /* NSID or NS_NET_NSID_UNASSIGNED */
	uint64_t id;	     /* the namespace's ID (NS_GET_ID) */
};

/*
 * The result of a scan. Its working state (indexes, netlink socket,
 * options) is the library's own (lib/nsscan-internal.h).
 */
struct ns_scan {
	struct ns_entry *entries; /* sorted by inode */
	size_t count;
	struct ns_proc_rec *procs; /* in /proc order: ascending PIDs */
	size_t nprocs;
	size_t *members; /* indices into procs, ascending PIDs */
	size_t nmembers;
	struct ns_mount_list mounts; /* all nsfs mounts, mountinfo order */
};

/*
 * Run a scan. Processes that vanish meanwhile are skipped, namespaces
 * we may not read are left out (listns(2) IDs that no longer open,
 * too); the only errors are -ENOMEM, failure
 * to read the proc root itself, and -ENOTTY when a requested detail
 * needs an ioctl the kernel does not have.
 */
int ns_scan_run(const struct ns_scan_opts *opts, struct ns_scan **ret_scan);

/* Entry for @ino, NULL when the scan did not see it. */
const struct ns_entry *ns_scan_find(const struct ns_scan *scan, uint64_t ino);

/* Process record of an entry, NULL when it has no process. */
const struct ns_proc_rec *ns_scan_entry_proc(const struct ns_scan *scan,
					     const struct ns_entry *e);

void ns_scan_free(struct ns_scan *scan);

#endif
