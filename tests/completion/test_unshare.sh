#!/bin/bash
# SPDX-License-Identifier: MIT
#
# Usage: test_unshare.sh COMPLETION-FILE PROGRAM-NAME
#
# Checks that the unshare bash completion offers exactly the expected
# words (harness.sh says how). PROGRAM-NAME is the name the file must
# register itself for (unshare, or e.g. ns-unshare with a program
# prefix). User, group and command names come from bash itself
# (compgen), whose answers do not change meanwhile.

set -u

# shellcheck source=harness.sh
source "$(dirname "${BASH_SOURCE[0]}")/harness.sh" "$@" || exit 1

long_opts=(--mount --mount= --uts --uts= --ipc --ipc= --net --net=
	--pid --pid= --user --user= --cgroup --cgroup= --time --time=
	--mount-proc --mount-proc= --mount-binfmt --mount-binfmt=
	--load-interp --propagation --root --wd --setuid --setgid
	--map-user --map-group --map-root-user --map-current-user
	--map-auto --map-subids --map-users --map-groups --owner --fork
	--kill-child --kill-child= --forward-signals --setgroups --keep-caps
	--monotonic --boottime --clear-env --whitelist-env --lo-up --help
	--version)
short_opts=(-m -u -i -n -p -U -C -T -l -R -w -S -G -r -c -f -h -V)

# ---- options

complete_words "unshare --" unshare --
expect "unshare --" "${long_opts[@]}"

complete_words "unshare -" unshare -
expect "unshare -" "${long_opts[@]}" "${short_opts[@]}"

complete_words "unshare --ne" unshare --ne
expect "unshare --ne" --net --net=

complete_words "unshare --map-" unshare --map-
expect "unshare --map-" --map-user --map-group --map-root-user \
	--map-current-user --map-auto --map-subids --map-users --map-groups

complete_words "unshare --k" unshare --k
expect "unshare --k" --keep-caps --kill-child --kill-child=

complete_words "unshare --l" unshare --l
expect "unshare --l" --load-interp --lo-up

complete_words "unshare -r -" unshare -r -
expect "unshare -r -" "${long_opts[@]}" "${short_opts[@]}"

complete_words "unshare -S" unshare -S
expect "unshare -S" -S

complete_words "unshare -R $tmp -" unshare -R "$tmp" -
expect "unshare -R DIR -" "${long_opts[@]}" "${short_opts[@]}"

# ---- fixed value sets

complete_words "unshare --propagation " unshare --propagation ""
expect "unshare --propagation" private shared slave unchanged

complete_words "unshare --propagation s" unshare --propagation s
expect "unshare --propagation s" shared slave

complete_words "unshare --propagation=p" unshare --propagation = p
expect "unshare --propagation=p (split at =)" private

complete_words "unshare --propagation=u" unshare --propagation=u
expect "unshare --propagation=u (one word)" --propagation=unchanged

complete_words "unshare --setgroups " unshare --setgroups ""
expect "unshare --setgroups" allow deny

complete_words "unshare --setgroups=d" unshare --setgroups = d
expect "unshare --setgroups=d (split at =)" deny

complete_words "unshare --map-users " unshare --map-users ""
expect "unshare --map-users" auto subids all

complete_words "unshare --map-groups=a" unshare --map-groups = a
expect "unshare --map-groups=a (split at =)" auto all

complete_words "unshare --propagation x" unshare --propagation x
expect "unshare --propagation x"

# ---- --kill-child: signal names, with SIG and without

complete_words "unshare --kill-child=SIGTE" unshare --kill-child = SIGTE
expect "unshare --kill-child=SIGTE (split at =)" SIGTERM

complete_words "unshare --kill-child=TE" unshare --kill-child = TE
expect "unshare --kill-child=TE (split at =)" TERM

complete_words "unshare --kill-child=SIGK" unshare --kill-child=SIGK
expect "unshare --kill-child=SIGK (one word)" --kill-child=SIGKILL

complete_words "unshare --kill-child=" unshare --kill-child =
expect "unshare --kill-child= (split at =)" $(compgen -A signal)

# ---- users and groups: names for --map-*, numbers for -S/-G

complete_words "unshare --map-user r" unshare --map-user r
expect "unshare --map-user r" $(gen -u r)
expect_has "unshare --map-user r" root

complete_words "unshare --map-user=ro" unshare --map-user = ro
expect "unshare --map-user=ro (split at =)" $(gen -u ro)

complete_words "unshare --map-group ro" unshare --map-group ro
expect "unshare --map-group ro" $(gen -g ro)
expect_has "unshare --map-group ro" root

complete_words "unshare -S 0" unshare -S 0
expect "unshare -S 0" 0

complete_words "unshare -S " unshare -S ""
expect "unshare -S" $(ids passwd "")
expect_has "unshare -S" 0 65534

