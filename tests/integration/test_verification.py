"""Newcomer verification (captcha) through the real binary and a fake Bot API: joins are muted
and listed in one challenge message with a button; pressing it lifts the mute (told only once
Telegram confirmed it) and the newcomer is welcomed; out of time they are removed; a member who
passed is never asked again; deadlines survive a restart."""

import re
import time
import unittest

from harness import FakeBotApi, GROUP_ID, Steward, joins, message, wait_until

CONFIG = """
[templates]
language = "en"
welcome_burst = "1s"
[verification]
enabled = true
timeout = "%s"
on_fail = "%s"
"""


def press(update_id, uid, name, data="verify", message_id=1):
    return {"update_id": update_id, "callback_query": {
        "id": "press-%d" % update_id, "chat_instance": "-1", "data": data,
        "from": {"id": uid, "is_bot": False, "first_name": name},
        "message": {"message_id": message_id, "date": int(time.time()), "text": "…",
                    "chat": {"id": GROUP_ID, "title": "Makers", "type": "supergroup"}}}}


class VerificationTest(unittest.TestCase):
    def start(self, timeout="1m", on_fail="kick"):
        self.api = FakeBotApi()
        self.steward = Steward(self.api.url, extra_toml=CONFIG % (timeout, on_fail)).start()

    def tearDown(self):
        self.steward.stop()
        self.api.close()

    def restrictions(self, allowed):
        return [b for b in self.api.sent("restrictChatMember")
                if b["permissions"]["can_send_messages"] == allowed]

    def test_a_raid_of_joins_shares_one_challenge_edited_as_members_pass(self):
        self.start()
        self.steward.post_update(joins(1, [(501, "Ann"), (502, "Bo")]))
        self.steward.post_update(joins(2, [(503, "Cy")]))
        self.assertTrue(wait_until(lambda: len(self.restrictions(False)) == 3))
        self.assertEqual(sorted(b["user_id"] for b in self.restrictions(False)), [501, 502, 503])
        self.assertTrue(all(b["until_date"] == 0 for b in self.restrictions(False)))
        self.api.wait_for(1)
        time.sleep(1.5)  # the burst's later joins join the same message, not a second one
        challenges = [b for b in self.api.sent() if "reply_markup" in b]
        self.assertEqual(len(challenges), 1, self.api.sent())
        keyboard = challenges[0]["reply_markup"]["inline_keyboard"]
        self.assertEqual(keyboard[0][0]["callback_data"], "verify")
        listed = challenges[0]["text"] + "".join(
            b["text"] for b in self.api.sent("editMessageText"))
        for uid in (501, 502, 503):
            self.assertIn("tg://user?id=%d" % uid, listed)
        self.assertIn("within 1m", challenges[0]["text"])
        # Nobody is welcomed before they passed.
        self.assertEqual([b for b in self.api.sent() if "reply_markup" not in b], [])

        # Ann passes: her mute is lifted, she is told once Telegram confirmed, the message no
        # longer lists her, and she is welcomed.
        self.steward.post_update(press(3, 501, "Ann"))
        self.assertTrue(wait_until(lambda: len(self.restrictions(True)) == 1))
        self.assertEqual(self.restrictions(True)[0]["user_id"], 501)
        answers = self.api.wait_for(1, method="answerCallbackQuery")
        self.assertEqual(answers[0]["callback_query_id"], "press-3")
        self.assertIn("you can write now", answers[0]["text"])
        self.assertTrue(wait_until(lambda: any(
            "tg://user?id=501" not in b["text"] and "tg://user?id=502" in b["text"]
            for b in self.api.sent("editMessageText"))))
        self.assertTrue(wait_until(lambda: any(
            "Welcome" in b["text"] and "tg://user?id=501" in b["text"] and "reply_markup" not in b
            for b in self.api.sent())))

        # Someone else pressing is told the button is not theirs; nothing is lifted.
        self.steward.post_update(press(4, 777, "Dee"))
        self.assertTrue(wait_until(lambda: len(self.api.sent("answerCallbackQuery")) == 2))
        self.assertIn("newcomers who have not verified",
                      self.api.sent("answerCallbackQuery")[1]["text"])
        self.assertEqual(len(self.restrictions(True)), 1)

        # Once everyone answered, the challenge goes away.
        self.steward.post_update(press(5, 502, "Bo"))
        self.steward.post_update(press(6, 503, "Cy"))
        self.assertTrue(wait_until(lambda: len(self.restrictions(True)) == 3))
        self.assertTrue(wait_until(lambda: len(self.api.sent("deleteMessage")) == 1))
        self.assertEqual(self.api.sent("deleteMessage")[0]["message_id"], 1)
        states = dict(self.steward.query("SELECT user_id, state FROM verifications"))
        self.assertEqual(states, {"501": "passed", "502": "passed", "503": "passed"})

        # A member who passed and rejoins is not asked again: welcomed as anyone.
        self.steward.post_update(joins(7, [(501, "Ann")]))
        time.sleep(1.5)
        self.assertEqual(len(self.restrictions(False)), 3)

    def test_out_of_time_newcomers_are_removed_and_a_refused_unmute_is_told_honestly(self):
        self.start(timeout="10s")
        self.steward.post_update(joins(1, [(601, "Eve")]))
        self.steward.post_update(joins(2, [(602, "Fay")]))
        self.assertTrue(wait_until(lambda: len(self.restrictions(False)) == 2))
        # Fay presses, but Telegram refuses to lift her mute: she is told why, not "you can write".
        self.api.script("restrictChatMember", 400, {
            "ok": False, "error_code": 400,
            "description": "Bad Request: not enough rights to restrict/unrestrict chat member"})
        self.steward.post_update(press(3, 602, "Fay"))
        answers = self.api.wait_for(1, method="answerCallbackQuery")
        self.assertIn("could not", answers[0]["text"])
        self.assertNotIn("you can write now", answers[0]["text"])
        # A message Eve manages to send while unverified is removed.
        self.steward.post_update(message(4, "buy cheap followers", user_id=601, name="Eve",
                                         message_id=44))
        self.assertTrue(wait_until(lambda: any(
            b.get("message_id") == 44 for b in self.api.sent("deleteMessage"))))
        # Eve never presses: after 10 s she is removed (ban, then unban so she may rejoin).
        self.assertTrue(wait_until(lambda: len(self.api.sent("unbanChatMember")) == 1, 25))
        self.assertEqual(self.api.sent("banChatMember")[0]["user_id"], 601)
        self.assertTrue(wait_until(lambda: dict(self.steward.query(
            "SELECT user_id, state FROM verifications")) == {"601": "failed", "602": "passed"}))

    def test_deadlines_survive_a_restart_and_mute_mode_keeps_them_muted(self):
        self.start(timeout="10s", on_fail="mute")
        self.steward.post_update(joins(1, [(701, "Gus")]))
        self.assertTrue(wait_until(lambda: len(self.restrictions(False)) == 1))
        self.api.wait_for(1)
        self.steward.stop()
        self.steward.start()
        self.assertTrue(wait_until(lambda: self.steward.query(
            "SELECT state FROM verifications WHERE user_id = '701'") == [("failed",)], 25))
        self.assertEqual(self.api.sent("banChatMember"), [])
        self.assertEqual(self.restrictions(True), [])
        # Nobody is left to answer: the challenge is removed.
        self.assertTrue(wait_until(lambda: len(self.api.sent("deleteMessage")) == 1))


