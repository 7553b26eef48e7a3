/* SPDX-License-Identifier: MIT */
/*
 * Internal: raw getdents64(2), for directory walks relative to an fd
 * with a buffer of our own (no DIR, no allocation per directory).
 */
#ifndef LIBNS_DENTS_H
#define LIBNS_DENTS_H

#include <stddef.h>
#include <sys/syscall.h>
#include <sys/types.h>
#include <unistd.h>

struct ns_dent {
	ino64_t d_ino;
	off64_t d_off;
	unsigned short d_reclen;
	unsigned char d_type;
	char d_name[];
};

/* Fill @buf (aligned to 8) with entries: bytes read, 0 at the end. */
static inline long ns_getdents(int dirfd, void *buf, size_t size)
{
	return syscall(SYS_getdents64, dirfd, buf, size);
}

/* The entry at offset @pos of a filled buffer. */
static inline struct ns_dent *ns_dent_at(void *buf, size_t pos)
{
	return (struct ns_dent *)((char *)buf + pos);
}

#endif
