// SPDX-License-Identifier: MIT
/* Unit tests of lib/scan/scan.c: collecting the namespaces of a proc root. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "libns/scan.h"
#include "libns/base.h"
#include "testutil.h"

/*
 * The fake proc tree:
 *
 *   pid  ppid comm      cmdline      net      uts  ipc  fds
 *   3    1    three     three        A        -    E    (no uts link,
 *                                                        no stat: "gone")
 *   5    1    five      five --opt   A        C    D
 *   7    5    sev en    (empty)      A        B    D
 *   9    7    nine      nine         A        C    D    4->X 5->D ...
 *   11   1    eleven    eleven       (empty ns directory: "gone")
 *   13   1    thirteen  t            garbage  C    D
 *
 * self/mountinfo: nsfs mounts of A, Y, Y again and B.
 */
#define INO_D 4026532050ull /* ipc */
#define INO_A 4026532100ull /* net */
#define INO_C 4026532150ull /* uts */
#define INO_B 4026532200ull /* uts */
#define INO_X 4026532300ull /* ipc, only held as fd 4 of pid 9 */
#define INO_Y 4026532400ull /* net, only mounted */
#define INO_E 4026532500ull /* ipc of pid 3, which is skipped */
#define INO_M 4026532600ull /* mnt, held by pid 9, type never asked */

#define FAKE_TYPES                                                        \
	(NS_TYPE_MASK(NS_TYPE_NET) | NS_TYPE_MASK(NS_TYPE_UTS) |          \
	 NS_TYPE_MASK(NS_TYPE_IPC))
#define FAKE_DETAILS (NS_DETAIL_PPID | NS_DETAIL_UID | NS_DETAIL_COMMAND)
#define FAKE_SOURCES (NS_SRC_PROCS | NS_SRC_FDS | NS_SRC_MOUNTS)

static const char fake_mountinfo[] =
	"22 1 252:0 / / rw,relatime shared:1 - ext4 /dev/vda rw\n"
	"600 22 0:4 net:[4026532100] /run/netns/a rw shared:2 - nsfs nsfs "
	"rw\n"
	"601 22 0:25 / /run rw,nosuid - tmpfs tmpfs rw\n"
	"602 22 0:4 net:[4026532400] /run/netns/y rw shared:2 - nsfs nsfs "
	"rw\n"
	"603 22 0:4 net:[4026532400] /run/netns/y2 rw - nsfs nsfs rw\n"
	"604 22 0:4 uts:[4026532200] /run/uts\\040b rw - nsfs nsfs rw\n";

struct fake {
	struct tu_tree t;
	uid_t uid5;	/* owner of 5/ */
};

static void fake_proc(struct fake *f, pid_t pid, pid_t ppid,
		      const char *comm, const char *cmdline, size_t len)
{
	tu_stat(&f->t, pid, comm, 'S', ppid);
	tu_write(&f->t, cmdline, len, "%d/cmdline", (int)pid);
}

static void build_fake(struct fake *f)
{
	static const pid_t pids[] = { 3, 5, 7, 9, 11, 13 };
	struct tu_tree *t = &f->t;

	tu_tree_new(t);
	tu_mkpids(t, pids, NS_ARRAY_SIZE(pids));

	fake_proc(f, 3, 1, "three", "three", 6);
	tu_nslink(t, 3, "net", INO_A);
	tu_nslink(t, 3, "ipc", INO_E);
	/* a link missing and no stat: reaped while we look (a zombie's
	 * stat would still read) */
	ck_assert_int_eq(unlinkat(t->fd, "3/stat", 0), 0);

	fake_proc(f, 5, 1, "five", "five\0--opt", 11);
	tu_nslink(t, 5, "net", INO_A);
	tu_nslink(t, 5, "uts", INO_C);
	tu_nslink(t, 5, "ipc", INO_D);
	f->uid5 = geteuid();
	if (geteuid() == 0) {
		ck_assert_int_eq(fchownat(t->fd, "5", 1005, 1005, 0), 0);
		f->uid5 = 1005;
	}

	fake_proc(f, 7, 5, "sev en", "", 0);
	tu_nslink(t, 7, "net", INO_A);
	tu_nslink(t, 7, "uts", INO_B);
	tu_nslink(t, 7, "ipc", INO_D);

	fake_proc(f, 9, 7, "nine", "nine", 5);
	tu_nslink(t, 9, "net", INO_A);
	tu_nslink(t, 9, "uts", INO_C);
	tu_nslink(t, 9, "ipc", INO_D);
	tu_fdlink(t, 9, 0, "/dev/null");
	tu_fdlink(t, 9, 4, "ipc:[4026532300]");
	tu_fdlink(t, 9, 5, "ipc:[4026532050]");
	tu_fdlink(t, 9, 8, "socket:[123]");
	tu_fdlink(t, 9, 10, "mnt:[4026532600]");

	fake_proc(f, 11, 1, "eleven", "eleven", 7);
	tu_mkdir(t, "11/ns");

	fake_proc(f, 13, 1, "thirteen", "t", 2);
	tu_symlink(t, "garbage", "13/ns/net");
	tu_nslink(t, 13, "uts", INO_C);
	tu_nslink(t, 13, "ipc", INO_D);

	/* Not processes. */
	tu_mkdir(t, "sys");
	tu_write_str(t, "", "42");
	tu_write_str(t, fake_mountinfo, "self/mountinfo");
	tu_nslink(t, 0, "net", INO_A);
}

static struct ns_scan *scan_tree(int procfd, unsigned int types,
				 unsigned int sources, unsigned int details,
				 uint64_t members_of, unsigned int threads)
{
	struct ns_scan_opts opts = {
		.procfd = procfd,
		.types = types,
		.sources = sources,
		.details = details,
		.members_of = members_of,
		.threads = threads,
	};
	struct ns_scan *scan = NULL;

	ck_assert_int_eq(ns_scan_run(&opts, &scan), 0);
	ck_assert_ptr_nonnull(scan);
	return scan;
}

static struct ns_scan *scan_fake(const struct fake *f, unsigned int types,
				 unsigned int sources, unsigned int details,
				 uint64_t members_of)
{
	return scan_tree(f->t.fd, types, sources, details, members_of, 0);
}

/* The entry of @ino, which must be there with @type. */
static const struct ns_entry *entry(const struct ns_scan *scan, uint64_t ino,
				    enum ns_kind type)
{
	const struct ns_entry *e = ns_scan_find(scan, ino);

	ck_assert_msg(e != NULL, "namespace %ju not found", (uintmax_t)ino);
	ck_assert_uint_eq(e->ino, ino);
	ck_assert_int_eq(e->type, type);
	return e;
}

/* Entries are exactly @inos, in this (ascending) order. */
static void expect_inos(const struct ns_scan *scan, const uint64_t *inos,
			size_t n)
{
	for (size_t i = 0; i < scan->count && i < n; i++)
		ck_assert_msg(scan->entries[i].ino == inos[i],
			      "entry %zu: %ju, want %ju", i,
			      (uintmax_t)scan->entries[i].ino,
			      (uintmax_t)inos[i]);
	ck_assert_uint_eq(scan->count, n);
	for (size_t i = 0; i < n; i++)
		ck_assert_ptr_eq(ns_scan_find(scan, inos[i]),
				 &scan->entries[i]);
}

/* A namespace with processes, whose lowest pid is @pid. */
static const struct ns_proc_rec *expect_procs(const struct ns_scan *scan,
					      const struct ns_entry *e,
					      unsigned int nprocs, pid_t pid)
{
	const struct ns_proc_rec *rec = ns_scan_entry_proc(scan, e);

	ck_assert_uint_eq(e->nprocs, nprocs);
	ck_assert_ptr_nonnull(rec);
	ck_assert_uint_lt(e->proc, scan->nprocs);
	ck_assert_ptr_eq(rec, &scan->procs[e->proc]);
	ck_assert_int_eq(rec->pid, pid);
	ck_assert_int_eq(e->holder_fd, -1);
	ck_assert_uint_eq(e->flags, 0);
	return rec;
}

/* A namespace without processes. */
static void expect_no_procs(const struct ns_scan *scan,
			    const struct ns_entry *e)
{
	ck_assert_uint_eq(e->nprocs, 0);
	ck_assert_uint_eq(e->proc, NS_NONE);
	ck_assert_ptr_null(ns_scan_entry_proc(scan, e));
}

