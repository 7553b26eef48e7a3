// SPDX-License-Identifier: MIT
/*
 * Unit tests of lib/net/rtnl.c: the handle's socket, one request and
 * its answer (ACK, error, dump), answers to older requests passed
 * over, a reply callback that stops, and the kernel's extended ACK
 * text in messages made here (capped or with our request copied,
 * other attributes first, cut, malformed, at the end of a dump).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <libmnl/libmnl.h>
#include <linux/if_link.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <net/if.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "libns/net.h"
#include "rtnl.h"
#include "testutil.h"

START_TEST(test_open_close)
{
	struct ns_net nl = NS_NET_INIT;
	struct sockaddr_nl sa;
	socklen_t salen = sizeof(sa), len;
	int fd, type;

	ck_assert(!ns_net_is_open(&nl));
	ck_assert_int_eq(ns_net_open(&nl), 0);
	ck_assert(ns_net_is_open(&nl));
	ck_assert_uint_eq(nl.seq, 0);
	ck_assert_str_eq(nl.errmsg, "");
	fd = mnl_socket_get_fd(nl.sock);
	ck_assert(tu_is_cloexec(fd));
	/* a bound NETLINK_ROUTE socket */
	len = sizeof(type);
	ck_assert_int_eq(getsockopt(fd, SOL_SOCKET, SO_PROTOCOL, &type, &len),
			 0);
	ck_assert_int_eq(type, NETLINK_ROUTE);
	ck_assert_int_eq(getsockname(fd, (struct sockaddr *)&sa, &salen), 0);
	ck_assert_int_eq(sa.nl_family, AF_NETLINK);
	ck_assert_uint_ne(sa.nl_pid, 0);

	ns_net_close(&nl);
	ck_assert(!ns_net_is_open(&nl));
	/* really closed */
	ck_assert_int_eq(fcntl(fd, F_GETFD), -1);
	ck_assert_int_eq(errno, EBADF);
	ns_net_close(&nl); /* twice is harmless */
	ck_assert(!ns_net_is_open(&nl));
}
END_TEST

START_TEST(test_open_fd)
{
	struct ns_net nl = NS_NET_INIT;
	int fd;

	ck_assert_int_eq(ns_net_open_fd(-1, &nl), -EBADF);
	ck_assert(!ns_net_is_open(&nl));
	fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(ns_net_open_fd(fd, &nl), 0);
	ck_assert_int_eq(mnl_socket_get_fd(nl.sock), fd);
	ck_assert_str_eq(nl.errmsg, "");
	/* it works: our lo has an index */
	{
		int index = 0;

		ck_assert_int_eq(ns_net_link_index(&nl, "lo", &index), 0);
		ck_assert_uint_eq((unsigned int)index, if_nametoindex("lo"));
	}
	ns_net_close(&nl);
	/* the handle owned it */
	ck_assert_int_eq(fcntl(fd, F_GETFD), -1);
}
END_TEST

/* An RTM_GETLINK for @ifname, built in @buf. */
static struct nlmsghdr *getlink(char *buf, uint16_t flags, const char *ifname)
{
	struct nlmsghdr *h = mnl_nlmsg_put_header(buf);
	struct ifinfomsg *ifi;

	h->nlmsg_type = RTM_GETLINK;
	h->nlmsg_flags = flags;
	ifi = mnl_nlmsg_put_extra_header(h, sizeof(*ifi));
	ifi->ifi_family = AF_UNSPEC;
	if (ifname)
		mnl_attr_put_strz(h, IFLA_IFNAME, ifname);
	return h;
}

struct links {
	int count;
	int seen_lo;
	int stop_at; /* > 0: return -EL2HLT at that reply */
};

static int link_name(const struct nlattr *a, void *data)
{
	struct links *l = data;

	if (mnl_attr_get_type(a) == IFLA_IFNAME &&
	    mnl_attr_validate(a, MNL_TYPE_NUL_STRING) == 0 &&
	    strcmp(mnl_attr_get_str(a), "lo") == 0)
		l->seen_lo++;
	return MNL_CB_OK;
}

static int link_reply(const struct nlmsghdr *h, void *userdata)
{
	struct links *l = userdata;

	ck_assert_uint_eq(h->nlmsg_type, RTM_NEWLINK);
	l->count++;
	mnl_attr_parse(h, sizeof(struct ifinfomsg), link_name, l);
	return l->count == l->stop_at ? -EL2HLT : 1;
}

