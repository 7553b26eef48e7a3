# SPDX-License-Identifier: MIT
"""The command lines of the generated differential test (difftest).

Walks every option that the reference's --help lists (util-linux 2.42's
lsns, unshare and nsenter, parsed at run time) and every command of
`ip netns` (iproute2 6.1's usage, below): each option alone, in both
spellings, with good and bad values, attached (--opt=VAL) and separate
(--opt VAL); the shortest abbreviation that util-linux resolves and an
ambiguous one; every pair of options (conflicts), half of them also in
the other order; a seeded sample of triples. The same seed gives the
same list, in the same order.

A case is a dict: tool, argv (after the tool's name; placeholders in
braces are filled in by the runner, see difftest_run.FIXTURES), stdin
(a script for a shell the tool may start), scene (which fixtures the
runner makes first) and, for netns, action (something done while the
tool runs: monitor).
"""

import random
import re

# What the program run by unshare and nsenter reports: every line of it
# is compared (inode numbers are normalised by the runner).
PROBE = ["sh", "-c",
         "readlink /proc/self/ns/mnt /proc/self/ns/net /proc/self/ns/uts "
         "/proc/self/ns/ipc /proc/self/ns/pid /proc/self/ns/user "
         "/proc/self/ns/cgroup /proc/self/ns/time; id; pwd; hostname; "
         "set -- /proc/[0-9]*; echo $#; cat /proc/self/uid_map; "
         "grep -E '^Cap(Eff|Amb)' /proc/self/status; "
         "cat /proc/self/timens_offsets 2>&1"]
# a shell started without a program reads this: how was it started?
SHELL_STDIN = 'echo "$0"; pwd; exit 0\n'

NS_TYPES = ["mnt", "net", "ipc", "user", "pid", "uts", "cgroup", "time"]
NS_LONG = {"mount": "mnt", "uts": "uts", "ipc": "ipc", "net": "net",
           "pid": "pid", "user": "user", "cgroup": "cgroup", "time": "time"}

# (good values, bad values) by tool and long option; None: no value
VALUES = {
    "lsns": {
        "output": (["NS,TYPE,NPROCS,PID,COMMAND", "+PATH",
                    "NS,TYPE,PATH,NPROCS,PID,PPID,COMMAND,UID,USER,"
                    "NETNSID,NSFS,PNS,ONS"],
                   ["BOGUS", "", "NS,", "ns,type"]),
        "task": (["{T}", "1"], ["x", "0", "999999999", "-1"]),
        "filter": (['TYPE == "net"', "NPROCS > 1", "",
                    'not TYPE eq "net"', 'TYPE eq "net" or TYPE eq "uts"',
                    'TYPE eq "net" and NPROCS == 1'],
                   ["TYPE ==", "BOGUS == 1", "(("]),
        "type": (NS_TYPES, ["bogus", ""]),
        "tree": (["parent", "owner", "process"], ["bogus"]),
    },
    "unshare": {
        "file": (["{DIR}/new", "{DIR}/empty"],
                 ["{DIR}/full", "/nonexistent/nstest/x"]),
        "mount-proc": (["{DIR}/d"], ["/nonexistent/nstest"]),
        "mount-binfmt": (["{DIR}/d"], ["/nonexistent/nstest"]),
        "load-interp": ([":nstest:E::nstestx::/bin/true:F"],
                        ["garbage", ""]),
        "propagation": (["slave", "shared", "private", "unchanged"],
                        ["sideways", ""]),
        "root": (["/", "{DIR}/d"], ["/nonexistent/nstest"]),
        "wd": (["/tmp", "{DIR}"], ["/nonexistent/nstest", ""]),
        "setuid": (["0", "4242"], ["-1", "x", "4294967296"]),
        "setgid": (["0", "4343"], ["x", "4294967296"]),
        "map-user": (["1000", "nobody", "0"],
                     ["nstest-nosuchuser", "-5"]),
        "map-group": (["1000", "nogroup"], ["nstest-nosuchgroup"]),
        "map-users": (["0:100000:10", "100000,0,10", "all", "auto"],
                      ["0:1", "x:y:z", "0:100000:0"]),
        "map-groups": (["0:100000:10", "all", "auto"], ["0:1"]),
        "owner": (["1000:1000", "0:0"], ["x", "1000"]),
        "kill-child": (["SIGTERM", "TERM", "9", "RTMIN+1", "SIGRTMAX-1"],
                       ["NSTESTSIG", "0", ""]),
        "setgroups": (["allow", "deny"], ["maybe"]),
        "monotonic": (["5", "-7"], ["x", "1.5x"]),
        "boottime": (["3600"], ["x"]),
    },
    "nsenter": {
        "file": (["/proc/{T}/ns/{type}", ":{T_ID_{type}}"],
                 ["/nonexistent/nstest", "/etc/passwd", ":0"]),
        "target": (["{T}"], ["x", "0", "999999999", "{T}:1"]),
        "net-socket": (["{T_SOCK}"], ["999", "x"]),
        "setuid": (["0", "1000", "follow"], ["x"]),
        "setgid": (["0", "1000", "follow"], ["x"]),
        "root": (["/", "{DIR}"], ["/nonexistent/nstest"]),
        "wd": (["/", "{DIR}"], ["/nonexistent/nstest"]),
        "wdns": (["/", "/tmp"], ["/nonexistent/nstest"]),
    },
}