START_TEST(test_fake_full)
{
	static const uint64_t want[] = { INO_D, INO_A, INO_C,
					 INO_B, INO_X, INO_Y };
	const struct ns_proc_rec *rec;
	const struct ns_entry *e;
	struct ns_scan *scan;
	struct fake f;

	build_fake(&f);
	scan = scan_fake(&f, FAKE_TYPES, FAKE_SOURCES, FAKE_DETAILS, 0);
	expect_inos(scan, want, NS_ARRAY_SIZE(want));

	/* all mounts, in mountinfo order */
	ck_assert_uint_eq(scan->mounts.count, 4);
	ck_assert_uint_eq(scan->mounts.items[0].ino, INO_A);
	ck_assert_str_eq(scan->mounts.items[0].target, "/run/netns/a");
	ck_assert_uint_eq(scan->mounts.items[1].ino, INO_Y);
	ck_assert_uint_eq(scan->mounts.items[2].ino, INO_Y);
	ck_assert_uint_eq(scan->mounts.items[3].ino, INO_B);
	ck_assert_str_eq(scan->mounts.items[3].target, "/run/uts b");

	/* D: 5 7 9 13 */
	e = entry(scan, INO_D, NS_TYPE_IPC);
	rec = expect_procs(scan, e, 4, 5);
	ck_assert_uint_eq(e->mount, NS_NONE);

	/* A: 5 7 9 (3 is skipped, 13's link is unreadable); mounted */
	e = entry(scan, INO_A, NS_TYPE_NET);
	ck_assert_ptr_eq(expect_procs(scan, e, 3, 5), rec);
	ck_assert_uint_eq(e->mount, 0);
	ck_assert_int_eq(e->nsid, NS_NET_NSID_UNASSIGNED);

	/* C: 5 9 13 */
	e = entry(scan, INO_C, NS_TYPE_UTS);
	ck_assert_ptr_eq(expect_procs(scan, e, 3, 5), rec);
	ck_assert_uint_eq(e->mount, NS_NONE);

	ck_assert_int_eq(rec->pid, 5);
	ck_assert_int_eq(rec->ppid, 1);
	ck_assert_int_eq(rec->uid, f.uid5);
	ck_assert_str_eq(rec->command, "five --opt");

	/* B: 7 only; its empty cmdline falls back to comm */
	e = entry(scan, INO_B, NS_TYPE_UTS);
	rec = expect_procs(scan, e, 1, 7);
	ck_assert_int_eq(rec->pid, 7);
	ck_assert_int_eq(rec->ppid, 5);
	ck_assert_int_eq(rec->uid, geteuid());
	ck_assert_str_eq(rec->command, "sev en");
	ck_assert_uint_eq(e->mount, 3);

	/* X: held open by pid 9 as fd 4 */
	e = entry(scan, INO_X, NS_TYPE_IPC);
	expect_no_procs(scan, e);
	ck_assert_int_eq(e->holder_pid, 9);
	ck_assert_int_eq(e->holder_fd, 4);
	ck_assert_uint_eq(e->flags, 0);
	ck_assert_uint_eq(e->mount, NS_NONE);

	/* Y: only mounted; the first of its two mounts */
	e = entry(scan, INO_Y, NS_TYPE_NET);
	expect_no_procs(scan, e);
	ck_assert_int_eq(e->holder_fd, -1);
	ck_assert_uint_eq(e->mount, 1);
	ck_assert_uint_eq(e->flags, 0);

	/* Details were read once per new namespace: for 5 and 7. */
	ck_assert_uint_eq(scan->nprocs, 2);
	ck_assert_uint_eq(scan->nmembers, 0);

	/* Never seen: E (pid 3 is "gone"), M (type not asked). */
	ck_assert_ptr_null(ns_scan_find(scan, INO_E));
	ck_assert_ptr_null(ns_scan_find(scan, INO_M));
	ck_assert_ptr_null(ns_scan_find(scan, 0));
	ck_assert_ptr_null(ns_scan_find(scan, 123));
	for (size_t i = 0; i < scan->nprocs; i++) {
		ck_assert_int_ne(scan->procs[i].pid, 3);
		ck_assert_int_ne(scan->procs[i].pid, 11);
	}
	ns_scan_free(scan);
	tu_tree_free(&f.t);
}
END_TEST

START_TEST(test_fake_type_filter)
{
	static const uint64_t uts[] = { INO_C, INO_B };
	static const uint64_t net[] = { INO_A, INO_Y };
	const struct ns_entry *e;
	struct ns_scan *scan;
	struct fake f;

	build_fake(&f);
	scan = scan_fake(&f, NS_TYPE_MASK(NS_TYPE_UTS), FAKE_SOURCES,
			 FAKE_DETAILS, 0);
	expect_inos(scan, uts, NS_ARRAY_SIZE(uts));
	expect_procs(scan, entry(scan, INO_C, NS_TYPE_UTS), 3, 5);
	e = entry(scan, INO_B, NS_TYPE_UTS);
	expect_procs(scan, e, 1, 7);
	ck_assert_uint_eq(e->mount, 3);
	ns_scan_free(scan);

	/*
	 * Only net links are read now: pid 3 has one, but it is gone (no
	 * stat to read), so 5 is A's process.
	 */
	scan = scan_fake(&f, NS_TYPE_MASK(NS_TYPE_NET), FAKE_SOURCES,
			 FAKE_DETAILS, 0);
	expect_inos(scan, net, NS_ARRAY_SIZE(net));
	e = entry(scan, INO_A, NS_TYPE_NET);
	ck_assert_str_eq(expect_procs(scan, e, 3, 5)->command,
			 "five --opt");
	ck_assert_uint_eq(e->mount, 0);
	expect_no_procs(scan, entry(scan, INO_Y, NS_TYPE_NET));
	ns_scan_free(scan);

	/* Nothing asked, nothing found. */
	scan = scan_fake(&f, 0, FAKE_SOURCES, FAKE_DETAILS, 0);
	ck_assert_uint_eq(scan->count, 0);
	ns_scan_free(scan);
	tu_tree_free(&f.t);
}
END_TEST

START_TEST(test_fake_members)
{
	static const pid_t want[] = { 5, 9, 13 };
	static const char *const cmds[] = { "five --opt", "nine", "t" };
	struct ns_scan *scan;
	struct fake f;

	build_fake(&f);
	scan = scan_fake(&f, FAKE_TYPES, FAKE_SOURCES, FAKE_DETAILS, INO_C);
	ck_assert_uint_eq(scan->nmembers, NS_ARRAY_SIZE(want));
	for (size_t i = 0; i < scan->nmembers; i++) {
		const struct ns_proc_rec *rec;

		ck_assert_uint_lt(scan->members[i], scan->nprocs);
		rec = &scan->procs[scan->members[i]];
		ck_assert_int_eq(rec->pid, want[i]);
		ck_assert_str_eq(rec->command, cmds[i]);
	}
	/* 5 and 7 for their namespaces, 9 and 13 as members */
	ck_assert_uint_eq(scan->nprocs, 4);
	/* Counting is unaffected. */
	expect_procs(scan, entry(scan, INO_C, NS_TYPE_UTS), 3, 5);
	expect_procs(scan, entry(scan, INO_D, NS_TYPE_IPC), 4, 5);
	ns_scan_free(scan);

	/* B has one member; X and Y (no processes) and E none. */
	scan = scan_fake(&f, FAKE_TYPES, FAKE_SOURCES, FAKE_DETAILS, INO_B);
	ck_assert_uint_eq(scan->nmembers, 1);
	ck_assert_int_eq(scan->procs[scan->members[0]].pid, 7);
	ns_scan_free(scan);
	scan = scan_fake(&f, FAKE_TYPES, FAKE_SOURCES, FAKE_DETAILS, INO_X);
	ck_assert_uint_eq(scan->nmembers, 0);
	ns_scan_free(scan);
	scan = scan_fake(&f, FAKE_TYPES, FAKE_SOURCES, FAKE_DETAILS, INO_E);
	ck_assert_uint_eq(scan->nmembers, 0);
	ns_scan_free(scan);
	tu_tree_free(&f.t);
}
END_TEST

START_TEST(test_fake_no_details)
{
	const struct ns_proc_rec *rec;
	struct ns_scan *scan;
	struct fake f;

	build_fake(&f);
	scan = scan_fake(&f, FAKE_TYPES, FAKE_SOURCES, 0, 0);
	ck_assert_uint_eq(scan->count, 6);
	rec = expect_procs(scan, entry(scan, INO_B, NS_TYPE_UTS), 1, 7);
	ck_assert_int_eq(rec->pid, 7);
	ck_assert_int_eq(rec->ppid, 0);
	ck_assert_ptr_null(rec->command);
	rec = expect_procs(scan, entry(scan, INO_A, NS_TYPE_NET), 3, 5);
	ck_assert_ptr_null(rec->command);

	/* PPID alone reads stat, but not the command line */
	ns_scan_free(scan);
	scan = scan_fake(&f, FAKE_TYPES, FAKE_SOURCES, NS_DETAIL_PPID, 0);
	rec = expect_procs(scan, entry(scan, INO_B, NS_TYPE_UTS), 1, 7);
	ck_assert_int_eq(rec->ppid, 5);
	ck_assert_ptr_null(rec->command);
	ns_scan_free(scan);
	tu_tree_free(&f.t);
}
END_TEST

