#include "handlers/rank.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>

#include "bot/core/text.hpp"
#include "handlers/phrases.hpp"
#include "handlers/say.hpp"

namespace steward::handlers {

namespace {

enum class period { all, week, month };

struct board_request {
  storage::board_metric metric = storage::board_metric::points;
  period span = period::all;
  std::string unknown;  ///< a word that is neither a metric nor a period
};

// The words people use for each board and period, in both languages ("排行榜 活跃 本周",
// "排行榜 活跃本周", "/rank activity week").
const std::map<std::string, storage::board_metric, std::less<>>& metric_words() {
  using storage::board_metric;
  static const std::map<std::string, board_metric, std::less<>> words = {
      {"points", board_metric::points},     {"积分", board_metric::points},
      {"积分榜", board_metric::points},     {"streak", board_metric::streak},
      {"签到", board_metric::streak},       {"连签", board_metric::streak},
      {"连续签到", board_metric::streak},   {"签到榜", board_metric::streak},
      {"activity", board_metric::activity}, {"活跃", board_metric::activity},
      {"活跃度", board_metric::activity},   {"活跃榜", board_metric::activity},
      {"发言", board_metric::activity},     {"invites", board_metric::invites},
      {"邀请", board_metric::invites},      {"邀请榜", board_metric::invites}};
  return words;
}

const std::map<std::string, period, std::less<>>& period_words() {
  static const std::map<std::string, period, std::less<>> words = {
      {"all", period::all},    {"总", period::all},       {"总榜", period::all},
      {"全部", period::all},   {"历史", period::all},     {"week", period::week},
      {"周", period::week},    {"本周", period::week},    {"这周", period::week},
      {"周榜", period::week},  {"month", period::month},  {"月", period::month},
      {"本月", period::month}, {"这个月", period::month}, {"月榜", period::month}};
  return words;
}

// Applies a known word; false if it is none.
bool apply_word(std::string_view word, board_request& request) {
  if (auto m = metric_words().find(word); m != metric_words().end()) {
    request.metric = m->second;
    return true;
  }
  if (auto p = period_words().find(word); p != period_words().end()) {
    request.span = p->second;
    return true;
  }
  return false;
}

// Chinese is often written without spaces ("活跃本周"): a word made of known words, longest first.
bool apply_joined(std::string_view word, board_request& request) {
  board_request tried = request;
  while (!word.empty()) {
    std::size_t taken = 0;
    for (std::size_t n = word.size(); n > 0 && taken == 0; --n) {
      if (apply_word(word.substr(0, n), tried)) taken = n;
    }
    if (taken == 0) return false;
    word.remove_prefix(taken);
  }
  request = tried;
  return true;
}

board_request parse_request(const std::string& args) {
  board_request request;
  std::string_view rest = core::strip_closing_punctuation(args);
  while (!rest.empty()) {
    const auto [space, width] = core::find_typed_space(rest);
    const auto word = rest.substr(0, space);
    if (!apply_word(word, request) && !apply_joined(word, request) && request.unknown.empty()) {
      request.unknown = std::string(word);
    }
    rest = space == std::string_view::npos ? std::string_view{}
                                           : core::trim_typed(rest.substr(space + width));
  }
  return request;
}

std::string title(const template_book& book, const context& ctx, const board_request& r) {
  const char* board = r.metric == storage::board_metric::streak         ? "board_streak"
                      : r.metric == storage::board_metric::checkin_days ? "board_checkin_days"
                      : r.metric == storage::board_metric::activity     ? "board_activity"
                      : r.metric == storage::board_metric::invites      ? "board_invites"
                                                                        : "board_points";
  const auto words = [&](const char* key) { return plain_text(say(book, ctx, key)); };
  if (r.metric == storage::board_metric::streak) return words(board);
  const char* span = r.span == period::week    ? "period_week"
                     : r.span == period::month ? "period_month"
                                               : "period_all";
  return plain_text(
      say(book, ctx, "board_in_period", {{"board", words(board)}, {"period", words(span)}}));
}

}  // namespace

rank_handler::rank_handler(storage::leaderboard_store& boards, storage::community_store& community,
                           std::size_t top_n, const template_book& book)
    : boards_(boards), community_(community), top_n_(top_n), book_(book) {}

handler_result rank_handler::handle(const context& ctx) {
  if (!ctx.command) return {};
  const std::string& name = ctx.command->name;
  if (name == "hide" || name == "unhide") {
    community_.set_hidden(ctx.member.id, name == "hide");
    return {{reply_with(book_, ctx, name == "hide" ? "board_hidden" : "board_shown")}, true};
  }
  return {{reply_to(ctx.event, board(ctx), true)}, true};
}

std::string rank_handler::board(const context& ctx) {
  board_request request = parse_request(ctx.command->args);
  // A streak runs across periods; asked for a week or a month, the board counts the days
  // checked in within it instead.
  if (request.metric == storage::board_metric::streak && request.span != period::all) {
    request.metric = storage::board_metric::checkin_days;
  }
  const auto lang = ctx.command->lang;
  if (!request.unknown.empty()) {
    return say(book_, ctx, "board_unknown",
               {{"word", request.unknown}, {"command", ctx.command->word}});
  }
  const std::int64_t today = ctx.today.day_number;
  const std::int64_t since_day = request.span == period::week    ? core::week_start(today)
                                 : request.span == period::month ? core::month_start(today)
                                                                 : 0;
  std::int64_t since_s = 0;
  if (request.span != period::all) {
    since_s = core::local_day_start(since_day, ctx.group.time_zone).value();
  }
  const auto board =
      boards_.view(ctx.group.id, request.metric, since_s, since_day, today, ctx.member.id, top_n_);
  std::string lines;
  for (std::size_t i = 0; i < board.top.size(); ++i) {
    lines += "\n" + say(book_, ctx, "board_line",
                        {{"place", std::to_string(i + 1)},
                         {"name", name_for_reply(board.top[i].name, lang)},
                         {"value", std::to_string(board.top[i].value)}});
  }
  if (board.top.empty()) {
    return say(book_, ctx, "board_empty", {{"title", title(book_, ctx, request)}});
  }
  const std::string you = board.own_place == 0 ? say(book_, ctx, "board_not_you")
                                               : say(book_, ctx, "board_you",
                                                     {{"place", std::to_string(board.own_place)},
                                                      {"value", std::to_string(board.own_value)}});
  return say(book_, ctx, "board", {{"title", title(book_, ctx, request)}},
             {{"lines", lines + "\n" + you}});
}

std::vector<core::command_spec> rank_handler::commands() {
  return {
      {.name = "rank",
       .owner = "rank",
       .aliases = {"排行榜"},
       .alias_args = true,
       .usage_en = "[points|streak|activity|invites] [week|month|all]",
       .usage_zh = "[积分|签到|活跃|邀请] [本周|本月|全部]",
       .help_en = "leaderboards (/hide to stay off them)",
       .help_zh = "积分、签到、活跃、邀请排行（发送 隐藏排名 可不上榜）",
       .reference = "the top ten and your own place; weeks and months in the group's time zone. "
                    "`streak` alone ranks the streaks running now; with `week` or `month` it "
                    "counts the days checked in within it (签到天数榜)"},
      {.name = "hide",
       .owner = "rank",
       .aliases = {"隐藏排名"},
       .help_en = "stay off the public leaderboards",
       .help_zh = "不在公开排行榜上显示",
       .reference = "leave the public leaderboards (you still see your own place)"},
      {.name = "unhide",
       .owner = "rank",
       .aliases = {"显示排名"},
       .help_en = "show up on the leaderboards again",
       .help_zh = "重新在排行榜上显示"},
  };
}

}  // namespace steward::handlers
