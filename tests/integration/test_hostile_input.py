# SPDX-License-Identifier: MIT
"""Hostile values for every option and argument of every tool (issue 17,
Deliver item 3).

The options come from each tool's --help (the value an option takes is
written there: `--opt <x>` or `--opt[=<x>]`), the positional arguments
from its Usage lines; every one of them must have a row in the table
below (CASES), and a row whose option --help no longer lists fails too:
a new option cannot go untested. Each row gets each of VALUES: 2^64, a
larger number, a negative one, empty, not UTF-8, 100 KB, an embedded
newline and a bare '='.

Every case expects:
- the exit code of the table, which is the original's (util-linux 2.42
  for lsns, unshare and nsenter; iproute2's `ip netns` for netns) unless
  the row names a documented difference. Where the reference can be run
  (tests/reference/util-linux-2.42 already fetched; `ip` installed) it
  is run with the same arguments and must give the table's code too.
- on failure exactly one line on stderr, `prog: ...` (netns: `netns:
  ...` or one of iproute2's own messages, which carry no prefix), plus
  `Try 'prog --help' for more information.` after a usage error; a value
  echoed in it is echoed whole (a 100 KB value is not cut short) and a
  newline in it does not start a second line. On success, nothing.
- nothing on stdout but what the table allows;
- nothing left behind: no mount, no /run/netns entry, no process, no fd
  (nstest's snapshot), no file in the case's working directory; a case
  whose success persists a namespace (unshare --TYPE=FILE, netns add)
  leaves exactly that bind mount, which the test then removes.

The tools run directly, many cases in one isolated program (own mount
namespace, own /run/netns, own pid namespace).
"""

import os
import re
import shutil
import subprocess
import sys
import tempfile
import unittest
from dataclasses import dataclass, field

sys.path.insert(0, os.path.join(os.environ.get("NSTOOLS_SOURCE_ROOT", ""),
                                "tests", "pylib"))
import nstest  # noqa: E402

TOOLS = {"lsns": nstest.LSNS,
         "unshare": os.environ.get("NSTOOLS_UNSHARE", ""),
         "nsenter": os.environ.get("NSTOOLS_NSENTER", ""),
         "netns": os.environ.get("NSTOOLS_NETNS", "")}
REFERENCE = os.environ.get("NSTOOLS_REFERENCE", "")
REFERENCE_CACHE = os.environ.get("NSTOOLS_REFERENCE_CACHE",
                                 "/var/cache/nstools-reference")
IP = shutil.which("ip")
BIG = b"x" * 102400

VALUES = {
    "2^64": b"18446744073709551616",
    "huge": b"99999999999999999999",
    "negative": b"-1",
    "empty": b"",
    "non-utf8": b"\xff\xfe",
    "100k": BIG,
    "newline": b"a\nb",
    "equals": b"=",
}


def rc(default, **others):
    """Exit codes by value name: DEFAULT, OTHERS by their Python name
    (two64, huge, negative, empty, nonutf8, big, newline, equals)."""
    names = {"two64": "2^64", "nonutf8": "non-utf8", "big": "100k"}
    out = dict.fromkeys(VALUES, default)
    for k, v in others.items():
        out[names.get(k, k)] = v
    return out


@dataclass
class Row:
    """How one option or argument meets a hostile VALUE: the arguments
    are PRE, the option (`--opt VALUE`, or `--opt=VALUE` when FORM is
    "eq"; the bare VALUE for an argument), POST. RC: exit codes by value.
    PERSIST: a success binds a namespace on VALUE ("cwd" or "netns").
    STDOUT: the case may print on stdout (else nothing).
    DIFFERS: {value: why} where the original exits otherwise (ours
    documents why); REF=False: the original has no such option."""
    rc: dict
    pre: list = field(default_factory=list)
    post: list = field(default_factory=list)
    form: str = "sep"
    persist: str = ""
    stdout: bool = False
    differs: dict = field(default_factory=dict)
    ref: bool = True


def differs(why, *names):
    return {n: why for n in names}


CREATES = ("ours creates a missing FILE (unshare(1), beyond util-linux); "
           "2.42 fails to bind on it")
