// Admin API: who is calling (a Bearer token or a console session) and the console's log-in,
// log-out and "who am I" at /api/v1/session.
//
// The console keeps no token in the browser: it trades one for a session whose secret lives in
// an HttpOnly, SameSite=Strict cookie. Because a browser attaches cookies by itself, a request
// made with the cookie must also prove it comes from the console: writes carry the session's
// CSRF token (which another site cannot read), and requests the browser marks as cross-site
// are refused outright.

#include <fmt/format.h>
#include <openssl/crypto.h>

#include <vector>

#include "bot/api/detail/answers.hpp"
#include "bot/api/detail/call.hpp"

namespace steward::api {

using namespace detail;

namespace {

bool is_read(const request& req) {
  return req.method == "GET" || req.method == "HEAD";
}

/// The value of cookie `name` in a Cookie header, or "".
std::string_view cookie_value(std::string_view header, std::string_view name) {
  while (!header.empty()) {
    const auto end = header.find(';');
    auto pair = header.substr(0, end);
    while (!pair.empty() && pair.front() == ' ')
      pair.remove_prefix(1);
    if (pair.size() > name.size() && pair.substr(0, name.size()) == name &&
        pair[name.size()] == '=') {
      return pair.substr(name.size() + 1);
    }
    if (end == std::string_view::npos) break;
    header.remove_prefix(end + 1);
  }
  return {};
}

bool same_secret(std::string_view a, std::string_view b) {
  return a.size() == b.size() && CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

/// The browser says another site made the request: Sec-Fetch-Site (sent by every current
/// browser), or an Origin whose host is not the one the request was sent to.
bool cross_site(const request& req) {
  if (!req.fetch_site.empty() && req.fetch_site != "same-origin" && req.fetch_site != "none") {
    return true;
  }
  if (req.origin.empty() || req.origin == "null") return !req.origin.empty();
  const auto scheme_end = req.origin.find("://");
  const auto origin_host =
      scheme_end == std::string::npos ? req.origin : req.origin.substr(scheme_end + 3);
  return origin_host != req.host;
}

std::string cookie_header(const request& req, std::string_view value, std::int64_t max_age) {
  return fmt::format("{}={}; Path=/; Max-Age={}; HttpOnly; SameSite=Strict{}", session_cookie,
                     value, max_age, req.secure ? "; Secure" : "");
}

json session_json(const storage::api_token& who, const std::string& csrf, std::int64_t expires_at) {
  return {{"signed_in", true},
          {"name", who.name},
          {"role", who.role},
          {"groups", groups_json(who.groups)},
          {"csrf", csrf.empty() ? json(nullptr) : json(csrf)},
          {"expires_at", expires_at > 0 ? json(expires_at) : json(nullptr)}};
}

}  // namespace

std::optional<storage::console_session> admin_api::session_of(const request& req,
                                                              std::int64_t now_s) {
  const auto secret = cookie_value(req.cookie, session_cookie);
  if (secret.empty()) return std::nullopt;
  return tokens_.find_session(hash_secret(secret), now_s);
}

std::optional<response> admin_api::authenticate(const request& req, std::int64_t now_s,
                                                storage::api_token& who) {
  if (const auto token = bearer_token(req.authorization); !token.empty()) {
    const auto found = tokens_.find_token(hash_secret(token));
    if (!found) return problem(401, "unauthorized", "unknown or revoked token");
    who = *found;
    return std::nullopt;
  }
  if (req.cookie.empty() || cookie_value(req.cookie, session_cookie).empty()) {
    return problem(401, "unauthorized", "send Authorization: Bearer <token>, or sign in");
  }
  const auto session = session_of(req, now_s);
  if (!session) return problem(401, "unauthorized", "the session has ended; sign in again");
  if (cross_site(req)) return problem(403, "cross_site", "requests from other sites are refused");
  if (!is_read(req) && !same_secret(req.csrf, session->csrf)) {
    return problem(403, "csrf", "a write needs the session's X-CSRF-Token header");
  }
  who = session->token;
  return std::nullopt;
}

// A token or session limited to chosen groups may use only the routes that act on one group, and
// every group a request names (in the path, the query, or the body's group / chat_id) must be one
// of its own. Everything shared by all groups (word lists, FAQ, schedules, a language's
// templates, experiments, the audit log, tokens) stays with unlimited tokens; the only group-free
// requests allowed are the list of groups (filtered) and the shop's items.
std::optional<response> admin_api::outside_groups(const call& c) {
  if (!c.who.limited()) return std::nullopt;
  if (c.req.method == "GET" && (c.is({"groups"}) || c.is({"shop", "items"}))) return std::nullopt;
  const bool group_route = (!c.parts.empty() && c.parts[0] == "templates") ||
                           (c.parts.size() >= 3 && c.parts[0] == "groups") ||
                           c.is({"moderation", "log"}) || c.is({"moderation", "log", "*"}) ||
                           c.is({"shop", "redemptions"}) || c.is({"rules", "check"}) ||
                           c.is({"rules", "replay"});
  std::vector<std::string> named;
  if (c.parts.size() >= 2 && c.parts[0] == "groups") named.push_back(c.parts[1]);
  if (const auto query = query_of(c.req, "group"); !query.empty()) named.push_back(query);
  if (!c.req.body.empty()) {
    const auto body = json::parse(c.req.body, nullptr, false);
    for (const char* name : {"group", "chat_id"}) {
      if (!body.is_object()) break;
      if (const auto it = body.find(name); it != body.end() && !it->is_null()) {
        named.push_back(it->is_string() ? it->get<std::string>() : it->dump());
      }
    }
  }
  if (!group_route || named.empty()) {
    return problem(403, "limited",
                   "this sign-in is limited to its groups: it may act on one of them (name it "
                   "with group) but not on what all groups share; ask an admin with an "
                   "unlimited token",
                   "group");
  }
  for (const auto& chat : named) {
    if (!c.who.covers(chat)) {
      return problem(403, "limited", "this sign-in may not act on group " + chat, "group");
    }
  }
  return std::nullopt;
}

response admin_api::session(const request& req, std::int64_t now_s) {
  if (req.method == "POST") return log_in(req, now_s);
  if (req.method == "DELETE") return log_out(req, now_s);
  if (req.method == "GET") return whoami(req, now_s);
  return call::wrong_method("GET, POST, DELETE");
}

std::string issue_console_link(storage::api_store& store, const storage::api_token& who,
                               std::int64_t now_s, std::int64_t valid_s) {
  const std::string code = new_token_secret().substr(4);
  store.create_link(hash_secret(code), who, now_s, now_s + valid_s);
  return code;
}

// POST {"token": "stw_…"} or {"link": "<code>"}: a session for the token's (or the link's)
// name, role and groups. Failed attempts are audited and, all clients together, limited per
// minute (tokens and codes are 256-bit: the limit keeps the log readable and the core unhurried
// rather than protecting the secret).
response admin_api::log_in(const request& req, std::int64_t now_s) {
  if (cross_site(req)) return problem(403, "cross_site", "requests from other sites are refused");
  const std::int64_t minute = now_s / 60;
  if (failed_logins_.minute != minute) failed_logins_ = {minute, {}};
  auto& clients = failed_logins_.clients;
  const auto tried = clients.find(req.client);
  const bool flooded = clients.size() >= failing_clients_per_minute && tried == clients.end();
  if (flooded || (tried != clients.end() && tried->second >= failed_logins_per_minute)) {
    auto refused =
        problem(429, "too_many_attempts",
                fmt::format("too many failed sign-ins; try again in {} s", 60 - now_s % 60));
    return refused;
  }
  response error;
  const auto body = body_of(req, error);
  if (!body) return error;
  const auto token = text_of(*body, "token");
  const auto link = text_of(*body, "link");
  if (token.empty() == link.empty()) {
    return problem(400, "bad_request", "send token (an API token) or link (a sign-in code)",
                   "token");
  }
  const auto who = token.empty() ? tokens_.use_link(hash_secret(link), now_s)
                                 : tokens_.find_token(hash_secret(token));
  if (!who) {
    ++clients[req.client];
    const char* why = token.empty() ? "unknown, used or expired link" : "unknown or revoked token";
    tokens_.audit(
        {0, "console", "session.refused", why, "", json{{"client", req.client}}.dump(), now_s});
    return problem(401, "unauthorized", why, token.empty() ? "link" : "token");
  }
  const std::string secret = new_token_secret();
  const std::string csrf = new_token_secret().substr(4);
  const auto id =
      tokens_.create_session(hash_secret(secret), csrf, *who, now_s, now_s + session_seconds);
  tokens_.audit({0, who->name, "session.start", fmt::format("session {}", id), "",
                 json{{"role", who->role}, {"by", token.empty() ? "link" : "token"}}.dump(),
                 now_s});
  auto started = answer(201, session_json(*who, csrf, now_s + session_seconds));
  started.set_cookie = cookie_header(req, secret, session_seconds);
  return started;
}

response admin_api::log_out(const request& req, std::int64_t now_s) {
  storage::api_token who;
  if (auto refused = authenticate(req, now_s, who)) return std::move(*refused);
  auto ended = answer(200, {{"ended", false}});
  if (const auto session = session_of(req, now_s)) {
    tokens_.end_session(session->id, now_s);
    tokens_.audit(
        {0, who.name, "session.end", fmt::format("session {}", session->id), "", "", now_s});
    ended = answer(200, {{"ended", true}});
  }
  ended.set_cookie = cookie_header(req, "", 0);
  return ended;
}

// Without a token or a live session: 200 {"signed_in": false}, so the console asks without an
// error (a browser reports every 4xx as one).
response admin_api::whoami(const request& req, std::int64_t now_s) {
  if (bearer_token(req.authorization).empty() && !session_of(req, now_s)) {
    return answer(200, {{"signed_in", false}});
  }
  storage::api_token who;
  if (auto refused = authenticate(req, now_s, who)) return std::move(*refused);
  const auto session =
      bearer_token(req.authorization).empty() ? session_of(req, now_s) : std::nullopt;
  return answer(200, session ? session_json(who, session->csrf, session->expires_at)
                             : session_json(who, "", 0));
}

}  // namespace steward::api
