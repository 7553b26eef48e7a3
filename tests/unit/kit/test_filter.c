// SPDX-License-Identifier: MIT
/*
 * Unit tests of tools/common/filter.c: scols-filter(5) style row filters,
 * with the semantics of libsmartcols' own evaluator (util-linux 2.42.4,
 * compared side by side in tests/compat/test_lsns_filter.py).
 *
 * A small fake table stands in for lsns' columns and rows; each
 * expression is checked against every row, the expected matches
 * written as one character per row: '1' match, '0' no match, '?'
 * not pinned (behaviour not verified against libsmartcols).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <locale.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "filter-internal.h"
#include "filter.h"
#include "libns/base.h"
#include "testutil.h"

enum {
	C_NS,
	C_TYPE,
	C_NPROCS,
	C_PID,
	C_COMMAND,
	C_NSFS,
	C_NETNSID,
	C_COUNT,
};

static const struct {
	const char *name;
	bool numeric;
} columns[C_COUNT] = {
	[C_NS] = { "NS", true },
	[C_TYPE] = { "TYPE", false },
	[C_NPROCS] = { "NPROCS", true },
	[C_PID] = { "PID", true },
	[C_COMMAND] = { "COMMAND", false },
	[C_NSFS] = { "NSFS", false },
	/* a number, or the word "unassigned": text, as util-linux 2.42 */
	[C_NETNSID] = { "NETNSID", false },
};

struct row {
	const char *cell[C_COUNT]; /* NULL: empty cell */
};

/* NS, TYPE, NPROCS, PID, COMMAND, NSFS, NETNSID */
static const struct row rows[] = {
	{ { "4026531832", "mnt", "65", "2", "kthreadd", NULL, NULL } },
	{ { "4026531860", "mnt", "1", "25", "kdevtmpfs", NULL, NULL } },
	{ { "4026531833", "net", "66", "2", "kthreadd", NULL, "unassigned" } },
	{ { "4026532177", "net", "0", NULL, NULL, "/run/netns/x", "7" } },
	{ { "4026531838", "uts", "66", "1", "systemd", NULL, NULL } },
	{ { "4026531837", "user", "67", "1", "systemd", NULL, NULL } },
	{ { "4026532400", "net", "2", "300", "ip", "/run/netns/y", "12" } },
};

#define NROWS NS_ARRAY_SIZE(rows)

struct lookup_state {
	const char *expr; /* every name must point into it */
	size_t calls;
};

static int lookup(const char *name, size_t len, void *userdata,
		  bool *ret_numeric)
{
	struct lookup_state *st = userdata;

	ck_assert_ptr_nonnull(st);
	ck_assert_ptr_nonnull(name);
	ck_assert_ptr_nonnull(ret_numeric);
	ck_assert_uint_gt(len, 0);
	ck_assert(name >= st->expr);
	ck_assert(name + len <= st->expr + strlen(st->expr));
	st->calls++;
	for (size_t i = 0; i < C_COUNT; i++) {
		if (strlen(columns[i].name) == len &&
		    strncasecmp(columns[i].name, name, len) == 0) {
			*ret_numeric = columns[i].numeric;
			return (int)i;
		}
	}
	return -1;
}

/* What fetch() sees as its row. */
struct ctx {
	const struct row *row;
	int fail_column;      /* fetching it fails with -ENOMEM; -1: none */
	unsigned int fetches; /* calls of fetch() */
	unsigned int fetched; /* bit mask of the fetched columns */
};

static char *fetch(int id, void *row, int *ret_err)
{
	struct ctx *c = row;
	const char *cell;
	char *s;

	ck_assert_ptr_nonnull(c);
	ck_assert_ptr_nonnull(ret_err);
	ck_assert_int_ge(id, 0);
	ck_assert_int_lt(id, C_COUNT);
	c->fetches++;
	c->fetched |= 1u << id;
	if (id == c->fail_column) {
		*ret_err = -ENOMEM;
		return NULL;
	}
	cell = c->row->cell[id];
	if (!cell)
		return NULL;
	s = strdup(cell);
	ck_assert_ptr_nonnull(s);
	return s;
}

/* Compile @expr, which must be valid. */
static struct tool_filter *compile(const char *expr)
{
	struct lookup_state st = { .expr = expr };
	struct tool_filter_error err = { 0 };
	struct tool_filter *f = NULL;
	int r;

	r = tool_filter_parse(expr, lookup, &st, &f, &err);
	ck_assert_msg(r == 0, "'%s' rejected (%d) at %zu: %s", expr, r,
		      err.pos, err.message);
	ck_assert_ptr_nonnull(f);
	return f;
}

/* tool_filter_match() on row @i without failing fetches. */
static int match_row(const struct tool_filter *f, size_t i)
{
	struct ctx c = { .row = &rows[i], .fail_column = -1 };

	return tool_filter_match(f, fetch, &c);
}

/* @want: one of '1', '0' or '?' per row. */
static void expect_rows(const char *expr, const char *want)
{
	struct tool_filter *f;
	char got[NROWS + 1];
	bool ok = true;

	ck_assert_msg(strlen(want) == NROWS, "'%s': bad want '%s'", expr,
		      want);
	f = compile(expr);
	for (size_t i = 0; i < NROWS; i++) {
		int r = match_row(f, i);

		ck_assert_msg(r == 0 || r == 1, "'%s': row %zu: %d", expr, i,
			      r);
		got[i] = r ? '1' : '0';
		if (want[i] != '?' && want[i] != got[i])
			ok = false;
	}
	got[NROWS] = '\0';
	tool_filter_free(f);
	ck_assert_msg(ok, "'%s': rows %s, want %s", expr, got, want);
}

struct want {
	const char *expr;
	const char *rows;
};

static void expect_all(const struct want *w, size_t n)
{
	for (size_t i = 0; i < n; i++)
		expect_rows(w[i].expr, w[i].rows);
}

#define ANY_POS SIZE_MAX

/*
 * @expr must be refused with -EINVAL, the error at byte @pos (ANY_POS:
 * anywhere in the expression or at its end), the message containing
 * @what (if not NULL).
 */