FILE_OK = rc(0, empty=1, big=1)
FILE_DIFF = differs(CREATES, "2^64", "huge", "negative", "non-utf8",
                    "newline", "equals")
PID = "{pid}"  # the test program's PID
NSENTER_PRE = ["-t", PID, "--uts"]
# a namespace of the test's own, made once (netns rows)
FIXTURE = "nstest-hostile"
TAKES_OPTIONS = ("netns, add and exec take options: '-1' is one, a name "
                 "comes after '--' (netns(8), NOTES); `ip netns` takes it "
                 "as the name")

CASES = {
    "lsns": {
        "--output": Row(rc(1)),
        "--task": Row(rc(1)),
        # libsmartcols' filter, and ours that follows it: a bare number
        # or nothing lists (exit 0); 2.42 prints a stray newline on some
        # errors
        "--filter": Row(rc(0, nonutf8=1, big=1, newline=1, equals=1),
                        stdout=True),
        "--type": Row(rc(1)),
        "--tree": Row(rc(1), form="eq"),
        "<namespace ID>": Row(rc(1)),
    },
    "unshare": {
        **{f"--{t}": Row(FILE_OK, post=["true"], form="eq", persist="cwd",
                         differs=FILE_DIFF)
           for t in ("mount", "uts", "ipc", "net", "user", "cgroup",
                     "time")},
        # no file to bind before the first process up to 6.18 (exit 1
        # for every value); 7.2 has one: as the other types there
        "--pid": (Row(FILE_OK, post=["true"], form="eq", persist="cwd",
                      differs=FILE_DIFF)
                  if os.geteuid() == 0
                  and nstest.pidns_file_before_first_process()
                  else Row(rc(1), post=["true"], form="eq")),
        "--mount-proc": Row(rc(1), post=["true"], form="eq"),
        "--mount-binfmt": Row(rc(1), post=["true"], form="eq"),
        "--load-interp": Row(rc(1), post=["true"]),
        "--propagation": Row(rc(1), pre=["-m"], post=["true"]),
        "--root": Row(rc(1), post=["true"]),
        "--wd": Row(rc(1), post=["true"]),
        "--setuid": Row(rc(1), post=["true"]),
        "--setgid": Row(rc(1), post=["true"]),
        "--map-user": Row(rc(1), post=["true"]),
        "--map-group": Row(rc(1), post=["true"]),
        "--map-users": Row(rc(1), post=["true"]),
        "--map-groups": Row(rc(1), post=["true"]),
        "--owner": Row(rc(1), post=["true"]),
        "--kill-child": Row(rc(1), post=["true"], form="eq"),
        "--setgroups": Row(rc(1), pre=["-U"], post=["true"]),
        # a negative offset is one
        "--monotonic": Row(rc(1, negative=0), pre=["-T"], post=["true"]),
        "--boottime": Row(rc(1, negative=0), pre=["-T"], post=["true"]),
        "--whitelist-env": Row(rc(0), post=["true"], ref=False),
        # execvp: ENOENT 127, ENAMETOOLONG 126; -1 is a bad option
        "<program>": Row(rc(127, big=126, negative=1)),
        "<argument>": Row(rc(0), pre=["true"]),
    },
    "nsenter": {
        "--target": Row(rc(1), pre=["--uts"], post=["true"]),
        **{f"--{t}": Row(rc(1), pre=NSENTER_PRE, post=["true"], form="eq")
           for t in ("mount", "uts", "ipc", "net", "pid", "cgroup", "user",
                     "time")},
        # 2.42 takes -1 (no socket): the namespaces of --target
        "--net-socket": Row(rc(1, negative=0), pre=NSENTER_PRE,
                            post=["true"]),
        "--setuid": Row(rc(1), pre=NSENTER_PRE, post=["true"], form="eq"),
        "--setgid": Row(rc(1), pre=NSENTER_PRE, post=["true"], form="eq"),
        "--root": Row(rc(1), pre=NSENTER_PRE, post=["true"], form="eq"),
        "--wd": Row(rc(1), pre=NSENTER_PRE, post=["true"], form="eq"),
        # 2.42 takes its value as optional, whatever --help says
        "--wdns": Row(rc(1), pre=NSENTER_PRE, post=["true"], form="eq"),
        "<program>": Row(rc(127, big=126, negative=1), pre=NSENTER_PRE),
        "<argument>": Row(rc(0), pre=[*NSENTER_PRE, "true"]),
    },
    # a name that is empty or over 255 bytes: "Invalid netns name", 255
    "netns": {
        "<command>": Row(rc(255, negative=1)),
        "add NAME": Row(rc(0, negative=1, empty=255, big=255), pre=["add"],
                        persist="netns"),
        "add --veth HOSTIF:PEERIF": Row(rc(1), pre=["add", "nstest-h0"],
                                        ref=False),
        "add --addr CIDR:CIDR": Row(rc(1), pre=[
            "add", "nstest-h0", "--veth", "nstest-h1:nstest-h2"], ref=False),
        "attach NAME": Row(rc(0, empty=255, big=255), pre=["attach"],
                           post=[PID], persist="netns"),
        "attach PID": Row(rc(1), pre=["attach", "nstest-h3"]),
        "set NAME": Row(rc(1, empty=255, big=255), pre=["set"],
                        post=["5"]),
        "set NETNSID": Row(rc(255), pre=["set", FIXTURE]),
        "delete NAME": Row(rc(1, empty=255, big=255), pre=["delete"]),
        "identify PID": Row(rc(1), pre=["identify"]),
        "pids NAME": Row(rc(1, empty=255, big=255), pre=["pids"]),
        "exec --parallel N": Row(rc(1), pre=["-a", "exec"], post=["true"],
                                 ref=False),
        "exec NAME": Row(rc(255, negative=1), pre=["exec"],
                         post=["true"]),
        "exec COMMAND": Row(rc(1), pre=["exec", FIXTURE]),
        "list-id target-nsid POSITIVE-INT": Row(rc(255), pre=[
            "list-id", "target-nsid"]),
        "list-id nsid POSITIVE-INT": Row(rc(255), pre=["list-id", "nsid"]),
    },
}

