# SPDX-License-Identifier: MIT
"""netns: messages and exit codes, list and list-id (text and JSON),
set, exec, identify, pids, attach, monitor, rollback of a failed add,
and lsns showing named namespaces.

Runs against the netns of NSTOOLS_NETNS; also passes against iproute2's
`ip netns` behind a wrapper (see netnstest), where the cases of the
spec's "Beyond ip netns" list are skipped (@ours_only).
"""

import json
import os
import re
import signal
import subprocess
import sys
import time

sys.path.insert(0, os.path.join(os.environ.get("NSTOOLS_SOURCE_ROOT", ""),
                                "tests", "pylib"))
import netnstest as nt  # noqa: E402
import nstest  # noqa: E402
from netnstest import NETNS, NetnsCase, netns, ours_only  # noqa: E402

FRESH_RUN = nt.FRESH_RUN
A, B, C = "nstest-a", "nstest-b", "nstest-c"
BAD_NAMES = ["", "nstest/x", ".", "..", "n" * 256]


# list-id also shows the NSIDs of namespaces on their way out (deleted
# by an earlier case, cleaned up by the kernel a little later): nameless
def named(text):
    return [line for line in text.splitlines() if "netns name:" in line]


def named_json(text):
    return [e for e in json.loads(text) if "name" in e]


def wait_in_netns(pid, name, timeout=5):
    """Wait until PID is in the netns NAME (it setns()es after start)."""
    want = nt.netns_ino(name)
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        try:
            if nstest.ns_inode(pid, "net") == want:
                return
        except FileNotFoundError:
            break
        time.sleep(0.01)
    raise AssertionError(f"pid {pid} did not enter {name}")


