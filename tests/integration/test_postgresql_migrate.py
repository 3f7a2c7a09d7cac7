"""`steward migrate --postgresql`: Steward's schema created in an empty PostgreSQL database,
left alone when current, served beside a newer one whose steps only add and refused when a newer
step breaks this binary, the server named when it is away;
instances started together migrate once.

CTest runs this file through tests/postgresql/with_cluster.sh, which starts a throw-away
PostgreSQL cluster and sets PGHOST, PGPORT, PGUSER and PGDATABASE for it."""

import os
import subprocess
import unittest

from harness import FakeBotApi, Steward, STEWARD_BIN
from postgresql import psql


def migrate(config_path, conninfo):
    return subprocess.run([STEWARD_BIN, "migrate", "--config", config_path,
                           "--postgresql", conninfo], capture_output=True, text=True, timeout=120)


@unittest.skipUnless(os.environ.get("PGPORT"), "needs a PostgreSQL server: run through tests/postgresql/with_cluster.sh")
class MigratePostgresqlTest(unittest.TestCase):
    def setUp(self):
        self.api = FakeBotApi()
        # Only its configuration is used (logging); its own SQLite file stays untouched.
        self.steward = Steward(self.api.url)
        self.steward.write_config()
        self.database = "steward_migrate_%d" % os.getpid()
        psql("postgres", "CREATE DATABASE %s" % self.database)
        self.conninfo = "dbname=" + self.database

    def tearDown(self):
        self.api.close()
        psql("postgres", "DROP DATABASE IF EXISTS %s" % self.database)

    def test_an_empty_database_gets_the_schema_and_a_second_run_changes_nothing(self):
        first = migrate(self.steward.config_path, self.conninfo)
        self.assertEqual(first.returncode, 0, first.stderr)
        version = psql(self.database, "SELECT max(version) FROM steward_schema")
        self.assertIn("dbname=%s " % self.database, first.stdout)
        self.assertIn(": migrated the schema to version %s (was 0)" % version, first.stdout)
        self.assertEqual(psql(self.database, "SELECT to_regclass('ledger') IS NOT NULL"), "t")
        self.assertFalse(os.path.exists(self.steward.db_path), "the SQLite file was created")

        second = migrate(self.steward.config_path, self.conninfo)
        self.assertEqual(second.returncode, 0, second.stderr)
        self.assertIn("the schema is current (version %s)" % version, second.stdout)
        self.assertEqual(psql(self.database, "SELECT count(*) FROM steward_schema"),
                         psql(self.database, "SELECT count(DISTINCT version) FROM steward_schema"))

    def test_instances_migrating_together_migrate_once(self):
        runs = [subprocess.Popen([STEWARD_BIN, "migrate", "--config", self.steward.config_path,
                                  "--postgresql", self.conninfo],
                                 stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
                for _ in range(3)]
        outputs = [run.communicate(timeout=120) + (run.returncode,) for run in runs]
        for out, err, code in outputs:
            self.assertEqual(code, 0, err)
        # Each step commits on its own: with several steps to apply, more than one run may
        # apply some. Each step is applied once, and every run ends at the same version.
        self.assertGreaterEqual(sum("migrated the schema" in out for out, _, _ in outputs), 1,
                                outputs)
        self.assertEqual(psql(self.database, "SELECT count(*) FROM steward_schema"),
                         psql(self.database, "SELECT count(DISTINCT version) FROM steward_schema"))
        version = psql(self.database, "SELECT max(version) FROM steward_schema")
        for out, _, _ in outputs:
            self.assertTrue("to version %s " % version in out or
                            "is current (version %s)" % version in out, out)

    def test_a_newer_schema_that_only_adds_is_served_and_one_that_breaks_is_refused(self):
        self.assertEqual(migrate(self.steward.config_path, self.conninfo).returncode, 0)
        # A newer build's step that only adds: this build may serve beside it (a rolling upgrade).
        psql(self.database, "INSERT INTO steward_schema (version) VALUES (998)")
        beside = migrate(self.steward.config_path, self.conninfo)
        self.assertEqual(beside.returncode, 0, beside.stderr)
        self.assertIn("the schema is at version 998, newer than this build's", beside.stdout)
        self.assertIn("the steps since only add", beside.stdout)
        # A step that removes what this build uses: refused, and the database left alone.
        psql(self.database, "INSERT INTO steward_schema (version, breaks_older) "
                            "VALUES (999, 'drops members.legacy')")
        refused = migrate(self.steward.config_path, self.conninfo)
        self.assertEqual(refused.returncode, 1)
        self.assertIn("steward migrate: the PostgreSQL schema is at version 999, newer than this "
                      "build knows", refused.stderr)
        self.assertIn("step 999 drops members.legacy, which this build uses: run a build that "
                      "knows version 999", refused.stderr)
        self.assertEqual(psql(self.database, "SELECT max(version) FROM steward_schema"), "999")

    def test_an_unreachable_server_is_named(self):
        result = migrate(self.steward.config_path, "host=127.0.0.1 port=1 connect_timeout=3")
        self.assertEqual(result.returncode, 1)
        self.assertIn("steward migrate: cannot connect to PostgreSQL (host=127.0.0.1 port=1",
                      result.stderr)


if __name__ == "__main__":
    unittest.main()
