// SPDX-License-Identifier: MIT
/* The namespace type table. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <string.h>
#include <unistd.h>

#include "libns/nstype.h"
#include "libns/util.h"

static const struct ns_type_info ns_types[NS_TYPE_COUNT] = {
	[NS_TYPE_MNT] = { "mnt", "mount", 'm', CLONE_NEWNS,
			  "mount namespace" },
	[NS_TYPE_NET] = { "net", "net", 'n', CLONE_NEWNET,
			  "network namespace" },
	[NS_TYPE_IPC] = { "ipc", "ipc", 'i', CLONE_NEWIPC,
			  "System V IPC namespace" },
	[NS_TYPE_USER] = { "user", "user", 'U', CLONE_NEWUSER,
			   "user namespace" },
	[NS_TYPE_PID] = { "pid", "pid", 'p', CLONE_NEWPID,
			  "pid namespace" },
	[NS_TYPE_UTS] = { "uts", "uts", 'u', CLONE_NEWUTS,
			  "UTS namespace (hostname etc)" },
	[NS_TYPE_CGROUP] = { "cgroup", "cgroup", 'C', CLONE_NEWCGROUP,
			     "cgroup namespace" },
	[NS_TYPE_TIME] = { "time", "time", 'T', CLONE_NEWTIME,
			   "time namespace" },
};

const struct ns_type_info *ns_type_info(enum ns_type type)
{
	if ((unsigned int)type >= NS_TYPE_COUNT)
		return NULL;
	return &ns_types[type];
}

const char *ns_type_name(enum ns_type type)
{
	const struct ns_type_info *info = ns_type_info(type);

	return info ? info->name : "unknown";
}

int ns_type_from_name_len(const char *name, size_t len,
			  enum ns_type *ret_type)
{
	for (unsigned int t = 0; t < NS_TYPE_COUNT; t++) {
		if (strlen(ns_types[t].name) == len &&
		    memcmp(ns_types[t].name, name, len) == 0) {
			*ret_type = (enum ns_type)t;
			return 0;
		}
	}
	return -EINVAL;
}

int ns_type_from_name(const char *name, enum ns_type *ret_type)
{
	if (!name)
		return -EINVAL;
	return ns_type_from_name_len(name, strlen(name), ret_type);
}

int ns_type_from_clone_flag(int flag, enum ns_type *ret_type)
{
	for (unsigned int t = 0; t < NS_TYPE_COUNT; t++) {
		if (ns_types[t].clone_flag == flag) {
			*ret_type = (enum ns_type)t;
			return 0;
		}
	}
	return -EINVAL;
}

int ns_types_available(int procfd, unsigned int *ret_mask)
{
	unsigned int mask = 0;
	int nsdir;

	nsdir = openat(procfd, "self/ns", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (nsdir < 0)
		return ns_errno();

	for (unsigned int t = 0; t < NS_TYPE_COUNT; t++) {
		/* The entry exists exactly when the kernel has the type. */
		if (faccessat(nsdir, ns_types[t].name, F_OK,
			      AT_SYMLINK_NOFOLLOW) == 0)
			mask |= NS_TYPE_MASK(t);
	}
	ns_close(nsdir);
	*ret_mask = mask;
	return 0;
}
