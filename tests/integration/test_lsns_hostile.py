# SPDX-License-Identifier: MIT
"""lsns as root against an unprivileged user who tries to hang or steer it.

An unprivileged process (tests/helpers/hostile.c, uid 65534) keeps
swapping what root's lsns is about to look at:

- one of its fds between an nsfs fd, a FIFO without a writer and an
  O_PATH fd of a FIFO it may not read (root's): lsns must never open an
  fd by its /proc/PID/fd/N name (a FIFO hangs the open, a device acts
  on it), in any mode;
- a directory holding an nsfs bind mount with a symlink to a directory
  holding a FIFO of the same name (renameat2 RENAME_EXCHANGE): lsns
  must not follow the symlink to the FIFO, and still list the
  namespace.

Every lsns run has a time limit: a hang is a failure. Some runs are
traced (strace -y) to prove that nothing but nsfs files is opened.
"""

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.join(os.environ.get("NSTOOLS_SOURCE_ROOT", ""),
                                "tests", "pylib"))
import nstest  # noqa: E402
from nstest import LSNS, NsTestCase, flatten, run  # noqa: E402

HOSTILE = os.environ.get("NSTOOLS_HOSTILE", "")
STRACE = shutil.which("strace")
UID = 65534            # nobody: no account needed, just not root
RUN_TIMEOUT = 10       # seconds for one lsns run; beyond it, a hang
ROUNDS = 40            # rounds over all modes (hundreds of runs)
TRACED_RUNS = 8        # traced runs per mode


def run_bounded(argv, env=None):
    """(rc, stdout, stderr) of @argv, or None when it hung.

    The command gets a process group of its own, so that a hung lsns
    is killed together with the strace that runs it."""
    p = subprocess.Popen(argv, stdin=subprocess.DEVNULL,
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                         text=True, start_new_session=True, env=env)
    try:
        out, err = p.communicate(timeout=RUN_TIMEOUT)
    except subprocess.TimeoutExpired:
        os.killpg(p.pid, signal.SIGKILL)
        p.communicate()
        return None
    return p.returncode, out, err


class Hostile:
    """The unprivileged helper; it prints "ready PID [INO]" first."""

    def __init__(self, *args):
        self.proc = subprocess.Popen([HOSTILE, *args], stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE,
                                     stderr=subprocess.PIPE, text=True)
        line = self.proc.stdout.readline().split()
        if not line or line[0] != "ready":
            err = self.proc.stderr.read()
            self.close()
            raise RuntimeError(f"hostile {' '.join(args)} failed: {err}")
        self.pid = int(line[1])
        self.ino = int(line[2]) if len(line) > 2 else 0

    def close(self):
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.wait()
        for f in (self.proc.stdin, self.proc.stdout, self.proc.stderr):
            f.close()


def nsfs_mounts_below(path):
    """Mount points of nsfs mounts below @path, deepest first."""
    out = []
    with open("/proc/self/mountinfo") as f:
        for line in f:
            pre, post = line.split(" - ", 1)
            target = pre.split(" ")[4]
            if post.startswith("nsfs ") and target.startswith(path + "/"):
                out.append(target)
    return sorted(out, reverse=True)


