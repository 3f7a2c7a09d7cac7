"""Backups while Steward runs, restores while it does not, and paths that follow the config."""

import os
import socket
import sqlite3
import subprocess
import tempfile
import unittest

from harness import FakeBotApi, PostingMeanwhile, Steward, STEWARD_BIN, message


def run(*args, cwd=None):
    env = {k: v for k, v in os.environ.items() if not k.startswith("STEWARD_TELEGRAM")}
    return subprocess.run([STEWARD_BIN, *args], capture_output=True, text=True, cwd=cwd,
                          env=env, timeout=60)


def count(path, sql):
    conn = sqlite3.connect(path)
    try:
        return conn.execute(sql).fetchone()[0]
    finally:
        conn.close()


class BackupTest(unittest.TestCase):
    def setUp(self):
        self.api = FakeBotApi()
        self.steward = Steward(self.api.url).start()

    def tearDown(self):
        self.steward.stop()
        self.api.close()

    def test_backup_while_serving_then_restore_after_stopping(self):
        for i in range(1, 21):
            self.assertEqual(self.steward.post_update(message(i, "/checkin", user_id=1000 + i)),
                             200)
        # Updates keep arriving while the backup is taken.
        target = os.path.join(self.steward.dir, "nightly.db")
        with PostingMeanwhile(self.steward):
            backup = run("backup", "--config", self.steward.config_path, "--to", target)
        self.assertEqual(backup.returncode, 0, backup.stderr)
        self.assertIn("backed up %s to %s (schema v" % (self.steward.db_path, target),
                      backup.stdout)
        self.assertIn("integrity checked", backup.stdout)
        self.assertEqual(count(target, "PRAGMA integrity_check"), "ok")
        self.assertEqual(count(target, "SELECT count(*) FROM checkins"), 20)
        self.assertEqual(count(target, "SELECT count(*) FROM members m WHERE points != "
                                       "(SELECT coalesce(sum(delta), 0) FROM ledger "
                                       "WHERE member_id = m.id)"), 0)
        self.assertFalse(os.path.exists(target + "-wal"))

        # The default name goes into backups/ beside the database.
        default = run("backup", "--config", self.steward.config_path)
        self.assertEqual(default.returncode, 0, default.stderr)
        self.assertIn(os.path.join(self.steward.dir, "backups", "steward-"), default.stdout)

        refused = run("restore", "--config", self.steward.config_path, "--from", target)
        self.assertEqual(refused.returncode, 1)
        self.assertIn("in use by another process; stop Steward before restoring", refused.stderr)

        self.steward.post_update(message(900, "/checkin", user_id=9000))  # after the backup
        self.assertEqual(self.steward.stop(), 0)
        restored = run("restore", "--config", self.steward.config_path, "--from", target)
        self.assertEqual(restored.returncode, 0, restored.stderr)
        self.assertIn("the replaced database was kept at", restored.stdout)
        self.assertEqual(count(self.steward.db_path, "SELECT count(*) FROM checkins"), 20)

        self.steward.start()  # serves from the restored file
        self.assertEqual(self.steward.post_update(message(901, "/checkin", user_id=9001)), 200)
        self.assertEqual(len(self.steward.query("SELECT * FROM checkins")), 21)
        self.assertEqual(self.steward.ledger_mismatches(), [])

    def test_restore_refuses_a_file_that_is_not_a_backup(self):
        bogus = os.path.join(self.steward.dir, "bogus.db")
        with open(bogus, "w") as f:
            f.write("just text\n")
        self.steward.stop()
        result = run("restore", "--config", self.steward.config_path, "--from", bogus)
        self.assertEqual(result.returncode, 1)
        self.assertIn("bogus.db: not a readable SQLite database", result.stderr)


class PathsTest(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.mkdtemp(prefix="steward-paths-")
        self.elsewhere = tempfile.mkdtemp(prefix="steward-elsewhere-")
        self.config = os.path.join(self.dir, "steward.toml")
        with open(self.config, "w") as f:
            f.write('[storage]\npath = "data.db"\n[telegram]\ntoken = "1:A"\n')

    def test_relative_storage_path_follows_the_config_file(self):
        created = run("token", "create", "--config", self.config, "--role", "admin",
                      cwd=self.elsewhere)
        self.assertEqual(created.returncode, 0, created.stderr)
        self.assertTrue(os.path.exists(os.path.join(self.dir, "data.db")))
        self.assertFalse(os.path.exists(os.path.join(self.elsewhere, "data.db")))
        listed = run("token", "list", "--config", "steward.toml", cwd=self.dir)
        self.assertIn("admin", listed.stdout)

    def test_a_directory_is_not_a_config_file(self):
        result = run("check-config", "--config", self.dir)
        self.assertEqual(result.returncode, 2)
        self.assertIn("is a directory; give the configuration file inside it", result.stderr)

    def test_demo_never_deletes_a_file_it_did_not_make(self):
        precious = os.path.join(self.dir, "precious.db")
        conn = sqlite3.connect(precious)
        conn.execute("CREATE TABLE notes (text)")
        conn.execute("INSERT INTO notes VALUES ('keep me')")
        conn.commit()
        conn.close()
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        result = run("demo", "--once", "--db", precious, "--listen", "127.0.0.1:%d" % port)
        self.assertEqual(result.returncode, 2)
        self.assertIn("is not a demo database", result.stderr)
        self.assertEqual(count(precious, "SELECT text FROM notes"), "keep me")

        # A database the demo made is replaced on the next run.
        demo_db = os.path.join(self.dir, "demo.db")
        for _ in range(2):
            again = run("demo", "--once", "--db", demo_db, "--listen", "127.0.0.1:%d" % port)
            self.assertEqual(again.returncode, 0, again.stderr)


if __name__ == "__main__":
    unittest.main()
