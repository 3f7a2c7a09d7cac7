#pragma once
// Structured logging: every record has an event name, a sentence for people and named fields
// (chat, member, method, address, error …). The text format prints them as
// `event: sentence key=value …`; the JSON format (log.format = "json") as one object per line.

#include <cstdint>
#include <initializer_list>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>

namespace steward::core {

/// One named value of a log record.
struct log_field {
  std::string_view key;
  std::string value;
  bool is_number = false;  ///< written without quotes in JSON
};

/// A text field.
inline log_field field(std::string_view key, std::string_view value) {
  return {key, std::string(value), false};
}
/// A numeric field (counts, seconds, milliseconds).
template <class Number>
requires std::is_arithmetic_v<Number> log_field field(std::string_view key, Number value) {
  if constexpr (std::is_floating_point_v<Number>) {
    return {key, std::to_string(static_cast<double>(value)), true};
  } else {
    return {key, std::to_string(value), true};
  }
}

enum class log_level { debug, info, warn, error, critical };

/// Whether records of `level` are written at all (to skip building fields nobody reads).
bool log_enabled(log_level level);

/// Logs one record through the default spdlog logger.
void log(log_level level, std::string_view event, std::string_view message,
         std::span<const log_field> fields);
inline void log(log_level level, std::string_view event, std::string_view message,
                std::initializer_list<log_field> fields = {}) {
  log(level, event, message, std::span<const log_field>(fields.begin(), fields.size()));
}

inline void log_info(std::string_view event, std::string_view message,
                     std::initializer_list<log_field> fields = {}) {
  log(log_level::info, event, message, fields);
}
inline void log_warn(std::string_view event, std::string_view message,
                     std::initializer_list<log_field> fields = {}) {
  log(log_level::warn, event, message, fields);
}
inline void log_error(std::string_view event, std::string_view message,
                      std::initializer_list<log_field> fields = {}) {
  log(log_level::error, event, message, fields);
}

/// Makes the default logger write one JSON object per line: time (UTC, ISO 8601), level, event,
/// message and every field. Records logged without this API become {"event": "log", "message"}.
void use_json_logs();

/// A value as logfmt writes it: bare when it is one plain token, else quoted and escaped.
std::string logfmt_value(std::string_view value);

}  // namespace steward::core
