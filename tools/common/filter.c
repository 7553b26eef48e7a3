// SPDX-License-Identifier: MIT
/* The row filter's parser: tokens into a tree of nodes (filter.h). */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "filter-internal.h"
#include "libns/base.h"

void filter_free_node(struct node *n)
{
	if (!n)
		return;
	filter_free_node(n->left);
	filter_free_node(n->right);
	for (size_t i = 0; i < n->count; i++)
		filter_free_node(n->items[i]);
	free(n->items);
	free(n->is_or);
	free(n->str);
	if (n->re) {
		regfree(n->re);
		free(n->re);
	}
	free(n);
}

static struct node *new_node(enum node_kind kind)
{
	struct node *n = calloc(1, sizeof(*n));

	if (n)
		n->kind = kind;
	return n;
}

static int parse_or(struct parser *p, struct node **ret);
static int parse_cmp(struct parser *p, struct node **ret);

static int note_column(struct parser *p, int id)
{
	struct tool_filter *f = p->filter;

	for (size_t i = 0; i < f->ncolumns; i++) {
		if (f->columns[i] == id)
			return 0;
	}
	if (f->ncolumns == MAX_COLUMNS)
		return filter_fail(p, p->tok_pos, "too many columns");
	f->columns[f->ncolumns++] = id;
	return 0;
}

static const char *token_text(const struct parser *p, char *buf, size_t size)
{
	if (p->tok == T_END)
		return "end of expression";
	snprintf(buf, size, "'%.*s'", (int)p->tok_len, p->s + p->tok_pos);
	return buf;
}

static int unexpected(struct parser *p, const char *wanted)
{
	char buf[48];

	return filter_fail(p, p->tok_pos, "unexpected %s, expected %s",
		    token_text(p, buf, sizeof(buf)), wanted);
}

static int parse_primary(struct parser *p, struct node **ret)
{
	struct node *n = NULL;
	int r;

	switch (p->tok) {
	case T_LPAREN:
		if (++p->depth > MAX_DEPTH)
			return filter_fail(p, p->tok_pos, "expression nested too deep");
		r = filter_next(p);
		if (r == 0)
			r = parse_or(p, &n);
		if (r == 0 && p->tok != T_RPAREN)
			r = unexpected(p, "')'");
		p->depth--;
		if (r < 0) {
			filter_free_node(n);
			return r;
		}
		break;
	case T_NUMBER:
		n = new_node(N_NUMBER);
		if (!n)
			return -ENOMEM;
		n->num = p->num;
		break;
	case T_STRING:
		n = new_node(N_STRING);
		if (!n)
			return -ENOMEM;
		n->str = p->str;
		p->str = NULL;
		break;
	case T_BOOL:
		n = new_node(N_BOOL);
		if (!n)
			return -ENOMEM;
		n->boolean = p->boolean;
		break;
	case T_NAME: {
		bool numeric = false;
		int id = p->lookup(p->s + p->tok_pos, p->tok_len, p->userdata,
				   &numeric);

		if (id < 0)
			return filter_fail(p, p->tok_pos, "unknown column '%.*s'",
				    (int)p->tok_len, p->s + p->tok_pos);
		r = note_column(p, id);
		if (r < 0)
			return r;
		n = new_node(N_COLUMN);
		if (!n)
			return -ENOMEM;
		n->column = id;
		n->numeric = numeric;
		break;
	}
	case T_END:
	case T_RPAREN:
	case T_OR:
	case T_AND:
	case T_NOT:
	case T_CMP:
		return unexpected(p, "a value, a column or '('");
	}
	r = filter_next(p);
	if (r < 0) {
		filter_free_node(n);
		return r;
	}
	*ret = n;
	return 0;
}

static int parse_not(struct parser *p, struct node **ret)
{
	struct node *n, *child = NULL;
	int r;

	if (p->tok != T_NOT)
		return parse_primary(p, ret);
	if (++p->depth > MAX_DEPTH)
		return filter_fail(p, p->tok_pos, "expression nested too deep");
	r = filter_next(p);
	if (r == 0)
		r = parse_not(p, &child);
	p->depth--;
	if (r < 0)
		return r;
	n = new_node(N_NOT);
	if (!n) {
		filter_free_node(child);
		return -ENOMEM;
	}
	n->left = child;
	*ret = n;
	return 0;
}

