#include "handlers/help.hpp"

namespace steward::handlers {

handler_result help_handler::handle(const context& ctx) {
  if (!ctx.command || (ctx.command->name != "help" && ctx.command->name != "start")) return {};
  const std::string text =
      ctx.command->lang == core::language::zh
          ? "我可以帮你：\n"
            "• 签到 或 /checkin — 每日签到领积分，连续签到有额外奖励\n"
            "• 积分 或 /points — 积分、等级、徽章和群内排名\n"
            "• 积分明细 或 /history — 最近的积分记录\n"
            "• 积分商城 或 /shop — 用积分兑换礼品（兑换 物品 或 /redeem 物品）\n"
            "• 排行榜 或 /rank — 积分、签到、活跃、邀请排行（/hide 不上榜）\n"
            "• 徽章 或 /badges — 你的徽章和获得方式\n"
            "• 邀请 或 /invite — 你的专属邀请链接，好友留下并参与后双方得积分\n"
            "• 时区 或 /timezone — 查看本群时区（管理员可修改）\n"
            "• 举报 或 /report — 回复一条消息，告知管理员\n"
            "• 管理员：警告、禁言 10m、解禁、踢出、封禁、解封、/del、/approve、/warns、/reload、"
            "统计、控制台（运营控制台的登录链接，私聊发送）\n"
            "• 帮助 或 /help — 显示这条说明"
          : "Here is what I can do for you:\n"
            "• /checkin (or 签到) — daily check-in for points; streaks earn a bonus\n"
            "• /points (or 积分) — your points, level, badges and rank in this group\n"
            "• /history — your latest points entries\n"
            "• /shop and /redeem <item> — spend points on rewards\n"
            "• /rank [points|streak|activity|invites] [week|month|all] — leaderboards (/hide to "
            "stay off them)\n"
            "• /badges — your badges and how to earn the others\n"
            "• /invite — your personal invite link: friends who stay and take part earn you both "
            "points\n"
            "• /timezone (or 时区) — the group's time zone (admins can change it)\n"
            "• /report (as a reply) — tell the admins about a message\n"
            "• Admins: /warn, /mute 10m, /unmute, /kick, /ban [7d], /unban, /del, /approve, "
            "/warns, /unwarn, /reload, /stats, /console (a sign-in link to the operator console, "
            "sent privately)\n"
            "• /help (or 帮助) — this message";
  return {{reply_to(ctx.event, text)}, true};
}

}  // namespace steward::handlers
