#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>

#include "handlers/faq.hpp"
#include "handlers/schedules.hpp"
#include "handlers/template_book.hpp"
#include "rules/engine.hpp"
#include "storage/api_store.hpp"
#include "storage/community_store.hpp"
#include "storage/moderation_store.hpp"

namespace steward::api {

/// The operator content the API shows and previews (read from the configuration).
struct content {
  const handlers::template_book* templates = nullptr;
  const std::vector<handlers::faq_entry>* faq = nullptr;
  const std::vector<handlers::schedule_entry>* schedules = nullptr;
};

/// An admin API request, as the HTTP layer hands it over.
struct request {
  std::string method;  ///< GET, POST, …
  std::string path;    ///< without the query
  std::map<std::string, std::string> query;
  std::string authorization;  ///< the Authorization header
  std::string body;
};

/// A JSON answer.
struct response {
  int status = 200;
  std::string body;
};

/// A new token secret ("stw_" and 64 hex digits from the system's CSPRNG).
std::string new_token_secret();
/// SHA-256 of a secret, hex: the only form a token is stored in.
std::string hash_secret(std::string_view secret);
/// viewer 1, operator 2, admin 3; 0 for anything else.
int role_rank(std::string_view role);

/// The admin REST API under /api/v1 (JSON). Bearer tokens carry a role: viewers read,
/// operators also edit content, admins also run rules and read the audit log. Every write is
/// recorded in the audit log. Runs on the core thread, inside its transaction.
class admin_api {
 public:
  admin_api(storage::community_store& community, storage::moderation_store& moderation,
            storage::api_store& tokens, rules::rules_engine& rules, content operator_content = {});

  /// Answers one request (401 without a valid token, 403 below the route's role, 400 naming
  /// the offending field, 404/405 for unknown routes and methods).
  response handle(const request& req, std::int64_t now_s);
  /// The OpenAPI 3 description served at /api/v1/openapi.json (no token needed).
  static const std::string& openapi_json();

 private:
  response groups();
  response members(const std::string& chat_id, const request& req);
  response moderation_log(const request& req);
  response reload(const storage::api_token& who, std::int64_t now_s);
  response audit(const request& req);
  response templates(const request& req);
  response preview(const request& req);
  response faq();
  response schedules();

  storage::community_store& community_;
  storage::moderation_store& moderation_;
  storage::api_store& tokens_;
  rules::rules_engine& rules_;
  content content_;
};

}  // namespace steward::api
