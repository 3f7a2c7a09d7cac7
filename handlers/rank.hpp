#pragma once

#include <vector>

#include "handlers/handler.hpp"
#include "handlers/template_book.hpp"
#include "storage/community_store.hpp"
#include "storage/leaderboard_store.hpp"

namespace steward::handlers {

/// /rank (排行榜) [points|streak|activity|invites] [week|month|all]: the top members of the group
/// in its time zone, and where the caller stands. /hide and /unhide take a member off the public
/// boards (they still see their own place).
class rank_handler final : public handler {
 public:
  rank_handler(storage::leaderboard_store& boards, storage::community_store& community,
               std::size_t top_n, const template_book& book);
  std::string_view name() const override { return "rank"; }
  /// The commands it answers: its entries in the command registry.
  static std::vector<core::command_spec> commands();
  handler_result handle(const context& ctx) override;

 private:
  std::string board(const context& ctx);
  storage::leaderboard_store& boards_;
  storage::community_store& community_;
  std::size_t top_n_;
  const template_book& book_;
};

}  // namespace steward::handlers
