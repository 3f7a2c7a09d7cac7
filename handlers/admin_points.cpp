#include "handlers/admin_points.hpp"

#include <fmt/format.h>

#include <charconv>

#include "bot/core/text.hpp"
#include "handlers/admin_policy.hpp"
#include "handlers/phrases.hpp"
#include "handlers/say.hpp"
#include "handlers/target.hpp"

namespace steward::handlers {

namespace {

constexpr std::int64_t max_amount = 1000000;

/// "50 helpful answer" → {50, "helpful answer"}; amount 0 when the first word is no number.
std::pair<std::int64_t, std::string> amount_and_reason(const std::string& rest) {
  const auto [end, width] = core::find_typed_space(rest);
  const std::string word = rest.substr(0, end);
  std::int64_t amount = 0;
  const auto [ptr, ec] = std::from_chars(word.data(), word.data() + word.size(), amount);
  if (ec != std::errc{} || ptr != word.data() + word.size()) amount = 0;
  const std::string reason =
      end == std::string::npos ? "" : std::string(core::trim_typed(rest.substr(end + width)));
  return {amount, reason};
}

}  // namespace

admin_points_handler::admin_points_handler(storage::community_store& community,
                                           storage::ledger_store& ledger, const template_book& book)
    : community_(community), ledger_(ledger), book_(book) {}

handler_result admin_points_handler::handle(const context& ctx) {
  if (!ctx.command) return {};
  return {{reply_to(ctx.event, apply(ctx, ctx.command->name == "give"), true)}, true};
}

// Answers in the language of the command: 加分 is answered in Chinese, /give in English.
std::string admin_points_handler::apply(const context& ctx, bool give) {
  const auto lang = ctx.command->lang;
  if (!ctx.event.chat.is_group) return say(book_, ctx, "groups_only");
  if (auto refusal = admin_refusal(ctx, book_); !refusal.empty()) return refusal;
  const auto who = resolve_target(ctx, community_);
  if (auto unknown = unknown_target(ctx, book_); !who && !unknown.empty()) return unknown;
  const auto [amount, reason] =
      who ? amount_and_reason(who->rest) : std::pair<std::int64_t, std::string>{0, ""};
  if (!who || amount <= 0 || amount > max_amount) {
    return say(book_, ctx, "points_usage",
               {{"command", ctx.command->word}, {"max", std::to_string(max_amount)}});
  }
  const std::string name = name_for_reply(who->member.display_name, lang);
  if (!give && who->member.points < amount) {
    return say(book_, ctx, "points_too_few",
               {{"name", name}, {"points", std::to_string(who->member.points)}});
  }
  const auto balance = ledger_.append(
      {who->member.id, give ? amount : -amount, give ? "grant" : "deduct", ctx.event.event_id,
       fmt::format("admin:{}:{}", ctx.event.platform, ctx.event.event_id), ctx.at,
       "admin:" + ctx.event.author.user_id, reason});
  if (!balance) return say(book_, ctx, "already_applied");
  const std::string key =
      std::string(give ? "points_given" : "points_taken") + (reason.empty() ? "" : "_reason");
  return say(book_, ctx, key,
             {{"name", name},
              {"amount", std::to_string(amount)},
              {"balance", std::to_string(*balance)},
              {"reason", reason}});
}

std::vector<core::command_spec> admin_points_handler::commands() {
  return {
      {.name = "give",
       .owner = "admin_points",
       .role = core::command_role::admin,
       .section = core::command_section::community_admin,
       .aliases = {"加分"},
       .alias_args = true,
       .usage_en = "@user 50 [reason]",
       .usage_zh = "@成员 50 [原因]",
       .help_en = "grant points (or reply to their message with /give 50)",
       .help_zh = "给成员加分（也可回复其消息：加分 50）",
       .reference = "grant points to a member (named by a reply, `@username`, user id or a "
                    "mention); applied once per update; the reason shows in their `/history`"},
      {.name = "take",
       .owner = "admin_points",
       .role = core::command_role::admin,
       .section = core::command_section::community_admin,
       .aliases = {"扣分"},
       .alias_args = true,
       .usage_en = "@user 20 [reason]",
       .usage_zh = "@成员 20 [原因]",
       .help_en = "deduct points (or reply to their message with /take 20)",
       .help_zh = "给成员扣分（也可回复其消息：扣分 20）",
       .reference = "deduct points, the same way"},
  };
}

}  // namespace steward::handlers
