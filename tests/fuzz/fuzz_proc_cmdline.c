// SPDX-License-Identifier: MIT
/*
 * /proc/PID/cmdline as lsns shows it in COMMAND (lib/proc): arguments
 * separated and ended by NULs, anything in them; a process may also
 * rewrite its argument area freely. The input is the file's bytes.
 * Checks: the result is one NUL terminated string of the input's
 * length less its trailing NULs, NULs turned into spaces and no other
 * byte changed; nothing left is -ENODATA.
 */
#define _GNU_SOURCE
#include <errno.h>

#include "fuzz.h"
#include "libns/proc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	size_t want = size;
	char *buf;
	int r;

	buf = malloc(size + 1); /* as ns_read_file_at leaves it */
	if (!buf)
		return 0;
	memcpy(buf, data, size);
	buf[size] = '\0';
	while (want > 0 && data[want - 1] == '\0')
		want--;
	r = ns_proc_cmdline_parse(buf, size);
	if (want == 0) {
		FUZZ_CHECK(r == -ENODATA);
	} else {
		FUZZ_CHECK(r == 0);
		FUZZ_CHECK(strlen(buf) == want);
		for (size_t i = 0; i < want; i++)
			FUZZ_CHECK(buf[i] == (data[i] ? (char)data[i] : ' '));
	}
	free(buf);
	return 0;
}
