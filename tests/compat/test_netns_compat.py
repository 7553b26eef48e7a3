# SPDX-License-Identifier: MIT
"""Differential tests: our netns against iproute2's `ip netns` (6.1).

Each case makes the same named namespaces (with ip, NSIDs included),
runs the same command line with both tools and compares exit status,
stdout and stderr byte for byte; the only text allowed to differ is the
tool's own name in "try "ip netns help"". Lists hold one name at most:
iproute2 lists in directory order, ours sorted.

iproute2 takes -j and -all before "netns": the argv is translated.

netns follows 6.1. Where a later iproute2 (as in Debian 13 and sid)
behaves otherwise, the case is compared only with 6.1 and reported as
skipped with the change otherwise (CHANGED_AFTER_6_1).
"""

import os
import re
import subprocess
import sys
import time

sys.path.insert(0, os.path.join(os.environ.get("NSTOOLS_SOURCE_ROOT", ""),
                                "tests", "pylib"))
import netnstest as nt  # noqa: E402
import nstest  # noqa: E402

A = "nstest-a"
LONG = "n" * 256

# (case, [(name, nsid or None)] made before, argv after the tool)
CASES = [
    ("list empty", [], ["list"]),
    ("list json empty", [], ["-j", "list"]),
    ("no subcommand", [(A, None)], []),
    ("list", [(A, None)], ["list"]),
    ("show", [(A, None)], ["show"]),
    ("ls", [(A, None)], ["ls"]),
    ("lst", [(A, None)], ["lst"]),
    ("list with id", [(A, 41)], ["list"]),
    ("list json", [(A, None)], ["-j", "list"]),
    ("list json with id", [(A, 41)], ["--json", "list"]),
    ("list-id", [(A, 41)], ["list-id"]),
    ("list-id nsid", [(A, 41)], ["list-id", "nsid", "41"]),
    ("list-id json", [(A, 41)], ["-j", "list-id"]),
    ("list-id unknown nsid", [(A, 41)], ["list-id", "nsid", "99"]),
    ("add empty name", [], ["add", ""]),
    ("add slash", [], ["add", "nstest/x"]),
    ("add dot", [], ["add", "."]),
    ("add dotdot", [], ["add", ".."]),
    ("add 256 bytes", [], ["add", LONG]),
    ("add no name", [], ["add"]),
    ("add existing", [(A, None)], ["add", A]),
    ("delete missing", [], ["delete", A]),
    ("del missing", [], ["del", A]),
    ("delete no name", [], ["delete"]),
    ("delete bad name", [], ["delete", ".."]),
    ("delete", [(A, None)], ["delete", A]),
    ("delete all", [(A, None)], ["-a", "delete"]),
    ("delete all none", [], ["-a", "delete"]),
    ("attach no args", [], ["attach"]),
    ("attach no pid", [], ["attach", A]),
    ("attach existing", [(A, None)], ["attach", A, "1"]),
    ("set no name", [], ["set"]),
    ("set no nsid", [(A, None)], ["set", A]),
    ("set bad nsid", [(A, None)], ["set", A, "xyz"]),
    ("set negative", [(A, None)], ["set", A, "-5"]),
    ("set too big", [(A, None)], ["set", A, "2147483648"]),
    ("set again", [(A, 41)], ["set", A, "42"]),
    ("set missing", [], ["set", A, "42"]),
    ("set", [(A, None)], ["set", A, "43"]),
    ("identify self", [(A, None)], ["identify"]),
    ("identify bad pid", [], ["identify", "999999999"]),
    ("pids no name", [], ["pids"]),
    ("pids missing", [], ["pids", A]),
    ("pids none", [(A, None)], ["pids", A]),
    ("exec no name", [], ["exec"]),
    ("exec no command", [(A, None)], ["exec", A]),
    ("exec missing", [], ["exec", A, "true"]),
    ("exec bad name", [], ["exec", "nstest/x", "true"]),
    ("exec bad name no command", [], ["exec", "nstest/x"]),
    ("add extra", [], ["add", A, "extra"]),
    ("list extra", [(A, None)], ["list", "extra"]),
    ("delete extra", [(A, None)], ["delete", A, "extra"]),
    ("pids extra", [(A, None)], ["pids", A, "extra"]),
    ("list-id nsid hex", [(A, 41)], ["list-id", "nsid", "0x29"]),
    ("list-id nsid bad octal", [], ["list-id", "nsid", "08"]),
    ("list-id duplicate", [], ["list-id", "nsid", "1", "nsid", "2"]),
    ("list-id incomplete", [], ["list-id", "nsid"]),
    ("exec not found", [(A, None)], ["exec", A, "nstest-no-such-cmd"]),
    ("exec status", [(A, None)], ["exec", A, "sh", "-c", "exit 7"]),
    ("exec signal", [(A, None)], ["exec", A, "sh", "-c", "kill -USR1 $$"]),
    ("exec output", [(A, None)], ["exec", A, "sh", "-c",
                                  "echo out; echo err >&2"]),
    ("exec sysfs", [(A, None)], ["exec", A, "ls", "/sys/class/net"]),
    ("exec lo down", [(A, None)], ["exec", A, "cat",
                                   "/sys/class/net/lo/operstate"]),
    ("exec identify", [(A, None)], ["exec", A, "{tool}", "identify"]),
    ("exec list-id", [(A, 41)], ["exec", A, "{tool}", "list-id"]),
    ("all exec", [(A, None)], ["-a", "exec", "echo", "x"]),
    ("all exec none", [], ["-a", "exec", "echo", "x"]),
    ("all exec no command", [(A, None)], ["-a", "exec"]),
    ("unknown", [], ["frobnicate"]),
]

