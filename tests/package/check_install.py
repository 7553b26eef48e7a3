#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""meson install puts exactly what it should where util-linux has it,
by install tag: "runtime" the programs (all in bindir), the links of
the plain names (plain-names-dir) and the bash completions
(completionsdir), "man" the pages (lsns and netns in section 8,
unshare and nsenter in 1), all under the configured names.

Usage: check_install.py MESON BUILD-DIR PREFIX BINDIR MANDIR COMPLETIONS-DIR
       PROGRAM-PREFIX PLAIN-DIR MAN(true|false)
"""
import os
import subprocess
import sys
import tempfile

TOOLS = {"lsns": "8", "unshare": "1", "nsenter": "1", "netns": "8"}


def under(prefix, path):
    return path if os.path.isabs(path) else os.path.join(prefix, path)


def installed(meson, build, tags):
    """{path below DESTDIR: symlink target or None} of meson install."""
    with tempfile.TemporaryDirectory(prefix="nstest-install-") as dest:
        res = subprocess.run([meson, "install", "-C", build, "--no-rebuild",
                              "--quiet", "--destdir", dest, "--tags", tags],
                             capture_output=True, text=True,
                             stdin=subprocess.DEVNULL)
        if res.returncode != 0:
            sys.exit(f"FAIL meson install --tags {tags}: {res.stderr}")
        found = {}
        for root, dirs, files in os.walk(dest):
            for name in files + [d for d in dirs
                                 if os.path.islink(os.path.join(root, d))]:
                full = os.path.join(root, name)
                path = "/" + os.path.relpath(full, dest)
                found[path] = (os.readlink(full) if os.path.islink(full)
                               else None)
        return found


def main():
    (meson, build, prefix, bindir, mandir, compdir, pfx, plain_dir,
     man) = sys.argv[1:10]
    bindir, mandir = under(prefix, bindir), under(prefix, mandir)
    compdir = under(prefix, compdir)
    runtime, pages = {}, {}
    for tool, sect in TOOLS.items():
        name = pfx + tool
        runtime[f"{bindir}/{name}"] = None
        runtime[f"{compdir}/{name}"] = None
        if pfx and plain_dir:
            link = f"{under(prefix, plain_dir)}/{tool}"
            runtime[link] = os.path.relpath(f"{bindir}/{name}",
                                            os.path.dirname(link))
        if man == "true":
            pages[f"{mandir}/man{sect}/{name}.{sect}"] = None
    problems = []
    for tags, want in (("runtime", runtime), ("man", pages),
                       ("runtime,man", {**runtime, **pages})):
        got = installed(meson, build, tags)
        for path in sorted(set(got) | set(want)):
            if path not in got:
                problems.append(f"--tags {tags}: {path} not installed")
            elif path not in want:
                problems.append(f"--tags {tags}: {path} installed")
            elif got[path] != want[path]:
                problems.append(f"--tags {tags}: {path} -> {got[path]}, "
                                f"want -> {want[path]}")
    for p in problems:
        print("FAIL " + p)
    if not problems:
        print(f"{len(runtime)} runtime files, {len(pages)} pages")
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
