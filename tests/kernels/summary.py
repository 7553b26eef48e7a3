# SPDX-License-Identifier: MIT
"""The kernel lane's count of test cases (see tests/kernels/run).

A case is a unittest case of a Python test program (its closing "Ran N
tests" and "OK (skipped=K)" / "FAILED (failures=F, errors=E, ...)"
lines; the reasons from its "skipped '...'" lines), a Check case of a
unit program ("Checks: N, Failures: F, Errors: E"), or else the meson
test itself: one case, passed, failed or skipped (the reason: its
"SKIP: ..." line). A program whose counted cases all passed but that
failed all the same (a crash, a timeout, a leftover found at exit)
adds one failed case.
"""

import json
import os
import re
from collections import Counter

SKIP = 77
# what each release's linux-image-amd64 depends on (sid's moves on)
NOMINAL = {"bullseye": "5.10", "bookworm": "6.1", "trixie": "6.12",
           "sid": "newest"}


class Result:
    def __init__(self, release, version=None):
        self.release = release
        self.version = version
        self.passed = self.failed = self.skipped = 0
        self.skips = Counter()      # reason -> cases
        self.failures = []          # meson test names with a failure
        self.broken = None          # why the guest gave no results
        self.unavailable = None     # why the kernel could not be had
        self.seconds = None

    def skip(self, reason, count=1):
        self.skipped += count
        self.skips[reason] += count

    def line(self):
        name = (f"{self.release} (Linux "
                f"{self.version or NOMINAL.get(self.release, '?')})")
        if self.unavailable:
            return (f"{name}: every case SKIPPED, the kernel is "
                    f"unavailable: {self.unavailable}")
        s = (f"{name}: {self.passed} passed, {self.failed} failed, "
             f"{self.skipped} skipped")
        if self.seconds is not None:
            s += f" in {self.seconds / 60:.1f} min"
        if self.broken:
            s += f"; BROKEN: {self.broken}"
        if self.failures:
            s += f"; failed: {' '.join(self.failures)}"
        return s


def unavailable(release, reason):
    r = Result(release)
    r.unavailable = reason
    return r


def _unittest(text):
    """(ran, failed, skipped, [reasons]) of a unittest run, or None."""
    ran = re.findall(r"^Ran (\d+) tests? in ", text, re.M)
    if not ran:
        return None
    ran = sum(int(n) for n in ran)
    failed = skipped = 0
    for m in re.finditer(r"^(?:OK|FAILED) \((.*)\)$", text, re.M):
        for part in m.group(1).split(", "):
            key, _, n = part.partition("=")
            if key in ("failures", "errors", "unexpected successes"):
                failed += int(n)
            elif key == "skipped":
                skipped += int(n)
    # unittest prints the reason's repr: in double quotes when it holds
    # an apostrophe
    reasons = [m.group(2) for m in re.finditer(
        r"""\.\.\. skipped (['"])(.*)\1$""", text, re.M)]
    return ran, failed, skipped, reasons


def _check(text):
    """(ran, failed) of a Check program, or None."""
    found = re.findall(r"Checks: (\d+), Failures: (\d+), Errors: (\d+)",
                       text)
    if not found:
        return None
    return (sum(int(n) for n, _, _ in found),
            sum(int(f) + int(e) for _, f, e in found))


def _skip_reason(text):
    m = re.search(r"^.*\bSKIP\b:?\s*(.*)$", text, re.M)
    if m:
        return m.group(1).strip() or m.group(0).strip()
    lines = [ln for ln in text.splitlines() if ln.strip()]
    return lines[-1].strip() if lines else "no reason given"


def count_test(result, test):
    """Add one meson test (a testlog.json entry) to RESULT."""
    text = (test.get("stdout") or "") + "\n" + (test.get("stderr") or "")
    name = test["name"].split(" / ")[-1]
    ok = test["result"] in ("OK", "EXPECTEDFAIL")
    skipped = test["result"] == "SKIP"
    failed_before = result.failed
    ut = _unittest(text)
    ck = None if ut else _check(text)
    if skipped and not ut and not ck:
        result.skip(f"{name}: {_skip_reason(text)}")
        return
    if ut:
        ran, failed, nskip, reasons = ut
        result.passed += ran - failed - nskip
        result.failed += failed
        for reason in reasons:
            result.skip(f"{name}: {reason}")
        rest = nskip - len(reasons)
        if rest > 0:
            result.skip(f"{name}: (reason not printed)", rest)
    elif ck:
        ran, failed = ck
        # TU_SKIP_CASE (tests/unit/testutil.h): passed for Check
        reasons = re.findall(r"^SKIP: (\w+: .*)$", text, re.M)
        result.passed += ran - failed - len(reasons)
        result.failed += failed
        for reason in reasons:
            result.skip(f"{name}: {reason}")
    elif ok:
        result.passed += 1
    if not ok and not skipped and result.failed == failed_before:
        result.failed += 1  # crashed, timed out, or failed at exit
    if result.failed > failed_before:
        result.failures.append(name)


def read(release, version, results, seconds, rc):
    """The Result of a guest that left its files in RESULTS."""
    r = Result(release, version)
    r.seconds = seconds
    try:
        with open(f"{results}/kernel") as f:
            r.version = f.read().strip()
    except OSError:
        pass
    log = f"{results}/testlog.json"
    if not os.path.exists(log):
        r.broken = (f"the guest left no test log (qemu exit status {rc}; "
                    f"see {results}/serial.log)")
        return r
    with open(log) as f:
        for line in f:
            if line.strip():
                count_test(r, json.loads(line))
    try:
        with open(f"{results}/status") as f:
            status = int(f.read())
    except (OSError, ValueError):
        status = None
    if status is None:
        r.broken = f"meson test did not finish (qemu exit status {rc})"
    elif status != 0 and not r.failed:
        r.broken = f"meson test exited {status} with no failed case"
    return r


def exit_status(results):
    """1: a failure or a broken guest; 77: a kernel unavailable; else 0."""
    if any(r.failed or r.broken for r in results):
        return 1
    if any(r.unavailable for r in results):
        return SKIP
    return 0


def booted(release, version, seconds, rc=0):
    """The Result of a bare boot (--boot-only): no case ran."""
    r = Result(release, version)
    r.seconds = seconds
    if rc != 0:
        r.broken = f"the boot did not end well (qemu: {rc})"
    return r


def unknown_tests(listing, tests):
    """The names of @tests (--test) that no line of `meson test --list`
    (@listing: "project:suite / name" lines) names: meson itself runs
    nothing for such a name and says nothing ("unit/enter")."""
    names = {line.rsplit(" / ", 1)[-1].strip()
             for line in listing.splitlines() if " / " in line}
    return [t for t in tests if t not in names]
