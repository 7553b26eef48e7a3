#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""nsenter --TYPE=:ID: entering namespaces by their 64-bit ID.

Every one of the eight types is entered by the ID that NS_GET_ID gives
and by the one lsns's NSID column shows (checked against listns(2)); the
proof is the inode of /proc/self/ns/TYPE inside. An unknown ID fails as
util-linux 2.42 fails (its words, exit 1, compared with the reference
when it is there), a namespace of another type has its own message, and
on kernels that cannot open a namespace by its ID the one line says so.
Entering by ID needs Linux >= 6.19; each case that needs it says so when
it skips.
"""

import os
import sys

sys.path.insert(0, os.path.join(os.environ.get("NSTOOLS_SOURCE_ROOT", ""),
                                "tests", "pylib"))
import nstest  # noqa: E402
from nstest import (LSNS, NEEDS_LISTNS, NEEDS_OPEN_BY_ID,  # noqa: E402
                    NsTestCase, flatten, kernel_opens_by_id, listns,
                    lsns_json, ns_get_id, run)

NSENTER = os.environ.get("NSTOOLS_NSENTER", "")
REFERENCE = os.environ.get("NSTOOLS_REFERENCE", "")
ALL_TYPES = ["mnt", "net", "ipc", "user", "pid", "uts", "cgroup", "time"]
OPTION = {"mnt": "mount", "net": "net", "ipc": "ipc", "user": "user",
          "pid": "pid", "uts": "uts", "cgroup": "cgroup", "time": "time"}
UNKNOWN = 2 ** 63  # no kernel hands out IDs that high


def reference(args):
    """util-linux 2.42's nsenter with ARGS, or None without it."""
    if not REFERENCE or not os.access(REFERENCE, os.X_OK):
        return None
    res = run([REFERENCE, "nsenter", *args])
    if "cannot fetch the reference" in res.stderr:
        return None
    return res


class ByIdTest(NsTestCase):

    def setUp(self):
        super().setUp()
        if not kernel_opens_by_id():
            self.skipTest(NEEDS_OPEN_BY_ID)
        missing = set(ALL_TYPES) - set(nstest.available_types())
        if missing:
            self.skipTest(f"needs {', '.join(sorted(missing))} namespaces")
        # every type fresh; the child is in the new pid and time ones
        self.h = self.hold("-t", ",".join(ALL_TYPES), "-r", "-c", "1")
        self.member = self.h.children[0]

    def enter(self, nstype, nsid):
        """Enter the namespace NSID with --TYPE=:NSID; the inode that
        /proc/self/ns/TYPE shows inside."""
        res = run([NSENTER, f"--{OPTION[nstype]}=:{nsid}", "readlink",
                   f"/proc/self/ns/{nstype}"])
        self.assertEqual((res.returncode, res.stderr), (0, ""),
                         f"--{OPTION[nstype]}=:{nsid}")
        text = res.stdout.strip()
        self.assertRegex(text, rf"^{nstype}:\[\d+\]$")
        return int(text[len(nstype) + 2:-1])

    def test_each_type_by_ns_get_id(self):
        for t in ALL_TYPES:
            with self.subTest(type=t):
                nsid = ns_get_id(f"/proc/{self.member}/ns/{t}")
                self.assertEqual(self.enter(t, nsid), self.h.ns(t, self.member))

    def test_each_type_by_lsns_and_listns(self):
        if listns() is None:
            self.skipTest(NEEDS_LISTNS)
        rows = {r["ns"]: r for r in flatten(
            lsns_json("-l", "-o", "NS,TYPE,NSID")["namespaces"])}
        for t in ALL_TYPES:
            with self.subTest(type=t):
                ino = self.h.ns(t, self.member)
                nsid = rows[ino]["nsid"]
                self.assertEqual(rows[ino]["type"], t)
                self.assertIn(nsid, listns([t]))
                self.assertEqual(self.enter(t, nsid), ino)

    def test_all_at_once(self):
        args = [f"--{OPTION[t]}=:{ns_get_id(f'/proc/{self.member}/ns/{t}')}"
                for t in ALL_TYPES]
        script = "; ".join(f"readlink /proc/self/ns/{t}" for t in ALL_TYPES)
        res = run([NSENTER, *args, "sh", "-c", script], check_rc=0)
        self.assertEqual(res.stdout.split(),
                         [f"{t}:[{self.h.ns(t, self.member)}]"
                          for t in ALL_TYPES])


class ErrorTest(NsTestCase):

    def test_unknown_id(self):
        if not kernel_opens_by_id():
            self.skipTest(NEEDS_OPEN_BY_ID)
        for nsid in (UNKNOWN, 0):
            args = [f"--net=:{nsid}", "true"]
            res = run([NSENTER, *args])
            self.assertEqual((res.returncode, res.stdout, res.stderr),
                             (1, "", nstest.named(
                                 f"nsenter: cannot open namespace of id "
                                 f"{nsid}: Stale file handle\n")))
            ref = reference(args)
            if ref is not None:
                self.assertEqual((ref.returncode, ref.stderr),
                                 (res.returncode,
                                  nstest.as_plain(res.stderr)))

    def test_another_type(self):
        if not kernel_opens_by_id():
            self.skipTest(NEEDS_OPEN_BY_ID)
        h = self.hold("-t", "uts")
        nsid = ns_get_id(f"/proc/{h.pid}/ns/uts")
        res = run([NSENTER, f"--net=:{nsid}", "true"])
        self.assertEqual((res.returncode, res.stdout, res.stderr),
                         (1, "", nstest.named(
                             f"nsenter: namespace of id {nsid} is not a "
                             "net namespace\n")))

    def test_kernel_without_open_by_id(self):
        if kernel_opens_by_id():
            self.skipTest("this kernel opens namespaces by ID")
        for t in ALL_TYPES:
            res = run([NSENTER, f"--{OPTION[t]}=:7", "true"])
            self.assertEqual((res.returncode, res.stdout, res.stderr),
                             (1, "", nstest.named(
                                 "nsenter: cannot open namespace of id 7:"
                                 " this kernel cannot open namespaces by"
                                 " ID (needs Linux >= 6.19)\n")))

    def test_bad_ids(self):
        # parsed before the kernel is asked: as util-linux 2.42
        for arg in ("abc", "", "-1", "18446744073709551616"):
            res = run([NSENTER, f"--net=:{arg}", "true"])
            self.assertEqual((res.returncode, res.stderr),
                             (1, nstest.named(
                                 f"nsenter: failed to parse nsid: {arg}\n")))


if __name__ == "__main__":
    nstest.require_root()
    nstest.require(NSENTER, "nsenter")
    nstest.require(LSNS, "lsns")
    nstest.main()
