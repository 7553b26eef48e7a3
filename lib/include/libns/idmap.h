/* SPDX-License-Identifier: MIT */
/*
 * User and group id maps of a new user namespace (user_namespaces(7)):
 * parsing the unshare(1) forms, /etc/subuid and /etc/subgid, building
 * the final map with "holes", and writing it — directly to
 * /proc/PID/{uid,gid}_map or through newuidmap(1)/newgidmap(1).
 */
#ifndef LIBNS_IDMAP_H
#define LIBNS_IDMAP_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

enum ns_id_kind {
	NS_ID_UID,
	NS_ID_GID,
};

/* One line of uid_map/gid_map: ids [inner, inner+count) of the new
 * namespace are ids [outer, outer+count) of the parent. */
struct ns_idmap_range {
	uint32_t inner;
	uint32_t outer;
	uint32_t count;
};

/* At most 340 lines fit a map since Linux 4.15 (5 before). */
#define NS_IDMAP_MAX 340

struct ns_idmap {
	struct ns_idmap_range ranges[NS_IDMAP_MAX];
	size_t count;
};

/*
 * "inner:outer:count", or the legacy "outer,inner,count" of
 * util-linux < 2.39. Decimal, no sign, no spaces; count >= 1 and
 * inner/outer + count must not overflow 2^32. -EINVAL on syntax or
 * count 0, -ERANGE on overflow.
 *
 * "Overflow" as the kernel sees it: a range may not reach 2^32, so
 * inner + count and outer + count are at most 4294967295 (id
 * 4294967295 is (uid_t)-1 and never mapped; "0:0:4294967295" is the
 * whole space). util-linux passes count 0 on and fails at the write.
 */
int ns_idmap_parse_range(const char *s, struct ns_idmap_range *ret_range);

/*
 * A user (NS_ID_UID) or group (NS_ID_GID) given by number or by name
 * (getpwnam_r/getgrnam_r). -EINVAL when it is neither a number nor a
 * known name, -ERANGE when the number is out of range (> UINT32_MAX-1).
 */
int ns_idmap_parse_id(enum ns_id_kind kind, const char *s, uint32_t *ret_id);

/*
 * The first block of subordinate ids of a user in a subid file
 * (/etc/subuid or /etc/subgid format: "name-or-id:start:count" lines;
 * blank lines and '#' comments ignored; malformed lines skipped). A
 * line matches when its first field is @name or the decimal @id.
 * On success ret_range->outer = start, ->count = count, ->inner = 0.
 * -ENOENT when no line matches; errors of open/read as -errno.
 * @path is opened relative to @dirfd (AT_FDCWD for a plain path).
 */
int ns_idmap_subid_lookup(int dirfd, const char *path, const char *name,
		    uint32_t id, struct ns_idmap_range *ret_range);

/* The same in the @len bytes of subid file text at @buf (need not be
 * NUL terminated). */
int ns_idmap_subid_find(const char *buf, size_t len, const char *name,
			uint32_t id, struct ns_idmap_range *ret_range);

/*
 * Read a uid_map/gid_map style file ("inner outer count" lines), e.g.
 * /proc/self/uid_map for "--map-users=all" (then each line becomes the
 * range inner=inner, outer=inner, count: a pass-through of what the
 * parent namespace has — the caller turns lines into identity ranges
 * with ns_idmap_passthrough()).
 */
int ns_idmap_read(int dirfd, const char *path, struct ns_idmap *ret_map);

/* The same from the @len bytes of map text at @buf (need not be NUL
 * terminated): -EINVAL for a malformed line, -E2BIG past
 * NS_IDMAP_MAX lines. */
int ns_idmap_parse_map(const char *buf, size_t len, struct ns_idmap *ret_map);

/* Identity ranges covering every id the parent map @parent maps. */
void ns_idmap_passthrough(const struct ns_idmap *parent,
			  struct ns_idmap *ret_map);

