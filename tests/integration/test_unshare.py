# SPDX-License-Identifier: MIT
"""unshare: every option with real namespaces, as root.

Namespace types and persistent =FILE, mounts (--mount-proc,
--mount-binfmt, -l, --propagation, -R, -w), -S/-G, capabilities, time
offsets, fork, signals, exit status, environment and bad arguments.
Id maps and the unprivileged path: test_unshare_userns.py; failures at
each step: test_unshare_fail.py.

The cases run against util-linux 2.42 as well (NSTOOLS_UNSHARE pointing
at it); @ours_only marks where ours deliberately differs.
"""

import fcntl
import os
import re
import signal
import subprocess
import sys
import time

sys.path.insert(0, os.path.join(os.environ.get("NSTOOLS_SOURCE_ROOT", ""),
                                "tests", "pylib"))
import nstest  # noqa: E402
import unsharetest as ut  # noqa: E402
from unsharetest import UnshareCase, ours_only, unshare  # noqa: E402

OPTION = {"mnt": "--mount", "uts": "--uts", "ipc": "--ipc", "net": "--net",
          "pid": "--pid", "user": "--user", "cgroup": "--cgroup",
          "time": "--time"}
SHORT = {"mnt": "-m", "uts": "-u", "ipc": "-i", "net": "-n", "pid": "-p",
         "user": "-U", "cgroup": "-C", "time": "-T"}
NS_GET_OWNER_UID = 0xB704
TRIES = 5
# the program that reports the namespaces it runs in: "TYPE INODE" lines
NS_LINKS = "for t in %s; do echo $t $(stat -L -c %%i /proc/self/ns/$t); done"


def persist_run(*args):
    """unshare ARGS; util-linux's tried again on each CPU in turn when
    binding a mount namespace fails with EINVAL (see unsharetest.pinned):
    ours must bind at once (MountNsOrderTest)."""
    for attempt in range(TRIES if ut.is_util_linux() else 1):
        res = unshare(*args, prefix=ut.pinned(attempt))
        if not (res.returncode == 1 and "/ns/mnt on " in res.stderr
                and "Invalid argument" in res.stderr):
            break
    return res


def links_script(types):
    return NS_LINKS % " ".join(types)


def parse_links(out):
    return {t: int(i) for t, i in (line.split() for line in out.splitlines())}


def exec_enters_time_ns():
    """Whether a program executed after unshare(CLONE_NEWTIME) is in the
    new time namespace (Linux 6.3 and later); before, only children
    forked afterwards are, so without --fork the program stays out."""
    res = subprocess.run(["stat", "-L", "-c", "%i", "/proc/self/ns/time"],
                         capture_output=True, text=True, check=True,
                         preexec_fn=lambda: nstest.unshare(CLONE_NEWTIME))
    return int(res.stdout) != nstest.ns_inode("self", "time")


CLONE_NEWTIME = 0x80
# before 6.3, the program needs --fork to be in a new time namespace
TIME_FORK = [] if not os.path.exists("/proc/self/ns/time") or \
    exec_enters_time_ns() else ["-f"]


def pyprog(code):
    return [sys.executable, "-c", code]


