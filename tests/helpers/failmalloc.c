// SPDX-License-Identifier: MIT
/*
 * failmalloc - an LD_PRELOAD shim in which one allocation fails.
 *
 *   FAILMALLOC_N=N      the Nth allocation (counted from 1, over all
 *                       threads, from the start of main's program)
 *                       returns NULL with errno ENOMEM; unset or 0:
 *                       none fails
 *   FAILMALLOC_COUNT=F  at exit, write the number of allocations to F
 *   FAILMALLOC_TRACE=F  write the call stack of the failed allocation
 *                       to F (symbols as backtrace_symbols_fd has them)
 *
 * Counted are malloc, calloc, realloc, reallocarray, posix_memalign,
 * aligned_alloc and memalign; strdup, asprintf, fopen and friends
 * allocate through them. The real allocator is glibc's __libc_*.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <execinfo.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

extern void *__libc_malloc(size_t size);
extern void *__libc_calloc(size_t n, size_t size);
extern void *__libc_realloc(void *ptr, size_t size);
extern void *__libc_memalign(size_t align, size_t size);

void *memalign(size_t align, size_t size);

static unsigned long fail_at;
static unsigned long calls;
static int counting;
static int trace_fd = -1;

static void trace(void)
{
	void *frames[64];
	int n;

	if (trace_fd < 0)
		return;
	n = backtrace(frames, 64);
	backtrace_symbols_fd(frames, n, trace_fd);
}

/* true: this allocation is the one that fails */
static int should_fail(void)
{
	unsigned long n;

	if (!__atomic_load_n(&counting, __ATOMIC_RELAXED))
		return 0;
	n = __atomic_add_fetch(&calls, 1, __ATOMIC_RELAXED);
	if (fail_at && n == fail_at) {
		trace();
		errno = ENOMEM;
		return 1;
	}
	return 0;
}

void *malloc(size_t size)
{
	return should_fail() ? NULL : __libc_malloc(size);
}

void *calloc(size_t n, size_t size)
{
	return should_fail() ? NULL : __libc_calloc(n, size);
}

void *realloc(void *ptr, size_t size)
{
	return should_fail() ? NULL : __libc_realloc(ptr, size);
}

void *reallocarray(void *ptr, size_t n, size_t size)
{
	if (size && n > SIZE_MAX / size) {
		errno = ENOMEM;
		return NULL;
	}
	return realloc(ptr, n * size);
}

void *memalign(size_t align, size_t size)
{
	return should_fail() ? NULL : __libc_memalign(align, size);
}

void *aligned_alloc(size_t align, size_t size)
{
	return memalign(align, size);
}

int posix_memalign(void **ret_ptr, size_t align, size_t size)
{
	void *p = memalign(align, size);

	if (!p)
		return ENOMEM;
	*ret_ptr = p;
	return 0;
}

static void write_count(void)
{
	const char *path = getenv("FAILMALLOC_COUNT");
	char buf[32];
	int fd, len;

	if (!path)
		return;
	len = snprintf(buf, sizeof(buf), "%lu\n",
		       __atomic_load_n(&calls, __ATOMIC_RELAXED));
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (fd < 0)
		return;
	if (write(fd, buf, (size_t)len) != len)
		unlink(path);
	close(fd);
}

__attribute__((constructor)) static void failmalloc_init(void)
{
	const char *n = getenv("FAILMALLOC_N");
	const char *trace_path = getenv("FAILMALLOC_TRACE");

	fail_at = n ? strtoul(n, NULL, 10) : 0;
	if (fail_at && trace_path) {
		void *frame;

		trace_fd = open(trace_path,
				O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
		/* the first backtrace() loads its unwinder: not later */
		backtrace(&frame, 1);
	}
	atexit(write_count);
	__atomic_store_n(&counting, 1, __ATOMIC_RELAXED);
}
