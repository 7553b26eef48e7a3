# SPDX-License-Identifier: MIT
"""unshare: the drop-in details of issue 16, each as util-linux 2.42
behaves (observed on 2.42.4): the login shell when no program is given,
--mount-binfmt's new /proc, --owner together with id maps, real-time
signals for --kill-child, and abbreviations that our own long options
must not make ambiguous. Plus the hint of a program not found inside
--root=DIR (ours only).

The cases run against util-linux 2.42 as well (NSTOOLS_UNSHARE pointing
at it); @ours_only marks where ours deliberately differs.
"""

import errno
import fcntl
import os
import pwd
import shutil
import signal
import sys

sys.path.insert(0, os.path.join(os.environ.get("NSTOOLS_SOURCE_ROOT", ""),
                                "tests", "pylib"))
import nstest  # noqa: E402
import unsharetest as ut  # noqa: E402
from unsharetest import UnshareCase, ours_only, unshare  # noqa: E402

NS_GET_OWNER_UID = 0xB704
# what the shell reads on stdin: its own argv, one word a line
ARGV = "echo nstest-argv; tr '\\0' '\\n' </proc/$$/cmdline\n"
# the parent-death signal of the program (prctl PR_GET_PDEATHSIG)
PDEATHSIG = ("import ctypes; s = ctypes.c_int(); "
             "ctypes.CDLL(None).prctl(2, ctypes.byref(s)); print(s.value)")
# a uid and gid nobody has in /etc/passwd (getpwuid fails)
NO_SUCH_UID = 54321


def shell_argv(res):
    """The argv the shell reported (see ARGV), after its profile's
    output, if any."""
    out = res.stdout.split("nstest-argv\n", 1)
    if len(out) != 2:
        raise AssertionError(f"no argv from the shell: {res!r}")
    return out[1].splitlines()


class LoginShellTest(UnshareCase):
    """No program: a login shell, argv[0] "-" and the shell's name."""

    def shell(self, *args, env):
        # HOME without a profile: the shell reads /etc/profile only
        home = self.private_dir().path
        return unshare(*args, env={"HOME": home, **env}, input=ARGV)

    def test_from_shell_variable(self):
        for args in ([], ["-u"], ["-f"]):
            with self.subTest(args=args):
                res = self.shell(*args, env={"SHELL": "/bin/sh"})
                self.check(res)
                self.assertEqual(shell_argv(res), ["-sh"])

    def test_from_passwd(self):
        # SHELL empty: the passwd entry of the uid the program runs as
        # (looked up after -S), /bin/sh for a uid without one
        want = "-" + os.path.basename(pwd.getpwuid(os.getuid()).pw_shell)
        res = self.shell(env={"SHELL": ""})
        self.check(res)
        self.assertEqual(shell_argv(res), [want])
        res = self.shell("-S", str(NO_SUCH_UID), "-G", str(NO_SUCH_UID),
                         env={"SHELL": ""})
        self.check(res)
        self.assertEqual(shell_argv(res), ["-sh"])

    def test_not_searched_in_path(self):
        # $SHELL is executed as it is: "sh" is not found in /
        res = unshare("-u", env={"SHELL": "sh"}, input="true\n",
                      prefix=["env", "-C", "/"])
        self.assertEqual(res.returncode, 127)
        self.assertEqual(nstest.as_plain(res.stderr),
                         "unshare: failed to execute sh: "
                         "No such file or directory\n")


