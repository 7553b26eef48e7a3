// SPDX-License-Identifier: MIT
/* Mutually exclusive options from one table. */
#include <stdio.h>
#include <stdlib.h>

#include "optexcl.h"
#include "toolutil.h"

int tool_excl_conflict(const struct tool_excl_group *groups, size_t count,
		       int *seen, int c, int *ret_earlier)
{
	for (size_t g = 0; g < count; g++) {
		const int *o = groups[g].opts;

		for (size_t i = 0; i < TOOL_EXCL_MAX && o[i]; i++) {
			if (o[i] != c)
				continue;
			if (seen[g] && seen[g] != c) {
				*ret_earlier = seen[g];
				return 1;
			}
			seen[g] = c;
			break;
		}
	}
	return 0;
}

const char *tool_option_name(const struct option *longopts, int c)
{
	for (const struct option *o = longopts; o && o->name; o++) {
		if (!o->flag && o->val == c)
			return o->name;
	}
	return NULL;
}

static void print_option(const struct option *longopts, int c)
{
	const char *name = tool_option_name(longopts, c);

	if (name)
		fprintf(stderr, "--%s", name);
	else
		fprintf(stderr, "-%c", c);
}

void tool_excl_check(const struct tool_excl_group *groups, size_t count,
		     int *seen, int c, const struct option *longopts)
{
	int earlier;

	if (!tool_excl_conflict(groups, count, seen, c, &earlier))
		return;
	fflush(stdout);
	fprintf(stderr, "%s: options ", tool_name());
	print_option(longopts, earlier);
	fputs(" and ", stderr);
	print_option(longopts, c);
	fputs(" cannot be combined\n", stderr);
	exit(TOOL_EXIT_FAILURE);
}
