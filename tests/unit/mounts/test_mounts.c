// SPDX-License-Identifier: MIT
/* Unit tests of lib/mounts/mounts.c: nsfs bind mounts from mountinfo. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdlib.h>
#include <string.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <stddef.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "libns/mounts.h"
#include "libns/base.h"
#include "testutil.h"

/* Real mountinfo syntax, see proc(5); one malformed line in between. */
static const char mountinfo[] =
	"22 1 252:0 / / rw,relatime shared:1 - ext4 /dev/vda rw\n"
	"23 22 0:21 / /proc rw,nosuid,nodev,noexec shared:5 - proc proc "
	"rw\n"
	"43 22 0:25 / /run rw,nosuid,nodev shared:12 - tmpfs tmpfs "
	"rw,mode=755\n"
	"44 43 0:4 net:[4026532182] /run/netns/a rw shared:2 - nsfs nsfs "
	"rw\n"
	"this line is not mountinfo at all\n"
	"45 22 0:26 / /tmp/net:[1] rw - tmpfs tmpfs rw\n"
	"46 22 0:4 uts:[4026532300] /tmp/x\\040y rw,relatime - nsfs nsfs "
	"rw\n"
	"47 22 0:4 / /weird rw - nsfs nsfs rw\n"
	"48 22 0:27 net:[4026532999] /fake rw - tmpfs tmpfs rw\n"
	"49 43 0:4 net:[4026532182] /run/netns/b\\011tab rw shared:2 - nsfs "
	"nsfs rw\n"
	"50 22 0:4 time:[18446744073709551615] /t rw - nsfs nsfs rw\n"
	/* a root with a leading slash is taken as well */
	"51 22 0:4 /ipc:[4026532777] /i rw - nsfs nsfs rw\n";

START_TEST(test_fake)
{
	static const struct ns_mount want[] = {
		{ 4026532182ull, NS_TYPE_NET, (char *)"/run/netns/a" },
		{ 4026532300ull, NS_TYPE_UTS, (char *)"/tmp/x y" },
		{ 4026532182ull, NS_TYPE_NET, (char *)"/run/netns/b\ttab" },
		{ UINT64_MAX, NS_TYPE_TIME, (char *)"/t" },
		{ 4026532777ull, NS_TYPE_IPC, (char *)"/i" },
	};
	struct ns_mount_list list = { 0 };
	struct tu_tree t;

	tu_tree_new(&t);
	tu_write_str(&t, mountinfo, "self/mountinfo");
	ck_assert_int_eq(ns_mounts_read(t.fd, &list), 0);
	ck_assert_uint_eq(list.count, NS_ARRAY_SIZE(want));
	for (size_t i = 0; i < list.count; i++) {
		ck_assert_uint_eq(list.items[i].ino, want[i].ino);
		ck_assert_int_eq(list.items[i].type, want[i].type);
		ck_assert_str_eq(list.items[i].target, want[i].target);
	}
	ns_mounts_clear(&list);
	ck_assert_ptr_null(list.items);
	ck_assert_uint_eq(list.count, 0);
	ns_mounts_clear(&list); /* twice is harmless */
	tu_tree_free(&t);
}
END_TEST

START_TEST(test_many)
{
	/* Enough entries to grow the list several times. */
	enum { N = 300 };
	struct ns_mount_list list = { 0 };
	struct tu_tree t;
	size_t size = 0;
	char *buf;
	FILE *f;

	f = open_memstream(&buf, &size);
	ck_assert_ptr_nonnull(f);
	fprintf(f, "22 1 252:0 / / rw - ext4 /dev/vda rw\n");
	for (int i = 0; i < N; i++)
		fprintf(f, "%d 22 0:4 ipc:[%d] /run/ipc/%d rw - nsfs nsfs rw\n",
			100 + i, 5000 + i, i);
	fclose(f);
	tu_tree_new(&t);
	tu_write_str(&t, buf, "self/mountinfo");
	free(buf);
	ck_assert_int_eq(ns_mounts_read(t.fd, &list), 0);
	ck_assert_uint_eq(list.count, N);
	for (int i = 0; i < N; i++) {
		char target[32];

		snprintf(target, sizeof(target), "/run/ipc/%d", i);
		ck_assert_uint_eq(list.items[i].ino, (uint64_t)(5000 + i));
		ck_assert_int_eq(list.items[i].type, NS_TYPE_IPC);
		ck_assert_str_eq(list.items[i].target, target);
	}
	ns_mounts_clear(&list);
	tu_tree_free(&t);
}
END_TEST

