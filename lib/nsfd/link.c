// SPDX-License-Identifier: MIT
/*
 * The text of an nsfs link ("net:[4026531840]") and the nsfs device:
 * how a namespace is named wherever a link to it is read (/proc/PID/ns,
 * /proc/PID/fd, mountinfo).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <string.h>
#include <sys/stat.h>

#include "libns/base.h"
#include "libns/nsfd.h"

static int parse_bracketed_ino(const char *p, size_t len, uint64_t *ret_ino)
{
	char num[24];

	/* "[digits]" */
	if (len < 3 || p[0] != '[' || p[len - 1] != ']' ||
	    len - 2 >= sizeof(num))
		return -EINVAL;
	memcpy(num, p + 1, len - 2);
	num[len - 2] = '\0';
	return ns_parse_u64(num, ret_ino);
}

int ns_fd_parse_link(const char *link, size_t len, enum ns_kind *ret_type,
		    uint64_t *ret_ino)
{
	const char *colon = memchr(link, ':', len);
	enum ns_kind type;
	uint64_t ino;
	int r;

	if (!colon)
		return -EINVAL;
	r = ns_type_from_name_len(link, (size_t)(colon - link), &type);
	if (r < 0)
		return r;
	colon++;
	r = parse_bracketed_ino(colon, len - (size_t)(colon - link), &ino);
	if (r < 0)
		return r;
	*ret_type = type;
	*ret_ino = ino;
	return 0;
}

int ns_fd_parse_socket_link(const char *link, size_t len, uint64_t *ret_ino)
{
	static const char sock[] = "socket:";

	if (len <= sizeof(sock) - 1 || memcmp(link, sock, sizeof(sock) - 1))
		return -EINVAL;
	return parse_bracketed_ino(link + sizeof(sock) - 1,
				   len - (sizeof(sock) - 1), ret_ino);
}

int ns_fd_nsfs_device(int procfd, dev_t *ret_dev)
{
	for (unsigned int t = 0; t < NS_TYPE_COUNT; t++) {
		char path[NS_PATH_MAX];
		struct stat st;

		if (ns_type_path((enum ns_kind)t, 0, NULL, NS_PATH_SELF, path,
				 sizeof(path)) == 0 &&
		    fstatat(procfd, path, &st, 0) == 0) {
			*ret_dev = st.st_dev;
			return 0;
		}
	}
	return -ENOENT;
}
