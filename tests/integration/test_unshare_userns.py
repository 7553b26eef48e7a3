# SPDX-License-Identifier: MIT
"""unshare: id maps, as root and as an unprivileged test user.

The test user (nstest-uNNNN) is created for this run with one block in
/etc/subuid and /etc/subgid; both files are restored byte for byte and
the user is removed afterwards, even when a case fails. The blocks are
written through newuidmap/newgidmap (Debian package uidmap).

Expected maps are the ones util-linux 2.42 writes.
"""

import errno
import os
import sys

sys.path.insert(0, os.path.join(os.environ.get("NSTOOLS_SOURCE_ROOT", ""),
                                "tests", "pylib"))
import nstest  # noqa: E402
import unsharetest as ut  # noqa: E402
from unsharetest import UnshareCase, ours_only, unshare  # noqa: E402

MAPS = ("cat /proc/self/uid_map; echo --; cat /proc/self/gid_map; "
        "echo --; cat /proc/self/setgroups")


def parse_maps(out):
    """(uid_map, gid_map, setgroups) with the map lines as tuples."""
    uid, gid, setgroups = out.split("--\n")
    return ([tuple(map(int, line.split())) for line in uid.splitlines()],
            [tuple(map(int, line.split())) for line in gid.splitlines()],
            setgroups.strip())


