#pragma once

#include <string>
#include <vector>

#include "handlers/community_stats.hpp"
#include "handlers/handler.hpp"
#include "handlers/template_book.hpp"

namespace steward::handlers {

/// /stats (统计): for admins, today's numbers in the group's time zone — members and their
/// change, messages, speakers, active rate against its target, check-ins — and the last 7 days.
class stats_command_handler final : public handler {
 public:
  stats_command_handler(community_stats& stats, const template_book& book);
  std::string_view name() const override { return "stats"; }
  /// The commands it answers: its entries in the command registry.
  static std::vector<core::command_spec> commands();
  handler_result handle(const context& ctx) override;

 private:
  std::string report(const context& ctx);
  community_stats& stats_;
  const template_book& book_;
};

}  // namespace steward::handlers
