# SPDX-License-Identifier: MIT
"""lsns: every way a namespace can be found, and the options of 2.40+.

Namespaces kept alive without processes (by an nsfs fd, a socket, a
bind mount, /run/netns), -P, -Q, NETNSID and NSFS, and exit status 2
on a kernel without the needed ioctl (simulated with seccomp).
"""

import json
import os
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.environ.get("NSTOOLS_SOURCE_ROOT", ""),
                                "tests", "pylib"))
import nstest  # noqa: E402
from nstest import (CLONE_NEWNET, CLONE_NEWUSER, LSNS,  # noqa: E402
                    NsTestCase, flatten, lsns_json, run)

ERRINJECT = os.environ.get("NSTOOLS_ERRINJECT", "")
# tests/reference/util-linux-2.42, the project's fetcher of the reference
REFERENCE = os.environ.get("NSTOOLS_REFERENCE", "")
NS_GET_USERNS = 0xB701
ENOTTY = 25


def rows_by_ns(*args):
    return {r["ns"]: r for r in flatten(lsns_json(*args)["namespaces"])}


class PersistentMount:
    """A bind mount of a namespace file onto a fresh temp file."""

    def __init__(self, nsfile):
        fd, self.path = tempfile.mkstemp(prefix="nstest-lsns-")
        os.close(fd)
        try:
            run(["mount", "--bind", nsfile, self.path], check_rc=0)
        except Exception:
            os.unlink(self.path)
            raise
        self.ino = os.stat(self.path).st_ino

    def close(self):
        run(["umount", self.path])
        os.unlink(self.path)


