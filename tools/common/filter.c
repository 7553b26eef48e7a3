// SPDX-License-Identifier: MIT
/* A parser and evaluator for scols-filter(5) style row filters. */
#define _GNU_SOURCE
#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <regex.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "filter.h"
#include "libns/base.h"

/* Deep nesting is a typo or an attack, not a filter. */
#define MAX_DEPTH 200
#define MAX_COLUMNS 64

enum op {
	OP_EQ,
	OP_NE,
	OP_LT,
	OP_LE,
	OP_GT,
	OP_GE,
	OP_MATCH,
	OP_NOMATCH,
};

enum node_kind {
	N_LOGIC, /* a || b && c ...: equal precedence, left to right */
	N_NOT,
	N_CMP,
	N_COLUMN,
	N_NUMBER,
	N_STRING,
	N_BOOL,
};

struct number {
	bool is_float;
	uint64_t u;
	double d;
};

struct node {
	enum node_kind kind;
	enum op op;		  /* N_CMP */
	struct node *left, *right; /* N_CMP; N_NOT: left */
	struct node **items;	  /* N_LOGIC: the operands ... */
	bool *is_or;		  /* ... and before items[i > 0], || or && */
	size_t count, items_alloc, is_or_alloc;
	int column;		  /* N_COLUMN */
	bool numeric;		  /* N_COLUMN */
	struct number num;	  /* N_NUMBER */
	char *str;		  /* N_STRING */
	bool boolean;		  /* N_BOOL */
	regex_t *re;		  /* N_CMP with OP_MATCH/OP_NOMATCH */
};

struct tool_filter {
	struct node *root;
	int columns[MAX_COLUMNS];
	size_t ncolumns;
};

/*
 * "digits[.digits]" as a double, whatever the locale's decimal point
 * (lsns runs with setlocale(LC_ALL, "")).
 */
static bool parse_decimal(const char *s, double *ret)
{
	double whole = 0, frac = 0, scale = 1;
	const char *p = s;

	if (!isdigit((unsigned char)*p))
		return false;
	for (; isdigit((unsigned char)*p); p++)
		whole = whole * 10 + (*p - '0');
	if (*p == '.') {
		if (!isdigit((unsigned char)*++p))
			return false;
		for (; isdigit((unsigned char)*p); p++) {
			frac = frac * 10 + (*p - '0');
			scale *= 10;
		}
	}
	if (*p)
		return false;
	*ret = whole + frac / scale;
	return true;
}

/* ---- lexer ------------------------------------------------------- */

enum token {
	T_END,
	T_LPAREN,
	T_RPAREN,
	T_OR,
	T_AND,
	T_NOT,
	T_CMP,
	T_NUMBER,
	T_STRING,
	T_BOOL,
	T_NAME,
};

struct parser {
	const char *s;
	size_t pos;	  /* next unread byte */
	enum token tok;	  /* current token ... */
	size_t tok_pos;	  /* ... where it starts */
	size_t tok_len;
	enum op op;	  /* T_CMP */
	struct number num; /* T_NUMBER */
	char *str;	  /* T_STRING (owned until taken) */
	bool boolean;	  /* T_BOOL */
	unsigned int depth;
	tool_filter_lookup_t lookup;
	void *userdata;
	struct tool_filter *filter;
	struct tool_filter_error *err;
};

static int fail(struct parser *p, size_t pos, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int fail(struct parser *p, size_t pos, const char *fmt, ...)
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
		return fail(p, p->pos, "unterminated string");
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
			return fail(p, p->pos, "number too long");
		memcpy(text, start, len);
		text[len] = '\0';
		if (!parse_decimal(text, &p->num.d))
			return fail(p, p->pos, "invalid number '%s'", text);
		p->num.is_float = true;
	} else {
		if (len >= sizeof(text))
			return fail(p, p->pos, "number too long");
		memcpy(text, start, len);
		text[len] = '\0';
		r = ns_parse_u64(text, &p->num.u);
		if (r < 0)
			return fail(p, p->pos, "number out of range: %s", text);
		p->num.d = (double)p->num.u;
	}
	if (is_name_char(start[len]))
		return fail(p, p->pos, "invalid number");
	p->pos += len;
	p->tok = T_NUMBER;
	return 0;
}

