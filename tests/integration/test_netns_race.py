# SPDX-License-Identifier: MIT
"""netns add under concurrency and when killed part way.

Each scenario runs in a child process with a mount namespace of its
own and a fresh tmpfs on /run: /run/netns does not exist yet, as on a
machine where no named netns was ever made, so the first adds also race
to make /run/netns a shared mount point.

- N parallel adds (released at once) of distinct names: all succeed, no
  stacked mounts on /run/netns, one nsfs mount per name. Of one name:
  exactly one winner, the others exit 1 with "File exists", no stale
  placeholder.
- add killed (SIGKILL, strace -e inject=SYSCALL:signal=KILL) at each
  system call that touches /run/netns and at each unshare, clone or
  setns, in turn. What a SIGKILL can leave behind: the killed process
  cannot undo anything, and between the placeholder's creation and the
  bind mount there is nothing to undo with. What the tool guarantees:
  afterwards /run/netns is at most one mount, the name is either
  absent, a complete netns (an nsfs mount) or an empty placeholder that
  is not a mount point, nothing else is mounted below /run/netns. The
  netns is made before the placeholder, so a kill up to and at the
  unshare leaves no name at all. The state is recoverable: a complete
  netns by `delete NAME`; a stale placeholder needs nothing: the next
  `add NAME` takes it over (exit 0, holding the run directory's lock,
  so that it is no placeholder of an add still running), after which
  `delete NAME` leaves /run/netns empty, one shared mount point.
"""

import json
import os
import re
import shutil
import stat
import subprocess
import sys
import tempfile
import time
import traceback

sys.path.insert(0, os.path.join(os.environ.get("NSTOOLS_SOURCE_ROOT", ""),
                                "tests", "pylib"))
import netnstest as nt  # noqa: E402
import nstest  # noqa: E402
from netnstest import NETNS, NetnsCase  # noqa: E402

N = 16
NAME = "nstest-k"
STRACE = "strace"
# system calls that can touch /run/netns (traced with -P)
PATH_CALLS = ("mkdir,mkdirat,open,openat,openat2,creat,mknodat,flock,"
              "mount,umount2,unlink,unlinkat,mount_setattr,open_tree,"
              "move_mount,fsmount,fsopen,fsconfig")
# the ones that make or enter the netns; and every mount, traced without
# -P: a bind onto /proc/self/fd/N of the placeholder names no path
NS_CALLS = "unshare,setns,clone,clone3,fork,vfork,mount,move_mount"


def in_fresh_run(fn, *args):
    """FN(*ARGS) in a child with its own mount namespace and a fresh
    tmpfs on /run; returns what FN returned (JSON-able)."""
    r, w = os.pipe()
    pid = os.fork()
    if pid == 0:
        code = 0
        try:
            os.close(r)
            nstest.private_mount_namespace()
            # the harness's /run/netns, hidden below the new /run next
            nstest.detach_below("/run")
            nstest.mount_tmpfs("/run", "nstest-run")
            out = json.dumps({"ok": fn(*args)})
        except BaseException:
            out = json.dumps({"error": traceback.format_exc()})
            code = 1
        with os.fdopen(w, "w") as f:
            f.write(out)
        os._exit(code)
    os.close(w)
    with os.fdopen(r) as f:
        data = f.read()
    os.waitpid(pid, 0)
    res = json.loads(data) if data else {"error": "child died"}
    if "error" in res:
        raise AssertionError("scenario failed:\n" + res["error"])
    return res["ok"]


def fresh_again():
    """Start over on a fresh /run (in the scenario's namespace): the
    last one goes with whatever is mounted below it, however stacked."""
    if nstest._libc.umount2(b"/run", nstest.MNT_DETACH):
        raise OSError("umount2 /run")
    nstest.mount_tmpfs("/run", "nstest-run")


def state(name=None):
    """What is there: mounts on /run/netns, entries, mounts below."""
    out = {"run_netns": nt.mounts_at(nt.RUN_NETNS),
           "below": sorted(m[0] for m in nstest._mountinfo()
                           if m[0].startswith(nt.RUN_NETNS + "/")),
           "entries": {}}
    try:
        entries = os.listdir(nt.RUN_NETNS)
    except FileNotFoundError:
        entries = None
        out["entries"] = None
    for e in entries or []:
        path = f"{nt.RUN_NETNS}/{e}"
        st = os.lstat(path)
        out["entries"][e] = {
            "mounts": nt.mounts_at(path),
            "regular": stat.S_ISREG(st.st_mode), "size": st.st_size,
            "ino": os.stat(path).st_ino}
    return out


