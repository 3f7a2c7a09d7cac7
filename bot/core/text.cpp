#include "bot/core/text.hpp"

#include <algorithm>

namespace steward::core {

namespace {
bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}
}  // namespace

std::string_view trim(std::string_view text) {
  while (!text.empty() && is_space(text.front()))
    text.remove_prefix(1);
  while (!text.empty() && is_space(text.back()))
    text.remove_suffix(1);
  return text;
}

namespace {

constexpr std::string_view wide_spaces[] = {"\u3000", "\u00a0"};
constexpr std::string_view closing_marks[] = {"!",      ".",      "?",      "~",     "\uff01",
                                              "\u3002", "\uff1f", "\uff5e", "\uff0e"};

/// How many bytes of typed space `text` starts with (0: none).
std::size_t space_at(std::string_view text) {
  if (text.empty()) return 0;
  if (is_space(text.front())) return 1;
  for (const auto wide : wide_spaces) {
    if (text.starts_with(wide)) return wide.size();
  }
  return 0;
}

/// How many bytes of typed space `text` ends with (0: none).
std::size_t space_before_end(std::string_view text) {
  if (text.empty()) return 0;
  if (is_space(text.back())) return 1;
  for (const auto wide : wide_spaces) {
    if (text.ends_with(wide)) return wide.size();
  }
  return 0;
}

}  // namespace

std::string_view trim_typed(std::string_view text) {
  while (const auto n = space_at(text))
    text.remove_prefix(n);
  while (const auto n = space_before_end(text))
    text.remove_suffix(n);
  return text;
}

std::pair<std::size_t, std::size_t> find_typed_space(std::string_view text) {
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (const auto n = space_at(text.substr(i))) return {i, n};
  }
  return {std::string_view::npos, 0};
}

std::string_view strip_closing_punctuation(std::string_view text) {
  text = trim_typed(text);
  for (bool stripped = true; stripped;) {
    stripped = false;
    for (const auto mark : closing_marks) {
      if (text.size() > mark.size() && text.ends_with(mark)) {
        text = trim_typed(text.substr(0, text.size() - mark.size()));
        stripped = true;
      }
    }
  }
  return text;
}

std::string ascii_lower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) {
    return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : static_cast<char>(c);
  });
  return out;
}

bool has_non_ascii(std::string_view text) {
  return std::any_of(text.begin(), text.end(), [](char c) { return (c & 0x80) != 0; });
}

std::size_t count_chars(std::string_view text) {
  // Every byte but a continuation byte (10xxxxxx) starts a character.
  return static_cast<std::size_t>(std::count_if(text.begin(), text.end(), [](char c) {
    return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  }));
}

std::pair<std::string, std::string> split_first_word(std::string_view text) {
  text = trim(text);
  const auto end = text.find_first_of(" \t\n");
  if (end == std::string_view::npos) return {std::string(text), ""};
  return {std::string(text.substr(0, end)), std::string(trim(text.substr(end)))};
}

}  // namespace steward::core
