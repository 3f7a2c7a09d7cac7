#pragma once

#include <boost/circular_buffer.hpp>
#include <cstdint>
#include <deque>
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
/// and ads split across consecutive messages. Lives on the core thread; at start it is filled
/// again from the stored messages (handlers::moderation_handler::recall). An empty memory can
/// only miss a pattern, never invent one.
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
  /// Members whose recent messages are remembered now (bounded; see the definition).
  std::size_t tracked_members() const { return by_member_.size(); }

 private:
  /// What the near-duplicate and raid checks compare of a message: when, and its folded text
  /// as hashes. Kept apart from the rest of the record so that a raid check reads 32
  /// contiguous bytes per message of the group's memory (whole records, spread over a deque's
  /// small blocks, made that scan 18 % of the core thread under load).
  struct fingerprint {
    std::int64_t at;
    std::uint64_t hash;     ///< simhash of the folded text
    std::uint64_t text_id;  ///< hash of the folded text: the same text exactly
    std::uint32_t length;   ///< code points of the folded text
  };
  /// One message, compact (nothing on the heap for ids of up to 15 bytes, as platforms'
  /// message ids are): its fingerprint, the member as a hash (a raid counts members), and the
  /// message's id, so a duplicate or a raid can remove every copy it saw.
  struct seen {
    fingerprint print;
    std::uint64_t message;        ///< hash of the message id: an edit replaces its earlier self
    std::uint64_t member;         ///< hash of the member id: a raid counts members
    std::string message_id = {};  ///< empty: nothing to remove
    bool handed_out = false;      ///< already given out for removal (each copy goes once)
  };
  /// A group's recent suspicious messages — the only ones a raid counts, so ordinary chatter
  /// cannot push a raid's first copies out — oldest first; prints[i] is messages[i].print.
  /// Changed only through its functions, which keep the two sequences paired.
  struct group_history {
    /// Appends a message, dropping the oldest once `most` are kept.
    void push(seen message, std::size_t most);
    void pop_oldest();
    void erase_at(std::size_t i);
    bool empty() const { return prints.empty(); }

    /// One block that grows up to its most (a deque's 512-byte blocks defeated the
    /// prefetcher: the scan waited on memory at every block).
    boost::circular_buffer<fingerprint> prints;
    std::deque<seen> messages;
  };
  /// A message's own words, kept only for the member's last few messages (ads split across
  /// messages are read joined).
  struct said {
    std::int64_t at;
    std::string text;
    std::string message_id;
  };
  struct member_history {
    std::vector<seen> messages;  // oldest first, at most member_memory_
    std::vector<said> texts;     // oldest first, at most split_messages - 1
    std::int64_t last_at = 0;
  };
  static bool same_text(const fingerprint& a, const fingerprint& b);
  /// The ids of `copies` not given out yet, each marked as given out in the member's and the
  /// group's memory (so a long raid removes each copy once).
  static std::vector<std::string> hand_out(std::vector<seen*> copies, member_history& mine,
                                           group_history& theirs);
  void forget_old(std::int64_t now);
  /// Keeps at most max_tracked_members histories: the least recently active go first.
  void forget_quietest();
  void forget_message(member_history& mine, group_history& theirs, const seen& now,
                      const std::string& message_id);
  std::vector<behaviour_match> split_across(const member_history& history, const said& now,
                                            const rule_set& rules) const;
  match make(const rule_set& rules, const std::string& rule, const std::string& tag,
             std::string_view text, std::string normalized) const;

  rules_config cfg_;
  std::size_t member_memory_;
  std::unordered_map<std::string, member_history> by_member_;  // group + member
  std::unordered_map<std::string, group_history> by_group_;
  std::int64_t last_sweep_ = 0;
};

}  // namespace steward::rules