def parallel_adds(names):
    """Run `add NAME` for each of NAMES at once: [(exit, stderr)]."""
    r, w = os.pipe()
    procs = []
    try:
        for name in names:
            # each waits for the release (EOF on its stdin) and then
            # execs
            procs.append(subprocess.Popen(
                ["sh", "-c", 'read -r _; exec "$@" </dev/null', "sh",
                 NETNS, "add", name], stdin=r,
                stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                text=True))
    finally:
        os.close(r)
        os.close(w)  # go
    return [(p.wait(timeout=60), p.communicate()[1]) for p in procs]


def scenario_distinct(rounds):
    out = []
    for rnd in range(rounds):
        if rnd:
            fresh_again()
        names = [f"nstest-p{i:02d}" for i in range(N)]
        results = parallel_adds(names)
        out.append({"results": results, "state": state()})
    return out


def scenario_same(rounds):
    out = []
    for _ in range(rounds):
        fresh_again()
        results = parallel_adds([NAME] * N)
        st = state()
        delete = nstest.run([NETNS, "delete", NAME])
        out.append({"results": results, "state": st,
                    "delete": delete.returncode, "after": state()})
    return out


def strace(argv):
    """Run ARGV under strace; LeakSanitizer cannot run under ptrace (a
    sanitized build): no leak check there."""
    opts = os.environ.get("ASAN_OPTIONS", "")
    return nstest.run([STRACE, *argv], env={
        "ASAN_OPTIONS": f"{opts}:detect_leaks=0" if opts
        else "detect_leaks=0"})


def trace_points():
    """The kill points of `add NAME`: (traced with -P?, syscall, N):
    the Nth call of that syscall in its process."""
    points = []
    for calls, paths in ((PATH_CALLS, True), (NS_CALLS, False)):
        fresh_again()
        with tempfile.NamedTemporaryFile("r", prefix="nstest-strace-") as f:
            argv = ["-f", "-q", "-o", f.name, "-e", f"trace={calls}"]
            if paths:
                argv += ["-P", nt.RUN_NETNS, "-P", f"{nt.RUN_NETNS}/{NAME}"]
            res = strace([*argv, NETNS, "add", NAME])
            if res.returncode != 0:
                raise AssertionError(f"strace ... add: {res.stderr}")
            seen = {}
            for line in f.read().splitlines():
                m = re.match(r"(\d+) +(\w+)\(", line)
                if not m:
                    continue
                key = (m.group(1), m.group(2))
                seen[key] = seen.get(key, 0) + 1
                point = (paths, m.group(2), seen[key])
                if point not in points:
                    points.append(point)
    return points


def kill_at(paths, syscall, when):
    fresh_again()
    with tempfile.NamedTemporaryFile("r", prefix="nstest-strace-") as f:
        argv = ["-f", "-q", "-o", f.name, "-e", f"trace={syscall}",
                "-e", f"inject={syscall}:signal=KILL:when={when}"]
        if paths:
            argv += ["-P", nt.RUN_NETNS, "-P", f"{nt.RUN_NETNS}/{NAME}"]
        res = strace([*argv, NETNS, "add", NAME])
        killed = "+++ killed by SIGKILL +++" in f.read()
    out = {"point": f"{syscall}#{when}" + ("" if paths else " (any path)"),
           "syscall": syscall, "paths": paths, "exit": res.returncode,
           "stderr": res.stderr, "killed": killed, "left": state()}
    steps = []
    left = (out["left"]["entries"] or {}).get(NAME)
    if left and left["mounts"]:
        steps.append(["delete", NAME])
    elif left:
        # a placeholder is taken over once it is old enough to be no
        # ip netns add's in flight: make it so
        then = time.time() - 60
        os.utime(f"{nt.RUN_NETNS}/{NAME}", (then, then))
    steps += [["add", NAME], ["delete", NAME]]
    out["recover"] = []
    for step in steps:
        r = nstest.run([NETNS, *step])
        out["recover"].append((step, r.returncode, r.stderr))
    out["after"] = state()
    return out


