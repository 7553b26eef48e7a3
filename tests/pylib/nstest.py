# SPDX-License-Identifier: MIT
"""Shared harness of the integration and compat suites.

Isolation. main() first moves the test program into a mount namespace
of its own (isolate()), so that it neither sees nor disturbs the host's
mounts and named network namespaces, and so that other programs making
and removing namespaces on the machine do not disturb the tests:

- unshare(CLONE_NEWNS), then / is made recursively private: no mount
  of ours propagates to the host, none of the host's reaches us.
- /run/netns is a tmpfs of its own, made a shared mount point at once,
  as `ip netns add` leaves it on a machine where it ran before: a
  test's first `ip netns add` then changes no mount, and a test that
  deletes its named namespaces leaves the mount table as it found it.
  The host's named namespaces (nsfs mounts below /run/netns, copied
  into our namespace by the unshare) are detached first, in our
  namespace only: the tests see no named namespace but their own.
- Where the host has no /run/netns (a fresh machine), it must not be
  created on the host's file system: a tmpfs is mounted on /run itself
  in our namespace (the host's mounts below /run detached first, in our
  namespace only) and /run/netns is made in that tmpfs. The tests use
  nothing else from /run; /var/run is a symlink to /run and follows.
- With main(pid_namespace=True) the program also runs in a pid
  namespace of its own, with its own /proc, below a minimal init (PID
  1, as on the host, so the test program is not the first process of
  its namespaces): tests that compare whole-system listings (every
  process, every namespace) then see this program and its children
  only, not whatever else runs on the machine. No test needs the
  host's processes today; one that does calls need_host_pids(), which
  skips it in such a program.

The host's own state is still readable afterwards (host_state(): its
mount table and its /run/netns), through a mountinfo file and a /run
fd opened before the unshare; host_at_start holds it as it was.

Leftovers. Every test case runs between two snapshots of what a test
could change in the program's namespace: the mount table (mount point,
fs type, root and propagation kind per mount: private, shared, slave or
unbindable; peer group numbers may be new), /run/netns and its entries,
our child processes (we are a child subreaper, so orphans come back
to us) and our open fds. A test that leaves anything behind
fails, and the leftovers are cleaned up so the next test starts clean.
"""

import atexit
import contextlib
import ctypes
import functools
import json
import os
import re
import signal
import subprocess
import sys
import time
import unittest
from collections import Counter

SKIP = 77  # meson's "skipped" exit status

SOURCE_ROOT = os.environ.get("NSTOOLS_SOURCE_ROOT", "")
LSNS = os.environ.get("NSTOOLS_LSNS", "")
NSHOLDER = os.environ.get("NSTOOLS_NSHOLDER", "")

NS_TYPES = ["mnt", "net", "ipc", "user", "pid", "uts", "cgroup", "time"]

# How much slower than a real machine this one runs the tests: the
# kernel lane (tests/kernels/run) sets it for its emulated CPUs. What a
# test bounds by time (how long a storm lasts, how long a child may
# take to go) is scaled by it; no test asserts a speed.
TIME_SCALE = max(1.0, float(os.environ.get("NSTOOLS_TIME_SCALE") or 1))

# Tests that go through a large space one point at a time (allocation
# failure points, generated command lines) take every SAMPLE_STRIDE-th
# point: 1 here, more in the kernel lane's guests, where each exec is
# some hundred times slower and what these loops check is the same on
# every kernel (see sample_size()).
SAMPLE_STRIDE = max(1, int(os.environ.get("NSTOOLS_SAMPLE_STRIDE") or 1))


