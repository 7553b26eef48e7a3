# SPDX-License-Identifier: MIT
"""nsenter as root: every option against targets our unshare makes.

Each case checks the namespaces the program run by nsenter is in by
comparing its /proc/self/ns links with the target's. The program runs
in a pid namespace of its own (nstest.main(pid_namespace=True)), so a
case can make the kernel hand out a PID again (ns_last_pid) to check
that -t PID:INODE refuses a reused PID. The user-namespace cases, as
root and as an unprivileged user, are in test_nsenter_userns.py.

Run against util-linux 2.42 (NSTOOLS_NSENTER pointing at a wrapper),
the cases where ours deliberately differs are skipped (@ours_only).
"""

import os
import random
import signal
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.environ.get("NSTOOLS_SOURCE_ROOT", ""),
                                "tests", "pylib"))
import nstest  # noqa: E402
import nsentertest as nt  # noqa: E402
import unsharetest as ut  # noqa: E402
from nsentertest import NsenterCase, nsenter, ours_only  # noqa: E402
from nsentertest import NSENTER as NSENTER_PATH  # noqa: E402

TYPES = [t for t in nt.SHORT if t != "user"]  # user: test_nsenter_userns


class TargetTest(NsenterCase):
    """-t PID with each type, -a, -t PID:INODE."""

    def setUp(self):
        super().setUp()
        self.t = self.target(*nt.ALL_BUT_USER, fork=True)

    def test_each_type_short_and_long(self):
        want = self.t.links()
        for t in TYPES:
            for opt in (nt.SHORT[t], nt.OPTION[t]):
                with self.subTest(option=opt):
                    got = self.inside("-t", str(self.t.pid), opt)
                    self.assertEqual(got[t], want[t])
                    self.assert_entered(got, want, [t])

    def test_long_target_option(self):
        got = self.inside(f"--target={self.t.pid}", "--net", "--uts")
        self.assert_entered(got, self.t.links(), ["net", "uts"])

    def test_several_types(self):
        got = self.inside("-t", str(self.t.pid), "-n", "-u", "-i", "-C")
        self.assert_entered(got, self.t.links(),
                            ["net", "uts", "ipc", "cgroup"])

    def test_all(self):
        # the target's user ns is ours: skipped, the rest entered
        for opt in ("-a", "--all"):
            with self.subTest(option=opt):
                got = self.inside("-t", str(self.t.pid), opt)
                self.assert_entered(got, self.t.links(), TYPES)

    def test_all_with_file_override(self):
        other = self.target("-n", "-u")
        got = self.inside("-t", str(self.t.pid), "-a",
                          f"--net=/proc/{other.pid}/ns/net")
        want = self.t.links()
        want["net"] = other.link("net")
        self.assert_entered(got, want, TYPES)

    def test_pid_forks_time_does_not_need_to(self):
        # -p: the program is the first child in the target's pid ns;
        # -T: setns switches the caller's time ns at once, -F or not
        want = self.t.links()
        for args in (["-p"], ["-T"], ["-T", "-F"]):
            with self.subTest(args=args):
                got = self.inside("-t", str(self.t.pid), *args)
                types = ["pid"] if "-p" in args else ["time"]
                self.assert_entered(got, want, types)

    def test_time_runs_in_place(self):
        # -T alone: the program is nsenter's process itself, as in
        # util-linux 2.42 (setns moves the caller, nothing to fork for)
        for opt in ("-T", f"--time=/proc/{self.t.pid}/ns/time"):
            with self.subTest(option=opt):
                proc = subprocess.Popen(
                    [NSENTER_PATH, "-t", str(self.t.pid), opt, "sh", "-c",
                     "echo $$; readlink /proc/self/ns/time"],
                    stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                    text=True)
                out, err = proc.communicate(timeout=30 * nstest.TIME_SCALE)
                self.assertEqual((proc.returncode, err), (0, ""))
                self.assertEqual(out.split(),
                                 [str(proc.pid), self.t.link("time")])

    def test_all_with_proc_of_target(self):
        # `nsenter -t PID -a ps`: the program sees the target's /proc
        t = self.target(*nt.ALL_BUT_USER, "--mount-proc", fork=True)
        res = nsenter("-t", str(t.pid), "-a", "sh", "-c",
                      "echo $$; cat /proc/1/comm")
        pid, comm = self.check(res).split()
        self.assertGreater(int(pid), 1)
        self.assertEqual(comm, "sleep")

    def test_no_fork(self):
        # -F -p: the program itself stays in our pid ns, its children
        # go to the target's
        for opt in ("-F", "--no-fork"):
            with self.subTest(option=opt):
                got = self.inside("-t", str(self.t.pid), "-p", opt)
                mine = nt.links_of("self")
                self.assertEqual(got["pid"], mine["pid"])
                self.assertEqual(got["pid_for_children"],
                                 self.t.link("pid"))

    def test_target_with_inode(self):
        ino = nt.pidfd_inode(self.t.pid)
        if not nt.pidfd_inodes():
            self.skip_without_pidfd_inodes(self.t.pid, ino)
        got = self.inside("-t", f"{self.t.pid}:{ino}", "-n")
        self.assert_entered(got, self.t.links(), ["net"])
        res = nsenter("-t", f"{self.t.pid}:{ino + 1}", "-n", "true")
        self.assert_error(res)

    def skip_without_pidfd_inodes(self, pid, ino):
        """Where pidfds have no inode numbers of their own, -t PID:INODE
        is refused with one line saying so, even for the right process;
        the case is skipped then."""
        res = nsenter("-t", f"{pid}:{ino}", "-n", "true")
        self.assertEqual(res.returncode, 1, res.stderr)
        self.assertEqual(res.stderr, nt.PIDFD_INODES_ERROR.format(pid=pid))
        self.skipTest(f"needs {nt.NO_PIDFD_INODES}; the error checked")

    def test_inode_refuses_reused_pid(self):
        # the kernel hands the dead target's PID out again: the inode of
        # the first target's pidfd must not take the second
        first = self.target("-n")
        pid, ino = first.pid, nt.pidfd_inode(first.pid)
        if not nt.pidfd_inodes():
            self.skip_without_pidfd_inodes(pid, ino)
        first.close()
        for _ in range(20):
            with open("/proc/sys/kernel/ns_last_pid", "w") as f:
                f.write(str(pid - 1))
            second = self.target("-n")
            if second.pid == pid:
                break
            second.close()
        self.assertEqual(second.pid, pid, "PID was not handed out again")
        res = nsenter("-t", f"{pid}:{ino}", "-n", *nt.readlink_argv(["net"]))
        self.assert_error(res)
        got = self.inside("-t", f"{pid}:{nt.pidfd_inode(pid)}", "-n",
                          links=["net"])
        self.assertEqual(got["net"], second.link("net"))


