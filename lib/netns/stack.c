// SPDX-License-Identifier: MIT
/*
 * One mount on a name: after our bind, the name must carry our
 * namespace alone. ip netns add takes no lock and binds by path, so
 * when it interleaves with ours (its placeholder removed and ours made
 * while it stalled, or its placeholder taken over as stale) both binds
 * land on one file, stacked, and both adds would succeed. Here the
 * stack is seen (the nsfs mounts on the path in mountinfo) and ours is
 * taken out of it, whichever place it has: the mounts above ours are
 * detached one by one (each namespace kept by an fd), then ours, then
 * the others are bound back in their order. A lookup of the name in
 * between finds the placeholder (ip netns exec would fail there for a
 * moment); in the common order, ours on top, nothing else moves.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#include "libns/base.h"
#include "libns/mounts.h"
#include "libns/netns.h"
#include "stack.h"

/* How many nsfs mounts mountinfo shows on the file at @path. */
static int mounts_on(const char *path, size_t *ret_count)
{
	struct ns_mount_list list = { 0 };
	char real[PATH_MAX];
	size_t n = 0;
	int procfd, r;

	if (!realpath(path, real))
		return ns_errno();
	procfd = open("/proc", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (procfd < 0)
		return ns_errno();
	r = ns_mounts_read(procfd, &list);
	ns_close(procfd);
	if (r < 0)
		return r;
	for (size_t i = 0; i < list.count; i++)
		if (strcmp(list.items[i].target, real) == 0)
			n++;
	ns_mounts_clear(&list);
	*ret_count = n;
	return 0;
}

#define STACK_MAX 16

/*
 * Take the mount of the namespace @ours out of the stack on @path
 * (whose lookup leads to the top mount); the others are bound back
 * onto @target ("/proc/self/fd/N" of the placeholder: a bind there
 * lands on top).
 */
static int unstack(const char *path, const char *target,
		   const struct stat *ours)
{
	int above[STACK_MAX], n = 0, r = -ENOENT;
	char src[32];
	struct stat st;

	while (n < STACK_MAX) {
		int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK |
					    O_NOFOLLOW);

		if (fd < 0 || fstat(fd, &st) < 0) {
			r = ns_errno();
			ns_close(fd);
			break;
		}
		/* no namespace on top: the file itself, ours is gone */
		if (st.st_dev != ours->st_dev) {
			ns_close(fd);
			break;
		}
		if (umount2(path, MNT_DETACH | UMOUNT_NOFOLLOW) < 0) {
			r = ns_errno();
			ns_close(fd);
			break;
		}
		if (st.st_ino == ours->st_ino) {
			ns_close(fd);
			r = 0;
			break;
		}
		above[n++] = fd;
	}
	/* the others back, as they were */
	while (n-- > 0) {
		snprintf(src, sizeof(src), "/proc/self/fd/%d", above[n]);
		if (mount(src, target, NULL, MS_BIND, NULL) < 0 && r == 0)
			r = ns_errno();
		ns_close(above[n]);
	}
	return r;
}

int ns_netns_check_alone(struct ns_netns_entry *entry, int nsfd)
{
	char target[32];
	struct stat ours;
	size_t n;
	int r;

	r = mounts_on(entry->path, &n);
	if (r < 0)
		return r == -ENOENT ? 0 : r; /* deleted meanwhile */
	if (n <= 1)
		return 0;
	if (fstat(nsfd, &ours) < 0)
		return ns_errno();
	snprintf(target, sizeof(target), "/proc/self/fd/%d",
		 entry->persist.fd);
	r = unstack(entry->path, target, &ours);
	/* the file and what is on it are the other add's now */
	entry->persist.mounted = false;
	entry->persist.created = false;
	return r < 0 ? r : -EEXIST;
}
