#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "bot/core/action.hpp"
#include "handlers/template_book.hpp"
#include "storage/badge_store.hpp"
#include "storage/community_store.hpp"

namespace steward::handlers {

/// The badge digest: once a day, at the daily care run, the badges members earned since the
/// previous digest and were not told of in one message (`badge_digest`), in the group's
/// language — "Bo (Newcomer), Ann (Active) and Cy (Check-in king)" /
/// "Bo「新手」、Ann「活跃」、Cy「连续签到王者」". Quiet groups (`quiet.badge_digest`) hear of
/// every badge here; the others of those earned too soon after an announcement
/// (`badges.announce_every`) once it is up (paced_due), or here after a restart.
class badge_rules;

class badge_digest {
 public:
  badge_digest(storage::badge_store& badges, const template_book& book);

  /// The digest of the badges `group`'s members earned and were not told yet, or nullopt (none
  /// are waiting). Each badge is told once.
  std::optional<core::action> due(const storage::group_row& group);
  /// The digests of groups whose badges waited for the pace (badges.announce_every) and may be
  /// told now: a burst of badges is told a minute later in one message, not the next day.
  std::vector<core::action> paced_due(badge_rules& rules, storage::community_store& community,
                                      std::int64_t now_s);

 private:
  storage::badge_store& badges_;
  const template_book& book_;
};

}  // namespace steward::handlers
