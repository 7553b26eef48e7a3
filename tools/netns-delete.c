// SPDX-License-Identifier: MIT
/*
 * netns delete NAME, netns -a delete: the bind detached and the file
 * removed (ns_netns_delete), and the veth pairs that add --veth made
 * for that namespace, by their mark (netns-veth.c).
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <string.h>

#include "libns/netns.h"
#include "netns.h"
#include "toolutil.h"

static int delete_one(const struct netns_ctx *ctx, const char *name)
{
	enum ns_netns_step step = NS_NETNS_STEP_NONE;
	int ret, r;

	if ((ret = netns_check_name(name)))
		return ret;
	netns_veth_remove(ctx, name);
	r = ns_netns_delete(ctx->rundir, name, &step);
	if (r == 0)
		return 0;
	if (step == NS_NETNS_STEP_KIND)
		tool_warn(0, "%s/%s is neither a network namespace nor an empty placeholder, left alone",
			  ctx->rundir, name);
	else if (step == NS_NETNS_STEP_UMOUNT)
		netns_say("Cannot umount namespace file \"%s/%s\": %s",
			  ctx->rundir, name, strerror(-r));
	else
		netns_say("Cannot remove namespace file \"%s/%s\": %s",
			  ctx->rundir, name, strerror(-r));
	return TOOL_EXIT_FAILURE;
}

int netns_delete(const struct netns_ctx *ctx, int argc, char **argv)
{
	char **names = NULL;
	size_t n = 0;
	int ret = TOOL_EXIT_OK, r;

	if (!ctx->all) {
		if (argc < 2) {
			netns_say("No netns name specified");
			return TOOL_EXIT_FAILURE;
		}
		return delete_one(ctx, argv[1]);
	}
	/*
	 * ip -all netns delete ignores a name; we check it first (a
	 * "../x" is a mistake, not a request to delete everything).
	 */
	if (argc >= 2 && (ret = netns_check_name(argv[1])))
		return ret;
	r = ns_netns_list(ctx->rundir, &names, &n);
	if (r < 0) {
		tool_warn(r, "cannot read %s", ctx->rundir);
		return TOOL_EXIT_FAILURE;
	}
	for (size_t i = 0; i < n; i++)
		if (delete_one(ctx, names[i]))
			ret = TOOL_EXIT_FAILURE;
	ns_netns_names_free(names, n);
	return ret;
}
