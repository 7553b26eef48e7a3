// SPDX-License-Identifier: MIT
/* Ids and capabilities for the program to run (libns/creds.h). */
#define _GNU_SOURCE
#include <errno.h>
#include <grp.h>
#include <linux/capability.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "libns/creds.h"
#include "libns/base.h"

/* 1 when setgroups(2) is denied in our user namespace. */
static int setgroups_denied(int procfd)
{
	char buf[16];
	ssize_t n;

	n = ns_read_buf_at(procfd, "self/setgroups", buf, sizeof(buf));
	if (n == -ENOENT)
		return 0; /* a kernel before 3.19: always allowed */
	if (n < 0)
		return (int)n;
	return strncmp(buf, "deny", 4) == 0;
}

int ns_creds_apply(int procfd, const struct ns_creds *creds,
		   enum ns_creds_step *ret_step)
{
	int r;

	if (creds->set_gid) {
		*ret_step = NS_CREDS_SETGROUPS;
		r = creds->strict_groups ? 0 : setgroups_denied(procfd);
		if (r < 0)
			return r;
		if (r == 0 && setgroups(0, NULL) < 0)
			return ns_errno();
		*ret_step = NS_CREDS_SETGID;
		if (setgid(creds->gid) < 0)
			return ns_errno();
	}
	*ret_step = NS_CREDS_SETUID;
	if (creds->set_uid && setuid(creds->uid) < 0)
		return ns_errno();
	return 0;
}

/*
 * Across execve() only ambient capabilities survive for a non-root
 * program; a capability can be ambient only when it is permitted and
 * inheritable. So: inheritable = permitted, then raise each
 * permitted one.
 */
int ns_creds_keep_caps(void)
{
	struct __user_cap_header_struct hdr = {
		.version = _LINUX_CAPABILITY_VERSION_3,
	};
	struct __user_cap_data_struct data[2];

	if (syscall(SYS_capget, &hdr, data) < 0)
		return ns_errno();
	data[0].inheritable = data[0].permitted;
	data[1].inheritable = data[1].permitted;
	if (syscall(SYS_capset, &hdr, data) < 0)
		return ns_errno();
	for (unsigned int cap = 0; cap < 64; cap++) {
		if (!(data[cap / 32].permitted & (1u << (cap % 32))))
			continue;
		if (prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_RAISE, cap, 0, 0) < 0)
			return ns_errno();
	}
	return 0;
}
