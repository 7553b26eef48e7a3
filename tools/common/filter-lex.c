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
 * past k = 308, and inf / inf is NaN), then up to 19 significant
 * digits, all that a double holds; any further ones change nothing.
 */
static double parse_fraction(const char **pp)
{
	double frac = 0, scale = 1;
	const char *p = *pp;
	size_t zeros = 0;

	for (; *p == '0'; p++)
		zeros++;
	for (; isdigit((unsigned char)*p); p++) {
		if (frac >= 1e18)
			continue;
		frac = frac * 10 + (*p - '0');
		scale *= 10;
	}
	frac /= scale;
	/* 1e22 is the largest power of ten a double holds exactly */
	while (zeros > 0 && frac != 0) {
		size_t n = zeros < 22 ? zeros : 22;
		double pow = 1;

		for (size_t i = 0; i < n; i++)
			pow *= 10;
		frac /= pow;
		zeros -= n;
	}
	*pp = p;
	return frac;
}

bool filter_parse_decimal(const char *s, double *ret)
{
	double whole = 0, frac = 0;
	const char *p = s;

	if (!isdigit((unsigned char)*p))
		return false;
	for (; isdigit((unsigned char)*p); p++)
		whole = whole * 10 + (*p - '0');
	if (*p == '.') {
		if (!isdigit((unsigned char)*++p))
			return false;
		frac = parse_fraction(&p);
	}
	if (*p)
		return false;
	*ret = whole + frac;
	return true;
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
	return isalpha((unsigned char)c) || c == '_';
}

static bool is_name_char(char c)
{
	return isalnum((unsigned char)c) || (c && strchr("_.%:/-", c));
}

static const struct {
	const char *word;
	enum token tok;
	enum op op;
	bool boolean;
} keywords[] = {
	{ "or", T_OR, 0, false },    { "and", T_AND, 0, false },
	{ "not", T_NOT, 0, false },  { "eq", T_CMP, OP_EQ, false },
	{ "ne", T_CMP, OP_NE, false }, { "lt", T_CMP, OP_LT, false },
	{ "le", T_CMP, OP_LE, false }, { "gt", T_CMP, OP_GT, false },
	{ "ge", T_CMP, OP_GE, false }, { "true", T_BOOL, 0, true },
	{ "false", T_BOOL, 0, false },
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
	const char *end = strchr(body, quote);
	size_t len;

	if (!end)
		return filter_fail(p, p->pos, "unterminated string");
	len = (size_t)(end - body); /* no escapes: the other quote holds one */
	p->str = strndup(body, len);
	if (!p->str)
		return -ENOMEM;
	p->pos += len + 2;
	p->tok = T_STRING;
	return 0;
}

static int lex_number(struct parser *p)
{
	const char *start = p->s + p->pos;
	size_t len = strspn(start, "0123456789");
	char text[64];
	int r;

	p->num = (struct number){ 0 };
	if (start[len] == '.' && isdigit((unsigned char)start[len + 1])) {
		len += 1 + strspn(start + len + 1, "0123456789");
		if (len >= sizeof(text))
			return filter_fail(p, p->pos, "number too long");
		memcpy(text, start, len);
		text[len] = '\0';
		if (!filter_parse_decimal(text, &p->num.d))
			return filter_fail(p, p->pos, "invalid number '%s'", text);
		p->num.is_float = true;
	} else {
		if (len >= sizeof(text))
			return filter_fail(p, p->pos, "number too long");
		memcpy(text, start, len);
		text[len] = '\0';
		r = ns_parse_u64(text, &p->num.u);
		if (r < 0)
			return filter_fail(p, p->pos, "number out of range: %s", text);
		p->num.d = (double)p->num.u;
	}
	if (is_name_char(start[len]))
		return filter_fail(p, p->pos, "invalid number");
	p->pos += len;
	p->tok = T_NUMBER;
	return 0;
}

int filter_next(struct parser *p)
{
	const char *s;

	while (isspace((unsigned char)p->s[p->pos]))
		p->pos++;
	p->tok_pos = p->pos;
	s = p->s + p->pos;
	free(p->str);
	p->str = NULL;

	if (*s == '\0') {
		p->tok = T_END;
	} else if (*s == '"' || *s == '\'') {
		int r = lex_string(p);

		if (r < 0)
			return r;
	} else if (isdigit((unsigned char)*s)) {
		int r = lex_number(p);

		if (r < 0)
			return r;
	} else if (is_name_start(*s)) {
		size_t len = 1;

		while (is_name_char(s[len]))
			len++;
		p->tok = T_NAME;
		for (size_t i = 0; i < NS_ARRAY_SIZE(keywords); i++) {
			if (strlen(keywords[i].word) == len &&
			    strncasecmp(keywords[i].word, s, len) == 0) {
				p->tok = keywords[i].tok;
				p->op = keywords[i].op;
				p->boolean = keywords[i].boolean;
				break;
			}
		}
		p->pos += len;
	} else {
		size_t i;

		for (i = 0; i < NS_ARRAY_SIZE(symbols); i++) {
			size_t len = strlen(symbols[i].text);

			if (strncmp(s, symbols[i].text, len) == 0) {
				p->tok = symbols[i].tok;
				p->op = symbols[i].op;
				p->pos += len;
				break;
			}
		}
		if (i == NS_ARRAY_SIZE(symbols)) {
			if (*s == '=')
				return filter_fail(p, p->pos,
					    "unexpected '=' (use '==' to compare)");
			return filter_fail(p, p->pos, "unexpected '%c'", *s);
		}
	}
	p->tok_len = p->pos - p->tok_pos;
	return 0;
}
