#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "storage/statement_cache.hpp"

namespace steward::storage {

/// A member owed a welcome.
struct owed_welcome {
  std::string user_id;
  std::string name;
  std::int64_t joined_at = 0;
};

/// The welcomes owed in one chat, oldest join first.
struct chat_welcomes {
  std::string platform;
  std::string chat_id;
  std::string title;
  std::vector<owed_welcome> members;
};

/// Welcomes owed and given: written in the join's transaction, so an acknowledged join is
/// welcomed even if Steward stops before the burst window ends.
class welcome_store {
 public:
  explicit welcome_store(backend& db);

  /// Records that a member is owed a welcome; false (nothing recorded) when they joined within
  /// the last `repeat_window_s` already (a join reported twice is welcomed once).
  bool owe(const std::string& platform, const std::string& chat_id, const std::string& title,
           const std::string& user_id, const std::string& name, std::int64_t now_s,
           std::int64_t repeat_window_s);
  /// Chats whose first owed welcome is at least `burst_s` old, with everyone they owe.
  std::vector<chat_welcomes> due(std::int64_t now_s, std::int64_t burst_s);
  /// Marks a chat's owed welcomes as given.
  void given(const std::string& platform, const std::string& chat_id);
  /// Forgets given welcomes older than `before`.
  void prune(std::int64_t before);

  /// The chat's last welcome message, if one is known.
  std::optional<std::string> last_welcome(const std::string& platform, const std::string& chat_id);
  /// Remembers (or, with an empty id, forgets) the chat's last welcome message.
  void set_last_welcome(const std::string& platform, const std::string& chat_id,
                        const std::string& message_id);

 private:
  statement_cache statements_;
};

}  // namespace steward::storage
