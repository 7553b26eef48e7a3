/* SPDX-License-Identifier: MIT */
/*
 * The net module's own request layer (lib/net only, and its unit
 * tests): send one request built with libmnl, read its answer up to
 * the ACK or the end of a dump, keep the kernel's error text.
 */
#ifndef LIBNS_NET_RTNL_H
#define LIBNS_NET_RTNL_H

#include <linux/netlink.h>
#include <stddef.h>

#include "libns/net.h"

/* Called for each reply message (not ACKs, errors or NLMSG_DONE). */
typedef int (*ns_net_reply_t)(const struct nlmsghdr *h, void *userdata);

/*
 * Send @req with the next sequence number (NLM_F_REQUEST is added, and
 * NLM_F_ACK unless it is a dump) and read what answers it: replies go
 * to @reply (may be NULL) until the ACK or, for a dump, NLMSG_DONE.
 * Messages of other sequence numbers or of senders other than the
 * kernel are passed over. The kernel's error (-errno) is returned,
 * with its text in nl->errmsg; a negative return of @reply stops the
 * replies (the rest of the answer is read and dropped) and is
 * returned.
 */
int ns_net_talk(struct ns_net *nl, struct nlmsghdr *req, ns_net_reply_t reply,
		void *userdata);

/*
 * The kernel's text (NLMSGERR_ATTR_MSG) in the NLMSG_ERROR or
 * NLMSG_DONE message @h, into @buf of @size bytes (cut to fit); ""
 * when it has none.
 */
void ns_net_extack(const struct nlmsghdr *h, char *buf, size_t size);

#endif
