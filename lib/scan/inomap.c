// SPDX-License-Identifier: MIT
/* Open-addressing (linear probing) map: inode -> index. */
#include <errno.h>
#include <stdlib.h>

#include "inomap.h"

static size_t slot_of(uint64_t key, size_t cap)
{
	/* Fibonacci hashing: namespace inodes are nearly consecutive. */
	return (size_t)((key * 0x9E3779B97F4A7C15ull) >> 32) & (cap - 1);
}

static void insert_slot(uint64_t *keys, size_t *vals, size_t cap,
			uint64_t key, size_t val)
{
	size_t i = slot_of(key, cap);

	while (keys[i] != 0 && keys[i] != key)
		i = (i + 1) & (cap - 1);
	keys[i] = key;
	vals[i] = val;
}

static int rehash(struct ns_inomap *map, size_t cap)
{
	uint64_t *keys = calloc(cap, sizeof(*keys));
	size_t *vals = calloc(cap, sizeof(*vals));

	if (!keys || !vals) {
		free(keys);
		free(vals);
		return -ENOMEM;
	}
	for (size_t i = 0; i < map->cap; i++) {
		if (map->keys[i])
			insert_slot(keys, vals, cap, map->keys[i],
				    map->vals[i]);
	}
	free(map->keys);
	free(map->vals);
	map->keys = keys;
	map->vals = vals;
	map->cap = cap;
	return 0;
}

int ns_inomap_put(struct ns_inomap *map, uint64_t key, size_t val)
{
	size_t i;

	if (key == 0)
		return -EINVAL;
	/* Keep the load under 1/2 so probe chains stay short. */
	if ((map->count + 1) * 2 > map->cap) {
		int r = rehash(map, map->cap ? map->cap * 2 : 64);

		if (r < 0)
			return r;
	}
	i = slot_of(key, map->cap);
	while (map->keys[i] != 0 && map->keys[i] != key)
		i = (i + 1) & (map->cap - 1);
	if (map->keys[i] == 0)
		map->count++;
	map->keys[i] = key;
	map->vals[i] = val;
	return 0;
}

int ns_inomap_get(const struct ns_inomap *map, uint64_t key, size_t *ret_val)
{
	size_t i;

	if (map->cap == 0 || key == 0)
		return -ENOENT;
	i = slot_of(key, map->cap);
	while (map->keys[i] != 0) {
		if (map->keys[i] == key) {
			*ret_val = map->vals[i];
			return 0;
		}
		i = (i + 1) & (map->cap - 1);
	}
	return -ENOENT;
}

void ns_inomap_clear(struct ns_inomap *map)
{
	free(map->keys);
	free(map->vals);
	*map = (struct ns_inomap)NS_INOMAP_INIT;
}
