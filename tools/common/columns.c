// SPDX-License-Identifier: MIT
/* Column tables: lookup, -o parsing and -H listing. */
#define _GNU_SOURCE
#include <errno.h>
#include <libsmartcols.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "columns.h"
#include "nls.h"
#include "toolutil.h"

int tool_column_lookup(const struct tool_columns *t, const char *name,
		       size_t len)
{
	for (size_t i = 0; i < t->count; i++) {
		if (strlen(t->cols[i].name) == len &&
		    strncasecmp(t->cols[i].name, name, len) == 0)
			return (int)i;
	}
	return -1;
}

int tool_column_lookup_cb(const char *name, size_t len, void *table)
{
	return tool_column_lookup(table, name, len);
}

const char *tool_col_type_name(enum tool_col_type type)
{
	switch (type) {
	case TOOL_COL_NUMBER:
		return "<integer>";
	case TOOL_COL_BOOLEAN:
		return "<boolean>";
	case TOOL_COL_NUMBER_OR_STRING: /* as util-linux 2.42 (NETNSID) */
	case TOOL_COL_STRING:
		break;
	}
	return "<string>";
}

int tool_col_json_type(enum tool_col_type type)
{
	switch (type) {
	case TOOL_COL_NUMBER:
	case TOOL_COL_NUMBER_OR_STRING: /* the word carries its quotes */
		return SCOLS_JSON_NUMBER;
	case TOOL_COL_BOOLEAN:
		return SCOLS_JSON_BOOLEAN;
	case TOOL_COL_STRING:
		break;
	}
	return SCOLS_JSON_STRING;
}

int tool_output_parse(struct tool_output *o, const struct tool_columns *t,
		      const char *arg, struct tool_collist_error *ret_err)
{
	bool plus = *arg == '+';
	size_t n = plus ? o->count : 0;
	int ids[TOOL_MAX_COLUMNS];
	int r;

	/* into a copy: a failed parse leaves the output as it was */
	memcpy(ids, o->ids, n * sizeof(*ids));
	r = tool_parse_column_list(plus ? arg + 1 : arg, tool_column_lookup_cb,
				   (void *)t, ids, TOOL_MAX_COLUMNS, &n,
				   ret_err);
	if (r < 0)
		return r;
	memcpy(o->ids, ids, n * sizeof(*ids));
	o->count = n;
	o->given = true;
	o->plus = plus;
	return 0;
}

int tool_output_finish(struct tool_output *o, const struct tool_columns *t,
		       const int *defaults, size_t ndefaults)
{
	size_t n = o->all ? t->count : ndefaults;
	size_t extra = o->plus ? o->count : 0;

	/* -o LIST is taken as is, even with --output-all */
	if (o->given && !o->plus)
		return 0;
	if (n + extra > TOOL_MAX_COLUMNS)
		return -E2BIG;
	memmove(o->ids + n, o->ids, extra * sizeof(*o->ids));
	for (size_t i = 0; i < n; i++)
		o->ids[i] = o->all ? (int)i : defaults[i];
	o->count = n + extra;
	return 0;
}

void tool_output_arg(struct tool_output *o, const struct tool_columns *t,
		     const char *arg)
{
	struct tool_collist_error err;
	int r;

	r = tool_output_parse(o, t, arg, &err);
	if (r == -E2BIG) {
		tool_warn(0, "too many columns specified");
		exit(TOOL_EXIT_FAILURE);
	}
	if (r < 0) {
		char *name = strndup(err.name, err.len);

		/* in util-linux's words (and translation) */
		tool_warn(name ? 0 : -ENOMEM, "unknown column: %s",
			  name ? name : "");
		free(name);
		exit(TOOL_EXIT_FAILURE);
	}
}

void tool_output_defaults(struct tool_output *o, const struct tool_columns *t,
			  const int *defaults, size_t ndefaults)
{
	if (tool_output_finish(o, t, defaults, ndefaults) < 0) {
		tool_warn(0, "too many columns specified");
		exit(TOOL_EXIT_FAILURE);
	}
}

int tool_list_columns(const struct tool_columns *t, unsigned int flags,
		      FILE *out)
{
	struct libscols_table *tb = scols_new_table();
	int r = -ENOMEM;

	if (!tb)
		return -ENOMEM;
	if (scols_table_set_name(tb, t->name) < 0 ||
	    scols_table_set_stream(tb, out) < 0)
		goto out;
	/* (JSON wins: raw would turn it off) */
	if (flags & TOOL_LIST_JSON)
		scols_table_enable_json(tb, 1);
	else if (flags & TOOL_LIST_RAW)
		scols_table_enable_raw(tb, 1);
	/* The names say what they are: no header line (as 2.42). */
	scols_table_enable_noheadings(tb, 1);
	if (!scols_table_new_column(tb, "HOLDER", 0, SCOLS_FL_RIGHT) ||
	    !scols_table_new_column(tb, "TYPE", 0, 0) ||
	    !scols_table_new_column(tb, "DESCRIPTION", 0, 0))
		goto out;
	for (size_t i = 0; i < t->count; i++) {
		const struct tool_column *c = &t->cols[i];
		struct libscols_line *ln = scols_table_new_line(tb, NULL);

		if (!ln || scols_line_set_data(ln, 0, c->name) < 0 ||
		    scols_line_set_data(ln, 1, tool_col_type_name(c->type)) < 0 ||
		    scols_line_set_data(ln, 2, _(c->help)) < 0)
			goto out;
	}
	r = scols_print_table(tb);
	if (r > 0)
		r = -r;
out:
	scols_unref_table(tb);
	return r;
}
