// SPDX-License-Identifier: MIT
/*
 * Unit tests of lib/creds/creds.c: ns_creds_apply() reads the
 * setgroups state from a fake proc root (deny, allow, missing,
 * unreadable), takes the calls in order and names the one that failed;
 * ns_creds_keep_caps() makes the permitted capabilities inheritable
 * and ambient. Cases that change ids run as root (Check forks each
 * case, so the test program keeps its own).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <grp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

#include "libns/creds.h"
#include "testutil.h"

/* A fake proc root whose self/setgroups says @state (NULL: none). */
static void proc_with(struct tu_tree *proc, const char *state)
{
	tu_tree_new(proc);
	/* readable by the ids a root case drops to */
	ck_assert_int_eq(fchmod(proc->fd, 0755), 0);
	tu_mkdir(proc, "self");
	if (state)
		tu_write_str(proc, state, "self/setgroups");
}

static int apply(const struct tu_tree *proc, const struct ns_creds *c,
		 enum ns_creds_step *ret_step)
{
	*ret_step = (enum ns_creds_step)-1;
	return ns_creds_apply(proc->fd, c, ret_step);
}

START_TEST(test_nothing_to_do)
{
	struct ns_creds c = { 0 };
	enum ns_creds_step step;
	struct tu_tree proc;
	uid_t uid = getuid();
	gid_t gid = getgid();

	/* not even the setgroups file is read */
	proc_with(&proc, NULL);
	tu_mkdir(&proc, "self/setgroups");
	ck_assert_int_eq(apply(&proc, &c, &step), 0);
	ck_assert_int_eq(getuid(), uid);
	ck_assert_int_eq(getgid(), gid);
	tu_tree_free(&proc);
}
END_TEST

/* Where setgroups is denied, our own gid is set and the groups left. */
START_TEST(test_denied_leaves_groups)
{
	struct ns_creds c = { .set_gid = true, .gid = getgid() };
	gid_t before[64], after[64];
	enum ns_creds_step step;
	struct tu_tree proc;
	int n;

	n = getgroups(64, before);
	ck_assert_int_ge(n, 0);
	proc_with(&proc, "deny\n");
	ck_assert_int_eq(apply(&proc, &c, &step), 0);
	ck_assert_int_eq(getgroups(64, after), n);
	ck_assert(memcmp(before, after, (size_t)n * sizeof(gid_t)) == 0);
	ck_assert_int_eq(getgid(), c.gid);
	tu_tree_free(&proc);
}
END_TEST

/* An unreadable setgroups file is the setgroups step's error. */
START_TEST(test_unreadable_setgroups)
{
	struct ns_creds c = { .set_gid = true, .gid = getgid() };
	enum ns_creds_step step;
	struct tu_tree proc;

	proc_with(&proc, NULL);
	tu_mkdir(&proc, "self/setgroups");
	ck_assert_int_eq(apply(&proc, &c, &step), -EISDIR);
	ck_assert_int_eq(step, NS_CREDS_SETGROUPS);
	tu_tree_free(&proc);
}
END_TEST

/* Our own uid: always allowed, the last step. */
START_TEST(test_own_uid)
{
	struct ns_creds c = { .set_uid = true, .uid = getuid() };
	enum ns_creds_step step;
	struct tu_tree proc;

	proc_with(&proc, "allow\n");
	ck_assert_int_eq(apply(&proc, &c, &step), 0);
	ck_assert_int_eq(step, NS_CREDS_SETUID);
	ck_assert_int_eq(getuid(), c.uid);
	tu_tree_free(&proc);
}
END_TEST

/* ---- root ------------------------------------------------------- */

static void give_groups(void)
{
	const gid_t groups[] = { 4001, 4002 };

	ck_assert_int_eq(setgroups(2, groups), 0);
	ck_assert_int_eq(getgroups(0, NULL), 2);
}

/* What a child that applied creds saw (ids changed for good there). */
struct outcome {
	int r[3];
	enum ns_creds_step step[3];
	uid_t uid, euid;
	gid_t gid, egid;
	int ngroups;
};

static void note_ids(struct outcome *o)
{
	o->uid = getuid();
	o->euid = geteuid();
	o->gid = getgid();
	o->egid = getegid();
	o->ngroups = getgroups(0, NULL);
}

static int sets_ids(void *arg, void *info)
{
	const struct ns_creds c = { .set_gid = true, .gid = 4343,
				    .set_uid = true, .uid = 4242 };
	struct outcome *o = info;

	give_groups();
	o->r[0] = ns_creds_apply(*(int *)arg, &c, &o->step[0]);
	note_ids(o);
	return 0;
}

START_TEST(test_root_sets_ids)
{
	struct outcome o = { 0 };
	struct tu_tree proc;

	TU_REQUIRE_ROOT();
	proc_with(&proc, "allow\n");
	ck_assert_int_eq(tu_child_run(sets_ids, &proc.fd, &o, sizeof(o)), 0);
	ck_assert_int_eq(o.r[0], 0);
	ck_assert_int_eq(o.ngroups, 0);
	ck_assert_int_eq(o.gid, 4343);
	ck_assert_int_eq(o.egid, 4343);
	ck_assert_int_eq(o.uid, 4242);
	ck_assert_int_eq(o.euid, 4242);
	tu_tree_free(&proc);
}
END_TEST