# prepended to every command line once alone, once with each of these
BASES = {
    "lsns": [[]],
    "unshare": [[]],
    "nsenter": [[], ["-t", "{T}"], ["-t", "{T}", "-n"]],
}
# options the pairs and triples never take (they end the run at once)
NO_COMBINE = {"help", "version", "list-columns"}


class Option:
    """One option of a --help: long name, short letter (or None), and
    its argument: None, "required" or "optional", with the spec."""

    def __init__(self, long, short, arg, spec):
        self.long, self.short, self.arg, self.spec = long, short, arg, spec

    def __repr__(self):
        return f"Option({self.long!r}, {self.short!r}, {self.arg!r})"


_OPT = re.compile(r"^(?:-(\w), )?--([a-z][\w-]*)(.*)$")


def parse_help(text):
    """The options of a util-linux --help TEXT, in its order."""
    opts = []
    for line in text.splitlines():
        if not line.startswith(" ") or not line.strip().startswith("-"):
            continue
        spec = re.split(r"\s{2,}", line.strip())[0]
        m = _OPT.match(spec)
        if not m:
            continue
        short, long, rest = m.groups()
        if rest.startswith("[="):
            arg = "optional"
        elif rest.startswith(" "):
            arg = "required"
        else:
            arg = None
        opts.append(Option(long, short, arg, rest.strip(" []=")))
    return opts


def values(tool, opt):
    """(good, bad) values of OPT."""
    table = VALUES[tool]
    if opt.long in NS_LONG and opt.arg:
        good, bad = table["file"]
        t = NS_LONG[opt.long]
        return ([v.replace("{type}", t) for v in good],
                [v.replace("{type}", t) for v in bad])
    return table.get(opt.long, ([], []))


def spellings(tool, opt, value, good=True):
    """The ways of writing OPT with VALUE (None: without a value)."""
    if value is None:
        out = [[f"--{opt.long}"]]
        if opt.short:
            out.append([f"-{opt.short}"])
        return out
    out = [[f"--{opt.long}={value}"]]
    if opt.arg == "required":
        out.append([f"--{opt.long}", value])
        if opt.short:
            out.append([f"-{opt.short}", value])
            if value:
                out.append([f"-{opt.short}{value}"])
    elif opt.short and value:
        out.append([f"-{opt.short}{value}"])
    return out


def forms(tool, opt):
    """Every (argv fragment, is a good value) of OPT."""
    good, bad = values(tool, opt)
    out = []
    if opt.arg != "required":
        out += [(f, True) for f in spellings(tool, opt, None)]
    if opt.arg == "required" and not good:
        good = ["{DIR}"] if "dir" in opt.spec else ["x"]
    for v in good:
        out += [(f, True) for f in spellings(tool, opt, v)]
    for v in bad:
        out += [(f, False) for f in spellings(tool, opt, v)]
    if opt.arg == "required":
        out.append(([f"--{opt.long}"], False))  # the value missing
    return out


def one_form(tool, opt):
    """The first good way of writing OPT."""
    return next(f for f, ok in forms(tool, opt) if ok)


def abbreviations(opts):
    """{long: (shortest unique prefix or None, an ambiguous prefix or
    None)} among the long options OPTS."""
    names = [o.long for o in opts]
    out = {}
    for name in names:
        unique = ambiguous = None
        for n in range(1, len(name)):
            prefix = name[:n]
            hits = [x for x in names if x.startswith(prefix)]
            if len(hits) == 1 and unique is None:
                unique = prefix
            elif len(hits) > 1 and name not in (prefix,):
                ambiguous = prefix
        out[name] = (unique, ambiguous)
    return out


def program(tool, argv):
    """ARGV with the program a case runs appended."""
    if tool in ("unshare", "nsenter"):
        return argv + PROBE
    return argv


def case(tool, argv, kind, with_program=True):
    argv = program(tool, argv) if with_program else argv
    return {"tool": tool, "argv": argv, "kind": kind,
            "stdin": SHELL_STDIN, "scene": "default", "action": None}


