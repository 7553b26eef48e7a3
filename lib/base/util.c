// SPDX-License-Identifier: MIT
/* String parsers and small file readers. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "libns/base.h"

int ns_parse_u64(const char *s, uint64_t *ret_val)
{
	uint64_t val = 0;

	if (!s || !*s)
		return -EINVAL;
	for (const char *p = s; *p; p++) {
		unsigned int digit;

		if (*p < '0' || *p > '9')
			return -EINVAL;
		digit = (unsigned int)(*p - '0');
		if (val > (UINT64_MAX - digit) / 10)
			return -ERANGE;
		val = val * 10 + digit;
	}
	*ret_val = val;
	return 0;
}

int ns_parse_pid(const char *s, pid_t *ret_pid)
{
	uint64_t val;
	int r;

	r = ns_parse_u64(s, &val);
	if (r < 0)
		return r;
	if (val > INT32_MAX)
		return -ERANGE;
	*ret_pid = (pid_t)val;
	return 0;
}

ssize_t ns_read_buf_at(int dirfd, const char *path, char *buf, size_t size)
{
	size_t len = 0;
	int fd;

	if (size == 0)
		return -EINVAL;
	fd = openat(dirfd, path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
	if (fd < 0)
		return ns_errno();
	while (len < size - 1) {
		ssize_t n = read(fd, buf + len, size - 1 - len);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			n = ns_errno();
			ns_close(fd);
			return n;
		}
		if (n == 0)
			break;
		len += (size_t)n;
	}
	ns_close(fd);
	buf[len] = '\0';
	return (ssize_t)len;
}

int ns_read_file_at(int dirfd, const char *path, char **ret_buf,
		    size_t *ret_len)
{
	size_t alloc = 1024, len = 0;
	char *buf = NULL;
	int fd, r;

	fd = openat(dirfd, path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
	if (fd < 0)
		return ns_errno();

	for (;;) {
		ssize_t n;

		if (!buf || len + 1 >= alloc) {
			char *tmp;

			if (buf)
				alloc *= 2;
			tmp = realloc(buf, alloc);
			if (!tmp) {
				r = -ENOMEM;
				goto fail;
			}
			buf = tmp;
		}
		n = read(fd, buf + len, alloc - 1 - len);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			r = ns_errno();
			goto fail;
		}
		if (n == 0)
			break;
		len += (size_t)n;
	}
	ns_close(fd);
	buf[len] = '\0';
	*ret_buf = buf;
	if (ret_len)
		*ret_len = len;
	return 0;
fail:
	free(buf);
	ns_close(fd);
	return r;
}

int ns_grow(void **array, size_t *alloc, size_t need, size_t elsize)
{
	size_t n = *alloc ? *alloc : 16;
	void *tmp;

	if (need <= *alloc)
		return 0;
	if (elsize == 0 || n > SIZE_MAX / elsize)
		return -ENOMEM;
	while (n < need) {
		if (n > SIZE_MAX / 2 / elsize)
			return -ENOMEM;
		n *= 2;
	}
	tmp = realloc(*array, n * elsize);
	if (!tmp)
		return -ENOMEM;
	*array = tmp;
	*alloc = n;
	return 0;
}
