// SPDX-License-Identifier: MIT
/*
 * lsns-floor - the per-process work any drop-in lsns owes, and nothing
 * else: the reference bench/lsns/run compares our lsns against.
 *
 *   lsns-floor [--lean] [--type TYPE] [PROC]
 *
 * One getdents64 pass over /proc (or PROC); for each PID: open its
 * directory, readlinkat(2) its eight ns/ links, read its stat (and
 * parse the ppid, for the process tree), list fd/ and fstatat(2) every
 * entry through the link (fds on nsfs are namespaces too). The namespace
 * inodes go into a small hash (inode -> processes) so none of the work
 * can be skipped; prints
 *
 *   namespaces=N processes=P fds=F
 *
 * --lean: the least that still finds the same namespaces: no stat
 * (the ppid is needed for a few PIDs only, which an lsns can read
 * later), and readlinkat(2) instead of fstatat(2) on fd/ entries (an
 * fd on nsfs reads as "TYPE:[INODE]", no path walk to the target).
 * --type TYPE: only the ns/TYPE link (fd/ is still listed: an fd may
 * hold a namespace of that type), what "lsns -t TYPE" owes; without
 * --lean, fds on nsfs count whatever their type.
 *
 * Not in the floor: per-namespace work (COMMAND of the lowest PID, user
 * names, sorting, formatting) and nsfs mounts, sockets, ioctls.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "libns/nstype.h"

#define PROG "lsns-floor"

struct dent64 {
	uint64_t d_ino;
	int64_t d_off;
	unsigned short d_reclen;
	unsigned char d_type;
	char d_name[];
};

/* Open addressing, inode 0 marks a free slot (nsfs never uses it). */
struct nsmap {
	uint64_t *ino;
	unsigned long *count;
	size_t cap, len;
};

struct floor {
	struct nsmap map;
	char links[NS_TYPE_COUNT][16];	/* "ns/net", ... */
	int nlinks;
	unsigned int types;		/* NS_TYPE_MASK()s wanted */
	dev_t nsfs_dev;
	long procs, fds, ppid_sum;
	int lean;
	char procbuf[64 * 1024] __attribute__((aligned(8)));
	char fdbuf[8192] __attribute__((aligned(8)));
};

static size_t hash_ino(uint64_t ino, size_t cap)
{
	return (size_t)((ino * 0x9e3779b97f4a7c15ULL) >> 17) & (cap - 1);
}

static int nsmap_insert(struct nsmap *m, uint64_t ino, unsigned long n)
{
	size_t i;

	if (2 * (m->len + 1) > m->cap) {
		struct nsmap big = { .cap = m->cap ? 2 * m->cap : 1024 };

		big.ino = calloc(big.cap, sizeof(*big.ino));
		big.count = calloc(big.cap, sizeof(*big.count));
		if (!big.ino || !big.count) {
			free(big.ino);
			free(big.count);
			return -ENOMEM;
		}
		for (size_t j = 0; j < m->cap; j++)
			if (m->ino[j])
				nsmap_insert(&big, m->ino[j], m->count[j]);
		free(m->ino);
		free(m->count);
		*m = big;
	}
	for (i = hash_ino(ino, m->cap); m->ino[i] && m->ino[i] != ino;
	     i = (i + 1) & (m->cap - 1))
		;
	if (!m->ino[i]) {
		m->ino[i] = ino;
		m->len++;
	}
	m->count[i] += n;
	return 0;
}

/* "net:[4026531840]" -> 4026531840, 0 when malformed. */
static uint64_t link_ino(const char *s, ssize_t len)
{
	const char *p = memchr(s, '[', len);
	uint64_t v = 0;

	if (!p)
		return 0;
	for (p++; p < s + len && *p >= '0' && *p <= '9'; p++)
		v = v * 10 + (uint64_t)(*p - '0');
	return v;
}

/* Does an fd/ link read like an nsfs one ("TYPE:[INODE]") we want? */
static int is_nsfs_link(const struct floor *fl, const char *s, ssize_t len)
{
	const char *colon = memchr(s, ':', len);
	enum ns_kind t;

	return colon && colon + 1 < s + len && colon[1] == '[' &&
	       ns_type_from_name_len(s, colon - s, &t) == 0 &&
	       (fl->types & NS_TYPE_MASK(t));
}

static int scan_ns(struct floor *fl, int pid_fd)
{
	char buf[64];

	for (int t = 0; t < fl->nlinks; t++) {
		ssize_t n = readlinkat(pid_fd, fl->links[t], buf, sizeof(buf));
		uint64_t ino;

		if (n <= 0)
			continue;
		ino = link_ino(buf, n);
		if (ino && nsmap_insert(&fl->map, ino, 1) < 0)
			return -ENOMEM;
	}
	return 0;
}

