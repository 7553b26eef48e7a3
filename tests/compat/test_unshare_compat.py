# SPDX-License-Identifier: MIT
"""Differential tests: our unshare against util-linux 2.42.

The same command line runs under both; the program inside reports what
can be compared across runs (inode numbers cannot): exit status, the id
maps and setgroups, the hostname, its pid, the propagation of a shared
test mount in /proc/self/mountinfo, the time offsets. Both must report
the same, byte for byte.

The reference is the project's fetcher of util-linux 2.42
(NSTOOLS_REFERENCE, default /work/shared/reference/util-linux-2.42). When
it cannot be fetched the cases that util-linux 2.38 (/usr/bin/unshare)
supports run against 2.38 instead, comparing exit status and effects but
not message texts; without either the suite is skipped.
"""

import os
import sys

sys.path.insert(0, os.path.join(os.environ.get("NSTOOLS_SOURCE_ROOT", ""),
                                "tests", "pylib"))
import nstest  # noqa: E402
import unsharetest as ut  # noqa: E402
from unsharetest import UnshareCase  # noqa: E402

INSTALLED = "/usr/bin/unshare"
TRIES = 5


REF, REF_IS_242 = None, False

MAPS = ("cat /proc/self/uid_map; echo --; cat /proc/self/gid_map; "
        "echo --; cat /proc/self/setgroups")
STATE = "hostname; id -u; id -g; " + MAPS

# (name, args, script, 2.42 only) -- the script runs under sh -c; the
# string {point} is replaced by the shared test mount
CASES = [
    ("uts hostname", ["-u"], "hostname nstest-compat; hostname", False),
    ("pid 1 with fork", ["-p", "-f"], "echo $$", False),
    ("pid 1 mount proc", ["-p", "-f", "--mount-proc"],
     "echo $$; echo /proc/[0-9]*", False),
    ("pid without fork", ["-p"], "echo $PPID >/dev/null; echo ok", False),
    ("map root", ["-r"], STATE, False),
    ("map current", ["-c"], STATE, False),
    ("map user group", ["--map-user=1000", "--map-group=1000"], STATE,
     False),
    ("map user by name", ["--map-user=nobody", "--map-group=nogroup"],
     STATE, False),
    ("map users block", ["--map-users=1:100000:10",
                         "--map-groups=1:200000:10", "-r"], STATE, True),
    # 2.38 as root sends the block through newuidmap, which refuses it
    ("map users legacy", ["--map-users=100000,1,10", "-r"], STATE, True),
    ("map users all", ["--map-users=all", "--map-groups=all"], MAPS, True),
    ("map holes", ["--map-user=5", "--map-users=0:100000:10"], MAPS, True),
    ("setgroups deny", ["-U", "--setgroups=deny"], MAPS, False),
    ("setgroups allow", ["-U", "--setgroups=allow"], MAPS, False),
    ("user alone", ["-U"], STATE, False),
    ("propagation default", ["-m"], "grep ' {point} ' /proc/self/mountinfo"
     " | cut -d' ' -f5,7", False),
    ("propagation private", ["-m", "--propagation=private"],
     "grep ' {point} ' /proc/self/mountinfo | cut -d' ' -f5,7", False),
    ("propagation shared", ["-m", "--propagation", "shared"],
     "grep ' {point} ' /proc/self/mountinfo | cut -d' ' -f5,7", False),
    ("propagation slave", ["-m", "--propagation", "slave"],
     "grep ' {point} ' /proc/self/mountinfo | cut -d' ' -f5,7", False),
    ("propagation unchanged", ["-m", "--propagation", "unchanged"],
     "grep ' {point} ' /proc/self/mountinfo | cut -d' ' -f5,7", False),
    ("time offsets", ["-T", "--monotonic", "-7", "--boottime", "3600"],
     "cat /proc/self/timens_offsets", False),
    ("time boottime", ["-T", "--boottime=60"],
     "cat /proc/self/timens_offsets", False),
    ("setuid setgid", ["-S", "4242", "-G", "4343"], "id -u; id -g; id -G",
     False),
    ("wd", ["-w", "/tmp"], "pwd", False),
    ("root", ["-R", "/", "-w", "/etc"], "pwd", False),
    ("exit status", ["-f"], "exit 42", False),
    ("exit status no fork", [], "exit 43", False),
    ("signal", ["-f"], "kill -USR1 $$", False),
    ("keep caps", ["-U", "--keep-caps"], "grep ^Cap /proc/self/status",
     False),
    ("no keep caps", ["-U"], "grep ^Cap /proc/self/status", False),
    # issue 16
    ("owner with maps", ["--owner", "4242:4343", "-r"], MAPS + "; id -u",
     True),
    ("owner with map-user", ["--owner", "4242:4343", "--map-user=5"],
     MAPS + "; id -u", True),
    ("kill-child realtime", ["--kill-child=SIGRTMAX-1"], "echo ok", True),
    ("kill-child alias", ["--kill-child=cld"], "echo ok", True),
    ("abbreviated wd", ["--w", "/"], "pwd", True),
]

