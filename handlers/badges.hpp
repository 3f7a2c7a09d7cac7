#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "handlers/handler.hpp"
#include "handlers/quiet_settings.hpp"
#include "handlers/template_book.hpp"
#include "storage/badge_store.hpp"
#include "storage/community_store.hpp"

namespace steward::handlers {

/// Every badge's id, in the order of the growth path (names and how each is earned are the
/// templates `badge_name_<id>` and `badge_how_<id>`).
const std::vector<std::string>& all_badges();
/// A badge's name in `lang` from the group's texts, as plain text (the id for an unknown badge).
std::string badge_name(const template_book& book, const std::string& chat_id, const std::string& id,
                       core::language lang);

/// Thresholds of the rule-based badges.
struct badge_settings {
  std::int64_t active_streak = 7;    ///< "active": a check-in streak of this many days
  std::int64_t king_streak = 30;     ///< "check-in king"
  std::int64_t partner_invites = 3;  ///< "partner": this many credited invites
  /// A group hears of at most one badge earned by a rule per this many seconds; the others are
  /// told together in one message (`badge_digest`) once that time is up (0: each is announced
  /// when earned).
  std::int64_t announce_every_s = 60;
};

/// Awards rule-based badges once each and says so in the chat.
class badge_rules {
 public:
  badge_rules(storage::badge_store& badges, const template_book& book, badge_settings settings);
  /// The template book its announcements come from.
  const template_book& book() const { return book_; }
  /// How a badge is earned, in `lang`, with the configured thresholds (plain text).
  std::string how(const std::string& chat_id, const std::string& id, core::language lang) const;

  /// First message in the group: newcomer. A first message that is a command is answered by its
  /// own reply, so its badge is recorded without a second message (shown by /badges and
  /// /points, and told in the day's digest where there is one).
  std::optional<core::action> on_message(const context& ctx);
  /// A check-in streak reached `streak`: active, check-in king.
  std::vector<core::action> on_streak(const context& ctx, std::int64_t streak);
  /// The member now has `credited` credited invites: partner (announced in the group's chat).
  std::optional<core::action> on_invites_credited(const std::string& platform,
                                                  const std::string& chat_id,
                                                  std::int64_t member_id,
                                                  const std::string& member_name,
                                                  std::int64_t credited, std::int64_t now_s);
  /// Awards `badge_id` to a member and announces it at once (an admin's grant, even in groups
  /// with a badge digest); nullopt if they already had it.
  std::optional<core::action> award(const context& ctx, std::int64_t member_id,
                                    const std::string& member_name, const std::string& badge_id);
  /// Groups whose badges waited for the pace and may hear of them now (their last announcement
  /// was announce_every_s or more ago), whichever instance paced them; each counts as announced
  /// at `now_s` (badge_digest::paced_due tells them).
  std::vector<storage::paced_group> take_paced(std::int64_t now_s);
  /// Groups for which `quiet` says so get their earned badges in the daily digest instead of
  /// one announcement each (`quiet` must outlive this; nullptr: announce every badge but those
  /// that come too soon after the last — `badge_settings::announce_every_s`).
  void set_quiet(const quiet_settings* quiet) { quiet_ = quiet; }

 private:
  /// How an award is told: at once, (earned by a rule) in the group's digest if it has one, or
  /// only in the digest (nothing said where there is none).
  enum class telling { now, digest_if_quiet, digest_only };
  /// Who earned which badge where, and when.
  struct earning {
    const std::string& platform;
    const std::string& chat_id;
    const std::string& origin;
    std::int64_t member_id;
    const std::string& member_name;
    const std::string& badge_id;
    std::int64_t at;
  };

  std::optional<core::action> earned(const context& ctx, const std::string& badge_id);
  std::optional<core::action> award_in(const earning& e, telling how);
  /// Awards a badge earned by a rule in a group that hears of each: announced unless the
  /// group's last announcement was less than announce_every_s ago (then it waits for the pace).
  std::optional<core::action> award_paced(const earning& e);
  /// The group's announcement of the badge.
  core::action announcement(const earning& e) const;

  // When each group was last told of a badge, and which have badges waiting for the pace, are
  // kept in the database (badge_store::take_announcement): shared by every instance, kept over
  // a restart, and undone with a batch that rolls back.
  storage::badge_store& badges_;
  const template_book& book_;
  badge_settings settings_;
  const quiet_settings* quiet_ = nullptr;
};

/// /badges (徽章): the member's badges and how to earn the others. /badge @user creator (admins)
/// grants the creator badge.
class badges_handler final : public handler {
 public:
  badges_handler(storage::badge_store& badges, storage::community_store& community,
                 badge_rules& rules);
  std::string_view name() const override { return "badges"; }
  /// The commands it answers: its entries in the command registry.
  static std::vector<core::command_spec> commands();
  handler_result handle(const context& ctx) override;

 private:
  std::string list(const context& ctx);
  handler_result grant(const context& ctx);
  storage::badge_store& badges_;
  storage::community_store& community_;
  badge_rules& rules_;
};

}  // namespace steward::handlers
