#!/bin/bash
# SPDX-License-Identifier: MIT
#
# Usage: test_nsenter.sh COMPLETION-FILE PROGRAM-NAME
#
# Checks that the nsenter bash completion offers exactly the expected
# words (harness.sh says how). PROGRAM-NAME is the name the file must
# register itself for (nsenter, or e.g. ns-nsenter with a program
# prefix). Command names and IDs come from bash and getent, whose
# answers do not change meanwhile; PIDs from a process of the test's
# own, which holds a socket for --net-socket.

set -u

# shellcheck source=harness.sh
source "$(dirname "${BASH_SOURCE[0]}")/harness.sh" "$@" || exit 1

long_opts=(--all --target --mount --mount= --uts --uts= --ipc --ipc=
	--net --net= --net-socket --pid --pid= --cgroup --cgroup=
	--user --user= --user-parent --time --time= --setuid --setgid
	--preserve-credentials --keep-caps --root --root= --wd --wd=
	--wdns --env --no-fork --join-cgroup --follow-context --help
	--version)
short_opts=(-a -t -m -u -i -n -N -p -C -U -T -S -G -r -w -W -e -F -c -Z
	-h -V)

# A process without sockets,
sleep 600 </dev/null >/dev/null 2>&1 &
nosock=$!
at_exit+=('kill $nosock; wait $nosock')
# and one that holds one socket, and the number of its fd: python3
# prints it, then waits for its stdin (our fifo) to close.
mkdir "$tmp/holder"
mkfifo "$tmp/holder/in" "$tmp/holder/out"
python3 -c '
import socket, sys
s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
print(s.fileno(), flush=True)
sys.stdin.read()
' <"$tmp/holder/in" >"$tmp/holder/out" &
holder=$!
exec {hold_fd}>"$tmp/holder/in"
at_exit+=('exec {hold_fd}>&-; wait $holder')
read -r sockfd <"$tmp/holder/out"
if [[ ! $sockfd =~ ^[0-9]+$ ]]; then
	echo "FAIL cannot start the socket holder (python3)"
	exit 1
fi

# ---- options

complete_words "nsenter --" nsenter --
expect "nsenter --" "${long_opts[@]}"

complete_words "nsenter -" nsenter -
expect "nsenter -" "${long_opts[@]}" "${short_opts[@]}"

complete_words "nsenter --ne" nsenter --ne
expect "nsenter --ne" --net --net= --net-socket

complete_words "nsenter --us" nsenter --us
expect "nsenter --us" --user --user= --user-parent

complete_words "nsenter --w" nsenter --w
expect "nsenter --w" --wd --wd= --wdns

complete_words "nsenter --p" nsenter --p
expect "nsenter --p" --pid --pid= --preserve-credentials

complete_words "nsenter -a -" nsenter -a -
expect "nsenter -a -" "${long_opts[@]}" "${short_opts[@]}"

complete_words "nsenter -t $holder -" nsenter -t "$holder" -
expect "nsenter -t PID -" "${long_opts[@]}" "${short_opts[@]}"

complete_words "nsenter -S" nsenter -S
expect "nsenter -S" -S

# ---- -t: PIDs

complete_words "nsenter -t $holder" nsenter -t "$holder"
expect_has "nsenter -t PID" "$holder"
for word in "${COMPREPLY[@]}"; do
	[[ $word == "$holder"* && $word =~ ^[0-9]+$ ]] ||
		fail "nsenter -t PID: '$word' is not a PID starting with $holder"
done

complete_words "nsenter -t " nsenter -t ""
expect_has "nsenter -t" 1 "$$" "$holder"

complete_words "nsenter --target=$holder" nsenter --target = "$holder"
expect_has "nsenter --target=PID (split at =)" "$holder"

complete_words "nsenter --target=$holder" nsenter --target="$holder"
expect_has "nsenter --target=PID (one word)" "--target=$holder"

complete_words "nsenter -at$holder" nsenter -at"$holder"
expect_has "nsenter -atPID" "-at$holder"

complete_words "nsenter -t x" nsenter -t x
expect "nsenter -t x"

# ---- -N: the target's sockets

complete_words "nsenter -t $holder -N " nsenter -t "$holder" -N ""
expect "nsenter -t PID -N" "$sockfd"

complete_words "nsenter --target=$holder --net-socket=" nsenter \
	--target = "$holder" --net-socket =
expect "nsenter --target=PID --net-socket= (split at =)" "$sockfd"

