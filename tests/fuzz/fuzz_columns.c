// SPDX-License-Identifier: MIT
/*
 * Column lists of the tools (-o LIST, -o +LIST, --output-all; the
 * tools kit: tools/common/collist.c, columns.c), with lsns's table.
 *
 * Input: one -o argument per line; a line "--output-all" stands for
 * that option. Checks: a failed argument leaves the output as it was
 * and names an element of itself; a list never holds more than
 * TOOL_MAX_COLUMNS ids, all of the table; the defaults are added as
 * the options say.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <libsmartcols.h>

#include "columns.h"
#include "fuzz.h"

static const struct tool_column cols[] = {
	{ "NS", 10, SCOLS_FL_RIGHT, TOOL_COL_NUMBER, "", 0 },
	{ "TYPE", 5, 0, TOOL_COL_STRING, "", 0 },
	{ "PATH", 0, 0, TOOL_COL_STRING, "", 0 },
	{ "NPROCS", 5, SCOLS_FL_RIGHT, TOOL_COL_NUMBER, "", 0 },
	{ "PID", 5, SCOLS_FL_RIGHT, TOOL_COL_NUMBER, "", 0 },
	{ "PPID", 5, SCOLS_FL_RIGHT, TOOL_COL_NUMBER, "", 0 },
	{ "COMMAND", 0, SCOLS_FL_TRUNC, TOOL_COL_STRING, "", 0 },
	{ "UID", 0, SCOLS_FL_RIGHT, TOOL_COL_NUMBER, "", 0 },
	{ "USER", 0, 0, TOOL_COL_STRING, "", 0 },
	{ "NETNSID", 0, SCOLS_FL_RIGHT, TOOL_COL_NUMBER_OR_STRING, "", 0 },
	{ "NSFS", 0, SCOLS_FL_WRAP, TOOL_COL_STRING, "", 0 },
	{ "PNS", 10, SCOLS_FL_RIGHT, TOOL_COL_NUMBER, "", 0 },
	{ "ONS", 10, SCOLS_FL_RIGHT, TOOL_COL_NUMBER, "", 0 },
};
static const struct tool_columns table = {
	cols, sizeof(cols) / sizeof(cols[0]), "lsns-columns"
};
static const int defaults[] = { 0, 1, 3, 4, 8, 6 };

static void check_ids(const struct tool_output *o)
{
	FUZZ_CHECK(o->count <= TOOL_MAX_COLUMNS);
	for (size_t i = 0; i < o->count; i++)
		FUZZ_CHECK(o->ids[i] >= 0 && (size_t)o->ids[i] < table.count);
}

static void one_arg(struct tool_output *o, const char *arg)
{
	static struct tool_output before;
	struct tool_collist_error err = { NULL, 0 };
	int r;

	if (strcmp(arg, "--output-all") == 0) {
		o->all = true;
		return;
	}
	before = *o;
	r = tool_output_parse(o, &table, arg, &err);
	if (r < 0) {
		FUZZ_CHECK(r == -EINVAL || r == -E2BIG);
		FUZZ_CHECK(memcmp(&before, o, sizeof(*o)) == 0);
		if (r == -EINVAL)
			FUZZ_CHECK(err.name >= arg &&
				   err.name + err.len <= arg + strlen(arg));
		return;
	}
	FUZZ_CHECK(o->given && o->plus == (arg[0] == '+'));
	check_ids(o);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct tool_output o;
	char *buf = fuzz_string(data, size), *rest = buf, *arg;
	size_t plus_count;
	int r;

	if (!buf)
		return 0;
	memset(&o, 0, sizeof(o));
	while ((arg = fuzz_line(&rest)))
		one_arg(&o, arg);
	plus_count = o.plus ? o.count : 0;
	r = tool_output_finish(&o, &table, defaults,
			       sizeof(defaults) / sizeof(defaults[0]));
	if (r == 0) {
		check_ids(&o);
		if (!o.given || o.plus)
			FUZZ_CHECK(o.count == plus_count +
				   (o.all ? table.count
					  : sizeof(defaults) / sizeof(defaults[0])));
	} else {
		FUZZ_CHECK(r == -E2BIG);
	}
	free(buf);
	return 0;
}
