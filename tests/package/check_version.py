#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""One version everywhere: meson's project version (--version V) is the
one of every tool's --version, every built manual page's .TH, the
newest entry of debian/changelog (a native package: no revision) and
the newest release of NEWS.md.

Usage: check_version.py --version V --changelog FILE --news FILE
       [--tool PROGRAM]... [--page PAGE]...
"""
import argparse
import os
import re
import subprocess
import sys


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--version", required=True)
    ap.add_argument("--changelog", required=True)
    ap.add_argument("--news", required=True)
    ap.add_argument("--tool", action="append", default=[])
    ap.add_argument("--page", action="append", default=[])
    args = ap.parse_args()
    version = args.version
    problems = []

    with open(args.changelog, encoding="utf-8") as f:
        first = f.readline()
    m = re.match(r"^nstools \(([^)]+)\) ", first)
    if not m:
        problems.append(f"{args.changelog}: first line {first!r}")
    elif m[1] != version:
        problems.append(f"{args.changelog}: {m[1]}, meson: {version}")

    with open(args.news, encoding="utf-8") as f:
        heads = re.findall(r"(?m)^## (\S+)", f.read())
    if not heads or heads[0] != version:
        problems.append(f"{args.news}: newest release "
                        f"{heads[0] if heads else 'none'}, meson: {version}")

    for tool in args.tool:
        name = os.path.basename(tool)
        for opt in ("-V", "--version"):
            res = subprocess.run([tool, opt], capture_output=True, text=True,
                                 stdin=subprocess.DEVNULL)
            want = f"{name} from nstools {version}\n"
            if (res.returncode, res.stdout, res.stderr) != (0, want, ""):
                problems.append(f"{name} {opt}: exit {res.returncode}, "
                                f"{res.stdout!r} {res.stderr!r}, "
                                f"want {want!r}")

    for page in args.page:
        with open(page, encoding="utf-8") as f:
            th = [ln for ln in f if ln.startswith(".TH ")]
        if len(th) != 1 or f'"nstools {version}"' not in th[0]:
            problems.append(f"{os.path.basename(page)}: .TH {th!r}, "
                            f"want \"nstools {version}\"")

    for p in problems:
        print("FAIL " + p)
    if not problems:
        print(f"version {version}: {len(args.tool)} tools, "
              f"{len(args.page)} pages, debian/changelog, NEWS.md")
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
