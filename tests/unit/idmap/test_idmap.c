// SPDX-License-Identifier: MIT
/*
 * Unit tests of lib/idmap/idmap.c: the unshare(1) id map forms, subid files,
 * holes, formatting, and writing maps to a fake proc tree, to a real
 * new user namespace (root) and through fake newuidmap helpers.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <pwd.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "libns/idmap.h"
#include "libns/base.h"
#include "testutil.h"

#define R(i, o, c) ((struct ns_idmap_range){ (i), (o), (c) })

/* The map as text, for exact comparisons. */
static const char *map_text(const struct ns_idmap *map)
{
	static char buf[NS_IDMAP_MAX * 34 + 1];
	ssize_t n = ns_idmap_format(map, buf, sizeof(buf));

	ck_assert_msg(n >= 0, "format: %zd", n);
	return buf;
}

#define ck_assert_map(map, text) ck_assert_str_eq(map_text(map), (text))

START_TEST(test_parse_range_ok)
{
	static const struct {
		const char *s;
		struct ns_idmap_range r;
	} ok[] = {
		{ "0:100000:65536", { 0, 100000, 65536 } },
		{ "1000:1000:1", { 1000, 1000, 1 } },
		{ "007:08:9", { 7, 8, 9 } },
		{ "0:0:4294967295", { 0, 0, 4294967295u } },
		{ "4294967294:0:1", { 4294967294u, 0, 1 } },
		{ "0:4294967294:1", { 0, 4294967294u, 1 } },
		{ "1:4294967290:5", { 1, 4294967290u, 5 } },
		/* legacy outer,inner,count */
		{ "100000,0,65536", { 0, 100000, 65536 } },
		{ "0,1000,1", { 1000, 0, 1 } },
		{ "0,0,4294967295", { 0, 0, 4294967295u } },
	};

	for (size_t i = 0; i < NS_ARRAY_SIZE(ok); i++) {
		struct ns_idmap_range r = R(7, 7, 7);

		ck_assert_msg(ns_idmap_parse_range(ok[i].s, &r) == 0,
			      "'%s' rejected", ok[i].s);
		ck_assert_uint_eq(r.inner, ok[i].r.inner);
		ck_assert_uint_eq(r.outer, ok[i].r.outer);
		ck_assert_uint_eq(r.count, ok[i].r.count);
	}
}
END_TEST

START_TEST(test_parse_range_bad)
{
	static const struct {
		const char *s;
		int err;
	} bad[] = {
		/* empty, missing and extra fields */
		{ "", -EINVAL },
		{ ":", -EINVAL },
		{ "::", -EINVAL },
		{ ",,", -EINVAL },
		{ "0", -EINVAL },
		{ "0:100000", -EINVAL },
		{ "100000,0", -EINVAL },
		{ "0:100000:", -EINVAL },
		{ ":100000:1", -EINVAL },
		{ "0::1", -EINVAL },
		{ "0:1:2:3", -EINVAL },
		{ "0:1:2:", -EINVAL },
		{ "0,1,2,3", -EINVAL },
		{ "0:1,2", -EINVAL },
		{ "0,1:2", -EINVAL },
		/* count 0 (util-linux fails later, at the write) */
		{ "0:100000:0", -EINVAL },
		{ "100000,0,0", -EINVAL },
		/* signs, spaces, other bases, garbage */
		{ "-1:0:1", -EINVAL },
		{ "0:-1:1", -EINVAL },
		{ "0:0:-1", -EINVAL },
		{ "+1:0:1", -EINVAL },
		{ "0:+1:1", -EINVAL },
		{ " 0:0:1", -EINVAL },
		{ "0:0:1 ", -EINVAL },
		{ "0: 0:1", -EINVAL },
		{ "0 :0:1", -EINVAL },
		{ "0:0:1\n", -EINVAL },
		{ "0x1:0:1", -EINVAL },
		{ "1e3:0:1", -EINVAL },
		{ "a:b:c", -EINVAL },
		{ "auto", -EINVAL },
		/* syntax wins over range */
		{ "99999999999x:0:1", -EINVAL },
		{ "4294967296:0:x", -EINVAL },
		/* overflow: a field beyond 32 bits */
		{ "4294967296:0:1", -ERANGE },
		{ "0:4294967296:1", -ERANGE },
		{ "0:0:4294967296", -ERANGE },
		{ "99999999999999999999999:0:1", -ERANGE },
		{ "4294967296,0,1", -ERANGE },
		/* overflow: a range reaching 2^32 */
		{ "1:0:4294967295", -ERANGE },
		{ "0:1:4294967295", -ERANGE },
		{ "4294967295:0:1", -ERANGE },
		{ "0:4294967295:1", -ERANGE },
		{ "4294967294:0:2", -ERANGE },
		{ "2147483648:0:2147483648", -ERANGE },
		{ "0,4294967295,1", -ERANGE },
	};

	for (size_t i = 0; i < NS_ARRAY_SIZE(bad); i++) {
		struct ns_idmap_range r = R(7, 7, 7);
		int got = ns_idmap_parse_range(bad[i].s, &r);

		ck_assert_msg(got == bad[i].err, "'%s': got %d, want %d",
			      bad[i].s, got, bad[i].err);
		/* untouched on error */
		ck_assert(r.inner == 7 && r.outer == 7 && r.count == 7);
	}
	ck_assert_int_eq(ns_idmap_parse_range(NULL, NULL), -EINVAL);
}
END_TEST

START_TEST(test_parse_id_numbers)
{
	static const struct {
		const char *s;
		uint32_t id;
	} ok[] = {
		{ "0", 0 },
		{ "1000", 1000 },
		{ "00042", 42 },
		{ "4294967294", 4294967294u },
	};

	for (int k = NS_ID_UID; k <= NS_ID_GID; k++) {
		for (size_t i = 0; i < NS_ARRAY_SIZE(ok); i++) {
			uint32_t id = 7;

			ck_assert_int_eq(ns_idmap_parse_id(k, ok[i].s, &id), 0);
			ck_assert_uint_eq(id, ok[i].id);
		}
	}
}
END_TEST

