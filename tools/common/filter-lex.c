// SPDX-License-Identifier: MIT
/* The row filter's lexer: the expression cut into tokens. */
#define _GNU_SOURCE
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "filter-internal.h"
#include "libns/base.h"

/*
 * The fraction's digits: its leading zeros count apart (10^k is inf
 * past the type's range, and inf / inf is NaN), then up to 19
 * significant digits; any further ones change nothing.
 */
static long double parse_fraction(const char **pp)
{
	long double frac = 0, scale = 1;
	const char *p = *pp;
	size_t zeros = 0;

	for (; *p == '0'; p++)
		zeros++;
	for (; isdigit((unsigned char)*p); p++) {
		if (frac >= 1e18L)
			continue;
		frac = frac * 10 + (*p - '0');
		scale *= 10;
	}
	frac /= scale;
	/* 1e22 is a power of ten held exactly */
	while (zeros > 0 && frac != 0) {
		size_t n = zeros < 22 ? zeros : 22;
		long double pow = 1;

		for (size_t i = 0; i < n; i++)
			pow *= 10;
		frac /= pow;
		zeros -= n;
	}
	*pp = p;
	return frac;
}

bool filter_parse_decimal(const char *s, long double *ret)
{
	long double whole = 0, frac = 0;
	const char *p = s;

	if (!isdigit((unsigned char)*p))
		return false;
	for (; isdigit((unsigned char)*p); p++)
		whole = whole * 10 + (*p - '0');
	if (*p == '.') {
		p++;
		frac = parse_fraction(&p);
	}
	if (*p)
		return false;
	*ret = whole + frac;
	return true;
}

void filter_echo(struct parser *p, char c)
{
	struct tool_filter_error *e = p->err;

	if (!e)
		return;
	if (e->echo_len < sizeof(e->echo) - 1) {
		e->echo[e->echo_len] = c;
		e->echo[e->echo_len + 1] = '\0';
	}
	e->echo_len++;
}

int filter_fail(struct parser *p, size_t pos, const char *fmt, ...)
{
	va_list ap;

	if (p->err) {
		p->err->pos = pos;
		va_start(ap, fmt);
		vsnprintf(p->err->message, sizeof(p->err->message), fmt, ap);
		va_end(ap);
	}
	return -EINVAL;
}

static bool is_name_start(char c)
{
	return isalpha((unsigned char)c);
}

static bool is_name_char(char c)
{
	return isalnum((unsigned char)c) || (c && strchr("_.%:/-", c));
}

/* All lower case or all upper case, as libsmartcols' scanner has them. */
static const struct {
	const char *lower, *upper;
	enum token tok;
	enum op op;
	bool boolean;
} keywords[] = {
	{ "or", "OR", T_OR, 0, false },	   { "and", "AND", T_AND, 0, false },
	{ "not", "NOT", T_NOT, 0, false },  { "eq", "EQ", T_CMP, OP_EQ, false },
	{ "ne", "NE", T_CMP, OP_NE, false }, { "lt", "LT", T_CMP, OP_LT, false },
	{ "le", "LE", T_CMP, OP_LE, false }, { "gt", "GT", T_CMP, OP_GT, false },
	{ "ge", "GE", T_CMP, OP_GE, false }, { "true", "TRUE", T_BOOL, 0, true },
	{ "false", "FALSE", T_BOOL, 0, false },
};

static const struct {
	const char *text;
	enum token tok;
	enum op op;
} symbols[] = {
	/* longest first */
	{ "&&", T_AND, 0 },	 { "||", T_OR, 0 },	{ "==", T_CMP, OP_EQ },
	{ "!=", T_CMP, OP_NE },	 { "<=", T_CMP, OP_LE }, { ">=", T_CMP, OP_GE },
	{ "=~", T_CMP, OP_MATCH }, { "!~", T_CMP, OP_NOMATCH },
	{ "<", T_CMP, OP_LT },	 { ">", T_CMP, OP_GT }, { "!", T_NOT, 0 },
	{ "(", T_LPAREN, 0 },	 { ")", T_RPAREN, 0 },
};

/*
 * A string token takes exactly its own length: a long filter is mostly
 * strings ("'' || '' || ..."), and every one of them stays in the tree.
 */
static int lex_string(struct parser *p)
{
	const char quote = p->s[p->pos];
	const char *body = p->s + p->pos + 1;
	size_t len = strcspn(body, quote == '"' ? "\"\n" : "'\n");

	if (body[len] != quote) {
		/* no string: the scanner has no rule for a lone '"' */
		if (quote == '\'')
			return filter_fail(p, p->pos, "unterminated string");
		filter_echo(p, quote);
		p->pos++;
		return 1;
	}
	p->pos += len + 2;
	/* no escapes: the other quote holds one; white space around the
	 * text is dropped, as libsmartcols does */
	while (len > 0 && isspace((unsigned char)*body)) {
		body++;
		len--;
	}
	while (len > 0 && isspace((unsigned char)body[len - 1]))
		len--;
	p->str = strndup(body, len);
	if (!p->str)
		return -ENOMEM;
	p->tok = T_STRING;
	return 0;
}

