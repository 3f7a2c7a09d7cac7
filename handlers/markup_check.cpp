#include "handlers/markup_check.hpp"

#include <fmt/format.h>

#include <array>
#include <vector>

namespace steward::handlers {

namespace {

constexpr std::array<std::string_view, 16> telegram_tags{
    "b",   "strong", "i",    "em",  "u",    "ins",        "s",        "strike",
    "del", "a",      "code", "pre", "span", "tg-spoiler", "tg-emoji", "blockquote"};

bool is_tag(std::string_view name) {
  for (const auto tag : telegram_tags) {
    if (tag == name) return true;
  }
  return false;
}

bool all_of(std::string_view s, bool (*ok)(char)) {
  if (s.empty()) return false;
  for (const char c : s) {
    if (!ok(c)) return false;
  }
  return true;
}

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}
bool is_hex(char c) {
  return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

/// True when `text` at `at` ('&') starts an entity Telegram understands.
bool is_entity(std::string_view text, std::size_t at) {
  const std::size_t semi = text.find(';', at);
  if (semi == std::string_view::npos || semi - at > 10) return false;
  const std::string_view body = text.substr(at + 1, semi - at - 1);
  if (body == "lt" || body == "gt" || body == "amp" || body == "quot") return true;
  if (body.size() > 1 && body[0] == '#') {
    if (body[1] == 'x' || body[1] == 'X') return all_of(body.substr(2), is_hex);
    return all_of(body.substr(1), is_digit);
  }
  return false;
}

std::string tag_name(std::string_view inside) {
  std::size_t end = 0;
  while (end < inside.size() && inside[end] != ' ' && inside[end] != '\n' && inside[end] != '/')
    ++end;
  std::string name(inside.substr(0, end));
  for (char& c : name) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return name;
}

}  // namespace

std::optional<std::string> check_telegram_html(std::string_view text) {
  std::vector<std::string> open;
  std::vector<std::size_t> opened_at;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '&' && !is_entity(text, i)) {
      return fmt::format("a bare '&' at {} (write &amp;)", i);
    }
    if (c == '>') return fmt::format("a bare '>' at {} (write &gt;)", i);
    if (c != '<') continue;
    const std::size_t close = text.find('>', i);
    if (close == std::string_view::npos) {
      return fmt::format("a '<' at {} that starts no tag (write &lt;)", i);
    }
    std::string_view inside = text.substr(i + 1, close - i - 1);
    const bool closing = !inside.empty() && inside[0] == '/';
    if (closing) inside.remove_prefix(1);
    const std::string name = tag_name(inside);
    if (!is_tag(name)) {
      return fmt::format(
          "<{}> at {} is not one of Telegram's tags (b, i, u, s, a, code, pre, blockquote, "
          "tg-spoiler); write &lt; for a literal '<'",
          name, i);
    }
    if (!closing) {
      open.push_back(name);
      opened_at.push_back(i);
    } else if (open.empty() || open.back() != name) {
      return open.empty() ? fmt::format("</{}> at {} closes nothing", name, i)
                          : fmt::format("</{}> at {} closes <{}>", name, i, open.back());
    } else {
      open.pop_back();
      opened_at.pop_back();
    }
    i = close;
  }
  if (!open.empty())
    return fmt::format("<{}> at {} is never closed", open.back(), opened_at.back());
  return std::nullopt;
}

}  // namespace steward::handlers
