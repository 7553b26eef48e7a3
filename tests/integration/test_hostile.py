# SPDX-License-Identifier: MIT
"""unshare and nsenter against a hostile user and badly timed signals
(issue 17, items 3, 5, 6, 7, 8). Each case makes the reported window
happen every time: strace holds the tool at a system call
(inject=SYSCALL:delay_enter) once the tool holds the file it prepared,
and an unprivileged racer (a forked child that setuid()s to nobody) or
a signal acts in that window.

- --TYPE=FILE in a world-writable sticky directory, FILE an empty file
  of the racer's: the racer renames it and puts a symbolic link at
  FILE before the bind. The bind must not stay on the renamed file: exit
  1, one line, nothing mounted, the link untouched (item 6).
- The same with data written to FILE in the window: the mount would
  hide it. Exit 1, nothing mounted, the data still there (item 7).
- SIGTERM or SIGINT between the creation of FILE and its bind: FILE is
  afterwards either absent or a bound namespace, never an empty file
  left behind (item 8). (SIGKILL cannot be held: see unshare(1).)
- A closed stdin and stdout stay closed for the program (item 5): the
  program's echo fails as with util-linux, and it has no fd 0 or 1.
- nsenter -t TID of a thread that is no thread group leader enters
  that thread's namespaces (item 3); a thread that exits while nsenter
  holds it is not entered (the PID-reuse guard holds for threads).
"""

import ctypes
import errno
import os
import shutil
import signal
import subprocess
import sys
import threading
import time

sys.path.insert(0, os.path.join(os.environ.get("NSTOOLS_SOURCE_ROOT", ""),
                                "tests", "pylib"))
import nstest  # noqa: E402
import unsharetest as ut  # noqa: E402
from unsharetest import UnshareCase  # noqa: E402

NSENTER = os.environ.get("NSTOOLS_NSENTER", "")
PIDFD_THREAD = os.O_EXCL  # linux/pidfd.h, Linux 6.9
NETNS = os.environ.get("NSTOOLS_NETNS", "")
STRACE = shutil.which("strace")
NOBODY = 65534
CLONE_NEWNET = 0x40000000
# long enough for the racer to act, whatever the machine's load
DELAY_US = 1500000


def need_strace(test):
    if not STRACE:
        test.skipTest("strace not installed: the window cannot be held "
                      "open (Debian: strace)")


def as_nobody(action):
    """ACTION() in a forked child with uid and gid nobody; raises if it
    failed."""
    pid = os.fork()
    if pid == 0:
        code = 1
        try:
            os.setgroups([])
            os.setgid(NOBODY)
            os.setuid(NOBODY)
            action()
            code = 0
        except BaseException as e:  # noqa: B902
            print(f"racer: {e!r}", file=sys.stderr)
        os._exit(code)
    _, status = os.waitpid(pid, 0)
    if os.waitstatus_to_exitcode(status) != 0:
        raise AssertionError("the racer failed")


def traced_child(strace_pid, exe):
    """The PID of the process strace started, once it runs EXE (strace
    forks short-lived children of its own to probe the kernel first)."""
    path = f"/proc/{strace_pid}/task/{strace_pid}/children"
    exe = os.path.realpath(exe)
    for _ in range(2000):
        try:
            with open(path) as f:
                kids = f.read().split()
        except FileNotFoundError:
            kids = []
        for kid in kids:
            try:
                if os.readlink(f"/proc/{kid}/exe") == exe:
                    return int(kid)
            except (FileNotFoundError, ProcessLookupError):
                pass  # one of strace's probes, ending (ESRCH while it dies)
        time.sleep(0.005)
    raise AssertionError(f"strace started no {exe}")


def wait_for_fd(pid, want):
    """Wait until process PID has an fd whose link satisfies WANT."""
    for _ in range(2000):
        try:
            for fd in os.listdir(f"/proc/{pid}/fd"):
                try:
                    if want(os.readlink(f"/proc/{pid}/fd/{fd}")):
                        return
                except FileNotFoundError:
                    pass
        except FileNotFoundError:
            raise AssertionError(f"process {pid} ended early")
        time.sleep(0.005)
    raise AssertionError(f"process {pid} never held the fd")


