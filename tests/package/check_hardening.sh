#!/bin/sh
# SPDX-License-Identifier: MIT
#
# hardening-check (devscripts) passes on the installed programs.
#
# Usage: check_hardening.sh OPTIMIZATION SANITIZE CF-PROBE PROGRAM...
#
# Skipped (77) without hardening-check, in a sanitizer build (no
# _FORTIFY_SOURCE there) and without optimization (_FORTIFY_SOURCE
# needs it). Control-flow protection is required only where the
# toolchain can give it at all: CF-PROBE, a program built with the
# project's flags (-fcf-protection) that calls nothing, must have it;
# where it has not (Debian 12: glibc's start files are not marked, no
# program there has it, util-linux's neither) the check is left out,
# and said so.
set -u
optimization=$1 sanitize=$2 probe=$3
shift 3
if ! command -v hardening-check >/dev/null 2>&1; then
	echo "SKIP: hardening-check (devscripts) not installed"
	exit 77
fi
if [ "$sanitize" != none ]; then
	echo "SKIP: a sanitizer build (b_sanitize=$sanitize) has no _FORTIFY_SOURCE"
	exit 77
fi
case $optimization in
0|plain)
	echo "SKIP: optimization=$optimization: _FORTIFY_SOURCE needs optimization"
	exit 77
	;;
esac
cf=
if ! hardening-check --nopie --nostackprotector --nofortify --norelro \
	--nobindnow "$probe" >/dev/null 2>&1; then
	echo "note: this toolchain marks no program with control-flow" \
		"protection (not even $probe): not checked"
	cf=--nocfprotection
fi
# shellcheck disable=SC2086
hardening-check $cf "$@"