class TypesTest(UnshareCase):

    def test_each_type_alone(self):
        types = nstest.available_types()
        mine = {t: nstest.ns_inode("self", t) for t in types}
        for t in types:
            for opt in (OPTION[t], SHORT[t]):
                with self.subTest(option=opt):
                    extra = ["-f"] if t == "pid" else []
                    out = self.check(unshare(opt, *extra, "sh", "-c",
                                             links_script(types)))
                    seen = parse_links(out)
                    for other in types:
                        if other == t:
                            self.assertNotEqual(seen[t], mine[t])
                        else:
                            self.assertEqual(seen[other], mine[other],
                                             f"{opt} changed {other}")

    def test_all_types_together(self):
        types = nstest.available_types()
        mine = {t: nstest.ns_inode("self", t) for t in types}
        out = self.check(unshare(*[SHORT[t] for t in types], "-f", "sh", "-c",
                                 links_script(types)))
        seen = parse_links(out)
        for t in types:
            self.assertNotEqual(seen[t], mine[t], t)

    def test_persistent_every_type(self):
        d = self.private_dir()
        for t in nstest.available_types():
            with self.subTest(type=t):
                path = d.file(t, "")  # util-linux wants it to exist
                extra = (["-f"] if t == "pid" else
                         TIME_FORK if t == "time" else [])
                out = self.check(persist_run(f"{OPTION[t]}={path}", *extra,
                                             "stat", "-L", "-c", "%i",
                                             f"/proc/self/ns/{t}"))
                inner = int(out)
                self.assertNotEqual(inner, nstest.ns_inode("self", t))
                # the bind mount is the namespace the program ran in
                # (pid and time: unshare's *_for_children entry)
                self.assertEqual(os.stat(path).st_ino, inner)
                m = ut.mounts_at(path)
                self.assertEqual(len(m), 1)
                self.assertEqual(m[0]["fstype"], "nsfs")
                self.assertEqual(m[0]["root"], f"{t}:[{inner}]")
                ut.run(["umount", path], check_rc=0)
                os.unlink(path)
                self.assertEqual(ut.mounts_at(path), [])

    def test_persistent_namespace_outlives_the_program(self):
        d = self.private_dir()
        path = d.file("uts", "")
        out = self.check(unshare(f"--uts={path}", "sh", "-c",
                                 "hostname nstest-persist; hostname"))
        self.assertEqual(out, "nstest-persist\n")
        # the namespace lives on: enter it through the bind mount
        res = ut.run(["nsenter", f"--uts={path}", "hostname"], check_rc=0)
        self.assertEqual(res.stdout, "nstest-persist\n")
        self.assertNotEqual(os.uname().nodename, "nstest-persist")

    @ours_only("util-linux needs FILE to exist")
    def test_persistent_file_created_when_missing(self):
        d = self.private_dir()
        path = d.file("net")
        out = self.check(unshare(f"--net={path}", "stat", "-L", "-c", "%i",
                                 "/proc/self/ns/net"))
        self.assertEqual(os.stat(path).st_ino, int(out))
        ut.run(["umount", path], check_rc=0)
        self.assertEqual(os.path.getsize(path), 0)
        os.unlink(path)

    @ours_only("util-linux silently hides a non-empty FILE")
    def test_persistent_refuses_a_file_with_data(self):
        d = self.private_dir()
        path = d.file("data", "precious\n")
        res = unshare(f"--net={path}", "true")
        self.assert_one_line_error(res, path)
        with open(path) as f:
            self.assertEqual(f.read(), "precious\n")
        self.assertEqual(ut.mounts_at(path), [])

    def test_persistent_mount_ns_on_a_shared_mount_fails(self):
        d = self.private_dir()
        ut.run(["mount", "--make-shared", d.path], check_rc=0)
        path = d.file("mnt", "")
        res = unshare(f"--mount={path}", "true")
        self.assertEqual(res.returncode, 1, res.stderr)
        self.assertTrue(res.stderr.startswith(
            nstest.named("unshare: ", ut.UNSHARE)), res.stderr)
        self.assertEqual(ut.mounts_at(path), [])
        self.assertEqual(ut.nsfs_mounts_under(d.path), [])

    @ours_only("util-linux does not say why")
    def test_persistent_mount_ns_on_a_shared_mount_says_why(self):
        d = self.private_dir()
        ut.run(["mount", "--make-shared", d.path], check_rc=0)
        for name, content in (("made", None), ("there", "")):
            with self.subTest(file=name):
                path = d.file(name, content)
                res = unshare(f"--mount={path}", "true")
                self.assertEqual(res.returncode, 1, res.stderr)
                self.assertRegex(
                    res.stderr, "^" + re.escape(
                        nstest.tool_name("unshare", ut.UNSHARE))
                    + r": mount /proc/\d+/ns/mnt on "
                    + re.escape(path) + r" failed: Invalid argument \(a "
                    r"mount namespace can only be bound onto a file on a "
                    r"mount with private propagation\)\n\Z")
                self.assertEqual(os.path.exists(path), content is not None)


NS_GET_ID = 0x8008B70D  # _IOR(0xb7, 0xd, __u64), Linux >= 6.18
# prints the id of the mount namespace it runs in
MNT_ID = ("import fcntl, os, struct; fd = os.open('/proc/self/ns/mnt', "
          "os.O_RDONLY); print(struct.unpack('Q', fcntl.ioctl(fd, %d, "
          "bytes(8)))[0])" % NS_GET_ID)
# prints its CPU affinity and the id of its mount namespace
AFFINITY_AND_ID = ("import os; print(sorted(os.sched_getaffinity(0))); "
                   + MNT_ID)