static int compile_regex(struct parser *p, struct node *n, size_t pos)
{
	int r;

	if (n->right->kind != N_STRING)
		return filter_fail(p, pos,
			    "the right side of '=~' and '!~' must be a string");
	n->re = calloc(1, sizeof(*n->re));
	if (!n->re)
		return -ENOMEM;
	r = regcomp(n->re, n->right->str, REG_EXTENDED | REG_NOSUB);
	if (r != 0) {
		char msg[80];

		regerror(r, n->re, msg, sizeof(msg));
		free(n->re);
		n->re = NULL;
		return filter_fail(p, pos, "invalid regular expression '%s': %s",
			    n->right->str, msg);
	}
	return 0;
}

static int parse_cmp(struct parser *p, struct node **ret)
{
	struct node *left = NULL;
	unsigned int chain = 0;
	int r;

	r = parse_not(p, &left);
	while (r == 0 && p->tok == T_CMP) {
		size_t pos = p->tok_pos;
		struct node *n;

		/* each link of a chain is one level deeper in the tree */
		if (++p->depth > MAX_DEPTH) {
			r = filter_fail(p, pos, "expression nested too deep");
			break;
		}
		chain++;
		n = new_node(N_CMP);
		if (!n) {
			r = -ENOMEM;
			break;
		}
		n->op = p->op;
		n->left = left;
		left = n;
		r = filter_next(p);
		if (r == 0)
			r = parse_not(p, &n->right);
		if (r == 0 && (n->op == OP_MATCH || n->op == OP_NOMATCH))
			r = compile_regex(p, n, pos);
	}
	p->depth -= chain;
	if (r < 0) {
		filter_free_node(left);
		return r;
	}
	*ret = left;
	return 0;
}

static int logic_append(struct node *n, struct node *item, bool is_or)
{
	int r;

	r = ns_grow((void **)&n->items, &n->items_alloc, n->count + 1,
		    sizeof(*n->items));
	if (r == 0)
		r = ns_grow((void **)&n->is_or, &n->is_or_alloc, n->count + 1,
			    sizeof(*n->is_or));
	if (r < 0)
		return r;
	n->items[n->count] = item;
	n->is_or[n->count] = is_or;
	n->count++;
	return 0;
}

/*
 * "and" and "or" bind equally and from the left, as in libsmartcols:
 * a || b && c is (a || b) && c. Parentheses say otherwise. A chain is
 * one flat node, evaluated in a loop, so a long generated filter
 * ("PID == 1 || PID == 2 || ...") costs no stack.
 */
static int parse_or(struct parser *p, struct node **ret)
{
	struct node *first = NULL, *n = NULL, *item = NULL;
	int r;

	r = parse_cmp(p, &first);
	if (r < 0)
		return r;
	if (p->tok != T_AND && p->tok != T_OR) {
		*ret = first;
		return 0;
	}
	n = new_node(N_LOGIC);
	if (!n || logic_append(n, first, false) < 0) {
		filter_free_node(n);
		filter_free_node(first);
		return -ENOMEM;
	}
	while (p->tok == T_AND || p->tok == T_OR) {
		bool is_or = p->tok == T_OR;

		r = filter_next(p);
		if (r == 0)
			r = parse_cmp(p, &item);
		if (r == 0 && logic_append(n, item, is_or) < 0) {
			filter_free_node(item);
			r = -ENOMEM;
		}
		if (r < 0) {
			filter_free_node(n);
			return r;
		}
	}
	*ret = n;
	return 0;
}

int tool_filter_parse(const char *expr, tool_filter_lookup_t lookup,
		    void *userdata, struct tool_filter **ret_filter,
		    struct tool_filter_error *ret_err)
{
	struct parser p = {
		.s = expr,
		.lookup = lookup,
		.userdata = userdata,
		.err = ret_err,
	};
	struct node *root = NULL;
	int r;

	if (ret_err) {
		ret_err->echo[0] = '\0';
		ret_err->echo_len = 0;
	}
	p.filter = calloc(1, sizeof(*p.filter));
	if (!p.filter)
		return -ENOMEM;
	r = filter_next(&p);
	if (r == 0)
		r = parse_or(&p, &root);
	if (r == 0 && p.tok != T_END)
		r = unexpected(&p, "an operator or the end");
	free(p.str);
	if (r < 0) {
		filter_free_node(root);
		free(p.filter);
		return r;
	}
	p.filter->root = root;
	*ret_filter = p.filter;
	return 0;
}

size_t tool_filter_columns(const struct tool_filter *filter, int *ids,
			 size_t max)
{
	size_t n = filter->ncolumns < max ? filter->ncolumns : max;

	memcpy(ids, filter->columns, n * sizeof(*ids));
	return n;
}

void tool_filter_free(struct tool_filter *filter)
{
	if (!filter)
		return;
	filter_free_node(filter->root);
	free(filter);
}
