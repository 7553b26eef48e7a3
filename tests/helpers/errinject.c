// SPDX-License-Identifier: MIT
/*
 * errinject - run a command with one ioctl(2) request failing.
 *
 *   errinject REQUEST ERRNO COMMAND [ARG...]
 *
 * REQUEST and ERRNO are numbers (0x.. accepted). A seccomp filter makes
 * every ioctl(fd, REQUEST, ...) of COMMAND fail with ERRNO, e.g. to see
 * how a tool behaves on a kernel without NS_GET_USERNS (ENOTTY).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#if defined(__x86_64__)
#define AUDIT_ARCH_NATIVE AUDIT_ARCH_X86_64
#elif defined(__aarch64__)
#define AUDIT_ARCH_NATIVE AUDIT_ARCH_AARCH64
#else
#error "errinject: add the audit arch of this machine"
#endif

int main(int argc, char **argv)
{
	unsigned long request, err;
	char *end;

	if (argc < 4) {
		fprintf(stderr, "usage: errinject REQUEST ERRNO COMMAND...\n");
		return 2;
	}
	request = strtoul(argv[1], &end, 0);
	if (*end)
		return 2;
	err = strtoul(argv[2], &end, 0);
	if (*end || err == 0 || err > 4095)
		return 2;

	struct sock_filter code[] = {
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS,
			 offsetof(struct seccomp_data, arch)),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, AUDIT_ARCH_NATIVE, 1, 0),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS,
			 offsetof(struct seccomp_data, nr)),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_ioctl, 0, 3),
		/* the request: low 32 bits of the second argument */
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS,
			 offsetof(struct seccomp_data, args[1])),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, (unsigned int)request, 0, 1),
		BPF_STMT(BPF_RET | BPF_K,
			 SECCOMP_RET_ERRNO | (err & SECCOMP_RET_DATA)),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
	};
	struct sock_fprog prog = {
		.len = sizeof(code) / sizeof(code[0]),
		.filter = code,
	};

	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0 ||
	    prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog) < 0) {
		perror("errinject: seccomp");
		return 1;
	}
	execvp(argv[3], argv + 3);
	fprintf(stderr, "errinject: exec %s: %s\n", argv[3], strerror(errno));
	return 127;
}
