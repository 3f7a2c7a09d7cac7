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
/// the input is accounted for.
decoded decode_utf8(std::string_view text, std::size_t pos);
/// Appends `cp` as UTF-8.
void append_utf8(std::string& out, char32_t cp);
/// `cp` as UTF-8.
std::string to_utf8(char32_t cp);

/// A CJK ideograph (including extension blocks and compatibility ideographs).
bool is_ideograph(char32_t cp);
/// An ASCII letter or digit.
inline bool is_ascii_alnum(char32_t cp) {
  return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') || (cp >= '0' && cp <= '9');
}
inline bool is_ascii_digit(char32_t cp) { return cp >= '0' && cp <= '9'; }

}  // namespace steward::rules
