// SPDX-License-Identifier: MIT
/*
 * Unit tests of lib/persist/persist.c: the target checks (missing, empty,
 * non-empty, symlink, directory, mount point), bind and undo, whether a
 * path is on a shared mount (with a fake mountinfo). The
 * mounting tests run as root in a private mount namespace of their own
 * (Check forks each test), so nothing leaks to the system.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <sched.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <unistd.h>

#include "libns/persist.h"
#include "testutil.h"

static void write_file(const char *path, const char *text)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);

	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	close(fd);
}


START_TEST(test_create_and_undo)
{
	struct ns_persist p = NS_PERSIST_INIT;
	struct stat st;

	ck_assert_int_eq(ns_persist_prepare("new", &p), 0);
	ck_assert(p.created);
	ck_assert_int_ge(p.fd, 0);
	ck_assert_int_eq(lstat("new", &st), 0);
	ck_assert(S_ISREG(st.st_mode));
	ck_assert_int_eq(st.st_mode & 07777, 0444 & ~umask(022));
	ck_assert_int_eq(ns_persist_undo(&p), 0);
	ck_assert(!tu_exists("new"));
	ck_assert_int_eq(p.fd, -1);
	/* a second undo does nothing */
	ck_assert_int_eq(ns_persist_undo(&p), 0);
}
END_TEST

START_TEST(test_existing_empty_kept)
{
	struct ns_persist p = NS_PERSIST_INIT;

	write_file("empty", "");
	ck_assert_int_eq(ns_persist_prepare("empty", &p), 0);
	ck_assert(!p.created);
	ck_assert_int_eq(ns_persist_undo(&p), 0);
	ck_assert(tu_exists("empty"));
}
END_TEST

START_TEST(test_refusals)
{
	struct ns_persist p = NS_PERSIST_INIT;
	struct stat st;

	write_file("full", "data\n");
	ck_assert_int_eq(ns_persist_prepare("full", &p), -ENOTEMPTY);
	ck_assert_int_eq(stat("full", &st), 0);
	ck_assert_int_eq(st.st_size, 5);

	/* not followed: the link's target is neither created nor used */
	ck_assert_int_eq(symlink("target", "link"), 0);
	ck_assert_int_eq(ns_persist_prepare("link", &p), -ELOOP);
	ck_assert(!tu_exists("target"));
	write_file("target", "");
	ck_assert_int_eq(ns_persist_prepare("link", &p), -ELOOP);

	ck_assert_int_eq(mkdir("dir", 0755), 0);
	ck_assert_int_eq(ns_persist_prepare("dir", &p), -EISDIR);
	ck_assert_int_eq(mkfifo("fifo", 0644), 0);
	ck_assert_int_eq(ns_persist_prepare("fifo", &p), -EINVAL);
	ck_assert_int_eq(ns_persist_prepare("nodir/file", &p), -ENOENT);
	ck_assert_int_eq(ns_persist_prepare("", &p), -EINVAL);
	ck_assert_int_eq(p.fd, -1);
}
END_TEST

START_TEST(test_bind_undo)
{
	struct ns_persist p = NS_PERSIST_INIT, again = NS_PERSIST_INIT;
	char self[4200], cwd[4096];

	TU_REQUIRE_ROOT();
	tu_private_mounts();
	ck_assert_ptr_nonnull(getcwd(cwd, sizeof(cwd)));
	snprintf(self, sizeof(self), "%s/netns", cwd);
	ck_assert_int_eq(ns_persist_prepare(self, &p), 0);
	ck_assert_int_eq(ns_persist_bind(&p, "/proc/self/ns/net"), 0);
	ck_assert(p.mounted);
	ck_assert(tu_on_nsfs(self));
	/* already a mount point: refused, not shadowed */
	ck_assert_int_eq(ns_persist_prepare(self, &again), -EBUSY);
	ck_assert_int_eq(ns_persist_undo(&p), 0);
	ck_assert(!tu_exists(self));
}
END_TEST

