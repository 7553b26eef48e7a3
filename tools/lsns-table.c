// SPDX-License-Identifier: MIT
/*
 * lsns output: turns a scan into a libsmartcols table (text, raw or
 * JSON, flat or tree).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <inttypes.h>
#include <libsmartcols.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "libns/base.h"
#include "keyidx.h"
#include "lsns.h"
#include "toolutil.h"

struct user_name {
	uid_t uid;
	char *name; /* NULL: no such user, print the number */
};

struct render {
	const struct lsns_opts *o;
	const struct ns_scan *scan;
	const uint64_t *task_ns;
	size_t ntask_ns;
	struct libscols_table *tb;
	int tree_col; /* position of the tree column in o->columns, or -1 */
	struct libscols_line **lines; /* one per entry (or member) */
	unsigned char *state;	      /* ensure_line() progress per entry */
	struct user_name *users;
	size_t nusers, users_alloc;
	bool filter_failed;
};

/*
 * Look @uid up in the user database: 0 and *ret_name (NULL when there
 * is no such user), or -errno when the lookup itself failed (no memory,
 * no fd to open the database with): then the name is not known to be
 * missing, and printing the number instead would be a wrong cell.
 */
static int lookup_user(uid_t uid, char **ret_name)
{
	struct passwd pwd, *pw = NULL;
	size_t size = 1024;
	char *buf = NULL;
	int r;

	for (;;) {
		char *tmp = realloc(buf, size);

		if (!tmp) {
			free(buf);
			return -ENOMEM;
		}
		buf = tmp;
		r = getpwuid_r(uid, &pwd, buf, size, &pw);
		if (r != ERANGE || size > 1024 * 1024)
			break;
		size *= 2;
	}
	/* "not found" comes as 0 or, from some backends, one of these */
	if (r == ENOENT || r == ESRCH || r == EBADF || r == EPERM)
		r = 0;
	if (r > 0) {
		free(buf);
		return -r;
	}
	*ret_name = NULL;
	if (pw && pw->pw_name) {
		*ret_name = strdup(pw->pw_name);
		r = *ret_name ? 0 : -ENOMEM;
	}
	free(buf);
	return r;
}

/* Name of @uid (NULL: no such user), looked up once per uid. */
static int user_name(struct render *rd, uid_t uid, const char **ret_name)
{
	char *name;
	int r;

	for (size_t i = 0; i < rd->nusers; i++) {
		if (rd->users[i].uid == uid) {
			*ret_name = rd->users[i].name;
			return 0;
		}
	}
	r = lookup_user(uid, &name);
	if (r < 0)
		return r;
	r = ns_grow((void **)&rd->users, &rd->users_alloc, rd->nusers + 1,
		    sizeof(*rd->users));
	if (r < 0) {
		free(name);
		return r;
	}
	rd->users[rd->nusers++] = (struct user_name){ uid, name };
	*ret_name = name;
	return 0;
}

static bool nsfs_multiline(const struct lsns_opts *o)
{
	return !o->nowrap && !o->raw;
}

/* 0 and *ret_data (NULL: no mount point), or -ENOMEM */
static int nsfs_list(const struct render *rd, const struct ns_entry *e,
		     char **ret_data)
{
	const struct ns_mount_list *m = &rd->scan->mounts;
	const char sep = nsfs_multiline(rd->o) ? '\n' : ',';
	size_t len = 0;
	char *buf = NULL;

	for (size_t i = 0; i < m->count; i++) {
		size_t tlen;
		char *tmp;

		if (m->items[i].ino != e->ino)
			continue;
		tlen = strlen(m->items[i].target);
		tmp = realloc(buf, len + tlen + 2);
		if (!tmp) {
			free(buf);
			return -ENOMEM;
		}
		buf = tmp;
		if (len)
			buf[len++] = sep;
		memcpy(buf + len, m->items[i].target, tlen + 1);
		len += tlen;
	}
	*ret_data = buf;
	return 0;
}

/*
 * Only a process gives a namespace a PATH: a bind mount shows in NSFS,
 * and a held fd or socket is no path to give out (as util-linux 2.42).
 * 0 and *ret_data (NULL: no path), or -ENOMEM.
 */
static int entry_path(const struct ns_entry *e, const struct ns_proc_rec *p,
		      char **ret_data)
{
	char path[NS_PATH_MAX];
	char *s = NULL;
	int r;

	if (p) {
		r = ns_type_path(e->type, 0, "/proc", p->pid, path,
				 sizeof(path));
		if (r < 0)
			return r;
		s = strdup(path);
		if (!s)
			return -ENOMEM;
	}
	*ret_data = s;
	return 0;
}