class FileTest(NsenterCase):
    """TYPE=FILE: /proc/PID/ns/X and bind mounts made by our unshare."""

    def test_proc_files(self):
        t = self.target(*nt.ALL_BUT_USER, fork=True)
        want = t.links()
        for typ in TYPES:
            path = f"/proc/{t.pid}/ns/{typ}"
            for args in ([f"{nt.OPTION[typ]}={path}"],
                         [f"{nt.SHORT[typ]}{path}"]):
                with self.subTest(args=args):
                    got = self.inside(*args)
                    self.assert_entered(got, want, [typ])

    def persist(self, d, types):
        """A sleeping process of our unshare with every type of TYPES
        bound to a file in D; its links."""
        args = [f"{nt.OPTION[t]}={d.file(t, '')}" for t in types]
        # ours binds a mount namespace at once, also where Linux >= 6.18
        # hands out ids out of order (see test_unshare's MountNsOrderTest)
        t = nt.Target(*args, "-f", fork=True)
        self.close_after(t)
        return t.links()

    def test_bind_mounts(self):
        d = self.private_dir("nsenter")
        want = self.persist(d, TYPES)
        for typ in TYPES:
            path = d.file(typ)
            self.assertEqual(os.stat(path).st_ino,
                             int(want[typ].split("[")[1][:-1]))
            with self.subTest(type=typ):
                got = self.inside(f"{nt.OPTION[typ]}={path}")
                self.assert_entered(got, want, [typ])
        got = self.inside(*[f"{nt.OPTION[t]}={d.file(t)}" for t in TYPES])
        self.assert_entered(got, want, TYPES)

    def test_bind_mount_without_process(self):
        # nothing but the bind mount keeps the namespaces alive
        d = self.private_dir("nsenter")
        res = ut.unshare(f"--net={d.file('net', '')}",
                         f"--uts={d.file('uts', '')}",
                         f"--mount={d.file('mnt', '')}", "true")
        self.check(res)
        links = ["net", "uts", "mnt"]
        got = self.inside(*[f"{nt.OPTION[t]}={d.file(t)}" for t in links],
                          links=links)
        for t in links:
            self.assertEqual(got[t], f"{t}:[{os.stat(d.file(t)).st_ino}]")

    @ours_only("2.42 says 'reassociate to namespace 'ns/net' failed: "
               "Invalid argument'")
    def test_not_a_namespace_file(self):
        for args in (["--net=/etc/passwd"], ["-u/etc/passwd"],
                     ["-a", "-t", str(os.getpid()), "--ipc=/etc/passwd"]):
            with self.subTest(args=args):
                res = nsenter(*args, "true")
                self.assert_error(res, "nsenter: /etc/passwd is not a "
                                  "namespace file")

    def test_file_of_another_type(self):
        # a namespace file, but not of the type asked for
        res = nsenter("--net=/proc/self/ns/uts", "true")
        self.assert_error(res)

    def test_missing_file(self):
        res = nsenter("--net=/nonexistent/nstest", "true")
        self.assert_error(res, "nsenter: cannot open /nonexistent/nstest: "
                          "No such file or directory")