class RootMapsTest(UnshareCase):

    def maps(self, *args, rc=0):
        return parse_maps(self.check(unshare(*args, "sh", "-c", MAPS)))

    def test_map_root_user(self):
        for opt in ("-r", "--map-root-user"):
            self.assertEqual(self.maps(opt),
                             ([(0, 0, 1)], [(0, 0, 1)], "deny"))
        out = self.check(unshare("-r", "id", "-u"))
        self.assertEqual(out, "0\n")

    def test_map_current_user(self):
        self.assertEqual(self.maps("-c"), ([(0, 0, 1)], [(0, 0, 1)], "deny"))
        self.assertEqual(self.maps("--map-current-user"),
                         ([(0, 0, 1)], [(0, 0, 1)], "deny"))

    def test_map_user_and_group_by_number(self):
        self.assertEqual(self.maps("--map-user=1000"),
                         ([(1000, 0, 1)], [], "allow"))
        self.assertEqual(self.maps("--map-group", "1000"),
                         ([], [(1000, 0, 1)], "deny"))
        self.assertEqual(self.maps("--map-user=7", "--map-group=8"),
                         ([(7, 0, 1)], [(8, 0, 1)], "deny"))

    def test_map_user_and_group_by_name(self):
        self.assertEqual(self.maps("--map-user=nobody",
                                   "--map-group=nogroup"),
                         ([(65534, 0, 1)], [(65534, 0, 1)], "deny"))
        self.assertEqual(self.maps("--map-user=root"),
                         ([(0, 0, 1)], [], "allow"))

    def test_map_users_blocks(self):
        self.assertEqual(
            self.maps("--map-users=1:100000:10", "--map-users=20:200000:5",
                      "--map-groups=0:300000:3"),
            ([(1, 100000, 10), (20, 200000, 5)], [(0, 300000, 3)],
             "allow"))

    def test_map_users_legacy_comma_form(self):
        # OUTER,INNER,COUNT
        self.assertEqual(
            self.maps("--map-users=100000,1,10", "--map-groups=300000,0,3"),
            ([(1, 100000, 10)], [(0, 300000, 3)], "allow"))

    def test_map_users_all(self):
        with open("/proc/self/uid_map") as f:
            mine = [tuple(map(int, line.split())) for line in f]
        self.assertEqual(self.maps("--map-users=all", "--map-groups=all"),
                         (mine, mine, "allow"))

    def test_map_user_with_block_makes_holes(self):
        # the --map-user id wins; the block skips the colliding ids
        self.assertEqual(
            self.maps("--map-user=5", "--map-users=0:100000:10"),
            ([(5, 0, 1), (0, 100000, 5), (6, 100005, 4)], [], "allow"))
        self.assertEqual(
            self.maps("--map-user=0", "--map-users=0:100000:10"),
            ([(0, 0, 1), (1, 100000, 9)], [], "allow"))
        self.assertEqual(
            self.maps("--map-user=5", "--map-users=0:0:10"),
            ([(5, 0, 1), (0, 1, 5), (6, 6, 4)], [], "allow"))

    def test_setgroups(self):
        self.assertEqual(self.maps("-U", "--setgroups=deny"),
                         ([], [], "deny"))
        self.assertEqual(self.maps("-U", "--setgroups", "allow"),
                         ([], [], "allow"))
        self.assertEqual(self.maps("--map-user=0", "--setgroups=allow"),
                         ([(0, 0, 1)], [], "allow"))

    def test_setgroups_allow_with_map_group_refused(self):
        for args in (["-r"], ["-c"], ["--map-group=0"],
                     ["--map-group=0", "-U"]):
            for argv in (args + ["--setgroups=allow"],
                         ["--setgroups=allow"] + args):
                with self.subTest(argv=argv):
                    res = unshare(*argv, "true")
                    self.assertEqual(res.returncode, 1)
                    self.assertEqual(res.stderr, nstest.named(
                        "unshare: options --setgroups=allow and --map-group "
                        "are mutually exclusive\n", ut.UNSHARE))

    def test_setgid_where_setgroups_is_denied(self):
        # -G drops the supplementary groups: where -r has denied
        # setgroups that fails, as in util-linux (nsenter -G skips it)
        res = unshare("-r", "-G", "0", "true")
        self.assertEqual(res.returncode, 1)
        self.assertEqual(res.stderr, nstest.named(
            f"unshare: setgroups failed: {os.strerror(errno.EPERM)}\n",
            ut.UNSHARE))

    def test_user_alone_maps_nothing(self):
        out = self.check(unshare("-U", "sh", "-c", MAPS + "; id -u"))
        self.assertTrue(out.endswith("allow\n65534\n"), out)

    def test_no_subuid_entry_for_root(self):
        subuid = ""
        if os.path.exists("/etc/subuid"):
            with open("/etc/subuid") as f:
                subuid = f.read()
        if any(line.split(":")[0] in ("root", "0")
               for line in subuid.splitlines()):
            self.skipTest("root has a subuid block on this machine")
        res = unshare("--map-users=auto", "true")
        self.assertEqual(res.stderr, nstest.named(
            'unshare: no line matching user "root" in /etc/subuid\n',
            ut.UNSHARE))
        self.assertEqual(res.returncode, 1)

    def test_subids_read_before_other_checks(self):
        # util-linux reads /etc/subuid while it parses the options:
        # before it checks --monotonic against -T
        for path in ("/etc/subuid", "/etc/subgid"):
            lines = ""
            if os.path.exists(path):
                with open(path) as f:
                    lines = f.read()
            if any(line.split(":")[0] in ("root", "0")
                   for line in lines.splitlines()):
                self.skipTest(f"root has a block in {path} on this machine")
        for args, path in ((["--map-auto", "--monotonic=5"], "/etc/subuid"),
                           (["--map-subids", "--boottime=5"], "/etc/subuid"),
                           (["--monotonic=5", "--map-groups=auto"],
                            "/etc/subgid")):
            with self.subTest(args=args):
                res = unshare(*args, "true")
                self.assertEqual(res.stderr, nstest.named(
                    f'unshare: no line matching user "root" in {path}\n',
                    ut.UNSHARE))
                self.assertEqual(res.returncode, 1)

    @ours_only("util-linux 2.42 maps another user's block")
    def test_no_line_for_root_among_others(self):
        # /etc/subuid and /etc/subgid with another user's line only,
        # bound over the real ones in a mount namespace of the test's
        for path in ("/etc/subuid", "/etc/subgid"):
            if not os.path.isfile(path):
                self.skipTest(f"no {path} to bind over")
        d = self.private_dir()
        fake = d.file("subid", "nstest-other:300000:65536\n")
        script = (f"mount --bind {fake} /etc/subuid && "
                  f"mount --bind {fake} /etc/subgid && "
                  f'exec "$0" --map-auto true')
        res = unshare("-m", "sh", "-c", script, ut.UNSHARE)
        self.assertEqual(res.stderr, nstest.named(
            'unshare: no line matching user "root" in /etc/subuid\n',
            ut.UNSHARE))
        self.assertEqual(res.returncode, 1)

    def test_map_of_no_ids(self):
        # a count of 0 maps nothing (util-linux writes no map)
        out = self.check(unshare("--map-users=0:100000:0", "sh", "-c",
                                 MAPS + "; id -u"))
        self.assertEqual(parse_maps(out)[:2], ([], []))
        self.assertTrue(out.endswith("65534\n"), out)
        out = self.check(unshare("--map-users=0:100000:0",
                                 "--map-users=5,5,0",
                                 "--map-groups=7:7:1", "sh", "-c", MAPS))
        self.assertEqual(parse_maps(out)[:2], ([], [(7, 7, 1)]))
        for bad in ("0:x:0", "0:100000:", ":100000:0", "0:1:00x"):
            with self.subTest(bad=bad):
                res = unshare(f"--map-users={bad}", "true")
                self.assertEqual(res.stderr, nstest.named(
                    f"unshare: invalid mapping '{bad}'\n", ut.UNSHARE))
                self.assertEqual(res.returncode, 1)

    def test_setuid_unmapped(self):
        res = unshare("-U", "-S", "0", "true")
        self.assertEqual(res.stderr, nstest.named(
            f"unshare: setuid() failed: {os.strerror(errno.EINVAL)}\n",
            ut.UNSHARE))
        self.assertEqual(res.returncode, 1)


