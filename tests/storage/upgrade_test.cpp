// Every earlier schema version, populated, upgrades to the current one with all data intact, and
// a backup of it is taken first.
#include <SQLiteCpp/SQLiteCpp.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "storage/backup.hpp"
#include "storage/database.hpp"

namespace steward::storage {
namespace {

namespace fs = std::filesystem;

// Rows for the tables each version adds (index: the version), written right after migrating to
// it, so a fixture of version V holds data from every version up to V.
const std::map<int, std::string> seeds = {
    {1, R"sql(
INSERT INTO groups (id, platform, chat_id, title, time_zone, created_at)
  VALUES (1, 'telegram', '-100', 'Makers', 'Asia/Shanghai', 1000),
         (2, 'telegram', '42', 'Ann', 'UTC', 1000);
INSERT INTO group_aliases VALUES ('telegram', '-99', 1);
INSERT INTO members (id, group_id, user_id, display_name, username, first_seen, joined_at,
                     last_active, message_count, points)
  VALUES (1, 1, '7', 'Ann Lee', 'ann', 1000, 1000, 2000, 12, 15),
         (2, 1, '8', '小明', '', 1100, NULL, 2100, 3, 0);
INSERT INTO processed_events VALUES ('telegram', '555', 1500);
INSERT INTO checkins VALUES (1, 20000, '2024-10-04', 1, 10, 'telegram:555', 1500, NULL);
INSERT INTO ledger (member_id, delta, reason, source_event, idempotency_key, created_at)
  VALUES (1, 10, 'checkin', 'telegram:555', 'checkin:1:20000', 1500),
         (1, 5, 'message', 'telegram:556', 'message:1:556', 1600);
INSERT INTO outbox (platform, chat_id, method, body, origin_event, state, created_at, updated_at)
  VALUES ('telegram', '-100', 'sendMessage', '{"text":"hi"}', 'telegram:555', 'sent', 1500, 1501);
)sql"},
    {2, R"sql(
UPDATE members SET xp = 30, last_xp_at = 1600, hidden = 1 WHERE id = 2;
INSERT INTO member_days VALUES (1, 20000, 4, 15);
INSERT INTO badges VALUES (1, 'early_bird', 1500, 'telegram:555');
INSERT INTO shop_items (id, name, price, stock) VALUES ('sticker', 'Sticker pack', 5, 10);
INSERT INTO redemptions (code, item_id, member_id, price, event_id, created_at, updated_at)
  VALUES ('R-1', 'sticker', 1, 5, 'telegram:557', 1700, 1700);
INSERT INTO ledger (member_id, delta, reason, source_event, idempotency_key, created_at)
  VALUES (1, -5, 'redeem', 'telegram:557', 'redeem:R-1', 1700);
UPDATE members SET points = 10 WHERE id = 1;
)sql"},
    {3, R"sql(
INSERT INTO invite_links VALUES ('https://t.me/+abc', 1, 1800);
INSERT INTO invites (invitee_id, inviter_id, joined_at) VALUES (2, 1, 1800);
INSERT INTO outbox (platform, chat_id, method, body, created_at, updated_at, purpose, purpose_ref)
  VALUES ('telegram', '-100', 'createChatInviteLink', '{}', 1800, 1800, 'invite', '1');
)sql"},
    {4, R"sql(
INSERT INTO messages VALUES (1, '900', 2, '加我薇 信：abc_123', 1900);
INSERT INTO moderation_log (group_id, member_id, message_id, rule, tag, action, taken, spans,
                            normalized, text, at)
  VALUES (1, 2, '900', 'wechat', 'ad', 'delete', 'delete', '[[0,6]]', 'abc_123', '加我薇 信', 1900);
INSERT INTO warnings (member_id, at, reason, actor) VALUES (2, 1900, 'ad', 'auto');
INSERT INTO approved_members VALUES (1, 1900, 'admin:7');
)sql"},
    {5, "INSERT INTO schedule_runs VALUES ('morning', 1, 2000);"},
    {6, R"sql(
INSERT INTO api_tokens (name, role, secret_hash, created_at) VALUES ('ops', 'operator', 'h1', 2100);
INSERT INTO audit_log (actor, action, target, before, after, at)
  VALUES ('token:1', 'template.save', 'checkin', '', 'new', 2100);
)sql"},
    {7, R"sql(
INSERT INTO template_versions (scope, key, version, text, author, created_at)
  VALUES ('zh', 'checkin', 1, '签到成功 {points}', 'token:1', 2200);
)sql"},
    {8, R"sql(
INSERT INTO content_entries VALUES ('faq', 'price', '{"answer":"5"}', 'token:1', 2300);
)sql"},
    {9, "UPDATE groups SET language = 'zh' WHERE id = 1;"},
    {10, R"sql(
INSERT INTO moderation_log (group_id, member_id, rule, action, taken, at, status, pending_calls,
                            failure)
  VALUES (1, 2, 'flood', 'mute', 'mute', 2400, 'failed', 0, 'not enough rights');
UPDATE groups SET bot_is_admin = 1, bot_can_delete = 1, bot_can_restrict = 0 WHERE id = 1;
)sql"},
    {11, "UPDATE groups SET title = 'Makers 2' WHERE id = 1;"},
    {12, R"sql(
INSERT INTO welcomes VALUES ('telegram', '-100', '8', 'Makers', '小明', 2500, 0);
INSERT INTO cooldowns VALUES ('faq', '-100:price', 2500);
INSERT INTO last_welcomes VALUES ('telegram', '-100', '950');
UPDATE messages SET newcomer = 1;
UPDATE groups SET bot_can_mute = 0 WHERE id = 1;
)sql"},
    {13, "UPDATE members SET erased_at = 2600 WHERE id = 2;"},
    {14, R"sql(
INSERT INTO group_hours (group_id, local_day, hour, messages, speakers, day_speakers)
  VALUES (1, 20000, 9, 3, 2, 2);
INSERT INTO active_days VALUES (1, 20000, 2);
INSERT INTO member_tiers VALUES (2, 1, 'core', 12.5, 2700);
INSERT INTO tier_changes (member_id, group_id, from_tier, to_tier, at) VALUES (2, 1, NULL, 'core', 2700);
INSERT INTO churn_warnings (member_id, group_id, level_days, idle_since, warned_at, actions)
  VALUES (2, 1, 3, 2000, 2700, 'digest');
INSERT INTO daily_jobs VALUES (1, 'care', 20000);
)sql"},
    {15, R"sql(
INSERT INTO experiments (id, name, template, chat_id, language, outcome, variants, started_at)
  VALUES (1, 'warm-welcome', 'welcome', '-100', 'zh', 'speaks_24h',
          '[{"name":"A","text":null},{"name":"B","text":"Hi {name}"}]', 2800);
INSERT INTO experiment_exposures (experiment_id, unit, group_id, member_id, variant, exposed_at,
                                  window_from, window_to)
  VALUES (1, 'm:2', 1, 2, 1, 2800, 2800, 2800 + 86400);
INSERT INTO private_contacts VALUES ('telegram', '7', 2800, NULL);
UPDATE outbox SET label = 'welcome';
)sql"},
    {16, R"sql(
UPDATE api_tokens SET groups = '-100';
UPDATE shop_items SET source = 'api';
INSERT INTO console_sessions (id, secret_hash, csrf, token_id, actor, role, groups, created_at,
                              expires_at)
  VALUES (1, 's1', 'c1', 1, 'ops', 'operator', '-100', 2900, 2900 + 43200);
INSERT INTO console_links (code_hash, token_id, actor, role, groups, created_at, expires_at)
  VALUES ('l1', NULL, 'tg:7', 'operator', '-100', 2900, 3500);
)sql"},
    {17, R"sql(
INSERT INTO rule_switches VALUES ('phone', 1, 'ops', 3000);
)sql"},
    {18, R"sql(
INSERT INTO ledger (member_id, delta, reason, source_event, idempotency_key, created_at, actor,
                    note)
  VALUES (1, 5, 'grant', 'telegram:560', 'grant:telegram:560', 3100, 'admin:9', 'helpful');
UPDATE members SET points = points + 5 WHERE id = 1;
)sql"},
    {19, R"sql(
INSERT INTO auto_deletes VALUES ('telegram', '-100', '901', 3200, 1);
UPDATE badges SET untold = 1 WHERE member_id = 1;
)sql"},
    {20, R"sql(
INSERT INTO verifications VALUES ('telegram', '-100', '8', '小明', 'passed', 3300, 1, '', '');
INSERT INTO verification_messages VALUES ('telegram', '-100', '902');
)sql"},
    {21, R"sql(
INSERT INTO global_bans VALUES ('telegram', '666', 'Spammer', 'ads', 'telegram:9', 3400);
)sql"},
    {22, R"sql(
INSERT INTO spam_samples (chat_id, text, label, source, actor, at)
  VALUES ('-100', '加我薇 信：abc_123', 'spam', 'del', '7', 3500),
         ('-100', '明天见', 'ham', 'approve', '7', 3600);
INSERT INTO messages VALUES (1, '903', 1, '明天见', 3600, 0);
)sql"},
    {23, R"sql(
INSERT INTO messages (group_id, message_id, member_id, text, at) VALUES (1, '903', 1, '明天见！', 3700);
)sql"},
    {24, R"sql(
INSERT INTO badges (member_id, badge, awarded_at, source_event, untold, group_id)
  VALUES (2, 'first_words', 3800, 'telegram:11', 1, 1);
)sql"},
    {25, R"sql(
INSERT INTO cooldowns VALUES ('faq', '-100:hours', 3900);
)sql"},
    {26, R"sql(
INSERT INTO badge_pace (group_id, announced_at, waiting) VALUES (1, 4000, 1);
)sql"},
};

/// Every row of every table, as quoted values, by table (only the columns `columns` names when
/// given: the columns a table had before the upgrade).
using table_rows = std::map<std::string, std::vector<std::string>>;
using table_columns = std::map<std::string, std::vector<std::string>>;

table_columns columns_of(SQLite::Database& db) {
  table_columns out;
  SQLite::Statement tables(db, "SELECT name FROM sqlite_master WHERE type = 'table'");
  while (tables.executeStep()) {
    const std::string table = tables.getColumn(0).getString();
    SQLite::Statement info(db, "SELECT name FROM pragma_table_info(?)");
    info.bind(1, table);
    while (info.executeStep())
      out[table].push_back(info.getColumn(0).getString());
  }
  return out;
}

table_rows rows_of(SQLite::Database& db, const table_columns& columns) {
  table_rows out;
  for (const auto& [table, names] : columns) {
    std::string select;
    for (const auto& name : names)
      select += (select.empty() ? "" : " || '|' || ") + std::string("quote(") + name + ")";
    SQLite::Statement rows(db, "SELECT " + select + " FROM " + table + " ORDER BY 1");
    auto& kept = out[table];
    while (rows.executeStep())
      kept.push_back(rows.getColumn(0).getString());
  }
  return out;
}

class UpgradeTest : public ::testing::TestWithParam<int> {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("steward-upgrade-" + std::to_string(GetParam()) + "-" + std::to_string(::getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  /// A database at schema `version`, holding the seeds of every version up to it.
  std::string fixture(int version) {
    const auto path = (dir_ / "steward.db").string();
    database db(settings(path));
    for (int v = 1; v <= version; ++v) {
      db.migrate_to(v);
      if (const auto seed = seeds.find(v); seed != seeds.end()) db.execute(seed->second);
    }
    return path;
  }

  static database_settings settings(const std::string& path) {
    database_settings s;
    s.path = path;
    s.synchronous = "NORMAL";
    return s;
  }

  fs::path dir_;
};

TEST(UpgradeSeeds, CoverEveryEarlierVersion) {
  // A new migration needs seeds for what it adds before the next one is written.
  EXPECT_EQ(seeds.rbegin()->first, database::latest_schema_version() - 1);
}

TEST_P(UpgradeTest, KeepsEveryRowAndBacksUpFirst) {
  const int version = GetParam();
  const auto path = fixture(version);
  table_columns before_columns;
  table_rows before;
  {
    SQLite::Database db(path);
    before_columns = columns_of(db);
    before = rows_of(db, before_columns);
  }
  ASSERT_FALSE(before.at("groups").empty());

  {
    database db(settings(path));
    ASSERT_EQ(db.schema_version(), version);
    db.migrate();
    EXPECT_EQ(db.schema_version(), database::latest_schema_version());
  }

  SQLite::Database db(path);
  EXPECT_EQ(rows_of(db, before_columns), before) << "from schema v" << version;
  EXPECT_EQ(db.execAndGet("SELECT count(*) FROM members m WHERE points != "
                          "(SELECT coalesce(sum(delta), 0) FROM ledger WHERE member_id = m.id)")
                .getInt(),
            0);
  // v24 files each badge under its member's group (the daily digest finds them by group).
  EXPECT_EQ(db.execAndGet("SELECT count(*) FROM badges b JOIN members m ON m.id = b.member_id "
                          "WHERE b.group_id != m.group_id")
                .getInt(),
            0);
  // v11 marks private chats; every later reader relies on it.
  EXPECT_EQ(db.execAndGet("SELECT is_private FROM groups WHERE chat_id = '42'").getInt(), 1);

  std::vector<fs::path> backups;
  for (const auto& entry : fs::directory_iterator(dir_ / "backups"))
    backups.push_back(entry);
  ASSERT_EQ(backups.size(), 1u);
  EXPECT_NE(backups[0].filename().string().find("v" + std::to_string(version) + "-before-v"),
            std::string::npos)
      << backups[0];
  const auto report = check_backup(backups[0].string());
  EXPECT_EQ(report.schema_version, version);
  SQLite::Database copy(backups[0].string());
  EXPECT_EQ(rows_of(copy, before_columns), before);
}

INSTANTIATE_TEST_SUITE_P(EveryEarlierVersion, UpgradeTest,
                         ::testing::Range(1, database::latest_schema_version()));

}  // namespace
}  // namespace steward::storage
