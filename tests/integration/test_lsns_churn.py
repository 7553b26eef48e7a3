# SPDX-License-Identifier: MIT
"""lsns during a fork/exit storm with namespace churn (needs root).

The storm (tests/helpers/storm.c) keeps processes forking, exiting,
unsharing and joining namespaces. Each of its processes that lives long
enough to matter runs as `storm-member PID=<pid> PPID=<ppid> <kind>`,
so any row showing that command line must show that PID and PPID: a
row whose values come from two different processes is caught.
Meanwhile lsns runs in a loop in every mode and must never fail, crash,
warn or print broken JSON.

The test program runs in a pid namespace of its own (nstest), so lsns
sees the storm and this program only, not other work on the machine.
There PIDs come back only after pid_max others, never during one lsns
run, so a second storm runs in a pid namespace of its own that recycles
its PIDs within milliseconds, with lsns looking at that namespace's
/proc: reading a process by its PID twice now meets another process.
"""

import json
import os
import re
import subprocess
import sys
import time

sys.path.insert(0, os.path.join(os.environ.get("NSTOOLS_SOURCE_ROOT", ""),
                                "tests", "pylib"))
import nstest  # noqa: E402
from nstest import LSNS, NsTestCase, flatten, run  # noqa: E402

STORM = os.environ.get("NSTOOLS_STORM", "")

# how long lsns runs against each storm; the storm's own limit, should
# the test hang (both longer on a slow machine: the kernel lane's)
CHURN_SECONDS = 5 * nstest.TIME_SCALE
STORM_SECONDS = int(60 * nstest.TIME_SCALE)
STORM_WORKERS = 2      # two cores: leave room for lsns
MIN_STORM_ROWS = 50    # checked rows needed, or the test proves nothing

MEMBER = "storm-member"
MEMBER_RE = re.compile(r"storm-member PID=(\d+) PPID=(\d+) [^ ]+")
# tree glyphs, UTF-8 or ASCII, that may precede a COMMAND
TREE_CHARS = " \t│├└─|`-"

RAW_COLUMNS = ["NS", "TYPE", "NPROCS", "PID", "PPID", "COMMAND", "UID",
               "USER", "PATH"]
DEFAULT_HEADER = ["NS", "TYPE", "NPROCS", "PID", "USER", "COMMAND"]
NET_HEADER = ["NS", "TYPE", "NPROCS", "PID", "USER", "NETNSID", "NSFS",
              "COMMAND"]
MEMBERS_HEADER = ["PID", "PPID", "USER", "COMMAND"]


def unraw(cell):
    """Undo the \\xHH escapes of raw output."""
    return re.sub(rb"\\x([0-9a-fA-F]{2})",
                  lambda m: bytes([int(m.group(1), 16)]),
                  cell.encode()).decode()


