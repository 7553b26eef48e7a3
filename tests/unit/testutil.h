/* SPDX-License-Identifier: MIT */
/*
 * Shared helpers of the unit tests: fake proc trees in a temporary
 * directory, helper child processes, and the common main().
 *
 * Helpers that cannot do their job fail the running test through
 * ck_abort_msg(), so the tests themselves stay free of plumbing.
 */
#ifndef NSTOOLS_TESTUTIL_H
#define NSTOOLS_TESTUTIL_H

#include <check.h>
#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/types.h>
#include <unistd.h>

#define TU_PRINTF(a, b) __attribute__((format(printf, a, b)))

/*
 * Root-only cases live in a suite of their own, which tu_main_split()
 * runs for "--root" only, and only as root: otherwise the program exits
 * 77, which meson reports as skipped (never as passed). In such a case,
 * this fails it when it runs without root all the same (registered in
 * the wrong suite).
 */
#define TU_REQUIRE_ROOT()                                                  \
	ck_assert_msg(geteuid() == 0,                                      \
		      "%s needs root: add it to the root-only suite",      \
		      __func__)

/* Exit status of a program that skipped its tests (meson's "SKIP"). */
#define TU_EXIT_SKIP 77

/*
 * A case that cannot run on this kernel (it lacks, or has changed, what
 * the case tests): prints "SKIP: CASE: needs FEATURE" and ends the case.
 * Check has no skipped status, so meson sees the program pass; the
 * kernel lane (tests/kernels/summary.py) counts such a case as skipped,
 * never as passed.
 */
#define TU_SKIP_CASE(feature)                                              \
	do {                                                               \
		printf("SKIP: %s: needs %s\n", __func__, (feature));      \
		fflush(stdout);                                            \
		return;                                                    \
	} while (0)

/* A fake proc root: a fresh temporary directory. */
struct tu_tree {
	char *path; /* absolute path of the root */
	int fd;	    /* O_DIRECTORY fd of the root */
};

/* Create an empty tree (aborts the test on failure). */
void tu_tree_new(struct tu_tree *t);

/* Remove the whole tree recursively and close its fd. */
void tu_tree_free(struct tu_tree *t);

/* mkdir -p of a path relative to the tree root. */
void tu_mkdir(const struct tu_tree *t, const char *fmt, ...) TU_PRINTF(2, 3);

/* A symlink (parents created) with the literal text @target. */
void tu_symlink(const struct tu_tree *t, const char *target, const char *fmt,
		...) TU_PRINTF(3, 4);

/* A regular file (parents created) holding @len bytes of @data. */
void tu_write(const struct tu_tree *t, const void *data, size_t len,
	      const char *fmt, ...) TU_PRINTF(4, 5);

/* Same for a NUL terminated string (without its NUL). */
void tu_write_str(const struct tu_tree *t, const char *data, const char *fmt,
		  ...) TU_PRINTF(3, 4);

/* PID/ns/TYPE -> "TYPE:[INO]" ("self" is pid 0 in these helpers). */
void tu_nslink(const struct tu_tree *t, pid_t pid, const char *type,
	       uint64_t ino);

/* PID/stat, "PID (COMM) STATE PPID" followed by plausible fields. */
void tu_stat(const struct tu_tree *t, pid_t pid, const char *comm,
	     char state, pid_t ppid);

/* PID/fd/FD -> @target */
void tu_fdlink(const struct tu_tree *t, pid_t pid, int fd, const char *target);

/*
 * Create the directories of @pids (any order) so that the directory
 * lists them in ascending order, as /proc does: trees are made on a
 * tmpfs, which lists in creation order or its reverse, depending on
 * the kernel (probed first). Fails the test when the listing is not
 * ascending all the same (no tmpfs to be had), so that the checks
 * that depend on the order always run.
 */
void tu_mkpids(const struct tu_tree *t, const pid_t *pids, size_t n);

/* The numeric entries of @dirfd in listing (getdents) order. */
size_t tu_list_numeric(int dirfd, pid_t *ret, size_t max);

/* fstat(fd).st_ino, or stat(path).st_ino; abort on failure. */
uint64_t tu_fd_ino(int fd);
uint64_t tu_path_ino(const char *path);

/*
 * /proc/self/ns/@name ("net", "pid_for_children", ...): opened
 * O_RDONLY | O_CLOEXEC, its inode (both abort on failure), or whether
 * the kernel has it at all.
 */
int tu_open_self_ns(const char *name);
uint64_t tu_self_ns_ino(const char *name);
bool tu_have_self_ns(const char *name);

/* @fd is close-on-exec (aborts when it is no open fd). */
bool tu_is_cloexec(int fd);

/* A thread of this process, waiting until tu_thread_end(): @tid is its ID. */
struct tu_thread {
	pthread_t th;
	pid_t tid;
	int tidpipe[2];	 /* the thread writes its TID there */
	int waitpipe[2]; /* then reads this until EOF */
};

void tu_thread_start(struct tu_thread *t);

/* Let the thread end, join it, close the pipes. */
void tu_thread_end(struct tu_thread *t);

/*
 * A helper child process. @setup runs in the child and fills @info
 * (@size bytes), which is sent back; its return value (>= 0) is the
 * child's exit code. If @linger is set the child then waits until
 * tu_child_stop() releases it, so that its namespaces, fds and mounts
 * stay around meanwhile. The child dies with its parent.
 */
struct tu_child {
	pid_t pid;
	int release_fd; /* closing it lets a lingering child exit */
};

typedef int (*tu_child_fn)(void *arg, void *info);

/* Start the child and wait for its @info; aborts on failure. */
void tu_child_start(struct tu_child *c, tu_child_fn setup, void *arg,
		    void *info, size_t size, bool linger);

/*
 * For processes forked by @setup: block until the child is released.
 * The child reaps them before it exits.
 */
void tu_child_linger(void);

/* Release and reap the child, return its exit code (-1: killed). */
int tu_child_stop(struct tu_child *c);

/* start + stop for a child that need not linger. */
int tu_child_run(tu_child_fn fn, void *arg, void *info, size_t size);

/* Reap the child @pid: its exit code, -1 when a signal killed it. */
int tu_wait_exit(pid_t pid);

/*
 * Run @fn(@arg) in a forked child whose stderr goes to a pipe: what it
 * wrote (to its end) in @err, NUL terminated; returns the wait status.
 * A child whose @fn returns exits 0.
 */
int tu_run_stderr(void (*fn)(void *arg), void *arg, char *err, size_t size);

/* lstat() finds @path (a dangling symbolic link counts). */
bool tu_exists(const char *path);

/* @path is a namespace file (on nsfs), e.g. one bound there. */
bool tu_on_nsfs(const char *path);

/* Into a mount namespace of our own, everything private in it (root;
 * Check forks each case, so nothing reaches the system). */
void tu_private_mounts(void);

/*
 * A checked fixture: each case works in a fresh directory of its own,
 * tu_scratch, its working directory meanwhile.
 */
extern struct tu_tree tu_scratch;
void tu_enter_scratch(void);
void tu_leave_scratch(void);

/*
 * Common main(): runs the suite built by @suite with
 * srunner_run_all(CK_ENV) in a private scratch directory.
 */
int tu_main(int argc, char **argv, Suite *(*suite)(void));

/*
 * The same for a module with root-only cases in @root_suite: "PROG"
 * runs @suite, "PROG --root" runs @root_suite, or exits TU_EXIT_SKIP
 * when not root. meson registers both (tests/unit/meson.build).
 */
int tu_main_split(int argc, char **argv, Suite *(*suite)(void),
		  Suite *(*root_suite)(void));

#endif
