#include "bot/core/cron.hpp"

#include <date/tz.h>
#include <fmt/format.h>

#include <charconv>
#include <vector>

namespace steward::core {

namespace {

std::vector<std::string_view> split(std::string_view text, char separator) {
  std::vector<std::string_view> parts;
  std::size_t pos = 0;
  while (true) {
    const std::size_t next = text.find(separator, pos);
    parts.push_back(text.substr(pos, next - pos));
    if (next == std::string_view::npos) break;
    pos = next + 1;
  }
  return parts;
}

std::optional<int> number(std::string_view s) {
  int value = 0;
  const auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
  if (ec != std::errc{} || ptr != s.data() + s.size()) return std::nullopt;
  return value;
}

/// Sets the bits a field names; returns an error text or empty.
template <std::size_t N>
std::string parse_field(std::string_view field, int low, int high, std::bitset<N>& bits) {
  for (const auto item : split(field, ',')) {
    const auto slash = item.find('/');
    const std::string_view range = item.substr(0, slash);
    int step = 1;
    if (slash != std::string_view::npos) {
      const auto s = number(item.substr(slash + 1));
      if (!s || *s <= 0) return fmt::format("bad step in \"{}\"", item);
      step = *s;
    }
    int first = low, last = high;
    if (range != "*") {
      const auto dash = range.find('-');
      const auto a = number(range.substr(0, dash));
      const auto b = dash == std::string_view::npos ? a : number(range.substr(dash + 1));
      if (!a || !b) return fmt::format("\"{}\" is not a number, range or *", item);
      first = *a;
      last = slash != std::string_view::npos && dash == std::string_view::npos ? high : *b;
    }
    if (first < low || last > high || first > last) {
      return fmt::format("\"{}\" is outside {}-{}", item, low, high);
    }
    for (int v = first; v <= last; v += step)
      bits.set(static_cast<std::size_t>(v));
  }
  return {};
}

}  // namespace

std::optional<cron_expression> cron_expression::parse(std::string_view text, std::string& error) {
  std::vector<std::string_view> fields;
  for (const auto f : split(text, ' ')) {
    if (!f.empty()) fields.push_back(f);
  }
  if (fields.size() != 5) {
    error = fmt::format("needs 5 fields (minute hour day month weekday), got {}", fields.size());
    return std::nullopt;
  }
  cron_expression c;
  std::bitset<8> weekdays;
  const char* names[] = {"minute", "hour", "day of month", "month", "day of week"};
  std::string problems[] = {
      parse_field(fields[0], 0, 59, c.minutes_), parse_field(fields[1], 0, 23, c.hours_),
      parse_field(fields[2], 1, 31, c.days_), parse_field(fields[3], 1, 12, c.months_),
      parse_field(fields[4], 0, 7, weekdays)};
  for (int i = 0; i < 5; ++i) {
    if (!problems[i].empty()) {
      error = fmt::format("{}: {}", names[i], problems[i]);
      return std::nullopt;
    }
  }
  for (std::size_t d = 0; d < 7; ++d)
    c.weekdays_[d] = weekdays[d];
  if (weekdays[7]) c.weekdays_.set(0);  // 7 is Sunday too
  c.any_day_ = fields[2] == "*";
  c.any_weekday_ = fields[4] == "*";
  return c;
}

std::optional<std::int64_t> cron_expression::next_after(std::int64_t after,
                                                        const std::string& time_zone) const {
  const date::time_zone* zone = date::locate_zone(time_zone);
  const date::sys_seconds start{std::chrono::seconds(after)};
  const auto local_start = zone->to_local(start);
  auto day = date::floor<date::days>(local_start);
  for (int i = 0; i < 5 * 366 + 2; ++i, day += date::days{1}) {
    const date::year_month_day ymd{day};
    const auto weekday = date::weekday{day}.c_encoding();
    const bool day_ok = days_[static_cast<unsigned>(ymd.day())];
    const bool weekday_ok = weekdays_[weekday];
    const bool matches =
        (any_day_ || any_weekday_) ? (day_ok && weekday_ok) : (day_ok || weekday_ok);
    if (!months_[static_cast<unsigned>(ymd.month())] || !matches) continue;
    for (int h = 0; h < 24; ++h) {
      if (!hours_[static_cast<std::size_t>(h)]) continue;
      for (int m = 0; m < 60; ++m) {
        if (!minutes_[static_cast<std::size_t>(m)]) continue;
        const date::local_seconds local = day + std::chrono::hours(h) + std::chrono::minutes(m);
        const auto info = zone->get_info(local);
        date::sys_seconds at;
        if (info.result == date::local_info::nonexistent) {
          at = info.second.begin;  // skipped by the switch: run at the switch
        } else {
          at = date::sys_seconds{local.time_since_epoch()} - info.first.offset;  // earliest
        }
        if (at > start) return at.time_since_epoch().count();
      }
    }
  }
  return std::nullopt;
}

}  // namespace steward::core