static void expect_error(const char *expr, size_t pos, const char *what)
{
	struct lookup_state st = { .expr = expr };
	struct tool_filter_error err;
	struct tool_filter *f = NULL;
	int r;

	memset(&err, 'x', sizeof(err));
	err.pos = SIZE_MAX - 1;
	r = tool_filter_parse(expr, lookup, &st, &f, &err);
	if (r == 0)
		tool_filter_free(f);
	ck_assert_msg(r == -EINVAL, "'%s' gave %d, want -EINVAL", expr, r);
	ck_assert_msg(memchr(err.message, '\0', sizeof(err.message)),
		      "'%s': message not terminated", expr);
	ck_assert_msg(err.message[0] != '\0', "'%s': empty message", expr);
	if (pos == ANY_POS)
		ck_assert_msg(err.pos <= strlen(expr), "'%s': error at %zu",
			      expr, err.pos);
	else
		ck_assert_msg(err.pos == pos,
			      "'%s': error at %zu (%s), want %zu", expr,
			      err.pos, err.message, pos);
	if (what)
		ck_assert_msg(strstr(err.message, what),
			      "'%s': message '%s' lacks '%s'", expr,
			      err.message, what);
}

START_TEST(test_compare_ops)
{
	static const struct want w[] = {
		{ "TYPE == \"mnt\"", "1100000" },
		{ "TYPE eq \"mnt\"", "1100000" },
		{ "TYPE EQ \"mnt\"", "1100000" },
		{ "TYPE==\"mnt\"", "1100000" },
		{ "  TYPE   ==   \"mnt\"  ", "1100000" },
		{ "\"mnt\" == TYPE", "1100000" },
		{ "TYPE != \"mnt\"", "0011111" },
		{ "TYPE ne \"mnt\"", "0011111" },
		{ "TYPE NE \"mnt\"", "0011111" },
		{ "PID < 2", "0000110" },
		{ "PID lt 2", "0000110" },
		{ "PID LT 2", "0000110" },
		{ "PID <= 2", "1010110" },
		{ "PID le 2", "1010110" },
		{ "PID > 2", "0100001" },
		{ "PID gt 2", "0100001" },
		{ "PID GT 2", "0100001" },
		{ "PID >= 2", "1110001" },
		{ "PID ge 2", "1110001" },
		{ "PID>=2", "1110001" },
		{ "NPROCS == 66", "0010100" },
		{ "NPROCS > 65", "0010110" },
		/* numeric columns compare as numbers, not as text */
		{ "PID > 3", "0100001" },
		{ "NPROCS < 10", "0101001" },
		{ "NS > 4026531837", "0101101" },
		/* text columns as text */
		{ "TYPE < \"n\"", "1100000" },
		{ "TYPE >= \"net\"", "0011111" },
		{ "TYPE > \"user\"", "0000100" },
		{ "COMMAND > \"k\"", "1110110" },
		{ "COMMAND == \"kthreadd\"", "1010000" },
		/* column against column */
		{ "NPROCS > PID", "1010110" },
		/* case-insensitive column names (the lookup's job) */
		{ "type == \"mnt\" && Pid == 2", "1000000" },
		/* literals only */
		{ "1 == 1.0", "1111111" },
		{ "2 < 10", "1111111" },
		{ "2.5 > 2", "1111111" },
		{ "18446744073709551615 > 18446744073709551614", "1111111" },
		{ "\"abc\" < \"abd\"", "1111111" },
		{ "\"abc\" == \"abc\"", "1111111" },
		{ "\"abc\" != \"abc\"", "0000000" },
	};

	expect_all(w, NS_ARRAY_SIZE(w));
}
END_TEST

START_TEST(test_logic)
{
	static const struct want w[] = {
		{ "TYPE == \"mnt\" && PID == 2", "1000000" },
		{ "TYPE == \"mnt\" and PID == 2", "1000000" },
		{ "TYPE == \"mnt\" AND PID == 2", "1000000" },
		{ "TYPE == \"uts\" || PID == 25", "0100100" },
		{ "TYPE == \"uts\" or PID == 25", "0100100" },
		{ "TYPE == \"uts\" OR PID == 25", "0100100" },
		{ "!(TYPE == \"mnt\")", "0011111" },
		{ "not (TYPE == \"mnt\")", "0011111" },
		{ "NOT(TYPE == \"mnt\")", "0011111" },
		{ "!!(TYPE == \"mnt\")", "1100000" },
		{ "! ! (TYPE == \"mnt\")", "1100000" },
		{ "not not (TYPE == \"mnt\")", "1100000" },
		{ "((TYPE == \"mnt\") && ((PID == 25)))", "0100000" },
		{ "(((((PID == 1)))))", "0000110" },
		{ "true", "1111111" },
		{ "TRUE", "1111111" },
		{ "false", "0000000" },
		{ "FALSE", "0000000" },
		{ "!true", "0000000" },
		{ "not false", "1111111" },
		{ "NOT FALSE", "1111111" },
		{ "!false && !!true", "1111111" },
		{ "true && PID == 1", "0000110" },
		{ "false || PID == 1", "0000110" },
		{ "false && PID == 1", "0000000" },
		{ "true || PID == 1", "1111111" },
	};

	expect_all(w, NS_ARRAY_SIZE(w));
}
END_TEST

