// SPDX-License-Identifier: MIT
/*
 * Entering a named network namespace as ip netns exec does: setns,
 * a mount namespace of our own, / a slave, a sysfs of the namespace,
 * /etc/netns/NAME bound over /etc. See netns.h for the steps.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include "libns/base.h"
#include "libns/netns.h"

struct enter {
	const struct ns_netns_enter_req *req;
	ns_netns_enter_note_t note;
	void *userdata;
};

static void say(const struct enter *e, enum ns_netns_enter_step step,
		int err, const char *src, const char *dst)
{
	const struct ns_netns_enter_error n = { step, err, src, dst };

	if (e->note)
		e->note(&n, e->userdata);
}

/* @step failed with -errno @err: into @ret_err, returned. */
static int fail(struct ns_netns_enter_error *ret_err,
		enum ns_netns_enter_step step, int err)
{
	*ret_err = (struct ns_netns_enter_error){ .step = step, .err = err };
	return err;
}

/*
 * A sysfs of the namespace on /sys, so /sys/class/net lists its links.
 * Mounted over the old one rather than after detaching it: where the
 * mount is refused, /sys stays as it was.
 */
static void mount_sysfs(const struct enter *e)
{
	const char *sys = e->req->sys_dir ? e->req->sys_dir : "/sys";
	unsigned long flags = MS_NOSUID | MS_NODEV | MS_NOEXEC;
	struct statvfs sv;

	if (statvfs(sys, &sv) == 0 && (sv.f_flag & ST_RDONLY))
		flags |= MS_RDONLY;
	if (mount(e->req->name, sys, "sysfs", flags, NULL) < 0)
		say(e, NS_NETNS_ENTER_SYSFS, ns_errno(), NULL, sys);
}

/* ETCDIR/NAME/@file bound onto /etc/@file. */
static int bind_etc_file(const struct enter *e, const char *dir,
			 const char *file)
{
	const char *etc = e->req->etc_dir ? e->req->etc_dir : "/etc";
	char *src = NULL, *dst = NULL;
	struct stat st;

	if (asprintf(&src, "%s/%s", dir, file) < 0)
		return -ENOMEM;
	if (asprintf(&dst, "%s/%s", etc, file) < 0) {
		free(src);
		return -ENOMEM;
	}
	if (lstat(dst, &st) == 0 && S_ISLNK(st.st_mode))
		say(e, NS_NETNS_ENTER_ETC_LINK, 0, src, dst);
	if (mount(src, dst, "none", MS_BIND, NULL) < 0)
		say(e, NS_NETNS_ENTER_ETC_BIND, ns_errno(), src, dst);
	free(src);
	free(dst);
	return 0;
}

/* Each ETCDIR/NAME/FILE bound onto /etc/FILE; no such directory: none. */
static void bind_etc(const struct enter *e)
{
	const char *base = e->req->netns_etc_dir ? e->req->netns_etc_dir
						 : NS_NETNS_ETC_DIR;
	char *dir = NULL;
	struct dirent *de;
	DIR *d;

	if (asprintf(&dir, "%s/%s", base, e->req->name) < 0)
		return;
	d = opendir(dir);
	while (d && (de = readdir(d))) {
		if (strcmp(de->d_name, ".") == 0 ||
		    strcmp(de->d_name, "..") == 0)
			continue;
		if (bind_etc_file(e, dir, de->d_name) < 0)
			break;
	}
	if (d)
		closedir(d);
	free(dir);
}

/* RUNDIR/NAME opened: by path, or through the run dir's fd. */
static int open_name(const struct ns_netns_enter_req *req, int *ret_nsfd)
{
	if (req->rundir_fd >= 0)
		return ns_netns_openat(req->rundir_fd, req->name, ret_nsfd);
	return ns_netns_open(req->rundir, req->name, ret_nsfd);
}

int ns_netns_enter(const struct ns_netns_enter_req *req,
		   ns_netns_enter_note_t note, void *userdata,
		   struct ns_netns_enter_error *ret_err)
{
	const struct enter e = { req, note, userdata };
	int nsfd, r;

	r = open_name(req, &nsfd);
	/* a good name, opened, but no namespace: what setns would say */
	if (r == -EINVAL && ns_netns_name_check(req->name) == 0)
		return fail(ret_err, NS_NETNS_ENTER_SETNS, r);
	if (r < 0)
		return fail(ret_err, NS_NETNS_ENTER_OPEN, r);
	r = setns(nsfd, CLONE_NEWNET) < 0 ? ns_errno() : 0;
	ns_close(nsfd);
	if (r < 0)
		return fail(ret_err, NS_NETNS_ENTER_SETNS, r);
	if (unshare(CLONE_NEWNS) < 0)
		return fail(ret_err, NS_NETNS_ENTER_UNSHARE, ns_errno());
	if (mount("none", "/", NULL, MS_SLAVE | MS_REC, NULL) < 0)
		return fail(ret_err, NS_NETNS_ENTER_SLAVE, ns_errno());
	if (!req->no_sysfs)
		mount_sysfs(&e);
	bind_etc(&e);
	return 0;
}

int ns_netns_detach_rundir(const char *rundir, int *ret_dirfd)
{
	int fd, r;

	fd = open(rundir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return ns_errno();
	if (unshare(CLONE_NEWNS) < 0) {
		r = ns_errno();
		ns_close(fd);
		return r;
	}
	/*
	 * Slave first, so the detach does not reach the caller's
	 * namespace. Where that fails, so does it in each child, which
	 * says so.
	 */
	if (mount("none", "/", NULL, MS_SLAVE | MS_REC, NULL) == 0)
		(void)umount2(rundir, MNT_DETACH);
	*ret_dirfd = fd;
	return 0;
}
