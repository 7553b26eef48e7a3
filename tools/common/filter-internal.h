/* SPDX-License-Identifier: MIT */
/*
 * The parts of the row filter (filter.h): filter-lex.c cuts the
 * expression into tokens, filter.c parses them into a tree of nodes,
 * filter-eval.c evaluates the tree for a row. Each uses only those
 * before it.
 */
#ifndef NSTOOLS_FILTER_INTERNAL_H
#define NSTOOLS_FILTER_INTERNAL_H

#include <regex.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "filter.h"

/* ---- the tree: filter.c builds it, filter-eval.c reads it ---- */

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
	long double d;
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

/* ---- filter-lex.c ---------------------------------------------- */

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

/*
 * "digits[.[digits]]" as a long double, whatever the locale's decimal
 * point (lsns runs with setlocale(LC_ALL, "")).
 */
bool filter_parse_decimal(const char *s, long double *ret);

/* A skipped character for the echo (filter.h). */
void filter_echo(struct parser *p, char c);

/* A syntax error at byte @pos: fills p->err, returns -EINVAL. */
int filter_fail(struct parser *p, size_t pos, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* The next token into @p (p->tok ...); -EINVAL, -ENOMEM. */
int filter_next(struct parser *p);

/* ---- filter.c -------------------------------------------------- */

void filter_free_node(struct node *n);

#endif
