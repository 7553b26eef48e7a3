# SPDX-License-Identifier: MIT
"""Differential tests: our nsenter against util-linux 2.42.

The same command line runs under both against the same targets (made
by our unshare), so what the program inside reports can be compared
byte for byte: the namespaces it is in (/proc/self/ns links), its ids
(-S/-G), capabilities, cwd and root, its environment, and nsenter's
exit status and messages.

The reference is the project's fetcher of util-linux 2.42
(NSTOOLS_REFERENCE). When it cannot be fetched, the cases run against
the installed util-linux 2.38 (/usr/bin/nsenter) instead, comparing
exit status and output but not messages, and without the cases where
2.38 differs from 2.42 (no namespace given: 2.38 runs the program).
Without either the suite is skipped.

Known differences of ours, not compared here (see test_nsenter*.py,
@ours_only): -a without -t, a FILE that is not a namespace, -Z, a user
namespace whose setgroups is deny entered by its unprivileged owner,
--keep-caps with -S UID.
"""

import os
import sys
import tempfile

sys.path.insert(0, os.path.join(os.environ.get("NSTOOLS_SOURCE_ROOT", ""),
                                "tests", "pylib"))
import nstest  # noqa: E402
import nsentertest as nt  # noqa: E402
import unsharetest as ut  # noqa: E402
from nsentertest import NsenterCase, nsenter  # noqa: E402

INSTALLED = "/usr/bin/nsenter"
REF, REF_IS_242 = None, False

LINKS = " ".join(f"/proc/self/ns/{t}" for t in nt.LINKS)
NS = f"readlink {LINKS}"
IDS = "id -u; id -g; id -G"
CAPS = "grep -E '^Cap(Eff|Amb)' /proc/self/status"


# options util-linux 2.38 does not have
NEW_IN_242 = ("-N", "--net-socket", "--user-parent", "--keep-caps", "-e",
              "-c", "follow", "--setuid=follow")


def needs_242(args):
    """ARGS use what 2.38 lacks (new options, -t PID:INODE)."""
    if any(a.split("=")[0] in NEW_IN_242 or a in NEW_IN_242 for a in args):
        return True
    return any(prev in ("-t", "--target") and ":" in a
               for prev, a in zip(args, args[1:]))


class CompatCase(NsenterCase):

    def compare(self, args, user=None, cwd=None, env=None):
        if not REF_IS_242 and needs_242(args):
            return None
        ref = nsenter(*args, tool=REF, user=user, cwd=cwd, env=env)
        ours = nsenter(*args, user=user, cwd=cwd, env=env)
        self.assertEqual(ours.returncode, ref.returncode,
                         f"ours: {ours.stderr!r}, reference: {ref.stderr!r}")
        self.assertEqual(ours.stdout, ref.stdout)
        if REF_IS_242:
            self.assertEqual(nstest.as_plain(ours.stderr), ref.stderr)
        return ours

    def compare_all(self, cases, **kwargs):
        for args in cases:
            with self.subTest(args=args):
                self.compare(args, **kwargs)


