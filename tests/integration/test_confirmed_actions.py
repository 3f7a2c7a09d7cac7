"""Sanctions are announced only after Telegram confirmed them; refusals are said plainly, in the
member's language, and recorded as failed; the bot's own rights are learned and respected."""

import json
import time
import unittest

from harness import GROUP_ID, FakeBotApi, Steward, create_token, message, reply_to, wait_until

ADMIN = 9001


def refusal(description, code=400):
    return {"ok": False, "error_code": code, "description": description}


def bot_status(update_id, status, **rights):
    member = {"status": status, "user": {"id": 999, "is_bot": True, "first_name": "Steward"}}
    member.update(rights)
    return {"update_id": update_id, "my_chat_member": {
        "chat": {"id": GROUP_ID, "title": "Group", "type": "supergroup"},
        "from": {"id": ADMIN, "is_bot": False, "first_name": "Boss"},
        "date": int(time.time()),
        "old_chat_member": {"status": "left", "user": member["user"]},
        "new_chat_member": member}}


class ConfirmedActionsTest(unittest.TestCase):
    def start(self, extra="", admins=(ADMIN,)):
        self.api = FakeBotApi()
        self.api.admins = list(admins)
        self.steward = Steward(self.api.url, extra_toml=(
            '[moderation]\nnewcomer_messages = 0\n'
            '[moderation.rules.phone]\naction = "mute"\nmute = "10m"\n' + extra)).start()
        self.steward.post_update(message(1, "hello there", user_id=2222, name="Bo", message_id=10))
        self.base = len(self.api.wait_for(1))  # Bo's newcomer badge

    def tearDown(self):
        self.steward.stop()
        self.api.close()

    def admin(self, update_id, text, target=(2222, "Bo", 10)):
        update = message(update_id, text, user_id=ADMIN, name="Boss", message_id=100 + update_id)
        return reply_to(update, *target) if target else update

    def texts(self, count, timeout=10):
        """Texts posted since the setup's badge announcement."""
        sent = self.api.wait_for(self.base + count, timeout=timeout)
        return [m["text"] for m in sent[self.base:]]

    def log_rows(self):
        return self.steward.query("SELECT rule, status, failure FROM moderation_log ORDER BY id")

    def test_refused_mute_is_not_announced_and_is_explained(self):
        self.start()
        self.api.script("restrictChatMember", 400,
                        refusal("Bad Request: user is an administrator of the chat"))
        self.steward.post_update(self.admin(2, "/mute 10m spam"))
        text = self.texts(1)[0]
        self.assertEqual(text, "⚠️ I could not mute Bo: they are an admin of this group.")
        time.sleep(0.5)
        self.assertFalse(any("muted" in t for t in self.texts(1)))
        self.assertEqual(self.log_rows(), [(
            "mute", "failed", "mute failed: Bad Request: user is an administrator of the chat")])

    def test_confirmed_mute_is_announced_after_the_call(self):
        self.start()
        self.steward.post_update(self.admin(3, "禁言 10m 广告"))
        self.assertIn("已被禁言，至", self.texts(1)[0])
        self.assertIn("UTC+8", self.texts(1)[0])  # the group's time zone, not UTC
        with self.api.lock:
            order = [(m, b.get("text", "")) for m, b, _ in self.api.calls]
        notice = next(i for i, (m, t) in enumerate(order) if "已被禁言" in t)
        self.assertLess(order.index(("restrictChatMember", "")), notice)
        self.assertEqual(self.log_rows(), [("mute", "done", "")])

    def test_missing_right_is_named_remembered_and_not_tried_again(self):
        self.start()
        self.api.script("restrictChatMember", 400, refusal(
            "Bad Request: not enough rights to restrict/unrestrict chat member"))
        self.steward.post_update(message(4, "加我 13800138000", user_id=3333, name="Cy",
                                         message_id=40))
        texts = self.texts(1)
        self.assertIn("无法禁言 Cy：我需要“封禁用户”权限", texts[0])
        self.steward.post_update(message(5, "电话 13900139000", user_id=4444, name="Di",
                                         message_id=41))
        self.assertEqual(len(self.api.wait_for(2, method="deleteMessage")), 2)
        time.sleep(0.5)
        self.assertEqual(len(self.api.attempts_of("restrictChatMember")), 1)
        self.assertEqual([r[1] for r in self.log_rows()], ["failed", "done"])

    def test_failed_delete_is_logged_as_failed(self):
        self.start('[moderation.rules.url]\naction = "delete"\n')
        self.api.script("deleteMessage", 400, refusal("Bad Request: message can't be deleted"))
        self.steward.post_update(message(6, "see https://spam.example.com", user_id=3333,
                                         name="Cy", message_id=60))
        self.assertIn("could not remove Cy's message", self.texts(1)[0])
        self.assertEqual(self.log_rows()[0][1], "failed")

    def test_edited_old_message_mutes_from_now(self):
        self.start()
        two_days_ago = int(time.time()) - 2 * 86400
        edited = message(7, "call 13800138000", user_id=3333, name="Cy", message_id=70,
                         date=two_days_ago)
        edited["edited_message"] = edited.pop("message")
        before = int(time.time())
        self.steward.post_update(edited)
        until = self.api.wait_for(1, method="restrictChatMember")[0]["until_date"]
        self.assertGreaterEqual(until, before + 600)
        self.assertLessEqual(until, int(time.time()) + 600)

    def test_durations_outside_telegrams_window(self):
        self.start()
        self.steward.post_update(self.admin(8, "/mute 10s"))
        self.assertIn("shortest duration I can set is 1 minute", self.texts(1)[0])
        self.steward.post_update(self.admin(9, "/mute 400d"))
        self.assertIn("Bo is muted for good", self.texts(2)[1])
        self.assertIn("366 days", self.texts(2)[1])
        restricted = self.api.sent("restrictChatMember")
        self.assertEqual(len(restricted), 1)
        self.assertEqual(restricted[0]["until_date"], 0)

    def test_admins_are_refused_up_front(self):
        self.start(admins=(ADMIN, 9003))
        self.steward.post_update(self.admin(10, "/ban", target=(9003, "Al", 11)))
        self.assertIn("Al is an admin of this group; /ban does not work on admins",
                      self.texts(1)[0])
        self.steward.post_update(message(12, "hi all", user_id=9003, name="Al", message_id=12))
        self.steward.post_update(self.admin(13, "/kick 9003", target=None))  # named, not replied
        self.assertIn("Al is an admin of this group; /kick does not work on admins.",
                      self.texts(3))  # after Al's newcomer badge
        self.assertEqual(self.api.sent("banChatMember"), [])

    def test_bot_added_without_rights_says_so_once_and_moderates_within_them(self):
        self.start()
        lacking = {"can_delete_messages": True, "can_restrict_members": False,
                   "can_invite_users": True}
        self.steward.post_update(bot_status(20, "administrator", **lacking))
        self.assertIn("缺少“封禁用户”权限", self.texts(1)[0])
        self.steward.post_update(bot_status(21, "administrator", **lacking))
        self.steward.post_update(message(22, "call 13800138000", user_id=3333, name="Cy",
                                         message_id=220))
        self.api.wait_for(1, method="deleteMessage")
        time.sleep(0.5)
        self.assertEqual(len(self.texts(1)), 1)  # no second notice, no "muted" claim
        self.assertEqual(self.api.attempts_of("restrictChatMember"), [])
        self.assertEqual(self.steward.query(
            "SELECT bot_is_admin, bot_can_delete, bot_can_restrict FROM groups"), [(1, 1, 0)])

    def test_an_answer_asked_before_a_rights_update_does_not_undo_it(self):
        # Steward asks its rights; before the answer is back, an admin takes its right to ban
        # (my_chat_member). The older answer ("every right") used to overwrite that: Steward
        # then muted in a group where it may not, and its notices claimed rights it lacked.
        self.api = FakeBotApi()
        self.api.script("getChatMember", 200, {"ok": True, "result": dict(self.api.bot_member)},
                        delay=1.5)
        self.steward = Steward(self.api.url, extra_toml=(
            '[moderation]\nnewcomer_messages = 0\n'
            '[moderation.rules.phone]\naction = "mute"\nmute = "10m"\n')).start()
        self.steward.post_update(message(1, "hello there", user_id=2222, name="Bo", message_id=10))
        self.assertTrue(wait_until(lambda: self.api.attempted_bodies("getChatMember")))
        lacking = {"can_delete_messages": True, "can_restrict_members": False,
                   "can_invite_users": True}
        self.steward.post_update(bot_status(2, "administrator", **lacking))
        rights = "SELECT bot_is_admin, bot_can_delete, bot_can_restrict FROM groups"
        self.assertTrue(wait_until(lambda: self.steward.query(rights) == [(1, 1, 0)]))
        answered = "SELECT state FROM outbox WHERE method = 'getChatMember'"
        self.assertTrue(wait_until(lambda: self.steward.query(answered) == [("sent",)]))
        self.steward.post_update(message(3, "call 13800138000", user_id=3333, name="Cy",
                                         message_id=11))
        self.assertTrue(self.api.wait_for(1, method="deleteMessage"))
        time.sleep(0.5)
        self.assertEqual(self.steward.query(rights), [(1, 1, 0)])
        self.assertEqual(self.api.attempts_of("restrictChatMember"), [])

    def test_a_group_whose_rights_are_unknown_is_asked_once(self):
        # Steward joined before it ran (no my_chat_member seen): it asks Telegram itself.
        self.api = FakeBotApi()
        self.api.bot_member = {"status": "member", "user": {"id": 123456, "is_bot": True}}
        self.steward = Steward(self.api.url, extra_toml='[moderation]\nnewcomer_messages = 0\n'
                               '[moderation.rules.phone]\naction = "mute"\n').start()
        self.steward.post_update(message(40, "hello", user_id=2222, name="Bo", message_id=400))
        texts = [m["text"] for m in self.api.wait_for(2)]  # Bo's badge and the notice
        self.assertTrue(any("请把我设为管理员" in t for t in texts), texts)  # the group's language
        self.steward.post_update(message(41, "call 13800138000", user_id=3333, name="Cy",
                                         message_id=401))
        self.steward.post_update(message(42, "hello again", user_id=2222, name="Bo",
                                         message_id=402))
        time.sleep(1)
        self.assertEqual(len(self.api.attempts_of("getChatMember")), 1)
        self.assertEqual(self.api.attempts_of("deleteMessage"), [])  # not an admin: no claims
        self.assertEqual(self.api.attempts_of("restrictChatMember"), [])
        self.assertEqual(self.steward.query("SELECT taken FROM moderation_log"),
                         [("flag (fallback: cannot delete), delete (fallback: cannot mute)",)])

    def test_mute_that_cannot_be_sent_in_time_is_not_sent_late(self):
        # Telegram asks for a 30 s pause; a 1-minute mute sent after it would end less than 30 s
        # later, which Telegram reads as "forever". It is dropped and the admin is told.
        self.start()
        self.api.script("restrictChatMember", 429, {
            "ok": False, "error_code": 429, "description": "Too Many Requests: retry after 30",
            "parameters": {"retry_after": 30}})
        self.steward.post_update(self.admin(30, "/mute 1m"))
        text = self.texts(1, timeout=45)[0]
        self.assertIn("could not mute Bo: Telegram could not be reached in time", text)
        self.assertEqual(len(self.api.attempts_of("restrictChatMember")), 1)
        self.assertEqual(self.log_rows()[0][1], "failed")

    def operator_order(self, order, user=2222):
        token = create_token(self.steward, "operator", "desk")
        status, body = self.steward.request(
            "POST", f"/api/v1/groups/{GROUP_ID}/members/{user}/sanctions",
            json.dumps(order).encode(),
            {"Authorization": "Bearer " + token, "Content-Type": "application/json"})
        return status, json.loads(body)

    def log_entry(self, log_id, until=lambda e: e["status"] != "pending", timeout=10):
        token = create_token(self.steward, "viewer", f"reader-{time.monotonic_ns()}")
        deadline = time.monotonic() + timeout
        while True:
            status, body = self.steward.request(
                "GET", f"/api/v1/moderation/log/{log_id}",
                headers={"Authorization": "Bearer " + token})
            self.assertEqual(status, 200, body)
            entry = json.loads(body)
            if until(entry) or time.monotonic() > deadline:
                return entry
            time.sleep(0.1)

    def test_operator_mute_is_announced_only_after_telegram_confirmed(self):
        self.start()
        self.api.script("restrictChatMember", 200, {"ok": True, "result": True}, delay=1.0)
        status, answer = self.operator_order({"action": "mute", "duration": "10m",
                                              "reason": "flooding"})
        self.assertEqual(status, 202, answer)
        self.assertEqual(answer["status"], "pending")
        time.sleep(0.5)  # Telegram has not answered yet: nothing is said
        self.assertEqual(len(self.api.sent()), self.base)
        self.assertEqual(self.log_entry(answer["log_id"])["status"], "done")
        text = self.texts(1)[0]
        self.assertIn("Bo 已被禁言，至", text)  # the group's language (zh by default)
        self.assertIn("flooding", text)
        self.assertEqual(len(self.api.attempts_of("restrictChatMember")), 1)

    def test_operator_ban_telegram_refused_is_not_announced(self):
        self.start()
        self.api.script("banChatMember", 400,
                        refusal("Bad Request: user is an administrator of the chat"))
        status, answer = self.operator_order({"action": "ban"})
        self.assertEqual(status, 202, answer)
        entry = self.log_entry(answer["log_id"])
        self.assertEqual(entry["status"], "failed")
        self.assertIn("user is an administrator", entry["failure"])
        self.assertEqual(entry["actor"], "api:desk")
        time.sleep(0.5)
        self.assertEqual(len(self.api.sent()), self.base)  # the group heard nothing

    def test_operator_unban_and_quiet_kick(self):
        self.start()
        status, answer = self.operator_order({"action": "kick", "announce": False})
        self.assertEqual(status, 202, answer)
        self.assertEqual(self.log_entry(answer["log_id"])["status"], "done")
        status, answer = self.operator_order({"action": "unban"})
        self.assertEqual(status, 202, answer)
        self.assertIn("Bo 已解除封禁", self.texts(1)[0])  # only the unban was announced
        self.assertEqual(len(self.api.sent("unbanChatMember")), 2)  # the kick's own + the unban


if __name__ == "__main__":
    unittest.main()