/*
 * The uid a row stands for: its process's or, for a namespace without
 * processes, the owner of its user namespace (a user ns: its creator).
 */
static bool entry_uid(const struct ns_entry *e, const struct ns_proc_rec *p,
		      uid_t *ret_uid)
{
	if (p) {
		*ret_uid = p->uid;
		return true;
	}
	if (e->flags & NS_ENTRY_OWNER_UID) {
		*ret_uid = e->owner_uid;
		return true;
	}
	return false;
}

/* PID, PPID, COMMAND: of the row's process; empty without one. */
static int proc_cell(int col, const struct ns_proc_rec *p, char **ret_s)
{
	int r = 0;

	*ret_s = NULL;
	if (!p)
		return 0;
	if (col == LSNS_COL_PID) {
		r = asprintf(ret_s, "%d", (int)p->pid);
	} else if (col == LSNS_COL_PPID) {
		r = asprintf(ret_s, "%d", (int)p->ppid);
	} else if (p->command) {
		*ret_s = strdup(p->command);
		r = *ret_s ? 0 : -1;
	}
	return r < 0 ? -ENOMEM : 0;
}

/* UID, USER: of the row's process, or its owner's (entry_uid). */
static int uid_cell(struct render *rd, int col, const struct ns_entry *e,
		    const struct ns_proc_rec *p, char **ret_s)
{
	const char *name = NULL;
	uid_t uid;
	int r;

	*ret_s = NULL;
	if (!entry_uid(e, p, &uid))
		return 0;
	if (col == LSNS_COL_USER) {
		r = user_name(rd, uid, &name);
		if (r < 0)
			return r;
	}
	if (name)
		*ret_s = strdup(name);
	else if (asprintf(ret_s, "%u", (unsigned int)uid) < 0)
		*ret_s = NULL;
	return *ret_s ? 0 : -ENOMEM;
}

/* NETNSID: a number, "unassigned", or empty (not net, not known). */
static int netnsid_cell(const struct ns_entry *e, char **ret_s)
{
	*ret_s = NULL;
	if (e->type != NS_TYPE_NET || !(e->flags & NS_ENTRY_NSID))
		return 0;
	if (e->nsid >= 0) {
		if (asprintf(ret_s, "%d", e->nsid) < 0)
			*ret_s = NULL;
	} else {
		*ret_s = strdup("unassigned");
	}
	return *ret_s ? 0 : -ENOMEM;
}

/*
 * The text of a cell: 0 and *ret_data (NULL: an empty cell, null in
 * JSON), or -errno. A cell that could not be made is an error, never
 * an empty cell.
 */
static int cell_data(struct render *rd, int col, const struct ns_entry *e,
		     const struct ns_proc_rec *p, char **ret_data)
{
	char *s = NULL;
	int r = 0;

	*ret_data = NULL;
	switch ((enum lsns_col)col) {
	case LSNS_COL_NS:
		r = asprintf(&s, "%" PRIu64, e->ino);
		break;
	case LSNS_COL_TYPE:
		s = strdup(ns_type_name(e->type));
		r = s ? 0 : -1;
		break;
	case LSNS_COL_PATH:
		return entry_path(e, p, ret_data);
	case LSNS_COL_NPROCS:
		r = asprintf(&s, "%u", e->nprocs);
		break;
	case LSNS_COL_PID:
	case LSNS_COL_PPID:
	case LSNS_COL_COMMAND:
		return proc_cell(col, p, ret_data);
	case LSNS_COL_UID:
	case LSNS_COL_USER:
		return uid_cell(rd, col, e, p, ret_data);
	case LSNS_COL_NETNSID:
		return netnsid_cell(e, ret_data);
	case LSNS_COL_NSFS:
		return nsfs_list(rd, e, ret_data);
	case LSNS_COL_PNS:
		r = asprintf(&s, "%" PRIu64,
			     (e->flags & NS_ENTRY_PARENT) ? e->parent : 0);
		break;
	case LSNS_COL_ONS:
		r = asprintf(&s, "%" PRIu64,
			     (e->flags & NS_ENTRY_OWNER) ? e->owner : 0);
		break;
	case LSNS_COL_NSID: /* empty before Linux 6.18 (no NS_GET_ID) */
		if (e->flags & NS_ENTRY_ID)
			r = asprintf(&s, "%" PRIu64, e->id);
		break;
	case LSNS_COL_COUNT:
		break;
	}
	/* asprintf and strdup fail for want of memory only */
	if (r < 0)
		return -ENOMEM;
	*ret_data = s;
	return 0;
}