START_TEST(test_fake_sources)
{
	static const uint64_t fds[] = { INO_D, INO_X };
	static const uint64_t mounts[] = { INO_A, INO_B, INO_Y };
	static const uint64_t procs[] = { INO_D, INO_A, INO_C, INO_B };
	const struct ns_entry *e;
	struct ns_scan *scan;
	struct fake f;

	build_fake(&f);

	/* fds only: what pid 9 holds */
	scan = scan_fake(&f, FAKE_TYPES, NS_SRC_FDS, FAKE_DETAILS, 0);
	expect_inos(scan, fds, NS_ARRAY_SIZE(fds));
	e = entry(scan, INO_D, NS_TYPE_IPC);
	expect_no_procs(scan, e);
	ck_assert_int_eq(e->holder_pid, 9);
	ck_assert_int_eq(e->holder_fd, 5);
	e = entry(scan, INO_X, NS_TYPE_IPC);
	ck_assert_int_eq(e->holder_pid, 9);
	ck_assert_int_eq(e->holder_fd, 4);
	ck_assert_uint_eq(scan->mounts.count, 0);
	ns_scan_free(scan);

	/* mounts only */
	scan = scan_fake(&f, FAKE_TYPES, NS_SRC_MOUNTS, FAKE_DETAILS, 0);
	expect_inos(scan, mounts, NS_ARRAY_SIZE(mounts));
	for (size_t i = 0; i < scan->count; i++) {
		expect_no_procs(scan, &scan->entries[i]);
		ck_assert_int_eq(scan->entries[i].holder_fd, -1);
	}
	ck_assert_uint_eq(entry(scan, INO_A, NS_TYPE_NET)->mount, 0);
	ck_assert_uint_eq(entry(scan, INO_Y, NS_TYPE_NET)->mount, 1);
	ck_assert_uint_eq(entry(scan, INO_B, NS_TYPE_UTS)->mount, 3);
	ns_scan_free(scan);

	/* processes only: no X, no Y, no mounts read */
	scan = scan_fake(&f, FAKE_TYPES, NS_SRC_PROCS, FAKE_DETAILS, 0);
	expect_inos(scan, procs, NS_ARRAY_SIZE(procs));
	ck_assert_uint_eq(scan->mounts.count, 0);
	ck_assert_uint_eq(entry(scan, INO_A, NS_TYPE_NET)->mount, NS_NONE);
	ck_assert_uint_eq(entry(scan, INO_B, NS_TYPE_UTS)->mount, NS_NONE);
	ns_scan_free(scan);

	/* no sources at all */
	scan = scan_fake(&f, FAKE_TYPES, 0, FAKE_DETAILS, 0);
	ck_assert_uint_eq(scan->count, 0);
	ns_scan_free(scan);
	tu_tree_free(&f.t);
}
END_TEST

START_TEST(test_fake_no_mountinfo)
{
	static const uint64_t want[] = { INO_D, INO_A, INO_C, INO_B, INO_X };
	struct ns_scan *scan;
	struct fake f;

	build_fake(&f);
	ck_assert_int_eq(unlinkat(f.t.fd, "self/mountinfo", 0), 0);
	/* no mountinfo: no mounts, but no error either */
	scan = scan_fake(&f, FAKE_TYPES, FAKE_SOURCES, FAKE_DETAILS, 0);
	expect_inos(scan, want, NS_ARRAY_SIZE(want));
	ck_assert_uint_eq(scan->mounts.count, 0);
	ck_assert_uint_eq(entry(scan, INO_A, NS_TYPE_NET)->mount, NS_NONE);
	ns_scan_free(scan);
	tu_tree_free(&f.t);
}
END_TEST

START_TEST(test_fake_empty)
{
	struct ns_scan_opts opts = {
		.types = NS_TYPE_MASK_ALL,
		.sources = NS_SRC_ALL,
		.details = FAKE_DETAILS,
	};
	struct ns_scan *scan = (struct ns_scan *)&opts;
	struct tu_tree t;

	tu_tree_new(&t);
	opts.procfd = t.fd;
	ck_assert_int_eq(ns_scan_run(&opts, &scan), 0);
	ck_assert_uint_eq(scan->count, 0);
	ck_assert_uint_eq(scan->nprocs, 0);
	ck_assert_ptr_null(ns_scan_find(scan, INO_A));
	ns_scan_free(scan);
	ns_scan_free(NULL);

	/* An unreadable proc root is an error. */
	scan = (struct ns_scan *)&opts;
	opts.procfd = -1;
	ck_assert_int_eq(ns_scan_run(&opts, &scan), -EBADF);
	ck_assert_ptr_eq(scan, (struct ns_scan *)&opts);
	tu_tree_free(&t);
}
END_TEST

/*
 * Regression: a process whose stat cannot be parsed is skipped; it
 * does not fail the whole scan (the only errors are -ENOMEM, an
 * unreadable proc root and -ENOTTY).
 */
START_TEST(test_fake_bad_stat)
{
	struct ns_scan_opts opts = { 0 };
	struct ns_scan *scan = NULL;
	struct fake f;
	int r;

	build_fake(&f);
	tu_write_str(&f.t, "garbage", "7/stat");
	opts.procfd = f.t.fd;
	opts.types = FAKE_TYPES;
	opts.sources = FAKE_SOURCES;
	opts.details = FAKE_DETAILS;
	r = ns_scan_run(&opts, &scan);
	ck_assert_msg(r == 0, "ns_scan_run failed with %d (%s) because of "
			      "one unparsable 7/stat",
		      r, strerror(-r));
	/* 7 was the only member of B: skipped as a whole, B is only mounted */
	ck_assert_ptr_nonnull(ns_scan_find(scan, INO_B));
	ck_assert_uint_eq(ns_scan_find(scan, INO_B)->nprocs, 0);
	ck_assert_ptr_null(ns_scan_entry_proc(scan, ns_scan_find(scan, INO_B)));
	ns_scan_free(scan);
	tu_tree_free(&f.t);
}
END_TEST

/* The real /proc. */

