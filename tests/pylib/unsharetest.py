# SPDX-License-Identifier: MIT
"""Fixtures of the unshare suites: the tool under test, private temp
directories to bind-mount namespaces in, a throw-away test user with
/etc/subuid and /etc/subgid entries (private to the test program), and
mountinfo parsing.

The tool comes from NSTOOLS_UNSHARE. The suites run against util-linux
2.42 too (point NSTOOLS_UNSHARE at a wrapper that runs it): cases where
ours deliberately differs are marked with @ours_only and skipped there.
"""

import grp
import os
import pwd
import shutil
import subprocess
import tempfile
import unittest

import nstest
from nstest import run

UNSHARE = os.environ.get("NSTOOLS_UNSHARE", "")
ERRINJECT = os.environ.get("NSTOOLS_ERRINJECT", "")
REFERENCE = os.environ.get("NSTOOLS_REFERENCE",
                           "/work/shared/reference/util-linux-2.42")
BUSYBOX = shutil.which("busybox") or "/bin/busybox"
PROPAGATION_TAGS = ("shared", "master", "propagate_from", "unbindable")


NO_USERNS_BINFMT = "binfmt_misc in a user namespace (Linux 6.7 or later)"


def userns_binfmt(where):
    """Whether binfmt_misc mounts in a new user namespace (Linux 6.7
    and later), tried on the empty directory WHERE in a child."""
    pid = os.fork()
    if pid == 0:
        try:
            nstest.unshare(nstest.CLONE_NEWUSER | nstest.CLONE_NEWNS)
            nstest.mount(None, "/", None, nstest.MS_REC | nstest.MS_PRIVATE)
            nstest.mount("binfmt_misc", where, "binfmt_misc")
            os._exit(0)
        except OSError:
            os._exit(1)
    return os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1]) == 0


def reference(program, installed):
    """The compat suites' reference for PROGRAM: (argv prefix, whether
    it is util-linux 2.42). 2.42 through the project's fetcher
    (REFERENCE), else the INSTALLED 2.38; without either the suite is
    skipped (exit 77)."""
    ref = REFERENCE
    if os.access(ref, os.X_OK):
        res = subprocess.run([ref, "--fetch"], capture_output=True,
                             text=True, stdin=subprocess.DEVNULL)
        if res.returncode in (0, 3):
            return [ref, program], True
        print(f"compat: util-linux 2.42 cannot be fetched ({ref}): "
              f"{res.stderr.strip()}; falling back to {installed}")
    else:
        print(f"compat: no util-linux 2.42 fetcher at {ref}; "
              f"falling back to {installed}")
    if os.access(installed, os.X_OK):
        return [installed], False
    print("SKIP: neither util-linux 2.42 (cannot be fetched) nor "
          f"{installed} to compare with")
    raise SystemExit(nstest.SKIP)


def run_tool(argv, user=None, env=None, clear_env=False, **kwargs):
    """Run ARGV (as USER, a TestUser, if given) with the environment
    (empty with CLEAR_ENV) plus ENV; stdin is /dev/null unless input is
    given."""
    if user is not None:
        argv = user.wrap(argv)
    full_env = {} if clear_env else dict(os.environ)
    full_env.update(env or {})
    if kwargs.get("input") is None:
        kwargs["stdin"] = subprocess.DEVNULL
    if kwargs.get("timeout"):
        kwargs["timeout"] *= nstest.TIME_SCALE
    return subprocess.run(argv, capture_output=True, text=True,
                          env=full_env, **kwargs)


def is_util_linux(path=None):
    """True when the unshare under test is util-linux's, not ours."""
    return nstest.is_util_linux(path or UNSHARE)


def ours_only(reason):
    """A case where ours deliberately differs from util-linux 2.42."""
    return nstest.ours_only(UNSHARE, reason)


def pinned(attempt):
    """argv prefix that runs attempt number ATTEMPT on the next CPU.

    Linux 6.18 refuses (EINVAL) to bind a mount namespace whose id is not
    above that of the caller's mount namespace (a loop check), and hands
    out namespace ids in per-CPU batches: a namespace made on another CPU
    than the caller's namespace was made on can get a lower id. (The
    harness made the caller's namespace moments ago.) On the CPU that
    made it, a new id is always higher, so trying each CPU in turn binds
    within as many attempts as there are CPUs, util-linux as well."""
    cpus = sorted(os.sched_getaffinity(0))
    return ["taskset", "-c", str(cpus[attempt % len(cpus)])]


