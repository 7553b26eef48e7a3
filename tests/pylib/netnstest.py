# SPDX-License-Identifier: MIT
"""Fixtures of the netns suites.

The tool under test comes from NSTOOLS_NETNS. The suites run against
iproute2's `ip netns` too: point NSTOOLS_NETNS at a wrapper that runs
`ip [-j] [-all] netns "$@"` (see tests/compat/test_netns_compat.py for
the wrapper it writes). Cases where ours deliberately differs (the
spec's "Beyond ip netns" list) are marked @ours_only and skipped there.

main() runs a suite in a network namespace of its own (see there).
NetnsCase extends the harness's leftover check (nstest.NsTestCase) with
what a netns test could change outside the program's mount namespace:
the network devices of our netns (veths) and /etc/netns (the cases that
need /etc/netns entries write them into a private overlay of /etc,
etc_netns_file()). It removes the
named namespaces a test left in /run/netns after the check, so one
failing case does not fail the next ones.
"""

import functools
import json
import os
import re
import select
import shutil
import signal
import subprocess
import tempfile
import time

import nstest
from nstest import run

NETNS = os.environ.get("NSTOOLS_NETNS", "")
ERRINJECT = os.environ.get("NSTOOLS_ERRINJECT", "")
IP = shutil.which("ip") or "/sbin/ip"
NSENTER = shutil.which("nsenter") or "/usr/bin/nsenter"
RUN_NETNS = "/run/netns"
ETC = "/etc"
ETC_NETNS = f"{ETC}/netns"

# argv prefixes: run a command where /run is a fresh tmpfs (no
# /run/netns), in a mount namespace of its own, so that nothing it does
# reaches ours or the host; in a throw-away network namespace
FRESH_RUN = ["unshare", "-m", "--propagation", "private", "sh", "-c",
             'mount -t tmpfs nstest-run /run && exec "$@"', "sh"]
FRESH_NET = ["unshare", "-n"]


def main():
    """Run the calling suite isolated (nstest.main()) and in a network
    namespace of its own: NSIDs are per network namespace, so suites
    that run at the same time (other build trees on the machine) would
    otherwise share, and take each other's, NSIDs; and nothing a test
    does can reach the machine's network devices."""
    nstest.require_root()
    require_netns()
    nstest.main(net_namespace=True)


@functools.lru_cache(maxsize=None)
def is_iproute2():
    """True when the netns under test is iproute2's `ip netns`."""
    res = run([NETNS, "help"])
    return re.search(r"^Usage:\s+ip netns", res.stdout + res.stderr,
                     re.M) is not None


# a case of the spec's "Beyond ip netns" list
ours_only = nstest.ours_only_when(is_iproute2)


def require_netns():
    nstest.require(NETNS, "netns (NSTOOLS_NETNS)")


def netns(*args, prefix=(), timeout=30, env=None):
    """Run the netns under test (PREFIX: an argv to run it under)."""
    return run([*prefix, NETNS, *args], env=env, timeout=timeout)


def ip(*args, timeout=30):
    """Run iproute2's ip."""
    return run([IP, *args], timeout=timeout)


def in_netns(name):
    """argv prefix: run a command in the netns NAME, in our mount
    namespace (unlike `netns exec`, which makes a new one)."""
    return [NSENTER, f"--net={RUN_NETNS}/{name}"]


def unknown_command(word):
    """The message of an unknown subcommand, per tool."""
    tool = "ip netns" if is_iproute2() else nstest.tool_name("netns")
    return f'Command "{word}" is unknown, try "{tool} help".'


def links(name=None):
    """Names of the network devices of netns NAME (default ours)."""
    res = ip(*(["-n", name] if name else []), "-j", "link", "show")
    if res.returncode != 0:
        raise AssertionError(f"ip link show: {res.stderr}")
    return sorted(link["ifname"] for link in json.loads(res.stdout))


def netns_ino(name):
    return os.stat(f"{RUN_NETNS}/{name}").st_ino


def is_mount_point(path):
    """True when PATH is a mount point in our mount namespace."""
    return any(m[0] == path for m in nstest._mountinfo())


def mounts_at(path):
    """(fs type, propagation) of each mount stacked on PATH."""
    return [(m[1], m[3]) for m in nstest._mountinfo() if m[0] == path]


def remove_named(name):
    """Best-effort removal of /run/netns/NAME (mount and file)."""
    path = f"{RUN_NETNS}/{name}"
    while is_mount_point(path):
        if nstest._libc.umount2(os.fsencode(path), nstest.MNT_DETACH):
            break
    try:
        os.unlink(path)
    except FileNotFoundError:
        pass


def _etc_netns():
    try:
        return sorted(os.listdir(ETC_NETNS))
    except FileNotFoundError:
        return None