IDENTIFY = ("ip checks a PID as a netns name (Invalid netns name, 255); "
            "ours: not a pid, exit 1 (netns(8), NOTES)")
DIFFERS_NETNS = {
    "add NAME": differs(TAKES_OPTIONS, "negative"),
    "exec NAME": differs(TAKES_OPTIONS, "negative"),
    "identify PID": differs(IDENTIFY, "empty", "100k"),
    "<command>": differs(TAKES_OPTIONS, "negative"),
}
for _key, _why in DIFFERS_NETNS.items():
    CASES["netns"][_key].differs = _why

# --- the options of --help -------------------------------------------

# ` -o, --output <list>  ...`, `     --tree[=<rel>]  ...`,
# ` --propagation slave|shared|...` (the value alone on its line)
# (nsenter's `--mount[=<file>|=:<nsid>] enter ...` has one space only)
OPTION = re.compile(r"^\s+(?:-\w, )?(--[\w-]+)"
                    r"(?:(\[=[^\]]*\])(?:\s|$)|( \S+)?(?:\s{2,}|$))")
# lsns [options] [<namespace ID>], unshare [options] [<program> ...]
ARGUMENT = re.compile(r"<([^>]+)>")


def help_text(tool):
    return nstest.run([TOOLS[tool], "--help"], check_rc=0).stdout


def help_options(tool):
    """{--long: True when it takes a value} of TOOL's --help."""
    out = {}
    for line in help_text(tool).splitlines():
        m = OPTION.match(line)
        if m:
            out[m[1]] = bool(m[2] or m[3])
    return out


def usage_lines(tool):
    text = help_text(tool)
    lines = text.split("Usage:\n", 1)[1].split("\n\n", 1)[0]
    prog = nstest.tool_name(tool)
    return [ln.strip()[len(prog):].strip() for ln in lines.splitlines()
            if ln.strip().startswith(prog + " ")]


