"""Invite rewards: personal links, credit only after the newcomer stays and takes part, and
self-invites, bots and second invites never count."""

import time
import unittest

from harness import FakeBotApi, Steward, message, GROUP_ID

ANN, BO, CY = 2001, 2002, 2003


def join(update_id, user_id, name, link, is_bot=False):
    user = {"id": user_id, "is_bot": is_bot, "first_name": name}
    return {"update_id": update_id, "chat_member": {
        "chat": {"id": GROUP_ID, "title": "Group", "type": "supergroup"},
        "from": user, "date": int(time.time()),
        "old_chat_member": {"status": "left", "user": user},
        "new_chat_member": {"status": "member", "user": user},
        "invite_link": {"invite_link": link, "creator": {"id": 1, "is_bot": True, "first_name": "S"},
                        "creates_join_request": False, "is_primary": False, "is_revoked": False}}}


def leave(update_id, user_id, name):
    update = join(update_id, user_id, name, "")
    member = update["chat_member"]
    member["old_chat_member"], member["new_chat_member"] = (
        member["new_chat_member"], dict(member["old_chat_member"]))
    del member["invite_link"]
    return update


class InvitesTest(unittest.TestCase):
    def setUp(self):
        self.api = FakeBotApi()
        self.steward = Steward(self.api.url, {
            "invites": {"stay_days": 0, "min_messages": 2},
            "points": {"per_message": 0}}).start()
        self.update = 100

    def tearDown(self):
        self.assertEqual(self.steward.ledger_mismatches(), [])
        self.steward.stop()
        self.api.close()

    def post(self, update):
        self.update += 1
        return self.steward.post_update(update)

    def say(self, text, user_id, name):
        self.update += 1
        return self.steward.post_update(message(self.update, text, user_id=user_id, name=name))

    def link_for(self, user_id, name, replies_before):
        self.say("/invite", user_id, name)
        text = self.api.replies(replies_before + 1)[-1]["text"]
        return text.split("Your personal invite link: ")[1].split("\n")[0]

    def housekeeping(self):
        """Restart: housekeeping runs with the first batch after a start."""
        self.steward.stop()
        self.steward.start()
        self.say("tick", 9999, "Ticker")
        time.sleep(0.5)

    def test_invite_link_is_created_once_and_reused(self):
        link = self.link_for(ANN, "Ann", 0)
        self.assertTrue(link.startswith("https://t.me/+fake"))
        self.assertEqual(self.link_for(ANN, "Ann", 1), link)
        created = self.api.sent("createChatInviteLink")
        self.assertEqual(len(created), 1)
        self.assertEqual(created[0]["name"], "Steward · Ann")
        self.assertEqual(created[0]["chat_id"], GROUP_ID)

    def test_asked_in_chinese_answered_in_chinese(self):
        self.say("邀请", ANN, "Ann")
        text = self.api.replies(1)[0]["text"]
        self.assertIn("你的专属邀请链接：https://t.me/+fake", text)
        self.say("邀请！", ANN, "Ann")  # the stored link, again in Chinese
        self.assertIn("你的专属邀请链接", self.api.replies(2)[1]["text"])
        self.api.script("createChatInviteLink", 400, {
            "ok": False, "error_code": 400, "description": "Bad Request: not enough rights"})
        self.say("邀请", 3003, "Cy")
        self.assertIn("抱歉，我没能创建邀请链接", self.api.replies(3)[2]["text"])

    def test_a_failed_link_creation_is_explained_to_the_member(self):
        self.api.script("createChatInviteLink", 400, {
            "ok": False, "error_code": 400, "description": "Bad Request: not enough rights"})
        self.say("/invite", ANN, "Ann")
        reply = self.api.replies(1)[0]
        self.assertEqual(reply["text"],
                         "Sorry, I could not create an invite link: I need the “Invite users via "
                         "link” right; an admin can grant it in the group's administrator "
                         "settings.")
        self.assertEqual(reply["reply_parameters"]["message_id"], self.update)
        self.assertEqual(self.steward.query("SELECT COUNT(*) FROM invite_links"), [(0,)])

    def test_an_answer_without_a_link_is_not_blamed_on_rights(self):
        # Telegram (or a proxy before it) said yes but sent no link: the member used to hear
        # that an admin must grant a right the bot had.
        self.api.script("createChatInviteLink", 200, {"ok": True, "result": {}})
        self.say("/invite", ANN, "Ann")
        self.assertEqual(self.api.replies(1)[0]["text"],
                         "Sorry, I could not create an invite link: Telegram said yes but sent "
                         "nothing I could use; please try again later.")
        self.assertEqual(self.steward.query("SELECT COUNT(*) FROM invite_links"), [(0,)])

    def test_both_sides_are_credited_after_the_newcomer_takes_part(self):
        link = self.link_for(ANN, "Ann", 0)
        self.post(join(1, BO, "Bo", link))
        self.say("hello!", BO, "Bo")
        self.housekeeping()  # one message is not enough yet
        self.assertEqual(self.steward.query("SELECT state FROM invites"), [("pending",)])
        self.say("glad to be here", BO, "Bo")
        self.housekeeping()
        self.assertEqual(self.steward.query("SELECT state FROM invites"), [("credited",)])
        rows = self.steward.query("SELECT m.user_id, l.delta FROM ledger l JOIN members m ON "
                                  "m.id = l.member_id WHERE l.reason = 'invite' ORDER BY 1")
        self.assertEqual(rows, [(str(ANN), 50), (str(BO), 20)])
        posts = [p["text"] for p in self.api.posts(1)]
        # Said in the group's language (Chinese by default), never English-only.
        self.assertIn("🤝 Ann 邀请的 Bo 留下并参与了交流：Ann +50 分，Bo +20 分。", posts)
        self.say("/rank invites", ANN, "Ann")
        board = self.api.replies(2)[-1]["text"]
        self.assertIn("Invites — all time:\n1. Ann — 1", board)
        self.housekeeping()  # credited once only
        self.assertEqual(self.steward.query("SELECT COUNT(*) FROM ledger WHERE reason = 'invite'"),
                         [(2,)])

    def test_self_invites_bots_and_second_invites_do_not_count(self):
        ann_link = self.link_for(ANN, "Ann", 0)
        cy_link = self.link_for(CY, "Cy", 1)
        self.post(join(1, ANN, "Ann", ann_link))           # her own link
        self.post(join(2, 7777, "Robot", ann_link, True))  # a bot
        self.post(join(3, BO, "Bo", ann_link))
        self.post(leave(4, BO, "Bo"))
        self.post(join(5, BO, "Bo", cy_link))              # a re-join through another link
        rows = self.steward.query("SELECT e.user_id, r.user_id FROM invites i JOIN members e ON "
                                  "e.id = i.invitee_id JOIN members r ON r.id = i.inviter_id")
        self.assertEqual(rows, [(str(BO), str(ANN))])

    def test_a_newcomer_who_left_is_not_credited(self):
        link = self.link_for(ANN, "Ann", 0)
        self.post(join(1, BO, "Bo", link))
        self.say("hi", BO, "Bo")
        self.say("bye", BO, "Bo")
        self.post(leave(2, BO, "Bo"))
        self.housekeeping()
        self.assertEqual(self.steward.query("SELECT state FROM invites"), [("pending",)])


if __name__ == "__main__":
    unittest.main()
