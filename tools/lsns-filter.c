// SPDX-License-Identifier: MIT
/*
 * lsns -Q: libsmartcols' own filter where the library has one (2.40
 * and later), otherwise the tools kit's evaluator of the same grammar
 * (tools/common/filter*.c; Debian 12 ships 2.38). Either way a row is judged by the text of its cells,
 * the same text the table shows.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <libsmartcols.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "lsns.h"
#include "toolutil.h"

struct lsns_filter {
#if HAVE_SCOLS_FILTER
	struct libscols_filter *scols;
	struct libscols_table *scratch; /* one column per LSNS_COL_* */
	int columns[LSNS_COL_COUNT];
	size_t ncolumns;
#else
	char *expr;
	struct tool_filter *own;
#endif
};

#if HAVE_SCOLS_FILTER

static int scols_data_type(int col)
{
	return lsns_column_info(col)->type == TOOL_COL_NUMBER
		       ? SCOLS_DATA_U64
		       : SCOLS_DATA_STRING;
}

/* The syntax, when -Q is met: the parser's own message, as 2.42. */
int lsns_filter_new(const char *expr, struct lsns_filter **ret_filter)
{
	struct lsns_filter *f = calloc(1, sizeof(*f));

	if (!f || !(f->scols = scols_new_filter(NULL))) {
		free(f);
		tool_warn(-ENOMEM, "failed to initialize filter");
		return -ENOMEM;
	}
	if (scols_filter_parse_string(f->scols, expr) != 0) {
		const char *msg = scols_filter_get_errmsg(f->scols);

		tool_warn(0, "failed to parse \"%s\": %s", expr,
			  msg ? msg : "syntax error");
		lsns_filter_free(f);
		return -EINVAL;
	}
	*ret_filter = f;
	return 0;
}

static int new_scratch(struct lsns_filter *f)
{
	f->scratch = scols_new_table();
	if (!f->scratch)
		return -ENOMEM;
	for (int i = 0; i < LSNS_COL_COUNT; i++) {
		struct libscols_column *cl = scols_table_new_column(
			f->scratch, lsns_column_info(i)->name, 0, 0);

		if (!cl)
			return -ENOMEM;
		scols_column_set_data_type(cl, scols_data_type(i));
	}
	return 0;
}

/*
 * The columns, once the options are read: a column the expression
 * names that lsns has not, then that the filter could not be set up.
 */
int lsns_filter_bind(struct lsns_filter *f)
{
	struct libscols_iter *itr = NULL;
	const char *name;
	int r;

	r = new_scratch(f);
	if (r == 0) {
		itr = scols_new_iter(SCOLS_ITER_FORWARD);
		r = itr ? 0 : -ENOMEM;
	}
	if (r < 0) {
		tool_warn(r, "failed to initialize filter");
		return r;
	}
	/* Hand every column the expression names to the filter. */
	while ((r = scols_filter_next_holder(f->scols, itr, &name, 0)) == 0) {
		int col = lsns_column_lookup(name, strlen(name));

		if (col < 0) {
			tool_warn(0, "unknown column: %s", name);
			r = -EINVAL;
			break;
		}
		r = scols_filter_assign_column(
			f->scols, itr, name,
			scols_table_get_column(f->scratch, (size_t)col));
		if (r < 0)
			break;
		if (f->ncolumns < LSNS_COL_COUNT)
			f->columns[f->ncolumns++] = col;
	}
	scols_free_iter(itr);
	if (r < 0)
		tool_warn(r == -EINVAL ? 0 : r, "failed to initialize filter");
	return r < 0 ? r : 0;
}

size_t lsns_filter_columns(const struct lsns_filter *f, int *ids, size_t max)
{
	size_t n = f->ncolumns < max ? f->ncolumns : max;

	memcpy(ids, f->columns, n * sizeof(*ids));
	return n;
}

int lsns_filter_match(const struct lsns_filter *f, tool_filter_fetch_t fetch,
		      void *row)
{
	struct libscols_line *ln = scols_table_new_line(f->scratch, NULL);
	int status = 0, r = 0;

	if (!ln)
		return -ENOMEM;
	for (size_t i = 0; i < f->ncolumns && r == 0; i++) {
		char *data = fetch(f->columns[i], row, &r);

		if (data && scols_line_refer_data(ln, (size_t)f->columns[i],
						  data) < 0) {
			free(data);
			r = -ENOMEM;
		}
	}
	if (r == 0)
		r = scols_line_apply_filter(ln, f->scols, &status);
	scols_table_remove_line(f->scratch, ln);
	return r < 0 ? r : status != 0;
}

void lsns_filter_free(struct lsns_filter *f)
{
	if (!f)
		return;
	scols_unref_filter(f->scols);
	scols_unref_table(f->scratch);
	free(f);
}

#else /* our own evaluator */

static int own_lookup(const char *name, size_t len, void *userdata,
		      bool *ret_numeric)
{
	int col = lsns_column_lookup(name, len);

	(void)userdata;

	/* NETNSID ("unassigned" or a number) is a string, as in 2.42 */
	if (col >= 0)
		*ret_numeric = lsns_column_info(col)->type == TOOL_COL_NUMBER;
	return col;
}

/* Any name is a column for now: the syntax alone, at -Q. */
static int any_column(const char *name, size_t len, void *userdata,
		      bool *ret_numeric)
{
	(void)name;
	(void)len;
	(void)userdata;
	*ret_numeric = false;
	return 0;
}

static int own_parse(struct lsns_filter *f, tool_filter_lookup_t lookup,
		     bool echo)
{
	struct tool_filter_error err = { 0 };
	int r;

	tool_filter_free(f->own);
	f->own = NULL;
	r = tool_filter_parse(f->expr, lookup, NULL, &f->own, &err);
	/* what libsmartcols' scanner skips, it writes to stdout */
	if (echo && err.echo_len)
		fputs(err.echo, stdout);
	if (r == -EINVAL)
		tool_warn(0, "failed to parse filter '%s': %s (at offset %zu)",
			  f->expr, err.message, err.pos);
	else if (r < 0)
		tool_warn(r, "failed to parse filter '%s'", f->expr);
	return r;
}

int lsns_filter_new(const char *expr, struct lsns_filter **ret_filter)
{
	struct lsns_filter *f = calloc(1, sizeof(*f));
	int r;

	if (f)
		f->expr = strdup(expr);
	if (!f || !f->expr) {
		free(f);
		tool_warn(-ENOMEM, "failed to parse filter '%s'", expr);
		return -ENOMEM;
	}
	r = own_parse(f, any_column, true);
	if (r < 0) {
		lsns_filter_free(f);
		return r;
	}
	*ret_filter = f;
	return 0;
}

int lsns_filter_bind(struct lsns_filter *f)
{
	return own_parse(f, own_lookup, false);
}

size_t lsns_filter_columns(const struct lsns_filter *f, int *ids, size_t max)
{
	return tool_filter_columns(f->own, ids, max);
}

int lsns_filter_match(const struct lsns_filter *f, tool_filter_fetch_t fetch,
		      void *row)
{
	return tool_filter_match(f->own, fetch, row);
}

void lsns_filter_free(struct lsns_filter *f)
{
	if (!f)
		return;
	tool_filter_free(f->own);
	free(f->expr);
	free(f);
}

#endif
