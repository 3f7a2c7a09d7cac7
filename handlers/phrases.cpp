#include "handlers/phrases.hpp"

#include <fmt/format.h>

namespace steward::handlers {

std::string format_wait(std::int64_t seconds, core::language lang) {
  const std::int64_t minutes_total = (seconds + 59) / 60;
  const std::int64_t hours = minutes_total / 60;
  const std::int64_t minutes = minutes_total % 60;
  if (lang == core::language::zh) {
    return hours > 0 ? fmt::format("{}小时{}分钟", hours, minutes) : fmt::format("{}分钟", minutes);
  }
  return hours > 0 ? fmt::format("{}h {}m", hours, minutes) : fmt::format("{}m", minutes);
}

std::string name_for_reply(const std::string& display_name, core::language lang) {
  if (!display_name.empty()) return display_name;
  return lang == core::language::zh ? "朋友" : "friend";
}

std::string points_phrase(std::int64_t n, core::language lang) {
  if (lang == core::language::zh) return fmt::format("{} 分", n);
  return fmt::format("{} point{}", n, n == 1 || n == -1 ? "" : "s");
}

}  // namespace steward::handlers
