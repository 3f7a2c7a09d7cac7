#include "storage/migrations.hpp"

namespace steward::storage {

namespace {

// Version 1: groups, members, de-duplication, check-ins, the points ledger and the outbox.
constexpr std::string_view schema_v1 = R"sql(
CREATE TABLE groups (
  id          INTEGER PRIMARY KEY,
  platform    TEXT NOT NULL,
  chat_id     TEXT NOT NULL,
  title       TEXT NOT NULL DEFAULT '',
  time_zone   TEXT NOT NULL,
  merged_into INTEGER REFERENCES groups(id),
  created_at  INTEGER NOT NULL,
  UNIQUE (platform, chat_id)
);
-- Chat ids a group was known by before a migration (Telegram group -> supergroup).
CREATE TABLE group_aliases (
  platform TEXT NOT NULL,
  chat_id  TEXT NOT NULL,
  group_id INTEGER NOT NULL REFERENCES groups(id),
  PRIMARY KEY (platform, chat_id)
) WITHOUT ROWID;
CREATE TABLE members (
  id            INTEGER PRIMARY KEY,
  group_id      INTEGER NOT NULL REFERENCES groups(id),
  user_id       TEXT NOT NULL,
  display_name  TEXT NOT NULL DEFAULT '',
  username      TEXT NOT NULL DEFAULT '',
  is_bot        INTEGER NOT NULL DEFAULT 0,
  status        TEXT NOT NULL DEFAULT 'member' CHECK (status IN ('member', 'left')),
  first_seen    INTEGER NOT NULL,
  joined_at     INTEGER,
  left_at       INTEGER,
  last_active   INTEGER,
  message_count INTEGER NOT NULL DEFAULT 0,
  points        INTEGER NOT NULL DEFAULT 0,
  UNIQUE (group_id, user_id)
);
CREATE INDEX members_by_points ON members (group_id, points DESC);
CREATE TABLE processed_events (
  platform    TEXT NOT NULL,
  update_id   TEXT NOT NULL,
  received_at INTEGER NOT NULL,
  PRIMARY KEY (platform, update_id)
) WITHOUT ROWID;
CREATE INDEX processed_events_by_time ON processed_events (received_at);
-- One row per member per local day: the primary key is what makes check-in exactly-once.
CREATE TABLE checkins (
  member_id          INTEGER NOT NULL REFERENCES members(id),
  local_day          INTEGER NOT NULL,
  day_iso            TEXT NOT NULL,
  streak             INTEGER NOT NULL,
  points             INTEGER NOT NULL,
  event_id           TEXT NOT NULL,
  created_at         INTEGER NOT NULL,
  repeat_notified_at INTEGER,
  PRIMARY KEY (member_id, local_day)
) WITHOUT ROWID;
CREATE TABLE ledger (
  id              INTEGER PRIMARY KEY,
  member_id       INTEGER NOT NULL REFERENCES members(id),
  delta           INTEGER NOT NULL,
  reason          TEXT NOT NULL,
  source_event    TEXT NOT NULL DEFAULT '',
  idempotency_key TEXT NOT NULL UNIQUE,
  created_at      INTEGER NOT NULL
);
CREATE INDEX ledger_by_member ON ledger (member_id, id);
CREATE TRIGGER ledger_no_update BEFORE UPDATE ON ledger
  BEGIN SELECT RAISE(ABORT, 'the points ledger is append-only'); END;
CREATE TRIGGER ledger_no_delete BEFORE DELETE ON ledger
  BEGIN SELECT RAISE(ABORT, 'the points ledger is append-only'); END;
CREATE TABLE outbox (
  id              INTEGER PRIMARY KEY,
  platform        TEXT NOT NULL,
  chat_id         TEXT NOT NULL,
  method          TEXT NOT NULL,
  body            TEXT NOT NULL,
  origin_event    TEXT NOT NULL DEFAULT '',
  state           TEXT NOT NULL DEFAULT 'pending'
                  CHECK (state IN ('pending', 'sent', 'failed', 'dead')),
  attempts        INTEGER NOT NULL DEFAULT 0,
  next_attempt_at INTEGER NOT NULL DEFAULT 0,
  last_error      TEXT NOT NULL DEFAULT '',
  created_at      INTEGER NOT NULL,
  updated_at      INTEGER NOT NULL
);
CREATE INDEX outbox_by_state ON outbox (state, id);
)sql";

// Version 2: engagement. XP and levels, per-day activity (for caps and leaderboards), badges, the
// points shop and its redemptions, personal invite links and invite credits.
constexpr std::string_view schema_v2 = R"sql(
ALTER TABLE members ADD COLUMN xp INTEGER NOT NULL DEFAULT 0;
ALTER TABLE members ADD COLUMN last_xp_at INTEGER NOT NULL DEFAULT 0;
ALTER TABLE members ADD COLUMN hidden INTEGER NOT NULL DEFAULT 0;
CREATE INDEX members_by_username ON members (group_id, username COLLATE NOCASE);
-- One row per member per local day: messages sent and points earned (daily caps, boards).
CREATE TABLE member_days (
  member_id INTEGER NOT NULL REFERENCES members(id),
  local_day INTEGER NOT NULL,
  messages  INTEGER NOT NULL DEFAULT 0,
  earned    INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (member_id, local_day)
) WITHOUT ROWID;
CREATE TABLE badges (
  member_id    INTEGER NOT NULL REFERENCES members(id),
  badge        TEXT NOT NULL,
  awarded_at   INTEGER NOT NULL,
  source_event TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (member_id, badge)
) WITHOUT ROWID;
CREATE TABLE shop_items (
  id               TEXT PRIMARY KEY,
  name             TEXT NOT NULL,
  description      TEXT NOT NULL DEFAULT '',
  price            INTEGER NOT NULL CHECK (price >= 0),
  stock            INTEGER,            -- NULL = unlimited; total ever available
  per_member_limit INTEGER,            -- NULL = no limit
  valid_from       INTEGER,
  valid_until      INTEGER,
  min_level        INTEGER NOT NULL DEFAULT 0,
  required_badge   TEXT NOT NULL DEFAULT '',
  enabled          INTEGER NOT NULL DEFAULT 1
);
CREATE TABLE redemptions (
  id         INTEGER PRIMARY KEY,
  code       TEXT NOT NULL UNIQUE,
  item_id    TEXT NOT NULL REFERENCES shop_items(id),
  member_id  INTEGER NOT NULL REFERENCES members(id),
  price      INTEGER NOT NULL,
  state      TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'fulfilled', 'refunded')),
  event_id   TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE INDEX redemptions_by_item ON redemptions (item_id, state);
