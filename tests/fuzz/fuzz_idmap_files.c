// SPDX-License-Identifier: MIT
/*
 * The id-map files unshare reads: /etc/subuid and /etc/subgid lines
 * ("name-or-id:start:count", comments, blanks) for --map-users=auto
 * and subids, and uid_map/gid_map text ("inner outer count") for
 * --map-users=all (lib/idmap).
 *
 * Input: a first line "NAME ID" (the user looked up), then the file
 * text, read both as a subid file and as a map. Checks: a block found
 * is one the kernel takes and belongs to that user; a map read is
 * well formed, passes through as identity ranges, and its text reads
 * back as the same map.
 */
#define _GNU_SOURCE
#include <errno.h>

#include "fuzz.h"
#include "libns/base.h"
#include "libns/idmap.h"

#define FORMAT_SIZE (NS_IDMAP_MAX * 34 + 1)

static void check_map(const struct ns_idmap *map)
{
	static char text[FORMAT_SIZE];
	static struct ns_idmap back, pass;
	ssize_t len;

	FUZZ_CHECK(map->count <= NS_IDMAP_MAX);
	for (size_t i = 0; i < map->count; i++) {
		const struct ns_idmap_range *r = &map->ranges[i];

		FUZZ_CHECK(r->count >= 1);
		FUZZ_CHECK((uint64_t)r->inner + r->count <= UINT32_MAX);
		FUZZ_CHECK((uint64_t)r->outer + r->count <= UINT32_MAX);
	}
	len = ns_idmap_format(map, text, sizeof(text));
	FUZZ_CHECK(len >= 0);
	FUZZ_CHECK(ns_idmap_parse_map(text, (size_t)len, &back) == 0);
	FUZZ_CHECK(back.count == map->count);
	FUZZ_CHECK(memcmp(back.ranges, map->ranges,
			  map->count * sizeof(map->ranges[0])) == 0);
	ns_idmap_passthrough(map, &pass);
	FUZZ_CHECK(pass.count == map->count);
	for (size_t i = 0; i < pass.count; i++)
		FUZZ_CHECK(pass.ranges[i].inner == pass.ranges[i].outer &&
			   pass.ranges[i].inner == map->ranges[i].inner &&
			   pass.ranges[i].count == map->ranges[i].count);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct ns_idmap map;
	const uint8_t *nl = memchr(data, '\n', size);
	struct ns_idmap_range range;
	const char *text;
	char *first, *space;
	size_t len;
	uint64_t id = UINT64_MAX;
	int r;

	if (!nl)
		return 0;
	first = fuzz_string(data, (size_t)(nl - data));
	if (!first)
		return 0;
	space = strchr(first, ' ');
	if (space) {
		*space = '\0';
		if (ns_parse_u64(space + 1, &id) < 0 || id > UINT32_MAX)
			id = UINT32_MAX;
	}
	/* the file text exactly as read: not NUL terminated */
	len = size - (size_t)(nl + 1 - data);
	text = len ? (const char *)nl + 1 : "";

	r = ns_idmap_subid_find(text, len, first, (uint32_t)id, &range);
	FUZZ_CHECK(r == 0 || r == -ENOENT);
	if (r == 0) {
		FUZZ_CHECK(range.inner == 0 && range.count >= 1);
		FUZZ_CHECK((uint64_t)range.outer + range.count <= UINT32_MAX);
	}
	r = ns_idmap_parse_map(text, len, &map);
	if (r == 0)
		check_map(&map);
	else
		FUZZ_CHECK(r == -EINVAL || r == -ERANGE || r == -E2BIG);
	free(first);
	return 0;
}
