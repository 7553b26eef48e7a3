# SPDX-License-Identifier: MIT
"""The suite on a fresh machine, and the harness's isolation (needs root).

- `ip netns add` where /run/netns is absent or a plain directory (a
  machine where it never ran) makes /run/netns a shared mount point,
  and `ip netns delete` leaves it so: the harness reports exactly that
  mount point, and nothing once the test undoes it. In a program
  isolated by nstest (/run/netns already a shared mount point) a first
  `ip netns add` + `delete` changes nothing.
- The cheap integration programs (the one that runs `ip netns add`
  among them) run twice in a row in a mount namespace whose
  /run is an empty tmpfs (a fresh machine): both runs pass, and
  afterwards there is still no /run/netns there, the mount table
  (mounts and propagation) and the child processes are as before.
- The leftover check sees a changed propagation; lsns_json() fails
  when lsns prints nothing.
- At the very end (tearDownModule) the host, seen from outside every
  namespace of this program, is as it was when the program started:
  same mount table, same /run/netns (absent, directory or mount point
  and its propagation). Mounts below /run/netns are left out of that
  comparison: they are other programs' named namespaces, which come
  and go on a busy machine.
"""

import contextlib
import json
import os
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.join(os.environ.get("NSTOOLS_SOURCE_ROOT", ""),
                                "tests", "pylib"))
import nstest  # noqa: E402
from nstest import LSNS, NsTestCase, run  # noqa: E402

TESTS = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
# The cheap programs that use the harness, `ip netns add` among them.
# (compat-lsns is left out for now: its -Tparent/-Towner -t pid cases
# fail whenever inode numbers freed by the previous program are reused,
# an lsns row-order defect of its own.)
PROGRAMS = [
    os.path.join(TESTS, "integration", "test_lsns_sources.py"),
    os.path.join(TESTS, "integration", "test_lsns.py"),
]
ROUNDS = 2


# --- inside a fresh machine's mount namespace ---------------------------

def fresh_machine():
    """A mount namespace of our own whose /run is an empty tmpfs."""
    nstest.private_mount_namespace()
    nstest.detach_below("/run")
    nstest.mount_tmpfs("/run", "nstest-fresh")


def inner_ip_netns(start):
    """ip netns add + delete from a /run/netns that is not a mount point."""
    fresh_machine()
    if start == "directory":
        os.mkdir("/run/netns", 0o755)
    failures = []
    created = ["/run/netns created"] if start == "absent" else []
    before = nstest.snapshot()
    name = f"nstest-fresh-{os.getpid()}"
    res = run(["ip", "netns", "add", name])
    if res.returncode != 0:
        return [f"ip netns add: {res.stderr}"]
    ino = os.stat(f"/run/netns/{name}").st_ino
    got = nstest.leftovers(before, nstest.snapshot())
    want = ["mounts left behind: ['/run/netns tmpfs /netns shared', "
            f"'/run/netns/{name} nsfs net:[{ino}] shared']"] + created + \
        [f"netns left behind: ['{name}']"]
    if got != want:
        failures.append(f"after ip netns add: {got}, want {want}")
    res = run(["ip", "netns", "delete", name])
    if res.returncode != 0:
        return failures + [f"ip netns delete: {res.stderr}"]
    got = nstest.leftovers(before, nstest.snapshot())
    want = ["mounts left behind: ['/run/netns tmpfs /netns shared']"] + \
        created
    if got != want:
        failures.append(f"after ip netns delete: {got}, want {want}")
    # the test undoes it: nothing left
    nstest.detach_below("/run")
    if start == "absent":
        os.rmdir("/run/netns")
    got = nstest.leftovers(before, nstest.snapshot())
    if got:
        failures.append(f"after undoing it: {got}, want nothing")
    return failures


def inner_suite():
    """The programs, ROUNDS times, on a fresh machine."""
    fresh_machine()
    failures = []
    before = nstest.snapshot()
    for n in range(1, ROUNDS + 1):
        for prog in PROGRAMS:
            res = subprocess.run([sys.executable, prog], capture_output=True,
                                 text=True, timeout=240,
                                 stdin=subprocess.DEVNULL)
            if res.returncode != 0:
                failures.append(f"run {n}: {os.path.basename(prog)}: exit "
                                f"{res.returncode}\n{res.stdout[-3000:]}"
                                f"{res.stderr[-3000:]}")
    if os.path.lexists("/run/netns"):
        failures.append("/run/netns exists afterwards")
    failures += nstest.leftovers(before, nstest.snapshot())
    return failures


def inner(mode, *args):
    try:
        failures = {"ip-netns": inner_ip_netns,
                    "suite": inner_suite}[mode](*args)
    except Exception as e:  # report it, the outer test fails on it
        failures = [f"{type(e).__name__}: {e}"]
    print(json.dumps(failures))


# --- the test cases -----------------------------------------------------

