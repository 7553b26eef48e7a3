// SPDX-License-Identifier: MIT
/*
 * netns monitor: "add NAME" / "delete NAME" as named namespaces come
 * and go, one flushed line each.
 *
 * inotify tells when a file appears in RUNDIR, but add makes the
 * placeholder first and binds the namespace onto it afterwards (or
 * fails and removes it). So a new file is "pending" until it is a
 * mount point; the mount table says when: /proc/self/mountinfo polls
 * POLLPRI on every change. A pending file removed unmounted was never
 * a namespace and is not reported. Deletes are reported for names
 * that were namespaces (when we started, or added since).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/inotify.h>
#include <sys/stat.h>
#include <unistd.h>

#include "libns/netns.h"
#include "libns/base.h"
#include "jsonout.h"
#include "netns.h"
#include "toolutil.h"

#ifndef STATX_ATTR_MOUNT_ROOT
#define STATX_ATTR_MOUNT_ROOT 0x00002000
#endif

struct nameset {
	char **v;
	size_t n, alloc;
};

static ssize_t set_find(const struct nameset *s, const char *name)
{
	for (size_t i = 0; i < s->n; i++)
		if (strcmp(s->v[i], name) == 0)
			return (ssize_t)i;
	return -1;
}

static int set_add(struct nameset *s, const char *name)
{
	char *dup;

	if (set_find(s, name) >= 0)
		return 0;
	if (ns_grow((void **)&s->v, &s->alloc, s->n + 1, sizeof(*s->v)) < 0 ||
	    !(dup = strdup(name)))
		return -ENOMEM;
	s->v[s->n++] = dup;
	return 0;
}

static bool set_del(struct nameset *s, const char *name)
{
	ssize_t i = set_find(s, name);

	if (i < 0)
		return false;
	free(s->v[i]);
	s->v[i] = s->v[--s->n];
	return true;
}

static void set_free(struct nameset *s)
{
	ns_netns_names_free(s->v, s->n);
}

/*
 * Is RUNDIR/@name a mount point (a bound namespace) by now? Looked up
 * by path, not through a directory fd: the first add after we started
 * may make RUNDIR a mount point (bound onto itself), and its names are
 * bound in that mount, which an fd opened before does not see.
 */
static bool mounted(const char *rundir, const char *name)
{
	struct statx stx;
	char *path;
	int r;

	if (ns_netns_path(rundir, name, &path) < 0)
		return false;
	r = statx(AT_FDCWD, path, AT_SYMLINK_NOFOLLOW, STATX_BASIC_STATS,
		  &stx);
	free(path);
	if (r < 0)
		return false;
	return (stx.stx_attributes_mask & STATX_ATTR_MOUNT_ROOT) &&
	       (stx.stx_attributes & STATX_ATTR_MOUNT_ROOT);
}

static int cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void report(const struct netns_ctx *ctx, const char *event,
		   const char *name)
{
	if (ctx->json) {
		struct tool_json j;

		tool_json_init(&j, stdout);
		tool_json_object_begin(&j);
		tool_json_member_str(&j, "event", event);
		tool_json_member_str_utf8(&j, "name", name);
		tool_json_object_end(&j);
	} else {
		printf("%s %s\n", event, name);
	}
	fflush(stdout);
}

struct monitor {
	const struct netns_ctx *ctx;
	struct nameset known, pending;
};

static void created(struct monitor *m, const char *name)
{
	if (mounted(m->ctx->rundir, name)) {
		if (set_find(&m->known, name) < 0)
			report(m->ctx, "add", name);
		set_add(&m->known, name);
	} else {
		set_add(&m->pending, name);
	}
}

static void removed(struct monitor *m, const char *name)
{
	set_del(&m->pending, name);
	if (set_del(&m->known, name))
		report(m->ctx, "delete", name);
}

/* The mount table changed: which pending files are namespaces now? */
static void recheck(struct monitor *m, int mfd)
{
	char buf[4096];

	/* reading it again clears the POLLPRI */
	if (lseek(mfd, 0, SEEK_SET) == 0)
		while (read(mfd, buf, sizeof(buf)) > 0)
			;
	for (size_t i = 0; i < m->pending.n;) {
		if (!mounted(m->ctx->rundir, m->pending.v[i])) {
			i++;
			continue;
		}
		report(m->ctx, "add", m->pending.v[i]);
		set_add(&m->known, m->pending.v[i]);
		set_del(&m->pending, m->pending.v[i]);
	}
}

/*
 * The inotify queue overflowed: events were dropped. What RUNDIR holds
 * now against what we knew: the differences reported as the events
 * would have been (a name gone, then one there, for a name deleted
 * and added again is not seen: it stays known).
 */
