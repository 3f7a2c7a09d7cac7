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

/// /help and 帮助: what the caller can do here, from the command registry.
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
  const core::command_table& commands_;
  const template_book& book_;
};

}  // namespace steward::handlers
