/* SPDX-License-Identifier: MIT */
/*
 * Named network namespaces: the /run/netns protocol that iproute2's
 * "ip netns" defined, on top of persist.h. A named namespace is an
 * nsfs file bound onto RUNDIR/NAME; RUNDIR itself is a shared mount
 * point, so that the bind mounts reach every mount namespace that
 * sees RUNDIR (those made later by "ip netns exec" among them).
 *
 *	ns_netns_dir_setup(rundir, &lock_err, &step);	once per add
 *	ns_netns_create(&nsfd) or ns_netns_of_pid(pid, &nsfd);
 *	ns_netns_place(rundir, name, &entry);		mode 1000, O_EXCL
 *	ns_netns_bind(&entry, nsfd);
 *	... ns_netns_undo(&entry) on a later failure, else
 *	ns_netns_keep(&entry);
 *
 * Entering one (netns exec): ns_netns_enter(), step by step, below.
 * Talking rtnetlink inside one: ns_netns_net_open() (net.h).
 *
 * The run directory is a parameter (NS_NETNS_RUN_DIR normally), so
 * tests can use a directory of their own.
 */
#ifndef LIBNS_NETNS_H
#define LIBNS_NETNS_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/stat.h>
#include <sys/types.h>

#include "libns/net.h"
#include "libns/persist.h"

#define NS_NETNS_RUN_DIR "/run/netns"
/* /etc/netns/NAME/FILE is bound onto /etc/FILE by ns_netns_enter(). */
#define NS_NETNS_ETC_DIR "/etc/netns"

/* Which step of a multi-step operation failed. */
enum ns_netns_step {
	NS_NETNS_STEP_NONE,
	NS_NETNS_STEP_MKDIR,  /* mkdir or open of the run directory */
	NS_NETNS_STEP_SHARE,  /* making it a shared mount point */
	NS_NETNS_STEP_UMOUNT, /* delete: the detach of the mount */
	NS_NETNS_STEP_UNLINK, /* delete: the removal of the file */
	NS_NETNS_STEP_KIND,   /* delete: neither a namespace nor an empty
			       * placeholder (-EPERM): left alone */
};

/*
 * 0 when @name may name a namespace file: not empty, at most 255
 * bytes, no '/', not "." or "..". -EINVAL otherwise.
 */
int ns_netns_name_check(const char *name);

/* "@rundir/@name" in a malloc'd string. */
int ns_netns_path(const char *rundir, const char *name, char **ret_path);

/*
 * Make @rundir ready for named namespaces: mkdir 0755 (an existing one
 * is fine), take an exclusive flock on it, make it a recursive shared
 * mount point (bind mounted onto itself first if it is none, made
 * private in between so that it gets a peer group of its own), unlock.
 * The lock keeps parallel first-time adds from stacking bind mounts;
 * when it cannot be taken, the setup goes on without it and
 * *@ret_lock_err is its -errno (0 when locked), for the caller to
 * warn. On failure, *@ret_step says which step, and a bind mount made
 * here is undone.
 */
int ns_netns_dir_setup(const char *rundir, int *ret_lock_err,
		      enum ns_netns_step *ret_step);

/* A named namespace being made. */
struct ns_netns_entry {
	char *path; /* RUNDIR/NAME, owned */
	struct ns_persist persist;
	int lockfd; /* RUNDIR, flocked from place to bind; -1 */
};

/* A placeholder this old (seconds) is no longer an add in flight. */
#define NS_NETNS_STALE_SEC 5

/*
 * Our placeholder's mode: no permission bits (nobody opens it by
 * mistake before the bind), and the sticky bit, which no other program
 * sets on a regular file: ip netns add makes mode 0000, so a
 * placeholder of ip's, however old, is never taken for one of ours.
 */
#define NS_NETNS_PLACEHOLDER_MODE S_ISVTX

#define NS_NETNS_ENTRY_INIT \
	{ .path = NULL, .persist = NS_PERSIST_INIT, .lockfd = -1 }

