/* SPDX-License-Identifier: MIT */
/*
 * The one table of namespace types. Every tool derives its type names,
 * options, help text and messages from here.
 */
#ifndef LIBNS_NSTYPE_H
#define LIBNS_NSTYPE_H

#include <sched.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

/* Old libcs lack the newest flags; the values are kernel ABI. */
#ifndef CLONE_NEWCGROUP
#define CLONE_NEWCGROUP 0x02000000
#endif
#ifndef CLONE_NEWTIME
#define CLONE_NEWTIME 0x00000080
#endif

/* Order is the util-linux order: mnt net ipc user pid uts cgroup time. */
enum ns_kind {
	NS_TYPE_MNT,
	NS_TYPE_NET,
	NS_TYPE_IPC,
	NS_TYPE_USER,
	NS_TYPE_PID,
	NS_TYPE_UTS,
	NS_TYPE_CGROUP,
	NS_TYPE_TIME,
	NS_TYPE_COUNT,
};

#define NS_TYPE_MASK(t)	 (1u << (t))
#define NS_TYPE_MASK_ALL ((1u << NS_TYPE_COUNT) - 1)

struct ns_type_info {
	const char *name;	 /* lsns TYPE column, -t argument */
	const char *proc_name;	 /* its entry in /proc/PID/ns */
	/*
	 * The entry for the namespace children will get (pid and time:
	 * a process enters a new one by its next fork), or NULL.
	 */
	const char *children_entry;
	const char *option;	 /* unshare/nsenter long option */
	char option_char;	 /* unshare/nsenter short option */
	int clone_flag;		 /* CLONE_NEW*, also the NS_GET_NSTYPE value */
	const char *description; /* for help texts */
};

/* NULL for an out-of-range type. */
const struct ns_type_info *ns_type_info(enum ns_kind type);

/* Convenience: the name, "unknown" for an out-of-range type. */
const char *ns_type_name(enum ns_kind type);

/* Parse "net", "mnt", ...; -EINVAL when unknown. */
int ns_type_from_name(const char *name, enum ns_kind *ret_type);

/*
 * Parse a name of @len bytes (not NUL terminated), as found before the
 * ':' of an nsfs link ("net:[4026531840]").
 */
int ns_type_from_name_len(const char *name, size_t len,
			  enum ns_kind *ret_type);

/* CLONE_NEW* (or NS_GET_NSTYPE result) to type; -EINVAL when unknown. */
int ns_type_from_clone_flag(int flag, enum ns_kind *ret_type);

/* Whose ns directory ns_type_path() names. */
#define NS_PATH_SELF	0	/* "self" */
#define NS_PATH_PIDDIR	(-1)	/* none: relative to a /proc/PID fd */

/* Flags of ns_type_path(). */
enum {
	NS_PATH_CHILDREN = 1 << 0, /* the *_for_children entry */
};

/* Big enough for "/proc/PID/ns/<any entry>". */
#define NS_PATH_MAX 48

/*
 * The path of @type's entry in a process's ns directory, in @ret_path
 * of @size bytes: "ns/NAME" for NS_PATH_PIDDIR (relative to a
 * /proc/PID directory fd), else "PID/ns/NAME" or "self/ns/NAME" below
 * @root ("/proc" for an absolute path, NULL for one relative to a proc
 * root fd). -EINVAL for a type without that entry (NS_PATH_CHILDREN
 * of mnt, ...), -ENAMETOOLONG when @size is too small.
 */
int ns_type_path(enum ns_kind type, unsigned int flags, const char *root,
		 pid_t pid, char *ret_path, size_t size);

/*
 * Mask of the types the running kernel has, judged by the entries of
 * "self/ns" below the proc root @procfd.
 */
int ns_types_available(int procfd, unsigned int *ret_mask);

#endif
