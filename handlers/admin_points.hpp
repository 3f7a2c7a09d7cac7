#pragma once

#include <vector>

#include "handlers/handler.hpp"
#include "handlers/template_book.hpp"
#include "storage/community_store.hpp"
#include "storage/ledger_store.hpp"

namespace steward::handlers {

/// /give and /take (admins only): grant or deduct points with a reason, e.g.
/// "/give @ann 50 helpful answer" or, replying to a message, "/take 20 spam". The update id is the
/// idempotency key, so a redelivered or repeated update applies once.
class admin_points_handler final : public handler {
 public:
  admin_points_handler(storage::community_store& community, storage::ledger_store& ledger,
                       const template_book& book);
  std::string_view name() const override { return "admin_points"; }
  /// The commands it answers: its entries in the command registry.
  static std::vector<core::command_spec> commands();
  handler_result handle(const context& ctx) override;

 private:
  std::string apply(const context& ctx, bool give);
  storage::community_store& community_;
  storage::ledger_store& ledger_;
  const template_book& book_;
};

}  // namespace steward::handlers