class ArithmeticTest(unittest.TestCase):
    """For platforms without buttons: a sum answered in the chat, nobody muted meanwhile."""

    def setUp(self):
        self.api = FakeBotApi()
        self.steward = Steward(self.api.url, extra_toml=CONFIG % ("1m", "kick")
                               + 'challenge = "arithmetic"\n').start()

    def tearDown(self):
        self.steward.stop()
        self.api.close()

    def test_the_right_sum_passes_anything_else_is_removed(self):
        self.steward.post_update(joins(1, [(801, "Ivy")]))
        challenge = self.api.wait_for(1)[0]
        self.assertNotIn("reply_markup", challenge)
        self.assertEqual(self.api.sent("restrictChatMember"), [])
        match = re.search(r'tg://user\?id=801">Ivy</a>: (\d) \+ (\d)', challenge["text"])
        self.assertIsNotNone(match, challenge["text"])
        answer = int(match.group(1)) + int(match.group(2))
        self.steward.post_update(message(2, "hello, where do I start?", user_id=801, name="Ivy",
                                         message_id=21))
        self.steward.post_update(message(3, str(answer + 1), user_id=801, name="Ivy",
                                         message_id=22))
        self.assertTrue(wait_until(lambda: {21, 22} <= {
            d["message_id"] for d in self.api.sent("deleteMessage")}))
        self.assertEqual(self.steward.query("SELECT state FROM verifications"), [("pending",)])
        self.steward.post_update(message(4, "= %d" % answer, user_id=801, name="Ivy",
                                         message_id=23))
        self.assertTrue(wait_until(lambda: self.steward.query(
            "SELECT state FROM verifications") == [("passed",)]))
        # Nobody left to answer: the challenge goes; Ivy is welcomed and may write.
        self.assertTrue(wait_until(lambda: 1 in {
            d["message_id"] for d in self.api.sent("deleteMessage")}))
        self.assertTrue(wait_until(lambda: any(
            "Welcome" in b["text"] and "tg://user?id=801" in b["text"] and b is not challenge
            for b in self.api.sent()[1:])))
        self.steward.post_update(message(5, "thanks!", user_id=801, name="Ivy", message_id=24))
        time.sleep(1)
        self.assertNotIn(24, [d["message_id"] for d in self.api.sent("deleteMessage")])


if __name__ == "__main__":
    unittest.main()
