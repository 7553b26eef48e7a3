/* SPDX-License-Identifier: MIT */
/*
 * Row filter expressions in the grammar of libsmartcols' filters
 * (scols-filter(5)), for libsmartcols versions without a filter API.
 *
 *   expr  := expr ("&&" | "and" | "||" | "or") expr
 *          | ("!" | "not") expr | expr CMP expr | "(" expr ")"
 *          | NUMBER | FLOAT | STRING | "true" | "false" | COLUMN
 *   CMP   := "==" "eq" "!=" "ne" "<" "lt" "<=" "le" ">" "gt" ">=" "ge"
 *          | "=~" | "!~"   (right side: a string literal, an ERE)
 *   STRING := "..." | '...'  (no escapes)
 *
 * As in libsmartcols 2.41 (checked side by side): "and" and "or" bind
 * equally, from the left; "not" binds tightest, comparisons in between.
 * Keywords are case-insensitive. A bare value is true when it is a
 * non-empty text or a non-zero number. A column declared numeric holds
 * a number when its text is one; comparing a number with a text
 * compares numbers if the text is one, else the two are only unequal
 * (NETNSID "unassigned" is != 5, not > 5). An empty cell equals nothing,
 * sorts before any text and does not compare with numbers. Comparing
 * a text column with a number literal is refused when parsing.
 */
#ifndef NSTOOLS_FILTER_H
#define NSTOOLS_FILTER_H

#include <stdbool.h>
#include <stddef.h>

struct tool_filter;

/*
 * Map a column name of @len bytes to an id >= 0 (or < 0: unknown);
 * set *@ret_numeric for columns that hold numbers.
 */
typedef int (*tool_filter_lookup_t)(const char *name, size_t len,
				  void *userdata, bool *ret_numeric);

/*
 * The text of column @id in the row being evaluated: malloc'd (the
 * filter frees it), NULL for an empty cell; set *@ret_err (-ENOMEM)
 * and return NULL on failure.
 */
typedef char *(*tool_filter_fetch_t)(int id, void *row, int *ret_err);

struct tool_filter_error {
	size_t pos;	    /* byte offset in the expression */
	char message[128];  /* what is wrong, for the user */
};

/*
 * Compile @expr. -EINVAL with @ret_err filled on a syntax error or an
 * unknown column, -ENOMEM.
 */
int tool_filter_parse(const char *expr, tool_filter_lookup_t lookup,
		    void *userdata, struct tool_filter **ret_filter,
		    struct tool_filter_error *ret_err);

/* Evaluate for one row; 1 match, 0 no match, -errno. */
int tool_filter_match(const struct tool_filter *filter, tool_filter_fetch_t fetch,
		    void *row);

/* The column ids the expression reads (each once), at most @max. */
size_t tool_filter_columns(const struct tool_filter *filter, int *ids,
			 size_t max);

void tool_filter_free(struct tool_filter *filter);

#endif