START_TEST(test_precedence)
{
	static const struct want w[] = {
		/* "&&" and "||" bind equally, from the left */
		{ "PID == 2 || PID == 25 && TYPE == \"mnt\"", "1100000" },
		{ "(PID == 2 || PID == 25) && TYPE == \"mnt\"", "1100000" },
		{ "PID == 2 || (PID == 25 && TYPE == \"mnt\")", "1110000" },
		{ "TYPE == \"net\" || PID == 25 && TYPE == \"mnt\"",
		  "0100000" },
		{ "TYPE == \"net\" or PID == 25 and TYPE == \"mnt\"",
		  "0100000" },
		{ "TYPE == \"net\" || (PID == 25 && TYPE == \"mnt\")",
		  "0111001" },
		{ "TYPE == \"mnt\" && PID == 25 || TYPE == \"uts\"",
		  "0100100" },
		{ "PID == 1 and TYPE == \"user\" or "
		  "TYPE == \"mnt\" and PID == 2",
		  "1000000" },
		{ "(PID == 1 and TYPE == \"user\") or "
		  "(TYPE == \"mnt\" and PID == 2)",
		  "1000010" },
		{ "false && true || true", "1111111" },
		{ "true || true && false", "0000000" },
		{ "true || (true && false)", "1111111" },
		/* "not" binds tightest: to a bare column ... */
		{ "!PID", "0001000" },
		{ "not NPROCS", "0001000" },
		{ "!COMMAND", "0001000" },
		{ "!NSFS", "1110110" },
		{ "!NSFS && TYPE == \"net\"", "0010000" },
		{ "not PID || TYPE == \"uts\"", "0001100" },
		/* ... even before a comparison: (not TYPE) == "mnt", a
		 * boolean and a text that reads as false ("mnt" is not
		 * true, 1 or yes): equal; (not TYPE) =~ "x" is an error
		 * (test_apply_errors) */
		{ "not (TYPE =~ \"x\")", "1111111" },
		{ "not TYPE == \"mnt\"", "1111111" },
		{ "!TYPE == \"mnt\"", "1111111" },
		{ "not TYPE eq \"net\"", "1111111" },
		{ "\"mnt\" == !TYPE", "0000000" },
		{ "!(TYPE == \"mnt\")", "0011111" },
		/* comparisons bind tighter than "&&" and "||" */
		{ "PID == 2 && NPROCS == 66", "0010000" },
		{ "PID == 1 || NPROCS == 0", "0001110" },
	};

	expect_all(w, NS_ARRAY_SIZE(w));
}
END_TEST

START_TEST(test_strings)
{
	static const struct want w[] = {
		{ "TYPE == 'net'", "0011001" },
		{ "TYPE == \"net\"", "0011001" },
		{ "'net' == TYPE", "0011001" },
		{ "TYPE == 'ne'", "0000000" },
		{ "TYPE == 'NET'", "0000000" },
		/* the other quote is an ordinary character */
		{ "'a\"b' == 'a\"b'", "1111111" },
		{ "'a\"b' =~ '^a\"b$'", "1111111" },
		{ "'a\"b' =~ '^...$'", "1111111" },
		{ "\"it's\" =~ \"^it's$\"", "1111111" },
		/* no escapes: the backslash is an ordinary character */
		{ "'x\\' == \"x\\\"", "1111111" },
		{ "'x\\' =~ '^x.$'", "1111111" },
		{ "'' == \"\"", "1111111" },
		{ "NSFS == \"/run/netns/x\"", "0001000" },
		{ "NSFS == '/run/netns/y' || COMMAND == 'systemd'",
		  "0000111" },
		{ "\"and\" == 'and' && \"||\" == '||' && \"(\" != ')'",
		  "1111111" },
	};

	expect_all(w, NS_ARRAY_SIZE(w));
}
END_TEST

/*
 * Regression: the number syntax must not depend on the locale (lsns
 * calls setlocale(LC_ALL, "")): where the decimal point is a comma,
 * "NPROCS > 1.5" was refused and "10.5" was no number. Only runs where
 * such a locale is installed.
 */
/*
 * No such locale installed: compile de_DE from the locale sources (the
 * "locales" package) into a scratch directory and point LOCPATH at it.
 */
static bool build_comma_locale(struct tu_tree *t)
{
	char *cmd;
	int rc;

	if (access("/usr/share/i18n/locales/de_DE", R_OK) != 0)
		return false;
	tu_tree_new(t);
	ck_assert_int_ge(asprintf(&cmd,
				  "localedef -i de_DE -f UTF-8 %s/de_DE.UTF-8 "
				  ">/dev/null 2>&1",
				  t->path),
			 0);
	rc = system(cmd);
	free(cmd);
	if (rc != 0) {
		tu_tree_free(t);
		return false;
	}
	setenv("LOCPATH", t->path, 1);
	return true;
}

static void comma_locale(void)
{
	static const char *const names[] = {
		"de_DE.UTF-8", "de_DE.utf8", "fr_FR.UTF-8", "fr_FR.utf8",
		"ru_RU.UTF-8", "ru_RU.utf8", "de_DE",	    "fr_FR",
	};
	struct tu_tree t;
	bool built = false;
	size_t i;

	for (i = 0; i < NS_ARRAY_SIZE(names); i++) {
		if (setlocale(LC_NUMERIC, names[i]) &&
		    strcmp(localeconv()->decimal_point, ",") == 0)
			break;
	}
	if (i == NS_ARRAY_SIZE(names) && build_comma_locale(&t)) {
		built = true;
		if (setlocale(LC_NUMERIC, "de_DE.UTF-8") &&
		    strcmp(localeconv()->decimal_point, ",") == 0)
			i = 0;
	}
	if (i == NS_ARRAY_SIZE(names)) {
		setlocale(LC_NUMERIC, "C");
		fprintf(stderr, "%s: skipped, no locale with a decimal comma\n",
			__func__);
		if (built)
			tu_tree_free(&t);
		return;
	}
	expect_rows("NPROCS > 1.5", "1010111");
	expect_rows("NS == 4026531833.0", "0010000");
	expect_rows("1.5 == \"1.50\" && NPROCS < 10.5", "0101001");
	setlocale(LC_NUMERIC, "C");
	if (built) {
		unsetenv("LOCPATH");
		tu_tree_free(&t);
	}
}

START_TEST(test_numbers)
{
	static const struct want w[] = {
		{ "NS == 4026531833", "0010000" },
		{ "NS == 4026531833.0", "0010000" },
		{ "NS == 4026531833.5", "0000000" },
		{ "NS < 4026531833.5", "1010000" },
		{ "NPROCS > 1.5", "1010111" },
		{ "NPROCS <= 1.0", "0101000" },
		{ "PID == 2.0", "1010000" },
		{ "PID == 2.00", "1010000" },
		/* a string literal that is a number, with a number column */
		{ "NPROCS == \"65\"", "1000000" },
		{ "\"65\" == NPROCS", "1000000" },
		{ "NS == \"4026531860\"", "0100000" },
		/* a column meets a string as text: "2" > "10" */
		{ "NPROCS < \"10\"", "0101000" },
		{ "NPROCS > \"1.5\"", "1010111" },
		{ "PID != \"2\"", "0101111" },
		/* NETNSID is text: "12" < "7"; with a number it is an
		 * error where it holds "unassigned" (test_apply_errors) */
		{ "NETNSID > \"7\"", "0010000" },
		{ "NETNSID < \"7\"", "1100111" },
		{ "NETNSID =~ \"^[0-9]+$\"", "0001001" },
		{ "NETNSID == \"unassigned\"", "0010000" },
		{ "\"unassigned\" == NETNSID", "0010000" },
		{ "NETNSID != \"unassigned\"", "1101111" },
		{ "NETNSID == \"7\"", "0001000" },
	};

	expect_all(w, NS_ARRAY_SIZE(w));
	comma_locale();
}
END_TEST