class Messages(NetnsCase):
    """The spec's table of messages and exit codes (iproute2's)."""

    def test_bad_names(self):
        for name in BAD_NAMES:
            for args in (["add", name], ["delete", name],
                         ["attach", name, str(os.getpid())],
                         ["set", name, "1"], ["pids", name],
                         ["exec", name, "true"]):
                with self.subTest(args=args):
                    self.check_error(netns(*args), 255,
                                     f'Invalid netns name "{name}"')
        self.assertEqual(os.listdir(nt.RUN_NETNS), [])

    def test_longest_name(self):
        name = "nstest-" + "n" * 248
        self.assertEqual(len(name), 255)
        self.add(name)
        self.assertEqual(netns("list").stdout, name + "\n")
        self.check(netns("delete", name))
        self.assertEqual(os.listdir(nt.RUN_NETNS), [])

    @ours_only("names are checked with --all too")
    def test_bad_name_with_all(self):
        # iproute2 would make /run/nstest-x: only in a throw-away /run
        for sub in ("add", "delete"):
            with self.subTest(sub=sub):
                res = netns("-a", sub, "../nstest-x", prefix=FRESH_RUN)
                self.check_error(res, 255, 'Invalid netns name "../nstest-x"')

    def test_no_name(self):
        for sub in ("add", "delete", "del", "set", "pids", "exec"):
            with self.subTest(sub=sub):
                self.check_error(netns(sub), 1, "No netns name specified")
        self.check_error(netns("attach"), 1, "No netns name and PID specified")
        self.check_error(netns("attach", A), 1,
                         "No netns name and PID specified")

    def test_no_command(self):
        self.add(A)
        self.check_error(netns("exec", A), 1, "No command specified")
        self.check_error(netns("-a", "exec"), 1, "No command specified")

    def test_no_nsid(self):
        self.add(A)
        self.check_error(netns("set", A), 1, "No nsid specified")

    def test_bad_nsid(self):
        self.add(A)
        for word, why in (("xyz", 'Invalid "netnsid" value'),
                          ("-5", '"netnsid" value should be >= 0'),
                          ("2147483648", 'Invalid "netnsid" value')):
            with self.subTest(nsid=word):
                self.check_error(netns("set", A, word), 255,
                                 f'Error: argument "{word}" is wrong: {why}')
        self.assertEqual(netns("list").stdout, A + "\n")

    def test_existing(self):
        self.add(A)
        ino = nt.netns_ino(A)
        self.check_error(netns("add", A), 1, 'Cannot create namespace file '
                         f'"/run/netns/{A}": File exists')
        # the first one is untouched
        self.assertEqual(nt.netns_ino(A), ino)
        self.assertEqual(nt.mounts_at(f"{nt.RUN_NETNS}/{A}"),
                         [("nsfs", "shared")])
        self.check(netns("delete", A))

    def test_missing(self):
        for sub in ("delete", "del"):
            with self.subTest(sub=sub):
                self.check_error(netns(sub, A), 1, 'Cannot remove namespace '
                                 f'file "/run/netns/{A}": No such file or '
                                 'directory')

    def test_exec_missing_name(self):
        self.check_error(netns("exec", A, "true"), 255, 'Cannot open network '
                         f'namespace "{A}": No such file or directory')

    def test_pids_missing_name(self):
        self.check_error(netns("pids", A), 1, "Cannot open network "
                         "namespace: No such file or directory")

    def test_identify_missing_pid(self):
        self.check_error(netns("identify", "999999999"), 1, "Cannot open "
                         "network namespace: No such file or directory")

    def test_command_not_found(self):
        self.add(A)
        self.check_error(netns("exec", A, "nstest-no-such-command"), 1,
                         'exec of "nstest-no-such-command" failed: No such '
                         'file or directory')
        self.check_error(netns("exec", A, "/nstest/no/such/file"), 1,
                         'exec of "/nstest/no/such/file" failed: No such '
                         'file or directory')

    def test_netlink_errors(self):
        """The kernel's extended ack message, exit 2."""
        self.add(A)
        self.check(netns("set", A, "11"))
        self.check_error(netns("set", A, "6"), 2,
                         "Error: Peer netns already has a nsid assigned.")
        self.check_error(netns("list-id", "nsid", "99"), 2,
                         "Error: Peer netns reference is invalid.")
        self.assertEqual(netns("list").stdout, f"{A} (id: 11)\n")

    def test_netlink_dump_error(self):
        """A dump the kernel refuses: its message first; iproute2 6.1
        exits 1 here (and adds "Dump terminated")."""
        self.add(A)
        res = netns("list-id", "target-nsid", "70")
        self.assertNotEqual(res.returncode, 0)
        self.assertEqual(res.stdout, "")
        self.assertEqual(res.stderr.splitlines()[0],
                         "Error: Invalid target network namespace id.")

    def test_unknown_subcommand(self):
        for word in ("frobnicate", "nstest"):
            with self.subTest(word=word):
                self.check_error(netns(word), 255, nt.unknown_command(word))

    def test_help(self):
        """As ip netns help: the usage on stderr, exit 255, whatever
        follows; the same usage for a bad list-id argument."""
        tool = "ip netns" if nt.is_iproute2() else \
            nstest.tool_name("netns")
        for args in (["help"], ["help", "x"], ["list-id", "bogus"],
                     ["list-id", "nsid", "1", "bogus", "2"]):
            with self.subTest(args=args):
                res = netns(*args)
                self.assertEqual((res.returncode, res.stdout), (255, ""))
                self.assertTrue(res.stderr.startswith(
                    f"Usage:\t{tool} list\n\t{tool} add NAME\n"),
                    res.stderr)
                self.assertTrue(res.stderr.endswith(
                    f"\t{tool} list-id [target-nsid POSITIVE-INT] "
                    "[nsid POSITIVE-INT]\nNETNSID := auto | POSITIVE-INT\n"),
                    res.stderr)
                for sub in ("list", "add", "attach", "set", "delete",
                            "identify", "pids", "exec", "monitor",
                            "list-id"):
                    self.assertRegex(res.stderr, rf"\b{sub}\b")

    def test_extra_arguments(self):
        """As ip netns: add, list, set, delete ignore what follows
        their arguments; identify and pids refuse it."""
        name = "nstest-x"
        self.check(netns("add", name, "extra"))
        self.before_check(lambda: os.path.lexists(f"{nt.RUN_NETNS}/{name}")
                          and nt.ip("netns", "delete", name))
        self.assertIn(name, self.check(netns("list", "extra")).split())
        self.check(netns("set", name, "44", "extra"))
        self.check_error(netns("pids", name, "extra"), 1,
                         "extra arguments specified")
        self.check_error(netns("identify", "1", "extra"), 1,
                         "extra arguments specified")
        self.check(netns("delete", name, "extra"))
        self.assertFalse(os.path.lexists(f"{nt.RUN_NETNS}/{name}"))

    def test_list_id_arguments(self):
        """list-id reads numbers as ip does (base 0), says a negative
        one and a repeated keyword as ip does."""
        tail = "Error: Peer netns reference is invalid."
        for arg in ("0x7fffffff", "017", "+5", "-0"):
            with self.subTest(arg=arg):
                self.check_error(netns("list-id", "nsid", arg), 2, tail)
        for arg in ("08", "0x", "5x", "2147483648", ""):
            with self.subTest(arg=arg):
                self.check_error(
                    netns("list-id", "nsid", arg), 255,
                    f'Error: argument "{arg}" is wrong: "nsid" value is '
                    'invalid')
        self.check_error(netns("list-id", "nsid", "1", "nsid", "2"), 255,
                         'Error: duplicate "nsid": "nsid" is the second '
                         'value.')
        self.check_error(netns("list-id", "target-nsid", "1",
                               "target-nsid"), 255,
                         'Error: duplicate "target-nsid": "target-nsid" '
                         'is the second value.')
        # iproute2 says "(null)" for the argument: ours names it
        arg = "(null)" if nt.is_iproute2() else "-1"
        self.check_error(netns("list-id", "target-nsid", "-1"), 255,
                         f'Error: argument "{arg}" is wrong: '
                         '"target-nsid" value should be >= 0')

    @ours_only("help on stdout, exit 0, as every nstools tool")
    def test_help_option(self):
        for opt in ("-h", "--help"):
            res = netns(opt)
            self.check(res)
            self.assertIn("list-id", res.stdout)
            self.assertEqual(res.stderr, "")


