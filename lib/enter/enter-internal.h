/* SPDX-License-Identifier: MIT */
/* Shared between the two halves of enter: opening and joining. */
#ifndef LIBNS_ENTER_INTERNAL_H
#define LIBNS_ENTER_INTERNAL_H

#include "libns/enter.h"

/* Fill @err, return @r. */
int ns_enter_fail(struct ns_enter_error *err, enum ns_enter_step step,
		  int r, enum ns_kind type, const char *path);

/*
 * Open an fd for each namespace of @state->types not open yet (and
 * the parent user namespace, and drop our own user namespace for -a).
 */
int ns_enter_open_fds(const struct ns_enter_request *req,
		      struct ns_enter_state *state,
		      struct ns_enter_error *err);

#endif
