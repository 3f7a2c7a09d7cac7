#include "handlers/review.hpp"

#include <date/date.h>
#include <fmt/format.h>

#include <algorithm>
#include <stdexcept>

#include "bot/core/local_day.hpp"
#include "handlers/say.hpp"
#include "handlers/template_renderer.hpp"

namespace steward::handlers {

namespace {

constexpr int top_count = 5;
constexpr std::size_t busy_hour_count = 3;
constexpr std::size_t moderation_rules_shown = 3;

// The KPIs a review shows, in order, with their names in both languages.
struct kpi_label {
  const char* name;
  const char* zh;
  const char* en;
};
constexpr kpi_label shown_kpis[] = {
    {"active_rate", "活跃率", "Active rate"},
    {"speaking_rate", "发言率", "Speaking rate"},
    {"join_rate", "入群率", "Join rate"},
    {"exit_rate", "退群率", "Exit rate"},
    {"checkin_rate", "签到率", "Check-in rate"},
    {"retention_d7", "新人 7 日留存", "7-day retention"},
    {"reactivation_rate", "召回率", "Reactivation"},
    {"conversion", "转化率", "Conversion"},
};

std::int64_t start_of(std::int64_t day, const std::string& zone) {
  auto start = core::local_day_start(day, zone);
  if (!start) throw std::invalid_argument(start.failure().message);
  return *start;
}

std::string ymd(std::int64_t day_number) {
  return date::format("%F", date::sys_days{date::days{day_number}});
}

std::vector<busy_hour> busiest(const storage::week_heatmap& map) {
  std::vector<busy_hour> all;
  for (int d = 0; d < 7; ++d) {
    for (int h = 0; h < 24; ++h) {
      if (map[d][h] > 0) all.push_back({d, h, map[d][h]});
    }
  }
  // Ties go to the earlier hour of the week, so the answer does not depend on sort internals.
  std::stable_sort(all.begin(), all.end(),
                   [](const busy_hour& a, const busy_hour& b) { return a.messages > b.messages; });
  if (all.size() > busy_hour_count) all.resize(busy_hour_count);
  return all;
}

// The sections of a review, as HTML for the template's placeholders, from the group's texts.
struct sections {
  const group_review& r;
  bool zh;
  const template_book& book;
  const std::string& chat_id;

  std::string say(const char* key, const template_values& values = {},
                  const template_markup& markup = {}) const {
    return handlers::say(book, chat_id, key, zh ? core::language::zh : core::language::en, values,
                         markup);
  }

  std::string period() const {
    std::string text = fmt::format("{} – {}", ymd(r.period.from_day), ymd(r.period.to_day));
    if (r.counted_since && *r.counted_since > r.period.from_day) {
      text += plain_text(say("review_counted_since", {{"day", ymd(*r.counted_since)}}));
    }
    return text;
  }

  std::string summary() const {
    const auto& f = r.current;
    const auto& t = f.totals;
    return say("review_summary", {{"members_start", std::to_string(f.members_start)},
                                  {"members_end", std::to_string(f.members_end)},
                                  {"joins", std::to_string(t.joins)},
                                  {"leaves", std::to_string(t.leaves())},
                                  {"messages", std::to_string(t.messages)},
                                  {"active", std::to_string(f.active_members)},
                                  {"checkins", std::to_string(t.checkins)}});
  }

  std::string kpis() const {
    std::string out;
    for (const auto& label : shown_kpis) {
      const auto* now = find_kpi(r.kpis, label.name);
      if (now == nullptr) continue;
      std::string line = fmt::format("{} {}", zh ? label.zh : label.en, percent_text(now->value));
      std::vector<std::string> notes;
      if (r.previous) {
        const auto* before = find_kpi(r.previous_kpis, label.name);
        notes.push_back(fmt::format(fmt::runtime(zh ? "上期 {}" : "previous {}"),
                                    percent_text(before ? before->value : std::nullopt)));
      }
      if (now->target) {
        notes.push_back(
            fmt::format(fmt::runtime(zh ? "目标 {}" : "target {}"), percent_text(now->target)));
        if (const auto progress = now->progress()) {
          notes.push_back(fmt::format(fmt::runtime(zh ? "达成 {:.0f}%" : "{:.0f}% of target"),
                                      *progress * 100));
        }
      }
      for (std::size_t i = 0; i < notes.size(); ++i) {
        line += (i == 0 ? (zh ? "（" : " (") : (zh ? "，" : ", ")) + notes[i];
      }
      if (!notes.empty()) line += zh ? "）" : ")";
      out += (out.empty() ? "" : "\n") + line;
    }
    return out;
  }

  std::string tiers() const {
    auto count = [&](const char* tier) {
      const auto it = r.tiers.find(tier);
      return std::to_string(it == r.tiers.end() ? std::int64_t{0} : it->second);
    };
    return say("review_tiers", {{"core", count("core")},
                                {"potential", count("potential")},
                                {"base", count("base")},
                                {"up", std::to_string(r.moved_up)},
                                {"down", std::to_string(r.moved_down)}});
  }

  std::string top() const {
    if (r.top.empty()) return say("review_top_none");
    std::string names;
    for (const auto& m : r.top) {
      names += (names.empty() ? "" : (zh ? "、" : ", ")) +
               fmt::format(fmt::runtime(zh ? "{}（{} 条）" : "{} ({})"),
                           escape_html(m.name.empty() ? m.user_id : m.name), m.messages);
    }
    return say("review_top", {}, {{"members", names}});
  }

  std::string newcomers() const {
    return say("review_newcomers", {{"joined", std::to_string(r.newcomers.joined)},
                                    {"stayed", std::to_string(r.newcomers.stayed)}});
  }