START_TEST(test_talk_dump)
{
	struct ns_net nl = NS_NET_INIT;
	struct if_nameindex *ifs = if_nameindex();
	struct links l = { 0 };
	struct nlmsghdr *h;
	char buf[256];
	int n = 0;

	ck_assert_ptr_nonnull(ifs);
	while (ifs[n].if_index)
		n++;
	if_freenameindex(ifs);
	ck_assert_int_eq(ns_net_open(&nl), 0);
	/* a dump asks for no ACK: NLMSG_DONE ends it */
	h = getlink(buf, NLM_F_DUMP, NULL);
	ck_assert_int_eq(ns_net_talk(&nl, h, link_reply, &l), 0);
	ck_assert_uint_eq(h->nlmsg_flags, NLM_F_REQUEST | NLM_F_DUMP);
	ck_assert_uint_eq(h->nlmsg_seq, 1);
	ck_assert_uint_eq(nl.seq, 1);
	ck_assert_int_eq(l.count, n);
	ck_assert_int_eq(l.seen_lo, 1);

	/* a plain request gets an ACK after its reply */
	memset(&l, 0, sizeof(l));
	h = getlink(buf, 0, "lo");
	ck_assert_int_eq(ns_net_talk(&nl, h, link_reply, &l), 0);
	ck_assert_uint_eq(h->nlmsg_flags, NLM_F_REQUEST | NLM_F_ACK);
	ck_assert_int_eq(l.count, 1);
	ck_assert_int_eq(l.seen_lo, 1);
	/* no reply wanted */
	ck_assert_int_eq(ns_net_talk(&nl, getlink(buf, 0, "lo"), NULL, NULL),
			 0);

	/* the kernel's error */
	ck_assert_int_eq(ns_net_talk(&nl, getlink(buf, 0, "nstest-none"),
				     link_reply, &l),
			 -ENODEV);
	ck_assert_uint_eq(nl.seq, 4);

	/* a callback that stops: its error; the rest is read and dropped */
	memset(&l, 0, sizeof(l));
	l.stop_at = 1;
	h = getlink(buf, NLM_F_DUMP, NULL);
	ck_assert_int_eq(ns_net_talk(&nl, h, link_reply, &l), -EL2HLT);
	ck_assert_int_eq(l.count, 1);
	memset(&l, 0, sizeof(l));
	h = getlink(buf, NLM_F_DUMP, NULL);
	ck_assert_int_eq(ns_net_talk(&nl, h, link_reply, &l), 0);
	ck_assert_int_eq(l.count, n);

	ns_net_close(&nl);
	/* a closed handle fails instead of crashing */
	ck_assert_int_eq(ns_net_talk(&nl, getlink(buf, 0, "lo"), NULL, NULL),
			 -EBADF);
}
END_TEST

START_TEST(test_talk_passes_over_older_answers)
{
	struct ns_net nl = NS_NET_INIT;
	struct links l = { 0 };
	struct nlmsghdr *h;
	char buf[256];
	int fd;

	ck_assert_int_eq(ns_net_open(&nl), 0);
	fd = mnl_socket_get_fd(nl.sock);
	/*
	 * Answers still queued for requests that are not the one asked
	 * now (other sequence numbers; an error, a dump) must be passed
	 * over, not taken for its answer.
	 */
	h = getlink(buf, NLM_F_REQUEST | NLM_F_ACK, "nstest-none");
	h->nlmsg_seq = nl.seq + 1000;
	ck_assert_int_eq(send(fd, h, h->nlmsg_len, 0), (ssize_t)h->nlmsg_len);
	h = getlink(buf, NLM_F_REQUEST | NLM_F_DUMP, NULL);
	h->nlmsg_seq = nl.seq + 1001;
	ck_assert_int_eq(send(fd, h, h->nlmsg_len, 0), (ssize_t)h->nlmsg_len);
	h = getlink(buf, 0, "lo");
	ck_assert_int_eq(ns_net_talk(&nl, h, link_reply, &l), 0);
	ck_assert_int_eq(l.count, 1);
	ck_assert_int_eq(l.seen_lo, 1);
	ns_net_close(&nl);
}
END_TEST

/*
 * An NLMSG_ERROR answering a request of @req_len bytes with @err: the
 * request copied unless @capped; the kernel's TLVs after it.
 */
