#include "handlers/builtin_texts.hpp"

namespace steward::handlers {

// /help: a header above the commands the caller may use.
std::vector<builtin_text> help_texts() {
  const std::string h = "help";
  return {
      {"help",
       h,
       {"commands"},
       "Here is what I can do for you:{commands}",
       "我可以帮你：{commands}"},
      {"help_admin",
       h,
       {"commands"},
       "\n\nFor admins (name a member by replying to them, @username or user id):{commands}",
       "\n\n管理员命令（点名成员：回复其消息、@用户名或用户 ID）：{commands}"},
      {"unknown_command",
       h,
       {"command"},
       "I don't know {command}. /help lists what I can do here.",
       "我不认识 {command} 这个命令。发送 /help 查看我能做的事。"},
      {"unknown_command_near",
       h,
       {"command", "nearest"},
       "I don't know {command}. Did you mean {nearest}? /help lists what I can do here.",
       "我不认识 {command} 这个命令，你是想用 {nearest} 吗？发送 /help 查看我能做的事。"},
  };
}

// What Steward says in a member's private chat with it.
std::vector<builtin_text> private_texts() {
  const std::string p = "private";
  return {
      {"private_intro",
       p,
       {},
       "👋 I'm Steward: I keep group chats healthy and lively with check-ins, points, a shop, "
       "badges and moderation.\nAll of that happens in your groups: /checkin, /points, /shop, "
       "/rank, /help there.\nHere, /points shows your points and rank in each of your groups.",
       "👋 我是 Steward，负责让群聊保持健康和活跃：签到、积分、商城、徽章和审核。\n"
       "这些功能在群里使用：签到、积分、商城、排行榜、帮助。\n"
       "在这里发送“积分”或 /points，可以查看你在各个群的积分和排名。"},
      {"private_no_groups",
       p,
       {},
       "You are not in any group I look after yet.",
       "你还不在我管理的任何群里。"},
      {"private_standings_none",
       p,
       {},
       "You are not in any group I look after yet; once you take part in one, your points show "
       "up here.",
       "你还不在我管理的任何群里；在群里发言或签到后，这里就能看到你的积分。"},
      {"private_standings",
       p,
       {"lines"},
       "Your points in your groups:{lines}",
       "你在各群的积分：{lines}"},
      {"private_standing",
       p,
       {"group", "points", "rank"},
       "• {group}: {points} {points|point|points}, rank {rank}",
       "• {group}：{points} 分，排名第 {rank}"},
      {"private_use_in_group",
       p,
       {"command"},
       "That works in a group: send {command} in your group.",
       "这个命令要在群里使用：请在你的群里发送 {command}。"},
  };
}

}  // namespace steward::handlers