class Listing(NetnsCase):
    def test_empty(self):
        for args in ([], ["list"], ["show"], ["ls"], ["lst"]):
            with self.subTest(args=args):
                self.assertEqual(self.check(netns(*args)), "")
        self.assertEqual(named(self.check(netns("list-id"))), [])
        self.assertEqual(self.check(netns("-j", "list")).strip(), "[]")
        self.assertEqual(named_json(self.check(netns("-j", "list-id"))), [])

    def test_no_run_netns(self):
        """No /run/netns: nothing listed, exit 0, and it is not made."""
        script = ('"$@" list && echo -- && "$@" -j list && '
                  'if [ -e /run/netns ]; then echo made; fi')
        res = nstest.run(FRESH_RUN[:-2] + [
            "mount -t tmpfs nstest-run /run && " + script, "sh", NETNS])
        # JSON: as iproute2, nothing at all (an empty /run/netns: [])
        self.assertEqual(self.check(res), "--\n")
        self.assertEqual(res.stderr, "")

    def test_names_and_ids(self):
        for name in (B, A, C):
            self.add(name)
        self.check(netns("set", A, "12"))
        lines = self.check(netns("list")).splitlines()
        self.assertCountEqual(lines, [f"{A} (id: 12)", B, C])
        for alias in ("show", "ls", "lst"):
            self.assertCountEqual(self.check(netns(alias)).splitlines(),
                                  lines)
        self.assertCountEqual(self.check(netns()).splitlines(), lines)
        self.assertCountEqual(json.loads(self.check(netns("-j", "list"))),
                              [{"name": A, "id": 12}, {"name": B},
                               {"name": C}])
        self.assertCountEqual(json.loads(self.check(netns("--json",
                                                          "list"))),
                              [{"name": A, "id": 12}, {"name": B},
                               {"name": C}])
        for name in (A, B, C):
            self.check(netns("delete", name))
        self.assertEqual(self.check(netns("list")), "")

    @ours_only("list is sorted")
    def test_sorted(self):
        names = ["nstest-m", "nstest-b", "nstest-z", "nstest-a1", "nstest-a"]
        for name in names:
            self.add(name)
        self.assertEqual(self.check(netns("list")).splitlines(),
                         sorted(names))
        self.assertEqual([e["name"] for e in
                          json.loads(self.check(netns("-j", "list")))],
                         sorted(names))
        self.check(netns("-a", "delete"))

    @ours_only("JSON strings escaped as libsmartcols escapes them")
    def test_json_escapes(self):
        name = 'nstest-j\t"\\\x01\u00e9'
        self.add(name)
        out = self.check(netns("-j", "list"))
        self.assertEqual(out,
                         '[{"name":"nstest-j\\t\\"\\\\\\u0001\u00e9"}]\n')
        self.assertEqual(json.loads(out), [{"name": name}])
        self.check(netns("delete", name))
        # a byte that is not UTF-8 as \\xHH, as column -J has it: the
        # output stays JSON (issue 16; lsns -J, as libsmartcols, writes
        # it as it is)
        name = "nstest-j\udcff"
        self.add(name)
        res = subprocess.run([NETNS, "-j", "list"], capture_output=True,
                             check=True)
        self.assertEqual(res.stdout, b'[{"name":"nstest-j\\\\xff"}]\n')
        self.assertEqual(json.loads(res.stdout), [{"name": "nstest-j\\xff"}])
        self.check(netns("delete", name))

    def test_set_and_list_id(self):
        self.add(A)
        self.add(B)
        self.check(netns("set", A, "13"))
        self.check(netns("set", B, "auto"))
        ids = {}
        for line in self.check(netns("list")).splitlines():
            m = re.fullmatch(r"(\S+) \(id: (\d+)\)", line)
            self.assertTrue(m, line)
            ids[m.group(1)] = int(m.group(2))
        self.assertEqual(ids[A], 13)
        self.assertNotEqual(ids[B], 13)
        self.assertCountEqual(named(self.check(netns("list-id"))),
                              [f"nsid {ids[n]} (iproute2 netns name: {n})"
                               for n in (A, B)])
        self.assertCountEqual(named_json(self.check(netns("-j",
                                                          "list-id"))),
                              [{"nsid": ids[n], "name": n} for n in (A, B)])
        self.assertEqual(self.check(netns("list-id", "nsid", "13")),
                         f"nsid 13 (iproute2 netns name: {A})\n")

    def test_list_id_target(self):
        """list-id as seen from another netns (target-nsid)."""
        self.add(A)
        self.add(B)
        self.check(netns("set", A, "17"))
        self.check(netns("set", B, "18"))
        # B has id 30 in A
        self.check(netns("set", B, "30", prefix=nt.in_netns(A)))
        line = f"nsid 30 current-nsid 18 (iproute2 netns name: {B})\n"
        self.assertEqual(self.check(netns("list-id", "target-nsid", "17")),
                         line)
        # nsid M: the one whose id in our netns is M
        self.assertEqual(self.check(netns("list-id", "target-nsid", "17",
                                          "nsid", "18")), line)
        self.assertEqual(json.loads(self.check(netns("-j", "list-id",
                                                     "target-nsid", "17"))),
                         [{"nsid": 30, "current-nsid": 18, "name": B}])
        # as seen from A, by the tool running in A
        self.assertEqual(self.check(netns("list-id", prefix=nt.in_netns(A))),
                         f"nsid 30 (iproute2 netns name: {B})\n")

    def test_delete_all(self):
        for name in (A, B, C):
            self.add(name)
        self.check(netns("-a", "delete"))
        self.assertEqual(os.listdir(nt.RUN_NETNS), [])
        self.assertEqual(self.check(netns("-a", "delete")), "")


