#include "handlers/stats_command.hpp"

#include <date/date.h>
#include <fmt/format.h>

#include "bot/core/local_day.hpp"
#include "handlers/admin_policy.hpp"

namespace steward::handlers {

namespace {

constexpr int trend_days = 7;

// "11-29" of a local day number.
std::string month_day(std::int64_t day_number) {
  return date::format("%m-%d", date::sys_days{date::days{day_number}});
}

}  // namespace

stats_command_handler::stats_command_handler(community_stats& stats) : stats_(stats) {}

handler_result stats_command_handler::handle(const context& ctx) {
  if (!ctx.command) return {};
  if (const auto refusal = admin_refusal(ctx); !refusal.empty()) {
    return {{reply_to(ctx.event, refusal)}, true};
  }
  return {{reply_to(ctx.event, report(ctx))}, true};
}

std::string stats_command_handler::report(const context& ctx) {
  const bool zh = ctx.command->lang == core::language::zh;
  const std::int64_t today = ctx.today.day_number;
  const auto facts = stats_.series(ctx.group, today, today, "day").front();
  const auto kpis = compute_kpis(facts, stats_.settings());
  const auto& active = *find_kpi(kpis, "active_rate");  // always computed
  const std::string target = !active.target ? ""
                             : zh ? fmt::format("（目标 {}）", percent_text(active.target))
                                  : fmt::format(" (target {})", percent_text(active.target));
  const auto& t = facts.totals;
  std::string text =
      zh ? fmt::format(
               "📊 今日数据（截至 {}）\n成员 {} · 今日 +{} / −{}\n消息 {} 条 · 发言 {} 人 · "
               "活跃率 {}{}\n签到 {} 次",
               core::local_time_text(ctx.now_s, ctx.group.time_zone), facts.members_end, t.joins,
               t.leaves(), t.messages, t.day_speakers, percent_text(active.value), target,
               t.checkins)
         : fmt::format(
               "📊 Today (as of {})\nMembers {} · today +{} / −{}\nMessages {} · speakers {} "
               "· active rate {}{}\nCheck-ins {}",
               core::local_time_text(ctx.now_s, ctx.group.time_zone), facts.members_end, t.joins,
               t.leaves(), t.messages, t.day_speakers, percent_text(active.value), target,
               t.checkins);
  text += zh ? "\n\n近 7 天（日期 · 消息 · 发言人数 · 成员）"
             : "\n\nLast 7 days (day · messages · speakers · members)";
  for (const auto& day : stats_.series(ctx.group, today - trend_days + 1, today, "day")) {
    text += fmt::format("\n{} · {} · {} · {}", month_day(day.from_day), day.totals.messages,
                        day.totals.day_speakers, day.members_end);
  }
  return text;
}

std::vector<core::command_spec> stats_command_handler::commands() {
  return {
      {.name = "stats",
       .owner = "stats",
       .role = core::command_role::admin,
       .section = core::command_section::community_admin,
       .aliases = {"统计", "数据"},
       .help_en = "today's numbers and the last seven days",
       .help_zh = "今日和近七天的群数据",
       .reference = "today's numbers in the group's time zone — members and today's joins and "
                    "leaves, messages, speakers, the active rate against its target, check-ins — "
                    "and the last seven days"},
  };
}

}  // namespace steward::handlers