CREATE INDEX redemptions_by_member ON redemptions (member_id, item_id);
)sql";

// Version 3: personal invite links, invite credits, and outbox rows whose answer matters (the
// link createChatInviteLink returns is stored and sent to the member).
constexpr std::string_view schema_v3 = R"sql(
ALTER TABLE outbox ADD COLUMN purpose TEXT NOT NULL DEFAULT '';
ALTER TABLE outbox ADD COLUMN purpose_ref TEXT NOT NULL DEFAULT '';
ALTER TABLE members ADD COLUMN rejoined INTEGER NOT NULL DEFAULT 0;
CREATE TABLE invite_links (
  link       TEXT PRIMARY KEY,
  member_id  INTEGER NOT NULL REFERENCES members(id),
  created_at INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX invite_links_by_member ON invite_links (member_id);
-- At most one invite per invitee, ever: re-joins and second links never count twice.
CREATE TABLE invites (
  invitee_id  INTEGER PRIMARY KEY REFERENCES members(id),
  inviter_id  INTEGER NOT NULL REFERENCES members(id),
  joined_at   INTEGER NOT NULL,
  state       TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'credited')),
  credited_at INTEGER
);
CREATE INDEX invites_by_inviter ON invites (inviter_id, state);
)sql";

// v4: moderation. Recent message texts (for `rules replay`, kept briefly), every moderation
// decision with the spans that caused it, warnings that decay, and approved members.
constexpr std::string_view schema_v4 = R"sql(
CREATE TABLE messages (
  group_id   INTEGER NOT NULL REFERENCES groups(id),
  message_id TEXT NOT NULL,
  member_id  INTEGER NOT NULL REFERENCES members(id),
  text       TEXT NOT NULL,
  at         INTEGER NOT NULL,
  PRIMARY KEY (group_id, message_id)
) WITHOUT ROWID;
CREATE INDEX messages_by_time ON messages (at);
CREATE TABLE moderation_log (
  id         INTEGER PRIMARY KEY,
  group_id   INTEGER NOT NULL REFERENCES groups(id),
  member_id  INTEGER REFERENCES members(id),
  message_id TEXT NOT NULL DEFAULT '',
  rule       TEXT NOT NULL,
  tag        TEXT NOT NULL DEFAULT '',
  action     TEXT NOT NULL,
  taken      TEXT NOT NULL,
  shadow     INTEGER NOT NULL DEFAULT 0,
  spans      TEXT NOT NULL DEFAULT '[]',
  normalized TEXT NOT NULL DEFAULT '',
  text       TEXT NOT NULL DEFAULT '',
  actor      TEXT NOT NULL DEFAULT '',
  reason     TEXT NOT NULL DEFAULT '',
  at         INTEGER NOT NULL
);
CREATE INDEX moderation_log_by_group ON moderation_log (group_id, at);
CREATE INDEX moderation_log_by_message ON moderation_log (group_id, message_id);
CREATE TABLE warnings (
  id         INTEGER PRIMARY KEY,
  member_id  INTEGER NOT NULL REFERENCES members(id),
  at         INTEGER NOT NULL,
  reason     TEXT NOT NULL DEFAULT '',
  actor      TEXT NOT NULL DEFAULT '',
  revoked_at INTEGER
);
CREATE INDEX warnings_by_member ON warnings (member_id, at);
CREATE TABLE approved_members (
  member_id INTEGER PRIMARY KEY REFERENCES members(id),
  at        INTEGER NOT NULL,
  actor     TEXT NOT NULL
);
)sql";

