// SPDX-License-Identifier: MIT
/* The /run/netns directory of named network namespaces. */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <linux/magic.h>
#include <time.h>
#include <unistd.h>

#include "libns/netns.h"
#include "libns/nsfd.h"
#include "libns/base.h"
#include "stack.h"

#ifndef STATX_ATTR_MOUNT_ROOT
#define STATX_ATTR_MOUNT_ROOT 0x00002000
#endif
#ifndef NSFS_MAGIC
#define NSFS_MAGIC 0x6e736673
#endif

int ns_netns_name_check(const char *name)
{
	size_t len;

	if (!name)
		return -EINVAL;
	len = strnlen(name, 256);
	if (len == 0 || len > 255 || strchr(name, '/') ||
	    strcmp(name, ".") == 0 || strcmp(name, "..") == 0)
		return -EINVAL;
	return 0;
}

int ns_netns_path(const char *rundir, const char *name, char **ret_path)
{
	char *path;

	if (asprintf(&path, "%s/%s", rundir, name) < 0)
		return -ENOMEM;
	*ret_path = path;
	return 0;
}

/*
 * @rundir a recursive shared mount point. MS_SHARED fails with EINVAL
 * on a directory that is no mount point: then it becomes one, bound
 * onto itself. That bind would join the peer group of the mount it
 * sits on (a shared /run): each later bind below it would be copied to
 * every peer, once per peer. Made private first, it leaves that group,
 * and shared again it starts a group of its own.
 */
static int make_shared(const char *rundir)
{
	int r;

	if (mount("none", rundir, NULL, MS_SHARED | MS_REC, NULL) == 0)
		return 0;
	if (errno != EINVAL)
		return ns_errno();
	if (mount(rundir, rundir, NULL, MS_BIND | MS_REC, NULL) < 0)
		return ns_errno();
	if (mount("none", rundir, NULL, MS_PRIVATE | MS_REC, NULL) < 0 ||
	    mount("none", rundir, NULL, MS_SHARED | MS_REC, NULL) < 0) {
		r = ns_errno();
		umount2(rundir, MNT_DETACH);
		return r;
	}
	return 0;
}

int ns_netns_dir_setup(const char *rundir, int *ret_lock_err,
		      enum ns_netns_step *ret_step)
{
	int fd, r, lock_err = 0;

