// SPDX-License-Identifier: MIT
/*
 * unshare's id-map options: --map-users/--map-groups ranges
 * ("inner:outer:count", legacy "outer,inner,count"), --map-user and
 * --map-group ids given by number, and the map they build, holes
 * around the single mapping included (lib/idmap).
 *
 * Input: lines. The first is the single mapping's id (--map-user),
 * the second a range whose outer id is that of the single mapping;
 * each further line a --map-users block. Checks: every range in the
 * map is one the kernel takes, the holes really leave the single
 * mapping's ids out and lose no other id, and the map's text reads
 * back as the same map.
 */
#define _GNU_SOURCE
#include <errno.h>

#include "fuzz.h"
#include "libns/idmap.h"

#define FORMAT_SIZE (NS_IDMAP_MAX * 34 + 1)

static void check_range_ok(const struct ns_idmap_range *r)
{
	FUZZ_CHECK(r->count >= 1);
	FUZZ_CHECK((uint64_t)r->inner + r->count <= UINT32_MAX);
	FUZZ_CHECK((uint64_t)r->outer + r->count <= UINT32_MAX);
}

static int in_range(uint32_t id, uint32_t start, uint32_t count)
{
	return id >= start && (uint64_t)id < (uint64_t)start + count;
}

/* What ns_idmap_add_around() added for @block: none of the single's
 * ids, and every other id of the block but one when one was inside. */
static void check_around(const struct ns_idmap *map, size_t before,
			 const struct ns_idmap_range *block,
			 const struct ns_idmap_range *single)
{
	uint64_t total = 0, want = block->count;

	if (in_range(single->inner, block->inner, block->count) ||
	    in_range(single->outer, block->outer, block->count))
		want--;
	for (size_t i = before; i < map->count; i++) {
		const struct ns_idmap_range *r = &map->ranges[i];

		check_range_ok(r);
		FUZZ_CHECK(!in_range(single->inner, r->inner, r->count));
		FUZZ_CHECK(!in_range(single->outer, r->outer, r->count));
		FUZZ_CHECK(r->inner >= block->inner);
		FUZZ_CHECK((uint64_t)r->inner + r->count <=
			   (uint64_t)block->inner + block->count);
		total += r->count;
	}
	FUZZ_CHECK(total == want);
}

static void check_roundtrip(const struct ns_idmap *map)
{
	static char text[FORMAT_SIZE];
	struct ns_idmap back;
	ssize_t len;

	len = ns_idmap_format(map, text, sizeof(text));
	FUZZ_CHECK(len >= 0);
	FUZZ_CHECK((size_t)len == strlen(text));
	FUZZ_CHECK(ns_idmap_parse_map(text, (size_t)len, &back) == 0);
	FUZZ_CHECK(back.count == map->count);
	FUZZ_CHECK(memcmp(back.ranges, map->ranges,
			  map->count * sizeof(map->ranges[0])) == 0);
}

/* A --map-user id by number only: names would ask NSS, i.e. files. */
static int single_id(const char *s, uint32_t *ret_id)
{
	int r;

	if (*s < '0' || *s > '9')
		return -EINVAL;
	r = ns_idmap_parse_id(NS_ID_UID, s, ret_id);
	if (r == 0)
		FUZZ_CHECK(*ret_id != UINT32_MAX);
	return r;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct ns_idmap map, holed;
	struct ns_idmap_range single = { 0, 0, 1 }, block, outer;
	char *buf = fuzz_string(data, size), *rest = buf, *line;
	uint32_t id = 0;

	if (!buf)
		return 0;
	map.count = holed.count = 0;
	line = fuzz_line(&rest);
	if (line && single_id(line, &id) == 0)
		single.inner = id;
	line = fuzz_line(&rest);
	if (line && ns_idmap_parse_range(line, &outer) == 0) {
		check_range_ok(&outer);
		single.outer = outer.outer;
	}
	while ((line = fuzz_line(&rest))) {
		size_t before = map.count;

		if (ns_idmap_parse_range(line, &block) < 0)
			continue;
		check_range_ok(&block);
		if (ns_idmap_add_around(&map, &block, &single) == 0)
			check_around(&map, before, &block, &single);
		else
			FUZZ_CHECK(map.count == before);
		before = holed.count;
		if (ns_idmap_add_with_hole(&holed, &block, single.inner) == 0)
			for (size_t i = before; i < holed.count; i++) {
				check_range_ok(&holed.ranges[i]);
				FUZZ_CHECK(!in_range(single.inner,
						     holed.ranges[i].inner,
						     holed.ranges[i].count));
			}
	}
	check_roundtrip(&map);
	check_roundtrip(&holed);
	free(buf);
	return 0;
}
