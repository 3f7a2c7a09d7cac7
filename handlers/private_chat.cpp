#include "handlers/private_chat.hpp"

#include <fmt/format.h>

#include "handlers/handler.hpp"

namespace steward::handlers {

private_chat_handler::private_chat_handler(storage::community_store& community)
    : community_(community) {}

std::vector<core::action> private_chat_handler::handle(
    const core::chat_event& event, const std::optional<core::command_match>& command) {
  if (!command || event.author.is_bot) return {};
  const auto lang = command->lang;
  const bool zh = lang == core::language::zh;
  std::string text;
  if (command->name == "help") {  // /start too: an alias of /help
    text = introduction(event, lang);
  } else if (command->name == "points") {
    text = standings(event, lang);
  } else {
    text = zh ? fmt::format("这个命令要在群里使用：请在你的群里发送 /{}。", command->name)
              : fmt::format("That works in a group: send /{} in your group.", command->name);
  }
  return {reply_to(event, std::move(text))};
}

std::string private_chat_handler::introduction(const core::chat_event& event, core::language lang) {
  const bool zh = lang == core::language::zh;
  std::string text =
      zh ? "👋 我是 Steward，负责让群聊保持健康和活跃：签到、积分、商城、徽章和审核。\n"
           "这些功能在群里使用：签到、积分、商城、排行榜、帮助。\n"
           "在这里发送“积分”或 /points，可以查看你在各个群的积分和排名。"
         : "👋 I'm Steward: I keep group chats healthy and lively with check-ins, points, a shop, "
           "badges and moderation.\n"
           "All of that happens in your groups: /checkin, /points, /shop, /rank, /help there.\n"
           "Here, /points shows your points and rank in each of your groups.";
  if (community_.memberships(event.platform, event.author.user_id).empty()) {
    text += zh ? "\n你还不在我管理的任何群里。" : "\nYou are not in any group I look after yet.";
  }
  return text;
}

std::string private_chat_handler::standings(const core::chat_event& event, core::language lang) {
  const bool zh = lang == core::language::zh;
  const auto groups = community_.memberships(event.platform, event.author.user_id);
  if (groups.empty()) {
    return zh ? "你还不在我管理的任何群里；在群里发言或签到后，这里就能看到你的积分。"
              : "You are not in any group I look after yet; once you take part in one, your "
                "points show up here.";
  }
  std::string text = zh ? "你在各群的积分：" : "Your points in your groups:";
  for (const auto& g : groups) {
    const std::string title = g.title.empty() ? g.chat_id : g.title;
    text += zh ? fmt::format("\n• {}：{} 分，排名第 {}", title, g.points, g.rank)
               : fmt::format("\n• {}: {} points, rank {}", title, g.points, g.rank);
  }
  return text;
}

}  // namespace steward::handlers
