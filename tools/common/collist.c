// SPDX-License-Identifier: MIT
/* Column list parsing shared by the tools' -o options. */
#include <errno.h>
#include <string.h>

#include "collist.h"

int tool_parse_column_list(const char *list, tool_column_lookup_t lookup,
			 void *userdata, int *ids, size_t max, size_t *n,
			 struct tool_collist_error *ret_err)
{
	size_t count = *n;
	const char *p = list;

	for (;;) {
		const char *end = strchr(p, ',');
		size_t len = end ? (size_t)(end - p) : strlen(p);
		int id = len ? lookup(p, len, userdata) : -1;

		if (id < 0) {
			if (ret_err) {
				/* An empty element says nothing: show all. */
				ret_err->name = len ? p : list;
				ret_err->len = len ? len : strlen(list);
			}
			return -EINVAL;
		}
		if (count >= max)
			return -E2BIG;
		ids[count++] = id;
		if (!end)
			break;
		p = end + 1;
	}
	*n = count;
	return 0;
}