# Run in a mount namespace of its own as ORDER_INSIDE UNSHARE CPU FILE:
# prints its mount namespace's id and that of one made on CPU; then
# unshare --mount=FILE pinned to CPU: its exit status and stderr, its
# affinity and mount namespace id; the id of the namespace in FILE.
ORDER_INSIDE = """
import subprocess, sys
unshare, cpu, path = sys.argv[1:]
pin = ["taskset", "-c", cpu]

def run(*argv):
    return subprocess.run(argv, capture_output=True, text=True)

def mnt_id(*prefix):
    return run(*prefix, sys.executable, "-c", %r).stdout.strip()

print(mnt_id(), mnt_id(*pin, unshare, "-m"))
res = run(*pin, unshare, "--mount=" + path, sys.executable, "-c", %r)
print(res.returncode, res.stderr.strip())
print(res.stdout.strip())
print(mnt_id("nsenter", "--mount=" + path))
run("umount", path)
""" % (MNT_ID, AFFINITY_AND_ID)


def mnt_id_on(cpu):
    """The id a mount namespace made now on CPU gets."""
    res = unshare("-m", *pyprog(MNT_ID), prefix=["taskset", "-c", str(cpu)])
    return int(res.stdout) if res.returncode == 0 else None


class MountNsOrderTest(UnshareCase):
    """Linux refuses to bind a mount namespace that is not newer than the
    binder's own, and since 6.18 hands out namespace ids in per-CPU
    batches: a namespace made on a CPU whose batch is lower looks older
    than the caller's. util-linux then fails with EINVAL; ours makes the
    namespace again on each CPU in turn until the bind can work."""

    def adversarial_cpus(self):
        """(high, low): CPUs where a new mount namespace gets the highest
        and a lower id; skip when the kernel has no ids or one CPU."""
        cpus = sorted(os.sched_getaffinity(0))
        if len(cpus) < 2:
            self.skipTest("needs two CPUs")
        ids = {c: mnt_id_on(c) for c in cpus}
        if None in ids.values():
            self.skipTest("no NS_GET_ID (Linux < 6.18): one id sequence")
        high = max(cpus, key=lambda c: ids[c])
        low = min(cpus, key=lambda c: ids[c])
        if ids[high] == ids[low]:
            self.skipTest("one id sequence for all CPUs")
        return high, low

    @ours_only("util-linux fails with EINVAL when the ids are out of order")
    def test_binds_a_mount_namespace_made_on_a_lower_cpu(self):
        high, low = self.adversarial_cpus()
        d = self.private_dir()
        path = d.file("mnt", "")
        # from a mount namespace made on HIGH, ours pinned to LOW
        out = self.check(unshare(
            "-m", "--propagation", "private", *pyprog(ORDER_INSIDE),
            ut.UNSHARE, str(low), path,
            prefix=["taskset", "-c", str(high)])).splitlines()
        caller, made_low = (int(x) for x in out[0].split())
        if made_low > caller:
            self.skipTest("the batches moved on meanwhile")
        self.assertEqual(out[1], "0 ", out)
        affinity, inside = out[2], int(out[3])
        # pinned to LOW it stays (what it ran on to make the namespace
        # is undone), in a namespace newer than the caller's
        self.assertEqual(affinity, f"[{low}]")
        self.assertGreater(inside, caller)
        # the file holds the namespace the program ran in
        self.assertEqual(int(out[4]), inside)
        self.assertEqual(ut.mounts_at(path), [])


