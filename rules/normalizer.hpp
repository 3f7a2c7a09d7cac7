#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace steward::rules {

/// The forms a text is matched in.
enum class view : std::uint8_t {
  /// Per-character folds: NFKC-casefold, marks and zero-width characters removed,
  /// traditional → simplified, number styles → digits, and Latin look-alikes (Cyrillic е → e)
  /// in mixed or wholly confusable words. Punctuation and spacing stay, so the contact and link
  /// detectors can read separators.
  strict,
  /// Everything in `strict`, plus noise between single characters deleted (傻@逼, f.u.c.k),
  /// other noise reduced to one space, and repeats collapsed (fuuuck, 傻傻逼) with their counts
  /// kept.
  folded,
  /// `folded` with every ideograph spelled as toneless pinyin between spaces (微信 → " wei xin ").
  pinyin,
  /// `folded` with leetspeak undone in Latin words (5 → s, 7 → t, 8 → b, 9 → g, @ → a,
  /// $ → s) and every vowel, and the digits that stand for vowels (0 1 3 4), blurred to
  /// `blurred_vowel`: "f4ck", "5hit" and "sh1t" read as "f*ck", "sh*t" like the words they hide.
  /// Only meaningful where the original has such a digit or symbol (plain "shot" is also "sh*t").
  leet,
};

/// What vowels and vowel-like digits become in the leet view; a letter for the word guards.
inline constexpr char32_t blurred_vowel = U'*';

/// Whether `text` has a digit, @ or $ touching a Latin letter: the only texts the leet view can
/// read differently from the folded one.
bool may_hide_leetspeak(std::string_view text);

/// A normalised text with the way back to the original: every normalised code point knows the
/// original bytes it came from and how many repeats of it were collapsed.
struct normalized_text {
  struct origin {
    std::uint32_t at = 0;     ///< where the code point starts in `text`
    std::uint32_t begin = 0;  ///< original byte offset
    std::uint32_t end = 0;
    std::uint16_t run = 1;  ///< how many equal characters were collapsed into this one
  };
  std::string text;             ///< normalised UTF-8
  std::vector<origin> origins;  ///< one per normalised code point, in order

  /// The original byte range a normalised byte range [begin, end) came from.
  std::pair<std::uint32_t, std::uint32_t> original(std::size_t begin, std::size_t end) const;
  /// The repeat counts of the code points in the normalised byte range [begin, end).
  std::vector<std::uint16_t> runs(std::size_t begin, std::size_t end) const;
};

/// Normalises `text` into `form`, using the process-wide fold tables.
normalized_text normalize(std::string_view text, view form);

/// The strict and folded views of one text, folded character by character only once. The
/// strict view is only built when the text could hold a contact or a link (enough digits, an
/// ID-shaped run, an @, or a dot or stand-in between Latin letters): most messages cannot.
struct normalized_views {
  normalized_text strict;
  normalized_text folded;
  bool has_strict = false;
};
/// Fills `out`, reusing its buffers (callers keep one per thread).
void normalize_views(std::string_view text, normalized_views& out);

}  // namespace steward::rules