/*
 * Found by fuzzing (tests/fuzz/fuzz_numbers): a fraction of more than
 * 308 digits made inf / inf, NaN, which no comparison matches ("0."
 * and 400 ones); after a first fix, a fraction with 306 leading zeros
 * (the fuzzer's input, 9.906...e-307) was 0, its 10^325 inf.
 */
START_TEST(test_decimal_long_fraction)
{
	char text[512];
	long double d = -1;

	memcpy(text, "0.", 2);
	memset(text + 2, '1', 400);
	text[402] = '\0';
	ck_assert(filter_parse_decimal(text, &d));
	ck_assert(d == d); /* not NaN */
	ck_assert(d > 0.1111111111 && d < 0.1111111112);
	/* a whole part too, and digits that no double can hold */
	memcpy(text, "12.", 3);
	memset(text + 3, '9', 500);
	text[503] = '\0';
	ck_assert(filter_parse_decimal(text, &d));
	ck_assert(d > 12.9999999 && d <= 13.0);
	/* leading zeros are significant places, not digits */
	memcpy(text, "0.", 2);
	memset(text + 2, '0', 30);
	memcpy(text + 32, "25", 3);
	ck_assert(filter_parse_decimal(text, &d));
	ck_assert(d > 2.4999e-31 && d < 2.5001e-31);
	memcpy(text, "0.", 2);
	memset(text + 2, '0', 306);
	memcpy(text + 308, "9906378692024937434", 20);
	ck_assert(filter_parse_decimal(text, &d));
	ck_assert(d > 9.9063786920249e-307 && d < 9.9063786920250e-307);
}
END_TEST

START_TEST(test_bare_values)
{
	static const struct want w[] = {
		{ "PID", "1110111" },	  /* empty PID: false */
		{ "NPROCS", "1110111" },  /* NPROCS 0: false */
		{ "COMMAND", "1110111" }, /* empty text: false */
		{ "NSFS", "0001001" },
		{ "TYPE", "1111111" },
		{ "NS", "1111111" },
		{ "NETNSID", "0011001" },
		{ "0", "0000000" },
		{ "00", "0000000" },
		{ "0.0", "0000000" },
		{ "1", "1111111" },
		{ "12", "1111111" },
		{ "0.5", "1111111" },
		{ "18446744073709551615", "1111111" },
		{ "\"\"", "0000000" },
		{ "''", "0000000" },
		{ "\"x\"", "1111111" },
		/* white space around a string literal is dropped */
		{ "' '", "0000000" },
		{ "!0", "1111111" },
		{ "!\"\"", "1111111" },
		{ "!\"x\"", "0000000" },
		{ "PID && COMMAND", "1110111" },
		{ "NSFS || NPROCS == 1", "0101001" },
		{ "(PID)", "1110111" },
	};

	expect_all(w, NS_ARRAY_SIZE(w));
}
END_TEST

START_TEST(test_empty_cells)
{
	static const struct want w[] = {
		/* an empty number cell never compares with numbers */
		{ "PID == 0", "0000000" },
		{ "PID != 5", "1110111" },
		{ "PID >= 0", "1110111" },
		{ "PID > 0", "1110111" },
		{ "PID < 5", "1010110" },
		{ "PID <= 0", "0000000" },
		{ "0 == PID", "0000000" },
		{ "5 != PID", "1110111" },
		{ "5 > PID", "1010110" },
		/* ... but reads as 0 in another type */
		{ "PID == 0.0", "0001000" },
		{ "PID < 1.5", "0001110" },
		{ "PID == false", "0001000" },
		/* an empty text cell equals nothing, sorts first */
		{ "COMMAND == \"\"", "0000000" },
		{ "COMMAND != \"\"", "1111111" },
		{ "COMMAND != \"x\"", "1111111" },
		{ "COMMAND == \"x\"", "0000000" },
		{ "COMMAND < \"x\"", "1111111" },
		{ "COMMAND < \"k\"", "0001001" },
		{ "COMMAND > \"x\"", "0000000" },
		{ "COMMAND >= \"a\"", "1110111" },
		{ "NSFS != \"/run/netns/x\"", "1110111" },
		{ "NSFS == \"/run/netns/x\"", "0001000" },
		/* an empty number cell against text */
		{ "PID == \"\"", "0000000" },
		{ "PID != \"\"", "1111111" },
		{ "PID != \"5\"", "1111111" },
		{ "PID == \"2\"", "1010000" },
	};

	expect_all(w, NS_ARRAY_SIZE(w));
}
END_TEST

