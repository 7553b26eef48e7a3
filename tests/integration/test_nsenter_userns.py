# SPDX-License-Identifier: MIT
"""nsenter into user namespaces, as root and as an unprivileged user.

Targets are made by our unshare. The unprivileged cases run as a test
user made for this run (unsharetest.TestUser: removed afterwards,
/etc/subuid and /etc/subgid restored byte for byte); its targets are
made by our unshare as that user, so it owns their user namespace.
"""

import fcntl
import os
import sys

sys.path.insert(0, os.path.join(os.environ.get("NSTOOLS_SOURCE_ROOT", ""),
                                "tests", "pylib"))
import nstest  # noqa: E402
import nsentertest as nt  # noqa: E402
import unsharetest as ut  # noqa: E402
from nsentertest import NsenterCase, nsenter, ours_only  # noqa: E402

NS_GET_PARENT = 0xb702
IDS = "id -u; id -g; id -G"
CAPS = "grep -E '^Cap(Eff|Amb)' /proc/self/status"
FULL = None  # every capability (cap_last_cap), set in main


def caps(out):
    return dict(line.split(":\t") for line in out.splitlines()
                if line.startswith("Cap"))


def parent_user_link(pid):
    fd = os.open(f"/proc/{pid}/ns/user", os.O_RDONLY | os.O_CLOEXEC)
    try:
        pfd = fcntl.ioctl(fd, NS_GET_PARENT)
    finally:
        os.close(fd)
    try:
        return f"user:[{os.fstat(pfd).st_ino}]"
    finally:
        os.close(pfd)


class RootUserTest(NsenterCase):

    def test_user_of_target(self):
        t = self.target("-U", "-r", "-n", "-u")
        for args in (["-U"], ["--user"], ["-U", "-n"]):
            with self.subTest(args=args):
                got = self.inside("-t", str(t.pid), *args)
                types = ["user"] + (["net"] if "-n" in args else [])
                self.assert_entered(got, t.links(), types)

    def test_all_enters_other_user_ns(self):
        t = self.target("-U", "-r", *nt.ALL_BUT_USER, fork=True)
        got = self.inside("-t", str(t.pid), "-a")
        self.assert_entered(got, t.links(), list(nt.SHORT))
        res = nsenter("-t", str(t.pid), "-a", "sh", "-c", IDS)
        self.assertEqual(self.check(res), "0\n0\n0\n")

    def test_user_file(self):
        t = self.target("-U", "-r")
        got = self.inside(f"--user=/proc/{t.pid}/ns/user")
        self.assert_entered(got, t.links(), ["user"])
        d = self.private_dir("nsenter")
        path = d.file("user", "")
        self.check(ut.unshare(f"--user={path}", "-r", "true"))
        got = self.inside(f"-U{path}", links=["user"])
        self.assertEqual(got["user"], f"user:[{os.stat(path).st_ino}]")

    def test_setgroups_deny_as_root(self):
        t = self.target("-U", "-r")
        with open(f"/proc/{t.pid}/setgroups") as f:
            self.assertEqual(f.read(), "deny\n")
        res = nsenter("-t", str(t.pid), "-U", "sh", "-c", IDS)
        self.assertEqual(self.check(res), "0\n0\n0\n")

    def ids_target(self):
        # root's ids mapped as they are; the target runs as 1000:1001
        return self.target("-U", "--map-users=0:0:65536",
                           "--map-groups=0:0:65536", "-S", "1000",
                           "-G", "1001")

    def test_setuid_setgid(self):
        t = self.ids_target()
        for args, want in (
                ([], "0\n0\n0\n"),
                (["-S", "7", "-G", "8"], "7\n8\n8\n"),
                (["--setuid=7", "--setgid=8"], "7\n8\n8\n"),
                (["-S", "7"], "7\n0\n0\n"),
                (["-G", "7"], "0\n7\n7\n"),
                (["-S", "follow", "-G", "follow"], "1000\n1001\n1001\n"),
                (["--setuid=follow"], "1000\n0\n0\n")):
            with self.subTest(args=args):
                res = nsenter("-t", str(t.pid), "-U", *args, "sh", "-c",
                              IDS)
                self.assertEqual(self.check(res), want)

    def test_setuid_without_user_ns(self):
        t = self.target("-n")
        res = nsenter("-t", str(t.pid), "-n", "-S", "7", "-G", "8", "sh",
                      "-c", IDS)
        self.assertEqual(self.check(res), "7\n8\n8\n")

    def test_preserve_credentials(self):
        # our uid 0 is not mapped in the target's user ns
        t = self.target("-U", "--map-users=0:100000:65536",
                        "--map-groups=0:100000:65536")
        res = nsenter("-t", str(t.pid), "-U", "sh", "-c", IDS)
        self.assertEqual(self.check(res), "0\n0\n0\n")
        res = nsenter("-t", str(t.pid), "-U", "--preserve-credentials",
                      "sh", "-c", IDS)
        self.assertEqual(self.check(res), "65534\n65534\n65534\n")

    def test_caps_without_keep_caps(self):
        t = self.ids_target()
        res = nsenter("-t", str(t.pid), "-U", "-S", "1000", "-G", "1000",
                      "sh", "-c", CAPS)
        self.assertEqual(caps(self.check(res)),
                         {"CapEff": "0" * 16, "CapAmb": "0" * 16})
        # uid 0 inside: every capability, none ambient, either way
        for keep in ([], ["--keep-caps"]):
            res = nsenter("-t", str(t.pid), "-U", *keep, "sh", "-c", CAPS)
            self.assertEqual(caps(self.check(res)),
                             {"CapEff": FULL, "CapAmb": "0" * 16})

    @ours_only("util-linux 2.42 loses the capabilities on -S UID")
    def test_keep_caps_across_setuid(self):
        t = self.ids_target()
        res = nsenter("-t", str(t.pid), "-U", "-S", "1000", "-G", "1000",
                      "--keep-caps", "sh", "-c", CAPS)
        self.assertEqual(caps(self.check(res)),
                         {"CapEff": FULL, "CapAmb": FULL})

    def nested(self):
        """A target in a user ns below one below ours."""
        return self.target("-U", "-r", ut.UNSHARE, "-U", "-r", "-n")

    def test_user_parent(self):
        t = self.nested()
        parent = parent_user_link(t.pid)
        links = ["user", "net", "uts"]
        want = t.links(links)
        for args, net in ((["-n"], want["net"]), (["-U"], None),
                          (["-a"], want["net"])):
            with self.subTest(args=args):
                got = self.inside("-t", str(t.pid), *args, "--user-parent",
                                  links=links)
                self.assertEqual(got["user"], parent)
                self.assertEqual(got["net"], net or
                                 os.readlink("/proc/self/ns/net"))

    def test_user_parent_alone(self):
        # util-linux 2.42: the parent of the target's user namespace
        t = self.nested()
        got = self.inside("-t", str(t.pid), "--user-parent",
                          links=["user", "net"])
        self.assertEqual(got, {"user": parent_user_link(t.pid),
                               "net": os.readlink("/proc/self/ns/net")})

    def test_user_parent_is_ours(self):
        t = self.target("-U", "-r", "-n")
        res = nsenter("-t", str(t.pid), "-U", "--user-parent", "true")
        self.assert_error(res, "nsenter: reassociate to namespace 'ns/user' "
                          "failed: Invalid argument")