START_TEST(test_parse_id_names)
{
	struct passwd *pw;
	struct group *gr;
	uint32_t id = 7;

	ck_assert_int_eq(ns_idmap_parse_id(NS_ID_UID, "root", &id), 0);
	ck_assert_uint_eq(id, 0);
	id = 7;
	ck_assert_int_eq(ns_idmap_parse_id(NS_ID_GID, "root", &id), 0);
	ck_assert_uint_eq(id, 0);

	/* whatever the system says about another name */
	pw = getpwnam("nobody");
	if (pw) {
		ck_assert_int_eq(ns_idmap_parse_id(NS_ID_UID, "nobody", &id), 0);
		ck_assert_uint_eq(id, pw->pw_uid);
	}
	gr = getgrnam("nogroup");
	if (gr) {
		ck_assert_int_eq(ns_idmap_parse_id(NS_ID_GID, "nogroup", &id), 0);
		ck_assert_uint_eq(id, gr->gr_gid);
	}
}
END_TEST

START_TEST(test_parse_id_bad)
{
	static const struct {
		const char *s;
		int err;
	} bad[] = {
		{ "", -EINVAL },
		{ "nstest-nosuch-name", -EINVAL },
		{ "-1", -EINVAL },
		{ "+1", -EINVAL },
		{ " 1", -EINVAL },
		{ "1 ", -EINVAL },
		{ "0x10", -EINVAL },
		{ "root ", -EINVAL },
		/* (uid_t)-1 is no id */
		{ "4294967295", -ERANGE },
		{ "4294967296", -ERANGE },
		{ "99999999999999999999999", -ERANGE },
	};

	for (int k = NS_ID_UID; k <= NS_ID_GID; k++) {
		for (size_t i = 0; i < NS_ARRAY_SIZE(bad); i++) {
			uint32_t id = 7;
			int got = ns_idmap_parse_id(k, bad[i].s, &id);

			ck_assert_msg(got == bad[i].err,
				      "%d '%s': got %d, want %d", k, bad[i].s,
				      got, bad[i].err);
			ck_assert_uint_eq(id, 7);
		}
	}
	ck_assert_int_eq(ns_idmap_parse_id(NS_ID_UID, NULL, NULL), -EINVAL);
	ck_assert_int_eq(ns_idmap_parse_id((enum ns_id_kind)7, "0", NULL), -EINVAL);
}
END_TEST

static const char subid_file[] =
	"#alice:1:1\n"
	"   # an indented comment\n"
	"   #carol:1:1\n"
	"\n"
	"   \t\n"
	"alice:100000:65536\n"
	"alice:900000:65536\n"
	/* broken lines for bob, then the first good one */
	"bob\n"
	"bob:200000\n"
	"bob:200000:\n"
	"bob::65536\n"
	"bob:x:65536\n"
	"bob:200000:abc\n"
	"bob:200000:0\n"
	"bob:-1:10\n"
	"bob:+200000:10\n"
	"bob: 200000:65536\n"
	"bob:200000:65536 \n"
	"bob:4294967296:1\n"
	"bob:4294967295:1\n"
	"bob:4294967290:10\n"
	"bob:0:99999999999999999999\n"
	"bob:200000:65536:extra\n"
	"bob:300000:65536\n"
	"bob:400000:65536\n"
	/* by uid */
	"1002:500000:65536\n"
	"carol:600000:65536\n"
	"1003:700000:65536\n"
	"01004:800000:10\n"
	"dave:1:2"; /* no final newline */

static void expect_subid(int dirfd, const char *path, const char *name,
			 uint32_t id, uint32_t start, uint32_t count)
{
	struct ns_idmap_range r = R(7, 7, 7);
	int got = ns_idmap_subid_lookup(dirfd, path, name, id, &r);

	ck_assert_msg(got == 0, "%s/%u: %d", name ? name : "(null)", id, got);
	ck_assert_uint_eq(r.inner, 0);
	ck_assert_uint_eq(r.outer, start);
	ck_assert_uint_eq(r.count, count);
}

static void expect_subid_err(int dirfd, const char *path, const char *name,
			     uint32_t id, int err)
{
	struct ns_idmap_range r = R(7, 7, 7);
	int got = ns_idmap_subid_lookup(dirfd, path, name, id, &r);

	ck_assert_msg(got == err, "%s/%u: got %d, want %d",
		      name ? name : "(null)", id, got, err);
	ck_assert(r.inner == 7 && r.outer == 7 && r.count == 7);
}