static struct ns_scan *scan_real(unsigned int types, unsigned int sources,
				 unsigned int details, uint64_t members_of)
{
	struct ns_scan_opts opts = {
		.types = types,
		.sources = sources,
		.details = details,
		.members_of = members_of,
	};
	struct ns_scan *scan = NULL;
	int r;

	opts.procfd = open("/proc", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	ck_assert_int_ge(opts.procfd, 0);
	r = ns_scan_run(&opts, &scan);
	ck_assert_msg(r == 0, "ns_scan_run: %s", strerror(-r));
	close(opts.procfd);
	return scan;
}

static unsigned int available_types(void)
{
	unsigned int mask = 0;

	for (unsigned int t = 0; t < NS_TYPE_COUNT; t++) {
		if (tu_have_self_ns(ns_type_name(t)))
			mask |= NS_TYPE_MASK(t);
	}
	return mask;
}

/* Invariants of every scan. */
static void check_consistent(const struct ns_scan *scan)
{
	for (size_t i = 0; i < scan->count; i++) {
		const struct ns_entry *e = &scan->entries[i];

		if (i > 0)
			ck_assert_uint_gt(e->ino, scan->entries[i - 1].ino);
		ck_assert_ptr_eq(ns_scan_find(scan, e->ino), e);
		ck_assert_int_lt(e->type, NS_TYPE_COUNT);
		ck_assert_uint_eq(e->nprocs == 0, e->proc == NS_NONE);
		if (e->proc != NS_NONE)
			ck_assert_uint_lt(e->proc, scan->nprocs);
		if (e->mount != NS_NONE) {
			ck_assert_uint_lt(e->mount, scan->mounts.count);
			ck_assert_uint_eq(scan->mounts.items[e->mount].ino,
					  e->ino);
		}
		if (e->flags & NS_ENTRY_STUB) {
			ck_assert_uint_eq(e->nprocs, 0);
			ck_assert_int_eq(e->holder_fd, -1);
			ck_assert_uint_eq(e->mount, NS_NONE);
		}
		/* relations always point at entries of the scan */
		if (e->flags & NS_ENTRY_OWNER) {
			const struct ns_entry *o = ns_scan_find(scan, e->owner);

			ck_assert_ptr_nonnull(o);
			ck_assert_int_eq(o->type, NS_TYPE_USER);
		}
		if (e->flags & NS_ENTRY_PARENT) {
			const struct ns_entry *p =
				ns_scan_find(scan, e->parent);

			ck_assert_ptr_nonnull(p);
			ck_assert_int_eq(p->type, e->type);
			ck_assert(e->type == NS_TYPE_USER ||
				  e->type == NS_TYPE_PID);
		}
	}
	for (size_t i = 1; i < scan->nmembers; i++)
		ck_assert_int_gt(scan->procs[scan->members[i]].pid,
				 scan->procs[scan->members[i - 1]].pid);
}

START_TEST(test_real_all)
{
	const unsigned int types = available_types();
	const unsigned int details = NS_DETAIL_PPID | NS_DETAIL_UID |
				     NS_DETAIL_COMMAND | NS_DETAIL_RELATIONS |
				     NS_DETAIL_NSID | NS_DETAIL_OWNER_UID;
	const struct ns_entry *e;
	struct ns_scan *scan;

	scan = scan_real(types, NS_SRC_ALL, details, 0);
	check_consistent(scan);
	for (unsigned int t = 0; t < NS_TYPE_COUNT; t++) {
		const struct ns_proc_rec *rec;

		if (!(types & NS_TYPE_MASK(t)))
			continue;
		e = ns_scan_find(scan, tu_self_ns_ino(ns_type_name(t)));
		ck_assert_msg(e != NULL, "our %s namespace is missing",
			      ns_type_name(t));
		ck_assert_int_eq(e->type, (int)t);
		ck_assert_uint_ge(e->nprocs, 1);
		ck_assert_uint_eq(e->flags & NS_ENTRY_STUB, 0);
		rec = ns_scan_entry_proc(scan, e);
		ck_assert_ptr_nonnull(rec);
		/* the lowest pid in it, which we are in */
		ck_assert_int_le(rec->pid, getpid());
		ck_assert_ptr_nonnull(rec->command);
		if (t != NS_TYPE_USER) {
			ck_assert_uint_ne(e->flags & NS_ENTRY_OWNER, 0);
			ck_assert_uint_eq(e->owner, tu_self_ns_ino("user"));
		}
	}
	e = ns_scan_find(scan, tu_self_ns_ino("net"));
	ck_assert_uint_ne(e->flags & NS_ENTRY_NSID, 0);
	ck_assert(e->nsid == NS_NET_NSID_UNASSIGNED || e->nsid >= 0);
	ns_scan_free(scan);
}
END_TEST

START_TEST(test_real_members)
{
	const uint64_t net = tu_self_ns_ino("net");
	const struct ns_entry *e;
	struct ns_scan *scan;
	bool found = false;

	scan = scan_real(NS_TYPE_MASK(NS_TYPE_NET), NS_SRC_PROCS,
			 NS_DETAIL_COMMAND, net);
	check_consistent(scan);
	e = ns_scan_find(scan, net);
	ck_assert_ptr_nonnull(e);
	ck_assert_uint_eq(scan->nmembers, e->nprocs);
	for (size_t i = 0; i < scan->nmembers; i++) {
		const struct ns_proc_rec *rec = &scan->procs[scan->members[i]];

		ck_assert_ptr_nonnull(rec->command);
		if (rec->pid == getpid()) {
			found = true;
			ck_assert_ptr_nonnull(strstr(rec->command,
						     "test_scan"));
		}
	}
	ck_assert(found);
	ck_assert_int_eq(scan->procs[scan->members[0]].pid,
			 ns_scan_entry_proc(scan, e)->pid);
	ns_scan_free(scan);
}
END_TEST

/*
 * Root only: a helper child holds namespaces without being in them.
 * It makes network namespaces N1 and N2 and returns to its own one,
 * keeping N1 as an nsfs fd and N2 only through a socket made in it.
 * Grandchildren leave it a user namespace U1 (held as an fd, created
 * by uid 4242 if the kernel lets unprivileged users do so) and the
 * net namespace N3 of a user namespace U2 that nothing refers to but
 * N3: U2 is known only as N3's owner. Likewise N4 and its owner U3,
 * but U3 is held as an fd too: first met as N4's owner, then as held.
 */
struct held_info {
	int step; /* 0: done, else the failed step */
	int err;
	int n1_fd, n2_sock, u1_fd, n3_fd;
	int n4_fd, u3_fd; /* N4 and its owner U3, both held */
	uid_t u1_creator;
	uid_t u2_creator;
};

/*
 * In a grandchild: unshare @flags as @uid; the caller opens its
 * namespace @ns and, if given, then @ns2 into *@ret_fd2, below the
 * proc root @procfd (AT_FDCWD: /proc), which must be that of the
 * caller's PID namespace (the grandchild's PID is the caller's view).
 */
static int spawn_ns(int procfd, int flags, uid_t uid, const char *ns,
		    const char *ns2, int *ret_fd2)
{
	const char *proc = procfd == AT_FDCWD ? "/proc/" : "";
	int up[2], down[2], err = 0, fd = -1;
	char path[64];
	pid_t pid;

	if (pipe2(up, O_CLOEXEC) < 0 || pipe2(down, O_CLOEXEC) < 0)
		return -errno;
	pid = fork();
	if (pid < 0)
		return -errno;
	if (pid == 0) {
		char c;

		close(up[0]);
		close(down[1]);
		if (uid != 0 && (setresgid(uid, uid, uid) < 0 ||
				 setresuid(uid, uid, uid) < 0))
			err = errno;
		else if (unshare(flags) < 0)
			err = errno;
		if (write(up[1], &err, sizeof(err)) != sizeof(err))
			_exit(1);
		while (read(down[0], &c, 1) < 0 && errno == EINTR)
			;
		_exit(0);
	}
	close(up[1]);
	close(down[0]);
	if (read(up[0], &err, sizeof(err)) != sizeof(err))
		err = EIO;
	if (err == 0) {
		snprintf(path, sizeof(path), "%s%d/ns/%s", proc, (int)pid, ns);
		fd = openat(procfd, path, O_RDONLY);
		if (fd < 0)
			err = errno;
	}
	if (err == 0 && ns2) {
		/* opened second, so its fd number is the higher one */
		snprintf(path, sizeof(path), "%s%d/ns/%s", proc, (int)pid,
			 ns2);
		*ret_fd2 = openat(procfd, path, O_RDONLY);
		if (*ret_fd2 < 0)
			err = errno;
	}
	close(down[1]);
	close(up[0]);
	waitpid(pid, NULL, 0);
	return fd >= 0 ? fd : -err;
}

static int child_hold(void *arg, void *info)
{
	struct held_info *hi = info;
	int self;

	(void)arg;
	/* No ck_assert here: this is not the test process. */
	hi->step = 1;
	self = open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC);
	if (self < 0 || unshare(CLONE_NEWNET) < 0)
		goto fail;
	hi->step = 2;
	hi->n1_fd = open("/proc/self/ns/net", O_RDONLY);
	if (hi->n1_fd < 0 || unshare(CLONE_NEWNET) < 0)
		goto fail;
	hi->step = 3;
	hi->n2_sock = socket(AF_UNIX, SOCK_DGRAM, 0);
	if (hi->n2_sock < 0 || setns(self, CLONE_NEWNET) < 0)
		goto fail;
	close(self);

	hi->step = 4;
	hi->u1_creator = 4242;
	hi->u1_fd = spawn_ns(AT_FDCWD, CLONE_NEWUSER, 4242, "user", NULL, NULL);
	if (hi->u1_fd < 0) {
		hi->u1_creator = 0;
		hi->u1_fd = spawn_ns(AT_FDCWD, CLONE_NEWUSER, 0, "user", NULL,
				     NULL);
	}
	if (hi->u1_fd < 0) {
		errno = -hi->u1_fd;
		goto fail;
	}
	hi->step = 5;
	hi->u2_creator = hi->u1_creator;
	hi->n3_fd = spawn_ns(AT_FDCWD, CLONE_NEWUSER | CLONE_NEWNET,
			     hi->u2_creator, "net", NULL, NULL);
	if (hi->n3_fd < 0) {
		errno = -hi->n3_fd;
		goto fail;
	}
	hi->step = 6;
	hi->n4_fd = spawn_ns(AT_FDCWD, CLONE_NEWUSER | CLONE_NEWNET,
			     hi->u2_creator, "net", "user", &hi->u3_fd);
	if (hi->n4_fd < 0) {
		errno = -hi->n4_fd;
		goto fail;
	}
	hi->step = 0;
	return 0;
fail:
	hi->err = errno;
	return 0;
}

