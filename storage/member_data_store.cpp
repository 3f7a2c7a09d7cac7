#include "storage/member_data_store.hpp"

#include "storage/backend.hpp"

namespace steward::storage {

namespace {

using i64 = int64_t;

stored_value value_of(statement& row, int column) {
  switch (row.kind(column)) {
    case value_kind::null:
      return nullptr;
    case value_kind::integer:
      return row.integer(column);
    case value_kind::real:
      return row.real(column);
    case value_kind::text:
      break;
  }
  return row.text(column);
}

/// Every row a bound query returns, each column named.
std::vector<stored_row> rows_of(statement& query) {
  std::vector<stored_row> out;
  while (query.step()) {
    stored_row row;
    for (int i = 0; i < query.columns(); ++i)
      row.emplace_back(query.column_name(i), value_of(query, i));
    out.push_back(std::move(row));
  }
  return out;
}

// The tables that hold rows about one member, each with a query taking the member row's id.
struct member_table {
  const char* name;
  const char* sql;
};
constexpr member_table member_tables[] = {
    {"members", "SELECT * FROM members WHERE id = ?1"},
    {"checkins", "SELECT * FROM checkins WHERE member_id = ?1 ORDER BY local_day"},
    {"ledger", "SELECT * FROM ledger WHERE member_id = ?1 ORDER BY id"},
    {"member_days", "SELECT * FROM member_days WHERE member_id = ?1 ORDER BY local_day"},
    {"badges", "SELECT * FROM badges WHERE member_id = ?1 ORDER BY awarded_at"},
    {"redemptions", "SELECT * FROM redemptions WHERE member_id = ?1 ORDER BY id"},
    {"invite_links", "SELECT * FROM invite_links WHERE member_id = ?1"},
    {"invites", "SELECT * FROM invites WHERE invitee_id = ?1 OR inviter_id = ?1"},
    {"messages", "SELECT * FROM messages WHERE member_id = ?1 ORDER BY at"},
    {"moderation_log", "SELECT * FROM moderation_log WHERE member_id = ?1 ORDER BY id"},
    {"warnings", "SELECT * FROM warnings WHERE member_id = ?1 ORDER BY id"},
    {"approved_members", "SELECT * FROM approved_members WHERE member_id = ?1"},
};
// The tables keyed by the platform's ids (platform, chat, user) rather than the member row.
constexpr member_table identity_tables[] = {
    {"welcomes", "SELECT * FROM welcomes WHERE platform = ?1 AND chat_id = ?2 AND user_id = ?3"},
    {"verifications",
     "SELECT * FROM verifications WHERE platform = ?1 AND chat_id = ?2 AND user_id = ?3"},
};

}  // namespace

member_data_store::member_data_store(backend& db) : statements_(db) {}

member_data member_data_store::export_member(const member_identity& who) {
  member_data out;
  for (const auto& table : member_tables) {
    auto& query = statements_.get(table.sql);
    query.bind(1, static_cast<i64>(who.member_id));
    out.tables[table.name] = rows_of(query);
  }
  for (const auto& table : identity_tables) {
    auto& query = statements_.get(table.sql);
    query.bind(1, who.platform);
    query.bind(2, who.chat_id);
    query.bind(3, who.user_id);
    out.tables[table.name] = rows_of(query);
  }
  return out;
}

erasure_report member_data_store::erase_member(const member_identity& who, std::int64_t now_s) {
  erasure_report report;
  const auto id = static_cast<i64>(who.member_id);
  auto run = [&](const char* sql, auto&&... binds) {
    auto& statement = statements_.get(sql);
    int index = 1;
    (statement.bind(index++, binds), ...);
    return statement.run();
  };
  report.messages_deleted = run("DELETE FROM messages WHERE member_id = ?", id);
  report.log_entries_anonymised = run(
      "UPDATE moderation_log SET text = '', normalized = '', spans = '[]' WHERE member_id = ?", id);
  report.warnings_cleared = run("UPDATE warnings SET reason = '' WHERE member_id = ?", id);
  report.invite_links_deleted = run("DELETE FROM invite_links WHERE member_id = ?", id);
  report.welcomes_deleted =
      run("DELETE FROM welcomes WHERE platform = ? AND chat_id = ? AND user_id = ?", who.platform,
          who.chat_id, who.user_id);
  report.verifications_deleted =
      run("DELETE FROM verifications WHERE platform = ? AND chat_id = ? AND user_id = ?",
          who.platform, who.chat_id, who.user_id);
  // Replies already sent that mention them by id, or name them, keep no text.
  const std::string mention = "%user?id=" + who.user_id + "\\\"%";
  const std::string name = who.display_name.size() >= 2 ? "%" + who.display_name + "%" : "";
  report.replies_anonymised =
      run("UPDATE outbox SET body = '{\"erased\":true}' WHERE state != 'pending' AND platform = ? "
          "AND chat_id = ? AND (body LIKE ? OR (? != '' AND body LIKE ?))",
          who.platform, who.chat_id, mention, name, name);
  // The row stays (its points are the sum of its ledger), unlinked from the person.
  run("UPDATE members SET display_name = '', username = '', user_id = 'erased:' || id, "
      "hidden = 1, erased_at = ? WHERE id = ?",
      static_cast<i64>(now_s), id);
  return report;
}

void member_data_store::forget_texts_before(std::int64_t before_s) {
  auto& log = statements_.get(
      "UPDATE moderation_log SET text = '', normalized = '', spans = '[]' "
      "WHERE at < ? AND (text != '' OR normalized != '' OR spans != '[]')");
  log.bind(1, static_cast<i64>(before_s));
  log.run();
  auto& replies = statements_.get("DELETE FROM outbox WHERE state != 'pending' AND updated_at < ?");
  replies.bind(1, static_cast<i64>(before_s) * 1000);  // outbox times are in milliseconds
  replies.run();
}

}  // namespace steward::storage
