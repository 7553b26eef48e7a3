# SPDX-License-Identifier: MIT
"""Smoke test of unshare: the seed scenarios of the spec.

The full option-by-option and compat suites live elsewhere; these are
the command lines users type first.
"""

import os
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "pylib"))
import nstest  # noqa: E402

UNSHARE = os.environ.get("NSTOOLS_UNSHARE", "")
NSFS_MAGIC = 0x6e736673


def unshare(*args, **kw):
    return nstest.run([UNSHARE, *args], **kw)


class SmokeTest(nstest.NsTestCase):
    def test_uts_hostname(self):
        host = os.uname().nodename
        res = unshare("--uts", "sh", "-c", "hostname nstest-x; hostname",
                      check_rc=0)
        self.assertEqual(res.stdout, "nstest-x\n")
        self.assertEqual(os.uname().nodename, host)

    def test_pid_fork_mount_proc(self):
        res = unshare("--pid", "--fork", "--mount-proc", "ps", "-o",
                      "pid=,comm=", check_rc=0)
        self.assertEqual(res.stdout.split(), ["1", "ps"])

    def test_map_root_user(self):
        res = unshare("--user", "--map-root-user", "id", "-u", check_rc=0)
        self.assertEqual(res.stdout, "0\n")

    def test_persistent_net(self):
        tmp = tempfile.mkdtemp(prefix="nstest-")
        self.addCleanup(shutil.rmtree, tmp)
        path = os.path.join(tmp, "net")
        res = unshare(f"--net={path}", "readlink", "/proc/self/ns/net",
                      check_rc=0)
        try:
            inode = int(res.stdout.strip()[len("net:["):-1])
            self.assertEqual(os.stat(path).st_ino, inode)
            self.assertEqual(os.stat(path).st_mode & 0o777, 0o444)
        finally:
            subprocess.run(["umount", path], check=True)
        os.unlink(path)

    def test_persistent_refuses_non_empty(self):
        tmp = tempfile.mkdtemp(prefix="nstest-")
        self.addCleanup(shutil.rmtree, tmp)
        path = os.path.join(tmp, "data")
        with open(path, "w") as f:
            f.write("keep me\n")
        res = unshare(f"--net={path}", "true", check_rc=1)
        self.assertEqual(res.stderr, nstest.named(
            f"unshare: cannot use {path} for the net namespace: "
            "it is not empty (a mount would hide its contents)\n", UNSHARE))
        with open(path) as f:
            self.assertEqual(f.read(), "keep me\n")

    def test_failed_step_leaves_nothing(self):
        tmp = tempfile.mkdtemp(prefix="nstest-")
        self.addCleanup(shutil.rmtree, tmp)
        path = os.path.join(tmp, "net")
        for fork in ([], ["-f"]):
            res = unshare(f"--net={path}", *fork, "-w", "/nonexistent-nstest",
                          "true", check_rc=1)
            self.assertIn("cannot change directory to /nonexistent-nstest",
                          res.stderr)
            self.assertFalse(os.path.lexists(path))

    def test_exit_status_and_signal(self):
        self.assertEqual(unshare("-f", "sh", "-c", "exit 7").returncode, 7)
        self.assertEqual(unshare("-f", "sh", "-c", "kill -TERM $$").returncode,
                         -15)
        self.assertEqual(unshare("nstest-no-such-program").returncode, 127)

    def test_busybox_container(self):
        busybox = "/bin/busybox"
        if not os.access(busybox, os.X_OK):
            self.skipTest("no /bin/busybox (Debian package busybox-static)")
        root = tempfile.mkdtemp(prefix="nstest-root-")
        self.addCleanup(shutil.rmtree, root)
        for d in ("bin", "proc"):
            os.mkdir(os.path.join(root, d))
        shutil.copy(busybox, os.path.join(root, "bin", "busybox"))
        os.symlink("busybox", os.path.join(root, "bin", "sh"))
        res = unshare("--mount", "--uts", "--ipc", "--net", "--pid", "--fork",
                      # DIR is inside the new root, as in util-linux 2.42
                      "--mount-proc=/proc", f"--root={root}",
                      "/bin/sh", "-c",
                      "busybox hostname nstest-c && busybox hostname && "
                      "echo $$ && busybox test -e /proc/1/ns/net && "
                      "echo ok", check_rc=0)
        self.assertEqual(res.stdout, "nstest-c\n1\nok\n")


if __name__ == "__main__":
    nstest.require_root()
    nstest.require(UNSHARE, "unshare")
    nstest.main()