START_TEST(test_regex)
{
	static const struct want w[] = {
		{ "TYPE =~ \"^u\"", "0000110" },
		{ "TYPE !~ \"^u\"", "1111001" },
		{ "TYPE =~ '^u'", "0000110" },
		{ "TYPE =~ \"t\"", "1111101" },
		{ "TYPE =~ \"^(mnt|uts)$\"", "1100100" },
		{ "TYPE =~ \"^[mn]..$\"", "1111001" },
		{ "TYPE =~ \"e+\"", "0011011" },
		{ "TYPE =~ \"E\"", "0000000" },
		{ "COMMAND =~ \"^k.*d$\"", "1010000" },
		{ "COMMAND =~ \"k(thread|devtmpfs)\"", "1110000" },
		/* an empty text cell is matched as "" */
		{ "COMMAND =~ \"^$\"", "0001000" },
		{ "COMMAND !~ \".\"", "0001000" },
		{ "COMMAND !~ \"^$\"", "1110111" },
		{ "NSFS =~ \"\"", "1111111" },
		{ "NSFS =~ \"^$\"", "1110110" },
		{ "NSFS =~ \"^/run/netns/\"", "0001001" },
		/* an empty number cell never matches */
		{ "PID =~ \"^$\"", "0000000" },
		{ "PID =~ \"\"", "1111111" }, /* reads as "0" */
		{ "PID =~ \"^0$\"", "0001000" },
		{ "PID !~ \"x\"", "1111111" },
		{ "PID !~ \"^$\"", "1111111" },
		/* number cells are matched as text */
		{ "PID =~ \"^2$\"", "1010000" },
		{ "PID =~ \"[0-9]\"", "1111111" },
		{ "NS =~ \"^40265318\"", "1110110" },
		{ "NPROCS =~ \"^6[56]$\"", "1010100" },
		/* with the other operators */
		{ "TYPE =~ \"^n\" && PID =~ \"2\"", "0010000" },
		{ "!(TYPE =~ \"^n\")", "1100110" },
		{ "\"abc\" =~ \"b\"", "1111111" },
		{ "\"abc\" !~ \"b\"", "0000000" },
	};

	expect_all(w, NS_ARRAY_SIZE(w));
}
END_TEST

START_TEST(test_errors)
{
	static const struct {
		const char *expr;
		size_t pos;
		const char *what;
	} bad[] = {
		/* unknown columns, named in the message */
		{ "FOO == 1", 0, "FOO" },
		{ "PID == 2 && bogus", 12, "bogus" },
		{ "(TYPE == 'mnt') || NSFS2", 19, "NSFS2" },
		/* unterminated strings */
		/* a lone '"' is skipped (echoed), not an error */
		{ "TYPE == \"mnt", 9, "mnt" },
		{ "TYPE == 'mnt", 8, "unterminated" },
		{ "TYPE == 'mnt\"", 8, "unterminated" },
		{ "\"", 1, NULL },
		/* no escapes */
		{ "\"ne\\\"t\"", ANY_POS, NULL },
		{ "TYPE == \"ne\\\"t\"", ANY_POS, NULL },
		{ "'it''s'", ANY_POS, NULL },
		/* a single '=', '&' or '|' is skipped: what is left */
		{ "PID = 2", 6, NULL },
		{ "PID=2", 4, NULL },
		{ "PID == 2 & TYPE == \"mnt\"", 11, NULL },
		{ "PID == 2 | PID == 1", 11, NULL },
		/* words are all lower or all upper case, else columns */
		{ "TYPE Eq 'mnt'", 5, NULL },
		{ "TYPE == \"mnt\" And PID == 2", 14, NULL },
		{ "TYPE == \"uts\" oR PID == 25", 14, NULL },
		{ "Not TYPE", 0, "Not" },
		/* parentheses */
		{ "(PID == 2", 9, ")" },
		{ "((PID == 2)", 11, ")" },
		{ "(PID == 2 ", 10, ")" },
		{ "PID == 2)", 8, NULL },
		{ "()", 1, NULL },
		{ "(  )", 3, NULL },
		{ ")", 0, NULL },
		{ "(", 1, NULL },
		/* trailing garbage */
		{ "PID == 2 3", 9, NULL },
		{ "PID 2", 4, NULL },
		{ "TYPE \"mnt\"", 5, NULL },
		{ "TYPE == \"mnt\" PID", 14, NULL },
		/* empty */
		{ "", 0, NULL },
		{ "   ", 3, NULL },
		{ "\t\n", 2, NULL },
		/* missing operands */
		{ "PID ==", 6, NULL },
		{ "== 2", 0, NULL },
		{ "&& PID", 0, NULL },
		{ "PID == 2 &&", 11, NULL },
		{ "PID == 2 || || PID == 1", 12, NULL },
		{ "!", 1, NULL },
		{ "not", 3, NULL },
		{ "PID == == 2", 7, NULL },
		/* a number ends where its digits (or suffix) do */
		{ "12a == PID", 2, NULL },
		{ "PID == 12a", 9, NULL },
		{ "PID == 1.5x", 10, NULL },
		{ "PID == 1.2.3", 11, NULL },
		{ "PID == 1k", 8, NULL },
		{ "PID == 1KB", 9, NULL },
		{ "PID == 1.5K", 10, NULL },
		/* a size suffix beyond 2^64 - 1 */
		{ "PID == 1Z", 7, "range" },
		{ "PID == 16EiB", 7, "range" },
		/* the right side of =~ and !~ must be a string literal */
		{ "1 =~ 2", ANY_POS, NULL },
		{ "TYPE =~ NS", ANY_POS, NULL },
		{ "TYPE !~ COMMAND", ANY_POS, NULL },
		{ "TYPE =~ true", ANY_POS, NULL },
		/* invalid regular expressions */
		{ "TYPE =~ \"[\"", ANY_POS, NULL },
		{ "TYPE !~ \"(ab\"", ANY_POS, NULL },
		{ "PID == 2 && COMMAND =~ \"[z-a]\"", ANY_POS, NULL },
	};

	for (size_t i = 0; i < NS_ARRAY_SIZE(bad); i++)
		expect_error(bad[i].expr, bad[i].pos, bad[i].what);
}
END_TEST

START_TEST(test_error_no_report)
{
	struct lookup_state st = { .expr = "FOO == 1" };
	struct tool_filter *f = NULL;

	ck_assert_int_eq(tool_filter_parse(st.expr, lookup, &st, &f, NULL),
			 -EINVAL);
	st.expr = "PID = 1";
	ck_assert_int_eq(tool_filter_parse(st.expr, lookup, &st, &f, NULL),
			 -EINVAL);
	st.expr = "TYPE =~ \"[\"";
	ck_assert_int_eq(tool_filter_parse(st.expr, lookup, &st, &f, NULL),
			 -EINVAL);
	ck_assert_ptr_null(f);
}
END_TEST

/* "(" x @n, @middle, ")" x @n; malloc'd */
static char *nest(const char *open, size_t n, const char *middle,
		  const char *close)
{
	size_t lo = strlen(open), lm = strlen(middle), lc = strlen(close);
	char *s = malloc(n * (lo + lc) + lm + 1);
	char *p = s;

	ck_assert_ptr_nonnull(s);
	for (size_t i = 0; i < n; i++, p += lo)
		memcpy(p, open, lo);
	memcpy(p, middle, lm);
	p += lm;
	for (size_t i = 0; i < n; i++, p += lc)
		memcpy(p, close, lc);
	*p = '\0';
	return s;
}

