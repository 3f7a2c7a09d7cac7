// The Node bot of issue 12's table, rebuilt for tests/bench/node_compare.sh: grammY on Node's
// http server, mint-filter (Aho–Corasick) over the same word list as Steward, opencc-js for
// traditional → simplified, better-sqlite3 in WAL with synchronous=NORMAL (no fsync per
// commit, unlike Steward's FULL). Per update, in one transaction: de-duplication by update id,
// the member's row (messages, last active), and either a check-in (once per member per day, a
// ledger row and the balance, the reply queued in an outbox table), a balance reply, or the
// word filter and a contact-ad pattern (a log row and a deletion queued). No flood, raid or
// newcomer rules, no analytics: it does less than Steward, so the ratio flatters it.
//
//   node bot.cjs <port> <database> <words file>
"use strict";
const http = require("http");
const fs = require("fs");
const { Bot, webhookCallback } = require("grammy");
const Database = require("better-sqlite3");
const { Mint } = require("mint-filter");
const OpenCC = require("opencc-js");

const [port, databasePath, wordsPath] = process.argv.slice(2);
const db = new Database(databasePath);
db.pragma("journal_mode = WAL");
db.pragma("synchronous = NORMAL");
db.exec(`
CREATE TABLE IF NOT EXISTS processed (update_id INTEGER PRIMARY KEY);
CREATE TABLE IF NOT EXISTS members (chat_id INTEGER, user_id INTEGER, name TEXT,
  messages INTEGER NOT NULL DEFAULT 0, points INTEGER NOT NULL DEFAULT 0, last_active INTEGER,
  PRIMARY KEY (chat_id, user_id));
CREATE TABLE IF NOT EXISTS checkins (chat_id INTEGER, user_id INTEGER, day TEXT,
  PRIMARY KEY (chat_id, user_id, day));
CREATE TABLE IF NOT EXISTS ledger (id INTEGER PRIMARY KEY, chat_id INTEGER, user_id INTEGER,
  delta INTEGER, reason TEXT, at INTEGER);
CREATE TABLE IF NOT EXISTS moderation_log (id INTEGER PRIMARY KEY, chat_id INTEGER,
  user_id INTEGER, message_id INTEGER, rule TEXT, at INTEGER);
CREATE TABLE IF NOT EXISTS outbox (id INTEGER PRIMARY KEY, chat_id INTEGER, method TEXT,
  body TEXT);
`);
const sql = {
  dedupe: db.prepare("INSERT OR IGNORE INTO processed (update_id) VALUES (?)"),
  member: db.prepare(
    "INSERT INTO members (chat_id, user_id, name, messages, last_active) VALUES (?, ?, ?, 1, ?) " +
      "ON CONFLICT (chat_id, user_id) DO UPDATE SET messages = messages + 1, " +
      "last_active = excluded.last_active, name = excluded.name"),
  checkin: db.prepare("INSERT OR IGNORE INTO checkins (chat_id, user_id, day) VALUES (?, ?, ?)"),
  credit: db.prepare("UPDATE members SET points = points + ? WHERE chat_id = ? AND user_id = ?"),
  ledger: db.prepare(
    "INSERT INTO ledger (chat_id, user_id, delta, reason, at) VALUES (?, ?, ?, ?, ?)"),
  points: db.prepare("SELECT points FROM members WHERE chat_id = ? AND user_id = ?"),
  log: db.prepare(
    "INSERT INTO moderation_log (chat_id, user_id, message_id, rule, at) VALUES (?, ?, ?, ?, ?)"),
  send: db.prepare("INSERT INTO outbox (chat_id, method, body) VALUES (?, ?, ?)"),
};
const words = fs.readFileSync(wordsPath, "utf8").split("\n").filter(Boolean);
const mint = new Mint(words);
const simplified = OpenCC.Converter({ from: "hk", to: "cn" });
const contact = /(微信|vx|v信|qq|加我)\s*[:：]?\s*[a-z0-9_]{5,}/i;

function handle(update) {
  const m = update.message;
  if (sql.dedupe.run(update.update_id).changes === 0 || !m || !m.from) return;
  const chat = m.chat.id, user = m.from.id, now = m.date;
  sql.member.run(chat, user, m.from.first_name, now);
  const text = m.text || "";
  const reply = (body) => sql.send.run(chat, "sendMessage", JSON.stringify({ chat_id: chat, text: body }));
  if (text.startsWith("/checkin")) {
    const day = new Date(now * 1000).toISOString().slice(0, 10);
    if (sql.checkin.run(chat, user, day).changes === 1) {
      sql.credit.run(10, chat, user);
      sql.ledger.run(chat, user, 10, "checkin", now);
      reply(`${m.from.first_name} checked in: +10`);
    } else {
      reply("Already checked in today");
    }
    return;
  }
  if (text.startsWith("/points") || text.startsWith("/rank")) {
    reply(`Points: ${sql.points.get(chat, user).points}`);
    return;
  }
  const found = mint.filter(simplified(text.toLowerCase()), { replace: false });
  const rule = found.words.length > 0 ? "words" : contact.test(text) ? "contact" : null;
  if (rule) {
    sql.log.run(chat, user, m.message_id, rule, now);
    sql.send.run(chat, "deleteMessage", JSON.stringify({ chat_id: chat, message_id: m.message_id }));
  }
}
const apply = db.transaction(handle);

const bot = new Bot("1:LOAD", {
  botInfo: { id: 1, is_bot: true, first_name: "Bench", username: "bench_bot",
    can_join_groups: true, can_read_all_group_messages: true, supports_inline_queries: false,
    can_connect_to_business: false, has_main_web_app: false },
});
bot.use((ctx) => apply(ctx.update));
const callback = webhookCallback(bot, "http", { secretToken: "s3cret" });
http.createServer((req, res) => {
  if (req.method === "GET") { res.end("ok"); return; }
  callback(req, res);
}).listen(Number(port), "127.0.0.1");