class SocketTest(NsenterCase):

    def test_net_socket(self):
        holder = self.hold("-S")
        fd, ino = holder.fds[0], holder.fd_ns[0]
        for args in (["-N", str(fd)], [f"--net-socket={fd}"]):
            with self.subTest(args=args):
                got = self.inside("-t", str(holder.pid), *args,
                                  links=["net", "uts"])
                self.assertEqual(got["net"], f"net:[{ino}]")
                self.assertEqual(got["uts"], os.readlink("/proc/self/ns/uts"))

    def test_net_socket_errors(self):
        holder = self.hold("-S", "-f", "/etc/passwd")
        self.assert_error(nsenter("-N", str(holder.fds[0]), "true"),
                          "nsenter: no target PID specified")
        # not a socket, no such fd
        self.assert_error(nsenter("-t", str(holder.pid), "-N",
                                  str(holder.fds[1]), "true"))
        self.assert_error(nsenter("-t", str(holder.pid), "-N", "999",
                                  "true"))
        self.assert_error(nsenter("-t", str(holder.pid), "-N", "x", "true"),
                          "nsenter: failed to parse file descriptor: 'x'")


class DirectoryTest(NsenterCase):
    """-r, -w, -W with and without DIR."""

    def setUp(self):
        super().setUp()
        self.tmp = tempfile.mkdtemp(prefix="nstest-nsenter-")
        self.cwd = os.path.join(self.tmp, "cwd")
        os.mkdir(self.cwd)

    def tearDown(self):
        super().tearDown()
        for p in (self.cwd, self.tmp):
            os.rmdir(p)

    def test_wd_of_target(self):
        t = self.target("-n", cwd=self.cwd)
        for args in (["-w"], ["--wd"]):
            with self.subTest(args=args):
                res = nsenter("-t", str(t.pid), "-n", *args, "pwd")
                self.assertEqual(self.check(res), self.cwd + "\n")

    def test_wd_dir(self):
        t = self.target("-n", cwd=self.cwd)
        for args in ([f"-w{self.tmp}"], [f"--wd={self.tmp}"]):
            with self.subTest(args=args):
                res = nsenter("-t", str(t.pid), "-n", *args, "pwd")
                self.assertEqual(self.check(res), self.tmp + "\n")

    def test_wd_opened_before_wdns_after(self):
        # a tmpfs on CWD in the target's mount ns only: -w DIR is our
        # CWD (opened before entering), -W DIR the target's
        t = self.target("-m", "--propagation=private", "sh", "-c",
                        f"mount -t tmpfs nstest {self.cwd} && "
                        f"echo inside >{self.cwd}/where && exec sleep 1000",
                        program=())
        with open(os.path.join(self.cwd, "where"), "w") as f:
            f.write("outside\n")
        try:
            for args, want in (([f"-w{self.cwd}"], "outside"),
                               ([f"--wd={self.cwd}"], "outside"),
                               ([f"-W{self.cwd}"], "inside"),
                               ([f"--wdns={self.cwd}"], "inside")):
                with self.subTest(args=args):
                    res = nsenter("-t", str(t.pid), "-m", *args, "sh", "-c",
                                  "pwd; cat where")
                    self.assertEqual(self.check(res),
                                     f"{self.cwd}\n{want}\n")
        finally:
            os.unlink(os.path.join(self.cwd, "where"))

    def test_wd_and_wdns_exclusive(self):
        res = nsenter("-t", str(os.getpid()), "-n", "-w", "-W", "/", "true")
        self.assert_error(res, "nsenter: options --wd and --wdns cannot be "
                          "combined")

    def test_wdns_errors(self):
        # util-linux 2.42's words: it opens DIR, then fchdir()s to it
        pid = str(os.getpid())
        for arg, msg in (
                ("/nonexistent/nstest", "cannot open current working "
                 "directory: No such file or directory"),
                ("/etc/passwd", "change directory by working directory "
                 "file descriptor failed: Not a directory")):
            with self.subTest(arg=arg):
                res = nsenter("-t", pid, "-n", f"--wdns={arg}", "true")
                self.assert_error(res, "nsenter: " + msg)

    @ut.skip_unless(ut.have_busybox(), "needs busybox (busybox-static)")
    def test_root(self):
        rootfs = os.path.join(self.tmp, "rootfs")
        ut.make_rootfs(rootfs)
        try:
            t = self.target("-m", f"--root={rootfs}", "--wd=/etc",
                            program=("/bin/busybox", "sleep", "1000"),
                            comm="busybox")
            for args in (["-r"], ["--root"], [f"--root={rootfs}"],
                         [f"-r{rootfs}"]):
                with self.subTest(args=args):
                    # -r alone: / is the target's root, the cwd ours,
                    # seen from there (outside the new root: "/")
                    res = nsenter("-t", str(t.pid), "-m", *args, "-w",
                                  "/bin/sh", "-c",
                                  "cat /etc/nstest-rootfs; pwd")
                    self.assertEqual(self.check(res), "rootfs\n/etc\n")
        finally:
            subprocess.run(["rm", "-rf", rootfs])


