# SPDX-License-Identifier: MIT
"""unshare: a failure at each step (made with seccomp by errinject).

Every case expects exit 1, one line 'unshare: ...' that names what
failed, and nothing left behind: no mount (persistent bind mounts
undone), no created FILE, no process (helpers reaped), no fd; the
harness checks mounts, processes and fds after each case.

A step may be done with the old or the new mount API, and a namespace
may be made by unshare(2) or clone(2): each case fails every way of
doing the step (errinject nested once per system call). clone3 is made
to look absent (ENOSYS) so that glibc and the tool fall back to clone,
whose flags a filter can see.

util-linux 2.42 leaves a persistent bind mount behind when a later
step fails: those checks are ours only.

The steps of lib/create (enum ns_create_step) and their cases: persist
prepare (prepare_persistent_file), helper (helper), owner (owner),
unshare (unshare*), time offsets (time_offsets), uid map (uid_map,
maps_of_map_root_user), setgroups (setgroups_file), gid map (gid_map),
bind (bind_mount_*), fork (fork), parent death signal (kill_child),
propagation (propagation), loopback (lo_up), chroot (chroot), chdir
(chdir), mount proc (mount_proc*), mount binfmt_misc (mount_binfmt),
load interpreter (load_interp), drop groups (setgroups_of_setgid),
setgid and setuid (setgid_setuid), keep capabilities (keep_caps).
"""

import errno
import os
import socket
import sys

sys.path.insert(0, os.path.join(os.environ.get("NSTOOLS_SOURCE_ROOT", ""),
                                "tests", "pylib"))
import nstest  # noqa: E402
import unsharetest as ut  # noqa: E402
from nstest import (CLONE_NEWNET, CLONE_NEWUSER, MS_BIND,  # noqa: E402
                    MS_MOVE, MS_PRIVATE, MS_REMOUNT, MS_SHARED, MS_SLAVE)
from unsharetest import UnshareCase, ours_only, unshare  # noqa: E402

# a mount(2) of a new filesystem, not a bind, move or propagation change
NOT_NEW = MS_REMOUNT | MS_BIND | MS_MOVE | MS_PRIVATE | MS_SLAVE | MS_SHARED
O_ACCMODE_WRITE = 0x3
OPEN_TREE_CLONE = 1
O_CREAT = 0o100
PR_SET_PDEATHSIG = 1
PR_CAP_AMBIENT = 47


def inject(*rules):
    """errinject prefixes: each rule is (syscall, errno, conditions...)."""
    argv = []
    for syscall, err, *conds in rules:
        argv += [ut.ERRINJECT, "-s", syscall]
        for c in conds:
            argv += ["-a", c]
        argv.append(str(err))
    return argv


def fail_bind(err=errno.EPERM):
    return inject(("mount", err, f"3:set:{MS_BIND:#x}"),
                  ("open_tree", err, f"2:set:{OPEN_TREE_CLONE}"))


def fail_new_mount(err=errno.EPERM):
    return inject(("mount", err, f"3:clr:{NOT_NEW:#x}"),
                  ("fsopen", err))


def fail_propagation(err=errno.EPERM):
    return inject(("mount", err, f"3:set:{MS_PRIVATE | MS_SLAVE:#x}"),
                  ("mount_setattr", err))


def fail_new_ns(flag, err=errno.EPERM):
    return inject(("clone3", errno.ENOSYS),
                  ("clone", err, f"0:set:{flag:#x}"),
                  ("unshare", err, f"0:set:{flag:#x}"))


def fail_write_open(err=errno.EACCES):
    return inject(("openat", err, f"2:set:{O_ACCMODE_WRITE:#x}"))


