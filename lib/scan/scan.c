// SPDX-License-Identifier: MIT
/*
 * The entries of a scan: how the processes, fds and mounts of a proc
 * root fill them, and the result's public accessors. How partial scans
 * of PID ranges merge is merge.c's, the namespaces only listns(2)
 * shows are listed.c's; ns_scan_run, which decides which PIDs are read
 * by which thread, is in threads.c. They call this file, never the
 * other way round.
 *
 * Ordering constraints worth knowing:
 * - /proc lists PIDs in ascending order, so the first process seen in
 *   a namespace is its lowest PID; its details are read right then,
 *   through the same directory fd as its ns links, so a row never
 *   mixes two processes even if the PID is reused before we finish.
 * - All ns links of a process are read before anything is counted: a
 *   process that exits halfway is skipped as a whole. A zombie keeps
 *   only its user and pid links (the others read ENOENT): it counts in
 *   the namespaces whose links still read, as util-linux counts it.
 * - "Gone" is ENOENT or ESRCH and nothing else; EACCES on another
 *   user's process is "not ours to see". Running out of fds or memory
 *   fails the scan: a listing is complete or not given at all.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "libns/nsfd.h"
#include "libns/scan.h"
#include "libns/proc.h"
#include "libns/base.h"
#include "scan-internal.h"

int nsscan_add_entry(struct nsscan *s, uint64_t ino, enum ns_kind type,
		     struct ns_entry **ret_entry)
{
	struct ns_entry *e;
	int r;

	r = ns_grow((void **)&s->pub.entries, &s->entries_alloc,
		    s->pub.count + 1, sizeof(*s->pub.entries));
	if (r < 0)
		return r;
	r = ns_inomap_put(&s->index, ino, s->pub.count);
	if (r < 0)
		return r;
	e = &s->pub.entries[s->pub.count++];
	*e = (struct ns_entry){
		.ino = ino,
		.type = type,
		.proc = NS_NONE,
		.holder_fd = -1,
		.mount = NS_NONE,
		.nsid = NS_NET_NSID_UNASSIGNED,
	};
	*ret_entry = e;
	return 0;
}

struct ns_entry *nsscan_find_entry(struct nsscan *s, uint64_t ino)
{
	size_t idx;

	if (ns_inomap_get(&s->index, ino, &idx) < 0)
		return NULL;
	return &s->pub.entries[idx];
}

static int read_relations(struct nsscan *s, size_t idx, int nsfd,
			  unsigned int depth);

/*
 * Make sure the namespace @relfd (an owner or parent) has an entry; a
 * namespace met only this way is a stub. Returns its inode.
 */
static int note_related(struct nsscan *s, int relfd, enum ns_kind type,
			unsigned int depth, uint64_t *ret_ino)
{
	struct ns_entry *e;
	struct stat st;
	int r;

	if (fstat(relfd, &st) < 0)
		return ns_errno();
	*ret_ino = st.st_ino;
	if (nsscan_find_entry(s, st.st_ino))
		return 0;
	r = nsscan_add_entry(s, st.st_ino, type, &e);
	if (r < 0)
		return r;
	e->flags |= NS_ENTRY_STUB;
	return read_relations(s, s->pub.count - 1, relfd, depth + 1);
}

/*
 * Errors that only mean "not for us to know": no such relation, out
 * of our reach, or gone. Anything else (ENOTTY, ENOMEM) is reported.
 */
static bool relation_unavailable(int r)
{
	return r == -EPERM || r == -ENOENT || r == -EINVAL || r == -ESRCH ||
	       r == -EACCES;
}

static int read_relation(struct nsscan *s, size_t idx, int nsfd,
			 enum ns_relation rel, unsigned int depth)
{
	enum ns_kind type = s->pub.entries[idx].type;
	enum ns_kind reltype = rel == NS_REL_OWNER ? NS_TYPE_USER : type;
	uint64_t ino = 0;
	int relfd, r;

	r = ns_fd_related(nsfd, rel, &relfd);
	if (r < 0)
		return relation_unavailable(r) ? 0 : r;
	r = note_related(s, relfd, reltype, depth, &ino);
	ns_close(relfd);
	if (r < 0)
		return relation_unavailable(r) ? 0 : r;
	/* note_related may have grown (moved) the entries array. */
	if (rel == NS_REL_OWNER) {
		s->pub.entries[idx].owner = ino;
		s->pub.entries[idx].flags |= NS_ENTRY_OWNER;
	} else {
		s->pub.entries[idx].parent = ino;
		s->pub.entries[idx].flags |= NS_ENTRY_PARENT;
	}
	return 0;
}