static uint64_t child_fd_ino(pid_t pid, int fd)
{
	char path[64];

	snprintf(path, sizeof(path), "/proc/%d/fd/%d", (int)pid, fd);
	return tu_path_ino(path);
}

START_TEST(test_real_held)
{
	const unsigned int types = NS_TYPE_MASK(NS_TYPE_NET) |
				   NS_TYPE_MASK(NS_TYPE_USER);
	const unsigned int details = NS_DETAIL_RELATIONS |
				     NS_DETAIL_OWNER_UID;
	struct held_info hi = { .step = -1 };
	uint64_t n1, n2, u1, n3;
	const struct ns_entry *e;
	struct ns_scan *scan;
	struct tu_child c;

	TU_REQUIRE_ROOT();
	tu_child_start(&c, child_hold, NULL, &hi, sizeof(hi), true);
	ck_assert_msg(hi.step == 0, "step %d: %s", hi.step, strerror(hi.err));
	n1 = child_fd_ino(c.pid, hi.n1_fd);
	u1 = child_fd_ino(c.pid, hi.u1_fd);
	n3 = child_fd_ino(c.pid, hi.n3_fd);
	{
		/* The child itself is back in our network namespace. */
		char path[64];

		snprintf(path, sizeof(path), "/proc/%d/ns/net", (int)c.pid);
		ck_assert_uint_eq(tu_path_ino(path), tu_self_ns_ino("net"));
		ck_assert_uint_ne(n1, tu_self_ns_ino("net"));
	}

	/* what the walk finds (listns, which finds U2 as well, with no
	 * stub: test_listed.c) */
	scan = scan_real(types, NS_SRC_ALL & ~NS_SRC_LISTNS, details, 0);
	check_consistent(scan);

	/* N1: held as an nsfs fd */
	e = ns_scan_find(scan, n1);
	ck_assert_ptr_nonnull(e);
	ck_assert_int_eq(e->type, NS_TYPE_NET);
	ck_assert_uint_eq(e->nprocs, 0);
	ck_assert_int_eq(e->holder_pid, c.pid);
	ck_assert_int_eq(e->holder_fd, hi.n1_fd);
	ck_assert_uint_eq(e->flags & (NS_ENTRY_SOCKET | NS_ENTRY_STUB), 0);
	ck_assert_uint_ne(e->flags & NS_ENTRY_OWNER, 0);
	ck_assert_uint_eq(e->owner, tu_self_ns_ino("user"));

	/* N2: only through the socket */
	n2 = 0;
	for (size_t i = 0; i < scan->count; i++) {
		e = &scan->entries[i];
		if (e->holder_pid == c.pid && e->holder_fd == hi.n2_sock)
			n2 = e->ino;
	}
	ck_assert_msg(n2 != 0, "socket-held namespace not found");
	e = ns_scan_find(scan, n2);
	ck_assert_int_eq(e->type, NS_TYPE_NET);
	ck_assert_uint_eq(e->nprocs, 0);
	ck_assert_uint_ne(e->flags & NS_ENTRY_SOCKET, 0);
	ck_assert_uint_ne(n2, n1);
	ck_assert_uint_ne(n2, tu_self_ns_ino("net"));

	/* U1: a user namespace without processes: its creator */
	e = ns_scan_find(scan, u1);
	ck_assert_ptr_nonnull(e);
	ck_assert_int_eq(e->type, NS_TYPE_USER);
	ck_assert_uint_eq(e->nprocs, 0);
	ck_assert_int_eq(e->holder_pid, c.pid);
	ck_assert_int_eq(e->holder_fd, hi.u1_fd);
	ck_assert_uint_ne(e->flags & NS_ENTRY_OWNER_UID, 0);
	ck_assert_int_eq(e->owner_uid, hi.u1_creator);
	ck_assert_uint_ne(e->flags & NS_ENTRY_PARENT, 0);
	ck_assert_uint_eq(e->parent, tu_self_ns_ino("user"));
	ck_assert_uint_ne(e->flags & NS_ENTRY_OWNER, 0);
	ck_assert_uint_eq(e->owner, tu_self_ns_ino("user"));

	/* N3 and its owner U2, a stub */
	e = ns_scan_find(scan, n3);
	ck_assert_ptr_nonnull(e);
	ck_assert_int_eq(e->holder_fd, hi.n3_fd);
	ck_assert_uint_ne(e->flags & NS_ENTRY_OWNER, 0);
	ck_assert_uint_ne(e->owner, tu_self_ns_ino("user"));
	e = ns_scan_find(scan, e->owner);
	ck_assert_ptr_nonnull(e);
	ck_assert_int_eq(e->type, NS_TYPE_USER);
	ck_assert_uint_ne(e->flags & NS_ENTRY_STUB, 0);
	ck_assert_uint_eq(e->nprocs, 0);
	ck_assert_uint_ne(e->flags & NS_ENTRY_OWNER_UID, 0);
	ck_assert_int_eq(e->owner_uid, hi.u2_creator);
	ck_assert_uint_eq(e->parent, tu_self_ns_ino("user"));

	/* U3: a stub from N4's fd first, then seen held: no stub then */
	e = ns_scan_find(scan, child_fd_ino(c.pid, hi.n4_fd));
	ck_assert_ptr_nonnull(e);
	ck_assert_uint_eq(e->owner, child_fd_ino(c.pid, hi.u3_fd));
	e = ns_scan_find(scan, e->owner);
	ck_assert_ptr_nonnull(e);
	ck_assert_uint_eq(e->flags & NS_ENTRY_STUB, 0);
	ck_assert_int_eq(e->holder_pid, c.pid);
	ck_assert_int_eq(e->holder_fd, hi.u3_fd);
	ck_assert_uint_eq(e->nprocs, 0);
	ns_scan_free(scan);

	/* Without NS_SRC_SOCKETS, N2 stays unknown. */
	scan = scan_real(types, NS_SRC_ALL & ~NS_SRC_SOCKETS, 0, 0);
	check_consistent(scan);
	ck_assert_ptr_null(ns_scan_find(scan, n2));
	ck_assert_ptr_nonnull(ns_scan_find(scan, n1));
	ns_scan_free(scan);
	ck_assert_int_eq(tu_child_stop(&c), 0);
}
END_TEST

static int child_unshare_uts(void *arg, void *info)
{
	int *err = info;

	(void)arg;
	*err = unshare(CLONE_NEWUTS) < 0 ? errno : 0;
	return 0;
}

START_TEST(test_real_child_ns)
{
	const struct ns_proc_rec *rec;
	const struct ns_entry *e;
	struct ns_scan *scan;
	struct tu_child c;
	char path[64];
	int err = -1;

	TU_REQUIRE_ROOT();
	tu_child_start(&c, child_unshare_uts, NULL, &err, sizeof(err), true);
	ck_assert_msg(err == 0, "unshare(CLONE_NEWUTS): %s", strerror(err));
	snprintf(path, sizeof(path), "/proc/%d/ns/uts", (int)c.pid);

	scan = scan_real(NS_TYPE_MASK(NS_TYPE_UTS), NS_SRC_PROCS,
			 NS_DETAIL_PPID | NS_DETAIL_UID | NS_DETAIL_COMMAND,
			 tu_path_ino(path));
	check_consistent(scan);
	e = ns_scan_find(scan, tu_path_ino(path));
	ck_assert_ptr_nonnull(e);
	ck_assert_uint_eq(e->nprocs, 1);
	rec = ns_scan_entry_proc(scan, e);
	ck_assert_ptr_nonnull(rec);
	ck_assert_int_eq(rec->pid, c.pid);
	ck_assert_int_eq(rec->ppid, getpid());
	ck_assert_int_eq(rec->uid, 0);
	ck_assert_ptr_nonnull(strstr(rec->command, "test_scan"));
	ck_assert_uint_eq(scan->nmembers, 1);
	ck_assert_int_eq(scan->procs[scan->members[0]].pid, c.pid);
	ns_scan_free(scan);
	ck_assert_int_eq(tu_child_stop(&c), 0);
}
END_TEST

/*
 * Parallel scans: cutting the PID list into ranges scanned by threads
 * and merging them must give exactly what one thread finds, field by
 * field (process records included: a process read only because it was
 * the first of its range is not one that one thread would have read).
 */
