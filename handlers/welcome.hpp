#pragma once

#include <map>
#include <string>
#include <vector>

#include "handlers/handler.hpp"
#include "handlers/template_book.hpp"

namespace steward::handlers {

/// Welcomes members with the group's welcome template (which carries the rules), says goodbye
/// if asked to, and answers /rules (群规). Joins that arrive within the burst window share one
/// combined welcome (a raid of joins gets one message, not fifty); the previous welcome can be
/// removed when a new one is posted.
class welcome_handler : public handler, public follow_up_handler {
 public:
  explicit welcome_handler(const template_book& book);

  std::string_view name() const override { return "welcome"; }
  handler_result handle(const context& ctx) override;
  std::vector<core::action> follow_up(const delivery_answer& answer,
                                      const core::platform_adapter& platform) override;
  /// Posts the welcomes whose burst window has ended (called by the clock tick).
  std::vector<core::action> flush_due(std::int64_t now_s);

 private:
  struct newcomer {
    std::string user_id;
    std::string name;
  };
  struct pending_welcome {
    std::string platform;
    std::string chat_id;
    std::string title;
    std::vector<newcomer> members;
    std::int64_t first_join = 0;
  };
  std::vector<core::action> welcome(const pending_welcome& p);
  std::string rules_text(const std::string& chat_id, const std::string& title) const;

  const template_book& book_;
  std::map<std::string, pending_welcome> pending_;      // by platform:chat
  std::map<std::string, std::string> last_welcome_id_;  // by platform:chat
  std::map<std::string, std::int64_t> welcomed_at_;     // by platform:chat:user
};

}  // namespace steward::handlers