class MountTest(UnshareCase):

    def shared_point(self):
        """A private dir made shared: its peer group shows inside."""
        d = self.private_dir()
        ut.run(["mount", "--make-shared", d.path], check_rc=0)
        outside = ut.mounts_at(d.path)[-1]
        self.assertEqual(ut.propagation(outside["optional"]), ["shared"])
        return d, outside

    def inside_mountinfo(self, *args):
        out = self.check(unshare(*args, "cat", "/proc/self/mountinfo"))
        return out

    def test_propagation_default_is_private(self):
        d, _ = self.shared_point()
        text = self.inside_mountinfo("-m")
        inside = ut.mounts_at(d.path, text)[-1]
        self.assertEqual(ut.propagation(inside["optional"]), [])
        # recursively from /: no mount at all stays shared
        for m in ut.parse_mountinfo(text):
            self.assertEqual(ut.propagation(m["optional"]), [], m)

    def test_propagation_modes(self):
        d, outside = self.shared_point()
        peer = [t for t in outside["optional"] if t.startswith("shared:")]
        master = ["master:" + peer[0].split(":")[1]]
        for mode, want in (("private", []), ("shared", peer),
                           ("slave", master), ("unchanged", peer)):
            with self.subTest(mode=mode):
                text = self.inside_mountinfo("-m", "--propagation", mode)
                inside = ut.mounts_at(d.path, text)[-1]
                self.assertEqual(inside["optional"], want)

    def test_propagation_without_mount_ns_is_ignored(self):
        self.check(unshare("--propagation", "slave", "true"))

    def test_mount_ns_keeps_mounts_inside(self):
        d = self.private_dir()
        out = self.check(unshare("-m", "sh", "-c",
                                 f"mount -t tmpfs nstest-in {d.path} && "
                                 f"grep -c nstest-in /proc/self/mountinfo"))
        self.assertEqual(out, "1\n")
        self.assertEqual(
            [m for m in ut.mountinfo() if m["source"] == "nstest-in"], [])

    def test_mount_proc_default(self):
        out = self.check(unshare("-p", "-f", "--mount-proc", "sh", "-c",
                                 "echo $$; echo /proc/[0-9]*; "
                                 "cat /proc/self/mountinfo"))
        pid, pids, text = out.split("\n", 2)
        self.assertEqual(pid, "1")
        # only sh (1) and cat, the new namespace's processes
        self.assertEqual(pids.split()[0], "/proc/1")
        self.assertLessEqual(len(pids.split()), 2)
        procs = [m for m in ut.mounts_at("/proc", text)
                 if m["fstype"] == "proc"]
        self.assertTrue(procs)
        self.assertEqual(ut.propagation(procs[-1]["optional"]), [])

    def test_mount_proc_dir(self):
        d = self.private_dir()
        os.mkdir(d.file("proc"))
        out = self.check(unshare("-p", "-f", f"--mount-proc={d.path}/proc",
                                 "sh", "-c", f"readlink {d.path}/proc/self; "
                                 "cat /proc/self/mountinfo"))
        link, text = out.split("\n", 1)
        self.assertNotEqual(link, "")
        self.assertLess(int(link), 10)  # a pid of the new namespace
        m = ut.mounts_at(f"{d.path}/proc", text)
        self.assertEqual([x["fstype"] for x in m], ["proc"])

    def test_mount_proc_implies_mount(self):
        out = self.check(unshare("-p", "-f", "--mount-proc", "stat", "-L",
                                 "-c", "%i", "/proc/self/ns/mnt"))
        self.assertNotEqual(int(out), nstest.ns_inode("self", "mnt"))

    def skip_without_userns_binfmt(self, d, *args):
        """On a kernel without binfmt_misc in a user namespace: ARGS fail
        with one line saying so, then the case is skipped."""
        os.mkdir(d.file("probe"))
        if ut.userns_binfmt(d.file("probe")):
            return
        res = unshare(*args, "true")
        self.assertEqual(res.returncode, 1, res)
        if not nstest.is_util_linux(ut.UNSHARE):
            self.assertEqual(res.stderr,
                             "unshare: mount /proc/sys/fs/binfmt_misc "
                             "failed: Operation not permitted (binfmt_misc "
                             "in a user namespace needs Linux 6.7 or "
                             "later)\n")
        self.skipTest(f"needs {ut.NO_USERNS_BINFMT}; the error checked")

    def test_mount_binfmt(self):
        # -r: binfmt_misc is per user namespace; never touch the host's
        d = self.private_dir()
        self.skip_without_userns_binfmt(d, "-r", "-p", "-f",
                                        "--mount-binfmt")
        os.mkdir(d.file("bm"))
        for arg, point in (("--mount-binfmt", "/proc/sys/fs/binfmt_misc"),
                           (f"--mount-binfmt={d.path}/bm", f"{d.path}/bm")):
            with self.subTest(arg=arg):
                out = self.check(unshare("-r", "-p", "-f", "--mount-proc", arg,
                                         "sh", "-c",
                                         f"ls {point}; "
                                         "cat /proc/self/mountinfo"))
                names, text = out.split("\n", 2)[:2], out
                self.assertEqual(names, ["register", "status"])
                m = ut.mounts_at(point, text)
                self.assertEqual(m[-1]["fstype"], "binfmt_misc")

    def test_load_interp(self):
        d = self.private_dir()
        self.skip_without_userns_binfmt(d, "-r", "-p", "-f", "-l",
                                        ":nstest:E::nstestx::/bin/cat:")
        prog = d.file("hello.nstestx", "loaded by binfmt_misc\n")
        os.chmod(prog, 0o755)
        host = "/proc/sys/fs/binfmt_misc/nstest"
        out = self.check(unshare(
            "-r", "-p", "-f", "--mount-proc",
            "-l", ":nstest:E::nstestx::/bin/cat:", "sh", "-c",
            "cat /proc/sys/fs/binfmt_misc/nstest; " + prog))
        self.assertIn("enabled\ninterpreter /bin/cat\n", out)
        self.assertIn("extension .nstestx\n", out)
        self.assertTrue(out.endswith("loaded by binfmt_misc\n"), out)
        self.assertFalse(os.path.exists(host))

    def test_root_and_wd(self):
        self.assertTrue(ut.have_busybox(), "busybox-static is needed")
        d = self.private_dir()
        root = d.file("root")
        ut.make_rootfs(root)
        out = self.check(unshare("-R", root, "/bin/sh", "-c",
                                 "cat /etc/nstest-rootfs; pwd"))
        self.assertEqual(out, "rootfs\n/\n")
        out = self.check(unshare("--root", root, "--wd", "/etc",
                                 "/bin/sh", "-c", "pwd; cat nstest-rootfs"))
        self.assertEqual(out, "/etc\nrootfs\n")
        out = self.check(unshare("-w", "/tmp", "pwd"))
        self.assertEqual(out, "/tmp\n")

    def test_minimal_container(self):
        # the seed: a busybox rootfs with its own proc, pid 1 and hostname
        self.assertTrue(ut.have_busybox(), "busybox-static is needed")
        d = self.private_dir()
        root = d.file("root")
        ut.make_rootfs(root)
        out = self.check(unshare(
            "--mount", "--uts", "--ipc", "--net", "--pid", "--fork",
            "--mount-proc", f"--root={root}", "/bin/sh", "-c",
            "hostname nstest-box; hostname; echo $$; echo /proc/[0-9]*; "
            "cat /etc/nstest-rootfs"))
        self.assertEqual(out, "nstest-box\n1\n/proc/1\nrootfs\n")
        self.assertNotEqual(os.uname().nodename, "nstest-box")

    def test_mount_proc_dir_inside_root(self):
        # as util-linux 2.42: proc is mounted after the chroot and the
        # chdir, so DIR names a directory of the new root (a relative
        # one is taken from --wd)
        d = self.private_dir()
        root = d.file("root")
        ut.make_rootfs(root)
        os.makedirs(os.path.join(root, "nstest-proc"))
        self.assertFalse(os.path.exists("/nstest-proc"))
        out = self.check(unshare(
            "-p", "-f", "--mount-proc=/nstest-proc", f"--root={root}",
            "/bin/sh", "-c", "echo /nstest-proc/[0-9]*"))
        self.assertEqual(out, "/nstest-proc/1\n")
        out = self.check(unshare(
            "-p", "-f", "--mount-proc=proc", f"--root={root}", "--wd=/",
            "/bin/sh", "-c", "echo /proc/[0-9]*"))
        self.assertEqual(out, "/proc/1\n")


