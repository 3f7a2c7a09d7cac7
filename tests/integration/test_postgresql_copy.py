"""`steward copy`: a community moved from SQLite into PostgreSQL while Steward serves, checked.

CTest runs this file through tests/postgresql/with_cluster.sh, which starts a throw-away
PostgreSQL cluster and sets PGHOST, PGPORT, PGUSER and PGDATABASE for it."""

import os
import subprocess
import unittest

from harness import FakeBotApi, PostingMeanwhile, Steward, STEWARD_BIN, message
from postgresql import psql


def steward(*args):
    return subprocess.run([STEWARD_BIN, *args], capture_output=True, text=True, timeout=120)


@unittest.skipUnless(os.environ.get("PGPORT"), "needs a PostgreSQL server: run through tests/postgresql/with_cluster.sh")
class CopyToPostgresqlTest(unittest.TestCase):
    def setUp(self):
        self.api = FakeBotApi()
        self.steward = Steward(self.api.url).start()
        self.database = "steward_copy_%d" % os.getpid()
        psql("postgres", "CREATE DATABASE %s" % self.database)

    def tearDown(self):
        self.steward.stop()
        self.api.close()
        psql("postgres", "DROP DATABASE IF EXISTS %s" % self.database)

    def test_copy_while_serving_then_refuse_a_second_copy(self):
        for i in range(1, 21):
            self.assertEqual(self.steward.post_update(message(i, "/checkin", user_id=1000 + i)),
                             200)
        with PostingMeanwhile(self.steward):
            copied = steward("copy", "--config", self.steward.config_path,
                             "--to", "dbname=" + self.database)
        self.assertEqual(copied.returncode, 0, copied.stderr)
        self.assertIn("copied ", copied.stdout)
        self.assertIn("dbname=%s" % self.database, copied.stdout)
        self.assertIn("checked: the same rows in every table", copied.stdout)
        self.assertEqual(psql(self.database, "SELECT count(*) FROM checkins"), "20")
        self.assertEqual(psql(self.database, "SELECT count(*) FROM members m WHERE points != "
                                             "(SELECT coalesce(sum(delta), 0) FROM ledger "
                                             "WHERE member_id = m.id)"), "0")
        self.assertEqual(psql(self.database, "SELECT max(version) FROM steward_schema"),
                         str(self.steward.query("PRAGMA user_version")[0][0]))
        # Every update the copy saw is there, and none it did not: a consistent snapshot.
        copied_events = int(psql(self.database, "SELECT count(*) FROM processed_events"))
        self.assertGreaterEqual(copied_events, 20)
        self.assertLessEqual(copied_events,
                             self.steward.query("SELECT count(*) FROM processed_events")[0][0])

        again = steward("copy", "--config", self.steward.config_path,
                        "--to", "dbname=" + self.database)
        self.assertEqual(again.returncode, 1)
        self.assertIn("already holds a community", again.stderr)
        self.assertIn("copy into an empty database", again.stderr)

    def test_an_unreachable_server_is_named(self):
        result = steward("copy", "--config", self.steward.config_path,
                         "--to", "host=127.0.0.1 port=1 connect_timeout=3")
        self.assertEqual(result.returncode, 1)
        self.assertIn("steward copy: cannot connect to PostgreSQL (host=127.0.0.1 port=1",
                      result.stderr)


if __name__ == "__main__":
    unittest.main()
