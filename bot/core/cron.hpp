#pragma once

#include <bitset>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace steward::core {

/// A five-field cron expression (minute hour day-of-month month day-of-week) with `*`, lists,
/// ranges and steps; day-of-week 0–7 (0 and 7 are Sunday). When both day fields are restricted a
/// day matches either, as in Vixie cron.
class cron_expression {
 public:
  /// Parses `text`; on failure returns nullopt and sets `error` (which field, what is wrong).
  static std::optional<cron_expression> parse(std::string_view text, std::string& error);

  /// The first run strictly after Unix time `after`, reading the fields as local time in IANA
  /// `time_zone`. A local time skipped by a daylight-saving switch runs at the switch; a local
  /// time that happens twice runs the first time. nullopt if nothing matches within 5 years.
  std::optional<std::int64_t> next_after(std::int64_t after, const std::string& time_zone) const;

 private:
  std::bitset<60> minutes_;
  std::bitset<24> hours_;
  std::bitset<32> days_;
  std::bitset<13> months_;
  std::bitset<7> weekdays_;
  bool any_day_ = true;
  bool any_weekday_ = true;
};

}  // namespace steward::core
