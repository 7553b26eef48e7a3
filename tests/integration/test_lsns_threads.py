# SPDX-License-Identifier: MIT
"""lsns: the same output with NSTOOLS_THREADS=1, 3, 16 and 64.

Runs as init of a pid namespace of its own with its own /proc (and a
private mount namespace), so what lsns lists is fixed: these fixtures
and this script. Among them the case of issue 8: a user namespace whose
only process has a low PID, held as an nsfs fd by a higher PID (with
enough processes between them that threads read the two apart).
"""

import json
import os
import subprocess
import sys

sys.path.insert(0, os.path.join(os.environ.get("NSTOOLS_SOURCE_ROOT", ""),
                                "tests", "pylib"))
import nstest  # noqa: E402
from nstest import LSNS, NSHOLDER, Holder, NsTestCase  # noqa: E402

THREADS = ("1", "3", "16", "64")

OPTION_SETS = [
    [],
    ["-l"],
    ["-n", "-r", "--output-all"],
    ["-J", "--output-all"],
    ["-t", "user", "-o", "NS,TYPE,NPROCS,PID,UID,USER,PATH,NSFS,PNS,ONS"],
    ["--tree=owner", "-o", "+UID,USER,PATH"],
    ["--tree=parent", "-t", "user", "-t", "pid"],
    ["-t", "net", "-o", "+NETNSID,NSFS,PATH"],
]


# --- inside the private pid namespace -----------------------------------

def lsns(args, threads):
    env = dict(os.environ, LC_ALL="C", NSTOOLS_THREADS=threads)
    return subprocess.run([LSNS, *args], capture_output=True, text=True,
                          env=env, stdin=subprocess.DEVNULL, timeout=60)


def inner():
    failures = []
    with nstest.holders() as holders:
        # low PID, alone in a user namespace
        holders.append(Holder("-t", "user"))
        user_pid = holders[0].pid
        # between: enough processes for 16 threads, in namespaces of
        # their own too
        holders.append(Holder("-t", "uts,ipc", "-c", "40"))
        holders.append(Holder("-t", "user,pid", "-r", "-c", "3"))
        # high PID: holds the user namespace of the first, and a netns
        # by fd and by socket
        holders.append(Holder("-f", f"/proc/{user_pid}/ns/user",
                              "-F", "-S"))
        user_ns = os.stat(f"/proc/{user_pid}/ns/user").st_ino

        rows = json.loads(lsns(["-J", "-t", "user", "-o", "NS,NPROCS,PID"],
                               "1").stdout)["namespaces"]
        mine = [r for r in rows if r["ns"] == user_ns]
        if mine != [{"ns": user_ns, "nprocs": 1, "pid": user_pid}]:
            failures.append(f"fixture: user namespace {user_ns} of "
                            f"{user_pid}: {mine}")
        for args in OPTION_SETS:
            one = lsns(args, "1")
            if one.returncode != 0 or not one.stdout:
                failures.append(f"lsns {' '.join(args)}: exit "
                                f"{one.returncode}: {one.stderr}")
                continue
            for threads in THREADS[1:]:
                res = lsns(args, threads)
                got = (res.returncode, res.stdout, res.stderr)
                if got != (one.returncode, one.stdout, one.stderr):
                    failures.append(
                        f"NSTOOLS_THREADS={threads} lsns {' '.join(args)}:"
                        f"\n{res.stdout}{res.stderr}--- 1 thread ---\n"
                        f"{one.stdout}{one.stderr}")
    print(json.dumps(failures))


# --- the test case ------------------------------------------------------

class ThreadsTest(NsTestCase):

    def test_same_output_with_any_thread_count(self):
        res = subprocess.run(
            ["unshare", "--pid", "--fork", "--mount-proc",
             "--propagation", "private",
             sys.executable, os.path.abspath(__file__), "--inner"],
            capture_output=True, text=True, timeout=240,
            stdin=subprocess.DEVNULL)
        self.assertEqual(res.returncode, 0, res.stderr)
        failures = json.loads(res.stdout.splitlines()[-1])
        self.assertEqual(failures, [], "\n".join(failures))


if __name__ == "__main__":
    if sys.argv[1:] == ["--inner"]:
        inner()
        sys.exit(0)
    nstest.require_root()
    nstest.require(LSNS, "lsns")
    nstest.require(NSHOLDER, "nsholder")
    nstest.main()
