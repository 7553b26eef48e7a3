// SPDX-License-Identifier: MIT
/* Unit tests of lib/netlink.c: RTM_GETNSID requests. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/net_namespace.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <sched.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "libns/netlink.h"
#include "libns/util.h"
#include "testutil.h"

static int open_self_ns(const char *name)
{
	char path[64];
	int fd;

	snprintf(path, sizeof(path), "/proc/self/ns/%s", name);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	ck_assert_msg(fd >= 0, "open %s: %s", path, strerror(errno));
	return fd;
}

START_TEST(test_open_close)
{
	struct ns_netlink nl = NS_NETLINK_INIT;
	struct sockaddr_nl sa;
	socklen_t salen = sizeof(sa);
	int flags, type;
	socklen_t len = sizeof(type);

	ck_assert_int_eq(nl.fd, -1);
	ck_assert_int_eq(ns_netlink_open(&nl), 0);
	ck_assert_int_ge(nl.fd, 0);
	ck_assert_uint_eq(nl.seq, 0);
	flags = fcntl(nl.fd, F_GETFD);
	ck_assert_int_ge(flags, 0);
	ck_assert(flags & FD_CLOEXEC);
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
	nsfd = open_self_ns("net");
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

/* A raw RTM_GETNSID for @nsfd with sequence number @seq. */
static int send_getnsid(int sock, int nsfd, uint32_t seq)
{
	struct {
		struct nlmsghdr h;
		struct rtgenmsg g;
		char attrs[16];
	} req;
	struct rtattr *a;
	uint32_t fd = (uint32_t)nsfd;

	memset(&req, 0, sizeof(req));
	req.h.nlmsg_len = NLMSG_LENGTH(sizeof(req.g));
	req.h.nlmsg_type = RTM_GETNSID;
	req.h.nlmsg_flags = NLM_F_REQUEST;
	req.h.nlmsg_seq = seq;
	req.g.rtgen_family = AF_UNSPEC;
	a = (struct rtattr *)((char *)&req + NLMSG_ALIGN(req.h.nlmsg_len));
	a->rta_type = NETNSA_FD;
	a->rta_len = RTA_LENGTH(sizeof(fd));
	memcpy(RTA_DATA(a), &fd, sizeof(fd));
	req.h.nlmsg_len = NLMSG_ALIGN(req.h.nlmsg_len) + RTA_ALIGN(a->rta_len);
	return send(sock, &req, req.h.nlmsg_len, 0) < 0 ? -errno : 0;
}

START_TEST(test_get_nsid_errors)
{
	struct ns_netlink nl = NS_NETLINK_INIT;
	struct tu_tree t;
	int fd, closed, nsid = 4242;

	ck_assert_int_eq(ns_netlink_open(&nl), 0);
	/* A namespace, but no network namespace. */
	fd = open_self_ns("uts");
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
	fd = open_self_ns("uts");
	ck_assert_int_eq(send_getnsid(nl.fd, fd, nl.seq + 1000), 0);
	close(fd);
	fd = open_self_ns("net");
	nsid = 4242;
	ck_assert_int_eq(ns_netlink_get_nsid(&nl, fd, &nsid), 0);
	ck_assert_int_ne(nsid, 4242);
	close(fd);

	/* The socket still works after errors. */
	fd = open_self_ns("net");
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
	struct {
		struct nlmsghdr h;
		struct rtgenmsg g;
		char attrs[64];
	} req;
	char buf[512];
	struct rtattr *a;
	struct nlmsghdr *h;
	uint32_t fd = (uint32_t)nsfd;
	int32_t id = nsid;
	ssize_t n;
	int sock, r;

	sock = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
	if (sock < 0)
		return -errno;
	memset(&req, 0, sizeof(req));
	req.h.nlmsg_len = NLMSG_LENGTH(sizeof(req.g));
	req.h.nlmsg_type = RTM_NEWNSID;
	req.h.nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK;
	req.h.nlmsg_seq = 1;
	req.g.rtgen_family = AF_UNSPEC;
	a = (struct rtattr *)((char *)&req + NLMSG_ALIGN(req.h.nlmsg_len));
	a->rta_type = NETNSA_FD;
	a->rta_len = RTA_LENGTH(sizeof(fd));
	memcpy(RTA_DATA(a), &fd, sizeof(fd));
	req.h.nlmsg_len = NLMSG_ALIGN(req.h.nlmsg_len) + RTA_ALIGN(a->rta_len);
	a = (struct rtattr *)((char *)&req + req.h.nlmsg_len);
	a->rta_type = NETNSA_NSID;
	a->rta_len = RTA_LENGTH(sizeof(id));
	memcpy(RTA_DATA(a), &id, sizeof(id));
	req.h.nlmsg_len += RTA_ALIGN(a->rta_len);

	r = -EIO;
	if (send(sock, &req, req.h.nlmsg_len, 0) < 0) {
		r = -errno;
		goto out;
	}
	n = recv(sock, buf, sizeof(buf), 0);
	h = (struct nlmsghdr *)buf;
	if (n >= (ssize_t)NLMSG_LENGTH(sizeof(struct nlmsgerr)) &&
	    h->nlmsg_type == NLMSG_ERROR)
		r = ((struct nlmsgerr *)NLMSG_DATA(h))->error;
out:
	close(sock);
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

static Suite *netlink_suite(void)
{
	Suite *s = suite_create("netlink");
	TCase *tc = tcase_create("nsid");

	tcase_set_timeout(tc, 20);
	tcase_add_test(tc, test_open_close);
	tcase_add_test(tc, test_get_nsid_self);
	tcase_add_test(tc, test_get_nsid_errors);
	suite_add_tcase(s, tc);
	return s;
}

/* Run by "test_netlink --root", as root only. */
static Suite *netlink_root_suite(void)
{
	Suite *s = suite_create("netlink-root");
	TCase *tc = tcase_create("nsid");

	tcase_set_timeout(tc, 20);
	tcase_add_test(tc, test_get_nsid_assigned);
	suite_add_tcase(s, tc);
	return s;
}

int main(int argc, char **argv)
{
	return tu_main_split(argc, argv, netlink_suite, netlink_root_suite);
}
