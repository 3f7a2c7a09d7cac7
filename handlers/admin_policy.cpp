#include "handlers/admin_policy.hpp"

#include "handlers/say.hpp"

namespace steward::handlers {

std::string admin_refusal(const context& ctx, const template_book& book) {
  const auto& is_admin = ctx.event.author.is_admin;
  if (is_admin == true) return {};
  if (!is_admin.has_value()) return say(book, ctx, "admin_unknown");
  return say(book, ctx, "admin_only", {{"command", ctx.command ? ctx.command->word : ""}});
}

}  // namespace steward::handlers
