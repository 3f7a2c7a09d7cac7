#pragma once

#include <cstdint>
#include <string>

#include "bot/core/command.hpp"

namespace steward::handlers {

/// "5h 12m" / "5小时12分钟": a wait, rounded up to the minute.
std::string format_wait(std::int64_t seconds, core::language lang);

/// A member's name for replies: display name, else @username, else a neutral word.
std::string name_for_reply(const std::string& display_name, core::language lang);

}  // namespace steward::handlers
