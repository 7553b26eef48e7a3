// SPDX-License-Identifier: MIT
/*
 * User and group id maps of a new user namespace: the unshare(1)
 * argument forms, /etc/subuid and /etc/subgid, holes, and writing the
 * maps directly or through newuidmap(1)/newgidmap(1).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <inttypes.h>
#include <limits.h>
#include <pwd.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "libns/idmap.h"
#include "libns/base.h"

/* "4294967295 4294967295 4294967295\n" */
#define LINE_MAX_LEN 33
#define FORMAT_MAX (NS_IDMAP_MAX * LINE_MAX_LEN + 1)

/* Room for a decimal uint32_t or pid and its NUL. */
#define NUM_LEN 12

/* No more than this for the buffer of getpwnam_r()/getgrnam_r(). */
#define NSS_BUF_MAX (1024 * 1024)

/*
 * A decimal field of @len bytes: digits only. Syntax wins over range:
 * "99999999999x" is -EINVAL, not -ERANGE.
 */
static int parse_u32_field(const char *s, size_t len, uint32_t *ret_val)
{
	uint64_t val = 0;
	bool big = false;

	if (len == 0)
		return -EINVAL;
	for (size_t i = 0; i < len; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -EINVAL;
		val = val * 10 + (uint64_t)(s[i] - '0');
		if (val > UINT32_MAX) {
			big = true;
			val = UINT32_MAX + 1ull; /* stays put, no wrap */
		}
	}
	if (big)
		return -ERANGE;
	*ret_val = (uint32_t)val;
	return 0;
}

/*
 * The kernel refuses a range that reaches 2^32 on either side (the
 * end is computed in 32 bits), and one of count 0.
 */
static int check_range(const struct ns_idmap_range *r)
{
	if (r->count == 0)
		return -EINVAL;
	if ((uint64_t)r->inner + r->count > UINT32_MAX ||
	    (uint64_t)r->outer + r->count > UINT32_MAX)
		return -ERANGE;
	return 0;
}

int ns_idmap_parse_range(const char *s, struct ns_idmap_range *ret_range)
{
	const char *field[3];
	size_t flen[3], n = 0;
	uint32_t val[3];
	struct ns_idmap_range range;
	char sep;
	int r, err = 0;

	if (!s)
		return -EINVAL;
	sep = strchr(s, ':') ? ':' : ',';
	if (sep == ':' && strchr(s, ','))
		return -EINVAL;

	field[0] = s;
	for (const char *p = s;; p++) {
		if (*p != sep && *p != '\0')
			continue;
		if (n == NS_ARRAY_SIZE(field))
			return -EINVAL; /* a fourth field */
		flen[n] = (size_t)(p - field[n]);
		n++;
		if (*p == '\0')
			break;
		if (n < NS_ARRAY_SIZE(field))
			field[n] = p + 1;
	}
	if (n != NS_ARRAY_SIZE(field))
		return -EINVAL;

	for (size_t i = 0; i < n; i++) {
		r = parse_u32_field(field[i], flen[i], &val[i]);
		if (r == -EINVAL)
			return r;
		if (r < 0 && !err)
			err = r;
	}
	if (err)
		return err;

	if (sep == ':')
		range = (struct ns_idmap_range){ val[0], val[1], val[2] };
	else /* legacy outer,inner,count */
		range = (struct ns_idmap_range){ val[1], val[0], val[2] };
	r = check_range(&range);
	if (r < 0)
		return r;
	*ret_range = range;
	return 0;
}

