// SPDX-License-Identifier: MIT
/*
 * What netns takes from its command line before touching anything:
 * namespace names (lib/netns: a file name in /run/netns, checked
 * before any file is made) and the addresses of --veth
 * ("10.0.0.1/24", "fd00::1/64"; lib/net). The input is one argument.
 * Checks: a name is taken exactly when it is 1 to 255 bytes, has no
 * '/' and is not "." or "..", and then its path is RUNDIR/NAME; an
 * address taken has a prefix length its family allows and is the
 * address inet_pton reads from the text before the '/'.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <sys/socket.h>

#include "fuzz.h"
#include "libns/net.h"
#include "libns/netns.h"

static void check_name(const char *s)
{
	size_t len = strlen(s);
	bool ok = len >= 1 && len <= 255 && !strchr(s, '/') &&
		  strcmp(s, ".") != 0 && strcmp(s, "..") != 0;
	char *path = NULL;

	FUZZ_CHECK((ns_netns_name_check(s) == 0) == ok);
	if (!ok)
		return;
	FUZZ_CHECK(ns_netns_path("/run/netns", s, &path) == 0);
	FUZZ_CHECK(strncmp(path, "/run/netns/", 11) == 0 &&
		   strcmp(path + 11, s) == 0);
	free(path);
}

static void check_cidr(const char *s)
{
	unsigned char addr[16], want[16];
	unsigned int prefix;
	char text[64];
	size_t alen;
	int family;

	if (ns_net_cidr_parse(s, &family, addr, &prefix) < 0)
		return;
	FUZZ_CHECK(family == AF_INET || family == AF_INET6);
	FUZZ_CHECK(prefix <= (family == AF_INET ? 32u : 128u));
	alen = strcspn(s, "/");
	FUZZ_CHECK(alen < sizeof(text));
	memcpy(text, s, alen);
	text[alen] = '\0';
	FUZZ_CHECK(inet_pton(family, text, want) == 1);
	FUZZ_CHECK(memcmp(addr, want, family == AF_INET ? 4 : 16) == 0);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = fuzz_string(data, size);

	if (!s)
		return 0;
	check_name(s);
	check_cidr(s);
	free(s);
	return 0;
}
