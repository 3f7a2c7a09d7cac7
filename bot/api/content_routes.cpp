// Admin API: FAQ entries and scheduled posts (list, save, remove), put in force at once.

#include <date/date.h>
#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <limits>
#include <sstream>
#include <type_traits>

#include "bot/api/detail/answers.hpp"
#include "bot/api/detail/call.hpp"
#include "bot/core/cron.hpp"
#include "bot/core/log.hpp"
#include "handlers/word_edits.hpp"
#include "storage/backend.hpp"

namespace steward::api {

using namespace detail;

namespace {

using field_problem = handlers::entry_problem;

bool valid_id(const std::string& id) {
  if (id.empty() || id.size() > 64) return false;
  for (const char c : id) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '_') return false;
  }
  return true;
}

json faq_json(const handlers::faq_entry& e) {
  return {{"id", e.id},
          {"triggers", e.triggers},
          {"match", e.match},
          {"answer", e.answer},
          {"priority", e.priority},
          {"cooldown_s", e.cooldown_s},
          {"groups", json(std::vector<std::string>(e.groups.begin(), e.groups.end()))}};
}

json schedule_json(const handlers::schedule_entry& e) {
  json out{{"id", e.id},           {"once", e.once ? json(*e.once) : json(nullptr)},
           {"groups", e.groups},   {"text", e.text},
           {"enabled", e.enabled}, {"missed", e.catch_up ? "catch_up" : "skip"}};
  out["cron"] = e.cron.empty() ? json(nullptr) : json(e.cron);
  return out;
}

/// The next (at most) five runs of a post after `now_s` in `zone`; none when it is disabled.
json next_runs(const handlers::schedule_entry& e, std::int64_t now_s, const std::string& zone) {
  json out = json::array();
  if (!e.enabled) return out;
  if (e.once) {
    if (*e.once > now_s) out.push_back(*e.once);
    return out;
  }
  std::string error;
  const auto cron = core::cron_expression::parse(e.cron, error);
  std::int64_t after = now_s;
  for (int i = 0; cron && i < 5; ++i) {
    const auto next = cron->next_after(after, zone);
    if (!next) break;
    out.push_back(*next);
    after = *next;
  }
  return out;
}

/// An FAQ entry with the moderation rules its triggers collide with: a member asking it would
/// be acted on before the FAQ could answer.
json faq_listing(const handlers::faq_entry& e, const rules::rule_set& rules) {
  json entry = faq_json(e);
  json collisions = json::array();
  for (const auto& trigger : e.match == "regex" ? std::vector<std::string>{} : e.triggers) {
    for (const auto& m : rules.scan(trigger)) {
      if (m.shadow || m.action == "flag") continue;
      collisions.push_back(
          {{"trigger", trigger}, {"rule", m.rule}, {"tag", m.tag}, {"action", m.action}});
    }
  }
  entry["collisions"] = collisions;
  return entry;
}

/// Reads an optional member of `body` into `out` when it has type `T`.
template <typename T>
bool read(const json& body, const char* name, T& out, std::optional<field_problem>& problem,
          const char* expected) {
  const auto it = body.find(name);
  if (it == body.end() || it->is_null()) return false;
  if constexpr (std::is_integral_v<T> && !std::is_same_v<T, bool>) {
    // nlohmann would convert 1.5 or 2.6e29 by a cast (a fraction dropped, or undefined
    // behaviour out of range): only whole numbers that fit are taken.
    const bool fits =
        it->is_number_integer() && !(it->is_number_unsigned() &&
                                     it->template get<std::uint64_t>() >
                                         static_cast<std::uint64_t>(std::numeric_limits<T>::max()));
    if (!fits) {
      problem = field_problem{name, std::string(name) + " must be " + expected};
      return false;
    }
  }
  try {
    out = it->get<T>();
    return true;
  } catch (const json::exception&) {
    problem = field_problem{name, std::string(name) + " must be " + expected};
    return false;
  }
}

std::optional<handlers::faq_entry> faq_from_json(const std::string& id, const json& body,
                                                 std::optional<field_problem>& problem) {
  handlers::faq_entry e;
  e.id = id;
  read(body, "triggers", e.triggers, problem, "a list of texts");
  read(body, "match", e.match, problem, "exact, contains or regex");
  read(body, "answer", e.answer, problem, "a text");
  read(body, "priority", e.priority, problem, "a whole number");
  read(body, "cooldown_s", e.cooldown_s, problem, "a number of seconds");
  std::vector<std::string> groups;
  if (read(body, "groups", groups, problem, "a list of chat ids")) {
    e.groups = {groups.begin(), groups.end()};
  }
  if (problem) return std::nullopt;
  if (e.cooldown_s < 0) problem = field_problem{"cooldown_s", "cooldown_s must be 0 or more"};
  if (!problem) problem = handlers::check_faq(e);
  if (problem) return std::nullopt;
  return e;
}

