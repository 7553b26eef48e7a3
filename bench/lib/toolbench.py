# SPDX-License-Identifier: MIT
"""What the benchmarks of one tool against util-linux 2.42 share.

bench/unshare/run and bench/nsenter/run run our tool, util-linux 2.42's
(with its own loader and libraries, from the reference cache) and, for
information, the installed 2.38 on the same command lines, interleaved
round robin in one run. Per tool and scenario they take wall time (fork
to reap, by lsns-spawn from the build tree), syscalls (`strace -c -f`,
total calls) and peak RSS (wait4's ru_maxrss), and print the ratios
ours / util-linux 2.42 beside the goals. A script supplies what is its
own: the scenarios, how one run of one tool is prepared and cleaned up,
a sanity check, and the fixtures it makes; the rest is here.

Not a test and not installed; the scripts import it by path.
"""
import argparse
import os
import platform
import signal
import statistics
import subprocess
import sys
import time

TOOL_TIMEOUT = 60     # seconds for one run of one tool

# ours / util-linux 2.42, at most: (results key, heading, goal)
GOALS = [('wall', 'wall', 0.8), ('sys', 'syscalls', 0.6),
         ('rss', 'RSS', 1.0)]

REF_CACHE = os.environ.get('NSTOOLS_REFERENCE_CACHE',
                           '/var/cache/nstools-reference')
REF_WRAPPER = '/work/shared/reference/util-linux-2.42'
STRACE = '/usr/bin/strace'


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


# ---------------------------------------------------------------- tools

def reference_argv(wrapper, prog):
    """util-linux 2.42's PROG, run as its wrapper runs it (its own
    loader and libraries) but without the wrapper's shell in between,
    which would add a process and an exec to every figure."""
    root = os.path.join(REF_CACHE, 'root')
    lib = os.path.join(root, 'usr', 'lib', 'x86_64-linux-gnu')
    path = os.path.join(root, 'usr', 'bin', prog)
    loader = os.path.join(lib, 'ld-linux-x86-64.so.2')
    if not os.access(path, os.X_OK) and os.access(wrapper, os.X_OK):
        subprocess.run([wrapper, '--fetch'], stdout=subprocess.DEVNULL,
                       timeout=600)
    if not (os.access(path, os.X_OK) and os.access(loader, os.X_OK)):
        raise Broken(f'util-linux 2.42 not found in {root} '
                     f'(fetch it: {wrapper} --fetch)')
    return [loader, '--library-path', lib, '--argv0', prog, path]


def version_of(argv):
    try:
        r = subprocess.run(argv + ['--version'], stdout=subprocess.PIPE,
                           stderr=subprocess.STDOUT, text=True, timeout=30)
        return r.stdout.strip().splitlines()[0] if r.stdout else 'unknown'
    except (OSError, subprocess.TimeoutExpired) as e:
        return f'unknown ({e})'


def parse_args(prog, description, extra=None):
    """The options every such benchmark takes, for tool PROG; ours
    defaults to $NSTOOLS_<PROG>, else BUILD/tools/PROG. extra(parser)
    adds the script's own."""
    env = 'NSTOOLS_' + prog.upper()
    p = argparse.ArgumentParser(description=description)
    p.add_argument('--build', default='./build',
                   help=f'meson build directory (default ./build): ours is '
                        f'BUILD/tools/{prog}, the timer BUILD/bench/'
                        'lsns-spawn')
    p.add_argument('--ours', default=os.environ.get(env),
                   help=f'our {prog} (default ${env}, else '
                        f'BUILD/tools/{prog})')
    p.add_argument('--ref-wrapper', default=REF_WRAPPER,
                   help=f'the util-linux 2.42 wrapper (default {REF_WRAPPER})')
    p.add_argument('--old', default=f'/usr/bin/{prog}',
                   help=f'util-linux 2.38, for information (default '
                        f'/usr/bin/{prog}; "" to leave it out)')
    p.add_argument('--runs', type=int, default=300,
                   help='timed runs per tool and scenario (default 300)')
    p.add_argument('--strace-runs', type=int, default=5,
                   help='runs under strace per tool and scenario (default 5)')
    if extra:
        extra(p)
    args = p.parse_args()
    if args.runs < 1 or args.strace_runs < 1:
        p.error('--runs and --strace-runs must be >= 1')
    return args


def find_tools(args, prog, why_root):
    """The tools to compare, [{key, label, argv}]: ours, util-linux 2.42
    and (unless --old '') 2.38. Sets args.spawn and args.strace.
    Returns None after saying what is missing."""
    me = f'bench/{prog}/run'
    if os.geteuid() != 0:
        print(f'{me}: must run as root ({why_root})', file=sys.stderr)
        return None
    ours = args.ours or os.path.join(args.build, 'tools', prog)
    args.spawn = os.path.abspath(os.path.join(args.build, 'bench',
                                              'lsns-spawn'))
    args.strace = STRACE
    for path in [ours, args.spawn, args.strace] + \
            ([args.old] if args.old else []):
        if not os.access(path, os.X_OK):
            print(f'{me}: {path}: not found or not executable '
                  f'(build first: ninja -C {args.build}; strace from the '
                  f'strace package)', file=sys.stderr)
            return None
    try:
        ref = reference_argv(args.ref_wrapper, prog)
    except (Broken, OSError, subprocess.TimeoutExpired) as e:
        print(f'{me}: {e}', file=sys.stderr)
        return None

    tools = [{'key': 'ours', 'label': 'ours',
              'argv': [os.path.abspath(ours)]},
             {'key': 'ref', 'label': 'util-linux 2.42', 'argv': ref}]
    if args.old:
        tools.append({'key': 'old', 'label': 'util-linux 2.38',
                      'argv': [args.old]})
    return tools