class EnvTest(NsenterCase):

    def test_env_of_target(self):
        env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"),
               "NSTEST_TARGET": "target env"}
        t = self.target("-u", env=env)
        for opt in ("-e", "--env"):
            with self.subTest(option=opt):
                res = nsenter("-t", str(t.pid), "-u", opt, "env",
                              env={"NSTEST_OURS": "1"})
                out = self.check(res).splitlines()
                self.assertIn("NSTEST_TARGET=target env", out)
                self.assertNotIn("NSTEST_OURS=1", out)
        res = nsenter("-t", str(t.pid), "-u", "env",
                      env={"NSTEST_OURS": "1"})
        out = self.check(res).splitlines()
        self.assertIn("NSTEST_OURS=1", out)
        self.assertNotIn("NSTEST_TARGET=target env", out)


class CgroupTest(NsenterCase):
    """-c: the program joins the target's cgroup (v2).

    util-linux (and ours) take -c only where /sys/fs/cgroup is a cgroup2
    mount. On a hybrid host (v1 controllers there, v2 elsewhere) the
    case mounts cgroup2 on /sys/fs/cgroup in the test program's own
    mount namespace (unmounted afterwards; the host sees nothing)."""

    def setUp(self):
        super().setUp()
        self.v2 = [m["point"] for m in ut.mountinfo()
                   if m["fstype"] == "cgroup2"]
        self.mounted = False
        self.cg = None

    def tearDown(self):
        for fixture in self._holders:  # out of the cgroup first
            fixture.close()
        if self.cg:
            os.rmdir(self.cg)
        if self.mounted:
            ut.run(["umount", "/sys/fs/cgroup"], check_rc=0)
        super().tearDown()

    def test_join_cgroup(self):
        if not self.v2:
            self.skipTest("no cgroup2 mounted")
        if "/sys/fs/cgroup" not in self.v2:
            if nt.is_util_linux():
                self.skipTest("util-linux 2.42 joins no cgroup on a hybrid "
                              "host (observed: it stays in 0::/)")
            ut.run(["mount", "-t", "cgroup2", "nstest-cgroup2",
                    "/sys/fs/cgroup"], check_rc=0)
            self.mounted = True
        name = os.path.basename(tempfile.mktemp(prefix="nstest-nsenter-"))
        self.cg = os.path.join("/sys/fs/cgroup", name)
        os.mkdir(self.cg)
        t = self.target("-C")
        with open(os.path.join(self.cg, "cgroup.procs"), "w") as f:
            f.write(str(t.pid))
        for opt in ("-c", "--join-cgroup"):
            with self.subTest(option=opt):
                res = nsenter("-t", str(t.pid), "-n", opt, "cat",
                              "/proc/self/cgroup")
                self.assertIn(f"0::/{name}", self.check(res).splitlines())
                res = nsenter("-t", str(t.pid), "-n", "cat",
                              "/proc/self/cgroup")
                self.assertNotIn(f"0::/{name}", self.check(res).splitlines())

    def mount_v2(self):
        """cgroup2 on /sys/fs/cgroup (ours) if it is not there."""
        if "/sys/fs/cgroup" not in self.v2:
            ut.run(["mount", "-t", "cgroup2", "nstest-cgroup2",
                    "/sys/fs/cgroup"], check_rc=0)
            self.mounted = True

    def test_join_cgroup_order_v2(self):
        # util-linux 2.42 where /sys/fs/cgroup is cgroup2 (observed,
        # kernel lane): without -t, -c asks for a target after root,
        # cwd and environ, before "no namespace"; with -t, the
        # target's cgroup file is opened before that
        self.mount_v2()
        gone = "999999999"  # above any pid_max: never a process
        for args, msg in (
                (["-c"], "neither filename nor target pid supplied for "
                 "cgroup"),
                (["--join-cgroup", "--wdns=/"], "neither filename nor "
                 "target pid supplied for cgroup"),
                (["-c", "-F", "-S", "0"], "neither filename nor target "
                 "pid supplied for cgroup"),
                (["-c", "-r"], "neither filename nor target pid "
                 "supplied for root"),
                (["-c", "-e"], "neither filename nor target pid supplied "
                 "for environ"),
                (["-c", "-n"], "no target PID specified"),
                (["-c", "-t", str(os.getpid())], "no namespace specified"),
                (["-c", "-t", gone], f"cannot open /proc/{gone}/cgroup: "
                 "No such file or directory"),
                (["-c", "-t", gone, "-e"], f"cannot open /proc/{gone}/"
                 "environ: No such file or directory"),
                (["-c", "-t", gone, "-n"], f"cannot open /proc/{gone}/"
                 "ns/net: No such file or directory")):
            with self.subTest(args=args):
                self.assert_error(nsenter(*args, "true"), "nsenter: " + msg)

    def test_join_cgroup_needs_v2(self):
        if "/sys/fs/cgroup" in self.v2:
            self.skipTest("/sys/fs/cgroup is cgroup2 here")
        t = self.target("-n")
        res = nsenter("-t", str(t.pid), "-n", "-c", "true")
        self.assert_error(res, "nsenter: --join-cgroup is only supported "
                          "in cgroup v2")