class Exec(NetnsCase):
    def test_runs_in_netns(self):
        self.add(A)
        out = self.check(netns("exec", A, "stat", "-L", "-c", "%i",
                               "/proc/self/ns/net"))
        self.assertEqual(int(out), nt.netns_ino(A))

    def test_fresh_sysfs(self):
        """/sys/class/net lists the devices of the netns, not ours."""
        self.add(A)
        self.check(nt.ip("-n", A, "link", "add", "nstest-v0", "type",
                         "veth", "peer", "name", "nstest-v1"))
        out = self.check(netns("exec", A, "ls", "/sys/class/net"))
        self.assertEqual(out.split(), ["lo", "nstest-v0", "nstest-v1"])
        # lo is down in a new netns (iproute2)
        self.assertEqual(self.check(netns("exec", A, "cat",
                                          "/sys/class/net/lo/operstate")),
                         "down\n")
        self.assertNotIn("nstest-v0", os.listdir("/sys/class/net"))

    def test_etc_override(self):
        name = f"nstest-{os.urandom(4).hex()}"
        host = f"nstest-host-{os.urandom(4).hex()}"
        content = f"10.250.9.9 {host}\n"
        self.add(name)
        self.etc_netns_file(name, "hosts", content)
        self.assertEqual(self.check(netns("exec", name, "cat",
                                          "/etc/hosts")), content)
        out = self.check(netns("exec", name, "getent", "hosts", host))
        self.assertEqual(out.split(), ["10.250.9.9", host])
        # not outside, nor in another netns
        with open("/etc/hosts") as f:
            self.assertNotIn(host, f.read())
        self.add(A)
        self.assertNotIn(host, self.check(netns("exec", A, "cat",
                                                "/etc/hosts")))

    def test_exit_status(self):
        self.add(A)
        for code in (0, 1, 7, 255):
            res = netns("exec", A, "sh", "-c", f"exit {code}")
            self.assertEqual(res.returncode, code)

    def test_signal(self):
        """Killed by a signal: the caller sees that signal."""
        self.add(A)
        for sig in (signal.SIGUSR1, signal.SIGTERM):
            res = netns("exec", A, "sh", "-c", f"kill -{int(sig)} $$")
            self.assertEqual(res.returncode, -sig)

    @ours_only("add --lo-up")
    def test_lo_up(self):
        self.add(A, "--lo-up")
        self.assertEqual(self.check(netns("exec", A, "cat",
                                          "/sys/class/net/lo/operstate")),
                         "unknown\n")
        self.check(netns("exec", A, "ping", "-n", "-q", "-c1", "-W1",
                         "127.0.0.1"))

    @ours_only("exec --no-sysfs")
    def test_no_sysfs(self):
        self.add(A)
        out = self.check(netns("exec", "--no-sysfs", A, "ls", "-1",
                               "/sys/class/net"))
        self.assertEqual(sorted(out.split()),
                         sorted(os.listdir("/sys/class/net")))

    @ours_only("exec warns when /etc/X is a symlink")
    def test_etc_symlink(self):
        for entry in ("os-release", "localtime"):
            if (os.path.islink(f"/etc/{entry}")
                    and os.path.isfile(f"/etc/{entry}")):
                break
        else:
            self.skipTest("no /etc entry that is a symlink to a file")
        name = f"nstest-{os.urandom(4).hex()}"
        self.add(name)
        self.etc_netns_file(name, entry, "nstest\n")
        res = netns("exec", name, "cat", f"/etc/{entry}")
        self.assertEqual((res.returncode, res.stdout), (0, "nstest\n"))
        self.assertIn(f"/etc/{entry}", res.stderr)
        self.assertIn("symbolic link", res.stderr)

    def test_stdio(self):
        self.add(A)
        res = subprocess.run([NETNS, "exec", A, "sh", "-c",
                              "read x; echo out $x; echo err >&2"],
                             input="in\n", capture_output=True, text=True,
                             timeout=30)
        self.assertEqual((res.returncode, res.stdout, res.stderr),
                         (0, "out in\n", "err\n"))

    def test_all(self):
        self.add(A)
        self.add(B)
        res = netns("-a", "exec", "stat", "-L", "-c", "%i",
                    "/proc/self/ns/net")
        self.check(res)
        blocks = re.findall(r"\nnetns: (\S+)\n(\d+)\n", res.stdout)
        self.assertEqual("".join(f"\nnetns: {n}\n{i}\n" for n, i in blocks),
                         res.stdout)
        self.assertCountEqual(blocks, [(n, str(nt.netns_ino(n)))
                                       for n in (A, B)])

    def test_all_none(self):
        self.assertEqual(self.check(netns("-a", "exec", "echo", "x")), "")

    @ours_only("-a exec runs in name order")
    def test_all_sorted(self):
        names = ["nstest-m", "nstest-b", "nstest-z", "nstest-a"]
        for name in names:
            self.add(name)
        out = self.check(netns("-a", "exec", "echo", "x"))
        self.assertEqual(out, "".join(f"\nnetns: {n}\nx\n"
                                      for n in sorted(names)))

    @ours_only("-a exec --parallel: output kept together, in name order")
    def test_all_parallel(self):
        names = [f"nstest-{c}" for c in "qwertyuiop"]
        for name in names:
            self.add(name)
        # each sleeps a while of its own: they finish out of order
        script = ('sleep 0.0$(( $(stat -L -c %i /proc/self/ns/net) % 10 ));'
                  'echo one; sleep 0.01; echo two')
        res = netns("-a", "exec", "--parallel", "4", "sh", "-c", script)
        self.check(res)
        self.assertEqual(res.stdout, "".join(f"\nnetns: {n}\none\ntwo\n"
                                             for n in sorted(names)))

    @ours_only("honest --all exit status")
    def test_all_status(self):
        self.add(A)
        self.add(B)
        ino = nt.netns_ino(B)
        res = netns("-a", "exec", "sh", "-c",
                    f'test "$(stat -L -c %i /proc/self/ns/net)" != {ino}')
        self.assertNotEqual(res.returncode, 0)
        self.assertEqual(res.stdout, f"\nnetns: {A}\n\nnetns: {B}\n")
        self.check(netns("-a", "exec", "true"))

    @ours_only("-a exec detaches the run dir once")
    def test_all_mounts_flat(self):
        """Under -a the command's mount namespace does not hold the
        binds of all names (so each run's cost does not grow with their
        number), yet each command runs in its netns, with its sysfs."""
        self.add(A)
        self.check(nt.ip("-n", A, "link", "add", "nstest-v0", "type",
                         "veth", "peer", "name", "nstest-v1"))
        script = ('stat -L -c %i /proc/self/ns/net; '
                  'ls /sys/class/net | tr "\\n" " "; echo; '
                  'wc -l < /proc/self/mountinfo')

        def run_all():
            out = self.check(netns("-a", "exec", "sh", "-c", script))
            blocks = re.findall(r"\nnetns: (\S+)\n(\d+)\n(.*)\n(\d+)\n",
                                out)
            self.assertEqual("".join(f"\nnetns: {n}\n{i}\n{s}\n{m}\n"
                                     for n, i, s, m in blocks), out)
            for name, ino, links, _ in blocks:
                self.assertEqual(int(ino), nt.netns_ino(name))
                self.assertEqual(links.split(),
                                 ["lo", "nstest-v0", "nstest-v1"]
                                 if name == A else ["lo"])
            self.assertEqual(len({m for *_, m in blocks}), 1, out)
            return [n for n, *_ in blocks], int(blocks[0][3])

        names = [A] + [f"nstest-flat{i:02}" for i in range(4)]
        for name in names[1:]:
            self.add(name)
        ran, mounts_5 = run_all()
        self.assertEqual(ran, sorted(names))
        names += [f"nstest-flat{i:02}" for i in range(4, 49)]
        for name in names[5:]:
            self.add(name)
        ran, mounts_50 = run_all()
        self.assertEqual(ran, sorted(names))
        self.assertEqual(mounts_50, mounts_5)
        # single exec still sees the names mounted
        out = self.check(netns("exec", A, "sh", "-c",
                               "wc -l < /proc/self/mountinfo"))
        self.assertGreaterEqual(int(out), mounts_5 + 50)


