/* SPDX-License-Identifier: MIT */
/*
 * Messages in the user's language (LC_MESSAGES). A message is looked up
 * in util-linux's catalog first (text domain "util-linux", where the
 * system has it: Debian's util-linux-locales), so that what we say word
 * for word as util-linux reads exactly as util-linux's own translation;
 * then in ours ("nstools", po/). _() marks a message for xgettext and
 * translates it, N_() only marks it (tables, translated where used).
 * netns speaks as iproute2, which translates nothing: it uses neither.
 */
#ifndef NSTOOLS_NLS_H
#define NSTOOLS_NLS_H

#define _(msgid) tool_gettext(msgid)
#define N_(msgid) (msgid)

/* The translation of @msgid, or @msgid itself. */
const char *tool_gettext(const char *msgid)
	__attribute__((format_arg(1), returns_nonnull));

/* Where the catalogs are; after setlocale(). */
void tool_init_nls(void);

#endif
