#pragma once

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "bot/core/action.hpp"
#include "handlers/handler.hpp"
#include "handlers/template_book.hpp"
#include "storage/care_store.hpp"
#include "storage/community_store.hpp"

namespace steward::handlers {

/// [analytics.churn]: when members count as slipping away and what Steward does about it.
struct churn_settings {
  std::vector<int> levels = {3, 7, 14};  ///< days without activity, ascending
  /// Chat id → its own levels.
  std::map<std::string, std::vector<int>> group_levels;
  bool digest = true;                  ///< list who reached a level in the report chat
  std::set<int> mention_levels = {3};  ///< levels at which the group mentions them, kindly
  /// Levels at which members who wrote to the bot one-to-one get a private message (Telegram
  /// lets a bot message only them).
  std::set<int> private_levels = {7};
  std::size_t mention_batch = 10;  ///< members per mention message
  std::size_t max_mentions = 30;   ///< members mentioned per group per day at most
  int return_window_days = 7;      ///< a return within this counts as reactivated
  std::string report_chat;         ///< moderation.report_chat (empty: no digest)
};

/// The 3-day churn warning of the playbook, and what it leads to: once a day per group, members
/// who reached a level of inactivity (excluding those who joined less than that long ago) are
/// listed to the admins and, at chosen levels, mentioned in the group; each warning is recorded
/// once per member, level and spell of inactivity, and marked when the member comes back. At
/// chosen levels, members who can be reached privately get a private message.
class churn_watch final : public follow_up_handler {
 public:
  churn_watch(storage::care_store& care, const template_book& book, churn_settings settings);

  /// A private message delivered is recorded as an action of its warning; one refused (the
  /// member blocked the bot) stops private messages to them until they write to it again.
  std::vector<core::action> follow_up(const delivery_answer& answer,
                                      const core::platform_adapter& platform) override;

  /// Records the warnings due in `group` now and returns the digest and mentions to post.
  std::vector<core::action> run(const storage::group_row& group, std::int64_t now_s);
  /// A member wrote at `at`, having last written at `last_wrote` (0: never): answers their open
  /// warnings.
  void member_wrote(std::int64_t member_id, std::int64_t last_wrote, std::int64_t at);
  /// The levels of a group (its own, else the default), ascending.
  const std::vector<int>& levels_of(const std::string& chat_id) const;
  const churn_settings& settings() const { return settings_; }

 private:
  struct reached {
    storage::idle_member member;
    int level_days = 0;
  };
  std::vector<core::action> mentions(const storage::group_row& group,
                                     const std::vector<reached>& members, int level_days) const;
  core::action private_message(const storage::group_row& group, const reached& r) const;
  std::vector<core::action> digest(const storage::group_row& group,
                                   const std::map<int, std::vector<reached>>& by_level) const;

  storage::care_store& care_;
  const template_book& book_;
  churn_settings settings_;
  int shortest_level_ = 0;
};

}  // namespace steward::handlers
