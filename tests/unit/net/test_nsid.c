// SPDX-License-Identifier: MIT
/* Unit tests of lib/net/nsid.c: NSIDs got, set and dumped. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <libmnl/libmnl.h>
#include <linux/net_namespace.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "libns/net.h"
#include "libns/base.h"
#include "testutil.h"

START_TEST(test_get_nsid_self)
{
	struct ns_net nl = NS_NET_INIT;
	int nsfd, nsid = -4242, again = -4242;

	ck_assert_int_eq(ns_net_open(&nl), 0);
	nsfd = tu_open_self_ns("net");
	ck_assert_int_eq(ns_net_nsid_get(&nl, nsfd, &nsid), 0);
	ck_assert_msg(nsid == NS_NET_NSID_UNASSIGNED || nsid >= 0, "nsid %d",
		      nsid);
	/* Repeatable on the same socket; each request has its own seq. */
	ck_assert_int_eq(ns_net_nsid_get(&nl, nsfd, &again), 0);
	ck_assert_int_eq(again, nsid);
	ck_assert_uint_eq(nl.seq, 2);
	close(nsfd);
	ns_net_close(&nl);
}
END_TEST

/*
 * An RTM_GETNSID for @nsfd sent on @nl's socket with sequence number
 * @seq, its answer left queued.
 */
static int send_getnsid(struct ns_net *nl, int nsfd, uint32_t seq)
{
	char buf[256];
	struct nlmsghdr *h = mnl_nlmsg_put_header(buf);
	struct rtgenmsg *g;

	h->nlmsg_type = RTM_GETNSID;
	h->nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK;
	h->nlmsg_seq = seq;
	g = mnl_nlmsg_put_extra_header(h, sizeof(*g));
	g->rtgen_family = AF_UNSPEC;
	mnl_attr_put_u32(h, NETNSA_FD, (uint32_t)nsfd);
	return mnl_socket_sendto(nl->sock, h, h->nlmsg_len) < 0 ? -errno : 0;
}

START_TEST(test_get_nsid_errors)
{
	struct ns_net nl = NS_NET_INIT;
	struct tu_tree t;
	int fd, closed, nsid = 4242;

	ck_assert_int_eq(ns_net_open(&nl), 0);
	/* A namespace, but no network namespace. */
	fd = tu_open_self_ns("uts");
	ck_assert_int_eq(ns_net_nsid_get(&nl, fd, &nsid), -EINVAL);
	close(fd);
	/* No namespace at all. */
	tu_tree_new(&t);
	tu_write_str(&t, "", "file");
	fd = openat(t.fd, "file", O_RDONLY | O_CLOEXEC);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(ns_net_nsid_get(&nl, fd, &nsid), -EINVAL);
	close(fd);
	closed = dup(t.fd);
	close(closed);
	ck_assert_int_eq(ns_net_nsid_get(&nl, closed, &nsid), -EBADF);
	ck_assert_int_eq(nsid, 4242);

	/*
	 * A reply still queued for a request that is not ours (another
	 * seq; here an error) must be passed over, not taken as ours.
	 */
	fd = tu_open_self_ns("uts");
	ck_assert_int_eq(send_getnsid(&nl, fd, nl.seq + 1000), 0);
	close(fd);
	fd = tu_open_self_ns("net");
	nsid = 4242;
	ck_assert_int_eq(ns_net_nsid_get(&nl, fd, &nsid), 0);
	ck_assert_int_ne(nsid, 4242);
	close(fd);

	/* The socket still works after errors. */
	fd = tu_open_self_ns("net");
	ck_assert_int_eq(ns_net_nsid_get(&nl, fd, &nsid), 0);
	ck_assert_int_ne(nsid, 4242);
	close(fd);
	ns_net_close(&nl);

	/* A closed handle fails instead of crashing. */
	ck_assert_int_lt(ns_net_nsid_get(&nl, 0, &nsid), 0);
	tu_tree_free(&t);
}
END_TEST

/*
 * Root only. A helper child makes two network namespaces, stays in
 * the first (A) and holds the second (B) open; it assigns B an NSID
 * in A with RTM_NEWNSID (see rtnetlink(7), linux/net_namespace.h) so
 * that a real, positive NSID can be read back. All of it disappears
 * with the child.
 */
