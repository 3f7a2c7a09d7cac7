#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "storage/statement_cache.hpp"

namespace steward::storage {

/// A badge as awarded, with who earned it.
struct badge_award {
  std::string member_name;
  std::string badge;
  std::int64_t awarded_at = 0;
};

/// A group whose badges waited for the pace and may be told now.
struct paced_group {
  std::int64_t group_id = 0;
  std::string platform;
  std::string chat_id;
};

/// Badges members hold; each badge at most once per member.
class badge_store {
 public:
  explicit badge_store(backend& db);

  /// Awards a badge; false if the member already had it (so it is announced once). `untold`:
  /// it waits for the group's badge digest (take_untold).
  bool award(std::int64_t member_id, const std::string& badge, const std::string& source_event,
             std::int64_t now_s, bool untold = false);
  /// Whether the member holds the badge.
  bool has(std::int64_t member_id, const std::string& badge);
  /// The member's badges in the order they were earned.
  std::vector<std::string> of(std::int64_t member_id);
  /// The group's badges waiting for its digest, oldest first, marked told as they are returned.
  std::vector<badge_award> take_untold(std::int64_t group_id);
  /// Marks a badge awarded untold as told (it was announced after all).
  void mark_told(std::int64_t member_id, const std::string& badge);

  /// Takes the announcement slot of `member_id`'s group at `at`: true, and the group counts as
  /// told of a badge at `at`, when its last announcement was `every_s` or more before (or there
  /// was none); false when it came sooner. One statement, so of two instances taking a group's
  /// slot at once only one gets it (on PostgreSQL the second waits for the first's COMMIT).
  bool take_announcement(std::int64_t member_id, std::int64_t at, std::int64_t every_s);
  /// Records that `member_id`'s group was told of a badge at `at`, however soon after the last.
  void record_announcement(std::int64_t member_id, std::int64_t at);
  /// `member_id`'s group has a badge waiting for the pace (told by take_paced's caller).
  void wait_for_pace(std::int64_t member_id);
  /// Groups with badges waiting for the pace whose last announcement was `every_s` or more
  /// before `now_s`, as (group id, platform, chat id), oldest announcement first, at most
  /// `most`; each counts as told at `now_s` and no longer waiting.
  std::vector<paced_group> take_paced(std::int64_t now_s, std::int64_t every_s, int most = 100);

 private:
  statement_cache statements_;
};

}  // namespace steward::storage
