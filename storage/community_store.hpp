#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "bot/core/chat_event.hpp"
#include "storage/ledger_store.hpp"
#include "storage/statement_cache.hpp"

namespace steward::storage {

/// A group as stored.
struct group_row {
  std::int64_t id = 0;
  std::string platform;
  std::string chat_id;
  std::string title;
  std::string time_zone;
  core::bot_rights bot;  ///< what the bot may do here, as the platform last said
};

/// A member of one group as stored.
struct member_row {
  std::int64_t id = 0;
  std::int64_t group_id = 0;
  std::string user_id;
  std::string display_name;
  std::int64_t points = 0;
  std::int64_t message_count = 0;
  std::int64_t xp = 0;
  std::string username;
  std::int64_t first_seen = 0;
  std::int64_t last_xp_at = 0;   ///< when XP was last awarded (0: never)
  std::int64_t last_active = 0;  ///< when they last wrote (0: never)
  bool present = true;           ///< in the group now (status 'member'), as far as we know
  bool is_bot = false;
  bool is_new = false;    ///< ensure_member created the row just now
  bool approved = false;  ///< exempt from automatic moderation (an admin's /approve)
};

/// A member's standing in one of their groups (for answers in a private chat).
struct membership {
  std::string chat_id;
  std::string title;
  std::int64_t points = 0;
  std::int64_t rank = 0;  ///< the member's place on the group's points board (rank_by_points)
};

/// Which members a list shows (every condition optional).
struct member_filter {
  std::string text;                         ///< in the name or username, any case
  std::string tier;                         ///< "core", "potential" or "base"
  std::optional<std::int64_t> idle_before;  ///< present and idle since before this Unix time
  std::string badge;                        ///< holds this badge
};

/// Groups and their members: creation on first sight, activity, joins and leaves, chat-id
/// migrations.
class community_store {
 public:
  explicit community_store(backend& db);

  /// The group for a chat (following migrations), created with `default_time_zone` if new.
  group_row ensure_group(const core::chat_ref& chat, const std::string& default_time_zone,
                         std::int64_t now_s);
  /// Sets a group's time zone (creating the group row if needed).
  void set_time_zone(const std::string& platform, const std::string& chat_id,
                     const std::string& time_zone, std::int64_t now_s);
  /// Sets (or, with nullopt, clears) the language chosen for a group through the admin API.
  void set_group_language(std::int64_t group_id, const std::optional<std::string>& language);
  /// Chat id → chosen language, for every group that has one, on every platform.
  std::vector<std::pair<std::string, std::string>> group_languages();
  /// Records what the bot may do in a group; rights left unset in `rights` keep their value.
  void learn_bot_rights(std::int64_t group_id, const core::bot_rights& rights);
  /// Sets the time zone of a known group.
  void set_group_time_zone(std::int64_t group_id, const std::string& time_zone);
  /// The member row for a user in a group, created (or refreshed: name, username) as needed.
  member_row ensure_member(std::int64_t group_id, const core::member_ref& who, std::int64_t now_s);
  /// A known member of a group by user id, or by @username (case-insensitive, without '@').
  std::optional<member_row> find_member(std::int64_t group_id, const std::string& user_id);
  std::optional<member_row> find_member_by_username(std::int64_t group_id,
                                                    const std::string& username);
  /// Hides the member from public leaderboards (or shows them again).
  void set_hidden(std::int64_t member_id, bool hidden);
  /// Counts one message and moves last_active forward; a member not `present` (member_row::present,
  /// as read for this update) is in the group again.
  void record_message(std::int64_t member_id, std::int64_t at_s, bool present);
  /// Marks the member as present again (join) or gone (leave).
  void record_join(std::int64_t member_id, std::int64_t at_s);
  void record_leave(std::int64_t member_id, std::int64_t at_s);
  /// A member's place on the group's points board: 1 + the members still in the group and not
  /// hidden from boards who are ahead (more points, or as many and an earlier row).
  std::int64_t rank_by_points(std::int64_t group_id, std::int64_t member_id, std::int64_t points);
  /// Moves a group to its new chat id, keeping every member's state. If both ids already have
  /// groups (events from the new chat arrived first), the new one is folded into the old one.
  void migrate_chat(const std::string& platform, const std::string& old_chat_id,
                    const std::string& new_chat_id, std::int64_t now_s);

  /// A known group by chat id (following migrations), or nullopt.
  std::optional<group_row> find_group(const std::string& platform, const std::string& chat_id);
  /// Members of a group whose name or username contains `text` (all when empty), most active
  /// first.
  std::vector<member_row> search_members(std::int64_t group_id, const std::string& text, int limit);
  /// Members of a group that pass `filter`, most active first.
  std::vector<member_row> filter_members(std::int64_t group_id, const member_filter& filter,
                                         int limit);
  /// The groups of a platform a user is a member of (not left, not private), best standing
  /// Chat ids of the groups where the user has ever been seen, whether still there or not.
  std::vector<std::string> groups_knowing(const std::string& platform, const std::string& user_id);
  /// first.
  std::vector<membership> memberships(const std::string& platform, const std::string& user_id);
  /// Every group of a platform that is still in use (not folded into another, not private).
  std::vector<group_row> groups_of(const std::string& platform);
  /// Every group on every platform (merged and private chats left out), oldest first.
  std::vector<group_row> all_groups();
  /// Empties the groups cached in memory: another instance sharing the database changed one
  /// (an operator's time zone or language), or chats moved between instances.
  void forget_groups();

 private:
  void fold_group(std::int64_t from_group, std::int64_t into_group, std::int64_t now_s);
  /// The cached group of a chat, or null; the cache is emptied after any rollback.
  group_row* cached_group(const std::string& platform, const std::string& chat_id);

  backend& db_;
  statement_cache statements_;
  // Groups by platform and chat id, read on every update and changed only here: kept on the
  // core thread (one community_store serves it), emptied by every write to groups and after
  // any rollback.
  std::unordered_map<std::string, group_row> groups_;
  std::uint64_t groups_rollbacks_ = 0;
  ledger_store ledger_;  // folding moves points through the ledger, never around it
};

}  // namespace steward::storage
