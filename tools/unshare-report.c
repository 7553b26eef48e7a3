// SPDX-License-Identifier: MIT
/*
 * unshare: the message for a failed step, in util-linux's words where
 * it has them, and the cause that can be checked where we know one
 * (a user namespace or id map refused: sysctls, AppArmor, newuidmap).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "libns/base.h"
#include "nls.h"
#include "toolutil.h"
#include "unshare.h"

/* The number in a /proc/sys file, -1 when it cannot be read. */
static long sysctl_value(const char *path)
{
	char buf[32];

	if (ns_read_buf_at(AT_FDCWD, path, buf, sizeof(buf)) <= 0)
		return -1;
	return strtol(buf, NULL, 10);
}

/* Whether the running kernel is older than Linux MAJOR.MINOR. */
static bool kernel_before(int major, int minor)
{
	struct utsname u;
	int ma = 0, mi = 0;

	if (uname(&u) < 0 || sscanf(u.release, "%d.%d", &ma, &mi) != 2)
		return false;
	return ma < major || (ma == major && mi < minor);
}

/* Why creating namespaces was refused (EPERM, EACCES, ENOSPC, EUSERS). */
static const char *unshare_cause(const struct ns_create_plan *plan, int err,
				 char *buf, size_t size)
{
	bool user = plan->types & NS_TYPE_MASK(NS_TYPE_USER);
	long v;

	if (err != -EPERM && err != -EACCES && err != -ENOSPC &&
	    err != -EUSERS)
		return NULL;
	if (user) {
		v = sysctl_value("/proc/sys/user/max_user_namespaces");
		if (v == 0)
			return "user namespaces are disabled: /proc/sys/user/max_user_namespaces is 0";
		if (err == -ENOSPC) {
			snprintf(buf, size, "the limit of user namespaces is reached: /proc/sys/user/max_user_namespaces is %ld",
				 v);
			return buf;
		}
	}
	if (geteuid() == 0)
		return NULL;
	if (user && sysctl_value("/proc/sys/kernel/unprivileged_userns_clone") == 0)
		return "unprivileged user namespaces are disabled by sysctl kernel.unprivileged_userns_clone = 0";
	if (user && sysctl_value("/proc/sys/kernel/apparmor_restrict_unprivileged_userns") == 1)
		return "AppArmor restricts unprivileged user namespaces: sysctl kernel.apparmor_restrict_unprivileged_userns = 1";
	if (!user)
		return "an unprivileged user needs a user namespace for that: add -U (e.g. -r or --map-auto)";
	return NULL;
}

/* Why an id map was refused. */
static const char *map_cause(const struct ns_create_plan *plan,
			     const struct ns_create_error *e)
{
	enum ns_idmap_how how = e->step == NS_STEP_UID_MAP ? plan->uid_how
							   : plan->gid_how;
	bool uid = e->step == NS_STEP_UID_MAP;

	if (how == NS_IDMAP_NEWIDMAP && e->err == -ENOENT)
		return uid ? "newuidmap is not installed (Debian package uidmap)"
			   : "newgidmap is not installed (Debian package uidmap)";
	if (how == NS_IDMAP_NEWIDMAP && e->err == -EPERM)
		return uid ? "newuidmap refused: the ids must be yours in /etc/subuid"
			   : "newgidmap refused: the ids must be yours in /etc/subgid";
	if (how == NS_IDMAP_SELF && e->err == -EPERM && !uid &&
	    plan->setgroups == NS_SETGROUPS_ALLOW)
		return "an unprivileged gid map needs --setgroups=deny";
	return NULL;
}

/* util-linux: "write failed /proc/self/uid_map" */
static void map_what(const struct ns_create_plan *plan,
		     const struct ns_create_error *e, char *buf, size_t size)
{
	bool uid = e->step == NS_STEP_UID_MAP;
	enum ns_idmap_how how = uid ? plan->uid_how : plan->gid_how;
	const char *file = uid ? "uid_map" : "gid_map";

	if (how == NS_IDMAP_NEWIDMAP)
		snprintf(buf, size, "%s failed", uid ? "newuidmap" : "newgidmap");
	else if (ns_create_needs_helper(plan))
		snprintf(buf, size, "write failed /proc/%d/%s", (int)getpid(),
			 file);
	else
		snprintf(buf, size, "write failed /proc/self/%s", file);
}

