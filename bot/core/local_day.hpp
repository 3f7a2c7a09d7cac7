#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "bot/core/result.hpp"

namespace steward::core {

/// A calendar day in a group's IANA time zone, and how far away the next one is.
struct local_day {
  std::int64_t day_number = 0;              ///< days since 1970-01-01 in local time
  std::string iso;                          ///< "2026-11-22"
  std::int64_t seconds_until_next_day = 0;  ///< from the given instant to the next local midnight
};

/// The local day containing the Unix instant `unix_s` in `time_zone` (e.g. "Asia/Shanghai").
/// Daylight-saving days (23 or 25 hours) are handled by the IANA rules. Times outside the years
/// 1–9999 are an error.
result<local_day> local_day_at(std::int64_t unix_s, std::string_view time_zone);

/// An hour on a group's local clock: the local day and the wall-clock hour (0-23) in it.
struct local_hour {
  std::int64_t day_number = 0;  ///< days since 1970-01-01 in local time
  int hour = 0;                 ///< 0-23; on a DST switch an hour may repeat or be skipped
  bool operator==(const local_hour&) const = default;
};

/// The local hour containing `unix_s` in `time_zone`; errors as local_day_at.
result<local_hour> local_hour_at(std::int64_t unix_s, std::string_view time_zone);
/// Monday 0 … Sunday 6 of a local day number.
int weekday_of(std::int64_t day_number);

/// The Unix time at which local day `day_number` starts in `time_zone` (its first instant); an
/// error outside the years 1–9999.
result<std::int64_t> local_day_start(std::int64_t day_number, std::string_view time_zone);
/// The Monday that starts the week containing `day_number` (clamped to the years 1–9999, like
/// month_start).
std::int64_t week_start(std::int64_t day_number);
/// The first day of the month containing `day_number`.
std::int64_t month_start(std::int64_t day_number);

/// The Unix instant `unix_s` as a wall-clock time in `time_zone` with its offset, for people:
/// "2026-11-22 18:00 UTC+8" ("UTC+5:30", "UTC" for no offset). A UTC time if the zone is unknown;
/// outside the years 1–9999 it says the time is out of range.
std::string local_time_text(std::int64_t unix_s, std::string_view time_zone);

/// True if `time_zone` names a zone in the system's IANA database.
bool is_known_time_zone(std::string_view time_zone);

}  // namespace steward::core
