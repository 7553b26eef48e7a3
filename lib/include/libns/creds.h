/* SPDX-License-Identifier: MIT */
/*
 * Credentials of the process that is about to run a program in other
 * namespaces: ids and capabilities (unshare -S/-G/--keep-caps,
 * nsenter -S/-G/--keep-caps).
 */
#ifndef LIBNS_CREDS_H
#define LIBNS_CREDS_H

#include <stdbool.h>
#include <sys/types.h>

struct ns_creds {
	bool set_gid, set_uid;
	gid_t gid;
	uid_t uid;
	/*
	 * With set_gid, where our user namespace denies setgroups(2):
	 * false leaves the groups be (nsenter); true calls it all the
	 * same, and fails there (unshare, as util-linux's does).
	 */
	bool strict_groups;
};

/* Which call of ns_creds_apply() failed. */
enum ns_creds_step {
	NS_CREDS_SETGROUPS,
	NS_CREDS_SETGID,
	NS_CREDS_SETUID,
};

/*
 * With set_gid: drop the supplementary groups, unless our user
 * namespace forbids setgroups(2) (its /proc/self/setgroups, below the
 * proc root @procfd, says "deny": there the call always fails and
 * there are no groups to drop but the overflow group) and the creds
 * are not strict_groups, then setgid; with set_uid: setuid. -errno
 * and the failed call in @ret_step.
 */
int ns_creds_apply(int procfd, const struct ns_creds *creds,
		   enum ns_creds_step *ret_step);

/*
 * Keep the capabilities we have across execve(2) (--keep-caps): make
 * them inheritable and ambient.
 */
int ns_creds_keep_caps(void);

#endif
