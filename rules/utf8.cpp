#include "rules/utf8.hpp"

namespace steward::rules {

namespace {

constexpr char32_t replacement = 0xFFFD;

bool is_continuation(unsigned char c) { return (c & 0xC0) == 0x80; }

}  // namespace

decoded decode_utf8(std::string_view text, std::size_t pos) {
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
    if (!is_continuation(c)) return {replacement, 1};
    cp = (cp << 6) | (c & 0x3F);
  }
  // Overlong forms, surrogates and values past U+10FFFF are not characters.
  static constexpr char32_t minimum[] = {0, 0, 0x80, 0x800, 0x10000};
  if (cp < minimum[size] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
    return {replacement, 1};
  }
  return {cp, size};
}

void append_utf8(std::string& out, char32_t cp) {
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

std::string to_utf8(char32_t cp) {
  std::string out;
  append_utf8(out, cp);
  return out;
}

bool is_ideograph(char32_t cp) {
  return (cp >= 0x3400 && cp <= 0x4DBF) || (cp >= 0x4E00 && cp <= 0x9FFF) ||
         (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0x20000 && cp <= 0x3134F);
}

}  // namespace steward::rules
