# SPDX-License-Identifier: MIT
"""lsns: a listing is complete, or lsns says why not.

Out of file descriptors (RLIMIT_NOFILE 4..12, one thread and 16), out of
memory (each allocation of a run made to fail in turn, by an LD_PRELOAD
shim) and zombies (a process whose mnt, net, ... links are gone still
counts in its user and pid namespaces).

Each case runs in a pid namespace of its own with its own /proc, so
what lsns lists there is fixed (the fixtures and this script) and does
not change with what else runs on the machine: a run that differs from
the unlimited one is short, not a sign of churn.
"""

import json
import os
import resource
import signal
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.join(os.environ.get("NSTOOLS_SOURCE_ROOT", ""),
                                "tests", "pylib"))
import nstest  # noqa: E402
from nstest import LSNS, NSHOLDER, Holder, NsTestCase, flatten  # noqa: E402

FAILMALLOC = os.environ.get("NSTOOLS_FAILMALLOC", "")
SANITIZE = os.environ.get("NSTOOLS_SANITIZE", "none")
# tests/reference/util-linux-2.42, the project's fetcher of the reference
REFERENCE = os.environ.get("NSTOOLS_REFERENCE", "")

# Allocation failure points tried per lsns command line, at most (fewer
# in the kernel lane's emulated guests: nstest.sample_size()).
MAX_FAIL_POINTS = nstest.sample_size(1500, 150)


# --- inside the private pid namespace -----------------------------------

def fixtures(holders):
    """Enough processes for 16 threads, fd and socket holders, zombies.

    The holders go into @holders; returns the PIDs of the two zombies.
    """
    holders.append(Holder("-t", "net,uts,ipc", "-c", "40"))
    holders.append(Holder("-t", "user,mnt", "-r", "-c", "2"))
    holders.append(Holder("-F", "-S"))
    # a zombie alone in a pid and a user namespace of its own
    lone = Holder("-t", "pid", "-c", "1", "-x", "user", "-z")
    holders.append(lone)
    # a zombie in the namespaces of everyone else
    shared = Holder("-c", "1", "-z")
    holders.append(shared)
    return [lone.children[0], shared.children[0]]


def lsns(args, env=None, limit=None, preload=None):
    full_env = dict(os.environ, LC_ALL="C")
    full_env.update(env or {})
    if preload:
        full_env["LD_PRELOAD"] = preload

    def set_limit():
        resource.setrlimit(resource.RLIMIT_NOFILE, (limit, limit))

    return subprocess.run([LSNS, *args], capture_output=True, text=True,
                          env=full_env, stdin=subprocess.DEVNULL,
                          preexec_fn=set_limit if limit else None,
                          timeout=60)


def judge(what, res, full, failures):
    """A run is the full listing (exit 0) or an error with a message."""
    if res.returncode == 0:
        if res.stdout != full:
            failures.append(f"{what}: exit 0 with a different listing:\n"
                            f"{res.stdout}\n--- expected ---\n{full}")
        return
    lines = res.stderr.splitlines()
    if res.returncode != 1 or len(lines) != 1 or \
            not lines[0].startswith(nstest.named("lsns: ")):
        failures.append(f"{what}: exit {res.returncode}, stderr "
                        f"{res.stderr!r} (want exit 1, one lsns: line)")
    if res.stdout:
        failures.append(f"{what}: failed, but printed {res.stdout!r}")


def inner_fd_limits():
    failures = []
    for threads in ("1", "16"):
        env = {"NSTOOLS_THREADS": threads}
        for args in (["-l"], ["-J"], ["-l", "-t", "net", "--output-all"]):
            full = lsns(args, env)
            if full.returncode != 0 or not full.stdout:
                return [f"{args}: unlimited run failed: {full.stderr}"]
            for limit in range(4, 13):
                # threads race for the last fds: try a few times
                for _ in range(3 if threads != "1" else 1):
                    res = lsns(args, env, limit=limit)
                    judge(f"NSTOOLS_THREADS={threads} RLIMIT_NOFILE={limit}"
                          f" lsns {' '.join(args)}", res, full.stdout,
                          failures)
    return failures


