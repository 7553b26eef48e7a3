# SPDX-License-Identifier: MIT
"""The kernel lane's count of cases (tests/kernels/summary.py) on meson
test log entries of each kind."""

import os
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import summary  # noqa: E402

UNITTEST = """test_a (__main__.T.test_a) ... ok
test_b (__main__.T.test_b)
A docstring line. ... skipped 'needs time namespaces (Linux 5.6)'
test_c (__main__.T.test_c) ... FAIL
test_d (__main__.T.test_d) ... skipped "needs the kernel's listns(2)"
----------------------------------------------------------------------
Ran 4 tests in 0.1s

FAILED (failures=1, skipped=2)
"""


def entry(name, result, stdout="", stderr=""):
    return {"name": f"nstools:unit / {name}", "result": result,
            "stdout": stdout, "stderr": stderr}


class CountTest(unittest.TestCase):

    def count(self, *entries):
        r = summary.Result("sid", "7.2")
        for e in entries:
            summary.count_test(r, e)
        return r

    def test_unittest_cases(self):
        r = self.count(entry("integration-x", "FAIL", stderr=UNITTEST))
        self.assertEqual((r.passed, r.failed, r.skipped), (1, 1, 2))
        self.assertEqual(dict(r.skips), {
            "integration-x: needs time namespaces (Linux 5.6)": 1,
            "integration-x: needs the kernel's listns(2)": 1})
        self.assertEqual(r.failures, ["integration-x"])

    def test_check_cases_and_case_skips(self):
        out = ("Running suite(s): create-root\n"
               "SKIP: test_x_fn: needs a feature\n"
               "100%: Checks: 6, Failures: 0, Errors: 0\n")
        r = self.count(entry("create-root", "OK", out))
        self.assertEqual((r.passed, r.failed, r.skipped), (5, 0, 1))
        self.assertEqual(dict(r.skips),
                         {"create-root: test_x_fn: needs a feature": 1})
        r = self.count(entry("scan", "FAIL", "83%: Checks: 6, Failures: 1, "
                             "Errors: 0\n"))
        self.assertEqual((r.passed, r.failed), (5, 1))

    def test_whole_program(self):
        r = self.count(entry("a-root", "SKIP", "SKIP: needs root\n"),
                       entry("b", "OK"), entry("c", "TIMEOUT"))
        self.assertEqual((r.passed, r.failed, r.skipped), (1, 1, 1))
        self.assertEqual(dict(r.skips), {"a-root: needs root": 1})

    def test_crash_after_passing_cases(self):
        r = self.count(entry("x", "FAIL",
                             stderr="Ran 2 tests in 1s\n\nOK\n"))
        self.assertEqual((r.passed, r.failed), (2, 1))

    def test_exit_status(self):
        ok, bad = summary.Result("a"), summary.Result("b")
        bad.failed = 1
        gone = summary.unavailable("c", "no network")
        self.assertEqual(summary.exit_status([ok]), 0)
        self.assertEqual(summary.exit_status([ok, gone]), 77)
        self.assertEqual(summary.exit_status([bad, gone]), 1)
        self.assertIn("every case SKIPPED", gone.line())
        self.assertIn("no network", gone.line())

    def test_unknown_tests(self):
        listing = ("ninja: no work to do.\n"
                   "nstools:unit / enter\n"
                   "nstools:compat / compat-nsenter\n")
        self.assertEqual(summary.unknown_tests(
            listing, ["enter", "compat-nsenter"]), [])
        self.assertEqual(summary.unknown_tests(
            listing, ["unit/enter", "enter", "nstools:unit / enter",
                      "compat"]),
            ["unit/enter", "nstools:unit / enter", "compat"])


if __name__ == "__main__":
    unittest.main(verbosity=2)
