// SPDX-License-Identifier: MIT
/* Sorted {key, index} arrays and their binary search. */
#include <stdlib.h>

#include "keyidx.h"

static int compare(const void *a, const void *b)
{
	const struct tool_keyidx *x = a, *y = b;

	if (x->key != y->key)
		return x->key < y->key ? -1 : 1;
	if (x->idx != y->idx)
		return x->idx < y->idx ? -1 : 1;
	return 0;
}

void tool_keyidx_sort(struct tool_keyidx *items, size_t count)
{
	if (count > 1)
		qsort(items, count, sizeof(*items), compare);
}

const struct tool_keyidx *tool_keyidx_find(const struct tool_keyidx *items,
					   size_t count, uint64_t key,
					   size_t before)
{
	size_t lo = 0, hi = count;

	/* the first pair not below {key, before} */
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const struct tool_keyidx *m = &items[mid];

		if (m->key < key || (m->key == key && m->idx < before))
			lo = mid + 1;
		else
			hi = mid;
	}
	/* the one before it, if it has the key */
	if (lo == 0 || items[lo - 1].key != key)
		return NULL;
	return &items[lo - 1];
}