def singles(tool, opts):
    out = []
    for base in BASES[tool]:
        for opt in opts:
            if base and opt.long in NO_COMBINE:
                continue
            for frag, ok in forms(tool, opt):
                kind = "good" if ok else "bad"
                out.append(case(tool, base + frag, kind))
                if opt.long not in NO_COMBINE and ok and not base:
                    out.append(case(tool, frag, "no-program", False))
    return out


def abbreviated(tool, opts):
    out = []
    abbr = abbreviations(opts)
    for opt in opts:
        frag = one_form(tool, opt)
        for prefix in abbr[opt.long]:
            if prefix is None:
                continue
            first = re.sub(r"^--[\w-]+", f"--{prefix}", frag[0])
            out.append(case(tool, BASES[tool][-1] + [first] + frag[1:],
                            "abbreviation"))
    return out


def pairs(tool, opts, rng):
    usable = [o for o in opts if o.long not in NO_COMBINE]
    out = []
    for i, a in enumerate(usable):
        for b in usable[i + 1:]:
            fa, fb = one_form(tool, a), one_form(tool, b)
            out.append(case(tool, fa + fb, "pair"))
            if rng.random() < 0.5:
                out.append(case(tool, fb + fa, "pair-reversed"))
    return out


def triples(tool, opts, rng, count=150):
    usable = [o for o in opts if o.long not in NO_COMBINE]
    out = []
    for _ in range(count):
        chosen = rng.sample(usable, 3)
        argv = []
        for o in chosen:
            fs = [f for f, ok in forms(tool, o)]
            argv += rng.choice(fs)
        out.append(case(tool, argv, "triple"))
    return out


# a target that is not there: which of what is taken from it fails
# first (its namespaces in their order, -N's socket, root, cwd, ...)
GONE = "999999999"
GONE_ARGS = (["-m", "-n", "-U"], ["-T", "-m", "-i", "-C"], ["-m", "-u"],
             ["-T", "-p"], ["-a"], ["-N", "3"], ["-N", "3", "-m"],
             ["-N", "3", "-r"], ["-w", "-e", "-r"],
             ["-S", "follow", "-e", "-w"], ["-c"], ["--user-parent"],
             ["-n", "--user-parent"], ["--net=/proc/self/ns/net"],
             ["-t", GONE + ":1", "-n"])


def extras(tool):
    """Hand-written lines the walk would not reach: explicit sources
    against -t, positional arguments, the shell without a program."""
    if tool == "lsns":
        return [case("lsns", a, "extra") for a in
                (["{T_INO_net}"], ["-t", "net", "-t", "uts"],
                 ["x"], ["1"], ["{T_INO_net}", "{T_INO_uts}"],
                 ["-P", "-p", "{T}"], ["-Q", ""],
                 ["-Q", 'not TYPE eq "net"'])]
    if tool == "nsenter":
        return [case("nsenter", a, "extra") for a in
                (["--uts=/proc/1/ns/uts", "-t", "{T}", "-u"],
                 ["-t", "{T}", "-u", "--uts=/proc/1/ns/uts"],
                 ["-N", "{T_SOCK}", "-t", "{T}", "-n"],
                 ["-t", "{T}", "-r"], ["-t", "{T}", "-m", "-r"])] + \
            [case("nsenter", ["-t", GONE] + a, "gone") for a in GONE_ARGS] + \
            [case("nsenter", ["-t", "{T}", "-u"], "extra", False),
             case("nsenter", ["-t", "{T}", "-a"], "extra", False)]
    return [case("unshare", a, "extra", False) for a in
            ([], ["-u"], ["-r"], ["-f"])] + \
        [case("unshare", a, "extra") for a in
         (["--mount-binfmt", "-p", "-f"], ["-l", ":x:E::y::/bin/true:",
                                          "-r"],
          ["-r", "--owner", "1000:1000"],
          ["--map-user=0", "--owner=1000:1000"],
          ["--kill-child=RTMIN+1"], ["--w", "/"], ["--lo", "x"],
          ["--l", "x"])]


def generate_tool(tool, help_text, seed):
    rng = random.Random(f"{seed}:{tool}")
    opts = parse_help(help_text)
    return (singles(tool, opts) + abbreviated(tool, opts)
            + pairs(tool, opts, rng) + triples(tool, opts, rng)
            + extras(tool))


# --- ip netns (iproute2 6.1) ---------------------------------------------

NETNS_COMMANDS = ["list", "add", "attach", "set", "delete", "identify",
                  "pids", "exec", "monitor", "list-id"]
ALIASES = ["show", "ls", "lst", "del"]
NAMES_GOOD = ["nstest-a", "nstest-new"]
NAMES_BAD = ["", "nstest/x", ".", "..", "n" * 256, "nstest-missing"]
EXEC = ["sh", "-c", "readlink /proc/self/ns/net; ls /sys/class/net; "
        "cat /sys/class/net/lo/operstate; echo err >&2; exit 3"]