def scenario_ip_in_flight():
    """ip netns add held between its placeholder and its bind (strace
    delays its unshare by 2 s); our add of the same name meanwhile."""
    fresh_again()
    path = f"{nt.RUN_NETNS}/{NAME}"
    ip = subprocess.Popen(
        [STRACE, "-f", "-q", "-o", "/dev/null", "-e", "trace=unshare",
         "-e", "inject=unshare:delay_enter=2000000", nt.IP, "netns", "add",
         NAME], stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
        stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 20
        while not os.path.lexists(path):
            if ip.poll() is not None or time.monotonic() > deadline:
                raise AssertionError("ip netns add made no placeholder")
            time.sleep(0.01)
        ours = nstest.run([NETNS, "add", NAME])
        ip_stdout, ip_stderr = ip.communicate(timeout=30)
    finally:
        if ip.poll() is None:
            ip.kill()
            ip.wait()
    return {"ours": [ours.returncode, ours.stderr],
            "ip": [ip.returncode, ip_stdout + ip_stderr],
            "state": state()}


def wait_for(cond, proc, what, timeout=20):
    deadline = time.monotonic() + timeout
    while not cond():
        if proc.poll() is not None or time.monotonic() > deadline:
            raise AssertionError(what)
        time.sleep(0.01)


def start_ip_add_stalled(seconds):
    """ip netns add NAME held between its placeholder and its bind
    (strace delays its unshare): the Popen, once the placeholder is
    there."""
    ip = subprocess.Popen(
        [STRACE, "-f", "-q", "-o", "/dev/null", "-e", "trace=unshare",
         "-e", f"inject=unshare:delay_enter={seconds * 1000000}", nt.IP,
         "netns", "add", NAME], stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    wait_for(lambda: os.path.lexists(f"{nt.RUN_NETNS}/{NAME}"), ip,
             "ip netns add made no placeholder")
    return ip


def start_ours_stalled(seconds, after_bind=False):
    """Our add NAME held at its bind (strace delays its second mount:
    the first makes /run/netns shared, which ip made a mount point);
    AFTER_BIND: held after it, at the check (its open of /proc)."""
    opts = os.environ.get("ASAN_OPTIONS", "")
    env = dict(os.environ, ASAN_OPTIONS=f"{opts}:detect_leaks=0"
               if opts else "detect_leaks=0")
    delay = f"delay_enter={seconds * 1000000}"
    if after_bind:
        trace = ["-e", "trace=openat", "-P", "/proc",
                 "-e", f"inject=openat:{delay}"]
    else:
        trace = ["-e", "trace=mount", "-e", f"inject=mount:{delay}:when=2"]
    return subprocess.Popen(
        [STRACE, "-f", "-q", "-o", "/dev/null", *trace,
         NETNS, "add", NAME], stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)


def finish(*procs):
    out = []
    try:
        for p in procs:
            o, e = p.communicate(timeout=30)
            out.append([p.returncode, o + e])
    finally:
        for p in procs:
            if p.poll() is None:
                p.kill()
                p.wait()
    return out


def scenario_stacked(variant):
    """issue 17.2: both binds on one name.
    "removed": ip stalls after its placeholder, which is removed; our
    add makes its own and stalls before its bind; ip binds (by path, on
    our placeholder), then ours.
    "stale": ip's placeholder looks stale (older than our limit), ours
    takes it over and stalls before its bind; ip binds, then ours.
    "under": as "removed", but ours binds first and stalls after its
    bind: ip's mount lands on top of ours.
    "late": ip's placeholder looks stale (ip stalled past our limit);
    ours runs without a stall and is done before ip binds: no check of
    ours after its bind could see ip's mount, so the placeholder of
    ip's (mode 0000, ours has the sticky bit) is never taken over."""
    fresh_again()
    path = f"{nt.RUN_NETNS}/{NAME}"
    ip = start_ip_add_stalled(2)
    if variant in ("removed", "under"):
        os.unlink(path)
    else:
        then = time.time() - 60
        os.utime(path, (then, then))
    ours = start_ours_stalled(0 if variant == "late" else 4,
                              after_bind=variant == "under")
    if variant in ("removed", "under"):
        wait_for(lambda: os.path.lexists(path), ours,
                 "our add made no placeholder")
    (ip_rc, ip_out), (our_rc, our_out) = finish(ip, ours)
    st = state()
    ino = st["entries"].get(NAME, {}).get("ino")
    exec_ino = nstest.run([nt.IP, "netns", "exec", NAME, "stat", "-L", "-c",
                           "%i", "/proc/self/ns/net"]).stdout.strip()
    delete = nstest.run([NETNS, "delete", NAME])
    return {"ours": [our_rc, our_out], "ip": [ip_rc, ip_out], "state": st,
            "ino": ino, "exec_ino": exec_ino, "delete": delete.returncode,
            "after": state()}


def scenario_kills():
    return [kill_at(*p) for p in trace_points()]


class Race(NetnsCase):
    def test_parallel_distinct(self):
        for i, rnd in enumerate(in_fresh_run(scenario_distinct, 3)):
            with self.subTest(round=i):
                self.assertEqual(rnd["results"], [[0, ""]] * N)
                st = rnd["state"]
                # not stacked: one mount, shared
                self.assertEqual(st["run_netns"], [["tmpfs", "shared"]])
                self.assertEqual(sorted(st["entries"]),
                                 [f"nstest-p{i:02d}" for i in range(N)])
                for e in st["entries"].values():
                    self.assertEqual(e["mounts"], [["nsfs", "shared"]])
                # N distinct namespaces
                self.assertEqual(len({e["ino"] for e in
                                      st["entries"].values()}), N)

    def test_parallel_same(self):
        lost = [1, 'Cannot create namespace file "/run/netns/'
                   f'{NAME}": File exists\n']
        for i, rnd in enumerate(in_fresh_run(scenario_same, 3)):
            with self.subTest(round=i):
                results = rnd["results"]
                self.assertEqual(results.count([0, ""]), 1, results)
                self.assertEqual(results.count(lost), N - 1, results)
                st = rnd["state"]
                self.assertEqual(st["run_netns"], [["tmpfs", "shared"]])
                self.assertEqual(list(st["entries"]), [NAME])
                self.assertEqual(st["entries"][NAME]["mounts"],
                                 [["nsfs", "shared"]])
                self.assertEqual(st["below"], [f"{nt.RUN_NETNS}/{NAME}"])
                self.assertEqual(rnd["delete"], 0)
                self.assertEqual(rnd["after"]["entries"], {})
                self.assertEqual(rnd["after"]["below"], [])

    def test_ip_netns_add_in_flight(self):
        # its fresh placeholder is no stale one of ours: one winner, ip,
        # and one mount on the name, never two stacked
        if not shutil.which(STRACE):
            self.fail("strace missing: install Debian's strace")
        got = in_fresh_run(scenario_ip_in_flight)
        self.assertEqual(got["ours"], [1, 'Cannot create namespace file '
                                       f'"/run/netns/{NAME}": File '
                                       'exists\n'])
        self.assertEqual(got["ip"], [0, ""])
        self.assertEqual(got["state"]["entries"][NAME]["mounts"],
                         [["nsfs", "shared"]])
        self.assertEqual(got["state"]["below"], [f"{nt.RUN_NETNS}/{NAME}"])

    def test_stacked_on_one_name(self):
        """issue 17.2: ip netns add and ours interleaved so that both
        bind one name: ours takes its mount out and says "File exists"
        (exit 1), ip's namespace stays, the only mount there."""
        if not shutil.which(STRACE):
            self.fail("strace missing: install Debian's strace")
        for variant in ("removed", "stale", "under", "late"):
            with self.subTest(variant=variant):
                got = in_fresh_run(scenario_stacked, variant)
                self.assertEqual(got["ip"], [0, ""])
                self.assertEqual(got["ours"], [
                    1, f'Cannot create namespace file "/run/netns/{NAME}"'
                       ': File exists\n'])
                st = got["state"]
                self.assertEqual(list(st["entries"]), [NAME])
                self.assertEqual(st["entries"][NAME]["mounts"],
                                 [["nsfs", "shared"]])
                self.assertEqual(st["below"], [f"{nt.RUN_NETNS}/{NAME}"])
                self.assertEqual(got["exec_ino"], str(got["ino"]))
                self.assertEqual(got["delete"], 0)
                self.assertEqual((got["after"]["entries"],
                                  got["after"]["below"]), ({}, []))

    def test_killed_add(self):
        if not shutil.which(STRACE):
            self.fail("strace missing: install Debian's strace")
        points = in_fresh_run(scenario_kills)
        names = [p["point"] for p in points]
        # at least: the placeholder, the new netns, the bind mount
        for point in ("openat#1", "mount#1", "unshare#1 (any path)"):
            self.assertIn(point, names)
        # killed at the last mount, the bind: nothing to undo with, the
        # placeholder stays
        bind = [p for p in points if not p["paths"]
                and p["syscall"] in ("mount", "move_mount")][-1]
        self.assertEqual(list(bind["left"]["entries"]), [NAME], bind)
        # killed at the unshare: the namespace comes before the
        # placeholder, no name is left
        unshare = [p for p in points if p["syscall"] == "unshare"][0]
        self.assertEqual(unshare["left"]["entries"] or {}, {}, unshare)
        for p in points:
            with self.subTest(point=p["point"]):
                self.assertTrue(p["killed"], p)
                left = p["left"]
                self.assertLessEqual(len(left["run_netns"]), 1, left)
                entries = left["entries"] or {}
                self.assertLessEqual(set(entries), {NAME}, left)
                if NAME in entries:
                    e = entries[NAME]
                    complete = e["mounts"] == [["nsfs", "shared"]]
                    stale = (e["mounts"] == [] and e["regular"]
                             and e["size"] == 0)
                    self.assertTrue(complete or stale, left)
                    self.assertEqual(left["below"],
                                     [f"{nt.RUN_NETNS}/{NAME}"]
                                     if complete else [], left)
                else:
                    self.assertEqual(left["below"], [], left)
                for step, rc, err in p["recover"]:
                    self.assertEqual((step, rc, err), (step, 0, ""))
                after = p["after"]
                self.assertEqual(after["run_netns"], [["tmpfs", "shared"]])
                self.assertEqual((after["entries"], after["below"]), ({}, []))


if __name__ == "__main__":
    nt.main()
