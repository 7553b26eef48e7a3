# SPDX-License-Identifier: MIT
"""lsns against real namespaces made by the test (needs root)."""

import json
import os
import subprocess
import sys
import time

sys.path.insert(0, os.path.join(os.environ.get("NSTOOLS_SOURCE_ROOT", ""),
                                "tests", "pylib"))
import nstest  # noqa: E402
from nstest import LSNS, NsTestCase, flatten, lsns_json, run  # noqa: E402

ALL_COLUMNS = ["NS", "TYPE", "PATH", "NPROCS", "PID", "PPID", "COMMAND",
               "UID", "USER", "NETNSID", "NSFS", "PNS", "ONS"]
# -H also lists our extension (lsns(8)), which --output-all leaves out
LISTED_COLUMNS = ALL_COLUMNS + ["NSID"]


def rows_by_ns(*args):
    return {r["ns"]: r for r in flatten(lsns_json(*args)["namespaces"])}


def raw_rows(*args):
    res = run([LSNS, "-r", "-n", *args], check_rc=0)
    return [line.split(" ") for line in res.stdout.splitlines()]


def proc_namespaces():
    """{(pid, start time): {(ino, type), ...}} of every process."""
    found = {}
    for pid in nstest.proc_pids():
        try:
            start = nstest.proc_stat(pid)[19]
            nss = frozenset((nstest.ns_inode(pid, t), t)
                            for t in nstest.available_types())
        except OSError:
            continue
        found[(pid, start)] = nss
    return found


def nsholder_command(args):
    return " ".join([os.environ["NSTOOLS_NSHOLDER"], *args])


class TypesTest(NsTestCase):
    """Each type: a fresh namespace shows up with the right counts."""

    def check_type(self, nstype, holder_args, members):
        h = self.hold("-t", nstype, *holder_args)
        member_pids = h.pids if members == "all" else h.children
        ino = h.ns(nstype, member_pids[0])
        rows = rows_by_ns("-t", nstype, "-o",
                          "NS,TYPE,NPROCS,PID,PPID,USER,COMMAND")
        self.assertIn(ino, rows, f"{nstype} namespace {ino} not listed")
        row = rows[ino]
        self.assertEqual(row["type"], nstype)
        self.assertEqual(row["nprocs"], len(member_pids))
        self.assertEqual(row["pid"], min(member_pids))
        self.assertEqual(row["user"], "root")
        self.assertEqual(row["ppid"], int(nstest.proc_stat(row["pid"])[1]))
        self.assertEqual(row["command"],
                         nsholder_command(["-t", nstype, *holder_args]))
        # with -t, no other type is listed
        self.assertEqual({r["type"] for r in rows.values()}, {nstype})

    def test_uts(self):
        self.check_type("uts", ["-c", "2"], "all")

    def test_ipc(self):
        self.check_type("ipc", ["-c", "1"], "all")

    def test_net(self):
        self.check_type("net", [], "all")

    def test_mnt(self):
        self.check_type("mnt", ["-c", "3"], "all")

    def test_cgroup(self):
        self.check_type("cgroup", [], "all")

    def test_user(self):
        self.check_type("user", ["-r", "-c", "1"], "all")

    def test_pid(self):
        # the holder stays outside; its children are the members
        self.check_type("pid", ["-c", "3"], "children")

    def test_time(self):
        if "time" not in nstest.available_types():
            self.skipTest("kernel without time namespaces")
        self.check_type("time", ["-c", "2"], "children")


