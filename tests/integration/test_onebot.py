"""QQ groups through OneBot 11, end to end: the real binary receives signed event posts as
NapCat / go-cqhttp send them and acts through a fake OneBot HTTP API on loopback."""

import json
import os
import time
import unittest

from harness import Steward, create_token
from onebot import (FakeOneBot, GROUP, SELF_ID, group_message, notice, onebot_overrides, post,
                    signature, text_of)

WORDS = "free money\tscam\tdelete\nbanme\tspam\tban\n傻逼\tinsult\n"
ADMIN = 9001
ANN = 30003000
BO = 40004000

CONFIG = """
[templates]
language = "en"
welcome_burst = "1s"
[moderation]
words = ["words.txt"]
newcomer_messages = 0
"""


def quotes(call, message_id):
    return call["message"] and call["message"][0] == {"type": "reply",
                                                      "data": {"id": str(message_id)}}


class OneBotTest(unittest.TestCase):
    def setUp(self):
        self.qq = FakeOneBot()
        self.qq.admins = [ADMIN]
        self.steward = Steward("http://127.0.0.1:9", overrides=onebot_overrides(self.qq.url),
                               extra_toml=CONFIG)
        with open(os.path.join(self.steward.dir, "words.txt"), "w") as f:
            f.write(WORDS)
        self.steward.start()

    def tearDown(self):
        self.assertEqual(self.steward.ledger_mismatches(), [])
        self.steward.stop()
        self.qq.close()

    def say(self, message_id, segments, **kw):
        status, body = post(self.steward, group_message(message_id, segments, **kw))
        self.assertEqual(status, 204, body)
        self.assertEqual(body, b"")  # an empty answer: no quick operation for the implementation
        return message_id

    def sends(self, count=1, where=lambda call: True):
        return self.qq.wait_for("send_group_msg", count, where=where)

    def test_only_posts_signed_with_the_secret_are_read(self):
        event = group_message(1, "/checkin")
        body = json.dumps(event).encode()
        self.assertEqual(post(self.steward, event, signed=False)[0], 401)
        self.assertEqual(post(self.steward, event, secret="wrong")[0], 401)
        # Signed, then changed on the way: one more point.
        tampered = body.replace(b'"/checkin"', b'"/checkin!"')
        status, _ = self.steward.request("POST", "/webhook/onebot", tampered,
                                         {"X-Signature": signature(body)})
        self.assertEqual(status, 401)
        self.assertEqual(self.steward.query("SELECT COUNT(*) FROM ledger")[0][0], 0)
        # Heartbeats are answered and kept nowhere; Telegram is not served by this config.
        beat = {"time": int(time.time()), "self_id": SELF_ID, "post_type": "meta_event",
                "meta_event_type": "heartbeat", "interval": 5000, "status": {"online": True}}
        self.assertEqual(post(self.steward, beat)[0], 204)
        self.assertEqual(self.steward.request("POST", "/webhook/telegram", b"{}")[0], 404)
        metrics = self.steward.get("/metrics")[1].decode()
        self.assertIn('platform="onebot"', metrics)

    def test_a_redelivered_post_counts_once(self):
        event = group_message(11, "/checkin")
        for _ in range(3):  # go-cqhttp re-posts the same bytes after a transport error
            self.assertEqual(post(self.steward, event)[0], 204)
        self.sends(1)
        time.sleep(0.5)
        self.assertEqual(len(self.qq.of("send_group_msg")), 1)
        rows = self.steward.query("SELECT COUNT(*) FROM ledger WHERE reason = 'checkin'")
        self.assertEqual(rows[0][0], 1)

    def test_a_group_checks_in_earns_points_and_is_answered_in_segments(self):
        self.say(101, "/checkin")
        answer = self.sends(1, lambda c: quotes(c, 101))
        self.assertEqual(len(answer), 1, self.qq.calls)
        self.assertEqual(answer[0]["group_id"], GROUP)
        points = self.steward.query("SELECT points FROM members WHERE user_id = ?", str(ANN))[0][0]
        self.assertGreater(points, 0)
        self.assertIn(str(points), text_of(answer[0]))
        # "@bot /points": a command addressed by mentioning the bot first.
        self.say(102, [{"type": "at", "data": {"qq": str(SELF_ID)}},
                       {"type": "text", "data": {"text": " /points"}}])
        balance = self.sends(1, lambda c: quotes(c, 102))
        self.assertEqual(len(balance), 1, self.qq.calls)
        self.assertIn(str(points), text_of(balance[0]))
        # The bot asked once what it may do in the group (as itself).
        info = self.qq.wait_for("get_group_member_info", 1)
        self.assertEqual(info[0]["user_id"], SELF_ID)

    def test_the_admin_api_names_qq_groups_by_platform_and_id(self):
        self.say(701, "/checkin")
        self.sends(1, lambda c: quotes(c, 701))
        token = create_token(self.steward, "admin")
        auth = {"Authorization": "Bearer " + token}
        status, body = self.steward.request("GET", "/api/v1/groups", headers=auth)
        self.assertEqual(status, 200, body)
        groups = json.loads(body)["groups"]
        self.assertEqual([(g["platform"], g["address"]) for g in groups],
                         [("onebot", "onebot:%d" % GROUP)])
        # QQ's events carry no group name: Steward asked QQ once.
        self.assertEqual(groups[0]["title"], "Makers QQ")
        status, body = self.steward.request(
            "GET", "/api/v1/groups/onebot:%d/members" % GROUP, headers=auth)
        self.assertEqual(status, 200, body)
        self.assertEqual([m["user_id"] for m in json.loads(body)["members"]], [str(ANN)])
        # A bare id is a Telegram chat: not this group.
        self.assertEqual(self.steward.request("GET", "/api/v1/groups/%d/members" % GROUP,
                                              headers=auth)[0], 404)

    def test_join_requests_of_shared_bans_are_refused_and_others_left_to_the_admins(self):
        self.say(720, "hello")  # the group is known
        token = create_token(self.steward, "operator")
        status, body = self.steward.request(
            "POST", "/api/v1/bans", json.dumps({"platform": "onebot", "user_id": str(BO),
                                                "reason": "crypto spam"}).encode(),
            {"Authorization": "Bearer " + token, "Content-Type": "application/json"})
        self.assertIn(status, (200, 202), body)
        request = {"time": int(time.time()), "self_id": SELF_ID, "post_type": "request",
                   "request_type": "group", "sub_type": "add", "group_id": GROUP,
                   "user_id": BO, "comment": "let me in", "flag": "flag-bo-1"}
        self.assertEqual(post(self.steward, request)[0], 204)
        self.assertEqual(post(self.steward, request)[0], 204)  # a re-post counts once
        refused = self.qq.wait_for("set_group_add_request")
        self.assertEqual(len(refused), 1)
        self.assertEqual(refused[0]["flag"], "flag-bo-1")
        self.assertFalse(refused[0]["approve"])
        self.assertIn("crypto spam", refused[0]["reason"])
        other = dict(request, user_id=50005000, flag="flag-cy-1")
        self.assertEqual(post(self.steward, other)[0], 204)
        time.sleep(0.5)
        self.assertEqual(len(self.qq.wait_for("set_group_add_request", 2, timeout=0.3)), 1)
        # Asking is not joining: no member row for either.
        self.assertEqual(self.steward.query(
            "SELECT COUNT(*) FROM members WHERE user_id IN ('%d', '50005000')" % BO), [(0,)])

    def test_listed_words_are_deleted_and_the_member_warned(self):
        self.say(201, "get free money now", user_id=BO, name="Bo")
        deleted = self.qq.wait_for("delete_msg", 1)
        self.assertEqual(deleted[0]["message_id"], 201)
        # Evasion through look-alikes and noise reads the same on QQ.
        self.say(202, "你这个傻@逼", user_id=BO, name="Bo")
        self.qq.wait_for("delete_msg", 2)
        warning = self.sends(1, lambda c: "1/5" in text_of(c))
        self.assertEqual(len(warning), 1, self.qq.calls)
        self.assertIn("Bo", text_of(warning[0]))
        rows = self.steward.query("SELECT taken FROM moderation_log ORDER BY id")
        self.assertEqual(len(rows), 2)
        self.assertIn("delete", rows[0][0])
        self.assertIn("warn 1/5", rows[1][0])

    def test_a_ban_is_announced_only_once_qq_carried_it_out(self):
        self.say(301, "banme", user_id=BO, name="Bo")
        kicked = self.qq.wait_for("set_group_kick", 1)
        self.assertEqual(kicked[0], {"group_id": GROUP, "user_id": BO,
                                     "reject_add_request": True})
        told = self.sends(1, lambda c: "banned" in text_of(c))
        self.assertEqual(len(told), 1, self.qq.calls)

    def test_a_refused_ban_is_reported_not_announced(self):
        self.qq.refuse("set_group_kick")
        self.say(401, "banme", user_id=BO, name="Bo")
        told = self.sends(1, lambda c: "could not" in text_of(c))
        self.assertEqual(len(told), 1, self.qq.calls)
        self.assertIn("group admin", text_of(told[0]))  # what QQ needs, not Telegram's rights
        self.assertFalse([c for c in self.qq.of("send_group_msg") if "banned" in text_of(c)])
        status = self.steward.query("SELECT status FROM moderation_log")[0][0]
        self.assertEqual(status, "failed")

    def test_an_admin_mutes_by_mention_for_the_time_said(self):
        self.say(501, "hello", user_id=ANN)
        started = time.time()
        self.say(502, [{"type": "text", "data": {"text": "/mute "}},
                       {"type": "at", "data": {"qq": str(ANN), "name": "Ann"}},
                       {"type": "text", "data": {"text": " 10m flooding"}}],
                 user_id=ADMIN, name="Admin", role="admin")
        mute = self.qq.wait_for("set_group_ban", 1)
        self.assertEqual(len(mute), 1, self.qq.calls)
        self.assertEqual(mute[0]["user_id"], ANN)
        # A duration counted from the moment the call went out, never the private end marker.
        self.assertNotIn("steward_until", mute[0])
        self.assertLessEqual(mute[0]["duration"], 600)
        self.assertGreaterEqual(mute[0]["duration"], 600 - (time.time() - started) - 2)
        told = self.sends(1, lambda c: quotes(c, 502))
        self.assertIn("muted", text_of(told[0]))

    def test_a_timed_ban_qq_cannot_end_is_refused_not_pretended(self):
        self.say(601, "hi", user_id=BO, name="Bo")
        command = [{"type": "text", "data": {"text": "/ban "}},
                   {"type": "at", "data": {"qq": str(BO), "name": "Bo"}},
                   {"type": "text", "data": {"text": " 1d spam"}}]
        self.say(602, command, user_id=ADMIN, name="Admin", role="admin")
        told = self.sends(1, lambda c: quotes(c, 602))
        self.assertEqual(len(told), 1, self.qq.calls)
        self.assertIn("QQ offers no way to do this", text_of(told[0]))
        self.assertEqual(self.qq.of("set_group_kick"), [])
        # For good is what QQ can do: a kick that refuses their join requests.
        command[2] = {"type": "text", "data": {"text": " spam"}}
        self.say(603, command, user_id=ADMIN, name="Admin", role="admin")
        kicked = self.qq.wait_for("set_group_kick", 1)
        self.assertEqual(kicked[0]["reject_add_request"], True)
        self.sends(1, lambda c: quotes(c, 603) and "banned" in text_of(c))

    def test_a_bot_that_is_no_admin_asks_for_qqs_one_right(self):
        self.qq.bot_role = "member"
        self.say(801, "hello")
        asked = self.sends(1, lambda c: "admin" in text_of(c))
        self.assertEqual(len(asked), 1, self.qq.calls)
        self.assertIn("“group admin”", text_of(asked[0]))
        self.assertNotIn("Ban users", text_of(asked[0]))  # Telegram's names mean nothing on QQ
        # Until it is one, moderation records what it would have done instead of calling QQ.
        self.say(802, "get free money now", user_id=BO, name="Bo")
        deadline = time.time() + 5
        while time.time() < deadline and not self.steward.query("SELECT taken FROM moderation_log"):
            time.sleep(0.05)
        self.assertIn("cannot delete", self.steward.query("SELECT taken FROM moderation_log")[0][0])
        self.assertEqual(self.qq.of("delete_msg"), [])

    def test_a_newcomer_is_welcomed_with_a_real_mention(self):
        status, _ = post(self.steward, notice("group_increase", "approve", BO))
        self.assertEqual(status, 204)
        welcome = self.sends(1, lambda c: {"type": "at", "data": {"qq": str(BO)}} in c["message"])
        self.assertEqual(len(welcome), 1, self.qq.calls)
        joined = self.steward.query(
            "SELECT COUNT(*) FROM members WHERE user_id = ? AND joined_at IS NOT NULL", str(BO))
        self.assertEqual(joined[0][0], 1)


if __name__ == "__main__":
    unittest.main()
