// SPDX-License-Identifier: MIT
/*
 * /proc/PID/stat as lsns reads it for PPID and the command name
 * (lib/proc): "pid (comm) state ppid ...", where comm is whatever the
 * process named itself (spaces, parentheses, newlines). The input is
 * the file's text, cut as ns_proc_stat() cuts it (511 bytes). Checks:
 * the name is NUL terminated within its buffer and a prefix of what
 * is between the first '(' and the last ')'; the PPID is not negative.
 */
#define _GNU_SOURCE
#include <errno.h>

#include "fuzz.h"
#include "libns/proc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ns_proc_stat st;
	char *buf;
	int r;

	buf = fuzz_string(data, size < 511 ? size : 511);
	if (!buf)
		return 0;
	memset(&st, 0x55, sizeof(st));
	r = ns_proc_stat_parse(buf, &st);
	if (r == 0) {
		const char *open = strchr(buf, '(');
		size_t len = strnlen(st.comm, sizeof(st.comm));

		FUZZ_CHECK(len < sizeof(st.comm));
		FUZZ_CHECK(open && strncmp(open + 1, st.comm, len) == 0);
		FUZZ_CHECK(st.ppid >= 0);
		FUZZ_CHECK(st.state != '\0');
	} else {
		FUZZ_CHECK(r == -EINVAL);
	}
	free(buf);
	return 0;
}