/*
 * JSON numbers are printed as they are: a number column holding a word
 * (NETNSID "unassigned") must carry its own quotes there, escaped as a
 * JSON string.
 */
static char *json_quote_word(const struct render *rd, int col, char *data)
{
	uint64_t num;
	char *quoted;

	if (!rd->o->json || lsns_column_info(col)->type !=
				    TOOL_COL_NUMBER_OR_STRING ||
	    ns_parse_u64(data, &num) == 0)
		return data;
	quoted = tool_json_quote(data);
	free(data);
	return quoted;
}

static int fill_line(struct render *rd, struct libscols_line *ln,
		     const struct ns_entry *e, const struct ns_proc_rec *p)
{
	for (size_t i = 0; i < rd->o->out.count; i++) {
		int col = rd->o->out.ids[i];
		char *data;
		int r;

		r = cell_data(rd, col, e, p, &data);
		if (r < 0)
			return r;
		if (!data)
			continue; /* an empty cell (null in JSON) */
		data = json_quote_word(rd, col, data);
		if (!data)
			return -ENOMEM;
		if (scols_line_refer_data(ln, i, data) < 0) {
			free(data);
			return -ENOMEM;
		}
	}
	return 0;
}

static int tree_column_id(const struct lsns_opts *o)
{
	switch (o->tree) {
	case LSNS_TREE_PROCESS:
		return LSNS_COL_COMMAND;
	case LSNS_TREE_PARENT:
	case LSNS_TREE_OWNER:
		return LSNS_COL_NS;
	case LSNS_TREE_NONE:
		break;
	}
	return -1;
}

static int setup_columns(struct render *rd)
{
	const struct lsns_opts *o = rd->o;
	int tree_id = tree_column_id(o);

	rd->tree_col = -1;
	for (size_t i = 0; i < o->out.count; i++) {
		const struct tool_column *ci = lsns_column_info(o->out.ids[i]);
		struct libscols_column *cl;
		int flags = ci->flags;

		if (o->notruncate)
			flags &= ~SCOLS_FL_TRUNC;
		/*
		 * JSON keeps the newlines of a cell as "\n" by itself; a
		 * wrapping column there cuts the cell after its first line
		 * in libsmartcols 2.41 (and leaves white space behind)
		 */
		if (!nsfs_multiline(o) || o->json)
			flags &= ~SCOLS_FL_WRAP;
		if (o->out.ids[i] == tree_id && rd->tree_col < 0) {
			/* tree art grows to the right: align left */
			flags &= ~SCOLS_FL_RIGHT;
			flags |= SCOLS_FL_TREE;
			rd->tree_col = (int)i;
		}
		cl = scols_table_new_column(rd->tb, ci->name, ci->whint, flags);
		if (!cl)
			return -ENOMEM;
		if (flags & SCOLS_FL_WRAP) {
			/* one mount point per line: keep the newlines */
			if (scols_column_set_wrapfunc(cl,
						      scols_wrapnl_chunksize,
						      scols_wrapnl_nextchunk,
						      NULL) < 0 ||
			    scols_column_set_safechars(cl, "\n") < 0)
				return -ENOMEM;
		}
		if (o->json)
			scols_column_set_json_type(cl,
						   tool_col_json_type(ci->type));
	}
	return 0;
}

/* A row as the filter sees it. */
struct filter_row {
	struct render *rd;
	const struct ns_entry *e;
	const struct ns_proc_rec *p;
};

static char *filter_fetch(int col, void *row, int *ret_err)
{
	const struct filter_row *fr = row;
	char *data;
	int r;

	r = cell_data(fr->rd, col, fr->e, fr->p, &data);
	if (r < 0) {
		*ret_err = r;
		return NULL;
	}
	return data;
}

/* 1: show the row, 0: filtered out, -errno */
static int row_passes_filter(struct render *rd, const struct ns_entry *e,
			     const struct ns_proc_rec *p)
{
	struct filter_row fr = { rd, e, p };
	int r;

	if (!rd->o->filter)
		return 1;
	r = lsns_filter_match(rd->o->filter, filter_fetch, &fr);
	if (r < 0)
		rd->filter_failed = true;
	return r;
}

static bool task_has(const struct render *rd, const struct ns_entry *e)
{
	for (size_t i = 0; i < rd->ntask_ns; i++) {
		if (rd->task_ns[i] == e->ino)
			return true;
	}
	return false;
}

