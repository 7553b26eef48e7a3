// SPDX-License-Identifier: MIT
/* Unit tests of lib/net/netlink.c: the request layer and NSID requests. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
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

START_TEST(test_open_close)
{
	struct ns_netlink nl = NS_NETLINK_INIT;
	struct sockaddr_nl sa;
	socklen_t salen = sizeof(sa);
	int type;
	socklen_t len = sizeof(type);

	ck_assert_int_eq(nl.fd, -1);
	ck_assert_int_eq(ns_netlink_open(&nl), 0);
	ck_assert_int_ge(nl.fd, 0);
	ck_assert_uint_eq(nl.seq, 0);
	ck_assert(tu_is_cloexec(nl.fd));
	/* a bound NETLINK_ROUTE socket */
	ck_assert_int_eq(getsockopt(nl.fd, SOL_SOCKET, SO_PROTOCOL, &type,
				    &len),
			 0);
	ck_assert_int_eq(type, NETLINK_ROUTE);
	ck_assert_int_eq(getsockname(nl.fd, (struct sockaddr *)&sa, &salen),
			 0);
	ck_assert_int_eq(sa.nl_family, AF_NETLINK);
	ck_assert_uint_ne(sa.nl_pid, 0);

	{
		int fd = nl.fd;

		ns_netlink_close(&nl);
		ck_assert_int_eq(nl.fd, -1);
		/* really closed */
		ck_assert_int_eq(fcntl(fd, F_GETFD), -1);
		ck_assert_int_eq(errno, EBADF);
	}
	ns_netlink_close(&nl); /* twice is harmless */
	ck_assert_int_eq(nl.fd, -1);
}
END_TEST

START_TEST(test_get_nsid_self)
{
	struct ns_netlink nl = NS_NETLINK_INIT;
	int nsfd, nsid = -4242, again = -4242;

	ck_assert_int_eq(ns_netlink_open(&nl), 0);
	nsfd = tu_open_self_ns("net");
	ck_assert_int_eq(ns_netlink_get_nsid(&nl, nsfd, &nsid), 0);
	ck_assert_msg(nsid == NS_NSID_UNASSIGNED || nsid >= 0, "nsid %d",
		      nsid);
	/* Repeatable on the same socket; each request has its own seq. */
	ck_assert_int_eq(ns_netlink_get_nsid(&nl, nsfd, &again), 0);
	ck_assert_int_eq(again, nsid);
	ck_assert_uint_eq(nl.seq, 2);
	close(nsfd);
	ns_netlink_close(&nl);
}
END_TEST

/*
 * An RTM_GETNSID for @nsfd sent with sequence number @seq, its answer
 * left queued.
 */
static int send_getnsid(int sock, int nsfd, uint32_t seq)
{
	const struct rtgenmsg g = { .rtgen_family = AF_UNSPEC };
	struct ns_nlreq req;

	ns_nlreq_init(&req, RTM_GETNSID, 0, &g, sizeof(g));
	ns_nlreq_put_u32(&req, NETNSA_FD, (uint32_t)nsfd);
	req.u.h.nlmsg_seq = seq;
	return send(sock, req.u.buf, req.u.h.nlmsg_len, 0) < 0 ? -errno : 0;
}