// v5: when each scheduled post last ran in each group (missed runs are judged from it).
constexpr std::string_view schema_v5 = R"sql(
CREATE TABLE schedule_runs (
  schedule_id TEXT NOT NULL,
  group_id    INTEGER NOT NULL REFERENCES groups(id),
  last_run    INTEGER NOT NULL,
  PRIMARY KEY (schedule_id, group_id)
) WITHOUT ROWID;
)sql";

// v6: the admin API: tokens (only a hash of the secret) and the audit log of API writes.
constexpr std::string_view schema_v6 = R"sql(
CREATE TABLE api_tokens (
  id          INTEGER PRIMARY KEY,
  name        TEXT NOT NULL,
  role        TEXT NOT NULL CHECK (role IN ('viewer', 'operator', 'admin')),
  secret_hash TEXT NOT NULL UNIQUE,
  created_at  INTEGER NOT NULL,
  revoked_at  INTEGER
);
CREATE TABLE audit_log (
  id     INTEGER PRIMARY KEY,
  actor  TEXT NOT NULL,
  action TEXT NOT NULL,
  target TEXT NOT NULL DEFAULT '',
  before TEXT NOT NULL DEFAULT '',
  after  TEXT NOT NULL DEFAULT '',
  at     INTEGER NOT NULL
);
)sql";

// v7: operator-edited templates. Every save is a new version (append-only, like the ledger), so
// any earlier text can be seen and restored; a NULL text means "back to the default".
constexpr std::string_view schema_v7 = R"sql(
CREATE TABLE template_versions (
  id         INTEGER PRIMARY KEY,
  scope      TEXT NOT NULL,
  key        TEXT NOT NULL,
  version    INTEGER NOT NULL,
  text       TEXT,
  author     TEXT NOT NULL,
  note       TEXT NOT NULL DEFAULT '',
  created_at INTEGER NOT NULL,
  UNIQUE (scope, key, version)
);
CREATE TRIGGER template_versions_no_update BEFORE UPDATE ON template_versions
  BEGIN SELECT RAISE(ABORT, 'template versions are append-only'); END;
CREATE TRIGGER template_versions_no_delete BEFORE DELETE ON template_versions
  BEGIN SELECT RAISE(ABORT, 'template versions are append-only'); END;
)sql";

// v8: FAQ entries and scheduled posts saved through the admin API. They join the configured
// ones by id (a saved entry replaces a configured one of the same id); a NULL spec removes it.
constexpr std::string_view schema_v8 = R"sql(
CREATE TABLE content_entries (
  kind       TEXT NOT NULL CHECK (kind IN ('faq', 'schedule')),
  id         TEXT NOT NULL,
  spec       TEXT,
  author     TEXT NOT NULL,
  updated_at INTEGER NOT NULL,
  PRIMARY KEY (kind, id)
) WITHOUT ROWID;
)sql";

// v9: a group's language chosen through the admin API (NULL: the configured one).
constexpr std::string_view schema_v9 = R"sql(
ALTER TABLE groups ADD COLUMN language TEXT CHECK (language IN ('zh', 'en'));
)sql";

