// SPDX-License-Identifier: MIT
/* Shared helpers of the unit tests, see testutil.h. */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <inttypes.h>
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sched.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <linux/magic.h>
#include <sys/wait.h>

#include "testutil.h"

/* noinline: gcc 12 mistakes the result for a dangling local otherwise */
static char *vformat(const char *fmt, va_list ap)
	__attribute__((noinline)) TU_PRINTF(1, 0);

static char *vformat(const char *fmt, va_list ap)
{
	char *s;

	if (vasprintf(&s, fmt, ap) < 0)
		ck_abort_msg("out of memory");
	return s;
}

static bool usable_tmpfs(const char *dir)
{
	struct statfs sfs;

	return dir && *dir && access(dir, W_OK | X_OK) == 0 &&
	       statfs(dir, &sfs) == 0 && sfs.f_type == TMPFS_MAGIC;
}

/* A writable directory for trees: a tmpfs, see tu_mkpids(). */
static const char *tree_base(void)
{
	const char *const candidates[] = { getenv("TMPDIR"), "/dev/shm",
					   "/tmp" };
	const char *env = getenv("TMPDIR");

	for (size_t i = 0; i < sizeof(candidates) / sizeof(*candidates); i++)
		if (usable_tmpfs(candidates[i]))
			return candidates[i];
	/* no tmpfs: tu_mkpids() fails if the order comes out wrong */
	return env && *env ? env : "/tmp";
}

static int remove_entry(const char *path, const struct stat *st, int flag,
			struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path) < 0 ? -1 : 0;
}

