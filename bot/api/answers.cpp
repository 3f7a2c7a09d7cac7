#include "bot/api/detail/answers.hpp"

#include <fmt/format.h>

#include <charconv>

namespace steward::api::detail {

response answer(int status, const json& body) {
  return {status, body.dump(-1, ' ', false, json::error_handler_t::replace)};
}

response problem(int status, const std::string& error, const std::string& message,
                 const std::string& field) {
  json body{{"error", error}, {"message", message}};
  if (!field.empty()) body["field"] = field;
  return answer(status, body);
}

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

std::optional<json> body_of(const request& req, response& error) {
  json body = json::parse(req.body, nullptr, false);
  if (!body.is_object()) {
    error = problem(400, "bad_request", "the body must be a JSON object", "body");
    return std::nullopt;
  }
  return body;
}

std::string query_of(const request& req, const std::string& name) {
  const auto it = req.query.find(name);
  return it == req.query.end() ? std::string{} : it->second;
}

std::string text_of(const json& body, const char* name) {
  const auto it = body.find(name);
  if (it == body.end() || it->is_null()) return {};
  if (!it->is_string()) throw bad_field(name, "text");
  return it->get<std::string>();
}

std::optional<std::int64_t> whole_number(const std::string& text) {
  std::int64_t value = 0;
  const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc{} || ptr != text.data() + text.size() || text.empty()) return std::nullopt;
  return value;
}

json groups_json(const std::string& groups) {
  if (groups.empty()) return nullptr;
  json out = json::array();
  for (std::string_view rest = groups; !rest.empty();) {
    const auto comma = rest.find(',');
    out.push_back(std::string(rest.substr(0, comma)));
    rest = comma == std::string_view::npos ? std::string_view{} : rest.substr(comma + 1);
  }
  return out;
}

}  // namespace steward::api::detail