def held(argv, syscall, want, action):
    """Run ARGV under strace that delays SYSCALL; once the tool has an
    fd for which WANT(link) holds, ACTION(pid) runs. Returns the
    completed process (text)."""
    # LeakSanitizer cannot work under ptrace (the ASan build)
    asan = os.environ.get("ASAN_OPTIONS", "")
    env = dict(os.environ,
               ASAN_OPTIONS=(asan + ":" if asan else "") + "detect_leaks=0")
    p = subprocess.Popen(
        [STRACE, "-f", "-o", "/dev/null", "-e", f"trace={syscall}",
         "-e", f"inject={syscall}:delay_enter={DELAY_US}", *argv],
        stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
        stderr=subprocess.PIPE, text=True, env=env)
    try:
        pid = traced_child(p.pid, argv[0])
        try:
            wait_for_fd(pid, want)
        except AssertionError as e:
            out, err = p.communicate(timeout=60)
            raise AssertionError(f"{e}: exit {p.returncode}, {err!r}")
        action(pid)
        out, err = p.communicate(timeout=60)
    finally:
        if p.poll() is None:
            p.kill()
            p.communicate()
    return subprocess.CompletedProcess(argv, p.returncode, out, err)


class PersistRace(UnshareCase):
    """--TYPE=FILE in a directory that others can write."""

    def setUp(self):
        super().setUp()
        need_strace(self)
        d = self.private_dir("hostile")
        os.chmod(d.path, 0o755)
        self.top = d.path
        self.pub = os.path.join(d.path, "pub")
        os.mkdir(self.pub)
        os.chmod(self.pub, 0o1777)
        self.file = os.path.join(self.pub, "ns")

    def racers_file(self):
        """An empty FILE of nobody's, as unshare --net=FILE finds it."""
        with open(self.file, "w"):
            pass
        os.chown(self.file, NOBODY, NOBODY)

    def unshare_held(self, action):
        return held([ut.UNSHARE, f"--net={self.file}", "true"], "unshare",
                    lambda link: link == self.file, action)

    def test_symlink_swapped_in(self):
        self.racers_file()
        moved = self.file + ".moved"

        def swap():
            os.rename(self.file, moved)
            os.symlink("/proc/self/ns/net", self.file)

        res = self.unshare_held(lambda pid: as_nobody(swap))
        self.assert_one_line_error(res, self.file)
        self.assertEqual(ut.nsfs_mounts_under(self.top), [])
        self.assertEqual(os.readlink(self.file), "/proc/self/ns/net")
        self.assertEqual(os.stat(moved).st_size, 0)

    def test_data_written_in_window(self):
        self.racers_file()

        def write():
            with open(self.file, "w") as f:
                f.write("data\n")

        res = self.unshare_held(lambda pid: as_nobody(write))
        self.assert_one_line_error(res, self.file)
        self.assertEqual(ut.nsfs_mounts_under(self.top), [])
        with open(self.file) as f:
            self.assertEqual(f.read(), "data\n")

    def signal_in_window(self, sig):
        res = self.unshare_held(lambda pid: os.kill(pid, sig))
        self.assertEqual(res.returncode, -sig, res.stderr)
        if os.path.lexists(self.file):
            # bound before the signal was let in: a complete namespace
            mounts = ut.mounts_at(self.file)
            self.assertEqual([m["fstype"] for m in mounts], ["nsfs"],
                             f"{self.file} left behind, not bound")

    def test_sigterm_before_bind(self):
        self.signal_in_window(signal.SIGTERM)

    def test_sigint_before_bind(self):
        self.signal_in_window(signal.SIGINT)


class ClosedStdio(UnshareCase):
    """A closed stdin and stdout reach the program closed."""

    # [ is dash's builtin: the shell's own fds, no redirection yet
    SCRIPT = ('for f in 0 1 2; do [ -e /proc/$$/fd/$f ] && '
              'echo "open $f" >&2; done; echo x')

    def run_closed(self, argv):
        # stderr alone is open: the shell says there which fds it has
        res = subprocess.run(["sh", "-c", 'exec "$@" <&- >&-', "sh",
                              *argv, "sh", "-c", self.SCRIPT],
                             stdout=subprocess.DEVNULL,
                             stderr=subprocess.PIPE, text=True, timeout=30)
        lines = res.stderr.splitlines()
        self.assertEqual([x for x in lines if x.startswith("open")],
                         ["open 2"], res.stderr)
        # the program's echo failed (dash: exit 1), as with util-linux
        self.assertEqual(res.returncode, 1, res.stderr)

    def test_unshare(self):
        self.run_closed([ut.UNSHARE, "-n"])

    def test_unshare_fork(self):
        self.run_closed([ut.UNSHARE, "-n", "-f"])

    def test_nsenter(self):
        nstest.require(NSENTER, "nsenter (NSTOOLS_NSENTER)")
        self.run_closed([NSENTER, "-t", str(os.getpid()), "-n"])