class IdsTest(UnshareCase):

    def test_setuid_setgid(self):
        out = self.check(unshare("-S", "4242", "-G", "4343", "sh", "-c",
                                 "id -u; id -g; id -G"))
        self.assertEqual(out, "4242\n4343\n4343\n")
        out = self.check(unshare("--setuid", "4242", "id", "-u"))
        self.assertEqual(out, "4242\n")

    def test_keep_caps(self):
        def caps(*args):
            out = self.check(unshare(*args, "cat", "/proc/self/status"))
            return {k: int(v, 16) for k, v in
                    (line.split(":\t") for line in out.splitlines()
                     if line.startswith("Cap"))}
        plain = caps("-U")
        self.assertEqual(plain["CapEff"], 0)
        self.assertEqual(plain["CapAmb"], 0)
        kept = caps("-U", "--keep-caps")
        self.assertNotEqual(kept["CapAmb"], 0)
        self.assertEqual(kept["CapEff"], kept["CapAmb"])
        self.assertEqual(kept["CapAmb"], kept["CapBnd"])

    def test_owner(self):
        d = self.private_dir()
        path = d.file("user", "")
        self.check(unshare(f"--user={path}", "--owner", "4242:4343", "true"))
        fd = os.open(path, os.O_RDONLY | os.O_CLOEXEC)
        try:
            buf = bytearray(4)
            fcntl.ioctl(fd, NS_GET_OWNER_UID, buf)
            self.assertEqual(int.from_bytes(buf, sys.byteorder), 4242)
        finally:
            os.close(fd)
            ut.run(["umount", path], check_rc=0)
            os.unlink(path)

    def test_owner_implies_user(self):
        out = self.check(unshare("--owner", "0:0", "stat", "-L", "-c", "%i",
                                 "/proc/self/ns/user"))
        self.assertNotEqual(int(out), nstest.ns_inode("self", "user"))