START_TEST(test_deep_nesting)
{
	static const struct {
		const char *open, *close;
	} kinds[] = {
		{ "(", ")" },
		{ "!", "" },
		{ "not ", "" },
		{ "!(", ")" },
		{ "(PID == 2 || ", ")" },
	};

	for (size_t k = 0; k < NS_ARRAY_SIZE(kinds); k++) {
		char *s;

		/* too deep: refused cleanly, no stack overflow */
		s = nest(kinds[k].open, 10000, "1", kinds[k].close);
		expect_error(s, ANY_POS, NULL);
		free(s);
		s = nest(kinds[k].open, 100000, "1", kinds[k].close);
		expect_error(s, ANY_POS, NULL);
		free(s);
		/* unbalanced too */
		s = nest(kinds[k].open, 10000, "", "");
		expect_error(s, ANY_POS, NULL);
		free(s);
	}

	/* sensible nesting works */
	{
		char *s = nest("(", 50, "PID == 25", ")");

		expect_rows(s, "0100000");
		free(s);
		s = nest("!", 50, "PID", "");
		expect_rows(s, "1110111");
		free(s);
		s = nest("!", 51, "PID", "");
		expect_rows(s, "0001000");
		free(s);
		s = nest("(TYPE == \"uts\" || ", 40, "PID == 25", ")");
		expect_rows(s, "0100100");
		free(s);
	}
}
END_TEST

/* @unit x @n followed by @last; malloc'd */
static char *chain(const char *unit, size_t n, const char *last)
{
	return nest(unit, n, last, "");
}

/*
 * Regression: a long flat chain, "1&&1&&...&&1" or "1<1<...<1", must
 * neither crash nor exhaust the stack (30000 operators overflowed an
 * 8 MB stack once): && / || chains are evaluated, long comparison
 * chains refused.
 */
static void long_chain(void)
{
	static const char *const units[] = { "1&&", "1||", "1<", "PID==" };

	for (size_t i = 0; i < NS_ARRAY_SIZE(units); i++) {
		struct lookup_state st = { .expr = NULL };
		struct tool_filter_error err = { 0 };
		struct tool_filter *f = NULL;
		char *s = chain(units[i], 40000, "1");
		int r;

		st.expr = s;
		r = tool_filter_parse(s, lookup, &st, &f, &err);
		ck_assert(r == 0 || r == -EINVAL);
		if (r == 0) {
			r = match_row(f, 0);
			ck_assert(r == 0 || r == 1);
			tool_filter_free(f);
		}
		free(s);
	}
}

START_TEST(test_chains)
{
	/* long flat chains work */
	static const struct {
		const char *unit, *last, *rows;
	} c[] = {
		{ "TYPE == \"mnt\" && ", "PID == 2", "1000000" },
		{ "PID == 3 || ", "PID == 25", "0100000" },
		{ "true && ", "NSFS", "0001001" },
	};

	for (size_t i = 0; i < NS_ARRAY_SIZE(c); i++) {
		char *s = chain(c[i].unit, 1000, c[i].last);

		expect_rows(s, c[i].rows);
		free(s);
	}
	long_chain();
}
END_TEST

START_TEST(test_columns)
{
	struct tool_filter *f;
	int ids[8];

	f = compile("PID == 2 && (TYPE == 'mnt' || pid > 1) && NS > 0 || type");
	memset(ids, 0x55, sizeof(ids));
	ck_assert_uint_eq(tool_filter_columns(f, ids, 8), 3);
	ck_assert_int_eq(ids[0], C_PID);
	ck_assert_int_eq(ids[1], C_TYPE);
	ck_assert_int_eq(ids[2], C_NS);
	ck_assert_int_eq(ids[3], 0x55555555);

	/* at most @max */
	memset(ids, 0x55, sizeof(ids));
	ck_assert_uint_eq(tool_filter_columns(f, ids, 2), 2);
	ck_assert_int_eq(ids[0], C_PID);
	ck_assert_int_eq(ids[1], C_TYPE);
	ck_assert_int_eq(ids[2], 0x55555555);
	ck_assert_uint_eq(tool_filter_columns(f, ids, 0), 0);
	ck_assert_int_eq(ids[0], C_PID);
	tool_filter_free(f);

	/* none */
	f = compile("true && 1 == 1 || \"PID\" =~ 'NS'");
	ck_assert_uint_eq(tool_filter_columns(f, ids, 8), 0);
	tool_filter_free(f);

	/* every kind of place a column can be */
	f = compile("!NETNSID || 1 == NPROCS && COMMAND =~ 'x' || (NSFS) || "
		    "NS < PID || NETNSID");
	ck_assert_uint_eq(tool_filter_columns(f, ids, 8), 6);
	ck_assert_int_eq(ids[0], C_NETNSID);
	ck_assert_int_eq(ids[1], C_NPROCS);
	ck_assert_int_eq(ids[2], C_COMMAND);
	ck_assert_int_eq(ids[3], C_NSFS);
	ck_assert_int_eq(ids[4], C_NS);
	ck_assert_int_eq(ids[5], C_PID);
	tool_filter_free(f);
}
END_TEST

START_TEST(test_lookup_calls)
{
	struct lookup_state st = {
		.expr = "PID == 2 && COMMAND =~ 'k' || pid",
	};
	struct tool_filter *f = NULL;

	ck_assert_int_eq(tool_filter_parse(st.expr, lookup, &st, &f, NULL), 0);
	ck_assert_uint_ge(st.calls, 2);
	ck_assert_uint_le(st.calls, 3);
	tool_filter_free(f);

	/* keywords and literals are not columns */
	st.expr = "true and not false or 'PID' eq \"NS\"";
	st.calls = 0;
	ck_assert_int_eq(tool_filter_parse(st.expr, lookup, &st, &f, NULL), 0);
	ck_assert_uint_eq(st.calls, 0);
	tool_filter_free(f);
}
END_TEST

