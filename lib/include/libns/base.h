/* SPDX-License-Identifier: MIT */
/*
 * Small cleanup kit and string parsers shared by libns and the tools.
 * Everything returns >= 0 or -errno and never prints.
 */
#ifndef LIBNS_BASE_H
#define LIBNS_BASE_H

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/types.h>
#include <unistd.h>

#define NS_ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* Close @fd if it is open, keep errno intact, return -1 for "fd = ..." */
static inline int ns_close(int fd)
{
	if (fd >= 0) {
		int saved = errno;

		close(fd);
		errno = saved;
	}
	return -1;
}

/* Negative errno of the last failed call, never 0. */
static inline int ns_errno(void)
{
	return errno > 0 ? -errno : -EIO;
}

/*
 * "Gone": the process (or the file) is no longer there. ENOENT and
 * ESRCH mean that, nothing else does.
 */
static inline int ns_err_gone(int r)
{
	return r == -ENOENT || r == -ESRCH;
}

/* Out of a resource: never a reason to leave something out quietly. */
static inline int ns_err_resource(int r)
{
	return r == -EMFILE || r == -ENFILE || r == -ENOMEM || r == -ENOBUFS;
}

/*
 * Strict unsigned decimal: digits only, no sign, no spaces, no
 * trailing garbage. -EINVAL on syntax, -ERANGE on overflow; the
 * leading digits decide first, as for strtoul(3) in util-linux:
 * "99999999999999999999x" is -ERANGE.
 */
int ns_parse_u64(const char *s, uint64_t *ret_val);

/* Like ns_parse_u64 but limited to 0..INT32_MAX for PIDs/ids. */
int ns_parse_pid(const char *s, pid_t *ret_pid);

/*
 * Read a whole small file relative to @dirfd. The buffer is NUL
 * terminated; *ret_len excludes the NUL. Caller frees.
 */
int ns_read_file_at(int dirfd, const char *path, char **ret_buf,
		    size_t *ret_len);

/*
 * Read into a caller buffer (at most @size - 1 bytes, NUL terminated).
 * Returns the number of bytes read.
 */
ssize_t ns_read_buf_at(int dirfd, const char *path, char *buf, size_t size);

/* Grow *@array (of *@alloc elements of @elsize) to hold @need elements. */
int ns_grow(void **array, size_t *alloc, size_t need, size_t elsize);

#endif
