// SPDX-License-Identifier: MIT
/*
 * Unit tests of lib/net/rtnl.c against answers no kernel gives: this
 * program is linked with -Wl,--wrap=recvfrom,--wrap=mnl_socket_sendto
 * (as tests/fuzz/fuzz_netlink is), so requests go nowhere and each
 * read returns the next datagram queued here, "from the kernel";
 * after the last, EAGAIN. The cases are what fuzzing found.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <libmnl/libmnl.h>
#include <linux/netlink.h>
#include <stdint.h>
#include <string.h>
#include <sys/socket.h>

#include "libns/net.h"
#include "testutil.h"

ssize_t __wrap_recvfrom(int fd, void *buf, size_t len, int flags,
			struct sockaddr *from, socklen_t *fromlen);
ssize_t __wrap_mnl_socket_sendto(const struct mnl_socket *nl,
				 const void *buf, size_t len);

#define MAX_DGRAMS 4

static struct {
	const void *data[MAX_DGRAMS];
	size_t len[MAX_DGRAMS];
	size_t count, next;
	unsigned int sent;
} queue;

static void queue_reset(void)
{
	memset(&queue, 0, sizeof(queue));
}

static void queue_add(const void *data, size_t len)
{
	ck_assert_uint_lt(queue.count, MAX_DGRAMS);
	queue.data[queue.count] = data;
	queue.len[queue.count++] = len;
}

ssize_t __wrap_mnl_socket_sendto(const struct mnl_socket *nl,
				 const void *buf, size_t len)
{
	(void)nl;
	(void)buf;
	queue.sent++;
	return (ssize_t)len;
}

ssize_t __wrap_recvfrom(int fd, void *buf, size_t len, int flags,
			struct sockaddr *from, socklen_t *fromlen)
{
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK, .nl_pid = 0 };
	size_t n;

	(void)fd;
	(void)flags;
	if (queue.next == queue.count) {
		errno = EAGAIN;
		return -1;
	}
	n = queue.len[queue.next];
	ck_assert_uint_le(n, len);
	memcpy(buf, queue.data[queue.next++], n);
	if (from && fromlen && *fromlen >= sizeof(sa)) {
		memcpy(from, &sa, sizeof(sa));
		*fromlen = sizeof(sa);
	}
	return (ssize_t)n;
}

/* An ACK of request @seq, in @buf (at least 64 bytes). */
static size_t ack(void *buf, uint32_t seq)
{
	struct nlmsghdr *h = mnl_nlmsg_put_header(buf);
	struct nlmsgerr *e;

	h->nlmsg_type = NLMSG_ERROR;
	h->nlmsg_flags = NLM_F_CAPPED;
	h->nlmsg_seq = seq;
	e = mnl_nlmsg_put_extra_header(h, sizeof(*e));
	e->error = 0;
	e->msg.nlmsg_len = sizeof(struct nlmsghdr);
	e->msg.nlmsg_seq = seq;
	return h->nlmsg_len;
}

/*
 * Found by fuzzing (tests/fuzz/fuzz_netlink): a message whose length
 * is past INT_MAX passed libmnl 1.0.4's mnl_nlmsg_ok(), which compares
 * it as an int, and the walk jumped 4 GiB past the datagram (SEGV).
 * The datagram as the fuzzer saved it (the 16 bytes after its framing;
 * it asked for ns_net_link_delete()).
 */
static const uint8_t huge_len[16] = {
	0xee, 0xee, 0xee, 0xee, 0xee, 0xee, 0xee, 0xee,
	0xee, 0xee, 0xee, 0x00, 0xf8, 0xf8, 0xf8, 0x25,
};

START_TEST(test_huge_length_passed_over)
{
	struct ns_net nl = NS_NET_INIT;
	char buf[64] __attribute__((aligned(4)));

	ck_assert_int_eq(ns_net_open(&nl), 0);
	/* nothing else comes: the read after it fails */
	queue_reset();
	queue_add(huge_len, sizeof(huge_len));
	ck_assert_int_eq(ns_net_link_delete(&nl, "nstest-veth0"), -EAGAIN);
	ck_assert_uint_eq(queue.sent, 1);
	ck_assert_uint_eq(queue.next, 1);

	/* the answer that follows it is still read */
	nl.seq = 0;
	queue_reset();
	queue_add(huge_len, sizeof(huge_len));
	queue_add(buf, ack(buf, 1));
	ck_assert_int_eq(ns_net_link_delete(&nl, "nstest-veth0"), 0);
	ck_assert_uint_eq(queue.next, 2);
	ns_net_close(&nl);
}
END_TEST

START_TEST(test_huge_length_of_our_request)
{
	struct ns_net nl = NS_NET_INIT;
	char buf[64] __attribute__((aligned(4)));
	uint8_t msg[sizeof(huge_len)];
	struct nlmsghdr *h = (struct nlmsghdr *)msg;

	/* the same with our sequence number, as an error: not taken */
	memcpy(msg, huge_len, sizeof(msg));
	h->nlmsg_seq = 1;
	h->nlmsg_type = NLMSG_ERROR;
	h->nlmsg_len = 0x80000010;
	ck_assert_int_eq(ns_net_open(&nl), 0);
	queue_reset();
	queue_add(msg, sizeof(msg));
	queue_add(buf, ack(buf, 1));
	ck_assert_int_eq(ns_net_link_up(&nl, "nstest-veth0"), 0);
	ck_assert_uint_eq(queue.next, 2);
	ns_net_close(&nl);
}
END_TEST

static Suite *replies_suite(void)
{
	Suite *s = suite_create("net-replies");
	TCase *tc = tcase_create("replies");

	tcase_add_test(tc, test_huge_length_passed_over);
	tcase_add_test(tc, test_huge_length_of_our_request);
	suite_add_tcase(s, tc);
	return s;
}

int main(int argc, char **argv)
{
	return tu_main(argc, argv, replies_suite);
}
