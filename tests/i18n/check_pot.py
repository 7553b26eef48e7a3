#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""po/nstools.pot is in step with the sources: xgettext, run as meson's
nstools-pot target runs it (the same files, the same arguments), finds
exactly the messages of the committed template, with the same flags
(c-format) and translator comments. The header (dates) and the source
locations (#: lines, which move with every edit) are not compared.
Remake the template with: ninja -C BUILD nstools-pot

Usage: check_pot.py XGETTEXT SOURCE-ROOT POT [XGETTEXT-ARG...]
"""
import os
import subprocess
import sys
import tempfile


def entries(path):
    """{msgid block: comments and flags} of a .pot, header left out."""
    with open(path, encoding="utf-8") as f:
        blocks = f.read().split("\n\n")
    out = {}
    for block in blocks:
        lines = [ln for ln in block.strip().splitlines()
                 if not ln.startswith("#:")]
        meta = [ln for ln in lines if ln.startswith("#")]
        body = "\n".join(ln for ln in lines if not ln.startswith("#"))
        if not body or body.startswith('msgid ""\nmsgstr ""\n"'):
            continue  # the header
        out[body] = meta
    return out


def main():
    xgettext, source, pot = sys.argv[1:4]
    args = sys.argv[4:]
    with tempfile.TemporaryDirectory(prefix="nstest-pot-") as tmp:
        fresh = os.path.join(tmp, "nstools.pot")
        res = subprocess.run([xgettext, "--directory=" + source,
                              "--files-from=" + os.path.join(source, "po",
                                                             "POTFILES"),
                              "--output=" + fresh, *args],
                             capture_output=True, text=True,
                             stdin=subprocess.DEVNULL)
        if res.returncode != 0:
            print(f"FAIL xgettext: {res.stderr}")
            sys.exit(1)
        want, got = entries(fresh), entries(pot)
    problems = []
    for body in want:
        if body not in got:
            problems.append("missing from the template: " +
                            body.splitlines()[0])
        elif got[body] != want[body]:
            problems.append(f"comments or flags differ: "
                            f"{body.splitlines()[0]}: {got[body]} "
                            f"!= {want[body]}")
    for body in got:
        if body not in want:
            problems.append("in the template, not in the sources: " +
                            body.splitlines()[0])
    for p in problems:
        print("FAIL " + p)
    if problems:
        print("remake it: ninja -C BUILD nstools-pot")
    else:
        print(f"{len(want)} messages, in step")
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
