# SPDX-License-Identifier: MIT
"""Smoke test of nsenter: the seed scenarios of the spec.

The full option-by-option and compat suites live elsewhere; these are
the command lines users type first, against targets the test makes.
"""

import os
import re
import signal
import subprocess
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "pylib"))
import nstest  # noqa: E402

NSENTER = os.environ.get("NSTOOLS_NSENTER", "")
UNSHARE = os.environ.get("NSTOOLS_UNSHARE", "")


def nsenter(*args, **kw):
    return nstest.run([NSENTER, *args], **kw)


def links(text):
    """Interface names of `ip addr`/`ip link` output."""
    return re.findall(r"^\d+: ([^:@]+)[:@]", text, re.M)


class Target:
    """Our unshare running sleep (with -f, its child dies with it)."""

    def __init__(self, *args):
        self.proc = subprocess.Popen([UNSHARE, *args, "sleep", "600"],
                                     stdin=subprocess.DEVNULL,
                                     stdout=subprocess.DEVNULL,
                                     stderr=subprocess.DEVNULL)
        self.pid = self.proc.pid
        self.child = None  # with -f: the sleep, set by the test

    def close(self):
        # the forked sleep first, so that unshare reaps it and exits
        if self.child:
            os.kill(self.child, signal.SIGKILL)
        else:
            self.proc.kill()
        self.proc.wait()


class NetnsName:
    """A named network namespace, deleted after the test."""

    def __init__(self, name):
        self.name = name
        nstest.run(["ip", "netns", "add", name], check_rc=0)

    def close(self):
        nstest.run(["ip", "netns", "del", self.name], check_rc=0)


class SmokeTest(nstest.NsTestCase):
    def start(self, *args):
        return self.close_after(Target(*args))

    def wait_for(self, pid, nstype):
        """Wait until @pid has left our namespace of @nstype."""
        for _ in range(500):
            try:
                if nstest.ns_inode(pid, nstype) != nstest.ns_inode(
                        os.getpid(), nstype):
                    return
            except FileNotFoundError:
                pass
            time.sleep(0.01)
        self.fail(f"{pid} never entered a new {nstype} namespace")

    def test_target_net_ip_addr(self):
        proc = self.start("-n")
        self.wait_for(proc.pid, "net")
        res = nsenter("-t", str(proc.pid), "--net", "ip", "addr",
                      check_rc=0)
        self.assertEqual(links(res.stdout), ["lo"])
        self.assertIn("state DOWN", res.stdout)
        self.assertEqual(res.stderr, "")

    def test_named_netns_ip_link(self):
        name = self.close_after(NetnsName(f"nstest-smoke-{os.getpid()}")).name
        nstest.run(["ip", "-n", name, "link", "set", "lo", "up"],
                   check_rc=0)
        res = nsenter(f"--net=/run/netns/{name}", "ip", "link", check_rc=0)
        self.assertEqual(links(res.stdout), ["lo"])
        self.assertIn("state UNKNOWN", res.stdout)
        want = nstest.run(["ip", "-n", name, "link"], check_rc=0)
        self.assertEqual(res.stdout, want.stdout)

    def test_all_ps(self):
        proc = self.start("-nmuipf", "--kill-child", "--mount-proc")
        self.wait_for(proc.pid, "mnt")
        children = []
        for _ in range(500):
            path = f"/proc/{proc.pid}/task/{proc.pid}/children"
            with open(path) as f:
                children = f.read().split()
            if children:
                break
            time.sleep(0.01)
        target = children[0]
        proc.child = int(target)
        self.wait_for(int(target), "pid")
        res = nsenter("-t", target, "-a", "ps", "-o", "pid=,comm=",
                      check_rc=0)
        rows = [line.split() for line in res.stdout.splitlines()]
        # pid 1 is sleep; ps runs in the same pid namespace
        self.assertEqual(rows[0], ["1", "sleep"])
        self.assertEqual([r[1] for r in rows], ["sleep", "ps"])
        self.assertEqual(res.stderr, "")

    def test_errors(self):
        res = nsenter("-a", "true", check_rc=1)
        self.assertEqual(res.stderr, nstest.named(
            "nsenter: no target PID specified for --all\n", NSENTER))
        res = nsenter("-t", "1", "true", check_rc=1)
        self.assertEqual(res.stderr, nstest.named(
            "nsenter: no namespace specified\n", NSENTER))
        res = nsenter("--net=/etc/passwd", "true", check_rc=1)
        self.assertEqual(res.stderr, nstest.named(
            "nsenter: /etc/passwd is not a namespace file\n", NSENTER))


if __name__ == "__main__":
    nstest.require_root()
    nstest.require(NSENTER, "nsenter")
    nstest.require(UNSHARE, "unshare")
    nstest.main()