  std::string churn() const {
    const auto& t = r.current.totals;
    return say("review_churn", {{"leaves", std::to_string(t.leaves())},
                                {"left", std::to_string(t.left)},
                                {"removed", std::to_string(t.kicked)},
                                {"banned", std::to_string(t.banned)},
                                {"warned", std::to_string(r.warned)},
                                {"returned", std::to_string(r.returned)}});
  }

  std::string hours() const {
    static constexpr const char* zh_days[] = {"周一", "周二", "周三", "周四",
                                              "周五", "周六", "周日"};
    static constexpr const char* en_days[] = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
    if (r.best_hours.empty()) return say("review_hours_none");
    std::string list;
    for (const auto& h : r.best_hours) {
      list += (list.empty() ? "" : (zh ? "、" : ", ")) +
              fmt::format(fmt::runtime(zh ? "{} {:02}:00（{} 条）" : "{} {:02}:00 ({})"),
                          zh ? zh_days[h.weekday] : en_days[h.weekday], h.hour, h.messages);
    }
    return say("review_hours", {{"hours", list}});
  }

  std::string moderation() const {
    std::string rules;
    for (std::size_t i = 0; i < r.moderation.size() && i < moderation_rules_shown; ++i) {
      rules += (rules.empty() ? "" : (zh ? "、" : ", ")) +
               fmt::format("{} {}", r.moderation[i].first, r.moderation[i].second);
    }
    const std::string count = std::to_string(r.moderation_total);
    if (rules.empty()) return say("review_moderation", {{"count", count}});
    return say("review_moderation_rules", {{"count", count}, {"rules", rules}});
  }
};

}  // namespace

review_period last_complete(const std::string& kind, std::int64_t today) {
  const auto current = period_containing(kind, today);
  return period_containing(kind, current.from_day - 1);
}

review_period period_containing(const std::string& kind, std::int64_t day) {
  if (kind == "week") return {kind, core::week_start(day), core::week_start(day) + 6};
  if (kind == "month") {
    const auto first = core::month_start(day);
    return {kind, first, core::month_start(first + 31) - 1};
  }
  throw std::invalid_argument("a review is for a \"week\" or a \"month\", not \"" + kind + "\"");
}

review_period previous_of(const review_period& p) {
  return period_containing(p.kind, p.from_day - 1);
}

bool group_review::empty() const {
  return !counted_since || *counted_since > period.to_day;
}

review_writer::review_writer(community_stats& stats, storage::care_store& care,
                             const template_book& book, review_settings settings)
    : stats_(stats), care_(care), book_(book), settings_(std::move(settings)) {}

group_review review_writer::compose(const storage::group_row& group, const review_period& period,
                                    std::int64_t now_s) {
  group_review r;
  r.period = period;
  r.counted_since = care_.first_counted_day(group.id);
  r.current = stats_.period(group, period.from_day, period.to_day, now_s);
  r.kpis = compute_kpis(r.current, stats_.settings());
  const auto before = previous_of(period);
  if (r.counted_since && *r.counted_since <= before.from_day) {
    r.previous = stats_.period(group, before.from_day, before.to_day, now_s);
    r.previous_kpis = compute_kpis(*r.previous, stats_.settings());
  }
  for (const auto& [member, row] : care_.tiers(group.id))
    ++r.tiers[row.tier];
  const auto from_s = start_of(period.from_day, group.time_zone);
  const auto to_s = start_of(period.to_day + 1, group.time_zone);
  const auto moves = care_.tier_moves(group.id, from_s, to_s);
  r.moved_up = moves.up;
  r.moved_down = moves.down;
  r.first_tiers = moves.first;
  r.top = care_.top_members(group.id, period.from_day, period.to_day, top_count);
  r.newcomers = care_.newcomers(group.id, from_s, to_s);
  std::tie(r.warned, r.returned) = care_.warnings_in(group.id, from_s, to_s);
  r.best_hours = busiest(stats_.heatmap(group, period.from_day, period.to_day));
  r.moderation = stats_.moderation(group, period.from_day, period.to_day);
  for (const auto& [key, count] : r.moderation)
    r.moderation_total += count;
  return r;
}

std::string review_writer::render(const storage::group_row& group,
                                  const group_review& review) const {
  const auto lang = book_.group_language(group.chat_id);
  const sections s{review, lang == core::language::zh, book_, group.chat_id};
  return book_.render(group.chat_id, review.period.kind == "week" ? "review_week" : "review_month",
                      lang, {{"group", group.title}, {"period", s.period()}},
                      {{"summary", s.summary()},
                       {"kpis", s.kpis()},
                       {"tiers", s.tiers()},
                       {"top", s.top()},
                       {"newcomers", s.newcomers()},
                       {"churn", s.churn()},
                       {"hours", s.hours()},
                       {"moderation", s.moderation()}});
}

std::vector<core::action> review_writer::due(const storage::group_row& group, std::int64_t today,
                                             std::int64_t now_s) {
  std::vector<core::action> out;
  for (const auto& [kind, enabled] :
       {std::pair{"week", settings_.weekly}, std::pair{"month", settings_.monthly}}) {
    if (!enabled) continue;
    const auto period = last_complete(kind, today);
    const std::string job = std::string("review_") + kind;
    const auto last = care_.last_run(group.id, job);
    if (last && *last >= period.from_day) continue;
    care_.mark_run(group.id, job, period.from_day);
    if (settings_.report_chat.empty()) continue;
    const auto review = compose(group, period, now_s);
    if (review.empty()) continue;  // nothing counted: nothing to say
    out.push_back({group.platform, settings_.report_chat, "",
                   core::send_message{render(group, review), true}});
  }
  return out;
}

}  // namespace steward::handlers
