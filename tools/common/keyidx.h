/* SPDX-License-Identifier: MIT */
/*
 * Lookups by a numeric key (a PID, an inode) in a sorted array of
 * {key, index} pairs: build once, sort, then binary search. What a tool
 * needs to hang rows under other rows, without a hash map of its own.
 */
#ifndef NSTOOLS_KEYIDX_H
#define NSTOOLS_KEYIDX_H

#include <stddef.h>
#include <stdint.h>

struct tool_keyidx {
	uint64_t key;
	size_t idx; /* the caller's index (a row, an entry) */
};

/* Sort by key, then by index. */
void tool_keyidx_sort(struct tool_keyidx *items, size_t count);

/*
 * In the sorted @items: the pair with @key and the largest index
 * below @before (SIZE_MAX: any), or NULL when there is none.
 */
const struct tool_keyidx *tool_keyidx_find(const struct tool_keyidx *items,
					   size_t count, uint64_t key,
					   size_t before);

#endif