START_TEST(test_nlreq_build)
{
	const struct rtgenmsg g = { .rtgen_family = AF_UNSPEC };
	struct ns_netlink nl = NS_NETLINK_INIT;
	const struct rtattr *a;
	struct ns_nlreq req;
	char big[NS_NLREQ_SIZE];
	const void *data;
	size_t len;
	int32_t s32;

	ns_nlreq_init(&req, RTM_NEWNSID, 0, &g, sizeof(g));
	ck_assert_uint_eq(req.u.h.nlmsg_type, RTM_NEWNSID);
	ck_assert_uint_eq(req.u.h.nlmsg_flags, NLM_F_REQUEST | NLM_F_ACK);
	ck_assert_uint_eq(req.u.h.nlmsg_len, NLMSG_LENGTH(sizeof(g)));
	ns_nlreq_put_u32(&req, NETNSA_FD, 7);
	ns_nlreq_put_s32(&req, NETNSA_NSID, -1);
	ck_assert_int_eq(req.err, 0);
	ck_assert_uint_eq(req.u.h.nlmsg_len,
			  NLMSG_SPACE(sizeof(g)) + 2 * RTA_SPACE(4));
	a = (const struct rtattr *)(req.u.buf + NLMSG_SPACE(sizeof(g)));
	ck_assert_uint_eq(a->rta_type, NETNSA_FD);
	ck_assert_uint_eq(a->rta_len, RTA_LENGTH(4));
	ck_assert_uint_eq(*(const uint32_t *)RTA_DATA(a), 7);
	data = ns_nlmsg_attr(&req.u.h, sizeof(g), NETNSA_NSID, &len);
	ck_assert_ptr_nonnull(data);
	ck_assert_uint_eq(len, 4);
	memcpy(&s32, data, sizeof(s32));
	ck_assert_int_eq(s32, -1);
	ck_assert_ptr_null(ns_nlmsg_attr(&req.u.h, sizeof(g), NETNSA_PID,
					 &len));

	/* a dump asks for no ACK: NLMSG_DONE ends it */
	ns_nlreq_init(&req, RTM_GETNSID, NLM_F_DUMP, &g, sizeof(g));
	ck_assert_uint_eq(req.u.h.nlmsg_flags, NLM_F_REQUEST | NLM_F_DUMP);

	/* too big: refused when sent, nothing goes out */
	memset(big, 'x', sizeof(big));
	ns_nlreq_put(&req, 1, big, 100);
	ck_assert_int_eq(req.err, 0);
	ns_nlreq_put(&req, 2, big, sizeof(big) - 100);
	ck_assert_int_eq(req.err, -ENOBUFS);
	ck_assert_int_eq(ns_netlink_open(&nl), 0);
	ck_assert_int_eq(ns_netlink_talk(&nl, &req, NULL, NULL), -ENOBUFS);
	ck_assert_uint_eq(nl.seq, 0);
	ns_netlink_close(&nl);
	ck_assert_int_eq(ns_netlink_talk(&nl, &req, NULL, NULL), -EBADF);
}
END_TEST

START_TEST(test_get_nsid_errors)
{
	struct ns_netlink nl = NS_NETLINK_INIT;
	struct tu_tree t;
	int fd, closed, nsid = 4242;

	ck_assert_int_eq(ns_netlink_open(&nl), 0);
	/* A namespace, but no network namespace. */
	fd = tu_open_self_ns("uts");
	ck_assert_int_eq(ns_netlink_get_nsid(&nl, fd, &nsid), -EINVAL);
	close(fd);
	/* No namespace at all. */
	tu_tree_new(&t);
	tu_write_str(&t, "", "file");
	fd = openat(t.fd, "file", O_RDONLY | O_CLOEXEC);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(ns_netlink_get_nsid(&nl, fd, &nsid), -EINVAL);
	close(fd);
	closed = dup(t.fd);
	close(closed);
	ck_assert_int_eq(ns_netlink_get_nsid(&nl, closed, &nsid), -EBADF);
	ck_assert_int_eq(nsid, 4242);

	/*
	 * A reply still queued for a request that is not ours (another
	 * seq; here an error) must be passed over, not taken as ours.
	 */
	fd = tu_open_self_ns("uts");
	ck_assert_int_eq(send_getnsid(nl.fd, fd, nl.seq + 1000), 0);
	close(fd);
	fd = tu_open_self_ns("net");
	nsid = 4242;
	ck_assert_int_eq(ns_netlink_get_nsid(&nl, fd, &nsid), 0);
	ck_assert_int_ne(nsid, 4242);
	close(fd);

	/* The socket still works after errors. */
	fd = tu_open_self_ns("net");
	ck_assert_int_eq(ns_netlink_get_nsid(&nl, fd, &nsid), 0);
	ck_assert_int_ne(nsid, 4242);
	close(fd);
	ns_netlink_close(&nl);

	/* A closed handle fails instead of crashing. */
	ck_assert_int_lt(ns_netlink_get_nsid(&nl, 0, &nsid), 0);
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
	struct ns_netlink nl = NS_NETLINK_INIT;
	int r;

	r = ns_netlink_open(&nl);
	if (r < 0)
		return r;
	r = ns_netlink_set_nsid(&nl, nsfd, nsid);
	ns_netlink_close(&nl);
	return r;
}