/*
 * 1: the namespace may have a row, 0: never (another type, filtered
 * out), -errno. A namespace known only as the owner or parent of
 * another (no process, fd or mount shows it) has one, as in util-linux
 * 2.42, if it is of a listed type.
 */
static int entry_listable(struct render *rd, const struct ns_entry *e)
{
	if ((e->flags & NS_ENTRY_STUB) && rd->o->types &&
	    !(rd->o->types & NS_TYPE_MASK(e->type)))
		return 0;
	return row_passes_filter(rd, e, ns_scan_entry_proc(rd->scan, e));
}

/* Chosen by -p and -P (trees add the rows above a chosen one). */
static bool entry_chosen(const struct render *rd, const struct ns_entry *e)
{
	if (rd->o->task_set && !task_has(rd, e))
		return false;
	return !rd->o->persistent || e->nprocs == 0;
}

static size_t entry_index(const struct render *rd, const struct ns_entry *e)
{
	return (size_t)(e - rd->scan->entries);
}

static int new_line(struct render *rd, size_t idx,
		    struct libscols_line *parent)
{
	const struct ns_entry *e = &rd->scan->entries[idx];
	struct libscols_line *ln;

	if (rd->tree_col < 0)
		parent = NULL; /* no tree column, no tree */
	ln = scols_table_new_line(rd->tb, parent);
	if (!ln)
		return -ENOMEM;
	rd->lines[idx] = ln;
	return fill_line(rd, ln, e, ns_scan_entry_proc(rd->scan, e));
}

/*
 * Rows of parent and owner trees (calloc() makes every entry hidden):
 * TODO a chosen row, SPARE a row only when above a chosen one.
 */
enum { LINE_HIDDEN, LINE_TODO, LINE_SPARE, LINE_BUSY, LINE_DONE };

/*
 * Parent and owner trees: a namespace's owner (and, for the parent
 * tree, its parent) gets its row before the namespace itself, so
 * related rows come first and libsmartcols can hang the row under its
 * own. Only namespaces that have a row of their own: one of another
 * type, or filtered out, does not hold the tree together (the rows
 * under it stand at the top level), as in util-linux 2.42.
 */
static int ensure_line(struct render *rd, size_t idx)
{
	const struct ns_entry *e = &rd->scan->entries[idx];
	const struct ns_entry *owner = NULL, *parent = NULL, *up;
	int r;

	if (rd->state[idx] != LINE_TODO && rd->state[idx] != LINE_SPARE)
		return 0;
	rd->state[idx] = LINE_BUSY;
	if (e->flags & NS_ENTRY_OWNER)
		owner = ns_scan_find(rd->scan, e->owner);
	if (owner) {
		r = ensure_line(rd, entry_index(rd, owner));
		if (r < 0)
			return r;
	}
	if (rd->o->tree == LSNS_TREE_PARENT && (e->flags & NS_ENTRY_PARENT))
		parent = ns_scan_find(rd->scan, e->parent);
	if (parent) {
		r = ensure_line(rd, entry_index(rd, parent));
		if (r < 0)
			return r;
	}
	up = rd->o->tree == LSNS_TREE_OWNER ? owner : parent;
	r = new_line(rd, idx,
		     up && rd->state[entry_index(rd, up)] == LINE_DONE
			     ? rd->lines[entry_index(rd, up)]
			     : NULL);
	rd->state[idx] = LINE_DONE;
	return r;
}

/*
 * Process trees: a row hangs under an earlier row whose PID is the
 * parent of its PID; with several (one process, many namespaces), the
 * last of them. Parents always precede, so no loop can form.
 */
static int link_process_tree(struct render *rd, size_t count,
			     const struct ns_proc_rec *(*proc_of)(
				     const struct render *, size_t))
{
	struct tool_keyidx *by_pid;
	size_t n = 0;
	int r = 0;

	if (rd->tree_col < 0)
		return 0;
	by_pid = malloc((count + 1) * sizeof(*by_pid));
	if (!by_pid)
		return -ENOMEM;
	for (size_t i = 0; i < count; i++) {
		const struct ns_proc_rec *p = proc_of(rd, i);

		if (rd->lines[i] && p && p->pid > 0)
			by_pid[n++] = (struct tool_keyidx){ (uint64_t)p->pid, i };
	}
	tool_keyidx_sort(by_pid, n);
	for (size_t i = 0; i < count && r == 0; i++) {
		const struct ns_proc_rec *p = proc_of(rd, i);
		const struct tool_keyidx *up;

		if (!rd->lines[i] || !p || p->pid <= 0 || p->ppid <= 0)
			continue;
		up = tool_keyidx_find(by_pid, n, (uint64_t)p->ppid, i);
		if (up)
			r = scols_line_add_child(rd->lines[up->idx],
						 rd->lines[i]);
	}
	free(by_pid);
	return r;
}

