/* SPDX-License-Identifier: MIT */
/*
 * Row filter expressions in the grammar of libsmartcols' filters
 * (scols-filter(5)), for libsmartcols versions without a filter API.
 * Grammar, scanner and evaluation as util-linux 2.42.4's libsmartcols,
 * compared side by side (tests/compat/test_lsns_filter.py):
 *
 *   expr  := expr ("&&" | "and" | "||" | "or") expr
 *          | ("!" | "not") expr | expr CMP expr | "(" expr ")"
 *          | NUMBER | FLOAT | STRING | "true" | "false" | COLUMN
 *   CMP   := "==" "eq" "!=" "ne" "<" "lt" "<=" "le" ">" "gt" ">=" "ge"
 *          | "=~" | "!~"   (right side: a string literal, an ERE)
 *   NUMBER := [0-9]+ | [0-9]+[KMGTPEZY] | [0-9]+[KMGTPEZY]iB
 *   FLOAT := [0-9]+.[0-9]*    STRING := "..." | '...' (no escapes)
 *   COLUMN := [a-zA-Z][a-zA-Z_.%:/-0-9]*
 *
 * Precedence: "and" and "or" bind equally, from the left; "not" binds
 * tightest, comparisons in between. Words are all lower or all upper
 * case ("and", "AND"; "And" is a column name). A character that starts
 * no token is skipped and handed back in the error's echo (libsmartcols'
 * scanner writes it to standard output), except an unterminated single
 * quote, which is an error.
 *
 * Values are texts, numbers, floats or booleans; a column has its
 * column's type, an empty cell is a value without data. A bare value is
 * true when it is a number other than 0 or a text with more than white
 * space. A comparison converts one side to the type of the other: a
 * column to the type of the other side when only one side is a column,
 * else the right side to the type of the left; a number and a float
 * compare as floats. Conversions: a text to a number as strtoull (white
 * space around, no sign but "+"), an error otherwise; a text to a
 * boolean is true for "1", "true" (any case) and words that start with
 * y or Y (white space around); a number to text in decimal, a float as
 * "%Lg", a boolean as "true"/"false". An empty text cell equals only
 * another empty cell and sorts before every text; an empty number cell
 * compares false with numbers (even "!=") and reads as 0 in any other
 * type; an empty text cell stays empty in any type. Errors while
 * evaluating (a text that is no number, a regex on a number or boolean
 * that is not a column) fail the match with -EINVAL or -ERANGE.
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
	/*
	 * The characters the scanner skipped (see above), in order, also
	 * when the expression is valid: at most sizeof(echo) - 1 of them,
	 * echo_len counts all.
	 */
	char echo[64];
	size_t echo_len;
};

/*
 * Compile @expr. -EINVAL with @ret_err filled on a syntax error or an
 * unknown column, -ENOMEM. @ret_err (may be NULL) gets the echo either
 * way. An empty @expr is a syntax error: a caller that takes "" for no
 * filter says so itself.
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
