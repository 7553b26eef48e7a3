# SPDX-License-Identifier: MIT
#
# What the bash completions of nstools share. meson puts this text into
# each tool's completion file in place of its @COMMON@ line, so that
# every installed file stands alone, as bash-completion wants it (it
# loads completions/<command> when <command> is first completed). The
# same definitions loaded twice do no harm.

# Add the words of $2 (newline-separated) that start with $1 to COMPREPLY,
# each prefixed with $3 (if given).
_nstools_compl_add()
{
	local word
	while IFS= read -r word; do
		[[ -n $word && $word == "$1"* ]] && COMPREPLY+=("${3-}$word")
	done <<<"$2"
}

# Files (or directories with $1 = -d) starting with $2, each prefixed
# with $3. With no prefix bash is told they are file names (quoting,
# a slash after directories).
_nstools_compl_files()
{
	local kind=${1:--f} val=$2 pfx=$3 word
	while IFS= read -r word; do
		[[ -n $word ]] && COMPREPLY+=("$pfx$word")
	done < <(compgen "$kind" -- "$val")
	if [[ -z $pfx ]]; then
		compopt -o filenames 2>/dev/null
	else
		compopt -o nospace 2>/dev/null
	fi
}

# Numeric IDs from a database of getent(1): $1 passwd or group.
_nstools_compl_ids()
{
	getent "$1" 2>/dev/null | cut -d: -f3 | LC_ALL=C sort -n -u
}

# _nstools_compl FN GROUP-ARG GROUP-END OPTION...
#
# Completes a command line of the form "tool [options] [program
# [argument...]]" in COMP_WORDS/COMP_CWORD: OPTIONs (the long ones that
# take an optional value also as "--name="), the value of an option,
# then a program and its arguments.
#
# FN_takes_arg OPT succeeds when OPT takes the next word as its value;
# FN_value OPT VALUE PREFIX completes VALUE of OPT (a long option, or
# "-" and the letter of a short one), each reply prefixed with PREFIX.
# GROUP-ARG matches a group of short options up to the first one that
# takes a value, the rest of the word being that value ("-fR/srv");
# GROUP-END matches such a group whose last option takes the next word
# as its value.
_nstools_compl()
{
	local fn=$1 group_arg=$2 group_end=$3
	shift 3
	local cword=$COMP_CWORD
	local cur=${COMP_WORDS[cword]} prev=
	local opt= val= pfx= i word dashdash=

	COMPREPLY=()
	((cword > 0)) && prev=${COMP_WORDS[cword - 1]}

	# Where the program starts: the first word that is neither an
	# option nor an option's separate value, or the word after "--".
	# "--opt = value" (split at "=") counts as one option.
	i=1
	while ((i < cword)); do
		word=${COMP_WORDS[i]}
		if [[ $word == -- ]]; then
			((i++))
			dashdash=1
			break
		elif [[ $word == --* && ${COMP_WORDS[i + 1]-} == = ]]; then
			((i += 2))
			# the value after "=", unless it is the word being typed
			((i < cword)) && ((i++))
			continue
		elif [[ $word == -?* ]]; then
			((i++))
			if "${fn}_takes_arg" "$word" || [[ $word =~ $group_end ]]
			then
				((i++))
			fi
			continue
		fi
		break
	done
	if ((i < cword)); then
		# in the program's arguments
		if declare -F _command_offset >/dev/null; then
			_command_offset "$i"
		else
			_nstools_compl_files -f "$cur" ""
		fi
		return 0
	fi

	# bash splits "--net=/ru" into "--net" "=" "/ru" when "=" is in
	# COMP_WORDBREAKS (the default), and keeps it whole otherwise.
	if [[ $cur == = && $prev == --* ]]; then
		opt=$prev val=
	elif [[ $prev == = && $cword -ge 2 && ${COMP_WORDS[cword - 2]} == --* ]]; then
		opt=${COMP_WORDS[cword - 2]} val=$cur
	elif [[ $cur == --*=* ]]; then
		opt=${cur%%=*} val=${cur#*=} pfx=$opt=
	elif [[ $cur =~ $group_arg && $cur != "${BASH_REMATCH[0]}" ]]; then
		# a value attached to a short option: -R/srv, -fS0
		local head=${BASH_REMATCH[0]}
		opt=-${head: -1} val=${cur#"$head"} pfx=$head
	elif "${fn}_takes_arg" "$prev" || [[ $prev =~ $group_end ]]; then
		opt=$prev
		[[ $opt != --* ]] && opt=-${opt: -1}
		val=$cur
	fi
	if [[ -n $opt ]]; then
		"${fn}_value" "$opt" "$val" "$pfx"
		return 0
	fi

	if [[ $cur == -* && -z $dashdash ]]; then
		_nstools_compl_add "$cur" "$(printf '%s\n' "$@")" ""
		if ((${#COMPREPLY[@]} == 1)) && [[ ${COMPREPLY[0]} == *= ]]; then
			compopt -o nospace 2>/dev/null
		fi
		return 0
	fi

	# the program
	_nstools_compl_add "$cur" "$(compgen -c -- "$cur" | LC_ALL=C sort -u)" ""
	return 0
}