# scenes of named namespaces (see difftest_run.NETNS_SCENES)
SCENES = ["default", "empty", "odd", "fresh"]


def ncase(argv, kind, scene="default", action=None):
    return {"tool": "netns", "argv": argv, "kind": kind, "stdin": "",
            "scene": scene, "action": action}


def netns_lines():
    """(argv after "netns", kind) of every command, without globals."""
    out = [([], "no-command"), (["help"], "good"), (["frobnicate"], "bad")]
    for c in ["list"] + ALIASES[:3]:
        out.append(([c], "good"))
    for name in NAMES_GOOD + NAMES_BAD:
        kind = "good" if name in NAMES_GOOD else "bad"
        out += [(["add", name], kind), (["delete", name], kind),
                (["del", name], kind), (["pids", name], kind),
                (["exec", name, *EXEC], kind), (["exec", name], "bad"),
                (["set", name, "43"], kind), (["set", name, "auto"], kind),
                (["attach", name, "{P}"], kind)]
    out += [(["add"], "bad"), (["delete"], "bad"), (["pids"], "bad"),
            (["exec"], "bad"), (["set"], "bad"), (["attach"], "bad"),
            (["attach", "nstest-new"], "bad"),
            (["attach", "nstest-new", "x"], "bad"),
            (["attach", "nstest-new", "999999999"], "bad"),
            (["add", "nstest-x", "extra"], "bad")]
    for v in ["-1", "x", "2147483648", "0", "41"]:
        out.append((["set", "nstest-b", v], "bad"))
    out += [(["identify"], "good"), (["identify", "{P}"], "good"),
            (["identify", "x"], "bad"), (["identify", "999999999"], "bad"),
            (["identify", "1", "2"], "bad"), (["list-id"], "good")]
    for args in (["nsid", "41"], ["nsid", "99"], ["target-nsid", "41"],
                 ["target-nsid", "41", "nsid", "41"], ["nsid", "x"],
                 ["nsid"], ["bogus"], ["nsid", "-1"]):
        out.append((["list-id", *args], "good"))
    out.append((["exec", "nstest-a", "nstest-no-such-command"], "bad"))
    return out


def netns_cases(rng):
    out = []
    for argv, kind in netns_lines():
        for scene in SCENES:
            if scene != "default" and argv[:1] not in (
                    ["list"], ["exec"], ["delete"], ["add"], ["identify"],
                    ["pids"], ["list-id"], []):
                continue
            out.append(ncase(argv, kind, scene))
    for argv in (["list"], ["list-id"], ["identify"], ["pids", "nstest-a"]):
        for scene in SCENES:
            out.append(ncase(["-j", *argv], "json", scene))
    out += [ncase(["-a", "delete"], "all", s) for s in SCENES]
    out += [ncase(["-a", "exec", *EXEC], "all", s) for s in SCENES]
    out += [ncase(["-a", "exec"], "all"), ncase(["-a", "list"], "all"),
            ncase(["-j", "-a", "delete"], "all")]
    # abbreviations: iproute2 takes any prefix of a command
    for c in NETNS_COMMANDS:
        for n in range(1, len(c)):
            args = {"add": ["nstest-new"], "delete": ["nstest-a"],
                    "pids": ["nstest-a"], "exec": ["nstest-a", "true"],
                    "set": ["nstest-b", "44"],
                    "attach": ["nstest-new", "{P}"]}.get(c, [])
            out.append(ncase([c[:n], *args], "abbreviation"))
    for scene in SCENES:
        out.append(ncase(["monitor"], "monitor", scene, "add"))
    out.append(ncase(["monitor"], "monitor", "default", "delete"))
    rng.shuffle(out)
    return sorted(out, key=lambda c: c["kind"])


def generate(help_texts, seed):
    """Every case, deterministic from SEED; HELP_TEXTS: {tool: text}."""
    cases = []
    for tool in ("lsns", "unshare", "nsenter"):
        cases += generate_tool(tool, help_texts[tool], seed)
    cases += netns_cases(random.Random(f"{seed}:netns"))
    seen, out = set(), []
    for c in cases:
        key = (c["tool"], tuple(c["argv"]), c["scene"], c["action"])
        if key not in seen:
            seen.add(key)
            out.append(c)
    for i, c in enumerate(out):
        c["id"] = i
    return out


def sample(cases, seed, count):
    """COUNT of CASES, deterministic from SEED, in their order."""
    rng = random.Random(f"{seed}:sample")
    if count >= len(cases):
        return cases
    chosen = set(rng.sample(range(len(cases)), count))
    return [c for i, c in enumerate(cases) if i in chosen]
