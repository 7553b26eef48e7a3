# SPDX-License-Identifier: MIT
"""netns and iproute2's `ip netns` share /run/netns: what one makes the
other lists, enters, names NSIDs of and deletes, both ways; lsns shows
the namespaces of either with their NSFS path."""

import json
import os
import sys

sys.path.insert(0, os.path.join(os.environ.get("NSTOOLS_SOURCE_ROOT", ""),
                                "tests", "pylib"))
import netnstest as nt  # noqa: E402
import nstest  # noqa: E402
from netnstest import NETNS, NetnsCase  # noqa: E402

OURS = [NETNS]
IPROUTE2 = [nt.IP, "netns"]
# the JSON switch goes before "netns" for ip
OURS_J = [NETNS, "-j"]
IPROUTE2_J = [nt.IP, "-j", "netns"]

DIRECTIONS = (("ours->ip", OURS, IPROUTE2, IPROUTE2_J),
              ("ip->ours", IPROUTE2, OURS, OURS_J))


def ns_of_exec(tool, name):
    """Inode of the netns a command run by TOOL exec NAME is in."""
    res = nstest.run([*tool, "exec", name, "stat", "-L", "-c", "%i",
                      "/proc/self/ns/net"], check_rc=0)
    return int(res.stdout)


class Interop(NetnsCase):
    def test_add_list_exec_delete(self):
        for what, maker, other, other_j in DIRECTIONS:
            with self.subTest(what):
                name = f"nstest-{what[:2]}"
                self.add(name, tool=maker)
                path = f"{nt.RUN_NETNS}/{name}"
                self.assertEqual(nt.mounts_at(path), [("nsfs", "shared")])
                self.assertEqual(nstest.run([*other, "list"],
                                            check_rc=0).stdout, name + "\n")
                self.assertEqual(json.loads(nstest.run([*other_j, "list"],
                                                       check_rc=0).stdout),
                                 [{"name": name}])
                ino = nt.netns_ino(name)
                self.assertEqual(ns_of_exec(other, name), ino)
                self.assertEqual(ns_of_exec(maker, name), ino)
                self.assertNotEqual(ino, nstest.ns_inode("self", "net"))
                nstest.run([*other, "delete", name], check_rc=0)
                self.assertEqual(os.listdir(nt.RUN_NETNS), [])
                self.assertEqual(nt.mounts_at(path), [])
                self.assertEqual(nstest.run([*maker, "list"],
                                            check_rc=0).stdout, "")

    def test_each_sees_the_others_existing(self):
        self.add("nstest-ours", tool=OURS)
        self.add("nstest-ip", tool=IPROUTE2)
        for tool, name in ((OURS, "nstest-ip"), (IPROUTE2, "nstest-ours")):
            res = nstest.run([*tool, "add", name])
            self.assertEqual((res.returncode, res.stderr),
                             (1, f'Cannot create namespace file "/run/netns/'
                                 f'{name}": File exists\n'))
        self.assertCountEqual(nstest.run([*OURS, "list"],
                                         check_rc=0).stdout.split(),
                              ["nstest-ip", "nstest-ours"])
        nstest.run([*OURS, "-a", "delete"], check_rc=0)
        self.assertEqual(os.listdir(nt.RUN_NETNS), [])

    def test_nsids(self):
        """NSIDs set by one are listed by the other."""
        for what, setter, other, other_j in DIRECTIONS:
            with self.subTest(what):
                # distinct ids per direction: the kernel frees an NSID
                # only once the deleted netns is gone, a little later
                nsid = 21 if setter is OURS else 22
                name = f"nstest-{what[:2]}"
                self.add(name, tool=IPROUTE2 if setter is OURS else OURS)
                nstest.run([*setter, "set", name, str(nsid)], check_rc=0)
                self.assertEqual(nstest.run([*other, "list"],
                                            check_rc=0).stdout,
                                 f"{name} (id: {nsid})\n")
                self.assertEqual(json.loads(nstest.run([*other_j, "list"],
                                                       check_rc=0).stdout),
                                 [{"name": name, "id": nsid}])
                self.assertIn(f"nsid {nsid} (iproute2 netns name: {name})",
                              nstest.run([*other, "list-id"],
                                         check_rc=0).stdout.splitlines())
                self.assertIn({"nsid": nsid, "name": name},
                              json.loads(nstest.run([*other_j, "list-id"],
                                                    check_rc=0).stdout))
                nstest.run([*other, "delete", name], check_rc=0)

    def test_identify_and_pids_across(self):
        self.add("nstest-ours", tool=OURS)
        self.add("nstest-ip", tool=IPROUTE2)
        for tool, name in ((OURS, "nstest-ip"), (IPROUTE2, "nstest-ours")):
            with self.subTest(name):
                self.assertEqual(nstest.run([*tool, "exec", name, *tool,
                                             "identify"],
                                            check_rc=0).stdout, name + "\n")

    def test_attach_across(self):
        holder = self.hold("-t", "net")
        nstest.run([*OURS, "attach", "nstest-ours", str(holder.pid)],
                   check_rc=0)
        nstest.run([*IPROUTE2, "attach", "nstest-ip", str(holder.pid)],
                   check_rc=0)
        for name in ("nstest-ours", "nstest-ip"):
            self.assertEqual(nt.netns_ino(name), holder.ns("net"))
        nstest.run([*IPROUTE2, "delete", "nstest-ours"], check_rc=0)
        nstest.run([*OURS, "delete", "nstest-ip"], check_rc=0)
        self.assertEqual(os.listdir(nt.RUN_NETNS), [])

    def test_lsns(self):
        nstest.require(nstest.LSNS, "lsns (NSTOOLS_LSNS)")
        self.add("nstest-ours", tool=OURS)
        self.add("nstest-ip", tool=IPROUTE2)
        nstest.run([*OURS, "set", "nstest-ip", "23"], check_rc=0)
        nstest.run([*IPROUTE2, "set", "nstest-ours", "24"], check_rc=0)
        rows = nstest.lsns_json("-t", "net", "-o", "NS,TYPE,NSFS,NETNSID")
        rows = {r["ns"]: r for r in nstest.flatten(rows["namespaces"])}
        for name, nsid in (("nstest-ip", 23), ("nstest-ours", 24)):
            row = rows[nt.netns_ino(name)]
            self.assertEqual((row["type"], row["nsfs"], row["netnsid"]),
                             ("net", f"/run/netns/{name}", nsid))


if __name__ == "__main__":
    nt.main()
