#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Messages in German, as util-linux 2.42 prints them.

Where util-linux's message catalogs are installed (Debian:
util-linux-locales), what lsns, unshare and nsenter say in the same
words as util-linux comes out in util-linux's own translation. Each
case runs ours and util-linux 2.42 (tests/reference, $NSTOOLS_REFERENCE,
which reads the same catalogs) under de_DE.UTF-8 (compiled from the
locales package into a scratch LOCPATH) and compares exit status,
stdout and stderr (our configured names made plain, getopt's program
path as util-linux's name). 2.42's messages that the installed catalog
does not know (newer than it) stay English in both.

Skipped, with the reason: without util-linux's German catalog, without
the de_DE locale sources, or when 2.42 cannot be fetched (no network).
Needs no root: the cases are errors and help texts.
"""

import os
import subprocess
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.join(os.environ.get("NSTOOLS_SOURCE_ROOT", ""),
                                "tests", "pylib"))
import nstest  # noqa: E402

SKIP = 77
CATALOG = os.path.join(os.environ.get("NSTOOLS_UTIL_LINUX_LOCALEDIR",
                                      "/usr/share/locale"),
                       "de", "LC_MESSAGES", "util-linux.mo")
REFERENCE = os.environ.get("NSTOOLS_REFERENCE", "")
TOOLS = {"lsns": os.environ.get("NSTOOLS_LSNS", ""),
         "unshare": os.environ.get("NSTOOLS_UNSHARE", ""),
         "nsenter": os.environ.get("NSTOOLS_NSENTER", "")}

CASES = [
    ("lsns", ["--help"]),
    ("lsns", ["-t", "foo"]),
    ("lsns", ["--tree=foo"]),
    ("lsns", ["-o", "NS,FOO"]),
    ("lsns", ["-p", "abc"]),
    ("lsns", ["-p", "99999999999999999999"]),
    ("lsns", ["abc"]),
    # (no case that scans the system: 2.42 gives up silently when a
    # process it reads goes away meanwhile, as on a busy machine)
    ("lsns", ["-J", "-r"]),
    ("lsns", ["-p", "1", "123"]),
    ("lsns", ["--nstest-bogus"]),
    ("unshare", ["--help"]),
    ("unshare", ["--nstest-bogus"]),
    ("unshare", ["--propagation", "sideways", "-m", "true"]),
    ("unshare", ["--kill-child=NSTESTSIG", "true"]),
    ("unshare", ["--setgroups", "maybe", "-U", "true"]),
    ("unshare", ["--map-users", "0:1", "true"]),
    ("unshare", ["--map-user", "nstest-nosuchuser", "true"]),
    ("unshare", ["--monotonic", "5", "true"]),
    ("unshare", ["-w", "/nonexistent/nstest", "true"]),
    ("unshare", ["-R", "/nonexistent/nstest", "true"]),
    ("nsenter", ["--help"]),
    ("nsenter", ["--nstest-bogus"]),
    ("nsenter", ["-t", "abc", "-n"]),
    ("nsenter", ["-t", "1", "true"]),
    ("nsenter", ["--net=/nonexistent/nstest", "true"]),
    ("nsenter", ["-t", "1", "-U", "-S", "x", "true"]),
    ("nsenter", ["-t", "1", "-n", "-N", "x", "true"]),
]


def german_locale(tmp):
    """LOCPATH with de_DE.UTF-8 compiled into TMP, or None."""
    if not os.path.exists("/usr/share/i18n/locales/de_DE"):
        return None
    res = subprocess.run(["localedef", "-i", "de_DE", "-f", "UTF-8",
                          os.path.join(tmp, "de_DE.UTF-8")],
                         capture_output=True, stdin=subprocess.DEVNULL)
    return tmp if os.path.isdir(os.path.join(tmp, "de_DE.UTF-8")) or \
        res.returncode == 0 else None


class GermanTest(unittest.TestCase):
    locpath = None

    def run_one(self, argv, lang):
        env = dict(os.environ, LC_ALL=lang, LOCPATH=self.locpath)
        env.pop("LANGUAGE", None)
        res = subprocess.run(argv, capture_output=True, text=True,
                             env=env, stdin=subprocess.DEVNULL, timeout=60)
        return res.returncode, res.stdout, res.stderr

    def ours(self, tool, args, lang):
        path = TOOLS[tool]
        rc, out, err = self.run_one([path, *args], lang)
        # getopt names the program as invoked (our path)
        err = err.replace(path + ":", tool + ":")
        return rc, nstest.as_plain(out), nstest.as_plain(err)

    def test_cases(self):
        translated = 0
        for tool, args in CASES:
            with self.subTest(tool=tool, args=args):
                ours_c = self.ours(tool, args, "C")
                theirs_c = self.run_one([REFERENCE, tool, *args], "C")
                # what only ours has (options of --help): not compared
                extra = set(ours_c[1].splitlines()) - \
                    set(theirs_c[1].splitlines())
                ours_c = (ours_c[0], without(ours_c[1], extra), ours_c[2])
                self.assertEqual(ours_c, theirs_c, "in the C locale")
                rc, out, err = self.ours(tool, args, "de_DE.UTF-8")
                theirs = self.run_one([REFERENCE, tool, *args],
                                      "de_DE.UTF-8")
                self.assertEqual((rc, without(out, extra), err), theirs)
                if out != ours_c[1] or err != ours_c[2]:
                    translated += 1
        # the comparison means something: German did come out
        self.assertGreater(translated, len(CASES) // 2)


def without(text, extra):
    """TEXT without the lines in EXTRA, and without the blank line that
    follows a run of them."""
    out, dropped = [], False
    for line in text.splitlines(keepends=True):
        if line.rstrip("\n") in extra:
            dropped = True
            continue
        if dropped and line == "\n":
            dropped = False
            continue
        dropped = False
        out.append(line)
    return "".join(out)


def main():
    for path in TOOLS.values():
        nstest.require(path, "the tools")
    if not os.path.exists(CATALOG):
        print(f"SKIP: util-linux's German messages are not installed "
              f"({CATALOG}; Debian: util-linux-locales)")
        sys.exit(SKIP)
    if not REFERENCE or not os.access(REFERENCE, os.X_OK):
        print("SKIP: no util-linux 2.42 reference (NSTOOLS_REFERENCE)")
        sys.exit(SKIP)
    res = subprocess.run([REFERENCE, "--fetch"], capture_output=True,
                         text=True, stdin=subprocess.DEVNULL)
    if res.returncode not in (0, 3):
        last = (res.stderr.strip().splitlines() or ["?"])[-1]
        print(f"SKIP: util-linux 2.42 reference not available ({last})")
        sys.exit(SKIP)
    with tempfile.TemporaryDirectory(prefix="nstest-locale-") as tmp:
        GermanTest.locpath = german_locale(tmp)
        if not GermanTest.locpath:
            print("SKIP: cannot make the de_DE.UTF-8 locale (localedef; "
                  "Debian: locales)")
            sys.exit(SKIP)
        prog = unittest.main(exit=False, verbosity=2)
        sys.exit(0 if prog.result.wasSuccessful() else 1)


if __name__ == "__main__":
    main()
