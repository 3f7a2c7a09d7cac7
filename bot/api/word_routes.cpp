// Admin API: the global word and allow lists (read, add, remove), recompiled after each edit.

#include "bot/api/detail/answers.hpp"
#include "bot/api/detail/call.hpp"
#include "bot/api/detail/list_file.hpp"
#include "bot/core/group_address.hpp"
#include "handlers/rule_replay.hpp"
#include "handlers/word_edits.hpp"

namespace steward::api {

using namespace detail;

namespace {

const std::vector<std::string>& files_of(const rules::rules_config& cfg, bool allow) {
  return allow ? cfg.allow : cfg.words;
}

json entry_json(const rules::word_entry& e) {
  return {
      {"word", e.word}, {"tag", e.tag}, {"action", e.action}, {"file", e.file}, {"line", e.line}};
}

}  // namespace

std::optional<response> admin_api::route_words(const call& c) {
  if (c.is({"rules", "check"})) return unless(c.refuse("POST", 1), [&] { return check_text(c); });
  if (c.is({"rules"})) return unless(c.refuse("GET", 1), [&] { return rule_policies(); });
  if (c.is({"rules", "replay"})) return unless(c.refuse("POST", 2), [&] { return replay(c); });
  if (c.is({"rules", "*", "shadow"})) {
    return unless(c.refuse("PUT", 3), [&] { return switch_shadow(c, c.parts[1]); });
  }
  if (!c.is({"rules", "words"}) && !c.is({"rules", "allow"})) return std::nullopt;
  const bool allow = c.parts[1] == "allow";
  if (c.req.method == "GET")
    return unless(c.refuse("GET", 1), [&] { return list_words(allow, c.req); });
  if (c.req.method == "POST")
    return unless(c.refuse("POST", 2), [&] { return add_word(c, allow); });
  if (c.req.method == "DELETE") {
    return unless(c.refuse("DELETE", 2), [&] { return remove_word(c, allow); });
  }
  return call::wrong_method("GET, POST, DELETE");
}

// The sandbox: what every rule in force for a group says of a text, with the spans it matched
// (byte offsets) and what it saw there; nothing is stored or sent.
response admin_api::check_text(const call& c) {
  response error;
  const auto body = body_of(c.req, error);
  if (!body) return error;
  const std::string text = text_of(*body, "text");
  if (text.empty()) return problem(400, "bad_request", "text is required", "text");
  if (text.size() > 4096 * 4) return problem(400, "bad_request", "text is too long", "text");
  const std::string address = text_of(*body, "group");
  if (!address.empty() && !find_group_at(address)) {
    return problem(400, "bad_request", "no group with chat id " + address, "group");
  }
  const std::string chat = core::parse_group_address(address).chat_id;
  const auto newcomer = body->find("newcomer");
  if (newcomer != body->end() && !newcomer->is_boolean()) {
    return problem(400, "bad_request", "newcomer must be true or false", "newcomer");
  }
  const bool is_newcomer = newcomer != body->end() && newcomer->get<bool>();
  const auto verdict = rules::decide(rules_.for_chat(chat)->scan(text, is_newcomer));
  json matches = json::array();
  for (const auto& m : verdict.matches) {
    matches.push_back({{"rule", m.rule},
                       {"tag", m.tag},
                       {"action", m.action},
                       {"shadow", m.shadow},
                       {"start", m.begin},
                       {"end", m.end},
                       {"matched", m.matched},
                       {"normalized", m.normalized}});
  }
  return answer(200, {{"text", text},
                      {"action", verdict.action},
                      {"mute_seconds", verdict.mute_seconds},
                      {"moderated", chat.empty() || rules_.enabled_in(chat)},
                      {"rules_generation", rules_.generation()},
                      {"matches", matches}});
}

namespace {

/// The configured policy of a rule (its built-in one unless the configuration sets it).
rules::rule_policy configured_policy(const rules::rules_config& cfg, const std::string& rule) {
  const auto it = cfg.rules.find(rule);
  return it != cfg.rules.end() ? it->second : rules::rules_config::default_policies().at(rule);
}

}  // namespace

// Every rule with its policy in force: shadow as switched by an operator, or as configured.
response admin_api::rule_policies() {
  const auto switched = rules_.switches().all();
  json out = json::array();
  for (const auto& [name, builtin] : rules::rules_config::default_policies()) {
    const auto p = configured_policy(rules_.config(), name);
    const auto it = switched.find(name);
    out.push_back({{"rule", name},
                   {"enabled", p.enabled},
                   {"action", p.action},
                   {"mute_seconds", p.mute_seconds},
                   {"shadow", it != switched.end() ? it->second : p.shadow},
                   {"configured_shadow", p.shadow},
                   {"switched", it != switched.end()}});
  }
  return answer(200, {{"rules", out}});
}

// {"shadow": true | false | null}: a rule in shadow logs what it would do and does nothing;
// null goes back to the configuration. Saved in the database, in force once committed.
response admin_api::switch_shadow(const call& c, const std::string& rule) {
  const auto defaults = rules::rules_config::default_policies();
  if (!defaults.contains(rule)) return problem(404, "not_found", "no rule named " + rule, "rule");
  response error;
  const auto body = body_of(c.req, error);
  if (!body) return error;
  const auto shadow = body->find("shadow");
  if (shadow == body->end() || !(shadow->is_boolean() || shadow->is_null())) {
    return problem(400, "bad_request", "shadow must be true, false or null", "shadow");
  }
  const auto before = rules_.switches().shadow(rule);
  const std::optional<bool> after =
      shadow->is_null() ? std::nullopt : std::optional<bool>(shadow->get<bool>());
  moderation_.set_shadow_switch(rule, after, c.who.name, c.now_s);
  tokens_.audit({0, c.who.name, "rule.shadow", rule, before ? json(*before).dump() : "null",
                 after ? json(*after).dump() : "null", c.now_s});
  content_stale_ = true;  // in force once committed
  const bool in_force = after.value_or(configured_policy(rules_.config(), rule).shadow);
  return answer(200, {{"rule", rule}, {"shadow", in_force}, {"switched", after.has_value()}});
}

// {"group"?, "days"? (1-30, default 7), "limit"? (1-20000, default 5000)}: the rules in force
// replayed over the stored messages of the period (the newest `limit`), against what was done
// at the time. Runs on the core thread, hence the limit.
response admin_api::replay(const call& c) {
  response error;
  const auto body = body_of(c.req, error);
  if (!body) return error;
  const auto number = [&](const char* name, std::int64_t fallback, std::int64_t most) {
    const auto it = body->find(name);
    if (it == body->end() || it->is_null()) return fallback;
    if (!it->is_number_integer() || it->get<std::int64_t>() < 1 || it->get<std::int64_t>() > most) {
      throw bad_field(name, "a whole number from 1 to " + std::to_string(most));
    }
    return it->get<std::int64_t>();
  };
  const auto days = number("days", 7, 30);
  const auto limit = number("limit", 5000, 20000);
  std::int64_t group_id = 0;
  if (const auto chat = text_of(*body, "group"); !chat.empty()) {
    const auto group = find_group_at(chat);
    if (!group) return problem(400, "bad_request", "no group with chat id " + chat, "group");
    group_id = group->id;
  }
  const auto report = handlers::replay_rules(rules_, moderation_, c.now_s - days * 86400, group_id,
                                             static_cast<int>(limit));
  json changes = json::array();
  for (const auto& change : report.changes)
    changes.push_back(json(handlers::change_json(change)));
  return answer(200, {{"messages", report.messages},
                      {"changed", report.changed},
                      {"truncated", report.truncated},
                      {"days", days},
                      {"rules_generation", rules_.generation()},
                      {"changes", changes}});
}

namespace {

/// The list in force on this instance: its files with the stored edits laid over them.
std::vector<rules::word_entry> list_in_force(const rules::rules_config& cfg,
                                             const std::vector<rules::word_edit>& edits,
                                             bool allow) {
  std::vector<rules::word_entry> entries;
  for (const auto& file : files_of(cfg, allow)) {
    for (auto& e : rules::read_word_list(file))
      entries.push_back(std::move(e));
  }
  return rules::apply_word_edits(std::move(entries), edits, allow);
}

/// The list in force, or nullopt with `error` set when a list file cannot be read.
std::optional<std::vector<rules::word_entry>> readable_list_in_force(
    const rules::rules_config& cfg, const std::vector<rules::word_edit>& edits, bool allow,
    response& error) {
  try {
    return list_in_force(cfg, edits, allow);
  } catch (const rules::rules_error& e) {
    error = problem(500, "list_unreadable", e.what());
    return std::nullopt;
  }
}

json edit_json(const rules::word_edit& e) {
  return {{"id", e.id}, {"by", e.actor}, {"at", e.at}};
}

}  // namespace

// The list in force: each entry with the file line it comes from, or the stored edit that put
// it there; and the words stored edits took off the list (files may still hold them).
response admin_api::list_words(bool allow, const request& req) {
  const std::string search = query_of(req, "search");
  const auto edits = rules_.word_edits();
  const auto last = rules::last_word_edits(edits, allow);
  const auto found = [&](const std::string& word) {
    return search.empty() || word.find(search) != std::string::npos;
  };
  response error;
  const auto in_force = readable_list_in_force(rules_.config(), edits, allow, error);
  if (!in_force) return error;
  json entries = json::array();
  for (const auto& e : *in_force) {
    if (!found(e.word)) continue;
    auto entry = entry_json(e);
    if (e.file.empty()) {
      entry["file"] = nullptr;
      entry["line"] = nullptr;
      entry["edit"] = edit_json(*last.at(e.word));
    }
    entries.push_back(std::move(entry));
  }
  json removed = json::array();
  for (const auto& [word, e] : last) {
    if (e->removed && found(word)) removed.push_back({{"word", word}, {"edit", edit_json(*e)}});
  }
  return answer(
      200,
      {{"files", files_of(rules_.config(), allow)}, {"entries", entries}, {"removed", removed}});
}

// Every instance lays the stored edits over its own files, so an edit made here is in force
// everywhere once committed (after_commit, and other instances on hearing of it). The first
// list file, when one is configured, is edited too: it stays what `steward rules test` reads.
response admin_api::add_word(const call& c, bool allow) {
  response error;
  const auto body = body_of(c.req, error);
  if (!body) return error;
  const auto& files = files_of(rules_.config(), allow);
  rules::word_edit edit;
  edit.allow = allow;
  edit.entry = {text_of(*body, "word"), allow ? "" : text_of(*body, "tag"),
                allow ? "" : text_of(*body, "action"), "", 0};
  const auto& entry = edit.entry;
  if (const auto bad = check_list_word(entry.word); !bad.empty()) {
    return problem(400, "bad_request", bad, "word");
  }
  if (entry.tag.find_first_of("\t\r\n") != std::string::npos) {
    return problem(400, "bad_request", "the tag has a tab or a newline", "tag");
  }
  if (!entry.action.empty() && !rules::is_rule_action(entry.action)) {
    return problem(400, "bad_request", "action must be flag, delete, warn, mute, kick or ban",
                   "action");
  }
  const auto in_force = readable_list_in_force(rules_.config(), rules_.word_edits(), allow, error);
  if (!in_force) return error;
  for (const auto& e : *in_force) {
    if (e.word != entry.word) continue;
    return problem(409, "conflict",
                   "already listed " +
                       (e.file.empty() ? std::string("(added through the API)") : "in " + e.file),
                   "word");
  }
  if (!files.empty()) {
    // A word an earlier edit took off may still be in the file: it is in force again now.
    auto file_entry = entry;
    file_entry.file = files.front();
    const auto written = add_list_entry(files.front(), file_entry);
    if (!written.ok && written.problem.rfind("already listed", 0) != 0) {
      return problem(409, "conflict", written.problem, "word");
    }
  }
  edit.actor = "api:" + c.who.name;
  edit.at = c.now_s;
  moderation_.record_word_edit(handlers::stored_word_edit(edit));
  words_changed_ = true;  // compiled once committed
  auto shown = entry_json(entry);
  shown["file"] = files.empty() ? json(nullptr) : json(files.front());
  tokens_.audit({0, c.who.name, allow ? "allow.add" : "words.add",
                 files.empty() ? "" : files.front(), "", shown.dump(), c.now_s});
  return answer(202, {{"added", shown}, {"reloading", true}});
}

response admin_api::remove_word(const call& c, bool allow) {
  const std::string word = query_of(c.req, "word");
  if (word.empty()) return problem(400, "bad_request", "word is required", "word");
  response error;
  const auto in_force = readable_list_in_force(rules_.config(), rules_.word_edits(), allow, error);
  if (!in_force) return error;
  if (std::none_of(in_force->begin(), in_force->end(),
                   [&](const rules::word_entry& e) { return e.word == word; })) {
    return problem(404, "not_found", "\"" + word + "\" is not listed", "word");
  }
  json removed_from = json::array();
  for (const auto& file : files_of(rules_.config(), allow)) {
    if (remove_list_entry(file, word).ok) removed_from.push_back(file);
  }
  rules::word_edit edit;
  edit.allow = allow;
  edit.removed = true;
  edit.entry.word = word;
  edit.actor = "api:" + c.who.name;
  edit.at = c.now_s;
  moderation_.record_word_edit(handlers::stored_word_edit(edit));
  words_changed_ = true;  // compiled once committed
  tokens_.audit({0, c.who.name, allow ? "allow.remove" : "words.remove", removed_from.dump(),
                 json{{"word", word}}.dump(), "", c.now_s});
  return answer(202, {{"removed", word}, {"files", removed_from}, {"reloading", true}});
}

}  // namespace steward::api