def known_library_defect(res, full, trace):
    """
    Failures inside libraries we cannot fix, recognised narrowly:
    glibc's NSS dies (SIGSEGV, or an assertion) when its database
    state cannot be allocated in getpwuid_r; libsmartcols 2.38 prints
    an empty header cell when its print buffer cannot grow.
    """
    if res.returncode in (-signal.SIGSEGV, -signal.SIGABRT):
        return "(getpwuid_r+" in trace
    if res.returncode == 0 and "(scols_print_table+" in trace:
        got, want = res.stdout.split("\n"), full.split("\n")
        return got[1:] == want[1:] and got[0].split() != want[0].split()
    return False


def inner_malloc():
    failures, defects = [], 0
    tmp = tempfile.mkdtemp(prefix="nstest-failmalloc-")
    count_file = os.path.join(tmp, "count")
    trace_file = os.path.join(tmp, "trace")
    for args, env in ((["-l"], {}), (["-J"], {}), (["--output-all"], {}),
                      (["--tree=owner", "-o", "+PNS,ONS,PATH,NSFS"], {}),
                      (["-l"], {"NSTOOLS_THREADS": "4"})):
        full = lsns(args, env)
        if full.returncode != 0:
            return [f"{args}: run failed: {full.stderr}"], 0
        res = lsns(args, dict(env, FAILMALLOC_COUNT=count_file),
                   preload=FAILMALLOC)
        with open(count_file) as f:
            total = int(f.read())
        if res.returncode != 0 or res.stdout != full.stdout or total < 50:
            return [f"{args}: shim run differs ({total} allocations)"], 0
        step = max(1, total // MAX_FAIL_POINTS)
        for n in range(1, total + 2, step):
            if os.path.exists(trace_file):
                os.unlink(trace_file)
            res = lsns(args, dict(env, FAILMALLOC_N=str(n),
                                  FAILMALLOC_TRACE=trace_file),
                       preload=FAILMALLOC)
            trace = ""
            if os.path.exists(trace_file):
                with open(trace_file) as f:
                    trace = f.read()
            if known_library_defect(res, full.stdout, trace):
                defects += 1
                continue
            judge(f"allocation {n}/{total} failing, lsns {' '.join(args)}"
                  f" {env}", res, full.stdout, failures)
    for f in (count_file, trace_file):
        if os.path.exists(f):
            os.unlink(f)
    os.rmdir(tmp)
    return failures, defects


def proc_links():
    """{pid: {type: ino}} of every process, links that read only."""
    out = {}
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        links = {}
        for t in nstest.available_types():
            try:
                links[t] = os.stat(f"/proc/{name}/ns/{t}").st_ino
            except FileNotFoundError:
                pass
        out[int(name)] = links
    return out


def inner_zombies(zombies):
    failures = []
    links = proc_links()
    res = lsns(["-J", "-o", "NS,TYPE,NPROCS,PID"])
    rows = {r["ns"]: r for r in flatten(json.loads(res.stdout)["namespaces"])}
    # lsns itself is in this script's namespaces, so it counts there too
    # (its PID, whatever it was, is above ours: we are init here)
    expected = {}
    for pid, ns in list(links.items()) + [(1 << 30, links[os.getpid()])]:
        for ino in ns.values():
            n, first = expected.get(ino, (0, pid))
            expected[ino] = (n + 1, min(first, pid))
    for ino, (n, first) in expected.items():
        got = rows.get(ino)
        if not got or got["nprocs"] != n or got["pid"] != first:
            failures.append(f"namespace {ino}: got {got}, want NPROCS {n}"
                            f" PID {first} (links that read)")
    for z in zombies:
        res = lsns(["-J", "-p", str(z), "-o", "NS,TYPE,NPROCS"])
        got = sorted((r["ns"], r["type"], r["nprocs"])
                     for r in json.loads(res.stdout)["namespaces"])
        want = sorted((ino, t, expected[ino][0])
                      for t, ino in links[z].items())
        if got != want or len(want) != 2:
            failures.append(f"lsns -p {z} (zombie): {got}, want {want}")
    return failures


def inner_reference(zombies):
    """The zombie rows as util-linux 2.42 shows them."""
    failures = []
    for z in zombies:
        for args in (["-J", "-p", str(z), "-o", "NS,TYPE,PID,COMMAND"],
                     ["-J", "-t", "user", "-t", "pid", "-o",
                      "NS,TYPE,NPROCS,PID,COMMAND"]):
            ours = lsns(args)
            ref = subprocess.run([REFERENCE, "lsns", *args],
                                 capture_output=True, text=True,
                                 env=dict(os.environ, LC_ALL="C"))
            if ref.returncode != 0:
                return [f"reference failed: {ref.stderr}"]
            a = json.loads(ours.stdout)
            b = json.loads(ref.stdout)
            if "nprocs" in args[-1].lower():
                # the reference runs as more than one process: compare
                # the counts of the zombies' own namespaces only
                keep = {os.stat(f"/proc/{z}/ns/user").st_ino,
                        os.stat(f"/proc/{z}/ns/pid").st_ino}
                for d in (a, b):
                    d["namespaces"] = [r for r in d["namespaces"]
                                       if r["ns"] in keep]
            if a != b:
                failures.append(f"lsns {' '.join(args)}: ours {a}, "
                                f"util-linux 2.42 {b}")
    return failures


def inner(mode):
    result = {"failures": [], "notes": []}
    with nstest.holders() as holders:
        zombies = fixtures(holders)
        if mode == "fd-limits":
            result["failures"] = inner_fd_limits()
        elif mode == "malloc":
            result["failures"], defects = inner_malloc()
            result["notes"].append(f"{defects} failure points inside glibc"
                                   " NSS or libsmartcols (not ours)")
        elif mode == "zombies":
            result["failures"] = inner_zombies(zombies)
        elif mode == "reference":
            result["failures"] = inner_reference(zombies)
    print(json.dumps(result))


# --- the test cases -----------------------------------------------------

class CompleteListingTest(NsTestCase):

    def isolated(self, mode):
        """Run inner(mode) as init of a new pid namespace (which ends
        with unshare, --kill-child, should the time box kill it)."""
        res = subprocess.run(
            ["unshare", "--pid", "--fork", "--kill-child", "--mount-proc",
             "--propagation", "private",
             sys.executable, os.path.abspath(__file__), "--inner", mode],
            capture_output=True, text=True,
            timeout=240 * nstest.TIME_SCALE, stdin=subprocess.DEVNULL)
        self.assertEqual(res.returncode, 0, res.stderr)
        result = json.loads(res.stdout.splitlines()[-1])
        for note in result["notes"]:
            print(f"note: {note}", file=sys.stderr)
        self.assertEqual(result["failures"], [],
                         "\n".join(result["failures"]))

    def test_fd_limits(self):
        self.isolated("fd-limits")

    def test_allocation_failures(self):
        if SANITIZE != "none":
            self.skipTest(f"built with -Db_sanitize={SANITIZE}: a malloc "
                          "shim cannot be preloaded under the sanitizer")
        nstest.require(FAILMALLOC, "failmalloc shim")
        self.isolated("malloc")

    def test_zombies_count_where_their_links_read(self):
        self.isolated("zombies")

    def test_zombies_as_util_linux_2_42(self):
        if not os.access(REFERENCE, os.X_OK):
            self.skipTest("util-linux 2.42 reference not available")
        # fetched first (once: it is cached): without network, or with
        # the archive out of reach, as in a package build, a skip
        res = subprocess.run([REFERENCE, "--fetch"], capture_output=True,
                             text=True, stdin=subprocess.DEVNULL)
        if res.returncode not in (0, 3):
            last = (res.stderr.strip().splitlines() or ["?"])[-1]
            self.skipTest(f"util-linux 2.42 reference not available ({last})")
        self.isolated("reference")


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--inner":
        inner(sys.argv[2])
        sys.exit(0)
    nstest.require_root()
    nstest.require(LSNS, "lsns")
    nstest.require(NSHOLDER, "nsholder")
    nstest.main()