class MountBinfmtTest(UnshareCase):
    """--mount-binfmt (and -l) without a directory mount a new /proc
    first, then binfmt_misc in it."""

    def setUp(self):
        super().setUp()
        self.d = self.private_dir()
        os.mkdir(self.d.file("probe"))
        if not ut.userns_binfmt(self.d.file("probe")):
            self.skipTest("needs binfmt_misc in a user namespace "
                          "(Linux 6.7 or later)")

    def mounts(self, *args):
        """The /proc and binfmt_misc mounts the program sees, after the
        pids it sees in /proc."""
        out = self.check(unshare("-r", *args, "sh", "-c",
                                 "echo /proc/[0-9]*; cat /proc/self/mountinfo"))
        pids, text = out.split("\n", 1)
        return pids, [(m["point"], m["fstype"])
                      for m in ut.parse_mountinfo(text)
                      if m["fstype"] in ("proc", "binfmt_misc")]

    def test_new_proc_first(self):
        for args in (["--mount-binfmt"], ["-l", ":nstest:E::nstestx::/bin/cat:"]):
            with self.subTest(args=args):
                pids, m = self.mounts("-p", "-f", *args)
                # the program is pid 1 and sees no other process
                self.assertEqual(pids, "/proc/1")
                self.assertEqual(m[-2:], [("/proc", "proc"),
                                          ("/proc/sys/fs/binfmt_misc",
                                           "binfmt_misc")])

    def test_with_a_directory_no_new_proc(self):
        bm = self.d.file("bm")
        os.mkdir(bm)
        pids, m = self.mounts("-p", "-f", f"--mount-binfmt={bm}")
        self.assertNotEqual(pids, "/proc/1")
        self.assertEqual(m[-1], (bm, "binfmt_misc"))
        procs = [x for x in ut.mountinfo() if x["fstype"] == "proc"]
        self.assertEqual(len([x for x in m if x[1] == "proc"]), len(procs))
        # given first, the default still brings the new /proc
        pids, m = self.mounts("-p", "-f", "--mount-binfmt",
                              f"--mount-binfmt={bm}")
        self.assertEqual(pids, "/proc/1")
        self.assertEqual(m[-2:], [("/proc", "proc"), (bm, "binfmt_misc")])

    def test_mount_proc_elsewhere(self):
        # --mount-proc=DIR: the new /proc goes there, binfmt_misc into
        # the old /proc
        pr = self.d.file("pr")
        os.mkdir(pr)
        for args in ([f"--mount-proc={pr}", "--mount-binfmt"],
                     ["--mount-binfmt", f"--mount-proc={pr}"]):
            with self.subTest(args=args):
                pids, m = self.mounts("-p", "-f", *args)
                self.assertEqual(m[-2:], [(pr, "proc"),
                                          ("/proc/sys/fs/binfmt_misc",
                                           "binfmt_misc")])

    def registered_in_root(self, *interps):
        """The entries nstest and nstest2 as seen in a new root."""
        self.assertTrue(ut.have_busybox(), "busybox-static is needed")
        root = self.d.file("root")
        ut.make_rootfs(root)
        args = [a for i in interps for a in ("-l", i)]
        return self.check(unshare(
            "-r", "-p", "-f", f"--root={root}", *args, "/bin/sh", "-c",
            "cat /proc/sys/fs/binfmt_misc/nstest*"))

    def test_interpreter_opened_before_root(self):
        # the F flag: registered before the chroot, the interpreter is a
        # path of the old root (2.42: binfmt_misc on the old /proc)
        out = self.registered_in_root(":nstest:E::nstestx::/usr/bin/tac:F")
        self.assertIn("interpreter /usr/bin/tac\nflags: F\n", out)

    @ours_only("util-linux 2.42 loses the F entry when another -l follows")
    def test_interpreters_before_and_after_root(self):
        out = self.registered_in_root(":nstest:E::nstestx::/usr/bin/tac:F",
                                      ":nstest2:E::nstesty::/bin/cat:")
        self.assertIn("interpreter /usr/bin/tac\nflags: F\n", out)
        self.assertIn("interpreter /bin/cat\n", out)

    def test_without_pid_namespace_fails(self):
        # util-linux 2.42: no new /proc in the caller's pid namespace
        res = unshare("-r", "--mount-binfmt", "true")
        self.assertEqual((res.returncode, nstest.as_plain(res.stderr)),
                         (1, "unshare: mount /proc failed: "
                          "Operation not permitted\n"))

    def test_register_messages(self):
        # 2.42's words: "write failed" for a definition the kernel
        # refuses, "cannot open" for a register we may not write
        res = unshare("-r", "-p", "-f", "-l", "nstest-garbage", "true")
        self.assertEqual((res.returncode, nstest.as_plain(res.stderr)),
                         (1, "unshare: write failed /proc/sys/fs/binfmt_misc/"
                          "register: Invalid argument\n"))
        res = unshare("-p", "-f", "-l", ":nstest:E::nstestx::/bin/cat:",
                      "true")
        self.assertEqual((res.returncode, nstest.as_plain(res.stderr)),
                         (1, "unshare: cannot open /proc/sys/fs/binfmt_misc/"
                          "register: Permission denied\n"))


class OwnerTest(UnshareCase):
    """--owner with maps: the maps are the caller's ids, written with the
    caller's privileges; the namespace belongs to the owner."""

    MAPS = ("cat /proc/self/uid_map /proc/self/gid_map "
            "/proc/self/setgroups; id -u")

    def test_owner_with_maps(self):
        cases = [(["-r"], "0 0 1", "0 0 1"),
                 (["--map-user=5"], "5 0 1", None),
                 (["--map-group=7"], None, "7 0 1"),
                 (["--map-users=0:100000:10", "--map-groups=0:100000:10"],
                  "0 100000 10", "0 100000 10")]
        for args, uids, gids in cases:
            with self.subTest(args=args):
                out = self.check(unshare("--owner", "4242:4343", *args,
                                         "sh", "-c", self.MAPS))
                lines = [" ".join(x.split()) for x in out.splitlines()]
                want = [m for m in (uids, gids) if m]
                # a privileged write: setgroups stays allowed; the
                # program runs as the owner, 4242, unmapped inside
                self.assertEqual(lines, want + ["allow", "65534"])

    def test_owner_of_the_namespace(self):
        d = self.private_dir()
        path = d.file("user", "")
        self.check(unshare(f"--user={path}", "--owner", "4242:4343", "-r",
                           "true"))
        fd = os.open(path, os.O_RDONLY | os.O_CLOEXEC)
        try:
            buf = bytearray(4)
            fcntl.ioctl(fd, NS_GET_OWNER_UID, buf)
            self.assertEqual(int.from_bytes(buf, sys.byteorder), 4242)
        finally:
            os.close(fd)


