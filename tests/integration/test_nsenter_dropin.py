# SPDX-License-Identifier: MIT
"""nsenter: the drop-in details of issue 16, each as util-linux 2.42
behaves (observed on 2.42.4): the login shell when no program is given,
the working directory kept by -r, an explicit namespace source that
wins over -t whatever the order, -N -1, abbreviations in util-linux's
order. Beyond 2.42 (ours only): -a by the unprivileged owner of a
rootless container (namespaces shared with it are skipped, one that
refuses is named) and the hint of a program not found inside -r DIR.

The cases run against util-linux 2.42 as well (NSTOOLS_NSENTER pointing
at it); @ours_only marks where ours deliberately differs.
"""

import os
import pwd
import sys

sys.path.insert(0, os.path.join(os.environ.get("NSTOOLS_SOURCE_ROOT", ""),
                                "tests", "pylib"))
import nstest  # noqa: E402
import nsentertest as nt  # noqa: E402
import unsharetest as ut  # noqa: E402
from nsentertest import NsenterCase, nsenter, ours_only  # noqa: E402

ARGV = "echo nstest-argv; tr '\\0' '\\n' </proc/$$/cmdline\n"
NO_SUCH_UID = 54321


def shell_argv(res):
    out = res.stdout.split("nstest-argv\n", 1)
    if len(out) != 2:
        raise AssertionError(f"no argv from the shell: {res!r}")
    return out[1].splitlines()


def run_shell(*args, env, home):
    return ut.run_tool([nt.NSENTER, *args], env={"HOME": home, **env},
                       input=ARGV, timeout=30)


class LoginShellTest(NsenterCase):
    """No program: $SHELL, else the passwd entry, as a login shell."""

    def setUp(self):
        super().setUp()
        self.t = self.target("-u")
        self.home = self.private_dir("nsenter").path

    def test_from_shell_variable(self):
        res = run_shell("-t", str(self.t.pid), "-u",
                        env={"SHELL": "/bin/sh"}, home=self.home)
        self.check(res)
        self.assertEqual(shell_argv(res), ["-sh"])

    def test_from_passwd(self):
        want = "-" + os.path.basename(pwd.getpwuid(os.getuid()).pw_shell)
        res = run_shell("-t", str(self.t.pid), "-u", env={"SHELL": ""},
                        home=self.home)
        self.check(res)
        self.assertEqual(shell_argv(res), [want])
        # looked up for the uid the program runs as (-S)
        res = run_shell("-t", str(self.t.pid), "-u", "-S", str(NO_SUCH_UID),
                        "-G", str(NO_SUCH_UID), env={"SHELL": ""},
                        home=self.home)
        self.check(res)
        self.assertEqual(shell_argv(res), ["-sh"])

    def test_not_searched_in_path(self):
        res = ut.run_tool(["env", "-C", "/", nt.NSENTER, "-t",
                           str(self.t.pid), "-u"], env={"SHELL": "sh"},
                          input="true\n", timeout=30)
        self.assertEqual(res.returncode, 127)
        self.assertEqual(nstest.as_plain(res.stderr),
                         "nsenter: failed to execute sh: "
                         "No such file or directory\n")


class RootKeepsCwdTest(NsenterCase):
    """-r without -w or -W leaves the working directory as it is."""

    def test_cwd_kept(self):
        t = self.target("-u")
        d = self.private_dir("nsenter")
        for args in (["-r/"], ["-r"], ["--root=/"]):
            with self.subTest(args=args):
                res = nsenter("-t", str(t.pid), "-u", *args, "/bin/pwd",
                              cwd=d.path)
                self.assertEqual(self.check(res), d.path + "\n")
        # -w and -W still choose it
        res = nsenter("-t", str(t.pid), "-u", "-r/", "-W/tmp", "/bin/pwd",
                      cwd=d.path)
        self.assertEqual(self.check(res), "/tmp\n")

    def test_cwd_inside_the_new_root(self):
        self.assertTrue(ut.have_busybox(), "busybox-static is needed")
        d = self.private_dir("nsenter")
        root = d.file("root")
        ut.make_rootfs(root)
        t = self.target("-u")
        res = nsenter("-t", str(t.pid), "-u", f"-r{root}", "/bin/pwd",
                      cwd=os.path.join(root, "etc"))
        self.assertEqual(self.check(res), "/etc\n")


