# SPDX-License-Identifier: MIT
#
# Sourced by the completion tests: sources COMPLETION-FILE ($completion),
# finds the function it registers for PROGRAM-NAME ($program), and
# provides complete_words, sorted, expect and fail. The caller sets
# completion and program first and reports $checks and $failures last.

failures=0
checks=0

fail()
{
	echo "FAIL $*"
	failures=$((failures + 1))
}

# shellcheck source=/dev/null
if ! source "$completion"; then
	echo "FAIL cannot source $completion"
	exit 1
fi

# The function the file registers for PROGRAM-NAME.
spec=$(complete -p "$program" 2>/dev/null)
func=
if [[ $spec =~ -F\ ([^ ]+)\ ${program}$ ]]; then
	func=${BASH_REMATCH[1]}
else
	echo "FAIL $completion does not register a function for $program:" \
		"'${spec:-nothing}'"
	exit 1
fi

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