class Churn:
    """What the loop has learned so far, and what went wrong."""

    def __init__(self):
        self.checked = 0        # storm rows whose PID (and PPID) matched
        self.runs = 0
        self.stats = {}         # mode: [runs, checked rows, not found]
        self.problems = []      # the first few, in full
        self.nproblems = 0
        self.last_pid = None    # a recent storm member, for -p
        self.last_ns = None     # a recent storm namespace, for <namespace>

    def problem(self, mode, argv, what, output=""):
        self.nproblems += 1
        if len(self.problems) < 20:
            self.problems.append(f"[{mode}] {' '.join(argv)}: {what}"
                                 + (f"\n{output[:2000]}" if output else ""))

    def check_row(self, mode, argv, command, pid, ppid=None, ns=None,
                  nstype=None, nprocs=None, path=None):
        """One row that shows a storm member's command line."""
        m = MEMBER_RE.fullmatch(command)
        if not m:
            self.problem(mode, argv, f"malformed storm command {command!r}")
            return
        want_pid, want_ppid = int(m.group(1)), int(m.group(2))
        if pid != want_pid:
            self.problem(mode, argv, f"PID {pid} with command {command!r}")
            return
        if ppid is not None and ppid != want_ppid:
            self.problem(mode, argv,
                         f"PID {pid} PPID {ppid} with command {command!r}")
            return
        if nprocs is not None and nprocs < 1:
            self.problem(mode, argv, f"NPROCS {nprocs} for {command!r}")
            return
        if path is not None and path != f"/proc/{pid}/ns/{nstype}":
            self.problem(mode, argv, f"PATH {path} for {command!r}")
            return
        self.checked += 1
        self.stats[mode][1] += 1
        self.last_pid = pid
        if ns is not None:
            self.last_ns = ns

    # --- one parser per output format --------------------------------

    def parse_json(self, mode, argv, out):
        try:
            data = json.loads(out)
        except ValueError as e:
            self.problem(mode, argv, f"invalid JSON: {e}", out)
            return
        if not isinstance(data, dict) or \
                not isinstance(data.get("namespaces"), list):
            self.problem(mode, argv, "JSON without a namespaces array", out)
            return
        for row in flatten(data["namespaces"]):
            command = row.get("command")
            if not isinstance(command, str) or \
                    not command.startswith(MEMBER):
                continue
            self.check_row(mode, argv, command, row.get("pid"),
                           ppid=row.get("ppid"), ns=row.get("ns"),
                           nstype=row.get("type"), nprocs=row.get("nprocs"),
                           path=row.get("path"))

    def parse_raw(self, mode, argv, out):
        for line in out.splitlines()[1:]:
            cells = line.split(" ")
            if len(cells) != len(RAW_COLUMNS):
                self.problem(mode, argv, f"raw line with {len(cells)} "
                             f"cells: {line!r}")
                continue
            row = dict(zip(RAW_COLUMNS, map(unraw, cells)))
            if not row["COMMAND"].startswith(MEMBER):
                continue
            try:
                pid, ppid = int(row["PID"]), int(row["PPID"])
                ns, nprocs = int(row["NS"]), int(row["NPROCS"])
            except ValueError:
                self.problem(mode, argv, f"non-numeric cell: {line!r}")
                continue
            self.check_row(mode, argv, row["COMMAND"], pid, ppid=ppid,
                           ns=ns, nstype=row["TYPE"], nprocs=nprocs,
                           path=row["PATH"])

    def parse_table(self, mode, argv, out, header):
        """A table whose COMMAND comes last, after never-empty cells."""
        lines = out.splitlines()
        if not lines:
            return
        if lines[0].split() != header:
            self.problem(mode, argv, f"unexpected header {lines[0]!r}")
            return
        pid_col = header.index("PID")
        ppid_col = header.index("PPID") if "PPID" in header else None
        for line in lines[1:]:
            at = line.find(MEMBER)
            if at < 0:
                continue
            if at > 0 and line[at - 1] not in TREE_CHARS:
                continue  # some other command merely mentions it
            cells = line[:at].split()
            try:
                pid = int(cells[pid_col])
                ppid = None if ppid_col is None else int(cells[ppid_col])
            except (IndexError, ValueError):
                self.problem(mode, argv, f"unparsable line {line!r}")
                continue
            self.check_row(mode, argv, line[at:].rstrip(), pid, ppid=ppid)