static const struct ns_proc_rec *entry_proc_at(const struct render *rd,
					       size_t i)
{
	return ns_scan_entry_proc(rd->scan, &rd->scan->entries[i]);
}

static const struct ns_proc_rec *member_proc_at(const struct render *rd,
						size_t i)
{
	return &rd->scan->procs[rd->scan->members[i]];
}

static int add_namespace_rows(struct render *rd)
{
	const struct ns_scan *scan = rd->scan;
	bool related = rd->o->tree == LSNS_TREE_PARENT ||
		       rd->o->tree == LSNS_TREE_OWNER;
	int r;

	for (size_t i = 0; i < scan->count; i++) {
		const struct ns_entry *e = &scan->entries[i];
		bool chosen = entry_chosen(rd, e);

		if (!chosen && !related)
			continue; /* HIDDEN */
		r = entry_listable(rd, e);
		if (r < 0)
			return r;
		if (r)
			rd->state[i] = chosen ? LINE_TODO : LINE_SPARE;
	}
	for (size_t i = 0; i < scan->count; i++) {
		if (rd->state[i] != LINE_TODO)
			continue;
		r = related ? ensure_line(rd, i) : new_line(rd, i, NULL);
		if (r < 0)
			return r;
	}
	if (rd->o->tree == LSNS_TREE_PROCESS)
		return link_process_tree(rd, scan->count, entry_proc_at);
	return 0;
}

/* "lsns NS": one row per process of that namespace. */
static int add_member_rows(struct render *rd)
{
	const struct ns_scan *scan = rd->scan;
	const struct ns_entry *e = ns_scan_find(scan, rd->o->ns_ino);
	int r;

	for (size_t i = 0; i < scan->nmembers; i++) {
		const struct ns_proc_rec *p = member_proc_at(rd, i);
		struct libscols_line *ln;

		r = row_passes_filter(rd, e, p);
		if (r < 0)
			return r;
		if (r == 0)
			continue;
		ln = scols_table_new_line(rd->tb, NULL);
		if (!ln)
			return -ENOMEM;
		rd->lines[i] = ln;
		r = fill_line(rd, ln, e, p);
		if (r < 0)
			return r;
	}
	if (rd->o->tree == LSNS_TREE_PROCESS)
		return link_process_tree(rd, scan->nmembers, member_proc_at);
	return 0;
}

static void render_free(struct render *rd)
{
	for (size_t i = 0; i < rd->nusers; i++)
		free(rd->users[i].name);
	free(rd->users);
	free(rd->lines);
	free(rd->state);
	scols_unref_table(rd->tb);
}

int lsns_render(const struct lsns_opts *o, const struct ns_scan *scan,
		const uint64_t *task_ns, size_t ntask_ns)
{
	struct render rd = {
		.o = o,
		.scan = scan,
		.task_ns = task_ns,
		.ntask_ns = ntask_ns,
	};
	size_t nlines = lsns_lists_members(o) ? scan->nmembers : scan->count;
	int r = -ENOMEM;

	rd.tb = scols_new_table();
	rd.lines = calloc(nlines + 1, sizeof(*rd.lines));
	rd.state = calloc(nlines + 1, sizeof(*rd.state));
	if (!rd.tb || !rd.lines || !rd.state)
		goto out;

	if (scols_table_set_name(rd.tb, "namespaces") < 0)
		goto out;
	scols_table_enable_json(rd.tb, o->json);
	scols_table_enable_raw(rd.tb, o->raw);
	scols_table_enable_noheadings(rd.tb, o->noheadings);

	r = setup_columns(&rd);
	if (r < 0)
		goto out;
	r = lsns_lists_members(o) ? add_member_rows(&rd)
				  : add_namespace_rows(&rd);
	if (r < 0)
		goto out;
	r = scols_print_table(rd.tb);
out:
	render_free(&rd);
	if (r < 0 && rd.filter_failed)
		tool_warn(r, "failed to apply filter");
	else if (r < 0)
		tool_warn(r, "failed to print the namespace table");
	if (r < 0)
		return TOOL_EXIT_FAILURE;
	return TOOL_EXIT_OK;
}
