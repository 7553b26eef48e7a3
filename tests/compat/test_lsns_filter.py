# SPDX-License-Identifier: MIT
"""Differential: lsns -Q, our evaluator against util-linux 2.42's filter.

Debian 12's libsmartcols (2.38) has no filter, so there our lsns judges
-Q expressions with the tools kit's evaluator (tools/common/filter*.c);
util-linux 2.42's lsns uses libsmartcols' own. Both must accept the same
expressions, select the same rows and fail the same way: every
expression below, and a seeded sample of generated ones, is run by both
tools on the same namespaces and compared: exit status and standard
output byte for byte (the characters libsmartcols' scanner skips are
echoed there), standard error when the status is 0. Error messages
differ on purpose (lsns(8), FILTER EXPRESSIONS, Implementations).

The table holds the cases that pinned the grammar, precedence, types
and conversions down (each was a difference once). The sample: NSTOOLS_FILTER_SEED
(default 1) and NSTOOLS_FILTER_COUNT (default 300) expressions; a full
run is e.g. NSTOOLS_FILTER_COUNT=5000. A failure lists every expression
that differs, with both outputs, and the seed.

Runs in a pid and mount namespace of its own (nstest.isolate) with
namespaces of several types, one of them without processes (a bind
mount in the private /run/netns), so that empty cells are met. Skipped
when the 2.42 reference cannot be had.
"""

import os
import random
import subprocess
import sys

sys.path.insert(0, os.path.join(os.environ.get("NSTOOLS_SOURCE_ROOT", ""),
                                "tests", "pylib"))
import nstest  # noqa: E402
from nstest import LSNS, NsTestCase, run  # noqa: E402

REFERENCE = os.environ.get("NSTOOLS_REFERENCE", "")
# UID and USER of a namespace without processes differ on purpose
# (test_lsns_compat.DeviationTest): not asked here
COLUMNS = ["NS", "TYPE", "NPROCS", "PID", "PPID", "NETNSID", "NSFS", "PNS",
           "ONS", "PATH"]
OUTPUT = ["-l", "-r", "-n", "-o", "NS,TYPE,NPROCS,PID,PPID,NETNSID,NSFS,PNS,ONS"]
TRIES = 3

