# SPDX-License-Identifier: MIT
"""netns under hostile conditions and odd names (issues 16 and 17).

- `-a exec --parallel N` out of fds (RLIMIT_NOFILE 1024 with 600
  names, and 4 or 5 fds with 2): every namespace runs or is named in
  an error line; the exit status says whether all ran.
- `monitor` when the inotify queue overflows (stopped with SIGSTOP
  while more names come and go than the queue holds): a warning, the
  difference reported, later adds reported.
- `monitor` started while the run directory does not exist yet.
- `NETNS_RUN_DIR=dir -a delete`: only bound names and our empty
  placeholders go, never another file.
- a name file with nothing bound on it: list and exec say what ip says.
- `-j list` of a name that is not UTF-8: valid JSON.

Each suite runs in a mount namespace of its own with a private
/run/netns (nstest.isolate) and a network namespace of its own.
"""

import json
import os
import resource
import signal
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.environ.get("NSTOOLS_SOURCE_ROOT", ""),
                                "tests", "pylib"))
import netnstest as nt  # noqa: E402
import nstest  # noqa: E402
from netnstest import NETNS, NetnsCase, netns, ours_only  # noqa: E402

ECHO = "/bin/echo"


def with_nofile(limit):
    def set_limit():
        resource.setrlimit(resource.RLIMIT_NOFILE, (limit, limit))
    return set_limit


def bind_names(count, prefix="nstest-e"):
    """COUNT names, the first added by netns, the others bound onto the
    same namespace (quick); returns them, sorted."""
    names = [f"{prefix}{i:03d}" for i in range(count)]
    res = netns("add", names[0])
    if res.returncode != 0:
        raise AssertionError(res.stderr)
    for name in names[1:]:
        path = f"{nt.RUN_NETNS}/{name}"
        open(path, "x").close()
        nstest.mount(f"{nt.RUN_NETNS}/{names[0]}", path, None,
                     nstest.MS_BIND)
    return names


def unbind_names(names):
    for name in names:
        nt.remove_named(name)


class ExecOutOfFds(NetnsCase):
    def run_limited(self, limit, parallel, names):
        res = subprocess.run(
            [NETNS, "-a", "exec", "--parallel", str(parallel), ECHO,
             "ran"], stdin=subprocess.DEVNULL, capture_output=True,
            text=True, timeout=240, preexec_fn=with_nofile(limit))
        ran = set()
        lines = res.stdout.splitlines()
        for i, line in enumerate(lines):
            if (line.startswith("netns: ") and i + 1 < len(lines)
                    and lines[i + 1] == "ran"):
                ran.add(line[len("netns: "):])
        named = {n for n in names
                 if any(f'"{n}"' in e for e in res.stderr.splitlines())}
        return res, ran, named

    def check_all_accounted(self, res, ran, named, names):
        self.assertEqual(ran | named, set(names),
                         f"neither run nor named: "
                         f"{sorted(set(names) - ran - named)[:10]}; "
                         f"stderr {res.stderr[:500]!r}")
        self.assertEqual(res.returncode, 0 if ran == set(names) else 1,
                         res.stderr[:500])

    @ours_only("--parallel")
    def test_600_names_1024_fds(self):
        names = bind_names(600)
        self.before_check(lambda: unbind_names(names))
        res, ran, named = self.run_limited(1024, 600, names)
        self.check_all_accounted(res, ran, named, names)
        # here every one can run, a few at a time
        self.assertEqual(ran, set(names), res.stderr[:500])
        self.assertEqual(res.returncode, 0)
        # in name order, each once
        heads = [line for line in res.stdout.splitlines()
                 if line.startswith("netns: ")]
        self.assertEqual(heads, [f"netns: {n}" for n in names])

    @ours_only("--parallel")
    def test_few_fds(self):
        names = bind_names(2)
        self.before_check(lambda: unbind_names(names))
        for limit in (4, 5, 6):
            with self.subTest(limit=limit):
                res, ran, named = self.run_limited(limit, 2, names)
                self.check_all_accounted(res, ran, named, names)
                # 4: no fd to open a namespace with; 5 and more: one
                # at a time, all run
                self.assertEqual(ran, set() if limit == 4 else set(names),
                                 res.stderr)


def watching(pid):
    """True once process PID has an inotify watch."""
    try:
        for fd in os.listdir(f"/proc/{pid}/fdinfo"):
            with open(f"/proc/{pid}/fdinfo/{fd}") as f:
                if "inotify wd:" in f.read():
                    return True
    except (FileNotFoundError, ProcessLookupError):
        pass
    return False