#define INO_U 4026537000ull  /* user ns of pid 100 only, held by 240 */
#define INO_U0 4026537001ull /* user ns of the others */
#define INO_U2 4026537002ull /* user ns only held, by pid 220 */
static void build_many(struct tu_tree *t, size_t n)
{
	pid_t pids[200];

	ck_assert_uint_le(n, NS_ARRAY_SIZE(pids));
	tu_tree_new(t);
	for (size_t i = 0; i < n; i++)
		pids[i] = (pid_t)(100 + i);
	tu_mkpids(t, pids, n);
	for (size_t i = 0; i < n; i++) {
		pid_t pid = pids[i];
		char comm[16];

		snprintf(comm, sizeof(comm), "p%d", (int)pid);
		tu_stat(t, pid, comm, 'S', pid > 100 ? pid - 1 : 1);
		tu_write(t, comm, strlen(comm), "%d/cmdline", (int)pid);
		/* net: 4 namespaces; uts: a new one every 7; ipc: one */
		tu_nslink(t, pid, "net", 4026533000ull + i % 4);
		tu_nslink(t, pid, "uts", 4026534000ull + i / 7);
		tu_nslink(t, pid, "ipc", 4026535000ull);
		if (i % 11 == 5) /* held only as an fd */
			tu_fdlink(t, pid, 3, "ipc:[4026536000]");
		if (i % 13 == 12)
			tu_fdlink(t, pid, 4, "net:[4026533001]");
		/*
		 * user: pid 100 alone in U, the others in the initial one;
		 * a higher pid holds U as an fd (so does one for the
		 * initial one), another holds a user ns no one is in
		 */
		tu_nslink(t, pid, "user", i == 0 ? INO_U : INO_U0);
		if (i == 140)
			tu_fdlink(t, pid, 6, "user:[4026537000]");
		if (i == 90)
			tu_fdlink(t, pid, 7, "user:[4026537001]");
		if (i == 120)
			tu_fdlink(t, pid, 8, "user:[4026537002]");
	}
	tu_write_str(t, fake_mountinfo, "self/mountinfo");
}

/* All the details, though a fake tree has no namespace to read them. */
#define MANY_TYPES (FAKE_TYPES | NS_TYPE_MASK(NS_TYPE_USER))
#define MANY_DETAILS                                                  \
	(FAKE_DETAILS | NS_DETAIL_RELATIONS | NS_DETAIL_OWNER_UID |   \
	 NS_DETAIL_NSID)

static struct ns_scan *scan_threads(const struct tu_tree *t,
				    unsigned int threads, uint64_t members_of)
{
	return scan_tree(t->fd, MANY_TYPES, FAKE_SOURCES, MANY_DETAILS,
			 members_of, threads);
}

/* Both strings NULL, or equal. */
static bool same_str(const char *a, const char *b)
{
	return a == b || (a && b && strcmp(a, b) == 0);
}

static bool same_proc(const struct ns_proc_rec *x, const struct ns_proc_rec *y)
{
	return x->pid == y->pid && x->ppid == y->ppid && x->uid == y->uid &&
	       same_str(x->command, y->command);
}

/*
 * Compare two scans field by field: every field of every entry, the
 * process records, members and mounts. 0 if they are the same, else
 * -1 with the first difference described in @buf. (No ck_assert: also
 * used by processes that are not the test process.)
 */
static int scan_diff(const struct ns_scan *a, const struct ns_scan *b,
		     char *buf, size_t len)
{
#define DIFF(cond, ...)                                  \
	do {                                             \
		if (!(cond)) {                           \
			snprintf(buf, len, __VA_ARGS__); \
			return -1;                       \
		}                                        \
	} while (0)

	DIFF(a->count == b->count, "%zu entries, %zu", a->count, b->count);
	for (size_t i = 0; i < a->count; i++) {
		const struct ns_entry *x = &a->entries[i], *y = &b->entries[i];

		DIFF(x->ino == y->ino, "entry %zu: ino %ju, %ju", i,
		     (uintmax_t)x->ino, (uintmax_t)y->ino);
#define FIELD(f, fmt, cast)                                               \
	DIFF(x->f == y->f, "ns %ju: " #f " " fmt ", " fmt,                \
	     (uintmax_t)x->ino, (cast)x->f, (cast)y->f)
		FIELD(type, "%d", int);
		FIELD(flags, "%#x", unsigned int);
		FIELD(nprocs, "%u", unsigned int);
		FIELD(proc, "%zu", size_t);
		FIELD(holder_pid, "%d", int);
		FIELD(holder_fd, "%d", int);
		FIELD(mount, "%zu", size_t);
		FIELD(owner, "%ju", uintmax_t);
		FIELD(parent, "%ju", uintmax_t);
		FIELD(owner_uid, "%u", unsigned int);
		FIELD(nsid, "%d", int);
#undef FIELD
	}
	DIFF(a->nprocs == b->nprocs, "%zu process records, %zu", a->nprocs,
	     b->nprocs);
	for (size_t i = 0; i < a->nprocs; i++) {
		const struct ns_proc_rec *x = &a->procs[i], *y = &b->procs[i];

		DIFF(same_proc(x, y), "process record %zu: %d %d %u '%s', "
		     "%d %d %u '%s'", i, (int)x->pid, (int)x->ppid,
		     (unsigned int)x->uid, x->command ? x->command : "(null)",
		     (int)y->pid, (int)y->ppid, (unsigned int)y->uid,
		     y->command ? y->command : "(null)");
	}
	DIFF(a->nmembers == b->nmembers, "%zu members, %zu", a->nmembers,
	     b->nmembers);
	for (size_t i = 0; i < a->nmembers; i++)
		DIFF(a->members[i] == b->members[i], "member %zu: %zu, %zu", i,
		     a->members[i], b->members[i]);
	DIFF(a->mounts.count == b->mounts.count, "%zu mounts, %zu",
	     a->mounts.count, b->mounts.count);
	for (size_t i = 0; i < a->mounts.count; i++) {
		const struct ns_mount *x = &a->mounts.items[i];
		const struct ns_mount *y = &b->mounts.items[i];

		DIFF(x->ino == y->ino && x->type == y->type &&
			     same_str(x->target, y->target),
		     "mount %zu: %ju %s, %ju %s", i, (uintmax_t)x->ino,
		     x->target, (uintmax_t)y->ino, y->target);
	}
	return 0;
#undef DIFF
}

static void expect_same_scan(const struct ns_scan *a, const struct ns_scan *b)
{
	char diff[512];

	ck_assert_msg(scan_diff(a, b, diff, sizeof(diff)) == 0, "%s", diff);
}

START_TEST(test_fake_threads)
{
	static const unsigned int threads[] = { 1, 2, 3, 5, 16, 64, 1000 };
	static const uint64_t members[] = { 0, 4026533002ull, 4026535000ull,
					    INO_U };
	const struct ns_entry *e;
	struct tu_tree t;

	build_many(&t, 150);
	for (size_t m = 0; m < NS_ARRAY_SIZE(members); m++) {
		struct ns_scan *one = scan_threads(&t, 1, members[m]);

		/* 4 net + 22 uts + ipc + the fd-held ipc + mounted A,Y,B
		 * + 3 user */
		ck_assert_uint_eq(one->count, 4 + 22 + 1 + 1 + 3 + 3);
		ck_assert_uint_eq(ns_scan_find(one, 4026535000ull)->nprocs,
				  150);
		e = ns_scan_find(one, INO_U);
		ck_assert_uint_eq(e->nprocs, 1);
		ck_assert_int_eq(e->holder_fd, -1);
		e = ns_scan_find(one, INO_U2);
		ck_assert_uint_eq(e->nprocs, 0);
		ck_assert_int_eq(e->holder_pid, 220);
		ck_assert_int_eq(e->holder_fd, 8);
		for (size_t i = 0; i < NS_ARRAY_SIZE(threads); i++) {
			struct ns_scan *many =
				scan_threads(&t, threads[i], members[m]);

			expect_same_scan(one, many);
			ns_scan_free(many);
		}
		ns_scan_free(one);
	}
	tu_tree_free(&t);
}
END_TEST

/*
 * Root only: the same on real namespaces, in a pid namespace of our
 * own with its own proc (so nothing else the machine runs shows up).
 * Its pid 1 scans; fixtures at ascending PIDs:
 *   A        alone in a user namespace U1 (pid 2: the lowest)
 *   fillers  40 processes, some in uts and ipc namespaces of their own,
 *            so that 16 threads cut A and the holders below apart
 *   D        holds a net namespace N1 owned by U1 (U1: D's stub)
 *   B        holds U1 as an nsfs fd, a user namespace U2 that no
 *            process is in (its creator is all there is to show) and
 *            a socket in a net namespace no process is in
 * One thread counts U1 when A is met and reads no creator for it, as
 * it has a process; ranges of their own must not add one from B's fd
 * or D's stub.
 */
