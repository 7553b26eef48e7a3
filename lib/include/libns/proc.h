/* SPDX-License-Identifier: MIT */
/*
 * What libns reads about one process, always relative to its
 * /proc/<pid> directory fd (see ns_proc_walk_new below).
 */
#ifndef LIBNS_PROC_H
#define LIBNS_PROC_H

#include <stdint.h>
#include <sys/types.h>

#include "libns/nstype.h"

/* Inode of /proc/<pid>/ns/<type>, read with readlinkat. */
int ns_proc_nslink(int piddirfd, enum ns_kind type, uint64_t *ret_ino);

/*
 * For several links of one process: its ns directory opened once
 * (O_PATH), then ns_proc_nslink_in reads each link below it, one path
 * component less to look up per link than ns_proc_nslink.
 */
int ns_proc_nsdir(int piddirfd, int *ret_fd);
int ns_proc_nslink_in(int nsdirfd, enum ns_kind type, uint64_t *ret_ino);

/*
 * The namespaces of process @pid below the proc root @procfd, for the
 * types in @types (NS_TYPE_MASK bits): ret_inos[t] is the inode of
 * /proc/PID/ns/<t>, 0 for a type not asked for or whose link is not
 * there (a zombie's, a kernel without the type). -ENOENT when there is
 * no such process, -EACCES (-EPERM) when its links are not ours to
 * read; nothing is written then.
 */
int ns_proc_namespaces(int procfd, pid_t pid, unsigned int types,
		       uint64_t ret_inos[NS_TYPE_COUNT]);

/*
 * The same for a process pinned by a pidfd, as a tool needs it that
 * then acts on the process (nsenter -t): a pidfd for @pid is opened
 * first, and after the links are read it must still refer to a live
 * process, so the inodes are those of that very process, never of one
 * that got its PID later. Returns the pidfd (O_CLOEXEC) with the
 * inodes. -ESRCH when the process is gone (or a zombie) by then.
 */
int ns_proc_pidfd_namespaces(int procfd, pid_t pid, unsigned int types,
			int *ret_pidfd, uint64_t ret_inos[NS_TYPE_COUNT]);

/*
 * The second half of it, for a caller that opened @pidfd of @pid
 * itself (to tell "no such process" from "exited since"): the links
 * of @types, or -ESRCH when the process has exited (or is a zombie).
 */
int ns_proc_pidfd_links(int procfd, int pidfd, pid_t pid, unsigned int types,
		   uint64_t ret_inos[NS_TYPE_COUNT]);

/*
 * pidfd_open(2) of @pid, a process or a thread: a thread ID that is no
 * thread group leader gets a pidfd of that very thread (PIDFD_THREAD,
 * Linux 6.9), which polls readable when the thread exits, so the
 * ns_proc_pidfd_links() guard holds for it as for a process. Before
 * 6.9 a thread ID stays refused (-EINVAL: see ns_proc_thread_pin).
 * -ESRCH: no such ID.
 */
int ns_proc_pidfd_open(pid_t pid, int *ret_pidfd);

/*
 * Before Linux 6.9 a thread that leads no thread group has no pidfd
 * (ns_proc_pidfd_open says -EINVAL), yet util-linux takes its ID: the
 * pidfd of its process and an fd of /proc/TGID/task/@tid, read through
 * which is that thread of that process, no other (the directory of an
 * ended thread answers no lookup, the PID of a living process is not
 * reused). -ESRCH: no such thread; -EINVAL: @tid leads its group.
 */
int ns_proc_thread_pin(int procfd, pid_t tid, int *ret_pidfd,
		       int *ret_dirfd);

/* 0 while the thread of ns_proc_thread_pin lives, else -ESRCH. */
int ns_proc_thread_alive(int pidfd, int dirfd);

/* 1 when the process of @pidfd has exited (or is a zombie), 0 if not. */
int ns_proc_pidfd_exited(int pidfd);

struct ns_proc_stat {
	pid_t ppid;
	char state;
	char comm[64];
};

