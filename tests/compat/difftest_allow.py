# SPDX-License-Identifier: MIT
"""The allowlist of the generated differential test (difftest-allow.txt).

The file is a list of entries separated by blank lines, each a few
"key: value" lines; "#" starts a comment line. A line "== documented =="
or "== pending ==" starts a section. Keys:

  class    what differs, in a few words (the report groups by it)
  tool     lsns, unshare, nsenter or netns (or several, with spaces)
  args     regular expression searched in the command line as the
           report prints it ("unshare --net={DIR}/new sh -c ...";
           "[odd] netns list" for a netns scene other than default)
  ours_status, ours_stdout, ours_stderr, ref_status, ref_stdout,
  ref_stderr
           optional regular expressions searched in that result
           (normalised); all given must match
  only     "whitespace": the entry matches only when the results are
           the same once runs of white space are made one space;
           "sorted": only when they are the same once the lines of
           each are sorted; "sorted-json": once the lists in the JSON
           output are sorted
  cite     documented section only: "man/PAGE: text", where text is in
           the NOTES section of our man page PAGE (checked: roff markup
           removed, white space collapsed)
  issue    pending section only: the issue item being fixed
  report   known section only: what is to be done (a fix, or the NOTES
           line that is still missing)

An entry matches a difference when the tool is the same and every
regular expression it has matches. Pending entries are differences
being fixed elsewhere; the lead removes them when the fixes are merged.
"""

import json
import os
import re

KEYS = {"class", "tool", "args", "cite", "issue", "report", "only",
        "ours_status",
        "ours_stdout", "ours_stderr", "ref_status", "ref_stdout",
        "ref_stderr"}
SECTIONS = {"documented", "pending", "known"}


def _sorted_json(text):
    def norm(v):
        if isinstance(v, list):
            return sorted((norm(x) for x in v), key=json.dumps)
        if isinstance(v, dict):
            return {k: norm(x) for k, x in v.items()}
        return v
    try:
        return json.dumps(norm(json.loads(text)), sort_keys=True)
    except ValueError:
        return text


ONLY = {"whitespace": lambda t: " ".join(t.split()),
        "sorted": lambda t: sorted(t.splitlines()),
        "sorted-json": _sorted_json}


class AllowError(Exception):
    pass


def roff_text(lines):
    """The words of roff LINES, without markup."""
    out = []
    for line in lines:
        if line.startswith(".\\\"") or line.startswith("'\\\""):
            continue
        m = re.match(r"^\.([A-Z]{1,2})\s*(.*)$", line)
        if m:
            macro, rest = m.groups()
            words = re.findall(r'"[^"]*"|\S+', rest)
            words = [w.strip('"') for w in words]
            joiner = "" if len(macro) == 2 and macro not in (
                "SH", "SS", "TP", "IP", "PP", "RS", "RE", "EX", "EE") \
                else " "
            line = joiner.join(words)
        line = re.sub(r"\\f[BIRP]", "", line)
        line = line.replace("\\-", "-").replace("\\(lq", "\u201c") \
            .replace("\\(rq", "\u201d").replace("\\(bu", "").replace(
                "\\e", "\\").replace("\\&", "").replace("\\ ", " ")
        out.append(line)
    return re.sub(r"\s+", " ", " ".join(out))


def notes_text(source_root, page):
    """The text of the NOTES section of man/PAGE."""
    path = os.path.join(source_root, page)
    with open(path) as f:
        lines = f.read().splitlines()
    notes, inside = [], False
    for line in lines:
        if line.startswith(".SH "):
            inside = line.split(None, 1)[1].strip('"') == "NOTES"
            continue
        if inside:
            notes.append(line)
    return roff_text(notes)


def parse(text):
    """The entries of the allowlist TEXT: dicts with the keys above and
    "section"."""
    entries, section, cur = [], None, None
    for n, line in enumerate(text.splitlines() + [""], 1):
        line = line.rstrip()
        if line.startswith("#"):
            continue
        m = re.match(r"^== (\w+) ==$", line)
        if m:
            if m[1] not in SECTIONS:
                raise AllowError(f"line {n}: unknown section {m[1]}")
            section, cur = m[1], None
            continue
        if not line:
            cur = None
            continue
        key, sep, value = line.partition(":")
        if not sep or key not in KEYS:
            raise AllowError(f"line {n}: not a 'key: value' line: {line}")
        if cur is None:
            if section is None:
                raise AllowError(f"line {n}: an entry before any section")
            cur = {"section": section, "line": n}
            entries.append(cur)
        cur[key] = value.strip()
    return entries


def check(entries, source_root):
    """Raise AllowError for an entry that is incomplete, whose regular
    expressions do not compile, or whose citation is not in the page's
    NOTES."""
    pages = {}
    for e in entries:
        where = f"entry at line {e['line']}"
        for key in ("class", "tool", "args"):
            if key not in e:
                raise AllowError(f"{where}: no {key}")
        if e.get("only", "whitespace") not in ONLY:
            raise AllowError(f"{where}: only: one of {sorted(ONLY)}")
        for key in KEYS - {"class", "tool", "cite", "issue", "report",
                           "only"}:
            if key in e:
                try:
                    re.compile(e[key])
                except re.error as err:
                    raise AllowError(f"{where}: {key}: {err}") from None
        if e["section"] == "pending":
            if "issue" not in e:
                raise AllowError(f"{where}: a pending entry needs issue")
            continue
        if e["section"] == "known":
            if "report" not in e:
                raise AllowError(f"{where}: a known entry needs report")
            continue
        if "cite" not in e:
            raise AllowError(f"{where}: a documented entry needs cite")
        page, sep, quote = e["cite"].partition(": ")
        if not sep or not re.match(r"^man/\w+\.[18]$", page):
            raise AllowError(f"{where}: cite is not 'man/PAGE: text'")
        if page not in pages:
            pages[page] = notes_text(source_root, page)
        if re.sub(r"\s+", " ", quote) not in pages[page]:
            raise AllowError(f"{where}: {page} NOTES do not say "
                             f"{quote!r}")


def load(path, source_root):
    with open(path) as f:
        entries = parse(f.read())
    check(entries, source_root)
    return entries


def matches(entry, case_tool, line, ours, ref):
    if case_tool not in entry["tool"].split():
        return False
    if not re.search(entry["args"], line):
        return False
    only = ONLY.get(entry.get("only"))
    if only and any(only(ours.get(f, "")) != only(ref.get(f, ""))
                    for f in ("status", "stdout", "stderr")):
        return False
    for side, res in (("ours", ours), ("ref", ref)):
        for field in ("status", "stdout", "stderr"):
            rx = entry.get(f"{side}_{field}")
            if rx is not None and not re.search(rx, res.get(field, ""),
                                                re.S | re.M):
                return False
    return True


def classify(entries, case_tool, line, ours, ref):
    """The first entry that matches, or None."""
    for e in entries:
        if matches(e, case_tool, line, ours, ref):
            return e
    return None