complete_words "unshare --setgid 6" unshare --setgid 6
expect "unshare --setgid 6" $(ids group 6)

complete_words "unshare -fS0" unshare -fS0
expect "unshare -fS0" -fS0

# ---- free-form values: nothing to offer

complete_words "unshare --owner " unshare --owner ""
expect "unshare --owner"

complete_words "unshare -l " unshare -l ""
expect "unshare -l"

complete_words "unshare --monotonic 1" unshare --monotonic 1
expect "unshare --monotonic 1"

# ---- files and directories

complete_words "unshare --net=$tmp/f" unshare --net = "$tmp/f"
expect "unshare --net=DIR/f (split at =)" "$tmp/file1" "$tmp/file2"

complete_words "unshare --net=$tmp/" unshare --net = "$tmp/"
expect "unshare --net=DIR/ (split at =)" "$tmp/file1" "$tmp/file2" \
	"$tmp/dir1" "$tmp/dir2"

complete_words "unshare --uts=$tmp/f" unshare --uts="$tmp/f"
expect "unshare --uts=DIR/f (one word)" "--uts=$tmp/file1" "--uts=$tmp/file2"

complete_words "unshare --root $tmp/" unshare --root "$tmp/"
expect "unshare --root DIR/" "$tmp/dir1" "$tmp/dir2"

complete_words "unshare -w $tmp/d" unshare -w "$tmp/d"
expect "unshare -w DIR/d" "$tmp/dir1" "$tmp/dir2"

complete_words "unshare -R$tmp/dir1" unshare -R"$tmp/dir1"
expect "unshare -RDIR/dir1" "-R$tmp/dir1"

complete_words "unshare -fR$tmp/d" unshare -fR"$tmp/d"
expect "unshare -fRDIR/d" "-fR$tmp/dir1" "-fR$tmp/dir2"

complete_words "unshare -fR $tmp/d" unshare -fR "$tmp/d"
expect "unshare -fR DIR/d" "$tmp/dir1" "$tmp/dir2"

complete_words "unshare --mount-proc=$tmp/" unshare --mount-proc = "$tmp/"
expect "unshare --mount-proc=DIR/ (split at =)" "$tmp/dir1" "$tmp/dir2"

complete_words "unshare --mount-binfmt=$tmp/dir1/" unshare --mount-binfmt = \
	"$tmp/dir1/"
expect "unshare --mount-binfmt=DIR/dir1/ (split at =)"

# ---- --whitelist-env: a comma-separated list of variable names

export NSTEST_COMPL_AA=1 NSTEST_COMPL_AB=2

complete_words "unshare --whitelist-env NSTEST_COMPL_" unshare \
	--whitelist-env NSTEST_COMPL_
expect "unshare --whitelist-env NSTEST_COMPL_" NSTEST_COMPL_AA NSTEST_COMPL_AB

complete_words "unshare --whitelist-env NSTEST_COMPL_AA,NSTEST_COMPL_" \
	unshare --whitelist-env NSTEST_COMPL_AA,NSTEST_COMPL_
expect "unshare --whitelist-env NSTEST_COMPL_AA,NSTEST_COMPL_" \
	NSTEST_COMPL_AA,NSTEST_COMPL_AB

complete_words "unshare --whitelist-env=PATH,NSTEST_COMPL_AB" unshare \
	--whitelist-env=PATH,NSTEST_COMPL_AB
expect "unshare --whitelist-env=PATH,NSTEST_COMPL_AB (one word)" \
	--whitelist-env=PATH,NSTEST_COMPL_AB

# ---- the program and its arguments

complete_words "unshare bas" unshare bas
expect "unshare bas" $(gen -c bas)
expect_has "unshare bas" bash

expect_program unshare -r -n --propagation slave -R "$tmp" -w /
expect_has "unshare OPTIONS ca" cat

expect_program unshare -fR "$tmp"
expect_program unshare --net = "$tmp/file1"
expect_program unshare --root = "$tmp"

complete_words "unshare -- -" unshare -- -
expect "unshare -- -" $(gen -c -)

complete_words "unshare -r ls $tmp/f" unshare -r ls "$tmp/f"
expect "unshare -r ls DIR/f" "$tmp/file1" "$tmp/file2"

complete_words "unshare -r ls --propagation " unshare -r ls --propagation ""
expect "unshare -r ls --propagation (an argument of ls)" \
	$(gen -f "")

complete_words "unshare -R $tmp ls -" unshare -R "$tmp" ls -
expect "unshare -R DIR ls -" $(gen -f -)

complete_words "unshare -- ls $tmp/d" unshare -- ls "$tmp/d"
expect "unshare -- ls DIR/d" "$tmp/dir1" "$tmp/dir2"

finish
