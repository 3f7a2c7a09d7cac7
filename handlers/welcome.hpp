#pragma once

#include <string>
#include <vector>

#include "handlers/experiments.hpp"
#include "handlers/handler.hpp"
#include "handlers/template_book.hpp"
#include "storage/welcome_store.hpp"

namespace steward::handlers {

/// Welcomes members with the group's welcome template (which carries the rules), says goodbye
/// if asked to, and answers /rules (群规). Joins that arrive within the burst window share one
/// combined welcome (a raid of joins gets one message, not fifty); the previous welcome can be
/// removed when a new one is posted.
class welcome_handler : public handler, public follow_up_handler {
 public:
  welcome_handler(const template_book& book, storage::welcome_store& store);

  std::string_view name() const override { return "welcome"; }
  /// The commands it answers: its entries in the command registry.
  static std::vector<core::command_spec> commands();
  handler_result handle(const context& ctx) override;
  std::vector<core::action> follow_up(const delivery_answer& answer,
                                      const core::platform_adapter& platform) override;
  /// Posts the welcomes whose burst window has ended (called by the clock tick). The welcomes
  /// owed are stored with the join, so a restart in the window loses none.
  std::vector<core::action> flush_due(std::int64_t now_s);
  /// Lets A/B tests of the welcome choose its text (may be null: none).
  void set_experiments(const experiment_runner* experiments) { experiments_ = experiments; }

 private:
  std::vector<core::action> welcome(const storage::chat_welcomes& owed);
  std::string rules_text(const std::string& chat_id, const std::string& title) const;

  const template_book& book_;
  storage::welcome_store& store_;
  const experiment_runner* experiments_ = nullptr;
};

}  // namespace steward::handlers
