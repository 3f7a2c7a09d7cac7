#include "handlers/rank.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <sstream>

#include "handlers/phrases.hpp"

namespace steward::handlers {

namespace {

enum class period { all, week, month };

struct board_request {
  storage::board_metric metric = storage::board_metric::points;
  period span = period::all;
  std::string unknown;  ///< a word that is neither a metric nor a period
};

board_request parse_request(const std::string& args) {
  static const std::map<std::string, storage::board_metric> metrics = {
      {"points", storage::board_metric::points},     {"积分", storage::board_metric::points},
      {"streak", storage::board_metric::streak},     {"签到", storage::board_metric::streak},
      {"activity", storage::board_metric::activity}, {"活跃", storage::board_metric::activity},
      {"invites", storage::board_metric::invites},   {"邀请", storage::board_metric::invites}};
  static const std::map<std::string, period> periods = {
      {"all", period::all}, {"总", period::all},      {"week", period::week},
      {"周", period::week}, {"month", period::month}, {"月", period::month}};
  board_request request;
  std::istringstream words(args);
  for (std::string word; words >> word;) {
    if (auto m = metrics.find(word); m != metrics.end()) {
      request.metric = m->second;
    } else if (auto p = periods.find(word); p != periods.end()) {
      request.span = p->second;
    } else if (request.unknown.empty()) {
      request.unknown = word;
    }
  }
  return request;
}

std::string title(const board_request& r) {
  const char* what = r.metric == storage::board_metric::streak     ? "Check-in streaks"
                     : r.metric == storage::board_metric::activity ? "Most active"
                     : r.metric == storage::board_metric::invites  ? "Invites"
                                                                   : "Points";
  if (r.metric == storage::board_metric::streak) return what;
  return fmt::format("{} — {}", what,
                     r.span == period::week    ? "this week"
                     : r.span == period::month ? "this month"
                                               : "all time");
}

}  // namespace

rank_handler::rank_handler(storage::leaderboard_store& boards, storage::community_store& community,
                           std::size_t top_n)
    : boards_(boards), community_(community), top_n_(top_n) {}

handler_result rank_handler::handle(const context& ctx) {
  if (!ctx.command) return {};
  const std::string& name = ctx.command->name;
  if (name == "hide" || name == "unhide") {
    community_.set_hidden(ctx.member.id, name == "hide");
    return {{reply_to(ctx.event, name == "hide"
                                     ? "You are now hidden from public leaderboards (/unhide to "
                                       "show up again)."
                                     : "You show up on leaderboards again.")},
            true};
  }
  if (name != "rank") return {};
  return {{reply_to(ctx.event, board(ctx))}, true};
}

std::string rank_handler::board(const context& ctx) {
  const board_request request = parse_request(ctx.command->args);
  if (!request.unknown.empty()) {
    return fmt::format(
        "I don't know \"{}\". Use /rank [points|streak|activity|invites] "
        "[week|month|all], e.g. /rank activity week.",
        request.unknown);
  }
  const std::int64_t today = ctx.today.day_number;
  const std::int64_t since_day = request.span == period::week    ? core::week_start(today)
                                 : request.span == period::month ? core::month_start(today)
                                                                 : 0;
  std::int64_t since_s = 0;
  if (request.span != period::all) {
    since_s = core::local_day_start(since_day, ctx.group.time_zone).value();
  }
  const auto rows = boards_.ranking(ctx.group.id, request.metric, since_s, since_day, today);
  std::string text = "🏆 " + title(request) + ":";
  // Places count visible members only; the caller's own place counts those ahead of them.
  std::size_t place = 0;
  std::int64_t own_place = 0, own_value = 0;
  for (const auto& row : rows) {
    if (row.member_id == ctx.member.id) {
      own_place = static_cast<std::int64_t>(place) + 1;
      own_value = row.value;
    }
    if (row.hidden) continue;
    if (++place <= top_n_) {
      text += fmt::format("\n{}. {} — {}", place, name_for_reply(row.name, core::language::en),
                          row.value);
    }
  }
  const std::size_t shown = std::min(place, top_n_);
  if (shown == 0) return text + "\nNobody yet — be the first!";
  if (own_place == 0) return text + "\nYou are not on this board yet.";
  return text + fmt::format("\nYou: #{} with {}.", own_place, own_value);
}

}  // namespace steward::handlers