class TimeTest(UnshareCase):

    def test_offsets(self):
        out = self.check(unshare("-T", "--monotonic", "-5", "--boottime=3600",
                                 "cat", "/proc/self/timens_offsets"))
        self.assertEqual(out.split(), ["monotonic", "-5", "0",
                                       "boottime", "3600", "0"])
        out = self.check(unshare("-T", "--boottime", "100", "cat",
                                 "/proc/self/timens_offsets"))
        self.assertEqual(out.split(), ["monotonic", "0", "0",
                                       "boottime", "100", "0"])

    def test_boottime_moves_uptime(self):
        with open("/proc/uptime") as f:
            before = float(f.read().split()[0])
        out = self.check(unshare("-T", *TIME_FORK, "--boottime", "86400",
                                 "cat", "/proc/uptime"))
        inside = float(out.split()[0])
        self.assertGreater(inside - before, 86400 - 5)
        self.assertLess(inside - before, 86400 + 5)


class ProcessTest(UnshareCase):

    def test_without_fork_the_program_replaces_unshare(self):
        p = subprocess.Popen([ut.UNSHARE, "-u", "sh", "-c", "echo $$"],
                             stdout=subprocess.PIPE, text=True)
        out, _ = p.communicate(timeout=30 * nstest.TIME_SCALE)
        self.assertEqual(int(out), p.pid)

    def test_fork(self):
        for opt in ("-f", "--fork"):
            p = subprocess.Popen([ut.UNSHARE, opt, "sh", "-c",
                                  "echo $$ $PPID"],
                                 stdout=subprocess.PIPE, text=True)
            out, _ = p.communicate(timeout=30 * nstest.TIME_SCALE)
            pid, ppid = map(int, out.split())
            self.assertNotEqual(pid, p.pid)
            self.assertEqual(ppid, p.pid)
            self.assertEqual(p.returncode, 0)

    def test_pid_ns_pid1(self):
        out = self.check(unshare("-p", "-f", "sh", "-c", "echo $$"))
        self.assertEqual(out, "1\n")

    def test_exit_status(self):
        d = self.private_dir()
        noexec = d.file("noexec", "#!/bin/sh\nexit 0\n")
        os.chmod(noexec, 0o644)
        cases = [([noexec], 126), (["-f", noexec], 126),
                 (["sh", "-c", "exit 42"], 42),
                 (["-f", "sh", "-c", "exit 42"], 42),
                 (["-pf", "sh", "-c", "exit 3"], 3),
                 (["/nonexistent/nstest"], 127),
                 (["-f", "/nonexistent/nstest"], 127),
                 (["-f", "sh", "-c", "kill -USR1 $$"], -signal.SIGUSR1),
                 (["-f", "sh", "-c", "kill -TERM $$"], -signal.SIGTERM),
                 (["-f", "sh", "-c", "kill -KILL $$"], -signal.SIGKILL),
                 (["sh", "-c", "kill -USR2 $$"], -signal.SIGUSR2)]
        for args, rc in cases:
            with self.subTest(args=args):
                res = unshare(*args)
                self.assertEqual(res.returncode, rc, res.stderr)
                if rc in (126, 127):
                    self.assertEqual(len(res.stderr.splitlines()), 1)
                    self.assertTrue(res.stderr.startswith(
                        nstest.named("unshare: ", ut.UNSHARE)))

    def test_default_program_is_shell(self):
        d = self.private_dir()
        shell = d.file("shell", "#!/bin/sh\necho nstest-shell \"$#\"\n")
        os.chmod(shell, 0o755)
        out = self.check(unshare("-u", env={"SHELL": shell}))
        self.assertEqual(out, "nstest-shell 0\n")
        out = self.check(unshare("-f", env={"SHELL": shell}))
        self.assertEqual(out, "nstest-shell 0\n")

    def start(self, *args, code):
        """unshare ARGS running python CODE, after its 'ready PID' line."""
        p = subprocess.Popen([ut.UNSHARE, *args, *pyprog(code)],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                             stdin=subprocess.DEVNULL, text=True)
        line = p.stdout.readline().split()
        if line[:1] != ["ready"]:
            p.kill()
            _, err = p.communicate()
            self.fail(f"no ready line: {err}")
        return p, int(line[1])

    # the handler writes with os.write: a signal that comes while the
    # "ready" print is still inside stdout's buffer would make print
    # fail (reentrant call)
    WAITER = ("import os, signal, sys, time\n"
              "def got(s, f):\n"
              "    os.write(1, f'got {s}\\n'.encode()); os._exit(7)\n"
              "signal.signal(signal.SIGTERM, got)\n"
              "signal.signal(signal.SIGINT, got)\n"
              "print('ready', os.getpid(), flush=True)\n"
              "time.sleep(%s)\n"
              "print('slept', flush=True)\n")

    def test_forward_signals(self):
        for sig in (signal.SIGTERM, signal.SIGINT):
            with self.subTest(sig=sig):
                p, child = self.start("--forward-signals",
                                      code=self.WAITER % 20)
                self.assertNotEqual(child, p.pid)
                p.send_signal(sig)
                out, err = p.communicate(timeout=20 * nstest.TIME_SCALE)
                self.assertEqual(out, f"got {int(sig)}\n", err)
                self.assertEqual(p.returncode, 7)

    def test_signals_ignored_while_waiting(self):
        p, child = self.start("-f", code=self.WAITER % 1)
        p.send_signal(signal.SIGTERM)
        p.send_signal(signal.SIGINT)
        out, err = p.communicate(timeout=20 * nstest.TIME_SCALE)
        self.assertEqual(out, "slept\n", err)
        self.assertEqual(p.returncode, 0)

    def kill_child(self, args, want):
        # the orphan comes back to us: we are its subreaper
        p, child = self.start(*args, code="import os, time\n"
                              "print('ready', os.getpid(), flush=True)\n"
                              "time.sleep(30)\n")
        # by its pid out here (inside a new pid namespace it is 1)
        with open(f"/proc/{p.pid}/task/{p.pid}/children") as f:
            kids = [int(k) for k in f.read().split()]
        self.assertEqual(len(kids), 1)
        if "-p" not in args:
            self.assertEqual(kids, [child])
        child = kids[0]
        p.kill()
        p.wait()
        p.stdout.close()
        p.stderr.close()
        deadline = time.monotonic() + 10
        while True:
            pid, status = os.waitpid(child, os.WNOHANG)
            if pid:
                break
            self.assertLess(time.monotonic(), deadline, "child lives on")
            time.sleep(0.02)
        self.assertTrue(os.WIFSIGNALED(status))
        self.assertEqual(os.WTERMSIG(status), want)

    def test_kill_child_default_sigkill(self):
        self.kill_child(["--kill-child"], signal.SIGKILL)

    def test_kill_child_signal(self):
        self.kill_child(["--kill-child=SIGTERM"], signal.SIGTERM)
        self.kill_child(["--kill-child=USR1"], signal.SIGUSR1)

    def test_kill_child_pid_ns(self):
        # pid 1 of a namespace ignores what it has no handler for, but
        # not SIGKILL from outside
        self.kill_child(["-p", "--kill-child"], signal.SIGKILL)