class MonitorOverflow(NetnsCase):
    def start_monitor(self):
        mon = nt.Monitor()
        self.before_check(mon.close)
        end = time.monotonic() + 5
        while not watching(mon.proc.pid):
            self.assertIsNone(mon.proc.poll(), "monitor exited")
            self.assertLess(time.monotonic(), end, "monitor not watching")
            time.sleep(0.01)
        return mon

    @ours_only("monitor after an inotify overflow")
    def test_overflow(self):
        """issue 17.9: more events than the queue holds while the
        monitor is stopped: a warning, the difference (a delete and an
        add lost in the flood) reported, later adds reported."""
        with open("/proc/sys/fs/inotify/max_queued_events") as f:
            queue = int(f.read())
        o1, o2, o3 = "nstest-o1", "nstest-o2", "nstest-o3"
        mon = self.start_monitor()
        self.add(o1)
        self.assertEqual(mon.line(), f"add {o1}")
        mon.proc.send_signal(signal.SIGSTOP)
        try:
            self.check(netns("delete", o1))
            # each create and unlink an event: twice what the queue holds
            for i in range(queue):
                path = f"{nt.RUN_NETNS}/nstest-f{i}"
                open(path, "x").close()
                os.unlink(path)
            self.add(o2)
        finally:
            mon.proc.send_signal(signal.SIGCONT)
        got = [mon.line(), mon.line()]
        self.assertCountEqual(got, [f"delete {o1}", f"add {o2}"])
        self.add(o3)
        self.assertEqual(mon.line(), f"add {o3}")
        self.assertIsNone(mon.line(timeout=0.3))
        mon.proc.send_signal(signal.SIGTERM)
        mon.proc.wait(timeout=10)
        err = mon.proc.stderr.read()
        self.assertEqual(err.decode(), nstest.named(
            "netns: the inotify queue of /run/netns overflowed, events "
            "may have been lost\n"))


MONITOR_FRESH = r"""
"$NETNS" monitor >"$OUT" 2>&1 &
m=$!
i=0
until grep -qs 'inotify wd:' /proc/$m/fdinfo/*; do
    i=$((i + 1)); [ $i -lt 500 ] || { echo "not watching" >>"$OUT"; break; }
    sleep 0.01
done
if [ "$FIRST" = ip ]; then ip netns add nstest-m1; else "$NETNS" add nstest-m1; fi
"$NETNS" add nstest-m2
ip netns add nstest-m3
"$NETNS" delete nstest-m2
i=0
until [ "$(wc -l <"$OUT")" -ge 4 ] || [ $i -ge 500 ]; do
    i=$((i + 1)); sleep 0.01
done
kill $m; wait $m
"$NETNS" -a delete
"""


class MonitorBeforeRunDir(NetnsCase):
    def test_no_run_dir_yet(self):
        """issue 16: monitor started where /run/netns does not exist
        (and so is no mount point): the adds that follow, the first of
        which makes it one (by ip or by us), are reported, as by ip
        netns monitor."""
        for first in ("ip", "ours"):
            with self.subTest(first=first):
                with tempfile.NamedTemporaryFile("r") as out:
                    res = nstest.run(
                        [*nt.FRESH_RUN, "sh", "-c", MONITOR_FRESH],
                        env={"NETNS": NETNS, "OUT": out.name,
                             "FIRST": first})
                    self.assertEqual(res.returncode, 0, res.stderr)
                    self.assertEqual(out.read(), "add nstest-m1\n"
                                     "add nstest-m2\nadd nstest-m3\n"
                                     "delete nstest-m2\n")


class RunDirFromEnv(NetnsCase):
    def own_rundir(self, mode=0o755):
        d = "/run/nstest-rundir"
        os.mkdir(d)
        os.chmod(d, mode)

        def cleanup():
            while nt.is_mount_point(d):
                nstest.umount(d, nstest.MNT_DETACH)
            for e in os.listdir(d):
                p = f"{d}/{e}"
                while nt.is_mount_point(p):
                    nstest.umount(p, nstest.MNT_DETACH)
                if os.path.isdir(p) and not os.path.islink(p):
                    os.rmdir(p)
                else:
                    os.unlink(p)
            os.rmdir(d)
        self.before_check(cleanup)
        return d

    @ours_only("NETNS_RUN_DIR")
    def test_all_delete_only_namespaces(self):
        """issue 17.10: -a delete in a run dir of other files removes
        the namespaces and empty placeholders only, says which it left
        alone, exits 1."""
        d = self.own_rundir()
        env = {"NETNS_RUN_DIR": d}
        self.check(netns("add", "nstest-r1", env=env))
        open(f"{d}/nstest-ph", "x").close()
        os.chmod(f"{d}/nstest-ph", 0)
        with open(f"{d}/nstest-data", "x") as f:
            f.write("keep me\n")
        os.mkdir(f"{d}/nstest-dir")
        os.symlink("/proc/self/ns/net", f"{d}/nstest-link")
        res = netns("-a", "delete", env=env)
        self.assertEqual((res.returncode, res.stdout), (1, ""), res.stderr)
        self.assertEqual(res.stderr, "".join(nstest.named(
            f"netns: {d}/{n} is neither a network namespace nor an empty "
            "placeholder, left alone\n")
            for n in ("nstest-data", "nstest-dir", "nstest-link")))
        self.assertEqual(sorted(os.listdir(d)),
                         ["nstest-data", "nstest-dir", "nstest-link"])
        with open(f"{d}/nstest-data") as f:
            self.assertEqual(f.read(), "keep me\n")
        # by name, the same
        res = netns("delete", "nstest-data", env=env)
        self.assertEqual(res.returncode, 1, res.stderr)
        self.assertTrue(os.path.exists(f"{d}/nstest-data"))

    @ours_only("NETNS_RUN_DIR")
    def test_unsafe_rundir_refused(self):
        """NETNS_RUN_DIR others may write to, or relative: refused
        before anything is made or removed there."""
        d = self.own_rundir(0o1777)
        open(f"{d}/nstest-ph", "x").close()
        for value, why in ((d, "not a directory of root or yours that "
                            "only its owner may write to"),
                           ("nstest-rel", "not an absolute path")):
            for args in (["add", "nstest-r2"], ["-a", "delete"]):
                with self.subTest(value=value, args=args):
                    # a relative one would be below our private /run
                    cwd = os.getcwd()
                    os.chdir("/run")
                    try:
                        res = netns(*args, env={"NETNS_RUN_DIR": value})
                    finally:
                        os.chdir(cwd)
                    self.assertEqual(
                        (res.returncode, res.stdout, res.stderr),
                        (1, "", nstest.named(
                            f"netns: NETNS_RUN_DIR: {value}: {why}\n")))
        self.assertEqual(os.listdir(d), ["nstest-ph"])
        self.assertFalse(nt.is_mount_point(d))
        self.assertFalse(os.path.exists("/run/nstest-rel"))


