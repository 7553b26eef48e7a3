# SPDX-License-Identifier: MIT
"""Differential tests: our lsns against the installed util-linux lsns.

The comparison runs in a private PID and mount namespace (util-linux
unshare --pid --fork --mount-proc), so the only processes either tool
can see are this harness, its fixture and the tool itself: both runs
see the same world and their output must match byte for byte.

Namespaces that only we list (kept alive by a bind mount or an fd
only: util-linux 2.38 cannot see them, 2.42 can) are dropped from our
output before comparing; everything else must be identical. Should a
stray process still change something between the two runs, the pair
is run again (three tries) before it counts as a difference.

Where 2.38 and the 2.42 spec differ, the spec wins: such cases compare
exit status only, or are left to the integration suite.
"""

import json
import os
import subprocess
import sys

sys.path.insert(0, os.path.join(os.environ.get("NSTOOLS_SOURCE_ROOT", ""),
                                "tests", "pylib"))
import nstest  # noqa: E402
from nstest import LSNS, NsTestCase, run  # noqa: E402

REF = os.environ.get("NSTOOLS_REF_LSNS", "/usr/bin/lsns")
UNSHARE = "/usr/bin/unshare"
INNER = "NSTOOLS_COMPAT_INNER"
TRIES = 3


def ref_version():
    res = run([REF, "--version"])
    return res.stdout.strip()


def drop_rows(ours, ref_out, args):
    """Remove rows of namespaces util-linux 2.38 does not list."""
    if "-J" in args or "--json" in args:
        try:
            mine, theirs = json.loads(ours), json.loads(ref_out)
        except ValueError:
            return ours
        known = set()

        def collect(rows):
            for r in rows:
                known.add(r.get("ns"))
                collect(r.get("children", []))

        def prune(rows):
            kept = [r for r in rows
                    if r.get("ns") in known or r.get("nprocs", 1) != 0]
            for r in kept:
                if "children" in r:
                    r["children"] = prune(r["children"])
            return kept

        key = next(iter(theirs), None)
        if key is None or key not in mine:
            return ours
        collect(theirs[key])
        mine[key] = prune(mine[key])
        return json.dumps(mine, indent=3)
    ref_lines = set(ref_out.splitlines())
    ref_ns = {line.split()[0].lstrip("├└│─ ") for line in ref_lines if line}
    kept = []
    for line in ours.splitlines():
        first = line.split()[0].lstrip("├└│─ ") if line.split() else ""
        if first.isdigit() and len(first) >= 9 and first not in ref_ns:
            continue  # a namespace row 2.38 cannot see
        kept.append(line)
    return "\n".join(kept) + ("\n" if ours.endswith("\n") else "")


def normalize_json(text):
    try:
        return json.dumps(json.loads(text), indent=3)
    except ValueError:
        return text


class Fixture:
    """Namespaces of every kind, parked for the whole suite."""

    holders = []

    @classmethod
    def start(cls):
        def hold(*args):
            h = nstest.Holder(*args)
            cls.holders.append(h)
            return h

        cls.uts_ipc = hold("-t", "uts,ipc", "-c", "2")
        cls.tree = hold("-t", "ipc", "-c", "1", "-x", "uts")
        cls.userpid = hold("-t", "user,pid,uts", "-r", "-c", "2", "-x", "net")
        cls.nobody = hold("-u", "65534", "-t", "user,pid,mnt", "-r", "-c", "1")
        cls.net = hold("-t", "net,mnt", "-c", "1")
        cls.cgroup = hold("-t", "cgroup,uts")
        if "time" in nstest.available_types():
            cls.time = hold("-t", "time", "-c", "1")
        cls.netns_file = f"/tmp/nstest-compat-{os.getpid()}-net"
        # more ways to reach a namespace that has processes: NSFS, two
        # mount points so that the cell has two lines
        cls.netns_file2 = cls.netns_file + "2"
        for path in (cls.netns_file, cls.netns_file2):
            with open(path, "w"):
                pass
            subprocess.run(["mount", "--bind", f"/proc/{cls.net.pid}/ns/net",
                            path], check=True)

    @classmethod
    def stop(cls):
        for path in (cls.netns_file, cls.netns_file2):
            subprocess.run(["umount", path], check=False)
            os.unlink(path)
        for h in reversed(cls.holders):
            h.close()
        cls.holders = []


