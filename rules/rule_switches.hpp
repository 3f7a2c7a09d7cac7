#pragma once

#include <map>
#include <mutex>
#include <optional>
#include <string>

namespace steward::rules {

/// Shadow switches set by operators at run time, laid over the configured policies without
/// recompiling the lists: a rule switched to shadow logs what it would do and does nothing; a
/// rule switched out of shadow acts. Shared by every compiled rule set; safe from any thread.
class rule_switches {
 public:
  /// The switched shadow mode of `rule`, or nullopt when it follows the configuration.
  std::optional<bool> shadow(const std::string& rule) const {
    std::lock_guard lock(mutex_);
    const auto it = shadow_.find(rule);
    return it == shadow_.end() ? std::nullopt : std::optional<bool>(it->second);
  }
  /// Every switch in force, by rule.
  std::map<std::string, bool> all() const {
    std::lock_guard lock(mutex_);
    return shadow_;
  }
  /// Replaces every switch at once.
  void replace(std::map<std::string, bool> shadow) {
    std::lock_guard lock(mutex_);
    shadow_ = std::move(shadow);
  }

 private:
  mutable std::mutex mutex_;
  std::map<std::string, bool> shadow_;
};

}  // namespace steward::rules