TABLE = [
    # precedence, "not", and the empty expression (issue 16)
    '',
    'not TYPE eq "net"',
    'not TYPE == "net" and NPROCS == 1',
    'not (TYPE eq "net")',
    '!TYPE == "net"',
    '!(TYPE == "net")',
    'TYPE == "net" || TYPE == "uts" && NPROCS > 1',
    'TYPE == "uts" && NPROCS > 1 || TYPE == "net"',
    'TYPE',
    '!TYPE',
    'NPROCS',
    'false',
    'true',
    '1',
    '0',
    'TYPE == "true"',
    'TYPE == "net"',
    '"net" == TYPE',
    '!TYPE == "net"',
    '"net" == !TYPE',
    '!TYPE == "TRUE"',
    '!TYPE == "True"',
    '!TYPE == "yes"',
    '!TYPE == "2"',
    '!TYPE == "01"',
    '!TYPE == " 1"',
    '!TYPE == ""',
    'NPROCS == true',
    'NPROCS == false',
    'NPROCS == "1"',
    'NPROCS == "2"',
    'NPROCS < "10"',
    'NPROCS > "10"',
    'NPROCS > 1',
    'NPROCS > 1.5',
    'NPROCS == 1.0',
    'NPROCS == "abc"',
    'NPROCS != "abc"',
    'NETNSID > 0',
    'NETNSID == 0',
    'NETNSID == "0"',
    'NETNSID',
    '!NETNSID',
    'NETNSID == ""',
    'NETNSID != ""',
    'NETNSID < "a"',
    'NETNSID != "unassigned"',
    'PNS',
    'PNS == 0',
    'PNS > 0',
    '!PNS',
    'USER == "root"',
    'TYPE > 1',
    'TYPE > "n"',
    'TYPE >= "net"',
    'TYPE < "net"',
    'TYPE =~ "^n"',
    'TYPE !~ "^n"',
    'NETNSID =~ "."',
    'NETNSID !~ "."',
    'PNS =~ "."',
    'PNS !~ "."',
    '1 == 1',
    '1 == 2',
    '"a" == "a"',
    '"a" < "b"',
    '1 < "2"',
    '"10" < 9',
    '1K == 1024',
    '1KiB == 1024',
    '1.5 > 1',
    'true',
    'false',
    'TRUE',
    'True',
    'x',
    'not TYPE eq "net"',
    'TYPE eq "net" and not NPROCS gt 1',
    'TYPE == "uts" && NETNSID > 0',
    'TYPE == "net" && NETNSID > 0',
    'TYPE != "net" && NETNSID > 0',
    'TYPE != "net" || NETNSID > 0',
    'TYPE == "net" || NETNSID > 0',
    'NETNSID == 0 || true',
    'true || NETNSID == 0',
    'false && NETNSID == 0',
    'NETNSID == 0 && false',
    'USER > 1',
    'USER == 0',
    'NPROCS == TYPE',
    'TYPE == NPROCS',
    'NS > PID',
    'PID < NS',
    'NPROCS == PID',
    '9 > "10"',
    '"9" > 10',
    '5 == " 5"',
    '5 == "5x"',
    '16 == "0x10"',
    '1024 == "1K"',
    '"5" == 5',
    '1.5 == "1.5"',
    '"1.5" == 1.5',
    '"1.50" == 1.5',
    '1.5 == "1.50"',
    'true == 1',
    '1 == true',
    'true == 2',
    '2 == true',
    '0 == false',
    '"true" == (1 == 1)',
    '"1" == (1 == 1)',
    '"false" == (1 == 2)',
    '"0" == (1 == 2)',
    '"" == (1 == 2)',
    '(1 == 1) == "yes"',
    '(1 == 1) == "y"',
    '(1 == 1) == "Y"',
    '(1 == 1) == "YES"',
    '(1 == 1) == "on"',
    '(1 == 1) == "t"',
    '(1 == 1) == "1 "',
    '(1 == 1) == "yes "',
    '(1 == 1) == " yes"',
    '(1 == 1) == "\t1"',
    '(1 == 1) == "1x"',
    '(1 == 1) == "yesx"',
    '(1 == 1) == "11"',
    '(1 == 1) == "10"',
    '(1 == 1) == "+1"',
    '(1 == 1) == "tRuE"',
    '(1 == 2) == "no"',
    '(1 == 1) == 1',
    '(1 == 1) == 2',
    '(1 == 1) == 0',
    '(1 == 1) == 1.5',
    '(1 == 1) == 0.0',
    '(1 == 1) > false',
    'true > false',
    'false < true',
    '"b" > "a"',
    'TYPE =~ "^(n"',
    '(1 == 1) =~ "t"',
    'NPROCS =~ "^1$"',
    '1 =~ "1"',
    '"abc" =~ "b"',
    'NPROCS',
    '!NPROCS',
    '0',
    '0.0',
    '0.5',
    '""',
    '"x"',
    '!""',
    '!"x"',
    '!0',
    '!1',
    '!true',
    '(TYPE)',
    '((TYPE == "net"))',
    'TYPE == "net" && (NPROCS > 1 || PID == 1)',
    'not TYPE == "net" and NPROCS == 1',
    'TYPE == "net" or TYPE == "uts" and NPROCS == 1',
    'TYPE == "net" and TYPE == "uts" or NPROCS == 1',
    'NPROCS == 1 or TYPE == "net" and TYPE == "uts"',
    'NOT TYPE',
    'Not TYPE',
    'AND',
    'TYPE AND TYPE',
    'TYPE And TYPE',
    'TYPE EQ "net"',
    'TYPE Eq "net"',
    'TYPE eQ "net"',
    'TYPE OR false',
    'TYPE Or false',
    'FALSE',
    'False',
    'TYPE == "net" &&',
    '&& TYPE',
    'TYPE ==',
    '== TYPE',
    'TYPE "net"',
    'TYPE = "net"',
    'TYPE === "net"',
    "TYPE == 'net'",
    'TYPE == "ne\'t"',
    'TYPE == \'ne"t\'',
    'type == "net"',
    'Type == "net"',
    'NS == 4026531833',
    'NS == 4026531833.0',
    'NS > 4.02e9',
    '1e3 == 1000',
    'NPROCS == 01',
    'NPROCS == 1.',
    'NPROCS == .5',
    '1.5.5 == 1',
    '-1 < NPROCS',
    'NPROCS > -1',
    '1K > 1000',
    '1M == 1048576',
    '1G == 1073741824',
    '1T == 1099511627776',
    '1P == 1125899906842624',
    '1E == 1152921504606846976',
    '1Z > 1',
    '1Y > 1',
    '1KiB == 1K',
    '1Ki == 1024',
    '1KB == 1024',
    '1k == 1024',
    '1.5K == 1536',
    '99999999999999999999 > 1',
    '18446744073709551615 > 1',
    '18446744073709551616 > 1',
    'TYPE==net',
    'TYPE=="net"',
    '(TYPE=="net")',
    '!(TYPE=="net")',
    '!!(TYPE=="net")',
    'TYPE@',
    'NPROCS:x',
    'NPROCS-1',
    'PID/2',
    'a.b',
    '_x',
    'PID',
    '!PID',
    'PID == 0',
    'PID != 0',
    'PID > 0',
    'PID < 1',
    'PID == ""',
    'PID != ""',
    'PID < "a"',
    'PID > ""',
    'PID =~ "."',
    'PID !~ "."',
    'PID =~ ""',
    'PID !~ ""',
    'NETNSID > ""',
    'NETNSID >= ""',
    'NETNSID <= ""',
    '"" < NETNSID',
    '"" > NETNSID',
    '"" == NETNSID',
    'NETNSID == NETNSID',
    'PID == PID',
    'NETNSID =~ ""',
    'NETNSID !~ ""',
    'TYPE == (1 == 2)',
    '(1 == 2) == TYPE',
    'NPROCS == (1 == 1)',
    '(1 == 1) == NPROCS',
    '1 == 1.5',
    '1.5 == 1',
    'NPROCS == 1.5',
    '1.5 > NPROCS',
    '"2" == 2.0',
    '"0.1" == 0.1',
    '"100000000" == 100000000.0',
    '"1e+08" == 100000000.0',
    '0 == ""',
    '0 == "-1"',
    '5 == "+5"',
    '5 == "5 "',
    '5.0 == "5x"',
    '1.5 == "abc"',
    '(1==1) == "abc"',
    '99999999999999999999 == 18446744073709551615',
    '18446744073709551616 == 0',
    '18446744073709551616 == 18446744073709551615',
    '1.5 =~ "1"',
    '"abc" =~ ""',
    'TYPE & TYPE',
    'TYPE | TYPE',
    '"abc',
    "'abc",
    'TYPE == "a',
    'TYPE == "net" @',
    '@',
    '(1==1) == "1.0"',
    '(1==1) == "yes1"',
    '(1==1) == "y1"',
    '(1==1) == "yx"',
    '(1==1) == "ye"',
    '(1==1) == "tru"',
    '(1==1) == "truex"',
    '(1==1) == "true1"',
    '(1==1) == "n"',
    '(1==1) == " 1 "',
    '(1==1) == "1\\t"',
    '(1==1) == "Yes"',
    '(1==1) == "yEs"',
    '(1==1) == "TRUEx"',
    '(1==1) == "T"',
    '(1==1) == "Tr"',
    '(1==1) == "  true"',
    '(1==1) == "  y"',
    '(1==1) == "  n"',
    '(1==1) == "1.5"',
    '(1==1) == "0.5"',
    '(1==1) == "00"',
    '(1==1) == "10x"',
    '(1==1) == "yesyes"',
    '(1==1) == "x1"',
    '(1==1) == "t1"',
    'PID == "0"',
    'PID =~ "^0$"',
    'PID == "1"',
    'PID == false',
    'PID == true',
    'PID != false',
    'false == PID',
    'NETNSID == false',
    'NETNSID == true',
    'NETNSID != false',
    'PID == 1.5',
    'PID != 1.5',
    'PID < 1.5',
    'PID == NETNSID',
    'NETNSID == PID',
    'TYPE == NETNSID',
    'NETNSID == TYPE',
    'NETNSID < TYPE',
    '"true " == (1==1)',
    '(1==1) == "true "',
    '(1==1) == "yes  "',
    '1 == 1 == true',
    '1 == 1 == 1',
    '(1 == 1) == (2 == 2)',
    '(1 == 1) != (2 == 3)',
    '1 < 2 < 3',
    'NOT NOT TYPE',
    '! ! TYPE',
    '!(1)',
    '!!!TYPE',
    'TYPE and !TYPE or TYPE',
    '(TYPE',
    'TYPE)',
    '()',
    'TYPE == "net" ()',
    '1.5',
    '"0"',
    '" "',
    '-5',
    '"truex" == (1==1)',
    '"true x" == (1==1)',
    '"tru" == (1==1)',
    '"TRUE" == (1==1)',
    '" true" == (1==1)',
    '"net " == "net"',
    '"net" == "net "',
    'TYPE == "net "',
    '"false " == (1==2)',
    '"1 " == 1',
    '"true " == true',
    '"true " != true',
    '"yes" == true',
    '"abc" == true',
    '"abc" == false',
    '"" == false',
    '" " == false',
    '"a b" == "a b"',
    '"a  b" == "a b"',
    '"  " == ""',
    '" x " =~ "^x$"',
    'TYPE =~ " ^net$ "',
    'TYPE =~ "^net $"',
    '" x" =~ "^ x"',
    '" x" < "a"',
    '" 5" == 5',
    '5 == " 5 "',
    '"a\t" == "a"',
    '" " == ""',
    '"" == " "',
    'TYPE == " net"',
    '" net" == TYPE',
    '0.0 < "-1"',
    '1.5 == "+1.5"',
    '1.5 == "1.5e0"',
    '1.0 == "1"',
    '1.0 == " 1 "',
    '0.0 == ""',
    '1.0 == "inf"',
    '1.0 == "0x1"',
    '1.0 == ".5"',
    '0.5 == ".5"',
    '1.0 == "1."',
    '1.5 == "1,5"',
    '2.0 gt "+2"',
    '(0.0) ne "+2"',
    'NPROCS == 1.',
    'TYPE > "n"',
    'TYPE >= "net"',
    'not TYPE =~ "x"',
    'PID == 0.0',
    "''",
    'not TYPE !~ "x"',
]