/* NSS lookup of a user or group name; -EINVAL when there is none. */
static int lookup_name(enum ns_id_kind kind, const char *name,
		       uint32_t *ret_id)
{
	long hint = sysconf(kind == NS_ID_UID ? _SC_GETPW_R_SIZE_MAX
					      : _SC_GETGR_R_SIZE_MAX);
	size_t size = hint > 0 && hint < NSS_BUF_MAX ? (size_t)hint : 1024;
	uint32_t id = 0;
	char *buf = NULL;
	int r;

	for (;;) {
		char *tmp = realloc(buf, size);
		bool found = false;

		if (!tmp) {
			r = -ENOMEM;
			break;
		}
		buf = tmp;
		if (kind == NS_ID_UID) {
			struct passwd pw, *res = NULL;

			r = getpwnam_r(name, &pw, buf, size, &res);
			if (r == 0 && res) {
				found = true;
				id = (uint32_t)res->pw_uid;
			}
		} else {
			struct group gr, *res = NULL;

			r = getgrnam_r(name, &gr, buf, size, &res);
			if (r == 0 && res) {
				found = true;
				id = (uint32_t)res->gr_gid;
			}
		}
		if (r == ERANGE && size < NSS_BUF_MAX) {
			size *= 2;
			continue;
		}
		if (found) {
			r = 0;
		} else if (r == 0 || r == ENOENT || r == ESRCH || r == EBADF ||
			   r == EPERM) {
			/* getpwnam_r(3): each may mean "no such name" */
			r = -EINVAL;
		} else {
			r = -r;
		}
		break;
	}
	free(buf);
	if (r == 0 && id == UINT32_MAX)
		r = -ERANGE;
	if (r == 0)
		*ret_id = id;
	return r;
}

int ns_idmap_parse_id(enum ns_id_kind kind, const char *s, uint32_t *ret_id)
{
	uint64_t val;
	int r;

	switch (kind) {
	case NS_ID_UID:
	case NS_ID_GID:
		break;
	default:
		return -EINVAL;
	}
	if (!s || !*s)
		return -EINVAL;
	r = ns_parse_u64(s, &val);
	if (r == -ERANGE)
		return r;
	if (r < 0)
		return lookup_name(kind, s, ret_id);
	/* (uid_t)-1 means "no id" to the kernel: never a valid one */
	if (val > UINT32_MAX - 1)
		return -ERANGE;
	*ret_id = (uint32_t)val;
	return 0;
}

/*
 * One line of a subid file, [line, line + len): "name-or-id:start:count".
 * Returns 1 and the block if it is well formed and belongs to @name or
 * @id, 0 otherwise.
 */
static int subid_line(const char *line, size_t len, const char *name,
		      uint32_t id, struct ns_idmap_range *ret_range)
{
	const char *field[3], *end = line + len;
	size_t flen[3], n = 0;
	struct ns_idmap_range range = { 0 };
	uint32_t owner;

	field[0] = line;
	for (const char *p = line;; p++) {
		if (p < end && *p != ':')
			continue;
		if (n == NS_ARRAY_SIZE(field))
			return 0; /* a fourth field */
		flen[n] = (size_t)(p - field[n]);
		n++;
		if (p == end)
			break;
		if (n < NS_ARRAY_SIZE(field))
			field[n] = p + 1;
	}
	if (n != NS_ARRAY_SIZE(field))
		return 0;

	if (!(name && strlen(name) == flen[0] &&
	      memcmp(name, field[0], flen[0]) == 0) &&
	    !(parse_u32_field(field[0], flen[0], &owner) == 0 && owner == id))
		return 0;
	if (parse_u32_field(field[1], flen[1], &range.outer) < 0 ||
	    parse_u32_field(field[2], flen[2], &range.count) < 0 ||
	    check_range(&range) < 0)
		return 0;
	*ret_range = range;
	return 1;
}

/* Length of the line at @line, without its newline (if any). */
static size_t line_len(const char *line, const char *end)
{
	const char *nl = memchr(line, '\n', (size_t)(end - line));

	return (size_t)((nl ? nl : end) - line);
}

int ns_idmap_subid_find(const char *buf, size_t len, const char *name,
			uint32_t id, struct ns_idmap_range *ret_range)
{
	for (const char *line = buf, *end = buf + len; line < end;) {
		size_t llen = line_len(line, end);
		size_t skip = 0;

		while (skip < llen && (line[skip] == ' ' || line[skip] == '\t'))
			skip++;
		/* blank lines and comments; anything else malformed is
		 * skipped by subid_line() */
		if (skip < llen && line[skip] != '#' &&
		    subid_line(line, llen, name, id, ret_range) == 1)
			return 0;
		line += llen + 1;
	}
	return -ENOENT;
}