class FreshMachineTest(NsTestCase):

    def inner(self, *args):
        res = subprocess.run([sys.executable, os.path.abspath(__file__),
                              "--inner", *args], capture_output=True,
                             text=True, timeout=1200,
                             stdin=subprocess.DEVNULL)
        self.assertEqual(res.returncode, 0, res.stderr)
        failures = json.loads(res.stdout.splitlines()[-1])
        self.assertEqual(failures, [], "\n".join(failures))

    def test_ip_netns_from_absent_run_netns(self):
        self.inner("ip-netns", "absent")

    def test_ip_netns_from_plain_directory(self):
        self.inner("ip-netns", "directory")

    def test_ip_netns_in_an_isolated_program(self):
        # /run/netns is a shared mount point already: add + delete
        # leave nothing behind (checked by NsTestCase)
        name = f"nstest-fresh-{os.getpid()}"
        run(["ip", "netns", "add", name], check_rc=0)
        try:
            self.assertIn(name, os.listdir("/run/netns"))
            ino = os.stat(f"/run/netns/{name}").st_ino
            rows = nstest.lsns_json("-t", "net", "-o", "NS,NSFS")
            self.assertIn({"ns": ino, "nsfs": f"/run/netns/{name}"},
                          rows["namespaces"])
        finally:
            run(["ip", "netns", "delete", name], check_rc=0)

    def test_suite_twice_on_a_fresh_machine(self):
        self.inner("suite")


# In a mount namespace of its own (a copy of ours): the leftovers after
# the mount on argv[1] vanished outside, then after its own umount of
# one whose mount point stays.
INNER_SNAPSHOTS = """
import os, sys, tempfile
sys.path.insert(0, %r)
import nstest
d = tempfile.mkdtemp(prefix="nstest-harness-")
keep = os.path.join(d, "keep")
open(keep, "w").close()
nstest.private_mount_namespace()
nstest.mount("/proc/self/ns/uts", keep, None, nstest.MS_BIND)
before = nstest.snapshot()
print("ready", flush=True)
sys.stdin.readline()
print(nstest.leftovers(before, nstest.snapshot()))
nstest.umount(keep)
print(nstest.leftovers(before, nstest.snapshot()))
os.unlink(keep)
os.rmdir(d)
""" % os.path.dirname(os.path.abspath(nstest.__file__))


class HarnessTest(NsTestCase):
    """What the leftover check and the helpers must not miss."""

    def test_propagation_change_is_a_leftover(self):
        before = nstest.snapshot()
        nstest.mount(None, "/run/netns", None, nstest.MS_PRIVATE)
        try:
            got = nstest.leftovers(before, nstest.snapshot())
        finally:
            nstest.mount(None, "/run/netns", None, nstest.MS_SHARED)
        self.assertEqual(got, ["mount propagation changed: /run/netns "
                               "tmpfs / shared -> private"])
        self.assertEqual(nstest.leftovers(before, nstest.snapshot()), [])

    def test_mount_point_deleted_outside_is_no_leftover(self):
        # a program isolated while a mount existed outside holds a copy
        # of it; deleting its mount point outside detaches that copy:
        # not the program's doing. Its own umount still is.
        with tempfile.TemporaryDirectory(prefix="nstest-harness-") as d:
            point = os.path.join(d, "f")
            open(point, "w").close()
            nstest.mount("/proc/self/ns/uts", point, None, nstest.MS_BIND)
            child = subprocess.Popen(
                [sys.executable, "-c", INNER_SNAPSHOTS, point],
                stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
            try:
                self.assertEqual(child.stdout.readline(), "ready\n")
                nstest.umount(point)
                os.unlink(point)
                out, _ = child.communicate("go\n", timeout=30)
            finally:
                if child.poll() is None:
                    child.kill()
                    child.wait()
                if os.path.lexists(point):
                    with contextlib.suppress(OSError):  # not mounted
                        nstest.umount(point)
        self.assertEqual(child.returncode, 0)
        deleted, umounted = out.splitlines()
        self.assertEqual(deleted, "[]")
        self.assertRegex(umounted,
                         r"^\[\"mounts removed: \['/\S+/keep nsfs uts:")

    def test_lsns_json_fails_on_empty_output(self):
        saved = nstest.LSNS
        nstest.LSNS = "/bin/true"  # exit 0, prints nothing
        try:
            with self.assertRaisesRegex(AssertionError, "printed nothing"):
                nstest.lsns_json("-t", "uts")
        finally:
            nstest.LSNS = saved
        # an empty listing is an empty array, not nothing
        self.assertEqual(nstest.lsns_json("-p", "2147483647"),
                         {"namespaces": []})


def host_view(state):
    """The host state without other programs' named namespaces."""
    return {"mounts": [m for m in state["mounts"]
                       if not m.startswith("/run/netns/")],
            "run_netns": state["run_netns"]}


def tearDownModule():
    before = host_view(nstest.host_at_start)
    after = host_view(nstest.host_state())
    problems = []
    if before["run_netns"] != after["run_netns"]:
        problems.append(f"host /run/netns: {before['run_netns']} before, "
                        f"{after['run_netns']} now")
    problems += nstest.leftovers(
        dict(before, netns=[], children=[], fds={}),
        dict(after, netns=[], children=[], fds={}))
    if problems:
        raise AssertionError("the host changed: " + "; ".join(problems))


if __name__ == "__main__":
    if len(sys.argv) >= 3 and sys.argv[1] == "--inner":
        inner(*sys.argv[2:])
        sys.exit(0)
    nstest.require_root()
    nstest.require(LSNS, "lsns")
    nstest.require(nstest.NSHOLDER, "nsholder")
    nstest.main()
