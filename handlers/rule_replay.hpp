#pragma once

#include <cstdint>
#include <nlohmann/json_fwd.hpp>
#include <string>
#include <vector>

#include "rules/engine.hpp"
#include "storage/moderation_store.hpp"

namespace steward::handlers {

/// A message whose verdict changed, as an example.
struct replay_sample {
  std::string chat_id;
  std::string message_id;
  std::string text;
  std::string now;   ///< what the rules in force ask for
  std::string then;  ///< what was done at the time ("none" when nothing)
  std::int64_t at = 0;
};

/// How one rule's verdicts changed over the replayed messages.
struct replay_change {
  std::string rule;                    ///< the rule that would act now, or "(cleared)"
  int newly = 0;                       ///< would act now, was left alone then
  int no_longer = 0;                   ///< was acted on then, would be left alone now
  std::vector<replay_sample> samples;  ///< the first few, oldest first
};

/// What replaying the rules in force over stored messages found.
struct replay_report {
  int messages = 0;        ///< messages read
  int changed = 0;         ///< messages whose verdict changed
  bool truncated = false;  ///< more messages were stored than the limit: the newest were read
  std::vector<replay_change> changes;  ///< by rule
};

/// Reads the stored messages at or after `since` (of one group, or all when `group_id` is 0;
/// at most `limit`, the newest, when limit > 0) with the rules in force — each as it was read
/// then, a newcomer's with the stricter rules — and compares with what automatic moderation did
/// at the time. Admins' removals, behaviour findings and exempt members' messages are not
/// compared.
replay_report replay_rules(const rules::rules_engine& engine, storage::moderation_store& store,
                           std::int64_t since, std::int64_t group_id = 0, int limit = 0);

/// One rule's changes as JSON: rule, newly_matched, no_longer_matched, samples (chat_id,
/// message_id, text, now, then, at).
nlohmann::ordered_json change_json(const replay_change& change);

}  // namespace steward::handlers