/* Parse /proc/<pid>/stat (comm may contain spaces and parentheses). */
int ns_proc_stat(int piddirfd, struct ns_proc_stat *ret_stat);

/* The same from the NUL terminated text of a stat file. */
int ns_proc_stat_parse(const char *buf, struct ns_proc_stat *ret_stat);

/*
 * Command line with arguments joined by single spaces. -ENODATA when
 * the process has none (kernel threads, zombies).
 */
int ns_proc_cmdline(int piddirfd, char **ret_cmdline);

/*
 * The same in place, on the @len bytes of a cmdline file at @buf (which
 * has room for a NUL at buf[len]): -ENODATA when there is nothing.
 */
int ns_proc_cmdline_parse(char *buf, size_t len);

/* Owner of /proc/<pid>, i.e. the effective uid of the process. */
int ns_proc_uid(int piddirfd, uid_t *ret_uid);

/*
 * A pidfd for @pid that provably refers to the process whose /proc
 * directory is @piddirfd: opened, then the directory re-checked, so a
 * reused PID is never mistaken for the original. -ESRCH if it exited.
 */
int ns_proc_pidfd(pid_t pid, int piddirfd, int *ret_pidfd);

/* What an entry of /proc/<pid>/fd refers to. */
enum ns_fd_kind {
	NS_FD_OTHER,
	NS_FD_NAMESPACE, /* an nsfs file: type and ino are set */
	NS_FD_SOCKET,	 /* ino is the socket inode */
};

struct ns_fd_entry {
	int fd;
	enum ns_fd_kind kind;
	enum ns_kind type;
	uint64_t ino;
};

/* Return < 0 to stop the walk with that error. */
typedef int (*ns_fd_visit_t)(const struct ns_fd_entry *entry, void *userdata);

/*
 * Classify every open fd of the process: what it refers to is stat'ed
 * (a socket, or a file on the nsfs device @nsfs_dev: a namespace,
 * however it was opened, even through a bind mount since unmounted);
 * where that fails the /proc link text ("net:[...]", "socket:[...]")
 * decides, which is also how fake proc trees are read. Only kinds set
 * in @kinds (bits 1 << enum ns_fd_kind) are passed to @visit. A
 * process that vanished or whose fds we may not see has no fds.
 *
 * No fd is ever opened by its /proc name: its owner may swap in a
 * FIFO or a device at any time. An nsfs fd whose link does not name
 * its type (opened through a bind mount) is duplicated through a
 * pidfd of @pid (<= 0: none) and asked; without ptrace rights over the
 * process, such an fd is NS_FD_OTHER. -EMFILE, -ENFILE and -ENOMEM
 * stop the walk.
 */
int ns_proc_foreach_fd(int piddirfd, pid_t pid, dev_t nsfs_dev,
		       unsigned int kinds, ns_fd_visit_t visit, void *userdata);

/* Walking /proc */

struct ns_proc_walk;

/* Start a walk over the numeric entries of @procfd (a /proc root). */
int ns_proc_walk_new(int procfd, struct ns_proc_walk **ret_walk);

/*
 * Next process, in ascending PID order as /proc lists them. Returns 1
 * and a new O_CLOEXEC directory fd the caller closes, 0 at the end,
 * -errno if /proc itself cannot be read. Processes that vanish or
 * cannot be opened are skipped.
 */
int ns_proc_walk_next(struct ns_proc_walk *walk, pid_t *ret_pid,
		     int *ret_dirfd);

void ns_proc_walk_free(struct ns_proc_walk *walk);

/*
 * All PIDs below @procfd, ascending as /proc lists them, in a malloc'd
 * array (NULL when there are none). Nothing is opened.
 */
int ns_proc_list_pids(int procfd, pid_t **ret_pids, size_t *ret_count);

/* Open /proc/<pid> below @procfd as a directory fd (O_CLOEXEC). */
int ns_proc_open(int procfd, pid_t pid, int *ret_dirfd);

#endif