class SourcesTest(NsTestCase):

    def setUp(self):
        super().setUp()
        self._mounts = []
        self._netns = []

    def tearDown(self):
        for m in reversed(self._mounts):
            m.close()
        for name in self._netns:
            run(["ip", "netns", "delete", name])
        super().tearDown()

    def persist(self, nsfile):
        m = PersistentMount(nsfile)
        self._mounts.append(m)
        return m

    def ip_netns(self, suffix):
        name = f"nstest-lsns-{os.getpid()}-{suffix}"
        run(["ip", "netns", "add", name], check_rc=0)
        self._netns.append(name)
        return name, os.stat(f"/run/netns/{name}").st_ino

    def test_fd_held_namespace(self):
        h = self.hold("-F")
        ino = h.fd_ns[0]
        self.assertEqual(os.stat(f"/proc/{h.pid}/fd/{h.fds[0]}").st_ino, ino)
        row = rows_by_ns("-t", "net", "--output-all")[ino]
        self.assertEqual(row["type"], "net")
        self.assertEqual(row["nprocs"], 0)
        self.assertIsNone(row["pid"])
        self.assertIsNone(row["command"])
        # as util-linux 2.42: no PATH without a process, and the owner
        # of its user namespace (root's) as UID and USER
        self.assertIsNone(row["path"])
        self.assertEqual((row["uid"], row["user"]), (0, "root"))
        self.assertEqual(row["ons"], nstest.ns_inode(os.getpid(), "user"))

    def test_socket_held_namespace(self):
        h = self.hold("-S")
        ino = h.fd_ns[0]
        row = rows_by_ns("-t", "net", "--output-all")[ino]
        self.assertEqual(row["nprocs"], 0)
        self.assertIsNone(row["pid"])
        self.assertIsNone(row["path"])  # a socket is no way to open it
        self.assertEqual((row["uid"], row["user"]), (0, "root"))
        self.assertEqual(row["netnsid"], "unassigned")

    def test_sockets_of_other_types_do_not_add_namespaces(self):
        self.hold("-S")
        types = {r["type"] for r in lsns_json("-t", "uts")["namespaces"]}
        self.assertEqual(types, {"uts"})

    def test_bind_mount_without_processes(self):
        h = self.hold("-t", "net,uts")
        net, uts = h.ns("net"), h.ns("uts")
        m_net = self.persist(f"/proc/{h.pid}/ns/net")
        m_uts = self.persist(f"/proc/{h.pid}/ns/uts")
        h.close()
        rows = rows_by_ns("--output-all")
        for ino, m in ((net, m_net), (uts, m_uts)):
            self.assertEqual(rows[ino]["nprocs"], 0)
            self.assertIsNone(rows[ino]["path"])  # the mount is in NSFS
            self.assertEqual(rows[ino]["nsfs"], m.path)
            self.assertIsNone(rows[ino]["pid"])
            self.assertEqual(rows[ino]["uid"], 0)
            self.assertEqual(rows[ino]["user"], "root")

    def test_nsfs_of_a_namespace_with_processes(self):
        h = self.hold("-t", "net")
        m1 = self.persist(f"/proc/{h.pid}/ns/net")
        m2 = self.persist(f"/proc/{h.pid}/ns/net")
        ino = h.ns("net")
        row = rows_by_ns("-t", "net")[ino]
        self.assertEqual(row["nprocs"], 1)
        self.assertEqual(row["pid"], h.pid)
        self.assertEqual(row["nsfs"], f"{m1.path}\n{m2.path}")
        # table: one mount point per line; -W and -r: joined by commas
        res = run([LSNS, "-t", "net", "-o", "NS,NSFS"], check_rc=0)
        lines = res.stdout.splitlines()
        i = [n for n, ln in enumerate(lines) if ln.startswith(str(ino))][0]
        self.assertEqual(lines[i].split(), [str(ino), m1.path])
        self.assertEqual(lines[i + 1].split(), [m2.path])
        for opt in ("-W", "-r"):
            res = run([LSNS, opt, "-n", "-t", "net", "-o", "NS,NSFS"],
                      check_rc=0)
            self.assertIn(f"{ino} {m1.path},{m2.path}",
                          [" ".join(ln.split()) for ln in
                           res.stdout.splitlines()])

    def test_run_netns_and_netnsid(self):
        name, ino = self.ip_netns("a")
        name2, ino2 = self.ip_netns("b")
        run(["ip", "netns", "set", name2, "42"], check_rc=0)
        res = run([LSNS, "-t", "net"], check_rc=0)
        self.assertEqual(res.stdout.splitlines()[0].split(),
                         ["NS", "TYPE", "NPROCS", "PID", "USER", "NETNSID",
                          "NSFS", "COMMAND"])
        rows = rows_by_ns("-t", "net")
        self.assertEqual(rows[ino]["nsfs"], f"/run/netns/{name}")
        self.assertEqual(rows[ino]["nprocs"], 0)
        self.assertEqual(rows[ino]["netnsid"], "unassigned")
        self.assertEqual(rows[ino2]["netnsid"], 42)  # a JSON number
        raw = run([LSNS, "-r", "-n", "-t", "net", "-o", "NS,NETNSID"],
                  check_rc=0).stdout.splitlines()
        self.assertIn(f"{ino2} 42", raw)
        self.assertIn(f"{ino} unassigned", raw)

    def test_run_netns_row_as_util_linux_2_42(self):
        name, ino = self.ip_netns("x")
        args = ["-t", "net", "-o", "NS,NPROCS,UID,USER,PATH,NSFS"]
        res = run([LSNS, *args], check_rc=0)
        row = [ln.split() for ln in res.stdout.splitlines()
               if ln.startswith(f"{ino} ")]
        self.assertEqual(row, [[str(ino), "0", "0", "root",
                                f"/run/netns/{name}"]])
        data = rows_by_ns(*args)[ino]
        self.assertEqual(data, {"ns": ino, "nprocs": 0, "uid": 0,
                                "user": "root", "path": None,
                                "nsfs": f"/run/netns/{name}"})
        # the same as the reference, when this machine has it
        # in a pid namespace of its own: the row is a mount's, and other
        # processes of the machine are none of this comparison's business
        ref = run(["unshare", "--pid", "--fork", "--mount-proc",
                   REFERENCE, "lsns", "-J", *args]) \
            if REFERENCE and os.access(REFERENCE, os.X_OK) else None
        if ref is None or ref.returncode != 0:
            print("util-linux 2.42 reference not available: "
                  "compared with the expected text only", file=sys.stderr)
            return
        theirs = {r["ns"]: r for r in json.loads(ref.stdout)["namespaces"]}
        self.assertEqual(data, theirs[ino])

    def test_owner_uid_of_a_namespace_without_processes(self):
        """A netns made in a user namespace of uid 1000, kept by an fd."""
        r, w = os.pipe()
        pid = os.fork()
        if pid == 0:  # the child: make them, then wait to be killed
            try:
                os.close(r)
                os.setgid(1000)
                os.setuid(1000)
                if (nstest._libc.unshare(CLONE_NEWUSER) != 0
                        or nstest._libc.unshare(CLONE_NEWNET) != 0):
                    os._exit(1)
                os.write(w, b"x")
                time.sleep(60)
            finally:
                os._exit(1)
        os.close(w)
        fds = []
        try:
            self.assertEqual(os.read(r, 1), b"x")
            for t in ("user", "net"):
                fds.append(os.open(f"/proc/{pid}/ns/{t}",
                                   os.O_RDONLY | os.O_CLOEXEC))
        finally:
            os.close(r)
            os.kill(pid, 9)
            os.waitpid(pid, 0)
        try:
            user, net = (os.fstat(fd).st_ino for fd in fds)
            rows = rows_by_ns("-t", "net", "-t", "user",
                              "-o", "NS,NPROCS,UID,USER,PATH")
            for ino in (user, net):
                self.assertEqual(rows[ino]["nprocs"], 0)
                self.assertIsNone(rows[ino]["path"])
                # NS_GET_USERNS, then NS_GET_OWNER_UID: uid 1000 made
                # the user namespace (the user namespace: itself)
                self.assertEqual(rows[ino]["uid"], 1000)
        finally:
            for fd in fds:
                os.close(fd)

    def test_first_process_of_every_namespace(self):
        """'lsns 0' as util-linux: one process row per namespace."""
        name, ino = self.ip_netns("z")
        h = self.hold("-t", "uts")
        res = run([LSNS, "-r", "0"], check_rc=0)
        lines = res.stdout.splitlines()
        self.assertEqual(lines[0], "PID PPID USER COMMAND")
        # the namespace without a process: only the owner's USER
        res = run([LSNS, "-J", "-l", "-o", "NS,PID,PPID,USER,COMMAND",
                   "0"], check_rc=0)
        rows = {r["ns"]: r for r in json.loads(res.stdout)["namespaces"]}
        self.assertEqual(rows[ino], {"ns": ino, "pid": None, "ppid": None,
                                     "user": "root", "command": None})
        self.assertEqual(rows[h.ns("uts")]["pid"], h.pid)
        # one row per namespace (other tests' namespaces come and go, so
        # no second listing to compare with): sorted, each once, ours too
        inos = list(rows)
        self.assertEqual(len(res.stdout.split('"ns":')) - 1, len(inos))
        self.assertEqual(inos, sorted(inos))
        for t in nstest.available_types():
            self.assertIsNotNone(rows[nstest.ns_inode(os.getpid(), t)]
                                 ["pid"], t)

    def test_persistent_option(self):
        name, ino = self.ip_netns("p")
        h = self.hold("-F")
        rows = lsns_json("-P")["namespaces"]
        self.assertTrue(all(r["nprocs"] == 0 for r in rows))
        listed = {r["ns"] for r in rows}
        self.assertIn(ino, listed)
        self.assertIn(h.fd_ns[0], listed)
        self.assertNotIn(nstest.ns_inode(os.getpid(), "net"), listed)
        # combined with -t
        rows = lsns_json("-P", "-t", "uts")["namespaces"]
        self.assertNotIn(ino, {r["ns"] for r in rows})

    def test_owner_of_a_user_namespace_without_processes(self):
        # a user namespace kept alive only by the netns it owns
        h = self.hold("-u", "65534", "-t", "user,net", "-r")
        user, net = h.ns("user"), h.ns("net")
        self.persist(f"/proc/{h.pid}/ns/net")
        h.close()
        data = lsns_json("--tree=owner", "-o", "NS,TYPE,NPROCS,UID,USER")
        rows = {r["ns"]: r for r in flatten(data["namespaces"])}
        self.assertEqual(rows[user]["nprocs"], 0)
        self.assertEqual(rows[user]["uid"], 65534)
        self.assertEqual(rows[user]["user"], "nobody")

        def parents_of(ino, nodes):
            found = []
            for r in nodes:
                kids = r.get("children", [])
                if any(c["ns"] == ino for c in kids):
                    found.append(r["ns"])
                found += parents_of(ino, kids)
            return found

        self.assertEqual(parents_of(net, data["namespaces"]), [user])


