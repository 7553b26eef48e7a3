// SPDX-License-Identifier: MIT
/*
 * rtnetlink answers as lib/net reads them (on libmnl): ACKs and errors
 * with the kernel's extended ACK text, NSID replies and dumps
 * (RTM_NEWNSID: netns list-id, set, lsns NETNSID), link replies
 * (RTM_NEWLINK: the index of a veth end), the end of a dump
 * (NLMSG_DONE, with an error), answers to older requests, senders
 * other than the kernel, cut datagrams.
 *
 * No message reaches the kernel: this program is linked with
 * -Wl,--wrap=recvfrom,--wrap=mnl_socket_sendto, so that the requests
 * of libns go nowhere and its reads get the input's datagrams. (The
 * socket itself is a real NETLINK_ROUTE socket, which needs no
 * privilege.)
 *
 * Input: one byte choosing the request, then datagrams, each a byte of
 * flags (bit 0: from a process, not the kernel; bit 1: cut, as with
 * MSG_TRUNC) and a 16-bit little-endian length, then its bytes. After
 * the last one a read fails with EAGAIN. Checks: a request returns 0
 * or -errno, the error text is a NUL terminated string, what a dump
 * returns has as many entries as it says.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <libmnl/libmnl.h>
#include <linux/netlink.h>
#include <sys/socket.h>

#include "fuzz.h"
#include "libns/net.h"

ssize_t __wrap_recvfrom(int fd, void *buf, size_t len, int flags,
			struct sockaddr *from, socklen_t *fromlen);
ssize_t __wrap_mnl_socket_sendto(const struct mnl_socket *nl,
				 const void *buf, size_t len);

static struct {
	const uint8_t *data;
	size_t size;
	unsigned int sent;
} input;

ssize_t __wrap_mnl_socket_sendto(const struct mnl_socket *nl,
				 const void *buf, size_t len)
{
	(void)nl;
	(void)buf;
	input.sent++;
	return (ssize_t)len;
}

ssize_t __wrap_recvfrom(int fd, void *buf, size_t len, int flags,
			struct sockaddr *from, socklen_t *fromlen)
{
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK };
	size_t dlen, copy;
	uint8_t dflags;

	(void)fd;
	(void)flags;
	if (input.size < 3) {
		errno = EAGAIN;
		return -1;
	}
	dflags = input.data[0];
	dlen = (size_t)input.data[1] | (size_t)input.data[2] << 8;
	input.data += 3;
	input.size -= 3;
	if (dlen > input.size)
		dlen = input.size;
	copy = dlen < len ? dlen : len;
	memcpy(buf, input.data, copy);
	input.data += dlen;
	input.size -= dlen;
	if (dflags & 1)
		sa.nl_pid = 4242;
	if (from && fromlen) {
		memcpy(from, &sa, *fromlen < sizeof(sa) ? *fromlen : sizeof(sa));
		*fromlen = sizeof(sa);
	}
	/* MSG_TRUNC: the datagram's real length */
	return (ssize_t)((dflags & 2) ? len + 1 : dlen);
}

static void check_errmsg(const struct ns_net *nl)
{
	FUZZ_CHECK(memchr(nl->errmsg, '\0', sizeof(nl->errmsg)) != NULL);
}

static void run(struct ns_net *nl, uint8_t op)
{
	struct ns_net_nsid *entries = NULL;
	size_t count = 0;
	int r, v = 12345;

	switch (op % 9) {
	case 0:
		r = ns_net_nsid_get(nl, 0, &v);
		if (r == 0)
			FUZZ_CHECK(v >= NS_NET_NSID_UNASSIGNED);
		break;
	case 1:
		r = ns_net_nsid_set(nl, 0, 5);
		break;
	case 2:
	case 3:
		r = ns_net_nsid_dump(nl, op % 9 == 3 ? 0 : -1,
				     op % 9 == 3 ? 5 : -1, &entries, &count);
		if (r == 0) {
			FUZZ_CHECK(count == 0 || entries != NULL);
			for (size_t i = 0; i < count; i++)
				FUZZ_CHECK(entries[i].nsid >= -1 &&
					   entries[i].current_nsid >= -1);
		}
		free(entries);
		break;
	case 4:
		r = ns_net_link_index(nl, "lo", &v);
		if (r == 0)
			FUZZ_CHECK(v > 0);
		break;
	case 5:
		r = ns_net_link_up(nl, "nstest-veth0");
		break;
	case 6:
		r = ns_net_veth_create(nl, "nstest-veth0", "nstest-veth1", 0);
		break;
	case 7:
		r = ns_net_addr_add(nl, "nstest-veth0", "10.200.0.1/24");
		break;
	default:
		r = ns_net_link_delete(nl, "nstest-veth0");
		break;
	}
	FUZZ_CHECK(r <= 0);
	check_errmsg(nl);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct ns_net nl = NS_NET_INIT;

	if (size < 1)
		return 0;
	if (!ns_net_is_open(&nl) && ns_net_open(&nl) < 0)
		abort(); /* no netlink socket at all: nothing to fuzz */
	nl.seq = 0; /* every input answers requests 1, 2, ... */
	input.data = data + 1;
	input.size = size - 1;
	input.sent = 0;
	run(&nl, data[0]);
	return 0;
}
