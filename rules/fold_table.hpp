#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace steward::rules {

/// How a folded character takes part in words.
enum class char_class : std::uint8_t {
  noise,  ///< punctuation, symbols, emoji, spaces: separators that evaders insert
  word,   ///< letters and digits of spaced scripts (Latin, Cyrillic, …): form multi-letter words
  ideo,   ///< CJK ideographs, kana, hangul: every character is a word of its own
};

/// A CJK radical and the unified ideograph it stands for (⻢ → 马).
struct radical_equivalent {
  char32_t radical;
  char32_t ideograph;
};
/// Unicode's Equivalent_Unified_Ideograph for the CJK radical blocks (generated table).
std::span<const radical_equivalent> cjk_radical_equivalents();

/// Per-code-point folding tables, computed once at start-up from ICU (NFKC-casefold, marks,
/// TR39 confusables, Latin letters with hooks, strokes and tails by their names: ƒ → f), CJK
/// radicals (⻢ → 马) and OpenCC (traditional, Hong Kong and Taiwan variants → simplified), plus
/// number styles (①, ❶, 一, 壹, 幺, keycaps …) → ASCII digits. Looking a character up is an
/// array index, so a message is normalised without calling ICU or OpenCC.
class fold_table {
 public:
  /// The process-wide table, built on first use (about 0.1 s).
  static const fold_table& shared();

  /// What `cp` becomes: usually one character, sometimes several (ﬁ → fi), empty when it is
  /// deleted (zero-width characters, variation selectors, combining marks).
  /// `self` holds `cp` when it stays as it is; the view then points at `self`.
  std::u32string_view fold(char32_t cp, char32_t& self) const {
    self = cp;
    if (cp < bmp_size) {  // inline: this runs for every character of every message
      // An 8 KB bit set answers "unchanged" for most characters without touching the 512 KB
      // table, which matters for CJK text spread over twenty thousand code points.
      if (((changed_[cp >> 6] >> (cp & 63)) & 1) == 0) return {&self, 1};
      const entry& e = bmp_[cp];
      return std::u32string_view(pool_).substr(e.offset, e.size);
    }
    return fold_astral(cp, self);
  }
  /// The class of an already folded character.
  char_class classify(char32_t folded) const {
    if (folded >= 0x4E00 && folded <= 0x9FFF) return char_class::ideo;  // the common case, no load
    return folded < bmp_size ? bmp_class_[folded] : classify_astral(folded);
  }
  /// The ASCII letter a non-Latin look-alike stands for (Cyrillic е → e), or 0.
  char32_t latin_lookalike(char32_t folded) const;
  /// Whether traditional → simplified data was loaded (false when OpenCC data is missing).
  bool has_simplified() const { return has_simplified_; }

 private:
  static constexpr char32_t bmp_size = 0x10000;
  fold_table();
  std::u32string_view fold_astral(char32_t cp, char32_t& self) const;
  char_class classify_astral(char32_t folded) const;
  void build_bmp();
  void set(char32_t cp, std::u32string folded);

  struct entry {
    std::uint32_t offset = 0;  // into pool_
    std::uint8_t size = 0;
  };
  std::vector<std::uint64_t> changed_ = std::vector<std::uint64_t>(bmp_size / 64);
  std::vector<entry> bmp_;
  std::vector<char_class> bmp_class_;
  std::unordered_map<char32_t, std::u32string> astral_;
  std::unordered_map<char32_t, char32_t> lookalike_;
  std::u32string pool_;
  bool has_simplified_ = false;
};

}  // namespace steward::rules