// v10: confirmed actions. A sanction is pending until the platform answered each of its calls,
// then done or failed (with the platform's reason); the bot's own rights per group as the
// platform last reported them (NULL: never reported); a deadline per outbox call.
constexpr std::string_view schema_v10 = R"sql(
ALTER TABLE moderation_log ADD COLUMN status TEXT NOT NULL DEFAULT 'done'
  CHECK (status IN ('pending', 'done', 'failed'));
ALTER TABLE moderation_log ADD COLUMN pending_calls INTEGER NOT NULL DEFAULT 0;
ALTER TABLE moderation_log ADD COLUMN failure TEXT NOT NULL DEFAULT '';
ALTER TABLE groups ADD COLUMN bot_is_admin INTEGER;
ALTER TABLE groups ADD COLUMN bot_can_delete INTEGER;
ALTER TABLE groups ADD COLUMN bot_can_restrict INTEGER;
ALTER TABLE groups ADD COLUMN bot_can_invite INTEGER;
ALTER TABLE outbox ADD COLUMN not_after INTEGER NOT NULL DEFAULT 0;
)sql";

// v11: private chats are not groups. Earlier versions stored them as groups; Telegram's private
// chat ids are the (positive) user ids, group ids are negative. They keep their rows (points
// earned there stay on the ledger) but leave every list of groups.
constexpr std::string_view schema_v11 = R"sql(
ALTER TABLE groups ADD COLUMN is_private INTEGER NOT NULL DEFAULT 0;
UPDATE groups SET is_private = 1 WHERE platform = 'telegram' AND chat_id NOT LIKE '-%';
)sql";

// v12: welcomes owed to members who joined (written in the join's transaction, so a welcome still
// waiting out the burst window survives a crash), kept a while after sending so a join reported
// twice is welcomed once; and the last welcome per chat (removed when the next one is posted).
constexpr std::string_view schema_v12 = R"sql(
CREATE TABLE welcomes (
  platform  TEXT NOT NULL,
  chat_id   TEXT NOT NULL,
  user_id   TEXT NOT NULL,
  title     TEXT NOT NULL DEFAULT '',
  name      TEXT NOT NULL,
  joined_at INTEGER NOT NULL,
  sent      INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (platform, chat_id, user_id)
) WITHOUT ROWID;
CREATE INDEX welcomes_owed ON welcomes (sent, joined_at);
-- When something resting per chat last happened (an FAQ entry's answer), so a restart or a
-- rolled-back update neither shortens nor lengthens a cooldown.
CREATE TABLE cooldowns (
  kind TEXT NOT NULL,
  key  TEXT NOT NULL,
  at   INTEGER NOT NULL,
  PRIMARY KEY (kind, key)
) WITHOUT ROWID;
-- Whether a stored message was read with a newcomer's stricter rules, so a replay reads it alike.
ALTER TABLE messages ADD COLUMN newcomer INTEGER NOT NULL DEFAULT 0;
-- Whether the chat allows timed mutes at all (Telegram: supergroups only), learned from a refusal.
ALTER TABLE groups ADD COLUMN bot_can_mute INTEGER;
CREATE TABLE last_welcomes (
  platform   TEXT NOT NULL,
  chat_id    TEXT NOT NULL,
  message_id TEXT NOT NULL,
  PRIMARY KEY (platform, chat_id)
) WITHOUT ROWID;
)sql";

// v13: members' data on request. An erased member keeps their row (the ledger and the counts
// stay whole) without anything that identifies them; message-derived text is cleared by age.
constexpr std::string_view schema_v13 = R"sql(
ALTER TABLE members ADD COLUMN erased_at INTEGER;
CREATE INDEX moderation_log_by_time ON moderation_log (at);
CREATE INDEX outbox_finished ON outbox (updated_at) WHERE state != 'pending';
)sql";