int ns_idmap_subid_lookup(int dirfd, const char *path, const char *name,
		    uint32_t id, struct ns_idmap_range *ret_range)
{
	struct ns_idmap_range range;
	char *buf = NULL;
	size_t len = 0;
	int r;

	r = ns_read_file_at(dirfd, path, &buf, &len);
	if (r < 0)
		return r;
	r = ns_idmap_subid_find(buf, len, name, id, &range);
	free(buf);
	if (r == 0)
		*ret_range = range;
	return r;
}

/* "inner outer count" separated by blanks, as the kernel prints it. */
static int map_line(const char *line, size_t len,
		    struct ns_idmap_range *ret_range)
{
	uint32_t val[3];
	size_t n = 0, i = 0;
	int r;

	for (;;) {
		size_t start;

		while (i < len && (line[i] == ' ' || line[i] == '\t'))
			i++;
		if (i == len)
			break;
		if (n == NS_ARRAY_SIZE(val))
			return -EINVAL;
		start = i;
		while (i < len && line[i] != ' ' && line[i] != '\t')
			i++;
		r = parse_u32_field(line + start, i - start, &val[n]);
		if (r < 0)
			return r;
		n++;
	}
	if (n != NS_ARRAY_SIZE(val))
		return -EINVAL;
	*ret_range = (struct ns_idmap_range){ val[0], val[1], val[2] };
	return 0;
}

int ns_idmap_parse_map(const char *buf, size_t len, struct ns_idmap *ret_map)
{
	struct ns_idmap map = { .count = 0 };
	int r;

	for (const char *line = buf, *end = buf + len; line < end;) {
		size_t llen = line_len(line, end);
		struct ns_idmap_range range;

		r = map_line(line, llen, &range);
		if (r < 0)
			return r;
		r = ns_idmap_add(&map, &range);
		if (r < 0)
			return r;
		line += llen + 1;
	}
	*ret_map = map;
	return 0;
}

int ns_idmap_read(int dirfd, const char *path, struct ns_idmap *ret_map)
{
	char *buf = NULL;
	size_t len = 0;
	int r;

	r = ns_read_file_at(dirfd, path, &buf, &len);
	if (r < 0)
		return r;
	r = ns_idmap_parse_map(buf, len, ret_map);
	free(buf);
	return r;
}

void ns_idmap_passthrough(const struct ns_idmap *parent,
			  struct ns_idmap *ret_map)
{
	size_t n = parent->count;

	/* Our ids are the inner ids of our own map: keep them as they are. */
	for (size_t i = 0; i < n; i++) {
		uint32_t inner = parent->ranges[i].inner;
		uint32_t count = parent->ranges[i].count;

		ret_map->ranges[i] = (struct ns_idmap_range){ inner, inner,
							      count };
	}
	ret_map->count = n;
}

int ns_idmap_add(struct ns_idmap *map, const struct ns_idmap_range *range)
{
	int r;

	r = check_range(range);
	if (r < 0)
		return r;
	if (map->count >= NS_IDMAP_MAX)
		return -E2BIG;
	map->ranges[map->count++] = *range;
	return 0;
}

/*
 * Add @b with the inner id @hole_in and the outer id @hole_out left
 * out (each only if inside the block; UINT64_MAX for "none"). The
 * remaining inner ids and outer ids are paired in order: index k of
 * the block is inner id b->inner + k, or one more from the inner hole
 * on, and likewise for outer ids. Where either shift starts the run
 * breaks, so there are at most three ranges.
 */
