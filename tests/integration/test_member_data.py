"""A member's data on request: exported whole, erased without breaking the ledger, audited."""

import json
import unittest

from harness import GROUP_ID, FakeBotApi, Steward, create_token, message


class MemberDataTest(unittest.TestCase):
    def setUp(self):
        self.api = FakeBotApi()
        self.steward = Steward(self.api.url).start()
        self.tokens = {role: create_token(self.steward, role) for role in ("operator", "admin")}

    def tearDown(self):
        self.steward.stop()
        self.api.close()

    def call(self, method, path, role="admin"):
        status, body = self.steward.request(
            method, path, b"", {"Authorization": "Bearer " + self.tokens[role]})
        return status, json.loads(body) if body else None

    def test_export_then_erase(self):
        self.steward.post_update(message(1, "/checkin", user_id=7, name="Ann Lee"))
        self.steward.post_update(message(2, "加我薇 信：abc_123", user_id=7, name="Ann Lee"))
        self.steward.post_update(message(3, "/checkin", user_id=8, name="Bo"))
        self.api.wait_for(3)
        member = "/api/v1/groups/%d/members/7" % GROUP_ID

        self.assertEqual(self.call("GET", member + "/export", role="operator")[0], 403)
        status, export = self.call("GET", member + "/export")
        self.assertEqual(status, 200, export)
        self.assertEqual(export["user_id"], "7")
        tables = export["tables"]
        self.assertEqual(tables["members"][0]["display_name"], "Ann Lee")
        self.assertEqual(sum(e["delta"] for e in tables["ledger"]), tables["members"][0]["points"])
        self.assertEqual(len(tables["checkins"]), 1)
        self.assertEqual(tables["moderation_log"][0]["rule"], "wechat")
        self.assertIn("abc_123", tables["moderation_log"][0]["text"])

        self.assertEqual(self.call("POST", member + "/erase", role="operator")[0], 403)
        status, report = self.call("POST", member + "/erase")
        self.assertEqual(status, 200, report)
        self.assertEqual(report["moderation_texts_cleared"], 1)
        self.assertGreater(report["points_kept"], 0)

        self.assertEqual(self.call("GET", member)[0], 404)  # the person is no longer findable
        self.assertEqual(self.steward.ledger_mismatches(), [])
        rows = self.steward.query("SELECT user_id, display_name, username, hidden FROM members "
                                  "WHERE display_name = 'Ann Lee' OR user_id = '7'")
        self.assertEqual(rows, [])
        self.assertEqual(self.steward.query(
            "SELECT count(*) FROM moderation_log WHERE text LIKE '%abc_123%'"), [(0,)])
        self.assertEqual(self.steward.query(
            "SELECT count(*) FROM members WHERE user_id = '8' AND display_name = 'Bo'"), [(1,)])

        status, audit = self.call("GET", "/api/v1/audit")
        actions = [e["action"] for e in audit["entries"]]
        self.assertIn("member.export", actions)
        self.assertIn("member.erase", actions)
        self.assertNotIn("Ann", json.dumps(audit))

        # Coming back later starts afresh: a new member, with nothing of the old one.
        self.steward.post_update(message(4, "/points", user_id=7, name="Ann Lee"))
        self.api.wait_for(4)
        status, profile = self.call("GET", member)
        self.assertEqual(status, 200)
        self.assertEqual(profile["points"], 0)


if __name__ == "__main__":
    unittest.main()