struct nsid_info {
	int step; /* 0: done, else the failed step */
	int err;
	int fd_b; /* fd of B in the child */
	int fd_c; /* fd of C (no NSID) in the child */
	int nsid_b, nsid_c, nsid_self;
	int r_b, r_c, r_self;
};

static int assign_nsid(int nsfd, int nsid)
{
	struct ns_net nl = NS_NET_INIT;
	int r;

	r = ns_net_open(&nl);
	if (r < 0)
		return r;
	r = ns_net_nsid_set(&nl, nsfd, nsid);
	ns_net_close(&nl);
	return r;
}

static int child_nsids(void *arg, void *info)
{
	struct nsid_info *ni = info;
	struct ns_net nl = NS_NET_INIT;
	int a;

	(void)arg;
	/* No ck_assert here: this is not the test process. */
	ni->step = 1;
	if (unshare(CLONE_NEWNET) < 0)
		goto fail;
	a = open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC);
	ni->step = 2;
	if (a < 0 || unshare(CLONE_NEWNET) < 0)
		goto fail;
	ni->fd_b = open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC);
	ni->step = 3;
	if (ni->fd_b < 0 || unshare(CLONE_NEWNET) < 0)
		goto fail;
	ni->fd_c = open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC);
	ni->step = 4;
	if (ni->fd_c < 0 || setns(a, CLONE_NEWNET) < 0)
		goto fail;
	ni->step = 5;
	ni->err = -assign_nsid(ni->fd_b, 77);
	if (ni->err != 0)
		return 0;
	ni->step = 6;
	if (ns_net_open(&nl) < 0)
		goto fail;
	ni->r_b = ns_net_nsid_get(&nl, ni->fd_b, &ni->nsid_b);
	ni->r_c = ns_net_nsid_get(&nl, ni->fd_c, &ni->nsid_c);
	ni->r_self = ns_net_nsid_get(&nl, a, &ni->nsid_self);
	ns_net_close(&nl);
	close(a);
	ni->step = 0;
	return 0;
fail:
	ni->err = errno;
	return 0;
}

START_TEST(test_get_nsid_assigned)
{
	struct nsid_info ni = { .step = -1 };

	TU_REQUIRE_ROOT();
	ck_assert_int_eq(tu_child_run(child_nsids, NULL, &ni, sizeof(ni)), 0);
	ck_assert_msg(ni.step == 0, "step %d: %s", ni.step, strerror(ni.err));
	ck_assert_int_eq(ni.r_b, 0);
	ck_assert_int_eq(ni.nsid_b, 77);
	ck_assert_int_eq(ni.r_c, 0);
	ck_assert_int_eq(ni.nsid_c, NS_NET_NSID_UNASSIGNED);
	ck_assert_int_eq(ni.r_self, 0);
	ck_assert_int_eq(ni.nsid_self, NS_NET_NSID_UNASSIGNED);
}
END_TEST

/*
 * Root only: set and list NSIDs for real. A helper child makes a
 * network namespace A to work in and NS_MANY more (held by fds), gives
 * them NSIDs in A and dumps them. All of it disappears with the child.
 *
 * (Not more than fit in one datagram of the dump: Linux 6.18 ends an
 * RTM_GETNSID dump after its first datagram, about 134 ids; `ip netns
 * list-id` shows the same.)
 */
#define NS_MANY 100

struct setlist_info {
	int step, err;
	int r_empty;
	size_t n_empty;
	int r_set, r_get, nsid_got;
	int r_again, r_taken, r_auto, r_auto_get, nsid_auto, r_notnet;
	char msg_again[128], msg_taken[128], msg_notnet[128];
	int r_many, r_list;
	size_t n_list;
	int listed[NS_MANY + 8];
	int current_any; /* a dump without target: a current-nsid seen */
	/* one peer by its NSID in ours; one unknown */
	int r_one, r_unknown;
	size_t n_one;
	struct ns_net_nsid one;
	char msg_unknown[128];
	/* the NSIDs in B (fds[0], 77 in ours): A is 9 there, C 10 */
	int r_in_b, r_target;
	size_t n_target;
	struct ns_net_nsid target[4];
};