START_TEST(test_subid_lookup)
{
	struct tu_tree t;
	char *abs;

	tu_tree_new(&t);
	tu_write_str(&t, subid_file, "etc/subuid");

	/* comments, blank lines; the first matching line wins */
	expect_subid(t.fd, "etc/subuid", "alice", 1001, 100000, 65536);
	/* every broken line skipped */
	expect_subid(t.fd, "etc/subuid", "bob", 1005, 300000, 65536);
	/* a line for the uid rather than the name */
	expect_subid(t.fd, "etc/subuid", "erin", 1002, 500000, 65536);
	expect_subid(t.fd, "etc/subuid", NULL, 1002, 500000, 65536);
	expect_subid(t.fd, "etc/subuid", "1002", 4242, 500000, 65536);
	expect_subid(t.fd, "etc/subuid", "x", 1004, 800000, 10);
	/* name line before uid line, and the other way round */
	expect_subid(t.fd, "etc/subuid", "carol", 1003, 600000, 65536);
	expect_subid(t.fd, "etc/subuid", "carol", 1002, 500000, 65536);
	/* last line without newline */
	expect_subid(t.fd, "etc/subuid", "dave", 1006, 1, 2);

	/* no match: not a prefix, not a comment, not a broken line */
	expect_subid_err(t.fd, "etc/subuid", "nstest-nosuch", 4242, -ENOENT);
	expect_subid_err(t.fd, "etc/subuid", "alic", 4242, -ENOENT);
	expect_subid_err(t.fd, "etc/subuid", "alice:100000", 4242, -ENOENT);
	expect_subid_err(t.fd, "etc/subuid", "", 4242, -ENOENT);
	/* a comment is no entry, whatever it looks like */
	expect_subid_err(t.fd, "etc/subuid", "#alice", 4242, -ENOENT);
	expect_subid_err(t.fd, "etc/subuid", "   #carol", 4242, -ENOENT);
	expect_subid_err(t.fd, "etc/subuid", NULL, 1, -ENOENT);

	/* open and read errors */
	expect_subid_err(t.fd, "etc/nosuch", "alice", 1001, -ENOENT);
	expect_subid_err(t.fd, "etc", "alice", 1001, -EISDIR);

	/* plain paths with AT_FDCWD */
	ck_assert_int_ge(asprintf(&abs, "%s/etc/subuid", t.path), 0);
	expect_subid(AT_FDCWD, abs, "alice", 1001, 100000, 65536);
	free(abs);

	/* an empty file and one of only comments */
	tu_write_str(&t, "", "etc/empty");
	expect_subid_err(t.fd, "etc/empty", "alice", 0, -ENOENT);
	tu_write_str(&t, "# alice:1:1\n\n", "etc/comments");
	expect_subid_err(t.fd, "etc/comments", "alice", 0, -ENOENT);
	tu_tree_free(&t);
}
END_TEST

START_TEST(test_idmap_read)
{
	struct ns_idmap map = { .count = 0 }, id = { .count = 0 };
	struct tu_tree t;

	tu_tree_new(&t);
	/* as the kernel prints it */
	tu_write_str(&t, "         0          0 4294967295\n", "all");
	ck_assert_int_eq(ns_idmap_read(t.fd, "all", &map), 0);
	ck_assert_map(&map, "0 0 4294967295\n");

	tu_write_str(&t,
		     "      1000          0          1\n"
		     "         0     100000       1000\n"
		     "      1001     101000      64535\n",
		     "three");
	ck_assert_int_eq(ns_idmap_read(t.fd, "three", &map), 0);
	ck_assert_map(&map, "1000 0 1\n0 100000 1000\n1001 101000 64535\n");

	/* passthrough: every id we have, as itself */
	ns_idmap_passthrough(&map, &id);
	ck_assert_map(&id, "1000 1000 1\n0 0 1000\n1001 1001 64535\n");
	/* in place, too */
	ns_idmap_passthrough(&map, &map);
	ck_assert_map(&map, "1000 1000 1\n0 0 1000\n1001 1001 64535\n");

	/* a namespace without a map yet */
	tu_write_str(&t, "", "empty");
	ck_assert_int_eq(ns_idmap_read(t.fd, "empty", &map), 0);
	ck_assert_uint_eq(map.count, 0);
	ns_idmap_passthrough(&map, &id);
	ck_assert_uint_eq(id.count, 0);

	tu_tree_free(&t);
}
END_TEST

START_TEST(test_idmap_read_bad)
{
	static const struct {
		const char *text;
		int err;
	} bad[] = {
		{ "0 0\n", -EINVAL },
		{ "0 0 1 2\n", -EINVAL },
		{ "0 0 x\n", -EINVAL },
		{ "0 0 -1\n", -EINVAL },
		{ "0 0 1\n\n", -EINVAL },
		{ "0 0 1\n0 0\n", -EINVAL },
		{ "0 0 0\n", -EINVAL },
		{ "0 0 4294967296\n", -ERANGE },
		{ "1 0 4294967295\n", -ERANGE },
	};
	struct ns_idmap map = { .count = 99 };
	struct tu_tree t;
	char *big = NULL;
	size_t len = 0;
	FILE *f;

	tu_tree_new(&t);
	for (size_t i = 0; i < NS_ARRAY_SIZE(bad); i++) {
		char name[32];
		int got;

		snprintf(name, sizeof(name), "map%zu", i);
		tu_write_str(&t, bad[i].text, "%s", name);
		got = ns_idmap_read(t.fd, name, &map);
		ck_assert_msg(got == bad[i].err, "'%s': got %d, want %d",
			      bad[i].text, got, bad[i].err);
		ck_assert_uint_eq(map.count, 99);
	}

	/* one line more than the kernel takes */
	f = open_memstream(&big, &len);
	ck_assert_ptr_nonnull(f);
	for (unsigned int i = 0; i <= NS_IDMAP_MAX; i++)
		fprintf(f, "%u %u 1\n", i, i);
	fclose(f);
	tu_write_str(&t, big, "big");
	ck_assert_int_eq(ns_idmap_read(t.fd, "big", &map), -E2BIG);
	ck_assert_uint_eq(map.count, 99);
	free(big);

	ck_assert_int_eq(ns_idmap_read(t.fd, "nosuch", &map), -ENOENT);
	tu_tree_free(&t);
}
END_TEST

START_TEST(test_idmap_read_self)
{
	struct ns_idmap map = { .count = 0 };
	FILE *f = fopen("/proc/self/uid_map", "re");
	unsigned int a, b, c;
	size_t n = 0;

	ck_assert_ptr_nonnull(f);
	ck_assert_int_eq(ns_idmap_read(AT_FDCWD, "/proc/self/uid_map", &map),
			 0);
	while (fscanf(f, "%u %u %u", &a, &b, &c) == 3) {
		ck_assert_uint_lt(n, map.count);
		ck_assert_uint_eq(map.ranges[n].inner, a);
		ck_assert_uint_eq(map.ranges[n].outer, b);
		ck_assert_uint_eq(map.ranges[n].count, c);
		n++;
	}
	fclose(f);
	ck_assert_uint_ge(n, 1);
	ck_assert_uint_eq(n, map.count);
}
END_TEST

