// SPDX-License-Identifier: MIT
/* Bind mounting a namespace file onto a path, and undoing it. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/vfs.h>
#include <unistd.h>

#include "libns/persist.h"
#include "libns/base.h"

#ifndef NSFS_MAGIC
#define NSFS_MAGIC 0x6e736673
#endif
#ifndef STATX_ATTR_MOUNT_ROOT
#define STATX_ATTR_MOUNT_ROOT 0x00002000
#endif

/* 1 when @fd is the root of a mount, 0 when not, -errno. */
static int is_mount_root(int fd)
{
	struct statx stx;
	struct statfs sfs;

	if (statx(fd, "", AT_EMPTY_PATH, STATX_BASIC_STATS, &stx) < 0)
		return ns_errno();
	if (stx.stx_attributes_mask & STATX_ATTR_MOUNT_ROOT)
		return !!(stx.stx_attributes & STATX_ATTR_MOUNT_ROOT);
	/* Kernels before 5.8: a bound namespace file is on nsfs. */
	if (fstatfs(fd, &sfs) < 0)
		return ns_errno();
	return sfs.f_type == NSFS_MAGIC;
}

static int check_target(int fd, const struct stat *st)
{
	int r;

	if (S_ISDIR(st->st_mode))
		return -EISDIR;
	r = is_mount_root(fd);
	if (r < 0)
		return r;
	if (r)
		return -EBUSY;
	if (!S_ISREG(st->st_mode))
		return -EINVAL;
	if (st->st_size != 0)
		return -ENOTEMPTY;
	return 0;
}

/* O_EXCL: a file someone else creates meanwhile is not ours. */
static int create_excl(const char *path, mode_t mode)
{
	return open(path, O_RDONLY | O_CREAT | O_EXCL | O_NOFOLLOW |
			  O_CLOEXEC | O_NONBLOCK, mode);
}

int ns_persist_create(const char *path, mode_t mode,
		      struct ns_persist *ret_state)
{
	int fd;

	if (!path || !*path)
		return -EINVAL;
	fd = create_excl(path, mode);
	if (fd < 0)
		return ns_errno();
	ret_state->path = path;
	ret_state->fd = fd;
	ret_state->created = true;
	ret_state->mounted = false;
	return 0;
}

int ns_persist_prepare(const char *path, struct ns_persist *ret_state)
{
	bool created = false;
	int fd, r;

	if (!path || !*path)
		return -EINVAL;
	fd = open(path, O_PATH | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0 && errno == ENOENT) {
		fd = create_excl(path, 0444);
		created = fd >= 0;
	}
	if (fd < 0)
		return ns_errno();
	if (!created) {
		struct stat st;

		/* O_PATH|O_NOFOLLOW opens a symbolic link itself. */
		if (fstat(fd, &st) < 0) {
			r = ns_errno();
			goto close_fd;
		}
		if (S_ISLNK(st.st_mode)) {
			r = -ELOOP;
			goto close_fd;
		}
		r = check_target(fd, &st);
		if (r < 0)
			goto close_fd;
	}
	ret_state->path = path;
	ret_state->fd = fd;
	ret_state->created = created;
	ret_state->mounted = false;
	return 0;

close_fd:
	ns_close(fd);
	return r;
}

int ns_persist_bind(struct ns_persist *state, const char *nsfile)
{
	char target[32];

	if (state->fd < 0 || state->mounted)
		return -EINVAL;
	/*
	 * Mount onto the file we checked, through its fd: the path could
	 * name another file by now (a symlink swapped in by its owner).
	 */
	snprintf(target, sizeof(target), "/proc/self/fd/%d", state->fd);
	if (mount(nsfile, target, NULL, MS_BIND, NULL) < 0)
		return ns_errno();
	state->mounted = true;
	return 0;
}

int ns_persist_verify(const struct ns_persist *state, const char *nsfile)
{
	struct stat ns, under, now;
	int fd, r = 0;

	if (state->fd < 0 || !state->mounted)
		return -EINVAL;
	if (stat(nsfile, &ns) < 0)
		return ns_errno();
	/*
	 * Our fd is the file under the mount: what was written to it
	 * after prepare's check would now be hidden by the mount.
	 */
	if (fstat(state->fd, &under) < 0)
		return ns_errno();
	if (under.st_size != 0)
		return -ENOTEMPTY;
	/*
	 * The path must lead to the mount: its owner may have renamed
	 * the file we mounted on and put something else (a symbolic
	 * link to a namespace of theirs) at the path before the bind.
	 */
	fd = open(state->path, O_PATH | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0)
		return ns_errno();
	if (fstat(fd, &now) < 0)
		r = ns_errno();
	else if (S_ISLNK(now.st_mode))
		r = -ELOOP;
	else if (now.st_dev != ns.st_dev || now.st_ino != ns.st_ino)
		r = -EEXIST;
	ns_close(fd);
	return r;
}

