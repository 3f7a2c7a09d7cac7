#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "storage/statement_cache.hpp"

namespace steward::storage {

/// An invite whose newcomer has stayed long enough and taken part: ready to be credited.
struct due_invite {
  std::int64_t invitee_id = 0;
  std::int64_t inviter_id = 0;
  std::string invitee_name;
  std::string inviter_name;
  std::string platform;
  std::string chat_id;
};

/// Personal invite links and the invites made through them.
class invite_store {
 public:
  explicit invite_store(backend& db);

  /// The member's personal link, if one was created.
  std::optional<std::string> link_of(std::int64_t member_id);
  /// Remembers a created link.
  void save_link(const std::string& link, std::int64_t member_id, std::int64_t now_s);
  /// Whose link this is.
  std::optional<std::int64_t> owner_of(const std::string& link);
  /// Records that `invitee` joined through `inviter`'s link; false if the invitee already has an
  /// invite (only the first ever counts).
  bool record(std::int64_t invitee_id, std::int64_t inviter_id, std::int64_t joined_at);
  /// Pending invites whose newcomer joined before `joined_before`, is still a member, and sent
  /// at least `min_messages` messages or checked in.
  std::vector<due_invite> due(std::int64_t joined_before, std::int64_t min_messages);
  /// Marks an invite credited; false if it already was.
  bool mark_credited(std::int64_t invitee_id, std::int64_t now_s);
  /// How many of the member's invites were credited.
  std::int64_t credited_count(std::int64_t inviter_id);

 private:
  statement_cache statements_;
};

}  // namespace steward::storage