START_TEST(test_idmap_add)
{
	struct ns_idmap map = { .count = 0 };
	struct ns_idmap_range r;

	for (uint32_t i = 0; i < NS_IDMAP_MAX; i++) {
		r = R(i * 10, 100000 + i * 10, 10);
		ck_assert_int_eq(ns_idmap_add(&map, &r), 0);
	}
	ck_assert_uint_eq(map.count, NS_IDMAP_MAX);
	r = R(5000, 5000, 1);
	ck_assert_int_eq(ns_idmap_add(&map, &r), -E2BIG);
	ck_assert_uint_eq(map.count, NS_IDMAP_MAX);
	ck_assert_uint_eq(map.ranges[NS_IDMAP_MAX - 1].inner,
			  (NS_IDMAP_MAX - 1) * 10);

	map.count = 0;
	r = R(0, 0, 0);
	ck_assert_int_eq(ns_idmap_add(&map, &r), -EINVAL);
	r = R(1, 0, UINT32_MAX);
	ck_assert_int_eq(ns_idmap_add(&map, &r), -ERANGE);
	r = R(0, UINT32_MAX, 1);
	ck_assert_int_eq(ns_idmap_add(&map, &r), -ERANGE);
	ck_assert_uint_eq(map.count, 0);
	r = R(0, 0, UINT32_MAX);
	ck_assert_int_eq(ns_idmap_add(&map, &r), 0);
	ck_assert_map(&map, "0 0 4294967295\n");
}
END_TEST

/* single -> 0 (the --map-user one) followed by @block around it */
static void hole_case(uint32_t single, struct ns_idmap_range block,
		      const char *want)
{
	struct ns_idmap map = { .count = 0 };
	struct ns_idmap_range one = R(single, 0, 1);

	ck_assert_int_eq(ns_idmap_add(&map, &one), 0);
	ck_assert_int_eq(ns_idmap_add_with_hole(&map, &block, single), 0);
	ck_assert_map(&map, want);
}

START_TEST(test_hole)
{
	/* observed with util-linux 2.42 as root */
	hole_case(0, R(0, 100000, 65536), "0 0 1\n1 100000 65535\n");
	hole_case(1000, R(0, 100000, 65536),
		  "1000 0 1\n0 100000 1000\n1001 101000 64535\n");
	hole_case(5, R(0, 100000, 10), "5 0 1\n0 100000 5\n6 100005 4\n");
	/* first and last inner id of the block */
	hole_case(5, R(5, 100000, 10), "5 0 1\n6 100000 9\n");
	hole_case(14, R(5, 100000, 10), "14 0 1\n5 100000 9\n");
	hole_case(9, R(0, 100000, 10), "9 0 1\n0 100000 9\n");
	/* outside the block: added whole (also just past its end, where
	 * util-linux 2.42 drops an id for nothing) */
	hole_case(4, R(5, 100000, 10), "4 0 1\n5 100000 10\n");
	hole_case(15, R(5, 100000, 10), "15 0 1\n5 100000 10\n");
	hole_case(100000, R(0, 100000, 10), "100000 0 1\n0 100000 10\n");
	/* a block of one id, that id: nothing to add */
	hole_case(7, R(7, 100000, 1), "7 0 1\n");
	hole_case(0, R(0, 100000, 1), "0 0 1\n");
	/* top of the id space */
	hole_case(4294967294u, R(0, 0, 4294967295u),
		  "4294967294 0 1\n0 0 4294967294\n");
	hole_case(0, R(0, 0, 4294967295u), "0 0 1\n1 0 4294967294\n");
}
END_TEST

START_TEST(test_hole_errors)
{
	struct ns_idmap map = { .count = 0 };
	struct ns_idmap_range r = R(0, 0, 1), block = R(0, 100000, 10);

	for (size_t i = 0; i < NS_IDMAP_MAX - 2; i++)
		ck_assert_int_eq(ns_idmap_add(&map, &r), 0);
	/* two ranges fit, then one, then none; never half of a block */
	ck_assert_int_eq(ns_idmap_add_with_hole(&map, &block, 5), 0);
	ck_assert_uint_eq(map.count, NS_IDMAP_MAX);
	map.count = NS_IDMAP_MAX - 1;
	ck_assert_int_eq(ns_idmap_add_with_hole(&map, &block, 5), -E2BIG);
	ck_assert_uint_eq(map.count, NS_IDMAP_MAX - 1);
	ck_assert_int_eq(ns_idmap_add_with_hole(&map, &block, 0), 0);
	ck_assert_uint_eq(map.count, NS_IDMAP_MAX);
	ck_assert_int_eq(ns_idmap_add_with_hole(&map, &block, 0), -E2BIG);
	/* a block of nothing but the hole adds nothing even when full */
	block = R(3, 100000, 1);
	ck_assert_int_eq(ns_idmap_add_with_hole(&map, &block, 3), 0);
	ck_assert_uint_eq(map.count, NS_IDMAP_MAX);

	map.count = 0;
	block = R(0, 100000, 0);
	ck_assert_int_eq(ns_idmap_add_with_hole(&map, &block, 5), -EINVAL);
	block = R(1, 100000, UINT32_MAX);
	ck_assert_int_eq(ns_idmap_add_with_hole(&map, &block, 5), -ERANGE);
	ck_assert_uint_eq(map.count, 0);
}
END_TEST