/* No setgroups file (a kernel before 3.19): the groups are dropped. */
START_TEST(test_root_no_setgroups_file)
{
	struct ns_creds c = { .set_gid = true, .gid = 4343 };
	enum ns_creds_step step;
	struct tu_tree proc;

	TU_REQUIRE_ROOT();
	give_groups();
	proc_with(&proc, NULL);
	ck_assert_int_eq(apply(&proc, &c, &step), 0);
	ck_assert_int_eq(getgroups(0, NULL), 0);
	ck_assert_int_eq(getgid(), 4343);
	tu_tree_free(&proc);
}
END_TEST

/* Denied: the groups stay, unless strict_groups (unshare -G). */
START_TEST(test_root_denied_strict)
{
	struct ns_creds c = { .set_gid = true, .gid = 4343 };
	enum ns_creds_step step;
	struct tu_tree proc;

	TU_REQUIRE_ROOT();
	give_groups();
	proc_with(&proc, "deny\n");
	ck_assert_int_eq(apply(&proc, &c, &step), 0);
	ck_assert_int_eq(getgroups(0, NULL), 2);
	ck_assert_int_eq(getgid(), 4343);
	/* the file says deny, the kernel allows: strict calls it */
	c.strict_groups = true;
	c.gid = 4344;
	ck_assert_int_eq(apply(&proc, &c, &step), 0);
	ck_assert_int_eq(getgroups(0, NULL), 0);
	ck_assert_int_eq(getgid(), 4344);
	tu_tree_free(&proc);
}
END_TEST

/* Without the rights, each step fails in its turn and says so. */
static int fails_steps(void *arg, void *info)
{
	const int *fds = arg; /* allow, deny */
	const struct ns_creds gid0 = { .set_gid = true, .gid = 0 };
	const struct ns_creds uid0 = { .set_uid = true, .uid = 0 };
	struct outcome *o = info;

	if (setgid(65534) < 0 || setuid(65534) < 0)
		return 1;
	o->r[0] = ns_creds_apply(fds[0], &gid0, &o->step[0]);
	o->r[1] = ns_creds_apply(fds[1], &gid0, &o->step[1]);
	o->r[2] = ns_creds_apply(fds[0], &uid0, &o->step[2]);
	note_ids(o);
	return 0;
}

START_TEST(test_root_failed_steps)
{
	struct outcome o = { 0 };
	struct tu_tree allow, deny;
	int fds[2];

	TU_REQUIRE_ROOT();
	proc_with(&allow, "allow\n");
	proc_with(&deny, "deny\n");
	fds[0] = allow.fd;
	fds[1] = deny.fd;
	ck_assert_int_eq(tu_child_run(fails_steps, fds, &o, sizeof(o)), 0);
	ck_assert_int_eq(o.r[0], -EPERM);
	ck_assert_int_eq(o.step[0], NS_CREDS_SETGROUPS);
	ck_assert_int_eq(o.r[1], -EPERM);
	ck_assert_int_eq(o.step[1], NS_CREDS_SETGID);
	ck_assert_int_eq(o.r[2], -EPERM);
	ck_assert_int_eq(o.step[2], NS_CREDS_SETUID);
	ck_assert_int_eq(o.uid, 65534);
	ck_assert_int_eq(o.gid, 65534);
	tu_tree_free(&allow);
	tu_tree_free(&deny);
}
END_TEST

/* The line "NAME:\tHEX" of /proc/self/status. */
static unsigned long long status_caps(const char *name)
{
	char line[256], *end;
	size_t len = strlen(name);
	unsigned long long v = 0;
	bool found = false;
	FILE *f = fopen("/proc/self/status", "re");

	ck_assert_ptr_nonnull(f);
	while (fgets(line, sizeof(line), f))
		if (strncmp(line, name, len) == 0 && line[len] == ':') {
			v = strtoull(line + len + 1, &end, 16);
			found = true;
		}
	fclose(f);
	ck_assert_msg(found, "no %s in /proc/self/status", name);
	return v;
}

START_TEST(test_root_keep_caps)
{
	unsigned long long prm;

	TU_REQUIRE_ROOT();
	prm = status_caps("CapPrm");
	ck_assert_uint_ne(prm, 0);
	ck_assert_uint_eq(status_caps("CapAmb"), 0);
	ck_assert_int_eq(ns_creds_keep_caps(), 0);
	ck_assert_uint_eq(status_caps("CapInh"), prm);
	ck_assert_uint_eq(status_caps("CapAmb"), prm);
}
END_TEST

static Suite *creds_suite(void)
{
	Suite *s = suite_create("creds");
	TCase *tc = tcase_create("apply");

	tcase_add_checked_fixture(tc, tu_enter_scratch, tu_leave_scratch);
	tcase_add_test(tc, test_nothing_to_do);
	tcase_add_test(tc, test_denied_leaves_groups);
	tcase_add_test(tc, test_unreadable_setgroups);
	tcase_add_test(tc, test_own_uid);
	suite_add_tcase(s, tc);
	return s;
}

/* Run by "test_creds --root", as root only. */
static Suite *creds_root_suite(void)
{
	Suite *s = suite_create("creds-root");
	TCase *tc = tcase_create("ids");

	tcase_add_checked_fixture(tc, tu_enter_scratch, tu_leave_scratch);
	tcase_add_test(tc, test_root_sets_ids);
	tcase_add_test(tc, test_root_no_setgroups_file);
	tcase_add_test(tc, test_root_denied_strict);
	tcase_add_test(tc, test_root_failed_steps);
	tcase_add_test(tc, test_root_keep_caps);
	suite_add_tcase(s, tc);
	return s;
}

int main(int argc, char **argv)
{
	return tu_main_split(argc, argv, creds_suite, creds_root_suite);
}