class KillChildSignalTest(UnshareCase):
    """--kill-child=SIGNAL in the forms util-linux 2.42 takes."""

    def pdeathsig(self, arg):
        return unshare(f"--kill-child={arg}", sys.executable, "-c",
                       PDEATHSIG)

    def test_accepted(self):
        rtmin, rtmax = signal.SIGRTMIN, signal.SIGRTMAX
        cases = {"RTMIN+1": rtmin + 1, "SIGRTMIN+1": rtmin + 1,
                 "rtmin+0": rtmin, "RTMAX-0": rtmax,
                 "SIGRTMAX-1": rtmax - 1, "RTMIN+010": rtmin + 10,
                 f"RTMIN+{rtmax - rtmin}": rtmax,
                 f"RTMAX-{rtmax - rtmin}": rtmin,
                 "IOT": signal.SIGABRT, "SIGCLD": signal.SIGCHLD,
                 "poll": signal.SIGIO, "sigKill": signal.SIGKILL,
                 "PWR": signal.SIGPWR, "STKFLT": signal.SIGSTKFLT}
        for arg, sig in cases.items():
            with self.subTest(arg=arg):
                self.assertEqual(self.check(self.pdeathsig(arg)),
                                 f"{int(sig)}\n")

    def test_refused(self):
        span = signal.SIGRTMAX - signal.SIGRTMIN
        for arg in ("RTMIN", "SIGRTMAX", f"RTMIN+{span + 1}",
                    f"RTMAX-{span + 1}", "RTMIN-1", "RTMAX+1", "RTMIN+",
                    "RTMIN+-1", "RTMIN+ 1", "9", "SIG9", "0", "UNUSED",
                    "EMT"):
            with self.subTest(arg=arg):
                res = self.pdeathsig(arg)
                self.assertEqual((res.returncode,
                                  nstest.as_plain(res.stderr)),
                                 (1, f"unshare: unknown signal: {arg}\n"))

    @ours_only("2.42 reads RTMIN+1x as RTMIN+1 (trailing garbage)")
    def test_trailing_garbage_refused(self):
        res = self.pdeathsig("RTMIN+1x")
        self.assertEqual(res.returncode, 1)
        self.assertEqual(nstest.as_plain(res.stderr),
                         "unshare: unknown signal: RTMIN+1x\n")


class AbbreviationTest(UnshareCase):
    """Abbreviations resolve as in util-linux 2.42, whatever long
    options of our own there are (--whitelist-env, --lo-up,
    --clear-env)."""

    def test_util_linux_spellings(self):
        d = self.private_dir()
        self.assertEqual(self.check(unshare("--w", d.path, "pwd")),
                         d.path + "\n")
        self.assertEqual(self.check(unshare("--w=/", "pwd")), "/\n")
        out = self.check(unshare("--c", "readlink", "/proc/self/ns/cgroup"))
        self.assertNotEqual(out.strip(),
                            os.readlink("/proc/self/ns/cgroup"))
        # --l and --lo are --load-interp: it wants its argument
        for opt in ("--l", "--lo"):
            with self.subTest(opt=opt):
                res = unshare(opt)
                self.assertEqual(nstest.as_plain(res.stderr),
                                 "unshare: option '--load-interp' requires "
                                 "an argument\nTry 'unshare --help' for "
                                 "more information.\n")

    def test_ambiguous_in_util_linux_order(self):
        res = unshare("--u", "true")
        self.assertEqual(nstest.as_plain(res.stderr),
                         "unshare: option '--u' is ambiguous; "
                         "possibilities: '--uts' '--user'\n"
                         "Try 'unshare --help' for more information.\n")

    @ours_only("util-linux 2.42 lacks --lo-up, --whitelist-env, --clear-env")
    def test_our_own_options_abbreviated(self):
        out = self.check(unshare("--lo-", "ip", "-o", "link", "show", "lo"))
        self.assertIn(",UP,", out)
        out = self.check(unshare("--wh=NSTEST_A", "env",
                                 env={"NSTEST_A": "1", "NSTEST_B": "2"}))
        self.assertEqual(out, "NSTEST_A=1\n")
        self.assertEqual(self.check(unshare("--cl", "env")), "")