/* @single followed by @block around it */
static void around_case(struct ns_idmap_range single,
			struct ns_idmap_range block, const char *want)
{
	struct ns_idmap map = { .count = 0 };

	ck_assert_int_eq(ns_idmap_add(&map, &single), 0);
	ck_assert_int_eq(ns_idmap_add_around(&map, &block, &single), 0);
	ck_assert_map(&map, want);
}

START_TEST(test_around)
{
	/* all observed with util-linux 2.42 as root (uid 0 outside) */
	around_case(R(0, 0, 1), R(0, 100000, 65536), "0 0 1\n1 100000 65535\n");
	around_case(R(1000, 0, 1), R(0, 100000, 65536),
		    "1000 0 1\n0 100000 1000\n1001 101000 64535\n");
	around_case(R(5, 0, 1), R(0, 0, 10), "5 0 1\n0 1 5\n6 6 4\n");
	around_case(R(0, 0, 1), R(0, 0, 10), "0 0 1\n1 1 9\n");
	around_case(R(3, 0, 1), R(0, 0, 10), "3 0 1\n0 1 3\n4 4 6\n");
	around_case(R(0, 0, 1), R(5, 0, 10), "0 0 1\n5 1 9\n");
	around_case(R(12, 0, 1), R(5, 0, 10), "12 0 1\n5 1 7\n13 8 2\n");
	around_case(R(0, 0, 1), R(5, 0, 1), "0 0 1\n");
	around_case(R(1000, 0, 1), R(0, 0, 4294967295u),
		    "1000 0 1\n0 1 1000\n1001 1001 4294966294\n");
	/* outer hole before the inner one */
	around_case(R(2, 8, 1), R(0, 0, 10), "2 8 1\n0 0 2\n3 2 6\n9 9 1\n");
	/* neither inside */
	around_case(R(20, 30, 1), R(0, 0, 10), "20 30 1\n0 0 10\n");
	/* outer id only, at either end */
	around_case(R(20, 100009, 1), R(0, 100000, 10),
		    "20 100009 1\n0 100000 9\n");
}
END_TEST

START_TEST(test_around_errors)
{
	struct ns_idmap map = { .count = 0 };
	struct ns_idmap_range block = R(0, 0, 10), two = R(5, 0, 2);

	ck_assert_int_eq(ns_idmap_add_around(&map, &block, &two), -EINVAL);
	two.count = 0;
	ck_assert_int_eq(ns_idmap_add_around(&map, &block, &two), -EINVAL);
	ck_assert_uint_eq(map.count, 0);

	/* three ranges need three slots */
	map.count = NS_IDMAP_MAX - 2;
	two = R(2, 8, 1);
	ck_assert_int_eq(ns_idmap_add_around(&map, &block, &two), -E2BIG);
	ck_assert_uint_eq(map.count, NS_IDMAP_MAX - 2);
	map.count = NS_IDMAP_MAX - 3;
	ck_assert_int_eq(ns_idmap_add_around(&map, &block, &two), 0);
	ck_assert_uint_eq(map.count, NS_IDMAP_MAX);
}
END_TEST

START_TEST(test_format)
{
	struct ns_idmap map = { .count = 0 };
	const char *want = "0 0 1\n1 100000 65535\n4294967294 4294967294 1\n";
	size_t len = strlen(want);
	char buf[128];

	/* empty map: empty string */
	memset(buf, 'x', sizeof(buf));
	ck_assert_int_eq(ns_idmap_format(&map, buf, sizeof(buf)), 0);
	ck_assert_str_eq(buf, "");
	ck_assert_int_eq(ns_idmap_format(&map, buf, 1), 0);
	ck_assert_int_eq(ns_idmap_format(&map, buf, 0), -ENOSPC);

	map.ranges[0] = R(0, 0, 1);
	map.ranges[1] = R(1, 100000, 65535);
	map.ranges[2] = R(4294967294u, 4294967294u, 1);
	map.count = 3;
	ck_assert_int_eq(ns_idmap_format(&map, buf, sizeof(buf)), (ssize_t)len);
	ck_assert_str_eq(buf, want);
	ck_assert_int_eq(ns_idmap_format(&map, buf, len + 1), (ssize_t)len);
	ck_assert_str_eq(buf, want);
	/* no room for the NUL, or less */
	ck_assert_int_eq(ns_idmap_format(&map, buf, len), -ENOSPC);
	ck_assert_int_eq(ns_idmap_format(&map, buf, 10), -ENOSPC);
	ck_assert_int_eq(ns_idmap_format(&map, buf, 6), -ENOSPC);
	ck_assert_int_eq(ns_idmap_format(&map, buf, 7), -ENOSPC);
}
END_TEST

START_TEST(test_format_full)
{
	static struct ns_idmap map;
	static char buf[NS_IDMAP_MAX * 34 + 1];
	ssize_t n;

	/* the longest lines of the fullest map fit the write buffer */
	for (size_t i = 0; i < NS_IDMAP_MAX; i++)
		map.ranges[i] = R(4294967294u - (uint32_t)i,
				  4294967294u - (uint32_t)i, 1);
	map.count = NS_IDMAP_MAX;
	n = ns_idmap_format(&map, buf, sizeof(buf));
	ck_assert_int_eq(n, NS_IDMAP_MAX * (10 + 1 + 10 + 1 + 1 + 1));
	ck_assert_int_eq(strncmp(buf, "4294967294 4294967294 1\n"
				      "4294967293 4294967293 1\n", 48), 0);
}
END_TEST

static char *slurp(const struct tu_tree *t, const char *path)
{
	char *buf = NULL;
	size_t len = 0;
	int r = ns_read_file_at(t->fd, path, &buf, &len);

	ck_assert_msg(r == 0, "read %s: %s", path, strerror(-r));
	ck_assert_uint_eq(strlen(buf), len);
	return buf;
}

