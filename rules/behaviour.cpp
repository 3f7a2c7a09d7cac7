#include "rules/behaviour.hpp"

#include <algorithm>
#include <bit>
#include <functional>
#include <set>

#include "rules/normalizer.hpp"
#include "rules/utf8.hpp"

namespace steward::rules {

namespace {

constexpr int near_bits = 3;  // SimHash distance that still counts as the same text
constexpr std::size_t member_memory = 32;
constexpr std::size_t group_memory = 512;

std::u32string code_points(std::string_view s) {
  std::u32string out;
  for (std::size_t pos = 0; pos < s.size();) {
    const auto d = decode_utf8(s, pos);
    out += d.cp;
    pos += d.size;
  }
  return out;
}

std::size_t code_point_count(std::string_view s) {
  // Every byte that is not a UTF-8 continuation byte starts a code point.
  return static_cast<std::size_t>(
      std::count_if(s.begin(), s.end(), [](char c) { return (c & 0xC0) != 0x80; }));
}

}  // namespace

std::uint64_t simhash(std::string_view normalized) {
  const std::u32string cps = code_points(normalized);
  if (cps.empty()) return 0;
  int weights[64] = {};
  const std::size_t n = cps.size() < 3 ? 1 : cps.size() - 2;
  for (std::size_t i = 0; i < n; ++i) {
    // A view, not a substring: the same hash (the standard says so) without an allocation.
    const std::uint64_t h =
        std::hash<std::u32string_view>{}(std::u32string_view(cps).substr(i, 3)) *
        0x9E3779B97F4A7C15ULL;
    for (int bit = 0; bit < 64; ++bit)
      weights[bit] += (h >> bit) & 1 ? 1 : -1;
  }
  std::uint64_t out = 0;
  for (int bit = 0; bit < 64; ++bit) {
    if (weights[bit] > 0) out |= 1ULL << bit;
  }
  return out;
}

bool is_acknowledgement(std::string_view normalized) {
  static const std::set<std::string_view> acks{
      "收到",   "好的", "好",        "ok",    "okay", "1",    "+1",     "谢谢",
      "thanks", "thx",  "thank you", "嗯",    "嗯嗯", "哈哈", "是的",   "对",
      "赞",     "yes",  "no",        "好滴",  "明白", "了解", "辛苦了", "早",
      "早上好", "晚安", "hi",        "hello", "lol",  "👍",    "🙏"};
  return code_point_count(normalized) <= 2 || acks.contains(normalized);
}

behaviour_tracker::behaviour_tracker(const rules_config& cfg) : cfg_(cfg) {}

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
  for (auto* table : {&by_member_, &by_group_}) {
    for (auto it = table->begin(); it != table->end();) {
      auto& q = it->second;
      while (!q.empty() && q.front().at < now - keep)
        q.pop_front();
      it = q.empty() ? table->erase(it) : std::next(it);
    }
  }
}

// The same text, or a near one (simhash within near_bits) when both are long enough for a
// simhash to mean something.
bool behaviour_tracker::same_text(const seen& a, const seen& b) {
  if (a.normalized == b.normalized) return true;
  return a.length >= 8 && b.length >= 8 && std::popcount(a.hash ^ b.hash) <= near_bits;
}

std::vector<behaviour_match> behaviour_tracker::observe(
    const std::string& group, const std::string& member, std::string_view text,
    std::string normalized, const std::string& message_id, std::int64_t at, const rule_set& rules,
    bool suspicious) {
  forget_old(at);
  const seen now{std::string(text),
                 normalized,
                 simhash(normalized),
                 code_point_count(normalized),
                 message_id,
                 member,
                 at,
                 suspicious};
  auto& mine = by_member_[group + "\x1f" + member];
  auto& theirs = by_group_[group];
  // A message seen before is an edit, or a redelivery of an update whose first processing was
  // rolled back: it replaces its earlier self and never counts against it (flood, duplicate).
  if (!message_id.empty()) {
    const auto same = [&](const seen& s) {
      return s.message_id == message_id && s.member == member;
    };
    // Only a message still in the member's own memory needs looking for in the group's: one
    // older than that left behind in the group's memory counts for nothing there (a raid counts
    // members, not messages).
    const auto before = mine.size();
    mine.erase(std::remove_if(mine.begin(), mine.end(), same), mine.end());
    if (mine.size() != before)
      theirs.erase(std::remove_if(theirs.begin(), theirs.end(), same), theirs.end());
  }
  std::vector<behaviour_match> out;

  const auto recent = [&](const std::deque<seen>& q, std::int64_t window) {
    return std::count_if(q.begin(), q.end(), [&](const seen& s) { return s.at > at - window; });
  };
  if (recent(mine, cfg_.flood_seconds) + 1 >= cfg_.flood_messages) {
    out.push_back({make(rules, "flood", "behaviour", text,
                        std::to_string(cfg_.flood_messages) + " messages in " +
                            std::to_string(cfg_.flood_seconds) + "s"),
                   {}});
  }
  if (!is_acknowledgement(normalized)) {
    const auto similar = [&](const seen& s, std::int64_t window) {
      return s.at > at - window && same_text(s, now);
    };
    const auto repeats = std::count_if(mine.begin(), mine.end(), [&](const seen& s) {
      return similar(s, cfg_.duplicate_seconds);
    });
    if (repeats + 1 >= cfg_.duplicate_repeats) {
      out.push_back({make(rules, "duplicate", "behaviour", text, normalized), {}});
    }
    std::set<std::string> members{member};
    for (const auto& s : theirs) {
      if (s.suspicious && similar(s, cfg_.raid_seconds)) members.insert(s.member);
    }
    if (suspicious && static_cast<int>(members.size()) >= cfg_.raid_members) {
      out.push_back({make(rules, "raid", "behaviour", text, normalized), {}});
    }
  }
  auto split = split_across(mine, now, rules);
  out.insert(out.end(), std::make_move_iterator(split.begin()),
             std::make_move_iterator(split.end()));

  mine.push_back(now);
  if (mine.size() > member_memory) mine.pop_front();
  theirs.push_back(std::move(now));
  if (theirs.size() > group_memory) theirs.pop_front();
  return out;
}

// The member's last few messages read as one text: a match that starts in an earlier message
// and ends in this one was split on purpose (加我微 | 信abc123).
std::vector<behaviour_match> behaviour_tracker::split_across(const std::deque<seen>& history,
                                                             const seen& now,
                                                             const rule_set& rules) const {
  std::vector<const seen*> parts;
  for (auto it = history.rbegin();
       it != history.rend() && static_cast<int>(parts.size()) + 1 < cfg_.split_messages; ++it) {
    if (it->at <= now.at - cfg_.split_seconds) break;
    parts.insert(parts.begin(), &*it);
  }
  if (parts.empty()) return {};
  std::string joined;
  std::vector<std::size_t> starts;
  for (const seen* p : parts) {
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
