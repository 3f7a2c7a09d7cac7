"""A/B tests of templates through the real binary: an experiment on the welcome, each newcomer
shown the variant a stable hash gives them, exposures recorded only for delivered welcomes,
newcomers who speak counted, results with the verdict, CSV, stopping, and clear 4xx errors."""

import csv
import io
import json
import time
import unittest

from harness import FakeBotApi, Steward, create_token, fnv1a, message

CONFIG = """
[templates]
language = "en"
welcome_burst = "1s"
[templates.en]
welcome = "Welcome, {mention}!"
"""
NAME = "warm-welcome"
GROUPS = [-1002000000000 - i for i in range(8)]



def join(update_id, chat_id, uid, name):
    return {"update_id": update_id, "message": {
        "message_id": update_id, "date": int(time.time()),
        "chat": {"id": chat_id, "title": "Group %d" % -chat_id, "type": "supergroup"},
        "from": {"id": uid, "is_bot": False, "first_name": name},
        "new_chat_members": [{"id": uid, "is_bot": False, "first_name": name}]}}


class ExperimentsTest(unittest.TestCase):
    def setUp(self):
        self.api = FakeBotApi()
        self.steward = Steward(self.api.url, extra_toml=CONFIG).start()
        self.token = create_token(self.steward, "operator")

    def tearDown(self):
        self.steward.stop()
        self.api.close()

    def call(self, method, path, body=None, accept=None):
        headers = {"Authorization": "Bearer " + self.token}
        if body is not None:
            headers["Content-Type"] = "application/json"
        if accept:
            headers["Accept"] = accept
        status, raw = self.steward.request(method, "/api/v1" + path,
                                           body=b"" if body is None else json.dumps(body),
                                           headers=headers)
        return status, raw.decode("utf-8")

    def start(self, body):
        status, raw = self.call("POST", "/experiments", body)
        return status, json.loads(raw)

    def test_a_welcome_experiment_from_start_to_stop(self):
        status, out = self.start({"name": NAME, "template": "welcome", "variants": [
            {"name": "plain"}, {"name": "warm", "text": "Hey {mention}, glad you're here! 🎉"}]})
        self.assertEqual(status, 201, out)
        self.assertEqual((out["outcome"], out["unit"], out["language"]),
                         ("speaks_24h", "member", "en"))

        # One newcomer in each of eight groups: eight welcomes, each with its member's variant.
        uids = [3000 + i for i in range(8)]
        for i, (chat, uid) in enumerate(zip(GROUPS, uids)):
            self.assertEqual(self.steward.post_update(join(100 + i, chat, uid, "N%d" % i)), 200)
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline and len(self.api.sent()) < 8:
            time.sleep(0.05)
        sent = {int(p["chat_id"]): p["text"] for p in self.api.sent()}
        self.assertEqual(len(sent), 8)
        expected = {}
        for chat, uid in zip(GROUPS, uids):
            variant = fnv1a("%s:%d" % (NAME, uid)) % 2
            expected[uid] = variant
            mention = '<a href="tg://user?id=%d">' % uid
            self.assertIn(mention, sent[chat])
            self.assertEqual(sent[chat].startswith("Hey "), variant == 1, sent[chat])

        # Each delivered welcome counts as a template send in its group's numbers.
        deadline = time.monotonic() + 20
        sends = []
        while time.monotonic() < deadline and sends != [{"template": "welcome", "count": 1}]:
            sends = json.loads(self.call("GET", "/groups/%d/stats" % GROUPS[3])[1])[
                "summary"]["template_sends"]
            time.sleep(0.1)
        self.assertEqual(sends, [{"template": "welcome", "count": 1}])

        # Exposures are recorded as Telegram confirms each welcome.
        deadline = time.monotonic() + 20
        result = {}
        while time.monotonic() < deadline:
            result = json.loads(self.call("GET", "/experiments/" + NAME)[1])
            if sum(v["pending"] + v["exposures"] for v in result["variants"]) == 8:
                break
            time.sleep(0.1)
        self.assertEqual(sum(v["pending"] for v in result["variants"]), 8)

        # Half of the newcomers speak: they convert; the others are still pending (their day
        # is not over), not failures.
        for i, (chat, uid) in enumerate(zip(GROUPS, uids)):
            if i % 2 == 0:
                self.assertEqual(self.steward.post_update(
                    message(200 + i, "hello all", user_id=uid, name="N%d" % i, chat_id=chat)), 200)
        result = json.loads(self.call("GET", "/experiments/" + NAME)[1])
        by_name = {v["name"]: v for v in result["variants"]}
        for name, index in (("plain", 0), ("warm", 1)):
            speakers = sum(1 for i, uid in enumerate(uids)
                           if i % 2 == 0 and expected[uid] == index)
            exposed = sum(1 for uid in uids if expected[uid] == index)
            self.assertEqual(by_name[name]["conversions"], speakers)
            self.assertEqual(by_name[name]["exposures"], speakers)
            self.assertEqual(by_name[name]["pending"], exposed - speakers)
        self.assertEqual(result["verdict"], "not significant yet")
        schema = json.loads(self.steward.request("GET", "/api/v1/openapi.json")[1])[
            "components"]["schemas"]["Experiment"]["properties"]
        self.assertEqual(set(result), set(schema))
        self.assertEqual(set(result["variants"][0]),
                         set(schema["variants"]["items"]["properties"]))
        self.assertFalse(result["significant"])
        self.assertIsNone(by_name["plain"]["p_value"])

        # CSV that a spreadsheet (and Python's csv module) reads: one row per variant.
        status, raw = self.call("GET", "/experiments?format=csv")
        self.assertEqual(status, 200)
        self.assertTrue(raw.startswith("\ufeff"))
        rows = list(csv.DictReader(io.StringIO(raw.lstrip("\ufeff"))))
        self.assertEqual([r["variant"] for r in rows], ["plain", "warm"])
        self.assertEqual(rows[0]["experiment"], NAME)

        # A second experiment on the same template is refused; stopping keeps the results.
        status, out = self.start({"name": "other", "template": "welcome", "variants": [
            {"name": "a"}, {"name": "b", "text": "Yo {name}"}]})
        self.assertEqual((status, out["field"]), (409, "template"))
        status, raw = self.call("POST", "/experiments/%s/stop" % NAME)
        self.assertEqual(status, 200, raw)
        stopped = json.loads(raw)
        self.assertFalse(stopped["running"])
        self.assertEqual(sum(v["conversions"] for v in stopped["variants"]), 4)
        status, raw = self.call("POST", "/experiments/%s/stop" % NAME)
        self.assertEqual(status, 409)
        # Stopped: the next newcomer gets the template as it stands. (Announcements for the
        # earlier newcomers, such as their badges, may still be on their way: look for this one.)
        self.steward.post_update(join(300, GROUPS[0], 3999, "Late"))
        mention = '<a href="tg://user?id=3999">'
        deadline = time.monotonic() + 20
        welcome = []
        while time.monotonic() < deadline and not welcome:
            welcome = [p["text"] for p in self.api.sent() if mention in p["text"]]
            time.sleep(0.05)
        self.assertEqual(len(welcome), 1, welcome)
        self.assertTrue(welcome[0].startswith("Welcome, "), welcome[0])

    def test_bad_experiments_get_a_4xx_naming_the_field(self):
        good = [{"name": "a"}, {"name": "b", "text": "Hi {name}"}]
        for body, status, field in [
            ({"name": "x y", "template": "welcome", "variants": good}, 400, "name"),
            ({"name": "x", "template": "points", "variants": good}, 400, "template"),
            ({"name": "x", "template": "schedule:nope", "variants": good}, 404, "template"),
            ({"name": "x", "template": "welcome", "variants": good[:1]}, 400, "variants"),
            ({"name": "x", "template": "welcome", "variants": [{"name": "a"}, {"name": "a"}]},
             400, "variants[1].name"),
            ({"name": "x", "template": "welcome",
              "variants": [{"name": "a"}, {"name": "b", "text": "Hi {nmae}"}]},
             400, "variants[1].text"),
            ({"name": "x", "template": "welcome", "variants": [{"name": "a"}, "b"]},
             400, "variants[1]"),
            ({"name": "x", "template": "welcome", "language": "fr", "variants": good},
             400, "language"),
            ({"name": "x", "template": "welcome", "chat_id": "-1", "variants": good},
             404, "chat_id"),
            ({"name": 5, "template": "welcome", "variants": good}, 400, "name"),
            ({"name": "x", "template": "welcome", "variants": [{"name": "a"}, {"name": 7}]},
             400, "variants[1].name"),
        ]:
            got, out = self.start(body)
            self.assertEqual((got, out.get("field")), (status, field), (body, out))
        status, raw = self.call("GET", "/experiments/nope")
        self.assertEqual(status, 404)
        viewer = create_token(self.steward, "viewer")
        status, _ = self.steward.request(
            "POST", "/api/v1/experiments", body=json.dumps({"name": "v"}),
            headers={"Authorization": "Bearer " + viewer, "Content-Type": "application/json"})
        self.assertEqual(status, 403)


if __name__ == "__main__":
    unittest.main()