#define THREADS_FILLERS 40

struct threads_result {
	int step; /* 0: all compared and the same */
	int err;
	char msg[600];
};

/* Fork a fixture: it runs @fn, tells @ready_fd how it went and stays. */
static pid_t fixture(int (*fn)(int procfd, long arg), int procfd, long arg,
		     int ready_fd)
{
	pid_t pid = fork();

	if (pid != 0)
		return pid;
	{
		char c = fn(procfd, arg) == 0 ? 'y' : 'n';

		if (write(ready_fd, &c, 1) != 1)
			_exit(1);
		/* until pid 1 exits: the kernel then kills us all */
		for (;;)
			pause();
		_exit(0);
	}
}

static int fix_user(int procfd, long arg)
{
	(void)procfd;
	(void)arg;
	return unshare(CLONE_NEWUSER);
}

static int fix_filler(int procfd, long i)
{
	(void)procfd;
	if (i % 5 == 0 && unshare(CLONE_NEWUTS) < 0)
		return -1;
	if (i % 7 == 0 && unshare(CLONE_NEWIPC) < 0)
		return -1;
	return 0;
}

static int open_ns(int procfd, pid_t pid, const char *name)
{
	char path[64];

	snprintf(path, sizeof(path), "%d/ns/%s", (int)pid, name);
	return openat(procfd, path, O_RDONLY | O_CLOEXEC);
}

/* Keep a net namespace made in the user namespace of process @pid. */
static int fix_owned_net(int procfd, long pid)
{
	int up[2], down[2], fd = -1;
	pid_t child;
	char c = 0;

	if (pipe2(up, O_CLOEXEC) < 0 || pipe2(down, O_CLOEXEC) < 0)
		return -1;
	child = fork();
	if (child < 0)
		return -1;
	if (child == 0) {
		int userfd = open_ns(procfd, (pid_t)pid, "user");

		close(up[0]);
		close(down[1]);

		c = userfd >= 0 && setns(userfd, CLONE_NEWUSER) == 0 &&
				    unshare(CLONE_NEWNET) == 0
			    ? 'y'
			    : 'n';
		if (write(up[1], &c, 1) != 1)
			_exit(1);
		while (read(down[0], &c, 1) < 0 && errno == EINTR)
			;
		_exit(0);
	}
	close(up[1]);
	close(down[0]);
	if (read(up[0], &c, 1) == 1 && c == 'y')
		fd = open_ns(procfd, child, "net");
	close(down[1]);
	waitpid(child, NULL, 0);
	return fd >= 0 ? 0 : -1;
}

static int fix_holder(int procfd, long pid)
{
	int self = open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC);
	int u2, sock, u1 = open_ns(procfd, (pid_t)pid, "user");

	u2 = spawn_ns(procfd, CLONE_NEWUSER, 0, "user", NULL, NULL);
	if (self < 0 || u1 < 0 || u2 < 0 || unshare(CLONE_NEWNET) < 0)
		return -1;
	sock = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (sock < 0 || setns(self, CLONE_NEWNET) < 0)
		return -1;
	return 0;
}

static uint64_t ns_ino_at(int procfd, pid_t pid, const char *name)
{
	char path[64];
	struct stat st;

	snprintf(path, sizeof(path), "%d/ns/%s", (int)pid, name);
	return fstatat(procfd, path, &st, 0) == 0 ? st.st_ino : 0;
}