static int next(struct parser *p)
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
				return fail(p, p->pos,
					    "unexpected '=' (use '==' to compare)");
			return fail(p, p->pos, "unexpected '%c'", *s);
		}
	}
	p->tok_len = p->pos - p->tok_pos;
	return 0;
}

/* ---- parser ------------------------------------------------------ */

static void free_node(struct node *n)
{
	if (!n)
		return;
	free_node(n->left);
	free_node(n->right);
	for (size_t i = 0; i < n->count; i++)
		free_node(n->items[i]);
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
		return fail(p, p->tok_pos, "too many columns");
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

	return fail(p, p->tok_pos, "unexpected %s, expected %s",
		    token_text(p, buf, sizeof(buf)), wanted);
}

static int parse_primary(struct parser *p, struct node **ret)
{
	struct node *n = NULL;
	int r;

	switch (p->tok) {
	case T_LPAREN:
		if (++p->depth > MAX_DEPTH)
			return fail(p, p->tok_pos, "expression nested too deep");
		r = next(p);
		if (r == 0)
			r = parse_or(p, &n);
		if (r == 0 && p->tok != T_RPAREN)
			r = unexpected(p, "')'");
		p->depth--;
		if (r < 0) {
			free_node(n);
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
			return fail(p, p->tok_pos, "unknown column '%.*s'",
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
	r = next(p);
	if (r < 0) {
		free_node(n);
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
		return fail(p, p->tok_pos, "expression nested too deep");
	r = next(p);
	if (r == 0)
		r = parse_not(p, &child);
	p->depth--;
	if (r < 0)
		return r;
	n = new_node(N_NOT);
	if (!n) {
		free_node(child);
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
		return fail(p, pos,
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
		return fail(p, pos, "invalid regular expression '%s': %s",
			    n->right->str, msg);
	}
	return 0;
}

/* A text column never holds a number: comparing it with one is a typo. */
static int check_operands(struct parser *p, const struct node *n, size_t pos)
{
	const struct node *col = n->left, *lit = n->right;

	if (col->kind != N_COLUMN) {
		col = n->right;
		lit = n->left;
	}
	if (col->kind == N_COLUMN && !col->numeric && lit->kind == N_NUMBER)
		return fail(p, pos,
			    "a text column compared with a number (quote the number)");
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
			r = fail(p, pos, "expression nested too deep");
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
		r = next(p);
		if (r == 0)
			r = parse_not(p, &n->right);
		if (r == 0 && (n->op == OP_MATCH || n->op == OP_NOMATCH))
			r = compile_regex(p, n, pos);
		else if (r == 0)
			r = check_operands(p, n, pos);
	}
	p->depth -= chain;
	if (r < 0) {
		free_node(left);
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
		free_node(n);
		free_node(first);
		return -ENOMEM;
	}
	while (p->tok == T_AND || p->tok == T_OR) {
		bool is_or = p->tok == T_OR;

		r = next(p);
		if (r == 0)
			r = parse_cmp(p, &item);
		if (r == 0 && logic_append(n, item, is_or) < 0) {
			free_node(item);
			r = -ENOMEM;
		}
		if (r < 0) {
			free_node(n);
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

	p.filter = calloc(1, sizeof(*p.filter));
	if (!p.filter)
		return -ENOMEM;
	r = next(&p);
	if (r == 0)
		r = parse_or(&p, &root);
	if (r == 0 && p.tok != T_END)
		r = unexpected(&p, "an operator or the end");
	free(p.str);
	if (r < 0) {
		free_node(root);
		free(p.filter);
		return r;
	}
	p.filter->root = root;
	*ret_filter = p.filter;
	return 0;
}

/* ---- evaluation -------------------------------------------------- */

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
	if (!parse_decimal(s, &ret->d))
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
	free_node(filter->root);
	free(filter);
}