START_TEST(test_none)
{
	struct ns_mount_list list = { .count = 99 };
	struct tu_tree t;

	tu_tree_new(&t);
	tu_write_str(&t,
		     "22 1 252:0 / / rw,relatime shared:1 - ext4 /dev/vda rw\n",
		     "self/mountinfo");
	ck_assert_int_eq(ns_mounts_read(t.fd, &list), 0);
	ck_assert_uint_eq(list.count, 0);
	ns_mounts_clear(&list);

	list.count = 99;
	tu_write_str(&t, "", "self/mountinfo");
	ck_assert_int_eq(ns_mounts_read(t.fd, &list), 0);
	ck_assert_uint_eq(list.count, 0);
	ns_mounts_clear(&list);
	tu_tree_free(&t);
}
END_TEST

START_TEST(test_missing)
{
	struct ns_mount_list list = { .items = NULL, .count = 99 };
	struct tu_tree t;

	tu_tree_new(&t);
	ck_assert_int_eq(ns_mounts_read(t.fd, &list), -ENOENT);
	tu_mkdir(&t, "self/mountinfo");
	ck_assert_int_lt(ns_mounts_read(t.fd, &list), 0);
	ck_assert_int_eq(ns_mounts_read(-1, &list), -EBADF);
	ck_assert_uint_eq(list.count, 99);
	ck_assert_ptr_null(list.items);
	tu_tree_free(&t);
}
END_TEST

START_TEST(test_real)
{
	struct ns_mount_list list = { 0 };
	int procfd;

	procfd = open("/proc", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	ck_assert_int_ge(procfd, 0);
	ck_assert_int_eq(ns_mounts_read(procfd, &list), 0);
	for (size_t i = 0; i < list.count; i++) {
		ck_assert_int_lt(list.items[i].type, NS_TYPE_COUNT);
		ck_assert_uint_ne(list.items[i].ino, 0);
		ck_assert_int_eq(list.items[i].target[0], '/');
	}
	ns_mounts_clear(&list);
	close(procfd);
}
END_TEST

#if defined(__x86_64__)
#define AUDIT_ARCH_NATIVE AUDIT_ARCH_X86_64
#elif defined(__aarch64__)
#define AUDIT_ARCH_NATIVE AUDIT_ARCH_AARCH64
#endif

/*
 * In a child: openat2 fails with ENOSYS from now on, as on kernels
 * before 5.6, so that ns_mounts_open walks the path itself.
 */
static int without_openat2(void)
{
#ifdef AUDIT_ARCH_NATIVE
	struct sock_filter code[] = {
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS,
			 offsetof(struct seccomp_data, arch)),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, AUDIT_ARCH_NATIVE, 1, 0),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS,
			 offsetof(struct seccomp_data, nr)),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_openat2, 0, 1),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | ENOSYS),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
	};
	struct sock_fprog prog = {
		.len = NS_ARRAY_SIZE(code),
		.filter = code,
	};

	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0 ||
	    prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog) < 0)
		return -errno;
	return 0;
#else
	return -EOPNOTSUPP;
#endif
}

/* No ck_assert in these: they also run in children. */
static dev_t nsfs_dev(void)
{
	struct stat st;

	return stat("/proc/self/ns/net", &st) == 0 ? st.st_dev : 0;
}

