#include "handlers/builtin_texts.hpp"

namespace steward::handlers {

std::vector<builtin_text> care_texts() {
  const std::set<std::string, std::less<>> review{"group", "period",    "summary",   "kpis",
                                                  "tiers", "top",       "newcomers", "churn",
                                                  "hours", "moderation"};
  return {
      {"stats_today",
       "care",
       {"at", "members", "joins", "leaves", "messages", "speakers", "active_rate", "target",
        "checkins", "days"},
       "📊 Today (as of {at})\nMembers {members} · today +{joins} / −{leaves}\nMessages {messages} "
       "· speakers {speakers} · active rate {active_rate}{target}\nCheck-ins {checkins}\n\nLast 7 "
       "days (day · messages · speakers · members){days}",
       "📊 今日数据（截至 {at}）\n成员 {members} · 今日 +{joins} / −{leaves}\n消息 {messages} 条 · "
       "发言 {speakers} 人 · 活跃率 {active_rate}{target}\n签到 {checkins} 次\n\n近 7 天（日期 · "
       "消息 "
       "· 发言人数 · 成员）{days}"},
      {"stats_target", "care", {"target"}, " (target {target})", "（目标 {target}）"},
      {"review_counted_since",
       "care",
       {"day"},
       " (counted only since {day})",
       "（{day} 起才开始统计）"},
      {"review_summary",
       "care",
       {"members_start", "members_end", "joins", "leaves", "messages", "active", "checkins"},
       "Members {members_start} → {members_end} (+{joins} / −{leaves}) · {messages} "
       "{messages|message|messages} · {active} active {active|member|members} · {checkins} "
       "{checkins|check-in|check-ins}",
       "成员 {members_start} → {members_end}（+{joins} / −{leaves}）· 消息 {messages} 条 · "
       "活跃成员 "
       "{active} 人 · 签到 {checkins} 次"},
      {"review_tiers",
       "care",
       {"core", "potential", "base", "up", "down"},
       "Tiers: core {core} · potential {potential} · base {base} (this period: {up} up, {down} "
       "down)",
       "分层：核心 {core} · 潜力 {potential} · 普通 {base}（本期升 {up} / 降 {down}）"},
      {"review_top", "care", {"members"}, "Most active: {members}", "活跃之星：{members}"},
      {"review_top_none", "care", {}, "Most active: nobody wrote", "活跃之星：本期无人发言"},
      {"review_newcomers",
       "care",
       {"joined", "stayed"},
       "Newcomers: {joined} joined, {stayed} still here",
       "新人：入群 {joined} 人，仍在群内 {stayed} 人"},
      {"review_churn",
       "care",
       {"leaves", "left", "removed", "banned", "warned", "returned"},
       "Leavers: {leaves} ({left} left, {removed} removed, {banned} banned); {warned} warned as "
       "slipping away, {returned} came back",
       "流失：退群 {leaves}（主动 {left} · 被移出 {removed} · 封禁 {banned}）；预警 {warned} "
       "人，已回归 "
       "{returned} 人"},
      {"review_hours", "care", {"hours"}, "Best hours to post: {hours}", "最佳发帖时段：{hours}"},
      {"review_hours_none", "care", {}, "Best hours to post: no data", "最佳发帖时段：暂无数据"},
      {"review_moderation",
       "care",
       {"count"},
       "Moderation: {count} {count|action|actions}",
       "管理：处理 {count} 次"},
      {"review_moderation_rules",
       "care",
       {"count", "rules"},
       "Moderation: {count} {count|action|actions} ({rules})",
       "管理：处理 {count} 次（{rules}）"},
      {"churn_level",
       "care",
       {"days", "count", "names"},
       "Quiet for {days}+ days ({count}): {names}",
       "{days} 天未活跃（{count} 人）：{names}"},
      {"churn_mention",
       "care",
       {"mentions", "days", "group"},
       "👋 {mentions} we miss you! A lot is going on here — come and say hi.",
       "👋 {mentions} 好久不见！群里最近很热闹，有空来聊聊吧～"},
      {"churn_digest",
       "care",
       {"group", "count", "lists"},
       "📉 Members slipping away · {group} ({count})\n{lists}",
       "📉 流失预警 · {group}（{count} 人）\n{lists}"},
      {"churn_private",
       "care",
       {"name", "group", "days"},
       "👋 {name}, we haven't seen you in {group} for a while — everyone misses you. Drop by "
       "when you can!",
       "👋 {name}，好久没在「{group}」见到你了！大家都很想你，有空回来聊聊吧～"},
      {"review_week", "care", review,
       "📊 Weekly review · "
       "{group}\n{period}\n{summary}\n\n{kpis}\n\n{tiers}\n{top}\n{newcomers}\n{churn}\n{hours}"
       "\n{moderation}",
       "📊 周复盘 · "
       "{group}\n{period}\n{summary}\n\n{kpis}\n\n{tiers}\n{top}\n{newcomers}\n{churn}\n{hours}"
       "\n{moderation}"},
      {"review_month", "care", review,
       "📅 Monthly review · "
       "{group}\n{period}\n{summary}\n\n{kpis}\n\n{tiers}\n{top}\n{newcomers}\n{churn}\n{hours}"
       "\n{moderation}",
       "📅 月总结 · "
       "{group}\n{period}\n{summary}\n\n{kpis}\n\n{tiers}\n{top}\n{newcomers}\n{churn}\n{hours}"
       "\n{moderation}"},
  };
}

}  // namespace steward::handlers
