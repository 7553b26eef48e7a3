// SPDX-License-Identifier: MIT
/* The row filter's evaluation: a parsed tree against one row. */
#define _GNU_SOURCE
#include <errno.h>
#include <inttypes.h>
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "filter-internal.h"
#include "libns/base.h"

struct value {
	enum { V_EMPTY, V_BOOL, V_NUMBER, V_STRING } kind;
	bool numeric; /* V_EMPTY: of a numeric column */
	bool boolean;
	struct number num;
	const char *str;
	char *owned; /* freed after use */
};

static bool parse_number(const char *s, struct number *ret)
{
	if (ns_parse_u64(s, &ret->u) == 0) {
		ret->is_float = false;
		ret->d = (double)ret->u;
		return true;
	}
	if (!filter_parse_decimal(s, &ret->d))
		return false;
	ret->is_float = true;
	return true;
}

static int eval_value(const struct node *n, tool_filter_fetch_t fetch,
		      void *row, struct value *v);

static void value_free(struct value *v)
{
	free(v->owned);
	v->owned = NULL;
}

static bool truth(const struct value *v)
{
	switch (v->kind) {
	case V_EMPTY:
		return false;
	case V_BOOL:
		return v->boolean;
	case V_NUMBER:
		return v->num.is_float ? v->num.d != 0 : v->num.u != 0;
	case V_STRING:
		return v->str[0] != '\0';
	}
	return false;
}

static int cmp_numbers(const struct number *a, const struct number *b)
{
	if (!a->is_float && !b->is_float)
		return a->u < b->u ? -1 : a->u > b->u;
	return a->d < b->d ? -1 : a->d > b->d;
}

static const char *value_text(const struct value *v, char *buf, size_t size)
{
	switch (v->kind) {
	case V_EMPTY:
		return "";
	case V_BOOL:
		return v->boolean ? "true" : "false";
	case V_NUMBER:
		if (v->num.is_float)
			snprintf(buf, size, "%g", v->num.d);
		else
			snprintf(buf, size, "%" PRIu64, v->num.u);
		return buf;
	case V_STRING:
		return v->str;
	}
	return "";
}

/* How two values compare; not every pair is ordered. */
enum order {
	ORD_LESS,
	ORD_EQUAL,
	ORD_GREATER,
	ORD_EMPTY_FIRST, /* an empty cell before a text: unequal, less */
	ORD_EMPTY_LAST,	 /* a text after an empty cell: unequal, greater */
	ORD_UNEQUAL,	 /* a number and a word: only "!=" holds */
	ORD_NONE,	 /* an empty cell and a number: nothing holds */
};

static enum order sign(int c)
{
	return c < 0 ? ORD_LESS : c > 0 ? ORD_GREATER : ORD_EQUAL;
}

/*
 * An empty cell (no value) is like SQL's NULL as libsmartcols has it:
 * never equal to anything, not even "", ordered before any text, and
 * not comparable with numbers at all.
 */
static enum order compare(const struct value *a, const struct value *b)
{
	char abuf[32], bbuf[32];
	struct number na, nb;

	if (a->kind == V_EMPTY || b->kind == V_EMPTY) {
		const struct value *o = a->kind == V_EMPTY ? b : a;

		if (o->kind == V_NUMBER || o->kind == V_EMPTY)
			return ORD_NONE;
		return a->kind == V_EMPTY ? ORD_EMPTY_FIRST : ORD_EMPTY_LAST;
	}
	if (a->kind == V_BOOL || b->kind == V_BOOL)
		return sign((int)truth(a) - (int)truth(b));
	if (a->kind == V_NUMBER && b->kind == V_NUMBER)
		return sign(cmp_numbers(&a->num, &b->num));
	if (a->kind == V_NUMBER || b->kind == V_NUMBER) {
		/* a number and a text: numbers if the text is one */
		if (a->kind == V_NUMBER && parse_number(b->str, &nb))
			return sign(cmp_numbers(&a->num, &nb));
		if (b->kind == V_NUMBER && parse_number(a->str, &na))
			return sign(cmp_numbers(&na, &b->num));
		return ORD_UNEQUAL; /* NETNSID "unassigned" vs 5 */
	}
	return sign(strcmp(value_text(a, abuf, sizeof(abuf)),
			   value_text(b, bbuf, sizeof(bbuf))));
}

static bool apply_cmp(const struct node *n, const struct value *a,
		      const struct value *b)
{
	char buf[32];
	enum order o;

	if (n->op == OP_MATCH || n->op == OP_NOMATCH) {
		/* an empty text cell is matched as "", an empty number never */
		bool m = !(a->kind == V_EMPTY && a->numeric) &&
			 regexec(n->re, value_text(a, buf, sizeof(buf)), 0,
				 NULL, 0) == 0;

		return n->op == OP_MATCH ? m : !m;
	}
	o = compare(a, b);
	switch (n->op) {
	case OP_EQ:
		return o == ORD_EQUAL;
	case OP_NE:
		return o != ORD_EQUAL && o != ORD_NONE;
	case OP_LT:
		return o == ORD_LESS || o == ORD_EMPTY_FIRST;
	case OP_LE:
		return o == ORD_LESS || o == ORD_EQUAL || o == ORD_EMPTY_FIRST;
	case OP_GT:
		return o == ORD_GREATER || o == ORD_EMPTY_LAST;
	case OP_GE:
		return o == ORD_GREATER || o == ORD_EQUAL || o == ORD_EMPTY_LAST;
	case OP_MATCH:
	case OP_NOMATCH:
		break;
	}
	return false;
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
			*ret = apply_cmp(n, &a, &b);
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

static int eval_value(const struct node *n, tool_filter_fetch_t fetch,
		      void *row, struct value *v)
{
	int err = 0;
	bool b;
	int r;

	*v = (struct value){ .kind = V_EMPTY };
	switch (n->kind) {
	case N_NUMBER:
		v->kind = V_NUMBER;
		v->num = n->num;
		return 0;
	case N_STRING:
		v->kind = V_STRING;
		v->str = n->str;
		return 0;
	case N_BOOL:
		v->kind = V_BOOL;
		v->boolean = n->boolean;
		return 0;
	case N_COLUMN:
		v->numeric = n->numeric;
		v->owned = fetch(n->column, row, &err);
		if (!v->owned)
			return err < 0 ? err : 0; /* empty cell */
		v->str = v->owned;
		v->kind = V_STRING;
		if (n->numeric && parse_number(v->owned, &v->num))
			v->kind = V_NUMBER;
		return 0;
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