static int add_split(struct ns_idmap *map, const struct ns_idmap_range *b,
		     uint64_t hole_in, uint64_t hole_out)
{
	struct ns_idmap_range part[3];
	uint64_t ki = UINT64_MAX, ko = UINT64_MAX, m = b->count, cut[4];
	size_t n = 0;
	int r;

	r = check_range(b);
	if (r < 0)
		return r;
	if (hole_in >= b->inner && hole_in - b->inner < b->count)
		ki = hole_in - b->inner;
	if (hole_out >= b->outer && hole_out - b->outer < b->count)
		ko = hole_out - b->outer;
	if (ki != UINT64_MAX || ko != UINT64_MAX)
		m--;

	cut[0] = 0;
	cut[1] = ki < ko ? ki : ko;
	cut[2] = ki < ko ? ko : ki;
	cut[3] = m;
	for (size_t i = 1; i < 3; i++)
		if (cut[i] > m)
			cut[i] = m;

	for (size_t i = 0; i < 3; i++) {
		uint64_t k = cut[i];

		if (cut[i + 1] <= k)
			continue;
		part[n].inner = (uint32_t)(b->inner + k + (k >= ki ? 1 : 0));
		part[n].outer = (uint32_t)(b->outer + k + (k >= ko ? 1 : 0));
		part[n].count = (uint32_t)(cut[i + 1] - k);
		n++;
	}
	if (map->count + n > NS_IDMAP_MAX)
		return -E2BIG;
	for (size_t i = 0; i < n; i++)
		map->ranges[map->count++] = part[i];
	return 0;
}

int ns_idmap_add_with_hole(struct ns_idmap *map,
			   const struct ns_idmap_range *block,
			   uint32_t single_inner)
{
	return add_split(map, block, single_inner, UINT64_MAX);
}

int ns_idmap_add_around(struct ns_idmap *map,
			const struct ns_idmap_range *block,
			const struct ns_idmap_range *single)
{
	if (single->count != 1)
		return -EINVAL;
	return add_split(map, block, single->inner, single->outer);
}

ssize_t ns_idmap_format(const struct ns_idmap *map, char *buf, size_t size)
{
	size_t len = 0;

	if (size == 0)
		return -ENOSPC;
	buf[0] = '\0';
	for (size_t i = 0; i < map->count; i++) {
		const struct ns_idmap_range *r = &map->ranges[i];
		int n = snprintf(buf + len, size - len,
				 "%" PRIu32 " %" PRIu32 " %" PRIu32 "\n",
				 r->inner, r->outer, r->count);

		if (n < 0)
			return -EINVAL;
		if ((size_t)n >= size - len)
			return -ENOSPC;
		len += (size_t)n;
	}
	return (ssize_t)len;
}

static const char *map_name(enum ns_id_kind kind)
{
	switch (kind) {
	case NS_ID_UID:
		return "uid_map";
	case NS_ID_GID:
		return "gid_map";
	default:
		return NULL;
	}
}

/*
 * One write(2) of @len bytes to PID/@name below @procfd. The id map
 * files take exactly one write in their lifetime: no retry after a
 * short one, no O_TRUNC (proc files have no size).
 */
static int write_once(int procfd, pid_t pid, const char *name,
		      const char *data, size_t len)
{
	char path[sizeof("2147483647/setgroups") + 8];
	ssize_t n;
	int fd, r;

	if (pid <= 0)
		return -EINVAL;
	snprintf(path, sizeof(path), "%d/%s", (int)pid, name);
	fd = openat(procfd, path, O_WRONLY | O_CLOEXEC | O_NOCTTY | O_NOFOLLOW);
	if (fd < 0)
		return ns_errno();
	do
		n = write(fd, data, len);
	while (n < 0 && errno == EINTR);
	if (n < 0)
		r = ns_errno();
	else
		r = (size_t)n == len ? 0 : -EIO;
	ns_close(fd);
	return r;
}

int ns_idmap_write(int procfd, pid_t pid, enum ns_id_kind kind,
		   const struct ns_idmap *map)
{
	const char *name = map_name(kind);
	char buf[FORMAT_MAX];
	ssize_t len;

	if (!name || map->count == 0 || pid <= 0)
		return -EINVAL;
	len = ns_idmap_format(map, buf, sizeof(buf));
	if (len < 0)
		return (int)len;
	return write_once(procfd, pid, name, buf, (size_t)len);
}

