// SPDX-License-Identifier: MIT
/* Namespace-type options from the type table (nsopts.h). */
#include <errno.h>
#include <stdbool.h>
#include <string.h>

#include "nsopts.h"

void tool_ns_options(const struct option *other, size_t n_other,
		     const char *other_short, const char *type_suffix,
		     struct option *longopts, char *shortopts)
{
	size_t n = 0;

	*shortopts++ = '+';
	for (unsigned int t = 0; t < NS_TYPE_COUNT; t++) {
		const struct ns_type_info *info = ns_type_info((enum ns_kind)t);

		longopts[n++] = (struct option){ info->option,
						 optional_argument, NULL,
						 info->option_char };
		*shortopts++ = info->option_char;
		strcpy(shortopts, type_suffix);
		shortopts += strlen(type_suffix);
	}
	for (size_t i = 0; i < n_other; i++)
		longopts[n++] = other[i];
	longopts[n] = (struct option){ 0 };
	strcpy(shortopts, other_short);
}

int tool_ns_option_type(int c, enum ns_kind *ret_type)
{
	for (unsigned int t = 0; t < NS_TYPE_COUNT; t++) {
		if (ns_type_info((enum ns_kind)t)->option_char == c) {
			*ret_type = (enum ns_kind)t;
			return 0;
		}
	}
	return -EINVAL;
}

void tool_options_order(struct option *opts, size_t n,
			const char *const *order)
{
	struct option sorted[TOOL_OPTIONS_MAX];
	bool taken[TOOL_OPTIONS_MAX] = { false };
	size_t k = 0;

	if (n > TOOL_OPTIONS_MAX)
		return; /* a table this long is a bug: left as it is */
	for (; order && *order; order++) {
		for (size_t i = 0; i < n; i++) {
			if (!taken[i] && strcmp(opts[i].name, *order) == 0) {
				sorted[k++] = opts[i];
				taken[i] = true;
				break;
			}
		}
	}
	for (size_t i = 0; i < n; i++)
		if (!taken[i])
			sorted[k++] = opts[i];
	memcpy(opts, sorted, n * sizeof(*opts));
}

/* Is @name (@len bytes) an option of @opts in full / the start of one? */
static bool has_option(const struct option *opts, const char *name,
		       size_t len, bool whole)
{
	for (; opts->name; opts++)
		if (strncmp(opts->name, name, len) == 0 &&
		    (!whole || opts->name[len] == '\0'))
			return true;
	return false;
}

int tool_getopt_long(int argc, char *const argv[], const char *shortopts,
		     const struct option *longopts,
		     const struct option *primary)
{
	/*
	 * With "+" in @shortopts, argv[optind] is the element getopt
	 * looks at next, or the rest of a cluster of short options
	 * ("-fr"), which never begins with "--".
	 */
	int next = optind > 0 ? optind : 1; /* 0: getopt starts over */
	const char *arg = next < argc ? argv[next] : NULL;

	if (primary && arg && strncmp(arg, "--", 2) == 0 && arg[2]) {
		const char *name = arg + 2;
		size_t len = strcspn(name, "=");

		if (len && !has_option(longopts, name, len, true) &&
		    has_option(primary, name, len, false))
			return getopt_long(argc, argv, shortopts, primary,
					   NULL);
	}
	return getopt_long(argc, argv, shortopts, longopts, NULL);
}
