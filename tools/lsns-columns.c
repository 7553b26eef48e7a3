// SPDX-License-Identifier: MIT
/* The lsns column table: drives -o, --output-all, -H, --help and JSON. */
#define _GNU_SOURCE
#include <libsmartcols.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "libns/util.h"
#include "lsns.h"
#include "toolutil.h"

static const struct lsns_column_info columns[LSNS_COL_COUNT] = {
	[LSNS_COL_NS] = { "NS", 10, SCOLS_FL_RIGHT, LSNS_KIND_NUMBER,
			  "namespace identifier (inode number)", 0 },
	[LSNS_COL_TYPE] = { "TYPE", 5, 0, LSNS_KIND_STRING,
			    "kind of namespace", 0 },
	[LSNS_COL_PATH] = { "PATH", 0, 0, LSNS_KIND_STRING,
			    "path to the namespace", 0 },
	[LSNS_COL_NPROCS] = { "NPROCS", 5, SCOLS_FL_RIGHT, LSNS_KIND_NUMBER,
			      "number of processes in the namespace", 0 },
	[LSNS_COL_PID] = { "PID", 5, SCOLS_FL_RIGHT, LSNS_KIND_NUMBER,
			   "lowest PID in the namespace", 0 },
	[LSNS_COL_PPID] = { "PPID", 5, SCOLS_FL_RIGHT, LSNS_KIND_NUMBER,
			    "PPID of the PID", NS_DETAIL_PPID },
	[LSNS_COL_COMMAND] = { "COMMAND", 0, SCOLS_FL_TRUNC, LSNS_KIND_STRING,
			       "command line of the PID", NS_DETAIL_COMMAND },
	[LSNS_COL_UID] = { "UID", 0, SCOLS_FL_RIGHT, LSNS_KIND_NUMBER,
			   "UID of the PID",
			   NS_DETAIL_UID | NS_DETAIL_OWNER_UID },
	[LSNS_COL_USER] = { "USER", 0, 0, LSNS_KIND_STRING,
			    "username of the PID",
			    NS_DETAIL_UID | NS_DETAIL_OWNER_UID },
	[LSNS_COL_NETNSID] = { "NETNSID", 0, SCOLS_FL_RIGHT,
			       LSNS_KIND_NUMBER_OR_STRING,
			       "namespace ID as used by network subsystem",
			       NS_DETAIL_NSID },
	[LSNS_COL_NSFS] = { "NSFS", 0, SCOLS_FL_WRAP, LSNS_KIND_STRING,
			    "nsfs mountpoint (usually used network subsystem)",
			    0 },
	[LSNS_COL_PNS] = { "PNS", 10, SCOLS_FL_RIGHT, LSNS_KIND_NUMBER,
			   "parent namespace identifier (inode number)",
			   NS_DETAIL_RELATIONS },
	[LSNS_COL_ONS] = { "ONS", 10, SCOLS_FL_RIGHT, LSNS_KIND_NUMBER,
			   "owner namespace identifier (inode number)",
			   NS_DETAIL_RELATIONS },
};

const struct lsns_column_info *lsns_column_info(int col)
{
	if (col < 0 || col >= LSNS_COL_COUNT)
		return NULL;
	return &columns[col];
}

int lsns_column_lookup(const char *name, size_t len, void *userdata)
{
	(void)userdata;
	for (int i = 0; i < LSNS_COL_COUNT; i++) {
		if (strlen(columns[i].name) == len &&
		    strncasecmp(columns[i].name, name, len) == 0)
			return i;
	}
	return -1;
}

static const char *kind_name(enum lsns_kind kind)
{
	switch (kind) {
	case LSNS_KIND_NUMBER:
		return "<integer>";
	case LSNS_KIND_STRING:
		return "<string>";
	case LSNS_KIND_NUMBER_OR_STRING: /* 2.42: NETNSID is a <string> */
		return "<string>";
	}
	return "<string>";
}

int lsns_list_columns(const struct lsns_opts *o)
{
	struct libscols_table *tb = scols_new_table();
	int rc = TOOL_EXIT_FAILURE;

	if (!tb)
		goto out;
	scols_table_set_name(tb, "lsns-columns");
	scols_table_enable_json(tb, o->json);
	scols_table_enable_raw(tb, o->raw);
	/* as util-linux 2.42: no headings, "holder" in JSON */
	scols_table_enable_noheadings(tb, 1);
	if (!scols_table_new_column(tb, "HOLDER", 0, SCOLS_FL_RIGHT) ||
	    !scols_table_new_column(tb, "TYPE", 0, 0) ||
	    !scols_table_new_column(tb, "DESCRIPTION", 0, 0))
		goto out;
	for (int i = 0; i < LSNS_COL_COUNT; i++) {
		struct libscols_line *ln = scols_table_new_line(tb, NULL);

		if (!ln || scols_line_set_data(ln, 0, columns[i].name) ||
		    scols_line_set_data(ln, 1, kind_name(columns[i].kind)) ||
		    scols_line_set_data(ln, 2, columns[i].help))
			goto out;
	}
	scols_print_table(tb);
	rc = TOOL_EXIT_OK;
out:
	if (rc != TOOL_EXIT_OK)
		tool_warn(-ENOMEM, "failed to list columns");
	scols_unref_table(tb);
	return rc;
}
