"""SIGKILL under load: every update answered 200 is in the database after the restart — whatever
the writer still held in memory when it was killed (its WAL writes wait for the COMMIT's sync,
storage/detail/wal_write_buffer.hpp) — checked-in points match the ledger, and the file is
whole."""

import signal
import threading
import time
import unittest

from harness import FakeBotApi, Steward, message

CYCLES = 4
SENDERS = 8


class CrashTest(unittest.TestCase):
    def setUp(self):
        self.api = FakeBotApi()
        self.steward = Steward(self.api.url)

    def tearDown(self):
        self.steward.stop(signal.SIGKILL)
        self.api.close()

    def load_until_killed(self, cycle):
        """Senders post new updates until the server goes away; returns the ids answered 200."""
        acknowledged = []
        lock = threading.Lock()
        stop = threading.Event()

        def send(sender):
            n = 0
            while not stop.is_set():
                update_id = (cycle * 100 + sender) * 100000 + n
                n += 1
                text = "/checkin" if n % 5 == 0 else "message %d from %d" % (n, sender)
                try:
                    status = self.steward.post_update(
                        message(update_id, text, user_id=1000 + sender * 10 + n % 10,
                                message_id=update_id))
                except OSError:
                    return  # killed: this one was never answered
                if status == 200:
                    with lock:
                        acknowledged.append(update_id)

        senders = [threading.Thread(target=send, args=(s,)) for s in range(SENDERS)]
        for t in senders:
            t.start()
        time.sleep(1.5)
        self.steward.proc.send_signal(signal.SIGKILL)
        self.steward.proc.wait(timeout=10)
        stop.set()
        for t in senders:
            t.join(timeout=30)
        self.steward.proc = None
        self.steward.log.close()
        return acknowledged

    def test_acknowledged_updates_survive_sigkill_under_load(self):
        acknowledged = []
        for cycle in range(CYCLES):
            self.steward.start()
            acknowledged += self.load_until_killed(cycle)
        self.steward.start()
        stored = {int(row[0]) for row in self.steward.query(
            "SELECT update_id FROM processed_events WHERE platform = 'telegram'")}
        self.assertGreater(len(acknowledged), 100, "too little load to mean anything")
        lost = [u for u in acknowledged if u not in stored]
        self.assertEqual(lost, [], "answered 200 but not in the database after SIGKILL")
        if self.steward.pg_database is None:  # SQLite's file (PostgreSQL's server was not killed)
            self.assertEqual(self.steward.query("PRAGMA integrity_check"), [("ok",)])
        self.assertEqual(self.steward.ledger_mismatches(), [])


if __name__ == "__main__":
    unittest.main()