class UnboundName(NetnsCase):
    """issue 16: a name file with nothing bound on it (ip netns add
    killed before its bind, a file made by hand)."""

    def setUp(self):
        super().setUp()
        self.add("nstest-bound")
        self.before_check(lambda: nt.remove_named("nstest-x"))
        open(f"{nt.RUN_NETNS}/nstest-x", "x").close()
        os.chmod(f"{nt.RUN_NETNS}/nstest-x", 0)

    def both(self, *args, json_opt=False):
        ours = netns(*(["-j"] if json_opt else []), *args)
        ip = nt.ip(*(["-j"] if json_opt else []), "netns", *args)
        return ours, ip

    @ours_only("compared with ip netns")
    def test_as_ip_says(self):
        for args in (["exec", "nstest-x", "true"], ["set", "nstest-x", "7"],
                     ["pids", "nstest-x"], ["list-id"]):
            with self.subTest(args=args):
                ours, ip = self.both(*args)
                self.assertEqual(
                    (ours.returncode, ours.stdout, ours.stderr),
                    (ip.returncode, ip.stdout, ip.stderr))
        # the words themselves, as observed of ip 6.1
        ours = netns("exec", "nstest-x", "true")
        self.assertEqual((ours.returncode, ours.stderr), (
            255, 'setting the network namespace "nstest-x" failed: '
                 'Invalid argument\n'))
        for json_opt in (False, True):
            with self.subTest(list=json_opt):
                ours, ip = self.both("list", json_opt=json_opt)
                self.assertEqual((ours.returncode, ours.stderr),
                                 (ip.returncode, ip.stderr))
                self.assertEqual(ours.stderr,
                                 "Error: Peer netns reference is invalid."
                                 "\n" * 2)
                # ip lists in directory order, ours sorted
                if json_opt:
                    self.assertEqual(json.loads(ours.stdout),
                                     [{"name": "nstest-bound"},
                                      {"name": "nstest-x"}])
                    self.assertCountEqual(json.loads(ours.stdout),
                                          json.loads(ip.stdout))
                else:
                    self.assertEqual(ours.stdout, "nstest-bound\nnstest-x\n")
                    self.assertCountEqual(ours.stdout.splitlines(),
                                          ip.stdout.splitlines())


class JsonNames(NetnsCase):
    @ours_only("names that are not UTF-8 in JSON")
    def test_not_utf8(self):
        """issue 16: -j list (and identify) of names that are not
        UTF-8: valid JSON, such a byte as \\\\xHH, as util-linux's
        column -J has it. (ip -j netns and libsmartcols itself, 2.38
        and 2.42, write the byte as it is: no JSON.)"""
        bad = b"nstest-\xff\xc3("
        good = "nstest-\u00e9\u20ac"
        res = nt.run([NETNS, "add", bad])
        self.assertEqual(res.returncode, 0, res.stderr)
        self.before_check(lambda: nt.remove_named(os.fsdecode(bad)))
        self.add(good)
        res = subprocess.run([NETNS, "-j", "list"], capture_output=True)
        self.assertEqual(res.returncode, 0, res.stderr)
        # sorted by bytes: 0xc3 before 0xff
        self.assertEqual(res.stdout,
                         b'[{"name":"nstest-\xc3\xa9\xe2\x82\xac"},'
                         b'{"name":"nstest-\\\\xff\\\\xc3("}]\n')
        self.assertEqual(json.loads(res.stdout.decode("utf-8")),
                         [{"name": good}, {"name": "nstest-\\xff\\xc3("}])
        ident = subprocess.run(
            [NETNS, "exec", os.fsdecode(bad), NETNS, "-j", "identify"],
            capture_output=True)
        self.assertEqual(json.loads(ident.stdout.decode("utf-8")),
                         [{"name": "nstest-\\xff\\xc3("}])


if __name__ == "__main__":
    nt.main()
