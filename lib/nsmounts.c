// SPDX-License-Identifier: MIT
/* nsfs entries of mountinfo, through libmount. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <libmount.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "libns/nsmounts.h"
#include "libns/procinfo.h"
#include "libns/util.h"

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
	enum ns_type type;
	uint64_t ino;
	int r;

	/* For nsfs the mount "root" is the link text: "net:[4026532182]" */
	if (!root || !target)
		return 0;
	if (root[0] == '/')
		root++;
	if (ns_parse_nslink(root, strlen(root), &type, &ino) < 0)
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

int ns_mounts_read(int procfd, struct ns_mount_list *ret_list)
{
	struct ns_mount_list list = { 0 };
	struct libmnt_table *tb = NULL;
	struct libmnt_iter *itr = NULL;
	struct libmnt_fs *fs;
	size_t alloc = 0;
	FILE *f = NULL;
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
	fclose(f);
	if (r < 0) {
		ns_mounts_clear(&list);
		return r;
	}
	*ret_list = list;
	return 0;
}

void ns_mounts_clear(struct ns_mount_list *list)
{
	for (size_t i = 0; i < list->count; i++)
		free(list->items[i].target);
	free(list->items);
	list->items = NULL;
	list->count = 0;
}