class ChurnTest(NsTestCase):
    """lsns in every mode against a fork/exit storm."""

    def start_storm(self, *args):
        """The storm, and the words that run a command where it is seen."""
        storm = subprocess.Popen([STORM, "-s", str(STORM_SECONDS),
                                  "-w", str(STORM_WORKERS), *args],
                                 stdin=subprocess.PIPE,
                                 stdout=subprocess.PIPE,
                                 stderr=subprocess.PIPE, text=True)
        words = storm.stdout.readline().split()
        if words[:1] != ["ready"]:
            _, err = self.stop_storm(storm)
            self.fail(f"storm did not start: {words} {err}")
        # -r: "ready PID", the init of the storm's pid namespace
        return storm, [STORM, "-e", words[1]] if len(words) > 1 else []

    @staticmethod
    def stop_storm(storm):
        """EOF on stdin: the storm kills and reaps all of its own."""
        if storm.poll() is None:
            storm.stdin.close()
            try:
                storm.wait(timeout=30)
            except subprocess.TimeoutExpired:
                storm.kill()
                storm.wait()
        err = storm.stderr.read()
        for f in (storm.stdin, storm.stdout, storm.stderr):
            if not f.closed:
                f.close()
        return storm.returncode, err

    @staticmethod
    def modes(churn):
        """(name, argv, parser) of one round; -p/<namespace> follow churn."""
        def table(header):
            return lambda c, m, a, o: c.parse_table(m, a, o, header)

        yield "table", [], table(DEFAULT_HEADER)
        yield "json-all", ["-J", "--output-all"], Churn.parse_json
        yield "list-raw", ["-l", "-r", "-o", ",".join(RAW_COLUMNS)], \
            Churn.parse_raw
        yield "net", ["-t", "net"], table(NET_HEADER)
        yield "tree-parent", ["--tree=parent", "-J", "-o", "+PPID"], \
            Churn.parse_json
        yield "tree-owner", ["--tree=owner", "-J", "-o", "+PPID"], \
            Churn.parse_json
        if churn.last_pid is not None:
            yield "task", ["-p", str(churn.last_pid)], table(DEFAULT_HEADER)
        if churn.last_ns is not None:
            yield "namespace", [str(churn.last_ns)], table(MEMBERS_HEADER)
        yield "persistent", ["-P"], table(DEFAULT_HEADER)
        yield "filter", ["-Q", "NPROCS > 0"], table(DEFAULT_HEADER)
        # /proc read by several threads, merged afterwards
        yield "threads-raw", ["-l", "-r", "-o", ",".join(RAW_COLUMNS)], \
            Churn.parse_raw
        yield "threads-json", ["-J", "--output-all"], Churn.parse_json

    @staticmethod
    def run_mode(churn, prefix, mode, argv, parse):
        env = {"NSTOOLS_THREADS": "4"} if mode.startswith("threads") else {}
        res = run([*prefix, LSNS, *argv], env=env)
        churn.runs += 1
        churn.stats.setdefault(mode, [0, 0, 0])[0] += 1
        if res.returncode < 0:
            churn.problem(mode, argv, f"killed by signal {-res.returncode}",
                          res.stderr)
            return
        if mode == "namespace" and res.returncode == 1 and \
                res.stderr == nstest.named(
                    f"lsns: not found namespace: {argv[0]}\n") and \
                res.stdout == "":
            churn.stats[mode][2] += 1
            return  # the namespace went away before lsns looked
        if res.returncode != 0:
            churn.problem(mode, argv, f"exit {res.returncode}", res.stderr)
            return
        if res.stderr:
            churn.problem(mode, argv, "stderr not empty", res.stderr)
        parse(churn, mode, argv, res.stdout)

    def check_churn(self, *storm_args):
        churn = Churn()
        storm, prefix = self.start_storm(*storm_args)
        try:
            deadline = time.monotonic() + CHURN_SECONDS
            while time.monotonic() < deadline:
                for mode, argv, parse in self.modes(churn):
                    self.run_mode(churn, prefix, mode, argv, parse)
        finally:
            rc, err = self.stop_storm(storm)
        print(f"{churn.runs} runs, {churn.checked} storm rows checked; "
              "per mode (runs, rows, not found): "
              + ", ".join(f"{m} {tuple(v)}" for m, v in churn.stats.items()),
              file=sys.stderr)
        if churn.problems:
            self.fail(f"{churn.nproblems} problem(s) in {churn.runs} runs "
                      f"(the first {len(churn.problems)} below):\n"
                      + "\n".join(churn.problems))
        self.assertEqual((rc, err), (0, ""), "storm failed")
        self.assertGreaterEqual(churn.checked, MIN_STORM_ROWS,
                                f"only {churn.checked} storm rows in "
                                f"{churn.runs} runs")

    def test_host_pids(self):
        self.check_churn()

    def test_recycled_pids(self):
        """The storm in its own pid namespace, PIDs reused within ms."""
        self.check_churn("-r")


if __name__ == "__main__":
    nstest.require_root()
    nstest.require(LSNS, "lsns")
    nstest.require(STORM, "storm")
    # lsns lists every process: only the storm's and ours, not the
    # machine's (see the top)
    nstest.main(pid_namespace=True)
