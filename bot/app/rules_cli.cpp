#include "bot/app/rules_cli.hpp"

#include <chrono>
#include <map>
#include <nlohmann/json.hpp>
#include <ostream>

#include "rules/engine.hpp"
#include "rules/rule_set.hpp"
#include "rules/word_list.hpp"
#include "storage/database.hpp"
#include "storage/moderation_store.hpp"

namespace steward::app {

namespace {

using json = nlohmann::ordered_json;  // keys in the documented order

json match_json(const rules::match& m) {
  json j{{"rule", m.rule},    {"tag", m.tag},         {"start", m.begin},
         {"end", m.end},      {"matched", m.matched}, {"normalized", m.normalized},
         {"action", m.action}};
  if (m.shadow) j["shadow"] = true;
  return j;
}

json verdict_json(const std::string& text, const rules::verdict& v) {
  json matches = json::array();
  for (const auto& m : v.matches)
    matches.push_back(match_json(m));
  return {{"text", text}, {"action", v.action}, {"matches", std::move(matches)}};
}

}  // namespace

int run_rules_test(const config& cfg, const std::string& group,
                   const std::vector<std::string>& texts, std::ostream& out, std::ostream& err) {
  std::shared_ptr<const rules::rule_set> set;
  try {
    set = rules::rule_set::compile(cfg.moderation, group);
  } catch (const rules::rules_error& e) {
    err << "steward: " << e.what() << "\n";
    return 2;
  }
  for (const auto& text : texts) {
    const auto v = rules::decide(set->scan(text, false));
    out << verdict_json(text, v).dump(-1, ' ', false, json::error_handler_t::replace) << "\n";
  }
  return 0;
}

namespace {

constexpr std::size_t max_samples = 3;

/// How one rule's verdicts changed over the replayed messages.
struct rule_change {
  int newly = 0;      // would act now, was left alone then
  int no_longer = 0;  // was acted on then, would be left alone now
  json samples = json::array();
};

void add_sample(rule_change& change, const storage::stored_message& m, const std::string& now,
                const std::string& then) {
  if (change.samples.size() >= max_samples) return;
  change.samples.push_back({{"chat_id", m.chat_id},
                            {"message_id", m.message_id},
                            {"text", m.text},
                            {"now", now},
                            {"then", then.empty() ? "none" : then}});
}

std::int64_t unix_now() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace

int run_rules_replay(const config& cfg, std::int64_t since_seconds, std::ostream& out,
                     std::ostream& err) {
  std::unique_ptr<rules::rules_engine> engine;
  try {
    engine = std::make_unique<rules::rules_engine>(cfg.moderation);
  } catch (const rules::rules_error& e) {
    err << "steward: " << e.what() << "\n";
    return 2;
  }
  storage::database db(cfg.storage);
  db.migrate();
  storage::moderation_store store(db);
  std::map<std::string, rule_change> changes;
  int replayed = 0, changed = 0;
  for (const auto& m : store.messages_since(unix_now() - since_seconds)) {
    ++replayed;
    // Read as it was read then (a newcomer's stricter rules); admins' removals, behaviour findings
    // and exempt members' messages are not in the comparison (see taken_for, record_message).
    const auto v = rules::decide(engine->for_chat(m.chat_id)->scan(m.text, m.newcomer));
    const std::string then = store.taken_for(m.group_id, m.message_id);
    const bool acts_now = v.action != "allow" && v.action != "flag";
    const bool acted_then = !then.empty() && then.rfind("flag", 0) != 0;
    if (acts_now == acted_then) continue;
    ++changed;
    std::string rule = "(cleared)";
    int strongest = -1;
    for (const auto& match : v.matches) {
      if (acts_now && !match.shadow && rules::action_rank(match.action) > strongest) {
        strongest = rules::action_rank(match.action);
        rule = match.rule;
      }
    }
    auto& change = changes[rule];
    (acts_now ? change.newly : change.no_longer) += 1;
    add_sample(change, m, v.action, then);
  }
  for (const auto& [rule, change] : changes) {
    out << json{{"rule", rule},
                {"newly_matched", change.newly},
                {"no_longer_matched", change.no_longer},
                {"samples", change.samples}}
               .dump(-1, ' ', false, json::error_handler_t::replace)
        << "\n";
  }
  out << json{{"summary",
               {{"messages", replayed}, {"changed", changed}, {"since_seconds", since_seconds}}}}
             .dump()
      << "\n";
  return 0;
}

}  // namespace steward::app
