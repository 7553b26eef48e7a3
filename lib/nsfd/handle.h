/* SPDX-License-Identifier: MIT */
/*
 * Internal to the nsfd module (and its unit tests): the nsfs file
 * handle of a namespace ID, as open_by_handle_at(2) takes it.
 */
#ifndef LIBNS_NSFD_HANDLE_H
#define LIBNS_NSFD_HANDLE_H

#include <fcntl.h>
#include <stdint.h>

/* The kernel's FILEID_NSFS payload (struct nsfs_file_handle). */
struct ns_nsfs_fid {
	uint64_t ns_id;
	uint32_t ns_type; /* 0: any */
	uint32_t ns_inum; /* 0: any */
};

struct ns_nsid_handle {
	struct file_handle fh;
	struct ns_nsfs_fid fid; /* fh's f_handle */
};

/* The handle that names namespace @nsid alone. */
void ns_fd_nsid_handle(uint64_t nsid, struct ns_nsid_handle *ret);

#endif
