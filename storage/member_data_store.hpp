#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "storage/statement_cache.hpp"

namespace steward::storage {

class backend;

/// One stored value, as SQLite holds it.
using stored_value = std::variant<std::nullptr_t, std::int64_t, double, std::string>;
/// One row: its columns in table order.
using stored_row = std::vector<std::pair<std::string, stored_value>>;

/// Everything Steward holds about one member of one group, by table.
struct member_data {
  std::map<std::string, std::vector<stored_row>> tables;
};

/// What an erasure removed or anonymised.
struct erasure_report {
  int messages_deleted = 0;
  int log_entries_anonymised = 0;
  int warnings_cleared = 0;
  int invite_links_deleted = 0;
  int welcomes_deleted = 0;
  int verifications_deleted = 0;  ///< their newcomer verification (name, state)
  int replies_anonymised = 0;
};

/// Who a member is, to find the rows kept by user id rather than by member row.
struct member_identity {
  std::int64_t member_id = 0;
  std::string platform;
  std::string chat_id;
  std::string user_id;
  std::string display_name;
};

/// A member's data on request: export everything, or erase what identifies them while the
/// ledger and the aggregates stay consistent. Also bounds how long message-derived text is kept.
class member_data_store {
 public:
  explicit member_data_store(backend& db);

  /// Every row about the member: the member row, check-ins, ledger, daily activity, badges,
  /// redemptions, invites and invite links, stored messages, moderation decisions, warnings,
  /// approval, and a pending welcome.
  member_data export_member(const member_identity& who);

  /// Erases the member's personal data: name, username and platform id are replaced (the row
  /// stays, hidden, so balance == sum(ledger) and every count still holds); stored messages,
  /// invite links and pending welcomes are deleted; the texts of moderation decisions and the
  /// reasons of warnings are cleared; sent replies that name or mention them are blanked.
  erasure_report erase_member(const member_identity& who, std::int64_t now_s);

  /// Clears message-derived text older than `before_s`: moderation decisions keep their rule,
  /// action and outcome but lose the text; finished outbox rows (sent replies) are deleted.
  void forget_texts_before(std::int64_t before_s);

 private:
  statement_cache statements_;
};

}  // namespace steward::storage
