#include "handlers/console_link.hpp"

#include <fmt/format.h>

#include "handlers/admin_policy.hpp"

namespace steward::handlers {

console_link_handler::console_link_handler(storage::care_store& care, link_issuer issue,
                                           console_link_settings settings)
    : care_(care), issue_(std::move(issue)), settings_(std::move(settings)) {}

handler_result console_link_handler::handle(const context& ctx) {
  if (!ctx.command || !ctx.event.chat.is_group) return {};
  const bool zh = ctx.command->lang == core::language::zh;
  const auto& author = ctx.event.author;
  if (const auto refusal = admin_refusal(ctx); !refusal.empty()) {
    return {{reply_to(ctx.event, refusal)}, true};
  }
  if (settings_.public_url.empty()) {
    return {
        {reply_to(ctx.event,
                  zh ? "控制台的地址还没有配置（[server] public_url），请联系部署 Steward 的人。"
                     : "The console's address is not configured yet ([server] public_url); "
                       "ask whoever runs Steward.")},
        true};
  }
  const std::string bot = settings_.bot_username.empty() ? "" : " @" + settings_.bot_username;
  if (!care_.reachable_privately(ctx.event.platform, author.user_id)) {
    // Telegram lets a bot write only to people who started a chat with it.
    return {
        {reply_to(ctx.event,
                  zh ? fmt::format("请先私聊我{}并点击“开始”，然后在群里再发一次 /console。", bot)
                     : fmt::format("First open a private chat with me{} and press Start, "
                                   "then send /console here again.",
                                   bot))},
        true};
  }
  const storage::api_token who{
      0, fmt::format("{} (admin of {})", author.display_name, ctx.group.title), "operator",
      ctx.group.chat_id};
  const std::string url = fmt::format("{}/console/#link={}", settings_.public_url,
                                      issue_(who, ctx.now_s, settings_.valid_s));
  const int minutes = static_cast<int>(settings_.valid_s / 60);
  const std::string text =
      zh ? fmt::format("🔑 「{}」的运营控制台登录链接（{} 分钟内有效，只能使用一次）：\n{}",
                       ctx.group.title, minutes, url)
         : fmt::format("🔑 Your sign-in link to the console of “{}” (valid {} minutes, once):\n{}",
                       ctx.group.title, minutes, url);
  core::action dm{ctx.event.platform, author.user_id, "", core::send_message{text, false}};
  dm.purpose = "console_link";
  dm.label = "console_link";
  return {{std::move(dm),
           reply_to(ctx.event,
                    zh ? fmt::format("📬 登录链接正在发往我们的私聊（{} 分钟内有效）。", minutes)
                       : fmt::format("📬 A sign-in link is on its way to our private chat (valid "
                                     "{} minutes).",
                                     minutes))},
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
