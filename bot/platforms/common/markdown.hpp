#pragma once

#include <string>

namespace steward::platforms {

/// Steward's HTML as the markdown DingTalk and WeCom render (**bold**, *italic*, `code`,
/// [label](url)); member text has markdown's special characters escaped, and mentions are
/// names (neither platform's markdown can @ anyone).
std::string to_markdown(const std::string& text, bool html);

}  // namespace steward::platforms
