/* SPDX-License-Identifier: MIT */
/*
 * Internal to the nsfd module (and its unit tests): listns(2) as a
 * function to call, so that a test can stand in for the kernel.
 */
#ifndef LIBNS_NSFD_LISTNS_H
#define LIBNS_NSFD_LISTNS_H

#include <stddef.h>
#include <stdint.h>

/* The kernel's struct ns_id_req (32 bytes; first version). */
struct ns_listns_req {
	uint32_t size;
	uint32_t spare;
	uint64_t ns_id;	     /* the last ID seen, 0: from the start */
	uint32_t ns_type;    /* CLONE_NEW* mask, 0: every type */
	uint32_t spare2;
	uint64_t user_ns_id; /* 0: owned by any user namespace */
};

/* listns(2): IDs written to @ids (at most @max), or -1 and errno. */
typedef long (*ns_listns_fn)(const struct ns_listns_req *req, uint64_t *ids,
			     size_t max);

/* ns_fd_list_ids with @fn in the kernel's place. */
int ns_fd_list_ids_with(ns_listns_fn fn, unsigned int types, uint64_t **ret_ids,
			size_t *ret_count);

#endif