/* The NSIDs of a dump into @ret (up to @max) and their number. */
static int dump_ids(struct ns_net *nl, int *ret, size_t max, size_t *ret_n,
		    int *ret_current_any)
{
	struct ns_net_nsid *e = NULL;
	size_t n = 0;
	int r;

	r = ns_net_nsid_dump(nl, -1, -1, &e, &n);
	if (r < 0)
		return r;
	*ret_current_any = 0;
	for (size_t i = 0; i < n; i++) {
		if (i < max)
			ret[i] = e[i].nsid;
		if (e[i].current_nsid != NS_NET_NSID_UNASSIGNED)
			*ret_current_any = 1;
	}
	*ret_n = n;
	free(e);
	return 0;
}

/* In the network namespace @b, give @peer the NSID @nsid; back to @home. */
static int set_in(int b, int home, int peer, int nsid)
{
	struct ns_net nl = NS_NET_INIT;
	int r;

	if (setns(b, CLONE_NEWNET) < 0)
		return -errno;
	r = ns_net_open(&nl);
	if (r == 0)
		r = ns_net_nsid_set(&nl, peer, nsid);
	ns_net_close(&nl);
	if (setns(home, CLONE_NEWNET) < 0)
		return -errno;
	return r;
}

/* Dumps filtered: by an NSID of ours, by a target namespace. */
static void dump_filtered(struct ns_net *nl, struct setlist_info *si,
			  int home, int b, int c)
{
	struct ns_net_nsid *e = NULL;
	size_t n = 0;

	si->r_one = ns_net_nsid_dump(nl, -1, 77, &e, &si->n_one);
	if (si->r_one == 0 && si->n_one == 1)
		si->one = e[0];
	free(e);
	e = NULL;
	si->r_unknown = ns_net_nsid_dump(nl, -1, 4242, &e, &n);
	strcpy(si->msg_unknown, nl->errmsg);
	free(e);
	e = NULL;
	si->r_in_b = set_in(b, home, home, 9);
	if (si->r_in_b == 0)
		si->r_in_b = set_in(b, home, c, 10);
	si->r_target = ns_net_nsid_dump(nl, 77, -1, &e, &si->n_target);
	for (size_t i = 0; si->r_target == 0 && i < si->n_target && i < 4; i++)
		si->target[i] = e[i];
	free(e);
}

static int child_setlist(void *arg, void *info)
{
	struct setlist_info *si = info;
	struct ns_net nl = NS_NET_INIT;
	int fds[NS_MANY], a, uts, ids[1], any;

	(void)arg;
	si->step = 1;
	if (unshare(CLONE_NEWNET) < 0)
		goto fail;
	a = open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC);
	uts = open("/proc/self/ns/uts", O_RDONLY | O_CLOEXEC);
	if (a < 0 || uts < 0)
		goto fail;
	si->step = 2;
	for (int i = 0; i < NS_MANY; i++) {
		if (unshare(CLONE_NEWNET) < 0)
			goto fail;
		fds[i] = open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC);
		if (fds[i] < 0 || setns(a, CLONE_NEWNET) < 0)
			goto fail;
	}
	si->step = 3;
	if (ns_net_open(&nl) < 0)
		goto fail;
	si->r_empty = dump_ids(&nl, ids, 0, &si->n_empty, &any);

	si->r_set = ns_net_nsid_set(&nl, fds[0], 77);
	si->r_get = ns_net_nsid_get(&nl, fds[0], &si->nsid_got);
	si->r_again = ns_net_nsid_set(&nl, fds[0], 78);
	strcpy(si->msg_again, nl.errmsg);
	si->r_taken = ns_net_nsid_set(&nl, fds[1], 77);
	strcpy(si->msg_taken, nl.errmsg);
	si->r_notnet = ns_net_nsid_set(&nl, uts, 79);
	strcpy(si->msg_notnet, nl.errmsg);
	si->r_auto = ns_net_nsid_set(&nl, fds[1], -1);
	si->r_auto_get = ns_net_nsid_get(&nl, fds[1], &si->nsid_auto);
	for (int i = 2; i < NS_MANY && si->r_many == 0; i++)
		si->r_many = ns_net_nsid_set(&nl, fds[i], 1000 + i);
	si->r_list = dump_ids(&nl, si->listed, NS_ARRAY_SIZE(si->listed),
			      &si->n_list, &si->current_any);
	dump_filtered(&nl, si, a, fds[0], fds[1]);
	ns_net_close(&nl);
	si->step = 0;
	return 0;
fail:
	si->err = errno;
	return 0;
}

static int compare_int(const void *x, const void *y)
{
	return *(const int *)x - *(const int *)y;
}

