#include "bot/platforms/common/markdown.hpp"

#include <string_view>

#include "bot/platforms/common/markup.hpp"

namespace steward::platforms {

namespace {

// Markdown's special characters in member text are escaped, so a name cannot format or link
// (parentheses need none: a link needs the brackets before them, which are escaped).
std::string escaped(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (std::string_view("\\`*_[]#<>").find(c) != std::string_view::npos) out += '\\';
    out += c;
  }
  return out;
}

// A link's address cannot end the markdown link early.
std::string link_target(std::string_view url) {
  std::string out;
  for (char c : url) {
    if (c == ')') {
      out += "%29";
    } else if (c == ' ') {
      out += "%20";
    } else {
      out += c;
    }
  }
  return out;
}

}  // namespace

std::string to_markdown(const std::string& text, bool html) {
  if (!html) return escaped(text);
  std::string out;
  for (const auto& piece : read_markup(text)) {
    std::string part;
    switch (piece.what) {
      case markup_piece::kind::text:
        part = escaped(piece.text);
        break;
      case markup_piece::kind::mention:  // robots' markdown messages cannot @ anyone
        part = escaped(piece.text);
        break;
      case markup_piece::kind::link:
        part = "[" + escaped(piece.text) + "](" + link_target(piece.target) + ")";
        break;
    }
    out += with_markers(std::move(part), piece, {"**", "*", "`"});
  }
  return out;
}

}  // namespace steward::platforms
