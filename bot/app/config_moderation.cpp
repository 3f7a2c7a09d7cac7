#include "bot/app/config_moderation.hpp"

#include <filesystem>

#include "bot/core/duration.hpp"
#include "handlers/discipline.hpp"
#include "rules/word_list.hpp"

namespace steward::app {

namespace {

namespace fs = std::filesystem;

void resolve_files(table_reader& r, const char* key, const std::string& config_file,
                   std::vector<std::string>& files) {
  r.read(key, files);
  const fs::path base = fs::path(config_file).parent_path();
  for (auto& file : files) {
    const fs::path p(file);
    if (!p.is_absolute()) file = (base / p).lexically_normal().string();
    if (!fs::is_regular_file(file)) {
      r.fail(key, "cannot read \"" + fs::absolute(file).lexically_normal().string() + "\"");
    }
  }
}

bool valid_step(const std::string& step) {
  if (step == "warn" || step == "kick" || step == "ban") return true;
  if (step.rfind("mute ", 0) != 0) return false;
  const auto seconds = core::parse_duration(step.substr(5));
  return seconds && *seconds >= handlers::shortest_timed_sanction_s;
}

// Telegram makes a mute shorter than 30 s permanent; Steward sets none under a minute.
void check_mute(table_reader& r, const char* key, std::int64_t seconds) {
  if (seconds > 0 && seconds < handlers::shortest_timed_sanction_s) {
    r.fail(key, "a mute lasts at least 1 minute (Telegram treats shorter ones as permanent)");
  }
}

void read_rule_policies(table_reader& r, const std::string& file, rules::rules_config& out,
                        std::vector<std::string>& errors) {
  const auto* rules_table = r.table("rules");
  if (rules_table == nullptr) return;
  const auto defaults = rules::rules_config::default_policies();
  for (const auto& [name_key, node] : *rules_table) {
    const std::string name(name_key.str());
    table_reader p(node.as_table(), "moderation.rules." + name, file, errors);
    if (!defaults.contains(name)) {
      r.fail("rules." + name,
             "unknown rule (known: word, phone, wechat, qq, email, url, regex, "
             "mentions, links, flood, duplicate, raid, split)");
      continue;
    }
    rules::rule_policy policy = defaults.at(name);
    p.read("enabled", policy.enabled);
    p.read("shadow", policy.shadow);
    p.read("action", policy.action);
    if (!rules::is_rule_action(policy.action)) {
      p.fail("action",
             "must be flag, delete, warn, mute, kick or ban, not \"" + policy.action + "\"");
    }
    p.read_duration("mute", policy.mute_seconds);
    check_mute(p, "mute", policy.mute_seconds);
    p.finish();
    out.rules[name] = policy;
  }
}

void read_group_rules(table_reader& r, const std::string& file, rules::rules_config& out,
                      std::vector<std::string>& errors) {
  const auto* groups = r.table("groups");
  if (groups == nullptr) return;
  for (const auto& [chat, node] : *groups) {
    table_reader g(node.as_table(), "moderation.groups." + std::string(chat.str()), file, errors);
    rules::group_rules extra;
    g.read("enabled", extra.enabled);
    resolve_files(g, "words", file, extra.words);
    resolve_files(g, "allow", file, extra.allow);
    g.finish();
    out.groups[std::string(chat.str())] = extra;
  }
}

}  // namespace

void read_moderation(table_reader r, const std::string& config_file, rules::rules_config& out,
                     std::vector<std::string>& errors) {
  r.read("enabled", out.enabled);
  resolve_files(r, "words", config_file, out.words);
  resolve_files(r, "allow", config_file, out.allow);
  resolve_files(r, "regex", config_file, out.regex);
  resolve_files(r, "homophones", config_file, out.homophones);
  r.read("allowed_domains", out.allowed_domains);
  std::string engine = "hyperscan";
  r.read("engine", engine);
  if (engine == "aho-corasick") {
    out.engine = rules::matcher_engine::aho_corasick;
  } else if (engine != "hyperscan") {
    r.fail("engine", "must be \"hyperscan\" or \"aho-corasick\", not \"" + engine + "\"");
  }
  r.read("max_mentions", out.max_mentions, 1, 1000);
  r.read("max_links", out.max_links, 1, 1000);
  r.read("flood_messages", out.flood_messages, 2, 1000);
  r.read_duration("flood_window", out.flood_seconds);
  r.read("duplicate_repeats", out.duplicate_repeats, 2, 1000);
  r.read_duration("duplicate_window", out.duplicate_seconds);
  r.read("raid_members", out.raid_members, 2, 1000);
  r.read_duration("raid_window", out.raid_seconds);
  r.read("split_messages", out.split_messages, 1, 20);
  r.read_duration("split_window", out.split_seconds);
  r.read("newcomer_messages", out.newcomer_messages, 0, 1000);
  r.read("learning_threshold", out.learning_threshold, 0.5, 1.0);
  r.read("ladder", out.ladder);
  for (const auto& step : out.ladder) {
    if (!valid_step(step)) {
      r.fail("ladder",
             "steps are \"warn\", \"mute <duration>\" (1 minute or more), \"kick\" or \"ban\", "
             "not \"" +
                 step + "\"");
    }
  }
  if (out.ladder.empty()) r.fail("ladder", "needs at least one step");
  r.read_duration("warning_decay", out.warning_decay_seconds);
  r.read_duration("log_retention", out.log_retention_seconds);
  r.read_duration("message_retention", out.message_retention_seconds);
  r.read_duration("text_retention", out.text_retention_seconds);
  r.read_ids("admin_ids", out.admin_ids);
  r.read("report_chat", out.report_chat);
  r.read("fallback", out.fallback);
  if (out.fallback != "delete" && out.fallback != "flag" && out.fallback != "kick") {
    r.fail("fallback", "must be \"delete\", \"flag\" or \"kick\"");
  }
  read_rule_policies(r, config_file, out, errors);
  read_group_rules(r, config_file, out, errors);
  r.finish();
}

}  // namespace steward::app