def unshare(*args, env=None, timeout=30, user=None, input=None,
            prefix=(), clear_env=False):
    """Run the unshare under test (as USER, a TestUser, if given)."""
    return run_tool([*prefix, UNSHARE, *args], user=user, env=env,
                    clear_env=clear_env, timeout=timeout, input=input)


def mountinfo(path="/proc/self/mountinfo"):
    """Entries of a mountinfo text: dicts of id, parent, root, point,
    optional (the list of tags), fstype, source."""
    with open(path) as f:
        return parse_mountinfo(f.read())


def parse_mountinfo(text):
    out = []
    for line in text.splitlines():
        if " - " not in line:
            continue
        pre, post = line.split(" - ", 1)
        f = pre.split(" ")
        post = post.split(" ")
        out.append({"id": int(f[0]), "parent": int(f[1]), "root": f[3],
                    "point": f[4].replace("\\040", " "),
                    "optional": f[6:], "fstype": post[0],
                    "source": post[1] if len(post) > 1 else ""})
    return out


def mounts_at(path, text=None):
    entries = parse_mountinfo(text) if text is not None else mountinfo()
    return [m for m in entries if m["point"] == path]


def propagation(optional):
    """The optional fields that say propagation, without peer numbers."""
    return sorted(t.split(":")[0] for t in optional
                  if t.split(":")[0] in PROPAGATION_TAGS)


def nsfs_mounts_under(path):
    return [m for m in mountinfo() if m["fstype"] == "nsfs"
            and (m["point"] + "/").startswith(path.rstrip("/") + "/")]


class PrivateDir:
    """A temp directory bind-mounted on itself with private propagation:
    a persistent mount namespace may be bind-mounted in it, and nothing
    mounted in it reaches other mount namespaces. close() unmounts
    whatever is left inside, innermost first, and removes it."""

    def __init__(self, tag="unshare"):
        self.path = tempfile.mkdtemp(prefix=f"nstest-{tag}-")
        self.mounted = False
        try:
            run(["mount", "--bind", self.path, self.path], check_rc=0)
            self.mounted = True
            run(["mount", "--make-private", self.path], check_rc=0)
        except Exception:
            self.close()
            raise

    def file(self, name, content=None):
        """Path of NAME inside; created with CONTENT when given."""
        p = os.path.join(self.path, name)
        if content is not None:
            with open(p, "w") as f:
                f.write(content)
        return p

    def close(self):
        prefix = self.path + "/"
        for m in sorted(mountinfo(), key=lambda m: -m["id"]):
            if m["point"].startswith(prefix):
                run(["umount", "-l", m["point"]])
        if self.mounted:
            run(["umount", "-l", self.path])
        shutil.rmtree(self.path, ignore_errors=True)


