# SPDX-License-Identifier: MIT
#
# What the completion tests share; sourced by them, after "set -u" and
# with the test's own arguments:
#
#   source harness.sh COMPLETION-FILE PROGRAM-NAME
#
# Sources the completion in this non-interactive bash (the
# bash-completion package is not loaded, so a program's arguments are
# completed as file names) and finds the function it registers for
# PROGRAM-NAME (and checks that all its functions carry that name).
# complete_words fills COMP_WORDS/COMP_CWORD/COMP_LINE/
# COMP_POINT the way bash does for a command line and calls that
# function; expect and expect_has compare COMPREPLY with the expected
# words, expect_program that the word after some options is the program;
# finish prints the count and sets the exit status. Files and
# directories come from $tmp, a temporary directory of its own (removed
# at exit, after the commands in the array at_exit).

completion=${1:?usage: ${0##*/} COMPLETION-FILE PROGRAM-NAME}
program=${2:?usage: ${0##*/} COMPLETION-FILE PROGRAM-NAME}
at_exit=()
failures=0
checks=0

fail()
{
	echo "FAIL $*"
	failures=$((failures + 1))
}

tmp=$(mktemp -d /tmp/nstest-completion.XXXXXX) || exit 1
trap 'for cmd in "${at_exit[@]}"; do eval "$cmd"; done; rm -rf "$tmp"' EXIT
mkdir "$tmp/dir1" "$tmp/dir2"
touch "$tmp/file1" "$tmp/file2" "$tmp/dir1/inner"

functions_before=$(declare -F)
# shellcheck disable=SC1090
if ! source "$completion"; then
	echo "FAIL cannot source $completion"
	exit 1
fi

spec=$(complete -p "$program" 2>/dev/null)
func=
if [[ $spec =~ -F\ ([^ ]+)\ ${program}$ ]]; then
	func=${BASH_REMATCH[1]}
else
	echo "FAIL $completion does not register a function for $program:" \
		"'${spec:-nothing}'"
	exit 1
fi
# Its functions carry the program's installed name (_ns_lsns_module...
# for ns-lsns), so that they never replace util-linux's (_lsns_module)
# when both completions are loaded; the shared helpers are _nstools_*.
own=_${program//[^a-zA-Z0-9]/_}_
if [[ $func != "${own}module" ]]; then
	echo "FAIL $program is completed by $func, not ${own}module"
	exit 1
fi
while read -r _ _ name; do
	if [[ $name != "$own"* && $name != _nstools_* ]]; then
		echo "FAIL $completion defines $name (not $own* nor _nstools_*)"
		exit 1
	fi
done < <(comm -13 <(printf '%s\n' "$functions_before" | sort) \
	<(declare -F | sort))

# complete_words LINE WORD...: the words of LINE as bash splits them
# (with "=" a word of its own, as the default COMP_WORDBREAKS has it),
# the cursor at the end of LINE, in the last word.
complete_words()
{
	COMP_LINE=$1
	COMP_POINT=${#1}
	shift
	COMP_WORDS=("$@")
	COMP_CWORD=$(($# - 1))
	COMPREPLY=()
	local prev=
	((COMP_CWORD > 0)) && prev=${COMP_WORDS[COMP_CWORD - 1]}
	"$func" "${COMP_WORDS[0]}" "${COMP_WORDS[COMP_CWORD]}" "$prev"
}

sorted()
{
	(($# == 0)) || printf '%s\n' "$@" | LC_ALL=C sort -u
}

# expect DESCRIPTION EXPECTED-WORD...: COMPREPLY is exactly this set.
expect()
{
	local what=$1 got want
	shift
	checks=$((checks + 1))
	got=$(sorted "${COMPREPLY[@]}")
	want=$(sorted "$@")
	if [[ $got != "$want" ]]; then
		fail "$what: expected [$(echo $want)], got [$(echo $got)]"
	fi
}

# expect_has DESCRIPTION WORD...: COMPREPLY holds at least these.
expect_has()
{
	local what=$1 word
	shift
	checks=$((checks + 1))
	for word; do
		grep -qxF -- "$word" <<<"$(sorted "${COMPREPLY[@]}")" ||
			fail "$what: '$word' missing"
	done
}

# The words of a bash generator (compgen -u, -g, -c ...) with a prefix.
gen()
{
	compgen "$1" -- "$2" | LC_ALL=C sort -u
}

# expect_program WORD...: after the command line WORD..., "ca" is the
# beginning of the program's name.
expect_program()
{
	complete_words "$* ca" "$@" ca
	expect "$* ca" $(gen -c ca)
}

# The IDs of a getent(1) database ($1: passwd or group) that start
# with $2.
ids()
{
	getent "$1" | cut -d: -f3 | while read -r id; do
		[[ $id == "$2"* ]] && echo "$id"
	done
}

finish()
{
	echo "$checks checks, $failures failure(s)"
	((failures == 0))
}
