/* SPDX-License-Identifier: MIT */
/*
 * What the fuzz targets share: the libFuzzer entry point, the input as
 * a C string, cutting it at newlines, and a check that aborts (so that
 * libFuzzer keeps the input) when a parser breaks a promise of its
 * header. A target parses buffers only: it opens no file of the
 * system, needs no root and changes nothing.
 */
#ifndef NSTOOLS_FUZZ_H
#define NSTOOLS_FUZZ_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A broken promise: say which, abort (libFuzzer saves the input). */
#define FUZZ_CHECK(cond)                                                   \
	do {                                                               \
		if (!(cond)) {                                             \
			fprintf(stderr, "%s:%d: check failed: %s\n",       \
				__FILE__, __LINE__, #cond);                \
			abort();                                           \
		}                                                          \
	} while (0)

/* The input as a NUL terminated copy (malloc'd; NULL if out of memory).
 * An embedded NUL ends the string early, as it would in argv. */
static inline char *fuzz_string(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);

	if (s) {
		memcpy(s, data, size);
		s[size] = '\0';
	}
	return s;
}

/*
 * The next line of *@s (cut at '\n', which is replaced by NUL), or
 * NULL after the last; *@s moves past it.
 */
static inline char *fuzz_line(char **s)
{
	char *line = *s, *nl;

	if (!line)
		return NULL;
	nl = strchr(line, '\n');
	if (nl) {
		*nl = '\0';
		*s = nl + 1;
	} else {
		*s = NULL;
	}
	return line;
}

#endif
