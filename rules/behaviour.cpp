#include "rules/behaviour.hpp"

#include <algorithm>
#include <array>
#include <functional>
#include <set>

#include "rules/normalizer.hpp"
#include "rules/utf8.hpp"

namespace steward::rules {

namespace {

constexpr int near_bits = 3;  // SimHash distance that still counts as the same text
// Suspicious messages remembered per group (within raid_seconds), at most.
constexpr std::size_t group_memory = 512;
// Members whose recent messages are remembered, at most (≈ 2 KiB each at the most): beyond it
// the least recently active are forgotten — they can only be missed by the checks, and a member
// flooding right now is the most recently active of all.
constexpr std::size_t max_tracked_members = 20000;

std::size_t code_point_count(std::string_view s) {
  // Every byte that is not a UTF-8 continuation byte starts a code point.
  return static_cast<std::size_t>(
      std::count_if(s.begin(), s.end(), [](char c) { return (c & 0xC0) != 0x80; }));
}

// For each byte value, eight one-byte counters (lanes): lane j is bit j of the value. Adding
// these counts eight bits of a hash at once instead of one at a time.
constexpr std::array<std::uint64_t, 256> byte_lanes = [] {
  std::array<std::uint64_t, 256> out{};
  for (unsigned v = 0; v < 256; ++v) {
    for (unsigned j = 0; j < 8; ++j)
      out[v] |= static_cast<std::uint64_t>((v >> j) & 1U) << (8 * j);
  }
  return out;
}();

// How many of the added hashes have each of the 64 bits set.
class bit_counts {
 public:
  void add(std::uint64_t h) {
    for (int k = 0; k < 8; ++k)
      lanes_[k] += byte_lanes[(h >> (8 * k)) & 0xFF];
    ++added_;
    if (++pending_ == 255) flush();  // before a one-byte lane could overflow
  }
  /// Bits set in more than half of the added hashes.
  std::uint64_t majority() {
    flush();
    std::uint64_t out = 0;
    for (int bit = 0; bit < 64; ++bit) {
      if (2 * counts_[bit] > added_) out |= 1ULL << bit;
    }
    return out;
  }