// v14: community analytics. Counters per group and local hour (the group's time zone), written
// in the transaction of the events they count, so they are live and survive a crash like the
// events; and who was active on which local day, for distinct members over weeks and months.
constexpr std::string_view schema_v14 = R"sql(
CREATE TABLE group_hours (
  group_id      INTEGER NOT NULL REFERENCES groups(id),
  local_day     INTEGER NOT NULL,
  hour          INTEGER NOT NULL CHECK (hour BETWEEN 0 AND 23),
  messages      INTEGER NOT NULL DEFAULT 0,
  speakers      INTEGER NOT NULL DEFAULT 0,  -- members whose first message of the hour this is
  day_speakers  INTEGER NOT NULL DEFAULT 0,  -- members whose first message of the day was here
  joins         INTEGER NOT NULL DEFAULT 0,
  left_by_self  INTEGER NOT NULL DEFAULT 0,
  kicked        INTEGER NOT NULL DEFAULT 0,
  banned        INTEGER NOT NULL DEFAULT 0,
  member_change INTEGER NOT NULL DEFAULT 0,  -- members present after the hour − before it
  checkins      INTEGER NOT NULL DEFAULT 0,
  earned        INTEGER NOT NULL DEFAULT 0,
  spent         INTEGER NOT NULL DEFAULT 0,
  redemptions   INTEGER NOT NULL DEFAULT 0,
  invites       INTEGER NOT NULL DEFAULT 0,
  -- The current hour of every group side by side: a batch's updates dirty a few pages, not one
  -- page per group (the index is written only when a group's hour first appears).
  PRIMARY KEY (local_day, hour, group_id)
) WITHOUT ROWID;
CREATE INDEX group_hours_by_group ON group_hours (group_id, local_day, hour);
-- Counters with an open set of keys: moderation actions by rule and action.
CREATE TABLE group_hour_keys (
  group_id  INTEGER NOT NULL REFERENCES groups(id),
  local_day INTEGER NOT NULL,
  hour      INTEGER NOT NULL CHECK (hour BETWEEN 0 AND 23),
  kind      TEXT NOT NULL,
  key       TEXT NOT NULL,
  count     INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (local_day, hour, group_id, kind, key)
) WITHOUT ROWID;
CREATE INDEX group_hour_keys_by_group ON group_hour_keys (group_id, local_day, kind);
CREATE TABLE active_days (
  group_id  INTEGER NOT NULL REFERENCES groups(id),
  local_day INTEGER NOT NULL,
  member_id INTEGER NOT NULL REFERENCES members(id),
  PRIMARY KEY (group_id, local_day, member_id)
) WITHOUT ROWID;
-- Member tiers by activity score percentile, recomputed daily, and every change of tier.
CREATE TABLE member_tiers (
  member_id INTEGER PRIMARY KEY REFERENCES members(id),
  group_id  INTEGER NOT NULL REFERENCES groups(id),
  tier      TEXT NOT NULL CHECK (tier IN ('core', 'potential', 'base')),
  score     REAL NOT NULL,
  since     INTEGER NOT NULL
);
CREATE INDEX member_tiers_by_group ON member_tiers (group_id, tier);
CREATE TABLE tier_changes (
  id        INTEGER PRIMARY KEY,
  member_id INTEGER NOT NULL REFERENCES members(id),
  group_id  INTEGER NOT NULL REFERENCES groups(id),
  from_tier TEXT,
  to_tier   TEXT NOT NULL,
  at        INTEGER NOT NULL
);
CREATE INDEX tier_changes_by_group ON tier_changes (group_id, at);
-- Churn warnings: one per member, level and spell of inactivity (idle_since), with what was
-- done and whether the member came back.
CREATE TABLE churn_warnings (
  id          INTEGER PRIMARY KEY,
  member_id   INTEGER NOT NULL REFERENCES members(id),
  group_id    INTEGER NOT NULL REFERENCES groups(id),
  level_days  INTEGER NOT NULL,
  idle_since  INTEGER NOT NULL,
  warned_at   INTEGER NOT NULL,
  actions     TEXT NOT NULL,
  returned_at INTEGER,
  UNIQUE (member_id, level_days, idle_since)
);
CREATE INDEX churn_warnings_by_group ON churn_warnings (group_id, warned_at);
-- A shop item may be kept for a tier and above ('' for everyone).
ALTER TABLE shop_items ADD COLUMN min_tier TEXT NOT NULL DEFAULT '';
CREATE INDEX churn_warnings_open ON churn_warnings (member_id) WHERE returned_at IS NULL;
-- The local day a daily job last ran for a group (tiers, churn).
CREATE TABLE daily_jobs (
  group_id INTEGER NOT NULL REFERENCES groups(id),
  job      TEXT NOT NULL,
  last_day INTEGER NOT NULL,
  PRIMARY KEY (group_id, job)
) WITHOUT ROWID;
)sql";