def sample_size(n, least):
    """How many of N points a sampling test takes: N, or N divided by
    SAMPLE_STRIDE but never fewer than LEAST (nor more than N)."""
    return max(min(n, least), n // SAMPLE_STRIDE)

_libc = ctypes.CDLL(None, use_errno=True)
_libc.mount.argtypes = [ctypes.c_char_p, ctypes.c_char_p, ctypes.c_char_p,
                        ctypes.c_ulong, ctypes.c_char_p]
_libc.umount2.argtypes = [ctypes.c_char_p, ctypes.c_int]
PR_SET_CHILD_SUBREAPER = 36
CLONE_NEWNS = 0x00020000
CLONE_NEWUSER = 0x10000000
CLONE_NEWPID = 0x20000000
CLONE_NEWNET = 0x40000000
MS_NOSUID = 0x2
MS_NODEV = 0x4
MS_NOEXEC = 0x8
MS_REMOUNT = 0x20
MS_BIND = 0x1000
MS_MOVE = 0x2000
MS_REC = 0x4000
MS_PRIVATE = 1 << 18
MS_SLAVE = 1 << 19
MS_SHARED = 1 << 20
MNT_DETACH = 0x2
UMOUNT_NOFOLLOW = 0x8


def require_root():
    if os.geteuid() != 0:
        print("SKIP: this suite creates real namespaces and needs root")
        sys.exit(SKIP)


def require(path, what):
    """A build artifact the suite needs: missing is an error, not a skip."""
    if not path or not os.access(path, os.X_OK):
        print(f"ERROR: {what} not built ({path or 'unset'})")
        sys.exit(1)


def require_reference(path, what):
    """A reference tool of the system: without it there is no comparison."""
    if not os.access(path, os.X_OK):
        print(f"SKIP: {what} not installed ({path})")
        sys.exit(SKIP)


def ours_only_when(is_reference):
    """The @ours_only(reason) decorator of a suite that also runs against
    a reference tool: the case is skipped when is_reference() says the
    tool under test is the reference (ours deliberately differs)."""
    def ours_only(reason):
        def wrap(fn):
            @functools.wraps(fn)
            def inner(self, *args, **kwargs):
                if is_reference():
                    self.skipTest(f"ours only: {reason}")
                return fn(self, *args, **kwargs)
            return inner
        return wrap
    return ours_only


# --- namespace IDs (Linux >= 6.18) and listns(2) (>= 6.19) -----------------

NS_GET_ID = 0x8008B70D  # _IOR(0xb7, 13, __u64)
SYS_LISTNS = 470        # x86_64 (and the numbers every arch now shares)
FD_NSFS_ROOT = -10003
FILEID_NSFS = 0xF1
CLONE_FLAGS = {"mnt": 0x00020000, "net": 0x40000000, "ipc": 0x08000000,
               "user": 0x10000000, "pid": 0x20000000, "uts": 0x04000000,
               "cgroup": 0x02000000, "time": 0x00000080}
NEEDS_NS_GET_ID = "needs NS_GET_ID (ioctl_ns(2)), Linux >= 6.18"
NEEDS_LISTNS = "needs listns(2), Linux >= 6.19"
NEEDS_OPEN_BY_ID = ("needs namespaces opened by ID (nsfs file handles "
                    "of the ID alone), Linux >= 6.19")


def ns_get_id(path):
    """NS_GET_ID of the namespace file PATH; None where the kernel lacks it."""
    import fcntl
    import struct
    fd = os.open(path, os.O_RDONLY | os.O_CLOEXEC)
    try:
        return struct.unpack("Q", fcntl.ioctl(fd, NS_GET_ID, bytes(8)))[0]
    except OSError:
        return None
    finally:
        os.close(fd)


def listns(types=()):
    """The IDs listns(2) returns for TYPES (names; () for all), ascending;
    None on a kernel without it."""
    import struct
    mask = 0
    for t in types:
        mask |= CLONE_FLAGS[t]
    fn = _libc.syscall
    fn.restype = ctypes.c_long
    ids, last = [], 0
    while True:
        req = struct.pack("IIQIIQ", 32, 0, last, mask, 0, 0)
        buf = (ctypes.c_uint64 * 256)()
        n = fn(ctypes.c_long(SYS_LISTNS), ctypes.c_char_p(req), buf,
               ctypes.c_size_t(256), ctypes.c_uint(0))
        if n < 0:  # ENOSYS: no listns; ENOENT: none after the last
            err = ctypes.get_errno()
            if err == 38:
                return None
            if err == 2:
                return ids
            raise OSError(err, f"listns: {os.strerror(err)}")
        if n == 0:
            return ids
        ids += list(buf[:n])
        last = ids[-1]


def open_ns_by_id(nsid):
    """An fd of the namespace of ID NSID (open_by_handle_at(2), the ID
    alone); raises OSError."""
    import struct
    handle = struct.pack("Ii", 16, FILEID_NSFS) + struct.pack("QII", nsid,
                                                              0, 0)
    fd = _libc.open_by_handle_at(ctypes.c_int(FD_NSFS_ROOT),
                                 ctypes.c_char_p(handle),
                                 ctypes.c_int(os.O_RDONLY | os.O_CLOEXEC))
    if fd < 0:
        err = ctypes.get_errno()
        raise OSError(err, os.strerror(err))
    return fd


def kernel_opens_by_id():
    """Can this kernel open our own net namespace by its ID alone?"""
    nsid = ns_get_id("/proc/self/ns/net")
    if nsid is None:
        return False
    try:
        os.close(open_ns_by_id(nsid))
    except OSError:
        return False
    return True


def become_subreaper():
    if _libc.prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) != 0:
        raise OSError(ctypes.get_errno(), "prctl(PR_SET_CHILD_SUBREAPER)")


