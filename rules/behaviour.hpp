#pragma once

#include <cstdint>
#include <deque>
#include <map>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "rules/rule_set.hpp"

namespace steward::rules {

/// SimHash (64 bits) of a text's character 3-grams: near-identical texts differ in few bits.
std::uint64_t simhash(std::string_view normalized);
/// Whether a text is a short acknowledgement (收到, +1, 好的, ok …) that is never a duplicate.
bool is_acknowledgement(std::string_view normalized);

/// A behaviour finding and the earlier messages that belong to it (to delete them too).
struct behaviour_match {
  match what;
  std::vector<std::string> earlier_message_ids;
};

/// Per-member and per-group memory of recent messages, for the rules no single message shows:
/// flood (too many messages too fast), near-duplicates, raids (many members posting the same),
/// and ads split across consecutive messages. Lives on the core thread and forgets on restart:
/// an empty memory can only miss a pattern, never invent one.
class behaviour_tracker {
 public:
  explicit behaviour_tracker(const rules_config& cfg);

  /// Records a message and returns what its recent history shows. A message id seen before
  /// (an edit, or a redelivery) replaces its earlier record instead of adding to it.
  /// `normalized` is the message's folded text (from rule_set::scan). `suspicious`: the message
  /// carries a link or contact, or its author is new — only such messages count towards a raid
  /// (a group all wishing "happy new year" is no raid).
  std::vector<behaviour_match> observe(const std::string& group, const std::string& member,
                                       std::string_view text, std::string normalized,
                                       const std::string& message_id, std::int64_t at,
                                       const rule_set& rules, bool suspicious);

 private:
  struct seen {
    std::string text;
    std::string normalized;
    std::uint64_t hash;
    std::size_t length;  ///< code points of `normalized`
    std::string message_id;
    std::string member;
    std::int64_t at;
    bool suspicious;
  };
  static bool same_text(const seen& a, const seen& b);
  void forget_old(std::int64_t now);
  std::vector<behaviour_match> split_across(const std::deque<seen>& history, const seen& now,
                                            const rule_set& rules) const;
  match make(const rule_set& rules, const std::string& rule, const std::string& tag,
             std::string_view text, std::string normalized) const;

  rules_config cfg_;
  std::unordered_map<std::string, std::deque<seen>> by_member_;  // group + member
  std::unordered_map<std::string, std::deque<seen>> by_group_;
  std::int64_t last_sweep_ = 0;
};

}  // namespace steward::rules
