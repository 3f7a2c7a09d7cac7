#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace steward::core {

/// Parses a duration such as "30s", "10m", "2h", "7d", "1w" (or 10分钟, 2小时, 7天) into
/// seconds; nullopt for anything else, zero or negative.
std::optional<std::int64_t> parse_duration(std::string_view text);

/// A duration for people: "10 minutes", "1 day", "2 hours 30 minutes".
std::string describe_duration(std::int64_t seconds);

}  // namespace steward::core