static uint64_t ino_of(const char *dir, const char *name)
{
	char path[4096];
	struct stat st;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	return stat(path, &st) == 0 ? st.st_ino : 0;
}

/* ns_mounts_open of @name in @t; -EBADE for a failure that set an fd. */
static int open_mount(const struct tu_tree *t, const char *name,
		      uint64_t ino, dev_t dev)
{
	struct ns_mount m = { .ino = ino, .type = NS_TYPE_NET };
	int procfd, fd = 4242, r;

	procfd = open("/proc", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (procfd < 0)
		return -errno;
	if (asprintf(&m.target, "%s/%s", t->path, name) < 0) {
		close(procfd);
		return -ENOMEM;
	}
	r = ns_mounts_open(procfd, &m, dev, &fd);
	if (r == 0)
		close(fd);
	else if (fd != 4242)
		r = -EBADE;
	free(m.target);
	close(procfd);
	return r;
}

/* What a user may put where a mount point was is never opened. */
enum { REF_LINK, REF_VIA, REF_NSLINK, REF_FIFO, REF_MISSING, REF_DOTDOT,
       REF_NODEV, REF_COUNT };

static void refused_cases(const struct tu_tree *t, int *ret)
{
	uint64_t net = ino_of("/proc/self/ns", "net");
	uint64_t fifo = ino_of(t->path, "dir/fifo");

	/* a symlink, even to the right namespace: not followed */
	ret[REF_LINK] = open_mount(t, "link", net, nsfs_dev());
	ret[REF_VIA] = open_mount(t, "via/fifo", fifo, nsfs_dev());
	ret[REF_NSLINK] = open_mount(t, "dir/ns", net, nsfs_dev());
	/* a FIFO (with no writer: an open would hang) is not on nsfs */
	ret[REF_FIFO] = open_mount(t, "dir/fifo", fifo, nsfs_dev());
	ret[REF_MISSING] = open_mount(t, "missing", net, nsfs_dev());
	ret[REF_DOTDOT] = open_mount(t, "dir/../dir/fifo", fifo, nsfs_dev());
	ret[REF_NODEV] = open_mount(t, "dir/fifo", fifo, 0);
}

static void refused_tree(struct tu_tree *t)
{
	char path[4096];

	tu_tree_new(t);
	tu_symlink(t, "/proc/self/ns/net", "link");
	tu_mkdir(t, "dir");
	snprintf(path, sizeof(path), "%s/dir/fifo", t->path);
	ck_assert_int_eq(mkfifo(path, 0600), 0);
	tu_symlink(t, "dir", "via");
	tu_symlink(t, "/proc/self/ns/net", "dir/ns");
}

START_TEST(test_mount_open_refused)
{
	int r[REF_COUNT];
	struct tu_tree t;

	refused_tree(&t);
	refused_cases(&t, r);
	ck_assert_int_eq(r[REF_LINK], -ELOOP);
	ck_assert_int_eq(r[REF_VIA], -ELOOP);
	ck_assert_int_eq(r[REF_NSLINK], -ELOOP);
	ck_assert_int_eq(r[REF_FIFO], -ESTALE);
	ck_assert_int_eq(r[REF_MISSING], -ENOENT);
	ck_assert_int_eq(r[REF_DOTDOT], -ESTALE); /* openat2 allows ".." */
	ck_assert_int_eq(r[REF_NODEV], -EINVAL);
	tu_tree_free(&t);
}
END_TEST

struct fallback_info {
	int setup; /* 0, or the -errno of the seccomp filter */
	int r[REF_COUNT];
};

static int child_refused_fallback(void *arg, void *info)
{
	struct fallback_info *fi = info;

	fi->setup = without_openat2();
	if (fi->setup == 0)
		refused_cases(arg, fi->r);
	return 0;
}

START_TEST(test_mount_open_refused_fallback)
{
	struct fallback_info fi = { .setup = 1 };
	struct tu_tree t;

	refused_tree(&t);
	ck_assert_int_eq(tu_child_run(child_refused_fallback, &t, &fi,
				      sizeof(fi)),
			 0);
	ck_assert_int_eq(fi.setup, 0);
	ck_assert_int_eq(fi.r[REF_LINK], -ELOOP);
	ck_assert_int_eq(fi.r[REF_VIA], -ELOOP);
	ck_assert_int_eq(fi.r[REF_NSLINK], -ELOOP);
	ck_assert_int_eq(fi.r[REF_FIFO], -ESTALE);
	ck_assert_int_eq(fi.r[REF_MISSING], -ENOENT);
	ck_assert_int_eq(fi.r[REF_DOTDOT], -EINVAL);
	ck_assert_int_eq(fi.r[REF_NODEV], -EINVAL);
	tu_tree_free(&t);
}
END_TEST

/* Root only: a real nsfs bind mount in a private mount namespace. */

struct bind_info {
	int step; /* 0: done, else the failed step */
	int err;
	uint64_t ino;
	int found; /* how often the target was listed */
	int type;
	uint64_t got_ino;
	int open_r;	     /* ns_mounts_open of the target */
	uint64_t open_ino;   /* ... the inode of what it opened */
	int open_flags;	     /* ... and its file status flags */
	int cloexec;
	int other_r;	     /* of the target, expecting another inode */
	int link_r;	     /* through a symlink to its directory */
	int fb_setup;	     /* again without openat2: the filter ... */
	int fb_open_r;	     /* ... the target ... */
	uint64_t fb_ino;
	int fb_link_r;	     /* ... through the symlink */
};

static void try_mount_open(struct bind_info *bi, const char *target)
{
	struct ns_mount m = { .ino = bi->ino, .type = NS_TYPE_UTS };
	char *dir = strdup(target), *via = NULL;
	dev_t dev;
	int procfd, fd = -1;
	struct stat st;

	if (!dir || stat("/proc/self/ns/uts", &st) < 0)
		goto out;
	dev = st.st_dev;
	procfd = open("/proc", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (procfd < 0)
		goto out;
	m.target = (char *)target;
	bi->open_r = ns_mounts_open(procfd, &m, dev, &fd);
	if (bi->open_r == 0 && fstat(fd, &st) == 0) {
		bi->open_ino = st.st_ino;
		bi->open_flags = fcntl(fd, F_GETFL);
		bi->cloexec = fcntl(fd, F_GETFD) & FD_CLOEXEC;
		close(fd);
	}
	m.ino = bi->ino + 1;
	bi->other_r = ns_mounts_open(procfd, &m, dev, &fd);
	m.ino = bi->ino;
	*strrchr(dir, '/') = '\0';
	if (asprintf(&via, "%s/via", dir) >= 0 && symlink(dir, via) == 0) {
		free(via);
		via = NULL;
		if (asprintf(&via, "%s/via%s", dir,
			     strrchr(target, '/')) >= 0) {
			m.target = via;
			bi->link_r = ns_mounts_open(procfd, &m, dev, &fd);
		}
	}
	bi->fb_setup = without_openat2();
	if (bi->fb_setup == 0) {
		m.target = (char *)target;
		bi->fb_open_r = ns_mounts_open(procfd, &m, dev, &fd);
		if (bi->fb_open_r == 0) {
			if (fstat(fd, &st) == 0)
				bi->fb_ino = st.st_ino;
			close(fd);
		}
		if (via) {
			m.target = via;
			bi->fb_link_r = ns_mounts_open(procfd, &m, dev, &fd);
		}
	}
	close(procfd);
out:
	free(via);
	free(dir);
}

static int child_bind(void *arg, void *info)
{
	const char *target = arg;
	struct bind_info *bi = info;
	struct ns_mount_list list = { 0 };
	struct stat st;
	int procfd, r;

	/* No ck_assert here: this is not the test process. */
	bi->step = 1;
	if (unshare(CLONE_NEWNS) < 0)
		goto fail;
	bi->step = 2;
	if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) < 0)
		goto fail;
	bi->step = 3;
	if (mount("/proc/self/ns/uts", target, NULL, MS_BIND, NULL) < 0)
		goto fail;
	bi->step = 4;
	if (stat("/proc/self/ns/uts", &st) < 0)
		goto fail;
	bi->ino = st.st_ino;
	bi->step = 5;
	procfd = open("/proc", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (procfd < 0)
		goto fail;
	r = ns_mounts_read(procfd, &list);
	close(procfd);
	if (r < 0) {
		errno = -r;
		goto fail;
	}
	for (size_t i = 0; i < list.count; i++) {
		if (strcmp(list.items[i].target, target) != 0)
			continue;
		bi->found++;
		bi->type = (int)list.items[i].type;
		bi->got_ino = list.items[i].ino;
	}
	ns_mounts_clear(&list);
	try_mount_open(bi, target);
	bi->step = 0;
	return 0;
fail:
	bi->err = errno;
	return 0;
}

START_TEST(test_real_bind)
{
	struct bind_info bi = { .step = -1 };
	struct tu_tree t;
	char *target;

	TU_REQUIRE_ROOT();
	tu_tree_new(&t);
	/* Characters mountinfo escapes: space, tab, backslash. */
	tu_write_str(&t, "", "uts x\ty\\z");
	ck_assert_int_ge(asprintf(&target, "%s/uts x\ty\\z", t.path), 0);
	ck_assert_int_eq(tu_child_run(child_bind, target, &bi, sizeof(bi)),
			 0);
	ck_assert_msg(bi.step == 0, "step %d: %s", bi.step, strerror(bi.err));
	ck_assert_int_eq(bi.found, 1);
	ck_assert_int_eq(bi.type, NS_TYPE_UTS);
	ck_assert_uint_eq(bi.got_ino, bi.ino);
	/* opened for ioctls: read-only, non-blocking, close-on-exec */
	ck_assert_int_eq(bi.open_r, 0);
	ck_assert_uint_eq(bi.open_ino, bi.ino);
	ck_assert_int_eq(bi.open_flags & O_ACCMODE, O_RDONLY);
	ck_assert(bi.open_flags & O_NONBLOCK);
	ck_assert(bi.cloexec);
	ck_assert_int_eq(bi.other_r, -ESTALE);
	ck_assert_int_eq(bi.link_r, -ELOOP);
	ck_assert_int_eq(bi.fb_setup, 0);
	ck_assert_int_eq(bi.fb_open_r, 0);
	ck_assert_uint_eq(bi.fb_ino, bi.ino);
	ck_assert_int_eq(bi.fb_link_r, -ELOOP);
	free(target);
	tu_tree_free(&t);
}
END_TEST

static Suite *mounts_suite(void)
{
	Suite *s = suite_create("mounts");
	TCase *tc = tcase_create("fake");

	tcase_add_test(tc, test_fake);
	tcase_add_test(tc, test_many);
	tcase_add_test(tc, test_none);
	tcase_add_test(tc, test_missing);
	tcase_add_test(tc, test_mount_open_refused);
	tcase_add_test(tc, test_mount_open_refused_fallback);
	suite_add_tcase(s, tc);

	tc = tcase_create("real");
	tcase_set_timeout(tc, 20);
	tcase_add_test(tc, test_real);
	suite_add_tcase(s, tc);
	return s;
}

/* Run by "test_mounts --root", as root only. */
static Suite *mounts_root_suite(void)
{
	Suite *s = suite_create("mounts-root");
	TCase *tc = tcase_create("real");

	tcase_set_timeout(tc, 20);
	tcase_add_test(tc, test_real_bind);
	suite_add_tcase(s, tc);
	return s;
}

int main(int argc, char **argv)
{
	return tu_main_split(argc, argv, mounts_suite,
			     mounts_root_suite);
}