class RootCompatTest(CompatCase):

    def test_types_by_target(self):
        t = self.target(*nt.ALL_BUT_USER, fork=True)
        p = str(t.pid)
        cases = [["-t", p, nt.SHORT[typ], "sh", "-c", NS]
                 for typ in nt.SHORT if typ != "user"]
        cases += [["-t", p, "-a", "sh", "-c", NS],
                  ["--target", p, "--net", "--uts", "sh", "-c", NS],
                  ["-t", p, "-p", "-F", "readlink", *LINKS.split()],
                  ["-t", p, "-T", "-F", "readlink", *LINKS.split()],
                  ["-t", f"{p}:{nt.pidfd_inode(t.pid)}", "-n", "sh", "-c",
                   NS],
                  ["-t", f"{p}:1", "-n", "true"],
                  ["-t", p, "-a", f"--net=/proc/{os.getpid()}/ns/net",
                   "sh", "-c", NS]]
        cases += [[f"{nt.OPTION[typ]}=/proc/{p}/ns/{typ}", "sh", "-c", NS]
                  for typ in nt.SHORT if typ != "user"]
        self.compare_all(cases)

    def test_user_namespaces(self):
        t = self.target("-U", "--map-users=0:0:65536",
                        "--map-groups=0:0:65536", "-S", "1000", "-G", "1001",
                        "-n")
        p = str(t.pid)
        nested = self.target("-U", "-r", ut.UNSHARE, "-U", "-r", "-n")
        n = str(nested.pid)
        unmapped = self.target("-U", "--map-users=0:100000:65536",
                               "--map-groups=0:100000:65536")
        self.compare_all([
            ["-t", p, "-U", "sh", "-c", f"{NS}; {IDS}; {CAPS}"],
            ["-t", p, "-a", "sh", "-c", f"{NS}; {IDS}"],
            ["-t", p, "-U", "-S", "7", "-G", "8", "sh", "-c", IDS],
            ["-t", p, "-U", "-S", "follow", "-G", "follow", "sh", "-c", IDS],
            ["-t", p, "-U", "--setuid=follow", "sh", "-c", IDS],
            ["-t", p, "-n", "-S", "7", "-G", "8", "sh", "-c", IDS],
            ["-t", p, "-U", "-S", "1000", "-G", "1000", "sh", "-c", CAPS],
            ["-t", p, "-U", "--keep-caps", "sh", "-c", CAPS],
            ["-t", str(unmapped.pid), "-U", "sh", "-c", IDS],
            ["-t", str(unmapped.pid), "-U", "--preserve-credentials", "sh",
             "-c", IDS],
            ["-t", n, "-n", "--user-parent", "sh", "-c", NS],
            ["-t", n, "-U", "--user-parent", "sh", "-c", NS],
            ["-t", n, "--user-parent", "sh", "-c", NS],
            ["-t", p, "-U", "--user-parent", "true"],
        ])

    def test_net_socket(self):
        holder = self.hold("-S", "-f", "/etc/passwd")
        p = str(holder.pid)
        self.compare_all([
            ["-t", p, "-N", str(holder.fds[0]), "sh", "-c", NS],
            ["-t", p, f"--net-socket={holder.fds[0]}", "sh", "-c", NS],
            ["-N", str(holder.fds[0]), "true"],
            # issue 16: -N wins over -n and a file, -N -1 takes it back
            ["-N", str(holder.fds[0]), "-t", p, "-n", "sh", "-c", NS],
            ["-N", str(holder.fds[0]), f"--net=/proc/{os.getpid()}/ns/net",
             "-t", p, "sh", "-c", NS],
            ["-N", str(holder.fds[0]), "-N", "-1", "-t", p, "true"],
            ["-N", str(holder.fds[0]), "-n", "-N", "-1", "-t", p, "sh",
             "-c", NS],
        ])
        # messages name fds of nsenter's own: compare status only
        for fd in () if not REF_IS_242 else (str(holder.fds[1]), "999"):
            ref = nsenter("-t", p, "-N", fd, "true", tool=REF)
            ours = nsenter("-t", p, "-N", fd, "true")
            self.assertEqual((ours.returncode, ref.returncode), (1, 1))

    def test_explicit_source_and_abbreviations(self):
        # issue 16: a FILE given stays whatever -t and -u say; getopt's
        # possibilities in util-linux's order
        t = self.target("-u")
        other = self.hold("-t", "uts")
        f = f"--uts=/proc/{other.pid}/ns/uts"
        self.compare_all([
            [f, "-t", str(t.pid), "-u", "sh", "-c", NS],
            ["-u", f, "sh", "-c", NS],
            [f, "-u", "sh", "-c", NS],
            ["--t", "true"], ["--u", "true"], ["--w", "true"],
            ["-Z", "-t", str(t.pid), "-u", "true"],
        ])

    def test_directories(self):
        tmp = tempfile.mkdtemp(prefix="nstest-nsenter-")
        cwd = os.path.join(tmp, "cwd")
        os.mkdir(cwd)
        try:
            t = self.target("-m", "--propagation=private", "sh", "-c",
                            f"mount -t tmpfs nstest {cwd} && echo inside "
                            f">{cwd}/where && exec sleep 1000", program=(),
                            cwd=cwd)
            with open(os.path.join(cwd, "where"), "w") as f:
                f.write("outside\n")
            p = str(t.pid)
            script = "pwd; cat where 2>&1; ls -d /proc/1"
            self.compare_all([
                ["-t", p, "-m", "-w", "sh", "-c", script],
                ["-t", p, "-m", f"-w{tmp}", "sh", "-c", script],
                ["-t", p, "-m", f"--wd={cwd}", "sh", "-c", script],
                ["-t", p, "-m", f"-W{cwd}", "sh", "-c", script],
                ["-t", p, "-m", f"--wdns={cwd}", "sh", "-c", script],
                ["-t", p, "-m", "-r", "sh", "-c", script],
                ["-t", p, "-m", "-r/", "-w/", "sh", "-c", script],
                ["-t", p, "-m", "-w", "-W", "/", "true"],
                ["-t", p, "-m", "-w/nonexistent/nstest", "true"],
                ["-t", p, "-m", "-r/nonexistent/nstest", "true"],
            ], cwd=tmp)
            os.unlink(os.path.join(cwd, "where"))
        finally:
            self.close_fixtures()
            os.rmdir(cwd)
            os.rmdir(tmp)

    def close_fixtures(self):
        for fixture in self._holders:
            fixture.close()

    def test_env_and_exit_status(self):
        t = self.target("-n", "-p", "-f", fork=True,
                        env={"PATH": os.environ.get("PATH", "/bin"),
                             "NSTEST_TARGET": "1"})
        p = str(t.pid)
        self.compare_all([
            ["-t", p, "-n", "-e", "env"],
            ["-t", p, "-n", "sh", "-c", "exit 42"],
            ["-t", p, "-p", "sh", "-c", "exit 43"],
            ["-t", p, "-n", "sh", "-c", "kill -USR1 $$"],
            ["-t", p, "-p", "sh", "-c", "kill -TERM $$"],
            ["-t", p, "-n", "/nonexistent/nstest"],
            ["-t", p, "-p", "/etc/passwd"],
        ], env={"NSTEST_OURS": "1"})

    def test_dead_targets(self):
        t = self.target("-n")
        t.kill()
        zombie = str(t.pid)
        while nstest.proc_stat(t.pid)[0] != "Z":
            pass
        self.compare(["-t", zombie, "-n", "true"])
        t.close()
        self.compare(["-t", zombie, "-n", "true"])

    def test_errors(self):
        me = str(os.getpid())
        cases = [["-t", "abc", "-n", "true"], ["-t", f"{me}:x", "-n", "true"],
                 ["-t", me, "-U", "-S", "x", "true"],
                 ["-t", me, "-U", "-G", "x", "true"],
                 ["-t", me, "-n", "-N", "x", "true"],
                 ["-n", "true"], ["-m", "-u", "true"],
                 ["--net=/nonexistent/nstest", "true"],
                 ["--nstest-bogus"], ["-t"]]
        if REF_IS_242:
            # 2.38 runs the program when no namespace is given
            cases += [["true"], ["-t", me, "true"], ["-t", me, "-r", "true"],
                      ["-t", me, "-w", "true"], ["-t", me, "-e", "true"],
                      ["-F", "true"], ["-r", "true"], ["-w", "true"],
                      ["-e", "true"],
                      ["-t", me, "-S", "0", "true"]]
        for args in cases:
            with self.subTest(args=args):
                res = self.compare(args)
                self.assertEqual(res.returncode if res else 1, 1)