/*
 * Create the placeholder RUNDIR/@name: NS_NETNS_PLACEHOLDER_MODE,
 * O_CREAT|O_EXCL, so
 * of two adds of one name exactly one gets past this (-EEXIST for the
 * other). The name is checked first (-EINVAL). A shared flock on
 * RUNDIR is held from here to the bind (or undo, or keep). A
 * placeholder found when the lock can be had exclusively at once (no
 * add of ours between placeholder and bind) -- a regular empty file of
 * our mode that is no mount point, last written NS_NETNS_STALE_SEC or
 * more ago -- was left by an add killed in that window: it is taken
 * over (and removed on undo). Otherwise, or when the lock cannot be
 * taken, -EEXIST. (ip netns add takes no such lock; a younger
 * placeholder may be that of an ip netns add binding right now.)
 */
int ns_netns_place(const char *rundir, const char *name,
		   struct ns_netns_entry *ret_entry);

/*
 * Bind the network namespace @nsfd onto the placeholder; then check,
 * in mountinfo, that ours is the only nsfs mount on the name: an ip
 * netns add of the same name, which takes no lock and binds by path,
 * may have bound it too. Then ours is taken out (the other's stays,
 * the file is the other's: undo leaves it) and -EEXIST is returned.
 */
int ns_netns_bind(struct ns_netns_entry *entry, int nsfd);

/*
 * Undo place and bind: detach the mount, remove the placeholder while
 * it is still ours. The entry owns nothing afterwards.
 */
int ns_netns_undo(struct ns_netns_entry *entry);

/* Keep the named namespace: release the entry. */
void ns_netns_keep(struct ns_netns_entry *entry);

/*
 * Delete RUNDIR/@name: umount2(MNT_DETACH) of the namespace bound on
 * it, then unlink of the file. Only a name that is a bound namespace
 * (an nsfs mount) or an empty regular file that is no mount point (a
 * placeholder) is removed; anything else -- another mount, a file with
 * data, a directory, a symbolic link -- is left alone: -EPERM, step
 * NS_NETNS_STEP_KIND. The namespace itself lives on as long as
 * processes or fds hold it.
 */
int ns_netns_delete(const char *rundir, const char *name,
		    enum ns_netns_step *ret_step);

/*
 * Open RUNDIR/@name (O_RDONLY, O_CLOEXEC, not following a symbolic
 * link) and check it is a network namespace: -EINVAL when it is not
 * (a placeholder not yet bound, a stray file).
 */
int ns_netns_open(const char *rundir, const char *name, int *ret_nsfd);

/*
 * ns_netns_open() with the run dir given as a directory fd, @dirfd:
 * the lookup goes through the mounts of the mount namespace in which
 * @dirfd was opened, wherever the caller is now.
 */
int ns_netns_openat(int dirfd, const char *name, int *ret_nsfd);

/*
 * The entries of @rundir but "." and "..", sorted (strcmp), in a
 * malloc'd array of malloc'd strings (ns_netns_names_free). A missing
 * directory has none.
 */
int ns_netns_list(const char *rundir, char ***ret_names, size_t *ret_count);

void ns_netns_names_free(char **names, size_t count);

/*
 * A fresh network namespace, made by unshare(CLONE_NEWNET): the calling
 * thread goes there and comes back (a thread of ours that ends right
 * after where it could not come back); every thread of the caller is
 * where it was. Returns an fd (O_CLOEXEC) of it.
 */
int ns_netns_create(int *ret_nsfd);

/*
 * The network namespace of process @pid, pinned by a pidfd: the pidfd
 * is opened first, /proc/PID/ns/net next, and the process must still
 * be alive afterwards, so the fd is never that of a process that got
 * the PID meanwhile. -ESRCH when there is no such process (or it
 * exited in between).
 */
int ns_netns_of_pid(pid_t pid, int *ret_nsfd);

/*
 * A socket(@domain, @type | SOCK_CLOEXEC, @protocol) that lives in the
 * network namespace @nsfd (made there by the calling thread, which
 * comes back, or by a thread of ours, as ns_netns_create()).
 */
int ns_netns_socket(int nsfd, int domain, int type, int protocol,
		    int *ret_fd);

/*
 * An rtnetlink handle (net.h) whose socket lives in the network
 * namespace @nsfd: its requests act there.
 */
int ns_netns_net_open(int nsfd, struct ns_net *ret_nl);

