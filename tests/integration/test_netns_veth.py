# SPDX-License-Identifier: MIT
"""netns add NAME --veth HOSTIF:PEERIF --addr CIDR:CIDR (ours only).

The "host" end must not land on the machine: `add` runs in an outer
named namespace the test makes (nsenter --net, our mount namespace), so
both ends are in namespaces of the test; ping runs between the two
addresses only, from inside those namespaces (ping -c1 -W1).
"""

import json
import os
import shutil
import subprocess
import sys
import time

sys.path.insert(0, os.path.join(os.environ.get("NSTOOLS_SOURCE_ROOT", ""),
                                "tests", "pylib"))
import netnstest as nt  # noqa: E402
import nstest  # noqa: E402
from netnstest import NetnsCase, netns, ours_only  # noqa: E402

OUTER, INNER = "nstest-outer", "nstest-inner"
HOSTIF, PEERIF = "nstest-h1", "nstest-p1"
HOSTADDR, PEERADDR = "10.250.0.1", "10.250.0.2"


def addrs(ns, dev):
    """(state flags UP?, [address/prefix]) of DEV in the netns NS."""
    res = nt.ip("-n", ns, "-j", "addr", "show", "dev", dev)
    if res.returncode != 0:
        raise AssertionError(res.stderr)
    link = json.loads(res.stdout)[0]
    return ("UP" in link["flags"],
            [f"{a['local']}/{a['prefixlen']}" for a in link["addr_info"]
             if a["family"] == "inet"])