class UnprivilegedTest(NsenterCase, ut.UserCase):
    """As the owner of the target's user namespace, not root."""

    def full_target(self, *maps):
        """The user's target in new namespaces of every type."""
        return self.target("-U", *(maps or ["-r"]), *nt.ALL_BUT_USER,
                           fork=True, user=self.user)

    def test_all_with_preserve_credentials(self):
        t = self.full_target()
        got = self.inside("-t", str(t.pid), "-a", "--preserve-credentials",
                          user=self.user)
        self.assert_entered(got, t.links(), list(nt.SHORT))
        res = nsenter("-t", str(t.pid), "-U", "-n",
                      "--preserve-credentials", "sh", "-c", IDS,
                      user=self.user)
        self.assertEqual(self.check(res), "0\n0\n0\n")

    @ours_only("util-linux 2.42 fails with 'setgroups failed' where "
               "setgroups is deny")
    def test_all_setgroups_deny(self):
        t = self.full_target()
        with open(f"/proc/{t.pid}/setgroups") as f:
            self.assertEqual(f.read(), "deny\n")
        got = self.inside("-t", str(t.pid), "-a", user=self.user)
        self.assert_entered(got, t.links(), list(nt.SHORT))
        for args in (["-U", "-n"], ["-n", "-U", "-S", "0", "-G", "0"]):
            with self.subTest(args=args):
                res = nsenter("-t", str(t.pid), *args, "sh", "-c", IDS,
                              user=self.user)
                self.assertEqual(self.check(res), "0\n0\n0\n")

    def test_setgroups_allow(self):
        # only a uid mapped: setgroups stays allow, no gid to switch to
        t = self.target("-U", "--map-user=0", "-n", user=self.user)
        got = self.inside("-t", str(t.pid), "-U", "-n",
                          "--preserve-credentials", user=self.user)
        self.assert_entered(got, t.links(), ["user", "net"])

    def test_without_user_ns_refused(self):
        t = self.full_target()
        for args in (["-n"], ["-n", "-u"]):
            with self.subTest(args=args):
                res = nsenter("-t", str(t.pid), *args, "true",
                              user=self.user)
                self.assert_error(res)
                self.assertIn("Operation not permitted", res.stderr)

    def test_not_owner_refused(self):
        # a user namespace of root's
        t = self.target("-U", "-r", "-n")
        res = nsenter("-t", str(t.pid), "-U", "-n",
                      "--preserve-credentials", "true", user=self.user)
        self.assert_error(res)
        self.assertIn("Operation not permitted", res.stderr)

    def test_keep_caps(self):
        t = self.full_target()
        for keep, amb in (([], "0" * 16), (["--keep-caps"], FULL)):
            with self.subTest(keep=keep):
                res = nsenter("-t", str(t.pid), "-U", "-n",
                              "--preserve-credentials", *keep, "sh", "-c",
                              CAPS, user=self.user)
                self.assertEqual(caps(self.check(res)),
                                 {"CapEff": FULL, "CapAmb": amb})


if __name__ == "__main__":
    nstest.require_root()
    nt.require_nsenter()
    with open("/proc/sys/kernel/cap_last_cap") as f:
        FULL = f"{(1 << (int(f.read()) + 1)) - 1:016x}"
    nstest.main()
