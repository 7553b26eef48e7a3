# SPDX-License-Identifier: MIT
"""Shared harness of the integration and compat suites.

Every test case runs between two snapshots of the system state that a
namespace tool could disturb: our mount table, /run/netns, our child
processes (we are a child subreaper, so orphans come back to us) and
our open fds. A test that leaves anything behind fails, and the
leftovers are cleaned up so the next test starts clean.
"""

import ctypes
import json
import os
import signal
import subprocess
import sys
import time
import unittest
from collections import Counter

SKIP = 77  # meson's "skipped" exit status

SOURCE_ROOT = os.environ.get("NSTOOLS_SOURCE_ROOT", "")
LSNS = os.environ.get("NSTOOLS_LSNS", "")
NSHOLDER = os.environ.get("NSTOOLS_NSHOLDER", "")

NS_TYPES = ["mnt", "net", "ipc", "user", "pid", "uts", "cgroup", "time"]

_libc = ctypes.CDLL(None, use_errno=True)
PR_SET_CHILD_SUBREAPER = 36


def require_root():
    if os.geteuid() != 0:
        print("SKIP: this suite creates real namespaces and needs root")
        sys.exit(SKIP)


def require(path, what):
    """A build artifact the suite needs: missing is an error, not a skip."""
    if not path or not os.access(path, os.X_OK):
        print(f"ERROR: {what} not built ({path or 'unset'})")
        sys.exit(1)


def require_reference(path, what):
    """A reference tool of the system: without it there is no comparison."""
    if not os.access(path, os.X_OK):
        print(f"SKIP: {what} not installed ({path})")
        sys.exit(SKIP)


def become_subreaper():
    if _libc.prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) != 0:
        raise OSError(ctypes.get_errno(), "prctl(PR_SET_CHILD_SUBREAPER)")


def ns_inode(pid, nstype):
    return os.stat(f"/proc/{pid}/ns/{nstype}").st_ino


def available_types():
    return [t for t in NS_TYPES if os.path.exists(f"/proc/self/ns/{t}")]


def proc_stat(pid):
    """Fields of /proc/PID/stat after the command: [state, ppid, ...]."""
    with open(f"/proc/{pid}/stat") as f:
        stat = f.read()
    return stat[stat.rfind(")") + 2:].split()


def proc_pids():
    return [int(name) for name in os.listdir("/proc") if name.isdigit()]


# --- the state snapshot -----------------------------------------------

def _child_pids():
    me = os.getpid()
    kids = []
    for pid in proc_pids():
        try:
            fields = proc_stat(pid)
        except OSError:
            continue
        if int(fields[1]) == me and fields[0] != "Z":
            kids.append(pid)
    return sorted(kids)


def _reap_zombies():
    while True:
        try:
            pid, _ = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            return


def _fds():
    fds = {}
    for name in os.listdir("/proc/self/fd"):
        try:
            fds[int(name)] = os.readlink(f"/proc/self/fd/{name}")
        except OSError:
            pass  # the directory fd of this very listing
    return fds


def _mounts():
    """Mount point, fs type and root of each mount (a multiset)."""
    out = []
    with open("/proc/self/mountinfo") as f:
        for line in f:
            pre, post = line.rstrip("\n").split(" - ", 1)
            fields, fstype = pre.split(" "), post.split(" ")[0]
            out.append(f"{fields[4]} {fstype} {fields[3]}")
    return sorted(out)


def _run_netns():
    try:
        return sorted(os.listdir("/run/netns"))
    except FileNotFoundError:
        return []


def snapshot():
    _reap_zombies()
    return {
        "mounts": _mounts(),
        "netns": _run_netns(),
        "children": _child_pids(),
        "fds": _fds(),
    }


def leftovers(before, after):
    """Human readable list of what changed between two snapshots."""
    problems = []
    for key in ("mounts", "netns"):
        added = list((Counter(after[key]) - Counter(before[key])).elements())
        removed = list((Counter(before[key]) - Counter(after[key])).elements())
        if added:
            problems.append(f"{key} left behind: {added}")
        if removed:
            problems.append(f"{key} removed: {removed}")
    kids = sorted(set(after["children"]) - set(before["children"]))
    if kids:
        problems.append(f"processes left behind: {kids}")
    if len(after["fds"]) > len(before["fds"]):
        extra = {fd: t for fd, t in after["fds"].items()
                 if before["fds"].get(fd) != t}
        problems.append(f"fds left open: {extra}")
    return problems


def _kill_children(pids):
    for pid in pids:
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
    for pid in pids:
        try:
            os.waitpid(pid, 0)
        except ChildProcessError:
            pass


class NsTestCase(unittest.TestCase):
    """A test case that must leave the system as it found it."""

    maxDiff = None

    def setUp(self):
        self._holders = []
        self._before = snapshot()

    def tearDown(self):
        for holder in reversed(self._holders):
            holder.close()
        after = snapshot()
        problems = leftovers(self._before, after)
        if problems:
            _kill_children(sorted(set(after["children"])
                                  - set(self._before["children"])))
            self.fail("test left the system changed: " + "; ".join(problems))

    def hold(self, *args):
        """Start an nsholder that is closed after the test."""
        holder = Holder(*args)
        self._holders.append(holder)
        return holder


# --- fixtures -----------------------------------------------------------

class Holder:
    """Processes parked in fresh namespaces (tests/helpers/nsholder.c)."""

    def __init__(self, *args):
        self.proc = subprocess.Popen([NSHOLDER, *args], stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE,
                                     stderr=subprocess.PIPE, text=True)
        line = self.proc.stdout.readline()
        if not line:
            err = self.proc.stderr.read()
            self.proc.wait()
            raise RuntimeError(f"nsholder {' '.join(args)} failed: {err}")
        self.pids = [int(p) for p in line.split()]
        self.pid = self.pids[0]
        self.children = self.pids[1:]
        self.fds = []   # fds held by -f/-F/-S, in option order
        self.fd_ns = []  # inode of the netns held by -F/-S (else 0)
        while len(self.fds) < sum(a in ("-F", "-S", "-f") for a in args):
            fd, ino = self.proc.stdout.readline().split()
            self.fds.append(int(fd.split("=")[1]))
            self.fd_ns.append(int(ino.split("=")[1]))

    def ns(self, nstype, pid=None):
        return ns_inode(pid or self.pid, nstype)

    def close(self):
        if self.proc.poll() is None:
            self.proc.stdin.close()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        for f in (self.proc.stdin, self.proc.stdout, self.proc.stderr):
            if f and not f.closed:
                f.close()


def run(argv, env=None, timeout=60, check_rc=None):
    """Run a command, return CompletedProcess with text output."""
    full_env = dict(os.environ)
    full_env.update(env or {})
    res = subprocess.run(argv, capture_output=True, text=True, env=full_env,
                         timeout=timeout, stdin=subprocess.DEVNULL)
    if check_rc is not None and res.returncode != check_rc:
        raise AssertionError(f"{argv}: exit {res.returncode}, "
                             f"expected {check_rc}\nstderr: {res.stderr}")
    return res


def lsns_json(*args, env=None):
    res = run([LSNS, "-J", *args], env=env, check_rc=0)
    return json.loads(res.stdout) if res.stdout.strip() else {"namespaces": []}


def flatten(rows):
    """Rows of a JSON tree, depth first, without their children."""
    out = []
    for row in rows:
        out.append({k: v for k, v in row.items() if k != "children"})
        out.extend(flatten(row.get("children", [])))
    return out


def main():
    become_subreaper()
    unittest.main(verbosity=2)