class HostileTest(NsTestCase):

    def setUp(self):
        super().setUp()
        self.dir = tempfile.mkdtemp(prefix="nstest-hostile-")
        os.chmod(self.dir, 0o755)
        self.helper = None

    def tearDown(self):
        try:
            if self.helper:
                self.helper.close()
            for target in nsfs_mounts_below(self.dir):
                run(["umount", target])
            shutil.rmtree(self.dir)
        finally:
            super().tearDown()

    def lsns(self, *args):
        """Run lsns within the time limit; exit 0 and no message."""
        res = run_bounded([LSNS, *args])
        self.assertIsNotNone(res, f"lsns {' '.join(args)} hung")
        rc, out, err = res
        self.assertEqual((rc, err), (0, ""), f"lsns {' '.join(args)}")
        return out

    def traced(self, *args):
        """The trace of opens and ioctls of a bounded lsns run."""
        log = os.path.join(self.dir, "strace.log")
        env = dict(os.environ)
        # LeakSanitizer (of an ASan build) cannot work under ptrace
        asan = env.get("ASAN_OPTIONS", "")
        env["ASAN_OPTIONS"] = (asan + ":" if asan else "") + "detect_leaks=0"
        res = run_bounded([STRACE, "-f", "-qq", "-y", "-o", log, "-e",
                           "trace=open,openat,openat2,ioctl", LSNS, *args],
                          env=env)
        self.assertIsNotNone(res, f"traced lsns {' '.join(args)} hung")
        self.assertEqual(res[0], 0, f"lsns {' '.join(args)}: {res[2]}")
        with open(log) as f:
            trace = f.read()
        os.unlink(log)
        return trace

    def test_fd_swapping(self):
        fifo = os.path.join(self.dir, "fifo")
        trap = os.path.join(self.dir, "trap")
        os.mkfifo(fifo, 0o600)
        os.chown(fifo, UID, UID)
        os.mkfifo(trap, 0o600)  # root's: the user may not open it
        self.helper = h = Hostile("fds", str(UID), fifo, trap)
        host_net = nstest.ns_inode(os.getpid(), "net")
        modes = [[], ["-l"], ["-J"], ["-p", str(h.pid)], ["-t", "net"],
                 [str(host_net)]]
        for _ in range(ROUNDS):
            for mode in modes:
                out = self.lsns(*mode)
                if mode == ["-J"]:
                    rows = {r["ns"]: r
                            for r in flatten(json.loads(out)["namespaces"])}
                    # held all along as fd 200, whatever fd 100 is
                    self.assertEqual(rows[h.ino]["type"], "net")
                    self.assertEqual(rows[h.ino]["nprocs"], 0)
                elif mode == ["-t", "net"]:
                    self.assertIn(f"{h.ino} net", out)

        if not STRACE:
            self.skipTest("strace not installed: opens not checked")
        # No open below the helper's /proc/PID/fd, never the FIFO or the
        # trap: "openat(5</proc/PID/fd>, "100", ...)" or "= 6</DIR/trap>"
        by_name = re.compile(rf"open(at2?)?\((\d+</proc/{h.pid}(/fd)?>, "
                             rf"\"(fd/)?\d+\"|AT_FDCWD, \"/proc/{h.pid}/fd/)")
        for mode in (["-l"], ["-J", "-t", "net"], ["-p", str(h.pid)],
                     ["-o", "NS,TYPE,ONS,PNS,NETNSID"]):
            for _ in range(TRACED_RUNS):
                trace = self.traced(*mode)
                bad = [line for line in trace.splitlines()
                       if by_name.search(line) or fifo in line
                       or trap in line]
                self.assertEqual(bad, [], f"lsns {' '.join(mode)}")

    def test_mount_point_swapping(self):
        os.chown(self.dir, UID, UID)
        real = os.path.join(self.dir, "d")
        decoy = os.path.join(self.dir, "f")
        link = os.path.join(self.dir, "s")
        for d in (real, decoy):
            os.mkdir(d)
            os.chown(d, UID, UID)
        with open(os.path.join(real, "ns"), "w"):
            pass
        run(["unshare", f"--net={real}/ns", "true"], check_rc=0)
        ino = os.stat(os.path.join(real, "ns")).st_ino
        os.mkfifo(os.path.join(decoy, "ns"), 0o600)
        os.chown(os.path.join(decoy, "ns"), UID, UID)
        os.symlink("f", link)
        os.lchown(link, UID, UID)
        places = {f"{real}/ns", f"{link}/ns"}

        self.helper = Hostile("exchange", str(UID), real, link)
        for i in range(ROUNDS * 6):
            if i % 2:
                self.assertIn(f"{ino} net", self.lsns("-t", "net"))
                continue
            out = self.lsns("-J", "-t", "net", "-o",
                            "NS,TYPE,NPROCS,NSFS,NETNSID")
            rows = {r["ns"]: r
                    for r in flatten(json.loads(out)["namespaces"])}
            # in mountinfo all along, under one name or the other
            self.assertEqual(rows[ino]["type"], "net")
            self.assertEqual(rows[ino]["nprocs"], 0)
            self.assertIn(rows[ino]["nsfs"], places)

        if not STRACE:
            self.skipTest("strace not installed: opens not checked")
        for _ in range(TRACED_RUNS * 2):
            trace = self.traced("-t", "net")
            bad = [line for line in trace.splitlines()
                   if f"{decoy}/ns" in line]
            self.assertEqual(bad, [])


if __name__ == "__main__":
    nstest.require_root()
    nstest.require(LSNS, "lsns")
    nstest.require(HOSTILE, "tests/helpers/hostile")
    nstest.main()
