// SPDX-License-Identifier: MIT
/*
 * The row filter's evaluation: a parsed tree against one row, with
 * libsmartcols' types and conversions (filter.h says which).
 */
#define _GNU_SOURCE
#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <locale.h>
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "filter-internal.h"
#include "libns/base.h"

enum vkind { V_STR, V_NUM, V_FLOAT, V_BOOL };

struct value {
	enum vkind kind;
	bool empty;  /* a cell without data */
	bool column; /* read from a column (a "holder") */
	bool boolean;
	uint64_t u;
	long double d;
	const char *str; /* V_STR, NULL when empty */
	char *owned;	 /* freed after use */
	char buf[64];	 /* a number or float turned into text */
};

static int eval_value(const struct node *n, tool_filter_fetch_t fetch,
		      void *row, struct value *v);

static void value_free(struct value *v)
{
	free(v->owned);
	v->owned = NULL;
}

static const char *skip_space(const char *s)
{
	while (isspace((unsigned char)*s))
		s++;
	return s;
}

static bool only_space(const char *s)
{
	return *skip_space(s) == '\0';
}

/* Text to number: white space around, "+" but no "-", digits. */
static int text_to_u64(const char *s, uint64_t *ret)
{
	uint64_t u = 0;
	const char *p = skip_space(s);

	if (*p == '-')
		return -ERANGE;
	if (*p == '+')
		p++;
	if (!isdigit((unsigned char)*p))
		return -EINVAL;
	for (; isdigit((unsigned char)*p); p++) {
		unsigned int digit = (unsigned int)(*p - '0');

		if (u > (UINT64_MAX - digit) / 10)
			return -ERANGE;
		u = u * 10 + digit;
	}
	if (!only_space(p))
		return -EINVAL;
	*ret = u;
	return 0;
}

/*
 * Text to float, as strtold(3) reads it in the C locale (a sign, an
 * exponent, "inf", hex), white space around.
 */
static int text_to_float(const char *s, long double *ret)
{
	locale_t c = newlocale(LC_NUMERIC_MASK, "C", (locale_t)0);
	long double d;
	char *end;

	if (c == (locale_t)0)
		return -ENOMEM;
	d = strtold_l(s, &end, c);
	freelocale(c);
	if (end == s || !only_space(end))
		return -EINVAL;
	*ret = d;
	return 0;
}

/* Text to boolean: "1", "true" in any case, or a word starting y/Y. */
static bool text_to_bool(const char *s)
{
	const char *p = skip_space(s);
	size_t len = strlen(p);

	while (len > 0 && isspace((unsigned char)p[len - 1]))
		len--;
	if (*p == 'y' || *p == 'Y')
		return true;
	return (len == 1 && *p == '1') ||
	       (len == 4 && strncasecmp(p, "true", 4) == 0);
}

static bool truth(const struct value *v)
{
	if (v->empty)
		return false;
	switch (v->kind) {
	case V_STR:
		return v->str[0] != '\0';
	case V_NUM:
		return v->u != 0;
	case V_FLOAT:
		return v->d != 0;
	case V_BOOL:
		return v->boolean;
	}
	return false;
}

static void to_text(struct value *v)
{
	switch (v->kind) {
	case V_STR:
		return;
	case V_NUM:
		snprintf(v->buf, sizeof(v->buf), "%" PRIu64, v->u);
		break;
	case V_FLOAT:
		snprintf(v->buf, sizeof(v->buf), "%Lg", v->d);
		break;
	case V_BOOL:
		snprintf(v->buf, sizeof(v->buf), "%s",
			 v->boolean ? "true" : "false");
		break;
	}
	v->str = v->buf;
	v->kind = V_STR;
}

/*
 * Convert @v to @kind. An empty text cell stays empty (of any type); an
 * empty number cell reads as 0 in another type.
 */
static int convert(struct value *v, enum vkind kind)
{
	if (v->kind == kind)
		return 0;
	if (v->empty && v->kind != V_NUM) {
		v->kind = kind;
		return 0;
	}
	v->empty = false;
	if (kind == V_STR) {
		to_text(v);
		return 0;
	}
	switch (v->kind) {
	case V_STR:
		if (kind == V_BOOL) {
			v->boolean = text_to_bool(v->str);
			break;
		}
		if (kind == V_NUM) {
			int r = text_to_u64(v->str, &v->u);

			if (r < 0)
				return r;
			break;
		}
		if (text_to_float(v->str, &v->d) < 0)
			return -EINVAL;
		break;
	case V_NUM:
		v->d = (long double)v->u;
		v->boolean = v->u != 0;
		break;
	case V_FLOAT:
		/* saturating: a cast of a value out of range (or NaN) is
		 * undefined (the fuzzer's 66666633333333333333.6) */
		if (!(v->d > 0))
			v->u = 0;
		else if (v->d >= 18446744073709551616.0L)
			v->u = UINT64_MAX;
		else
			v->u = (uint64_t)v->d;
		v->boolean = v->d != 0;
		break;
	case V_BOOL:
		v->u = v->boolean;
		v->d = v->boolean;
		break;
	}
	v->kind = kind;
	return 0;
}

/* How two values of one type compare: <0, 0, >0, or 2: not at all. */
#define NO_ORDER 2