class Thread:
    """A thread of this process (no thread group leader) in a network
    namespace of its own, until stop()."""

    def __init__(self):
        self.tid = None
        self.ready = threading.Event()
        self.done = threading.Event()
        self.err = 0
        self.t = threading.Thread(target=self.body)
        self.t.start()
        self.ready.wait(10)
        if self.err:
            self.stop()
            raise OSError(self.err, "unshare(CLONE_NEWNET) in a thread")

    def body(self):
        libc = ctypes.CDLL(None, use_errno=True)
        self.tid = threading.get_native_id()
        if libc.unshare(CLONE_NEWNET) != 0:
            self.err = ctypes.get_errno()
        self.ready.set()
        self.done.wait(60)

    def netns(self):
        return os.readlink(f"/proc/{os.getpid()}/task/{self.tid}/ns/net")

    def stop(self):
        self.done.set()
        self.t.join()


class NsenterThread(UnshareCase):
    def setUp(self):
        super().setUp()
        nstest.require(NSENTER, "nsenter (NSTOOLS_NSENTER)")

    def test_thread_id(self):
        th = Thread()
        try:
            want = th.netns()
            self.assertNotEqual(want, os.readlink("/proc/self/ns/net"))
            res = subprocess.run([NSENTER, "-t", str(th.tid), "-n",
                                  "readlink", "/proc/self/ns/net"],
                                 stdin=subprocess.DEVNULL,
                                 capture_output=True, text=True,
                                 timeout=30)
        finally:
            th.stop()
        self.assertEqual((res.returncode, res.stdout, res.stderr),
                         (0, want + "\n", ""))

    def test_netns_attach_thread_id(self):
        # ip netns attach takes a thread ID: the namespace bound is the
        # thread's own, not its process's
        th = Thread()
        name = "nstest-thread-%d" % os.getpid()
        try:
            want = th.netns()
            res = subprocess.run([NETNS, "attach", name, str(th.tid)],
                                 stdin=subprocess.DEVNULL,
                                 capture_output=True, text=True, timeout=30)
            try:
                got = "net:[%d]" % os.stat("/run/netns/" + name).st_ino
            except FileNotFoundError:
                got = None
        finally:
            th.stop()
            subprocess.run([NETNS, "delete", name], capture_output=True,
                           timeout=30)
        self.assertEqual((res.returncode, res.stdout, res.stderr),
                         (0, "", ""))
        self.assertEqual(got, want)
        self.assertFalse(os.path.exists("/run/netns/" + name))

    def test_thread_gone_while_held(self):
        need_strace(self)
        th = Thread()
        try:
            try:
                os.close(os.pidfd_open(th.tid, PIDFD_THREAD))
            except OSError as e:
                if e.errno != errno.EINVAL:
                    raise
                # nsenter pins the thread's process instead and enters
                # what it opened while the thread lived
                self.skipTest("needs pidfds of threads (PIDFD_THREAD), "
                              "Linux >= 6.9")
            # the thread ends while nsenter holds its pidfd: the thread
            # group (the leader) lives on, but is not what was asked for
            res = held([NSENTER, "-t", str(th.tid), "-n", "true"],
                       "setns", lambda link: link == "anon_inode:[pidfd]",
                       lambda pid: th.stop())
        finally:
            th.stop()
        self.assertEqual(res.returncode, 1, res.stderr)
        lines = res.stderr.splitlines()
        self.assertEqual(len(lines), 1, res.stderr)
        self.assertTrue(lines[0].startswith(nstest.named("nsenter: ")),
                        res.stderr)


if __name__ == "__main__":
    ut.require_unshare()
    nstest.require_root()
    nstest.main()
