// SPDX-License-Identifier: MIT
/*
 * lsns -Q EXPR: the tools kit's own filter (tools/common/filter*.c,
 * scols-filter(5)'s grammar: built into the tools only where
 * libsmartcols has no filter, fuzzed everywhere): the parser and the
 * evaluator against a row.
 *
 * Input: the expression's line, then one line per column of lsns's
 * table, in its order (NS TYPE PATH NPROCS PID PPID COMMAND UID USER
 * NETNSID NSFS PNS ONS), an empty line an empty cell. Checks: a parse
 * fails with -EINVAL and a message or gives a filter whose columns
 * are known ones, each once; a match is 0, 1 or -errno.
 *
 * Not fuzzed: regular expressions with many '+' or more than one '{'.
 * glibc's regcomp(3) copies the tree for each of them, so its time is
 * exponential in stacked ones ("a" and 22 '+' take 4 s, each further
 * two 4 to 5 times that); util-linux 2.42's lsns -Q, on libsmartcols'
 * filter, takes exactly as long. That is glibc's, not ours to find.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <strings.h>

#include "filter.h"
#include "fuzz.h"

static const struct {
	const char *name;
	bool numeric;
} columns[] = {
	{ "NS", true },	       { "TYPE", false },     { "PATH", false },
	{ "NPROCS", true },    { "PID", true },	      { "PPID", true },
	{ "COMMAND", false },  { "UID", true },	      { "USER", false },
	{ "NETNSID", true },   { "NSFS", false },     { "PNS", true },
	{ "ONS", true },
};
#define NCOLUMNS (sizeof(columns) / sizeof(columns[0]))

struct row {
	const char *cells[NCOLUMNS];
	unsigned int fetched;
};

static int lookup(const char *name, size_t len, void *userdata,
		  bool *ret_numeric)
{
	(void)userdata;
	for (size_t i = 0; i < NCOLUMNS; i++) {
		if (strlen(columns[i].name) == len &&
		    strncasecmp(columns[i].name, name, len) == 0) {
			*ret_numeric = columns[i].numeric;
			return (int)i;
		}
	}
	return -1;
}

static bool regcomp_bomb(const char *expr)
{
	size_t plus = 0, brace = 0;

	for (const char *p = expr; *p; p++) {
		plus += *p == '+';
		brace += *p == '{';
	}
	return plus > 8 || brace > 1;
}

static char *fetch(int id, void *userdata, int *ret_err)
{
	struct row *row = userdata;
	char *s;

	FUZZ_CHECK(id >= 0 && (size_t)id < NCOLUMNS);
	row->fetched++;
	if (!row->cells[id] || !*row->cells[id])
		return NULL;
	s = strdup(row->cells[id]);
	if (!s)
		*ret_err = -ENOMEM;
	return s;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct tool_filter_error err = { 0 };
	struct tool_filter *f = NULL;
	struct row row = { { NULL }, 0 };
	char *buf, *rest, *expr;
	int ids[NCOLUMNS + 1];
	size_t n;
	int r;

	buf = fuzz_string(data, size);
	if (!buf)
		return 0;
	rest = buf;
	expr = fuzz_line(&rest);
	for (size_t i = 0; i < NCOLUMNS && rest; i++)
		row.cells[i] = fuzz_line(&rest);

	if (regcomp_bomb(expr)) {
		free(buf);
		return 0;
	}
	r = tool_filter_parse(expr, lookup, NULL, &f, &err);
	if (r < 0) {
		FUZZ_CHECK(r == -EINVAL || r == -ENOMEM);
		if (r == -EINVAL) {
			FUZZ_CHECK(err.message[0] != '\0');
			FUZZ_CHECK(err.pos <= strlen(expr));
		}
		free(buf);
		return 0;
	}
	n = tool_filter_columns(f, ids, NCOLUMNS + 1);
	FUZZ_CHECK(n <= NCOLUMNS);
	for (size_t i = 0; i < n; i++) {
		FUZZ_CHECK(ids[i] >= 0 && (size_t)ids[i] < NCOLUMNS);
		for (size_t j = 0; j < i; j++)
			FUZZ_CHECK(ids[i] != ids[j]);
	}
	r = tool_filter_match(f, fetch, &row);
	/* -EINVAL, -ERANGE: a value that does not convert, found when
	 * applied ("failed to apply filter", as libsmartcols) */
	FUZZ_CHECK(r == 0 || r == 1 || r == -EINVAL || r == -ERANGE ||
		   r == -ENOMEM);
	/* the same row, the same answer */
	FUZZ_CHECK(tool_filter_match(f, fetch, &row) == r);
	tool_filter_free(f);
	free(buf);
	return 0;
}
