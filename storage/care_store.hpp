#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "storage/statement_cache.hpp"

namespace steward::storage {

/// What a member did in a window of days (for the activity score behind tiers).
struct member_activity {
  std::int64_t member_id = 0;
  std::int64_t active_days = 0;
  std::int64_t messages = 0;
  std::int64_t checkins = 0;
  std::int64_t invites = 0;  ///< invites credited to them as the inviter
};

/// A member's tier as last computed.
struct tier_row {
  std::int64_t member_id = 0;
  std::string tier;        ///< "core", "potential" or "base"
  double score = 0;        ///< the score with which they entered it
  std::int64_t since = 0;  ///< when they entered this tier
};

/// One change of tier.
struct tier_change {
  std::int64_t member_id = 0;
  std::string user_id;
  std::string name;
  bool hidden = false;
  std::optional<std::string> from;  ///< nullopt: the member's first tier
  std::string to;
  std::int64_t at = 0;
};

/// A present member and the start of their current spell without activity.
struct idle_member {
  std::int64_t member_id = 0;
  std::string user_id;
  std::string name;
  bool hidden = false;
  std::int64_t idle_since = 0;  ///< the later of their last message and their join (or first sight)
  bool reachable_privately = false;  ///< wrote to the bot one-to-one and did not block it
};

/// A churn warning as recorded.
struct churn_warning {
  std::int64_t member_id = 0;
  std::string user_id;
  std::string name;
  int level_days = 0;
  std::int64_t idle_since = 0;
  std::int64_t warned_at = 0;
  std::string actions;  ///< "digest", "mention", "digest,mention" or "" (recorded only)
  std::optional<std::int64_t> returned_at;
};

/// Reactivation of warned members, per level and actions.
struct reactivation_row {
  int level_days = 0;
  std::string actions;
  std::int64_t warned = 0;    ///< warnings whose return window has closed (or who came back)
  std::int64_t returned = 0;  ///< of them, members who wrote again within the window
};

/// A member among the most active of a period.
struct top_member {
  std::string user_id;
  std::string name;
  std::int64_t messages = 0;
  std::int64_t active_days = 0;
};

/// Members who joined in a period, and how many of them are still in the group.
struct newcomer_count {
  std::int64_t joined = 0;
  std::int64_t stayed = 0;
};

/// Tier changes of a period by direction.
struct tier_movement {
  std::int64_t up = 0;     ///< to a higher tier
  std::int64_t down = 0;   ///< to a lower tier
  std::int64_t first = 0;  ///< a member's first tier
};

/// The state of member care: tiers and their changes, churn warnings and returns, and when each
/// daily job last ran for a group.
class care_store {
 public:
  explicit care_store(backend& db);
  /// Whole transactions rolled back on the connection so far (backend::transaction_rollbacks):
  /// work planned across batches starts over when one may have undone what it wrote.
  std::uint64_t transaction_rollbacks() const;

  /// Present members (not bots) of a group and what they did on local days from..to, whose
  /// first instant is from_s and whose end is to_s (for invites credited).
  std::vector<member_activity> activity(std::int64_t group_id, std::int64_t from_day,
                                        std::int64_t to_day, std::int64_t from_s,
                                        std::int64_t to_s);
  /// The tiers last computed for a group, by member.
  std::map<std::int64_t, tier_row> tiers(std::int64_t group_id);
  /// Stores a member's new tier (written only when it changes).
  void set_tier(std::int64_t group_id, const tier_row& row);
  /// Removes the tiers of members no longer present.
  void drop_tiers_except(std::int64_t group_id, const std::vector<std::int64_t>& members);
  /// Records a change of tier.
  void record_tier_change(std::int64_t group_id, std::int64_t member_id,
                          const std::optional<std::string>& from, const std::string& to,
                          std::int64_t at);
  /// Tier changes of a group in [from_s, to_s), newest first.
  std::vector<tier_change> tier_changes(std::int64_t group_id, std::int64_t from_s,
                                        std::int64_t to_s, int limit);
  /// A member's tier changes, newest first.
  std::vector<tier_change> member_tier_changes(std::int64_t member_id, int limit);
  /// A member's tier, if computed.
  std::optional<std::string> tier_of(std::int64_t member_id);

  /// Present members (not bots) of a group idle since before `idle_before_s`.
  std::vector<idle_member> idle_members(std::int64_t group_id, std::int64_t idle_before_s);
  /// Records a warning; false if this member was already warned at this level in this spell.
  bool record_warning(std::int64_t group_id, const churn_warning& warning);
  /// Adds an action to a recorded warning (a private message, once delivered).
  void add_warning_action(std::int64_t member_id, int level_days, std::int64_t idle_since,
                          const std::string& action);
  /// A user wrote to the bot one-to-one at `at`: the bot may message them (again).
  void note_private_contact(const std::string& platform, const std::string& user_id,
                            std::int64_t at);
  /// Whether the user wrote to the bot one-to-one and has not blocked it since.
  bool reachable_privately(const std::string& platform, const std::string& user_id);
  /// A private message to the user was refused at `at` (they blocked the bot, or never started
  /// it): no more until they write again.
  void private_contact_refused(const std::string& platform, const std::string& user_id,
                               std::int64_t at);
  /// Marks the member's open warnings as answered by their return at `at`; how many.
  int mark_returned(std::int64_t member_id, std::int64_t at);
  /// Warnings of a group given at or after `from_s`, newest first.
  std::vector<churn_warning> warnings(std::int64_t group_id, std::int64_t from_s, int limit);
  /// Reactivation per level and actions of warnings given in [from_s, to_s): a return counts
  /// within `window_s` of the warning; warnings whose window is still open and who did not
  /// return yet are left out.
  std::vector<reactivation_row> reactivation(std::int64_t group_id, std::int64_t from_s,
                                             std::int64_t to_s, std::int64_t window_s,
                                             std::int64_t now_s);

  // For the weekly and monthly reviews (care_store_review.cpp).

  /// Members (not bots, not hidden) with the most messages on local days from..to, most first.
  std::vector<top_member> top_members(std::int64_t group_id, std::int64_t from_day,
                                      std::int64_t to_day, int limit);
  /// Members (not bots) who joined in [from_s, to_s) and how many are still present.
  newcomer_count newcomers(std::int64_t group_id, std::int64_t from_s, std::int64_t to_s);
  /// Tier changes in [from_s, to_s) by direction.
  tier_movement tier_moves(std::int64_t group_id, std::int64_t from_s, std::int64_t to_s);
  /// Churn warnings given in [from_s, to_s), and how many of those members came back.
  std::pair<std::int64_t, std::int64_t> warnings_in(std::int64_t group_id, std::int64_t from_s,
                                                    std::int64_t to_s);
  /// The first local day anything was counted for a group, if any.
  std::optional<std::int64_t> first_counted_day(std::int64_t group_id);

  /// The local day a daily job last ran for a group.
  std::optional<std::int64_t> last_run(std::int64_t group_id, const std::string& job);
  /// Records that a daily job ran for a group on a local day.
  void mark_run(std::int64_t group_id, const std::string& job, std::int64_t day_number);

 private:
  backend& db_;
  statement_cache statements_;
};

}  // namespace steward::storage