class ExitStatusTest(NsenterCase):

    def setUp(self):
        super().setUp()
        self.t = self.target("-n", "-p", "-f", fork=True)

    def test_status_of_program(self):
        for fork in ([], ["-p"]):
            with self.subTest(fork=fork):
                res = nsenter("-t", str(self.t.pid), "-n", *fork, "sh",
                              "-c", "exit 42")
                self.assertEqual(res.returncode, 42)

    def test_exec_failures(self):
        for fork in ([], ["-p"]):
            with self.subTest(fork=fork):
                res = nsenter("-t", str(self.t.pid), "-n", *fork,
                              "/nonexistent/nstest")
                self.assertEqual(res.returncode, 127)
                self.assertEqual(res.stderr, nstest.named(
                    "nsenter: failed to execute /nonexistent/nstest: "
                    "No such file or directory\n", nt.NSENTER))
                res = nsenter("-t", str(self.t.pid), "-n", *fork,
                              "/etc/passwd")
                self.assertEqual(res.returncode, 126)
                self.assertEqual(res.stderr, nstest.named(
                    "nsenter: failed to execute /etc/passwd: "
                    "Permission denied\n", nt.NSENTER))

    def test_signal_passed_on(self):
        for fork in ([], ["-p"]):
            with self.subTest(fork=fork):
                res = nsenter("-t", str(self.t.pid), "-n", *fork, "sh",
                              "-c", "kill -USR1 $$")
                self.assertEqual(res.returncode, -10)

    def test_stop_and_continue_with_the_child(self):
        """The forked child stops: nsenter stops too, as a shell's job
        control expects; continued, it continues the child."""
        proc = subprocess.Popen([nt.NSENTER, "-t", str(self.t.pid), "-n",
                                 "-p", "sh", "-c",
                                 "kill -STOP $$; echo resumed"],
                                stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, text=True)
        try:
            deadline = time.monotonic() + 10
            while nstest.proc_stat(proc.pid)[0] != "T":
                self.assertIsNone(proc.poll(), "nsenter ended")
                self.assertLess(time.monotonic(), deadline,
                                "nsenter did not stop with its child")
                time.sleep(0.01)
            os.kill(proc.pid, signal.SIGCONT)
            out, err = proc.communicate(timeout=10 * nstest.TIME_SCALE)
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.communicate()
        self.assertEqual((proc.returncode, out, err), (0, "resumed\n", ""))

    def test_default_program_is_shell(self):
        res = nsenter("-t", str(self.t.pid), "-n",
                      env={"SHELL": "/bin/sh"})
        self.check(res)
        res = subprocess.run([nt.NSENTER, "-t", str(self.t.pid), "-n"],
                             input="readlink /proc/self/ns/net\n",
                             capture_output=True, text=True, timeout=30,
                             env={**os.environ, "SHELL": "/bin/sh"})
        self.assertEqual(self.check(res), self.t.link("net") + "\n")


