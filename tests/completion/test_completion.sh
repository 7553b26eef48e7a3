#!/bin/bash
# SPDX-License-Identifier: MIT
#
# Usage: test_completion.sh COMPLETION-FILE PROGRAM-NAME
#
# Sources the lsns bash completion in this non-interactive bash, fills
# COMP_WORDS/COMP_CWORD/COMP_LINE/COMP_POINT the way bash does for a
# command line, calls the completion function and compares COMPREPLY
# with the expected set of words. PROGRAM-NAME is the name the file
# must register itself for (lsns, or e.g. ns-lsns with a program
# prefix). $NSTOOLS_LSNS is the lsns built in this tree: it stands in
# COMP_WORDS[0], so the namespace inodes come from it.
#
# PIDs and namespaces come and go while the test runs (other tests run
# in parallel): for those the reply must hold everything present both
# before and after the completion, and only words of the right form.
# Exact sets for the namespace argument come from a stand-in program
# that prints fixed inode numbers.

set -u

# shellcheck source=harness.sh
source "$(dirname "${BASH_SOURCE[0]}")/harness.sh" "$@" || exit 1
lsns=${NSTOOLS_LSNS:?NSTOOLS_LSNS must name the built lsns}

# expect_between DESCRIPTION PATTERN BEFORE AFTER: for data that
# changes under our feet. BEFORE and AFTER are the newline-separated
# sets taken before and after the completion. COMPREPLY must hold no
# duplicates, every word of BEFORE∩AFTER (what existed all along), and
# only words that match the extended regular expression PATTERN (a
# short-lived process may come and go in between, so a word outside
# BEFORE∪AFTER is no error by itself).
expect_between()
{
	local what=$1 pattern=$2 word
	local -A got=() after=()
	checks=$((checks + 1))
	for word in "${COMPREPLY[@]}"; do
		[[ -n ${got[$word]-} ]] && fail "$what: duplicate '$word'"
		got[$word]=1
		[[ $word =~ $pattern ]] || fail "$what: unexpected '$word'"
	done
	for word in $4; do
		after[$word]=1
	done
	for word in $3; do
		if [[ -n ${after[$word]-} && -z ${got[$word]-} ]]; then
			fail "$what: '$word' missing"
		fi
	done
}

all_types=(mnt net ipc user pid uts cgroup time)
all_columns=(NS TYPE PATH NPROCS PID PPID COMMAND UID USER NETNSID NSFS PNS ONS)
long_opts=(--json --list --noheadings --output --output-all --persistent
	--task --filter --raw --notruncate --nowrap --type --tree --tree=
	--list-columns --help --version)
short_opts=(-J -l -n -o -P -p -Q -r -u -W -t -T -H -h -V)

# ---- options

complete_words "lsns --ty" "$lsns" --ty
expect "lsns --ty" --type

complete_words "lsns --tr" "$lsns" --tr
expect "lsns --tr" --tree --tree=

complete_words "lsns --output" "$lsns" --output
expect "lsns --output" --output --output-all

complete_words "lsns --" "$lsns" --
expect "lsns --" "${long_opts[@]}"

complete_words "lsns -" "$lsns" -
expect "lsns -" "${long_opts[@]}" "${short_opts[@]}"

complete_words "lsns -t net -" "$lsns" -t net -
expect "lsns -t net -" "${long_opts[@]}" "${short_opts[@]}"

complete_words "lsns -J" "$lsns" -J
expect "lsns -J" -J

# ---- -t/--type

complete_words "lsns -t " "$lsns" -t ""
expect "lsns -t" "${all_types[@]}"

complete_words "lsns -t n" "$lsns" -t n
expect "lsns -t n" net

complete_words "lsns -t u" "$lsns" -t u
expect "lsns -t u" user uts

complete_words "lsns --type c" "$lsns" --type c
expect "lsns --type c" cgroup

complete_words "lsns --type=p" "$lsns" --type = p
expect "lsns --type=p (split at =)" pid

complete_words "lsns --type=p" "$lsns" --type=p
expect "lsns --type=p (one word)" --type=pid

complete_words "lsns -tm" "$lsns" -tm
expect "lsns -tm" -tmnt

complete_words "lsns -t x" "$lsns" -t x
expect "lsns -t x"

# ---- -o/--output

complete_words "lsns -o " "$lsns" -o ""
expect "lsns -o" "${all_columns[@]}"

complete_words "lsns -o NS,TY" "$lsns" -o NS,TY
expect "lsns -o NS,TY" NS,TYPE

complete_words "lsns -o +P" "$lsns" -o +P
expect "lsns -o +P" +PATH +PID +PPID +PNS

complete_words "lsns -o N" "$lsns" -o N
expect "lsns -o N" NS NPROCS NETNSID NSFS

complete_words "lsns -o NS,TYPE,N" "$lsns" -o NS,TYPE,N
expect "lsns -o NS,TYPE,N" NS,TYPE,NPROCS NS,TYPE,NETNSID NS,TYPE,NSFS

