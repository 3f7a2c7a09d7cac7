#include "handlers/quiet_settings.hpp"

namespace steward::handlers {

std::int64_t quiet_settings::auto_delete_after(std::string_view chat_id) const {
  const auto it = groups.find(chat_id);
  if (it == groups.end() || !it->second.auto_delete_s) return auto_delete_s;
  return *it->second.auto_delete_s;
}

bool quiet_settings::digests_badges(std::string_view chat_id) const {
  const auto it = groups.find(chat_id);
  if (it == groups.end() || !it->second.badge_digest) return badge_digest;
  return *it->second.badge_digest;
}

bool quiet_settings::any_auto_delete() const {
  if (auto_delete_s > 0) return true;
  for (const auto& [chat, group] : groups) {
    if (group.auto_delete_s.value_or(0) > 0) return true;
  }
  return false;
}

}  // namespace steward::handlers
