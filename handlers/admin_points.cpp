#include "handlers/admin_points.hpp"

#include <fmt/format.h>

#include <charconv>

#include "handlers/admin_policy.hpp"
#include "handlers/phrases.hpp"
#include "handlers/target.hpp"

namespace steward::handlers {

namespace {

constexpr std::int64_t max_amount = 1000000;

/// "50 helpful answer" → {50, "helpful answer"}; amount 0 when the first word is no number.
std::pair<std::int64_t, std::string> amount_and_reason(const std::string& rest) {
  const auto end = rest.find_first_of(" \t\n");
  const std::string word = rest.substr(0, end);
  std::int64_t amount = 0;
  const auto [ptr, ec] = std::from_chars(word.data(), word.data() + word.size(), amount);
  if (ec != std::errc{} || ptr != word.data() + word.size()) amount = 0;
  const std::string reason =
      end == std::string::npos ? "" : rest.substr(rest.find_first_not_of(" \t\n", end));
  return {amount, reason};
}

}  // namespace

admin_points_handler::admin_points_handler(storage::community_store& community,
                                           storage::ledger_store& ledger)
    : community_(community), ledger_(ledger) {}

handler_result admin_points_handler::handle(const context& ctx) {
  if (!ctx.command || (ctx.command->name != "give" && ctx.command->name != "take")) return {};
  return {{reply_to(ctx.event, apply(ctx, ctx.command->name == "give"))}, true};
}

std::string admin_points_handler::apply(const context& ctx, bool give) {
  const char* verb = give ? "give" : "take";
  if (!ctx.event.chat.is_group) return "This command works in groups.";
  if (auto refusal = admin_refusal(ctx); !refusal.empty()) return refusal;
  const auto who = resolve_target(ctx, community_);
  if (auto unknown = unknown_target(ctx); !who && !unknown.empty()) return unknown;
  const auto [amount, reason] =
      who ? amount_and_reason(who->rest) : std::pair<std::int64_t, std::string>{0, ""};
  if (!who || amount <= 0 || amount > max_amount) {
    return fmt::format(
        "Usage: /{0} @username <points> [reason], /{0} <user id> <points> [reason], or reply to "
        "a member's message with /{0} <points> [reason]. Points are a whole number from 1 to {1}.",
        verb, max_amount);
  }
  const std::string name = name_for_reply(who->member.display_name, core::language::en);
  if (!give && who->member.points < amount) {
    return fmt::format("{} has only {} points; nothing was taken.", name, who->member.points);
  }
  const auto balance = ledger_.append(
      {who->member.id, give ? amount : -amount, give ? "grant" : "deduct", ctx.event.event_id,
       fmt::format("admin:{}:{}", ctx.event.platform, ctx.event.event_id), ctx.at,
       "admin:" + ctx.event.author.user_id, reason});
  const std::string because = reason.empty() ? "" : fmt::format(" ({})", reason);
  if (!balance) return "That change was already applied.";
  return give ? fmt::format("✅ Gave {} points to {}{}. {} now has {} points.", amount, name,
                            because, name, *balance)
              : fmt::format("✅ Took {} points from {}{}. {} now has {} points.", amount, name,
                            because, name, *balance);
}

}  // namespace steward::handlers