class TestUser:
    """A user made for the test, with one /etc/subuid and /etc/subgid
    block of its own, that only the test program sees: /etc/passwd,
    /etc/group, /etc/subuid and /etc/subgid are copied, the user's
    lines added, and the copies bound over the real files in the test
    program's own mount namespace (nstest.isolate() made it private).
    The host's files are never written, so test programs running at the
    same time, or util-linux's tools run beside, never see each other's
    users. close() unbinds the copies."""

    SUB_START = 300000
    SUB_COUNT = 65536
    FILES = ("/etc/passwd", "/etc/group", "/etc/subuid", "/etc/subgid")

    def __init__(self):
        if not nstest.isolated():
            raise AssertionError("TestUser needs the test program's own "
                                 "mount namespace (nstest.main)")
        self.bound = []
        self.dir = tempfile.mkdtemp(prefix="nstest-user-")
        self.name = f"nstest-u{os.urandom(4).hex()}"
        self.uid = self.gid = self._free_id()
        try:
            lines = {
                "/etc/passwd": f"{self.name}:x:{self.uid}:{self.gid}::"
                               f"/nonexistent:/bin/sh\n",
                "/etc/group": f"{self.name}:x:{self.gid}:\n",
            }
            # our block only, after a comment and a blank line that the
            # parser must skip
            block = (f"# nstest\n\n{self.name}:{self.SUB_START}:"
                     f"{self.SUB_COUNT}\n")
            for path in self.FILES:
                if path in lines:
                    with open(path) as f:
                        text = f.read()
                    if text and not text.endswith("\n"):
                        text += "\n"
                    text += lines[path]
                else:
                    text = block
                    if not os.path.exists(path):
                        raise unittest.SkipTest(
                            f"no {path} to bind a private copy over "
                            "(Debian's passwd package makes it)")
                copy = os.path.join(self.dir, os.path.basename(path))
                with open(copy, "w") as f:
                    f.write(text)
                os.chmod(copy, 0o644)
                nstest.mount(copy, path, None, nstest.MS_BIND)
                self.bound.append(path)
        except BaseException:
            self.close()
            raise

    @staticmethod
    def _free_id():
        """A uid that is also a free gid, in the range useradd uses."""
        for n in range(60000 - 1, 2000, -1):
            try:
                pwd.getpwuid(n)
                continue
            except KeyError:
                pass
            try:
                grp.getgrgid(n)
                continue
            except KeyError:
                return n
        raise AssertionError("no free uid for a test user")

    def wrap(self, argv):
        return ["setpriv", f"--reuid={self.uid}", f"--regid={self.gid}",
                "--init-groups", "--", *argv]

    def close(self):
        for path in reversed(self.bound):
            nstest.umount(path, nstest.MNT_DETACH)
        self.bound = []
        if self.dir:
            shutil.rmtree(self.dir, ignore_errors=True)
            self.dir = None


def have_busybox():
    return os.access(BUSYBOX, os.X_OK)


def make_rootfs(path):
    """A minimal busybox rootfs in PATH (busybox-static)."""
    for d in ("bin", "proc", "tmp", "etc", "dev"):
        os.makedirs(os.path.join(path, d), exist_ok=True)
    shutil.copy(BUSYBOX, os.path.join(path, "bin", "busybox"))
    for tool in ("sh", "ls", "cat", "hostname", "ps", "readlink", "pwd",
                 "echo", "grep", "id", "mount"):
        os.symlink("busybox", os.path.join(path, "bin", tool))
    with open(os.path.join(path, "etc", "nstest-rootfs"), "w") as f:
        f.write("rootfs\n")


def require_unshare():
    nstest.require(UNSHARE, "unshare (NSTOOLS_UNSHARE)")


class UnshareCase(nstest.NsTestCase):
    """NsTestCase with private dirs that are cleaned up before the
    leftover check."""

    def setUp(self):
        super().setUp()
        self._dirs = []

    def tearDown(self):
        for d in reversed(self._dirs):
            d.close()
        super().tearDown()

    def private_dir(self, tag="unshare"):
        d = PrivateDir(tag)
        self._dirs.append(d)
        return d

    def check(self, res, rc=0):
        self.assertEqual(res.returncode, rc,
                         f"exit {res.returncode}, stdout {res.stdout!r}, "
                         f"stderr {res.stderr!r}")
        return res.stdout

    def assert_one_line_error(self, res, *words):
        """Exit 1 and one line 'unshare: ...' naming each of WORDS."""
        self.assertEqual(res.returncode, 1, res.stderr)
        lines = res.stderr.splitlines()
        self.assertEqual(len(lines), 1, res.stderr)
        self.assertTrue(
            lines[0].startswith(nstest.named("unshare: ", UNSHARE)),
            res.stderr)
        for w in words:
            self.assertIn(w, lines[0])


def skip_unless(cond, why):
    return unittest.skipUnless(cond, why)


class UserCase(UnshareCase):
    """UnshareCase with a test user (self.user, a TestUser) made for the
    class, which needs newuidmap and newgidmap (Debian's uidmap); each
    case runs in / (a directory the user may enter)."""

    user = None

    @classmethod
    def setUpClass(cls):
        if not shutil.which("newuidmap") or not shutil.which("newgidmap"):
            raise AssertionError("newuidmap/newgidmap missing: "
                                 "install Debian's uidmap package")
        cls.user = TestUser()

    @classmethod
    def tearDownClass(cls):
        if cls.user:
            cls.user.close()

    def setUp(self):
        super().setUp()
        self.cwd = os.getcwd()
        os.chdir("/")

    def tearDown(self):
        os.chdir(self.cwd)
        super().tearDown()