// v15: A/B tests of templates, and who can be reached privately. An experiment tries variants of
// one template; each exposure is a member (or a group's post) who was shown a variant, recorded
// once the platform delivered it, and whether the experiment's outcome followed within its window.
constexpr std::string_view schema_v15 = R"sql(
CREATE TABLE experiments (
  id         INTEGER PRIMARY KEY,
  name       TEXT NOT NULL UNIQUE,
  template   TEXT NOT NULL,           -- 'welcome', 'checkin' or 'schedule:<id>'
  chat_id    TEXT NOT NULL DEFAULT '', -- '' for every group
  language   TEXT NOT NULL CHECK (language IN ('zh', 'en')),
  outcome    TEXT NOT NULL,           -- 'speaks_24h', 'checkin_next_day', 'messages_1h'
  variants   TEXT NOT NULL,           -- JSON: [{"name": "A", "text": null | "..."}, ...]
  started_at INTEGER NOT NULL,
  stopped_at INTEGER
);
CREATE TABLE experiment_exposures (
  experiment_id INTEGER NOT NULL REFERENCES experiments(id),
  unit          TEXT NOT NULL,  -- 'm:<member row id>' or 'p:<group id>:<delivered at>'
  group_id      INTEGER NOT NULL REFERENCES groups(id),
  member_id     INTEGER REFERENCES members(id),
  variant       INTEGER NOT NULL,
  exposed_at    INTEGER NOT NULL,
  window_from   INTEGER NOT NULL,  -- the outcome counts in [window_from, window_to)
  window_to     INTEGER NOT NULL,
  converted_at  INTEGER,
  responses     INTEGER NOT NULL DEFAULT 0,  -- messages in the window (posts)
  PRIMARY KEY (experiment_id, unit)
) WITHOUT ROWID;
CREATE INDEX experiment_exposures_open_by_member ON experiment_exposures (member_id, window_to)
  WHERE member_id IS NOT NULL AND converted_at IS NULL;
CREATE INDEX experiment_exposures_posts ON experiment_exposures (group_id, window_to)
  WHERE member_id IS NULL;
-- Users who wrote to the bot one-to-one: on Telegram a bot may message only them. Blocked when
-- a private message to them was refused (they blocked the bot); cleared when they write again.
-- The template an outbox row renders (counted as a template send once delivered).
ALTER TABLE outbox ADD COLUMN label TEXT NOT NULL DEFAULT '';
CREATE TABLE private_contacts (
  platform   TEXT NOT NULL,
  user_id    TEXT NOT NULL,
  since      INTEGER NOT NULL,
  blocked_at INTEGER,
  PRIMARY KEY (platform, user_id)
) WITHOUT ROWID;
)sql";

// v16: the operator console. Shop items may be edited there. Tokens may be limited to chosen
// groups. A console session is made by signing in with a token or with a one-time link the bot
// sends a chat admin; the cookie and the link carry random secrets of which only the SHA-256 is
// kept. A session acts with the name, role and groups it was given, and ends at its expiry, at
// log-out, or when its token is revoked.
constexpr std::string_view schema_v16 = R"sql(
ALTER TABLE api_tokens ADD COLUMN groups TEXT NOT NULL DEFAULT '';  -- chat ids; '' = every group
-- Shop items edited in the console belong to the database ('api'); the configuration file seeds
-- and updates only its own ('config') at start.
ALTER TABLE shop_items ADD COLUMN source TEXT NOT NULL DEFAULT 'config';
-- A member's profile shows their tier history.
CREATE INDEX tier_changes_by_member ON tier_changes (member_id, at);
CREATE TABLE console_sessions (
  id          INTEGER PRIMARY KEY,
  secret_hash TEXT NOT NULL UNIQUE,
  csrf        TEXT NOT NULL,  -- sent back in X-CSRF-Token on every write
  token_id    INTEGER REFERENCES api_tokens(id),  -- NULL: made from a chat admin's link
  actor       TEXT NOT NULL,
  role        TEXT NOT NULL CHECK (role IN ('viewer', 'operator', 'admin')),
  groups      TEXT NOT NULL DEFAULT '',
  created_at  INTEGER NOT NULL,
  expires_at  INTEGER NOT NULL,
  ended_at    INTEGER
);
CREATE TABLE console_links (
  code_hash  TEXT PRIMARY KEY,
  token_id   INTEGER REFERENCES api_tokens(id),
  actor      TEXT NOT NULL,
  role       TEXT NOT NULL CHECK (role IN ('viewer', 'operator', 'admin')),
  groups     TEXT NOT NULL DEFAULT '',
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  used_at    INTEGER
) WITHOUT ROWID;
)sql";