complete_words "lsns -o +ns,pid,p" "$lsns" -o +ns,pid,p
expect "lsns -o +ns,pid,p" +ns,pid,PATH +ns,pid,PPID +ns,pid,PNS

complete_words "lsns -o NS," "$lsns" -o NS,
expect "lsns -o NS," NS,TYPE NS,PATH NS,NPROCS NS,PID NS,PPID NS,COMMAND \
	NS,UID NS,USER NS,NETNSID NS,NSFS NS,PNS NS,ONS

complete_words "lsns --output=NS,U" "$lsns" --output = NS,U
expect "lsns --output=NS,U (split at =)" NS,UID NS,USER

complete_words "lsns --output=NS,U" "$lsns" --output=NS,U
expect "lsns --output=NS,U (one word)" --output=NS,UID --output=NS,USER

complete_words "lsns -oNS,C" "$lsns" -oNS,C
expect "lsns -oNS,C" -oNS,COMMAND

complete_words "lsns -o NS,X" "$lsns" -o NS,X
expect "lsns -o NS,X"

# ---- -T/--tree

complete_words "lsns --tree=p" "$lsns" --tree = p
expect "lsns --tree=p (split at =)" process parent

complete_words "lsns --tree=" "$lsns" --tree =
expect "lsns --tree= (split at =)" process parent owner

complete_words "lsns --tree=o" "$lsns" --tree=o
expect "lsns --tree=o (one word)" --tree=owner

complete_words "lsns -Tpa" "$lsns" -Tpa
expect "lsns -Tpa" -Tparent

complete_words "lsns -T" "$lsns" -T
expect "lsns -T" -T

# ---- -Q/--filter: an expression, nothing to offer

complete_words "lsns -Q " "$lsns" -Q ""
expect "lsns -Q"

complete_words "lsns --filter T" "$lsns" --filter T
expect "lsns --filter T"

# ---- -p/--task: PIDs from /proc

pids()
{
	local d
	for d in /proc/[0-9]*; do
		[[ ${d#/proc/} == "$1"* ]] && echo "${d#/proc/}"
	done
}

before=$(pids 1)
complete_words "lsns -p 1" "$lsns" -p 1
expect_between "lsns -p 1" '^1[0-9]*$' "$before" "$(pids 1)"

before=$(pids "$$")
complete_words "lsns --task $$" "$lsns" --task "$$"
expect_between "lsns --task $$" "^$$[0-9]*\$" "$before" "$(pids "$$")"
grep -qxF "$$" <<<"$(sorted "${COMPREPLY[@]}")" ||
	fail "lsns --task $$: this shell's PID is missing"

before=$(pids "")
complete_words "lsns -p " "$lsns" -p ""
expect_between "lsns -p" '^[1-9][0-9]*$' "$before" "$(pids "")"

# ---- the namespace argument: inodes from COMP_WORDS[0] itself

inodes()
{
	"$lsns" -n -r -o NS | while read -r ino; do
		[[ $ino == "$1"* ]] && echo "$ino"
	done
}

own=$(stat -L -c %i /proc/self/ns/net)
prefix=${own:0:5}
before=$(inodes "$prefix")
complete_words "lsns $prefix" "$lsns" "$prefix"
expect_between "lsns $prefix" "^$prefix[0-9]*\$" "$before" \
	"$(inodes "$prefix")"
grep -qxF "$own" <<<"$(sorted "${COMPREPLY[@]}")" ||
	fail "lsns $prefix: this shell's network namespace $own is missing"

before=$(inodes "$own")
complete_words "lsns -l $own" "$lsns" -l "$own"
expect "lsns -l $own" "$own"

# -T takes its relation only attached: after "-T " comes a namespace.
before=$(inodes "")
complete_words "lsns -T " "$lsns" -T ""
expect_between "lsns -T" '^[1-9][0-9]*$' "$before" "$(inodes "")"

# A stand-in for the program in COMP_WORDS[0] (a function works as
# well as a file there): fixed inodes, and only for the right options.
fake_lsns()
{
	[[ $* == "-n -r -o NS" ]] || return 1
	printf '%s\n' 4026531835 4026531836 4026532177 4026532290
}

complete_words "fake_lsns 40265" fake_lsns 40265
expect "fake_lsns 40265" 4026531835 4026531836 4026532177 4026532290

complete_words "fake_lsns 4026531" fake_lsns 4026531
expect "fake_lsns 4026531" 4026531835 4026531836

complete_words "fake_lsns -t net 40265322" fake_lsns -t net 40265322
expect "fake_lsns -t net 40265322" 4026532290

complete_words "fake_lsns " fake_lsns ""
expect "fake_lsns" 4026531835 4026531836 4026532177 4026532290

complete_words "fake_lsns 5" fake_lsns 5
expect "fake_lsns 5"

complete_words "lsns x" "$lsns" x
expect "lsns x"

complete_words "lsns 4026" /nonexistent/lsns 4026
expect "lsns 4026 with a missing program"

finish
