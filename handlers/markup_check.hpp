#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace steward::handlers {

/// Checks operator text against Telegram's HTML subset, so a template that Telegram would
/// refuse ("can't parse entities") is refused when saved instead of failing every send: only
/// its tags (b, i, u, s, a, code, pre, blockquote, tg-spoiler …), properly nested; `&` only as
/// an entity; `<` and `>` only in tags. Returns the problem with its byte offset, or nullopt.
std::optional<std::string> check_telegram_html(std::string_view text);

}  // namespace steward::handlers