/* Append a range; -E2BIG when the map is full, -EINVAL/-ERANGE for a
 * range ns_idmap_parse_range() would refuse (count 0, overflow). */
int ns_idmap_add(struct ns_idmap *map, const struct ns_idmap_range *range);

/*
 * Add the block @block while keeping the single mapping "@inner ->
 * @outer, count 1" (the --map-user/--map-group one, already in the map
 * or added by the caller): when @inner falls inside the block's inner
 * ids, the block is split around it, the inner ids skip @inner and the
 * outer ids stay contiguous, so the block's last outer id goes
 * unmapped (util-linux: "a hole"). Example: single 0->0, block
 * 0:100000:65536 adds "1 100000 65535"; single 1000->0 adds
 * "0 100000 1000" and "1001 101000 64535". -E2BIG when full.
 *
 * Edges: @inner outside the block (also just past its end, where
 * util-linux 2.42 still drops an id) adds the block whole; @inner at
 * its first or last inner id adds one range of count - 1; a block of
 * count 1 equal to @inner adds nothing (returns 0). The map is left
 * unchanged on error.
 *
 * This only looks at inner ids: it suits blocks whose outer ids cannot
 * contain the single mapping's outer id (auto, a subid range). For
 * "all", "subids" or a block given by number use ns_idmap_add_around(),
 * which also skips that outer id, as util-linux does.
 */
int ns_idmap_add_with_hole(struct ns_idmap *map,
			   const struct ns_idmap_range *block,
			   uint32_t single_inner);

/*
 * Add @block around the single mapping @single (count 1): the block's
 * inner ids skip @single->inner and its outer ids skip @single->outer
 * (each only when inside the block), and the remaining ids are paired
 * in order, giving up to three ranges of count - 1 ids in all (count
 * if neither falls inside). Observed with util-linux 2.42 as root:
 * single 5->0, block 0:0:10 adds "0 1 5" and "6 6 4"; single 1000->0
 * and "all" (0:0:4294967295) add "0 1 1000" and "1001 1001
 * 4294966294". -EINVAL when @single->count != 1, -E2BIG when full;
 * the map is left unchanged on error.
 */
int ns_idmap_add_around(struct ns_idmap *map,
			const struct ns_idmap_range *block,
			const struct ns_idmap_range *single);

/* The map as the kernel file wants it: "inner outer count\n" lines.
 * Returns the length written (NUL terminated), -ENOSPC if @size is too
 * small. */
ssize_t ns_idmap_format(const struct ns_idmap *map, char *buf, size_t size);

/*
 * Write @map to /proc/<pid>/uid_map or gid_map (@kind) in one write(2),
 * as the kernel requires. @procfd is the proc root (tests may point it
 * elsewhere). -EPERM/-EINVAL as the kernel says; -EINVAL also for an
 * empty map or @pid <= 0, without writing.
 */
int ns_idmap_write(int procfd, pid_t pid, enum ns_id_kind kind,
		   const struct ns_idmap *map);

/*
 * Same through newuidmap(1)/newgidmap(1) (@helper: path or name found
 * in PATH, NULL for the default "newuidmap"/"newgidmap"): run
 * "newuidmap PID inner outer count ..." and wait. -ENOENT when the
 * helper is missing, -EPERM when it refused (exit status != 0, or
 * killed by a signal), other exec errors as -errno (e.g. -EACCES). The
 * helper's stdio is ours (it explains refusals itself) and it
 * inherits no other fd: every fd >= 3 is closed on exec. No shell.
 * -EINVAL for an empty map or @pid <= 0, without running anything.
 */
int ns_idmap_write_helper(pid_t pid, enum ns_id_kind kind,
			  const struct ns_idmap *map, const char *helper);

/* Write "allow" or "deny" to /proc/<pid>/setgroups (exactly these
 * bytes, one write). */
int ns_idmap_setgroups_write(int procfd, pid_t pid, int allow);

#endif
