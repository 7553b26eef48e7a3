# SPDX-License-Identifier: MIT
"""Fixtures of the nsenter suites: the tool under test, targets made by
our unshare, and what a program inside reports.

The tool comes from NSTOOLS_NSENTER. The suites run against util-linux
2.42 too (point NSTOOLS_NSENTER at a wrapper that runs it): cases where
ours deliberately differs are marked with @ours_only and skipped there.

Targets are processes that our unshare (NSTOOLS_UNSHARE) starts in new
namespaces, running sleep(1); with fork the target is unshare's child
(the first member of a new pid or time namespace). A program run under
nsenter reports the namespaces it is in with readlink /proc/self/ns/X,
which the tests compare with the target's links.
"""

import os
import signal
import subprocess
import time

import nstest
import unsharetest as ut

NSENTER = os.environ.get("NSTOOLS_NSENTER", "")
UNSHARE = ut.UNSHARE

# option of each type
OPTION = {"mnt": "--mount", "net": "--net", "uts": "--uts", "ipc": "--ipc",
          "pid": "--pid", "user": "--user", "cgroup": "--cgroup",
          "time": "--time"}
SHORT = {"mnt": "-m", "net": "-n", "uts": "-u", "ipc": "-i", "pid": "-p",
         "user": "-U", "cgroup": "-C", "time": "-T"}
# unshare options of a target in every type but user
# (no --mount-proc: the program that enters only the target's mount
# namespace must still find itself in /proc)
ALL_BUT_USER = ["-m", "-u", "-i", "-n", "-p", "-C", "-T", "-f"]
# what the program inside reports: the types and the *_for_children links
LINKS = ["mnt", "net", "uts", "ipc", "pid", "pid_for_children", "user",
         "cgroup", "time", "time_for_children"]


def selinux_enabled():
    """Whether SELinux is enabled: selinuxfs is mounted where libselinux
    looks (/sys/fs/selinux)."""
    try:
        with open("/proc/self/mountinfo") as f:
            return any(line.split(" - ")[1].startswith("selinuxfs ")
                       for line in f if " - " in line)
    except OSError:
        return False


def require_nsenter():
    nstest.require(NSENTER, "nsenter (NSTOOLS_NSENTER)")
    ut.require_unshare()


def is_util_linux():
    return nstest.is_util_linux(NSENTER)


def ours_only(reason):
    """A case where ours deliberately differs from util-linux 2.42."""
    return nstest.ours_only(NSENTER, reason)


def nsenter(*args, user=None, env=None, clear_env=False, cwd=None,
            timeout=30, tool=None):
    """Run nsenter (TOOL, an argv prefix, or the one under test)."""
    return ut.run_tool([*(tool or [NSENTER]), *args], user=user, env=env,
                       clear_env=clear_env, timeout=timeout, cwd=cwd)


def readlink_argv(links=LINKS):
    return ["readlink", *[f"/proc/self/ns/{t}" for t in links]]


def parse_links(out, links=LINKS):
    """{link: 'type:[inode]'} from the output of readlink_argv()."""
    lines = out.splitlines()
    if len(lines) != len(links):
        raise AssertionError(f"expected {len(links)} links, got {out!r}")
    return dict(zip(links, lines))


def links_of(pid, links=LINKS):
    return {t: os.readlink(f"/proc/{pid}/ns/{t}") for t in links}


def pidfd_inode(pid):
    """The inode of PID's pidfd: what -t PID:INODE takes."""
    fd = os.pidfd_open(pid)
    try:
        return os.fstat(fd).st_ino
    finally:
        os.close(fd)


def pidfd_inodes():
    """Whether each process's pidfd has an inode number of its own
    (Linux 6.9 and later): before, every pidfd is the one anonymous
    inode and -t PID:INODE cannot be checked."""
    return pidfd_inode(os.getpid()) != pidfd_inode(os.getppid())


NO_PIDFD_INODES = ("PID file descriptors with inode numbers of their own "
                   "(Linux 6.9 or later)")
# util-linux 2.42's words there (EOPNOTSUPP), ours the same
PIDFD_INODES_ERROR = ("nsenter: failed to obtain a valid file descriptor "
                      "for PID {pid}: Operation not supported\n")