 private:
  void flush() {
    for (int k = 0; k < 8; ++k) {
      for (int j = 0; j < 8; ++j)
        counts_[8 * k + j] += static_cast<int>((lanes_[k] >> (8 * j)) & 0xFF);
      lanes_[k] = 0;
    }
    pending_ = 0;
  }
  std::uint64_t lanes_[8] = {};
  int counts_[64] = {};
  int added_ = 0;
  int pending_ = 0;
};

}  // namespace

// The hash of each 3-gram of code points (a text of one or two code points is one gram of
// itself), counted while decoding: no copy of the text.
std::uint64_t simhash(std::string_view normalized) {
  bit_counts counts;
  char32_t gram[3] = {};
  std::size_t seen = 0;
  const auto add = [&](std::size_t length) {
    counts.add(std::hash<std::u32string_view>{}(std::u32string_view(gram, length)) *
               0x9E3779B97F4A7C15ULL);
  };
  for (std::size_t pos = 0; pos < normalized.size();) {
    const auto d = decode_utf8(normalized, pos);
    pos += d.size;
    if (seen < 3) {
      gram[seen] = d.cp;
    } else {
      gram[0] = gram[1];
      gram[1] = gram[2];
      gram[2] = d.cp;
    }
    if (++seen >= 3) add(3);
  }
  if (seen == 0) return 0;
  if (seen < 3) add(seen);
  return counts.majority();
}

bool is_acknowledgement(std::string_view normalized) {
  static const std::set<std::string_view> acks{
      "收到",   "好的", "好",        "ok",    "okay", "1",    "+1",     "谢谢",
      "thanks", "thx",  "thank you", "嗯",    "嗯嗯", "哈哈", "是的",   "对",
      "赞",     "yes",  "no",        "好滴",  "明白", "了解", "辛苦了", "早",
      "早上好", "晚安", "hi",        "hello", "lol",  "👍",    "🙏"};
  return code_point_count(normalized) <= 2 || acks.contains(normalized);
}

behaviour_tracker::behaviour_tracker(const rules_config& cfg)
    : cfg_(cfg),
      // Enough for every count the rules make; more would only cost memory.
      member_memory_(static_cast<std::size_t>(
          std::max({16, cfg.flood_messages, cfg.duplicate_repeats, cfg.split_messages}))) {}

match behaviour_tracker::make(const rule_set& rules, const std::string& rule,
                              const std::string& tag, std::string_view text,
                              std::string normalized) const {
  const rule_policy p = rules.policy(rule);
  return {rule,
          tag,
          p.action,
          p.shadow,
          0,
          static_cast<std::uint32_t>(text.size()),
          std::string(text),
          std::move(normalized),
          p.mute_seconds};
}

void behaviour_tracker::forget_old(std::int64_t now) {
  if (now - last_sweep_ < 60) return;
  last_sweep_ = now;
  const std::int64_t keep =
      std::max({cfg_.flood_seconds, cfg_.duplicate_seconds, cfg_.raid_seconds, cfg_.split_seconds});
  for (auto it = by_member_.begin(); it != by_member_.end();) {
    it = it->second.last_at < now - keep ? by_member_.erase(it) : std::next(it);
  }
  for (auto it = by_group_.begin(); it != by_group_.end();) {
    auto& g = it->second;
    while (!g.empty() && g.prints.front().at < now - keep)
      g.pop_oldest();
    it = g.empty() ? by_group_.erase(it) : std::next(it);
  }
}

void behaviour_tracker::forget_quietest() {
  if (by_member_.size() <= max_tracked_members) return;
  // Down to three quarters at once, so this runs once per max/4 new members.
  const std::size_t target = max_tracked_members * 3 / 4;
  std::vector<std::int64_t> last;
  last.reserve(by_member_.size());
  for (const auto& [key, history] : by_member_)
    last.push_back(history.last_at);
  const auto cut = last.begin() + static_cast<std::ptrdiff_t>(last.size() - target);
  std::nth_element(last.begin(), cut, last.end());
  const std::int64_t oldest_kept = *cut;
  // Older than the cut first; then, as many members share a second, from the cut's own second.
  for (const bool at_cut : {false, true}) {
    for (auto it = by_member_.begin(); it != by_member_.end() && by_member_.size() > target;) {
      const auto at = it->second.last_at;
      const bool quiet = at_cut ? at == oldest_kept : at < oldest_kept;
      it = quiet ? by_member_.erase(it) : std::next(it);
    }
  }
}

std::vector<std::string> behaviour_tracker::hand_out(std::vector<seen*> copies,
                                                     member_history& mine, group_history& theirs) {
  std::vector<std::string> ids;
  for (seen* copy : copies) {
    if (copy->handed_out || copy->message_id.empty()) continue;
    ids.push_back(copy->message_id);
    // The member's memory and the group's each hold a record of the message: mark both.
    for (auto& s : mine.messages)
      s.handed_out |= s.message == copy->message;
    for (auto& s : theirs.messages)
      s.handed_out |= s.message == copy->message;
  }
  return ids;
}

// The same text, or a near one (simhash within near_bits) when both are long enough for a
// simhash to mean something.
bool behaviour_tracker::same_text(const fingerprint& a, const fingerprint& b) {
  if (a.text_id == b.text_id) return true;
  if (a.length < 8 || b.length < 8) return false;
  // At most near_bits bits differ: clearing that many lowest set bits leaves nothing. (Without
  // -mpopcnt, std::popcount is a library call; this is three instructions a bit.)
  std::uint64_t differ = a.hash ^ b.hash;
  for (int i = 0; i < near_bits && differ != 0; ++i)
    differ &= differ - 1;
  return differ == 0;
}

// A message seen before is an edit, or a redelivery of an update whose first processing was
// rolled back: it replaces its earlier self and never counts against it (flood, duplicate).
void behaviour_tracker::forget_message(member_history& mine, group_history& theirs, const seen& now,
                                       const std::string& message_id) {
  const auto same = [&](const seen& s) { return s.message == now.message; };
  const auto before = mine.messages.size();
  std::erase_if(mine.messages, same);
  std::erase_if(mine.texts, [&](const said& t) { return t.message_id == message_id; });
  // Only a message still in the member's own memory needs looking for in the group's: one
  // older than that left behind in the group's memory counts for nothing there (a raid counts
  // members, not messages).
  if (mine.messages.size() == before) return;
  for (std::size_t i = 0; i < theirs.messages.size();) {
    const auto& s = theirs.messages[i];
    if (same(s) && s.member == now.member) {
      theirs.erase_at(i);
    } else {
      ++i;
    }
  }
}

void behaviour_tracker::group_history::push(seen message, std::size_t most) {
  if (prints.size() == most) {
    pop_oldest();
  } else if (prints.full()) {
    prints.set_capacity(std::clamp<std::size_t>(2 * prints.size(), 8, most));
  }
  prints.push_back(message.print);
  messages.push_back(std::move(message));
}

void behaviour_tracker::group_history::pop_oldest() {
  prints.pop_front();
  messages.pop_front();
}

void behaviour_tracker::group_history::erase_at(std::size_t i) {
  const auto at = static_cast<std::ptrdiff_t>(i);
  prints.erase(prints.begin() + at);
  messages.erase(messages.begin() + at);
}

std::vector<behaviour_match> behaviour_tracker::observe(
    const std::string& group, const std::string& member, std::string_view text,
    std::string normalized, const std::string& message_id, std::int64_t at, const rule_set& rules,
    bool suspicious) {
  forget_old(at);
  const std::hash<std::string_view> hash_of;
  seen now{{at, simhash(normalized), hash_of(normalized),
            static_cast<std::uint32_t>(code_point_count(normalized))},
           hash_of(message_id),
           hash_of(member),
           message_id};
  auto [found, added] = by_member_.try_emplace(group + "\x1f" + member);
  if (added) {
    found->second.last_at = at;  // the newest: never among the quietest forgotten now
    forget_quietest();
    found = by_member_.try_emplace(group + "\x1f" + member).first;
  }
  auto& mine = found->second;
  auto& theirs = by_group_[group];
  if (!message_id.empty()) forget_message(mine, theirs, now, message_id);
  std::vector<behaviour_match> out;

  const auto recent = std::count_if(mine.messages.begin(), mine.messages.end(), [&](const seen& s) {
    return s.print.at > at - cfg_.flood_seconds;
  });
  if (recent + 1 >= cfg_.flood_messages) {
    out.push_back({make(rules, "flood", "behaviour", text,
                        std::to_string(cfg_.flood_messages) + " messages in " +
                            std::to_string(cfg_.flood_seconds) + "s"),
                   {}});
  }
  if (!is_acknowledgement(normalized)) {
    const auto similar = [&](const fingerprint& s, std::int64_t window) {
      return s.at > at - window && same_text(s, now.print);
    };
    std::vector<seen*> repeats;
    for (auto& s : mine.messages) {
      if (similar(s.print, cfg_.duplicate_seconds)) repeats.push_back(&s);
    }
    if (static_cast<int>(repeats.size()) + 1 >= cfg_.duplicate_repeats) {
      // Every copy in the window goes, not only the one that tipped it over.
      out.push_back({make(rules, "duplicate", "behaviour", text, normalized),
                     hand_out(std::move(repeats), mine, theirs)});
      now.handed_out = true;  // removed with the decision on it, never again as a copy
    }
    // Only a suspicious message can complete a raid: the group's memory is read for those only.
    if (suspicious) {
      std::set<std::uint64_t> members{now.member};
      std::vector<seen*> copies;
      auto whole = theirs.messages.begin();
      for (const auto& print : theirs.prints) {
        if (similar(print, cfg_.raid_seconds)) {
          members.insert(whole->member);
          copies.push_back(&*whole);
        }
        ++whole;
      }
      if (static_cast<int>(members.size()) >= cfg_.raid_members) {
        // The raiders' earlier copies go too, each once however long the raid goes on.
        out.push_back({make(rules, "raid", "behaviour", text, normalized),
                       hand_out(std::move(copies), mine, theirs)});
        now.handed_out = true;
      }
    }
  }
  said words{at, std::string(text), message_id};
  auto split = split_across(mine, words, rules);
  out.insert(out.end(), std::make_move_iterator(split.begin()),
             std::make_move_iterator(split.end()));

  mine.last_at = std::max(mine.last_at, at);
  mine.messages.push_back(now);
  if (mine.messages.size() > member_memory_) mine.messages.erase(mine.messages.begin());
  mine.texts.push_back(std::move(words));
  const auto keep_texts = static_cast<std::size_t>(std::max(0, cfg_.split_messages - 1));
  if (mine.texts.size() > keep_texts) {
    mine.texts.erase(mine.texts.begin(), mine.texts.begin() + static_cast<std::ptrdiff_t>(
                                                                  mine.texts.size() - keep_texts));
  }
  if (suspicious) theirs.push(std::move(now), group_memory);
  return out;
}

// The member's last few messages read as one text: a match that starts in an earlier message
// and ends in this one was split on purpose (加我微 | 信abc123).
std::vector<behaviour_match> behaviour_tracker::split_across(const member_history& history,
                                                             const said& now,
                                                             const rule_set& rules) const {
  std::vector<const said*> parts;
  for (auto it = history.texts.rbegin();
       it != history.texts.rend() && static_cast<int>(parts.size()) + 1 < cfg_.split_messages;
       ++it) {
    if (it->at <= now.at - cfg_.split_seconds) break;
    parts.insert(parts.begin(), &*it);
  }
  if (parts.empty()) return {};
  std::string joined;
  std::vector<std::size_t> starts;
  for (const said* p : parts) {
    starts.push_back(joined.size());
    joined += p->text;
  }
  const std::size_t boundary = joined.size();
  joined += now.text;
  std::vector<behaviour_match> out;
  for (auto& m : rules.scan(joined)) {
    if (m.begin >= boundary || m.end <= boundary) continue;  // not across the last boundary
    if (m.rule == "links" || m.rule == "mentions") continue;
    behaviour_match found{make(rules, "split", m.tag, now.text, m.normalized), {}};
    found.what.matched = m.matched;
    for (std::size_t i = 0; i < parts.size(); ++i) {
      const std::size_t end = i + 1 < parts.size() ? starts[i + 1] : boundary;
      if (m.begin < end && m.end > starts[i]) {
        found.earlier_message_ids.push_back(parts[i]->message_id);
      }
    }
    out.push_back(std::move(found));
  }
  return out;
}

}  // namespace steward::rules
