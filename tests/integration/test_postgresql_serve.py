"""`[storage] backend = "postgresql"`: Steward serves from a PostgreSQL database — its data is
there and nowhere else; one instance serves a database until chats are shared out between
instances; the server is named when it is away; backup and restore point to PostgreSQL's own
tools; `steward migrate --config` migrates PostgreSQL.

The other integration files run a second time on PostgreSQL too (postgresql.integration.* in
CTest, STEWARD_TEST_STORAGE=postgresql). CTest runs this file through
tests/postgresql/with_cluster.sh, which starts a throw-away PostgreSQL cluster and sets PGHOST,
PGPORT, PGUSER and PGDATABASE for it."""

import os
import signal
import unittest

from harness import FakeBotApi, Steward, message
from postgresql import create_database, psql
from test_postgresql_copy import steward


@unittest.skipUnless(os.environ.get("PGPORT"), "needs a PostgreSQL server: run through tests/postgresql/with_cluster.sh")
class ServeFromPostgresqlTest(unittest.TestCase):
    def setUp(self):
        self.api = FakeBotApi()
        self.database = create_database("steward_serve")
        self.stewards = []

    def tearDown(self):
        for s in self.stewards:
            s.stop()
        self.api.close()

    def on_postgresql(self, conninfo=None):
        s = Steward(self.api.url, overrides={"storage": {
            "backend": "postgresql", "postgresql": conninfo or "dbname=" + self.database}})
        self.stewards.append(s)
        return s

    def test_the_data_is_in_postgresql_and_nowhere_else(self):
        s = self.on_postgresql().start()
        self.assertEqual(s.post_update(message(1, "/checkin", user_id=4001, name="Ann")), 200)
        self.assertEqual(s.post_update(message(1, "/checkin", user_id=4001, name="Ann")), 200)
        self.api.wait_for(1)
        self.assertEqual(psql(self.database, "SELECT count(*) FROM checkins"), "1")
        self.assertEqual(psql(self.database, "SELECT count(*) FROM processed_events"), "1")
        self.assertFalse(os.path.exists(s.db_path), "a SQLite file was made beside the config")

    def test_one_instance_serves_a_database_until_it_is_gone(self):
        first = self.on_postgresql().start()
        second = self.on_postgresql()
        with self.assertRaises(RuntimeError) as refused:
            second.start()
        self.assertIn("another Steward is serving from this database", str(refused.exception))
        self.assertIn("dbname=" + self.database, str(refused.exception))
        # Killed, the first frees the lock with its connection: the second serves.
        first.stop(signal.SIGKILL)
        second.start()
        self.assertEqual(second.post_update(message(2, "/checkin", user_id=4002)), 200)
        self.assertEqual(psql(self.database, "SELECT count(*) FROM checkins"), "1")

    def test_an_unreachable_server_is_named_at_start(self):
        s = self.on_postgresql("host=/nonexistent-socket-dir dbname=steward")
        with self.assertRaises(RuntimeError) as failed:
            s.start()
        self.assertIn("cannot connect to PostgreSQL", str(failed.exception))
        self.assertIn("/nonexistent-socket-dir", str(failed.exception))

    def test_migrate_backup_and_restore_follow_the_configured_engine(self):
        s = self.on_postgresql()
        s.write_config()
        migrated = steward("migrate", "--config", s.config_path)
        self.assertEqual(migrated.returncode, 0, migrated.stderr)
        self.assertRegex(migrated.stdout, r"dbname=%s.*: migrated the schema to version \d+ \(was 0\)"
                         % self.database)
        again = steward("migrate", "--config", s.config_path)
        self.assertRegex(again.stdout, r"the schema is current \(version \d+\)")
        for command in (["backup"], ["restore", "--from", "x.db"]):
            refused = steward(*command, "--config", s.config_path)
            self.assertEqual(refused.returncode, 1)
            self.assertIn("keeps the data in PostgreSQL (storage.backend); use PostgreSQL's own "
                          "tools (pg_dump", refused.stderr)
        self.assertFalse(os.path.exists(s.db_path))


if __name__ == "__main__":
    unittest.main()
