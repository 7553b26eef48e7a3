// SPDX-License-Identifier: MIT
/* Messages in the user's language: util-linux's words, then ours. */
#include "config.h"
#include "nls.h"

#if ENABLE_NLS
#include <libintl.h>

const char *tool_gettext(const char *msgid)
{
	const char *t;

	/* "" would be the catalog's header */
	if (!*msgid)
		return msgid;
	t = dgettext(NLS_UTIL_LINUX_DOMAIN, msgid);
	if (t != msgid)
		return t;
	return dgettext(NLS_DOMAIN, msgid);
}

void tool_init_nls(void)
{
	bindtextdomain(NLS_DOMAIN, NLS_LOCALEDIR);
	bindtextdomain(NLS_UTIL_LINUX_DOMAIN, NLS_UTIL_LINUX_LOCALEDIR);
}
#else
const char *tool_gettext(const char *msgid)
{
	return msgid;
}

void tool_init_nls(void)
{
}
#endif