/*
 * The uid a namespace without processes is shown with: the owner of its
 * user namespace (for a user namespace: its own creator).
 */
static int read_owner_uid(int nsfd, enum ns_kind type, uid_t *ret_uid)
{
	int userfd, r;

	if (type == NS_TYPE_USER)
		return ns_fd_owner_uid(nsfd, ret_uid);
	r = ns_fd_related(nsfd, NS_REL_OWNER, &userfd);
	if (r < 0)
		return r;
	r = ns_fd_owner_uid(userfd, ret_uid);
	ns_close(userfd);
	return r;
}

static int read_relations(struct nsscan *s, size_t idx, int nsfd,
			  unsigned int depth)
{
	const unsigned int details = s->opts->details;
	enum ns_kind type = s->pub.entries[idx].type;
	int r;

	if (depth > MAX_RELATION_DEPTH)
		return 0;

	if (details & NS_DETAIL_RELATIONS) {
		r = read_relation(s, idx, nsfd, NS_REL_OWNER, depth);
		if (r < 0)
			return r;
		if (type == NS_TYPE_USER) {
			/* ioctl_ns(2): for a user namespace NS_GET_PARENT is
			 * NS_GET_USERNS, so not asked twice */
			struct ns_entry *e = &s->pub.entries[idx];

			if (e->flags & NS_ENTRY_OWNER) {
				e->parent = e->owner;
				e->flags |= NS_ENTRY_PARENT;
			}
		} else if (type == NS_TYPE_PID) {
			r = read_relation(s, idx, nsfd, NS_REL_PARENT, depth);
			if (r < 0)
				return r;
		}
	}

	if ((details & NS_DETAIL_OWNER_UID) &&
	    s->pub.entries[idx].proc == NS_NONE) {
		uid_t uid;

		r = read_owner_uid(nsfd, type, &uid);
		if (r == 0) {
			s->pub.entries[idx].owner_uid = uid;
			s->pub.entries[idx].flags |= NS_ENTRY_OWNER_UID;
		} else if (!relation_unavailable(r)) {
			return r;
		}
	}

	if ((details & NS_DETAIL_ID) && !(s->pub.entries[idx].flags &
					   NS_ENTRY_ID)) {
		/* ENOTTY before 6.18: no IDs here, an empty column */
		r = ns_fd_get_id(nsfd, &s->pub.entries[idx].id);
		if (r == 0)
			s->pub.entries[idx].flags |= NS_ENTRY_ID;
		else if (ns_err_resource(r))
			return r;
	}

	if ((details & NS_DETAIL_NSID) && type == NS_TYPE_NET) {
		int nsid;

		if (!ns_net_is_open(&s->nl)) {
			r = ns_net_open(&s->nl);
			if (r < 0) /* no netlink here: no NSIDs */
				return ns_err_resource(r) ? r : 0;
		}
		r = ns_net_nsid_get(&s->nl, nsfd, &nsid);
		if (r == 0) {
			s->pub.entries[idx].nsid = nsid;
			s->pub.entries[idx].flags |= NS_ENTRY_NSID;
		} else if (ns_err_resource(r)) {
			return r;
		}
	}
	return 0;
}

int nsscan_read_details(struct nsscan *s, size_t idx, int nsfd)
{
	return read_relations(s, idx, nsfd, 0);
}

/* Is there anything to learn by opening this namespace? */
static bool wants_namespace_fd(const struct nsscan *s,
			       const struct ns_entry *e)
{
	const unsigned int details = s->opts->details;

	return (details & (NS_DETAIL_RELATIONS | NS_DETAIL_ID)) ||
	       ((details & NS_DETAIL_NSID) && e->type == NS_TYPE_NET) ||
	       ((details & NS_DETAIL_OWNER_UID) && e->proc == NS_NONE);
}

/*
 * Details of a namespace first seen as the ns link @path of the
 * process directory @dirfd (the kernel's, always an nsfs file). It
 * must still be the namespace we saw: a process may have switched
 * namespaces since its link was read. One fstat proves both that it is
 * nsfs (the device) and that it is that namespace (the inode); only a
 * fake proc tree, whose nsfs device is unknown, asks statfs.
 */
