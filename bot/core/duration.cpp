#include "bot/core/duration.hpp"

#include <fmt/format.h>

#include <array>
#include <utility>

namespace steward::core {

namespace {

constexpr std::int64_t minute = 60, hour = 3600, day = 86400, week = 7 * day;
constexpr std::int64_t max_seconds = 3660 * day;  // ten years is "forever" for any chat

std::optional<std::int64_t> unit_seconds(std::string_view unit) {
  static const std::array<std::pair<std::string_view, std::int64_t>, 15> units{{
      {"s", 1},
      {"sec", 1},
      {"秒", 1},
      {"m", minute},
      {"min", minute},
      {"分", minute},
      {"分钟", minute},
      {"h", hour},
      {"小时", hour},
      {"时", hour},
      {"d", day},
      {"天", day},
      {"日", day},
      {"w", week},
      {"周", week},
  }};
  for (const auto& [name, seconds] : units) {
    if (unit == name) return seconds;
  }
  return std::nullopt;
}

}  // namespace

std::optional<std::int64_t> parse_duration(std::string_view text) {
  std::size_t digits = 0;
  while (digits < text.size() && text[digits] >= '0' && text[digits] <= '9')
    ++digits;
  if (digits == 0 || digits > 6) return std::nullopt;
  std::int64_t value = 0;
  for (std::size_t i = 0; i < digits; ++i)
    value = value * 10 + (text[i] - '0');
  std::string unit(text.substr(digits));
  for (auto& c : unit)
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  const auto seconds = unit_seconds(unit);
  if (!seconds || value <= 0 || value * *seconds > max_seconds) return std::nullopt;
  return value * *seconds;
}

std::string describe_duration(std::int64_t seconds) {
  static const std::array<std::pair<std::int64_t, const char*>, 4> units{
      {{day, "day"}, {hour, "hour"}, {minute, "minute"}, {1, "second"}}};
  std::string out;
  int parts = 0;
  for (const auto& [size, name] : units) {
    if (seconds < size || parts == 2) continue;
    const std::int64_t n = seconds / size;
    seconds %= size;
    out += fmt::format("{}{} {}{}", out.empty() ? "" : " ", n, name, n == 1 ? "" : "s");
    ++parts;
  }
  return out.empty() ? "0 seconds" : out;
}

}  // namespace steward::core