START_TEST(test_set_and_dump_nsids)
{
	static struct setlist_info si;
	int want[NS_MANY];

	TU_REQUIRE_ROOT();
	memset(&si, 0, sizeof(si));
	si.step = -1;
	ck_assert_int_eq(tu_child_run(child_setlist, NULL, &si, sizeof(si)),
			 0);
	ck_assert_msg(si.step == 0, "step %d: %s", si.step, strerror(si.err));
	/* a new namespace knows no other */
	ck_assert_int_eq(si.r_empty, 0);
	ck_assert_uint_eq(si.n_empty, 0);

	ck_assert_int_eq(si.r_set, 0);
	ck_assert_int_eq(si.r_get, 0);
	ck_assert_int_eq(si.nsid_got, 77);
	/* the kernel's errors, with its words where it has them */
	ck_assert_int_eq(si.r_again, -EEXIST);
	ck_assert_int_eq(si.r_taken, -EEXIST);
	ck_assert_int_eq(si.r_notnet, -EINVAL);
	if (si.msg_again[0] || si.msg_taken[0]) {
		ck_assert_str_eq(si.msg_again,
				 "Peer netns already has a nsid assigned");
		ck_assert_str_eq(si.msg_taken,
				 "The specified nsid is already used");
		ck_assert_str_ne(si.msg_notnet, "");
	}
	ck_assert_int_eq(si.r_auto, 0);
	ck_assert_int_eq(si.r_auto_get, 0);
	ck_assert_int_ge(si.nsid_auto, 0);
	ck_assert_int_ne(si.nsid_auto, 77);

	/* all of them, each once */
	ck_assert_int_eq(si.r_many, 0);
	ck_assert_int_eq(si.r_list, 0);
	ck_assert_uint_eq(si.n_list, NS_MANY);
	want[0] = 77;
	want[1] = si.nsid_auto;
	for (int i = 2; i < NS_MANY; i++)
		want[i] = 1000 + i;
	qsort(want, NS_MANY, sizeof(int), compare_int);
	qsort(si.listed, si.n_list, sizeof(int), compare_int);
	for (int i = 0; i < NS_MANY; i++)
		ck_assert_int_eq(si.listed[i], want[i]);
	ck_assert_int_eq(si.current_any, 0);

	/* one peer, by its NSID in ours: a GET */
	ck_assert_int_eq(si.r_one, 0);
	ck_assert_uint_eq(si.n_one, 1);
	ck_assert_int_eq(si.one.nsid, 77);
	ck_assert_int_eq(si.r_unknown, -ENOENT);
	if (si.msg_unknown[0])
		ck_assert_str_eq(si.msg_unknown, "Peer netns reference is invalid");
	/*
	 * The NSIDs in B (77 in ours): ours is 9 there (and has none in
	 * ours), C (fds[1]) 10 there and nsid_auto in ours.
	 */
	ck_assert_int_eq(si.r_in_b, 0);
	ck_assert_int_eq(si.r_target, 0);
	ck_assert_uint_eq(si.n_target, 2);
	if (si.target[0].nsid != 9) {
		struct ns_net_nsid t = si.target[0];

		si.target[0] = si.target[1];
		si.target[1] = t;
	}
	ck_assert_int_eq(si.target[0].nsid, 9);
	ck_assert_int_eq(si.target[0].current_nsid, NS_NET_NSID_UNASSIGNED);
	ck_assert_int_eq(si.target[1].nsid, 10);
	ck_assert_int_eq(si.target[1].current_nsid, si.nsid_auto);
}
END_TEST

static Suite *nsid_suite(void)
{
	Suite *s = suite_create("nsid");
	TCase *tc = tcase_create("nsid");

	tcase_set_timeout(tc, 20);
	tcase_add_test(tc, test_get_nsid_self);
	tcase_add_test(tc, test_get_nsid_errors);
	suite_add_tcase(s, tc);
	return s;
}

/* Run by "test_net_nsid --root", as root only. */
static Suite *nsid_root_suite(void)
{
	Suite *s = suite_create("nsid-root");
	TCase *tc = tcase_create("nsid");

	tcase_set_timeout(tc, 20);
	tcase_add_test(tc, test_get_nsid_assigned);
	tcase_add_test(tc, test_set_and_dump_nsids);
	suite_add_tcase(s, tc);
	return s;
}

int main(int argc, char **argv)
{
	return tu_main_split(argc, argv, nsid_suite, nsid_root_suite);
}