static void rescan(struct monitor *m)
{
	char **names = NULL;
	size_t n = 0;
	int r;

	tool_warn(0, "the inotify queue of %s overflowed, events may have been lost",
		  m->ctx->rundir);
	r = ns_netns_list(m->ctx->rundir, &names, &n);
	if (r < 0) {
		tool_warn(r, "cannot read %s", m->ctx->rundir);
		return;
	}
	for (size_t i = 0; i < m->known.n;) {
		bool there = bsearch(&m->known.v[i], names, n, sizeof(*names),
				     cmp_names) != NULL;

		if (there && mounted(m->ctx->rundir, m->known.v[i])) {
			i++;
			continue;
		}
		report(m->ctx, "delete", m->known.v[i]);
		set_del(&m->known, m->known.v[i]);
	}
	for (size_t i = 0; i < m->pending.n;) {
		if (bsearch(&m->pending.v[i], names, n, sizeof(*names),
			    cmp_names)) {
			i++;
			continue;
		}
		set_del(&m->pending, m->pending.v[i]);
	}
	for (size_t i = 0; i < n; i++)
		if (set_find(&m->known, names[i]) < 0)
			created(m, names[i]);
	ns_netns_names_free(names, n);
}

static int read_events(struct monitor *m, int ifd)
{
	char buf[16 * (sizeof(struct inotify_event) + NAME_MAX + 1)]
		__attribute__((aligned(__alignof__(struct inotify_event))));
	ssize_t n = read(ifd, buf, sizeof(buf));

	if (n < 0)
		return errno == EINTR || errno == EAGAIN ? 0 : ns_errno();
	for (char *p = buf; p < buf + n;) {
		const struct inotify_event *ev = (const void *)p;

		if (ev->mask & IN_Q_OVERFLOW)
			rescan(m);
		else if (ev->len && (ev->mask & (IN_CREATE | IN_MOVED_TO)))
			created(m, ev->name);
		else if (ev->len && (ev->mask & (IN_DELETE | IN_MOVED_FROM)))
			removed(m, ev->name);
		if (ev->mask & (IN_DELETE_SELF | IN_IGNORED))
			return -ENOENT;
		p += sizeof(*ev) + ev->len;
	}
	return 0;
}

static int watch(struct monitor *m, int ifd, int mfd)
{
	struct pollfd p[2] = {
		{ .fd = ifd, .events = POLLIN },
		{ .fd = mfd, .events = POLLPRI },
	};
	int r;

	for (;;) {
		if (poll(p, 2, -1) < 0) {
			if (errno == EINTR)
				continue;
			return ns_errno();
		}
		if (p[0].revents & POLLIN) {
			r = read_events(m, ifd);
			if (r < 0)
				return r;
		}
		if (p[1].revents & (POLLPRI | POLLERR))
			recheck(m, mfd);
	}
}

int netns_monitor(const struct netns_ctx *ctx, int argc, char **argv)
{
	struct monitor m = { .ctx = ctx };
	char **names = NULL;
	int ifd = -1, mfd = -1, r;
	size_t n = 0;

	(void)argc;
	(void)argv;
	if (mkdir(ctx->rundir, 0755) < 0 && errno != EEXIST) {
		tool_warn(-errno, "cannot create directory %s", ctx->rundir);
		return TOOL_EXIT_FAILURE;
	}
	ifd = inotify_init1(IN_CLOEXEC);
	if (ifd < 0 || inotify_add_watch(ifd, ctx->rundir,
					 IN_CREATE | IN_DELETE | IN_MOVED_TO |
						 IN_MOVED_FROM) < 0) {
		r = ns_errno();
		tool_warn(r, "cannot watch %s", ctx->rundir);
		goto out;
	}
	mfd = open("/proc/self/mountinfo", O_RDONLY | O_CLOEXEC);
	if (mfd < 0) {
		r = ns_errno();
		tool_warn(r, "cannot watch %s", ctx->rundir);
		goto out;
	}
	/* what is there already is known, not news */
	r = ns_netns_list(ctx->rundir, &names, &n);
	for (size_t i = 0; r == 0 && i < n; i++)
		if (mounted(ctx->rundir, names[i]))
			set_add(&m.known, names[i]);
		else
			set_add(&m.pending, names[i]);
	ns_netns_names_free(names, n);
	recheck(&m, mfd);
	r = watch(&m, ifd, mfd);
	if (r < 0)
		tool_warn(r, "cannot watch %s", ctx->rundir);
out:
	set_free(&m.known);
	set_free(&m.pending);
	ns_close(mfd);
	ns_close(ifd);
	return r < 0 ? TOOL_EXIT_FAILURE : TOOL_EXIT_OK;
}
