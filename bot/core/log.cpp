#include "bot/core/log.hpp"

#include <fmt/chrono.h>
#include <fmt/format.h>
#include <spdlog/pattern_formatter.h>
#include <spdlog/spdlog.h>

#include <chrono>
#include <nlohmann/json.hpp>
#include <vector>

namespace steward::core {

namespace {

/// The record being logged on this thread. spdlog's default logger is synchronous, so its
/// formatter runs inside log() on the same thread and can read the fields from here.
struct record {
  std::string_view event;
  std::string_view message;
  std::span<const log_field> fields;
};
thread_local const record* current = nullptr;

spdlog::level::level_enum to_spdlog(log_level level) {
  switch (level) {
    case log_level::debug:
      return spdlog::level::debug;
    case log_level::info:
      return spdlog::level::info;
    case log_level::warn:
      return spdlog::level::warn;
    case log_level::error:
      return spdlog::level::err;
    case log_level::critical:
      return spdlog::level::critical;
  }
  return spdlog::level::info;
}

/// One JSON object per record.
class json_formatter final : public spdlog::formatter {
 public:
  void format(const spdlog::details::log_msg& msg, spdlog::memory_buf_t& dest) override {
    nlohmann::ordered_json line;
    const auto seconds = std::chrono::time_point_cast<std::chrono::seconds>(msg.time);
    const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(msg.time - seconds);
    line["time"] =
        fmt::format("{:%Y-%m-%dT%H:%M:%S}.{:03}Z",
                    fmt::gmtime(std::chrono::system_clock::to_time_t(seconds)), ms.count());
    const auto level = spdlog::level::to_string_view(msg.level);
    line["level"] = std::string(level.data(), level.size());
    if (current != nullptr) {
      line["event"] = current->event;
      line["message"] = current->message;
      for (const auto& f : current->fields) {
        if (f.is_number) {
          line[std::string(f.key)] = nlohmann::json::parse(f.value, nullptr, false);
        } else {
          line[std::string(f.key)] = f.value;
        }
      }
    } else {
      line["event"] = "log";
      line["message"] = std::string(msg.payload.data(), msg.payload.size());
    }
    const auto text = line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    dest.append(text.data(), text.data() + text.size());
    dest.push_back('\n');
  }
  std::unique_ptr<spdlog::formatter> clone() const override {
    return std::make_unique<json_formatter>();
  }
};

bool is_plain(std::string_view value) {
  if (value.empty()) return false;
  for (const char c : value) {
    if (c == ' ' || c == '"' || c == '=' || c == '\\' || static_cast<unsigned char>(c) < 0x20) {
      return false;
    }
  }
  return true;
}

}  // namespace

std::string logfmt_value(std::string_view value) {
  if (is_plain(value)) return std::string(value);
  std::string out = "\"";
  for (const char c : value) {
    if (c == '"' || c == '\\') out += '\\';
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out += c;
  }
  return out + "\"";
}

bool log_enabled(log_level level) {
  return spdlog::default_logger_raw()->should_log(to_spdlog(level));
}

void log(log_level level, std::string_view event, std::string_view message,
         std::span<const log_field> fields) {
  const auto spd_level = to_spdlog(level);
  if (!spdlog::default_logger_raw()->should_log(spd_level)) return;
  std::string text;
  text.reserve(64 + message.size());
  text.append(event).append(": ").append(message);
  for (const auto& f : fields) {
    text.append(" ").append(f.key).append("=").append(f.is_number ? f.value
                                                                  : logfmt_value(f.value));
  }
  const record r{event, message, fields};
  current = &r;
  spdlog::log(spd_level, "{}", text);
  current = nullptr;
}

void use_json_logs() {
  spdlog::set_formatter(std::make_unique<json_formatter>());
}

}  // namespace steward::core