/* The ppid: the 2nd field after the ")" that ends comm. */
static void scan_stat(struct floor *fl, int pid_fd)
{
	char buf[1024], *p;
	ssize_t n;
	int fd;

	fd = openat(pid_fd, "stat", O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return;
	buf[n] = '\0';
	p = strrchr(buf, ')');
	if (p && p[1] == ' ' && p[2] && p[3] == ' ')
		fl->ppid_sum += strtol(p + 4, NULL, 10);
}

static int scan_fds(struct floor *fl, int pid_fd)
{
	int dir_fd;
	long n;

	dir_fd = openat(pid_fd, "fd", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dir_fd < 0)
		return 0;
	while ((n = syscall(SYS_getdents64, dir_fd, fl->fdbuf,
			    sizeof(fl->fdbuf))) > 0) {
		for (long pos = 0; pos < n;) {
			struct dent64 *d = (struct dent64 *)(fl->fdbuf + pos);
			struct stat st;

			uint64_t ino = 0;

			pos += d->d_reclen;
			if (d->d_name[0] == '.')
				continue;
			if (fl->lean) {
				char buf[64];
				ssize_t len = readlinkat(dir_fd, d->d_name, buf,
							 sizeof(buf));

				if (len < 0)
					continue;
				if (len < (ssize_t)sizeof(buf) &&
				    is_nsfs_link(fl, buf, len))
					ino = link_ino(buf, len);
			} else {
				if (fstatat(dir_fd, d->d_name, &st, 0) < 0)
					continue;
				if (st.st_dev == fl->nsfs_dev)
					ino = st.st_ino;
			}
			fl->fds++;
			if (ino && nsmap_insert(&fl->map, ino, 0) < 0) {
				close(dir_fd);
				return -ENOMEM;
			}
		}
	}
	close(dir_fd);
	return 0;
}

static int scan_pid(struct floor *fl, int proc_fd, const char *name)
{
	int pid_fd, r;

	pid_fd = openat(proc_fd, name, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (pid_fd < 0)
		return 0;	/* gone, or not ours to see */
	fl->procs++;
	r = scan_ns(fl, pid_fd);
	if (r == 0) {
		if (!fl->lean)
			scan_stat(fl, pid_fd);
		r = scan_fds(fl, pid_fd);
	}
	close(pid_fd);
	return r;
}

static int scan_proc(struct floor *fl, int proc_fd)
{
	long n;

	while ((n = syscall(SYS_getdents64, proc_fd, fl->procbuf,
			    sizeof(fl->procbuf))) > 0) {
		for (long pos = 0; pos < n;) {
			struct dent64 *d = (struct dent64 *)(fl->procbuf + pos);

			pos += d->d_reclen;
			if (d->d_name[0] < '1' || d->d_name[0] > '9')
				continue;
			if (scan_pid(fl, proc_fd, d->d_name) < 0)
				return -ENOMEM;
		}
	}
	return n < 0 ? -errno : 0;
}

/* [--lean] [--type TYPE] [PROC]; -1 on a usage error. */
static int parse_args(struct floor *fl, int argc, char **argv,
		      const char **ret_proc)
{
	int i;

	fl->types = NS_TYPE_MASK_ALL;
	for (i = 1; i < argc && argv[i][0] == '-'; i++) {
		enum ns_kind t;

		if (!strcmp(argv[i], "--lean")) {
			fl->lean = 1;
		} else if (!strcmp(argv[i], "--type") && i + 1 < argc &&
			   ns_type_from_name(argv[i + 1], &t) == 0) {
			fl->types = NS_TYPE_MASK(t);
			i++;
		} else {
			return -1;
		}
	}
	if (i < argc)
		*ret_proc = argv[i++];
	if (i < argc)
		return -1;
	for (int t = 0; t < NS_TYPE_COUNT; t++) {
		if (fl->types & NS_TYPE_MASK(t))
			snprintf(fl->links[fl->nlinks++], sizeof(fl->links[0]),
				 "ns/%s", ns_type_name(t));
	}
	return 0;
}

int main(int argc, char **argv)
{
	const char *proc = "/proc";
	struct floor *fl;
	struct stat st;
	int proc_fd, r;

	fl = calloc(1, sizeof(*fl));
	if (!fl)
		return 1;
	if (parse_args(fl, argc, argv, &proc) < 0) {
		fprintf(stderr, "Usage: %s [--lean] [--type TYPE] [PROC]\n",
			PROG);
		free(fl);
		return 2;
	}

	proc_fd = open(proc, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (proc_fd < 0 || fstatat(proc_fd, "self/ns/user", &st, 0) < 0) {
		fprintf(stderr, "%s: %s: %s\n", PROG, proc, strerror(errno));
		return 1;
	}
	fl->nsfs_dev = st.st_dev;

	r = scan_proc(fl, proc_fd);
	close(proc_fd);
	if (r < 0) {
		fprintf(stderr, "%s: scanning %s: %s\n", PROG, proc,
			strerror(-r));
		return 1;
	}
	printf("namespaces=%zu processes=%ld fds=%ld\n", fl->map.len,
	       fl->procs, fl->fds);
	free(fl->map.ino);
	free(fl->map.count);
	free(fl);
	return 0;
}
