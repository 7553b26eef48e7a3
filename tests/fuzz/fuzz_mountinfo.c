// SPDX-License-Identifier: MIT
/*
 * /proc/self/mountinfo as lsns (nsfs mounts: NSFS, persistent
 * namespaces, through libmount; lib/mounts) and unshare --mount=FILE
 * (is the file's mount shared? lib/persist) read it. Mount points are
 * anybody's paths: spaces and newlines come octal-escaped, but a
 * hostile or odd line must not break the parse. The input is the
 * file's text. Checks: each nsfs mount has a target and a namespace
 * type and inode; the shared check of the first line's mount ID
 * answers 0, 1 or -ENOENT.
 */
#define _GNU_SOURCE
#include <errno.h>

#include "fuzz.h"
#include "libns/base.h"
#include "libns/mounts.h"
#include "libns/nstype.h"
#include "libns/persist.h"

static void check_mounts(const uint8_t *data, size_t size)
{
	struct ns_mount_list list = { 0 };
	FILE *f;
	int r;

	if (size == 0)
		return;
	f = fmemopen((void *)data, size, "r");
	if (!f)
		return;
	r = ns_mounts_parse(f, &list);
	fclose(f);
	if (r < 0) {
		FUZZ_CHECK(r == -ENOMEM || list.count == 0);
		return;
	}
	for (size_t i = 0; i < list.count; i++) {
		FUZZ_CHECK(list.items[i].target != NULL);
		FUZZ_CHECK((unsigned int)list.items[i].type < NS_TYPE_COUNT);
	}
	ns_mounts_clear(&list);
	FUZZ_CHECK(list.count == 0 && list.items == NULL);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *buf, *space;
	uint64_t id = 1;
	int r;

	check_mounts(data, size);
	buf = fuzz_string(data, size);
	if (!buf)
		return 0;
	space = strpbrk(buf, " \n");
	if (space) {
		char save = *space;

		*space = '\0';
		if (ns_parse_u64(buf, &id) < 0)
			id = 1;
		*space = save;
	}
	r = ns_persist_mountinfo_shared(buf, id);
	FUZZ_CHECK(r == 0 || r == 1 || r == -ENOENT);
	free(buf);
	return 0;
}
