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

/* The longest table tool_options_order() sorts. */
#define TOOL_OPTIONS_MAX 64

/*
 * Put the first @n entries of @opts in util-linux's order: those named
 * in @order (NULL terminated) first, in that order, then the others as
 * they were. getopt_long(3) lists the possibilities of an ambiguous
 * abbreviation in table order, so the order is part of the messages.
 */
void tool_options_order(struct option *opts, size_t n,
			const char *const *order);

/*
 * getopt_long(3) for a tool with long options of its own besides
 * util-linux's: @longopts has them all, @primary util-linux's alone.
 * An abbreviation that util-linux would resolve (a prefix of one of
 * its options, not an option of ours in full) is resolved among
 * util-linux's options only: an option util-linux lacks never makes
 * one of its spellings ambiguous ("--w" stays "--wd" beside our
 * "--whitelist-env"). A @primary of NULL: plain getopt_long.
 */
int tool_getopt_long(int argc, char *const argv[], const char *shortopts,
		     const struct option *longopts,
		     const struct option *primary);

/* The type whose option getopt returned as @c; -EINVAL if none. */
int tool_ns_option_type(int c, enum ns_kind *ret_type);

#endif