class FilterTest(NsTestCase):

    def test_filter_by_shown_and_hidden_columns(self):
        h = self.hold("-t", "uts,ipc", "-c", "2")
        uts = h.ns("uts")
        res = run([LSNS, "-n", "-r", "-o", "NS", "-Q",
                   f'TYPE == "uts" && NPROCS == 3 && PID == {h.pid}'],
                  check_rc=0)
        self.assertEqual(res.stdout.split(), [str(uts)])
        res = run([LSNS, "-n", "-r", "-o", "NS,TYPE", "-Q",
                   f'PID == {h.pid} and (TYPE eq "uts" or TYPE eq "ipc")'],
                  check_rc=0)
        self.assertEqual(sorted(res.stdout.splitlines()),
                         sorted([f"{uts} uts", f"{h.ns('ipc')} ipc"]))

    def test_filter_regex_and_command(self):
        h = self.hold("-t", "uts")
        # the PID too: another test program may hold the same command
        res = run([LSNS, "-n", "-r", "-o", "NS", "-Q",
                   f'COMMAND =~ "nsholder -t uts$" && PID == {h.pid}'],
                  check_rc=0)
        self.assertEqual(res.stdout.split(), [str(h.ns("uts"))])

    def test_filter_json_and_namespace_argument(self):
        h = self.hold("-t", "uts", "-c", "2")
        data = lsns_json("-Q", f"PID != {h.pid}", str(h.ns("uts")))
        self.assertEqual(sorted(r["pid"] for r in
                                flatten(data["namespaces"])),
                         sorted(h.children))

    def test_filter_errors(self):
        if os.environ.get("NSTOOLS_SCOLS_FILTER") == "1":
            self.filter_errors_scols()
            return
        cases = [
            ("FOO == 1", "unknown column 'FOO'", ""),
            # "=" starts no token: skipped and echoed, as libsmartcols'
            # scanner does; then a string follows a column
            ("TYPE = \"net\"", "unexpected '\"net\"'", "="),
            ("(TYPE == \"net\"", "expected ')'", ""),
            ("TYPE =~ \"(\"", "invalid regular expression", ""),
        ]
        for expr, message, out in cases:
            res = run([LSNS, "-Q", expr])
            self.assertEqual(res.returncode, 1, expr)
            self.assertEqual(res.stdout, out)
            self.assertTrue(res.stderr.startswith(nstest.named(
                f"lsns: failed to parse filter '{expr}': ")), res.stderr)
            self.assertIn(message, res.stderr)
            self.assertEqual(len(res.stderr.splitlines()), 1)
        # refused when the first row is compared, in 2.42's words
        res = run([LSNS, "-Q", "TYPE == 1"])
        self.assertEqual((res.returncode, res.stdout, res.stderr),
                         (1, "", nstest.named(
                             "lsns: failed to apply filter: "
                             "Invalid argument\n")))

    def filter_errors_scols(self):
        """libsmartcols' filter: util-linux 2.42's messages (the
        parser's own texts are compared with 2.42 by compat-lsns)."""
        parse = 'lsns: failed to parse "{}": '
        cases = [
            ("FOO == 1", "lsns: unknown column: FOO\n"
             "lsns: failed to initialize filter\n"),
            ("NPROCS > 1 && BAR == 2", "lsns: unknown column: BAR\n"
             "lsns: failed to initialize filter\n"),
            ("TYPE = \"net\"", parse + "syntax error, "),
            ("(TYPE == \"net\"", parse + "syntax error, "),
            ("TYPE =~ \"(\"", parse),
            # refused when the first row is compared
            ("TYPE == 1", "lsns: failed to apply filter: Invalid argument\n"),
        ]
        for expr, message in cases:
            res = run([LSNS, "-Q", expr])
            self.assertEqual(res.returncode, 1, expr)
            # the library's scanner echoes a character it has no rule
            # for ("=" of "TYPE = ...") to stdout, as in util-linux 2.42
            self.assertEqual(res.stdout.strip("="), "")
            if "{}" in message:
                self.assertTrue(res.stderr.startswith(
                    nstest.named(message.format(expr))), res.stderr)
                self.assertEqual(len(res.stderr.splitlines()), 1)
            else:
                self.assertEqual(res.stderr, nstest.named(message))

    def test_last_filter_wins(self):
        res = run([LSNS, "-n", "-r", "-o", "TYPE", "-Q", 'TYPE == "net"',
                   "-Q", 'TYPE == "uts"'], check_rc=0)
        self.assertEqual(set(res.stdout.split()), {"uts"})