def ns_inode(pid, nstype):
    return os.stat(f"/proc/{pid}/ns/{nstype}").st_ino


def available_types():
    return [t for t in NS_TYPES if os.path.exists(f"/proc/self/ns/{t}")]


def proc_stat(pid):
    """Fields of /proc/PID/stat after the command: [state, ppid, ...]."""
    with open(f"/proc/{pid}/stat") as f:
        stat = f.read()
    return stat[stat.rfind(")") + 2:].split()


def proc_pids():
    return [int(name) for name in os.listdir("/proc") if name.isdigit()]


# --- isolation ----------------------------------------------------------

def _check(ret, what):
    if ret != 0:
        err = ctypes.get_errno()
        raise OSError(err, f"{what}: {os.strerror(err)}")


def unshare(flags):
    _check(_libc.unshare(flags), "unshare")


def mount(source, target, fstype, flags=0, data=None):
    def enc(v):
        return v.encode() if v is not None else None

    _check(_libc.mount(enc(source), enc(target), enc(fstype), flags,
                       enc(data)), f"mount {target}")


def umount(target, flags=0):
    _check(_libc.umount2(target.encode(), flags), f"umount {target}")


def mount_tmpfs(target, name):
    """A small tmpfs on @target; @name shows as its source."""
    mount(name, target, "tmpfs", MS_NOSUID | MS_NODEV, "size=4m,mode=755")


def private_mount_namespace():
    """A mount namespace of our own, / recursively private."""
    unshare(CLONE_NEWNS)
    mount(None, "/", None, MS_REC | MS_PRIVATE)


def _unescape(path):
    """Undo mountinfo's octal escapes (\\040 for a space ...)."""
    return re.sub(r"\\([0-7]{3})", lambda m: chr(int(m.group(1), 8)), path)


def _mountinfo(f=None):
    """[(mount point, fs type, root, propagation)] of a mountinfo file."""
    if f is None:
        # a mount point is whatever bytes: as os.fsdecode() has them
        with open("/proc/self/mountinfo",
                  errors="surrogateescape") as mi:
            text = mi.read()
    else:
        f.seek(0)
        text = f.read()
    out = []
    for line in text.splitlines():
        pre, post = line.split(" - ", 1)
        fields, fstype = pre.split(" "), post.split(" ")[0]
        kinds = {o.split(":")[0] for o in fields[6:]}
        prop = ",".join(k for k, o in (("shared", "shared"),
                                       ("slave", "master"),
                                       ("unbindable", "unbindable"))
                        if o in kinds) or "private"
        out.append((_unescape(fields[4]), fstype, _unescape(fields[3]), prop))
    return out


