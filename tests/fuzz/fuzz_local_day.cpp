// Fuzzes the local-day computations with any timestamp (extremes included) and any zone name.
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string_view>

#include "bot/core/local_day.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace steward::core;
  if (size < sizeof(std::int64_t)) return 0;
  std::int64_t moment = 0;
  std::memcpy(&moment, data, sizeof moment);
  const std::string_view zone{reinterpret_cast<const char*>(data) + sizeof moment,
                              size - sizeof moment};
  for (const std::string_view tz :
       {zone, std::string_view{"Asia/Shanghai"}, std::string_view{"America/New_York"}}) {
    (void)is_known_time_zone(tz);
    if (const auto day = local_day_at(moment, tz)) {
      (void)local_day_start(day->day_number, tz);
      (void)week_start(day->day_number);
      (void)month_start(day->day_number);
    }
    (void)local_day_start(moment, tz);
    (void)local_time_text(moment, tz);
  }
  (void)week_start(moment);
  (void)month_start(moment);
  return 0;
}
