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

/*
 * Messages as util-linux 2.42's lsns words them: the parser's own
 * message; a column the expression names that lsns has not, then that
 * the filter could not be set up.
 */
static int setup_scols(struct lsns_filter *f, const char *expr)
{
	struct libscols_iter *itr = NULL;
	const char *name;
	int r;

	f->scols = scols_new_filter(NULL);
	f->scratch = scols_new_table();
	if (!f->scols || !f->scratch)
		goto nomem;
	if (scols_filter_parse_string(f->scols, expr) != 0) {
		const char *msg = scols_filter_get_errmsg(f->scols);

		tool_warn(0, "failed to parse \"%s\": %s", expr,
			  msg ? msg : "syntax error");
		return -EINVAL;
	}
	for (int i = 0; i < LSNS_COL_COUNT; i++) {
		struct libscols_column *cl = scols_table_new_column(
			f->scratch, lsns_column_info(i)->name, 0, 0);

		if (!cl)
			goto nomem;
		scols_column_set_data_type(cl, scols_data_type(i));
	}
	itr = scols_new_iter(SCOLS_ITER_FORWARD);
	if (!itr)
		goto nomem;
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
nomem:
	tool_warn(-ENOMEM, "failed to initialize filter");
	return -ENOMEM;
}

int lsns_filter_new(const char *expr, struct lsns_filter **ret_filter)
{
	struct lsns_filter *f = calloc(1, sizeof(*f));
	int r;

	if (!f) {
		tool_warn(-ENOMEM, "failed to initialize filter");
		return -ENOMEM;
	}
	r = setup_scols(f, expr);
	if (r < 0) {
		lsns_filter_free(f);
		return r;
	}
	*ret_filter = f;
	return 0;
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

	if (col >= 0)
		*ret_numeric = lsns_column_info(col)->type != TOOL_COL_STRING;
	return col;
}

int lsns_filter_new(const char *expr, struct lsns_filter **ret_filter)
{
	struct tool_filter_error err = { 0 };
	struct lsns_filter *f = calloc(1, sizeof(*f));
	int r;

	if (!f)
		r = -ENOMEM;
	else
		r = tool_filter_parse(expr, own_lookup, NULL, &f->own, &err);
	if (r == -EINVAL)
		tool_warn(0, "failed to parse filter '%s': %s (at offset %zu)",
			  expr, err.message, err.pos);
	else if (r < 0)
		tool_warn(r, "failed to parse filter '%s'", expr);
	if (r < 0) {
		free(f);
		return r;
	}
	*ret_filter = f;
	return 0;
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
	free(f);
}

#endif