class ExplicitSourceTest(NsenterCase):
    """A FILE given for a type stays, whatever -t and -TYPE come after or
    before; -N beats every other source of the net namespace."""

    def test_file_wins_over_target(self):
        t = self.target("-u")
        other = self.hold("-t", "uts")
        path = f"/proc/{other.pid}/ns/uts"
        want = os.readlink(path)
        for args in (["--uts=" + path, "-t", str(t.pid), "-u"],
                     ["-u", "-t", str(t.pid), "--uts=" + path],
                     ["-t", str(t.pid), "-u", "--uts=" + path, "-u"],
                     ["--uts=" + path, "-u"], ["-u", "--uts=" + path],
                     ["-a", "--uts=" + path, "-t", str(t.pid)]):
            with self.subTest(args=args):
                got = self.inside(*args, links=["uts"])
                self.assertEqual(got["uts"], want)

    def test_socket_wins(self):
        holder = self.hold("-S")
        fd, ino = str(holder.fds[0]), holder.fd_ns[0]
        other = self.hold("-t", "net")
        path = f"/proc/{other.pid}/ns/net"
        pid = str(holder.pid)
        for args in (["-N", fd, "-t", pid, "-n"], ["-n", "-N", fd, "-t", pid],
                     ["-N", fd, f"--net={path}", "-t", pid],
                     [f"--net={path}", "-N", fd, "-t", pid],
                     ["-N", fd, "-a", "-t", pid]):
            with self.subTest(args=args):
                got = self.inside(*args, links=["net"])
                self.assertEqual(got["net"], f"net:[{ino}]")

    def test_socket_taken_back(self):
        holder = self.hold("-S")
        fd, pid = str(holder.fds[0]), str(holder.pid)
        res = nsenter("-N", fd, "-N", "-1", "-t", pid, "true")
        self.assert_error(res, "nsenter: no namespace specified")
        got = self.inside("-N", fd, "-n", "-N", "-1", "-t", pid,
                          links=["net"])
        self.assertEqual(got["net"], os.readlink(f"/proc/{pid}/ns/net"))


class AbbreviationTest(NsenterCase):

    def test_ambiguous_in_util_linux_order(self):
        for opt, names in (("--t", "'--target' '--time'"),
                           ("--u", "'--uts' '--user' '--user-parent'")):
            with self.subTest(opt=opt):
                res = nsenter(opt, "true")
                self.assertEqual(nstest.as_plain(res.stderr),
                                 f"nsenter: option '{opt}' is ambiguous; "
                                 f"possibilities: {names}\nTry 'nsenter "
                                 "--help' for more information.\n")


class RootlessAllTest(NsenterCase, ut.UserCase):
    """-a by the unprivileged owner of a "rootless container": new user,
    mount, uts, net and pid namespaces, the host's cgroup, ipc and time
    namespaces (which the owner shares, and may not enter)."""

    def container(self):
        return self.target("-U", "-r", "-m", "-u", "-n", "-p", "-f",
                           fork=True, user=self.user)

    @ours_only("util-linux 2.42 fails: reassociate to namespaces failed: "
               "Operation not permitted")
    def test_all(self):
        t = self.container()
        got = self.inside("-t", str(t.pid), "-a", user=self.user)
        self.assert_entered(got, t.links(),
                            ["user", "mnt", "uts", "net", "pid"])

    @ours_only("util-linux 2.42 does not name the namespace")
    def test_refusal_named(self):
        # the user's container in a network namespace of root's, not
        # shared with the user: that one refuses, and is named
        program = self.user.wrap([ut.UNSHARE, "-U", "-r", "-u", "sleep",
                                  "1000"])
        t = self.target("-n", program=program)
        res = nsenter("-t", str(t.pid), "-a", "true", user=self.user)
        self.assert_error(res, "nsenter: reassociate to namespace 'ns/net' "
                          "failed: Operation not permitted")

    def test_explicit_refusal(self):
        # -C named by the caller: util-linux 2.42's message (the one
        # call on the pidfd says EPERM, which namespace it does not say)
        t = self.container()
        res = nsenter("-t", str(t.pid), "-U", "-C", "-u", "true",
                      user=self.user)
        self.assert_error(res, "nsenter: reassociate to namespaces failed: "
                          "Operation not permitted")


class RootHintTest(NsenterCase):

    @ours_only("util-linux 2.42 says only 'No such file or directory'")
    def test_hint(self):
        d = self.private_dir("nsenter")
        root = d.file("root")
        os.makedirs(os.path.join(root, "bin"))
        os.symlink("/usr/bin/nstest-missing", os.path.join(root, "bin", "sh"))
        t = self.target("-u")
        link = ("where /bin/sh is a symbolic link to /usr/bin/nstest-missing, "
                "which is not there)\n")
        for args, where in (([f"-r{root}", "/bin/sh"],
                             f"the root directory {root}"),
                            ([f"--root={root}"], f"the root directory {root}")):
            with self.subTest(args=args):
                res = nsenter("-t", str(t.pid), "-u", *args,
                              env={"SHELL": "/bin/sh"})
                self.assertEqual(res.returncode, 127)
                self.assertEqual(nstest.as_plain(res.stderr),
                                 "nsenter: failed to execute /bin/sh: No "
                                 "such file or directory (looked up inside "
                                 f"{where}, " + link)


if __name__ == "__main__":
    nstest.require_root()
    nt.require_nsenter()
    nstest.main(pid_namespace=True)
