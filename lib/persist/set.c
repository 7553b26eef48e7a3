// SPDX-License-Identifier: MIT
/*
 * The namespaces of one process, each onto a file of its own (unshare
 * --TYPE=FILE): prepare, bind, undo and release them together.
 */
#define _GNU_SOURCE

#include "libns/persist.h"

void ns_persist_set_init(struct ns_persist_set *set)
{
	for (size_t i = 0; i < NS_TYPE_COUNT; i++)
		set->ns[i] = (struct ns_persist)NS_PERSIST_INIT;
}

int ns_persist_set_prepare(struct ns_persist_set *set,
			   const char *const paths[NS_TYPE_COUNT],
			   enum ns_kind *ret_type)
{
	for (unsigned int t = 0; t < NS_TYPE_COUNT; t++) {
		int r;

		if (!paths[t])
			continue;
		r = ns_persist_prepare(paths[t], &set->ns[t]);
		if (r < 0) {
			ns_persist_set_undo(set);
			*ret_type = (enum ns_kind)t;
			return r;
		}
	}
	return 0;
}

int ns_persist_set_bind(struct ns_persist_set *set, pid_t pid,
			enum ns_kind *ret_type)
{
	for (unsigned int t = 0; t < NS_TYPE_COUNT; t++) {
		const struct ns_type_info *info = ns_type_info((enum ns_kind)t);
		char nsfile[NS_PATH_MAX];
		int r;

		if (set->ns[t].fd < 0)
			continue;
		*ret_type = (enum ns_kind)t;
		/* pid and time: the namespace of the children to come */
		r = ns_type_path((enum ns_kind)t,
				 info->children_entry ? NS_PATH_CHILDREN : 0,
				 "/proc", pid, nsfile, sizeof(nsfile));
		if (r >= 0)
			r = ns_persist_bind(&set->ns[t], nsfile);
		/* FILE may be in a directory that others write to */
		if (r >= 0)
			r = ns_persist_verify(&set->ns[t], nsfile);
		if (r < 0)
			return r;
	}
	return 0;
}

void ns_persist_set_undo(struct ns_persist_set *set)
{
	for (size_t i = NS_TYPE_COUNT; i-- > 0;)
		ns_persist_undo(&set->ns[i]);
}

void ns_persist_set_release(struct ns_persist_set *set)
{
	for (size_t i = 0; i < NS_TYPE_COUNT; i++)
		ns_persist_release(&set->ns[i]);
}