/// A Unix time, or an ISO 8601 date-time with an offset ("2026-12-01T09:00:00+08:00").
std::optional<std::int64_t> parse_time(const json& value) {
  if (value.is_number_integer()) return value.get<std::int64_t>();
  if (!value.is_string()) return std::nullopt;
  std::istringstream in(value.get<std::string>());
  date::sys_seconds at;
  in >> date::parse("%FT%T%Ez", at);
  if (in.fail()) return std::nullopt;
  return at.time_since_epoch().count();
}

std::optional<handlers::schedule_entry> schedule_from_json(const std::string& id, const json& body,
                                                           std::optional<field_problem>& problem) {
  handlers::schedule_entry e;
  e.id = id;
  read(body, "cron", e.cron, problem, "a cron expression");
  read(body, "groups", e.groups, problem, "a list of chat ids");
  read(body, "text", e.text, problem, "a text");
  read(body, "enabled", e.enabled, problem, "true or false");
  std::string missed = "skip";
  read(body, "missed", missed, problem, "skip or catch_up");
  if (const auto once = body.find("once"); once != body.end() && !once->is_null()) {
    e.once = parse_time(*once);
    if (!e.once) {
      problem = field_problem{"once", "once must be a Unix time or a date-time with an offset"};
    }
  }
  if (problem) return std::nullopt;
  if (missed != "skip" && missed != "catch_up") {
    problem = field_problem{"missed", "missed must be skip or catch_up"};
    return std::nullopt;
  }
  e.catch_up = missed == "catch_up";
  if ((problem = handlers::check_schedule(e))) return std::nullopt;
  return e;
}

/// Configured entries with the saved ones laid over them by id.
template <typename Entry, typename Parse>
std::vector<Entry> merged(const std::vector<Entry>& configured,
                          const std::vector<storage::content_entry>& saved, Parse parse) {
  std::vector<Entry> out = configured;
  for (const auto& s : saved) {
    std::erase_if(out, [&](const Entry& e) { return e.id == s.id; });
    if (!s.spec) continue;
    std::optional<field_problem> problem;
    const json body = json::parse(*s.spec, nullptr, false);
    if (auto e = parse(s.id, body, problem)) {
      out.push_back(std::move(*e));
    } else {
      core::log_warn("content.unused", "a saved entry is not used",
                     {core::field("kind", s.kind), core::field("id", s.id),
                      core::field("error", problem ? problem->message : "not JSON")});
    }
  }
  return out;
}

}  // namespace

std::optional<response> admin_api::route_content(const call& c) {
  if (c.parts.empty() || (c.parts[0] != "faq" && c.parts[0] != "schedules")) return std::nullopt;
  const bool is_faq = c.parts[0] == "faq";
  if ((is_faq && content_.faq == nullptr) || (!is_faq && content_.schedules == nullptr)) {
    return std::nullopt;
  }
  if (c.parts.size() == 1) {
    return unless(c.refuse("GET", 1), [&] { return is_faq ? faq() : schedules(c); });
  }
  if (c.parts.size() != 2) return std::nullopt;
  const std::string& id = c.parts[1];
  if (!valid_id(id)) {
    return problem(400, "bad_request", "an id is 1-64 letters, digits, - or _", "id");
  }
  if (c.req.method == "PUT") {
    return unless(c.refuse("PUT", 2),
                  [&] { return is_faq ? save_faq(c, id) : save_schedule(c, id); });
  }
  if (c.req.method == "DELETE") {
    return unless(c.refuse("DELETE", 2),
                  [&] { return remove_content(c, is_faq ? "faq" : "schedule", id); });
  }
  return call::wrong_method("PUT, DELETE");
}

std::vector<handlers::faq_entry> admin_api::faq_in_force() {
  return merged(content_.configured_faq, saved_content_.all("faq"), faq_from_json);
}

std::vector<handlers::schedule_entry> admin_api::schedules_in_force() {
  return merged(content_.configured_schedules, saved_content_.all("schedule"), schedule_from_json);
}

unsigned admin_api::after_commit(std::int64_t now_s) {
  unsigned changed = 0;
  if (content_stale_ || experiments_stale_) changed |= storage::shared_state::content;
  if (words_changed_) changed |= storage::shared_state::words;
  if (groups_changed_) changed |= storage::shared_state::groups;
  if (content_stale_) apply_saved_content();
  if (words_changed_) reload_word_lists();
  if (experiments_stale_ && analytics_.experiment_runner != nullptr) {
    analytics_.experiment_runner->load(now_s);
  }
  content_stale_ = experiments_stale_ = words_changed_ = groups_changed_ = false;
  return changed;
}

void admin_api::reload_word_lists() {
  rules_.set_word_edits(handlers::word_edits_in(moderation_));
  rules_.reload();
}

void admin_api::apply_saved_content() {
  apply_saved_templates();
  if (content_.faq != nullptr) content_.faq->replace(faq_in_force());
  if (content_.schedules != nullptr) content_.schedules->replace(schedules_in_force());
  rules_.switches().replace(moderation_.shadow_switches());
}

