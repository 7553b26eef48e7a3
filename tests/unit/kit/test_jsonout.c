// SPDX-License-Identifier: MIT
/*
 * Unit tests of tools/common/jsonout.c: strings escaped as libsmartcols
 * escapes them in its JSON (checked against lsns -J of util-linux 2.38
 * and 2.42 on a namespace file named with such bytes), and the shapes
 * of netns' output.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jsonout.h"
#include "testutil.h"

/* What tool_json_string() makes of @s. */
static char *quoted(const char *s)
{
	char *buf = NULL;
	size_t size = 0;
	FILE *f = open_memstream(&buf, &size);

	ck_assert_ptr_nonnull(f);
	tool_json_string(f, s);
	ck_assert_int_eq(fclose(f), 0);
	return buf;
}

static void expect(const char *s, const char *want)
{
	char *got = quoted(s);

	ck_assert_str_eq(got, want);
	free(got);
}

/* What tool_json_string_utf8() makes of @s: @want. */
static void expect_utf8(const char *s, const char *want)
{
	char *buf = NULL;
	size_t size = 0;
	FILE *f = open_memstream(&buf, &size);

	ck_assert_ptr_nonnull(f);
	tool_json_string_utf8(f, s);
	ck_assert_int_eq(fclose(f), 0);
	ck_assert_str_eq(buf, want);
	free(buf);
}

START_TEST(test_string_utf8)
{
	/* as tool_json_string where it is UTF-8 */
	expect_utf8("", "\"\"");
	expect_utf8("q\"b\\s\t\x01\x7f", "\"q\\\"b\\\\s\\t\\u0001\x7f\"");
	expect_utf8("\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80 \xf4\x8f\xbf\xbf",
		    "\"\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80 \xf4\x8f\xbf\xbf\"");
	/* a byte that is no part of UTF-8: \\xHH, as column -J */
	expect_utf8("a\xff" "b", "\"a\\\\xff" "b\"");
	expect_utf8("nstest-\xff\x01", "\"nstest-\\\\xff\\u0001\"");
	/* cut short, overlong, surrogate, above U+10FFFF, lone trail */
	expect_utf8("\xe2\x82", "\"\\\\xe2\\\\x82\"");
	expect_utf8("\xc0\xaf", "\"\\\\xc0\\\\xaf\"");
	expect_utf8("\xe0\x80\xaf", "\"\\\\xe0\\\\x80\\\\xaf\"");
	expect_utf8("\xed\xa0\x80", "\"\\\\xed\\\\xa0\\\\x80\"");
	expect_utf8("\xf4\x90\x80\x80",
		    "\"\\\\xf4\\\\x90\\\\x80\\\\x80\"");
	expect_utf8("\x80" "a", "\"\\\\x80" "a\"");
	/* a good character right after a bad byte */
	expect_utf8("\xc3\xc3\xa9", "\"\\\\xc3\xc3\xa9\"");
}
END_TEST

START_TEST(test_string_escapes)
{
	expect("", "\"\"");
	expect("nstest-a", "\"nstest-a\"");
	expect("q\"b\\s/", "\"q\\\"b\\\\s/\"");
	/* by name, as libsmartcols writes them */
	expect("\b\f\n\r\t", "\"\\b\\f\\n\\r\\t\"");
	/* the other control bytes as \u00XX, lower case */
	expect("\x01\x1b\x1f", "\"\\u0001\\u001b\\u001f\"");
	expect("a\x0b" "b", "\"a\\u000bb\"");
	/* DEL and UTF-8 pass unchanged */
	expect("\x7f", "\"\x7f\"");
	expect("\xc3\xa9t\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80",
	       "\"\xc3\xa9t\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80\"");
	/* bytes that are not UTF-8: as they are, as libsmartcols has them */
	expect("a\xff" "b", "\"a\xff" "b\"");
	expect("\xe2\x82", "\"\xe2\x82\"");
	expect("\xc0\xaf\xed\xa0\x80", "\"\xc0\xaf\xed\xa0\x80\"");
	expect("\x80\x01", "\"\x80\\u0001\"");
}
END_TEST

struct out {
	char *buf;
	size_t size;
	FILE *f;
};

static void out_open(struct out *o, struct tool_json *j)
{
	o->buf = NULL;
	o->f = open_memstream(&o->buf, &o->size);
	ck_assert_ptr_nonnull(o->f);
	tool_json_init(j, o->f);
}

static void out_expect(struct out *o, const char *want)
{
	ck_assert_int_eq(fclose(o->f), 0);
	ck_assert_str_eq(o->buf, want);
	free(o->buf);
}

START_TEST(test_shapes)
{
	struct tool_json j;
	struct out o;

	/* an empty list */
	out_open(&o, &j);
	tool_json_array_begin(&j);
	tool_json_array_end(&j);
	out_expect(&o, "[]\n");

	/* ip netns -j list */
	out_open(&o, &j);
	tool_json_array_begin(&j);
	tool_json_object_begin(&j);
	tool_json_member_str(&j, "name", "a");
	tool_json_member_int(&j, "id", 5);
	tool_json_object_end(&j);
	tool_json_object_begin(&j);
	tool_json_member_str(&j, "name", "b\n");
	tool_json_object_end(&j);
	tool_json_object_begin(&j);
	tool_json_object_end(&j);
	tool_json_array_end(&j);
	out_expect(&o, "[{\"name\":\"a\",\"id\":5},{\"name\":\"b\\n\"},{}]\n");

	/* one object per line (monitor), keys escaped too */
	out_open(&o, &j);
	for (int i = 0; i < 2; i++) {
		tool_json_object_begin(&j);
		tool_json_member_str(&j, "event", i ? "delete" : "add");
		tool_json_member_int(&j, "k\"", -1 - i);
		tool_json_object_end(&j);
	}
	out_expect(&o, "{\"event\":\"add\",\"k\\\"\":-1}\n"
		       "{\"event\":\"delete\",\"k\\\"\":-2}\n");

	/* nested arrays */
	out_open(&o, &j);
	tool_json_array_begin(&j);
	tool_json_array_begin(&j);
	tool_json_array_end(&j);
	tool_json_array_begin(&j);
	tool_json_object_begin(&j);
	tool_json_member_int(&j, "pid", 1);
	tool_json_object_end(&j);
	tool_json_array_end(&j);
	tool_json_array_end(&j);
	out_expect(&o, "[[],[{\"pid\":1}]]\n");
}
END_TEST

static Suite *jsonout_suite(void)
{
	Suite *s = suite_create("jsonout");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_string_escapes);
	tcase_add_test(tc, test_string_utf8);
	tcase_add_test(tc, test_shapes);
	suite_add_tcase(s, tc);
	return s;
}

int main(int argc, char **argv)
{
	return tu_main(argc, argv, jsonout_suite);
}