def _comm(pid):
    try:
        with open(f"/proc/{pid}/comm") as f:
            return f.read().strip()
    except OSError:
        return None


def _children(pid):
    try:
        with open(f"/proc/{pid}/task/{pid}/children") as f:
            return [int(p) for p in f.read().split()]
    except OSError:
        return []


class Target:
    """sleep(1) started by our unshare with ARGS (fork: the target is
    unshare's child), as USER (a TestUser) if given, with ENV as its
    whole environment (else ours) and CWD as its working directory.
    It is ready once the target's command name is COMM."""

    def __init__(self, *args, fork=False, user=None, env=None, cwd=None,
                 program=("sleep", "1000"), comm="sleep"):
        argv = [UNSHARE, *args, *program]
        if user is not None:
            argv = user.wrap(argv)
        self.proc = subprocess.Popen(argv, stdin=subprocess.DEVNULL,
                                     stdout=subprocess.DEVNULL,
                                     stderr=subprocess.PIPE, env=env,
                                     cwd=cwd, start_new_session=True)
        self.fork = fork
        self.pid = None
        try:
            self._wait_ready(comm)
        except Exception:
            self.close()
            raise

    def _wait_ready(self, comm):
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"unshare {self.proc.args} exited "
                                   f"{self.proc.returncode}: "
                                   f"{self.proc.stderr.read()}")
            pids = _children(self.proc.pid) if self.fork else [self.proc.pid]
            if pids and _comm(pids[0]) == comm:
                self.pid = pids[0]
                return
            time.sleep(0.01)
        raise RuntimeError(f"target {self.proc.args} not ready")

    def ns(self, nstype):
        return nstest.ns_inode(self.pid, nstype)

    def link(self, nstype):
        return os.readlink(f"/proc/{self.pid}/ns/{nstype}")

    def links(self, links=LINKS):
        return links_of(self.pid, links)

    def kill(self):
        """Kill the target and unshare's other processes (its session);
        they are not reaped yet when the target is unshare's child."""
        try:
            os.killpg(self.proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass

    def _session_alive(self):
        for pid in nstest.proc_pids():
            try:
                fields = nstest.proc_stat(pid)
            except OSError:
                continue
            if int(fields[2]) == self.proc.pid and fields[0] != "Z":
                return True
        return False

    def close(self):
        if self.proc.poll() is None:
            self.kill()
            self.proc.wait(timeout=10)
        # the rest of the session is dead before the leftover check
        deadline = time.monotonic() + 10
        while self._session_alive() and time.monotonic() < deadline:
            self.kill()
            time.sleep(0.01)
        if self.proc.stderr and not self.proc.stderr.closed:
            self.proc.stderr.close()


class NsenterCase(ut.UnshareCase):
    """UnshareCase (private dirs) with targets closed after the test."""

    def target(self, *args, **kwargs):
        return self.close_after(Target(*args, **kwargs))

    def assert_error(self, res, message=None):
        """Exit 1, nothing on stdout and one line 'nsenter: ...' (exactly
        MESSAGE when given)."""
        self.assertEqual(res.returncode, 1, res.stderr)
        self.assertEqual(res.stdout, "")
        lines = res.stderr.splitlines()
        self.assertEqual(len(lines), 1, res.stderr)
        self.assertTrue(
            lines[0].startswith(nstest.named("nsenter: ", NSENTER)),
            res.stderr)
        if message is not None:
            self.assertEqual(res.stderr, nstest.named(message + "\n", NSENTER))

    def inside(self, *args, links=LINKS, user=None, rc=0):
        """The links of a program run as `nsenter ARGS readlink ...`."""
        res = nsenter(*args, *readlink_argv(links), user=user)
        self.check(res, rc)
        return parse_links(res.stdout, links)

    def assert_entered(self, got, target, types, links=LINKS):
        """GOT (links inside) shows TARGET's namespaces for TYPES (and
        their *_for_children links) and ours for every other type."""
        mine = links_of("self", links)
        want = {}
        for link in links:
            base = link.replace("_for_children", "")
            want[link] = target[link] if base in types else mine[link]
        self.assertEqual(got, want)
