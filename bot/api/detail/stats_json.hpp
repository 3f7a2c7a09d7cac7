#pragma once

// Local dates and counted facts in the analytics answers (internal to bot/api).

#include <cstdint>
#include <optional>
#include <string>

#include "bot/api/detail/answers.hpp"
#include "handlers/community_stats.hpp"

namespace steward::api::detail {

/// "2026-11-29" → its day number; nullopt for anything else (including 2026-02-30), and for
/// years outside 1970-2999 (no chat platform has anything to count there).
std::optional<std::int64_t> parse_day(const std::string& text);
/// A day number as "2026-11-29".
std::string day_text(std::int64_t day_number);
/// A period's counts (from, to, members, messages, speakers, joins, leaves by reason, check-ins,
/// points, redemptions, invites) as JSON.
json counts_json(const handlers::period_facts& f);
/// A share (0-1) or a rate as JSON, null when there is none.
json share(const std::optional<double>& value);

}  // namespace steward::api::detail
