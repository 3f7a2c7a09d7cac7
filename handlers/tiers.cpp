#include "handlers/tiers.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <stdexcept>

#include "bot/core/local_day.hpp"
#include "handlers/say.hpp"

namespace steward::handlers {

const char* to_string(tier t) {
  switch (t) {
    case tier::core:
      return "core";
    case tier::potential:
      return "potential";
    case tier::base:
      return "base";
  }
  return "base";
}

std::string tier_name(const template_book& book, const std::string& chat_id,
                      const std::string& tier, core::language lang) {
  const char* key = tier == "core"        ? "tier_core"
                    : tier == "potential" ? "tier_potential"
                                          : "tier_base";
  return plain_text(say(book, chat_id, key, lang));
}

double activity_score(const storage::member_activity& a, const tier_settings& s) {
  return static_cast<double>(a.active_days) * s.per_active_day +
         static_cast<double>(a.messages) * s.per_message +
         static_cast<double>(a.checkins) * s.per_checkin +
         static_cast<double>(a.invites) * s.per_invite;
}

std::vector<tier> assign_tiers(const std::vector<double>& scores, const tier_settings& s) {
  const std::size_t n = scores.size();
  std::vector<std::size_t> order(n);
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return scores[a] > scores[b]; });
  // Rounded up, so a small group still has a core; a tie takes the place of its first member.
  const auto core_cut = static_cast<std::size_t>(std::ceil(s.core_share * static_cast<double>(n)));
  const auto potential_cut = static_cast<std::size_t>(
      std::ceil((s.core_share + s.potential_share) * static_cast<double>(n)));
  std::vector<tier> out(n, tier::base);
  std::size_t place = 0;  // position of the first member with the current score
  for (std::size_t i = 0; i < n; ++i) {
    if (i > 0 && scores[order[i]] != scores[order[i - 1]]) place = i;
    const double score = scores[order[i]];
    if (score <= 0) break;
    out[order[i]] =
        place < core_cut ? tier::core : (place < potential_cut ? tier::potential : tier::base);
  }
  return out;
}

tier_keeper::tier_keeper(storage::care_store& care, tier_settings settings)
    : care_(care), settings_(settings) {}

tier_summary tier_keeper::recompute(const storage::group_row& group, std::int64_t today,
                                    std::int64_t now_s) {
  auto p = plan(group, today, now_s);
  write(p, [] { return true; });
  return p.summary;
}

tier_plan tier_keeper::plan(const storage::group_row& group, std::int64_t today,
                            std::int64_t now_s) {
  const std::int64_t from_day = today - settings_.window_days + 1;
  const auto from_s = core::local_day_start(from_day, group.time_zone);
  const auto to_s = core::local_day_start(today + 1, group.time_zone);
  if (!from_s || !to_s) throw std::invalid_argument("tiers: bad time zone " + group.time_zone);
  const auto activity = care_.activity(group.id, from_day, today, *from_s, *to_s);
  tier_plan out;
  out.group_id = group.id;
  out.now_s = now_s;
  for (const auto& a : activity) {
    out.scores.push_back(activity_score(a, settings_));
    out.members.push_back(a.member_id);
  }
  out.tiers = assign_tiers(out.scores, settings_);
  for (const auto t : out.tiers)
    ++out.summary.counts[to_string(t)];
  out.before = care_.tiers(group.id);
  return out;
}

bool tier_keeper::write(tier_plan& p, const std::function<bool()>& go_on) {
  for (std::size_t here = 0; p.next < p.members.size(); ++p.next, ++here) {
    if (here > 0 && here % 64 == 0 && !go_on()) return false;  // at least 64 per call
    const auto member = p.members[p.next];
    const std::string now_tier = to_string(p.tiers[p.next]);
    const auto old = p.before.find(member);
    if (old != p.before.end() && old->second.tier == now_tier) continue;  // no write: no change
    care_.record_tier_change(
        p.group_id, member,
        old == p.before.end() ? std::nullopt : std::optional<std::string>(old->second.tier),
        now_tier, p.now_s);
    care_.set_tier(p.group_id, {member, now_tier, p.scores[p.next], p.now_s});
    ++p.summary.changes;
  }
  care_.drop_tiers_except(p.group_id, p.members);
  return true;
}

}  // namespace steward::handlers