def cases():
    """(name, argv) pairs; argv may use fixture attributes lazily."""
    F = Fixture
    return [
        ("default", []),
        ("list", ["-l"]),
        ("json", ["-J"]),
        ("json_list", ["-J", "-l"]),
        ("raw", ["-r"]),
        ("raw_list", ["-r", "-l"]),
        ("noheadings", ["-n"]),
        ("notruncate", ["-u"]),
        ("nowrap", ["-W"]),
        ("type_net", ["-t", "net"]),
        ("type_net_nowrap", ["-t", "net", "-W"]),
        ("type_net_raw", ["-t", "net", "-r"]),
        ("type_net_columns", ["-t", "net", "-o", "NS,NSFS,NPROCS"]),
        ("type_user", ["-t", "user"]),
        ("type_pid_user", ["-t", "pid", "-t", "user"]),
        ("type_repeated", ["-t", "uts", "-t", "uts"]),
        ("output", ["-o", "NS,TYPE,PID,PPID"]),
        ("output_lowercase", ["-o", "ns,type,command"]),
        ("output_plus", ["-o", "+PATH,PPID,UID"]),
        ("output_last_wins", ["-o", "NS", "-o", "TYPE,NS"]),
        ("output_all", ["--output-all"]),
        ("output_all_json", ["--output-all", "-J"]),
        ("output_all_raw", ["--output-all", "-r"]),
        ("output_all_list", ["--output-all", "-l"]),
        ("output_beats_all", ["--output-all", "-o", "NS,PID"]),
        ("output_all_plus", ["--output-all", "-o", "+PATH"]),
        ("output_plus_all", ["-o", "+NS", "--output-all", "-t", "uts"]),
        ("relations", ["-o", "NS,TYPE,PNS,ONS"]),
        ("uid_user", ["-o", "NS,TYPE,UID,USER"]),
        ("tree_process", ["-Tprocess"]),
        ("tree_process_json", ["--tree=process", "-J"]),
        ("tree_parent", ["-Tparent"]),
        ("tree_parent_json", ["--tree=parent", "-J"]),
        ("tree_owner", ["-Towner"]),
        ("tree_bare", ["-T"]),
        ("tree_owner_json", ["-T", "-J"]),
        ("tree_owner_raw", ["-T", "-r"]),
        ("tree_parent_pid", ["-Tparent", "-t", "pid"]),
        ("tree_owner_pid", ["-Towner", "-t", "pid"]),
        ("tree_owner_no_column", ["-Towner", "-t", "pid", "-o", "TYPE,PID"]),
        ("tree_parent_list", ["-l", "-Tparent"]),
        # getopt's optional argument keeps the "=": util-linux skips one
        ("tree_eq_parent", ["-T=parent"]),
        ("tree_eq_owner", ["-T=owner", "-J"]),
        ("tree_eq_process", ["-T=process"]),
        ("tree_long_eq_eq", ["--tree==parent"]),
        ("task", ["-p", lambda: F.userpid.children[0]]),
        ("task_tree_parent", ["-p", lambda: F.userpid.children[1],
                              "-Tparent", "-o", "+PPID,PATH"]),
        ("task_tree_owner", ["-p", lambda: F.nobody.children[0],
                             "-Towner", "-t", "pid"]),
        ("task_zero", ["-p", "0", "-t", "uts"]),
        ("task_missing", ["-p", "99999"]),
        ("namespace", [lambda: F.uts_ipc.ns("uts")]),
        ("namespace_json", [lambda: F.uts_ipc.ns("ipc"), "-J"]),
        ("namespace_list", ["-l", lambda: F.uts_ipc.ns("uts")]),
        # processes have no parent or owner namespace: a flat list
        ("namespace_tree_parent", [lambda: F.uts_ipc.ns("uts"), "-Tparent"]),
        ("namespace_tree_owner", [lambda: F.uts_ipc.ns("uts"), "-T"]),
        ("namespace_tree_eq", ["-T=parent", lambda: F.uts_ipc.ns("uts")]),
        ("namespace_tree_process", [lambda: F.uts_ipc.ns("uts"),
                                    "-Tprocess"]),
        # strtoul's rules: a sign and leading white space
        ("namespace_plus", [lambda: f"+{F.uts_ipc.ns('uts')}"]),
        ("namespace_space", [lambda: f" {F.uts_ipc.ns('uts')}"]),
        ("task_plus", ["-p", lambda: f"+{F.userpid.children[0]}"]),
        ("task_space", ["-p", lambda: f" {F.userpid.children[0]}"]),
        # "0": the first process of every namespace
        ("namespace_zero", ["0"]),
        ("namespace_zero_ns", ["-o", "NS,PID,PPID,USER,COMMAND", "0"]),
        ("namespace_zero_list", ["-l", "-o", "NS,TYPE,PID,USER", "0"]),
        ("namespace_zero_json", ["-J", "-o", "NS,PID,COMMAND", "0"]),
        ("namespace_zero_type", ["-t", "uts", "0"]),
        ("namespace_minus_zero", ["-t", "ipc", "--", "-0"]),
        ("namespace_columns", [lambda: F.userpid.ns("pid", F.userpid.children[0]),
                               "-o", "NS,TYPE,PID,NPROCS,PATH,PPID"]),
        ("ns_type", ["-n", "-r", "-o", "NS,TYPE"]),
        # errors: same exit status, and here also the same words
        ("err_type", ["-t", "foo"]),
        ("err_column", ["-o", "FOO"]),
        ("err_column_plus", ["-o", "+FOO"]),
        ("err_trailing_comma", ["-o", "NS,"]),
        ("err_pid", ["-p", "abc"]),
        ("err_not_found", ["123"]),
        ("err_namespace", ["abc"]),
        ("err_range", ["40265318341234567890"]),
        ("err_tree", ["--tree=foo"]),
        ("err_tree_positional", ["-T", "foo"]),
        ("err_task_namespace", ["-p", "1",
                                lambda: F.uts_ipc.ns("uts")]),
        ("err_task_tree_owner", ["-p", "1", "-T", "owner"]),
        ("err_task_garbage", ["-p", "1", "abc"]),
        ("err_negative_namespace", ["--", "-4026531836"]),
        ("err_negative_namespace_space", [" -1"]),
        ("err_tree_eq_eq", ["-T==parent"]),
        ("err_tree_eq_empty", ["-T="]),
        ("err_pid_sign", ["-p", "+-1"]),
        ("err_other_type", ["-t", "net", lambda: F.uts_ipc.ns("uts")]),
    ]


