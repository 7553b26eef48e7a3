// SPDX-License-Identifier: MIT
/* Namespace-type options from the type table (nsopts.h). */
#include <errno.h>
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
