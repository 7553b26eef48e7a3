#!/bin/sh
# SPDX-License-Identifier: MIT
#
# hardening-check (devscripts) passes on the installed programs.
#
# Usage: check_hardening.sh FORTIFIED SANITIZE CF-PROBE PROGRAM...
#
# Skipped (77) without hardening-check and in a sanitizer build. The
# fortify check is left out (and said so) where the build has no
# _FORTIFY_SOURCE: FORTIFIED is "unfortified" without optimization
# (-O0: it needs optimization) and with optimization=plain when the
# packager's flags do not set it. Control-flow protection is required only where the
# toolchain can give it at all: CF-PROBE, a program built with the
# project's flags (-fcf-protection) that calls nothing, must have it;
# where it has not (Debian 12: glibc's start files are not marked, no
# program there has it, util-linux's neither) the check is left out,
# and said so.
set -u
fortified=$1 sanitize=$2 probe=$3
shift 3
if ! command -v hardening-check >/dev/null 2>&1; then
	echo "SKIP: hardening-check (devscripts) not installed"
	exit 77
fi
if [ "$sanitize" != none ]; then
	echo "SKIP: a sanitizer build (b_sanitize=$sanitize) has no _FORTIFY_SOURCE"
	exit 77
fi
fortify=
if [ "$fortified" != fortified ]; then
	echo "note: built without _FORTIFY_SOURCE (no optimization, or" \
		"optimization=plain without it in CPPFLAGS): not checked"
	fortify=--nofortify
fi
cf=
if ! hardening-check --nopie --nostackprotector --nofortify --norelro \
	--nobindnow "$probe" >/dev/null 2>&1; then
	echo "note: this toolchain marks no program with control-flow" \
		"protection (not even $probe): not checked"
	cf=--nocfprotection
fi
# shellcheck disable=SC2086
hardening-check $fortify $cf "$@"