class VanishingTargetTest(NsenterCase):
    """A target that dies before or while nsenter runs: an error, never
    another process's namespaces."""

    def test_dead_target(self):
        t = self.target("-n")
        pid = t.pid
        t.close()
        res = nsenter("-t", str(pid), "-n", "true")
        self.assert_error(res, f"nsenter: cannot open /proc/{pid}/ns/net: "
                          "No such file or directory")

    def test_zombie_target(self):
        t = self.target("-n")
        t.kill()
        while nstest.proc_stat(t.pid)[0] != "Z":
            time.sleep(0.01)
        res = nsenter("-t", str(t.pid), "-n", "true")
        # util-linux 2.42: the pidfd is there, setns(2) says ESRCH
        self.assert_error(res, "nsenter: reassociate to namespaces failed: "
                          "No such process")

    def race(self, with_inode):
        """nsenter -t against a target killed meanwhile, its PID handed
        out again at once: the target's netns entered or an error."""
        outcomes = set()
        for _ in range(25):
            t = nt.Target("-n")
            want, pid = t.link("net"), t.pid
            spec = f"{pid}:{nt.pidfd_inode(pid)}" if with_inode else str(pid)
            p = subprocess.Popen([nt.NSENTER, "-t", spec, "-n",
                                  *nt.readlink_argv(["net"])],
                                 stdout=subprocess.PIPE,
                                 stderr=subprocess.PIPE, text=True,
                                 stdin=subprocess.DEVNULL)
            time.sleep(random.random() * 0.004)
            t.close()
            again = None
            if with_inode:
                with open("/proc/sys/kernel/ns_last_pid", "w") as f:
                    f.write(str(pid - 1))
                again = nt.Target("-n")
            try:
                out, err = p.communicate(timeout=30 * nstest.TIME_SCALE)
            finally:
                if again:
                    again.close()
            if p.returncode == 0:
                self.assertEqual(out, want + "\n")
                outcomes.add("entered")
            else:
                self.assertEqual(p.returncode, 1, err)
                self.assertEqual(out, "")
                self.assertEqual(len(err.splitlines()), 1, err)
                self.assertTrue(err.startswith(
                    nstest.named("nsenter: ", nt.NSENTER)), err)
                outcomes.add("refused")
        print(f"target killed meanwhile: {sorted(outcomes)}",
              file=sys.stderr)

    def test_target_killed_meanwhile(self):
        self.race(with_inode=False)

    def test_target_killed_and_pid_reused_meanwhile(self):
        # without :INODE a PID taken by another process before nsenter
        # looks is that process, rightly; with it, never
        if not nt.pidfd_inodes():
            t = nt.Target("-n")
            try:
                TargetTest.skip_without_pidfd_inodes(
                    self, t.pid, nt.pidfd_inode(t.pid))
            finally:
                t.close()
        self.race(with_inode=True)