static const char *persist_cause(int err)
{
	switch (err) {
	case -ENOTEMPTY:
		return "it is not empty (a mount would hide its contents)";
	case -EBUSY:
		return "it is already a mount point";
	case -ELOOP:
		return "it is a symbolic link";
	case -EISDIR:
		return "it is a directory";
	case -EINVAL:
		return "it is not a regular file";
	default:
		return NULL;
	}
}

/* What the helper binds: pid and time have their *_for_children. */
static const char *bound_entry(enum ns_kind type)
{
	const struct ns_type_info *info = ns_type_info(type);

	return info->children_entry ? info->children_entry : info->proc_name;
}

static bool on_shared_mount(const char *path)
{
	int procfd, r;

	procfd = open("/proc", O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (procfd < 0)
		return false;
	r = ns_persist_on_shared_mount(procfd, path);
	ns_close(procfd);
	return r > 0;
}

static void say(const char *what, int err, const char *cause)
{
	char *esc = tool_escape(what);

	fflush(stdout);
	/* one write: one line, whole */
	fprintf(stderr, "%s: %s%s%s%s%s%s\n", tool_name(), esc ? esc : what,
		err < 0 ? ": " : "", err < 0 ? strerror(-err) : "",
		cause ? " (" : "", cause ? cause : "", cause ? ")" : "");
	free(esc);
}

/* What to say: "what: strerror(-err) (cause)". */
struct message {
	char *what; /* room for the path, whatever its length */
	size_t size;
	char buf[160]; /* room for a cause made up */
	const char *cause;
	int err;
};

/*
 * --TYPE=FILE: prepare and bind. A file we refuse (not empty, a mount
 * point...) gets our words, util-linux has none; any other error
 * (ENOENT, EACCES) util-linux's, as its failed mount says it.
 */
static void say_persist(const struct ns_create_plan *plan,
			const struct ns_create_error *e, struct message *m)
{
	const char *path = e->path ? e->path : "";
	const char *cause = persist_cause(m->err);

	if (e->step == NS_STEP_PERSIST_PREPARE && cause) {
		snprintf(m->what, m->size,
			 "cannot use %s for the %s namespace: %s", path,
			 ns_type_name(e->type), cause);
		m->err = 0;
		return;
	}
	snprintf(m->what, m->size, _("mount /proc/%d/ns/%s on %s failed"),
		 (int)getpid(), bound_entry(e->type), path);
	if (e->step == NS_STEP_PERSIST_BIND && e->type == NS_TYPE_PID &&
	    m->err == -ENOENT && !plan->fork)
		m->cause = "a pid namespace has no file before its first process: add -f";
	/* The kernel says EINVAL for other causes too: only when the file
	 * is on a shared mount is this the one. */
	if (e->type == NS_TYPE_MNT && m->err == -EINVAL &&
	    on_shared_mount(path))
		m->cause = "a mount namespace can only be bound onto a file on a mount with private propagation";
}

static void say_unshare(const struct ns_create_plan *plan,
			const struct ns_create_error *e, struct message *m)
{
	(void)e;
	snprintf(m->what, m->size, _("unshare failed"));
	m->cause = unshare_cause(plan, m->err, m->buf, sizeof(m->buf));
}

static void say_map(const struct ns_create_plan *plan,
		    const struct ns_create_error *e, struct message *m)
{
	map_what(plan, e, m->what, m->size);
	m->cause = map_cause(plan, e);
	if (!m->cause && e->step == NS_STEP_UID_MAP)
		m->cause = unshare_cause(plan, m->err, m->buf, sizeof(m->buf));
}

static void say_setgroups(const struct ns_create_plan *plan,
			  const struct ns_create_error *e, struct message *m)
{
	const char *file = ns_create_needs_helper(plan) ? "setgroups" :
			   "/proc/self/setgroups";

	(void)e;
	/* open(2) refused (EACCES: --owner made the file another's);
	 * a refused write says EPERM */
	if (m->err == -EACCES)
		snprintf(m->what, m->size, _("cannot open %s"), file);
	else
		snprintf(m->what, m->size, _("write failed %s"), file);
}

static void say_owner(const struct ns_create_plan *plan,
		      const struct ns_create_error *e, struct message *m)
{
	(void)e;
	snprintf(m->what, m->size, _("cannot set the owner to %u:%u"),
		 (unsigned int)plan->owner_uid, (unsigned int)plan->owner_gid);
}

static void say_kill_child(const struct ns_create_plan *plan,
			   const struct ns_create_error *e, struct message *m)
{
	(void)plan;
	(void)e;
	if (m->err == -ESRCH) {
		snprintf(m->what, m->size, _("the parent died before --kill-child was in force"));
		m->err = 0;
	} else {
		snprintf(m->what, m->size, _("cannot set the parent death signal"));
	}
}

/* binfmt_misc has an instance per user namespace (and may be mounted
 * in one) since 6.7 only */
static void say_text(const char *text, const char *path, char *buf,
		     size_t size);

static void say_binfmt(const struct ns_create_plan *plan,
		       const struct ns_create_error *e, struct message *m)
{
	(void)plan;
	say_text(N_("mount %s failed"), e->path, m->what, m->size);
	if (m->err == -EPERM && kernel_before(6, 7))
		m->cause = "binfmt_misc in a user namespace needs Linux 6.7 or later";
}

typedef void (*sayer_t)(const struct ns_create_plan *plan,
			const struct ns_create_error *e, struct message *m);

/* The steps whose message takes more than a text. */
static const sayer_t sayers[NS_STEP_COUNT] = {
	[NS_STEP_PERSIST_PREPARE] = say_persist,
	[NS_STEP_PERSIST_BIND] = say_persist,
	[NS_STEP_UNSHARE] = say_unshare,
	[NS_STEP_UID_MAP] = say_map,
	[NS_STEP_GID_MAP] = say_map,
	[NS_STEP_SETGROUPS] = say_setgroups,
	[NS_STEP_OWNER] = say_owner,
	[NS_STEP_KILL_CHILD] = say_kill_child,
	[NS_STEP_MOUNT_BINFMT] = say_binfmt,
};

/*
 * The others: one message each, in util-linux's words (and its
 * translation), with "%s" for the path where there is one.
 */
static const char *const texts[NS_STEP_COUNT] = {
	[NS_STEP_TIME_OFFSETS] = N_("failed to write to %s"),
	[NS_STEP_PROPAGATION] = N_("cannot change root filesystem propagation"),
	[NS_STEP_MOUNT_PROC] = N_("mount %s failed"),
	[NS_STEP_OPEN_REGISTER] = N_("cannot open %s"),
	[NS_STEP_LOAD_INTERP] = N_("write failed %s"),
	[NS_STEP_CHROOT] = N_("cannot change root directory to '%s'"),
	[NS_STEP_CHDIR] = N_("cannot change directory to %s"),
	[NS_STEP_DROP_GROUPS] = N_("setgroups failed"),
	[NS_STEP_SETGID] = N_("setgid() failed"),
	[NS_STEP_SETUID] = N_("setuid() failed"),
	[NS_STEP_LO_UP] = N_("cannot bring up the loopback interface"),
	[NS_STEP_KEEP_CAPS] = N_("cannot keep capabilities"),
};

/* The translation of @text with @path in place of its "%s". */
static void say_text(const char *text, const char *path, char *buf,
		     size_t size)
{
	const char *t = _(text);
	const char *at = strstr(t, "%s");

	if (!at)
		snprintf(buf, size, "%s", t);
	else
		snprintf(buf, size, "%.*s%s%s", (int)(at - t), t,
			 path ? path : "", at + 2);
}

void unshare_report(const struct unshare_opts *opts,
		    const struct ns_create_error *e)
{
	unsigned int step = (unsigned int)e->step;
	struct message m = { .err = e->err };

	/* a path of the command line may be longer than PATH_MAX: the
	 * message says it whole, never cut short before the error */
	m.size = (e->path ? strlen(e->path) : 0) + PATH_MAX + 128;
	m.what = malloc(m.size);
	if (!m.what) {
		say(ns_create_step_name(e->step), -ENOMEM, NULL);
		return;
	}
	if (step < NS_STEP_COUNT && sayers[step])
		sayers[step](&opts->plan, e, &m);
	else if (step < NS_STEP_COUNT && texts[step])
		say_text(texts[step], e->path, m.what, m.size);
	else /* helper, fork */
		snprintf(m.what, m.size, "%s failed",
			 ns_create_step_name(e->step));
	say(m.what, m.err, m.cause);
	free(m.what);
}