// v17: operators' shadow switches per rule, laid over the configured policies.
constexpr std::string_view schema_v17 = R"sql(
CREATE TABLE rule_switches (
  rule       TEXT PRIMARY KEY,
  shadow     INTEGER NOT NULL CHECK (shadow IN (0, 1)),
  author     TEXT NOT NULL,
  updated_at INTEGER NOT NULL
) WITHOUT ROWID;
)sql";

// v18: who caused each ledger row (the member, an admin, an operator's token, or Steward's own
// rule) and why (an admin's reason). Rows from before say nothing ('') rather than guess.
constexpr std::string_view schema_v18 = R"sql(
ALTER TABLE ledger ADD COLUMN actor TEXT NOT NULL DEFAULT '';
ALTER TABLE ledger ADD COLUMN note TEXT NOT NULL DEFAULT '';
)sql";

// v19: quiet groups. Steward's replies to commands, and the commands, waiting to be deleted
// (kept in the database so a restart does not leave them standing); badges waiting for
// the daily digest.
constexpr std::string_view schema_v19 = R"sql(
CREATE TABLE auto_deletes (
  platform   TEXT NOT NULL,
  chat_id    TEXT NOT NULL,
  message_id TEXT NOT NULL,
  due_at     INTEGER NOT NULL,
  -- 0: kept (a command the bot may not delete), remembered only so its reply is recognised
  remove     INTEGER NOT NULL CHECK (remove IN (0, 1)),
  PRIMARY KEY (platform, chat_id, message_id)
) WITHOUT ROWID;
CREATE INDEX auto_deletes_due ON auto_deletes (due_at);
-- 1: earned in a group with a badge digest and not told yet.
ALTER TABLE badges ADD COLUMN untold INTEGER NOT NULL DEFAULT 0 CHECK (untold IN (0, 1));
CREATE INDEX badges_untold ON badges (member_id) WHERE untold = 1;
)sql";

// v20: newcomer verification. One row per member and chat: pending until they press the
// challenge's button (or their deadline passes), then passed or failed; a member who passed is
// not asked again. One challenge message per chat lists everyone still to answer ('' while it
// is being posted).
constexpr std::string_view schema_v20 = R"sql(
CREATE TABLE verifications (
  platform TEXT NOT NULL,
  chat_id  TEXT NOT NULL,
  user_id  TEXT NOT NULL,
  name     TEXT NOT NULL,
  state    TEXT NOT NULL
           CHECK (state IN ('pending', 'passing', 'passed', 'failing', 'failed')),
  deadline INTEGER NOT NULL,
  shown    INTEGER NOT NULL CHECK (shown IN (0, 1)),  -- listed in the chat's challenge message
  question TEXT NOT NULL DEFAULT '',  -- arithmetic challenge: "3 + 4" ('' for a button)
  answer   TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (platform, chat_id, user_id)
) WITHOUT ROWID;
CREATE INDEX verifications_open ON verifications (state, deadline)
  WHERE state IN ('pending', 'passing');
CREATE TABLE verification_messages (
  platform   TEXT NOT NULL,
  chat_id    TEXT NOT NULL,
  message_id TEXT NOT NULL,
  PRIMARY KEY (platform, chat_id)
) WITHOUT ROWID;
)sql";

// v21: the shared ban list: members banned from every group of this Steward, kept out of any
// group they join or write in.
constexpr std::string_view schema_v21 = R"sql(
CREATE TABLE global_bans (
  platform TEXT NOT NULL,
  user_id  TEXT NOT NULL,
  name     TEXT NOT NULL,
  reason   TEXT NOT NULL,
  actor    TEXT NOT NULL,
  at       INTEGER NOT NULL,
  PRIMARY KEY (platform, user_id)
) WITHOUT ROWID;
)sql";

// v22: what admins taught the spam classifier: messages they removed (spam) or approved (ham),
// each text once per label.
constexpr std::string_view schema_v22 = R"sql(
CREATE TABLE spam_samples (
  id      INTEGER PRIMARY KEY,
  chat_id TEXT NOT NULL,
  text    TEXT NOT NULL,
  label   TEXT NOT NULL CHECK (label IN ('spam', 'ham')),
  source  TEXT NOT NULL,
  actor   TEXT NOT NULL,
  at      INTEGER NOT NULL,
  UNIQUE (text, label)
);
)sql";