class RootHintTest(UnshareCase):
    """A program not found after --root=DIR: the path was looked up
    inside DIR, and what is in the way there."""

    @ours_only("util-linux 2.42 says only 'No such file or directory'")
    def test_hint(self):
        d = self.private_dir()
        root = d.file("root")
        os.makedirs(os.path.join(root, "bin"))
        os.symlink("/usr/bin/nstest-missing", os.path.join(root, "bin", "sh"))
        # a dynamically linked program, without its loader in the root
        shutil.copy("/usr/bin/true", os.path.join(root, "bin", "dyn"))
        pre = "unshare: failed to execute {}: No such file or directory ("
        cases = [
            (["/bin/sh"], "/bin/sh", f"looked up inside the new root {root}, "
             "where /bin/sh is a symbolic link to /usr/bin/nstest-missing, "
             "which is not there"),
            ([], "/bin/sh", f"looked up inside the new root {root}, "
             "where /bin/sh is a symbolic link to /usr/bin/nstest-missing, "
             "which is not there"),
            (["/nstest-none"], "/nstest-none",
             f"looked up inside the new root {root}"),
            (["nstest-none"], "nstest-none",
             f"searched in PATH inside the new root {root}"),
            (["/bin/dyn"], "/bin/dyn", f"looked up inside the new root "
             f"{root}, where /bin/dyn is there but its interpreter, an ELF "
             "loader or the program of a #! line, is not"),
        ]
        for args, prog, hint in cases:
            with self.subTest(args=args):
                res = unshare(f"--root={root}", *args,
                              env={"SHELL": "/bin/sh"})
                self.assertEqual(res.returncode, 127)
                self.assertEqual(nstest.as_plain(res.stderr),
                                 pre.format(prog) + hint + ")\n")


class DiffTest16(UnshareCase):
    """What the generated differential run found (issue 16): util-linux
    2.42's behaviour and words."""

    def caps(self, *args):
        out = self.check(unshare(*args, "cat", "/proc/self/status"))
        return {k: int(v, 16) for k, v in
                (line.split(":\t") for line in out.splitlines()
                 if line.startswith("Cap"))}

    def test_keep_caps_without_user_namespace(self):
        for args in (["--keep-caps"], ["-n", "--keep-caps"]):
            with self.subTest(args=args):
                caps = self.caps(*args)
                self.assertNotEqual(caps["CapEff"], 0)
                self.assertEqual(caps["CapAmb"], 0)
        # --user after --keep-caps still counts
        caps = self.caps("--keep-caps", "--map-root-user")
        self.assertEqual(caps["CapAmb"], caps["CapEff"])

    def test_number_messages(self):
        erange = ": " + os.strerror(errno.ERANGE)
        cases = [("-S", "-1", "uid", erange), ("-G", " -7", "gid", erange),
                 ("-S", "-1x", "uid", erange),
                 ("-G", "99999999999999999999", "gid", erange),
                 ("-S", "18446744073709551616", "uid", erange),
                 ("-S", "1x", "uid", ""), ("-G", "-", "gid", ""),
                 ("-S", "-0x1", "uid", ""), ("-G", "abc", "gid", "")]
        for opt, arg, what, tail in cases:
            with self.subTest(arg=arg):
                res = unshare(opt, arg, "true")
                self.assertEqual(nstest.as_plain(res.stderr),
                                 f"unshare: failed to parse {what}: "
                                 f"'{arg}'{tail}\n")
                self.assertEqual(res.returncode, 1)

    def test_persistent_file_not_there(self):
        for opt, entry in (("--mount", "mnt"), ("--net", "net")):
            with self.subTest(opt=opt):
                res = unshare(f"{opt}=/nonexistent/nstest/x", "true")
                self.assertRegex(
                    nstest.as_plain(res.stderr),
                    rf"^unshare: mount /proc/\d+/ns/{entry} on "
                    r"/nonexistent/nstest/x failed: "
                    rf"{os.strerror(errno.ENOENT)}\n$")
                self.assertEqual(res.returncode, 1)

    def test_owner_setgroups_allow(self):
        res = unshare("--owner=4242:4343", "--setgroups=allow", "true")
        self.assertEqual(nstest.as_plain(res.stderr),
                         "unshare: cannot open /proc/self/setgroups: "
                         f"{os.strerror(errno.EACCES)}\n")
        self.assertEqual(res.returncode, 1)


if __name__ == "__main__":
    nstest.require_root()
    ut.require_unshare()
    nstest.main()
