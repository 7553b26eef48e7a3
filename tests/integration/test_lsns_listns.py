#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""lsns beyond util-linux: namespace IDs (NSID) and what listns(2) finds.

The NSID column needs NS_GET_ID (Linux >= 6.18); the rows that only
listns(2) finds need Linux >= 6.19 (each case says so when it skips).
The hidden cases are made exactly: a network namespace whose only holder
is an nsfs fd in flight (sent with SCM_RIGHTS, never received) after its
creator exited, with the user namespace that owns it and that nothing
but that ownership keeps; a network namespace bind-mounted only inside
another mount namespace; and a network namespace held only by a socket
in flight, which Linux 7.2's listns does not list (measured on 7.2.13:
not while the socket is in flight nor once it is received; nor does
open_by_handle_at open its ID, ESTALE).
"""

import ctypes
import os
import signal
import sys
import tempfile

sys.path.insert(0, os.path.join(os.environ.get("NSTOOLS_SOURCE_ROOT", ""),
                                "tests", "pylib"))
import nstest  # noqa: E402
from nstest import (CLONE_NEWNET, LSNS, MS_BIND, NEEDS_LISTNS,  # noqa: E402
                    NEEDS_NS_GET_ID, NsTestCase, flatten, listns, lsns_json,
                    ns_get_id, run)

ALL = ["--output-all", "-o", "+NSID"]


def rows_by_ns(*args):
    return {r["ns"]: r for r in flatten(lsns_json(*args)["namespaces"])}


def own_user_ns():
    return os.stat("/proc/self/ns/user").st_ino


def hidden_row(ino, nstype, nsid, ons, pns=0, netnsid=None):
    """The row of a namespace without processes that only listns finds."""
    return {"ns": ino, "type": nstype, "path": None, "nprocs": 0,
            "pid": None, "ppid": None, "command": None, "uid": 0,
            "user": "root", "netnsid": netnsid, "nsfs": None, "pns": pns,
            "ons": ons, "nsid": nsid}


class MountedElsewhere:
    """A fresh netns bind-mounted only in a mount namespace of a child
    (its processes are in ours): no process, fd or mount of ours shows
    the netns."""

    def __init__(self):
        self.top = tempfile.mkdtemp(prefix="nstest-listns-")
        r, w = os.pipe()
        self.stop_r, self.stop_w = os.pipe()
        self.pid = os.fork()
        if self.pid == 0:  # pragma: no cover (the child)
            try:
                os.close(r)
                os.close(self.stop_w)
                self._child(w)
            finally:
                os._exit(1)
        os.close(w)
        os.close(self.stop_r)
        with os.fdopen(r) as f:
            line = f.read()
        if not line:
            self.close()
            raise RuntimeError("the mounting child failed")
        self.ino = int(line)

    def _child(self, report):
        nstest.private_mount_namespace()
        nstest.mount_tmpfs(self.top, "nstest-listns")
        target = os.path.join(self.top, "net")
        open(target, "w").close()
        back = os.open("/proc/self/ns/net", os.O_RDONLY | os.O_CLOEXEC)
        nstest.unshare(CLONE_NEWNET)
        nstest.mount("/proc/self/ns/net", target, None, MS_BIND)
        libc = ctypes.CDLL(None, use_errno=True)
        if libc.setns(back, CLONE_NEWNET) != 0:
            os._exit(1)
        os.write(report, str(os.stat(target).st_ino).encode())
        os.close(report)
        os.read(self.stop_r, 1)  # until the test is done
        os._exit(0)

    def close(self):
        os.close(self.stop_w)
        try:
            os.waitpid(self.pid, 0)
        except ChildProcessError:
            pass
        os.rmdir(self.top)


class NsidColumnTest(NsTestCase):
    """NSID: NS_GET_ID of each namespace (Linux >= 6.18)."""

    def setUp(self):
        super().setUp()
        if ns_get_id("/proc/self/ns/net") is None:
            self.skipTest(NEEDS_NS_GET_ID)

    def test_nsid_of_every_type(self):
        h = self.hold("-t", "uts,ipc,net,mnt,cgroup")
        rows = rows_by_ns("-l", "-o", "NS,TYPE,NSID")
        for t in ("uts", "ipc", "net", "mnt", "cgroup"):
            nsid = ns_get_id(f"/proc/{h.pid}/ns/{t}")
            self.assertEqual(rows[h.ns(t)], {"ns": h.ns(t), "type": t,
                                             "nsid": nsid})
        for t in nstest.available_types():
            row = rows[os.stat(f"/proc/self/ns/{t}").st_ino]
            self.assertEqual(row["nsid"], ns_get_id(f"/proc/self/ns/{t}"))

    def test_nsid_of_a_bind_mount_and_a_held_fd(self):
        h = self.hold("-F")
        fd_row = rows_by_ns("-t", "net", "-o", "NS,NSID")[h.fd_ns[0]]
        self.assertEqual(fd_row["nsid"],
                         ns_get_id(f"/proc/{h.pid}/fd/{h.fds[0]}"))

    def test_filter_and_raw(self):
        nsid = ns_get_id("/proc/self/ns/uts")
        ino = os.stat("/proc/self/ns/uts").st_ino
        res = run([LSNS, "-n", "-r", "-o", "NS,NSID", "-Q",
                   f"NSID == {nsid}"], check_rc=0)
        self.assertEqual(res.stdout, f"{ino} {nsid}\n")

    def test_not_in_output_all(self):
        # --output-all lists util-linux 2.42's columns only
        row = flatten(lsns_json("--output-all", "-t", "uts")["namespaces"])[0]
        self.assertNotIn("nsid", row)
        self.assertEqual(list(row)[-1], "ons")


class ListnsTest(NsTestCase):
    """Rows that only listns(2) finds (Linux >= 6.19)."""

    def setUp(self):
        super().setUp()
        if listns() is None:
            self.skipTest(NEEDS_LISTNS)

    def test_nsfs_fd_in_flight_and_its_owner(self):
        h = self.hold("-I", "nsfs")
        net, user = h.fd_ns[0], h.fd_user[0]
        netid, userid = h.fd_ids[0]
        # nothing of ours shows it: the fd is in a unix socket's queue
        self.assertNotIn(f"net:[{net}]", " ".join(
            os.readlink(f"/proc/{h.pid}/fd/{fd}")
            for fd in os.listdir(f"/proc/{h.pid}/fd")))
        self.assertIn(netid, listns(["net"]))
        self.assertIn(userid, listns(["user"]))
        rows = rows_by_ns(*ALL)
        init_user = own_user_ns()
        self.assertEqual(rows[net], hidden_row(net, "net", netid, user,
                                               netnsid="unassigned"))
        self.assertEqual(rows[user], hidden_row(user, "user", userid,
                                                init_user, pns=init_user))
        # and as persistent namespaces
        persistent = rows_by_ns("-P", "-o", "NS,TYPE,NPROCS")
        self.assertEqual(persistent[net], {"ns": net, "type": "net",
                                           "nprocs": 0})
        self.assertEqual(persistent[user], {"ns": user, "type": "user",
                                            "nprocs": 0})
        # under its owner in the owner tree
        tree = lsns_json("-Towner", "-o", "NS,TYPE")["namespaces"]
        owner = [r for r in flatten(tree) if r["ns"] == user]
        self.assertEqual(len(owner), 1)

        def find(rows, ns):
            for r in rows:
                if r["ns"] == ns:
                    return r
                found = find(r.get("children", []), ns)
                if found:
                    return found
            return None
        self.assertEqual(find(tree, user)["children"],
                         [{"ns": net, "type": "net"}])

    def test_type_list_without_processes(self):
        h = self.hold("-I", "nsfs")
        net = h.fd_ns[0]
        res = run([LSNS, "-n", "-r", "-t", "net", "-o", "NS,TYPE,NSID"],
                  check_rc=0)
        self.assertIn(f"{net} net {h.fd_ids[0][0]}", res.stdout.splitlines())

    def test_bind_mount_in_another_mount_namespace(self):
        m = self.close_after(MountedElsewhere())
        with open("/proc/self/mountinfo") as f:
            self.assertNotIn(f"net:[{m.ino}]", f.read())
        row = rows_by_ns(*ALL)[m.ino]
        nsid = row["nsid"]
        self.assertIn(nsid, listns(["net"]))
        self.assertEqual(row, hidden_row(m.ino, "net", nsid, own_user_ns(),
                                         netnsid="unassigned"))

    def test_listns_only_listing_of_process_free_types(self):
        # "-t uts -t ipc -t mnt" with no process column: from listns alone
        h = self.hold("-t", "uts,ipc,mnt")
        res = run([LSNS, "-n", "-r", "-t", "uts", "-t", "ipc", "-t", "mnt",
                   "-o", "NS,TYPE,NSID"], check_rc=0)
        lines = res.stdout.splitlines()
        for t in ("uts", "ipc", "mnt"):
            self.assertIn(f"{h.ns(t)} {t} {ns_get_id(f'/proc/{h.pid}/ns/{t}')}",
                          lines)
        # the same namespaces as the walk finds, and those only listns sees
        walk = run([LSNS, "-n", "-r", "-t", "uts", "-t", "ipc", "-t", "mnt",
                    "-o", "NS,TYPE,NSID,NPROCS"], check_rc=0)
        walked = {" ".join(line.split()[:3])
                  for line in walk.stdout.splitlines()}
        self.assertLessEqual(walked, set(lines))

    def test_socket_in_flight(self):
        h = self.hold("-I", "socket")
        net, (netid, _) = h.fd_ns[0], h.fd_ids[0]
        if netid not in listns(["net"]):
            # measured on 7.2.13: neither in flight nor received (an
            # AF_UNIX or AF_INET socket); open_by_handle_at of its ID
            # says ESTALE, while an nsfs fd in flight is listed
            self.skipTest(f"needs a listns(2) that lists a network "
                          f"namespace held only by a socket (that of "
                          f"Linux {os.uname().release} lists only what "
                          f"tasks, nsfs fds and mounts hold)")
        self.assertEqual(rows_by_ns("-t", "net", "-o", "NS,NPROCS,NSID")[net],
                         {"ns": net, "nprocs": 0, "nsid": netid})

    def test_task_and_namespace_arguments_ignore_listns(self):
        h = self.hold("-I", "nsfs")
        rows = rows_by_ns("-p", str(os.getpid()), "-o", "NS")
        self.assertNotIn(h.fd_ns[0], rows)


if __name__ == "__main__":
    nstest.require_root()
    signal.signal(signal.SIGPIPE, signal.SIG_DFL)
    nstest.main(net_namespace=True)
