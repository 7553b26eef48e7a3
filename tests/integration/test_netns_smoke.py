# SPDX-License-Identifier: MIT
"""Smoke test of netns: add, list, exec, delete, and both ways with
ip netns (the same /run/netns). The full suites (messages and exit
codes, exec, veth, concurrency, interrupted adds) live elsewhere.
"""

import os
import shutil
import sys

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "pylib"))
import nstest  # noqa: E402

NETNS = os.environ.get("NSTOOLS_NETNS", "")
RUN = "/run/netns"


def netns(*args, **kw):
    return nstest.run([NETNS, *args], **kw)


def ip_netns(*args, **kw):
    return nstest.run(["ip", "netns", *args], **kw)


def netns_inode(path):
    return os.stat(path).st_ino


class Names:
    def __init__(self, names):
        self.names = names

    def close(self):
        for name in self.names:
            if os.path.lexists(f"{RUN}/{name}"):
                netns("delete", name)


class SmokeTest(nstest.NsTestCase):
    def delete_after(self, *names):
        """Delete @names (if still there) before the leftover check."""
        self.close_after(Names(names))

    def test_add_list_exec_delete(self):
        self.delete_after("nstest-b", "nstest-a", "nstest-c")
        # neither creation order nor its reverse is the sorted one
        res = netns("add", "nstest-b", check_rc=0)
        self.assertEqual((res.stdout, res.stderr), ("", ""))
        netns("add", "nstest-a", check_rc=0)
        netns("add", "nstest-c", check_rc=0)
        st = os.lstat(f"{RUN}/nstest-a")
        self.assertEqual(os.statvfs(f"{RUN}/nstest-a").f_fsid,
                         os.statvfs("/proc/self/ns/net").f_fsid)
        self.assertNotEqual(st.st_ino, netns_inode("/proc/self/ns/net"))
        # sorted, whatever the directory order
        listing = "nstest-a\nnstest-b\nnstest-c\n"
        self.assertEqual(netns("list", check_rc=0).stdout, listing)
        self.assertEqual(netns(check_rc=0).stdout, listing)
        self.assertEqual(netns("-j", "list", check_rc=0).stdout,
                         '[{"name":"nstest-a"},{"name":"nstest-b"},'
                         '{"name":"nstest-c"}]\n')
        res = netns("exec", "nstest-a", "readlink", "/proc/self/ns/net",
                    check_rc=0)
        self.assertEqual(res.stdout, f"net:[{st.st_ino}]\n")
        # a fresh netns: lo only, and down (as ip netns add makes it)
        res = netns("exec", "nstest-a", "ls", "/sys/class/net", check_rc=0)
        self.assertEqual(res.stdout, "lo\n")
        res = netns("exec", "nstest-a", "sh", "-c", "exit 7")
        self.assertEqual(res.returncode, 7)
        netns("delete", "nstest-a", check_rc=0)
        netns("del", "nstest-b", check_rc=0)
        netns("-a", "delete", check_rc=0)
        self.assertEqual(os.listdir(RUN), [])
        self.assertEqual(netns("list", check_rc=0).stdout, "")

    def test_errors_as_ip_netns(self):
        self.delete_after("nstest-a")
        cases = [
            (["add", "nstest/x"], 255, 'Invalid netns name "nstest/x"\n'),
            (["add"], 1, "No netns name specified\n"),
            (["delete", "nstest-none"], 1,
             f'Cannot remove namespace file "{RUN}/nstest-none": '
             "No such file or directory\n"),
            (["exec", "nstest-none", "true"], 255,
             'Cannot open network namespace "nstest-none": '
             "No such file or directory\n"),
            (["nstest-bogus"], 255,
             'Command "nstest-bogus" is unknown, try '
             f'"{nstest.tool_name("netns")} help".\n'),
        ]
        for args, rc, err in cases:
            with self.subTest(args=args):
                res = netns(*args)
                self.assertEqual((res.returncode, res.stdout, res.stderr),
                                 (rc, "", err))
        netns("add", "nstest-a", check_rc=0)
        res = netns("add", "nstest-a")
        self.assertEqual((res.returncode, res.stderr),
                         (1, f'Cannot create namespace file "{RUN}/nstest-a"'
                             ": File exists\n"))
        self.assertEqual(os.listdir(RUN), ["nstest-a"])

    def test_ours_seen_by_ip_netns(self):
        self.delete_after("nstest-ours")
        netns("add", "nstest-ours", check_rc=0)
        ino = netns_inode(f"{RUN}/nstest-ours")
        self.assertEqual(ip_netns("list", check_rc=0).stdout,
                         "nstest-ours\n")
        res = ip_netns("exec", "nstest-ours", "readlink",
                       "/proc/self/ns/net", check_rc=0)
        self.assertEqual(res.stdout, f"net:[{ino}]\n")
        ip_netns("set", "nstest-ours", "17", check_rc=0)
        self.assertEqual(netns("list", check_rc=0).stdout,
                         "nstest-ours (id: 17)\n")
        ip_netns("delete", "nstest-ours", check_rc=0)
        self.assertEqual(os.listdir(RUN), [])

    def test_ip_netns_seen_by_ours(self):
        self.delete_after("nstest-ip")
        ip_netns("add", "nstest-ip", check_rc=0)
        ino = netns_inode(f"{RUN}/nstest-ip")
        self.assertEqual(netns("list", check_rc=0).stdout, "nstest-ip\n")
        res = netns("exec", "nstest-ip", "readlink", "/proc/self/ns/net",
                    check_rc=0)
        self.assertEqual(res.stdout, f"net:[{ino}]\n")
        netns("set", "nstest-ip", "18", check_rc=0)
        self.assertEqual(ip_netns("list", check_rc=0).stdout,
                         "nstest-ip (id: 18)\n")
        self.assertEqual(netns("list-id", check_rc=0).stdout,
                         "nsid 18 (iproute2 netns name: nstest-ip)\n")
        netns("delete", "nstest-ip", check_rc=0)
        self.assertEqual(ip_netns("list", check_rc=0).stdout, "")


if __name__ == "__main__":
    nstest.require_root()
    nstest.require(NETNS, "netns")
    if not shutil.which("ip"):
        print("SKIP: ip (iproute2) not installed")
        sys.exit(nstest.SKIP)
    nstest.main()
