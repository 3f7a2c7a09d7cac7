#pragma once

#include <vector>

#include "handlers/handler.hpp"
#include "handlers/template_book.hpp"
#include "storage/community_store.hpp"

namespace steward::handlers {

/// /timezone (时区): shows the group's time zone; admins change it (/timezone Europe/Berlin),
/// which moves the moment the group's check-in day starts.
class timezone_handler final : public handler {
 public:
  timezone_handler(storage::community_store& community, const template_book& book);
  std::string_view name() const override { return "timezone"; }
  /// The commands it answers: its entries in the command registry.
  static std::vector<core::command_spec> commands();
  handler_result handle(const context& ctx) override;

 private:
  std::string change(const context& ctx, const std::string& zone);
  storage::community_store& community_;
  const template_book& book_;
};

}  // namespace steward::handlers
