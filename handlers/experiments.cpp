#include "handlers/experiments.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cmath>

#include "bot/core/local_day.hpp"
#include "bot/core/log.hpp"

namespace steward::handlers {

namespace {

constexpr std::int64_t hour_s = 3600;
constexpr std::int64_t day_s = 86400;
constexpr double alpha = 0.05;
constexpr std::int64_t min_each = 5;     // conversions and non-conversions per variant
constexpr std::int64_t min_groups = 10;  // per variant, when groups are assigned
constexpr std::string_view ref_prefix = "exp:";

// FNV-1a: stable across builds and platforms, so a member keeps their variant after a restart
// or an upgrade.
std::uint64_t stable_hash(std::string_view text) {
  std::uint64_t h = 14695981039346656037ull;
  for (const unsigned char c : text) {
    h ^= c;
    h *= 1099511628211ull;
  }
  return h;
}

variant_choice choose(const storage::experiment_row& e, std::string_view unit,
                      const std::string& units_in_ref) {
  const auto n = e.variants.size();
  const int variant = static_cast<int>(stable_hash(e.name + ":" + std::string(unit)) % n);
  return {e.id, variant, e.variants[variant].text,
          fmt::format("{}{}:{}:{}", ref_prefix, e.id, variant, units_in_ref)};
}

std::vector<std::string> split(std::string_view text, char by) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start <= text.size()) {
    const auto end = std::min(text.find(by, start), text.size());
    out.emplace_back(text.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

std::optional<std::int64_t> number(std::string_view text) {
  std::int64_t n = 0;
  const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
  if (ec != std::errc{} || ptr != text.data() + text.size()) return std::nullopt;
  return n;
}

}  // namespace

std::string outcome_for(const std::string& template_key) {
  if (template_key == "welcome") return "speaks_24h";
  if (template_key == "checkin") return "checkin_next_day";
  if (template_key.rfind("schedule:", 0) == 0 && template_key.size() > 9) return "messages_1h";
  return "";
}

std::optional<double> two_proportion_p(std::int64_t x1, std::int64_t n1, std::int64_t x2,
                                       std::int64_t n2) {
  if (n1 <= 0 || n2 <= 0) return std::nullopt;
  const double p1 = static_cast<double>(x1) / n1;
  const double p2 = static_cast<double>(x2) / n2;
  const double pooled = static_cast<double>(x1 + x2) / (n1 + n2);
  const double variance = pooled * (1 - pooled) * (1.0 / n1 + 1.0 / n2);
  if (variance <= 0) return std::nullopt;
  const double z = (p1 - p2) / std::sqrt(variance);
  return std::erfc(std::fabs(z) / std::sqrt(2.0));
}

experiment_result experiment_results(storage::experiment_store& store,
                                     const storage::experiment_row& row, std::int64_t now_s) {
  experiment_result out;
  out.row = row;
  out.unit = row.outcome == "messages_1h" ? "group" : "member";
  const auto tallies = store.tally(row.id, now_s);
  for (std::size_t i = 0; i < row.variants.size(); ++i) {
    variant_result v{row.variants[i].name, {static_cast<int>(i)}, std::nullopt, std::nullopt};
    for (const auto& t : tallies) {
      if (t.variant == static_cast<int>(i)) v.tally = t;
    }
    if (v.tally.exposures > 0) {
      v.rate = static_cast<double>(v.tally.conversions) / static_cast<double>(v.tally.exposures);
    }
    out.variants.push_back(std::move(v));
  }
  const auto& control = out.variants.front().tally;
  auto enough = [](const storage::variant_tally& t) {
    return t.conversions >= min_each && t.exposures - t.conversions >= min_each;
  };
  for (std::size_t i = 1; i < out.variants.size(); ++i) {
    auto& v = out.variants[i];
    v.p_value = two_proportion_p(v.tally.conversions, v.tally.exposures, control.conversions,
                                 control.exposures);
    if (v.p_value && *v.p_value < alpha && enough(v.tally) && enough(control)) {
      out.significant = true;
    }
  }
  if (out.unit == "group") {
    std::int64_t fewest = -1;
    std::string counts;
    for (const auto& v : out.variants) {
      fewest = fewest < 0 ? v.tally.groups : std::min(fewest, v.tally.groups);
      counts += fmt::format("{}{}: {}", counts.empty() ? "" : ", ", v.name, v.tally.groups);
    }
    out.note = fmt::format(
        "Variants are assigned per group, so the sample that counts is the groups ({}), not "
        "the posts; at least {} groups per variant are needed before a difference means "
        "anything.",
        counts, min_groups);
    if (fewest < min_groups) out.significant = false;
  } else if (!enough(control)) {
    out.note = fmt::format(
        "Too few results yet: each variant needs at least {} exposures that converted and {} "
        "that did not.",
        min_each, min_each);
  }
  out.verdict = out.significant ? "significant" : "not significant yet";
  return out;
}

experiment_runner::experiment_runner(storage::experiment_store& store,
                                     storage::community_store& community)
    : store_(store), community_(community) {}

void experiment_runner::load(std::int64_t now_s) {
  running_.clear();
  for (auto& e : store_.all()) {
    if (e.running()) running_.push_back(std::move(e));
  }
  open_members_.clear();
  for (const auto& [member, until] : store_.open_members(now_s))
    open_members_[member] = until;
  open_posts_.clear();
  for (const auto& [group, until] : store_.open_posts(now_s))
    open_posts_[group] = until;
}

const storage::experiment_row* experiment_runner::running(const std::string& chat_id,
                                                          const std::string& key) const {
  // A group's own experiment before one for every group.
  const storage::experiment_row* found = nullptr;
  for (const auto& e : running_) {
    if (e.template_key != key) continue;
    if (e.chat_id == chat_id) return &e;
    if (e.chat_id.empty()) found = &e;
  }
  return found;
}

std::optional<variant_choice> experiment_runner::for_members(
    const std::string& chat_id, const std::string& key, const std::string& language,
    const std::vector<std::string>& user_ids) const {
  const auto* e = running(chat_id, key);
  if (e == nullptr || user_ids.empty() || e->language != language) return std::nullopt;
  std::string units;
  for (const auto& id : user_ids)
    units += (units.empty() ? "" : ",") + id;
  return choose(*e, user_ids.front(), units);
}

std::optional<variant_choice> experiment_runner::for_group(const std::string& chat_id,
                                                           const std::string& key) const {
  const auto* e = running(chat_id, key);
  if (e == nullptr) return std::nullopt;
  return choose(*e, chat_id, "");
}

std::vector<core::action> experiment_runner::follow_up(const delivery_answer& answer,
                                                       const core::platform_adapter&) {
  if (!answer.delivered || answer.purpose_ref.rfind(ref_prefix, 0) != 0) return {};
  // "exp:<experiment>:<variant>:<user ids, comma-separated; empty for a post>"
  const auto parts = split(std::string_view(answer.purpose_ref).substr(ref_prefix.size()), ':');
  if (parts.size() != 3) return {};
  const auto experiment = number(parts[0]);
  const auto variant = number(parts[1]);
  const auto group = community_.find_group(answer.platform, answer.chat_id);
  if (!experiment || !variant || !group) return {};
  const auto e = std::find_if(running_.begin(), running_.end(),
                              [&](const auto& r) { return r.id == *experiment; });
  if (e == running_.end()) return {};  // stopped while the message was on its way
  const auto at = answer.now_s;
  if (parts[2].empty()) {
    store_.expose({e->id, fmt::format("p:{}:{}", group->id, at), group->id, std::nullopt,
                   static_cast<int>(*variant), at, at, at + hour_s});
    open_posts_[group->id] = std::max(open_posts_[group->id], at + hour_s);
    return {};
  }
  std::int64_t from = at;
  std::int64_t to = at + day_s;
  if (e->outcome == "checkin_next_day") {
    const auto today = core::local_day_at(at, group->time_zone);
    if (!today) return {};
    const auto next = core::local_day_start(today->day_number + 1, group->time_zone);
    const auto after = core::local_day_start(today->day_number + 2, group->time_zone);
    if (!next || !after) return {};
    from = *next;
    to = *after;
  }
  for (const auto& user : split(parts[2], ',')) {
    const auto member = community_.find_member(group->id, user);
    if (!member) continue;
    if (store_.expose({e->id, fmt::format("m:{}", member->id), group->id, member->id,
                       static_cast<int>(*variant), at, from, to})) {
      open_members_[member->id] = std::max(open_members_[member->id], to);
    }
  }
  return {};
}

void experiment_runner::member_wrote(std::int64_t group_id, std::int64_t member_id,
                                     std::int64_t at) {
  if (const auto it = open_posts_.find(group_id); it != open_posts_.end()) {
    if (at < it->second) {
      store_.respond_to_posts(group_id, at);
    } else {
      open_posts_.erase(it);
    }
  }
  if (const auto it = open_members_.find(member_id); it != open_members_.end()) {
    // Kept until the window ends: a rolled-back batch must find it again on redelivery.
    if (at < it->second) {
      store_.convert_member(member_id, "speaks_24h", at);
    } else {
      open_members_.erase(it);
    }
  }
}

void experiment_runner::checked_in(std::int64_t member_id, std::int64_t at) {
  if (const auto it = open_members_.find(member_id); it != open_members_.end() && at < it->second)
    store_.convert_member(member_id, "checkin_next_day", at);
}

}  // namespace steward::handlers
