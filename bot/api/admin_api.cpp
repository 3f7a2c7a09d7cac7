#include "bot/api/admin_api.hpp"

#include <fmt/format.h>
#include <openssl/evp.h>
#include <openssl/rand.h>

#include <array>
#include <cctype>
#include <stdexcept>

#include "bot/api/detail/answers.hpp"
#include "bot/api/detail/call.hpp"
#include "bot/api/detail/csv.hpp"
#include "bot/core/group_address.hpp"
#include "handlers/template_renderer.hpp"

namespace steward::api {

using namespace detail;

namespace {

constexpr std::string_view prefix = "/api/v1/";

std::string hex(const unsigned char* data, std::size_t size) {
  static constexpr char digits[] = "0123456789abcdef";
  std::string out;
  for (std::size_t i = 0; i < size; ++i) {
    out += digits[data[i] >> 4];
    out += digits[data[i] & 15];
  }
  return out;
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

admin_api::admin_api(api_stores stores, rules::rules_engine& rules, content operator_content,
                     analytics_parts analytics)
    : community_(stores.community),
      moderation_(stores.moderation),
      tokens_(stores.tokens),
      template_versions_(stores.templates),
      ledger_(stores.ledger),
      shop_(stores.shop),
      badges_(stores.badges),
      checkins_(stores.checkins),
      saved_content_(stores.content),
      member_data_(stores.member_data),
      rules_(rules),
      content_(std::move(operator_content)),
      analytics_(std::move(analytics)) {}

bool admin_api::call::is(std::initializer_list<std::string_view> names) const {
  return matches(parts, names);
}

bool admin_api::call::matches(const std::vector<std::string>& parts,
                              std::initializer_list<std::string_view> names) {
  if (names.size() != parts.size()) return false;
  std::size_t i = 0;
  for (const auto name : names) {
    if (name != "*" && name != parts[i]) return false;
    ++i;
  }
  return true;
}

std::optional<response> admin_api::call::refuse(std::string_view method, int rank) const {
  if (req.method != method) return wrong_method(method);
  if (role_rank(who.role) < rank) {
    static const char* names[] = {"", "viewer", "operator", "admin"};
    return problem(403, "forbidden", fmt::format("needs the {} role", names[rank]));
  }
  return std::nullopt;
}

response admin_api::call::wrong_method(std::string_view methods) {
  auto refused = problem(405, "method_not_allowed", fmt::format("use {}", methods));
  refused.allow = std::string(methods);
  return refused;
}

// "Bearer <token>"; the scheme is case-insensitive (RFC 9110 §11.1), spaces after it are not
// part of the token. Empty when the header has another form.
std::string_view bearer_token(std::string_view authorization) {
  constexpr std::string_view scheme = "bearer";
  if (authorization.size() <= scheme.size() || authorization[scheme.size()] != ' ') return {};
  for (std::size_t i = 0; i < scheme.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(authorization[i])) != scheme[i]) return {};
  }
  auto token = authorization.substr(scheme.size());
  while (!token.empty() && token.front() == ' ')
    token.remove_prefix(1);
  return token;
}

response admin_api::handle(const request& req, std::int64_t now_s) {
  if (req.path == "/api/v1/session") return session(req, now_s);
  storage::api_token who;
  if (auto refused = authenticate(req, now_s, who)) return std::move(*refused);
  if (req.path.rfind(prefix, 0) != 0) return problem(404, "not_found", "no such resource");
  const call c{req, who, now_s, segments(std::string_view(req.path).substr(prefix.size()))};
  if (auto refused = outside_groups(c)) return std::move(*refused);
  try {
    return route_all(c);
  } catch (const bad_field& e) {
    return problem(400, "bad_request", e.what(), e.field);
  }
}

// The heavy reads an operator's console makes (a year of statistics, a member list as CSV)
// read only committed rows; the group list, templates and anything else that shows what the
// core holds in memory stay on the core thread.
bool admin_api::reads_committed_only(const request& req) {
  if (req.method != "GET" || req.path.rfind(prefix, 0) != 0) return false;
  const auto parts = segments(std::string_view(req.path).substr(prefix.size()));
  const auto is = [&](std::initializer_list<std::string_view> names) {
    return call::matches(parts, names);
  };
  return is({"groups", "*", "members"}) || is({"groups", "*", "stats"}) ||
         is({"groups", "*", "stats", "heatmap"}) || is({"groups", "*", "tiers"}) ||
         is({"groups", "*", "churn"}) || is({"groups", "*", "review"}) ||
         is({"moderation", "log"}) || is({"moderation", "log", "*"}) || is({"audit"});
}

bool admin_api::renders_templates(const request& req) {
  if (req.method != "GET" || req.path.rfind(prefix, 0) != 0) return false;
  const auto parts = segments(std::string_view(req.path).substr(prefix.size()));
  return call::matches(parts, {"groups", "*", "review"});
}

response admin_api::route_all(const call& c) {
  for (const auto routes :
       {&admin_api::route, &admin_api::route_templates, &admin_api::route_members,
        &admin_api::route_shop, &admin_api::route_words, &admin_api::route_sanctions,
        &admin_api::route_bans, &admin_api::route_samples, &admin_api::route_content,
        &admin_api::route_stats, &admin_api::route_experiments, &admin_api::route_tokens}) {
    if (auto answered = (this->*routes)(c)) return *answered;
  }
  return problem(404, "not_found", "no such resource: " + c.req.path);
}

// The routes of this file; templates, members, shop and word lists have their own files.
std::optional<response> admin_api::route(const call& c) {
  const auto& q = c.req;
  if (c.is({"groups"})) return unless(c.refuse("GET", 1), [&] { return groups(c.who); });
  if (c.is({"groups", "*", "language"}) && content_.templates != nullptr) {
    return unless(c.refuse("PUT", 2), [&] { return set_language(c, c.parts[1]); });
  }
  if (c.is({"groups", "*", "members"})) {
    return unless(c.refuse("GET", 1), [&] { return members(c.parts[1], q, c.now_s); });
  }
  if (c.is({"testing", "clock"}) && set_clock_) {
    return unless(c.refuse("PUT", 3), [&] {
      response error;
      const auto body = body_of(q, error);
      if (!body) return error;
      const auto now = body->find("now");
      if (now == body->end() || !now->is_number_integer() || now->get<std::int64_t>() < 0 ||
          now->get<std::int64_t>() > 32503680000) {  // 3000-01-01
        return problem(400, "bad_request", "now must be a Unix time in seconds", "now");
      }
      set_clock_(now->get<std::int64_t>());
      return answer(200, {{"now", now->get<std::int64_t>()}});
    });
  }
  if (c.is({"moderation", "log"})) {
    return unless(c.refuse("GET", 1), [&] { return moderation_log(q); });
  }
  if (c.is({"moderation", "log", "*"})) {
    return unless(c.refuse("GET", 1), [&] { return moderation_entry(q, c.parts[2]); });
  }
  if (c.is({"rules", "reload"})) {
    return unless(c.refuse("POST", 3), [&] { return reload(c.who, c.now_s); });
  }
  if (c.is({"audit"})) return unless(c.refuse("GET", 3), [&] { return audit(q); });
  return std::nullopt;
}

std::optional<storage::group_row> admin_api::find_group_at(const std::string& address) {
  const auto at = core::parse_group_address(address);
  return community_.find_group(at.platform, at.chat_id);
}

response admin_api::groups(const storage::api_token& who) {
  json out = json::array();
  for (const auto& g : community_.all_groups()) {
    const auto address = core::address_of(g.platform, g.chat_id);
    if (!who.covers(address)) continue;
    out.push_back(
        {{"id", g.id},
         {"platform", g.platform},
         {"chat_id", g.chat_id},
         {"address", address},
         {"title", g.title},
         {"time_zone", g.time_zone},
         {"language", content_.templates != nullptr ? json(content_.templates->language(g.chat_id))
                                                    : json(nullptr)}});
  }
  return answer(200, {{"groups", out}});
}

// The group's language for its welcome, rules and announcements; null goes back to the
// configured one.
response admin_api::set_language(const call& c, const std::string& chat_id) {
  response error;
  const auto body = body_of(c.req, error);
  if (!body) return error;
  const auto group = find_group_at(chat_id);
  if (!group) return problem(404, "not_found", "no group with chat id " + chat_id, "chat_id");
  const auto value = body->find("language");
  std::optional<std::string> language;
  if (value != body->end() && value->is_string()) language = value->get<std::string>();
  if (value == body->end() || (!value->is_null() && language != "zh" && language != "en")) {
    return problem(400, "bad_request", "language must be \"zh\", \"en\" or null", "language");
  }
  auto& book = *content_.templates;
  const std::string before = book.language(chat_id);
  community_.set_group_language(group->id, language);
  tokens_.audit({0, c.who.name, "group.language", chat_id, json(before).dump(),
                 language ? json(*language).dump() : "null", c.now_s});
  content_stale_ = true;  // in force once committed
  groups_changed_ = true;
  return answer(200,
                {{"chat_id", chat_id}, {"language", language.value_or(book.settings().language)}});
}

json admin_api::tier_json(std::int64_t member_id) {
  if (analytics_.care == nullptr) return nullptr;
  const auto tier = analytics_.care->tier_of(member_id);
  return tier ? json(*tier) : json(nullptr);
}

response admin_api::members(const std::string& chat_id, const request& req, std::int64_t now_s) {
  response error;
  const auto limit = limit_of(req, error);
  if (!limit) return error;
  const auto group = find_group_at(chat_id);
  if (!group) return problem(404, "not_found", "no group with chat id " + chat_id, "chat_id");
  storage::member_filter filter{query_of(req, "search"), query_of(req, "tier"), std::nullopt,
                                query_of(req, "badge")};
  if (!filter.tier.empty() && filter.tier != "core" && filter.tier != "potential" &&
      filter.tier != "base") {
    return problem(400, "bad_request", "tier must be core, potential or base", "tier");
  }
  if (const auto idle = query_of(req, "inactive_days"); !idle.empty()) {
    const auto days = whole_number(idle);
    if (!days || *days < 1 || *days > 3650) {
      return problem(400, "bad_request", "inactive_days must be a whole number of days, 1-3650",
                     "inactive_days");
    }
    filter.idle_before = now_s - *days * 86400;
  }
  json out = json::array();
  for (const auto& m : community_.filter_members(group->id, filter, *limit)) {
    out.push_back({{"id", m.id},
                   {"user_id", m.user_id},
                   {"name", m.display_name},
                   {"username", m.username},
                   {"points", m.points},
                   {"xp", m.xp},
                   {"messages", m.message_count},
                   {"first_seen", m.first_seen},
                   {"last_active", m.last_active > 0 ? json(m.last_active) : json(nullptr)},
                   {"tier", tier_json(m.id)}});
  }
  if (wants_csv(req)) {
    return csv_of("steward-members-" + chat_id, out,
                  {"user_id", "name", "username", "points", "xp", "messages", "first_seen",
                   "last_active", "tier"});
  }
  return answer(200, {{"members", out}});
}

namespace {

json entry_json(const storage::moderation_entry& e) {
  return {{"id", e.id},
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
          {"status", e.status},
          {"failure", e.failure},
          {"at", e.at}};
}

/// A query parameter that must be a whole number ≥ 0 (`what` it is, for the 400), or 0.
std::int64_t number_of(const request& req, const char* name, const char* what) {
  const auto text = query_of(req, name);
  if (text.empty()) return 0;
  const auto value = whole_number(text);
  if (!value || *value < 0) throw bad_field(name, what);
  return *value;
}

}  // namespace

// Newest first, filtered by group, member (with group), rule or command, status and period
// ([since, until) in Unix seconds); `before` (an entry id) pages back.
response admin_api::moderation_log(const request& req) {
  response error;
  const auto limit = limit_of(req, error);
  if (!limit) return error;
  storage::log_filter filter;
  filter.limit = *limit;
  std::optional<storage::group_row> group;
  if (const auto it = req.query.find("group"); it != req.query.end()) {
    group = find_group_at(it->second);
    if (!group) return problem(400, "bad_request", "no group with chat id " + it->second, "group");
    filter.group_id = group->id;
  }
  if (const auto user = query_of(req, "member"); !user.empty()) {
    if (!group) return problem(400, "bad_request", "a member filter needs group", "group");
    const auto member = community_.find_member(group->id, user);
    if (!member) {
      return problem(400, "bad_request", "no member " + user + " in " + group->chat_id, "member");
    }
    filter.member_id = member->id;
  }
  filter.rule = query_of(req, "rule");
  filter.status = query_of(req, "status");
  if (!filter.status.empty() && filter.status != "pending" && filter.status != "done" &&
      filter.status != "failed") {
    return problem(400, "bad_request", "status must be pending, done or failed", "status");
  }
  filter.since = number_of(req, "since", "a Unix time in seconds");
  filter.until = number_of(req, "until", "a Unix time in seconds");
  filter.before_id = number_of(req, "before", "a log entry id");
  json out = json::array();
  for (const auto& e : moderation_.find_log(filter))
    out.push_back(entry_json(e));
  return answer(200, {{"entries", out}});
}

// One entry, e.g. to follow a sanction until the platform answered; with ?group= it must be
// that group's (a sign-in limited to groups names its group).
response admin_api::moderation_entry(const request& req, const std::string& id) {
  const auto number = whole_number(id);
  const auto entry = number ? moderation_.log_entry(*number) : std::nullopt;
  std::optional<storage::group_row> group;
  if (const auto chat = query_of(req, "group"); !chat.empty()) {
    group = find_group_at(chat);
    if (!group) return problem(400, "bad_request", "no group with chat id " + chat, "group");
  }
  if (!entry || (group && entry->group_id != group->id)) {
    return problem(404, "not_found", "no moderation log entry " + id, "id");
  }
  return answer(200, entry_json(*entry));
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

}  // namespace steward::api
