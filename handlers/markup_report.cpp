#include "handlers/markup_report.hpp"

#include <array>

#include "bot/core/text.hpp"

namespace steward::handlers {

namespace {

bool uses_styles(const std::string& lower) {
  static constexpr std::array<std::string_view, 9> tags{"<b>", "<strong>", "<i>",   "<em>", "<u>",
                                                        "<s>", "<code>",   "<pre>", "<ins>"};
  for (const auto tag : tags) {
    if (lower.find(tag) != std::string::npos) return true;
  }
  return false;
}

bool uses_links(const std::string& lower) {
  for (auto at = lower.find("<a "); at != std::string::npos; at = lower.find("<a ", at + 1)) {
    const auto end = lower.find('>', at);
    const auto tag = lower.substr(at, end == std::string::npos ? end : end - at);
    if (tag.find("tg://user") == std::string::npos) return true;  // a mention is no link
  }
  return false;
}

bool uses_mentions(const std::string& lower) {
  return lower.find("{mention}") != std::string::npos ||
         lower.find("{mentions}") != std::string::npos ||
         lower.find("tg://user") != std::string::npos;
}

}  // namespace

std::vector<std::string> markup_losses(std::string_view text, const core::capabilities& caps) {
  const std::string lower = core::ascii_lower(text);
  std::vector<std::string> out;
  if (!caps.shows_styles && uses_styles(lower)) {
    out.emplace_back("bold, italic and code show as plain text");
  }
  if (!caps.shows_links && uses_links(lower)) {
    out.emplace_back("links show as their label followed by the address in brackets");
  }
  if (!caps.notifies_mentions && uses_mentions(lower)) {
    out.emplace_back("mentions show the member's name but do not notify them");
  }
  return out;
}

}  // namespace steward::handlers
