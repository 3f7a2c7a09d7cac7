#pragma once

#include <string>
#include <vector>

#include "bot/core/command.hpp"
#include "handlers/handler.hpp"
#include "handlers/say.hpp"

namespace steward::handlers {

/// The /help text for a caller of `role` in `lang` (Telegram HTML), generated from the registry:
/// the member commands, and for admins their own commands too, under the headers of the group's
/// templates `help` and `help_admin`. Each line names the alias in effect.
std::string help_text(const std::vector<core::command_spec>& specs, core::command_role role,
                      core::language lang, const template_book& book = built_in_book(),
                      const std::string& chat_id = "");

/// The answer to a slash command meant for Steward that no command answers: what was written,
/// the command it was likely meant to be, and where the list is.
std::string unknown_command_reply(const template_book& book, const std::string& chat_id,
                                  const core::unknown_command& unknown, core::language lang);

/// /help and 帮助: what the caller can do here, from the command registry. It also answers a
/// group's "/givepoints@steward_bot" (addressed to Steward, which has no such command) with
/// the nearest command, without taking the message from the other handlers.
class help_handler final : public handler {
 public:
  /// `commands`: the table in effect (its aliases are the configured ones); must outlive this.
  help_handler(const core::command_table& commands, const template_book& book)
      : commands_(commands), book_(book) {}

  std::string_view name() const override { return "help"; }
  /// The commands it answers: its entries in the command registry.
  static std::vector<core::command_spec> commands();
  handler_result handle(const context& ctx) override;

 private:
  handler_result answer_unknown(const context& ctx) const;

  const core::command_table& commands_;
  const template_book& book_;
};

}  // namespace steward::handlers
