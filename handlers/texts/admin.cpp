#include "handlers/builtin_texts.hpp"

namespace steward::handlers {

// Answers to the community admins' commands: points by hand, the group's time zone.
std::vector<builtin_text> admin_texts() {
  const std::string a = "admin";
  return {
      {"points_usage",
       a,
       {"command", "max"},
       "Usage: {command} @username &lt;points&gt; [reason], {command} &lt;user id&gt; "
       "&lt;points&gt; [reason], or reply to a member's message with {command} &lt;points&gt; "
       "[reason]. Points are a whole number from 1 to {max}.",
       "用法：{command} @用户名 分数 [原因]、{command} 用户ID 分数 [原因]，或回复成员的消息发送 "
       "{command} 分数 [原因]。分数是 1 到 {max} 之间的整数。"},
      {"points_too_few",
       a,
       {"name", "points"},
       "{name} has only {points} {points|point|points}; nothing was taken.",
       "{name} 只有 {points} 分，没有扣除。"},
      {"points_given",
       a,
       {"name", "amount", "balance"},
       "✅ Gave {amount} {amount|point|points} to {name}. {name} now has {balance} "
       "{balance|point|points}.",
       "✅ 已为 {name} 加 {amount} 分。{name} 现在有 {balance} 分。"},
      {"points_given_reason",
       a,
       {"name", "amount", "balance", "reason"},
       "✅ Gave {amount} {amount|point|points} to {name} ({reason}). {name} now has {balance} "
       "{balance|point|points}.",
       "✅ 已为 {name} 加 {amount} 分（{reason}）。{name} 现在有 {balance} 分。"},
      {"points_taken",
       a,
       {"name", "amount", "balance"},
       "✅ Took {amount} {amount|point|points} from {name}. {name} now has {balance} "
       "{balance|point|points}.",
       "✅ 已从 {name} 扣除 {amount} 分。{name} 现在有 {balance} 分。"},
      {"points_taken_reason",
       a,
       {"name", "amount", "balance", "reason"},
       "✅ Took {amount} {amount|point|points} from {name} ({reason}). {name} now has {balance} "
       "{balance|point|points}.",
       "✅ 已从 {name} 扣除 {amount} 分（{reason}）。{name} 现在有 {balance} 分。"},
      {"already_applied", a, {}, "That change was already applied.", "这次变动已经处理过了。"},
      {"console_unconfigured",
       a,
       {},
       "The console's address is not configured yet ([server] public_url); ask whoever runs "
       "Steward.",
       "控制台的地址还没有配置（[server] public_url），请联系部署 Steward 的人。"},
      {"console_start_first",
       a,
       {"bot", "command"},
       "First open a private chat with me{bot} and press Start, then send {command} here again.",
       "请先私聊我{bot}并点击“开始”，然后在群里再发一次 {command}。"},
      {"console_link",
       a,
       {"group", "minutes", "url"},
       "🔑 Your sign-in link to the console of “{group}” (valid {minutes} "
       "{minutes|minute|minutes}, once):\n{url}",
       "🔑 「{group}」的运营控制台登录链接（{minutes} 分钟内有效，只能使用一次）：\n{url}"},
      {"console_link_sent",
       a,
       {"minutes"},
       "📬 A sign-in link is on its way to our private chat (valid {minutes} "
       "{minutes|minute|minutes}).",
       "📬 登录链接正在发往我们的私聊（{minutes} 分钟内有效）。"},
      {"timezone_in_groups",
       a,
       {},
       "The time zone is a group setting; use this in a group.",
       "时区是群设置，请在群里使用。"},
      {"timezone_current",
       a,
       {"zone", "command"},
       "This group's day runs on {zone} time. Admins can change it with {command} &lt;IANA "
       "name&gt;, e.g. {command} Europe/Berlin.",
       "本群按 {zone} 时间计算每天的签到。管理员可以用 {command} 时区名 修改。"},
      {"timezone_unknown",
       a,
       {"zone"},
       "“{zone}” is not a time zone I know. Use an IANA name such as Asia/Shanghai, "
       "Europe/Berlin or America/New_York.",
       "“{zone}” 不是有效的时区名，请使用 Asia/Shanghai、Europe/Berlin 这样的 IANA 名称。"},
      {"timezone_set",
       a,
       {"zone"},
       "Time zone set to {zone}. Check-in days now start at midnight {zone} time.",
       "已将本群时区设为 {zone}，每天的签到从当地零点开始。"},
  };
}

}  // namespace steward::handlers

namespace steward::handlers {

// Admins settling redemptions from the points shop.
std::vector<builtin_text> redemption_texts() {
  const std::string s = "shop";
  return {
      {"redemption_which",
       s,
       {"command"},
       "Which redemption? Use {command} &lt;code&gt; (the code the member got when redeeming).",
       "请写上兑换码：{command} &lt;兑换码&gt;（成员兑换时收到的代码）。"},
      {"redemption_unknown",
       s,
       {"code", "command"},
       "No redemption with code “{code}”. Use {command} &lt;code&gt;.",
       "没有兑换码为“{code}”的兑换记录。用法：{command} &lt;兑换码&gt;。"},
      {"redemption_not_refundable",
       s,
       {"code", "state"},
       "{code} is {state}; only pending redemptions can be refunded.",
       "{code} {state}，只有待处理的兑换可以退款。"},
      {"redemption_already",
       s,
       {"code", "state"},
       "{code} is already {state}.",
       "{code} 已经{state}了。"},
      {"redemption_refunded",
       s,
       {"code", "price", "balance"},
       "↩️ {code} refunded: {price} {price|point|points} returned (balance {balance}).",
       "↩️ {code} 已退款：退回 {price} 分（当前积分 {balance}）。"},
      {"redemption_fulfilled", s, {"code"}, "✅ {code} marked fulfilled.", "✅ {code} 已核销。"},
  };
}

}  // namespace steward::handlers
