#!/bin/bash
# SPDX-License-Identifier: MIT
#
# Usage: test_netns.sh COMPLETION-FILE PROGRAM-NAME
#
# Checks that the netns bash completion offers exactly the expected
# words (harness.sh says how; without the bash-completion package, the
# arguments of the program after "exec NAME" are completed as file
# names). PROGRAM-NAME is the name the file must register itself for
# (netns, or e.g. ns-netns with a program prefix).
#
# The namespace names come from a directory of its own, made the run
# directory with NETNS_RUN_DIR (the completion reads it as the tool
# does): plain files there stand in for bind-mounted namespaces, and
# one name is "$(touch nstest-ran)", which must be offered as it is,
# never run. Files come from a temporary directory too, command names from
# bash itself. PIDs come and go while the test runs (other tests run in
# parallel): the reply must hold every PID present both before and
# after the completion, and only numbers.

set -u

# shellcheck source=harness.sh
source "$(dirname "${BASH_SOURCE[0]}")/harness.sh" "$@" || exit 1

mkdir "$tmp/run" "$tmp/files" "$tmp/files/dir1"
touch "$tmp/files/file1" "$tmp/files/file2"
evil='$(touch nstest-ran)'
for name in nstest-blue nstest-red nstest-green 'nstest-with space' "$evil"; do
	: >"$tmp/run/$name"
done
export NETNS_RUN_DIR=$tmp/run

# where the evil name would leave its file, were it run
cd "$tmp" || exit 1

names=(nstest-blue nstest-red nstest-green 'nstest-with space' "$evil")
commands=(list show ls lst list-id add attach set delete del identify pids
	exec monitor help)
globals=(--json --all --help --version -j -a -h -V)

pids_now()
{
	local entry
	for entry in /proc/[0-9]*; do
		echo "${entry#/proc/}"
	done | LC_ALL=C sort -u
}

# expect_pids DESCRIPTION: COMPREPLY holds only numbers, and every PID
# that was there before and is still there after the completion.
expect_pids()
{
	local what=$1 got stable
	checks=$((checks + 1))
	got=$(sorted "${COMPREPLY[@]}")
	if grep -qv '^[0-9][0-9]*$' <<<"$got"; then
		fail "$what: not only numbers: [$(echo $got)]"
	fi
	stable=$(LC_ALL=C comm -12 <(echo "$before") <(pids_now))
	stable=$(LC_ALL=C comm -23 <(echo "$stable") <(echo "$got"))
	[[ -z $stable ]] || fail "$what: PIDs missing: [$(echo $stable)]"
	[[ -n $got ]] || fail "$what: no PIDs at all"
}

# ---- the command and the options in front of it

complete_words "netns " netns ""
expect "netns" "${commands[@]}"

complete_words "netns l" netns l
expect "netns l" list ls lst list-id

complete_words "netns de" netns de
expect "netns de" delete del

complete_words "netns -" netns -
expect "netns -" "${globals[@]}"

complete_words "netns --" netns --
expect "netns --" --json --all --help --version

complete_words "netns -j " netns -j ""
expect "netns -j" "${commands[@]}"

complete_words "netns -a -j e" netns -a -j e
expect "netns -a -j e" exec

complete_words "netns x" netns x
expect "netns x"

# ---- namespace names

complete_words "netns exec " netns exec ""
expect "netns exec" "${names[@]}"

complete_words "netns exec nstest-r" netns exec nstest-r
expect "netns exec nstest-r" nstest-red

complete_words "netns delete nstest-" netns delete nstest-
expect "netns delete nstest-" nstest-blue nstest-red nstest-green \
	'nstest-with space'

complete_words "netns del nstest-g" netns del nstest-g
expect "netns del nstest-g" nstest-green

complete_words "netns pids " netns pids ""
expect "netns pids" "${names[@]}"

complete_words "netns set nstest-b" netns set nstest-b
expect "netns set nstest-b" nstest-blue

complete_words 'netns -j pids $' netns -j pids '$'
expect 'netns -j pids $' "$evil"
checks=$((checks + 1))
[[ ! -e $tmp/nstest-ran ]] || fail "a name was run as a command"

# one argument only
complete_words "netns delete nstest-red " netns delete nstest-red ""
expect "netns delete NAME"

complete_words "netns pids nstest-red n" netns pids nstest-red n
expect "netns pids NAME n"

# -a delete takes no name
complete_words "netns -a delete " netns -a delete ""
expect "netns -a delete"

complete_words "netns --all -j del " netns --all -j del ""
expect "netns --all -j del"

# another directory, another list; none, no list
mkdir "$tmp/run2"
: >"$tmp/run2/nstest-only"
NETNS_RUN_DIR=$tmp/run2 complete_words "netns exec " netns exec ""
expect "netns exec (NETNS_RUN_DIR=other)" nstest-only

