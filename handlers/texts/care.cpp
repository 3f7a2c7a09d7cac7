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