def detach_below(top):
    """Detach every mount strictly below @top (in our namespace).

    Shallowest first: a detached mount takes its own submounts along.
    Best effort: a mount that cannot be reached or is locked (in a
    container) stays, hidden below whatever is mounted on @top next."""
    failed = set()
    while True:
        below = sorted({m[0] for m in _mountinfo()
                        if m[0].startswith(top + "/")} - failed, key=len)
        if not below:
            return
        for mp in below:
            if _libc.umount2(mp.encode(), MNT_DETACH | UMOUNT_NOFOLLOW):
                failed.add(mp)


_host = {}             # handles on the host's view, see isolate()
host_at_start = None   # host_state() before the program isolated itself
_own_pids = False      # running in a pid namespace of our own


def _run_netns_state(mounts, stat_netns):
    """"absent", "directory" or "mount point (PROPAGATION)"."""
    try:
        stat_netns()
    except FileNotFoundError:
        return "absent"
    props = [m[3] for m in mounts if m[0] == "/run/netns"]
    return f"mount point ({props[-1]})" if props else "directory"


def host_state():
    """The host's mount table and /run/netns (see isolate())."""
    if not _host:
        mounts = _mountinfo()
        netns = _run_netns_state(mounts, lambda: os.stat("/run/netns"))
    else:
        mounts = _mountinfo(_host["mountinfo"])
        netns = _run_netns_state(mounts, lambda: os.stat(
            "netns", dir_fd=_host["run"], follow_symlinks=False))
    return {"mounts": sorted(" ".join(m) for m in mounts),
            "run_netns": netns}