START_TEST(test_bind_kept_release)
{
	struct ns_persist p = NS_PERSIST_INIT;

	TU_REQUIRE_ROOT();
	tu_private_mounts();
	write_file("kept", "");
	ck_assert_int_eq(ns_persist_prepare("kept", &p), 0);
	ck_assert_int_eq(ns_persist_bind(&p, "/proc/self/ns/uts"), 0);
	ns_persist_release(&p);
	ck_assert_int_eq(p.fd, -1);
	ck_assert(tu_on_nsfs("kept"));
	ck_assert_int_eq(umount2("kept", MNT_DETACH), 0);
	ck_assert(tu_exists("kept"));
}
END_TEST

START_TEST(test_bind_fails_undo)
{
	struct ns_persist p = NS_PERSIST_INIT;

	TU_REQUIRE_ROOT();
	tu_private_mounts();
	ck_assert_int_eq(ns_persist_prepare("nofile", &p), 0);
	ck_assert_int_eq(ns_persist_bind(&p, "/proc/self/ns/nosuch"), -ENOENT);
	ck_assert(!p.mounted);
	ck_assert_int_eq(ns_persist_undo(&p), 0);
	ck_assert(!tu_exists("nofile"));
}
END_TEST

/*
 * verify: a bind that the path leads to is fine; the file renamed and
 * a symbolic link put in its place before the bind (-ELOOP), or data
 * written before the bind (-ENOTEMPTY), are not; undo detaches the
 * mount wherever the file went, and leaves the link alone.
 */
START_TEST(test_bind_verify)
{
	struct ns_persist p = NS_PERSIST_INIT;
	struct stat st;

	TU_REQUIRE_ROOT();
	tu_private_mounts();
	write_file("ok", "");
	ck_assert_int_eq(ns_persist_prepare("ok", &p), 0);
	ck_assert_int_eq(ns_persist_verify(&p, "/proc/self/ns/net"), -EINVAL);
	ck_assert_int_eq(ns_persist_bind(&p, "/proc/self/ns/net"), 0);
	ck_assert_int_eq(ns_persist_verify(&p, "/proc/self/ns/net"), 0);
	/* another namespace than the one bound */
	ck_assert_int_eq(ns_persist_verify(&p, "/proc/self/ns/uts"), -EEXIST);
	ck_assert_int_eq(ns_persist_undo(&p), 0);
	ck_assert(!tu_on_nsfs("ok"));

	write_file("swapped", "");
	ck_assert_int_eq(ns_persist_prepare("swapped", &p), 0);
	ck_assert_int_eq(rename("swapped", "moved"), 0);
	ck_assert_int_eq(symlink("/proc/self/ns/net", "swapped"), 0);
	ck_assert_int_eq(ns_persist_bind(&p, "/proc/self/ns/net"), 0);
	ck_assert(tu_on_nsfs("moved"));
	ck_assert_int_eq(ns_persist_verify(&p, "/proc/self/ns/net"), -ELOOP);
	ck_assert_int_eq(ns_persist_undo(&p), 0);
	ck_assert(!tu_on_nsfs("moved"));
	ck_assert_int_eq(lstat("swapped", &st), 0);
	ck_assert(S_ISLNK(st.st_mode));

	write_file("filled", "");
	ck_assert_int_eq(ns_persist_prepare("filled", &p), 0);
	write_file("filled", "data\n");
	ck_assert_int_eq(ns_persist_bind(&p, "/proc/self/ns/net"), 0);
	ck_assert_int_eq(ns_persist_verify(&p, "/proc/self/ns/net"),
			 -ENOTEMPTY);
	ck_assert_int_eq(ns_persist_undo(&p), 0);
	ck_assert(!tu_on_nsfs("filled"));
	ck_assert_int_eq(stat("filled", &st), 0);
	ck_assert_int_eq(st.st_size, 5);
}
END_TEST

START_TEST(test_undo_keeps_foreign_file)
{
	struct ns_persist p = NS_PERSIST_INIT;
	struct stat st;

	/* the path now names another file: undo must not remove it */
	ck_assert_int_eq(ns_persist_prepare("swapped", &p), 0);
	ck_assert_int_eq(rename("swapped", "moved"), 0);
	write_file("swapped", "other");
	ck_assert_int_eq(ns_persist_undo(&p), 0);
	ck_assert_int_eq(stat("swapped", &st), 0);
	ck_assert_int_eq(st.st_size, 5);
}
END_TEST

