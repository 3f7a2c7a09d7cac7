"""`[storage] backend = "postgresql"`: Steward serves from a PostgreSQL database — its data is
there and nowhere else; a chat whose partition a session that is no Steward holds waits for
it (several instances: test_postgresql_instances.py); the server is named when it is away; backup and restore point to PostgreSQL's own
tools; `steward migrate --config` migrates PostgreSQL.

The other integration files run a second time on PostgreSQL too (postgresql.integration.* in
CTest, STEWARD_TEST_STORAGE=postgresql). CTest runs this file through
tests/postgresql/with_cluster.sh, which starts a throw-away PostgreSQL cluster and sets PGHOST,
PGPORT, PGUSER and PGDATABASE for it."""

import hashlib
import os
import subprocess
import threading
import time
import unittest

from harness import GROUP_ID, FakeBotApi, Steward, create_token, message
from postgresql import create_database, end_sessions, psql, start_server, stop_server
from test_postgresql_copy import steward


# The first key of the advisory locks that share the chats out between instances
# (storage/postgresql/partition_leases.cpp).
LOCK_SPACE = 1398036292


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
        s = Steward(self.api.url, overrides={"storage": {"postgresql": conninfo}} if conninfo else None)
        s.pg_database = self.database  # its configuration, and what query() reads
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

    def test_a_lost_session_is_answered_503_then_reconnected(self):
        s = self.on_postgresql().start()
        self.assertEqual(s.post_update(message(1, "/checkin", user_id=4101)), 200)
        end_sessions(self.database)
        # The batch that finds the connection gone is answered 503 and the platform redelivers;
        # the reconnect is at once (on a loaded machine a redelivery may meet the loss too, and
        # is answered 503 again). (The batch may also be the one recording the dispatch of the
        # first reply: then this update is already processed on the new session.)
        deadline = time.monotonic() + 10
        while s.post_update(message(2, "/checkin", user_id=4102)) == 503:
            self.assertLess(time.monotonic(), deadline, "still 503 ten seconds after the loss")
            time.sleep(0.1)
        self.assertEqual(s.post_update(message(2, "/checkin", user_id=4102)), 200)  # duplicate
        self.assertIn("storage.reconnected", s.read_log())
        self.assertEqual(psql(self.database, "SELECT count(*) FROM checkins"), "2")
        self.assertEqual(s.ledger_mismatches(), [])
        self.assertEqual(s.get("/readyz")[0], 200)
        # The new session holds every chat partition again (the old one's went with it).
        self.assertEqual(psql(self.database,
                              "SELECT count(*) FROM pg_locks l JOIN pg_stat_activity a USING (pid) "
                              "WHERE l.locktype = 'advisory' AND l.classid = %d AND l.objid < 256 "
                              "AND a.application_name LIKE 'steward http://127.0.0.1:%%'"
                              % LOCK_SPACE), "256")

    def test_while_the_server_is_away_updates_get_503_and_it_is_found_again(self):
        s = self.on_postgresql().start()
        token = create_token(s, "viewer")
        self.assertEqual(s.post_update(message(1, "/checkin", user_id=4201)), 200)
        stop_server()
        try:
            for update_id in (2, 3):
                self.assertEqual(s.post_update(message(update_id, "/checkin",
                                                       user_id=4200 + update_id)), 503)
            self.assertEqual(s.get("/readyz")[0], 503)
            status, body = s.request("GET", "/api/v1/groups",
                                     headers={"Authorization": "Bearer " + token})
            self.assertEqual(status, 503, body)
            self.assertIn(b"the database is unavailable", body)
        finally:
            start_server()
        # Found again without traffic (backoff: at most 2 s between attempts): a load balancer
        # sends none to an instance whose /readyz fails.
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline and s.get("/readyz")[0] != 200:
            time.sleep(0.1)
        self.assertEqual(s.get("/readyz")[0], 200)
        deadline = time.monotonic() + 20
        answers = {}
        while time.monotonic() < deadline and set(answers.values()) != {200}:
            for update_id in (2, 3):
                answers[update_id] = s.post_update(message(update_id, "/checkin",
                                                           user_id=4200 + update_id))
            time.sleep(0.2)
        self.assertEqual(answers, {2: 200, 3: 200})
        self.assertEqual(s.get("/readyz")[0], 200)
        self.assertEqual(psql(self.database, "SELECT count(*) FROM checkins"), "3")
        self.assertEqual(psql(self.database, "SELECT count(*) FROM processed_events"), "3")
        self.assertEqual(s.ledger_mismatches(), [])
        self.assertIn("storage.reconnected", s.read_log())
        # One reply per check-in: a send recorded while the server was away is recorded after.
        self.api.wait_for(3)
        time.sleep(1)
        self.assertEqual(len(self.api.sent()), 3)

    def test_a_server_crashing_under_load_is_waited_out_then_served_again(self):
        # The core sends statements without waiting for their answers (libpq's pipeline mode);
        # a server that dies while they are out must be noticed as gone, not waited for: once it
        # is back, updates are processed again. Three crashes, each in the middle of a stream of
        # messages, check-ins and the replies' outcomes.
        s = self.on_postgresql().start()
        next_id = [1000]

        def stream(stop):
            while not stop.is_set():
                next_id[0] += 1
                text = "/checkin" if next_id[0] % 3 == 0 else "hello %d" % next_id[0]
                s.post_update(message(next_id[0], text, user_id=5000 + next_id[0] % 40))

        for _ in range(3):
            stop = threading.Event()
            senders = [threading.Thread(target=stream, args=(stop,)) for _ in range(4)]
            for t in senders:
                t.start()
            time.sleep(1.0)
            stop_server("immediate")
            time.sleep(0.5)
            start_server()
            stop.set()
            for t in senders:
                t.join()
            deadline = time.monotonic() + 20
            status = None
            while time.monotonic() < deadline and status != 200:
                next_id[0] += 1
                status = s.post_update(message(next_id[0], "/checkin", user_id=4999))
                time.sleep(0.1)
            self.assertEqual(status, 200, "not served again after the server came back")
        self.assertEqual(s.ledger_mismatches(), [])

    def test_a_send_answered_while_the_server_is_away_is_recorded_once_after(self):
        s = self.on_postgresql().start()
        # The reply's answer is held 1.5 s: it reaches the core while the server is away.
        self.api.script("sendMessage", 200, {"ok": True, "result": {"message_id": 77}}, delay=1.5)
        self.assertEqual(s.post_update(message(1, "/checkin", user_id=4301)), 200)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and not self.api.attempts_of("sendMessage"):
            time.sleep(0.02)
        stop_server()
        try:
            time.sleep(2)
        finally:
            start_server()
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline and s.query(
                "SELECT state FROM outbox WHERE method = 'sendMessage'") != [("sent",)]:
            time.sleep(0.1)
        self.assertEqual(s.query("SELECT state FROM outbox WHERE method = 'sendMessage'"),
                         [("sent",)])
        time.sleep(1)
        self.assertEqual(len(self.api.attempts_of("sendMessage")), 1, "the reply was sent again")

    def test_a_chat_held_by_a_session_that_is_gone_is_served_once_it_has_ended(self):
        # A session still holding the partition of GROUP_ID's chats for two seconds, as a killed
        # instance's does until the server notices it is gone. It names no Steward to forward
        # to, so the chat is answered 503 (the platform redelivers) until it ends.
        partition = hashlib.sha256(("telegram:%d" % GROUP_ID).encode()).digest()[0]
        holder = subprocess.Popen(
            ["psql", "-X", "-q", "-d", self.database, "-c",
             "SELECT pg_advisory_lock(%d, %d), pg_sleep(2)" % (LOCK_SPACE, partition)],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            deadline = time.monotonic() + 10
            while time.monotonic() < deadline and psql(
                    self.database, "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory'") == "0":
                time.sleep(0.02)
            s = self.on_postgresql().start()
            self.assertEqual(s.post_update(message(1, "/checkin", user_id=4401)), 503)
            self.assertIn("webhook.unowned", s.read_log())
        finally:
            holder.wait(timeout=30)
        deadline = time.monotonic() + 10
        status = 503
        while time.monotonic() < deadline and status == 503:
            time.sleep(0.2)
            status = s.post_update(message(1, "/checkin", user_id=4401))
        self.assertEqual(status, 200)
        self.assertEqual(psql(self.database, "SELECT count(*) FROM checkins"), "1")

    def test_an_older_build_serves_beside_added_steps_and_stops_for_a_breaking_one(self):
        s = self.on_postgresql().start()
        self.assertEqual(s.post_update(message(1, "/checkin", user_id=4501)), 200)
        s.stop()
        # A newer instance has applied a step that only adds: this build starts and serves.
        psql(self.database, "INSERT INTO steward_schema (version) VALUES (900)")
        s.start()
        self.assertIn("storage.schema_ahead", s.read_log())
        self.assertEqual(s.post_update(message(2, "/checkin", user_id=4502)), 200)
        # Then a step that removes what this build uses (applied while it was disconnected: a
        # step like that waits for every serving session to end). Its next session refuses to
        # serve and says why; updates get 503, so the platform redelivers them to the new build.
        psql(self.database, "INSERT INTO steward_schema (version, breaks_older) "
                            "VALUES (901, 'drops members.legacy')")
        end_sessions(self.database)
        statuses = [s.post_update(message(3 + i, "/checkin", user_id=4503)) for i in range(3)]
        self.assertEqual(statuses, [503, 503, 503])
        self.assertEqual(s.get("/readyz")[0], 503)
        log = s.read_log()
        self.assertIn("step 901 drops members.legacy, which this build uses: run a build that "
                      "knows version 901", log)
        self.assertEqual(psql(self.database, "SELECT count(*) FROM checkins"), "2")
        s.stop()
        with self.assertRaises(RuntimeError) as refused:
            s.start()
        self.assertIn("run a build that knows version 901", str(refused.exception))

    def test_a_read_waiting_on_a_lock_leaves_webhooks_served(self):
        # The API's reads of committed rows have sessions of their own ([storage] readers):
        # one held up (here by a lock another session holds on the audit log) holds up no
        # webhook. On the core thread's session, the check-in would wait for the lock.
        self.read_through_a_lock("audit_log", "/api/v1/audit")

    def test_a_review_waiting_on_a_lock_leaves_webhooks_served(self):
        # A group's review (a month of a large group: half a second) is composed on a reader
        # too, and rendered there with the saved templates.
        self.read_through_a_lock(
            "tier_changes", "/api/v1/groups/%d/review?period=week" % GROUP_ID,
            before=lambda s: self.assertEqual(s.post_update(message(1, "hi", user_id=4500)), 200))

    def read_through_a_lock(self, table, path, before=lambda s: None):
        s = self.on_postgresql().start()
        auth = {"Authorization": "Bearer " + create_token(s, "admin")}
        before(s)
        holder = subprocess.Popen(["psql", "-X", "-q", "-d", self.database], text=True,
                                  stdin=subprocess.PIPE, stdout=subprocess.DEVNULL)
        try:
            holder.stdin.write("BEGIN;\nLOCK TABLE %s IN ACCESS EXCLUSIVE MODE;\n" % table)
            holder.stdin.flush()
            deadline = time.monotonic() + 10
            while psql(self.database, "SELECT count(*) FROM pg_locks WHERE granted AND "
                       "relation = '%s'::regclass AND mode = 'AccessExclusiveLock'" % table) != "1":
                self.assertLess(time.monotonic(), deadline, "the lock was not taken")
                time.sleep(0.05)
            read = {}
            reader = threading.Thread(
                target=lambda: read.update(answer=s.request("GET", path, headers=auth)))
            reader.start()
            time.sleep(0.3)
            self.assertNotIn("answer", read, "%s was read through the lock" % table)
            self.assertEqual(s.post_update(message(2, "/checkin", user_id=4501)), 200)
            self.assertEqual(psql(self.database, "SELECT count(*) FROM checkins"), "1")
            self.assertNotIn("answer", read)
            holder.stdin.write("COMMIT;\n")
            holder.stdin.close()
            holder.wait(timeout=10)
            reader.join(timeout=30)
            self.assertEqual(read["answer"][0], 200, read["answer"][1])
        finally:
            if holder.poll() is None:
                holder.kill()

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
