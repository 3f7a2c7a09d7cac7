"""The points shop: listing, redemption codes, limits, and no overselling under concurrency."""

import concurrent.futures
import re
import unittest

from harness import FakeBotApi, Steward, message

ITEMS = """
[[shop.items]]
id = "mug"
name = "Steward mug"
price = 50
stock = 1

[[shop.items]]
id = "sticker"
name = "Sticker pack"
description = "five stickers"
price = 5

[[shop.items]]
id = "tee"
name = "T-shirt"
price = 10
per_member_limit = 1

[[shop.items]]
id = "vip"
name = "VIP role"
price = 1
min_level = 5

[[shop.items]]
id = "calendar"
name = "2020 calendar"
price = 1
valid_until = 2020-12-31T23:59:59+08:00
"""

ADMIN = 1111


class ShopTest(unittest.TestCase):
    def setUp(self):
        self.api = FakeBotApi()
        self.api.admins = [ADMIN]
        self.steward = Steward(self.api.url, {"points": {"per_message": 0}}, ITEMS).start()
        self.next_update = 1

    def tearDown(self):
        self.assertEqual(self.steward.ledger_mismatches(), [])
        self.steward.stop()
        self.api.close()

    def post(self, text, user_id, name="Member"):
        self.next_update += 1
        return self.steward.post_update(message(self.next_update, text, user_id=user_id,
                                                name=name))

    def fund(self, user_id, points):
        self.post("hello", user_id)
        self.post("/give %d %d" % (user_id, points), ADMIN, "Admin")

    def replies(self, count):
        return [s["text"] for s in self.api.replies(count, timeout=30)]

    def test_twenty_concurrent_redemptions_of_the_last_item_sell_exactly_one(self):
        members = list(range(5000, 5020))
        for m in members:
            self.fund(m, 100)
        before = len(self.api.replies(20))  # the grants' replies
        updates = [message(9000 + i, "/redeem mug", user_id=m) for i, m in enumerate(members)]
        with concurrent.futures.ThreadPoolExecutor(20) as pool:
            statuses = list(pool.map(self.steward.post_update, updates))
        self.assertEqual(statuses, [200] * 20)
        answers = self.replies(before + 20)[before:]
        self.assertEqual(len([a for a in answers if "redeemed Steward mug" in a]), 1)
        self.assertEqual(len([a for a in answers if "Sorry, Steward mug is sold out" in a]), 19)
        self.assertEqual(self.steward.query("SELECT COUNT(*) FROM redemptions"), [(1,)])
        self.assertEqual(self.steward.query("SELECT COUNT(*) FROM ledger WHERE reason = 'redeem'"),
                         [(1,)])

    def test_redeem_gives_a_code_and_debits_once(self):
        self.fund(2222, 20)
        self.post("/redeem sticker", 2222, "Bo")
        self.post("兑换 Sticker Pack", 2222, "Bo")
        answers = self.replies(3)
        self.assertIn("Bo redeemed Sticker pack for 5 points", answers[1])
        self.assertIn("当前积分 10", answers[2])  # asked in Chinese, answered in Chinese
        codes = re.findall(r"<code>([A-Z2-9]{4}-[A-Z2-9]{4})</code>", answers[1] + answers[2])
        self.assertEqual(len(set(codes)), 2)
        self.assertEqual(sorted(r[0] for r in self.steward.query("SELECT code FROM redemptions")),
                         sorted(codes))

    def test_refusals_say_why(self):
        self.fund(2222, 18)
        for text in ("/redeem mug", "/redeem tee", "/redeem tee", "/redeem vip",
                     "/redeem calendar", "/redeem unicorn", "/redeem"):
            self.post(text, 2222, "Bo")
        answers = self.replies(8)[1:]
        self.assertIn("Steward mug costs 50 points; you have 18.", answers[0])
        self.assertIn("redeemed T-shirt", answers[1])
        self.assertIn("You already have T-shirt (limit 1 per member).", answers[2])
        self.assertIn("VIP role needs level 5; you are level 0.", answers[3])
        self.assertIn("2020 calendar is no longer on sale.", answers[4])
        self.assertIn('There is no item called “unicorn”', answers[5])
        self.assertIn("Which item? Use /redeem &lt;item&gt;", answers[6])  # HTML-escaped <

    def test_shop_lists_items_with_what_the_member_can_have(self):
        self.fund(2222, 6)
        self.post("/shop", 2222, "Bo")
        listing = self.replies(2)[1]
        self.assertIn("Points shop — you have 6 points", listing)
        self.assertIn("✅ sticker — Sticker pack: 5 points (five stickers)", listing)
        self.assertIn("▫️ mug — Steward mug: 50 points — 1 left", listing)
        self.assertIn("▫️ calendar — 2020 calendar: 1 point\n", listing)  # one point, not "1 points"

    def test_chinese_commands_get_chinese_answers(self):
        self.fund(2222, 18)
        for text in ("商城", "兑换 sticker", "兑换 mug", "兑换 unicorn"):
            self.post(text, 2222, "Bo")
        answers = self.replies(5)[1:]
        self.assertIn("积分商城（你有 18 积分）", answers[0])
        self.assertIn("✅ sticker — Sticker pack：5 积分（five stickers）", answers[0])
        self.assertIn("发送 兑换 &lt;商品&gt; 兑换。", answers[0])  # a literal <, escaped for HTML
        self.assertRegex(answers[1], r"Bo 用 5 积分兑换了 Sticker pack。兑换码：<code>[A-Z2-9-]{9}</code>")
        self.assertIn("Steward mug 需要 50 积分，你有 13。", answers[2])
        self.assertIn("没有叫“unicorn”的商品", answers[3])

    def test_refund_returns_points_and_stock_and_fulfil_is_admin_only(self):
        self.fund(2222, 60)
        self.post("/redeem mug", 2222, "Bo")
        code = re.search(r"<code>(\S+)</code>", self.replies(2)[1]).group(1)
        self.post("/fulfil " + code, 2222, "Bo")
        self.post("/refund " + code, ADMIN, "Admin")
        self.post("/refund " + code, ADMIN, "Admin")
        self.fund(3333, 60)
        self.post("/redeem mug", 3333, "Cy")
        answers = self.replies(7)
        self.assertIn("Only group admins can use /fulfil.", answers[2])
        self.assertIn("refunded: 50 points returned (balance 60)", answers[3])
        self.assertIn("only pending redemptions can be refunded", answers[4])
        self.assertIn("Cy redeemed Steward mug", answers[6])  # the stock came back


if __name__ == "__main__":
    unittest.main()