class IdentifyPids(NetnsCase):
    def start_in(self, name):
        """A sleep in the netns NAME (by exec: no fork)."""
        proc = subprocess.Popen([NETNS, "exec", name, "sleep", "60"],
                                stdin=subprocess.DEVNULL,
                                stdout=subprocess.DEVNULL)

        def stop():
            proc.kill()
            proc.wait()
        self.before_check(stop)
        wait_in_netns(proc.pid, name)
        return proc.pid

    def test_identify_none(self):
        self.add(A)
        self.assertEqual(self.check(netns("identify")), "\n")
        self.assertEqual(self.check(netns("identify", str(os.getpid()))),
                         "\n")

    def test_identify(self):
        self.add(A)
        self.add(B)
        pid = self.start_in(B)
        self.assertEqual(self.check(netns("identify", str(pid))), B + "\n")
        self.assertEqual(self.check(netns("exec", A, NETNS, "identify")),
                         A + "\n")

    @ours_only("identify prints every name of the netns")
    def test_identify_all_names(self):
        self.add(B)
        pid = self.start_in(B)
        for name in (C, A):
            self.check(netns("attach", name, str(pid)))
            self.before_check(lambda n=name: nt.remove_named(n))
        self.assertEqual(self.check(netns("identify", str(pid))),
                         f"{A}\n{B}\n{C}\n")
        self.assertEqual(json.loads(self.check(netns("-j", "identify",
                                                     str(pid)))),
                         [{"name": n} for n in (A, B, C)])
        self.assertEqual(json.loads(self.check(netns("-j", "identify"))),
                         [])

    @ours_only("pids -j")
    def test_pids_json(self):
        self.add(A)
        self.assertEqual(json.loads(self.check(netns("-j", "pids", A))), [])
        pids = sorted([self.start_in(A), self.start_in(A)])
        self.assertEqual(json.loads(self.check(netns("-j", "pids", A))),
                         [{"pid": p} for p in pids])

    @ours_only("pids finds threads that entered on their own")
    def test_pids_thread(self):
        """A process whose main thread is in our netns, another thread
        in A: listed by its PID."""
        self.add(A)
        script = (
            "import ctypes, os, sys, threading\n"
            "libc = ctypes.CDLL(None, use_errno=True)\n"
            "def enter():\n"
            "    fd = os.open(sys.argv[1], os.O_RDONLY)\n"
            "    assert libc.setns(fd, 0x40000000) == 0\n"
            "    print(threading.get_native_id(), flush=True)\n"
            "    sys.stdin.read()\n"
            "threading.Thread(target=enter).start()\n")
        proc = subprocess.Popen([sys.executable, "-c", script,
                                 f"{nt.RUN_NETNS}/{A}"],
                                stdin=subprocess.PIPE,
                                stdout=subprocess.PIPE, text=True)

        def stop():
            proc.stdin.close()
            proc.wait()
            proc.stdout.close()
        self.before_check(stop)
        tid = int(proc.stdout.readline())
        self.assertEqual(nstest.ns_inode(f"{proc.pid}/task/{tid}", "net"),
                         nt.netns_ino(A))
        self.assertNotEqual(nstest.ns_inode(proc.pid, "net"),
                            nt.netns_ino(A))
        self.assertEqual(self.check(netns("pids", A)), f"{proc.pid}\n")

    def test_pids(self):
        self.add(A)
        self.add(B)
        self.assertEqual(self.check(netns("pids", A)), "")
        pids = sorted([self.start_in(A), self.start_in(A)])
        self.start_in(B)
        self.assertEqual(self.check(netns("pids", A)).split(),
                         [str(p) for p in pids])

    def test_attach(self):
        holder = self.hold("-t", "net")
        self.check(netns("attach", A, str(holder.pid)))
        self.assertEqual(nt.netns_ino(A), holder.ns("net"))
        self.assertEqual(self.check(netns("identify", str(holder.pid))),
                         A + "\n")
        holder.close()
        # the name keeps the netns
        out = self.check(netns("exec", A, "stat", "-L", "-c", "%i",
                               "/proc/self/ns/net"))
        self.assertEqual(int(out), nt.netns_ino(A))
        self.check(netns("delete", A))

    def test_attach_existing_and_missing_pid(self):
        self.add(A)
        self.check_error(netns("attach", A, str(os.getpid())), 1,
                         f'Cannot create namespace file "/run/netns/{A}": '
                         'File exists')
        res = netns("attach", B, "999999999")
        self.assertEqual(res.returncode, 1, res.stderr)
        self.assertEqual(os.listdir(nt.RUN_NETNS), [A])


