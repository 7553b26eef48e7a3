// SPDX-License-Identifier: MIT
/*
 * The strict number parsers every tool's numbers go through: PIDs
 * (nsenter -t, lsns -p, netns attach), inodes (lsns NS), NSIDs, counts
 * (lib/base: ns_parse_u64, ns_parse_pid), and the filter's decimal
 * numbers (lsns -Q, tools/common/filter-lex.c). The input is the
 * argument, compared with the C library's own reading. Checks: a
 * number is taken exactly when it is all digits and fits, and then has
 * strtoull's value; leading digits that do not fit are -ERANGE
 * whatever follows (as util-linux's strtoul(3) says), other text
 * -EINVAL; a PID is at most INT32_MAX; a decimal
 * "digits[.digits]" is within a relative 1e-9 of strtod's value (or
 * within 1e-300, where doubles lose digits).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <locale.h>
#include <math.h>

#include "filter-internal.h"
#include "fuzz.h"
#include "libns/base.h"

static void check_u64(const char *s)
{
	size_t digits = strspn(s, "0123456789");
	uint64_t v = 42, want;
	pid_t pid = 42;
	int r;

	r = ns_parse_u64(s, &v);
	/* strtoull of the leading digits alone: no sign, no spaces */
	errno = 0;
	want = digits ? strtoull(s, NULL, 10) : 0;
	if (digits && errno == ERANGE) {
		FUZZ_CHECK(r == -ERANGE && v == 42);
		FUZZ_CHECK(ns_parse_pid(s, &pid) == -ERANGE && pid == 42);
		return;
	}
	if (digits == 0 || s[digits] != '\0') {
		FUZZ_CHECK(r == -EINVAL && v == 42);
		FUZZ_CHECK(ns_parse_pid(s, &pid) == -EINVAL && pid == 42);
		return;
	}
	FUZZ_CHECK(r == 0 && v == want);
	r = ns_parse_pid(s, &pid);
	if (want > INT32_MAX)
		FUZZ_CHECK(r == -ERANGE);
	else
		FUZZ_CHECK(r == 0 && (uint64_t)pid == want);
}

/* "digits[.[digits]]" */
static bool decimal_syntax(const char *s)
{
	size_t n = strspn(s, "0123456789");

	if (n == 0)
		return false;
	if (s[n] == '\0')
		return true;
	if (s[n] != '.')
		return false;
	s += n + 1;
	n = strspn(s, "0123456789");
	return s[n] == '\0'; /* "1." is 1, as in libsmartcols */
}

static void check_decimal(const char *s)
{
	long double d = 0, want;
	bool ok = filter_parse_decimal(s, &d);

	FUZZ_CHECK(ok == decimal_syntax(s));
	if (!ok)
		return;
	want = strtold(s, NULL); /* the C locale: '.' */
	FUZZ_CHECK(!isnan(d));
	if (isinf(want))
		FUZZ_CHECK(isinf(d) || d >= 1e4900L);
	else
		/* (near 1e-4930 long doubles are subnormal: digits are lost) */
		FUZZ_CHECK(fabsl(d - want) <= 1e-9L * fabsl(want) + 1e-4900L);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = fuzz_string(data, size);

	if (!s)
		return 0;
	check_u64(s);
	check_decimal(s);
	free(s);
	return 0;
}