def value(rng):
    """A literal, a column, or a bit of everything the scanner meets."""
    return rng.choice([
        lambda: rng.choice(COLUMNS + [c.lower() for c in COLUMNS[:3]]),
        lambda: str(rng.choice([0, 1, 2, 5, 10, 4026531837,
                                18446744073709551615])),
        lambda: rng.choice(["0.0", "1.5", "2.0", "1K", "1KiB", "3M"]),
        lambda: '"%s"' % rng.choice(["net", "uts", "", " x ", "1", "0",
                                     "true", "yes", "no", "5", "10",
                                     "unassigned", "1.5", "-1", "+2",
                                     "pid", "n", "root"]),
        lambda: "'%s'" % rng.choice(["user", "mnt", "1", ""]),
        lambda: rng.choice(["true", "false", "TRUE", "FALSE"]),
    ])()


CMP = ["==", "!=", "<", "<=", ">", ">=", "eq", "ne", "lt", "le", "gt", "ge",
       "EQ", "GT"]
REGEX = ['"^n"', '"."', '""', '"^[0-9]+$"', '"t$"', '"^4026"']


def expression(rng, depth):
    r = rng.random()
    if depth == 0 or r < 0.25:
        return value(rng)
    if r < 0.55:
        return (f"{expression(rng, depth - 1)} {rng.choice(CMP)} "
                f"{expression(rng, depth - 1)}")
    if r < 0.62:
        return (f"{expression(rng, depth - 1)} {rng.choice(['=~', '!~'])} "
                f"{rng.choice(REGEX)}")
    if r < 0.8:
        op = rng.choice(["&&", "||", "and", "or", "AND", "OR"])
        return f"{expression(rng, depth - 1)} {op} {expression(rng, depth - 1)}"
    if r < 0.9:
        return f"{rng.choice(['!', 'not ', 'NOT ', '! '])}{expression(rng, depth - 1)}"
    return f"({expression(rng, depth - 1)})"