# exit status 1 and, against 2.42, the same message
BAD = [
    ["--map-user", "nstest-nosuchuser", "true"],
    ["--map-users", "0:1", "true"],
    ["--propagation", "sideways", "-m", "true"],
    ["--kill-child=NSTESTSIG", "true"],
    ["--setgroups", "maybe", "-U", "true"],
    ["-R", "/nonexistent/nstest", "true"],
    ["-w", "/nonexistent/nstest", "true"],
    ["--monotonic", "5", "true"],
    ["--nstest-bogus"],
    ["-Z"],
    ["-r", "--setgroups=allow", "true"],
    ["-r", "-G", "0", "true"],
    ["/nonexistent/nstest"],
    ["-f", "/nonexistent/nstest"],
    # issue 16
    ["--kill-child=RTMIN", "true"],
    ["--kill-child=9", "true"],
    ["--kill-child=RTMAX-31", "true"],
    ["--u", "true"],
    ["--l"],
    ["-r", "--mount-binfmt", "true"],
]


def run(prefix, args, user=None, env=None):
    return ut.run_tool([*prefix, *args], user=user, env=env, timeout=30)


class CompatTest(UnshareCase):

    def compare(self, args, user=None, messages=True):
        ref = run(REF, args, user=user)
        ours = run([ut.UNSHARE], args, user=user)
        self.assertEqual(ours.returncode, ref.returncode,
                         f"ours: {ours.stderr!r}, reference: {ref.stderr!r}")
        self.assertEqual(ours.stdout, ref.stdout)
        if messages and REF_IS_242:
            self.assertEqual(nstest.as_plain(ours.stderr), ref.stderr)
        return ours

    def test_effects(self):
        d = self.private_dir()
        ut.run(["mount", "--make-shared", d.path], check_rc=0)
        for name, args, script, only_242 in CASES:
            if only_242 and not REF_IS_242:
                continue
            with self.subTest(case=name):
                self.compare([*args, "sh", "-c",
                              script.replace("{point}", d.path)])

    def test_errors(self):
        for args in BAD:
            with self.subTest(args=args):
                res = self.compare(args)
                self.assertIn(res.returncode, (1, 127))

    def test_persistent(self):
        # the same namespace types persist under both, with FILE existing
        d = self.private_dir()
        for t in nstest.available_types():
            if t == "user" and not REF_IS_242:
                continue  # 2.38 fails to persist a user namespace
            with self.subTest(type=t):
                rcs, errs = [], []
                for prefix in (REF, [ut.UNSHARE]):
                    # Linux 6.18 may refuse the bind of a new mount
                    # namespace with EINVAL: util-linux is tried again on
                    # each CPU in turn (ut.pinned); ours binds at once
                    for attempt in range(TRIES if prefix is REF else 1):
                        path = d.file(t, "")
                        opt = "--mount" if t == "mnt" else f"--{t}"
                        res = run(ut.pinned(attempt) + prefix,
                                  [f"{opt}={path}", "-f", "true"])
                        m = ut.mounts_at(path)
                        for _ in m:
                            ut.run(["umount", path], check_rc=0)
                        os.unlink(path)
                        if res.returncode == 0:
                            break
                    rcs.append((res.returncode, [x["fstype"] for x in m]))
                    errs.append(res.stderr)
                self.assertEqual(rcs[0], rcs[1], errs)
                self.assertEqual(rcs[0], (0, ["nsfs"]))


class UnprivilegedCompatTest(ut.UserCase):

    def test_maps(self):
        s = ut.TestUser.SUB_START
        cases = [["-r"], ["-c"], ["--map-auto"],
                 ["--map-users=auto", "--map-groups=auto"],
                 ["--map-users=auto"],
                 [f"--map-users={s},1,10", "-r"],
                 ["-r", "-p", "-f", "--mount-proc", "-u"]]
        if REF_IS_242:
            cases += [["--map-subids"],
                      ["-r", f"--map-users=1:{s}:10",
                       f"--map-groups=1:{s}:10"]]
        for args in cases:
            with self.subTest(args=args):
                ours = run([ut.UNSHARE], [*args, "sh", "-c", STATE],
                           user=self.user)
                ref = run(REF, [*args, "sh", "-c", STATE], user=self.user)
                self.assertEqual(ours.returncode, ref.returncode,
                                 f"ours {ours.stderr!r} ref {ref.stderr!r}")
                self.assertEqual(ours.stdout, ref.stdout)

    def test_refused_without_user_ns(self):
        for args in (["-n", "true"], ["-m", "true"]):
            with self.subTest(args=args):
                ours = run([ut.UNSHARE], args, user=self.user)
                ref = run(REF, args, user=self.user)
                self.assertEqual((ours.returncode, ours.stdout),
                                 (ref.returncode, ref.stdout))


if __name__ == "__main__":
    nstest.require_root()
    ut.require_unshare()
    REF, REF_IS_242 = ut.reference("unshare", INSTALLED)
    nstest.main()
