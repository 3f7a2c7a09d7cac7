#pragma once

// JSON answers shared by the admin API's route files (internal to bot/api).

#include <nlohmann/json.hpp>
#include <optional>
#include <stdexcept>
#include <string>

#include "bot/api/admin_api.hpp"

namespace steward::api::detail {

using json = nlohmann::json;

inline constexpr int default_limit = 50;
inline constexpr int max_limit = 500;

/// A JSON answer; invalid UTF-8 from members is replaced rather than failing the answer.
response answer(int status, const json& body);
/// An error answer: {"error", "message", "field"?}.
response problem(int status, const std::string& error, const std::string& message,
                 const std::string& field = {});
/// The `limit` query parameter (default 50, 1-500), or nullopt with `error` naming it.
std::optional<int> limit_of(const request& req, response& error);
/// The request body as a JSON object, or nullopt with a 400 in `error`.
std::optional<json> body_of(const request& req, response& error);
/// A query parameter, or "" when absent.
std::string query_of(const request& req, const std::string& name);
/// A body field of the wrong type: the API answers 400 naming it.
struct bad_field : std::runtime_error {
  bad_field(std::string name, const std::string& expected)
      : std::runtime_error(name + " must be " + expected), field(std::move(name)) {}
  std::string field;
};

/// The text member `name` of a JSON body ("" when absent or null); bad_field for anything else.
std::string text_of(const json& body, const char* name);

/// A token's groups ("-100,-200") as a JSON list of chat ids; null for every group ("").
json groups_json(const std::string& groups);

/// A whole number written in decimal digits (an optional leading '-'), or nullopt.
std::optional<std::int64_t> whole_number(const std::string& text);

}  // namespace steward::api::detail