	*ret_step = NS_NETNS_STEP_MKDIR;
	if (mkdir(rundir, 0755) < 0 && errno != EEXIST)
		return ns_errno();
	fd = open(rundir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return ns_errno();
	/*
	 * Two first-time adds at once would both find no mount point and
	 * both bind the directory onto itself: stacked mounts, with the
	 * names of one hidden under the other.
	 */
	while (flock(fd, LOCK_EX) < 0) {
		if (errno != EINTR) {
			lock_err = ns_errno();
			break;
		}
	}
	r = make_shared(rundir);
	ns_close(fd); /* unlocks */
	if (r < 0) {
		*ret_step = NS_NETNS_STEP_SHARE;
		return r;
	}
	*ret_step = NS_NETNS_STEP_NONE;
	*ret_lock_err = lock_err;
	return 0;
}

/*
 * Is the file pinned by @state (opened by ns_persist_prepare: a regular
 * empty file, no mount point) a stale placeholder of ours: mode
 * NS_NETNS_PLACEHOLDER_MODE, and last written NS_NETNS_STALE_SEC or
 * more ago? An ip netns add makes a placeholder of mode 0000 without
 * our lock and binds it after making its namespace: that one is never
 * taken over, however long ip stalls (both would bind the name).
 */
static bool is_stale_placeholder(const struct ns_persist *state)
{
	struct timespec now;
	struct stat st;

	if (fstat(state->fd, &st) < 0 || !S_ISREG(st.st_mode) ||
	    (st.st_mode & 07777) != NS_NETNS_PLACEHOLDER_MODE ||
	    st.st_size != 0)
		return false;
	if (clock_gettime(CLOCK_REALTIME, &now) < 0)
		return false;
	return now.tv_sec - st.st_mtim.tv_sec >= NS_NETNS_STALE_SEC;
}

/* Share-lock @rundir: the returned fd holds the lock, -1 if it failed. */
static int lock_rundir(const char *rundir)
{
	int fd = open(rundir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

	if (fd < 0)
		return -1;
	while (flock(fd, LOCK_SH) < 0) {
		if (errno != EINTR)
			return ns_close(fd);
	}
	return fd;
}

static void unlock_rundir(struct ns_netns_entry *entry)
{
	entry->lockfd = ns_close(entry->lockfd);
}

int ns_netns_place(const char *rundir, const char *name,
		   struct ns_netns_entry *ret_entry)
{
	struct ns_persist p = NS_PERSIST_INIT;
	char *path = NULL;
	int lockfd, r;

	r = ns_netns_name_check(name);
	if (r < 0)
		return r;
	r = ns_netns_path(rundir, name, &path);
	if (r < 0)
		return r;
	/*
	 * Every add of ours holds a shared lock from its placeholder to
	 * its bind, so a placeholder found while we hold the lock
	 * exclusively is not one of our adds' in flight: its add was
	 * killed in between. Exclusive only if no add is in that window
	 * right now (no waiting: that add could be the one that made it);
	 * without the lock, no takeover. ip netns add takes no lock: its
	 * placeholder's mode tells it apart (see is_stale_placeholder).
	 */
	lockfd = lock_rundir(rundir);
	r = ns_persist_create(path, NS_NETNS_PLACEHOLDER_MODE, &p);
	if (r == -EEXIST && lockfd >= 0 &&
	    flock(lockfd, LOCK_EX | LOCK_NB) == 0 &&
	    ns_persist_prepare(path, &p) == 0) {
		if (is_stale_placeholder(&p)) {
			p.created = true; /* ours now: undo removes it */
			r = 0;
		} else {
			ns_persist_release(&p);
		}
	}
	if (r < 0) {
		ns_close(lockfd);
		free(path);
		return r;
	}
	ret_entry->path = path;
	ret_entry->persist = p;
	ret_entry->lockfd = lockfd;
	return 0;
}

int ns_netns_bind(struct ns_netns_entry *entry, int nsfd)
{
	char src[32];
	int r;

	snprintf(src, sizeof(src), "/proc/self/fd/%d", nsfd);
	r = ns_persist_bind(&entry->persist, src);
	if (r == 0)
		r = ns_netns_check_alone(entry, nsfd);
	if (r == 0 || r == -EEXIST)
		unlock_rundir(entry); /* no placeholder of ours left */
	return r;
}

int ns_netns_undo(struct ns_netns_entry *entry)
{
	int r = ns_persist_undo(&entry->persist);

	unlock_rundir(entry);
	free(entry->path);
	entry->path = NULL;
	return r;
}

void ns_netns_keep(struct ns_netns_entry *entry)
{
	ns_persist_release(&entry->persist);
	unlock_rundir(entry);
	free(entry->path);
	entry->path = NULL;
}

/*
 * What RUNDIR/NAME is, not following a symbolic link: 1 for a mount
 * point with a namespace on it (nsfs), 0 for an empty regular file
 * that is no mount point (a placeholder, or what a bind left), and
 * -EPERM for anything else (left alone).
 */
static int deletable(const char *path)
{
	struct statx stx;
	struct statfs sfs;
	int fd, r;

	fd = open(path, O_PATH | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0)
		return ns_errno();
	if (statx(fd, "", AT_EMPTY_PATH, STATX_TYPE | STATX_SIZE, &stx) < 0 ||
	    fstatfs(fd, &sfs) < 0) {
		r = ns_errno();
		ns_close(fd);
		return r;
	}
	ns_close(fd);
	/* an nsfs file there can only be a bind mount's */
	if (sfs.f_type == NSFS_MAGIC)
		return 1;
	if ((stx.stx_attributes_mask & STATX_ATTR_MOUNT_ROOT) &&
	    (stx.stx_attributes & STATX_ATTR_MOUNT_ROOT))
		return -EPERM;
	if (S_ISREG(stx.stx_mode) && stx.stx_size == 0)
		return 0;
	return -EPERM;
}

int ns_netns_delete(const char *rundir, const char *name,
		    enum ns_netns_step *ret_step)
{
	char *path = NULL;
	int r;

	r = ns_netns_path(rundir, name, &path);
	if (r < 0)
		return r;
	r = deletable(path);
	if (r < 0) {
		*ret_step = r == -EPERM ? NS_NETNS_STEP_KIND
					: NS_NETNS_STEP_UNLINK;
		goto out;
	}
	if (r == 1 && umount2(path, MNT_DETACH | UMOUNT_NOFOLLOW) < 0 &&
	    errno != EINVAL && errno != ENOENT) {
		r = ns_errno();
		*ret_step = NS_NETNS_STEP_UMOUNT;
		goto out;
	}
	/* what the mount covered: the placeholder, nothing else */
	r = deletable(path);
	if (r == 1 || r == -EPERM) {
		r = -EPERM;
		*ret_step = NS_NETNS_STEP_KIND;
		goto out;
	}
	if (r == 0 && unlink(path) < 0)
		r = ns_errno();
	if (r < 0)
		*ret_step = NS_NETNS_STEP_UNLINK;
out:
	free(path);
	return r;
}

/* @fd (closed on failure) a network namespace: 0, or -EINVAL. */
static int check_netns_fd(int fd)
{
	struct ns_id id;
	int r;

	r = ns_fd_identify(fd, &id);
	if (r == 0 && id.type != NS_TYPE_NET)
		r = -EINVAL;
	if (r < 0)
		ns_close(fd);
	return r;
}

int ns_netns_open(const char *rundir, const char *name, int *ret_nsfd)
{
	char *path = NULL;
	int fd, r;

	r = ns_netns_path(rundir, name, &path);
	if (r < 0)
		return r;
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK);
	r = fd < 0 ? ns_errno() : 0;
	free(path);
	if (r < 0)
		return r;
	r = check_netns_fd(fd);
	if (r < 0)
		return r;
	*ret_nsfd = fd;
	return 0;
}

int ns_netns_openat(int dirfd, const char *name, int *ret_nsfd)
{
	int fd, r;

	r = ns_netns_name_check(name);
	if (r < 0)
		return r;
	fd = openat(dirfd, name,
		    O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK);
	if (fd < 0)
		return ns_errno();
	r = check_netns_fd(fd);
	if (r < 0)
		return r;
	*ret_nsfd = fd;
	return 0;
}

static int cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

void ns_netns_names_free(char **names, size_t count)
{
	for (size_t i = 0; i < count; i++)
		free(names[i]);
	free(names);
}

int ns_netns_list(const char *rundir, char ***ret_names, size_t *ret_count)
{
	char **names = NULL;
	size_t count = 0, alloc = 0;
	struct dirent *de;
	int fd, r = 0;
	DIR *dir;

	fd = open(rundir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0) {
		if (errno != ENOENT)
			return ns_errno();
		*ret_names = NULL;
		*ret_count = 0;
		return 0;
	}
	dir = fdopendir(fd);
	if (!dir) {
		r = ns_errno();
		ns_close(fd);
		return r;
	}
	for (;;) {
		errno = 0;
		de = readdir(dir);
		if (!de) {
			r = errno ? ns_errno() : 0;
			break;
		}
		if (strcmp(de->d_name, ".") == 0 ||
		    strcmp(de->d_name, "..") == 0)
			continue;
		r = ns_grow((void **)&names, &alloc, count + 1,
			    sizeof(*names));
		if (r < 0)
			break;
		names[count] = strdup(de->d_name);
		if (!names[count]) {
			r = -ENOMEM;
			break;
		}
		count++;
	}
	closedir(dir);
	if (r < 0) {
		ns_netns_names_free(names, count);
		return r;
	}
	if (count > 1)
		qsort(names, count, sizeof(*names), cmp_names);
	*ret_names = names;
	*ret_count = count;
	return 0;
}
