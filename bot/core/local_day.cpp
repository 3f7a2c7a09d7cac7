#include "bot/core/local_day.hpp"

#include <date/tz.h>

#include <chrono>
#include <stdexcept>

namespace steward::core {

namespace {

// Years 1 to 9999: the calendar arithmetic (date's days are an int) overflows far outside them.
constexpr std::int64_t limit_s = 253'402'300'799;
constexpr std::int64_t limit_days = limit_s / 86'400;

bool in_range_s(std::int64_t unix_s) {
  return unix_s >= -limit_s && unix_s <= limit_s;
}

std::int64_t clamped_day(std::int64_t day_number) {
  return day_number < -limit_days ? -limit_days
                                  : (day_number > limit_days ? limit_days : day_number);
}

const date::time_zone* find_zone(std::string_view name) {
  // Every update asks for its group's zone, and most groups share a few: the last one found
  // spares a search of the zone table (a dozen string compares) per update.
  thread_local std::string last_name;
  thread_local const date::time_zone* last_zone = nullptr;
  if (last_zone != nullptr && name == last_name) return last_zone;
  try {
    last_zone = date::locate_zone(name);
    last_name = name;
    return last_zone;
  } catch (const std::runtime_error&) {
    return nullptr;  // unknown zone: reported to the caller as a result error
  }
}

// YYYY-MM-DD, as date::format("%F") writes it, without a stream per update (it was 2 % of the
// core thread); years outside 0–9999 (a sign, more digits) go to date::format.
std::string iso_date(date::sys_days day) {
  const date::year_month_day ymd{day};
  const int year = static_cast<int>(ymd.year());
  if (year < 0 || year > 9999) return date::format("%F", day);
  const auto month = static_cast<unsigned>(ymd.month());
  const auto day_of_month = static_cast<unsigned>(ymd.day());
  std::string iso = "0000-00-00";
  const auto put = [&iso](std::size_t end, unsigned value) {
    for (std::size_t i = end; value != 0; --i, value /= 10)
      iso[i] = static_cast<char>('0' + value % 10);
  };
  put(3, static_cast<unsigned>(year));
  put(6, month);
  put(9, day_of_month);
  return iso;
}
}  // namespace

std::string local_time_text(std::int64_t unix_s, std::string_view time_zone) {
  if (!in_range_s(unix_s)) return "Unix time " + std::to_string(unix_s) + " (out of range)";
  const date::sys_seconds instant{std::chrono::seconds{unix_s}};
  const date::time_zone* zone = find_zone(time_zone);
  if (zone == nullptr) return date::format("%Y-%m-%d %H:%M UTC", instant);
  const auto info = zone->get_info(instant);
  const auto local = zone->to_local(instant);
  std::string text = date::format("%Y-%m-%d %H:%M UTC", local);
  const auto offset_min = std::chrono::duration_cast<std::chrono::minutes>(info.offset).count();
  if (offset_min != 0) {
    const auto magnitude = offset_min < 0 ? -offset_min : offset_min;
    text += (offset_min < 0 ? "-" : "+") + std::to_string(magnitude / 60);
    if (magnitude % 60 != 0)
      text += (magnitude % 60 < 10 ? ":0" : ":") + std::to_string(magnitude % 60);
  }
  return text;
}

bool is_known_time_zone(std::string_view time_zone) {
  return find_zone(time_zone) != nullptr;
}

result<local_day> local_day_at(std::int64_t unix_s, std::string_view time_zone) {
  if (!in_range_s(unix_s)) {
    return error{"time_out_of_range", "the time " + std::to_string(unix_s) + " is out of range"};
  }
  const date::time_zone* zone = find_zone(time_zone);
  if (zone == nullptr) {
    return error{"unknown_time_zone", "unknown IANA time zone '" + std::string(time_zone) + "'"};
  }
  const date::sys_seconds instant{std::chrono::seconds{unix_s}};
  const auto local = zone->to_local(instant);
  const auto day = date::floor<date::days>(local);
  // The next midnight may not exist or be ambiguous on a DST switch; `earliest` picks the first
  // instant that is at or after the local midnight.
  const auto next_midnight = zone->to_sys(day + date::days{1}, date::choose::earliest);
  local_day out;
  out.day_number = day.time_since_epoch().count();
  out.iso = iso_date(date::sys_days{day.time_since_epoch()});
  out.seconds_until_next_day = (next_midnight - instant).count();
  return out;
}

result<local_hour> local_hour_at(std::int64_t unix_s, std::string_view time_zone) {
  if (!in_range_s(unix_s)) {
    return error{"time_out_of_range", "the time " + std::to_string(unix_s) + " is out of range"};
  }
  const date::time_zone* zone = find_zone(time_zone);
  if (zone == nullptr) {
    return error{"unknown_time_zone", "unknown IANA time zone '" + std::string(time_zone) + "'"};
  }
  const auto local = zone->to_local(date::sys_seconds{std::chrono::seconds{unix_s}});
  const auto day = date::floor<date::days>(local);
  const auto hour = date::floor<std::chrono::hours>(local - day).count();
  return local_hour{day.time_since_epoch().count(), static_cast<int>(hour)};
}

int weekday_of(std::int64_t day_number) {
  return static_cast<int>((day_number % 7 + 7 + 3) % 7);  // 1970-01-01 was a Thursday
}

result<std::int64_t> local_day_start(std::int64_t day_number, std::string_view time_zone) {
  const date::time_zone* zone = find_zone(time_zone);
  if (zone == nullptr) {
    return error{"unknown_time_zone", "unknown IANA time zone '" + std::string(time_zone) + "'"};
  }
  if (day_number != clamped_day(day_number)) {
    return error{"day_out_of_range", "the day " + std::to_string(day_number) + " is out of range"};
  }
  const date::local_days day{date::days{day_number}};
  return zone->to_sys(day, date::choose::earliest).time_since_epoch().count();
}

std::int64_t week_start(std::int64_t day_number) {
  day_number = clamped_day(day_number);
  // 1970-01-01 was a Thursday: (day + 3) mod 7 counts days since Monday.
  return day_number - ((day_number % 7 + 7 + 3) % 7);
}

std::int64_t month_start(std::int64_t day_number) {
  day_number = clamped_day(day_number);
  const date::year_month_day ymd{date::sys_days{date::days{day_number}}};
  return date::sys_days{ymd.year() / ymd.month() / 1}.time_since_epoch().count();
}

}  // namespace steward::core
