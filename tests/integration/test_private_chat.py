"""A private chat with the bot is not a group: no group state is stored for it (only that the
member can be written to), no scheduled post or welcome goes there, and /start, /help and /points
there answer about the member's groups."""

import datetime
import time
import unittest

from harness import GROUP_ID, FakeBotApi, Steward, message

ANN = 1111


def private(update_id, text, user_id=ANN, name="Ann"):
    update = message(update_id, text, user_id=user_id, name=name, message_id=update_id,
                     chat_id=user_id)
    update["message"]["chat"] = {"id": user_id, "first_name": name, "type": "private"}
    return update


class PrivateChatTest(unittest.TestCase):
    def setUp(self):
        self.api = FakeBotApi()
        # Far enough ahead that the group exists by then even on a loaded machine (the post goes
        # to the groups known when it is due).
        at = datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(seconds=8)
        self.steward = Steward(self.api.url, extra_toml=(
            '[[schedules]]\nid = "news"\nonce = %s\ntext = "📣 news for {group}"\n'
            % at.replace(microsecond=0).isoformat())).start()

    def tearDown(self):
        self.steward.stop()
        self.api.close()

    def test_points_in_private_list_the_members_groups(self):
        self.steward.post_update(message(1, "/checkin", user_id=ANN, message_id=1))
        self.steward.post_update(message(2, "/checkin", user_id=ANN, message_id=2,
                                         chat_id=-1007777))
        self.steward.post_update(message(3, "/checkin", user_id=2222, name="Bo", message_id=3,
                                         chat_id=-1007777))
        self.api.wait_for(3, kind="reply")
        self.steward.post_update(private(4, "积分"))
        answer = self.api.wait_for(4, kind="reply")[-1]
        self.assertEqual(answer["chat_id"], ANN)
        self.assertIn("你在各群的积分", answer["text"])
        self.assertIn("Group：10 分，排名第 1", answer["text"])
        self.assertEqual(answer["text"].count("排名第"), 2)
        self.assertEqual(self.steward.query(
            "SELECT COUNT(*) FROM groups WHERE chat_id = ?", str(ANN)), [(0,)])

    def test_start_and_group_commands_in_private(self):
        self.steward.post_update(private(10, "/start"))
        self.steward.post_update(private(11, "/checkin"))
        self.steward.post_update(private(12, "just chatting"))
        replies = self.api.wait_for(2, kind="reply")
        self.assertIn("I'm Steward", replies[0]["text"])
        self.assertIn("not in any group I look after yet", replies[0]["text"])
        self.assertIn("That works in a group: send /checkin in your group.", replies[1]["text"])
        time.sleep(0.5)
        self.assertEqual(len(self.api.sent(kind="reply")), 2)  # plain chat gets no answer
        self.assertEqual(self.steward.query("SELECT COUNT(*) FROM groups"), [(0,)])
        self.assertEqual(self.steward.query("SELECT COUNT(*) FROM checkins"), [(0,)])

    def test_scheduled_posts_for_all_groups_skip_private_chats(self):
        self.steward.post_update(private(20, "/start"))
        self.steward.post_update(message(21, "hello", message_id=21))
        deadline = time.monotonic() + 25
        news = []
        while time.monotonic() < deadline and not news:
            news = [m for m in self.api.sent() if "news for" in m["text"]]
            time.sleep(0.05)
        time.sleep(1)
        news = [m for m in self.api.sent() if "news for" in m["text"]]
        self.assertEqual([m["chat_id"] for m in news], [GROUP_ID])


if __name__ == "__main__":
    unittest.main()