static int child_nsids(void *arg, void *info)
{
	struct nsid_info *ni = info;
	struct ns_netlink nl = NS_NETLINK_INIT;
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
	if (ns_netlink_open(&nl) < 0)
		goto fail;
	ni->r_b = ns_netlink_get_nsid(&nl, ni->fd_b, &ni->nsid_b);
	ni->r_c = ns_netlink_get_nsid(&nl, ni->fd_c, &ni->nsid_c);
	ni->r_self = ns_netlink_get_nsid(&nl, a, &ni->nsid_self);
	ns_netlink_close(&nl);
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
	ck_assert_int_eq(ni.nsid_c, NS_NSID_UNASSIGNED);
	ck_assert_int_eq(ni.r_self, 0);
	ck_assert_int_eq(ni.nsid_self, NS_NSID_UNASSIGNED);
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
};

static int child_setlist(void *arg, void *info)
{
	struct setlist_info *si = info;
	struct ns_netlink nl = NS_NETLINK_INIT;
	int fds[NS_MANY], a, uts, *ids = NULL;
	size_t n;

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
	if (ns_netlink_open(&nl) < 0)
		goto fail;
	si->r_empty = ns_netlink_list_nsids(&nl, &ids, &si->n_empty);
	free(ids);
	ids = NULL;

	si->r_set = ns_netlink_set_nsid(&nl, fds[0], 77);
	si->r_get = ns_netlink_get_nsid(&nl, fds[0], &si->nsid_got);
	si->r_again = ns_netlink_set_nsid(&nl, fds[0], 78);
	strcpy(si->msg_again, nl.errmsg);
	si->r_taken = ns_netlink_set_nsid(&nl, fds[1], 77);
	strcpy(si->msg_taken, nl.errmsg);
	si->r_notnet = ns_netlink_set_nsid(&nl, uts, 79);
	strcpy(si->msg_notnet, nl.errmsg);
	si->r_auto = ns_netlink_set_nsid(&nl, fds[1], -1);
	si->r_auto_get = ns_netlink_get_nsid(&nl, fds[1], &si->nsid_auto);
	for (int i = 2; i < NS_MANY && si->r_many == 0; i++)
		si->r_many = ns_netlink_set_nsid(&nl, fds[i], 1000 + i);
	si->r_list = ns_netlink_list_nsids(&nl, &ids, &n);
	if (si->r_list == 0) {
		si->n_list = n;
		for (size_t i = 0; i < n && i < NS_ARRAY_SIZE(si->listed); i++)
			si->listed[i] = ids[i];
	}
	free(ids);
	ns_netlink_close(&nl);
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

START_TEST(test_set_and_list_nsids)
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
}
END_TEST

static Suite *netlink_suite(void)
{
	Suite *s = suite_create("netlink");
	TCase *tc = tcase_create("nsid");

	tcase_set_timeout(tc, 20);
	tcase_add_test(tc, test_open_close);
	tcase_add_test(tc, test_nlreq_build);
	tcase_add_test(tc, test_get_nsid_self);
	tcase_add_test(tc, test_get_nsid_errors);
	suite_add_tcase(s, tc);
	return s;
}

/* Run by "test_net_netlink --root", as root only. */
static Suite *netlink_root_suite(void)
{
	Suite *s = suite_create("netlink-root");
	TCase *tc = tcase_create("nsid");

	tcase_set_timeout(tc, 20);
	tcase_add_test(tc, test_get_nsid_assigned);
	tcase_add_test(tc, test_set_and_list_nsids);
	suite_add_tcase(s, tc);
	return s;
}

int main(int argc, char **argv)
{
	return tu_main_split(argc, argv, netlink_suite, netlink_root_suite);
}