def isolate(pid_namespace=False):
    """Move this program into namespaces of its own (see the top)."""
    global host_at_start, _own_pids
    # kept open: they still show the host's mounts after the unshare
    # (a mount point need not be UTF-8: surrogateescape)
    _host["mountinfo"] = open("/proc/self/mountinfo",
                              errors="surrogateescape")
    _host["run"] = os.open("/run", os.O_PATH | os.O_CLOEXEC)
    atexit.register(_host["mountinfo"].close)
    host_at_start = host_state()
    unshare(CLONE_NEWNS | (CLONE_NEWPID if pid_namespace else 0))
    mount(None, "/", None, MS_REC | MS_PRIVATE)
    if os.path.isdir("/run/netns"):
        detach_below("/run/netns")
    else:
        detach_below("/run")
        mount_tmpfs("/run", "nstest-run")
        os.mkdir("/run/netns", 0o755)
    mount_tmpfs("/run/netns", "nstest-netns")
    mount(None, "/run/netns", None, MS_SHARED)
    if not pid_namespace:
        return
    _fork_and_pass_on_exit()
    # PID 1 of the new namespace: a minimal init, as on the host: the
    # test program is not the first process of the namespaces it is in
    # (lsns's process tree would hang its fixtures below it otherwise)
    mount("proc", "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC)
    # PID 1 ignores signals it has no handler for: let a timeout's
    # SIGTERM end the run (and so every process of the namespace)
    signal.signal(signal.SIGTERM, lambda sig, _: os._exit(128 + sig))
    _fork_and_pass_on_exit()
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    _own_pids = True


def isolated():
    """Whether this program moved itself into its own mount namespace
    (isolate())."""
    return host_at_start is not None


def _fork_and_pass_on_exit():
    """Fork; the parent waits for the child and exits as it did (it
    reaps anything else meanwhile: as PID 1 it inherits orphans)."""
    sys.stdout.flush()
    sys.stderr.flush()
    pid = os.fork()
    if pid == 0:
        return
    while True:
        try:
            done, status = os.waitpid(-1, 0)
        except ChildProcessError:
            os._exit(1)
        if done == pid:
            code = os.waitstatus_to_exitcode(status)
            os._exit(code if code >= 0 else 128 - code)


def need_host_pids(test):
    """Skip @test when this program cannot see the host's processes."""
    if _own_pids:
        test.skipTest("needs the host's processes; this program runs in "
                      "a pid namespace of its own")


# --- the state snapshot -----------------------------------------------

def _child_pids():
    me = os.getpid()
    kids = []
    for pid in proc_pids():
        try:
            fields = proc_stat(pid)
        except OSError:
            continue
        if int(fields[1]) == me and fields[0] != "Z":
            kids.append(pid)
    return sorted(kids)


def reap_zombies():
    """Reap every child that has ended, without waiting."""
    while True:
        try:
            pid, _ = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            return


def _fds():
    fds = {}
    for name in os.listdir("/proc/self/fd"):
        try:
            fds[int(name)] = os.readlink(f"/proc/self/fd/{name}")
        except OSError:
            pass  # the directory fd of this very listing
    return fds


def _mounts():
    """(entries: "mount point, fs type, root, propagation" of each
    mount, sorted; {entry: its mount point}), from one read."""
    info = _mountinfo()
    # a list: stacked mounts are the same entry more than once
    return (sorted(" ".join(m) for m in info),
            {" ".join(m): m[0] for m in info})


def _run_netns():
    """Entries of /run/netns; None when there is no /run/netns."""
    try:
        return sorted(os.listdir("/run/netns"))
    except FileNotFoundError:
        return None


def snapshot():
    reap_zombies()
    mounts, points = _mounts()
    return {
        "mounts": mounts,
        "mount_points": points,
        "netns": _run_netns(),
        "children": _child_pids(),
        "fds": _fds(),
    }


def _changes(key, before, after):
    added = list((Counter(after) - Counter(before)).elements())
    removed = list((Counter(before) - Counter(after)).elements())
    problems = []
    if key == "mounts":
        # the same mount, other propagation: say so
        def base(m):
            return m.rsplit(" ", 1)[0]

        for a in list(added):
            r = [r for r in removed if base(r) == base(a)]
            if r:
                problems.append(f"mount propagation changed: {r[0]} -> "
                                f"{a.rsplit(' ', 1)[1]}")
                added.remove(a)
                removed.remove(r[0])
    if added:
        problems.append(f"{key} left behind: {added}")
    if removed:
        problems.append(f"{key} removed: {removed}")
    return problems


def _host_detached(before, after):
    """The mounts of BEFORE gone from AFTER because their mount point
    is gone: copies of the host's mounts (our mount namespace started
    as a copy of the host's) whose mount point another program deleted
    on the host, which makes the kernel detach every mount on it in
    every namespace. No test removes a mount point it did not make."""
    points = before.get("mount_points", {})
    gone = Counter(before["mounts"]) - Counter(after["mounts"])
    return [m for m in gone.elements()
            if m in points and not os.path.lexists(points[m])]


def leftovers(before, after):
    """Human readable list of what changed between two snapshots."""
    detached = Counter(_host_detached(before, after))
    problems = _changes("mounts",
                        list((Counter(before["mounts"]) - detached)
                             .elements()), after["mounts"])
    if (before["netns"] is None) != (after["netns"] is None):
        problems.append("/run/netns " + ("created" if before["netns"] is None
                                         else "removed"))
    problems += _changes("netns", before["netns"] or [],
                         after["netns"] or [])
    kids = sorted(set(after["children"]) - set(before["children"]))
    if kids:
        problems.append(f"processes left behind: {kids}")
    if len(after["fds"]) > len(before["fds"]):
        extra = {fd: t for fd, t in after["fds"].items()
                 if before["fds"].get(fd) != t}
        problems.append(f"fds left open: {extra}")
    return problems


def _kill_children(pids):
    for pid in pids:
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
    for pid in pids:
        try:
            os.waitpid(pid, 0)
        except ChildProcessError:
            pass


class NsTestCase(unittest.TestCase):
    """A test case that must leave the system as it found it."""

    maxDiff = None

    def setUp(self):
        self._holders = []
        self._before = snapshot()

    def tearDown(self):
        for holder in reversed(self._holders):
            holder.close()
        after = snapshot()
        problems = leftovers(self._before, after)
        if problems:
            _kill_children(sorted(set(after["children"])
                                  - set(self._before["children"])))
            self.fail("test left the system changed: " + "; ".join(problems))

    def hold(self, *args):
        """Start an nsholder that is closed after the test."""
        holder = Holder(*args)
        self._holders.append(holder)
        return holder

    def close_after(self, fixture):
        """Close @fixture (it has close()) before the leftover check."""
        self._holders.append(fixture)
        return fixture


# --- fixtures -----------------------------------------------------------

class Holder:
    """Processes parked in fresh namespaces (tests/helpers/nsholder.c)."""

    def __init__(self, *args):
        self.proc = subprocess.Popen([NSHOLDER, *args], stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE,
                                     stderr=subprocess.PIPE, text=True)
        line = self.proc.stdout.readline()
        if not line:
            err = self.proc.stderr.read()
            self.proc.wait()
            raise RuntimeError(f"nsholder {' '.join(args)} failed: {err}")
        self.pids = [int(p) for p in line.split()]
        self.pid = self.pids[0]
        self.children = self.pids[1:]
        self.fds = []   # fds held by -f/-F/-S/-I, in option order
        self.fd_ns = []  # inode of the netns held by -F/-S/-I (else 0)
        self.fd_user = []  # -I: inode of the user ns owning it (else 0)
        self.fd_ids = []  # -I: NS_GET_ID of (netns, user ns), else (0, 0)
        while len(self.fds) < sum(a in ("-F", "-S", "-f", "-I")
                                  for a in args):
            fields = dict(f.split("=") for f in
                          self.proc.stdout.readline().split())
            self.fds.append(int(fields["fd"]))
            self.fd_ns.append(int(fields["ino"]))
            self.fd_user.append(int(fields.get("user", 0)))
            self.fd_ids.append((int(fields.get("id", 0)),
                                int(fields.get("userid", 0))))

    def ns(self, nstype, pid=None):
        return ns_inode(pid or self.pid, nstype)

    def close(self):
        if self.proc.poll() is None:
            self.proc.stdin.close()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        for f in (self.proc.stdin, self.proc.stdout, self.proc.stderr):
            if f and not f.closed:
                f.close()


@contextlib.contextmanager
def holders():
    """A list to put Holders in, closed (last first) when the block ends.

    For code outside a test case (NsTestCase.hold() serves inside), such
    as the part of a script that runs in a pid namespace of its own.
    """
    held = []
    try:
        yield held
    finally:
        for holder in reversed(held):
            holder.close()


def run(argv, env=None, timeout=60, check_rc=None):
    """Run a command, return CompletedProcess with text output."""
    full_env = dict(os.environ)
    full_env.update(env or {})
    res = subprocess.run(argv, capture_output=True, text=True, env=full_env,
                         timeout=timeout and timeout * TIME_SCALE,
                         stdin=subprocess.DEVNULL)
    if check_rc is not None and res.returncode != check_rc:
        raise AssertionError(f"{argv}: exit {res.returncode}, "
                             f"expected {check_rc}\nstderr: {res.stderr}")
    return res


# The tools are installed as PROGRAM_PREFIX + their plain name (meson's
# program-prefix, e.g. "ns-" beside util-linux) and print that name in
# their messages, --help and --version. Tests write expected messages
# with the plain names and pass them through named().
PROGRAM_PREFIX = os.environ.get("NSTOOLS_PROGRAM_PREFIX", "")
TOOL_NAMES = ("lsns", "unshare", "nsenter", "netns")
# "lsns: ..." at the start of a line, "Try 'lsns --help'"
_PLAIN_NAME = re.compile(r"(?m)(?:^|(?<=Try '))(%s)(?=: | --help')"
                         % "|".join(TOOL_NAMES))
_PREFIXED = re.compile(r"(?<![\w-])%s(%s)\b" % (re.escape(PROGRAM_PREFIX),
                                                 "|".join(TOOL_NAMES)))


def tool_name(plain, path=None):
    """The name the tool PLAIN (one of TOOL_NAMES) calls itself: its
    configured name, or PLAIN when the tool under test (PATH) is
    util-linux's."""
    if path and is_util_linux(path):
        return plain
    return PROGRAM_PREFIX + plain


def named(text, path=None):
    """TEXT, expected output written with the plain names ("lsns: ..."
    at the start of a line), with the name the tool under test (PATH,
    ours unless it is util-linux's) prints instead."""
    if not PROGRAM_PREFIX or (path and is_util_linux(path)):
        return text
    return _PLAIN_NAME.sub(lambda m: PROGRAM_PREFIX + m[1], text)


def as_plain(text):
    """TEXT, output of our tools, with their configured names made plain:
    to compare with a reference tool, which prints its own name."""
    if not PROGRAM_PREFIX:
        return text
    return _PREFIXED.sub(lambda m: m[1], text)


@functools.lru_cache(maxsize=None)
def pidns_file_before_first_process():
    """Whether a new pid namespace has a file (pid_for_children) before
    its first process, so that `unshare --pid=FILE` without --fork can
    bind it: not up to Linux 6.18, yes on sid's 7.2. Needs root."""
    pid = os.fork()
    if pid == 0:
        try:
            unshare(CLONE_NEWPID)
            os.close(os.open("/proc/self/ns/pid_for_children",
                             os.O_RDONLY | os.O_CLOEXEC))
            os._exit(0)
        except BaseException:
            os._exit(1)
    _, status = os.waitpid(pid, 0)
    return os.waitstatus_to_exitcode(status) == 0


@functools.lru_cache(maxsize=None)
def is_util_linux(path):
    """True when the tool at PATH is util-linux's (its --version says so):
    the suites of a tool run against util-linux 2.42 as well."""
    return "util-linux" in run([path, "--version"]).stdout


def ours_only(tool, reason):
    """Decorator: a case where ours deliberately differs from util-linux
    2.42, skipped when the tool under test (the path TOOL) is
    util-linux's."""
    return ours_only_when(lambda: is_util_linux(tool))(reason)


def lsns_json(*args, env=None):
    """lsns -J ARGS, parsed; printing nothing is a failure (lsns -J
    prints an empty array when there is nothing to list)."""
    res = run([LSNS, "-J", *args], env=env, check_rc=0)
    if not res.stdout.strip():
        raise AssertionError(f"lsns -J {' '.join(args)} printed nothing "
                             f"(stderr: {res.stderr!r})")
    return json.loads(res.stdout)


def flatten(rows):
    """Rows of a JSON tree, depth first, without their children."""
    out = []
    for row in rows:
        out.append({k: v for k, v in row.items() if k != "children"})
        out.extend(flatten(row.get("children", [])))
    return out


def main(pid_namespace=False, net_namespace=False):
    """Run the test cases of the calling program, isolated (see the top).
    NET_NAMESPACE: also in a network namespace of its own, for suites
    that set NSIDs (they are per network namespace: suites running at
    the same time would take each other's)."""
    if net_namespace:
        unshare(CLONE_NEWNET)
    isolate(pid_namespace)
    become_subreaper()
    unittest.main(verbosity=2)