#define ck_assert_file(t, path, want)                                      \
	do {                                                               \
		char *got_ = slurp((t), (path));                           \
		ck_assert_str_eq(got_, (want));                            \
		free(got_);                                                \
	} while (0)

START_TEST(test_write_fake)
{
	struct ns_idmap map = { .count = 0 }, empty = { .count = 0 };
	struct tu_tree t;

	tu_tree_new(&t);
	tu_write_str(&t, "", "1234/uid_map");
	tu_write_str(&t, "", "1234/gid_map");
	tu_write_str(&t, "", "1234/setgroups");
	tu_write_str(&t, "", "99/setgroups");

	map.ranges[0] = R(1000, 0, 1);
	map.ranges[1] = R(0, 100000, 1000);
	map.ranges[2] = R(1001, 101000, 64535);
	map.count = 3;
	ck_assert_int_eq(ns_idmap_write(t.fd, 1234, NS_ID_UID, &map), 0);
	ck_assert_file(&t, "1234/uid_map",
		       "1000 0 1\n0 100000 1000\n1001 101000 64535\n");
	ck_assert_file(&t, "1234/gid_map", "");
	map.count = 1;
	ck_assert_int_eq(ns_idmap_write(t.fd, 1234, NS_ID_GID, &map), 0);
	ck_assert_file(&t, "1234/gid_map", "1000 0 1\n");

	ck_assert_int_eq(ns_idmap_setgroups_write(t.fd, 1234, 0), 0);
	ck_assert_file(&t, "1234/setgroups", "deny");
	ck_assert_int_eq(ns_idmap_setgroups_write(t.fd, 99, 1), 0);
	ck_assert_file(&t, "99/setgroups", "allow");

	/* nothing written for bad arguments */
	tu_write_str(&t, "", "5/uid_map");
	ck_assert_int_eq(ns_idmap_write(t.fd, 5, NS_ID_UID, &empty), -EINVAL);
	ck_assert_int_eq(ns_idmap_write(t.fd, 0, NS_ID_UID, &map), -EINVAL);
	ck_assert_int_eq(ns_idmap_write(t.fd, -5, NS_ID_UID, &map), -EINVAL);
	ck_assert_int_eq(ns_idmap_write(t.fd, 5, (enum ns_id_kind)7, &map),
			 -EINVAL);
	ck_assert_file(&t, "5/uid_map", "");
	ck_assert_int_eq(ns_idmap_setgroups_write(t.fd, 0, 0), -EINVAL);

	/* no such process; no file created there */
	ck_assert_int_eq(ns_idmap_write(t.fd, 77, NS_ID_UID, &map), -ENOENT);
	ck_assert_int_eq(ns_idmap_setgroups_write(t.fd, 77, 0), -ENOENT);
	tu_mkdir(&t, "78");
	ck_assert_int_eq(ns_idmap_write(t.fd, 78, NS_ID_GID, &map), -ENOENT);
	ck_assert_int_eq(faccessat(t.fd, "78/gid_map", F_OK, 0), -1);
	/* not followed */
	tu_symlink(&t, "../1234/uid_map", "79/uid_map");
	ck_assert_int_eq(ns_idmap_write(t.fd, 79, NS_ID_UID, &map), -ELOOP);
	tu_tree_free(&t);
}
END_TEST

/*
 * A child in a new user namespace that waits until the parent wrote its
 * maps, then reports what it sees in its own /proc/self.
 */
struct userns_view {
	int err; /* errno of unshare(), or -1 for a read failure */
	char uid_map[512];
	char gid_map[512];
	char setgroups[32];
};

static void read_own(const char *path, char *buf, size_t size, int *err)
{
	if (ns_read_buf_at(AT_FDCWD, path, buf, size) < 0)
		*err = -1;
}

static void userns_child(int ready_fd, int go_fd, int view_fd)
{
	struct userns_view v;
	char c = 0;

	memset(&v, 0, sizeof(v));
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	if (unshare(CLONE_NEWUSER) < 0)
		v.err = errno;
	if (write(ready_fd, &c, 1) != 1)
		_exit(2);
	/* EOF if the test died */
	if (read(go_fd, &c, 1) != 1)
		_exit(3);
	read_own("/proc/self/uid_map", v.uid_map, sizeof(v.uid_map), &v.err);
	read_own("/proc/self/gid_map", v.gid_map, sizeof(v.gid_map), &v.err);
	read_own("/proc/self/setgroups", v.setgroups, sizeof(v.setgroups),
		 &v.err);
	if (write(view_fd, &v, sizeof(v)) != (ssize_t)sizeof(v))
		_exit(4);
	_exit(0);
}

/* "   0   0   1\n" -> "0 0 1\n" */
static void squeeze(char *s)
{
	char *w = s;
	bool blank = true;

	for (char *p = s; *p; p++) {
		if (*p == ' ') {
			if (!blank)
				*w++ = ' ';
			blank = true;
			continue;
		}
		if (*p == '\n' && w > s && w[-1] == ' ')
			w--;
		*w++ = *p;
		blank = *p == '\n';
	}
	*w = '\0';
}

