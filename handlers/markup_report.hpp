#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "bot/core/platform.hpp"

namespace steward::handlers {

/// What of a template's markup a platform cannot show, one sentence each (empty: all of it):
/// styles (<b>, <i>, <code> …), labelled links (<a href>) and mentions ({mention},
/// {mentions}, tg://user links) against the platform's capabilities.
std::vector<std::string> markup_losses(std::string_view text, const core::capabilities& caps);

}  // namespace steward::handlers
