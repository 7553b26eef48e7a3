// SPDX-License-Identifier: MIT
/*
 * unshare: the id-map options into uid_map/gid_map contents, and how
 * each gets written.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "libns/base.h"
#include "toolutil.h"
#include "unshare.h"

struct id_kind_info {
	enum ns_id_kind kind;
	const char *subid_file;
	const char *self_map;
};

static const struct id_kind_info uid_info = {
	NS_ID_UID, "/etc/subuid", "/proc/self/uid_map",
};
static const struct id_kind_info gid_info = {
	NS_ID_GID, "/etc/subgid", "/proc/self/gid_map",
};

struct ns_idmap_range unshare_subid_block(enum ns_id_kind kind)
{
	const struct id_kind_info *k = kind == NS_ID_UID ? &uid_info
							 : &gid_info;
	struct ns_idmap_range range;
	uid_t euid = geteuid();
	struct passwd *pw = getpwuid(euid);
	char num[16];
	const char *name;
	int r;

	snprintf(num, sizeof(num), "%u", (unsigned int)euid);
	name = pw ? pw->pw_name : num;
	r = ns_idmap_subid_lookup(AT_FDCWD, k->subid_file, name, (uint32_t)euid,
			    &range);
	if (r == -ENOENT) {
		tool_warn(0, "no line matching user \"%s\" in %s", name,
			  k->subid_file);
		exit(TOOL_EXIT_FAILURE);
	}
	if (r < 0) {
		tool_warn(r, "cannot read %s", k->subid_file);
		exit(TOOL_EXIT_FAILURE);
	}
	return range;
}

static void add_range(struct ns_idmap *map, const struct ns_idmap_range *r,
		      const struct ns_idmap_range *single)
{
	int ret = single ? ns_idmap_add_around(map, r, single)
			 : ns_idmap_add(map, r);

	if (ret < 0) {
		tool_warn(ret, "cannot add mapping %u:%u:%u", r->inner,
			  r->outer, r->count);
		exit(TOOL_EXIT_FAILURE);
	}
}

static void add_block(struct ns_idmap *map, const struct id_kind_info *k,
		      const struct unshare_block *b,
		      const struct ns_idmap_range *single)
{
	struct ns_idmap parent, all;
	struct ns_idmap_range range = b->range;
	int r;

	switch (b->kind) {
	case UNSHARE_BLOCK_RANGE: /* auto, subids: read while parsing */
	case UNSHARE_BLOCK_AUTO:
	case UNSHARE_BLOCK_SUBIDS:
		if (range.count == 0) /* --map-users=0:100000:0 */
			return;
		break;
	case UNSHARE_BLOCK_ALL:
		r = ns_idmap_read(AT_FDCWD, k->self_map, &parent);
		if (r < 0) {
			tool_warn(r, "cannot read %s", k->self_map);
			exit(TOOL_EXIT_FAILURE);
		}
		ns_idmap_passthrough(&parent, &all);
		for (size_t i = 0; i < all.count; i++)
			add_range(map, &all.ranges[i], single);
		return;
	}
	add_range(map, &range, single);
}

static enum ns_idmap_how build_one(const struct unshare_idopts *ids,
				   const struct id_kind_info *k, uint32_t self,
				   struct ns_idmap *map)
{
	struct ns_idmap_range single = { ids->single_inner, self, 1 };

	map->count = 0;
	if (ids->single)
		add_range(map, &single, NULL);
	for (size_t i = 0; i < ids->n_blocks; i++)
		add_block(map, k, &ids->blocks[i], ids->single ? &single : NULL);
	if (map->count == 0)
		return NS_IDMAP_NONE;
	/* The kernel lets anyone map their own id, alone, in one line. */
	if (ids->n_blocks == 0)
		return NS_IDMAP_SELF;
	/* Anything more needs privileges in the parent namespace. */
	return geteuid() == 0 ? NS_IDMAP_DIRECT : NS_IDMAP_NEWIDMAP;
}

void unshare_build_maps(struct unshare_opts *opts)
{
	struct ns_create_plan *plan = &opts->plan;

	plan->uid_how = build_one(&opts->uids, &uid_info,
				  (uint32_t)geteuid(), &plan->uid_map);
	plan->gid_how = build_one(&opts->gids, &gid_info,
				  (uint32_t)getegid(), &plan->gid_map);
	/*
	 * --owner: the process that unshares has become the owner by then
	 * and may no longer map the caller's ids: the helper, which keeps
	 * the caller's, writes them (a privileged write, as util-linux's:
	 * setgroups stays allowed).
	 */
	if (plan->owner && plan->uid_how == NS_IDMAP_SELF)
		plan->uid_how = NS_IDMAP_DIRECT;
	if (plan->owner && plan->gid_how == NS_IDMAP_SELF)
		plan->gid_how = NS_IDMAP_DIRECT;
	/* An unprivileged gid_map write needs setgroups denied first. */
	if (!opts->setgroups_given && plan->gid_how == NS_IDMAP_SELF)
		plan->setgroups = NS_SETGROUPS_DENY;
}