/*
 * Entering a named namespace as ip netns exec does, in the calling
 * process (single-threaded: setns(2) and unshare(2) act on the calling
 * thread, and the command is meant to be exec'd next):
 *
 *	OPEN	RUNDIR/NAME, which must be a network namespace
 *	SETNS	into it
 *	UNSHARE	a mount namespace of our own, so that /sys and /etc
 *		change for us (and the command) only
 *	SLAVE	/ made a recursive slave: nothing of ours goes back, the
 *		host's mounts still come
 *	SYSFS	a sysfs of the namespace mounted over /sys (read-only if
 *		/sys was), so /sys/class/net lists its links; unless
 *		no_sysfs
 *	ETC	each ETCDIR/NAME/FILE bound onto /etc/FILE (a FILE that is
 *		a symbolic link there gets a note first: the bind lands on
 *		its target)
 *
 * A file at RUNDIR/NAME that is no network namespace (a placeholder
 * not bound yet, a stray file) fails at SETNS with -EINVAL, as setns(2)
 * would refuse it.
 *
 * The first four are fatal: -errno, with the step in @ret_err. SYSFS
 * and ETC are not (where sysfs cannot be mounted, in a user namespace
 * that does not own the network namespace, /sys stays as it was and
 * the command still runs): each failure, and each symbolic link, goes
 * to the @note callback (may be NULL), in order, and the enter goes
 * on.
 */
enum ns_netns_enter_step {
	NS_NETNS_ENTER_NONE,
	NS_NETNS_ENTER_OPEN,
	NS_NETNS_ENTER_SETNS,
	NS_NETNS_ENTER_UNSHARE,
	NS_NETNS_ENTER_SLAVE,
	NS_NETNS_ENTER_SYSFS,	 /* note: dst is the sysfs mount point */
	NS_NETNS_ENTER_ETC_LINK, /* note, err 0: dst is a symbolic link */
	NS_NETNS_ENTER_ETC_BIND, /* note: binding src onto dst failed */
};

struct ns_netns_enter_req {
	const char *rundir; /* where NAME is, NS_NETNS_RUN_DIR normally */
	int rundir_fd;	    /* >= 0: NAME is looked up through it
			     * instead (ns_netns_detach_rundir) */
	const char *name;
	bool no_sysfs;	    /* leave /sys alone */
	/* NULL: "/sys", "/etc", NS_NETNS_ETC_DIR (tests give their own) */
	const char *sys_dir, *etc_dir, *netns_etc_dir;
};

#define NS_NETNS_ENTER_REQ_INIT { .rundir = NS_NETNS_RUN_DIR, .rundir_fd = -1 }

/* A failed step, or a note. The paths live as long as the call. */
struct ns_netns_enter_error {
	enum ns_netns_enter_step step;
	int err;	 /* negative errno, 0 for ETC_LINK */
	const char *src; /* ETC_BIND: the file below ETCDIR/NAME */
	const char *dst; /* SYSFS, ETC_*: the mount point */
};

typedef void (*ns_netns_enter_note_t)(const struct ns_netns_enter_error *note,
				      void *userdata);

int ns_netns_enter(const struct ns_netns_enter_req *req,
		   ns_netns_enter_note_t note, void *userdata,
		   struct ns_netns_enter_error *ret_err);

/*
 * For entering many names one after the other, each in a child of
 * ours (netns -a exec): @rundir opened, then a mount namespace of our
 * own, slave, with @rundir's mount tree detached from it. Each child
 * then copies a mount namespace without the binds of all the names
 * (its unshare(CLONE_NEWNS) and make-rslave would otherwise walk N
 * mounts, for each of N names), and opens each name through the
 * directory fd (@ret_dirfd, for ns_netns_enter_req.rundir_fd), whose
 * lookups still go through the mounts of the namespace it was opened
 * in, which the detach does not touch. Where the run dir is no mount
 * point, there is nothing to detach and the fd serves all the same;
 * where / cannot be made slave the detach is left out (each child's
 * SLAVE step fails then). -errno when @rundir cannot be opened or no
 * mount namespace be had (no CAP_SYS_ADMIN): then the caller stays
 * where it is and each child opens the names by path.
 */
int ns_netns_detach_rundir(const char *rundir, int *ret_dirfd);

#endif