// v23: stored messages are appended in arrival order. Keyed by group and message id, every
// message was written into the middle of the table at its group's place — a page of its own per
// message in each commit, and the table's most expensive write (13 µs of 96 per update). A rowid
// table takes new rows at its end, a few to a page; reads find messages through `at` or from the
// newest row back. An edit is a new row: the newest row of a message is its text.
constexpr std::string_view schema_v23 = R"sql(
CREATE TABLE messages_v23 (
  id         INTEGER PRIMARY KEY,
  group_id   INTEGER NOT NULL REFERENCES groups(id),
  message_id TEXT NOT NULL,
  member_id  INTEGER NOT NULL REFERENCES members(id),
  text       TEXT NOT NULL,
  at         INTEGER NOT NULL,
  newcomer   INTEGER NOT NULL DEFAULT 0
);
INSERT INTO messages_v23 (group_id, message_id, member_id, text, at, newcomer)
  SELECT group_id, message_id, member_id, text, at, newcomer FROM messages ORDER BY at;
DROP TABLE messages;
ALTER TABLE messages_v23 RENAME TO messages;
CREATE INDEX messages_by_time ON messages (at);
)sql";

// v24: badges waiting for their group's digest, found by group. A group's untold badges were
// found through all groups' untold badges, which were few while only quiet groups had any; since
// a group hears of at most one badge a minute (badges.announce_every), a burst of newcomers
// leaves thousands waiting, and every group's daily care would read them all.
constexpr std::string_view schema_v24 = R"sql(
ALTER TABLE badges ADD COLUMN group_id INTEGER NOT NULL DEFAULT 0;
UPDATE badges SET group_id = (SELECT group_id FROM members WHERE members.id = badges.member_id);
DROP INDEX badges_untold;
CREATE INDEX badges_untold ON badges (group_id) WHERE untold = 1;
)sql";

// v25: the balance board's index holds only the members it can show — present, not bots, with
// points — in the board's order (points, then row id) and whether each is hidden. A member's
// place is a count of the entries ahead of them; with every member indexed and `hidden`, `is_bot`
// and `status` read from each one's row, the last of 100,000 members waited ~130 ms (the core
// thread with them); counting index entries alone takes ~12 ms. The first ten are the first
// ten entries, not every member tied with the tenth sorted by id (with 250 members tied at one
// point, /rank read all 250 rows). Members without points no longer move the index at all.
constexpr std::string_view schema_v25 = R"sql(
DROP INDEX members_by_points;
CREATE INDEX members_on_board ON members (group_id, points DESC, id, hidden)
  WHERE is_bot = 0 AND status = 'member' AND points > 0;
)sql";

// v26: each group's badge pace in the database. When a group was last told of a badge, and
// whether badges wait for the pace (badges.announce_every), were kept in each instance's memory:
// several instances each announced at their own pace, badges paced on an instance that does
// not run the clock's work waited for the next day's digest, and a restart forgot both.
constexpr std::string_view schema_v26 = R"sql(
CREATE TABLE badge_pace (
  group_id     INTEGER PRIMARY KEY REFERENCES groups(id),
  announced_at INTEGER NOT NULL DEFAULT 0,
  waiting      INTEGER NOT NULL DEFAULT 0 CHECK (waiting IN (0, 1))
);
CREATE INDEX badge_pace_waiting ON badge_pace (announced_at) WHERE waiting = 1;
)sql";

// v27: operators' edits of the global word and allow lists. They were written only to the
// list files of the instance that took the edit: another instance with its own files never
// acted on them. Kept here, every instance lays them over its files (a word's last edit wins).
constexpr std::string_view schema_v27 = R"sql(
CREATE TABLE word_edits (
  id      INTEGER PRIMARY KEY,
  list    TEXT NOT NULL CHECK (list IN ('words', 'allow')),
  removed INTEGER NOT NULL CHECK (removed IN (0, 1)),
  word    TEXT NOT NULL,
  tag     TEXT NOT NULL DEFAULT '',
  action  TEXT NOT NULL DEFAULT '',
  actor   TEXT NOT NULL,
  at      INTEGER NOT NULL
);
)sql";

}  // namespace

const std::vector<std::string_view>& migrations() {
  static const std::vector<std::string_view> all{
      schema_v1,  schema_v2,  schema_v3,  schema_v4,  schema_v5,  schema_v6,  schema_v7,
      schema_v8,  schema_v9,  schema_v10, schema_v11, schema_v12, schema_v13, schema_v14,
      schema_v15, schema_v16, schema_v17, schema_v18, schema_v19, schema_v20, schema_v21,
      schema_v22, schema_v23, schema_v24, schema_v25, schema_v26, schema_v27};
  return all;
}

}  // namespace steward::storage
