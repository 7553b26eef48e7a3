/* SPDX-License-Identifier: MIT */
/* Parser for "-o NAME,NAME,..." column lists. */
#ifndef NSTOOLS_COLLIST_H
#define NSTOOLS_COLLIST_H

#include <stddef.h>

/* Return the id (>= 0) of the column @name of @len bytes, or < 0. */
typedef int (*tool_column_lookup_t)(const char *name, size_t len,
				  void *userdata);

struct tool_collist_error {
	const char *name; /* the offending element (not NUL terminated) */
	size_t len;
};

/*
 * Append the ids of the comma separated @list to @ids (which holds
 * *@n ids of at most @max). -EINVAL names the unknown (or empty)
 * element in @ret_err; -E2BIG when more than @max ids result. On
 * error *@n is left unchanged.
 */
int tool_parse_column_list(const char *list, tool_column_lookup_t lookup,
			 void *userdata, int *ids, size_t max, size_t *n,
			 struct tool_collist_error *ret_err);

#endif