# case -> what iproute2 does differently after 6.1 (seen in 6.15)
CHANGED_AFTER_6_1 = {
    "set missing": "ip netns set on a missing name prints nothing "
                   "(6.1: Cannot open network namespace ...)",
}


def iproute2_version():
    """(major, minor) of the installed ip, (0, 0) if it does not say."""
    res = subprocess.run([nt.IP, "-V"], capture_output=True, text=True,
                         stdin=subprocess.DEVNULL)
    m = re.search(r"iproute2-(?:ss)?(\d+)\.(\d+)", res.stdout)
    return (int(m.group(1)), int(m.group(2))) if m else (0, 0)


def iproute2_argv(args):
    """ip's argv for our ARGS (-j and -a go before "netns")."""
    opts = []
    while args and args[0] in ("-j", "--json", "-a", "--all"):
        opts.append("-j" if args[0] in ("-j", "--json") else "-all")
        args = args[1:]
    return [nt.IP, *opts, "netns", *args]


class Compat(nt.NetnsCase):
    def setup_names(self, names):
        for name, nsid in names:
            nstest.run([nt.IP, "netns", "add", name], check_rc=0)
            if nsid is not None:
                nstest.run([nt.IP, "netns", "set", name, str(nsid)],
                           check_rc=0)

    def cleanup(self, names):
        nstest.run([nt.IP, "-all", "netns", "delete"], check_rc=0)
        # the NSID of a deleted netns is free once the kernel has
        # cleaned it up, a little later: wait for it
        ids = [str(n) for _, n in names if n is not None] + ["42", "43"]
        end = time.monotonic() + 10
        while time.monotonic() < end:
            out = nstest.run([nt.IP, "netns", "list-id"]).stdout.split()
            if not any(f"{i}" in out for i in ids):
                return
            time.sleep(0.01)
        self.fail(f"NSIDs {ids} not freed")

    def run_one(self, args, ours):
        """ARGS by ours or by ip; "{tool}" in ARGS: the same tool."""
        if ours:
            argv, tool = [nt.NETNS, *args], [nt.NETNS]
        else:
            argv, tool = iproute2_argv(args), [nt.IP, "netns"]
        argv = [w for a in argv for w in (tool if a == "{tool}" else [a])]
        res = subprocess.run(argv, capture_output=True, text=True,
                             timeout=30, stdin=subprocess.DEVNULL)
        return (res.returncode, res.stdout,
                nstest.as_plain(res.stderr).replace('try "ip netns help"',
                                                    'try "netns help"'))

    def test_cases(self):
        version = iproute2_version()
        for case, names, args in CASES:
            with self.subTest(case=case):
                if case in CHANGED_AFTER_6_1 and version > (6, 1):
                    self.skipTest(f"iproute2 {version[0]}.{version[1]} "
                                  "differs from 6.1, which netns follows: "
                                  + CHANGED_AFTER_6_1[case])
                results = []
                for ours in (False, True):
                    self.setup_names(names)
                    try:
                        results.append(self.run_one(args, ours))
                    finally:
                        self.cleanup(names)
                self.assertEqual(results[1], results[0],
                                 "ours (second) differs from ip netns")


if __name__ == "__main__":
    nstest.require_reference(nt.IP, "iproute2's ip")
    nt.main()