static int remove_tree(const char *path)
{
	return nftw(path, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
}

/*
 * All trees of a run live below one directory, made and removed by
 * tu_main(): a failing test ends its forked process with _exit(),
 * before it could clean up after itself.
 */
static char *run_dir;

/* A fresh directory below @base, NULL on failure (see errno). */
static char *make_dir(const char *base)
{
	char *path;

	if (asprintf(&path, "%s/nstools-unit.XXXXXX", base) < 0)
		return NULL;
	if (!mkdtemp(path)) {
		int saved = errno;

		free(path);
		errno = saved;
		return NULL;
	}
	return path;
}

void tu_tree_new(struct tu_tree *t)
{
	const char *base = run_dir ? run_dir : tree_base();
	char *path = make_dir(base);

	ck_assert_msg(path, "mkdtemp in %s: %s", base, strerror(errno));
	t->path = path;
	t->fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	ck_assert_msg(t->fd >= 0, "open %s: %s", path, strerror(errno));
}

void tu_tree_free(struct tu_tree *t)
{
	if (t->fd >= 0)
		close(t->fd);
	t->fd = -1;
	if (t->path) {
		ck_assert_msg(remove_tree(t->path) == 0, "removing %s: %s",
			      t->path, strerror(errno));
		free(t->path);
	}
	t->path = NULL;
}

/* mkdir -p of the first @len bytes of @path below @dirfd. */
static void mkdir_prefix(int dirfd, const char *path, size_t len)
{
	char *p = strndup(path, len);

	ck_assert_ptr_nonnull(p);
	for (char *slash = p;; slash++) {
		char saved;

		slash = strchrnul(slash, '/');
		saved = *slash;
		*slash = '\0';
		if (*p && mkdirat(dirfd, p, 0755) < 0 && errno != EEXIST)
			ck_abort_msg("mkdir %s: %s", p, strerror(errno));
		*slash = saved;
		if (!saved)
			break;
	}
	free(p);
}

static void mkparents(int dirfd, const char *path)
{
	const char *slash = strrchr(path, '/');

	if (slash)
		mkdir_prefix(dirfd, path, (size_t)(slash - path));
}

void tu_mkdir(const struct tu_tree *t, const char *fmt, ...)
{
	va_list ap;
	char *path;

	va_start(ap, fmt);
	path = vformat(fmt, ap);
	va_end(ap);
	mkdir_prefix(t->fd, path, strlen(path));
	free(path);
}

void tu_symlink(const struct tu_tree *t, const char *target, const char *fmt,
		...)
{
	va_list ap;
	char *path;

	va_start(ap, fmt);
	path = vformat(fmt, ap);
	va_end(ap);
	mkparents(t->fd, path);
	ck_assert_msg(symlinkat(target, t->fd, path) == 0, "symlink %s: %s",
		      path, strerror(errno));
	free(path);
}

static void write_file(const struct tu_tree *t, const void *data, size_t len,
		       const char *path)
{
	int fd;

	mkparents(t->fd, path);
	fd = openat(t->fd, path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC,
		    0644);
	ck_assert_msg(fd >= 0, "create %s: %s", path, strerror(errno));
	ck_assert_msg(write(fd, data, len) == (ssize_t)len, "write %s", path);
	close(fd);
}

void tu_write(const struct tu_tree *t, const void *data, size_t len,
	      const char *fmt, ...)
{
	va_list ap;
	char *path;

	va_start(ap, fmt);
	path = vformat(fmt, ap);
	va_end(ap);
	write_file(t, data, len, path);
	free(path);
}

void tu_write_str(const struct tu_tree *t, const char *data, const char *fmt,
		  ...)
{
	va_list ap;
	char *path;

	va_start(ap, fmt);
	path = vformat(fmt, ap);
	va_end(ap);
	write_file(t, data, strlen(data), path);
	free(path);
}

void tu_nslink(const struct tu_tree *t, pid_t pid, const char *type,
	       uint64_t ino)
{
	char target[64];

	snprintf(target, sizeof(target), "%s:[%" PRIu64 "]", type, ino);
	if (pid == 0)
		tu_symlink(t, target, "self/ns/%s", type);
	else
		tu_symlink(t, target, "%d/ns/%s", (int)pid, type);
}

void tu_stat(const struct tu_tree *t, pid_t pid, const char *comm,
	     char state, pid_t ppid)
{
	char buf[512];

	snprintf(buf, sizeof(buf),
		 "%d (%s) %c %d %d %d 0 -1 4194560 100 0 0 0 1 2 0 0 20 0 "
		 "1 0 12345 1000000 200 18446744073709551615 1 1 0 0 0 0 0 "
		 "0 0 0 0 0 0 17 0 0 0 0 0 0 0 0 0 0 0 0 0 0\n",
		 (int)pid, comm, state, (int)ppid, (int)pid, (int)pid);
	tu_write_str(t, buf, "%d/stat", (int)pid);
}

void tu_fdlink(const struct tu_tree *t, pid_t pid, int fd, const char *target)
{
	tu_symlink(t, target, "%d/fd/%d", (int)pid, fd);
}

size_t tu_list_numeric(int dirfd, pid_t *ret, size_t max)
{
	size_t n = 0;
	struct dirent *d;
	DIR *dir;
	int fd;

	fd = openat(dirfd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	ck_assert_int_ge(fd, 0);
	dir = fdopendir(fd);
	ck_assert_ptr_nonnull(dir);
	while ((d = readdir(dir))) {
		char *end;
		long v;

		if (d->d_name[0] < '0' || d->d_name[0] > '9')
			continue;
		v = strtol(d->d_name, &end, 10);
		if (*end || n >= max)
			continue;
		ret[n++] = (pid_t)v;
	}
	closedir(dir);
	return n;
}

static int cmp_pid(const void *a, const void *b)
{
	pid_t x = *(const pid_t *)a, y = *(const pid_t *)b;

	return (x > y) - (x < y);
}

/* +1: lists in creation order, -1: in reverse, 0: neither. */
static int listing_order(const struct tu_tree *t)
{
	static const pid_t probe[] = { 3, 1, 2 };
	pid_t got[3];
	size_t n;
	int probefd, order = 0;

	tu_mkdir(t, ".probe");
	probefd = openat(t->fd, ".probe", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	ck_assert_int_ge(probefd, 0);
	for (size_t i = 0; i < 3; i++)
		tu_mkdir(t, ".probe/%d", (int)probe[i]);
	n = tu_list_numeric(probefd, got, 3);
	ck_assert_uint_eq(n, 3);
	if (got[0] == 3 && got[1] == 1 && got[2] == 2)
		order = 1;
	else if (got[0] == 2 && got[1] == 1 && got[2] == 3)
		order = -1;
	close(probefd);
	for (size_t i = 0; i < 3; i++) {
		char name[32];

		snprintf(name, sizeof(name), ".probe/%d", (int)probe[i]);
		ck_assert_int_eq(unlinkat(t->fd, name, AT_REMOVEDIR), 0);
	}
	ck_assert_int_eq(unlinkat(t->fd, ".probe", AT_REMOVEDIR), 0);
	return order;
}

void tu_mkpids(const struct tu_tree *t, const pid_t *pids, size_t n)
{
	pid_t *sorted = calloc(n ? n : 1, sizeof(*sorted));
	pid_t *got = calloc(n ? n : 1, sizeof(*got));
	int order = listing_order(t);
	bool ascending = true;
	size_t count = 0;

	ck_assert_ptr_nonnull(sorted);
	ck_assert_ptr_nonnull(got);
	memcpy(sorted, pids, n * sizeof(*pids));
	qsort(sorted, n, sizeof(*sorted), cmp_pid);
	for (size_t i = 0; i < n; i++) {
		pid_t pid = order < 0 ? sorted[n - 1 - i] : sorted[i];

		tu_mkdir(t, "%d", (int)pid);
	}
	/* Only the relative order of the pids matters. */
	count = tu_list_numeric(t->fd, got, n);
	for (size_t i = 0, j = 0; i < count; i++) {
		bool mine = bsearch(&got[i], sorted, n, sizeof(*sorted),
				    cmp_pid) != NULL;

		if (!mine)
			continue;
		if (got[i] != sorted[j++])
			ascending = false;
	}
	free(sorted);
	free(got);
	ck_assert_msg(ascending && count == n,
		      "%s does not list PIDs in ascending order (not a tmpfs?)"
		      ": the fake /proc cannot be made here", t->path);
}

uint64_t tu_fd_ino(int fd)
{
	struct stat st;

	ck_assert_msg(fstat(fd, &st) == 0, "fstat %d: %s", fd,
		      strerror(errno));
	return st.st_ino;
}

uint64_t tu_path_ino(const char *path)
{
	struct stat st;

	ck_assert_msg(stat(path, &st) == 0, "stat %s: %s", path,
		      strerror(errno));
	return st.st_ino;
}

static char *self_ns_path(const char *name)
{
	char *path;

	if (asprintf(&path, "/proc/self/ns/%s", name) < 0)
		ck_abort_msg("out of memory");
	return path;
}

int tu_open_self_ns(const char *name)
{
	char *path = self_ns_path(name);
	int fd;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	ck_assert_msg(fd >= 0, "open %s: %s", path, strerror(errno));
	free(path);
	return fd;
}

uint64_t tu_self_ns_ino(const char *name)
{
	char *path = self_ns_path(name);
	uint64_t ino = tu_path_ino(path);

	free(path);
	return ino;
}

bool tu_have_self_ns(const char *name)
{
	char *path = self_ns_path(name);
	bool have = access(path, F_OK) == 0;

	free(path);
	return have;
}

bool tu_is_cloexec(int fd)
{
	int flags = fcntl(fd, F_GETFD);

	ck_assert_msg(flags >= 0, "fcntl %d F_GETFD: %s", fd, strerror(errno));
	return flags & FD_CLOEXEC;
}

static bool read_full(int fd, void *buf, size_t size)
{
	size_t done = 0;

	while (done < size) {
		ssize_t n = read(fd, (char *)buf + done, size - done);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return false;
		done += (size_t)n;
	}
	return true;
}

static void write_full(int fd, const void *buf, size_t size)
{
	size_t done = 0;

	while (done < size) {
		ssize_t n = write(fd, (const char *)buf + done, size - done);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			_exit(125);
		done += (size_t)n;
	}
}

int tu_wait_exit(pid_t pid)
{
	int status;

	while (waitpid(pid, &status, 0) < 0) {
		if (errno != EINTR)
			ck_abort_msg("waitpid %d: %s", (int)pid,
				     strerror(errno));
	}
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

/* In a helper child: the read end of its release pipe. */
static int child_release_fd = -1;

void tu_child_linger(void)
{
	char c;

	while (read(child_release_fd, &c, 1) < 0 && errno == EINTR)
		;
}

void tu_child_start(struct tu_child *c, tu_child_fn setup, void *arg,
		    void *info, size_t size, bool linger)
{
	int report[2], release[2];
	pid_t parent = getpid();
	pid_t pid;

	ck_assert_int_eq(pipe2(report, O_CLOEXEC), 0);
	ck_assert_int_eq(pipe2(release, O_CLOEXEC), 0);
	fflush(NULL);
	pid = fork();
	ck_assert_msg(pid >= 0, "fork: %s", strerror(errno));
	if (pid == 0) {
		int code;

		prctl(PR_SET_PDEATHSIG, SIGKILL);
		if (getppid() != parent)
			_exit(124);
		close(report[0]);
		close(release[1]);
		child_release_fd = release[0];
		code = setup(arg, info);
		write_full(report[1], info, size);
		close(report[1]);
		if (linger)
			tu_child_linger();
		/* Reap what @setup forked (they linger as well). */
		while (wait(NULL) > 0 || errno == EINTR)
			;
		_exit(code < 0 ? 126 : code);
	}
	close(report[1]);
	close(release[0]);
	c->pid = pid;
	c->release_fd = release[1];
	if (!read_full(report[0], info, size)) {
		close(report[0]);
		tu_child_stop(c);
		ck_abort_msg("helper child died before reporting");
	}
	close(report[0]);
}

int tu_child_stop(struct tu_child *c)
{
	int code;

	if (c->pid <= 0)
		return -1;
	close(c->release_fd);
	c->release_fd = -1;
	code = tu_wait_exit(c->pid);
	c->pid = 0;
	return code;
}

int tu_child_run(tu_child_fn fn, void *arg, void *info, size_t size)
{
	struct tu_child c;

	tu_child_start(&c, fn, arg, info, size, false);
	return tu_child_stop(&c);
}

int tu_main(int argc, char **argv, Suite *(*suite)(void))
{
	return tu_main_split(argc, argv, suite, NULL);
}

int tu_main_split(int argc, char **argv, Suite *(*suite)(void),
		  Suite *(*root_suite)(void))
{
	bool root = argc == 2 && root_suite && strcmp(argv[1], "--root") == 0;
	SRunner *sr;
	int failed;

	if (argc > 2 || (argc == 2 && !root)) {
		fprintf(stderr, "usage: %s%s\n", argv[0],
			root_suite ? " [--root]" : "");
		return 2;
	}
	if (root && geteuid() != 0) {
		printf("SKIP: the root-only cases need root\n");
		return TU_EXIT_SKIP;
	}
	run_dir = make_dir(tree_base());
	if (!run_dir) {
		fprintf(stderr, "%s: cannot make a directory in %s: %m\n",
			argv[0], tree_base());
		return EXIT_FAILURE;
	}
	sr = srunner_create(root ? root_suite() : suite());
	srunner_run_all(sr, CK_ENV);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	if (remove_tree(run_dir) < 0) {
		fprintf(stderr, "%s: cannot remove %s: %m\n", argv[0], run_dir);
		failed++;
	}
	free(run_dir);
	run_dir = NULL;
	return failed != 0 ? EXIT_FAILURE : EXIT_SUCCESS;
}

bool tu_exists(const char *path)
{
	struct stat st;

	return lstat(path, &st) == 0;
}

bool tu_on_nsfs(const char *path)
{
	struct statfs sfs;

	return statfs(path, &sfs) == 0 && sfs.f_type == NSFS_MAGIC;
}

void tu_private_mounts(void)
{
	ck_assert_int_eq(unshare(CLONE_NEWNS), 0);
	ck_assert_int_eq(mount("none", "/", NULL, MS_REC | MS_PRIVATE, NULL),
			 0);
}

struct tu_tree tu_scratch = { .path = NULL, .fd = -1 };

void tu_enter_scratch(void)
{
	tu_tree_new(&tu_scratch);
	ck_assert_int_eq(fchdir(tu_scratch.fd), 0);
}

void tu_leave_scratch(void)
{
	ck_assert_int_eq(chdir("/"), 0);
	tu_tree_free(&tu_scratch);
}

int tu_run_stderr(void (*fn)(void *arg), void *arg, char *err, size_t size)
{
	int pipefd[2], status;
	size_t got = 0;
	ssize_t len;
	pid_t pid;

	ck_assert_int_eq(pipe(pipefd), 0);
	pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		dup2(pipefd[1], STDERR_FILENO);
		fn(arg);
		_exit(0);
	}
	close(pipefd[1]);
	/* to the end: a message may come in several writes */
	while ((len = read(pipefd[0], err + got, size - 1 - got)) > 0)
		got += (size_t)len;
	ck_assert_int_ge(len, 0);
	err[got] = '\0';
	close(pipefd[0]);
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	return status;
}

static void *tu_thread_body(void *p)
{
	struct tu_thread *t = p;
	pid_t tid = gettid();
	char c;

	if (write(t->tidpipe[1], &tid, sizeof(tid)) != sizeof(tid))
		return NULL;
	while (read(t->waitpipe[0], &c, 1) > 0)
		;
	return NULL;
}

void tu_thread_start(struct tu_thread *t)
{
	ck_assert_int_eq(pipe2(t->tidpipe, O_CLOEXEC), 0);
	ck_assert_int_eq(pipe2(t->waitpipe, O_CLOEXEC), 0);
	ck_assert_int_eq(pthread_create(&t->th, NULL, tu_thread_body, t), 0);
	ck_assert_int_eq(read(t->tidpipe[0], &t->tid, sizeof(t->tid)),
			 (ssize_t)sizeof(t->tid));
}

void tu_thread_end(struct tu_thread *t)
{
	close(t->waitpipe[1]); /* EOF: the thread ends */
	ck_assert_int_eq(pthread_join(t->th, NULL), 0);
	close(t->waitpipe[0]);
	close(t->tidpipe[0]);
	close(t->tidpipe[1]);
}