static struct nlmsghdr *error_msg(char *buf, int err, bool capped,
				  uint32_t req_len)
{
	struct nlmsghdr *h = mnl_nlmsg_put_header(buf);
	struct nlmsgerr *e;

	h->nlmsg_type = NLMSG_ERROR;
	h->nlmsg_flags = NLM_F_ACK_TLVS | (capped ? NLM_F_CAPPED : 0);
	e = mnl_nlmsg_put_extra_header(h, sizeof(*e));
	e->error = err;
	e->msg.nlmsg_len = req_len;
	e->msg.nlmsg_type = RTM_NEWLINK;
	if (!capped)
		memset(mnl_nlmsg_put_extra_header(
			       h, req_len - sizeof(struct nlmsghdr)),
		       'r', req_len - sizeof(struct nlmsghdr));
	return h;
}

START_TEST(test_extack)
{
	char buf[1024], text[128], small[8];
	struct nlmsghdr *h;
	struct nlattr *a;
	int err = -EEXIST;

	/* capped: the TLVs follow the nlmsgerr */
	h = error_msg(buf, -EEXIST, true, 40);
	mnl_attr_put_u32(h, NLMSGERR_ATTR_OFFS, 20);
	mnl_attr_put_strz(h, NLMSGERR_ATTR_MSG, "Peer netns already has a nsid assigned");
	ns_net_extack(h, text, sizeof(text));
	ck_assert_str_eq(text, "Peer netns already has a nsid assigned");
	/* cut to fit, NUL terminated */
	ns_net_extack(h, small, sizeof(small));
	ck_assert_str_eq(small, "Peer ne");

	/* not capped: our request (an odd length) comes first */
	h = error_msg(buf, -EINVAL, false, 16 + 23);
	mnl_attr_put_strz(h, NLMSGERR_ATTR_MSG, "Invalid attribute");
	ns_net_extack(h, text, sizeof(text));
	ck_assert_str_eq(text, "Invalid attribute");

	/* no TLVs flag: no text, whatever follows */
	h->nlmsg_flags &= (uint16_t)~NLM_F_ACK_TLVS;
	strcpy(text, "stale");
	ns_net_extack(h, text, sizeof(text));
	ck_assert_str_eq(text, "");

	/* TLVs but no message among them */
	h = error_msg(buf, -EINVAL, true, 40);
	mnl_attr_put_u32(h, NLMSGERR_ATTR_OFFS, 20);
	ns_net_extack(h, text, sizeof(text));
	ck_assert_str_eq(text, "");

	/* a text without its NUL, an attribute longer than the message */
	h = error_msg(buf, -EINVAL, true, 40);
	mnl_attr_put(h, NLMSGERR_ATTR_MSG, 4, "abcd");
	ns_net_extack(h, text, sizeof(text));
	ck_assert_str_eq(text, "");
	h = error_msg(buf, -EINVAL, true, 40);
	a = mnl_nlmsg_get_payload_tail(h);
	mnl_attr_put_strz(h, NLMSGERR_ATTR_MSG, "cut");
	a->nla_len = 200;
	ns_net_extack(h, text, sizeof(text));
	ck_assert_str_eq(text, "");

	/* a copied request claiming more than the message holds */
	h = error_msg(buf, -EINVAL, true, 40);
	h->nlmsg_flags &= (uint16_t)~NLM_F_CAPPED;
	((struct nlmsgerr *)mnl_nlmsg_get_payload(h))->msg.nlmsg_len = 5000;
	mnl_attr_put_strz(h, NLMSGERR_ATTR_MSG, "lost");
	ns_net_extack(h, text, sizeof(text));
	ck_assert_str_eq(text, "");

	/* the end of a dump: its errno, then the TLVs */
	h = mnl_nlmsg_put_header(buf);
	h->nlmsg_type = NLMSG_DONE;
	h->nlmsg_flags = NLM_F_MULTI | NLM_F_ACK_TLVS;
	memcpy(mnl_nlmsg_put_extra_header(h, sizeof(err)), &err, sizeof(err));
	mnl_attr_put_strz(h, NLMSGERR_ATTR_MSG, "dump failed here");
	ns_net_extack(h, text, sizeof(text));
	ck_assert_str_eq(text, "dump failed here");
}
END_TEST

static Suite *rtnl_suite(void)
{
	Suite *s = suite_create("rtnl");
	TCase *tc = tcase_create("core");

	tcase_set_timeout(tc, 20);
	tcase_add_test(tc, test_open_close);
	tcase_add_test(tc, test_open_fd);
	tcase_add_test(tc, test_talk_dump);
	tcase_add_test(tc, test_talk_passes_over_older_answers);
	tcase_add_test(tc, test_extack);
	suite_add_tcase(s, tc);
	return s;
}

int main(int argc, char **argv)
{
	return tu_main(argc, argv, rtnl_suite);
}
