// SPDX-License-Identifier: MIT
/* The namespace type table. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "libns/nstype.h"
#include "libns/base.h"

static const struct ns_type_info ns_types[NS_TYPE_COUNT] = {
	[NS_TYPE_MNT] = { "mnt", "mnt", NULL, "mount", 'm', CLONE_NEWNS,
			  "mount namespace" },
	[NS_TYPE_NET] = { "net", "net", NULL, "net", 'n', CLONE_NEWNET,
			  "network namespace" },
	[NS_TYPE_IPC] = { "ipc", "ipc", NULL, "ipc", 'i', CLONE_NEWIPC,
			  "System V IPC namespace" },
	[NS_TYPE_USER] = { "user", "user", NULL, "user", 'U', CLONE_NEWUSER,
			   "user namespace" },
	[NS_TYPE_PID] = { "pid", "pid", "pid_for_children", "pid", 'p',
			  CLONE_NEWPID, "pid namespace" },
	[NS_TYPE_UTS] = { "uts", "uts", NULL, "uts", 'u', CLONE_NEWUTS,
			  "UTS namespace (hostname etc)" },
	[NS_TYPE_CGROUP] = { "cgroup", "cgroup", NULL, "cgroup", 'C',
			     CLONE_NEWCGROUP, "cgroup namespace" },
	[NS_TYPE_TIME] = { "time", "time", "time_for_children", "time", 'T',
			   CLONE_NEWTIME, "time namespace" },
};

const struct ns_type_info *ns_type_info(enum ns_kind type)
{
	if ((unsigned int)type >= NS_TYPE_COUNT)
		return NULL;
	return &ns_types[type];
}

const char *ns_type_name(enum ns_kind type)
{
	const struct ns_type_info *info = ns_type_info(type);

	return info ? info->name : "unknown";
}

int ns_type_from_name_len(const char *name, size_t len,
			  enum ns_kind *ret_type)
{
	for (unsigned int t = 0; t < NS_TYPE_COUNT; t++) {
		if (strlen(ns_types[t].name) == len &&
		    memcmp(ns_types[t].name, name, len) == 0) {
			*ret_type = (enum ns_kind)t;
			return 0;
		}
	}
	return -EINVAL;
}

int ns_type_from_name(const char *name, enum ns_kind *ret_type)
{
	if (!name)
		return -EINVAL;
	return ns_type_from_name_len(name, strlen(name), ret_type);
}

int ns_type_from_clone_flag(int flag, enum ns_kind *ret_type)
{
	for (unsigned int t = 0; t < NS_TYPE_COUNT; t++) {
		if (ns_types[t].clone_flag == flag) {
			*ret_type = (enum ns_kind)t;
			return 0;
		}
	}
	return -EINVAL;
}

int ns_type_path(enum ns_kind type, unsigned int flags, const char *root,
		 pid_t pid, char *ret_path, size_t size)
{
	const struct ns_type_info *info = ns_type_info(type);
	const char *entry;
	int n;

	if (!info)
		return -EINVAL;
	entry = (flags & NS_PATH_CHILDREN) ? info->children_entry
					   : info->proc_name;
	if (!entry)
		return -EINVAL;
	if (pid == NS_PATH_PIDDIR)
		n = snprintf(ret_path, size, "ns/%s", entry);
	else if (pid == NS_PATH_SELF)
		n = snprintf(ret_path, size, "%s%sself/ns/%s", root ? root : "",
			     root ? "/" : "", entry);
	else if (pid > 0)
		n = snprintf(ret_path, size, "%s%s%d/ns/%s", root ? root : "",
			     root ? "/" : "", (int)pid, entry);
	else
		return -EINVAL;
	if (n < 0 || (size_t)n >= size)
		return -ENAMETOOLONG;
	return 0;
}

int ns_types_available(int procfd, unsigned int *ret_mask)
{
	unsigned int mask = 0;
	struct stat st;

	/* No self/ns at all is not "no types": the caller must know. */
	if (fstatat(procfd, "self/ns", &st, 0) < 0)
		return ns_errno();
	for (unsigned int t = 0; t < NS_TYPE_COUNT; t++) {
		char path[NS_PATH_MAX];

		if (ns_type_path((enum ns_kind)t, 0, NULL, NS_PATH_SELF, path,
				 sizeof(path)) < 0)
			continue;
		/* The entry exists exactly when the kernel has the type. */
		if (faccessat(procfd, path, F_OK, AT_SYMLINK_NOFOLLOW) == 0)
			mask |= NS_TYPE_MASK(t);
	}
	*ret_mask = mask;
	return 0;
}