class ErrorTest(NsenterCase):
    """Bad input: one line 'nsenter: ...', exit 1."""

    def test_no_namespace(self):
        pid = str(os.getpid())
        for args in ([], ["-t", pid], ["-t", pid, "-r"], ["-t", pid, "-w"],
                     ["-t", pid, "-e"], ["-F"], ["-t", pid, "-S", "0"]):
            with self.subTest(args=args):
                self.assert_error(nsenter(*args, "true"),
                                  "nsenter: no namespace specified")

    def test_no_target(self):
        for args in (["-n"], ["--user-parent"], ["-N", "3"],
                     ["-m", "-u"]):
            with self.subTest(args=args):
                self.assert_error(nsenter(*args, "true"),
                                  "nsenter: no target PID specified")

    def test_no_target_for_dirs(self):
        # util-linux 2.42: without -t, what -r, -w or -e take from the
        # target is missed first (root, then cwd, then environ)
        for args, what in ((["-r"], "root"), (["-w"], "cwd"),
                           (["-e"], "environ"), (["-e", "-r"], "root"),
                           (["-w", "-e"], "cwd"),
                           (["-r", "--net=/proc/self/ns/net"], "root")):
            with self.subTest(args=args):
                self.assert_error(nsenter(*args, "true"),
                                  "nsenter: neither filename nor target "
                                  f"pid supplied for {what}")

    @ours_only("2.42 says 'stat of /proc/0/ns/user failed'")
    def test_all_without_target(self):
        for args in (["-a"], ["--all", "-n"]):
            with self.subTest(args=args):
                self.assert_error(nsenter(*args, "true"),
                                  "nsenter: no target PID specified for "
                                  "--all")

    def test_bad_values(self):
        pid = str(os.getpid())
        for args, msg in (
                (["-t", "abc", "-n"], "nsenter: invalid PID argument"),
                (["-t", f"{pid}:abc", "-n"], "nsenter: invalid PID argument"),
                (["-t", "999999999", "-n"], None),
                (["-t", pid, "-U", "-S", "x"],
                 "nsenter: failed to parse uid: 'x'"),
                (["-t", pid, "-U", "-G", "x"],
                 "nsenter: failed to parse gid: 'x'"),
                # as 2.42: out of range only for a negative number
                (["-t", pid, "-U", "-S", "--target=3"],
                 "nsenter: failed to parse uid: '--target=3'"),
                (["-t", pid, "-U", "-G", "-5"],
                 "nsenter: failed to parse gid: '-5': Numerical result "
                 "out of range"),
                (["-t", pid, "-n", "-N", "x"],
                 "nsenter: failed to parse file descriptor: 'x'")):
            with self.subTest(args=args):
                self.assert_error(nsenter(*args, "true"), msg)

    def test_opened_while_parsing(self):
        # as util-linux 2.42: a FILE, -r/-w DIR and -t PID:INODE are
        # opened as the options are read, so what cannot be opened is
        # reported first, in the order of the command line
        gone = "/nonexistent/nstest"
        cannot = f"nsenter: cannot open {gone}: No such file or directory"
        for args in (["--setgid=1000", f"--mount={gone}", "--pid"],
                     [f"-p{gone}", "-S1000", "--all"],
                     [f"-r{gone}", "-a"],
                     [f"--wd={gone}"],
                     ["-n/etc/passwd", f"--pid={gone}"],
                     [f"-u{gone}", "-t", "0"]):
            with self.subTest(args=args):
                self.assert_error(nsenter(*args, "true"), cannot)
        pid = os.getpid()
        why = ("No such process" if nt.pidfd_inodes()
               else "Operation not supported")
        self.assert_error(nsenter("-t", f"{pid}:1", "true"),
                          f"nsenter: failed to obtain a valid file "
                          f"descriptor for PID {pid}: {why}")
        self.assert_error(nsenter("-t", "999999999:5", f"-n{gone}", "true"),
                          "nsenter: failed to obtain a valid file "
                          "descriptor for PID 999999999: No such process")

    def test_target_gone_unused(self):
        # every namespace from a file: 2.42 never looks at the target
        for args in (["--net=/proc/self/ns/net", "-t", "999999999"],
                     ["-t", "999999999", "-u/proc/self/ns/uts", "-F",
                      "-G", "0"]):
            with self.subTest(args=args):
                res = nsenter(*args, "echo", "in")
                self.assertEqual((res.returncode, res.stdout, res.stderr),
                                 (0, "in\n", ""))

    def test_order_of_target_checks(self):
        # 2.42: -a looks at the target's user ns unless -U is given;
        # -e with -t and nothing else of the target: its environ first;
        # --join-cgroup's cgroup v2 check after what needs a target
        res = subprocess.run(["stat", "-f", "-c", "%T", "/sys/fs/cgroup"],
                             capture_output=True, text=True)
        v2 = res.stdout.strip() == "cgroup2fs"
        for args, msg in (
                (["--all", "--user"], "no target PID specified"),
                (["--all", "-n"], "no target PID specified for --all"),
                (["-t", "999999999", "-e"], "cannot open "
                 "/proc/999999999/environ: No such file or directory"),
                (["-t", "999999999", "-e", "-n"], "cannot open "
                 "/proc/999999999/ns/net: No such file or directory"),
                # a target that is gone, nothing of its namespaces
                # asked for: what else is taken from it, in this order
                (["-t", "999999999", "-w", "-e", "-r"], "cannot open "
                 "/proc/999999999/root: No such file or directory"),
                (["-t", "999999999", "-S", "follow", "-e", "-w"],
                 "cannot open /proc/999999999/cwd: No such file or "
                 "directory"),
                (["-t", "999999999", "-G", "follow", "-e"], "cannot open "
                 "/proc/999999999/environ: No such file or directory"),
                (["-t", "999999999", "--net=/proc/self/ns/net", "-S",
                  "follow"], "cannot open /proc/999999999/: No such file "
                 "or directory"),
                # its namespaces: user cgroup ipc uts net pid mnt time
                (["-t", "999999999", "-m", "-n", "-U"], "cannot open "
                 "/proc/999999999/ns/user: No such file or directory"),
                (["-t", "999999999", "-m", "-i", "-C"], "cannot open "
                 "/proc/999999999/ns/cgroup: No such file or directory"),
                (["-t", "999999999", "-m", "-n", "-u"], "cannot open "
                 "/proc/999999999/ns/uts: No such file or directory"),
                (["-t", "999999999", "-T", "-m", "-p"], "cannot open "
                 "/proc/999999999/ns/pid: No such file or directory"),
                (["-t", "999999999", "-a"], "stat of "
                 "/proc/999999999/ns/user failed: No such file or "
                 "directory"),
                # -N's socket after all of them, and after -r, -w, -e
                (["-t", "999999999", "-N", "3"], "failed to pidfd_open() "
                 "for 999999999: No such process"),
                (["-t", "999999999", "-N", "3", "-m"], "cannot open "
                 "/proc/999999999/ns/mnt: No such file or directory"),
                (["-t", "999999999", "-N", "3", "-e"], "cannot open "
                 "/proc/999999999/environ: No such file or directory"),
                (["-c", "--root"],
                 "neither filename nor target pid supplied for root"),
                (["-c", "-n"], "no target PID specified"),
                # (with cgroup v2 the parent user ns would be entered)
                (["-c", "-t", str(os.getpid()), "--user-parent"]
                 if not v2 else ["-c", "--root"],
                 "--join-cgroup is only supported in cgroup v2" if not v2
                 else "neither filename nor target pid supplied for root"),
                (["-c"], "neither filename nor target pid supplied for "
                 "cgroup" if v2 else
                 "--join-cgroup is only supported in cgroup v2")):
            with self.subTest(args=args):
                self.assert_error(nsenter(*args, "true"), "nsenter: " + msg)

    def test_unknown_option(self):
        res = nsenter("--nstest-bogus")
        self.assertEqual(res.returncode, 1)
        self.assertEqual(res.stderr, nstest.named(
            "nsenter: unrecognized option '--nstest-bogus'\n"
            "Try 'nsenter --help' for more information.\n", nt.NSENTER))

    def test_help_and_version(self):
        res = nsenter("--help")
        name = nstest.tool_name("nsenter", nt.NSENTER)
        self.assertTrue(self.check(res).startswith(f"\nUsage:\n {name} "))
        res = nsenter("-V")
        self.assertTrue(self.check(res).startswith(f"{name} "))

    def test_follow_context_without_selinux(self):
        # Debian's util-linux 2.42: -Z does nothing where SELinux is
        # not enabled (not even asks for -t)
        if nt.selinux_enabled():
            self.skipTest("SELinux is enabled here")
        t = self.target("-n")
        for args in (["-t", str(t.pid), "-n", "-Z"],
                     ["--follow-context", "-t", str(t.pid), "-a"],
                     ["-Z", f"--net=/proc/{t.pid}/ns/net"]):
            with self.subTest(args=args):
                got = self.inside(*args, links=["net"])
                self.assertEqual(got["net"], t.link("net"))


if __name__ == "__main__":
    nstest.require_root()
    nt.require_nsenter()
    nstest.main(pid_namespace=True)