NETNS_RUN_DIR=$tmp/missing complete_words "netns exec " netns exec ""
expect "netns exec (no run directory)"

# ---- set: name, then NSID or auto

complete_words "netns set nstest-red " netns set nstest-red ""
expect "netns set NAME" auto

complete_words "netns set nstest-red a" netns set nstest-red a
expect "netns set NAME a" auto

complete_words "netns set nstest-red auto " netns set nstest-red auto ""
expect "netns set NAME auto"

# ---- names that are new: nothing to offer

complete_words "netns add " netns add ""
expect "netns add"

complete_words "netns attach " netns attach ""
expect "netns attach"

# ---- options of add and exec

complete_words "netns add nstest-x -" netns add nstest-x -
expect "netns add NAME -" --lo-up --veth --addr

complete_words "netns add nstest-x --v" netns add nstest-x --v
expect "netns add NAME --v" --veth

complete_words "netns add nstest-x --veth " netns add nstest-x --veth ""
expect "netns add NAME --veth"

complete_words "netns add nstest-x --veth a:b --a" netns add nstest-x \
	--veth a:b --a
expect "netns add NAME --veth A:B --a" --addr

complete_words "netns exec -" netns exec -
expect "netns exec -" --no-sysfs

complete_words "netns exec --no-sysfs nstest-b" netns exec --no-sysfs \
	nstest-b
expect "netns exec --no-sysfs nstest-b" nstest-blue

complete_words "netns -a exec -" netns -a exec -
expect "netns -a exec -" --no-sysfs --parallel

complete_words "netns -a exec --parallel " netns -a exec --parallel ""
expect "netns -a exec --parallel"

complete_words "netns --all exec --p" netns --all exec --p
expect "netns --all exec --p" --parallel

# ---- PIDs: identify, attach NAME PID

before=$(pids_now)
complete_words "netns identify " netns identify ""
expect_pids "netns identify"

before=$(pids_now)
complete_words "netns attach nstest-new " netns attach nstest-new ""
expect_pids "netns attach NAME"

complete_words "netns identify $$" netns identify "$$"
got=$(sorted "${COMPREPLY[@]}")
checks=$((checks + 1))
grep -qxF "$$" <<<"$got" || fail "netns identify \$\$: $$ missing"
grep -qv "^$$" <<<"$got" && fail "netns identify \$\$: [$(echo $got)]"

complete_words "netns identify 1 " netns identify 1 ""
expect "netns identify PID"

# ---- list-id: keywords, not their values

complete_words "netns list-id " netns list-id ""
expect "netns list-id" target-nsid nsid

complete_words "netns list-id t" netns list-id t
expect "netns list-id t" target-nsid

complete_words "netns list-id target-nsid " netns list-id target-nsid ""
expect "netns list-id target-nsid"

complete_words "netns list-id target-nsid 3 " netns list-id target-nsid 3 ""
expect "netns list-id target-nsid N" target-nsid nsid

# ---- commands without arguments

for cmd in list show ls lst monitor help; do
	complete_words "netns $cmd " netns "$cmd" ""
	expect "netns $cmd"
done

# ---- the program of exec and its arguments

complete_words "netns exec nstest-red ca" netns exec nstest-red ca
expect "netns exec NAME ca" $(gen -c ca)
expect_has "netns exec NAME ca" cat

complete_words "netns -a exec bas" netns -a exec bas
expect "netns -a exec bas" $(gen -c bas)
expect_has "netns -a exec bas" bash

complete_words "netns -a exec --parallel 4 --no-sysfs ca" netns -a exec \
	--parallel 4 --no-sysfs ca
expect "netns -a exec --parallel 4 --no-sysfs ca" $(gen -c ca)

complete_words "netns exec --no-sysfs nstest-red ca" netns exec \
	--no-sysfs nstest-red ca
expect "netns exec --no-sysfs NAME ca" $(gen -c ca)

complete_words "netns exec nstest-red ls $tmp/files/f" netns exec \
	nstest-red ls "$tmp/files/f"
expect "netns exec NAME ls DIR/f" "$tmp/files/file1" "$tmp/files/file2"

complete_words "netns exec nstest-red ls -" netns exec nstest-red ls -
expect "netns exec NAME ls - (an argument of ls)" $(gen -f -)

complete_words "netns -a exec ls $tmp/files/d" netns -a exec ls \
	"$tmp/files/d"
expect "netns -a exec ls DIR/d" "$tmp/files/dir1"

complete_words "netns exec nstest-red nstest-" netns exec nstest-red nstest-
expect "netns exec NAME nstest- (a program, not a name)" $(gen -c nstest-)

finish
