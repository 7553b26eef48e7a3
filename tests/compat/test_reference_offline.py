# SPDX-License-Identifier: MIT
"""Without util-linux 2.42 the compat suite skips its cases, never fails.

Runs a few cases of test_lsns_compat.py with an empty reference cache
and an archive that cannot be reached (NSTOOLS_REFERENCE_MIRROR on a
closed local port), as on a machine without network: the fetch fails,
the suite says why, the 2.42 cases are reported as skipped, the run
passes, and nothing is left in the cache.
"""

import os
import subprocess
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.join(os.environ.get("NSTOOLS_SOURCE_ROOT", ""),
                                "tests", "pylib"))
import nstest  # noqa: E402

COMPAT = os.path.join(os.path.dirname(os.path.abspath(__file__)),
                      "test_lsns_compat.py")
CASES = ["test_help", "test_tree_parent_pid",
         "test_owner_of_processless_namespace"]


class OfflineTest(unittest.TestCase):

    def test_cases_are_skipped(self):
        with tempfile.TemporaryDirectory(prefix="nstest-ref-") as cache:
            env = dict(os.environ,
                       NSTOOLS_REFERENCE_CACHE=cache,
                       NSTOOLS_REFERENCE_MIRROR="http://127.0.0.1:9/debian",
                       NSTOOLS_REFERENCE_TIMEOUT="60")
            argv = [sys.executable, COMPAT]
            for case in CASES:
                argv += ["-k", case]
            res = subprocess.run(argv, env=env, capture_output=True,
                                 text=True, timeout=600,
                                 stdin=subprocess.DEVNULL)
            out = res.stdout + res.stderr
            self.assertEqual(res.returncode, 0, out)
            self.assertIn("SKIP: util-linux 2.42 reference not available "
                          "(util-linux-2.42: cannot read the package lists "
                          "of http://127.0.0.1:9/debian sid)", res.stdout)
            for case in CASES:
                self.assertRegex(res.stderr, case + r" .*\n?.*\.\.\. skipped "
                                 r"'util-linux 2.42 reference not available")
            # every case that ran was skipped
            self.assertRegex(res.stderr, r"Ran (\d+) tests in .*\n\n"
                             r"OK \(skipped=\1\)\n")
            self.assertEqual(sorted(os.listdir(cache)), ["lock"])


if __name__ == "__main__":
    nstest.require_root()
    unittest.main(verbosity=2)
