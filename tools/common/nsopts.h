/* SPDX-License-Identifier: MIT */
/*
 * The namespace-type options of unshare and nsenter (-m/--mount,
 * -n/--net, ...), made from the type table.
 */
#ifndef NSTOOLS_NSOPTS_H
#define NSTOOLS_NSOPTS_H

#include <getopt.h>
#include <stddef.h>

#include "libns/nstype.h"

/*
 * Room for "+" and the type options in a short option string; the
 * tool adds that of its own short options and the NUL.
 */
#define TOOL_NS_SHORTOPTS_MAX (3 * NS_TYPE_COUNT + 1)

/*
 * Fill @longopts with one option per type (optional_argument, its
 * short letter as value), then the @n_other of @other and the zero
 * terminator (NS_TYPE_COUNT + @n_other + 1 entries). @shortopts gets
 * "+" (options end at the program), each type's letter followed by
 * @type_suffix ("" or "::"), then @other_short.
 */
void tool_ns_options(const struct option *other, size_t n_other,
		     const char *other_short, const char *type_suffix,
		     struct option *longopts, char *shortopts);

/* The type whose option getopt returned as @c; -EINVAL if none. */
int tool_ns_option_type(int c, enum ns_kind *ret_type);

#endif
