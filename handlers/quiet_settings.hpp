#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace steward::handlers {

/// One group's [quiet.groups."ID"] overrides (unset: the [quiet] default).
struct quiet_group {
  std::optional<std::int64_t> auto_delete_s;
  std::optional<bool> badge_digest;
};

/// How quiet each group wants Steward to be ([quiet]).
struct quiet_settings {
  std::int64_t auto_delete_s = 0;  ///< delete replies to commands, and the commands; 0: keep them
  bool badge_digest = false;       ///< badges announced in one message a day, not one by one
  std::map<std::string, quiet_group, std::less<>> groups;  ///< chat id → overrides

  /// Seconds after which `chat_id`'s command answers are deleted (0: they stay).
  std::int64_t auto_delete_after(std::string_view chat_id) const;
  /// True when `chat_id` gets its badges in the daily digest.
  bool digests_badges(std::string_view chat_id) const;
  /// True when some group has auto-delete on.
  bool any_auto_delete() const;
};

}  // namespace steward::handlers