class CompatTest(NsTestCase):

    def compare_threads(self, args, ours):
        """Reading /proc with several threads changes nothing at all."""
        for threads in ("1", "3", "16", "64"):
            res = run([LSNS, *args], env={"NSTOOLS_THREADS": threads})
            self.assertEqual((res.returncode, res.stdout, res.stderr),
                             (ours.returncode, ours.stdout, ours.stderr),
                             f"NSTOOLS_THREADS={threads} lsns "
                             f"{' '.join(args)}")

    @classmethod
    def setUpClass(cls):
        Fixture.start()

    @classmethod
    def tearDownClass(cls):
        Fixture.stop()

    def compare(self, argv):
        args = [str(a() if callable(a) else a) for a in argv]
        for attempt in range(TRIES):
            ref = run([REF, *args])
            ours = run([LSNS, *args])
            mine = drop_rows(ours.stdout, ref.stdout, args)
            if "-J" in args:
                mine, theirs = normalize_json(mine), normalize_json(ref.stdout)
            else:
                theirs = ref.stdout
            # getopt names the program as invoked
            ours_err = ours.stderr.replace(LSNS + ":", "lsns:")
            ref_err = ref.stderr.replace(REF + ":", "lsns:")
            same = (ours.returncode == ref.returncode and mine == theirs
                    and ours_err == ref_err)
            if same:
                self.compare_threads(args, ours)
                return
        self.assertEqual(ours.returncode, ref.returncode,
                         f"exit status of lsns {' '.join(args)}")
        self.assertEqual(ours_err, ref_err, f"stderr of lsns {' '.join(args)}")
        self.assertEqual(mine, theirs, f"stdout of lsns {' '.join(args)}")