class NotSupportedTest(NsTestCase):

    def test_enotty_is_exit_status_2(self):
        res = run([ERRINJECT, hex(NS_GET_USERNS), str(ENOTTY), LSNS,
                   "-o", "NS,ONS"])
        self.assertEqual(res.returncode, 2, res.stderr)
        self.assertEqual(res.stdout, "")
        self.assertEqual(res.stderr, nstest.named(
            "lsns: failed to query namespace relations "
            "(ioctl_ns): Inappropriate ioctl for device\n"))

    def test_enotty_does_not_matter_when_not_asked(self):
        res = run([ERRINJECT, hex(NS_GET_USERNS), str(ENOTTY), LSNS,
                   "-o", "NS,TYPE"])
        self.assertEqual(res.returncode, 0, res.stderr)

    def test_eperm_is_not_an_error(self):
        # relations we may not see are just left out
        EPERM = 1
        res = run([ERRINJECT, hex(NS_GET_USERNS), str(EPERM), LSNS,
                   "-J", "-o", "NS,ONS"])
        self.assertEqual(res.returncode, 0, res.stderr)
        rows = json.loads(res.stdout)["namespaces"]
        self.assertTrue(rows)
        self.assertTrue(all(r["ons"] == 0 for r in rows))


if __name__ == "__main__":
    nstest.require_root()
    nstest.require(LSNS, "lsns")
    nstest.require(nstest.NSHOLDER, "nsholder")
    nstest.require(ERRINJECT, "errinject")
    # ip netns set NAME 42: NSIDs are per network namespace
    nstest.main(net_namespace=True)
