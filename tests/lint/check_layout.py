#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""The house rules a reader relies on, checked on every run:

- no file in lib/ or tools/ over 800 lines, no function over 80;
- lib/ is one folder per module, each with its public header
  lib/include/libns/MODULE.h, and a module includes only the public
  headers of modules listed before it in lib/meson.build's
  libns_modules (no circle), its own internal headers only.

Functions are found as the project writes them (clang-format's Linux
style): a line that is exactly "{" opens a function body, the next line
starting with "}" closes it.
"""
import os
import re
import sys
import unittest

SRC = os.environ.get("NSTOOLS_SOURCE_ROOT",
                     os.path.dirname(os.path.dirname(
                         os.path.dirname(os.path.abspath(__file__)))))
MAX_FILE = 800
MAX_FUNCTION = 80


def read(path):
    with open(path, errors="replace") as f:
        return f.read()


def sources(*dirs):
    for d in dirs:
        for dirpath, _, names in os.walk(os.path.join(SRC, d)):
            for name in sorted(names):
                if name.endswith((".c", ".h")):
                    yield os.path.join(dirpath, name)


def long_functions(lines):
    start = name = None
    for i, line in enumerate(lines):
        if line == "{" and i > 0:
            j = i - 1
            while j > 0 and "(" not in lines[j]:
                j -= 1
            m = re.search(r"(\w+)\s*\(", lines[j])
            start, name = i, m.group(1) if m else "?"
        elif line.startswith("}") and start is not None:
            if i - start + 1 > MAX_FUNCTION:
                yield name, start + 1, i - start + 1
            start = None


def modules():
    text = read(os.path.join(SRC, "lib", "meson.build"))
    m = re.search(r"libns_modules = \[(.*?)\]", text, re.S)
    return re.findall(r"'(\w+)'", m.group(1))


class LayoutTest(unittest.TestCase):
    def test_sizes(self):
        bad = []
        for path in sources("lib", "tools"):
            lines = read(path).split("\n")
            rel = os.path.relpath(path, SRC)
            if len(lines) > MAX_FILE:
                bad.append(f"{rel}: {len(lines)} lines")
            for name, line, n in long_functions(lines):
                bad.append(f"{rel}:{line}: {name}() is {n} lines")
        self.assertEqual(bad, [], "over the limits (file 800, function 80)")

    def test_modules(self):
        order = modules()
        headers = sorted(f[:-2] for f in os.listdir(
            os.path.join(SRC, "lib", "include", "libns")))
        self.assertEqual(headers, sorted(order),
                         "one public header per module folder")
        for mod in order:
            self.assertTrue(os.path.isdir(os.path.join(SRC, "lib", mod)), mod)
        bad = []
        for i, mod in enumerate(order):
            allowed = set(order[:i + 1])
            own = set(os.listdir(os.path.join(SRC, "lib", mod)))
            for path in sources(os.path.join("lib", mod)):
                rel = os.path.relpath(path, SRC)
                for inc in re.findall(r'^#include "([^"]+)"',
                                      read(path), re.M):
                    if inc.startswith("libns/"):
                        used = inc[len("libns/"):-2]
                        if used not in allowed:
                            bad.append(f"{rel} uses {used}, listed later")
                    elif inc not in own and inc != "config.h":
                        bad.append(f"{rel} includes {inc} of another folder")
        self.assertEqual(bad, [], "module order (lib/meson.build)")

    def test_public_headers_include_earlier_modules_only(self):
        order = modules()
        bad = []
        for i, mod in enumerate(order):
            path = os.path.join(SRC, "lib", "include", "libns", mod + ".h")
            for inc in re.findall(r'^#include "libns/(\w+)\.h"',
                                  read(path), re.M):
                if inc not in order[:i]:
                    bad.append(f"libns/{mod}.h includes libns/{inc}.h")
        self.assertEqual(bad, [])


if __name__ == "__main__":
    unittest.main(verbosity=2)