void admin_api::apply_saved_templates() {
  if (content_.templates == nullptr) return;
  auto& book = *content_.templates;
  book.clear_stored();
  for (const auto& v : template_versions_.current()) {
    const auto bad = v.text ? handlers::template_book::check(v.key, *v.text) : std::nullopt;
    if (bad) {
      core::log_warn("template.unused", "a saved template is not used",
                     {core::field("template", v.key), core::field("scope", v.scope),
                      core::field("version", v.version), core::field("error", *bad)});
      continue;
    }
    book.set_stored(v.scope, v.key, v.text);
  }
  // The book knows groups by chat id alone: every platform's groups, in one read.
  for (const auto& [chat, language] : community_.group_languages())
    book.set_group_language(chat, language);
}

response admin_api::faq() {
  json out = json::array();
  const auto rules = rules_.for_chat("");
  for (const auto& e : content_.faq->entries())
    out.push_back(faq_listing(e, *rules));
  return answer(200, {{"faq", out}});
}

// With ?group=, each post's next five runs in that group's time zone (else UTC), so an operator
// sees what "0 9 * * 1" means before Monday comes.
response admin_api::schedules(const call& c) {
  std::string zone = "UTC";
  if (const auto chat = query_of(c.req, "group"); !chat.empty()) {
    const auto group = find_group_at(chat);
    if (!group) return problem(400, "bad_request", "no group with chat id " + chat, "group");
    zone = group->time_zone;
  }
  json out = json::array();
  for (const auto& e : content_.schedules->entries()) {
    auto entry = schedule_json(e);
    entry["next_runs"] = next_runs(e, c.now_s, zone);
    out.push_back(std::move(entry));
  }
  return answer(200, {{"time_zone", zone}, {"schedules", out}});
}

response admin_api::save_faq(const call& c, const std::string& id) {
  response error;
  const auto body = body_of(c.req, error);
  if (!body) return error;
  std::optional<field_problem> bad;
  const auto entry = faq_from_json(id, *body, bad);
  if (!entry) return problem(400, "bad_request", bad->message, bad->field);
  put_content(c, "faq", id, faq_json(*entry));
  // With its collisions, so the operator sees them when saving.
  return answer(200, faq_listing(*entry, *rules_.for_chat("")));
}

response admin_api::save_schedule(const call& c, const std::string& id) {
  response error;
  const auto body = body_of(c.req, error);
  if (!body) return error;
  std::optional<field_problem> bad;
  const auto entry = schedule_from_json(id, *body, bad);
  if (!entry) return problem(400, "bad_request", bad->message, bad->field);
  put_content(c, "schedule", id, schedule_json(*entry));
  return answer(200, schedule_json(*entry));
}

response admin_api::remove_content(const call& c, const std::string& kind, const std::string& id) {
  if (!in_force(kind, id)) return problem(404, "not_found", "no " + kind + " entry " + id, "id");
  put_content(c, kind, id, std::nullopt);
  return answer(200, {{"removed", id}});
}

std::optional<std::string> admin_api::in_force(const std::string& kind, const std::string& id) {
  if (kind == "faq") {
    for (const auto& e : content_.faq->entries()) {
      if (e.id == id) return faq_json(e).dump();
    }
  } else {
    for (const auto& e : content_.schedules->entries()) {
      if (e.id == id) return schedule_json(e).dump();
    }
  }
  return std::nullopt;
}

// Saves (or removes) an entry, puts the result in force and audits before and after.
void admin_api::put_content(const call& c, const std::string& kind, const std::string& id,
                            const std::optional<json>& after) {
  const auto before = in_force(kind, id);
  const auto spec = after ? std::optional<std::string>(after->dump()) : std::nullopt;
  saved_content_.put({kind, id, spec, c.who.name, c.now_s});
  tokens_.audit({0, c.who.name, kind + (after ? ".save" : ".remove"), id, before.value_or("null"),
                 spec.value_or("null"), c.now_s});
  content_stale_ = true;  // in force once committed
}

// Saved entries are kept by chat id, which Telegram changes when a group becomes a supergroup.
void admin_api::follow_chat(const std::string& from, const std::string& to, std::int64_t now_s) {
  const std::string old_scope = handlers::template_book::group_scope(from);
  const std::string new_scope = handlers::template_book::group_scope(to);
  const std::string note = "the group moved from " + from;
  for (const auto& v : template_versions_.current()) {
    // A text already saved for the new id (both ids were groups) stays in force.
    if (v.scope != old_scope || !v.text || template_versions_.latest(new_scope, v.key)) continue;
    template_versions_.append({new_scope, v.key, 0, v.text, "steward", note, now_s});
  }
  for (const char* kind : {"faq", "schedule"}) {
    for (const auto& saved : saved_content_.all(kind)) {
      if (!saved.spec) continue;
      json spec = json::parse(*saved.spec, nullptr, false);
      if (!spec.is_object() || !spec.contains("groups") || !spec["groups"].is_array()) continue;
      bool named = false;
      for (auto& g : spec["groups"]) {
        if (g == from) {
          g = to;
          named = true;
        }
      }
      if (named) saved_content_.put({kind, saved.id, spec.dump(), "steward", now_s});
    }
  }
  tokens_.audit({0, "steward", "chat.migrate", from, json{{"chat_id", from}}.dump(),
                 json{{"chat_id", to}}.dump(), now_s});
  content_stale_ = true;  // in force once committed
}

}  // namespace steward::api
