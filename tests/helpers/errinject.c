// SPDX-License-Identifier: MIT
/*
 * errinject - run a command with one system call failing.
 *
 *   errinject REQUEST ERRNO COMMAND [ARG...]
 *   errinject -s SYSCALL [-a ARG:OP:VALUE]... ERRNO COMMAND [ARG...]
 *
 * The first form makes every ioctl(fd, REQUEST, ...) of COMMAND fail with
 * ERRNO, e.g. to see how a tool behaves on a kernel without NS_GET_USERNS
 * (ENOTTY).
 *
 * The second form makes SYSCALL (a name from the table below, or a
 * number) fail with ERRNO, in COMMAND and in every process it forks,
 * when all the -a conditions hold. A condition looks at the low 32 bits
 * of argument ARG (0-5) and compares them with VALUE by OP:
 *   eq  equal            ne   not equal
 *   ge  unsigned >=      lt   unsigned <
 *   set any bit of VALUE set        clr  no bit of VALUE set
 * e.g. "-s mount -a 3:set:0x1000" fails bind mounts (MS_BIND) only,
 * "-s openat -a 2:set:3" fails opening for writing.
 *
 * Numbers may be given in hex (0x..). When run by root the filter is
 * installed without no_new_privs, so set-user-ID helpers keep working.
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

#define MAX_CONDS 6

static const struct {
	const char *name;
	long nr;
} syscalls[] = {
	{ "ioctl", __NR_ioctl },
	{ "mount", __NR_mount },
	{ "umount2", __NR_umount2 },
	{ "unshare", __NR_unshare },
	{ "setns", __NR_setns },
	{ "openat", __NR_openat },
	{ "write", __NR_write },
	{ "clone", __NR_clone },
	{ "clone3", __NR_clone3 },
	{ "execve", __NR_execve },
	{ "chroot", __NR_chroot },
	{ "chdir", __NR_chdir },
	{ "mkdirat", __NR_mkdirat },
	{ "unlinkat", __NR_unlinkat },
	{ "prctl", __NR_prctl },
	{ "setuid", __NR_setuid },
	{ "setgid", __NR_setgid },
	{ "setgroups", __NR_setgroups },
	{ "sethostname", __NR_sethostname },
	{ "mount_setattr", __NR_mount_setattr },
	{ "fsopen", __NR_fsopen },
	{ "fsmount", __NR_fsmount },
	{ "move_mount", __NR_move_mount },
	{ "open_tree", __NR_open_tree },
	{ "socket", __NR_socket },
	{ "socketpair", __NR_socketpair },
};

struct cond {
	unsigned int arg;
	unsigned int op;	/* a BPF jump: JEQ, JGE or JSET */
	int negate;
	unsigned int value;
};

static int parse_num(const char *s, unsigned long max, unsigned long *ret)
{
	char *end;
	unsigned long v;

	errno = 0;
	v = strtoul(s, &end, 0);
	if (errno || end == s || *end || v > max)
		return -1;
	*ret = v;
	return 0;
}

static long syscall_nr(const char *name)
{
	unsigned long nr;
	size_t i;

	for (i = 0; i < sizeof(syscalls) / sizeof(syscalls[0]); i++)
		if (!strcmp(syscalls[i].name, name))
			return syscalls[i].nr;
	if (parse_num(name, 4095, &nr) < 0)
		return -1;
	return (long)nr;
}

static int parse_cond(const char *s, struct cond *c)
{
	char op[4];
	unsigned long arg, value;
	char *copy = strdup(s), *a, *o, *v;
	int ret = -1;

	if (!copy)
		return -1;
	a = strtok(copy, ":");
	o = strtok(NULL, ":");
	v = strtok(NULL, ":");
	if (!a || !o || !v || strtok(NULL, ":") || strlen(o) > 3)
		goto out;
	if (parse_num(a, 5, &arg) < 0 || parse_num(v, 0xffffffffUL, &value) < 0)
		goto out;
	strcpy(op, o);
	c->arg = (unsigned int)arg;
	c->value = (unsigned int)value;
	c->negate = 0;
	if (!strcmp(op, "eq")) {
		c->op = BPF_JEQ;
	} else if (!strcmp(op, "ne")) {
		c->op = BPF_JEQ;
		c->negate = 1;
	} else if (!strcmp(op, "ge")) {
		c->op = BPF_JGE;
	} else if (!strcmp(op, "lt")) {
		c->op = BPF_JGE;
		c->negate = 1;
	} else if (!strcmp(op, "set")) {
		c->op = BPF_JSET;
	} else if (!strcmp(op, "clr")) {
		c->op = BPF_JSET;
		c->negate = 1;
	} else {
		goto out;
	}
	ret = 0;
out:
	free(copy);
	return ret;
}