class EnvTest(UnshareCase):

    ENV = {"NSTEST_A": "1", "NSTEST_B": "2", "HOME": "/nstest-home"}

    @ours_only("--clear-env came after util-linux 2.42")
    def test_clear_env(self):
        out = self.check(unshare("--clear-env", "/usr/bin/env", env=self.ENV))
        self.assertEqual(out, "")
        out = self.check(unshare("-f", "--clear-env", "/usr/bin/env",
                                 env=self.ENV))
        self.assertEqual(out, "")

    @ours_only("--whitelist-env came after util-linux 2.42")
    def test_whitelist_env(self):
        out = self.check(unshare("--whitelist-env", "NSTEST_A,HOME",
                                 "/usr/bin/env", env=self.ENV))
        self.assertEqual(sorted(out.splitlines()),
                         ["HOME=/nstest-home", "NSTEST_A=1"])
        out = self.check(unshare("--whitelist-env=NSTEST_B,NSTEST_NONE",
                                 "/usr/bin/env", env=self.ENV))
        self.assertEqual(out, "NSTEST_B=2\n")

    def test_environment_passed_by_default(self):
        out = self.check(unshare("-u", "/usr/bin/env", env=self.ENV))
        self.assertIn("NSTEST_A=1\n", out)


class LoUpTest(UnshareCase):

    @ours_only("--lo-up is ours")
    def test_lo_up(self):
        # /sys shows the network namespace of its mounter: ask ip(8)
        out = self.check(unshare("-n", "--lo-up", "ip", "-o", "link",
                                 "show", "lo"))
        self.assertRegex(out, r"<LOOPBACK,UP,LOWER_UP>")
        out = self.check(unshare("-n", "ip", "-o", "link", "show", "lo"))
        self.assertRegex(out, r"<LOOPBACK>")