class DeviationTest(NsTestCase):
    """Where we differ from util-linux on purpose: exit status only."""

    def test_empty_column_names(self):
        # 2.38 and 2.42 fail silently; we say "unknown column" (lsns(8))
        for args in (["-o", ""], ["-o", "NS,,TYPE"], ["-o", "+"]):
            ref = run([REF, *args])
            ours = run([LSNS, *args])
            self.assertEqual((ours.returncode, ref.returncode), (1, 1), args)
            self.assertEqual(ref.stderr, "", args)
            self.assertTrue(ours.stderr.startswith("lsns: unknown column:"))


    def test_exclusive_options_words(self):
        # 2.38 says "mutually exclusive arguments: --json --raw"; the
        # target, 2.42, says this (its order: as given)
        for args, words in ((["-J", "-r"], "--json and --raw"),
                            (["-r", "--json"], "--raw and --json")):
            ref = run([REF, *args])
            ours = run([LSNS, *args])
            self.assertEqual((ours.returncode, ref.returncode), (1, 1), args)
            self.assertEqual(ours.stderr,
                             f"lsns: options {words} cannot be combined\n")


class ClosedStdoutTest(NsTestCase):

    def test_closed_stdout(self):
        """'lsns >&-': util-linux exits 0 without a word; so do we."""
        for args in ([], ["-J"], ["-t", "net"]):
            results = []
            for tool in (REF, LSNS):
                res = subprocess.run(["sh", "-c", 'exec "$@" >&-', "sh",
                                      tool, *args], capture_output=True,
                                     text=True, stdin=subprocess.DEVNULL)
                results.append((res.returncode, res.stderr))
            self.assertEqual(results[1], results[0], args)
            self.assertEqual(results[1], (0, ""), args)


def on_terminal(tool, cols, args):
    """The tool on a pseudo-terminal COLS wide (script(1) makes it)."""
    cmd = " ".join([f"stty cols {cols};", tool, *args])
    return run(["script", "-qec", cmd, "/dev/null"])


class TerminalTest(NsTestCase):
    """Truncation and wrapping on a terminal, where width matters."""

    def test_widths(self):
        Fixture.start()
        try:
            for cols in (40, 60, 80, 132):
                for args in ([], ["-u"], ["-t", "net"], ["-t", "net", "-W"],
                             ["--output-all"], ["-Towner"]):
                    for _ in range(TRIES):
                        ref = on_terminal(REF, cols, args)
                        ours = on_terminal(LSNS, cols, args)
                        if ours.stdout == ref.stdout:
                            break
                    self.assertEqual(ours.stdout, ref.stdout,
                                     f"{cols} columns: lsns {' '.join(args)}")
        finally:
            Fixture.stop()


def _make_test(argv):
    def test(self):
        self.compare(argv)
    return test


for _name, _argv in cases():
    setattr(CompatTest, "test_" + _name, _make_test(_argv))


def outer():
    """Re-run this file as PID 1 of a private pid + mount namespace."""
    nstest.isolate()
    before = nstest.snapshot()
    env = dict(os.environ, **{INNER: "1"})
    res = subprocess.run([UNSHARE, "--pid", "--fork", "--mount-proc",
                          sys.executable, os.path.abspath(__file__),
                          *sys.argv[1:]], env=env)
    problems = nstest.leftovers(before, nstest.snapshot())
    if problems:
        print("compat suite left the system changed: " + "; ".join(problems))
        return 1
    return res.returncode


if __name__ == "__main__":
    nstest.require_root()
    nstest.require(LSNS, "lsns")
    nstest.require_reference(REF, "util-linux lsns")
    nstest.require(nstest.NSHOLDER, "nsholder")
    if os.environ.get(INNER) != "1":
        nstest.require_reference(UNSHARE, "util-linux unshare")
        print(f"reference: {ref_version()}")
        sys.exit(outer())
    nstest.main()