/*
 * Detach our mount: through our fd (umount2 follows a /proc magic link
 * to the mount on top of it, since Linux 5.7), as the path may lead
 * elsewhere by now; by the path, not followed, on older kernels.
 */
static int umount_ours(const struct ns_persist *state)
{
	char target[32];

	snprintf(target, sizeof(target), "/proc/self/fd/%d", state->fd);
	if (umount2(target, MNT_DETACH) == 0)
		return 0;
	if (errno != EINVAL)
		return ns_errno();
	if (umount2(state->path, MNT_DETACH | UMOUNT_NOFOLLOW) < 0)
		return ns_errno();
	return 0;
}

/* Unlink @state->path if it is still the file we created. */
static int unlink_ours(const struct ns_persist *state)
{
	struct stat ours, now;

	if (fstat(state->fd, &ours) < 0)
		return ns_errno();
	if (fstatat(AT_FDCWD, state->path, &now, AT_SYMLINK_NOFOLLOW) < 0)
		return errno == ENOENT ? 0 : ns_errno();
	if (now.st_dev != ours.st_dev || now.st_ino != ours.st_ino)
		return 0;
	if (unlink(state->path) < 0)
		return ns_errno();
	return 0;
}

int ns_persist_undo(struct ns_persist *state)
{
	int r = 0;

	if (state->fd < 0)
		return 0;
	if (state->mounted)
		r = umount_ours(state);
	state->mounted = false;
	if (state->created) {
		int u = unlink_ours(state);

		if (r == 0)
			r = u;
	}
	ns_persist_release(state);
	return r;
}

void ns_persist_release(struct ns_persist *state)
{
	state->fd = ns_close(state->fd);
	state->created = false;
	state->mounted = false;
}

/*
 * Is the mountinfo @line (NUL terminated, without its newline) that
 * of mount @id, and then is it shared? Fields: id, parent, dev, root,
 * mount point, options, optional fields up to "-", ... 1, 0, -ENOENT
 * for another mount.
 */
static int line_shared(char *line, uint64_t id)
{
	char *save = NULL, *field;
	uint64_t v;
	int n = 0;

	field = strtok_r(line, " ", &save);
	if (!field || ns_parse_u64(field, &v) < 0 || v != id)
		return -ENOENT;
	while ((field = strtok_r(NULL, " ", &save))) {
		if (++n < 6)
			continue;
		if (strcmp(field, "-") == 0)
			break;
		if (strncmp(field, "shared:", 7) == 0)
			return 1;
	}
	return 0;
}

int ns_persist_mountinfo_shared(char *buf, uint64_t mnt_id)
{
	char *line, *next;
	int r = -ENOENT;

	for (line = buf; line && *line && r == -ENOENT; line = next) {
		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		r = line_shared(line, mnt_id);
	}
	return r;
}

int ns_persist_on_shared_mount(int procfd, const char *path)
{
	const char *slash = strrchr(path, '/');
	char *dir, *buf = NULL;
	struct statx stx;
	int r;

	/*
	 * The file is on the mount of its directory (it is no mount point
	 * itself: prepare refuses those), and the directory is still there
	 * when a failed run has removed the file it created.
	 */
	if (!slash)
		dir = strdup(".");
	else
		dir = strndup(path, slash == path ? 1 : (size_t)(slash - path));
	if (!dir)
		return -ENOMEM;
	r = statx(AT_FDCWD, dir, 0, STATX_MNT_ID, &stx) < 0 ? ns_errno() : 0;
	free(dir);
	if (r < 0)
		return r;
	if (!(stx.stx_mask & STATX_MNT_ID))
		return -EOPNOTSUPP;
	r = ns_read_file_at(procfd, "self/mountinfo", &buf, NULL);
	if (r < 0)
		return r;
	r = ns_persist_mountinfo_shared(buf, stx.stx_mnt_id);
	free(buf);
	return r;
}
