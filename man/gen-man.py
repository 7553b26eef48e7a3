#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Make an installed manual page from its source in man/.

Usage: gen-man.py --version V [--prefix P] [--plain-dir DIR] SRC DST

- @VERSION@ (in .TH) becomes the project's version V (meson's);
- with a program prefix P (meson's program-prefix, e.g. "ns-") the
  page is that of P+NAME: the title of .TH, the NAME line, the program
  name in SYNOPSIS and our own tools in SEE ALSO carry the prefix, and
  a section INSTALLED NAMES (before SEE ALSO) says why, where the plain
  names are (DIR, the plain-names-dir option, when set) and what
  sudo's secure_path does. The rest of the page keeps the plain names
  (its examples are the commands as a user of the plain names types
  them).
"""
import argparse
import re
import sys

TOOLS = ("lsns", "unshare", "nsenter", "netns")
SECTION = {"lsns": "8", "unshare": "1", "nsenter": "1", "netns": "8"}


def roff(name):
    """NAME as roff text: a minus sign, not a hyphen, so that it can be
    copied and searched for."""
    return name.replace("-", "\\-")


def installed_names(tool, prefix, plain_dir):
    """The INSTALLED NAMES section of TOOL's page in a prefix build."""
    name, sect = roff(prefix + tool), SECTION[tool]
    out = [".SH INSTALLED NAMES",
           "This program is installed as",
           ".B " + name,
           "and this page as",
           f".BR {name} ({sect}),",
           "so that they sit beside util-linux's",
           f".BR {tool} ({sect}),",
           "which keeps the plain name."]
    if plain_dir:
        out += ["The plain name",
                ".B " + tool,
                "is also installed, as a link in",
                f".IR {plain_dir} ,",
                "together with those of the other programs of nstools",
                "(" + ", ".join(t for t in TOOLS) + ").",
                "A user who puts that directory first in",
                ".B PATH",
                "runs them under their plain names, as the commands of",
                "this page are written:",
                ".PP",
                ".in +4n",
                ".EX",
                f"PATH={plain_dir}:$PATH",
                ".EE",
                ".in",
                ".PP",
                "The messages then name the program as invoked."]
    out += [".PP",
            ".BR sudo (8)",
            "replaces",
            ".B PATH",
            "with its",
            ".B secure_path",
            "(on Debian",
            ".IR /usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin ),",
            "so",
            f'.B "sudo {tool}"',
            "runs util-linux's",
            ".B " + tool,
            "even with that",
            ".BR PATH :",
            "run",
            f'.B "sudo {name}"',
            "instead" + (f", or give the full path, {plain_dir}/{tool}."
                         if plain_dir else ".")]
    return out


def generate(lines, tool, version, prefix, plain_dir):
    out = []
    section = None
    for line in lines:
        if line.startswith(".TH "):
            line = line.replace("@VERSION@", version)
            if prefix:
                line = re.sub(r"^\.TH \S+",
                          lambda m: ".TH " + roff((prefix + tool).upper()),
                          line)
        elif line.startswith(".SH "):
            section = line[4:].strip().strip('"')
            if section == "SEE ALSO" and prefix:
                out += installed_names(tool, prefix, plain_dir)
        elif prefix and section == "NAME":
            line = re.sub(r"^%s\b" % tool, lambda m: roff(prefix + tool),
                          line)
        elif prefix and section == "SYNOPSIS":
            line = re.sub(r"^\.B %s$" % tool,
                          lambda m: ".B " + roff(prefix + tool), line)
        elif prefix and section == "SEE ALSO":
            line = re.sub(r"^\.BR (%s) \(" % "|".join(TOOLS),
                          lambda m: f".BR {roff(prefix + m[1])} (", line)
        out.append(line)
    if "@VERSION@" in "\n".join(out):
        raise SystemExit("gen-man.py: @VERSION@ left outside .TH")
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--version", required=True)
    ap.add_argument("--prefix", default="")
    ap.add_argument("--plain-dir", default="")
    ap.add_argument("src")
    ap.add_argument("dst")
    args = ap.parse_args()
    tool = args.src.rsplit("/", 1)[-1].rsplit(".", 1)[0]
    if tool not in TOOLS:
        sys.exit(f"gen-man.py: {args.src}: not a page of ours")
    with open(args.src, encoding="utf-8") as f:
        lines = f.read().splitlines()
    if not any(ln.startswith(".TH ") and "@VERSION@" in ln for ln in lines):
        sys.exit(f"gen-man.py: {args.src}: no @VERSION@ in .TH")
    out = generate(lines, tool, args.version, args.prefix, args.plain_dir)
    with open(args.dst, "w", encoding="utf-8") as f:
        f.write("\n".join(out) + "\n")


if __name__ == "__main__":
    main()
