#include "handlers/console_link.hpp"

#include <fmt/format.h>

#include "handlers/admin_policy.hpp"
#include "handlers/say.hpp"

namespace steward::handlers {

console_link_handler::console_link_handler(storage::care_store& care, link_issuer issue,
                                           console_link_settings settings,
                                           const template_book& book)
    : care_(care), issue_(std::move(issue)), settings_(std::move(settings)), book_(book) {}

handler_result console_link_handler::handle(const context& ctx) {
  if (!ctx.command || !ctx.event.chat.is_group) return {};
  const auto& author = ctx.event.author;
  if (const auto refusal = admin_refusal(ctx, book_); !refusal.empty()) {
    return {{reply_to(ctx.event, refusal, true)}, true};
  }
  if (settings_.public_url.empty()) {
    return {{reply_with(book_, ctx, "console_unconfigured")}, true};
  }
  const std::string bot = settings_.bot_username.empty() ? "" : " @" + settings_.bot_username;
  if (!care_.reachable_privately(ctx.event.platform, author.user_id)) {
    // Telegram lets a bot write only to people who started a chat with it.
    return {{reply_with(book_, ctx, "console_start_first",
                        {{"bot", bot}, {"command", ctx.command->word}})},
            true};
  }
  const storage::api_token who{
      0, fmt::format("{} (admin of {})", author.display_name, ctx.group.title), "operator",
      ctx.group.chat_id};
  const std::string url = fmt::format("{}/console/#link={}", settings_.public_url,
                                      issue_(who, ctx.now_s, settings_.valid_s));
  const std::string minutes = std::to_string(settings_.valid_s / 60);
  const std::string text = say(book_, ctx, "console_link",
                               {{"group", ctx.group.title}, {"minutes", minutes}, {"url", url}});
  core::action dm{ctx.event.platform, author.user_id, "", core::send_message{text, true}};
  dm.purpose = "console_link";
  dm.label = "console_link";
  return {{std::move(dm), reply_with(book_, ctx, "console_link_sent", {{"minutes", minutes}})},
          true};
}

std::vector<core::command_spec> console_link_handler::commands() {
  return {
      {.name = "console",
       .owner = "console",
       .role = core::command_role::admin,
       .section = core::command_section::community_admin,
       .aliases = {"控制台"},
       .help_en = "a sign-in link to the operator console, sent privately",
       .help_zh = "运营控制台的登录链接（私聊发送）",
       .reference = "a one-time link into the operator console, sent to the admin's private chat "
                    "(never into the group), valid ten minutes, signing in as an operator limited "
                    "to this group. Admins who never wrote to the bot are told to open a private "
                    "chat first (Telegram lets bots write only to people who did)"},
  };
}

}  // namespace steward::handlers