static int details_from_path(struct nsscan *s, size_t idx, int dirfd,
			     const char *path)
{
	struct stat st;
	int fd, r;

	if (!wants_namespace_fd(s, &s->pub.entries[idx]))
		return 0;
	if (s->nsfs_dev) {
		/* Never blocks, should @path be a FIFO: nsfs ignores it. */
		fd = openat(dirfd, path,
			    O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
		r = fd < 0 ? ns_errno() : 0;
	} else {
		r = ns_fd_open_path(dirfd, path, &fd);
	}
	if (r < 0) /* gone, swapped, not ours: no details; else an error */
		return ns_err_resource(r) ? r : 0;
	r = 0;
	if (fstat(fd, &st) == 0 && st.st_ino == s->pub.entries[idx].ino &&
	    (!s->nsfs_dev || st.st_dev == s->nsfs_dev))
		r = read_relations(s, idx, fd, 0);
	ns_close(fd);
	return r;
}

static int read_proc_details(struct nsscan *s, int dirfd, pid_t pid,
			     size_t *ret_rec)
{
	const unsigned int details = s->opts->details;
	struct ns_proc_rec rec = { .pid = pid, .ppid = 0 };
	struct ns_proc_stat st;
	bool have_stat = false;
	int r;

	/* stat is read whenever anything is wanted: it also proves the
	 * process is still alive, so it is not counted half-read. */
	if (details & (NS_DETAIL_PPID | NS_DETAIL_COMMAND | NS_DETAIL_UID)) {
		r = ns_proc_stat(dirfd, &st);
		if (r < 0)
			return r;
		have_stat = true;
		rec.ppid = st.ppid;
	}
	if (details & NS_DETAIL_UID) {
		r = ns_proc_uid(dirfd, &rec.uid);
		if (r < 0)
			return r;
	}
	if (details & NS_DETAIL_COMMAND) {
		r = ns_proc_cmdline(dirfd, &rec.command);
		if (r == -ENODATA && have_stat) {
			/* Kernel threads: show the name, like ps does. */
			rec.command = strdup(st.comm);
			r = rec.command ? 0 : -ENOMEM;
		}
		if (r < 0)
			return r;
	}
	r = ns_grow((void **)&s->pub.procs, &s->procs_alloc, s->pub.nprocs + 1,
		    sizeof(*s->pub.procs));
	if (r < 0) {
		free(rec.command);
		return r;
	}
	s->pub.procs[s->pub.nprocs] = rec;
	*ret_rec = s->pub.nprocs++;
	return 0;
}

static int add_member(struct nsscan *s, size_t rec)
{
	int r;

	r = ns_grow((void **)&s->pub.members, &s->members_alloc,
		    s->pub.nmembers + 1, sizeof(*s->pub.members));
	if (r < 0)
		return r;
	s->pub.members[s->pub.nmembers++] = rec;
	return 0;
}

/* Errors of a /proc read that mean "skip it": gone, or not ours to see */
static bool proc_unreadable(int r)
{
	return ns_err_gone(r) || r == -EACCES || r == -EPERM;
}

/*
 * Some ns link read ENOENT: a zombie (only its user and pid links
 * remain) or a process that is gone. 1: still there, 0: gone.
 */
static int proc_still_there(int dirfd)
{
	struct stat st;
	int r;

	if (fstatat(dirfd, "stat", &st, 0) == 0)
		return 1;
	r = ns_errno();
	return ns_err_gone(r) ? 0 : r;
}

/* The ns links of one process, as read before anything is counted. */
struct proc_links {
	uint64_t inos[NS_TYPE_COUNT]; /* 0: not read */
	size_t known[NS_TYPE_COUNT];  /* entry index, NS_NONE: new so far */
	bool fresh;   /* in a namespace that has no process yet */
	bool member;  /* in the namespace whose members are wanted */
	bool missing; /* some link read ENOENT: a zombie, or gone */
	bool any;     /* some link was read */
};

/*
 * The ns directory of the process, when it saves lookups: for three
 * links or more (one for the directory, one less per link). -1: none.
 */
static int open_nsdir(const struct nsscan *s, int dirfd)
{
	int fd;

	if (__builtin_popcount(s->opts->types) < 3 ||
	    ns_proc_nsdir(dirfd, &fd) < 0)
		return -1; /* each link from @dirfd: its errors tell */
	return fd;
}

static int read_proc_links(struct nsscan *s, int dirfd, struct proc_links *l)
{
	int nsdir = open_nsdir(s, dirfd);
	int r = 0;

	memset(l, 0, sizeof(*l));
	for (unsigned int t = 0; t < NS_TYPE_COUNT; t++) {
		struct ns_entry *e;

		l->known[t] = NS_NONE;
		if (!(s->opts->types & NS_TYPE_MASK(t)))
			continue;
		r = nsdir >= 0 ? ns_proc_nslink_in(nsdir, (enum ns_kind)t,
						   &l->inos[t])
			       : ns_proc_nslink(dirfd, (enum ns_kind)t,
						&l->inos[t]);
		if (r < 0) {
			/* EINVAL: a link text that names no namespace */
			if (!proc_unreadable(r) && r != -EINVAL)
				break;
			l->missing |= ns_err_gone(r);
			l->inos[t] = 0; /* a zombie's, or not ours to see */
			r = 0;
			continue;
		}
		l->any = true;
		e = nsscan_find_entry(s, l->inos[t]);
		if (e)
			l->known[t] = (size_t)(e - s->pub.entries);
		if (!e || e->proc == NS_NONE)
			l->fresh = true;
		if (s->opts->members_of && l->inos[t] == s->opts->members_of)
			l->member = true;
	}
	ns_close(nsdir);
	return r;
}

/* Count the process (record @rec) in each of its namespaces. */
static int count_proc_links(struct nsscan *s, int dirfd,
			    const struct proc_links *l, size_t rec)
{
	int r;

	for (unsigned int t = 0; t < NS_TYPE_COUNT; t++) {
		struct ns_entry *e;
		char path[NS_PATH_MAX];

		if (!l->inos[t])
			continue;
		/* new ones may exist by now: stubs of an earlier link's owner */
		e = l->known[t] != NS_NONE ? &s->pub.entries[l->known[t]]
					   : nsscan_find_entry(s, l->inos[t]);
		if (e) {
			e->flags &= ~(unsigned int)NS_ENTRY_STUB;
			e->nprocs++;
			if (e->proc == NS_NONE)
				e->proc = rec;
			continue;
		}
		r = nsscan_add_entry(s, l->inos[t], (enum ns_kind)t, &e);
		if (r < 0)
			return r;
		e->nprocs = 1;
		e->proc = rec;
		ns_type_path(t, 0, NULL, NS_PATH_PIDDIR, path, sizeof(path));
		r = details_from_path(s, s->pub.count - 1, dirfd, path);
		if (r < 0)
			return r;
	}
	return 0;
}

static int scan_proc_links(struct nsscan *s, int dirfd, pid_t pid)
{
	struct proc_links l;
	size_t rec = NS_NONE;
	int r;

	r = read_proc_links(s, dirfd, &l);
	if (r < 0 || !l.any)
		return r;
	if (l.missing) {
		r = proc_still_there(dirfd);
		if (r <= 0)
			return r;
	}
	if (l.fresh || l.member) {
		/* EINVAL: unparsable, nothing we could show */
		r = read_proc_details(s, dirfd, pid, &rec);
		if (r < 0)
			return proc_unreadable(r) || r == -EINVAL ? 0 : r;
		if (l.member) {
			r = add_member(s, rec);
			if (r < 0)
				return r;
		}
	}
	return count_proc_links(s, dirfd, &l, rec);
}

struct fd_visit {
	struct nsscan *s;
	pid_t pid;
	int dirfd;
	int pidfd;
};

/* A namespace first met as an fd: no processes, but held open. */
static void set_holder(struct ns_entry *e, const struct fd_visit *v, int fd,
		       bool socket)
{
	e->holder_pid = v->pid;
	e->holder_fd = fd;
	if (socket)
		e->flags |= NS_ENTRY_SOCKET;
}

/*
 * Details of the namespace entry @idx, held as fd @fd by the process:
 * read through a duplicate of that fd (pidfd_getfd), once fstat shows
 * it is still that namespace; never by opening /proc/PID/fd/N, which
 * its owner may have swapped for a FIFO or a device meanwhile.
 */
static int details_from_held(struct fd_visit *v, size_t idx, int fd)
{
	struct nsscan *s = v->s;
	int nsfd, r;

	if (!wants_namespace_fd(s, &s->pub.entries[idx]))
		return 0;
	if (v->pidfd < 0) {
		r = ns_proc_pidfd(v->pid, v->dirfd, &v->pidfd);
		if (r < 0)
			return ns_err_resource(r) ? r : 0;
	}
	r = ns_fd_getfd(v->pidfd, fd, s->nsfs_dev,
			       s->pub.entries[idx].ino, &nsfd);
	if (r < 0) /* e.g. EPERM: not ours to take, so no details */
		return ns_err_resource(r) ? r : 0;
	r = read_relations(s, idx, nsfd, 0);
	ns_close(nsfd);
	return r;
}

static int add_held(struct fd_visit *v, uint64_t ino, enum ns_kind type,
		    int fd, int nsfd)
{
	struct nsscan *s = v->s;
	struct ns_entry *e = nsscan_find_entry(s, ino);
	int r;

	if (e) {
		if (e->flags & NS_ENTRY_STUB) {
			e->flags &= ~(unsigned int)NS_ENTRY_STUB;
			set_holder(e, v, fd, nsfd >= 0);
		}
		return 0;
	}
	r = nsscan_add_entry(s, ino, type, &e);
	if (r < 0)
		return r;
	set_holder(e, v, fd, nsfd >= 0);
	if (nsfd >= 0)
		return wants_namespace_fd(s, e)
			       ? read_relations(s, s->pub.count - 1, nsfd, 0)
			       : 0;
	return details_from_held(v, s->pub.count - 1, fd);
}

static int visit_socket(struct fd_visit *v, const struct ns_fd_entry *fe)
{
	struct nsscan *s = v->s;
	uint64_t ino;
	size_t seen;
	int nsfd, r;

	/* Sockets are shared across fork; ask about each only once. */
	if (ns_inomap_get(&s->sockets, fe->ino, &seen) == 0)
		return 0;
	r = ns_inomap_put(&s->sockets, fe->ino, 1);
	if (r < 0)
		return r;
	if (v->pidfd < 0) {
		r = ns_proc_pidfd(v->pid, v->dirfd, &v->pidfd);
		if (r < 0)
			return ns_err_resource(r) ? r : 0;
	}
	r = ns_fd_socket_netns(v->pidfd, fe->fd, &nsfd);
	if (r < 0) /* closed meanwhile, or not ours to duplicate */
		return ns_err_resource(r) ? r : 0;
	r = 0;
	if (ns_fd_ino(nsfd, &ino) == 0)
		r = add_held(v, ino, NS_TYPE_NET, fe->fd, nsfd);
	ns_close(nsfd);
	return r;
}

static int visit_fd(const struct ns_fd_entry *fe, void *userdata)
{
	struct fd_visit *v = userdata;

	if (fe->kind == NS_FD_SOCKET)
		return visit_socket(v, fe);
	if (!(v->s->opts->types & NS_TYPE_MASK(fe->type)))
		return 0;
	return add_held(v, fe->ino, fe->type, fe->fd, -1);
}

static int scan_proc_fds(struct nsscan *s, int dirfd, pid_t pid)
{
	struct fd_visit v = { .s = s, .pid = pid, .dirfd = dirfd, .pidfd = -1 };
	unsigned int kinds = 0;
	int r;

	if (s->opts->sources & NS_SRC_FDS)
		kinds |= 1u << NS_FD_NAMESPACE;
	if ((s->opts->sources & NS_SRC_SOCKETS) &&
	    (s->opts->types & NS_TYPE_MASK(NS_TYPE_NET)))
		kinds |= 1u << NS_FD_SOCKET;
	if (!kinds)
		return 0;
	r = ns_proc_foreach_fd(dirfd, pid, s->nsfs_dev, kinds, visit_fd, &v);
	ns_close(v.pidfd);
	return r;
}

int nsscan_pids(struct nsscan *s, const pid_t *pids, size_t count)
{
	for (size_t i = 0; i < count; i++) {
		int dirfd, r;

		r = ns_proc_open(s->opts->procfd, pids[i], &dirfd);
		if (r < 0) {
			if (proc_unreadable(r))
				continue; /* gone, or hidden from us */
			return r;
		}
		if (s->opts->sources & NS_SRC_PROCS)
			r = scan_proc_links(s, dirfd, pids[i]);
		/*
		 * Our own fds are the scan's working files: namespaces
		 * that other threads (or this one) open for a moment to
		 * read their details. What they show depends on timing.
		 */
		if (r >= 0 && pids[i] != s->self)
			r = scan_proc_fds(s, dirfd, pids[i]);
		ns_close(dirfd);
		if (r < 0)
			return r;
	}
	return 0;
}

/*
 * Details of a namespace first seen as the nsfs mount @m. Its path is
 * opened without following symlinks and checked before any ioctl:
 * whoever may write a directory on it can swap it meanwhile.
 */
static int details_from_mount(struct nsscan *s, size_t idx,
			      const struct ns_mount *m)
{
	int fd, r;

	if (!wants_namespace_fd(s, &s->pub.entries[idx]))
		return 0;
	r = ns_mounts_open(s->opts->procfd, m, s->nsfs_dev, &fd);
	if (r < 0) /* gone, over-mounted, or a user's trick: no details */
		return ns_err_resource(r) ? r : 0;
	r = read_relations(s, idx, fd, 0);
	ns_close(fd);
	return r;
}

int nsscan_mounts(struct nsscan *s)
{
	int r;

	r = ns_mounts_read(s->opts->procfd, &s->pub.mounts);
	if (r < 0) /* no mountinfo (a fake proc tree): no mounts */
		return r == -ENOENT || r == -EACCES ? 0 : r;

	for (size_t i = 0; i < s->pub.mounts.count; i++) {
		const struct ns_mount *m = &s->pub.mounts.items[i];
		struct ns_entry *e;

		if (!(s->opts->types & NS_TYPE_MASK(m->type)))
			continue;
		e = nsscan_find_entry(s, m->ino);
		if (e) {
			if (e->mount == NS_NONE)
				e->mount = i;
			e->flags &= ~(unsigned int)NS_ENTRY_STUB;
			continue;
		}
		r = nsscan_add_entry(s, m->ino, m->type, &e);
		if (r < 0)
			return r;
		e->mount = i;
		r = details_from_mount(s, s->pub.count - 1, m);
		if (r < 0)
			return r;
	}
	return 0;
}

static int cmp_entry(const void *a, const void *b)
{
	const struct ns_entry *x = a, *y = b;

	return x->ino < y->ino ? -1 : x->ino > y->ino;
}

int nsscan_finish(struct nsscan *s)
{
	int r;

	if (s->pub.count > 1)
		qsort(s->pub.entries, s->pub.count, sizeof(*s->pub.entries),
		      cmp_entry);
	ns_inomap_clear(&s->index);
	for (size_t i = 0; i < s->pub.count; i++) {
		r = ns_inomap_put(&s->index, s->pub.entries[i].ino, i);
		if (r < 0)
			return r;
	}
	ns_inomap_clear(&s->sockets);
	ns_net_close(&s->nl);
	s->opts = NULL;
	return 0;
}

void nsscan_init(struct nsscan *s, const struct ns_scan_opts *opts,
		 dev_t nsfs_dev, pid_t self)
{
	memset(s, 0, sizeof(*s));
	s->nl = (struct ns_net)NS_NET_INIT;
	s->opts = opts;
	s->nsfs_dev = nsfs_dev;
	s->self = self;
}

void nsscan_clear(struct nsscan *s)
{
	for (size_t i = 0; i < s->pub.nprocs; i++)
		free(s->pub.procs[i].command);
	free(s->pub.procs);
	free(s->pub.entries);
	free(s->pub.members);
	ns_mounts_clear(&s->pub.mounts);
	ns_inomap_clear(&s->index);
	ns_inomap_clear(&s->sockets);
	ns_net_close(&s->nl);
}

const struct ns_entry *ns_scan_find(const struct ns_scan *scan, uint64_t ino)
{
	size_t idx;

	if (ns_inomap_get(&nsscan_of(scan)->index, ino, &idx) < 0)
		return NULL;
	return &scan->entries[idx];
}

const struct ns_proc_rec *ns_scan_entry_proc(const struct ns_scan *scan,
					     const struct ns_entry *e)
{
	return e->proc == NS_NONE ? NULL : &scan->procs[e->proc];
}

void ns_scan_free(struct ns_scan *scan)
{
	struct nsscan *s;

	if (!scan)
		return;
	s = nsscan_of(scan);
	nsscan_clear(s);
	free(s);
}
