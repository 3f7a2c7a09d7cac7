#pragma once

#include <string>
#include <string_view>
#include <unordered_map>

namespace steward::rules {

/// Toneless pinyin for every common ideograph (U+4E00–U+9FFF), transliterated once by ICU's
/// Han-Latin rules (a per-message transliteration would cost about 0.2 ms).
class pinyin_table {
 public:
  /// The process-wide table, built on first use (only when a homophone list is configured).
  static const pinyin_table& shared();
  /// The reading of `ideograph` (its first one for polyphones), or empty.
  std::string_view reading(char32_t ideograph) const;

 private:
  pinyin_table();
  std::unordered_map<char32_t, std::string> readings_;
};

}  // namespace steward::rules