class FailTest(UnshareCase):

    def fails(self, prefix, *args, words=()):
        env = None
        if any(rule == "clone" for rule in prefix):
            # LeakSanitizer needs clone(2) for its check at exit
            env = {"ASAN_OPTIONS": os.environ.get("ASAN_OPTIONS", "")
                   + ":detect_leaks=0"}
        res = unshare(*args, prefix=prefix, env=env)
        self.assert_one_line_error(res, *words)
        self.assertEqual(res.stdout, "")
        return res

    def no_ns_mounts(self, d):
        self.assertEqual(ut.nsfs_mounts_under(d.path), [])

    def test_bind_mount_of_persistent_file(self):
        d = self.private_dir()
        path = d.file("uts", "")
        self.fails(fail_bind(), f"--uts={path}", "true",
                   words=(path, os.strerror(errno.EPERM)))
        self.no_ns_mounts(d)
        self.assertTrue(os.path.exists(path))  # not ours to remove

    def test_bind_mount_of_each_type(self):
        d = self.private_dir()
        for t in nstest.available_types():
            with self.subTest(type=t):
                path = d.file(t, "")
                extra = ["-f"] if t in ("pid",) else []
                self.fails(fail_bind(), f"--{t if t != 'mnt' else 'mount'}"
                           f"={path}", *extra, "true", words=(path,))
                self.no_ns_mounts(d)

    @ours_only("the words are ours")
    def test_mount_ns_bind_einval_on_a_private_mount_gives_no_hint(self):
        # the kernel says EINVAL for other causes than a shared mount
        # too (e.g. Linux 6.18's loop check): no hint about propagation
        d = self.private_dir()
        path = d.file("mnt", "")
        res = self.fails(fail_bind(errno.EINVAL), f"--mount={path}", "true",
                         words=(path,))
        self.assertTrue(res.stderr.endswith(
            f" on {path} failed: {os.strerror(errno.EINVAL)}\n"), res.stderr)
        self.no_ns_mounts(d)

    @ours_only("util-linux does not create FILE")
    def test_created_file_removed_when_bind_fails(self):
        d = self.private_dir()
        path = d.file("net")
        self.fails(fail_bind(), f"--net={path}", "true", words=(path,))
        self.assertFalse(os.path.exists(path))
        self.no_ns_mounts(d)

    def test_uid_map(self):
        self.fails(fail_write_open(), "--map-user=0", "true",
                   words=("uid_map", os.strerror(errno.EACCES)))

    def test_maps_of_map_root_user(self):
        self.fails(fail_write_open(), "-r", "true",
                   words=(os.strerror(errno.EACCES),))

    @ours_only("util-linux keeps the bind mounts made before a failure")
    def test_persistent_user_ns_undone_when_map_fails(self):
        d = self.private_dir()
        upath, npath = d.file("user", ""), d.file("net")
        self.fails(fail_write_open(), f"--user={upath}", f"--net={npath}",
                   "-r", "true")
        self.no_ns_mounts(d)
        self.assertFalse(os.path.exists(npath))
        self.assertEqual(os.path.getsize(upath), 0)

    def test_unshare(self):
        for flag, opt in ((CLONE_NEWNET, "-n"), (CLONE_NEWUSER, "-U")):
            with self.subTest(opt=opt):
                self.fails(fail_new_ns(flag), opt, "true",
                           words=(os.strerror(errno.EPERM),))

    def test_unshare_with_fork(self):
        self.fails(fail_new_ns(CLONE_NEWNET), "-n", "-f", "true")

    @ours_only("util-linux does not create FILE")
    def test_created_file_removed_when_unshare_fails(self):
        d = self.private_dir()
        path = d.file("net")
        self.fails(fail_new_ns(CLONE_NEWNET), f"--net={path}", "true")
        self.assertFalse(os.path.exists(path))
        self.no_ns_mounts(d)

    def test_mount_proc(self):
        self.fails(fail_new_mount(), "-p", "-f", "--mount-proc", "true",
                   words=("mount /proc ", os.strerror(errno.EPERM)))

    @ours_only("util-linux keeps the bind mounts made before a failure")
    def test_mount_proc_undoes_persistent_mounts(self):
        d = self.private_dir()
        kept, made = d.file("uts", ""), d.file("net")
        self.fails(fail_new_mount(), "-p", "-f", "--mount-proc",
                   f"--uts={kept}", f"--net={made}", "true",
                   words=("mount /proc ",))
        self.no_ns_mounts(d)
        self.assertTrue(os.path.exists(kept))
        self.assertFalse(os.path.exists(made))

    def test_mount_binfmt(self):
        # with a directory: no new /proc first (see test_unshare.py)
        self.fails(fail_new_mount(),
                   "--mount-binfmt=/proc/sys/fs/binfmt_misc", "true",
                   words=("mount /proc/sys/fs/binfmt_misc ",
                          os.strerror(errno.EPERM)))
        # without: the new /proc is the first mount, as in 2.42
        self.fails(fail_new_mount(), "--mount-binfmt", "true",
                   words=("mount /proc ", os.strerror(errno.EPERM)))

    def test_load_interp(self):
        # before Linux 6.7 the mount of binfmt_misc fails before register
        # is opened (test_mount_binfmt covers that error)
        d = self.private_dir()
        os.mkdir(d.file("probe"))
        if not ut.userns_binfmt(d.file("probe")):
            self.skipTest(f"needs {ut.NO_USERNS_BINFMT}")
        # --mount-binfmt implies -U: no map is written, only register;
        # util-linux 2.42's words: "cannot open DIR/register"
        self.fails(fail_write_open(),
                   "--mount-binfmt=/proc/sys/fs/binfmt_misc",
                   "-l", ":nstest:E::nstest::/bin/true:",
                   "true", words=("cannot open ",
                                  "/proc/sys/fs/binfmt_misc/register",
                                  os.strerror(errno.EACCES)))

    def test_propagation(self):
        self.fails(fail_propagation(), "-m", "true",
                   words=("propagation", os.strerror(errno.EPERM)))

    def test_fork(self):
        self.fails(inject(("clone3", errno.ENOSYS),
                          ("clone", errno.EAGAIN)), "-f", "true",
                   words=(os.strerror(errno.EAGAIN),))

    def test_time_offsets(self):
        self.fails(fail_write_open(), "-T", "--monotonic", "5", "true",
                   words=("timens_offsets", os.strerror(errno.EACCES)))

    def test_setgroups_of_setgid(self):
        self.fails(inject(("setgroups", errno.EPERM)), "-G", "5", "true",
                   words=("setgroups",))

    def test_chroot(self):
        self.fails(inject(("chroot", errno.EPERM)), "-R", "/", "true",
                   words=("'/'", os.strerror(errno.EPERM)))

    @ours_only("util-linux does not create FILE")
    def test_prepare_persistent_file(self):
        d = self.private_dir()
        path = d.file("net")
        self.fails(inject(("openat", errno.EACCES, f"2:set:{O_CREAT:#x}")),
                   f"--net={path}", "true",
                   words=(path, os.strerror(errno.EACCES)))
        self.assertFalse(os.path.exists(path))
        missing = os.path.join(d.path, "nosuch", "net")
        self.fails((), f"--net={missing}", "true",
                   words=(missing, os.strerror(errno.ENOENT)))

    @ours_only("util-linux does not create FILE")
    def test_helper(self):
        # the helper that binds FILE from outside the new user
        # namespace: no socket, no fork
        d = self.private_dir()
        path = d.file("net")
        for prefix, err in ((inject(("socketpair", errno.EMFILE)),
                             errno.EMFILE),
                            (inject(("clone3", errno.ENOSYS),
                                    ("clone", errno.EAGAIN)), errno.EAGAIN)):
            with self.subTest(err=errno.errorcode[err]):
                self.fails(prefix, f"--net={path}", "-U", "true",
                           words=("helper", os.strerror(err)))
                self.assertFalse(os.path.exists(path))
                self.no_ns_mounts(d)

    @ours_only("util-linux keeps the bind mounts made before a failure")
    def test_later_step_undoes_own_binds(self):
        # without -m, -U and -f unshare binds by itself, no helper
        d = self.private_dir()
        kept, made = d.file("uts", ""), d.file("net")
        self.fails(inject(("chdir", errno.EACCES)), f"--uts={kept}",
                   f"--net={made}", "-w", "/tmp", "true",
                   words=("/tmp", os.strerror(errno.EACCES)))
        self.no_ns_mounts(d)
        self.assertTrue(os.path.exists(kept))
        self.assertFalse(os.path.exists(made))

    def test_owner(self):
        self.fails(inject(("setgid", errno.EPERM)), "--owner", "4242:4343",
                   "true", words=(os.strerror(errno.EPERM),))

    def test_setgroups_file(self):
        # "deny" is the only 4-byte write before the program runs
        self.fails(inject(("write", errno.EACCES, "2:eq:4")),
                   "--map-user=0", "--setgroups=deny", "true",
                   words=("setgroups", os.strerror(errno.EACCES)))

    def test_gid_map(self):
        # setgroups "deny" (4 bytes) goes through, "1234 0 1\n" fails
        self.fails(inject(("write", errno.EACCES, "2:eq:9")),
                   "--map-group=1234", "true",
                   words=("gid_map", os.strerror(errno.EACCES)))

    @ours_only("the words are ours")
    def test_kill_child(self):
        self.fails(inject(("prctl", errno.EINVAL, f"0:eq:{PR_SET_PDEATHSIG}")),
                   "--kill-child", "true",
                   words=("parent death signal", os.strerror(errno.EINVAL)))

    @ours_only("--lo-up is ours")
    def test_lo_up(self):
        # lo comes up over rtnetlink: refuse the netlink socket
        self.fails(inject(("socket", errno.EPERM,
                           f"0:eq:{socket.AF_NETLINK}")),
                   "--lo-up", "true",
                   words=("loopback", os.strerror(errno.EPERM)))

    def test_chdir(self):
        self.fails(inject(("chdir", errno.EACCES)), "-w", "/tmp", "true",
                   words=("/tmp", os.strerror(errno.EACCES)))

    def test_setgid_setuid(self):
        for sc, opt in (("setgid", "-G"), ("setuid", "-S")):
            with self.subTest(opt=opt):
                res = self.fails(inject((sc, errno.EPERM)), opt, "5",
                                 "true")
                # util-linux's words
                self.assertEqual(nstest.as_plain(res.stderr),
                                 f"unshare: {sc}() failed: "
                                 f"{os.strerror(errno.EPERM)}\n")

    @ours_only("the words are ours")
    def test_keep_caps(self):
        self.fails(inject(("prctl", errno.EPERM,
                           f"0:eq:{PR_CAP_AMBIENT}")), "-U", "--keep-caps",
                   "true", words=("capabilities", os.strerror(errno.EPERM)))

    @ours_only("ours names the limit that is reached")
    def test_user_ns_limit_says_why(self):
        self.fails(fail_new_ns(CLONE_NEWUSER, errno.ENOSPC), "-U", "true",
                   words=("max_user_namespaces",))


if __name__ == "__main__":
    nstest.require_root()
    ut.require_unshare()
    nstest.require(ut.ERRINJECT, "errinject")
    nstest.main()
