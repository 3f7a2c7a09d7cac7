"""Generated sources agree with the data they were generated from."""

import os
import subprocess
import tempfile
import unittest

REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
UNICODE = "/usr/share/unicode/EquivalentUnifiedIdeograph.txt"


class GeneratedSourcesTest(unittest.TestCase):
    def test_cjk_radical_table_matches_unicode_data(self):
        self.assertTrue(os.path.exists(UNICODE), "install Debian's unicode-data")
        out = os.path.join(tempfile.mkdtemp(prefix="steward-gen-"), "cjk_radicals.cpp")
        subprocess.run(["python3", os.path.join(REPO, "scripts", "gen_cjk_radicals.py"),
                        UNICODE, out], check=True, capture_output=True)
        with open(out, encoding="utf-8") as fresh, \
                open(os.path.join(REPO, "rules", "cjk_radicals.cpp"), encoding="utf-8") as kept:
            self.assertEqual(fresh.read(), kept.read(),
                             "run scripts/gen_cjk_radicals.py and commit rules/cjk_radicals.cpp")


if __name__ == "__main__":
    unittest.main()