def generated(seed, count):
    rng = random.Random(seed)
    out = []
    while len(out) < count:
        expr = expression(rng, 3)
        if rng.random() < 0.1:  # no blanks around symbols
            expr = expr.replace(" == ", "==").replace(" && ", "&&")
        out.append(expr)
    return out


def outcome(argv):
    res = run(argv)
    err = res.stderr if res.returncode == 0 else "(not compared)"
    out = res.stdout
    if "-H" in argv:  # without our extension column (lsns(8) NOTES)
        out = "".join(line for line in out.splitlines(keepends=True)
                      if line.split()[:1] != ["NSID"])
    return res.returncode, out, err


def differs(args):
    """None when both tools agree on @args (retried: others' processes
    may come and go), else (ours, theirs)."""
    for _ in range(TRIES):
        ours = outcome([LSNS, *args])
        theirs = outcome([REFERENCE, "lsns", *args])
        if ours == theirs:
            return None
    return ours, theirs


class Fixture:

    @classmethod
    def start(cls):
        cls.holders = [nstest.Holder("-t", "uts,ipc", "-c", "2"),
                       nstest.Holder("-t", "user,pid,uts", "-r", "-c", "1"),
                       nstest.Holder("-t", "net,mnt", "-c", "1")]
        gone = nstest.Holder("-t", "net")
        cls.bound = "/run/netns/nstest-filter-gone"
        with open(cls.bound, "w"):
            pass
        subprocess.run(["mount", "--bind", f"/proc/{gone.pid}/ns/net",
                        cls.bound], check=True)
        gone.close()

    @classmethod
    def stop(cls):
        subprocess.run(["umount", cls.bound], check=False)
        os.unlink(cls.bound)
        for h in reversed(cls.holders):
            h.close()


