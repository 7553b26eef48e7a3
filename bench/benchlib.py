# SPDX-License-Identifier: MIT
"""What the bench/*/run scripts share: errors, signals, logging, one
timed run through lsns-spawn, capturing a tool's output, and the cells
of a ratio against a goal.

A run script imports it with
    sys.path.insert(0, os.path.join(os.path.dirname(
        os.path.abspath(__file__)), '..'))
    import benchlib
"""
import signal
import subprocess
import time

TOOL_TIMEOUT = 60     # seconds for one run of one tool, by default


class Broken(Exception):
    """Something the benchmark relies on failed."""


class Stop(Exception):
    """A termination signal arrived."""


def on_signal(signum, _frame):
    raise Stop(signal.Signals(signum).name)


def catch_signals():
    """Ctrl-C raises KeyboardInterrupt, SIGTERM and SIGHUP raise Stop,
    so that the script cleans up in its finally blocks."""
    signal.signal(signal.SIGINT, signal.default_int_handler)
    for sig in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(sig, on_signal)


def log(msg=''):
    print(msg, flush=True)


def rotated(tools, rnd):
    """The tools in the order of round @rnd: each goes first in turn."""
    k = rnd % len(tools)
    return tools[k:] + tools[:k]


def measure(spawn, argv, timeout=TOOL_TIMEOUT):
    """One run through lsns-spawn: (wall seconds, peak RSS KiB).

    Measured from Python directly the RSS would include Python's own:
    execve keeps the high-water mark of the mm it replaces.
    """
    t0 = time.perf_counter()
    r = subprocess.run([spawn, *argv], stdout=subprocess.PIPE, text=True,
                       timeout=timeout)
    outer = time.perf_counter() - t0
    if r.returncode != 0:
        raise Broken(f'lsns-spawn {" ".join(argv)}: exit {r.returncode}')
    fields = dict(kv.split('=', 1) for kv in r.stdout.split())
    if int(fields['status']) != 0:
        raise Broken(f'{" ".join(argv)}: exit status {fields["status"]}')
    wall = float(fields['wall'])
    if wall > outer:
        raise Broken(f'{" ".join(argv)}: inner time {wall} > outer {outer}')
    return wall, int(fields['maxrss'])


def capture(argv, timeout=TOOL_TIMEOUT):
    """The standard output of a run that must succeed."""
    r = subprocess.run(argv, stdin=subprocess.DEVNULL,
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                       text=True, timeout=timeout)
    if r.returncode != 0:
        raise Broken(f'{" ".join(argv)}: exit {r.returncode}: '
                     f'{r.stderr.strip()}')
    return r.stdout


def ratio_cell(num, den, goal):
    """"0.73", or with a goal "0.73 PASS" (at most the goal) or FAIL."""
    value = num / den
    if goal is None:
        return f'{value:5.2f}'
    return f'{value:5.2f} {"PASS" if value <= goal else "FAIL"}'