complete_words "nsenter -at$holder -N$sockfd" nsenter -at"$holder" -N"$sockfd"
expect "nsenter -atPID -NFD" "-N$sockfd"

complete_words "nsenter -a -t $holder -N $sockfd" nsenter -a -t "$holder" \
	-N "$sockfd"
expect "nsenter -a -t PID -N FD" "$sockfd"

complete_words "nsenter -t $nosock -N " nsenter -t "$nosock" -N ""
expect "nsenter -t PID -N (a process without sockets)"

complete_words "nsenter -N " nsenter -N ""
expect "nsenter -N (no target)"

# ---- -S/-G: numbers or follow

complete_words "nsenter -S " nsenter -S ""
expect "nsenter -S" $(ids passwd "") follow
expect_has "nsenter -S" 0 65534 follow

complete_words "nsenter -S f" nsenter -S f
expect "nsenter -S f" follow

complete_words "nsenter --setgid 6" nsenter --setgid 6
expect "nsenter --setgid 6" $(ids group 6)

complete_words "nsenter --setgid=fo" nsenter --setgid = fo
expect "nsenter --setgid=fo (split at =)" follow

complete_words "nsenter -aS0" nsenter -aS0
expect "nsenter -aS0" -aS0

# ---- namespace files: the value only attached

complete_words "nsenter --net=$tmp/f" nsenter --net = "$tmp/f"
expect "nsenter --net=DIR/f (split at =)" "$tmp/file1" "$tmp/file2"

complete_words "nsenter --net=$tmp/" nsenter --net = "$tmp/"
expect "nsenter --net=DIR/ (split at =)" "$tmp/file1" "$tmp/file2" \
	"$tmp/dir1" "$tmp/dir2" "$tmp/holder"

complete_words "nsenter --uts=$tmp/f" nsenter --uts="$tmp/f"
expect "nsenter --uts=DIR/f (one word)" "--uts=$tmp/file1" "--uts=$tmp/file2"

complete_words "nsenter -n$tmp/f" nsenter -n"$tmp/f"
expect "nsenter -nDIR/f" "-n$tmp/file1" "-n$tmp/file2"

complete_words "nsenter -aU$tmp/file1" nsenter -aU"$tmp/file1"
expect "nsenter -aUDIR/file1" "-aU$tmp/file1"

complete_words "nsenter --time=$tmp/dir1/" nsenter --time = "$tmp/dir1/"
expect "nsenter --time=DIR/dir1/ (split at =)" "$tmp/dir1/inner"

# ---- directories

complete_words "nsenter --root=$tmp/" nsenter --root = "$tmp/"
expect "nsenter --root=DIR/ (split at =)" "$tmp/dir1" "$tmp/dir2" \
	"$tmp/holder"

complete_words "nsenter -w$tmp/d" nsenter -w"$tmp/d"
expect "nsenter -wDIR/d" "-w$tmp/dir1" "-w$tmp/dir2"

complete_words "nsenter -W $tmp/d" nsenter -W "$tmp/d"
expect "nsenter -W DIR/d" "$tmp/dir1" "$tmp/dir2"

complete_words "nsenter --wdns $tmp/" nsenter --wdns "$tmp/"
expect "nsenter --wdns DIR/" "$tmp/dir1" "$tmp/dir2" "$tmp/holder"

complete_words "nsenter -aW $tmp/dir2" nsenter -aW "$tmp/dir2"
expect "nsenter -aW DIR/dir2" "$tmp/dir2"

# ---- the program and its arguments

expect_program nsenter
expect_has "nsenter ca" cat

expect_program nsenter -t "$holder" -a -S 0 -G follow

complete_words "nsenter -n $tmp/f" nsenter -n "$tmp/f"
expect "nsenter -n DIR/f (-n takes no separate value)" $(gen -c "$tmp/f")

expect_program nsenter -r -w
expect_program nsenter -at "$holder"
expect_program nsenter --net = "$tmp/file1"
expect_program nsenter --wdns = "$tmp"

complete_words "nsenter -- -" nsenter -- -
expect "nsenter -- -" $(gen -c -)

complete_words "nsenter -t $holder -n ls $tmp/f" nsenter -t "$holder" -n \
	ls "$tmp/f"
expect "nsenter -t PID -n ls DIR/f" "$tmp/file1" "$tmp/file2"

complete_words "nsenter -a ls -t " nsenter -a ls -t ""
expect "nsenter -a ls -t (an argument of ls)" $(gen -f "")

finish
