#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "handlers/template_book.hpp"
#include "storage/care_store.hpp"
#include "storage/community_store.hpp"

namespace steward::handlers {

/// [analytics.tiers]: the activity score and the tiers' shares.
struct tier_settings {
  int window_days = 30;  ///< the score counts this many local days, today included
  double per_active_day = 3;
  double per_message = 0.1;
  double per_checkin = 2;
  double per_invite = 5;
  double core_share = 0.15;       ///< the top 15 % by score
  double potential_share = 0.35;  ///< the next 35 %; the rest (50 %) are base
};

/// A member's tier: core, potential or base.
enum class tier { core, potential, base };

/// "core", "potential", "base".
const char* to_string(tier t);
/// The tier's name for people ("核心成员" / "core member" …), from the group's texts.
std::string tier_name(const template_book& book, const std::string& chat_id,
                      const std::string& tier, core::language lang);

/// The weighted activity score.
double activity_score(const storage::member_activity& a, const tier_settings& settings);

/// Tiers by percentile of score, in the order of `scores`: the top core_share of members
/// (rounded up) are core, the next potential_share potential, the rest base. Members with equal
/// scores share the tier of the first of them; a member with no activity (score 0) is base.
std::vector<tier> assign_tiers(const std::vector<double>& scores, const tier_settings& settings);

/// What one recomputation found.
struct tier_summary {
  std::map<std::string, std::int64_t> counts;  ///< tier → members
  std::int64_t changes = 0;
};

/// A group's new tiers, computed from one read of its activity and written a slice at a time
/// (a first computation writes a row per member: 5,000 members held the core thread 60 ms).
struct tier_plan {
  std::int64_t group_id = 0;
  std::int64_t now_s = 0;
  std::vector<std::int64_t> members;
  std::vector<double> scores;
  std::vector<tier> tiers;                           ///< by member, as members
  std::map<std::int64_t, storage::tier_row> before;  ///< the tiers stored when planned
  std::size_t next = 0;  ///< the first member whose tier is not written yet
  tier_summary summary;  ///< counts of the whole plan; changes written so far
};

/// Recomputes a group's tiers from the last window_days of activity and records every change.
class tier_keeper {
 public:
  tier_keeper(storage::care_store& care, tier_settings settings);

  /// Recomputes the tiers of `group` for local day `today` (the window ends with it).
  tier_summary recompute(const storage::group_row& group, std::int64_t today, std::int64_t now_s);
  /// Reads the group's activity and stored tiers and computes its new tiers; writes nothing.
  tier_plan plan(const storage::group_row& group, std::int64_t today, std::int64_t now_s);
  /// Writes the plan's changes from where it stopped, until `go_on()` (asked every 64 members)
  /// says to stop; once every member is written, removes the tiers of members no longer
  /// counted. True when the plan is all written.
  bool write(tier_plan& plan, const std::function<bool()>& go_on);
  const tier_settings& settings() const { return settings_; }

 private:
  storage::care_store& care_;
  tier_settings settings_;
};

}  // namespace steward::handlers
