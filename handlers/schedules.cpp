#include "handlers/schedules.hpp"

#include <date/tz.h>
#include <spdlog/spdlog.h>

#include <limits>

#include "bot/core/log.hpp"
#include "handlers/markup_check.hpp"
#include "handlers/template_renderer.hpp"

namespace steward::handlers {

namespace {

constexpr std::int64_t never = std::numeric_limits<std::int64_t>::max();
constexpr int max_missed_runs = 100000;  // a minutely schedule after more than two months down

const std::set<std::string, std::less<>>& text_placeholders() {
  static const std::set<std::string, std::less<>> allowed{"group", "date"};
  return allowed;
}

std::string local_date(std::int64_t at, const std::string& zone) {
  const date::zoned_seconds local{zone, date::sys_seconds{std::chrono::seconds(at)}};
  return date::format("%Y-%m-%d", local);
}

}  // namespace

std::optional<entry_problem> check_schedule(const schedule_entry& entry) {
  if (entry.cron.empty() == !entry.once.has_value()) {
    return entry_problem{"cron", "needs exactly one of cron (recurring) or once (a date-time)"};
  }
  if (!entry.cron.empty()) {
    std::string error;
    if (!core::cron_expression::parse(entry.cron, error)) return entry_problem{"cron", error};
  }
  if (entry.text.empty()) return entry_problem{"text", "needs a text"};
  auto problem = check_template(entry.text, text_placeholders());
  if (!problem) problem = check_telegram_html(entry.text);
  if (problem) return entry_problem{"text", *problem};
  return std::nullopt;
}

scheduler::scheduler(std::vector<schedule_entry> entries, storage::community_store& community,
                     storage::schedule_store& runs, std::string platform)
    : community_(community), runs_(runs), platform_(std::move(platform)) {
  replace(std::move(entries));
}

void scheduler::replace(std::vector<schedule_entry> entries) {
  plans_.clear();
  next_due_.clear();  // the next runs are worked out again from the recorded ones
  for (auto& e : entries) {
    std::string error;
    auto cron = e.cron.empty() ? std::nullopt : core::cron_expression::parse(e.cron, error);
    plans_.push_back({std::move(e), std::move(cron)});
  }
}

std::vector<schedule_entry> scheduler::entries() const {
  std::vector<schedule_entry> out;
  for (const auto& p : plans_)
    out.push_back(p.entry);
  return out;
}

std::optional<std::int64_t> scheduler::next_after(const plan& p, std::int64_t after,
                                                  const std::string& zone) const {
  if (p.cron) return p.cron->next_after(after, zone);
  if (p.entry.once && *p.entry.once > after) return p.entry.once;
  return std::nullopt;
}

std::vector<core::action> scheduler::due(std::int64_t now_s) {
  std::vector<core::action> out;
  for (const auto& p : plans_) {
    if (!p.entry.enabled) continue;
    if (p.entry.groups.empty()) {
      for (const auto& g : community_.groups_of(platform_))
        run(p, g, now_s, out);
      continue;
    }
    for (const auto& chat : p.entry.groups) {
      if (const auto g = community_.find_group(platform_, chat)) run(p, *g, now_s, out);
    }
  }
  return out;
}

void scheduler::run(const plan& p, const storage::group_row& g, std::int64_t now_s,
                    std::vector<core::action>& out) {
  const std::string key = p.entry.id + "\x1f" + std::to_string(g.id);
  if (const auto it = next_due_.find(key); it != next_due_.end() && now_s < it->second) return;
  const auto last = runs_.last_run(p.entry.id, g.id);
  if (!last) {  // first sight of this group: count from now, never post the past
    runs_.set_last_run(p.entry.id, g.id, now_s);
    next_due_[key] = next_after(p, now_s, g.time_zone).value_or(never);
    return;
  }
  const auto next = next_after(p, *last, g.time_zone);
  if (!next || now_s < *next) {
    next_due_[key] = next.value_or(never);
    return;
  }
  std::int64_t latest = *next;
  for (int i = 0; i < max_missed_runs; ++i) {
    const auto later = next_after(p, latest, g.time_zone);
    if (!later || *later > now_s) break;
    latest = *later;
  }
  const bool on_time = now_s - latest <= on_time_s;
  if (on_time || p.entry.catch_up) {
    const auto variant = experiments_ == nullptr
                             ? std::nullopt
                             : experiments_->for_group(g.chat_id, "schedule:" + p.entry.id);
    const std::string text =
        render_template(variant && variant->text ? *variant->text : p.entry.text,
                        {{"group", g.title}, {"date", local_date(latest, g.time_zone)}});
    core::action post{g.platform, g.chat_id, "", core::send_message{text, true}};
    post.label = "schedule:" + p.entry.id;
    if (variant) {  // the exposure is recorded once Telegram delivered the post
      post.purpose = "exposure";
      post.purpose_ref = variant->ref;
    }
    out.push_back(std::move(post));
  } else {
    core::log_info("schedule.skipped", "skipped a run missed while Steward was down",
                   {core::field("schedule", p.entry.id), core::field("chat", g.chat_id),
                    core::field("due", latest)});
  }
  runs_.set_last_run(p.entry.id, g.id, latest);
  next_due_[key] = next_after(p, latest, g.time_zone).value_or(never);
}

}  // namespace steward::handlers