def usage_arguments(tool):
    """The positional arguments of TOOL's Usage lines. lsns, unshare,
    nsenter: "<program>" ...; netns: "SUBCOMMAND WORD" for each
    upper-case word, "SUBCOMMAND --opt WORD" for an option's value and
    "SUBCOMMAND keyword WORD" after a keyword, and "<command>"."""
    found = []
    for line in usage_lines(tool):
        if tool != "netns":
            found += [f"<{a}>" for a in ARGUMENT.findall(line)]
            continue
        words = [w.strip("[]").rstrip(".") for w in line.split()]
        words = [w for w in words if w and w not in ("options", "-a")]
        sub, prev = words[0], None
        for w in words[1:]:
            if re.fullmatch(r"[A-Z][A-Z:-]*", w):
                if prev and prev.startswith("--"):
                    found.append(f"{sub} {prev} {w}")
                elif prev and prev.islower():
                    found.append(f"{sub} {prev} {w}")
                else:
                    found.append(f"{sub} {w}")
            prev = w
    if tool == "netns":
        found.append("<command>")
    return list(dict.fromkeys(found))


# --- running a case --------------------------------------------------

def reference_argv(tool):
    """The original's command line for TOOL, or None when it cannot be
    run here (not fetched, no ip): then only the table is checked."""
    if tool == "netns":
        return [IP, "netns"] if IP else None
    if not REFERENCE or not os.path.isfile(
            os.path.join(REFERENCE_CACHE, "version")):
        return None
    return [REFERENCE, tool]


def expand(args):
    pid = str(os.getpid()).encode()
    return [a.replace(PID, pid.decode()).encode() if isinstance(a, str)
            else a for a in args]


def case_argv(key, row, value):
    """--opt VALUE (or --opt=VALUE), an option of a netns subcommand
    ("sub --opt WORD": its PRE holds the subcommand), or the bare VALUE
    of an argument."""
    words = key.split()
    if key.startswith("--") and row.form == "eq":
        middle = [key.encode() + b"=" + value]
    elif key.startswith("--"):
        middle = [key.encode(), value]
    elif len(words) == 3 and words[1].startswith("--"):
        middle = [words[1].encode(), value]
    else:
        middle = [value]
    return expand(row.pre) + middle + expand(row.post)


def run_tool(argv, cwd):
    return subprocess.run(argv, cwd=cwd, stdin=subprocess.DEVNULL,
                          capture_output=True,
                          timeout=30 * nstest.TIME_SCALE)


def nsfs_mount_points():
    return [m[0] for m in nstest._mountinfo() if m[1] == "nsfs"]


def scrub(before, cwd):
    """Undo what a case (or the original's run of it) made: new mounts
    in CWD and /run/netns, entries of /run/netns, files in CWD."""
    had = set(before)
    for mp in reversed(nstest._mountinfo()):
        if mp[0] not in had and (mp[0].startswith(cwd + "/") or
                                 mp[0].startswith("/run/netns/")):
            nstest._libc.umount2(os.fsencode(mp[0]), nstest.MNT_DETACH)
    for name in os.listdir(cwd):
        path = os.path.join(cwd, name)
        if os.path.isdir(path) and not os.path.islink(path):
            shutil.rmtree(path)
        else:
            os.unlink(path)
    for name in os.listdir("/run/netns"):
        if name != FIXTURE:
            os.unlink(os.path.join("/run/netns", name))