static void usage(void)
{
	fprintf(stderr, "usage: errinject REQUEST ERRNO COMMAND...\n"
		"       errinject -s SYSCALL [-a ARG:OP:VALUE]... ERRNO COMMAND...\n");
	exit(2);
}

static int install(struct sock_fprog *prog)
{
	/* root may filter without no_new_privs: keep setuid helpers */
	if (prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, prog) == 0)
		return 0;
	if (errno != EACCES)
		return -1;
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
		return -1;
	return prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, prog);
}

int main(int argc, char **argv)
{
	struct cond conds[MAX_CONDS];
	struct sock_filter code[8 + 2 * MAX_CONDS];
	unsigned long err, v;
	unsigned int n = 0, i, ncond = 0;
	long nr;
	int argi = 1;

	if (argc < 4)
		usage();
	if (!strcmp(argv[1], "-s")) {
		nr = syscall_nr(argv[2]);
		if (nr < 0)
			usage();
		argi = 3;
		while (argi + 1 < argc && !strcmp(argv[argi], "-a")) {
			if (ncond == MAX_CONDS ||
			    parse_cond(argv[argi + 1], &conds[ncond]) < 0)
				usage();
			ncond++;
			argi += 2;
		}
	} else {
		/* the ioctl form: the request is the low 32 bits of arg 1 */
		if (parse_num(argv[1], 0xffffffffUL, &v) < 0)
			usage();
		nr = __NR_ioctl;
		conds[0] = (struct cond){ .arg = 1, .op = BPF_JEQ,
					  .value = (unsigned int)v };
		ncond = 1;
		argi = 2;
	}
	if (argi + 1 >= argc)
		usage();
	if (parse_num(argv[argi], 4095, &err) < 0 || err == 0)
		usage();
	argi++;

	code[n++] = (struct sock_filter)BPF_STMT(BPF_LD | BPF_W | BPF_ABS,
		offsetof(struct seccomp_data, arch));
	code[n++] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K,
		AUDIT_ARCH_NATIVE, 1, 0);
	code[n++] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_K,
		SECCOMP_RET_ALLOW);
	code[n++] = (struct sock_filter)BPF_STMT(BPF_LD | BPF_W | BPF_ABS,
		offsetof(struct seccomp_data, nr));
	/* every jump to "allow" lands on the last instruction */
	code[n++] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K,
		(unsigned int)nr, 0, (unsigned char)(2 * ncond + 1));
	for (i = 0; i < ncond; i++) {
		unsigned int to_allow = 2 * (ncond - i - 1) + 1;

		code[n++] = (struct sock_filter)BPF_STMT(BPF_LD | BPF_W |
			BPF_ABS, offsetof(struct seccomp_data, args) +
			conds[i].arg * sizeof(__u64));
		if (conds[i].negate)
			code[n++] = (struct sock_filter)BPF_JUMP(BPF_JMP |
				conds[i].op | BPF_K, conds[i].value,
				(unsigned char)to_allow, 0);
		else
			code[n++] = (struct sock_filter)BPF_JUMP(BPF_JMP |
				conds[i].op | BPF_K, conds[i].value,
				0, (unsigned char)to_allow);
	}
	code[n++] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_K,
		SECCOMP_RET_ERRNO | (err & SECCOMP_RET_DATA));
	code[n++] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_K,
		SECCOMP_RET_ALLOW);

	struct sock_fprog prog = {
		.len = (unsigned short)n,
		.filter = code,
	};

	if (install(&prog) < 0) {
		perror("errinject: seccomp");
		return 1;
	}
	execvp(argv[argi], argv + argi);
	fprintf(stderr, "errinject: exec %s: %s\n", argv[argi], strerror(errno));
	return 127;
}
