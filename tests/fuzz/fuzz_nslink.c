// SPDX-License-Identifier: MIT
/*
 * The text of nsfs links as lsns and nsenter read it (lib/nsfd): the
 * targets of /proc/PID/ns/TYPE and /proc/PID/fd/N ("net:[4026531840]",
 * "socket:[12345]", or any path: a fd's link is whatever file it is),
 * the root field of an nsfs mount in mountinfo, and namespace type
 * names (lsns -t TYPE). The input is the link's bytes (readlink gives
 * no NUL). Checks: a namespace link names its type exactly and its
 * inode in brackets, and a socket link is "socket:[...]".
 */
#define _GNU_SOURCE
#include <errno.h>

#include "fuzz.h"
#include "libns/nsfd.h"
#include "libns/nstype.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *link = (const char *)data;
	enum ns_kind type, named;
	uint64_t ino;
	char *s;

	if (ns_fd_parse_link(link, size, &type, &ino) == 0) {
		const char *name = ns_type_name(type);
		size_t n = strlen(name);

		FUZZ_CHECK(size >= n + 4 && memcmp(link, name, n) == 0);
		FUZZ_CHECK(link[n] == ':' && link[n + 1] == '[' &&
			   link[size - 1] == ']');
		FUZZ_CHECK(ns_type_from_name_len(link, n, &named) == 0 &&
			   named == type);
	}
	if (ns_fd_parse_socket_link(link, size, &ino) == 0)
		FUZZ_CHECK(size >= 10 && memcmp(link, "socket:[", 8) == 0 &&
			   link[size - 1] == ']');
	/* lsns -t: the whole argument names a type, or it is refused */
	s = fuzz_string(data, size);
	if (s && ns_type_from_name(s, &type) == 0)
		FUZZ_CHECK(strcmp(s, ns_type_name(type)) == 0);
	free(s);
	return 0;
}