class HostileInput(nstest.NsTestCase):

    @classmethod
    def setUpClass(cls):
        cls.cwd = tempfile.mkdtemp(prefix="nstest-hostile-")

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.cwd, ignore_errors=True)

    def check_coverage(self, tool):
        """Every option that takes a value and every argument of --help
        has a row; every row is still in --help."""
        opts = help_options(tool)
        wanted = {o for o, takes in opts.items() if takes}
        if tool == "netns":
            args = usage_arguments(tool)
            wanted = set(args)
            # the options of the subcommands are in their usage lines
            for o in (o for o, takes in opts.items() if takes):
                self.assertTrue(any(f" {o} " in a for a in args),
                                f"netns {o} is in no usage line")
        else:
            wanted |= set(usage_arguments(tool))
        rows = set(CASES[tool])
        self.assertEqual(sorted(wanted - rows), [],
                         f"{tool}: options or arguments without a row "
                         f"in CASES")
        self.assertEqual(sorted(rows - wanted), [],
                         f"{tool}: rows of CASES that --help no longer "
                         f"lists")

    def check_output(self, tool, key, name, value, res, row):
        what = f"{tool} {key} {name}: stderr {res.stderr[:300]!r}"
        expected = row.rc[name]
        self.assertEqual(res.returncode, expected, what)
        if not row.stdout:
            self.assertEqual(res.stdout, b"", what)
        if res.returncode == 0:
            self.assertEqual(res.stderr, b"", what)
            return
        lines = res.stderr.split(b"\n")
        self.assertEqual(lines[-1], b"", f"{what}: no final newline")
        lines = lines[:-1]
        prog = nstest.tool_name(tool).encode()
        hint = b"Try '%s --help' for more information." % prog
        if len(lines) == 2 and lines[1] == hint:
            lines = lines[:1]
        # libsmartcols' filter follows its message with this one, as
        # util-linux 2.42's lsns does
        if (len(lines) == 2 and tool == "lsns" and
                lines[1] == prog + b": failed to initialize filter"):
            lines = lines[:1]
        self.assertEqual(len(lines), 1, f"{what}: not one line")
        if tool == "netns":
            self.assertRegex(lines[0], rb"^(%s: |Invalid |Command \"|"
                             rb"Error: |Cannot |Specified string |exec of "
                             rb"|No )" % prog, what)
        else:
            self.assertTrue(lines[0].startswith(prog + b": "), what)
        if BIG[:64] in res.stderr:
            self.assertIn(BIG, res.stderr, f"{what}: the value cut short")

    def check_left(self, tool, key, name, value, before, files, row, res):
        after = nstest.snapshot()
        what = f"{tool} {key} {name}"
        if row.persist and res.returncode == 0:
            base = self.cwd if row.persist == "cwd" else "/run/netns"
            where = os.path.join(base, os.fsdecode(value))
            new = [m for m in nsfs_mount_points()
                   if m not in before["mount_points"].values()]
            self.assertEqual(new, [where], f"{what}: the namespace bound")
            scrub(before["mount_points"].values(), self.cwd)
            after = nstest.snapshot()
        problems = nstest.leftovers(before, after)
        problems += [f"file left: {n!r}" for n in
                     sorted(set(os.listdir(self.cwd)) - files)]
        if problems:
            scrub(before["mount_points"].values(), self.cwd)
        self.assertEqual(problems, [], what)

    def run_table(self, tool):
        nstest.require(TOOLS[tool], tool)
        self.check_coverage(tool)
        ref = reference_argv(tool)
        if ref is None:
            print(f"\n{tool}: the original cannot be run here; the "
                  f"table's codes only", file=sys.stderr)
        count = self.compared = 0
        for key, row in CASES[tool].items():
            for name, value in VALUES.items():
                argv = case_argv(key, row, value)
                with self.subTest(case=f"{key} {name}"):
                    count += 1
                    self.one_case(tool, key, row, name, value, argv, ref)
        print(f"\n{tool}: {count} cases, {self.compared} of them also run "
              f"with the original", file=sys.stderr)

    def one_case(self, tool, key, row, name, value, argv, ref):
        before = nstest.snapshot()
        files = set(os.listdir(self.cwd))
        res = run_tool([TOOLS[tool], *argv], self.cwd)
        try:
            self.check_output(tool, key, name, value, res, row)
        finally:
            self.check_left(tool, key, name, value, before, files, row, res)
        if ref is None or not row.ref or name in row.differs:
            return
        self.compared += 1
        theirs = run_tool([*ref, *argv], self.cwd)
        scrub(before["mount_points"].values(), self.cwd)
        self.assertEqual(theirs.returncode, row.rc[name],
                         f"{tool} {key} {name}: the original exits "
                         f"otherwise (stderr {theirs.stderr[:200]!r})")

    def test_lsns(self):
        self.run_table("lsns")

    def test_unshare(self):
        self.run_table("unshare")

    def test_nsenter(self):
        self.run_table("nsenter")

    def test_netns(self):
        add = nstest.run([TOOLS["netns"], "add", FIXTURE], check_rc=0)
        self.assertEqual(add.stderr, "")
        try:
            self.run_table("netns")
        finally:
            nstest.run([TOOLS["netns"], "delete", FIXTURE], check_rc=0)


if __name__ == "__main__":
    nstest.require_root()
    nstest.main(pid_namespace=True)
