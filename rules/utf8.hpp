#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace steward::rules {

/// One decoded code point and how many bytes it took.
struct decoded {
  char32_t cp = 0;
  std::size_t size = 1;
};

/// Decodes the code point at `pos`; malformed bytes decode as U+FFFD of size 1, so every byte of
/// the input is accounted for. (Inline: it runs for every character of every message.)
inline decoded decode_utf8(std::string_view text, std::size_t pos) {
  constexpr char32_t replacement = 0xFFFD;
  const auto lead = static_cast<unsigned char>(text[pos]);
  if (lead < 0x80) return {lead, 1};
  std::size_t size = 0;
  char32_t cp = 0;
  if ((lead & 0xE0) == 0xC0) {
    size = 2, cp = lead & 0x1F;
  } else if ((lead & 0xF0) == 0xE0) {
    size = 3, cp = lead & 0x0F;
  } else if ((lead & 0xF8) == 0xF0) {
    size = 4, cp = lead & 0x07;
  } else {
    return {replacement, 1};
  }
  if (pos + size > text.size()) return {replacement, 1};
  for (std::size_t i = 1; i < size; ++i) {
    const auto c = static_cast<unsigned char>(text[pos + i]);
    if ((c & 0xC0) != 0x80) return {replacement, 1};
    cp = (cp << 6) | (c & 0x3F);
  }
  // Overlong forms, surrogates and values past U+10FFFF are not characters.
  static constexpr char32_t minimum[] = {0, 0, 0x80, 0x800, 0x10000};
  if (cp < minimum[size] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
    return {replacement, 1};
  }
  return {cp, size};
}

/// Appends `cp` as UTF-8.
inline void append_utf8(std::string& out, char32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

/// `cp` as UTF-8.
std::string to_utf8(char32_t cp);

/// A CJK ideograph (including extension blocks and compatibility ideographs).
bool is_ideograph(char32_t cp);
/// An ASCII letter or digit.
inline bool is_ascii_alnum(char32_t cp) {
  return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') || (cp >= '0' && cp <= '9');
}
inline bool is_ascii_digit(char32_t cp) {
  return cp >= '0' && cp <= '9';
}

}  // namespace steward::rules