/* Evaluate @expr on row @i with fetches of @fail_column failing. */
static int match_fail(const char *expr, size_t i, int fail_column,
		      unsigned int *ret_fetches, unsigned int *ret_fetched)
{
	struct ctx c = { .row = &rows[i], .fail_column = fail_column };
	struct tool_filter *f = compile(expr);
	int r;

	r = tool_filter_match(f, fetch, &c);
	tool_filter_free(f);
	if (ret_fetches)
		*ret_fetches = c.fetches;
	if (ret_fetched)
		*ret_fetched = c.fetched;
	return r;
}

START_TEST(test_fetch_error)
{
	static const struct {
		const char *expr;
		size_t row;
		int result;
	} w[] = {
		{ "PID == 2", 0, -ENOMEM },
		{ "2 == PID", 0, -ENOMEM },
		{ "PID", 0, -ENOMEM },
		{ "!PID", 0, -ENOMEM },
		{ "not not PID", 0, -ENOMEM },
		{ "PID =~ 'x'", 0, -ENOMEM },
		{ "PID !~ 'x'", 0, -ENOMEM },
		{ "(PID == 2)", 3, -ENOMEM },
		{ "TYPE == \"mnt\" && PID == 2", 0, -ENOMEM },
		{ "TYPE == \"mnt\" && PID == 2", 2, 0 },
		{ "TYPE == \"net\" || PID == 2", 2, 1 },
		{ "TYPE == \"net\" || PID == 2", 0, -ENOMEM },
		{ "PID == 2 || true", 0, -ENOMEM },
		{ "PID == 2 && false", 0, -ENOMEM },
		{ "NPROCS > PID", 0, -ENOMEM },
		{ "TYPE == 'x' || (NS > 0 && !(PID < 2))", 0, -ENOMEM },
		{ "TYPE == 'x' || (NS > 0 && !(NPROCS < 2))", 0, 1 },
	};

	for (size_t i = 0; i < NS_ARRAY_SIZE(w); i++) {
		int r = match_fail(w[i].expr, w[i].row, C_PID, NULL, NULL);

		ck_assert_msg(r == w[i].result, "'%s' on row %zu: %d, want %d",
			      w[i].expr, w[i].row, r, w[i].result);
	}
}
END_TEST

/* Errors while evaluating: a conversion that fails, a regex on what
 * is neither text nor a column; only where the evaluation gets. */
START_TEST(test_apply_errors)
{
	static const struct {
		const char *expr;
		size_t row;
		int result;
	} w[] = {
		{ "NETNSID == 7", 3, 1 },
		{ "NETNSID == 7", 0, 0 }, /* empty: no number, no error */
		{ "NETNSID == 7", 2, -EINVAL },
		{ "TYPE == \"mnt\" && NETNSID > 0", 0, 0 },
		{ "TYPE == \"net\" && NETNSID > 0", 2, -EINVAL },
		{ "true || NETNSID > 0", 2, 1 },
		{ "TYPE > 1", 0, -EINVAL },
		{ "1 == TYPE", 0, -EINVAL },
		{ "PID == 2 || NSFS == 7", 3, -EINVAL },
		{ "PID == 2 || NSFS == 7", 0, 1 },
		{ "not TYPE =~ 'x'", 0, -EINVAL },
		{ "(1 == 1) =~ 'x'", 0, -EINVAL },
		{ "1 =~ '1'", 0, -EINVAL },
		{ "1.5 =~ '1'", 0, -EINVAL },
		{ "'1' =~ '1'", 0, 1 },
		{ "0 == ''", 0, -EINVAL },
		{ "0 == '-1'", 0, -ERANGE },
		{ "0 == '18446744073709551616'", 0, -ERANGE },
		{ "5 == ' +5 '", 0, 1 },
		{ "5 == '5x'", 0, -EINVAL },
		{ "1.5 == 'abc'", 0, -EINVAL },
		{ "1.5 == ' 1.50'", 0, 1 },
		/* fractions past 2^64 as booleans (the value of the
		 * fuzzer's input; the undefined cast it found is replayed
		 * by tests/fuzz/corpus/filter/regress-float-cast under
		 * clang's UBSan, which gcc's -fsanitize=undefined lacks) */
		{ "not 66666633333333333333.666666666", 0, 0 },
		{ "66666633333333333333.6 and 1", 0, 1 },
	};

	for (size_t i = 0; i < NS_ARRAY_SIZE(w); i++) {
		int r = match_fail(w[i].expr, w[i].row, -1, NULL, NULL);

		ck_assert_msg(r == w[i].result, "'%s' on row %zu: %d, want %d",
			      w[i].expr, w[i].row, r, w[i].result);
	}
}
END_TEST

/* What the scanner skips is handed back, valid expression or not. */
START_TEST(test_echo)
{
	static const struct {
		const char *expr;
		int result;
		const char *echo;
	} w[] = {
		{ "TYPE == \"mnt\" @", 0, "@" },
		{ "TYPE === \"mnt\"", 0, "=" },
		{ "-1 < PID", 0, "-" },
		{ "PID == 2.", 0, "." },
		{ "_x || TYPE", -EINVAL, "_" }, /* then column x: unknown */
		{ "TYPE == \"mnt", -EINVAL, "\"" },
		{ "PID = 2", -EINVAL, "=" },
		{ "@", -EINVAL, "@" },
		{ "TYPE == 'mnt'", 0, "" },
	};

	for (size_t i = 0; i < NS_ARRAY_SIZE(w); i++) {
		struct lookup_state st = { .expr = w[i].expr };
		struct tool_filter_error err;
		struct tool_filter *f = NULL;
		int r;

		memset(&err, 'x', sizeof(err));
		r = tool_filter_parse(w[i].expr, lookup, &st, &f, &err);
		tool_filter_free(r == 0 ? f : NULL);
		ck_assert_msg(r == w[i].result, "'%s': %d", w[i].expr, r);
		ck_assert_str_eq(err.echo, w[i].echo);
		ck_assert_uint_eq(err.echo_len, strlen(w[i].echo));
	}
}
END_TEST

