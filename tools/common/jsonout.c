// SPDX-License-Identifier: MIT
/* JSON written as it goes, escaped as libsmartcols does: jsonout.h. */
#include <stdio.h>

#include "jsonout.h"

void tool_json_string(FILE *out, const char *s)
{
	static const char named[] = { ['\b'] = 'b', ['\f'] = 'f',
				      ['\n'] = 'n', ['\r'] = 'r',
				      ['\t'] = 't' };

	fputc('"', out);
	for (const unsigned char *c = (const unsigned char *)s; *c; c++) {
		if (*c == '"' || *c == '\\')
			fprintf(out, "\\%c", *c);
		else if (*c < sizeof(named) && named[*c])
			fprintf(out, "\\%c", named[*c]);
		else if (*c < 0x20)
			fprintf(out, "\\u%04x", *c);
		else
			fputc(*c, out);
	}
	fputc('"', out);
}

void tool_json_init(struct tool_json *j, FILE *out)
{
	j->out = out;
	j->depth = 0;
}

/* A comma before all but the first value of the level we are in. */
static void separate(struct tool_json *j)
{
	if (j->depth == 0 || j->depth > TOOL_JSON_DEPTH)
		return; /* deeper than the header allows: no commas */
	if (!j->first[j->depth - 1])
		fputc(',', j->out);
	j->first[j->depth - 1] = false;
}

static void begin(struct tool_json *j, char c)
{
	separate(j);
	fputc(c, j->out);
	if (j->depth < TOOL_JSON_DEPTH)
		j->first[j->depth] = true;
	j->depth++;
}

static void end(struct tool_json *j, char c)
{
	if (j->depth > 0)
		j->depth--;
	fputc(c, j->out);
	if (j->depth == 0)
		fputc('\n', j->out);
}

void tool_json_array_begin(struct tool_json *j)
{
	begin(j, '[');
}

void tool_json_array_end(struct tool_json *j)
{
	end(j, ']');
}

void tool_json_object_begin(struct tool_json *j)
{
	begin(j, '{');
}

void tool_json_object_end(struct tool_json *j)
{
	end(j, '}');
}

static void key(struct tool_json *j, const char *k)
{
	separate(j);
	tool_json_string(j->out, k);
	fputc(':', j->out);
}

void tool_json_member_str(struct tool_json *j, const char *k,
			  const char *value)
{
	key(j, k);
	tool_json_string(j->out, value);
}

void tool_json_member_int(struct tool_json *j, const char *k, long long v)
{
	key(j, k);
	fprintf(j->out, "%lld", v);
}
