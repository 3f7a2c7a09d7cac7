#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "bot/core/local_day.hpp"
#include "storage/statement_cache.hpp"

namespace steward::storage {

/// What happened in one group in one local hour (or, summed, a day or a period).
struct hour_counts {
  std::int64_t messages = 0;
  std::int64_t speakers = 0;      ///< members whose first message of the hour it was
  std::int64_t day_speakers = 0;  ///< members whose first message of the day it was
  std::int64_t joins = 0;
  std::int64_t left = 0;    ///< left on their own
  std::int64_t kicked = 0;  ///< removed by someone else
  std::int64_t banned = 0;
  std::int64_t member_change = 0;  ///< members present after − before
  std::int64_t checkins = 0;
  std::int64_t earned = 0;  ///< points credited (not refunds, not moved by a group upgrade)
  std::int64_t spent = 0;   ///< points spent in the shop, less refunds
  std::int64_t redemptions = 0;
  std::int64_t invites = 0;  ///< invites credited to an inviter

  hour_counts& operator+=(const hour_counts& other);
  bool empty() const;
  /// Members who left for any reason.
  std::int64_t leaves() const { return left + kicked + banned; }
};

/// One day's counters.
struct day_counts {
  std::int64_t day_number = 0;
  hour_counts counts;
};

/// Messages by local weekday (Monday 0) and hour.
using week_heatmap = std::array<std::array<std::int64_t, 24>, 7>;

/// A cohort of members who joined in a window, and how many were still there N days later.
struct cohort {
  std::int64_t joined = 0;    ///< joined in the window, and N days have passed since
  std::int64_t retained = 0;  ///< of them, still in the group N days after joining
};

/// The group a member row belongs to, and that group's time zone.
struct member_place {
  std::int64_t group_id = 0;
  std::string time_zone;
};

/// Roll-ups of community activity per group and local hour. Counters are gathered in memory
/// while a batch runs and written once per key before the batch commits (`flush`), so they
/// commit — or roll back — with the events they count. The pipeline marks the gathered counters
/// before each update and undoes to the mark when the update's savepoint rolls back.
class analytics_store {
 public:
  explicit analytics_store(backend& db);

  /// Gathers counters for a group's local hour.
  void add(std::int64_t group_id, core::local_hour at, const hour_counts& counts);
  /// Gathers one count of an open-ended key (kind "moderation", key "rule/action").
  void add_keyed(std::int64_t group_id, core::local_hour at, std::string kind, std::string key);
  /// Where the gathered counters stand (for undo_to).
  std::pair<std::size_t, std::size_t> mark() const { return {pending_.size(), keyed_.size()}; }
  /// Forgets what was gathered since `m` (its update was rolled back).
  void undo_to(std::pair<std::size_t, std::size_t> m);
  /// Forgets everything gathered (the batch was rolled back).
  void discard();
  /// Writes the gathered counters, one upsert per group-hour, inside the open transaction.
  void flush();

  /// Records that a member was active on a local day; true the first time that day. Written at
  /// once (inside the caller's savepoint), so the answer stays right across updates.
  bool mark_active(std::int64_t group_id, std::int64_t day_number, std::int64_t member_id);

  /// Counters summed per day for days `from`..`to` (local day numbers, inclusive); days without
  /// activity are absent.
  std::vector<day_counts> days(std::int64_t group_id, std::int64_t from, std::int64_t to);
  /// Distinct members active on any day in `from`..`to`.
  std::int64_t distinct_active(std::int64_t group_id, std::int64_t from, std::int64_t to);
  /// Members (not bots) whose last message was at or after `since_s`.
  std::int64_t wrote_since(std::int64_t group_id, std::int64_t since_s);
  /// Messages by weekday and hour over `from`..`to`.
  week_heatmap heatmap(std::int64_t group_id, std::int64_t from, std::int64_t to);
  /// Counts of an open-ended kind over `from`..`to`, by key, largest first.
  std::vector<std::pair<std::string, std::int64_t>> keyed(std::int64_t group_id,
                                                          const std::string& kind,
                                                          std::int64_t from, std::int64_t to);
  /// Members in the group now (present, not bots).
  std::int64_t members_now(std::int64_t group_id);
  /// The change in members over all days after `day_number` (members then = now − this).
  std::int64_t member_change_after(std::int64_t group_id, std::int64_t day_number);
  /// Members who joined in [from_s, to_s) at least `days` days before `now_s`, and how many of
  /// them were still in the group `days` days after joining.
  cohort retention(std::int64_t group_id, std::int64_t from_s, std::int64_t to_s, int days,
                   std::int64_t now_s);
  /// Members warned as slipping away in [from_s, to_s) whose return window (`window_s`) has
  /// closed by `now_s` or who came back (joined), and of them those who came back within it.
  cohort reactivation(std::int64_t group_id, std::int64_t from_s, std::int64_t to_s,
                      std::int64_t window_s, std::int64_t now_s);
  /// Distinct members who redeemed (`item` empty: any item) in [from_s, to_s), not refunded.
  std::int64_t distinct_redeemers(std::int64_t group_id, std::int64_t from_s, std::int64_t to_s,
                                  const std::string& item);
  /// The group of a member row, or nullopt for an unknown row.
  std::optional<member_place> place_of(std::int64_t member_id);
  /// Distinct members who checked in on local days `from`..`to`.
  std::int64_t distinct_checkers(std::int64_t group_id, std::int64_t from, std::int64_t to);

 private:
  struct pending_hour {
    std::int64_t group_id;
    core::local_hour at;
    hour_counts counts;
  };
  struct pending_key {
    std::int64_t group_id;
    core::local_hour at;
    std::string kind;
    std::string key;
  };
  statement_cache statements_;
  std::vector<pending_hour> pending_;
  std::vector<pending_key> keyed_;
};

}  // namespace steward::storage
