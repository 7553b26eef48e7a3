# SPDX-License-Identifier: MIT
"""PID 1 of the kernel lane's guest, after init.sh switched to the
overlay on the host's root (see tests/kernels/run).

Mounts what a booted system has (/dev/pts, /dev/shm, /run, /tmp,
cgroup2), brings lo up, names the host, then runs
`meson test -C $NSTOOLS_GUEST_BUILD --no-rebuild --suite ...` as its
child, reaping every orphan meanwhile (it is PID 1), and leaves in
/nstools-results (a writable 9p share of the host): kernel (uname -r),
testlog.json and testlog.txt (meson's logs), status (meson's exit
status). Then it powers the guest off.

NSTOOLS_GUEST_MODE=boot: power off at once (the lane's bare boot);
exec: run the shell command in /nstools-results/command instead of the
suites (run --exec), from the source root, its status in status.
"""

import ctypes
import os
import shutil
import subprocess
import sys
import threading

RESULTS = "/nstools-results"
libc = ctypes.CDLL(None, use_errno=True)


def say(msg):
    print(f"nstools-guest: {msg}", flush=True)


def power_off():
    os.sync()
    libc.reboot(0x4321FEDC)  # LINUX_REBOOT_CMD_POWER_OFF
    os._exit(1)  # panic=-1 and -no-reboot end qemu all the same


def mount(fstype, target, opts=None, source=None):
    argv = ["mount", "-t", fstype, source or f"nstools-{fstype}", target]
    if opts:
        argv[1:1] = ["-o", opts]
    os.makedirs(target, exist_ok=True)
    if subprocess.run(argv).returncode != 0:
        say(f"cannot mount {fstype} on {target}")


def setup():
    mount("devpts", "/dev/pts", "gid=5,mode=620,ptmxmode=666")
    mount("tmpfs", "/dev/shm", "mode=1777,nosuid,nodev")
    mount("tmpfs", "/run", "mode=755,nosuid,nodev")
    # a fresh /tmp, unless the tree or its build directory is in the
    # host's /tmp (a clone made there, as CI may): the overlay keeps that
    # writable all the same
    tree = [os.environ.get("NSTOOLS_GUEST_BUILD", ""),
            os.path.dirname(os.path.abspath(__file__))]
    if not any(os.path.realpath(p).startswith("/tmp/") for p in tree if p):
        mount("tmpfs", "/tmp", "mode=1777,nosuid,nodev")
    mount("cgroup2", "/sys/fs/cgroup", "nosuid,nodev,noexec")
    os.makedirs("/run/lock", exist_ok=True)
    if not os.path.lexists("/dev/fd"):
        os.symlink("/proc/self/fd", "/dev/fd")
    subprocess.run(["ip", "link", "set", "lo", "up"])
    with open("/proc/sys/kernel/hostname", "w") as f:
        f.write("nstools-guest")


def run_and_reap(argv, env):
    """Run ARGV, its output copied to the console through a pipe (meson
    draws progress bars on a terminal), reaping every process that ends
    meanwhile; its exit status."""
    child = subprocess.Popen(argv, env=env, stdin=subprocess.DEVNULL,
                             stdout=subprocess.PIPE,
                             stderr=subprocess.STDOUT)

    def copy():
        for line in child.stdout:
            sys.stdout.buffer.write(line)
            sys.stdout.flush()

    copier = threading.Thread(target=copy)
    copier.start()
    while True:
        try:
            pid, status = os.waitpid(-1, 0)
        except ChildProcessError:
            status = 1 << 8
            break
        if pid == child.pid:
            child.returncode = 0  # reaped here, not by Popen
            break
    copier.join()
    return os.waitstatus_to_exitcode(status)


def main():
    uname = os.uname().release
    with open(f"{RESULTS}/kernel", "w") as f:
        f.write(uname + "\n")
    if os.environ.get("NSTOOLS_GUEST_MODE") == "boot":
        say(f"Linux {uname} up")
        return
    setup()
    build = os.environ["NSTOOLS_GUEST_BUILD"]
    suites = os.environ.get("NSTOOLS_GUEST_SUITES", "unit").split(",")
    # emulation is slow: meson's and Check's timeouts, the tests' time
    # boxes (tests/pylib/nstest.py) scaled alike
    multiplier = os.environ.get("NSTOOLS_GUEST_TIMEOUT_MULTIPLIER", "10")
    env = {k: v for k, v in os.environ.items()
           if not k.startswith("NSTOOLS_GUEST_")}
    env.update(PATH="/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:"
               "/sbin:/bin", HOME="/root", LANG="C.UTF-8", TERM="dumb",
               CK_TIMEOUT_MULTIPLIER=multiplier,
               NSTOOLS_TIME_SCALE=multiplier,
               # the loops that sample a large space take every 10th
               # point (tests/pylib/nstest.py: sample_size)
               NSTOOLS_SAMPLE_STRIDE=os.environ.get(
                   "NSTOOLS_GUEST_SAMPLE_STRIDE", "10"))
    argv = ["meson", "test", "-C", build, "--no-rebuild",
            "--print-errorlogs", "--timeout-multiplier", multiplier]
    for s in suites:
        argv += ["--suite", s]
    argv += [t for t in os.environ.get("NSTOOLS_GUEST_TESTS", "").split(",")
             if t]
    if os.environ.get("NSTOOLS_GUEST_MODE") == "exec":
        # tests/kernels/run --exec: a command of the user's instead
        with open(f"{RESULTS}/command") as f:
            argv = ["sh", "-c", f.read()]
        os.chdir(os.path.dirname(os.path.dirname(os.path.dirname(
            os.path.abspath(__file__)))))
        status = run_and_reap(argv, env)
        with open(f"{RESULTS}/status", "w") as f:
            f.write(f"{status}\n")
        return
    say(f"Linux {uname}: {' '.join(argv)}")
    status = run_and_reap(argv, env)
    for log in ("testlog.json", "testlog.txt"):
        try:
            shutil.copy(f"{build}/meson-logs/{log}", f"{RESULTS}/{log}")
        except OSError as e:
            say(f"no {log}: {e}")
    with open(f"{RESULTS}/status", "w") as f:
        f.write(f"{status}\n")
    say(f"meson test exited {status}")


if __name__ == "__main__":
    try:
        main()
    except BaseException as e:  # PID 1 must not just die
        say(f"FAILED: {e!r}")
    finally:
        sys.stdout.flush()
        power_off()