def header(prog, tools, args):
    u = platform.uname()
    log(f'{prog} benchmark')
    log(f'kernel:     {u.system} {u.release} {u.machine}, '
        f'{os.cpu_count()} CPUs')
    for tool in tools:
        version = tool.get('version') or version_of(tool['argv'])
        log(f"{tool['label'] + ':':<17} {tool['argv'][-1]}: {version}")
    log(f'locale:     LANG={os.environ.get("LANG", "")} '
        f'LC_ALL={os.environ.get("LC_ALL", "")}')
    log(f'runs:       {args.runs} timed and {args.strace_runs} under strace '
        'per tool and scenario, round robin')
    log()


# ---------------------------------------------------------------- measuring

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


def count_syscalls(strace, argv, tmpdir):
    """Total calls of `strace -c -f` (all processes, the program too)."""
    out = os.path.join(tmpdir, 'strace.out')
    r = subprocess.run([strace, '-c', '-f', '-o', out, '--', *argv],
                       stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                       stderr=subprocess.PIPE, text=True,
                       timeout=TOOL_TIMEOUT)
    try:
        with open(out) as f:
            lines = f.read().splitlines()
    finally:
        try:
            os.unlink(out)
        except FileNotFoundError:
            pass
    if r.returncode != 0:
        raise Broken(f'strace {" ".join(argv)}: exit {r.returncode}: '
                     f'{r.stderr.strip()}')
    for line in lines:
        f = line.split()
        if f and f[-1] == 'total':
            return int(f[3])
    raise Broken(f'strace {" ".join(argv)}: no total line')


def measure_kind(kind, args, argv, tmpdir):
    """'time': (wall, RSS) of one run; 'strace': its syscall count."""
    if kind == 'time':
        return measure(args.spawn, argv)
    return count_syscalls(args.strace, argv, tmpdir)


def loadavg():
    """The 1, 5 and 15 minute load averages: others' work shows here."""
    with open('/proc/loadavg') as f:
        return ' '.join(f.read().split()[:3])


def collect(tools, scenarios, args, run_one, tmpdir):
    """--strace-runs rounds under strace, then --runs timed rounds; in
    each round every scenario runs once per tool, and the order of the
    tools rotates from round to round. run_one(kind, tool, scenario)
    does one run (see measure_kind). Returns (results, baseline):
    results[scenario key][tool key] = {'wall': [], 'rss': [], 'sys': []},
    baseline the syscalls of `true` alone."""
    results = {sc[0]: {t['key']: {'wall': [], 'rss': [], 'sys': []}
                       for t in tools} for sc in scenarios}
    baseline = count_syscalls(args.strace, ['true'], tmpdir)
    for rnd in range(args.strace_runs):
        order = rotated(tools, rnd)
        for scenario in scenarios:
            for tool in order:
                n = run_one('strace', tool, scenario)
                results[scenario[0]][tool['key']]['sys'].append(n)
    t0, load0 = time.monotonic(), loadavg()
    for rnd in range(args.runs):
        order = rotated(tools, rnd)
        for scenario in scenarios:
            for tool in order:
                wall, rss = run_one('time', tool, scenario)
                r = results[scenario[0]][tool['key']]
                r['wall'].append(wall)
                r['rss'].append(rss)
    log(f'timed runs took {time.monotonic() - t0:.1f} s; load average '
        f'{load0} before, {loadavg()} after')
    log()
    return results, baseline


# ---------------------------------------------------------------- sanity

def capture(argv, timeout=TOOL_TIMEOUT):
    """The standard output of a run that must succeed."""
    r = subprocess.run(argv, stdin=subprocess.DEVNULL,
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                       text=True, timeout=timeout)
    if r.returncode != 0:
        raise Broken(f'{" ".join(argv)}: exit {r.returncode}: '
                     f'{r.stderr.strip()}')
    return r.stdout


def check_sanity(tools, sanity):
    """sanity(tool) lists the problems of a tool; print them. Returns
    {tool key: passed}."""
    sane = {}
    for tool in tools:
        problems = sanity(tool)
        sane[tool['key']] = not problems
        log(f"sanity {tool['label']}: {'PASS' if not problems else 'FAIL'}")
        for pr in problems:
            log(f'    {pr}')
    log()
    return sane


# ---------------------------------------------------------------- report