class Monitor(NetnsCase):
    def monitor(self, *args, flush=None):
        """`monitor` running; FLUSH: the tool's stdout is line-buffered
        on a pipe by itself (iproute2's needs stdbuf)."""
        if flush is None:
            flush = not nt.is_iproute2()
        mon = nt.Monitor(*args, prefix=() if flush else ("stdbuf", "-oL"))
        self.before_check(mon.close)
        # ready once it watches /run/netns
        end = time.monotonic() + 5
        while time.monotonic() < end:
            try:
                for fd in os.listdir(f"/proc/{mon.proc.pid}/fdinfo"):
                    with open(f"/proc/{mon.proc.pid}/fdinfo/{fd}") as f:
                        if "inotify wd:" in f.read():
                            return mon
            except FileNotFoundError:
                pass
            self.assertIsNone(mon.proc.poll(), "monitor exited")
            time.sleep(0.01)
        self.fail("monitor does not watch /run/netns")

    def test_add_delete(self):
        mon = self.monitor()
        self.add(A)
        self.assertEqual(mon.line(), f"add {A}")
        self.check(netns("delete", A))
        self.assertEqual(mon.line(), f"delete {A}")
        self.add(B, tool=[nt.IP, "netns"])
        self.assertEqual(mon.line(), f"add {B}")
        self.check(nt.ip("netns", "delete", B))
        self.assertEqual(mon.line(), f"delete {B}")
        self.assertIsNone(mon.line(timeout=0.2))

    @ours_only("monitor flushes each line; add once the mount exists")
    def test_flush_and_mounted(self):
        mon = self.monitor(flush=True)
        for name in (A, B, C):
            self.add(name)
            self.assertEqual(mon.line(), f"add {name}")
            self.assertTrue(nt.is_mount_point(f"{nt.RUN_NETNS}/{name}"))
        self.check(netns("-a", "delete"))
        self.assertCountEqual([mon.line() for _ in range(3)],
                              [f"delete {n}" for n in (A, B, C)])

    @ours_only("monitor -j")
    def test_json(self):
        mon = self.monitor("-j", flush=True)
        self.add(A)
        self.assertEqual(json.loads(mon.line()), {"event": "add", "name": A})
        self.check(netns("delete", A))
        self.assertEqual(json.loads(mon.line()),
                         {"event": "delete", "name": A})


