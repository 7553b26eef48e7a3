/* SPDX-License-Identifier: MIT */
/*
 * The column table of a tool: one row per output column drives -o,
 * +LIST, --output-all, -H (--list-columns), the filter's column types
 * and JSON typing.
 */
#ifndef NSTOOLS_COLUMNS_H
#define NSTOOLS_COLUMNS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "collist.h"

/* What a column holds, for -H and JSON. */
enum tool_col_type {
	TOOL_COL_STRING,
	TOOL_COL_NUMBER,
	TOOL_COL_NUMBER_OR_STRING, /* a number, or a word such as "unassigned" */
	TOOL_COL_BOOLEAN,
};

struct tool_column {
	const char *name;
	double whint;		 /* libsmartcols width hint */
	int flags;		 /* SCOLS_FL_TRUNC, _RIGHT, _TREE, _WRAP, ... */
	enum tool_col_type type;
	const char *help;
	unsigned int data;	 /* the tool's own (lsns: NS_DETAIL_* needed) */
};

struct tool_columns {
	const struct tool_column *cols;
	size_t count;
	const char *name; /* -H's JSON table: "<tool>-columns" */
};

/* The index of the column @name of @len bytes (any case), or -1. */
int tool_column_lookup(const struct tool_columns *t, const char *name,
		       size_t len);

/* tool_column_lookup as a tool_column_lookup_t (userdata: the table). */
int tool_column_lookup_cb(const char *name, size_t len, void *table);

/* "<integer>", "<string>", ... as -H shows them. */
const char *tool_col_type_name(enum tool_col_type type);

/* The SCOLS_JSON_* type of a column. */
int tool_col_json_type(enum tool_col_type type);

/*
 * @s as a JSON string (RFC 8259): in double quotes, with '"', '\\'
 * and the control characters escaped; malloc'd, NULL when out of
 * memory. For a word in a column that JSON prints as a number.
 */
char *tool_json_quote(const char *s);

#define TOOL_MAX_COLUMNS 128

/* The columns a run prints: what -o, +LIST and --output-all ask for. */
struct tool_output {
	int ids[TOOL_MAX_COLUMNS];
	size_t count;
	bool given; /* an -o was seen */
	bool plus;  /* ... and the last one was "+LIST" */
	bool all;   /* --output-all */
};

/*
 * One -o argument: "LIST" replaces what earlier ones gave, "+LIST"
 * adds to it. -EINVAL names the unknown column in @ret_err, -E2BIG
 * when there are too many; the output is unchanged then.
 */
int tool_output_parse(struct tool_output *o, const struct tool_columns *t,
		      const char *arg, struct tool_collist_error *ret_err);

/*
 * After the options: unless an -o LIST named the columns, the defaults
 * (@defaults, or every column with --output-all) come first, followed
 * by those of "+LIST". -E2BIG when they do not fit.
 */
int tool_output_finish(struct tool_output *o, const struct tool_columns *t,
		       const int *defaults, size_t ndefaults);

/* tool_output_parse, with the message and exit 1 on an error. */
void tool_output_arg(struct tool_output *o, const struct tool_columns *t,
		     const char *arg);

/* tool_output_finish, with the message and exit 1 on an error. */
void tool_output_defaults(struct tool_output *o, const struct tool_columns *t,
			  const int *defaults, size_t ndefaults);

/* Flags of tool_list_columns(). */
enum {
	TOOL_LIST_JSON = 1 << 0,
	TOOL_LIST_RAW = 1 << 1,
};

/*
 * -H, --list-columns: one line per column (name, type, description) on
 * @out, in util-linux 2.42's shape: no header line; -J gives an array
 * "<tool>-columns" of {"holder", "type", "description"}; -r the raw
 * form. Returns 0 or -errno (nothing printed).
 */
int tool_list_columns(const struct tool_columns *t, unsigned int flags,
		      FILE *out);

#endif