int ns_idmap_setgroups_write(int procfd, pid_t pid, int allow)
{
	const char *val = allow ? "allow" : "deny";

	return write_once(procfd, pid, "setgroups", val, strlen(val));
}

/*
 * In the child between fork and exec: the helper runs setuid root and
 * must see none of our fds, whoever opened them and however. Mark
 * every fd >= 3 close-on-exec (the error pipe included, so that it
 * closes when exec succeeds). Only async-signal-safe calls here.
 */
static void cloexec_from(int first)
{
	int max;

	if (close_range((unsigned int)first, ~0U, CLOSE_RANGE_CLOEXEC) == 0)
		return;
	/* kernels before 5.11 */
	max = (int)sysconf(_SC_OPEN_MAX);
	if (max < 0 || max > 65536)
		max = 65536;
	for (int fd = first; fd < max; fd++)
		fcntl(fd, F_SETFD, FD_CLOEXEC);
}

static int run_helper(const char *prog, char *const argv[])
{
	sigset_t none;
	int pipefd[2] = { -1, -1 }, status, err = 0, r;
	ssize_t n;
	pid_t child;

	if (pipe2(pipefd, O_CLOEXEC) < 0)
		return ns_errno();
	child = fork();
	if (child < 0) {
		r = ns_errno();
		goto close_pipe;
	}
	if (child == 0) {
		int e;

		sigemptyset(&none);
		sigprocmask(SIG_SETMASK, &none, NULL);
		cloexec_from(3);
		execvp(prog, argv);
		e = errno;
		if (write(pipefd[1], &e, sizeof(e)) < 0)
			_exit(126);
		_exit(127);
	}
	pipefd[1] = ns_close(pipefd[1]);

	/* exec closed the pipe, or the child sent why it could not */
	do
		n = read(pipefd[0], &err, sizeof(err));
	while (n < 0 && errno == EINTR);
	if (n != (ssize_t)sizeof(err))
		err = 0;

	while (waitpid(child, &status, 0) < 0) {
		if (errno != EINTR) {
			r = ns_errno();
			goto close_pipe;
		}
	}
	if (err > 0)
		r = -err;
	else if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
		r = 0;
	else
		r = -EPERM;
close_pipe:
	ns_close(pipefd[0]);
	ns_close(pipefd[1]);
	return r;
}

int ns_idmap_write_helper(pid_t pid, enum ns_id_kind kind,
			  const struct ns_idmap *map, const char *helper)
{
	size_t nargs, nnums;
	char **argv = NULL, *nums = NULL;
	int r;

	if (!map_name(kind) || map->count == 0 || map->count > NS_IDMAP_MAX ||
	    pid <= 0)
		return -EINVAL;
	if (!helper)
		helper = kind == NS_ID_UID ? "newuidmap" : "newgidmap";

	/* helper PID inner outer count ... NULL; all allocated before fork */
	nnums = 1 + 3 * map->count;
	nargs = 1 + nnums + 1;
	argv = calloc(nargs, sizeof(*argv));
	nums = malloc(nnums * NUM_LEN);
	if (!argv || !nums) {
		r = -ENOMEM;
		goto out;
	}
	argv[0] = (char *)helper;
	argv[1] = nums;
	snprintf(argv[1], NUM_LEN, "%d", (int)pid);
	for (size_t i = 0; i < map->count; i++) {
		const struct ns_idmap_range *rg = &map->ranges[i];
		char *p = nums + (1 + 3 * i) * NUM_LEN;

		snprintf(p, NUM_LEN, "%" PRIu32, rg->inner);
		snprintf(p + NUM_LEN, NUM_LEN, "%" PRIu32, rg->outer);
		snprintf(p + 2 * NUM_LEN, NUM_LEN, "%" PRIu32, rg->count);
		argv[2 + 3 * i] = p;
		argv[3 + 3 * i] = p + NUM_LEN;
		argv[4 + 3 * i] = p + 2 * NUM_LEN;
	}
	argv[nargs - 1] = NULL;
	r = run_helper(helper, argv);
out:
	free(nums);
	free(argv);
	return r;
}
