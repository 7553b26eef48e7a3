/* SPDX-License-Identifier: MIT */
/*
 * Mutually exclusive options, from one table per tool: each group
 * lists options (getopt_long values) of which at most one may be
 * given. Check every option getopt returns:
 *
 *	static const struct tool_excl_group excl[] = {
 *		{ { 'J', 'r' } },
 *	};
 *	int excl_seen[NS_ARRAY_SIZE(excl)] = { 0 };
 *	...
 *	tool_excl_check(excl, NS_ARRAY_SIZE(excl), excl_seen, c, longopts);
 *
 * and the second one of a group ends the program with util-linux 2.42's
 * "prog: options --json and --raw cannot be combined", exit 1.
 */
#ifndef NSTOOLS_OPTEXCL_H
#define NSTOOLS_OPTEXCL_H

#include <getopt.h>
#include <stddef.h>

#define TOOL_EXCL_MAX 8

struct tool_excl_group {
	int opts[TOOL_EXCL_MAX]; /* 0 ends the list */
};

/*
 * Record option @c in @seen (one slot per group, zeroed at first).
 * Returns 0, or 1 and in *@ret_earlier the option of a group of @c
 * that was given before (repeating an option is no conflict).
 */
int tool_excl_conflict(const struct tool_excl_group *groups, size_t count,
		       int *seen, int c, int *ret_earlier);

/* The long name of option @c in @longopts, NULL when it has none. */
const char *tool_option_name(const struct option *longopts, int c);

/* tool_excl_conflict(), and on a conflict the message and exit 1. */
void tool_excl_check(const struct tool_excl_group *groups, size_t count,
		     int *seen, int c, const struct option *longopts);

#endif