class UnprivilegedTest(ut.UserCase):
    """As a test user made for this class."""

    def run_as(self, *args, rc=0):
        return self.check(unshare(*args, user=self.user), rc)

    def maps(self, *args):
        return parse_maps(self.run_as(*args, "sh", "-c", MAPS))

    def test_map_root_user(self):
        u, g = self.user.uid, self.user.gid
        self.assertEqual(self.maps("-r"), ([(0, u, 1)], [(0, g, 1)], "deny"))
        out = self.run_as("-r", "sh", "-c", "id -u; id -g")
        self.assertEqual(out, "0\n0\n")

    def test_map_current_user(self):
        u, g = self.user.uid, self.user.gid
        self.assertEqual(self.maps("-c"), ([(u, u, 1)], [(g, g, 1)], "deny"))

    def test_map_auto(self):
        s, n = ut.TestUser.SUB_START, ut.TestUser.SUB_COUNT
        self.assertEqual(self.maps("--map-auto"),
                         ([(0, s, n)], [(0, s, n)], "allow"))

    def test_map_users_auto(self):
        s, n = ut.TestUser.SUB_START, ut.TestUser.SUB_COUNT
        self.assertEqual(self.maps("--map-users=auto", "--map-groups=auto"),
                         ([(0, s, n)], [(0, s, n)], "allow"))
        self.assertEqual(self.maps("--map-users=auto"),
                         ([(0, s, n)], [], "allow"))

    def test_map_subids(self):
        s, n = ut.TestUser.SUB_START, ut.TestUser.SUB_COUNT
        self.assertEqual(self.maps("--map-subids"),
                         ([(s, s, n)], [(s, s, n)], "allow"))
        self.assertEqual(self.maps("--map-users=subids",
                                   "--map-groups=subids"),
                         ([(s, s, n)], [(s, s, n)], "allow"))

    def test_map_blocks_with_root(self):
        u, g = self.user.uid, self.user.gid
        s = ut.TestUser.SUB_START
        self.assertEqual(
            self.maps("-r", f"--map-users=1:{s}:10", f"--map-groups=1:{s}:10"),
            ([(0, u, 1), (1, s, 10)], [(0, g, 1), (1, s, 10)], "allow"))
        # legacy form, uid only: the gid map stays -r's, setgroups denied
        self.assertEqual(
            self.maps("-r", f"--map-users={s},1,10"),
            ([(0, u, 1), (1, s, 10)], [(0, g, 1)], "deny"))

    def test_block_outside_subuid_fails(self):
        res = unshare("--map-users=0:0:1", "true", user=self.user)
        self.assertEqual(res.returncode, 1, res.stderr)
        self.assertNotEqual(res.stderr, "")

    @ours_only("util-linux does not say why")
    def test_unmapped_privileged_namespaces_say_why(self):
        for args in (["-p", "-f", "true"], ["-m", "true"], ["-n", "true"]):
            with self.subTest(args=args):
                res = unshare(*args, user=self.user)
                self.assert_one_line_error(res)
                self.assertIn("-U", res.stderr)

    def test_unprivileged_namespaces_with_user(self):
        out = self.run_as("-r", "-m", "-u", "-i", "-n", "-p", "-f",
                          "--mount-proc", "sh", "-c",
                          "hostname nstest-u; hostname; echo $$; id -u")
        self.assertEqual(out, "nstest-u\n1\n0\n")

    def test_keep_caps(self):
        out = self.run_as("-c", "--keep-caps", "grep", "^CapAmb",
                          "/proc/self/status")
        self.assertNotEqual(int(out.split()[1], 16), 0)


if __name__ == "__main__":
    nstest.require_root()
    ut.require_unshare()
    nstest.main()
