// SPDX-License-Identifier: MIT
/*
 * The rtnetlink socket of a handle and its one-request-at-a-time talk.
 *
 * libmnl builds the messages, walks them and their attributes; the
 * answer is read here rather than with mnl_cb_run(), which takes a
 * message of another sequence number for an error: a late answer to
 * an older request (one a reply callback stopped reading, say) must
 * be passed over instead, and an error may end a dump (NLMSG_DONE
 * with an errno and the kernel's text).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <libmnl/libmnl.h>
#include <linux/netlink.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "libns/base.h"
#include "libns/net.h"
#include "rtnl.h"

#ifndef NETLINK_EXT_ACK
#define NETLINK_EXT_ACK 11
#endif
#ifndef NETLINK_CAP_ACK
#define NETLINK_CAP_ACK 10
#endif

/* Big enough for any datagram of a dump (the kernel's are <= 32 KiB). */
#define RECV_SIZE 65536

/* Set up @sock (ours from here on) as the handle's socket. */
static int adopt(struct mnl_socket *sock, struct ns_net *ret_nl)
{
	int one = 1, r;

	/*
	 * Error texts, and ACKs without a copy of our request. Optional:
	 * older kernels lack them and work the same otherwise.
	 */
	(void)mnl_socket_setsockopt(sock, NETLINK_EXT_ACK, &one, sizeof(one));
	(void)mnl_socket_setsockopt(sock, NETLINK_CAP_ACK, &one, sizeof(one));
	if (mnl_socket_bind(sock, 0, MNL_SOCKET_AUTOPID) < 0) {
		r = ns_errno();
		mnl_socket_close(sock);
		return r;
	}
	ret_nl->sock = sock;
	ret_nl->seq = 0;
	ret_nl->errmsg[0] = '\0';
	return 0;
}

int ns_net_open(struct ns_net *ret_nl)
{
	struct mnl_socket *sock = mnl_socket_open2(NETLINK_ROUTE, SOCK_CLOEXEC);

	if (!sock)
		return ns_errno();
	return adopt(sock, ret_nl);
}

int ns_net_open_fd(int fd, struct ns_net *ret_nl)
{
	struct mnl_socket *sock;
	int r;

	if (fd < 0)
		return -EBADF;
	sock = mnl_socket_fdopen(fd);
	if (!sock) {
		r = ns_errno();
		ns_close(fd);
		return r;
	}
	return adopt(sock, ret_nl);
}

void ns_net_close(struct ns_net *nl)
{
	if (nl->sock)
		mnl_socket_close(nl->sock);
	nl->sock = NULL;
}

void ns_net_extack(const struct nlmsghdr *h, char *buf, size_t size)
{
	size_t payload = mnl_nlmsg_get_payload_len(h), off;
	const struct nlattr *a;

	buf[0] = '\0';
	if (!(h->nlmsg_flags & NLM_F_ACK_TLVS))
		return;
	if (h->nlmsg_type == NLMSG_DONE) {
		off = sizeof(int); /* the dump's errno */
	} else {
		const struct nlmsgerr *e = mnl_nlmsg_get_payload(h);

		if (payload < sizeof(*e))
			return;
		off = sizeof(*e);
		/* without NETLINK_CAP_ACK our request follows in full */
		if (!(h->nlmsg_flags & NLM_F_CAPPED))
			off += e->msg.nlmsg_len - sizeof(struct nlmsghdr);
	}
	if (MNL_ALIGN(off) >= payload)
		return;
	mnl_attr_for_each(a, h, MNL_ALIGN(off)) {
		if (mnl_attr_get_type(a) != NLMSGERR_ATTR_MSG)
			continue;
		if (mnl_attr_validate(a, MNL_TYPE_NUL_STRING) < 0)
			return;
		snprintf(buf, size, "%s", mnl_attr_get_str(a));
		return;
	}
}