class NestedFixture:
    """sh in a new uts namespace; on request, a child of it alone in a
    new ipc namespace."""

    def __init__(self):
        self.proc = subprocess.Popen(
            ["unshare", "--uts", "sh", "-c", "echo $$; read x; "
             "unshare --ipc sleep 600 & echo $!; read x; kill $!; wait"],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        self.pid = int(self.proc.stdout.readline())

    def spawn(self):
        self.proc.stdin.write("\n")
        self.proc.stdin.flush()
        child = int(self.proc.stdout.readline())
        # wait for the child's own ipc namespace (unshare, then exec)
        ipc = nstest.ns_inode(self.pid, "ipc")
        for _ in range(500):
            if nstest.ns_inode(child, "ipc") != ipc and \
                    nstest.proc_stat(child)[0] == "S":
                return child
            time.sleep(0.01)
        raise RuntimeError("the nested ipc namespace did not appear")

    def close(self):
        if self.proc.poll() is None:
            self.proc.stdin.close()
            self.proc.wait(timeout=10)
        self.proc.stdout.close()


class ListingTest(NsTestCase):

    def nested_fixture(self):
        """A uts namespace U whose member's child is alone in an ipc
        namespace C, and an ipc namespace S made between the two (so
        usually U < S < C): in the process tree C then hangs below U,
        and the tree lists C before S although S < C."""
        outer = self.close_after(NestedFixture())
        s = self.hold("-t", "ipc")
        child = outer.spawn()
        return (nstest.ns_inode(outer.pid, "uts"), s.ns("ipc"),
                nstest.ns_inode(child, "ipc"))

    def test_default_tree_order(self):
        """The default output is a process tree of rows sorted by NS:
        top-level rows ascend, children follow their parent and ascend
        below it. The listing as a whole need not be sorted."""
        h = self.hold("-t", "uts,ipc", "-c", "1")
        u, s, c = self.nested_fixture()

        def check(rows, parent):
            inos = [r["ns"] for r in rows]
            self.assertEqual(inos, sorted(inos), f"below {parent}")
            order = []
            for r in rows:
                if parent is not None:
                    self.assertGreater(r["ns"], parent)
                order += [r["ns"]] + check(r.get("children", []), r["ns"])
            return order

        tree = lsns_json("-o", "NS,TYPE,NPROCS,PID,USER,COMMAND")
        depth_first = check(tree["namespaces"], None)
        # C hangs below U when U's row comes first (inode numbers are
        # reused, lowest free first: C may be the lower one)
        (urow,) = [r for r in self.walk(tree["namespaces"]) if r["ns"] == u]
        self.assertEqual(c in [r["ns"] for r in urow.get("children", [])],
                         u < c)
        self.assertEqual(c in [r["ns"] for r in tree["namespaces"]], c < u)
        res = run([LSNS], check_rc=0)
        lines = res.stdout.splitlines()
        self.assertEqual(lines[0].split(),
                         ["NS", "TYPE", "NPROCS", "PID", "USER", "COMMAND"])
        inos = [int(line.split()[0]) for line in lines[1:]]
        # the same tree (nothing else runs in this pid namespace)
        self.assertEqual(inos, depth_first)
        if u < s < c:
            self.assertNotEqual(inos, sorted(inos))
        self.assertIn(h.ns("uts"), inos)
        self.assertIn(h.ns("ipc"), inos)
        types = {line.split()[1] for line in lines[1:]}
        self.assertEqual(types, set(nstest.available_types()))

    @classmethod
    def walk(cls, rows):
        for r in rows:
            yield r
            yield from cls.walk(r.get("children", []))

    def test_repeated_type_option(self):
        self.hold("-t", "uts,ipc,net")
        types = {r[1] for r in raw_rows("-t", "uts", "-t", "ipc",
                                        "-o", "NS,TYPE")}
        self.assertEqual(types, {"uts", "ipc"})

    def test_task(self):
        h = self.hold("-t", "uts,net", "-c", "1")
        rows = raw_rows("-p", str(h.children[0]), "-o", "NS,TYPE,PID")
        expected = {(h.ns(t), t) for t in nstest.available_types()}
        self.assertEqual({(int(r[0]), r[1]) for r in rows}, expected)
        # PID stays the lowest PID of each namespace, not the task
        pids = {r[1]: int(r[2]) for r in rows}
        self.assertEqual(pids["uts"], h.pid)

    def test_task_without_process_prints_nothing(self):
        res = run([LSNS, "-p", "2147483647"], check_rc=0)
        self.assertEqual(res.stdout, "")

    def test_namespace_argument_lists_members(self):
        h = self.hold("-t", "uts", "-c", "2")
        res = run([LSNS, "-r", str(h.ns("uts"))], check_rc=0)
        lines = res.stdout.splitlines()
        self.assertEqual(lines[0], "PID PPID USER COMMAND")
        pids = [int(line.split(" ")[0]) for line in lines[1:]]
        self.assertEqual(pids, sorted(h.pids))
        ppids = [int(line.split(" ")[1]) for line in lines[1:]]
        self.assertEqual(ppids[1:], [h.pid, h.pid])

    def test_namespace_argument_json_tree(self):
        h = self.hold("-t", "uts", "-c", "2")
        data = lsns_json(str(h.ns("uts")))
        (top,) = data["namespaces"]
        self.assertEqual(top["pid"], h.pid)
        self.assertEqual([c["pid"] for c in top["children"]], h.children)
        self.assertEqual(list(top), ["pid", "ppid", "user", "command",
                                     "children"])

    def test_namespace_argument_list_is_flat(self):
        h = self.hold("-t", "uts", "-c", "2")
        res = run([LSNS, "-l", "-n", "-o", "PID,COMMAND", str(h.ns("uts"))],
                  check_rc=0)
        self.assertNotIn("─", res.stdout)
        self.assertEqual(len(res.stdout.splitlines()), 3)

    def test_namespace_argument_ignores_parent_and_owner_trees(self):
        # as util-linux: processes have no parent or owner namespace, so
        # -Tparent and -T(owner) give a flat list, -Tprocess a tree
        h = self.hold("-t", "uts", "-c", "2")
        ns = str(h.ns("uts"))
        flat = [f"{pid} root" for pid in sorted(h.pids)]
        for args in (["-Tparent"], ["-T"], ["--tree=owner"], ["-T=parent"]):
            res = run([LSNS, "-n", "-o", "PID,USER", *args, ns], check_rc=0)
            self.assertEqual([" ".join(ln.split())
                              for ln in res.stdout.splitlines()], flat, args)
        res = run([LSNS, "-n", "-o", "PID,COMMAND", "-Tprocess", ns],
                  check_rc=0)
        self.assertEqual([ln.split()[1][:2] for ln in
                          res.stdout.splitlines()[1:]], ["├─", "└─"])

    def test_path_column(self):
        h = self.hold("-t", "uts")
        rows = rows_by_ns("-t", "uts", "-o", "+PATH")
        self.assertEqual(rows[h.ns("uts")]["path"], f"/proc/{h.pid}/ns/uts")

    def test_output_all(self):
        res = run([LSNS, "--output-all", "-t", "uts"], check_rc=0)
        self.assertEqual(res.stdout.splitlines()[0].split(), ALL_COLUMNS)

    def test_last_output_option_alone(self):
        """As util-linux 2.42: only the last -o counts, and its columns
        are read after the other options and the namespace argument."""
        res = run([LSNS, "-o", "NS", "-o", "+PATH", "-t", "uts"],
                  check_rc=0)
        self.assertEqual(res.stdout.splitlines()[0].split(),
                         ["NS", "TYPE", "NPROCS", "PID", "USER", "COMMAND",
                          "PATH"])
        res = run([LSNS, "-o", "FOO", "-o", "NS", "-t", "uts"], check_rc=0)
        self.assertEqual(res.stdout.splitlines()[0].split(), ["NS"])
        res = run([LSNS, "-o", "FOO", "-H"], check_rc=0)
        self.assertEqual(res.stdout.split()[0], "NS")
        for args, message in (
                (["-o", "FOO", "-t", "foo"],
                 "lsns: unknown namespace type: foo\n"),
                (["-o", "FOO", "-p", "abc"],
                 "lsns: invalid PID argument: 'abc'\n"),
                (["-o", "FOO", "abc"],
                 "lsns: invalid namespace argument: 'abc'\n"),
                (["-o", "FOO", "-J", "-r"],
                 "lsns: options --json and --raw cannot be combined\n")):
            res = run([LSNS, *args])
            self.assertEqual((res.returncode, res.stdout, res.stderr),
                             (1, "", nstest.named(message)), args)

    def test_output_replaces_and_plus_appends(self):
        res = run([LSNS, "-o", "type,ns", "-t", "uts"], check_rc=0)
        self.assertEqual(res.stdout.splitlines()[0].split(), ["TYPE", "NS"])
        res = run([LSNS, "-o", "+PPID,UID", "-t", "uts"], check_rc=0)
        self.assertEqual(res.stdout.splitlines()[0].split(),
                         ["NS", "TYPE", "NPROCS", "PID", "USER", "COMMAND",
                          "PPID", "UID"])

    def test_net_type_adds_netnsid_and_nsfs(self):
        """util-linux 2.42: whenever net is among the -t types."""
        with_net = ["NS", "TYPE", "NPROCS", "PID", "USER", "NETNSID", "NSFS",
                    "COMMAND"]
        plain = ["NS", "TYPE", "NPROCS", "PID", "USER", "COMMAND"]
        for args, header in ((["-t", "net"], with_net),
                             (["-t", "net", "-t", "uts"], with_net),
                             (["-t", "uts", "-t", "net", "-l"], with_net),
                             (["-t", "user", "-t", "net", "-t", "pid"],
                              with_net),
                             (["-t", "uts", "-t", "ipc"], plain),
                             ([], plain)):
            res = run([LSNS, *args], check_rc=0)
            self.assertEqual(res.stdout.splitlines()[0].split(), header,
                             args)

    def test_noheadings_and_raw(self):
        h = self.hold("-t", "uts")
        res = run([LSNS, "-n", "-r", "-t", "uts", "-o", "NS,COMMAND"],
                  check_rc=0)
        self.assertIn(f"{h.ns('uts')} "
                      + nsholder_command(["-t", "uts"]).replace(" ", "\\x20"),
                      res.stdout.splitlines())
        self.assertFalse(res.stdout.startswith("NS"))

    def test_json_types(self):
        h = self.hold("-t", "uts")
        row = rows_by_ns("-t", "uts", "--output-all")[h.ns("uts")]
        self.assertEqual(list(row), [c.lower() for c in ALL_COLUMNS])
        for key in ("ns", "nprocs", "pid", "ppid", "uid", "pns", "ons"):
            self.assertIsInstance(row[key], int, key)
        self.assertIsNone(row["netnsid"])  # only network namespaces have one
        self.assertIsNone(row["nsfs"])

    def test_user_and_uid_of_other_users(self):
        h = self.hold("-u", "65534", "-t", "user,uts", "-r")
        row = rows_by_ns("-t", "uts", "-o", "NS,UID,USER")[h.ns("uts")]
        self.assertEqual(row["uid"], 65534)
        self.assertEqual(row["user"], "nobody")

    def on_terminal(self, cols, *args):
        """lsns on a pseudo-terminal COLS wide (script(1) makes it)."""
        cmd = " ".join([f"stty cols {cols};", LSNS, *args])
        res = run(["script", "-qec", cmd, "/dev/null"], check_rc=0)
        return res.stdout.replace("\r\n", "\n").splitlines()

    def test_notruncate(self):
        h = self.hold("-t", "uts")
        command = nsholder_command(["-t", "uts"])
        # a terminal too narrow for the COMMAND: it is cut to fit ...
        lines = self.on_terminal(60, "-t", "uts")
        row = [ln for ln in lines if ln.startswith(str(h.ns("uts")))][0]
        self.assertLessEqual(len(row), 60)
        self.assertNotIn(command, row)
        self.assertIn(command[:20], row)
        # ... unless -u says not to
        lines = self.on_terminal(60, "-u", "-t", "uts")
        row = [ln for ln in lines if ln.startswith(str(h.ns("uts")))][0]
        self.assertTrue(row.endswith(command), row)

    def test_same_namespaces_as_proc(self):
        """Every ns link of every process is listed, and nothing else."""
        self.hold("-t", "uts,ipc,net,mnt", "-c", "2")
        # Other processes may come and go, and a freed namespace inode
        # can be reused at once: judge by processes that lived (same
        # start time, same namespaces) through the whole run, and try
        # again if the machine was busy.
        for _ in range(5):
            before = proc_namespaces()
            listed = {(int(r[0]), r[1])
                      for r in raw_rows("-o", "NS,TYPE,NPROCS")
                      if int(r[2]) > 0}
            after = proc_namespaces()
            stable = {ns for key, nss in before.items()
                      if after.get(key) == nss for ns in nss}
            seen = set().union(*before.values(), *after.values())
            if stable <= listed and listed <= seen:
                break
        self.assertLessEqual(stable, listed)
        self.assertLessEqual(listed, seen)
        mine = {(nstest.ns_inode(os.getpid(), t), t)
                for t in nstest.available_types()}
        self.assertLessEqual(mine, listed)


class UnprivilegedTest(NsTestCase):
    """A user gets what they can read: no error, no crash."""

    def run_as_nobody(self, *args):
        return run(["setpriv", "--reuid=65534", "--regid=65534",
                    "--clear-groups", LSNS, *args])

    def test_nobody_lists_own_namespaces(self):
        self.hold("-t", "uts,net")  # root's, partly hidden from nobody
        res = self.run_as_nobody("-J", "--output-all")
        self.assertEqual(res.returncode, 0, res.stderr)
        self.assertEqual(res.stderr, "")
        rows = flatten(json.loads(res.stdout)["namespaces"])
        listed = {r["ns"] for r in rows}
        # nobody shares our namespaces: at least those are there
        for t in nstest.available_types():
            self.assertIn(nstest.ns_inode(os.getpid(), t), listed)

    def test_nobody_modes(self):
        for args in ([], ["-Tparent"], ["-Towner", "-o", "+PNS,ONS"],
                     ["-t", "net"], ["-P"], ["-p", "1"],
                     [str(nstest.ns_inode(os.getpid(), "uts"))]):
            res = self.run_as_nobody(*args)
            self.assertEqual(res.returncode, 0, f"{args}: {res.stderr}")
            self.assertEqual(res.stderr, "", args)


class RelationsTest(NsTestCase):

    def test_pns_and_ons(self):
        h = self.hold("-t", "user,pid,uts", "-r", "-c", "1")
        child = h.children[0]
        rows = rows_by_ns("-o", "NS,TYPE,PNS,ONS")
        me = os.getpid()
        pid_row = rows[h.ns("pid", child)]
        self.assertEqual(pid_row["pns"], nstest.ns_inode(me, "pid"))
        self.assertEqual(pid_row["ons"], h.ns("user"))
        user_row = rows[h.ns("user")]
        self.assertEqual(user_row["pns"], nstest.ns_inode(me, "user"))
        self.assertEqual(user_row["ons"], nstest.ns_inode(me, "user"))
        uts_row = rows[h.ns("uts")]
        self.assertEqual(uts_row["pns"], 0)  # uts has no parent
        self.assertEqual(uts_row["ons"], h.ns("user"))

    def test_owner_tree(self):
        h = self.hold("-t", "user,uts", "-r")
        data = lsns_json("-T", "-o", "NS,TYPE")  # bare -T: owner
        root_user = nstest.ns_inode(os.getpid(), "user")
        (top,) = [r for r in data["namespaces"] if r["ns"] == root_user]
        mine = [c for c in top["children"] if c["ns"] == h.ns("user")]
        self.assertEqual(len(mine), 1)
        self.assertEqual([c["ns"] for c in mine[0]["children"]],
                         [h.ns("uts")])

    def test_parent_tree(self):
        h = self.hold("-t", "pid", "-c", "1")
        data = lsns_json("--tree=parent", "-t", "pid", "-o", "NS,NPROCS")
        root_pid = nstest.ns_inode(os.getpid(), "pid")
        tops = {r["ns"]: r for r in data["namespaces"]}
        self.assertIn(root_pid, tops)
        kids = [c["ns"] for c in tops[root_pid].get("children", [])]
        self.assertIn(h.ns("pid", h.children[0]), kids)
        # as 2.42 (2.38 added the owning user namespaces, NPROCS 0):
        # -t pid lists pid namespaces only
        root_user = nstest.ns_inode(os.getpid(), "user")
        self.assertNotIn(root_user, [r["ns"] for r in
                                     flatten(data["namespaces"])])
        types = {r["type"] for r in flatten(lsns_json(
            "--tree=parent", "-t", "pid", "-o", "NS,TYPE")["namespaces"])}
        self.assertEqual(types, {"pid"})

    def test_process_tree_default(self):
        # the holder's child is alone in a new uts namespace: its row
        # hangs under the holder's ipc row if that row comes earlier
        h = self.hold("-t", "ipc", "-c", "1", "-x", "uts")
        ipc, uts = h.ns("ipc"), h.ns("uts", h.children[0])
        data = lsns_json("-t", "ipc", "-t", "uts", "-o", "NS,PID,COMMAND")
        tops = {r["ns"]: r for r in data["namespaces"]}
        if ipc < uts:
            self.assertNotIn(uts, tops)
            self.assertEqual([c["ns"] for c in tops[ipc]["children"]], [uts])
        else:
            self.assertIn(uts, tops)
            self.assertNotIn("children", tops[ipc])
        res = run([LSNS, "-n", "-t", "ipc", "-t", "uts",
                   "-o", "NS,COMMAND"], check_rc=0)
        line = [ln for ln in res.stdout.splitlines()
                if ln.startswith(str(uts))][0]
        self.assertEqual("└─" in line, ipc < uts)
        # -l: a flat list
        res = run([LSNS, "-l", "-n", "-t", "ipc", "-t", "uts",
                   "-o", "NS,COMMAND"], check_rc=0)
        self.assertNotIn("└─", res.stdout)

    def test_tree_needs_its_column(self):
        h = self.hold("-t", "user,uts", "-r")
        data = lsns_json("--tree=owner", "-o", "TYPE,NPROCS")
        self.assertTrue(all("children" not in r for r in data["namespaces"]))
        del h


class ErrorsTest(NsTestCase):

    def check_error(self, args, message, rc=1):
        res = run([LSNS, *args])
        self.assertEqual(res.returncode, rc, res.stderr)
        self.assertEqual(res.stderr, nstest.named(message))
        self.assertEqual(res.stdout, "")

    def test_unknown_type(self):
        self.check_error(["-t", "foo"], "lsns: unknown namespace type: foo\n")

    def test_unknown_column(self):
        self.check_error(["-o", "NS,FOO"], "lsns: unknown column: FOO\n")
        self.check_error(["-o", "+BAR"], "lsns: unknown column: BAR\n")
        self.check_error(["-o", "NS,"], "lsns: unknown column: NS,\n")
        # util-linux exits 1 without a word here; we say why (lsns(8))
        self.check_error(["-o", ""], "lsns: unknown column: \n")
        self.check_error(["-o", "+"], "lsns: unknown column: \n")
        self.check_error(["-o", "NS,,TYPE"],
                         "lsns: unknown column: NS,,TYPE\n")

    def test_bad_namespace_argument(self):
        self.check_error(["abc"], "lsns: invalid namespace argument: 'abc'\n")
        self.check_error(["99999999999999999999999"],
                         "lsns: invalid namespace argument: "
                         "'99999999999999999999999': "
                         "Numerical result out of range\n")

    def test_negative_namespace_argument(self):
        # as util-linux 2.38 and 2.42: strtoul's range error
        self.check_error(["--", "-4026531836"],
                         "lsns: invalid namespace argument: '-4026531836': "
                         "Numerical result out of range\n")
        self.check_error(["--", " -1"],
                         "lsns: invalid namespace argument: ' -1': "
                         "Numerical result out of range\n")
        for bad in ("+-1", "+", " ", "1 ", "0x10", "++1", "+ 1"):
            self.check_error([bad], f"lsns: invalid namespace argument: "
                             f"'{bad}'\n")

    def test_namespace_argument_by_strtol_rules(self):
        h = self.hold("-t", "uts", "-c", "1")
        ns = h.ns("uts")
        expected = run([LSNS, "-r", "-n", str(ns)], check_rc=0).stdout
        self.assertEqual(len(expected.splitlines()), 2)
        for arg in (f"+{ns}", f" {ns}", f"\t+{ns}", f"00{ns}"):
            res = run([LSNS, "-r", "-n", arg], check_rc=0)
            self.assertEqual(res.stdout, expected, repr(arg))

    def test_task_by_strtol_rules(self):
        h = self.hold("-t", "uts")
        expected = run([LSNS, "-r", "-n", "-o", "NS", "-p", str(h.pid)],
                       check_rc=0).stdout
        self.assertIn(str(h.ns("uts")), expected.split())
        for arg in (f"+{h.pid}", f" {h.pid}", f" +{h.pid}"):
            res = run([LSNS, "-r", "-n", "-o", "NS", "-p", arg], check_rc=0)
            self.assertEqual(res.stdout, expected, repr(arg))
        # as 2.42 (2.38 took 0 for "no -p" and negative PIDs): out of range
        for arg in ("2147483648", "-2147483649", "0", " +0", "-0",
                    f" -{h.pid}", "-2147483648"):
            self.check_error(["-p", arg], f"lsns: invalid PID argument: "
                             f"'{arg}': Numerical result out of range\n")
        for arg in ("+-1", "1 ", "+"):
            self.check_error(["-p", arg],
                             f"lsns: invalid PID argument: '{arg}'\n")

    def test_namespace_not_found(self):
        self.check_error(["123"], "lsns: not found namespace: 123\n")

    def test_namespace_of_other_type_not_found(self):
        ino = nstest.ns_inode(os.getpid(), "uts")
        self.check_error(["-t", "net", str(ino)],
                         f"lsns: not found namespace: {ino}\n")

    def test_task_and_namespace(self):
        ino = nstest.ns_inode(os.getpid(), "uts")
        message = "lsns: --task is mutually exclusive with <namespace>\n"
        self.check_error(["-p", "1", str(ino)], message)
        # said before the argument is read: "owner" is the argument here
        self.check_error(["-p", "1", "-T", "owner"], message)
        self.check_error(["-p", "1", "--", "-5"], message)

    def test_persistent_and_task(self):
        """util-linux 2.42's words, the options in the order given, said
        when the second one is met (before its argument is read)."""
        self.check_error(["-P", "-p", "1"], "lsns: options --persistent "
                         "and --task cannot be combined\n")
        self.check_error(["--task", "1", "--persistent"], "lsns: options "
                         "--task and --persistent cannot be combined\n")
        self.check_error(["-P", "-p", "abc"], "lsns: options --persistent "
                         "and --task cannot be combined\n")
        self.check_error(["-p", "abc", "-P"],
                         "lsns: invalid PID argument: 'abc'\n")
        self.check_error(["-p", "1", "-P", "-H"], "lsns: options --task "
                         "and --persistent cannot be combined\n")

    def test_bad_pid(self):
        self.check_error(["-p", "abc"], "lsns: invalid PID argument: 'abc'\n")

    def test_json_and_raw(self):
        # util-linux 2.42's words, the options in the order given
        self.check_error(["-J", "-r"],
                         "lsns: options --json and --raw cannot be combined\n")
        self.check_error(["--raw", "-J"],
                         "lsns: options --raw and --json cannot be combined\n")
        self.check_error(["-J", "-J", "-H", "-r"],
                         "lsns: options --json and --raw cannot be combined\n")

    def test_unknown_tree(self):
        self.check_error(["--tree=foo"], "lsns: unknown tree type: foo\n")
        # one "=" is skipped, as util-linux does, not two
        self.check_error(["-T==parent"],
                         "lsns: unknown tree type: =parent\n")
        self.check_error(["-T="], "lsns: unknown tree type: \n")
        self.check_error(["--tree="], "lsns: unknown tree type: \n")

    def test_bad_threads_variable_is_ignored(self):
        me = nstest.ns_inode(os.getpid(), "uts")
        args = [LSNS, "-r", "-n", "-t", "uts", "-o", "NS", "-Q", f"NS=={me}"]
        for value in ("x", "abc", "0", "-1", "99999"):
            res = run(args, env={"NSTOOLS_THREADS": value})
            self.assertEqual(res.returncode, 0, value)
            self.assertEqual(res.stderr, nstest.named(
                "lsns: ignoring invalid "
                f"NSTOOLS_THREADS value: '{value}'\n"))
            self.assertEqual(res.stdout, f"{me}\n")

    def test_bad_option(self):
        # getopt's messages name the tool, "lsns: ...", as every other
        # message and as unshare's and nsenter's (util-linux's name the
        # path it was run by)
        hint = "Try 'lsns --help' for more information.\n"
        self.check_error(["-x"], "lsns: invalid option -- 'x'\n" + hint)
        self.check_error(["--bogus"],
                         "lsns: unrecognized option '--bogus'\n" + hint)
        self.check_error(["-o"],
                         "lsns: option requires an argument -- 'o'\n" + hint)

    def test_ambiguous_in_util_linux_order(self):
        # getopt lists the possibilities in table order: 2.42's
        hint = "Try 'lsns --help' for more information.\n"
        for opt, names in (
                ("--no", "'--notruncate' '--noheadings' '--nowrap'"),
                ("--n", "'--notruncate' '--noheadings' '--nowrap'"),
                ("--o", "'--output' '--output-all'"),
                ("--l", "'--list' '--list-columns'"),
                ("--t", "'--task' '--type' '--tree'")):
            with self.subTest(option=opt):
                self.check_error([opt], f"lsns: option '{opt}' is "
                                 f"ambiguous; possibilities: {names}\n"
                                 + hint)


class TreeOptionTest(NsTestCase):

    def test_short_option_skips_one_equals_sign(self):
        # "-T=parent" is "-Tparent" in util-linux, and so "--tree==parent"
        h = self.hold("-t", "pid", "-c", "1")
        child = str(h.ns("pid", h.children[0]))
        parent = str(h.ns("pid"))
        expected = None
        for args in (["-Tparent"], ["-T=parent"], ["--tree==parent"]):
            res = run([LSNS, "-n", "-t", "pid", "-o", "NS", *args,
                       "-Q", f"NS == {child} || NS == {parent}"], check_rc=0)
            if expected is None:
                expected = res.stdout
                # the parent pid namespace is shown above the row
                self.assertEqual(expected.splitlines()[-1], f"└─{child}")
            self.assertEqual(res.stdout, expected, args)
        uts = h.ns("uts")
        for tree in ("owner", "process"):
            a, b = (run([LSNS, "-J", "-t", "uts", "-o", "NS,TYPE,COMMAND",
                         "-Q", f"NS == {uts}", opt], check_rc=0).stdout
                    for opt in (f"-T{tree}", f"-T={tree}"))
            self.assertEqual(a, b, tree)
            self.assertIn(f'"ns": {uts}', a)


class StdoutTest(NsTestCase):

    def test_closed_stdout_is_not_an_error(self):
        # util-linux exits 0 on purpose when stdout is closed ("lsns >&-")
        for args in ([], ["-J"], ["-H"], ["--help"]):
            res = subprocess.run(["sh", "-c", 'exec "$@" >&-', "sh",
                                  LSNS, *args], capture_output=True,
                                 text=True, stdin=subprocess.DEVNULL)
            self.assertEqual((res.returncode, res.stderr), (0, ""), args)

    def test_closed_stdin_and_stdout(self):
        res = subprocess.run(["sh", "-c", 'exec "$@" >&- <&-', "sh",
                              LSNS, "-t", "net"], capture_output=True,
                             text=True)
        self.assertEqual((res.returncode, res.stderr), (0, ""))


class FilterMemoryTest(NsTestCase):

    @staticmethod
    def peak_rss_kb(*args):
        """Peak RSS of one lsns run, in KiB (wait4 reports that child)."""
        proc = subprocess.Popen([LSNS, *args], stdout=subprocess.DEVNULL,
                                stderr=subprocess.PIPE,
                                stdin=subprocess.DEVNULL)
        err = proc.stderr.read()
        proc.stderr.close()
        _, status, usage = os.wait4(proc.pid, 0)
        proc.returncode = os.waitstatus_to_exitcode(status)
        if proc.returncode != 0:
            raise AssertionError(f"lsns {args[:1]}...: exit "
                                 f"{proc.returncode}: {err}")
        return usage.ru_maxrss

    def test_long_filter_memory_is_linear(self):
        # the longest argument Linux passes: 128 KiB less one byte
        expr = "''||" * 32767 + "''"
        base = self.peak_rss_kb("-n", "-Q", "''")
        long = self.peak_rss_kb("-n", "-Q", expr)
        # 32768 empty strings and their nodes: a few MiB, not 136 MiB
        self.assertLess(long - base, 40 * 1024,
                        f"{long} KiB with the filter, {base} KiB without")


class InfoTest(NsTestCase):

    def test_version(self):
        res = run([LSNS, "-V"], check_rc=0)
        # the one version: meson's project version (NSTOOLS_VERSION)
        self.assertEqual(res.stdout, f"{nstest.tool_name('lsns')} from "
                         f"nstools {os.environ['NSTOOLS_VERSION']}\n")
        self.assertEqual(run([LSNS, "--version"], check_rc=0).stdout,
                         res.stdout)

    def test_help(self):
        res = run([LSNS, "--help"], check_rc=0)
        lines = res.stdout.splitlines()
        name = nstest.tool_name("lsns")
        self.assertEqual(lines[:3], ["", "Usage:",
                                     f" {name} [options] [<namespace ID>]"])
        self.assertEqual(lines[-1], f"For more details see {name}(8).")
        self.assertIn(" -t, --type <name>      namespace type (mnt, net, ipc,"
                      " user, pid, uts, cgroup, time)", lines)
        self.assertIn(" -T, --tree[=<rel>]     use tree format (parent, owner,"
                      " or process)", lines)
        # as 2.42: the columns are listed by -H, not here
        self.assertFalse(any(line.split()[:1] == ["NETNSID"]
                             for line in lines))

    def test_list_columns(self):
        # as util-linux 2.42: no header line, with -n or without
        for args in (["-H"], ["-H", "-n"]):
            res = run([LSNS] + args, check_rc=0)
            names = [line.split()[0] for line in res.stdout.splitlines()]
            self.assertEqual(names, LISTED_COLUMNS)
        self.assertRegex(res.stdout, r"(?m)^ +NS <integer> +namespace "
                         r"identifier \(inode number\)$")
        res = run([LSNS, "-H", "-r"], check_rc=0)
        self.assertEqual(res.stdout.splitlines()[0],
                         r"NS <integer> namespace\x20identifier"
                         r"\x20(inode\x20number)")
        data = lsns_json("-H")
        self.assertEqual(list(data), ["lsns-columns"])
        self.assertEqual(list(data["lsns-columns"][0]),
                         ["holder", "type", "description"])
        # NETNSID is a <string>
        res = run([LSNS, "-H"], check_rc=0)
        lines = res.stdout.splitlines()
        self.assertEqual([line.split()[0] for line in lines], LISTED_COLUMNS)
        self.assertEqual(lines[0], "     NS <integer> namespace identifier"
                         " (inode number)")
        self.assertEqual(lines[9], "NETNSID <string>  namespace ID as used by"
                         " network subsystem")
        data = lsns_json("-H")
        self.assertEqual([c["holder"] for c in data["lsns-columns"]],
                         LISTED_COLUMNS)
        self.assertEqual(data["lsns-columns"][0]["type"], "<integer>")
        self.assertEqual(data["lsns-columns"][1]["type"], "<string>")
        self.assertEqual(lines[-1], "   NSID <integer> namespace ID (NS_GET_ID)"
                         " as nsenter --TYPE=:ID takes it")


if __name__ == "__main__":
    nstest.require_root()
    nstest.require(LSNS, "lsns")
    nstest.require(os.environ.get("NSTOOLS_NSHOLDER"), "nsholder")
    # whole-system listings are compared: see only our own processes
    nstest.main(pid_namespace=True)