class UnprivilegedCompatTest(CompatCase, ut.UserCase):

    def test_owner(self):
        t = self.target("-U", "-r", *nt.ALL_BUT_USER, fork=True,
                        user=self.user)
        p = str(t.pid)
        allow = self.target("-U", "--map-user=0", "-n", user=self.user)
        root = self.target("-U", "-r", "-n")
        self.compare_all([
            ["-t", p, "-a", "--preserve-credentials", "sh", "-c",
             f"{NS}; {IDS}"],
            ["-t", p, "-U", "-n", "--preserve-credentials", "sh", "-c", NS],
            ["-t", p, "-U", "-n", "--preserve-credentials", "--keep-caps",
             "sh", "-c", CAPS],
            ["-t", p, "-U", "-n", "--preserve-credentials", "sh", "-c",
             CAPS],
            ["-t", p, "-n", "true"],
            ["-t", str(allow.pid), "-U", "-n", "--preserve-credentials",
             "sh", "-c", NS],
            ["-t", str(root.pid), "-U", "-n", "--preserve-credentials",
             "true"],
        ], user=self.user)


if __name__ == "__main__":
    nstest.require_root()
    nt.require_nsenter()
    REF, REF_IS_242 = ut.reference("nsenter", INSTALLED)
    nstest.main()
