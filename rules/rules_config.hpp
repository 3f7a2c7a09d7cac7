#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "rules/literal_matcher.hpp"

namespace steward::rules {

/// How one rule acts. Rules: word, phone, wechat, qq, email, url, regex, mentions, links,
/// flood, duplicate, raid, split.
struct rule_policy {
  bool enabled = true;
  std::string action;             ///< flag, delete, warn, mute, kick or ban
  std::int64_t mute_seconds = 0;  ///< for "mute" (0: the ladder's first mute)
  bool shadow = false;            ///< log what it would do, do nothing
};

/// Word and allow lists added for one group.
struct group_rules {
  std::vector<std::string> words;
  std::vector<std::string> allow;
  bool enabled = true;
};

/// The `[moderation]` configuration.
struct rules_config {
  bool enabled = true;
  std::vector<std::string> words;       ///< word list files
  std::vector<std::string> allow;       ///< allow list files
  std::vector<std::string> regex;       ///< operator regex files (RE2 syntax)
  std::vector<std::string> homophones;  ///< words also matched by pinyin
  std::vector<std::string> allowed_domains;
  std::map<std::string, rule_policy> rules;   ///< by rule name; defaults filled in
  std::map<std::string, group_rules> groups;  ///< by chat id
  matcher_engine engine = matcher_engine::hyperscan;

  int max_mentions = 5;
  int max_links = 3;
  int flood_messages = 6;
  std::int64_t flood_seconds = 10;
  int duplicate_repeats = 3;  ///< the same text this many times within the window
  std::int64_t duplicate_seconds = 600;
  int raid_members = 3;  ///< this many members posting the same text within the window
  std::int64_t raid_seconds = 120;
  int split_messages = 3;  ///< how many consecutive messages are read together
  std::int64_t split_seconds = 60;
  int newcomer_messages = 5;  ///< a member's first messages: no links, no contacts
  /// Rule "learned": the spam probability from which the classifier admins taught calls a
  /// message spam (a near-duplicate of a removed message always is).
  double learning_threshold = 0.9;

  /// The escalation ladder: "warn", "mute 1h", "kick" or "ban" per step.
  std::vector<std::string> ladder{"warn", "warn", "mute 1h", "mute 1d", "ban"};
  std::int64_t warning_decay_seconds = 30LL * 86400;
  std::int64_t log_retention_seconds = 90LL * 86400;
  std::int64_t message_retention_seconds = 7LL * 86400;
  /// How long message-derived text (the texts in moderation decisions, sent replies) is kept.
  std::int64_t text_retention_seconds = 30LL * 86400;
  std::vector<std::string> admin_ids;  ///< user ids treated as admins in every group
  std::string fallback = "delete";     ///< when the platform cannot do the action
  std::string report_chat;             ///< chat id that receives /report forwards (empty: log only)

  /// The built-in policies, for every rule name.
  static std::map<std::string, rule_policy> default_policies();
};

}  // namespace steward::rules