/* A long run of skipped characters: counted, the text cut short. */
START_TEST(test_echo_long)
{
	char expr[300];
	struct lookup_state st = { .expr = expr };
	struct tool_filter_error err;
	struct tool_filter *f = NULL;

	memset(expr, '@', 200);
	strcpy(expr + 200, "TYPE");
	ck_assert_int_eq(tool_filter_parse(expr, lookup, &st, &f, &err), 0);
	tool_filter_free(f);
	ck_assert_uint_eq(err.echo_len, 200);
	ck_assert_uint_eq(strlen(err.echo), sizeof(err.echo) - 1);
	ck_assert(strspn(err.echo, "@") == sizeof(err.echo) - 1);
}
END_TEST

START_TEST(test_short_circuit)
{
	static const struct {
		const char *expr;
		size_t row;
		int result;
		unsigned int fetched; /* mask of the fetched columns */
	} w[] = {
		{ "false && PID == 2", 0, 0, 0 },
		{ "true || PID == 2", 0, 1, 0 },
		{ "0 && PID", 0, 0, 0 },
		{ "1 || PID", 0, 1, 0 },
		{ "\"\" and PID", 0, 0, 0 },
		{ "'x' or PID", 0, 1, 0 },
		{ "!true && PID && COMMAND", 0, 0, 0 },
		{ "false && PID || true", 0, 1, 0 },
		{ "TYPE == \"net\" && PID == 2", 0, 0, 1u << C_TYPE },
		{ "TYPE == \"mnt\" || PID == 2", 0, 1, 1u << C_TYPE },
		{ "TYPE == \"mnt\" && PID == 2", 0, 1,
		  1u << C_TYPE | 1u << C_PID },
		{ "(TYPE == \"net\" || PID == 2) && COMMAND == \"kthreadd\"", 2,
		  1, 1u << C_TYPE | 1u << C_COMMAND },
		{ "(TYPE == \"net\" || PID == 2) && COMMAND == \"kthreadd\"", 1,
		  0, 1u << C_TYPE | 1u << C_PID },
		{ "NSFS || NETNSID", 3, 1, 1u << C_NSFS },
		{ "NSFS || NETNSID", 0, 0, 1u << C_NSFS | 1u << C_NETNSID },
	};

	for (size_t i = 0; i < NS_ARRAY_SIZE(w); i++) {
		unsigned int fetches = 0, fetched = 0;
		int r = match_fail(w[i].expr, w[i].row, -1, &fetches, &fetched);

		ck_assert_msg(r == w[i].result, "'%s' on row %zu: %d, want %d",
			      w[i].expr, w[i].row, r, w[i].result);
		ck_assert_msg(fetched == w[i].fetched,
			      "'%s' on row %zu: fetched %#x, want %#x",
			      w[i].expr, w[i].row, fetched, w[i].fetched);
		/* each once */
		ck_assert_uint_eq(fetches,
				  (unsigned int)__builtin_popcount(fetched));
	}

	/* the failing column is not fetched either */
	ck_assert_int_eq(match_fail("false && PID", 0, C_PID, NULL, NULL), 0);
	ck_assert_int_eq(match_fail("true || PID", 0, C_PID, NULL, NULL), 1);
}
END_TEST

START_TEST(test_reuse)
{
	/* one filter, many rows, many times */
	struct tool_filter *f = compile("TYPE =~ '^n' && PID != 2 || "
				      "COMMAND == 'systemd' && NPROCS > 66");

	for (int n = 0; n < 3; n++) {
		for (size_t i = 0; i < NROWS; i++) {
			static const char want[] = "0000010";

			ck_assert_int_eq(match_row(f, i), want[i] == '1');
		}
	}
	tool_filter_free(f);
}
END_TEST

START_TEST(test_free_and_leaks)
{
	static const char *const ok[] = {
		"TYPE =~ '^(mnt|net)$' && COMMAND !~ \"^k\"",
		"'a' == 'a' || \"b\" != 'c' && NSFS =~ ''",
		"!(PID == 2.5) and not NETNSID",
		"NS == \"4026531860\"",
	};
	static const char *const bad[] = {
		"TYPE =~ '^(mnt' && 1",
		"'abc' == 'abc' 'def'",
		"TYPE =~ 'x' && FOO",
		"TYPE =~ 'x' == 'unterminated",
		"(((TYPE == 'mnt' || PID =~ '[')))",
		"'x' =~ 'y' && TYPE == ((1)",
		"NSFS == 'a' && 12a",
	};

	tool_filter_free(NULL);
	for (int n = 0; n < 200; n++) {
		for (size_t i = 0; i < NS_ARRAY_SIZE(ok); i++) {
			struct tool_filter *f = compile(ok[i]);

			for (size_t r = 0; r < NROWS; r++)
				ck_assert_int_ge(match_row(f, r), 0);
			tool_filter_free(f);
		}
		for (size_t i = 0; i < NS_ARRAY_SIZE(bad); i++)
			expect_error(bad[i], ANY_POS, NULL);
	}
}
END_TEST

static Suite *filter_suite(void)
{
	Suite *s = suite_create("filter");
	TCase *tc = tcase_create("filter");

	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, test_compare_ops);
	tcase_add_test(tc, test_logic);
	tcase_add_test(tc, test_precedence);
	tcase_add_test(tc, test_strings);
	tcase_add_test(tc, test_numbers);
	tcase_add_test(tc, test_decimal_long_fraction);
	tcase_add_test(tc, test_bare_values);
	tcase_add_test(tc, test_empty_cells);
	tcase_add_test(tc, test_regex);
	tcase_add_test(tc, test_errors);
	tcase_add_test(tc, test_error_no_report);
	tcase_add_test(tc, test_deep_nesting);
	tcase_add_test(tc, test_chains);
	tcase_add_test(tc, test_columns);
	tcase_add_test(tc, test_lookup_calls);
	tcase_add_test(tc, test_fetch_error);
	tcase_add_test(tc, test_short_circuit);
	tcase_add_test(tc, test_apply_errors);
	tcase_add_test(tc, test_echo);
	tcase_add_test(tc, test_echo_long);
	tcase_add_test(tc, test_reuse);
	tcase_add_test(tc, test_free_and_leaks);
	suite_add_tcase(s, tc);
	return s;
}

int main(int argc, char **argv)
{
	return tu_main(argc, argv, filter_suite);
}