static int order(const struct value *a, const struct value *b)
{
	if (a->kind == V_STR) {
		/* an empty cell equals another, and sorts first */
		int c;

		if (a->empty || b->empty)
			return (int)b->empty - (int)a->empty;
		c = strcmp(a->str, b->str);
		return c < 0 ? -1 : c > 0;
	}
	if (a->empty || b->empty)
		return NO_ORDER;
	switch (a->kind) {
	case V_NUM:
		return a->u < b->u ? -1 : a->u > b->u;
	case V_FLOAT:
		return a->d < b->d ? -1 : a->d > b->d;
	case V_BOOL:
		return (int)a->boolean - (int)b->boolean;
	case V_STR:
		break;
	}
	return NO_ORDER;
}

/*
 * The common type of a comparison: that of the other side when only
 * one side is a column, else that of the left side; a number and a
 * float meet as floats.
 */
static enum vkind common_kind(const struct value *a, const struct value *b)
{
	enum vkind k = a->column && !b->column ? b->kind : a->kind;

	if ((a->kind == V_NUM && b->kind == V_FLOAT) ||
	    (a->kind == V_FLOAT && b->kind == V_NUM))
		k = V_FLOAT;
	return k;
}

static int apply_regex(const struct node *n, struct value *a, bool *ret)
{
	bool m;

	/* a column of any type, or a string: numbers and booleans are not */
	if (!a->column && a->kind != V_STR)
		return -EINVAL;
	if (a->empty && a->kind == V_STR) {
		a->str = "";
	} else {
		a->empty = false;
		to_text(a);
	}
	m = regexec(n->re, a->str, 0, NULL, 0) == 0;
	*ret = n->op == OP_MATCH ? m : !m;
	return 0;
}

static int apply_cmp(const struct node *n, struct value *a, struct value *b,
		     bool *ret)
{
	enum vkind kind;
	int r, o;

	if (n->op == OP_MATCH || n->op == OP_NOMATCH)
		return apply_regex(n, a, ret);
	kind = common_kind(a, b);
	r = convert(a, kind);
	if (r == 0)
		r = convert(b, kind);
	if (r < 0)
		return r;
	o = order(a, b);
	if (o == NO_ORDER) {
		*ret = false;
		return 0;
	}
	switch (n->op) {
	case OP_EQ:
		*ret = o == 0;
		break;
	case OP_NE:
		*ret = o != 0;
		break;
	case OP_LT:
		*ret = o < 0;
		break;
	case OP_LE:
		*ret = o <= 0;
		break;
	case OP_GT:
		*ret = o > 0;
		break;
	case OP_GE:
		*ret = o >= 0;
		break;
	case OP_MATCH:
	case OP_NOMATCH:
		break;
	}
	return 0;
}

static int eval_bool(const struct node *n, tool_filter_fetch_t fetch, void *row,
		     bool *ret)
{
	struct value a = { 0 }, b = { 0 };
	bool l;
	int r;

	switch (n->kind) {
	case N_LOGIC:
		r = eval_bool(n->items[0], fetch, row, &l);
		for (size_t i = 1; r == 0 && i < n->count; i++) {
			/* short circuit: the result is known already */
			if (l == n->is_or[i])
				continue;
			r = eval_bool(n->items[i], fetch, row, &l);
		}
		if (r == 0)
			*ret = l;
		return r;
	case N_NOT:
		r = eval_bool(n->left, fetch, row, &l);
		if (r == 0)
			*ret = !l;
		return r;
	case N_CMP:
		r = eval_value(n->left, fetch, row, &a);
		if (r == 0)
			r = eval_value(n->right, fetch, row, &b);
		if (r == 0)
			r = apply_cmp(n, &a, &b, ret);
		value_free(&a);
		value_free(&b);
		return r;
	case N_COLUMN:
	case N_NUMBER:
	case N_STRING:
	case N_BOOL:
		r = eval_value(n, fetch, row, &a);
		if (r == 0)
			*ret = truth(&a);
		value_free(&a);
		return r;
	}
	return -EINVAL;
}

/* A cell: a number in a numeric column when it reads as one. */
static int eval_column(const struct node *n, tool_filter_fetch_t fetch,
		       void *row, struct value *v)
{
	int err = 0;

	v->column = true;
	v->kind = n->numeric ? V_NUM : V_STR;
	v->owned = fetch(n->column, row, &err);
	if (!v->owned) {
		if (err < 0)
			return err;
		v->empty = true;
		return 0;
	}
	v->str = v->owned;
	if (n->numeric && text_to_u64(v->owned, &v->u) < 0)
		v->kind = V_STR;
	return 0;
}

static int eval_value(const struct node *n, tool_filter_fetch_t fetch,
		      void *row, struct value *v)
{
	bool b;
	int r;

	*v = (struct value){ .kind = V_STR };
	switch (n->kind) {
	case N_NUMBER:
		v->kind = n->num.is_float ? V_FLOAT : V_NUM;
		v->u = n->num.u;
		v->d = n->num.d;
		return 0;
	case N_STRING:
		v->str = n->str;
		return 0;
	case N_BOOL:
		v->kind = V_BOOL;
		v->boolean = n->boolean;
		return 0;
	case N_COLUMN:
		return eval_column(n, fetch, row, v);
	case N_LOGIC:
	case N_NOT:
	case N_CMP:
		r = eval_bool(n, fetch, row, &b);
		if (r == 0) {
			v->kind = V_BOOL;
			v->boolean = b;
		}
		return r;
	}
	return -EINVAL;
}

int tool_filter_match(const struct tool_filter *filter, tool_filter_fetch_t fetch,
		    void *row)
{
	bool match;
	int r;

	r = eval_bool(filter->root, fetch, row, &match);
	return r < 0 ? r : match;
}
