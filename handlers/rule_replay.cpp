#include "handlers/rule_replay.hpp"

#include <map>
#include <nlohmann/json.hpp>

namespace steward::handlers {

namespace {

constexpr std::size_t max_samples = 3;

}  // namespace

replay_report replay_rules(const rules::rules_engine& engine, storage::moderation_store& store,
                           std::int64_t since, std::int64_t group_id, int limit) {
  replay_report report;
  // One more than asked says whether there were more.
  auto messages = store.messages_since(since, group_id, limit > 0 ? limit + 1 : 0);
  if (limit > 0 && messages.size() > static_cast<std::size_t>(limit)) {
    report.truncated = true;
    messages.erase(messages.begin());  // the oldest
  }
  std::map<std::string, replay_change> changes;
  for (const auto& m : messages) {
    ++report.messages;
    const auto v = rules::decide(engine.for_chat(m.chat_id)->scan(m.text, m.newcomer));
    const std::string then = store.taken_for(m.group_id, m.message_id);
    const bool acts_now = v.action != "allow" && v.action != "flag";
    const bool acted_then = !then.empty() && then.rfind("flag", 0) != 0;
    if (acts_now == acted_then) continue;
    ++report.changed;
    std::string rule = "(cleared)";
    int strongest = -1;
    for (const auto& match : v.matches) {
      if (acts_now && !match.shadow && rules::action_rank(match.action) > strongest) {
        strongest = rules::action_rank(match.action);
        rule = match.rule;
      }
    }
    auto& change = changes[rule];
    change.rule = rule;
    (acts_now ? change.newly : change.no_longer) += 1;
    if (change.samples.size() < max_samples) {
      change.samples.push_back(
          {m.chat_id, m.message_id, m.text, v.action, then.empty() ? "none" : then, m.at});
    }
  }
  for (auto& [rule, change] : changes)
    report.changes.push_back(std::move(change));
  return report;
}

nlohmann::ordered_json change_json(const replay_change& change) {
  auto samples = nlohmann::ordered_json::array();
  for (const auto& s : change.samples) {
    samples.push_back({{"chat_id", s.chat_id},
                       {"message_id", s.message_id},
                       {"text", s.text},
                       {"now", s.now},
                       {"then", s.then},
                       {"at", s.at}});
  }
  return {{"rule", change.rule},
          {"newly_matched", change.newly},
          {"no_longer_matched", change.no_longer},
          {"samples", std::move(samples)}};
}

}  // namespace steward::handlers
