// SPDX-License-Identifier: MIT
/* JSON written as it goes, escaped as libsmartcols does: jsonout.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jsonout.h"

/* @s escaped (see jsonout.h), without the quotes. */
static void escape_into(FILE *out, const char *s)
{
	static const char named[] = { ['\b'] = 'b', ['\f'] = 'f',
				      ['\n'] = 'n', ['\r'] = 'r',
				      ['\t'] = 't' };

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
}

void tool_json_string(FILE *out, const char *s)
{
	fputc('"', out);
	escape_into(out, s);
	fputc('"', out);
}

/*
 * The length of the well-formed UTF-8 sequence at @c (RFC 3629: no
 * overlong form, no surrogate, nothing above U+10FFFF), 0 when none
 * starts there.
 */
static size_t utf8_len(const unsigned char *c)
{
	size_t n;
	unsigned int cp, min;

	if (*c < 0x80)
		return 1;
	if (*c >= 0xc2 && *c <= 0xdf)
		n = 2, cp = *c & 0x1f, min = 0x80;
	else if (*c >= 0xe0 && *c <= 0xef)
		n = 3, cp = *c & 0x0f, min = 0x800;
	else if (*c >= 0xf0 && *c <= 0xf4)
		n = 4, cp = *c & 0x07, min = 0x10000;
	else
		return 0;
	for (size_t i = 1; i < n; i++) {
		if ((c[i] & 0xc0) != 0x80)
			return 0;
		cp = (cp << 6) | (c[i] & 0x3f);
	}
	if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
		return 0;
	return n;
}

void tool_json_string_utf8(FILE *out, const char *s)
{
	const unsigned char *c = (const unsigned char *)s;
	char one[5];

	fputc('"', out);
	while (*c) {
		size_t n = utf8_len(c);

		if (n == 0) {
			fprintf(out, "\\\\x%02x", *c++);
			continue;
		}
		/* a character, escaped as tool_json_string does */
		memcpy(one, c, n);
		one[n] = '\0';
		escape_into(out, one);
		c += n;
	}
	fputc('"', out);
}

char *tool_json_quote(const char *s)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	if (!f)
		return NULL;
	tool_json_string(f, s);
	if (fclose(f) != 0) {
		free(buf);
		return NULL;
	}
	return buf;
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

void tool_json_member_str_utf8(struct tool_json *j, const char *k,
			       const char *value)
{
	key(j, k);
	tool_json_string_utf8(j->out, value);
}

void tool_json_member_int(struct tool_json *j, const char *k, long long v)
{
	key(j, k);
	fprintf(j->out, "%lld", v);
}