static void threads_in_pidns(const char *procdir, struct threads_result *res)
{
	static const unsigned int threads[] = { 3, 16, 64 };
	const unsigned int details = NS_DETAIL_PPID | NS_DETAIL_UID |
				     NS_DETAIL_COMMAND | NS_DETAIL_RELATIONS |
				     NS_DETAIL_NSID | NS_DETAIL_OWNER_UID;
	struct ns_scan_opts opts = {
		.types = available_types(),
		.sources = NS_SRC_ALL,
		.details = details,
	};
	int ready[2], procfd;
	uint64_t u1, members[2];
	pid_t a, b;
	char c;

	res->step = 1;
	if (mount("proc", procdir, "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC,
		  NULL) < 0)
		goto fail;
	procfd = open(procdir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (procfd < 0 || pipe2(ready, O_CLOEXEC) < 0)
		goto fail;
	opts.procfd = procfd;

	res->step = 2;
	a = fixture(fix_user, procfd, 0, ready[1]);
	for (long i = 0; i < THREADS_FILLERS; i++)
		fixture(fix_filler, procfd, i, ready[1]);
	fixture(fix_owned_net, procfd, a, ready[1]);
	b = fixture(fix_holder, procfd, a, ready[1]);
	for (int i = 0; i < THREADS_FILLERS + 3; i++) {
		if (read(ready[0], &c, 1) != 1 || c != 'y') {
			errno = EIO;
			goto fail;
		}
	}
	res->step = 3;
	/* (D's child may come before B) */
	if (a != 2 || b < THREADS_FILLERS + 4) {
		errno = ERANGE;
		snprintf(res->msg, sizeof(res->msg), "A %d, B %d", (int)a,
			 (int)b);
		goto fail;
	}
	u1 = ns_ino_at(procfd, a, "user");
	members[0] = 0;
	members[1] = u1;

	for (size_t m = 0; m < NS_ARRAY_SIZE(members); m++) {
		struct ns_scan *one = NULL;
		const struct ns_entry *e;
		int r;

		res->step = 4;
		opts.members_of = members[m];
		opts.threads = 1;
		r = ns_scan_run(&opts, &one);
		if (r < 0) {
			errno = -r;
			goto fail;
		}
		/* the fixture is what it should be */
		e = ns_scan_find(one, u1);
		if (!e || e->nprocs != 1 || e->holder_fd != -1 ||
		    ns_scan_entry_proc(one, e)->pid != a ||
		    (e->flags & NS_ENTRY_OWNER_UID)) {
			snprintf(res->msg, sizeof(res->msg),
				 "U1 %ju: not one process, pid %d, without "
				 "a creator",
				 (uintmax_t)u1, (int)a);
			errno = EINVAL;
			ns_scan_free(one);
			goto fail;
		}
		for (size_t i = 0; i < NS_ARRAY_SIZE(threads); i++) {
			struct ns_scan *many = NULL;

			res->step = 5;
			opts.threads = threads[i];
			r = ns_scan_run(&opts, &many);
			if (r < 0) {
				errno = -r;
				ns_scan_free(one);
				goto fail;
			}
			if (scan_diff(one, many, res->msg,
				      sizeof(res->msg)) < 0) {
				char diff[sizeof(res->msg)];

				memcpy(diff, res->msg, sizeof(diff));
				snprintf(res->msg, sizeof(res->msg),
					 "%u threads, members of %ju: %.500s",
					 threads[i], (uintmax_t)members[m],
					 diff);
				errno = EINVAL;
				ns_scan_free(many);
				ns_scan_free(one);
				goto fail;
			}
			ns_scan_free(many);
		}
		ns_scan_free(one);
	}
	res->step = 0;
	return;
fail:
	res->err = errno;
}

static int child_pidns(void *arg, void *info)
{
	struct threads_result *res = info, *shared;
	pid_t init;

	res->step = -1;
	if (unshare(CLONE_NEWPID | CLONE_NEWNS) < 0 ||
	    mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) < 0) {
		res->err = errno;
		return 0;
	}
	shared = mmap(NULL, sizeof(*shared), PROT_READ | PROT_WRITE,
		      MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (shared == MAP_FAILED) {
		res->err = errno;
		return 0;
	}
	shared->step = -2;
	init = fork();
	if (init == 0) {
		threads_in_pidns(arg, shared);
		_exit(0); /* as pid 1: its fixtures go with it */
	}
	if (init > 0)
		waitpid(init, NULL, 0);
	*res = *shared;
	return 0;
}

START_TEST(test_real_threads)
{
	struct threads_result res = { .step = -3 };
	struct tu_tree t;

	TU_REQUIRE_ROOT();
	tu_tree_new(&t);
	tu_child_run(child_pidns, t.path, &res, sizeof(res));
	tu_tree_free(&t);
	ck_assert_msg(res.step == 0, "step %d: %s: %s", res.step,
		      strerror(res.err), res.msg);
}
END_TEST

/* An fd limit that leaves exactly @nfree fds free to open. */
static rlim_t limit_leaving(int nfree)
{
	int fd = 0;

	for (int free_fds = 0; free_fds < nfree; fd++) {
		if (fcntl(fd, F_GETFD) < 0)
			free_fds++;
	}
	return (rlim_t)fd;
}

/*
 * Out of fds, at every point of the scan: the result is the full one or
 * -EMFILE, never a scan that quietly left processes or fds out.
 */
START_TEST(test_fake_fd_exhaustion)
{
	static const unsigned int threads[] = { 1, 16 };
	struct rlimit saved, lim;
	unsigned int errors = 0, full = 0;
	struct tu_tree t;

	build_many(&t, 150);
	ck_assert_int_eq(getrlimit(RLIMIT_NOFILE, &saved), 0);
	for (size_t i = 0; i < NS_ARRAY_SIZE(threads); i++) {
		struct ns_scan *want = scan_threads(&t, threads[i], 0);

		for (int extra = 0; extra < 40; extra++) {
			struct ns_scan_opts opts = {
				.procfd = t.fd,
				.types = MANY_TYPES,
				.sources = FAKE_SOURCES,
				.details = MANY_DETAILS,
				.threads = threads[i],
			};
			struct ns_scan *got = NULL;
			int r;

			lim = saved;
			lim.rlim_cur = limit_leaving(extra);
			ck_assert_int_eq(setrlimit(RLIMIT_NOFILE, &lim), 0);
			r = ns_scan_run(&opts, &got);
			ck_assert_int_eq(setrlimit(RLIMIT_NOFILE, &saved), 0);
			if (r < 0) {
				ck_assert_msg(r == -EMFILE,
					      "%u threads, %d fds free: %d (%s)",
					      threads[i], extra, r,
					      strerror(-r));
				errors++;
				continue;
			}
			expect_same_scan(want, got);
			ns_scan_free(got);
			full++;
		}
		ns_scan_free(want);
	}
	/* both outcomes were met, or the limits tried prove nothing */
	ck_assert_uint_gt(errors, 0);
	ck_assert_uint_gt(full, 0);
	tu_tree_free(&t);
}
END_TEST

/*
 * A zombie: only its user and pid links read (here: ipc), the others
 * are gone, its stat still reads. It counts where its links read. A
 * process whose links and stat are both gone was reaped: skipped.
 */
START_TEST(test_fake_zombie)
{
	static const pid_t pids[] = { 2, 4, 6 };
	const struct ns_entry *e;
	struct ns_scan *scan;
	struct tu_tree t;

	tu_tree_new(&t);
	tu_mkpids(&t, pids, NS_ARRAY_SIZE(pids));
	tu_stat(&t, 2, "two", 'S', 1);
	tu_write(&t, "two", 4, "2/cmdline");
	tu_nslink(&t, 2, "net", INO_A);
	tu_nslink(&t, 2, "uts", INO_C);
	tu_nslink(&t, 2, "ipc", INO_D);
	/* the zombie: no cmdline, no net or uts link */
	tu_stat(&t, 4, "zomb", 'Z', 2);
	tu_write(&t, "", 0, "4/cmdline");
	tu_mkdir(&t, "4/ns");
	tu_nslink(&t, 4, "ipc", INO_X);
	/* reaped while we look: a link left, no stat */
	tu_mkdir(&t, "6/ns");
	tu_nslink(&t, 6, "ipc", INO_E);

	scan = scan_tree(t.fd, FAKE_TYPES, NS_SRC_PROCS, FAKE_DETAILS, 0, 1);
	ck_assert_uint_eq(entry(scan, INO_A, NS_TYPE_NET)->nprocs, 1);
	ck_assert_uint_eq(entry(scan, INO_C, NS_TYPE_UTS)->nprocs, 1);
	ck_assert_uint_eq(entry(scan, INO_D, NS_TYPE_IPC)->nprocs, 1);
	e = entry(scan, INO_X, NS_TYPE_IPC);
	ck_assert_uint_eq(e->nprocs, 1);
	ck_assert_int_eq(ns_scan_entry_proc(scan, e)->pid, 4);
	ck_assert_str_eq(ns_scan_entry_proc(scan, e)->command, "zomb");
	ck_assert_ptr_null(ns_scan_find(scan, INO_E));
	ck_assert_uint_eq(scan->count, 4);
	ns_scan_free(scan);

	/* and with the links of the zombie's namespace as members */
	scan = scan_tree(t.fd, FAKE_TYPES, NS_SRC_PROCS, FAKE_DETAILS, INO_X,
			 1);
	ck_assert_uint_eq(scan->nmembers, 1);
	ck_assert_int_eq(scan->procs[scan->members[0]].pid, 4);
	ns_scan_free(scan);
	tu_tree_free(&t);
}
END_TEST

/*
 * The scanning process's own fds are not looked at: they are the
 * scan's working files, namespaces that threads open for a moment to
 * read details, so what they show depends on timing. Its ns links
 * count as anyone's. Here "self" names pid 4, which holds X.
 */
START_TEST(test_fake_own_fds)
{
	static const pid_t pids[] = { 2, 4, 6 };
	struct ns_scan *scan;
	struct tu_tree t;

	tu_tree_new(&t);
	tu_mkpids(&t, pids, NS_ARRAY_SIZE(pids));
	for (size_t i = 0; i < NS_ARRAY_SIZE(pids); i++) {
		tu_stat(&t, pids[i], "p", 'S', 1);
		tu_write(&t, "p", 2, "%d/cmdline", (int)pids[i]);
		tu_nslink(&t, pids[i], "ipc", INO_D);
	}
	tu_nslink(&t, 4, "uts", INO_C);
	tu_fdlink(&t, 4, 3, "ipc:[4026532300]");
	tu_fdlink(&t, 6, 3, "uts:[4026532200]");
	for (unsigned int threads = 1; threads <= 3; threads++) {
		tu_symlink(&t, "4", "self");
		scan = scan_tree(t.fd, FAKE_TYPES, FAKE_SOURCES, FAKE_DETAILS,
				 0, threads);
		ck_assert_ptr_null(ns_scan_find(scan, INO_X));
		ck_assert_uint_eq(entry(scan, INO_D, NS_TYPE_IPC)->nprocs, 3);
		ck_assert_uint_eq(entry(scan, INO_C, NS_TYPE_UTS)->nprocs, 1);
		ck_assert_int_eq(entry(scan, INO_B, NS_TYPE_UTS)->holder_pid,
				 6);
		ck_assert_uint_eq(scan->count, 3);
		ns_scan_free(scan);

		/* not ours: all fds count */
		ck_assert_int_eq(unlinkat(t.fd, "self", 0), 0);
		scan = scan_tree(t.fd, FAKE_TYPES, FAKE_SOURCES, FAKE_DETAILS,
				 0, threads);
		ck_assert_int_eq(entry(scan, INO_X, NS_TYPE_IPC)->holder_pid,
				 4);
		ck_assert_uint_eq(scan->count, 4);
		ns_scan_free(scan);
	}
	tu_tree_free(&t);
}
END_TEST

static Suite *nsscan_suite(void)
{
	Suite *s = suite_create("nsscan");
	TCase *tc = tcase_create("fake");

	tcase_add_test(tc, test_fake_full);
	tcase_add_test(tc, test_fake_type_filter);
	tcase_add_test(tc, test_fake_members);
	tcase_add_test(tc, test_fake_no_details);
	tcase_add_test(tc, test_fake_sources);
	tcase_add_test(tc, test_fake_no_mountinfo);
	tcase_add_test(tc, test_fake_empty);
	tcase_add_test(tc, test_fake_bad_stat);
	tcase_add_test(tc, test_fake_threads);
	tcase_add_test(tc, test_fake_fd_exhaustion);
	tcase_add_test(tc, test_fake_zombie);
	tcase_add_test(tc, test_fake_own_fds);
	suite_add_tcase(s, tc);

	tc = tcase_create("real");
	tcase_set_timeout(tc, 40);
	tcase_add_test(tc, test_real_all);
	tcase_add_test(tc, test_real_members);
	suite_add_tcase(s, tc);
	return s;
}

/* Run by "test_scan --root", as root only. */
static Suite *nsscan_root_suite(void)
{
	Suite *s = suite_create("nsscan-root");
	TCase *tc = tcase_create("real");

	tcase_set_timeout(tc, 40);
	tcase_add_test(tc, test_real_held);
	tcase_add_test(tc, test_real_child_ns);
	tcase_add_test(tc, test_real_threads);
	suite_add_tcase(s, tc);
	return s;
}

int main(int argc, char **argv)
{
	return tu_main_split(argc, argv, nsscan_suite, nsscan_root_suite);
}
