#include "bot/app/rules_cli.hpp"

#include <nlohmann/json.hpp>

#include <ostream>

#include "rules/rule_set.hpp"
#include "rules/word_list.hpp"

namespace steward::app {

namespace {

using json = nlohmann::ordered_json;  // keys in the documented order

json match_json(const rules::match& m) {
  json j{{"rule", m.rule},         {"tag", m.tag},
         {"start", m.begin},       {"end", m.end},
         {"matched", m.matched},   {"normalized", m.normalized},
         {"action", m.action}};
  if (m.shadow) j["shadow"] = true;
  return j;
}

json verdict_json(const std::string& text, const rules::verdict& v) {
  json matches = json::array();
  for (const auto& m : v.matches) matches.push_back(match_json(m));
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

}  // namespace steward::app
namespace steward::app {
int run_rules_replay(const config&, std::int64_t, std::ostream&, std::ostream& err) {
  err << "steward: replay: TODO\n";
  return 1;
}
}  // namespace steward::app
