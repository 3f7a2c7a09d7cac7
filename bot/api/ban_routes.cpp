// Admin API: the shared ban list — list and export it, ban or unban a member in every group,
// and import a list (JSON or CSV), all-or-nothing. Group-limited tokens are refused: the list
// acts on every group.

#include <fmt/format.h>

#include "bot/api/detail/answers.hpp"
#include "bot/api/detail/call.hpp"
#include "bot/api/detail/csv.hpp"
#include "bot/core/text.hpp"
#include "handlers/shared_bans.hpp"

namespace steward::api {

using namespace detail;

namespace {

const std::vector<std::string> ban_columns{"platform", "user_id", "name", "reason", "actor", "at"};

json ban_json(const storage::global_ban& b) {
  return {{"platform", b.platform}, {"user_id", b.user_id}, {"name", b.name},
          {"reason", b.reason},     {"actor", b.actor},     {"at", b.at}};
}

/// One entry of a ban request or an import, checked: the problem's field and text, if any.
struct ban_entry {
  storage::global_ban ban;
  std::string field;
  std::string problem;
};

std::string id_text(const json& value) {
  if (value.is_number_integer()) return std::to_string(value.get<std::int64_t>());
  return value.is_string() ? value.get<std::string>() : std::string();
}

ban_entry read_entry(const json& item) {
  ban_entry out;
  if (!item.is_object()) return {{}, "", "each ban must be an object"};
  out.ban.user_id = item.contains("user_id") ? id_text(item["user_id"]) : "";
  // Not item.value(): a number there would throw and answer 500 instead of naming the field.
  const auto platform = item.find("platform");
  out.ban.platform = platform == item.end() ? "telegram" : id_text(*platform);
  out.ban.name =
      item.contains("name") && item["name"].is_string() ? item["name"].get<std::string>() : "";
  out.ban.reason = item.contains("reason") && item["reason"].is_string()
                       ? item["reason"].get<std::string>()
                       : "";
  if (out.ban.user_id.empty() ||
      out.ban.user_id.find_first_not_of("0123456789") != std::string::npos) {
    return {{}, "user_id", "user_id must be the member's numeric id"};
  }
  if (out.ban.platform != "telegram" && out.ban.platform != "onebot" &&
      out.ban.platform != "slack" && out.ban.platform != "generic") {
    return {{}, "platform", "platform must be telegram, onebot, slack or generic"};
  }
  if (core::count_chars(out.ban.reason) > 200) {
    return {{}, "reason", "reason must be at most 200 characters"};
  }
  return out;
}

/// The rows of an import: a JSON array (or {"bans": [...]}), or CSV with a header naming at least
/// user_id (the export's own columns are accepted; actor and at are set by the import).
std::optional<json> import_rows(const std::string& body, response& error) {
  const auto first = body.find_first_not_of(" \t\r\n\xEF\xBB\xBF");
  if (first != std::string::npos && (body[first] == '[' || body[first] == '{')) {
    auto parsed = json::parse(body, nullptr, false);
    if (parsed.is_object() && parsed.contains("bans")) parsed = parsed["bans"];
    if (!parsed.is_array()) {
      error = problem(400, "bad_request",
                      "the body must be a JSON array of bans, {\"bans\": "
                      "[...]}, or CSV with a user_id column",
                      "bans");
      return std::nullopt;
    }
    return parsed;
  }
  const auto rows = parse_csv(body);
  if (rows.empty()) {
    error = problem(400, "bad_request", "the body is empty", "bans");
    return std::nullopt;
  }
  const auto& header = rows.front();
  if (std::find(header.begin(), header.end(), "user_id") == header.end()) {
    error = problem(400, "bad_request", "the CSV header must name a user_id column", "user_id");
    return std::nullopt;
  }
  json out = json::array();
  for (std::size_t r = 1; r < rows.size(); ++r) {
    json item = json::object();
    for (std::size_t c = 0; c < header.size() && c < rows[r].size(); ++c)
      item[header[c]] = rows[r][c];
    out.push_back(std::move(item));
  }
  return out;
}

}  // namespace

std::optional<response> admin_api::route_bans(const call& c) {
  if (shared_bans_ == nullptr) return std::nullopt;
  if (c.is({"bans"})) {
    if (c.req.method == "GET") return unless(c.refuse("GET", 1), [&] { return bans(c); });
    return unless(c.refuse("POST", 2), [&] { return add_ban(c); });
  }
  if (c.is({"bans", "import"})) {
    return unless(c.refuse("POST", 2), [&] { return import_bans(c); });
  }
  if (c.is({"bans", "*", "*"})) {
    return unless(c.refuse("DELETE", 2), [&] { return lift_ban(c, c.parts[1], c.parts[2]); });
  }
  return std::nullopt;
}

namespace {

json not_done_json(const handlers::shared_ban_result& result) {
  json out = json::array();
  for (const auto& n : result.not_done)
    out.push_back({{"chat_id", n.chat_id}, {"reason", n.reason}});
  return out;
}

std::string ban_message(const handlers::shared_ban_result& result) {
  if (result.chat_ids.empty() && result.not_done.empty()) {
    return "listed; not seen in any group yet: removed from any group they join or write in";
  }
  std::string out = "listed";
  if (!result.chat_ids.empty()) {
    out +=
        "; each group's ban is asked of the platform, the log entries say when it confirmed, "
        "and each group is told then";
  }
  if (!result.not_done.empty()) {
    out += fmt::format("; not done in {} {} where they are known (see not_done)",
                       result.not_done.size(), result.not_done.size() == 1 ? "group" : "groups");
  }
  return out;
}

}  // namespace

response admin_api::bans(const call& c) {
  json out = json::array();
  for (const auto& b : shared_bans_->store().all())
    out.push_back(ban_json(b));
  if (wants_csv(c.req)) return csv_of("bans", out, ban_columns);
  return answer(200, {{"bans", out}});
}

response admin_api::add_ban(const call& c) {
  response error;
  const auto body = body_of(c.req, error);
  if (!body) return error;
  auto entry = read_entry(*body);
  if (!entry.problem.empty()) return problem(400, "bad_request", entry.problem, entry.field);
  entry.ban.actor = "api:" + c.who.name;
  entry.ban.at = c.now_s;
  auto result = shared_bans_->ban(entry.ban, c.now_s);
  for (const auto& action : result.actions)
    enqueue_(action);
  tokens_.audit({0, c.who.name, "ban.add", entry.ban.platform + ":" + entry.ban.user_id, "",
                 ban_json(entry.ban).dump(), c.now_s});
  return answer(result.actions.empty() ? 200 : 202, {{"ban", ban_json(entry.ban)},
                                                     {"added", result.changed},
                                                     {"groups", result.chat_ids},
                                                     {"not_done", not_done_json(result)},
                                                     {"message", ban_message(result)}});
}

response admin_api::lift_ban(const call& c, const std::string& platform,
                             const std::string& user_id) {
  const auto before = shared_bans_->store().find(platform, user_id);
  if (!before) {
    return problem(404, "not_found", "no ban on " + platform + " user " + user_id, "user_id");
  }
  auto result = shared_bans_->lift(platform, user_id, "api:" + c.who.name, c.now_s);
  for (const auto& action : result.actions)
    enqueue_(action);
  tokens_.audit({0, c.who.name, "ban.remove", platform + ":" + user_id, ban_json(*before).dump(),
                 "", c.now_s});
  return answer(200, {{"removed", result.changed},
                      {"groups", result.chat_ids},
                      {"not_done", not_done_json(result)}});
}

response admin_api::import_bans(const call& c) {
  response error;
  const auto rows = import_rows(c.req.body, error);
  if (!rows) return error;
  std::vector<storage::global_ban> bans;
  json problems = json::array();
  for (std::size_t i = 0; i < rows->size(); ++i) {
    auto entry = read_entry((*rows)[i]);
    if (!entry.problem.empty()) {
      problems.push_back({{"row", i + 1}, {"field", entry.field}, {"problem", entry.problem}});
      continue;
    }
    entry.ban.actor = "api:" + c.who.name;
    entry.ban.at = c.now_s;
    bans.push_back(std::move(entry.ban));
  }
  if (!problems.empty()) {  // all or nothing: a list half imported is a list nobody can trust
    return answer(400, {{"error", "bad_request"},
                        {"message", "nothing was imported: fix the rows listed"},
                        {"field", problems[0]["field"]},
                        {"problems", problems}});
  }
  int added = 0;
  std::size_t groups = 0;
  for (const auto& ban : bans) {
    auto result = shared_bans_->ban(ban, c.now_s);
    added += result.changed ? 1 : 0;
    groups += result.chat_ids.size();
    for (const auto& action : result.actions)
      enqueue_(action);
  }
  tokens_.audit({0, c.who.name, "ban.import", "bans", "",
                 json{{"rows", bans.size()}, {"added", added}}.dump(), c.now_s});
  return answer(200, {{"imported", bans.size()},
                      {"added", added},
                      {"updated", static_cast<int>(bans.size()) - added},
                      {"bans_asked", groups}});
}

}  // namespace steward::api