/* The error of an NLMSG_ERROR (0: an ACK) or NLMSG_DONE message. */
static int end_status(struct ns_net *nl, const struct nlmsghdr *h)
{
	size_t payload = mnl_nlmsg_get_payload_len(h);
	int err;

	if (h->nlmsg_type == NLMSG_DONE) {
		/* a dump's end: an int, its error (0 when it went well) */
		if (payload < sizeof(int))
			return 0;
		memcpy(&err, mnl_nlmsg_get_payload(h), sizeof(err));
	} else {
		const struct nlmsgerr *e = mnl_nlmsg_get_payload(h);

		if (payload < sizeof(*e))
			return -EPROTO;
		err = e->error;
	}
	if (err > 0)
		return -EPROTO;
	if (err < 0)
		ns_net_extack(h, nl->errmsg, sizeof(nl->errmsg));
	return err;
}

/*
 * One datagram from the kernel into @buf (a process could send us
 * anything: it is passed over): its length, or -errno.
 */
static int recv_kernel(struct ns_net *nl, char *buf)
{
	int fd = mnl_socket_get_fd(nl->sock);

	for (;;) {
		struct sockaddr_nl from;
		socklen_t fromlen = sizeof(from);
		ssize_t n;

		n = recvfrom(fd, buf, RECV_SIZE, MSG_TRUNC,
			     (struct sockaddr *)&from, &fromlen);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return ns_errno();
		if (n > RECV_SIZE)
			return -EMSGSIZE; /* cut: replies were lost */
		if (fromlen >= sizeof(from) && from.nl_pid == 0)
			return (int)n;
	}
}

struct answer {
	ns_net_reply_t reply;
	void *userdata;
	int stopped; /* a negative return of reply */
	int status;  /* of the end message */
	bool done;
};

/*
 * mnl_nlmsg_ok(), also for a length past INT_MAX, which libmnl 1.0.4
 * compares as a negative int and takes: the walk then jumps gigabytes
 * beyond the datagram.
 */
static bool msg_ok(const struct nlmsghdr *h, int len)
{
	return mnl_nlmsg_ok(h, len) && h->nlmsg_len <= (uint32_t)len;
}

/* The messages of one datagram that answer request @seq. */
static void take(struct ns_net *nl, struct answer *a, const char *buf,
		 int len, uint32_t seq)
{
	for (const struct nlmsghdr *h = (const struct nlmsghdr *)buf;
	     msg_ok(h, len); h = mnl_nlmsg_next(h, &len)) {
		if (h->nlmsg_seq != seq)
			continue; /* a late answer to an older request */
		if (h->nlmsg_type == NLMSG_ERROR ||
		    h->nlmsg_type == NLMSG_DONE) {
			a->status = end_status(nl, h);
			a->done = true;
			return;
		}
		if (h->nlmsg_type < NLMSG_MIN_TYPE)
			continue; /* NLMSG_NOOP, NLMSG_OVERRUN */
		if (a->reply && !a->stopped) {
			int r = a->reply(h, a->userdata);

			a->stopped = r < 0 ? r : 0;
		}
	}
}

int ns_net_talk(struct ns_net *nl, struct nlmsghdr *req, ns_net_reply_t reply,
		void *userdata)
{
	struct answer a = { .reply = reply, .userdata = userdata };
	char *buf;
	int n;

	nl->errmsg[0] = '\0';
	if (!nl->sock)
		return -EBADF;
	req->nlmsg_flags |= NLM_F_REQUEST;
	if ((req->nlmsg_flags & NLM_F_DUMP) != NLM_F_DUMP)
		req->nlmsg_flags |= NLM_F_ACK;
	req->nlmsg_seq = ++nl->seq;
	if (mnl_socket_sendto(nl->sock, req, req->nlmsg_len) < 0)
		return ns_errno();
	buf = malloc(RECV_SIZE);
	if (!buf)
		return -ENOMEM;
	while (!a.done) {
		n = recv_kernel(nl, buf);
		if (n < 0) {
			a.status = n;
			break;
		}
		take(nl, &a, buf, n, req->nlmsg_seq);
	}
	free(buf);
	return a.status < 0 ? a.status : a.stopped;
}
