#include "bot/app/rules_cli.hpp"

#include <chrono>
#include <cmath>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <ostream>
#include <set>

#include "bot/app/store_engine.hpp"
#include "handlers/rule_replay.hpp"
#include "handlers/word_edits.hpp"
#include "rules/engine.hpp"
#include "rules/rule_set.hpp"
#include "rules/word_list.hpp"
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

/// The rules in force for `group`, or null after telling `err` why they do not compile.
std::shared_ptr<const rules::rule_set> compile_or_report(const config& cfg,
                                                         const std::string& group,
                                                         std::ostream& err) {
  try {
    return rules::rule_set::compile(cfg.moderation, group);
  } catch (const rules::rules_error& e) {
    err << "steward: " << e.what() << "\n";
    return nullptr;
  }
}

}  // namespace

int run_rules_test(const config& cfg, const std::string& group,
                   const std::vector<std::string>& texts, std::ostream& out, std::ostream& err) {
  const auto set = compile_or_report(cfg, group, err);
  if (!set) return 2;
  for (const auto& text : texts) {
    const auto v = rules::decide(set->scan(text, false));
    out << verdict_json(text, v).dump(-1, ' ', false, json::error_handler_t::replace) << "\n";
  }
  return 0;
}

namespace {

/// A line of a text corpus as a member would have sent it: without terminal colour codes.
std::string without_ansi_codes(const std::string& line) {
  std::string out;
  for (std::size_t i = 0; i < line.size(); ++i) {
    if (line[i] == '\x1b' && i + 1 < line.size() && line[i + 1] == '[') {
      i += 2;
      while (i < line.size() && !(line[i] >= '@' && line[i] <= '~'))
        ++i;
      continue;
    }
    out += line[i];
  }
  return out;
}

std::string lower_ascii(std::string s) {
  for (auto& c : s)
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

/// A link or e-mail address the text spells out literally is what the rule is there to see, not
/// a misreading; anything a detector assembled (from "dot", 点, spacing) or any other rule's match
/// in ordinary text is a false alarm.
bool written_out(const rules::match& m) {
  if (m.rule == "email") return m.matched.find('@') != std::string::npos;
  return m.rule == "url" && lower_ascii(m.matched).find(m.normalized) != std::string::npos;
}

struct corpus_tally {
  std::size_t lines = 0;
  std::size_t flagged = 0;
  std::size_t false_alarms = 0;
  std::map<std::string, std::size_t> by_rule;

  void count(const rules::verdict& v) {
    ++lines;
    if (v.action == "allow") return;
    ++flagged;
    bool misread = false;
    std::set<std::string> rules;
    for (const auto& m : v.matches) {
      rules.insert(m.rule);
      misread = misread || !written_out(m);
    }
    for (const auto& r : rules)
      ++by_rule[r];
    false_alarms += misread ? 1 : 0;
  }
  void add(const corpus_tally& other) {
    lines += other.lines;
    flagged += other.flagged;
    false_alarms += other.false_alarms;
    for (const auto& [rule, n] : other.by_rule)
      by_rule[rule] += n;
  }
  json to_json(const std::string& corpus) const {
    const auto percent = [&](std::size_t n) {
      return lines == 0 ? 0.0 : std::round(100000.0 * n / lines) / 1000.0;
    };
    return {{"corpus", corpus},
            {"lines", lines},
            {"flagged", flagged},
            {"flagged_percent", percent(flagged)},
            {"false_alarms", false_alarms},
            {"false_alarm_percent", percent(false_alarms)},
            {"by_rule", by_rule}};
  }
};

}  // namespace

int run_rules_stats(const config& cfg, const std::string& group,
                    const std::vector<std::string>& files, bool show_flagged, std::ostream& out,
                    std::ostream& err) {
  const auto set = compile_or_report(cfg, group, err);
  if (!set) return 2;
  std::vector<std::pair<std::string, corpus_tally>> tallies;
  for (const auto& file : files) {
    std::ifstream in(file);
    if (!in) {
      err << "steward: " << file << ": cannot be read\n";
      return 2;
    }
    corpus_tally tally;
    std::string line;
    while (std::getline(in, line)) {
      line = without_ansi_codes(line);
      if (line.find_first_not_of(" \t\r") == std::string::npos || line == "%") continue;
      const auto v = rules::decide(set->scan(line, false));
      tally.count(v);
      if (show_flagged && v.action != "allow") {
        out << verdict_json(line, v).dump(-1, ' ', false, json::error_handler_t::replace) << "\n";
      }
    }
    tallies.emplace_back(file, std::move(tally));
  }
  corpus_tally total;
  for (const auto& [file, tally] : tallies) {
    out << tally.to_json(file).dump() << "\n";
    total.add(tally);
  }
  if (tallies.size() > 1) out << total.to_json("total").dump() << "\n";
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
  const auto db = open_store(cfg, store_user::tool);
  storage::moderation_store store(*db);
  std::unique_ptr<rules::rules_engine> engine;
  try {
    // The lists as they are in force: with the edits operators made through the API.
    engine = std::make_unique<rules::rules_engine>(cfg.moderation, handlers::word_edits_in(store));
  } catch (const rules::rules_error& e) {
    err << "steward: " << e.what() << "\n";
    return 2;
  }
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
