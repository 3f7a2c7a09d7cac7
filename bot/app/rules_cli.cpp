#include "bot/app/rules_cli.hpp"

#include <chrono>
#include <map>
#include <nlohmann/json.hpp>
#include <ostream>

#include "handlers/rule_replay.hpp"
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
  // The rules as they are in force: with the shadow switches operators set.
  engine->switches().replace(store.shadow_switches());
  const auto report = handlers::replay_rules(*engine, store, unix_now() - since_seconds);
  for (const auto& change : report.changes) {
    out << handlers::change_json(change).dump(-1, ' ', false, json::error_handler_t::replace)
        << "\n";
  }
  out << json{{"summary",
               {{"messages", report.messages},
                {"changed", report.changed},
                {"since_seconds", since_seconds}}}}
             .dump()
      << "\n";
  return 0;
}

}  // namespace steward::app
