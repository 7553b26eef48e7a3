/* SPDX-License-Identifier: MIT */
/*
 * Internal to libns, not a public header: a small open-addressing hash
 * map from inode numbers (never 0) to array indices, the index of
 * namespaces and sockets in a scan. (Tools that need a lookup by key
 * use the tools kit's sorted keyidx.)
 */
#ifndef LIBNS_INOMAP_H
#define LIBNS_INOMAP_H

#include <stddef.h>
#include <stdint.h>

struct ns_inomap {
	uint64_t *keys; /* 0 marks a free slot */
	size_t *vals;
	size_t cap;	/* a power of two, or 0 before the first put */
	size_t count;
};

#define NS_INOMAP_INIT { 0 }

/* Insert or overwrite. @key must not be 0 (-EINVAL). */
int ns_inomap_put(struct ns_inomap *map, uint64_t key, size_t val);

/* -ENOENT when absent. */
int ns_inomap_get(const struct ns_inomap *map, uint64_t key, size_t *ret_val);

void ns_inomap_clear(struct ns_inomap *map);

#endif
