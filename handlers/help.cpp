#include "handlers/help.hpp"

namespace steward::handlers {

handler_result help_handler::handle(const context& ctx) {
  if (!ctx.command || (ctx.command->name != "help" && ctx.command->name != "start")) return {};
  const std::string text =
      ctx.command->lang == core::language::zh
          ? "我可以帮你：\n"
            "• 签到 或 /checkin — 每日签到领积分，连续签到有额外奖励\n"
            "• 积分 或 /points — 查看积分、连续签到天数和群内排名\n"
            "• 时区 或 /timezone — 查看本群时区（管理员可修改）\n"
            "• 帮助 或 /help — 显示这条说明"
          : "Here is what I can do for you:\n"
            "• /checkin (or 签到) — daily check-in for points; streaks earn a bonus\n"
            "• /points (or 积分) — your points, check-in streak and rank in this group\n"
            "• /timezone (or 时区) — the group's time zone (admins can change it)\n"
            "• /help (or 帮助) — this message";
  return {{reply_to(ctx.event, text)}, true};
}

}  // namespace steward::handlers