def ratio_cell(num, den, goal):
    value = num / den
    if goal is None:
        return f'{value:5.2f}'
    return f'{value:5.2f} {"PASS" if value <= goal else "FAIL"}'


def report(tools, scenarios, results, sane, baseline):
    """Scenarios are tuples (key, label, ...). A tool with the key
    'floor' (a program making only the kernel calls of each scenario)
    gets a table of its own, for information."""
    for key, label, *_ in scenarios:
        log(f'== {label} ==')
        log(f"{'tool':<18} {'median ms':>9} {'min ms':>8} {'max ms':>8} "
            f"{'syscalls':>8} {'RSS KiB':>8} {'max RSS':>8}")
        for tool in tools:
            r = results[key][tool['key']]
            t = r['wall']
            log(f"{tool['label']:<18} {statistics.median(t) * 1e3:9.3f} "
                f"{min(t) * 1e3:8.3f} {max(t) * 1e3:8.3f} "
                f"{statistics.median(r['sys']):8.0f} "
                f"{statistics.median(r['rss']):8.0f} {max(r['rss']):8d}")
        log()

    log(f'(syscalls include those of the program: `true` alone makes '
        f'{baseline})')
    log()
    log('== goals: ours / util-linux 2.42 (medians; FAIL also when the '
        'sanity check failed) ==')
    log(f"{'scenario':<34} " +
        ' '.join(f'{heading:>10}' for _, heading, _ in GOALS))
    for key, label, *_ in scenarios:
        cells = []
        for what, _, goal in GOALS:
            ours = statistics.median(results[key]['ours'][what])
            ref = statistics.median(results[key]['ref'][what])
            cell = ratio_cell(ours, ref, goal)
            if not sane['ours'] and cell.endswith('PASS'):
                cell = cell[:-4] + 'FAIL'
            cells.append(cell)
        log(f'{label:<34} ' + ' '.join(f'{c:>10}' for c in cells))
    log(f"{'want':<34} " +
        ' '.join(f"{'<= ' + format(goal, 'g'):>10}" for _, _, goal in GOALS))
    if any(t['key'] == 'old' for t in tools):
        log()
        log('information: ours / util-linux 2.38, and 2.42 / 2.38')
        for key, label, *_ in scenarios:
            cells = []
            for num in ('ours', 'ref'):
                for what, _, _ in GOALS:
                    cells.append(ratio_cell(
                        statistics.median(results[key][num][what]),
                        statistics.median(results[key]['old'][what]), None))
            log(f'{label:<34} ours: wall {cells[0]} sys {cells[1]} '
                f'rss {cells[2]}; 2.42: wall {cells[3]} sys {cells[4]} '
                f'rss {cells[5]}')
    if any(t['key'] == 'floor' for t in tools):
        report_floor(scenarios, results, sane)


def report_floor(scenarios, results, sane):
    """floor / 2.42: what is left of 2.42's cost when a program makes
    the scenario's kernel calls and nothing else; ours / floor: what
    ours costs beyond them."""
    log()
    log('information: the floor (only the kernel calls of each scenario), '
        'medians' + ('' if sane['floor'] else
                     '; the floor FAILED its sanity check'))
    cols = [(w, heading, num, den) for w, heading, _ in GOALS
            if w in ('wall', 'sys')
            for num, den in (('floor', 'ref'), ('ours', 'floor'))]
    names = {'floor': 'floor', 'ref': '2.42', 'ours': 'ours'}
    log(f"{'':<34} " + ' '.join(f'{names[num] + "/" + names[den]:>10}'
                                for _, _, num, den in cols))
    log(f"{'scenario':<34} " + ' '.join(f'{heading:>10}'
                                        for _, heading, _, _ in cols))
    for key, label, *_ in scenarios:
        cells = [ratio_cell(statistics.median(results[key][num][w]),
                            statistics.median(results[key][den][w]), None)
                 for w, _, num, den in cols]
        log(f'{label:<34} ' + ' '.join(f'{c:>10}' for c in cells))


# ---------------------------------------------------------------- main

def remove_dir(path):
    """A cleanup for guarded(): remove the benchmark's empty directory."""
    try:
        os.rmdir(path)
    except OSError as e:
        raise Broken(f'{path} left behind: {e}') from e


def guarded(prog, body, cleanups):
    """Run body() with termination signals turned into exceptions, then
    every cleanup (each may raise Broken), whatever happened. Returns
    the exit status: 1 when something broke or was interrupted."""
    me = f'bench/{prog}/run'
    catch_signals()
    broken = False
    try:
        body()
    except (Broken, subprocess.TimeoutExpired) as e:
        print(f'{me}: {e}', file=sys.stderr)
        broken = True
    except (Stop, KeyboardInterrupt) as e:
        print(f'{me}: interrupted ({str(e) or "SIGINT"})', file=sys.stderr)
        broken = True
    finally:
        for cleanup in cleanups:
            try:
                cleanup()
            except (Broken, OSError, subprocess.TimeoutExpired) as e:
                print(f'{me}: {e}', file=sys.stderr)
                broken = True
    return 1 if broken else 0