class Veth(NetnsCase):
    def setUp(self):
        super().setUp()
        if not shutil.which("ping"):
            self.fail("ping missing: install Debian's iputils-ping")
        self.run_before = sorted(os.listdir("/run"))

    def ping(self, ns, addr):
        return netns("exec", ns, "ping", "-n", "-q", "-c1", "-W1", addr)

    @ours_only("add --veth --addr")
    def test_veth_ping(self):
        self.add(OUTER)
        host_addrs = nt.ip("-o", "addr").stdout
        outer = nt.in_netns(OUTER)
        self.before_check(lambda: os.path.lexists(f"{nt.RUN_NETNS}/{INNER}")
                          and nt.ip("netns", "delete", INNER))
        self.check(netns("add", INNER, "--veth", f"{HOSTIF}:{PEERIF}",
                         "--addr", f"{HOSTADDR}/30:{PEERADDR}/30",
                         prefix=outer))
        self.assertEqual(nt.links(OUTER), ["lo", HOSTIF])
        self.assertEqual(nt.links(INNER), ["lo", PEERIF])
        self.assertEqual(addrs(OUTER, HOSTIF), (True, [f"{HOSTADDR}/30"]))
        self.assertEqual(addrs(INNER, PEERIF), (True, [f"{PEERADDR}/30"]))
        # lo is up in the new netns
        self.assertEqual(addrs(INNER, "lo")[0], True)
        self.check(self.ping(OUTER, PEERADDR))
        self.check(self.ping(INNER, HOSTADDR))
        # nothing on the machine
        self.assertEqual(nt.ip("-o", "addr").stdout, host_addrs)
        # delete removes the veth pair it made, host end included
        self.check(netns("delete", INNER, prefix=outer))
        self.assertEqual(nt.links(OUTER), ["lo"])
        self.assertEqual(os.listdir(nt.RUN_NETNS), [OUTER])
        self.check(netns("delete", OUTER))

    @ours_only("add --veth without --addr")
    def test_veth_no_addr(self):
        self.add(OUTER)
        outer = nt.in_netns(OUTER)
        self.before_check(lambda: os.path.lexists(f"{nt.RUN_NETNS}/{INNER}")
                          and nt.ip("netns", "delete", INNER))
        self.check(netns("add", INNER, "--veth", f"{HOSTIF}:{PEERIF}",
                         prefix=outer))
        self.assertEqual(nt.links(OUTER), ["lo", HOSTIF])
        self.assertEqual(nt.links(INNER), ["lo", PEERIF])
        self.assertEqual(addrs(OUTER, HOSTIF)[1], [])
        self.assertEqual(addrs(INNER, PEERIF)[1], [])
        self.check(netns("delete", INNER, prefix=outer))
        self.assertEqual(nt.links(OUTER), ["lo"])

    @ours_only("add --veth: an existing host interface")
    def test_veth_exists(self):
        """The host end exists already: add fails, nothing is left."""
        self.add(OUTER)
        outer = nt.in_netns(OUTER)
        self.check(nt.ip("-n", OUTER, "link", "add", HOSTIF, "type",
                         "veth", "peer", "name", "nstest-x1"))
        res = netns("add", INNER, "--veth", f"{HOSTIF}:{PEERIF}",
                    prefix=outer)
        # the kernel refused: exit 2, its words
        self.assertEqual(res.returncode, 2, res.stderr)
        self.assertIn("exists", res.stderr)
        self.assertEqual(os.listdir(nt.RUN_NETNS), [OUTER])
        self.assertEqual(nt.links(OUTER), ["lo", HOSTIF, "nstest-x1"])
        # no state outside /run/netns
        self.assertEqual(sorted(os.listdir("/run")), self.run_before)

    def hold(self, name):
        """A process in the netns NAME, killed before the leftover
        check; returns the argv prefix to run a command in there."""
        proc = subprocess.Popen([nt.NSENTER, f"--net={nt.RUN_NETNS}/{name}",
                                 "sleep", "600"], stdin=subprocess.DEVNULL)

        def stop():
            proc.kill()
            proc.wait()
        self.before_check(stop)
        deadline = time.monotonic() + 10
        while (nstest.ns_inode(proc.pid, "net") != nt.netns_ino(name)
               and time.monotonic() < deadline):
            time.sleep(0.01)
        return [nt.NSENTER, f"--net=/proc/{proc.pid}/ns/net"]

    def links_in(self, prefix):
        res = nstest.run([*prefix, nt.IP, "-j", "link", "show"], check_rc=0)
        return sorted(link["ifname"] for link in json.loads(res.stdout))

    @ours_only("add --veth, then ip netns del/add of the same name")
    def test_delete_spares_pair_of_a_later_namespace(self):
        """issue 17.1: add --veth, ip netns del, a new namespace of the
        same name (by ip, or by ours without --veth) with a pair of its
        own (the same names), in use: delete removes the name and
        leaves that pair alone; no note outside /run/netns."""
        self.add(OUTER)
        outer = nt.in_netns(OUTER)
        self.before_check(lambda: os.path.lexists(f"{nt.RUN_NETNS}/{INNER}")
                          and nt.ip("netns", "delete", INNER))
        for maker in (["ip", "netns"], [nt.NETNS]):
            with self.subTest(maker=maker[0]):
                self.check(netns("add", INNER, "--veth",
                                 f"{HOSTIF}:{PEERIF}", prefix=outer))
                self.assertEqual(sorted(os.listdir("/run")),
                                 self.run_before)
                self.check(nt.ip("netns", "delete", INNER))
                self.check(nstest.run([*maker, "add", INNER]))
                # the same names again, made by hand in the new one
                self.check(nt.ip("-n", INNER, "link", "add", PEERIF, "type",
                                 "veth", "peer", "name", "nstest-x1"))
                held = self.hold(INNER)
                self.check(netns("delete", INNER, prefix=outer))
                self.assertFalse(os.path.lexists(f"{nt.RUN_NETNS}/{INNER}"))
                self.assertEqual(self.links_in(held),
                                 sorted(["lo", "nstest-x1", PEERIF]))
                # the first namespace's pair went with it (the host end
                # in OUTER, once the kernel has cleaned it up)
                deadline = time.monotonic() + 10
                while (nt.links(OUTER) != ["lo"]
                       and time.monotonic() < deadline):
                    time.sleep(0.05)
                self.assertEqual(nt.links(OUTER), ["lo"])

    @ours_only("add --veth: the mark")
    def test_delete_by_mark_only(self):
        """Only links carrying the mark of that namespace go: not a
        pair made there by hand, not one whose mark names another
        namespace (an alias copied from an earlier one)."""
        self.add(OUTER)
        outer = nt.in_netns(OUTER)
        self.before_check(lambda: os.path.lexists(f"{nt.RUN_NETNS}/{INNER}")
                          and nt.ip("netns", "delete", INNER))
        self.check(netns("add", INNER, "--veth", f"{HOSTIF}:{PEERIF}",
                         prefix=outer))
        res = nt.ip("-n", INNER, "-d", "-j", "link", "show", PEERIF)
        alias = json.loads(self.check(res))[0]["ifalias"]
        ino = nt.netns_ino(INNER)
        self.assertRegex(alias, rf"^netns-veth:ino={ino}:cookie=[0-9]+$")
        self.check(nt.ip("-n", INNER, "link", "add", "nstest-m1", "type",
                         "veth", "peer", "name", "nstest-m2"))
        self.check(nt.ip("-n", INNER, "link", "set", "nstest-m1", "alias",
                         alias.replace(f"ino={ino}", f"ino={ino + 1}")))
        held = self.hold(INNER)
        self.check(netns("delete", INNER, prefix=outer))
        self.assertEqual(self.links_in(held), ["lo", "nstest-m1",
                                               "nstest-m2"])
        # the host end went with its peer
        self.assertEqual(nt.links(OUTER), ["lo"])

    @ours_only("add --veth: usage errors")
    def test_veth_usage(self):
        for args in (["--veth", "nstest-h1"], ["--veth", ":nstest-p1"],
                     ["--veth", "nstest-h1:"],
                     ["--veth", "nstest-h1:nstest-p1", "--addr",
                      "10.250.0.1/30"],
                     ["--veth", "nstest-h1:nstest-p1", "--addr",
                      "10.250.0.1/33:10.250.0.2/30"],
                     ["--veth", "nstest-h1:nstest-p1", "--addr",
                      "nstest:10.250.0.2/30"],
                     ["--addr", "10.250.0.1/30:10.250.0.2/30"]):
            with self.subTest(args=args):
                res = netns("add", INNER, *args, prefix=nt.FRESH_NET)
                self.assertNotEqual(res.returncode, 0, res.stderr)
                self.assertNotEqual(res.stderr, "")
                self.assertEqual(os.listdir(nt.RUN_NETNS), [])


if __name__ == "__main__":
    nt.main()
