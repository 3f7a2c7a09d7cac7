#include "bot/api/admin_api.hpp"

#include <fmt/format.h>
#include <openssl/evp.h>
#include <openssl/rand.h>

#include <array>
#include <charconv>
#include <nlohmann/json.hpp>
#include <stdexcept>

#include "handlers/template_renderer.hpp"

namespace steward::api {

namespace {

using json = nlohmann::json;

constexpr std::string_view prefix = "/api/v1/";
constexpr int default_limit = 50;
constexpr int max_limit = 500;

std::string hex(const unsigned char* data, std::size_t size) {
  static constexpr char digits[] = "0123456789abcdef";
  std::string out;
  for (std::size_t i = 0; i < size; ++i) {
    out += digits[data[i] >> 4];
    out += digits[data[i] & 15];
  }
  return out;
}

response answer(int status, const json& body) {
  return {status, body.dump(-1, ' ', false, json::error_handler_t::replace)};
}

response problem(int status, const std::string& error, const std::string& message,
                 const std::string& field = {}) {
  json body{{"error", error}, {"message", message}};
  if (!field.empty()) body["field"] = field;
  return answer(status, body);
}

/// The `limit` query parameter, or an error naming it.
std::optional<int> limit_of(const request& req, response& error) {
  const auto it = req.query.find("limit");
  if (it == req.query.end()) return default_limit;
  int value = 0;
  const auto [ptr, ec] =
      std::from_chars(it->second.data(), it->second.data() + it->second.size(), value);
  if (ec != std::errc{} || ptr != it->second.data() + it->second.size() || value < 1 ||
      value > max_limit) {
    error = problem(400, "bad_request", fmt::format("limit must be 1-{}", max_limit), "limit");
    return std::nullopt;
  }
  return value;
}

/// Splits "groups/-100/members" into its parts.
std::vector<std::string> segments(std::string_view path) {
  std::vector<std::string> out;
  std::size_t pos = 0;
  while (pos <= path.size()) {
    const std::size_t slash = path.find('/', pos);
    out.emplace_back(path.substr(pos, slash - pos));
    if (slash == std::string_view::npos) break;
    pos = slash + 1;
  }
  return out;
}

}  // namespace

std::string new_token_secret() {
  std::array<unsigned char, 32> bytes{};
  if (RAND_bytes(bytes.data(), static_cast<int>(bytes.size())) != 1) {
    throw std::runtime_error("no randomness for a token");
  }
  return "stw_" + hex(bytes.data(), bytes.size());
}

std::string hash_secret(std::string_view secret) {
  std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
  unsigned int size = 0;
  EVP_Digest(secret.data(), secret.size(), digest.data(), &size, EVP_sha256(), nullptr);
  return hex(digest.data(), size);
}

int role_rank(std::string_view role) {
  if (role == "viewer") return 1;
  if (role == "operator") return 2;
  if (role == "admin") return 3;
  return 0;
}

admin_api::admin_api(storage::community_store& community, storage::moderation_store& moderation,
                     storage::api_store& tokens, rules::rules_engine& rules,
                     content operator_content)
    : community_(community),
      moderation_(moderation),
      tokens_(tokens),
      rules_(rules),
      content_(operator_content) {}

response admin_api::handle(const request& req, std::int64_t now_s) {
  constexpr std::string_view bearer = "Bearer ";
  if (req.authorization.rfind(bearer, 0) != 0) {
    return problem(401, "unauthorized", "send Authorization: Bearer <token>");
  }
  const auto who = tokens_.find_token(hash_secret(req.authorization.substr(bearer.size())));
  if (!who) return problem(401, "unauthorized", "unknown or revoked token");
  if (req.path.rfind(prefix, 0) != 0) return problem(404, "not_found", "no such resource");
  const auto parts = segments(std::string_view(req.path).substr(prefix.size()));
  const auto needs = [&](const char* method, int rank) -> std::optional<response> {
    if (req.method != method)
      return problem(405, "method_not_allowed", std::string("use ") + method);
    if (role_rank(who->role) < rank) {
      static const char* names[] = {"", "viewer", "operator", "admin"};
      return problem(403, "forbidden", fmt::format("needs the {} role", names[rank]));
    }
    return std::nullopt;
  };
  if (parts == std::vector<std::string>{"groups"}) {
    if (auto refused = needs("GET", 1)) return *refused;
    return groups();
  }
  if (parts.size() == 3 && parts[0] == "groups" && parts[2] == "members") {
    if (auto refused = needs("GET", 1)) return *refused;
    return members(parts[1], req);
  }
  if (parts == std::vector<std::string>{"moderation", "log"}) {
    if (auto refused = needs("GET", 1)) return *refused;
    return moderation_log(req);
  }
  if (parts == std::vector<std::string>{"rules", "reload"}) {
    if (auto refused = needs("POST", 3)) return *refused;
    return reload(*who, now_s);
  }
  if (parts == std::vector<std::string>{"templates"} && content_.templates != nullptr) {
    if (auto refused = needs("GET", 1)) return *refused;
    return templates(req);
  }
  if (parts == std::vector<std::string>{"templates", "preview"} && content_.templates != nullptr) {
    if (auto refused = needs("POST", 2)) return *refused;
    return preview(req);
  }
  if (parts == std::vector<std::string>{"faq"} && content_.faq != nullptr) {
    if (auto refused = needs("GET", 1)) return *refused;
    return faq();
  }
  if (parts == std::vector<std::string>{"schedules"} && content_.schedules != nullptr) {
    if (auto refused = needs("GET", 1)) return *refused;
    return schedules();
  }
  if (parts == std::vector<std::string>{"audit"}) {
    if (auto refused = needs("GET", 3)) return *refused;
    return audit(req);
  }
  return problem(404, "not_found", "no such resource: " + req.path);
}

response admin_api::groups() {
  json out = json::array();
  for (const auto& g : community_.groups_of("telegram")) {
    out.push_back({{"id", g.id},
                   {"platform", g.platform},
                   {"chat_id", g.chat_id},
                   {"title", g.title},
                   {"time_zone", g.time_zone}});
  }
  return answer(200, {{"groups", out}});
}

response admin_api::members(const std::string& chat_id, const request& req) {
  response error;
  const auto limit = limit_of(req, error);
  if (!limit) return error;
  const auto group = community_.find_group("telegram", chat_id);
  if (!group) return problem(404, "not_found", "no group with chat id " + chat_id, "chat_id");
  const auto search = req.query.contains("search") ? req.query.at("search") : std::string{};
  json out = json::array();
  for (const auto& m : community_.search_members(group->id, search, *limit)) {
    out.push_back({{"id", m.id},
                   {"user_id", m.user_id},
                   {"name", m.display_name},
                   {"username", m.username},
                   {"points", m.points},
                   {"xp", m.xp},
                   {"messages", m.message_count},
                   {"first_seen", m.first_seen}});
  }
  return answer(200, {{"members", out}});
}

response admin_api::moderation_log(const request& req) {
  response error;
  const auto limit = limit_of(req, error);
  if (!limit) return error;
  std::int64_t group_id = 0;
  if (const auto it = req.query.find("group"); it != req.query.end()) {
    const auto group = community_.find_group("telegram", it->second);
    if (!group) return problem(400, "bad_request", "no group with chat id " + it->second, "group");
    group_id = group->id;
  }
  json out = json::array();
  for (const auto& e : moderation_.recent_log(group_id, *limit)) {
    out.push_back({{"id", e.id},
                   {"group_id", e.group_id},
                   {"member_id", e.member_id ? json(*e.member_id) : json(nullptr)},
                   {"message_id", e.message_id},
                   {"rule", e.rule},
                   {"tag", e.tag},
                   {"action", e.action},
                   {"taken", e.taken},
                   {"shadow", e.shadow},
                   {"spans", json::parse(e.spans, nullptr, false)},
                   {"normalized", e.normalized},
                   {"text", e.text},
                   {"actor", e.actor},
                   {"reason", e.reason},
                   {"at", e.at}});
  }
  return answer(200, {{"entries", out}});
}

response admin_api::reload(const storage::api_token& who, std::int64_t now_s) {
  rules_.reload();
  tokens_.audit({0, who.name, "rules.reload", "word lists", "", "", now_s});
  return answer(202, {{"reloading", true},
                      {"message", "the word lists are being compiled; scanning continues"}});
}

response admin_api::audit(const request& req) {
  response error;
  const auto limit = limit_of(req, error);
  if (!limit) return error;
  json out = json::array();
  for (const auto& e : tokens_.recent_audit(*limit)) {
    out.push_back({{"id", e.id},
                   {"actor", e.actor},
                   {"action", e.action},
                   {"target", e.target},
                   {"before", e.before},
                   {"after", e.after},
                   {"at", e.at}});
  }
  return answer(200, {{"entries", out}});
}

response admin_api::templates(const request& req) {
  const std::string chat = req.query.contains("group") ? req.query.at("group") : std::string{};
  json texts = json::object();
  for (const auto& key : handlers::template_book::keys()) {
    const auto& names = handlers::template_book::placeholders(key);
    texts[key] = {{"text", content_.templates->text(chat, key)},
                  {"placeholders", json(std::vector<std::string>(names.begin(), names.end()))}};
  }
  return answer(200, {{"language", content_.templates->language(chat)}, {"templates", texts}});
}

// Renders an operator's draft with sample data, so a mistake is seen before members see it.
response admin_api::preview(const request& req) {
  const json body = json::parse(req.body, nullptr, false);
  if (!body.is_object())
    return problem(400, "bad_request", "the body must be a JSON object", "body");
  const std::string key = body.value("key", "");
  const std::string text = body.value("text", "");
  const std::string chat = body.value("group", "");
  if (!handlers::template_book::keys().contains(key)) {
    return problem(400, "bad_request", "key must be welcome, goodbye or rules", "key");
  }
  if (const auto problem_text = handlers::template_book::check(key, text)) {
    return problem(400, "bad_request", *problem_text, "text");
  }
  const auto group = chat.empty() ? std::nullopt : community_.find_group("telegram", chat);
  const std::string title = group ? group->title : "Sample group";
  const std::string rules =
      handlers::render_template(content_.templates->text(chat, "rules"), {{"group", title}});
  const std::string rendered = handlers::render_template(
      text, {{"name", "Ann"}, {"count", "2"}, {"group", title}, {"date", "2026-01-31"}},
      {{"mention", handlers::mention_html("1", "Ann")},
       {"mentions", handlers::mention_html("1", "Ann") + ", " + handlers::mention_html("2", "Bo")},
       {"rules", rules}});
  return answer(200, {{"key", key}, {"rendered", rendered}, {"parse_mode", "HTML"}});
}

response admin_api::faq() {
  json out = json::array();
  for (const auto& e : *content_.faq) {
    out.push_back({{"id", e.id},
                   {"triggers", e.triggers},
                   {"match", e.match},
                   {"answer", e.answer},
                   {"priority", e.priority},
                   {"cooldown_s", e.cooldown_s},
                   {"groups", json(std::vector<std::string>(e.groups.begin(), e.groups.end()))}});
  }
  return answer(200, {{"faq", out}});
}

response admin_api::schedules() {
  json out = json::array();
  for (const auto& e : *content_.schedules) {
    out.push_back({{"id", e.id},
                   {"cron", e.cron},
                   {"once", e.once ? json(*e.once) : json(nullptr)},
                   {"groups", e.groups},
                   {"text", e.text},
                   {"enabled", e.enabled},
                   {"missed", e.catch_up ? "catch_up" : "skip"}});
  }
  return answer(200, {{"schedules", out}});
}

const std::string& admin_api::openapi_json() {
  static const std::string spec = [] {
    const auto op = [](const char* summary, const char* role, bool has_limit) {
      json o{{"summary", summary},
             {"description", std::string("Requires the ") + role + " role."},
             {"security", json::array({{{"bearer", json::array()}}})},
             {"responses",
              {{"200", {{"description", "OK"}}},
               {"400", {{"description", "A bad parameter, named in `field`"}}},
               {"401", {{"description", "Missing, unknown or revoked token"}}},
               {"403", {{"description", "The token's role is too low"}}}}}};
      if (has_limit) {
        o["parameters"] = json::array(
            {{{"name", "limit"},
              {"in", "query"},
              {"schema", {{"type", "integer"}, {"minimum", 1}, {"maximum", max_limit}}}}});
      }
      return o;
    };
    json spec{
        {"openapi", "3.0.3"},
        {"info", {{"title", "Steward admin API"}, {"version", "1"}}},
        {"components",
         {{"securitySchemes",
           {{"bearer",
             {{"type", "http"},
              {"scheme", "bearer"},
              {"description",
               "Create one with `steward token create --role viewer|"
               "operator|admin`"}}}}}}},
        {"paths",
         {{"/api/v1/groups", {{"get", op("Groups Steward knows", "viewer", false)}}},
          {"/api/v1/groups/{chat_id}/members",
           {{"get", op("Members of a group, most active first; ?search= filters by name", "viewer",
                       true)}}},
          {"/api/v1/moderation/log",
           {{"get", op("Moderation decisions, newest first; ?group= a chat id", "viewer", true)}}},
          {"/api/v1/rules/reload",
           {{"post", op("Recompile the word lists in the background", "admin", false)}}},
          {"/api/v1/templates",
           {{"get", op("The texts in force (?group= a chat id) and their placeholders", "viewer",
                       false)}}},
          {"/api/v1/templates/preview",
           {{"post", op("Render a draft {key, text, group} with sample data; 400 names the "
                        "field for an unknown placeholder",
                        "operator", false)}}},
          {"/api/v1/faq", {{"get", op("FAQ entries", "viewer", false)}}},
          {"/api/v1/schedules", {{"get", op("Scheduled posts", "viewer", false)}}},
          {"/api/v1/audit", {{"get", op("Writes made through the API", "admin", true)}}}}}};
    return spec.dump(2);
  }();
  return spec;
}

}  // namespace steward::api
