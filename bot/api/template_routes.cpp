// Admin API: the template book (texts in force, drafts previewed, saved versions, rollback).

#include <fmt/format.h>

#include <charconv>

#include "bot/api/detail/answers.hpp"
#include "bot/api/detail/call.hpp"
#include "bot/core/group_address.hpp"
#include "bot/core/text.hpp"
#include "handlers/markup_report.hpp"
#include "handlers/say.hpp"
#include "handlers/template_renderer.hpp"

namespace steward::api {

using namespace detail;

namespace {

/// Telegram refuses messages over 4096 characters; a template near that leaves no room.
constexpr std::size_t max_template_chars = 4000;

json version_json(const storage::template_version& v) {
  return {{"version", v.version},
          {"text", v.text ? json(*v.text) : json(nullptr)},
          {"author", v.author},
          {"note", v.note},
          {"at", v.created_at}};
}

json stored_state(const std::optional<storage::template_version>& v) {
  if (!v) return {{"version", 0}, {"text", nullptr}};
  return {{"version", v->version}, {"text", v->text ? json(*v->text) : json(nullptr)}};
}

/// A draft's problem as a 400 naming `text`, with `position`: the character (0-based) the
/// checker's "at <byte>" points to, so an editor can put the cursor there; the message counts
/// characters too.
response text_problem(const std::string& text, const std::string& message) {
  auto refused = problem(400, "bad_request", message, "text");
  const auto at = message.find(" at ");
  std::size_t byte = 0;
  const char* first = message.data() + (at == std::string::npos ? message.size() : at + 4);
  const char* last = message.data() + message.size();
  const auto [end, ec] = std::from_chars(first, last, byte);
  if (at == std::string::npos || ec != std::errc{} || byte > text.size()) return refused;
  // People count characters, not bytes: "at 12" becomes "at character 10".
  const auto position = core::count_chars(std::string_view(text).substr(0, byte));
  auto body = json::parse(refused.body);
  body["message"] = message.substr(0, at) + fmt::format(" at character {}", position + 1) +
                    std::string(end, last);
  body["position"] = position;
  return answer(400, body);
}

}  // namespace

std::optional<response> admin_api::route_templates(const call& c) {
  if (content_.templates == nullptr || c.parts.empty() || c.parts[0] != "templates") {
    return std::nullopt;
  }
  if (c.is({"templates"})) return unless(c.refuse("GET", 1), [&] { return templates(c.req); });
  if (c.is({"templates", "preview"})) {
    return unless(c.refuse("POST", 2), [&] { return preview(c.req); });
  }
  if (c.is({"templates", "*"})) {
    const std::string& key = c.parts[1];
    if (c.req.method == "PUT") {
      return unless(c.refuse("PUT", 2), [&] { return save_template(c, key); });
    }
    if (c.req.method == "DELETE") {
      return unless(c.refuse("DELETE", 2), [&] { return remove_template(c, key); });
    }
    return call::wrong_method("PUT, DELETE");
  }
  if (c.is({"templates", "*", "versions"})) {
    return unless(c.refuse("GET", 1), [&] { return template_versions(c, c.parts[1]); });
  }
  if (c.is({"templates", "*", "rollback"})) {
    return unless(c.refuse("POST", 2), [&] { return rollback_template(c, c.parts[1]); });
  }
  return std::nullopt;
}

response admin_api::templates(const request& req) {
  const std::string chat = query_of(req, "group");
  if (!chat.empty() && !find_group_at(chat)) {
    return problem(400, "bad_request", "no group with chat id " + chat, "group");
  }
  std::string lang = query_of(req, "language");
  if (lang.empty()) lang = content_.templates->language(core::parse_group_address(chat).chat_id);
  if (lang != "zh" && lang != "en") {
    return problem(400, "bad_request", "language must be zh or en", "language");
  }
  json texts = json::object();
  for (const auto& key : handlers::template_book::keys()) {
    const auto& names = handlers::template_book::placeholders(key);
    const auto resolved = content_.templates->resolve(chat, key, lang);
    texts[key] = {{"text", resolved.text},
                  {"source", resolved.source},
                  {"scope", resolved.scope},
                  {"topic", handlers::template_book::topic(key)},
                  {"placeholders", json(std::vector<std::string>(names.begin(), names.end()))}};
  }
  return answer(200, {{"language", lang}, {"templates", texts}});
}

// Renders an operator's draft with sample data, so a mistake is seen before members see it.
response admin_api::preview(const request& req) {
  response error;
  const auto body = body_of(req, error);
  if (!body) return error;
  const std::string key = text_of(*body, "key");
  const std::string text = text_of(*body, "text");
  const std::string chat = text_of(*body, "group");
  if (const auto problem_text = handlers::template_book::check(key, text)) {
    const bool bad_key = !handlers::template_book::keys().contains(key);
    if (bad_key) return problem(400, "bad_request", *problem_text, "key");
    return text_problem(text, *problem_text);
  }
  const auto group = chat.empty() ? std::nullopt : find_group_at(chat);
  const std::string title = group ? group->title : "Sample group";
  const std::string rules = handlers::render_template(
      content_.templates->text(core::parse_group_address(chat).chat_id, "rules"),
      {{"group", title}});
  const std::string rendered = handlers::render_template(
      text,
      {{"name", "Ann"},
       {"count", "2"},
       {"group", title},
       {"date", "2026-01-31"},
       {"points", "10"},
       {"balance", "120"},
       {"streak", "3"},
       {"rank", "4"},
       {"level", "2"},
       {"xp", "450"},
       {"wait", "5h 12m"},
       {"badges", "Active"},
       {"badge", "Active"},
       {"how", "check in 7 days in a row"},
       {"item", "Sticker pack"},
       {"price", "10"},
       {"code", "K7QX-M2PD"},
       {"items", "✅ sticker — Sticker pack: 10 points — 99 left"}},
      {{"mention", handlers::mention_html("1", "Ann")},
       {"mentions", handlers::mention_html("1", "Ann") + ", " + handlers::mention_html("2", "Bo")},
       {"rules", rules}});
  return answer(200, {{"key", key},
                      {"rendered", rendered},
                      {"parse_mode", "HTML"},
                      {"not_expressible", markup_report(text)}});
}

json admin_api::markup_report(const std::string& text) const {
  json out = json::array();
  for (const auto& [platform, caps] : content_.platforms) {
    const auto losses = handlers::markup_losses(text, caps);
    if (losses.empty()) continue;
    out.push_back(
        {{"platform", platform}, {"name", handlers::platform_name(platform)}, {"losses", losses}});
  }
  return out;
}

// "group" (a chat id Steward knows) or "language" (zh, en); neither: the default language.
std::optional<std::string> admin_api::scope_of(const std::string& group,
                                               const std::string& language, response& error) {
  if (!group.empty() && !language.empty()) {
    error = problem(400, "bad_request", "give group or language, not both", "language");
    return std::nullopt;
  }
  if (!group.empty()) {
    if (!find_group_at(group)) {
      error = problem(400, "bad_request", "no group with chat id " + group, "group");
      return std::nullopt;
    }
    return handlers::template_book::group_scope(core::parse_group_address(group).chat_id);
  }
  const std::string lang = language.empty() ? content_.templates->settings().language : language;
  if (lang != "zh" && lang != "en") {
    error = problem(400, "bad_request", "language must be zh or en", "language");
    return std::nullopt;
  }
  return handlers::template_book::language_scope(lang);
}

response admin_api::save_template(const call& c, const std::string& key) {
  response error;
  const auto body = body_of(c.req, error);
  if (!body) return error;
  if (!handlers::template_book::keys().contains(key)) {
    return problem(404, "not_found", *handlers::template_book::check(key, ""), "key");
  }
  const auto text = body->find("text");
  if (text == body->end() || !text->is_string()) {
    return problem(400, "bad_request", "text must be a string", "text");
  }
  const std::string draft = text->get<std::string>();
  if (const auto problem_text = handlers::template_book::check(key, draft)) {
    return text_problem(draft, *problem_text);
  }
  if (draft.empty() || core::count_chars(draft) > max_template_chars) {
    return problem(400, "bad_request",
                   fmt::format("text must be 1-{} characters", max_template_chars), "text");
  }
  const auto scope = scope_of(text_of(*body, "group"), text_of(*body, "language"), error);
  if (!scope) return error;
  auto saved = put_in_force(c, "template.save", *scope, key, draft, text_of(*body, "note"));
  // Saved all the same (each platform shows what it can); the operator is told what is lost.
  auto shown = json::parse(saved.body);
  shown["not_expressible"] = markup_report(draft);
  saved.body = shown.dump();
  return saved;
}

response admin_api::remove_template(const call& c, const std::string& key) {
  response error;
  const auto scope = scope_of(query_of(c.req, "group"), query_of(c.req, "language"), error);
  if (!scope) return error;
  const auto latest = template_versions_.latest(*scope, key);
  if (!latest || !latest->text) {
    return problem(404, "not_found", fmt::format("no saved {} text for {}", key, *scope), "key");
  }
  return put_in_force(c, "template.remove", *scope, key, std::nullopt, "");
}

response admin_api::template_versions(const call& c, const std::string& key) {
  if (!handlers::template_book::keys().contains(key)) {
    return problem(404, "not_found", *handlers::template_book::check(key, ""), "key");
  }
  response error;
  const auto limit = limit_of(c.req, error);
  if (!limit) return error;
  const auto scope = scope_of(query_of(c.req, "group"), query_of(c.req, "language"), error);
  if (!scope) return error;
  json out = json::array();
  for (const auto& v : template_versions_.history(*scope, key, *limit)) {
    out.push_back(version_json(v));
  }
  return answer(200, {{"key", key}, {"scope", *scope}, {"versions", out}});
}

// A rollback saves the old text as a new version: history is never rewritten.
response admin_api::rollback_template(const call& c, const std::string& key) {
  response error;
  const auto body = body_of(c.req, error);
  if (!body) return error;
  const auto version = body->find("version");
  if (version == body->end() || !version->is_number_integer()) {
    return problem(400, "bad_request", "version must be a version number", "version");
  }
  const auto scope = scope_of(text_of(*body, "group"), text_of(*body, "language"), error);
  if (!scope) return error;
  const auto old = template_versions_.find(*scope, key, version->get<std::int64_t>());
  if (!old) {
    return problem(404, "not_found",
                   fmt::format("{} has no version {} for {}", key, version->dump(), *scope),
                   "version");
  }
  if (old->text) {
    if (const auto problem_text = handlers::template_book::check(key, *old->text)) {
      return problem(400, "bad_request", "that version no longer passes: " + *problem_text,
                     "version");
    }
  }
  return put_in_force(c, "template.rollback", *scope, key, old->text,
                      fmt::format("rollback to version {}", old->version));
}

// Saves a version, audits before and after, and puts the text in force at once.
response admin_api::put_in_force(const call& c, const std::string& action, const std::string& scope,
                                 const std::string& key, const std::optional<std::string>& text,
                                 const std::string& note) {
  const auto before = template_versions_.latest(scope, key);
  storage::template_version v{scope, key, 0, text, c.who.name, note, c.now_s};
  v.version = template_versions_.append(v);
  tokens_.audit({0, c.who.name, action, scope + "/" + key, stored_state(before).dump(),
                 stored_state(v).dump(), c.now_s});
  content_stale_ = true;  // in force once committed
  json out = version_json(v);
  out["key"] = key;
  out["scope"] = scope;
  return answer(200, out);
}

}  // namespace steward::api