def reference_problem():
    if not REFERENCE or not os.access(REFERENCE, os.X_OK):
        return f"no reference fetcher ({REFERENCE or 'NSTOOLS_REFERENCE unset'})"
    try:
        res = run([REFERENCE, "--fetch"], timeout=1800)
    except subprocess.TimeoutExpired:
        return "fetching it timed out"
    if res.returncode != 0:
        lines = res.stderr.strip().splitlines()
        return lines[-1] if lines else f"exit status {res.returncode}"
    return None


class FilterDiffTest(NsTestCase):

    @classmethod
    def setUpClass(cls):
        cls.why = reference_problem()
        if not cls.why:
            Fixture.start()

    @classmethod
    def tearDownClass(cls):
        if not cls.why:
            Fixture.stop()

    def setUp(self):
        if self.why:
            self.skipTest(f"util-linux 2.42 reference not available "
                          f"({self.why})")
        super().setUp()

    def compare_all(self, cases, what):
        bad = []
        for args in cases:
            d = differs(args)
            if d:
                bad.append(f"lsns {args!r}:\n  ours   {d[0]!r}\n"
                           f"  2.42   {d[1]!r}")
        self.assertEqual(bad, [], f"{len(bad)} of {len(cases)} {what} "
                         "differ:\n" + "\n".join(bad))

    def test_table(self):
        self.compare_all([[*OUTPUT, "-Q", e] for e in TABLE], "expressions")

    def test_generated(self):
        seed = int(os.environ.get("NSTOOLS_FILTER_SEED", "1"))
        count = int(os.environ.get("NSTOOLS_FILTER_COUNT", "300"))
        self.compare_all([[*OUTPUT, "-Q", e] for e in generated(seed, count)],
                         f"generated expressions (seed {seed})")

    def test_options(self):
        """When -Q is read: the syntax at once, the columns after the
        other options and the namespace argument, never for -H; the last
        -Q wins, and an empty one is no filter."""
        self.compare_all([
            ["-n", "-o", "NS,TYPE", "-Q", ""],
            ["-n", "-o", "NS,TYPE", "-Q", "FOO", "-Q", ""],
            ["-n", "-o", "NS,TYPE", "-Q", "", "-Q", "FOO"],
            ["-n", "-o", "NS,TYPE", "-Q", "(", "-Q", ""],
            ["-Q", "FOO", "-H"],
            ["-Q", "FOO", "-p", "abc"],
            ["-Q", "FOO", "abc"],
            ["-Q", "(", "abc"],
            ["-Q", "(", "-t", "foo"],
            ["-t", "foo", "-Q", "("],
            ["-Q", "FOO", "-T", "foo"],
            ["-Q", "TYPE == 'net' @", "-J", "-o", "NS,TYPE"],
            ["-Q", "TYPE == 'net'", "-Q", "TYPE == 'uts'", "-n", "-o", "NS"],
        ], "option orders")


if __name__ == "__main__":
    nstest.require_root()
    nstest.require(LSNS, "lsns")
    nstest.require(nstest.NSHOLDER, "nsholder")
    nstest.main(pid_namespace=True)
