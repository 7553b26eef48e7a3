/* SPDX-License-Identifier: MIT */
/*
 * Persistent namespaces: a namespace file (/proc/PID/ns/TYPE) bind
 * mounted onto a path keeps the namespace alive without processes.
 * unshare --TYPE=FILE and netns (/run/netns/NAME) both use this.
 *
 *	struct ns_persist p;
 *	ns_persist_prepare("/run/x", &p);	checks or creates the target
 *	ns_persist_bind(&p, "/proc/123/ns/net");
 *	...
 *	ns_persist_undo(&p);			on a later failure
 *	ns_persist_release(&p);			keep it: just close the fd
 */
#ifndef LIBNS_PERSIST_H
#define LIBNS_PERSIST_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "libns/nstype.h"

struct ns_persist {
	const char *path; /* the caller's string, kept by reference */
	int fd;		  /* O_PATH fd of the target file, -1 when none */
	bool created;	  /* ns_persist_prepare() created the file */
	bool mounted;	  /* ns_persist_bind() mounted onto it */
};

/* A state that owns nothing (ns_persist_undo/release are no-ops). */
#define NS_PERSIST_INIT { .path = NULL, .fd = -1 }

/*
 * Make @path ready to receive a bind mount: create it as an empty file
 * (O_CREAT|O_EXCL|O_NOFOLLOW, mode 0444) when it is missing, else
 * check what is there, without following a symbolic link. Refused:
 * a symbolic link (-ELOOP), a directory (-EISDIR), anything but a
 * regular file (-EINVAL), a non-empty file (-ENOTEMPTY: a mount would
 * hide its contents) and a mount point, e.g. an nsfs file already
 * bound there (-EBUSY). The target stays pinned by an O_PATH fd until
 * undo or release, so a file swapped in later is not mounted on.
 */
int ns_persist_prepare(const char *path, struct ns_persist *ret_state);

/*
 * Create @path as a new empty file of mode @mode for a bind mount, as
 * the /run/netns protocol wants it: O_CREAT|O_EXCL|O_NOFOLLOW, so
 * -EEXIST when anything is there (of any kind), and the file is ours
 * to remove on undo.
 */
int ns_persist_create(const char *path, mode_t mode,
		      struct ns_persist *ret_state);

/*
 * Bind mount @nsfile (a /proc/PID/ns/TYPE path, or any file) onto the
 * prepared target. Runs in the caller's mount namespace: do it from
 * outside a new mount namespace for the mount to be seen there.
 */
int ns_persist_bind(struct ns_persist *state, const char *nsfile);

/*
 * After ns_persist_bind(@state, @nsfile), in a directory that others
 * may write to: is the bind what the path shows? -ENOTEMPTY when the
 * file under the mount got data after prepare's check (the mount hides
 * it); -ELOOP when the path is a symbolic link now, -EEXIST when it
 * names another file, -ENOENT when nothing (the file mounted on was
 * renamed before the bind). The path is not followed. Undo is then
 * the caller's.
 */
int ns_persist_verify(const struct ns_persist *state, const char *nsfile);

/*
 * Undo what prepare and bind did: detach the mount (umount2
 * MNT_DETACH through the fd, wherever the file is now) and unlink the file if we created it
 * (only while the path still names our file). Returns the first
 * error, the state is released in any case.
 */
int ns_persist_undo(struct ns_persist *state);

/* Keep what was done and close the fd. */
void ns_persist_release(struct ns_persist *state);

/*
 * Is @path (not followed if a symbolic link) on a mount with shared
 * propagation, as the "self/mountinfo" below the proc root @procfd
 * says? 1 yes, 0 no, -errno. A mount namespace cannot be bound onto
 * such a mount (the kernel says EINVAL, as it does for other causes).
 */
int ns_persist_on_shared_mount(int procfd, const char *path);

/*
 * The same for the mount @mnt_id in the mountinfo text @buf (NUL
 * terminated; cut into lines in place): 1, 0, -ENOENT when it is not
 * there.
 */
int ns_persist_mountinfo_shared(char *buf, uint64_t mnt_id);

/*
 * The namespaces of one process, each type onto a file of its own
 * (unshare --TYPE=FILE ...): one struct ns_persist per type, unused
 * ones owning nothing.
 */
struct ns_persist_set {
	struct ns_persist ns[NS_TYPE_COUNT];
};

/* A set that owns nothing. */
void ns_persist_set_init(struct ns_persist_set *set);

/*
 * ns_persist_prepare() the path of each type that @paths names (NULL:
 * none for that type). On failure the ones prepared are undone and
 * the type that failed is in *@ret_type.
 */
int ns_persist_set_prepare(struct ns_persist_set *set,
			   const char *const paths[NS_TYPE_COUNT],
			   enum ns_kind *ret_type);

/*
 * Bind each prepared type's namespace of process @pid onto its file:
 * /proc/PID/ns/TYPE, or for pid and time the namespace of the children
 * to come (pid_for_children, ...), and ns_persist_verify() each bind
 * (the paths may be in directories that others write to). The first
 * failure stops, its type in *@ret_type; undo is then the caller's.
 */
int ns_persist_set_bind(struct ns_persist_set *set, pid_t pid,
			enum ns_kind *ret_type);

/* ns_persist_undo() of every type (the last first) / release. */
void ns_persist_set_undo(struct ns_persist_set *set);
void ns_persist_set_release(struct ns_persist_set *set);

#endif
