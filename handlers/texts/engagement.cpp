#include "handlers/builtin_texts.hpp"

namespace steward::handlers {

namespace {

// Welcome, rules and goodbye: what a newcomer reads first.
std::vector<builtin_text> greeting_texts() {
  const std::string g = "greetings";
  return {
      {"welcome",
       g,
       {"name", "mention", "mentions", "count", "group", "rules", "date"},
       "👋 Welcome to {group}, {mentions}!\nPlease read the rules:\n{rules}\nSend /checkin every "
       "day for points, and /help to see what I can do.",
       "👋 欢迎 {mentions} 加入 {group}！\n请先看看群规：\n{rules}\n发送 签到 每天领积分，发送 "
       "帮助 看看我能做什么。"},
      {"goodbye",
       g,
       {"name", "group", "date"},
       "👋 {name} has left {group}. All the best!",
       "👋 {name} 离开了 {group}，祝一切顺利。"},
      {"rules",
       g,
       {"group"},
       "1. Be kind; no personal attacks\n2. No ads, contact details or off-topic links\n3. No "
       "flooding\nBreaking a rule gets the message removed and a warning; repeat offences get a "
       "mute or a removal.",
       "1. 友善交流，不人身攻击\n2. 不发广告、联系方式和无关链接\n3. 不刷屏\n"
       "违规将被删除消息并警告，多次违规将被禁言或移出。"},
  };
}

// Check-in, points, levels and badges.
std::vector<builtin_text> reward_texts() {
  const std::string e = "engagement";
  return {
      {"checkin",
       e,
       {"name", "mention", "points", "streak", "balance", "date"},
       "✅ {name} checked in: +{points} {points|point|points}, {streak}-day streak. Balance: "
       "{balance} {balance|point|points}.",
       "✅ {name} 签到成功！+{points} 积分，已连续签到 {streak} 天，当前积分 {balance}。"},
      {"checkin_in_groups", e, {}, "Check-in works in groups.", "签到请在群里进行。"},
      {"checkin_again",
       e,
       {"name", "mention", "streak", "wait"},
       "{name}, you have already checked in today ({streak}-day streak). Next check-in opens in "
       "{wait}.",
       "{name}，今天已经签到过啦（连续 {streak} 天）。下次签到还要等 {wait}。"},
      {"points",
       e,
       {"name", "mention", "points", "streak", "rank", "level", "xp", "badges", "tier"},
       "{name}: {points} {points|point|points}, {streak}-day check-in streak, rank #{rank} in this "
       "group. Level {level} ({xp} XP). Badges: {badges}",
       "{name}：当前积分 {points}，连续签到 {streak} 天，群内排名第 {rank}。等级 {level}（{xp} "
       "经验）。徽章：{badges}"},
      {"points_no_badges", e, {}, "none yet", "暂无"},
      {"points_no_tier", e, {}, "not ranked yet", "暂未分层"},
      {"level_up",
       e,
       {"name", "mention", "level"},
       "🎉 {name} reached level {level}!",
       "🎉 {name} 升到了 {level} 级！"},
      {"badge",
       e,
       {"name", "badge", "how"},
       "🏅 {name} earned the {badge} badge ({how})!",
       "🏅 {name} 获得了「{badge}」徽章（{how}）！"},
      {"badge_digest",
       e,
       {"group", "count", "badges"},
       "🏅 New badges: {badges}. Congratulations!",
       "🏅 新徽章：{badges}。恭喜！"},
      {"badges", e, {"name", "lines"}, "{name}'s badges:{lines}", "{name} 的徽章：{lines}"},
      {"badge_held", e, {"badge"}, "🏅 {badge}", "🏅 {badge}"},
      {"badge_missing",
       e,
       {"badge", "how"},
       "▫️ {badge} — {how}",
       "▫️ {badge} — {how}"},
      {"badge_usage",
       e,
       {"command"},
       "Usage: {command} @username creator (or reply to a message with {command} creator). The "
       "other badges are earned automatically.",
       "用法：{command} @用户名 creator（或回复成员的消息发送 {command} "
       "creator）。其他徽章会自动获得。"},
      {"badge_already",
       e,
       {"name", "badge"},
       "{name} already has the {badge} badge.",
       "{name} 已经有「{badge}」徽章了。"},
  };
}

// The badges' names and how each is earned (the numbers are the configured thresholds).
std::vector<builtin_text> badge_name_texts() {
  const std::string b = "badges";
  return {
      {"badge_name_newcomer", b, {}, "Newcomer", "新手"},
      {"badge_how_newcomer", b, {}, "say something in the group", "在群里第一次发言"},
      {"badge_name_active", b, {}, "Active", "活跃"},
      {"badge_how_active",
       b,
       {"days"},
       "check in {days} {days|day|days} in a row",
       "连续签到 {days} 天"},
      {"badge_name_creator", b, {}, "Creator", "内容创作者"},
      {"badge_how_creator",
       b,
       {},
       "granted by an admin for great content",
       "由管理员授予优质内容作者"},
      {"badge_name_partner", b, {}, "Partner", "社群合伙人"},
      {"badge_how_partner",
       b,
       {"invites"},
       "invite {invites} {invites|friend|friends} who stay and take part",
       "邀请 {invites} 位朋友留下并参与交流"},
      {"badge_name_king", b, {}, "Check-in King", "连续签到王者"},
      {"badge_how_king",
       b,
       {"days"},
       "check in {days} {days|day|days} in a row",
       "连续签到 {days} 天"},
  };
}

// Leaderboards and the member's own standing.
std::vector<builtin_text> board_texts() {
  const std::string b = "engagement";
  return {
      {"board_points", b, {}, "Points", "积分榜"},
      {"board_streak", b, {}, "Check-in streaks", "连续签到榜"},
      {"board_checkin_days", b, {}, "Check-in days", "签到天数榜"},
      {"board_activity", b, {}, "Most active", "活跃榜"},
      {"board_invites", b, {}, "Invites", "邀请榜"},
      {"board_in_period", b, {"board", "period"}, "{board} — {period}", "{board} — {period}"},
      {"period_week", b, {}, "this week", "本周"},
      {"period_month", b, {}, "this month", "本月"},
      {"period_all", b, {}, "all time", "总榜"},
      {"tier_core", b, {}, "core member", "核心成员"},
      {"tier_potential", b, {}, "rising member", "潜力成员"},
      {"tier_base", b, {}, "member", "普通成员"},
      {"board", b, {"title", "lines"}, "🏆 {title}:{lines}", "🏆 {title}：{lines}"},
      {"board_line",
       b,
       {"place", "name", "value"},
       "{place}. {name} — {value}",
       "{place}. {name} — {value}"},
      {"board_empty",
       b,
       {"title"},
       "🏆 {title}:\nNobody yet — be the first!",
       "🏆 {title}：\n还没有人上榜，快来做第一个！"},
      {"board_you",
       b,
       {"place", "value"},
       "You: #{place} with {value}.",
       "你：第 {place} 名，{value}。"},
      {"board_not_you", b, {}, "You are not on this board yet.", "你还不在这个榜上。"},
      {"board_unknown",
       b,
       {"word", "command"},
       "I don't know “{word}”. Use {command} [points|streak|activity|invites] [week|month|all], "
       "e.g. {command} activity week.",
       "我不认识“{word}”。用法：{command} [积分|签到|活跃|邀请] [周|月|总]，例如：{command} 活跃 "
       "周。"},
      {"board_hidden",
       b,
       {},
       "You are now hidden from public leaderboards (/unhide to show up again).",
       "你已从公开排行榜隐藏（发送 显示排名 重新显示）。"},
      {"board_shown", b, {}, "You show up on leaderboards again.", "你重新出现在排行榜上了。"},
  };
}

// A member's points history.
std::vector<builtin_text> history_texts() {
  const std::string h = "engagement";
  return {
      {"history",
       h,
       {"name", "points", "lines"},
       "{name}'s latest points ({points} now):{lines}",
       "{name} 最近的积分明细（当前 {points} 分）：{lines}"},
      {"history_empty",
       h,
       {"name"},
       "{name} has no points history yet.",
       "{name} 还没有积分记录。"},
      {"history_line",
       h,
       {"delta", "reason", "by", "at"},
       "{delta} {reason}{by} · {at}",
       "{delta} {reason}{by} · {at}"},
      {"history_by", h, {"who"}, " ({who})", "（{who}）"},
      {"history_by_reason", h, {"who", "reason"}, " ({who}: {reason})", "（{who}：{reason}）"},
      {"history_admin", h, {"name"}, "admin {name}", "管理员 {name}"},
      {"history_operator", h, {"name"}, "operator {name}", "运营 {name}"},
  };
}

// Invite links and the rewards for friends who stayed.
std::vector<builtin_text> invite_texts() {
  const std::string i = "engagement";
  return {
      {"invite_link",
       i,
       {"link"},
       "🔗 Your personal invite link: {link}\nFriends who join through it, stay and take part "
       "earn you both points.",
       "🔗 你的专属邀请链接：{link}\n朋友通过它入群、留下并参与交流，你们都会获得积分。"},
      {"invite_in_groups",
       i,
       {"command"},
       "Use {command} in the group you want to invite friends to.",
       "请在你想邀请朋友加入的群里发送 {command}。"},
      {"invite_link_failed",
       i,
       {"reason"},
       "Sorry, I could not create an invite link: {reason}.",
       "抱歉，我没能创建邀请链接：{reason}。"},
      {"invite_rewarded",
       i,
       {"inviter", "invitee", "inviter_points", "invitee_points"},
       "🤝 {inviter} invited {invitee}, who stayed and joined in: +{inviter_points} "
       "{inviter_points|point|points} for {inviter}, +{invitee_points} for {invitee}.",
       "🤝 {inviter} 邀请的 {invitee} 留下并参与了交流：{inviter} +{inviter_points} "
       "分，{invitee} +{invitee_points} 分。"},
  };
}

// The points shop.
std::vector<builtin_text> shop_texts() {
  const std::string s = "shop";
  return {
      {"shop",
       s,
       {"name", "mention", "points", "items"},
       "🛍 Points shop — you have {points} {points|point|points}:\n{items}\nRedeem with "
       "/redeem "
       "&lt;item&gt;.",
       "🛍 积分商城（你有 {points} 积分）：\n{items}\n发送 兑换 &lt;商品&gt; "
       "兑换。"},
      {"redeemed",
       s,
       {"name", "mention", "item", "price", "code", "balance"},
       "🎁 {name} redeemed {item} for {price} {price|point|points}. Code: <code>{code}</code> — "
       "show it to an admin to collect. Balance: {balance} {balance|point|points}.",
       "🎁 {name} 用 {price} 积分兑换了 {item}。兑换码：<code>{code}</code>，请出示给管理员领取。"
       "当前积分 {balance}。"},
      {"shop_item",
       s,
       {"mark", "id", "name", "price", "stock", "about"},
       "{mark} {id} — {name}: {price} {price|point|points}{stock}{about}",
       "{mark} {id} — {name}：{price} 积分{stock}{about}"},
      {"shop_item_left", s, {"left"}, " — {left} left", " — 剩 {left} 件"},
      {"shop_item_sold_out", s, {}, " — sold out", " — 已售罄"},
      {"shop_item_about", s, {"about"}, " ({about})", "（{about}）"},
      {"shop_empty", s, {}, "The points shop is empty for now.", "积分商城暂时没有商品。"},
      {"shop_which_item",
       s,
       {"command", "example"},
       "Which item? Use {command} &lt;item&gt;, e.g. {command} {example}. /shop lists them.",
       "兑换哪件商品？发送 {command} &lt;商品&gt;，例如：{command} {example}。发送 商城 "
       "查看全部。"},
      {"shop_no_such_item",
       s,
       {"item"},
       "There is no item called “{item}”. /shop lists what is on offer.",
       "没有叫“{item}”的商品。发送 商城 查看在售商品。"},
      {"shop_not_yet", s, {"item"}, "{item} is not on sale yet.", "{item} 还未开售。"},
      {"shop_ended", s, {"item"}, "{item} is no longer on sale.", "{item} 已下架。"},
      {"shop_needs_level",
       s,
       {"item", "level", "yours"},
       "{item} needs level {level}; you are level {yours}.",
       "{item} 需要等级 {level}，你现在是 {yours} 级。"},
      {"shop_needs_badge",
       s,
       {"item", "badge"},
       "{item} needs the {badge} badge.",
       "{item} 需要「{badge}」徽章。"},
      {"shop_needs_tier",
       s,
       {"item", "tier"},
       "{item} is for {tier}s and above (tiers are worked out daily from activity).",
       "{item} 仅限{tier}及以上兑换（每天按活跃度分层）。"},
      {"shop_sold_out", s, {"item"}, "Sorry, {item} is sold out.", "抱歉，{item} 已售罄。"},
      {"shop_limit",
       s,
       {"item", "limit"},
       "You already have {item} (limit {limit} per member).",
       "你已经兑换过 {item}（每人限 {limit} 件）。"},
      {"shop_too_dear",
       s,
       {"item", "price", "points"},
       "{item} costs {price} {price|point|points}; you have {points}.",
       "{item} 需要 {price} 积分，你有 {points}。"},
      {"shop_already_redeemed", s, {}, "That redemption was already made.", "这次兑换已经完成了。"},
  };
}

}  // namespace

std::vector<builtin_text> engagement_texts() {
  return joined({greeting_texts(), reward_texts(), badge_name_texts(), board_texts(),
                 history_texts(), invite_texts(), shop_texts()});
}

}  // namespace steward::handlers
