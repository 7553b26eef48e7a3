/* SPDX-License-Identifier: MIT */
/*
 * JSON written as it goes, for output that libsmartcols cannot shape
 * (ip netns' bare arrays, [{"name":"a","id":5}], and one object per
 * line). Arrays and objects nest; members are strings or integers;
 * the outermost value ends its line.
 *
 * Strings are escaped as libsmartcols escapes them in its JSON (as
 * lsns -J prints them, util-linux 2.38 and 2.42 alike): '"' and '\'
 * with a backslash, \b \f \n \r \t by name, the other bytes below 0x20
 * as \u00XX; every other byte as it is: UTF-8 passes unchanged, and
 * so do bytes that are not UTF-8 (a name is whatever bytes the file
 * system holds; no escape of RFC 8259 stands for a lone byte).
 */
#ifndef NSTOOLS_JSONOUT_H
#define NSTOOLS_JSONOUT_H

#include <stdbool.h>
#include <stdio.h>

#define TOOL_JSON_DEPTH 8

struct tool_json {
	FILE *out;
	int depth;
	bool first[TOOL_JSON_DEPTH]; /* nothing in it yet, per level */
};

void tool_json_init(struct tool_json *j, FILE *out);

/* An array or object: as an element of the array it is in, or alone. */
void tool_json_array_begin(struct tool_json *j);
void tool_json_array_end(struct tool_json *j);
void tool_json_object_begin(struct tool_json *j);
void tool_json_object_end(struct tool_json *j);

/* "key":"value" and "key":N in the object being written. */
void tool_json_member_str(struct tool_json *j, const char *key,
			  const char *value);
void tool_json_member_int(struct tool_json *j, const char *key, long long v);

/* @s quoted and escaped (see above). */
void tool_json_string(FILE *out, const char *s);

/*
 * The same, but always valid JSON (RFC 8259 text is UTF-8): a byte
 * that is no part of well-formed UTF-8 is written as the four
 * characters \xHH (the JSON text "\\xHH"), as util-linux's column -J
 * writes such bytes (ip -j netns, like libsmartcols, writes them as
 * they are: no JSON). For netns, whose names are file names.
 */
void tool_json_string_utf8(FILE *out, const char *s);
void tool_json_member_str_utf8(struct tool_json *j, const char *key,
			       const char *value);

/*
 * The same in a malloc'd string (NULL when out of memory): for a word
 * in a column that libsmartcols prints as a JSON number (lsns NETNSID
 * "unassigned"), which must then carry its own quotes.
 */
char *tool_json_quote(const char *s);

#endif
