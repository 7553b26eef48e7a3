// SPDX-License-Identifier: MIT
/* The lsns column table: drives -o, --output-all, -H, --help and JSON. */
#define _GNU_SOURCE
#include <libsmartcols.h>
#include <stdio.h>

#include "lsns.h"
#include "nls.h"
#include "toolutil.h"

static const struct tool_column columns[LSNS_COL_COUNT] = {
	[LSNS_COL_NS] = { "NS", 10, SCOLS_FL_RIGHT, TOOL_COL_NUMBER,
			  N_("namespace identifier (inode number)"), 0 },
	[LSNS_COL_TYPE] = { "TYPE", 5, 0, TOOL_COL_STRING,
			    N_("kind of namespace"), 0 },
	[LSNS_COL_PATH] = { "PATH", 0, 0, TOOL_COL_STRING,
			    N_("path to the namespace"), 0 },
	[LSNS_COL_NPROCS] = { "NPROCS", 5, SCOLS_FL_RIGHT, TOOL_COL_NUMBER,
			      N_("number of processes in the namespace"), 0 },
	[LSNS_COL_PID] = { "PID", 5, SCOLS_FL_RIGHT, TOOL_COL_NUMBER,
			   N_("lowest PID in the namespace"), 0 },
	[LSNS_COL_PPID] = { "PPID", 5, SCOLS_FL_RIGHT, TOOL_COL_NUMBER,
			    N_("PPID of the PID"), NS_DETAIL_PPID },
	[LSNS_COL_COMMAND] = { "COMMAND", 0, SCOLS_FL_TRUNC, TOOL_COL_STRING,
			       N_("command line of the PID"), NS_DETAIL_COMMAND },
	[LSNS_COL_UID] = { "UID", 0, SCOLS_FL_RIGHT, TOOL_COL_NUMBER,
			   N_("UID of the PID"),
			   NS_DETAIL_UID | NS_DETAIL_OWNER_UID },
	[LSNS_COL_USER] = { "USER", 0, 0, TOOL_COL_STRING,
			    N_("username of the PID"),
			    NS_DETAIL_UID | NS_DETAIL_OWNER_UID },
	[LSNS_COL_NETNSID] = { "NETNSID", 0, SCOLS_FL_RIGHT,
			       TOOL_COL_NUMBER_OR_STRING,
			       N_("namespace ID as used by network subsystem"),
			       NS_DETAIL_NSID },
	[LSNS_COL_NSFS] = { "NSFS", 0, SCOLS_FL_WRAP, TOOL_COL_STRING,
			    N_("nsfs mountpoint (usually used network subsystem)"),
			    0 },
	[LSNS_COL_PNS] = { "PNS", 10, SCOLS_FL_RIGHT, TOOL_COL_NUMBER,
			   N_("parent namespace identifier (inode number)"),
			   NS_DETAIL_RELATIONS },
	[LSNS_COL_ONS] = { "ONS", 10, SCOLS_FL_RIGHT, TOOL_COL_NUMBER,
			   N_("owner namespace identifier (inode number)"),
			   NS_DETAIL_RELATIONS },
	[LSNS_COL_NSID] = { "NSID", 10, SCOLS_FL_RIGHT, TOOL_COL_NUMBER,
			    "namespace ID (NS_GET_ID) as nsenter --TYPE=:ID takes it",
			    NS_DETAIL_ID },
};

const struct tool_columns lsns_columns = {
	.cols = columns,
	.count = LSNS_COL_COUNT,
	.name = "lsns-columns",
};

const struct tool_columns lsns_columns_ul = {
	.cols = columns,
	.count = LSNS_COL_COUNT_UL,
	.name = "lsns-columns",
};

const struct tool_column *lsns_column_info(int col)
{
	if (col < 0 || col >= LSNS_COL_COUNT)
		return NULL;
	return &columns[col];
}

int lsns_column_lookup(const char *name, size_t len)
{
	return tool_column_lookup(&lsns_columns, name, len);
}

int lsns_list_columns(const struct lsns_opts *o)
{
	unsigned int flags = (o->json ? TOOL_LIST_JSON : 0) |
			     (o->raw ? TOOL_LIST_RAW : 0);
	int r;

	r = tool_list_columns(&lsns_columns, flags, stdout);
	if (r < 0) {
		tool_warn(r, "failed to list columns");
		return TOOL_EXIT_FAILURE;
	}
	return TOOL_EXIT_OK;
}
