// SPDX-License-Identifier: MIT
/*
 * nsenter: what is taken from the target (or this side) before the
 * switch, and the directories after it.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <unistd.h>

#include "libns/base.h"
#include "nls.h"
#include "nsenter.h"
#include "runprog.h"
#include "toolutil.h"

#ifndef CGROUP2_SUPER_MAGIC
#define CGROUP2_SUPER_MAGIC 0x63677270
#endif
#ifndef SELINUX_MAGIC
#define SELINUX_MAGIC 0xf97cff8c
#endif

/* @what: N_() marked, "cannot open" and the like (util-linux's words) */
static noreturn void die(int err, const char *what, const char *path)
{
	tool_warn(err, "%s %s", _(what), path);
	exit(TOOL_EXIT_FAILURE);
}

static int piddir(struct ns_enter_state *state)
{
	int fd, r;

	r = ns_enter_piddir(state, &fd);
	if (r < 0) {
		tool_warn(r, "cannot open /proc/%d", (int)state->pid);
		exit(TOOL_EXIT_FAILURE);
	}
	return fd;
}

/* A directory: DIR of ours, or the target's "root"/"cwd". */
static int open_dir(struct ns_enter_state *state, const struct nsenter_dir *d,
		    const char *entry)
{
	char path[64];
	int fd;

	if (d->mode == NSENTER_DIR_PATH) {
		fd = open(d->path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		if (fd < 0)
			die(-errno, N_("cannot open"), d->path);
		return fd;
	}
	fd = openat(piddir(state), entry, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0) {
		snprintf(path, sizeof(path), "/proc/%d/%s", (int)state->pid,
			 entry);
		die(-errno, N_("cannot open"), path);
	}
	return fd;
}

/* The index of the variable named as @var's in @env[0..n), or n. */
static size_t find_var(char **env, size_t n, const char *var)
{
	size_t len = strcspn(var, "=");

	for (size_t i = 0; i < n; i++)
		if (strncmp(env[i], var, len) == 0 && env[i][len] == '=')
			return i;
	return n;
}

/*
 * -e: the target's environ (NUL separated) as an array, in util-linux
 * 2.42's order: each name once, where it first appears, with its last
 * value, and the whole list reversed.
 */
static char **read_environ(struct ns_enter_state *state)
{
	char *buf, **env, path[64];
	size_t len, n = 0;
	int r;

	r = ns_read_file_at(piddir(state), "environ", &buf, &len);
	if (r < 0) {
		snprintf(path, sizeof(path), "/proc/%d/environ",
			 (int)state->pid);
		die(r, N_("cannot read"), path);
	}
	env = calloc(len / 2 + 2, sizeof(*env));
	if (!env)
		die(-ENOMEM, N_("cannot read"), "environ");
	for (size_t i = 0; i < len; i += strlen(buf + i) + 1) {
		size_t at;

		if (!strchr(buf + i, '='))
			continue;
		at = find_var(env, n, buf + i);
		env[at] = buf + i;
		if (at == n)
			n++;
	}
	for (size_t i = 0; i < n / 2; i++) {
		char *tmp = env[i];

		env[i] = env[n - 1 - i];
		env[n - 1 - i] = tmp;
	}
	return env;
}

bool nsenter_cgroup_v2(void)
{
	struct statfs sfs;

	return statfs("/sys/fs/cgroup", &sfs) == 0 &&
	       sfs.f_type == CGROUP2_SUPER_MAGIC;
}

/*
 * -c: the target's cgroup.procs, opened now (its cgroup path is
 * relative to our cgroup namespace and mount) and written before any
 * namespace is entered: in a user namespace we may lose the right.
 */
static int join_cgroup(struct ns_enter_state *state)
{
	char *buf, *line, *end, path[4096];
	size_t len;
	int fd, r;

	if (!nsenter_cgroup_v2()) {
		tool_warn(0, "--join-cgroup is only supported in cgroup v2");
		exit(TOOL_EXIT_FAILURE);
	}
	r = ns_read_file_at(piddir(state), "cgroup", &buf, &len);
	if (r < 0)
		die(r, N_("cannot read"), "cgroup");
	line = strstr(buf, "0::");
	if (!line || (line != buf && line[-1] != '\n'))
		die(-ENOENT, N_("cannot find the cgroup of"), "the target");
	line += 3;
	end = strchrnul(line, '\n');
	*end = '\0';
	r = snprintf(path, sizeof(path), "/sys/fs/cgroup%s/cgroup.procs",
		     line);
	free(buf);
	if (r >= (int)sizeof(path))
		die(-ENAMETOOLONG, N_("cannot open"), "the cgroup.procs of the target");
	fd = open(path, O_WRONLY | O_CLOEXEC | O_NOFOLLOW);
	if (fd < 0)
		die(-errno, N_("cannot open"), path);
	/* "0": the writer itself */
	if (write(fd, "0", 1) != 1)
		die(-errno, N_("cannot write to"), path);
	return fd;
}

/* SELinux is enabled: its file system is mounted where libselinux looks. */
bool nsenter_selinux_enabled(void)
{
	struct statfs sfs;

	return statfs("/sys/fs/selinux", &sfs) == 0 &&
	       (unsigned long)sfs.f_type == SELINUX_MAGIC;
}

/*
 * -Z: the program is to run in the SELinux context of the target, as
 * util-linux's getpidcon() and setexeccon() do it: the target's
 * attr/current becomes our attr/exec, the context of our next execve
 * (and of our children's: a fork keeps it). Set now, before any
 * namespace is entered, while /proc is still ours. Where SELinux is
 * not enabled, -Z does nothing, as Debian's util-linux.
 */
static void follow_context(struct ns_enter_state *state, int procfd)
{
	char *ctx, path[64];
	size_t len;
	int fd, r;

	if (!nsenter_selinux_enabled())
		return;
	if (state->pidfd < 0) {
		tool_warn(0, "no target PID specified for --follow-context");
		exit(TOOL_EXIT_FAILURE);
	}
	r = ns_read_file_at(piddir(state), "attr/current", &ctx, &len);
	if (r < 0) {
		snprintf(path, sizeof(path), "/proc/%d/attr/current",
			 (int)state->pid);
		die(r, N_("cannot read"), path);
	}
	while (len > 0 && (ctx[len - 1] == '\0' || ctx[len - 1] == '\n'))
		len--;
	fd = openat(procfd, "thread-self/attr/exec", O_WRONLY | O_CLOEXEC);
	if (fd < 0 || write(fd, ctx, len) != (ssize_t)len) {
		tool_warn(-errno, "failed to set exec context to '%.*s'",
			  (int)len, ctx);
		exit(TOOL_EXIT_FAILURE);
	}
	ns_close(fd);
	free(ctx);
}

void nsenter_prepare(const struct nsenter_opts *opts,
		     struct ns_enter_state *state, struct nsenter_prep *prep)
{
	int r;

	*prep = (struct nsenter_prep){ .rootfd = -1, .wdfd = -1,
				       .cgroupfd = -1, .piddirfd = -1 };
	if (opts->root.mode != NSENTER_DIR_NONE)
		prep->rootfd = open_dir(state, &opts->root, "root");
	if (opts->wd.mode != NSENTER_DIR_NONE)
		prep->wdfd = open_dir(state, &opts->wd, "cwd");
	if (opts->env)
		prep->env = read_environ(state);
	if (opts->uid_mode == NSENTER_ID_FOLLOW ||
	    opts->gid_mode == NSENTER_ID_FOLLOW)
		prep->piddirfd = piddir(state);
	if (opts->join_cgroup)
		prep->cgroupfd = join_cgroup(state);
	if (opts->follow_context)
		follow_context(state, opts->req.procfd);
	/* All of it was the target's only if it is still alive now. */
	r = ns_enter_check_alive(state);
	if (r < 0) {
		tool_warn(r, "process %d exited", (int)state->pid);
		exit(TOOL_EXIT_FAILURE);
	}
}

void nsenter_follow_ids(struct nsenter_prep *prep)
{
	struct stat st;

	if (prep->piddirfd < 0)
		return;
	/*
	 * /proc/PID belongs to the process's effective ids, as seen from
	 * the user namespace we are in now: the target's own ids there.
	 */
	if (fstat(prep->piddirfd, &st) < 0)
		die(-errno, N_("cannot stat"), "the target");
	prep->uid = st.st_uid;
	prep->gid = st.st_gid;
}

/* -W DIR: in util-linux 2.42's words (it opens DIR, then fchdir()s) */
static void change_wdns(const char *path)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0) {
		tool_warn(-errno, "%s", _("cannot open current working directory"));
		exit(TOOL_EXIT_FAILURE);
	}
	if (fchdir(fd) < 0) {
		tool_warn(-errno, "%s", _("change directory by working directory file descriptor failed"));
		exit(TOOL_EXIT_FAILURE);
	}
	ns_close(fd);
}

