/* SPDX-License-Identifier: MIT */
/* lsns internals shared by its source files. */
#ifndef NSTOOLS_LSNS_H
#define NSTOOLS_LSNS_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "columns.h"
#include "filter.h"
#include "libns/scan.h"

enum lsns_col {
	LSNS_COL_NS,
	LSNS_COL_TYPE,
	LSNS_COL_PATH,
	LSNS_COL_NPROCS,
	LSNS_COL_PID,
	LSNS_COL_PPID,
	LSNS_COL_COMMAND,
	LSNS_COL_UID,
	LSNS_COL_USER,
	LSNS_COL_NETNSID,
	LSNS_COL_NSFS,
	LSNS_COL_PNS,
	LSNS_COL_ONS,
	/* ours, beyond util-linux 2.42: in -H, not in --output-all */
	LSNS_COL_NSID,
	LSNS_COL_COUNT,
};

/* The columns util-linux 2.42 has: those --output-all shows. */
#define LSNS_COL_COUNT_UL LSNS_COL_NSID

struct lsns_filter;

enum lsns_tree {
	LSNS_TREE_NONE,
	LSNS_TREE_PROCESS, /* processes: a row under the row of its parent */
	LSNS_TREE_PARENT,  /* parent/child namespaces (pid, user) */
	LSNS_TREE_OWNER,   /* user namespaces over what they own */
};

struct lsns_opts {
	unsigned int types;	/* NS_TYPE_MASK bits, 0 = every type */
	bool task_set;
	pid_t task;		/* -p */
	bool ns_set;
	uint64_t ns_ino;	/* the namespace argument (see below) */
	struct tool_output out; /* the columns to print */
	const char *output_arg;	/* the last -o: read after the options */
	bool json, raw, noheadings, notruncate, nowrap, list;
	bool list_columns;
	bool persistent;	/* -P: only namespaces without processes */
	struct lsns_filter *filter; /* -Q, compiled */
	enum lsns_tree tree;	/* after defaults are applied */
};

/*
 * A namespace argument makes rows of processes: those of that namespace,
 * or with "0" (as util-linux) the first process of every namespace.
 */
static inline bool lsns_lists_members(const struct lsns_opts *o)
{
	return o->ns_set && o->ns_ino != 0;
}

/* The column table (.data: the NS_DETAIL_* a column needs). */
extern const struct tool_columns lsns_columns;

/* The same, util-linux 2.42's columns only (--output-all). */
extern const struct tool_columns lsns_columns_ul;

/* The column LSNS_COL_* @col. */
const struct tool_column *lsns_column_info(int col);

/* Case-insensitive name to LSNS_COL_*, or -1. */
int lsns_column_lookup(const char *name, size_t len);

/* -H: the column table, honouring -J, -r and -n. */
int lsns_list_columns(const struct lsns_opts *opts);

/*
 * -Q, in two steps as util-linux 2.42: the syntax of @expr when the
 * option is met (the characters the scanner skips go to stdout, as
 * libsmartcols' scanner writes them), the column names once all options
 * and the namespace argument are read (and not for -H). On failure
 * (-EINVAL for an expression in error, -ENOMEM) the user has been told
 * why on stderr, in util-linux 2.42's words where libsmartcols' filter
 * is used.
 */
int lsns_filter_new(const char *expr, struct lsns_filter **ret_filter);
int lsns_filter_bind(struct lsns_filter *f);

/* The LSNS_COL_* the expression reads. */
size_t lsns_filter_columns(const struct lsns_filter *f, int *ids, size_t max);

/* 1 when the row (cells from @fetch) passes, 0 when not, -errno. */
int lsns_filter_match(const struct lsns_filter *f, tool_filter_fetch_t fetch,
		      void *row);

void lsns_filter_free(struct lsns_filter *f);

/* Print the result of a scan. Returns a tool exit status. */
int lsns_render(const struct lsns_opts *opts, const struct ns_scan *scan,
		const uint64_t *task_ns, size_t ntask_ns);

#endif