# util-linux 2.42.2 messages (the spec's list), all exit 1
BAD_ARGS = [
    (["--map-user", "nstest-nosuchuser", "true"],
     "unshare: failed to parse uid 'nstest-nosuchuser'"),
    (["--map-users", "0:1", "true"], "unshare: invalid mapping '0:1'"),
    (["--propagation", "sideways", "-m", "true"],
     "unshare: unsupported propagation mode: sideways"),
    (["--kill-child=NSTESTSIG", "true"],
     "unshare: unknown signal: NSTESTSIG"),
    (["--setgroups", "maybe", "-U", "true"],
     "unshare: unsupported --setgroups argument 'maybe'"),
    (["-R", "/nonexistent/nstest", "true"],
     "unshare: cannot change root directory to '/nonexistent/nstest': "
     "No such file or directory"),
    (["-w", "/nonexistent/nstest", "true"],
     "unshare: cannot change directory to /nonexistent/nstest: "
     "No such file or directory"),
    (["--monotonic", "5", "true"],
     "unshare: options --monotonic and --boottime require unsharing of a "
     "time namespace (-T)"),
    (["--boottime", "5", "-u", "true"],
     "unshare: options --monotonic and --boottime require unsharing of a "
     "time namespace (-T)"),
]


class BadArgsTest(UnshareCase):

    def test_messages(self):
        for args, msg in BAD_ARGS:
            with self.subTest(args=args):
                res = unshare(*args)
                self.assertEqual(res.returncode, 1)
                self.assertEqual(res.stderr,
                                 nstest.named(msg + "\n", ut.UNSHARE))
                self.assertEqual(res.stdout, "")

    def test_getopt_errors(self):
        for args in (["--nstest-bogus"], ["-Z"], ["--propagation"],
                     ["--monotonic"], ["--fork=1"]):
            with self.subTest(args=args):
                res = unshare(*args)
                self.assertEqual(res.returncode, 1)
                lines = res.stderr.splitlines()
                self.assertEqual(len(lines), 2, res.stderr)
                self.assertTrue(lines[0].startswith(
                    nstest.named("unshare: ", ut.UNSHARE)))
                self.assertEqual(lines[1], nstest.named(
                    "Try 'unshare --help' for more information.",
                    ut.UNSHARE))

    def test_other_errors_are_one_line(self):
        for args in (["--map-users", "a:b:c", "true"],
                     ["--map-groups", "0:0", "true"],
                     ["--owner", "0", "true"],
                     ["--map-group", "nstest-nosuchgroup", "true"],
                     ["-S", "nstest-nosuchuser", "true"],
                     ["-T", "--monotonic", "1.5", "true"],
                     ["-T", "--boottime", "x", "true"]):
            with self.subTest(args=args):
                res = unshare(*args)
                self.assertEqual(res.returncode, 1)
                self.assertEqual(len(res.stderr.splitlines()), 1, res.stderr)
                self.assertTrue(res.stderr.startswith(
                    nstest.named("unshare: ", ut.UNSHARE)))

    def test_help_and_version(self):
        res = unshare("--help")
        self.assertEqual(res.returncode, 0)
        name = nstest.tool_name("unshare", ut.UNSHARE)
        self.assertTrue(res.stdout.startswith(f"\nUsage:\n {name} [options]"))
        for opt in ("--mount[=<file>]", "--mount-proc[=<dir>]",
                    "--mount-binfmt[=<dir>]", "--load-interp",
                    "--propagation", "--root", "--wd", "--setuid",
                    "--setgid", "--map-user", "--map-group",
                    "--map-root-user", "--map-current-user", "--map-auto",
                    "--map-subids", "--map-users", "--map-groups", "--owner",
                    "--fork", "--kill-child", "--forward-signals",
                    "--setgroups", "--keep-caps", "--monotonic",
                    "--boottime", "--help", "--version"):
            self.assertIn(opt, res.stdout)
        self.assertEqual(unshare("-h").stdout, res.stdout)
        res = unshare("-V")
        self.assertEqual(res.returncode, 0)
        self.assertTrue(res.stdout.startswith(f"{name} from "))


if __name__ == "__main__":
    nstest.require_root()
    ut.require_unshare()
    nstest.main()
