#pragma once

#include <vector>

#include "handlers/handler.hpp"
#include "handlers/template_book.hpp"
#include "storage/community_store.hpp"
#include "storage/ledger_store.hpp"

namespace steward::handlers {

/// /history (明细): the member's last ledger entries; admins may name another member.
class history_handler final : public handler {
 public:
  history_handler(storage::community_store& community, storage::ledger_store& ledger,
                  const template_book& book);
  std::string_view name() const override { return "history"; }
  /// The commands it answers: its entries in the command registry.
  static std::vector<core::command_spec> commands();
  handler_result handle(const context& ctx) override;

 private:
  std::string who_and_why(const storage::ledger_entry& e, const context& ctx, core::language lang);
  storage::community_store& community_;
  storage::ledger_store& ledger_;
  const template_book& book_;
};

/// A ledger reason in words ("checkin" → "check-in" / "签到").
std::string describe_reason(const std::string& reason, core::language lang);

}  // namespace steward::handlers
