#include "handlers/stats_command.hpp"

#include <date/date.h>
#include <fmt/format.h>

#include "bot/core/local_day.hpp"
#include "handlers/admin_policy.hpp"
#include "handlers/say.hpp"

namespace steward::handlers {

namespace {

constexpr int trend_days = 7;

// "11-29" of a local day number.
std::string month_day(std::int64_t day_number) {
  return date::format("%m-%d", date::sys_days{date::days{day_number}});
}

}  // namespace

stats_command_handler::stats_command_handler(community_stats& stats, const template_book& book)
    : stats_(stats), book_(book) {}

handler_result stats_command_handler::handle(const context& ctx) {
  if (!ctx.command) return {};
  if (const auto refusal = admin_refusal(ctx, book_); !refusal.empty()) {
    return {{reply_to(ctx.event, refusal, true)}, true};
  }
  return {{reply_to(ctx.event, report(ctx), true)}, true};
}

std::string stats_command_handler::report(const context& ctx) {
  const std::int64_t today = ctx.today.day_number;
  const auto facts = stats_.series(ctx.group, today, today, "day").front();
  const auto kpis = compute_kpis(facts, stats_.settings());
  const auto& active = *find_kpi(kpis, "active_rate");  // always computed
  const std::string target =
      active.target ? say(book_, ctx, "stats_target", {{"target", percent_text(active.target)}})
                    : "";
  std::string days;
  for (const auto& day : stats_.series(ctx.group, today - trend_days + 1, today, "day")) {
    days += fmt::format("\n{} · {} · {} · {}", month_day(day.from_day), day.totals.messages,
                        day.totals.day_speakers, day.members_end);
  }
  const auto& t = facts.totals;
  return say(book_, ctx, "stats_today",
             {{"at", core::local_time_text(ctx.now_s, ctx.group.time_zone)},
              {"members", std::to_string(facts.members_end)},
              {"joins", std::to_string(t.joins)},
              {"leaves", std::to_string(t.leaves())},
              {"messages", std::to_string(t.messages)},
              {"speakers", std::to_string(t.day_speakers)},
              {"active_rate", percent_text(active.value)},
              {"checkins", std::to_string(t.checkins)},
              {"days", days}},
             {{"target", target}});
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