class Rollback(NetnsCase):
    """A failed add leaves nothing behind."""

    def setUp(self):
        super().setUp()
        nstest.require(nt.ERRINJECT, "errinject (NSTOOLS_ERRINJECT)")

    def failing(self, *spec):
        return [nt.ERRINJECT, "-s", *spec]

    def test_bind_fails(self):
        # mount(2) with MS_BIND fails: after the placeholder is made
        res = netns("add", A, prefix=self.failing("mount", "-a",
                                                  "3:set:0x1000", "1"))
        self.assertEqual(res.returncode, 1, res.stderr)
        self.assertIn("Operation not permitted", res.stderr)
        self.assertEqual(os.listdir(nt.RUN_NETNS), [])

    def test_unshare_fails(self):
        res = netns("add", A, prefix=self.failing("unshare", "12"))
        self.assertEqual(res.returncode, 1, res.stderr)
        self.assertIn("Cannot allocate memory", res.stderr)
        self.assertEqual(os.listdir(nt.RUN_NETNS), [])

    def test_attach_bind_fails(self):
        holder = self.hold("-t", "net")
        res = netns("attach", A, str(holder.pid),
                    prefix=self.failing("mount", "-a", "3:set:0x1000", "1"))
        self.assertEqual(res.returncode, 1, res.stderr)
        self.assertEqual(os.listdir(nt.RUN_NETNS), [])

    def test_delete_busy(self):
        """umount2 fails: the name stays, usable."""
        self.add(A)
        res = netns("delete", A, prefix=self.failing("umount2", "16"))
        self.assertEqual(res.returncode, 1, res.stderr)
        self.assertIn(f'"/run/netns/{A}"', res.stderr)
        self.assertIn("Device or resource busy", res.stderr)
        self.assertTrue(nt.is_mount_point(f"{nt.RUN_NETNS}/{A}"))
        self.check(netns("delete", A))
        self.assertEqual(os.listdir(nt.RUN_NETNS), [])


class Lsns(NetnsCase):
    def test_lsns_shows_named(self):
        nstest.require(nstest.LSNS, "lsns (NSTOOLS_LSNS)")
        self.add(A)
        self.add(B, tool=[nt.IP, "netns"])
        self.check(netns("set", A, "14"))
        rows = nstest.lsns_json("-t", "net", "-o", "NS,NSFS,NETNSID")
        rows = {r["ns"]: r for r in nstest.flatten(rows["namespaces"])}
        for name in (A, B):
            self.assertEqual(rows[nt.netns_ino(name)]["nsfs"],
                             f"/run/netns/{name}")
        self.assertEqual(rows[nt.netns_ino(A)]["netnsid"], 14)


if __name__ == "__main__":
    nt.main()