START_TEST(test_write_real)
{
	struct ns_idmap parent = { .count = 0 }, umap = { .count = 0 };
	struct ns_idmap gmap = { .count = 0 };
	struct ns_idmap_range single = R(1000, 0, 1), block;
	int ready[2], go[2], view[2], procfd, status;
	struct userns_view v;
	pid_t pid;
	char c;

	TU_REQUIRE_ROOT();

	/*
	 * --map-user=1000 --map-users=all: the parent's map passed
	 * through around the single mapping.
	 */
	ck_assert_int_eq(ns_idmap_read(AT_FDCWD, "/proc/self/uid_map",
				       &parent), 0);
	if (parent.count != 1 || parent.ranges[0].count != UINT32_MAX) {
		fprintf(stderr, "%s: skipped, not in the initial user "
				"namespace\n", __func__);
		return;
	}
	ns_idmap_passthrough(&parent, &parent);
	ck_assert_int_eq(ns_idmap_add(&umap, &single), 0);
	ck_assert_int_eq(ns_idmap_add_around(&umap, &parent.ranges[0],
					     &single), 0);
	/* --map-group=0 --map-groups=0:100000:65536 */
	single = R(0, 0, 1);
	ck_assert_int_eq(ns_idmap_add(&gmap, &single), 0);
	ck_assert_int_eq(ns_idmap_parse_range("0:100000:65536", &block), 0);
	ck_assert_int_eq(ns_idmap_add_with_hole(&gmap, &block, 0), 0);

	ck_assert_int_eq(pipe2(ready, O_CLOEXEC), 0);
	ck_assert_int_eq(pipe2(go, O_CLOEXEC), 0);
	ck_assert_int_eq(pipe2(view, O_CLOEXEC), 0);
	pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		close(ready[0]);
		close(go[1]);
		close(view[0]);
		userns_child(ready[1], go[0], view[1]);
	}
	close(ready[1]);
	close(go[0]);
	close(view[1]);

	ck_assert_int_eq(read(ready[0], &c, 1), 1);
	procfd = open("/proc", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	ck_assert_int_ge(procfd, 0);
	/* in the order unshare uses: uid_map, setgroups, gid_map */
	ck_assert_int_eq(ns_idmap_write(procfd, pid, NS_ID_UID, &umap), 0);
	ck_assert_int_eq(ns_idmap_setgroups_write(procfd, pid, 0), 0);
	ck_assert_int_eq(ns_idmap_write(procfd, pid, NS_ID_GID, &gmap), 0);
	/*
	 * A map takes one write in its life: the multi-line ones above
	 * went in one piece, or the second part would have got EPERM.
	 */
	ck_assert_int_eq(ns_idmap_write(procfd, pid, NS_ID_UID, &umap),
			 -EPERM);
	close(procfd);

	ck_assert_int_eq(write(go[1], "g", 1), 1);
	ck_assert_int_eq(read(view[0], &v, sizeof(v)), (ssize_t)sizeof(v));
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	ck_assert(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	close(ready[0]);
	close(go[1]);
	close(view[0]);

	ck_assert_msg(v.err == 0, "child: %d", v.err);
	squeeze(v.uid_map);
	squeeze(v.gid_map);
	ck_assert_str_eq(v.uid_map,
			 "1000 0 1\n0 1 1000\n1001 1001 4294966294\n");
	ck_assert_str_eq(v.gid_map, "0 0 1\n1 100000 65535\n");
	ck_assert_str_eq(v.setgroups, "deny\n");
}
END_TEST

START_TEST(test_squeeze)
{
	char s[] = "         0          0 4294967295\n      1000 1 1\n";

	squeeze(s);
	ck_assert_str_eq(s, "0 0 4294967295\n1000 1 1\n");
}
END_TEST

/*
 * A fake newuidmap: records its argument count and arguments one a
 * line in argv.NAME next to itself, notes an fd it should not have
 * inherited, exits with @code.
 */
static void fake_helper(const struct tu_tree *t, const char *name, int code,
			int leak_fd)
{
	char script[512];

	snprintf(script, sizeof(script),
		 "#!/bin/sh\n"
		 "out=\"${0%%/*}/argv.%s\"\n"
		 "{ echo \"$#\"; for a; do echo \"$a\"; done\n"
		 "  if [ -e /proc/$$/fd/%d ]; then echo leaked; fi\n"
		 "} > \"$out\"\n"
		 "exit %d\n",
		 name, leak_fd, code);
	tu_write_str(t, script, "%s", name);
	ck_assert_int_eq(fchmodat(t->fd, name, 0755, 0), 0);
}

/* An fd open without close-on-exec, as a careless caller might have. */
static int open_leak(void)
{
	int fd = open("/dev/null", O_RDONLY);

	ck_assert_int_ge(fd, 0);
	ck_assert_int_ge(dup2(fd, 50), 0);
	close(fd);
	return 50;
}

static void expect_no_children(void)
{
	ck_assert_int_eq(waitpid(-1, NULL, WNOHANG), -1);
	ck_assert_int_eq(errno, ECHILD);
}

START_TEST(test_helper_argv)
{
	struct ns_idmap map = { .count = 0 };
	int leak = open_leak();
	struct tu_tree t;
	char *path;

	tu_tree_new(&t);
	fake_helper(&t, "fakeuidmap", 0, leak);
	map.ranges[0] = R(1000, 4242, 1);
	map.ranges[1] = R(0, 100000, 1000);
	map.ranges[2] = R(1001, 101000, 64535);
	map.count = 3;

	ck_assert_int_ge(asprintf(&path, "%s/fakeuidmap", t.path), 0);
	ck_assert_int_eq(ns_idmap_write_helper(4321, NS_ID_UID, &map, path),
			 0);
	ck_assert_file(&t, "argv.fakeuidmap",
		       "10\n4321\n1000\n4242\n1\n0\n100000\n1000\n1001\n"
		       "101000\n64535\n");
	expect_no_children();

	/* a single line, for gids */
	map.count = 1;
	ck_assert_int_eq(ns_idmap_write_helper(1, NS_ID_GID, &map, path), 0);
	ck_assert_file(&t, "argv.fakeuidmap", "4\n1\n1000\n4242\n1\n");
	free(path);
	close(leak);
	tu_tree_free(&t);
}
END_TEST

START_TEST(test_helper_path)
{
	struct ns_idmap map = { .count = 1, .ranges = { { 0, 1000, 1 } } };
	const char *old = getenv("PATH");
	char *saved = old ? strdup(old) : NULL;
	struct tu_tree t;

	tu_tree_new(&t);
	fake_helper(&t, "newuidmap", 0, 50);
	fake_helper(&t, "newgidmap", 0, 50);
	fake_helper(&t, "nstest-helper", 0, 50);
	ck_assert_int_eq(setenv("PATH", t.path, 1), 0);

	/* NULL: the default name, looked up in PATH */
	ck_assert_int_eq(ns_idmap_write_helper(77, NS_ID_UID, &map, NULL), 0);
	ck_assert_file(&t, "argv.newuidmap", "4\n77\n0\n1000\n1\n");
	ck_assert_int_eq(faccessat(t.fd, "argv.newgidmap", F_OK, 0), -1);
	ck_assert_int_eq(ns_idmap_write_helper(78, NS_ID_GID, &map, NULL), 0);
	ck_assert_file(&t, "argv.newgidmap", "4\n78\n0\n1000\n1\n");
	/* another name, in PATH */
	ck_assert_int_eq(
		ns_idmap_write_helper(79, NS_ID_GID, &map, "nstest-helper"), 0);
	ck_assert_file(&t, "argv.nstest-helper", "4\n79\n0\n1000\n1\n");
	/* not in PATH */
	ck_assert_int_eq(
		ns_idmap_write_helper(79, NS_ID_GID, &map, "nstest-nosuch"),
		-ENOENT);
	expect_no_children();

	if (saved)
		setenv("PATH", saved, 1);
	else
		unsetenv("PATH");
	free(saved);
	tu_tree_free(&t);
}
END_TEST

START_TEST(test_helper_errors)
{
	struct ns_idmap map = { .count = 1, .ranges = { { 0, 1000, 1 } } };
	struct ns_idmap empty = { .count = 0 };
	struct tu_tree t;
	char *path;

	tu_tree_new(&t);
	ck_assert_int_ge(asprintf(&path, "%s/refuse", t.path), 0);

	/* it refused */
	fake_helper(&t, "refuse", 1, 50);
	ck_assert_int_eq(ns_idmap_write_helper(5, NS_ID_UID, &map, path),
			 -EPERM);
	ck_assert_file(&t, "argv.refuse", "4\n5\n0\n1000\n1\n");
	expect_no_children();

	/* it died */
	tu_write_str(&t, "#!/bin/sh\nkill -9 $$\n", "refuse");
	ck_assert_int_eq(ns_idmap_write_helper(5, NS_ID_UID, &map, path),
			 -EPERM);

	/* not executable */
	ck_assert_int_eq(fchmodat(t.fd, "refuse", 0644, 0), 0);
	if (geteuid() != 0 || access(path, X_OK) != 0)
		ck_assert_int_eq(
			ns_idmap_write_helper(5, NS_ID_UID, &map, path),
			-EACCES);
	free(path);

	/* missing */
	ck_assert_int_ge(asprintf(&path, "%s/nosuch", t.path), 0);
	ck_assert_int_eq(ns_idmap_write_helper(5, NS_ID_UID, &map, path),
			 -ENOENT);
	expect_no_children();

	/* nothing run for bad arguments */
	free(path);
	ck_assert_int_ge(asprintf(&path, "%s/ok", t.path), 0);
	fake_helper(&t, "ok", 0, 50);
	ck_assert_int_eq(ns_idmap_write_helper(5, NS_ID_UID, &empty, path),
			 -EINVAL);
	ck_assert_int_eq(ns_idmap_write_helper(0, NS_ID_UID, &map, path),
			 -EINVAL);
	ck_assert_int_eq(
		ns_idmap_write_helper(5, (enum ns_id_kind)7, &map, path),
		-EINVAL);
	ck_assert_int_eq(faccessat(t.fd, "argv.ok", F_OK, 0), -1);
	free(path);
	tu_tree_free(&t);
}
END_TEST

static Suite *idmap_suite(void)
{
	Suite *s = suite_create("idmap");
	TCase *tc = tcase_create("parse");

	tcase_add_test(tc, test_parse_range_ok);
	tcase_add_test(tc, test_parse_range_bad);
	tcase_add_test(tc, test_parse_id_numbers);
	tcase_add_test(tc, test_parse_id_names);
	tcase_add_test(tc, test_parse_id_bad);
	tcase_add_test(tc, test_subid_lookup);
	tcase_add_test(tc, test_idmap_read);
	tcase_add_test(tc, test_idmap_read_bad);
	tcase_add_test(tc, test_idmap_read_self);
	suite_add_tcase(s, tc);

	tc = tcase_create("build");
	tcase_add_test(tc, test_idmap_add);
	tcase_add_test(tc, test_hole);
	tcase_add_test(tc, test_hole_errors);
	tcase_add_test(tc, test_around);
	tcase_add_test(tc, test_around_errors);
	tcase_add_test(tc, test_format);
	tcase_add_test(tc, test_format_full);
	suite_add_tcase(s, tc);

	tc = tcase_create("write");
	tcase_set_timeout(tc, 20);
	tcase_add_test(tc, test_write_fake);
	tcase_add_test(tc, test_squeeze);
	tcase_add_test(tc, test_helper_argv);
	tcase_add_test(tc, test_helper_path);
	tcase_add_test(tc, test_helper_errors);
	suite_add_tcase(s, tc);
	return s;
}

/* Run by "test_idmap --root", as root only. */
static Suite *idmap_root_suite(void)
{
	Suite *s = suite_create("idmap-root");
	TCase *tc = tcase_create("root");

	tcase_set_timeout(tc, 20);
	tcase_add_test(tc, test_write_real);
	suite_add_tcase(s, tc);
	return s;
}

int main(int argc, char **argv)
{
	return tu_main_split(argc, argv, idmap_suite, idmap_root_suite);
}