class NetnsCase(nstest.NsTestCase):
    """NsTestCase that also checks our netns's devices and /etc/netns."""

    def setUp(self):
        self._links = links()
        self._etc = _etc_netns()
        self._cleanups_first = []
        super().setUp()

    def tearDown(self):
        for fn in reversed(self._cleanups_first):
            fn()
        left = set(os.listdir(RUN_NETNS)) - set(self._before["netns"] or [])
        try:
            super().tearDown()
            self.assertEqual(links(), self._links,
                             "test left network devices in our netns")
            self.assertEqual(_etc_netns(), self._etc,
                             "test left /etc/netns changed")
        finally:
            for name in left:
                remove_named(name)

    def before_check(self, fn):
        """Run FN before the leftover check (cleanup of the test)."""
        self._cleanups_first.append(fn)

    def check(self, res, rc=0):
        """Exit status RC; returns stdout."""
        self.assertEqual(res.returncode, rc,
                         f"exit {res.returncode}, stdout {res.stdout!r}, "
                         f"stderr {res.stderr!r}")
        return res.stdout

    def check_error(self, res, rc, message):
        """Exit status RC, nothing on stdout and exactly MESSAGE (one
        line, iproute2's text) on stderr."""
        self.assertEqual((res.returncode, res.stdout, res.stderr),
                         (rc, "", message + "\n"))

    def add(self, name, *args, tool=None):
        """Add NAME (by the tool under test, or TOOL's argv) and delete
        it after the test if it is still there."""
        argv = tool or [NETNS]
        self.check(run([*argv, "add", name, *args]))
        self.before_check(lambda: os.path.lexists(f"{RUN_NETNS}/{name}")
                          and run([IP, "netns", "delete", name]))
        return name

    def etc_netns_file(self, name, entry, content):
        """/etc/netns/NAME/ENTRY with CONTENT, in a private view of /etc:
        an overlay (upper layer on a tmpfs) over /etc in the test
        program's own mount namespace, so the host's /etc is never
        written. Unmounted before the leftover check, which also makes
        sure the host's /etc/netns did not get NAME."""
        if not nstest.isolated():
            raise AssertionError("etc_netns_file needs the test program's "
                                 "own mount namespace (nstest.main)")
        host_etc = os.open(ETC, os.O_PATH | os.O_DIRECTORY | os.O_CLOEXEC)
        tmp = tempfile.mkdtemp(prefix="nstest-etc-")
        mounted = []

        def cleanup():
            for path in reversed(mounted):
                nstest.umount(path, nstest.MNT_DETACH)
            shutil.rmtree(tmp, ignore_errors=True)
            try:
                self.assertFalse(_lexists_at(host_etc, f"netns/{name}"),
                                 f"the host's {ETC_NETNS}/{name} was written")
            finally:
                os.close(host_etc)
        self.before_check(cleanup)
        nstest.mount("nstest-etc", tmp, "tmpfs",
                     nstest.MS_NOSUID | nstest.MS_NODEV, "size=1m,mode=700")
        mounted.append(tmp)
        os.mkdir(f"{tmp}/upper", 0o755)
        os.mkdir(f"{tmp}/work", 0o700)
        nstest.mount("nstest-etc", ETC, "overlay", 0,
                     f"lowerdir={ETC},upperdir={tmp}/upper,"
                     f"workdir={tmp}/work")
        mounted.append(ETC)
        os.makedirs(f"{ETC_NETNS}/{name}", 0o755, exist_ok=True)
        with open(f"{ETC_NETNS}/{name}/{entry}", "w") as f:
            f.write(content)


def _lexists_at(dir_fd, path):
    try:
        os.stat(path, dir_fd=dir_fd, follow_symlinks=False)
        return True
    except FileNotFoundError:
        return False


class LineReader:
    """Lines of a running process's stdout, with a timeout."""

    def __init__(self, proc):
        self.proc = proc
        self.fd = proc.stdout.fileno()
        os.set_blocking(self.fd, False)
        self.buf = b""

    def line(self, timeout):
        """The next line (without newline), or None after TIMEOUT s."""
        end = time.monotonic() + timeout
        while b"\n" not in self.buf:
            left = end - time.monotonic()
            if left <= 0 or not select.select([self.fd], [], [], left)[0]:
                return None
            chunk = os.read(self.fd, 4096)
            if not chunk:
                return None
            self.buf += chunk
        line, self.buf = self.buf.split(b"\n", 1)
        return line.decode()


class Monitor:
    """`netns monitor` (ARGS before the subcommand) in the background."""

    def __init__(self, *args, prefix=()):
        self.proc = subprocess.Popen([*prefix, NETNS, *args, "monitor"],
                                     stdin=subprocess.DEVNULL,
                                     stdout=subprocess.PIPE,
                                     stderr=subprocess.PIPE)
        self.reader = LineReader(self.proc)

    def line(self, timeout=5):
        return self.reader.line(timeout)

    def close(self):
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        self.proc.stdout.close()
        self.proc.stderr.close()