/* The mount id of the scratch directory. */
static uint64_t scratch_mnt_id(void)
{
	struct statx stx;

	ck_assert_int_eq(statx(tu_scratch.fd, "", AT_EMPTY_PATH, STATX_MNT_ID,
			       &stx), 0);
	ck_assert(stx.stx_mask & STATX_MNT_ID);
	return stx.stx_mnt_id;
}

static void TU_PRINTF(2, 3) mountinfo(const struct tu_tree *proc,
				      const char *fmt, ...)
{
	char text[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(text, sizeof(text), fmt, ap);
	va_end(ap);
	tu_write_str(proc, text, "self/mountinfo");
}

START_TEST(test_on_shared_mount)
{
	uint64_t id = scratch_mnt_id();
	struct tu_tree proc;
	char path[PATH_MAX];

	tu_tree_new(&proc);
	tu_mkdir(&proc, "self");
	snprintf(path, sizeof(path), "%s/ns", tu_scratch.path);

	/* the directory's mount decides, whether FILE exists or not */
	tu_write_str(&proc, "", "self/mountinfo");
	ck_assert_int_eq(ns_persist_on_shared_mount(proc.fd, path), -ENOENT);
	mountinfo(&proc, "1 0 0:1 / / rw shared:1 - ext4 /dev/x rw\n"
		  "%" PRIu64 " 1 0:2 / /t rw,relatime shared:7 master:2 - "
		  "tmpfs t rw\n", id);
	ck_assert_int_eq(ns_persist_on_shared_mount(proc.fd, path), 1);
	write_file("ns", "");
	ck_assert_int_eq(ns_persist_on_shared_mount(proc.fd, path), 1);
	ck_assert_int_eq(ns_persist_on_shared_mount(proc.fd, "ns"), 1);

	/* private, a slave, or "shared:" after the separator: not shared */
	mountinfo(&proc, "1 0 0:1 / / rw shared:1 - ext4 /dev/x rw\n"
		  "%" PRIu64 " 1 0:2 / /t rw - tmpfs shared:3 rw\n"
		  "%" PRIu64 "9 1 0:2 / /u rw shared:4 - tmpfs t rw\n", id, id);
	ck_assert_int_eq(ns_persist_on_shared_mount(proc.fd, path), 0);
	mountinfo(&proc, "%" PRIu64 " 1 0:2 / /t rw master:2 - tmpfs t rw",
		  id);
	ck_assert_int_eq(ns_persist_on_shared_mount(proc.fd, path), 0);

	/* no such directory, no mountinfo */
	ck_assert_int_eq(ns_persist_on_shared_mount(proc.fd, "nosuch/ns"),
			 -ENOENT);
	ck_assert_int_eq(unlinkat(proc.fd, "self/mountinfo", 0), 0);
	ck_assert_int_eq(ns_persist_on_shared_mount(proc.fd, path), -ENOENT);
	tu_tree_free(&proc);
}
END_TEST

static Suite *persist_suite(void)
{
	Suite *s = suite_create("persist");
	TCase *tc = tcase_create("prepare");
	tcase_add_checked_fixture(tc, tu_enter_scratch, tu_leave_scratch);

	tcase_add_test(tc, test_create_and_undo);
	tcase_add_test(tc, test_existing_empty_kept);
	tcase_add_test(tc, test_refusals);
	tcase_add_test(tc, test_undo_keeps_foreign_file);
	tcase_add_test(tc, test_on_shared_mount);
	suite_add_tcase(s, tc);
	return s;
}

/* Run by "test_persist --root", as root only. */
static Suite *persist_root_suite(void)
{
	Suite *s = suite_create("persist-root");
	TCase *tc = tcase_create("bind");

	tcase_add_checked_fixture(tc, tu_enter_scratch, tu_leave_scratch);
	tcase_add_test(tc, test_bind_undo);
	tcase_add_test(tc, test_bind_kept_release);
	tcase_add_test(tc, test_bind_fails_undo);
	tcase_add_test(tc, test_bind_verify);
	suite_add_tcase(s, tc);
	return s;
}

int main(int argc, char **argv)
{
	return tu_main_split(argc, argv, persist_suite, persist_root_suite);
}