/* [KMGTPEZY] after the digits: its power of 1024, 0 if none. */
static unsigned int size_suffix(char c)
{
	const char *units = "KMGTPEZY";
	const char *u = c ? strchr(units, c) : NULL;

	return u ? (unsigned int)(u - units) + 1 : 0;
}

/*
 * Digits, a float (digits "." digits), or digits with a size suffix
 * (K, KiB, ... Y). Plain digits beyond 2^64-1 stay at 2^64-1, as
 * strtoull leaves them; a suffix that overflows is an error.
 */
static int lex_number(struct parser *p)
{
	const char *start = p->s + p->pos;
	size_t len = strspn(start, "0123456789");
	unsigned int power = size_suffix(start[len]);
	uint64_t u = 0;
	char text[80];

	p->num = (struct number){ 0 };
	if (start[len] == '.' && isdigit((unsigned char)start[len + 1])) {
		/* "1." is a number and a '.' that starts no token */
		len += 1 + strspn(start + len + 1, "0123456789");
		if (len >= sizeof(text))
			return filter_fail(p, p->pos, "number too long");
		memcpy(text, start, len);
		text[len] = '\0';
		if (!filter_parse_decimal(text, &p->num.d))
			return filter_fail(p, p->pos, "invalid number '%s'", text);
		p->num.is_float = true;
		p->pos += len;
		p->tok = T_NUMBER;
		return 0;
	}
	for (size_t i = 0; i < len; i++) {
		unsigned int digit = (unsigned int)(start[i] - '0');

		u = u > (UINT64_MAX - digit) / 10 ? UINT64_MAX : u * 10 + digit;
	}
	if (power) {
		for (unsigned int i = 0; i < power; i++) {
			if (u > UINT64_MAX / 1024)
				return filter_fail(p, p->pos,
					    "number out of range: %.*s",
					    (int)len + 1, start);
			u *= 1024;
		}
		len += strncmp(start + len + 1, "iB", 2) == 0 ? 3 : 1;
	}
	p->num.u = u;
	p->num.d = (long double)u;
	p->pos += len;
	p->tok = T_NUMBER;
	return 0;
}

static void lex_name(struct parser *p, const char *s)
{
	size_t len = 1;

	while (is_name_char(s[len]))
		len++;
	p->tok = T_NAME;
	for (size_t i = 0; i < NS_ARRAY_SIZE(keywords); i++) {
		if (strlen(keywords[i].lower) == len &&
		    (strncmp(keywords[i].lower, s, len) == 0 ||
		     strncmp(keywords[i].upper, s, len) == 0)) {
			p->tok = keywords[i].tok;
			p->op = keywords[i].op;
			p->boolean = keywords[i].boolean;
			break;
		}
	}
	p->pos += len;
}

/* An operator or parenthesis at @s: 1, or 0 when none starts there. */
static int lex_symbol(struct parser *p, const char *s)
{
	for (size_t i = 0; i < NS_ARRAY_SIZE(symbols); i++) {
		size_t len = strlen(symbols[i].text);

		if (strncmp(s, symbols[i].text, len) == 0) {
			p->tok = symbols[i].tok;
			p->op = symbols[i].op;
			p->pos += len;
			return 1;
		}
	}
	return 0;
}

/* One token, 1 when a character was skipped instead, or -errno. */
static int lex_one(struct parser *p)
{
	const char *s = p->s + p->pos;

	if (*s == '\0') {
		p->tok = T_END;
		return 0;
	}
	if (*s == '"' || *s == '\'')
		return lex_string(p);
	if (isdigit((unsigned char)*s))
		return lex_number(p);
	if (is_name_start(*s)) {
		lex_name(p, s);
		return 0;
	}
	if (lex_symbol(p, s))
		return 0;
	/* no rule for it: skipped, and echoed as libsmartcols does */
	filter_echo(p, *s);
	p->pos++;
	return 1;
}

int filter_next(struct parser *p)
{
	int r;

	free(p->str);
	p->str = NULL;
	do {
		while (isspace((unsigned char)p->s[p->pos]))
			p->pos++;
		p->tok_pos = p->pos;
		r = lex_one(p);
	} while (r == 1);
	if (r < 0)
		return r;
	p->tok_len = p->pos - p->tok_pos;
	return 0;
}
