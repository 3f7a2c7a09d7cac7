#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "storage/statement_cache.hpp"

namespace steward::storage {

/// One change of a member's points.
struct ledger_entry {
  std::int64_t member_id = 0;
  std::int64_t delta = 0;
  std::string reason;           ///< "checkin", "grant", "merge" …
  std::string source_event;     ///< the event that caused it, for audits
  std::string idempotency_key;  ///< unique: the same key never counts twice
  std::int64_t created_at = 0;  ///< Unix seconds
  /// Who caused it: "member" (their own check-in, message or purchase), "admin:<user id>" (a
  /// chat admin's command), "api:<token name>" (an operator), or "steward" (a rule: expiry,
  /// invites, merges). Empty on rows written before Steward kept it.
  std::string actor = "steward";
  std::string note = {};  ///< why, in the words of whoever caused it (an admin's reason)
};

/// The append-only points ledger. The member's cached balance is updated in the same
/// transaction as the row, so balance == sum(ledger) holds after every commit.
class ledger_store {
 public:
  explicit ledger_store(backend& db);

  /// Appends the entry and returns the new balance, or nullopt when its idempotency key was
  /// already used (nothing changes then).
  std::optional<std::int64_t> append(const ledger_entry& entry);
  /// The cached balance on the member row.
  std::int64_t balance(std::int64_t member_id);
  /// The member's most recent entries, newest first.
  std::vector<ledger_entry> recent(std::int64_t member_id, int limit);
  /// Points that have passed their expiry, per member: credits made before `cutoff_s` that later
  /// debits have not used up (debits take the oldest points first). Never more than a balance.
  std::vector<std::pair<std::int64_t, std::int64_t>> expirable(std::int64_t cutoff_s);
  /// The sum of the member's ledger rows (for invariant checks).
  std::int64_t ledger_sum(std::int64_t member_id);
  /// Called with every entry appended (inside the same transaction), for the roll-ups.
  void on_append(std::function<void(const ledger_entry&)> observer) {
    observer_ = std::move(observer);
  }

 private:
  statement_cache statements_;
  std::function<void(const ledger_entry&)> observer_;
};

}  // namespace steward::storage
