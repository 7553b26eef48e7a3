// SPDX-License-Identifier: MIT
/* nsfs entries of mountinfo, through libmount. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <libmount.h>
#include <linux/openat2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "libns/mounts.h"
#include "libns/nsfd.h"
#include "libns/base.h"

/*
 * libmount prints parse warnings by default; a library must not. A
 * line libmount could not parse for want of memory is not a bad line:
 * skipping it would drop a mount, so that stops the parse.
 */
static int quiet_errcb(struct libmnt_table *tb, const char *filename,
		       int line)
{
	(void)tb;
	(void)filename;
	(void)line;
	return errno == ENOMEM ? -ENOMEM : 1; /* else skip the line, go on */
}

static int add_mount(struct ns_mount_list *list, size_t *alloc,
		     struct libmnt_fs *fs)
{
	const char *root = mnt_fs_get_root(fs);
	const char *target = mnt_fs_get_target(fs);
	struct ns_mount *m;
	enum ns_kind type;
	uint64_t ino;
	int r;

	/* For nsfs the mount "root" is the link text: "net:[4026532182]" */
	if (!root || !target)
		return 0;
	if (root[0] == '/')
		root++;
	if (ns_fd_parse_link(root, strlen(root), &type, &ino) < 0)
		return 0;
	r = ns_grow((void **)&list->items, alloc, list->count + 1,
		    sizeof(*list->items));
	if (r < 0)
		return r;
	m = &list->items[list->count];
	m->target = strdup(target);
	if (!m->target)
		return -ENOMEM;
	m->ino = ino;
	m->type = type;
	list->count++;
	return 0;
}

int ns_mounts_parse(FILE *f, struct ns_mount_list *ret_list)
{
	struct ns_mount_list list = { 0 };
	struct libmnt_table *tb = NULL;
	struct libmnt_iter *itr = NULL;
	struct libmnt_fs *fs;
	size_t alloc = 0;
	int r;

	tb = mnt_new_table();
	itr = mnt_new_iter(MNT_ITER_FORWARD);
	if (!tb || !itr) {
		r = -ENOMEM;
		goto out;
	}
	mnt_table_set_parser_errcb(tb, quiet_errcb);
	r = mnt_table_parse_stream(tb, f, "mountinfo");
	if (r < 0)
		goto out;
	while (mnt_table_next_fs(tb, itr, &fs) == 0) {
		const char *fstype = mnt_fs_get_fstype(fs);

		if (!fstype || strcmp(fstype, "nsfs") != 0)
			continue;
		r = add_mount(&list, &alloc, fs);
		if (r < 0)
			goto out;
	}
	r = 0;
out:
	mnt_free_iter(itr);
	mnt_unref_table(tb);
	if (r < 0) {
		ns_mounts_clear(&list);
		return r;
	}
	*ret_list = list;
	return 0;
}

int ns_mounts_read(int procfd, struct ns_mount_list *ret_list)
{
	FILE *f;
	int fd, r;

	fd = openat(procfd, "self/mountinfo", O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return ns_errno();
	f = fdopen(fd, "re");
	if (!f) {
		r = ns_errno();
		ns_close(fd);
		return r;
	}
	r = ns_mounts_parse(f, ret_list);
	fclose(f);
	return r;
}

/*
 * Kernels before openat2 (5.6), or a seccomp filter that refuses it:
 * walk @path one component at a time, following no symlink.
 */
static int walk_nofollow(const char *path, int *ret_fd)
{
	char *copy, *comp, *next, *save = NULL;
	int dirfd, fd, r;

	if (path[0] != '/')
		return -EINVAL;
	copy = strdup(path);
	if (!copy)
		return -ENOMEM;
	dirfd = open("/", O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (dirfd < 0) {
		r = ns_errno();
		goto out;
	}
	for (comp = strtok_r(copy, "/", &save); comp; comp = next) {
		struct stat st;

		next = strtok_r(NULL, "/", &save);
		/* mountinfo paths are canonical: ".." is somebody's trick */
		if (strcmp(comp, "..") == 0) {
			r = -EINVAL;
			goto out;
		}
		/* O_PATH | O_NOFOLLOW on a symlink gives the link itself */
		fd = openat(dirfd, comp, O_PATH | O_NOFOLLOW | O_CLOEXEC);
		if (fd < 0) {
			r = ns_errno();
			goto out;
		}
		ns_close(dirfd);
		dirfd = fd;
		if (fstat(dirfd, &st) < 0) {
			r = ns_errno();
			goto out;
		}
		/* the errors openat2 gives for these */
		if (S_ISLNK(st.st_mode)) {
			r = -ELOOP;
			goto out;
		}
		if (next && !S_ISDIR(st.st_mode)) {
			r = -ENOTDIR;
			goto out;
		}
	}
	*ret_fd = dirfd;
	dirfd = -1;
	r = 0;
out:
	ns_close(dirfd);
	free(copy);
	return r;
}

/* An O_PATH fd of @path, not following any symlink on the way. */
static int open_nofollow(const char *path, int *ret_fd)
{
	struct open_how how = {
		.flags = O_PATH | O_CLOEXEC,
		.resolve = RESOLVE_NO_SYMLINKS,
	};
	int fd;

	fd = (int)syscall(SYS_openat2, AT_FDCWD, path, &how, sizeof(how));
	if (fd < 0 && (errno == ENOSYS || errno == E2BIG || errno == EPERM))
		return walk_nofollow(path, ret_fd);
	if (fd < 0)
		return ns_errno();
	*ret_fd = fd;
	return 0;
}

/* Is @fd the namespace @ino, a file on the nsfs device @nsfs_dev? */
static int check_is(int fd, dev_t nsfs_dev, uint64_t ino)
{
	struct stat st;

	if (fstat(fd, &st) < 0)
		return ns_errno();
	return st.st_dev == nsfs_dev && st.st_ino == ino ? 0 : -ESTALE;
}

int ns_mounts_open(int procfd, const struct ns_mount *m, dev_t nsfs_dev,
		  int *ret_fd)
{
	char name[32];
	int pathfd, fd, r;

	if (nsfs_dev == 0)
		return -EINVAL;
	r = open_nofollow(m->target, &pathfd);
	if (r < 0)
		return r;
	r = check_is(pathfd, nsfs_dev, m->ino);
	if (r < 0)
		goto out;
	/*
	 * O_PATH takes no ioctls. Reopen the very file just checked,
	 * through the /proc link of our own fd: a path lookup again could
	 * meet something else by now.
	 */
	snprintf(name, sizeof(name), "self/fd/%d", pathfd);
	fd = openat(procfd, name, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
	if (fd < 0) {
		r = ns_errno();
		goto out;
	}
	r = check_is(fd, nsfs_dev, m->ino);
	if (r < 0) {
		ns_close(fd);
		goto out;
	}
	*ret_fd = fd;
out:
	ns_close(pathfd);
	return r;
}

void ns_mounts_clear(struct ns_mount_list *list)
{
	for (size_t i = 0; i < list->count; i++)
		free(list->items[i].target);
	free(list->items);
	list->items = NULL;
	list->count = 0;
}