void nsenter_switch_dirs(const struct nsenter_opts *opts,
			 struct nsenter_prep *prep)
{
	prep->cgroupfd = ns_close(prep->cgroupfd);
	if (prep->rootfd >= 0) {
		/*
		 * Without -w/-W the working directory stays what it is, as
		 * in util-linux 2.42 (outside the new root, getcwd(3) says
		 * so): it is taken along across the fchdir() the chroot
		 * needs.
		 */
		int cwd = open(".", O_PATH | O_DIRECTORY | O_CLOEXEC);

		if (fchdir(prep->rootfd) < 0 || chroot(".") < 0)
			die(-errno, N_("cannot change root directory to"),
			    opts->root.path ? opts->root.path : "the target's");
		if (cwd >= 0 && fchdir(cwd) < 0)
			die(-errno, N_("cannot change directory to"), ".");
		ns_close(cwd);
		prep->rootfd = ns_close(prep->rootfd);
	}
	if (prep->wdfd >= 0) {
		if (fchdir(prep->wdfd) < 0)
			die(-errno, N_("cannot change directory to"),
			    opts->wd.path ? opts->wd.path : "the target's");
		prep->wdfd = ns_close(prep->wdfd);
	}
	if (opts->wdns.mode == NSENTER_DIR_PATH)
		change_wdns(opts->wdns.path);
}
