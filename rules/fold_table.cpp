#include "rules/fold_table.hpp"

#include <opencc/opencc.h>
#include <spdlog/spdlog.h>
#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/uscript.h>
#include <unicode/uspoof.h>

#include <array>
#include <memory>

#include "bot/core/log.hpp"
#include "rules/utf8.hpp"

namespace steward::rules {

namespace {

constexpr char32_t bmp_limit = 0x10000;

/// Chinese numerals (financial forms too, and 幺 as read in phone numbers) → digits. Traditional
/// forms such as 貳 reach this table already simplified.
char32_t chinese_digit(char32_t cp) {
  switch (cp) {
    case U'〇':
    case U'○':
    case U'零':
      return U'0';
    case U'一':
    case U'壹':
    case U'幺':
      return U'1';
    case U'二':
    case U'贰':
      return U'2';
    case U'三':
    case U'叁':
      return U'3';
    case U'四':
    case U'肆':
      return U'4';
    case U'五':
    case U'伍':
      return U'5';
    case U'六':
    case U'陆':
      return U'6';
    case U'七':
    case U'柒':
      return U'7';
    case U'八':
    case U'捌':
      return U'8';
    case U'九':
    case U'玖':
      return U'9';
    default:
      return 0;
  }
}

std::u32string number_text(int n) {
  std::u32string out;
  for (char c : std::to_string(n))
    out += static_cast<char32_t>(c);
  return out;
}

/// Digit styles NFKC leaves alone: dingbat and double-circled numbers.
std::u32string styled_digit(char32_t cp) {
  if (cp >= 0x2776 && cp <= 0x277F) return number_text(static_cast<int>(cp - 0x2776 + 1));
  if (cp >= 0x2780 && cp <= 0x2789) return number_text(static_cast<int>(cp - 0x2780 + 1));
  if (cp >= 0x278A && cp <= 0x2793) return number_text(static_cast<int>(cp - 0x278A + 1));
  if (cp >= 0x24F5 && cp <= 0x24FE) return number_text(static_cast<int>(cp - 0x24F5 + 1));
  if (cp >= 0x24EB && cp <= 0x24F4) return number_text(static_cast<int>(cp - 0x24EB + 11));
  if (cp == 0x24FF || cp == 0x1F10B || cp == 0x1F10C) return U"0";
  if (cp == 0x2795) return U"+";  // ➕ heavy plus, as in "➕V"
  return {};
}

bool is_deleted(char32_t cp) {
  const auto type = u_charType(static_cast<UChar32>(cp));
  return u_hasBinaryProperty(static_cast<UChar32>(cp), UCHAR_DEFAULT_IGNORABLE_CODE_POINT) ||
         u_hasBinaryProperty(static_cast<UChar32>(cp), UCHAR_VARIATION_SELECTOR) ||
         type == U_NON_SPACING_MARK || type == U_ENCLOSING_MARK;
}

std::u32string to_u32(const icu::UnicodeString& s) {
  std::u32string out;
  for (int32_t i = 0; i < s.length();) {
    const UChar32 c = s.char32At(i);
    out += static_cast<char32_t>(c);
    i += U16_LENGTH(c);
  }
  return out;
}

/// NFKC-casefold, then without combining marks (é → e), recomposed (Hangul stays whole).
std::u32string icu_fold(char32_t cp) {
  UErrorCode status = U_ZERO_ERROR;
  static const auto* nfkc_cf = icu::Normalizer2::getNFKCCasefoldInstance(status);
  static const auto* nfd = icu::Normalizer2::getNFDInstance(status);
  static const auto* nfc = icu::Normalizer2::getNFCInstance(status);
  const icu::UnicodeString in(static_cast<UChar32>(cp));
  icu::UnicodeString folded = nfkc_cf->normalize(in, status);
  icu::UnicodeString decomposed = nfd->normalize(folded, status);
  icu::UnicodeString stripped;
  for (int32_t i = 0; i < decomposed.length();) {
    const UChar32 c = decomposed.char32At(i);
    if (!is_deleted(static_cast<char32_t>(c))) stripped.append(c);
    i += U16_LENGTH(c);
  }
  if (U_FAILURE(status)) return {cp};
  return to_u32(nfc->normalize(stripped, status));
}

/// Every BMP ideograph → its simplified form, by running OpenCC's converters once over all of
/// them (one per line, so phrase rules never join neighbours).
std::unordered_map<char32_t, char32_t> simplified_table() {
  std::u32string all;
  std::string text;
  for (char32_t cp = 0x3400; cp < bmp_limit; ++cp) {
    if (!is_ideograph(cp)) continue;
    all += cp;
    append_utf8(text, cp);
    text += '\n';
  }
  std::unordered_map<char32_t, char32_t> table;
  for (const char* config : {"hk2s.json", "tw2s.json", "t2s.json"}) {
    opencc_t converter = opencc_open(config);
    if (converter == reinterpret_cast<opencc_t>(-1)) {
      core::log_warn("rules.opencc_missing",
                     "an OpenCC configuration is missing; traditional characters are not folded",
                     {core::field("config", config)});
      continue;
    }
    char* converted = opencc_convert_utf8(converter, text.data(), text.size());
    std::string_view out(converted);
    std::size_t line = 0;
    for (std::size_t pos = 0; pos < out.size() && line < all.size(); ++line) {
      const std::size_t end = out.find('\n', pos);
      const std::string_view piece = out.substr(pos, end - pos);
      const auto cp = piece.empty() ? decoded{} : decode_utf8(piece, 0);
      if (piece.size() == cp.size && cp.cp != all[line] && !table.contains(all[line])) {
        table[all[line]] = cp.cp;
      }
      if (end == std::string_view::npos) break;
      pos = end + 1;
    }
    opencc_convert_utf8_free(converted);
    opencc_close(converter);
  }
  return table;
}

char32_t skeleton_letter(const USpoofChecker* checker, char32_t cp) {
  UErrorCode status = U_ZERO_ERROR;
  const std::string in = to_utf8(cp);
  std::array<char, 32> out{};
  const int32_t n = uspoof_getSkeletonUTF8(checker, 0, in.data(), static_cast<int32_t>(in.size()),
                                           out.data(), static_cast<int32_t>(out.size()), &status);
  if (U_FAILURE(status) || n != 1) return 0;
  const char c = static_cast<char>(std::tolower(static_cast<unsigned char>(out[0])));
  return c >= 'a' && c <= 'z' ? static_cast<char32_t>(c) : 0;
}

/// The base letter of a Latin letter that TR39 does not list as a confusable but that reads as
/// one: "LATIN SMALL LETTER F WITH HOOK" (ƒ) → f, "LATIN LETTER SMALL CAPITAL N" (ɴ) → n.
char32_t named_base_letter(char32_t cp) {
  UErrorCode status = U_ZERO_ERROR;
  std::array<char, 128> name{};
  u_charName(static_cast<UChar32>(cp), U_UNICODE_CHAR_NAME, name.data(),
             static_cast<int32_t>(name.size()), &status);
  if (U_FAILURE(status)) return 0;
  const std::string_view n(name.data());
  for (const std::string_view prefix :
       {"LATIN SMALL LETTER ", "LATIN CAPITAL LETTER ", "LATIN LETTER SMALL CAPITAL "}) {
    if (n.rfind(prefix, 0) != 0) continue;
    const std::string_view rest = n.substr(prefix.size());  // "F WITH HOOK", "N"
    const bool one_letter = !rest.empty() && rest[0] >= 'A' && rest[0] <= 'Z' &&
                            (rest.size() == 1 || rest.substr(1, 6) == " WITH ");
    if (one_letter) return static_cast<char32_t>(rest[0] - 'A' + 'a');
  }
  return 0;
}

char_class icu_class(char32_t cp) {
  if (is_ascii_alnum(cp)) return char_class::word;
  if (is_ideograph(cp)) return char_class::ideo;
  UErrorCode status = U_ZERO_ERROR;
  const auto script = uscript_getScript(static_cast<UChar32>(cp), &status);
  if (script == USCRIPT_HIRAGANA || script == USCRIPT_KATAKANA || script == USCRIPT_HANGUL) {
    return char_class::ideo;
  }
  return u_isalnum(static_cast<UChar32>(cp)) ? char_class::word : char_class::noise;
}

}  // namespace

const fold_table& fold_table::shared() {
  static const fold_table table;
  return table;
}

fold_table::fold_table() {
  build_bmp();
  // Astral ranges with foldable characters: math alphanumerics (𝐟), enclosed alphanumerics
  // (🄵), tags and variation selectors (deleted).
  for (const auto& [first, last] :
       {std::pair<char32_t, char32_t>{0x1D400, 0x1D7FF}, {0x1F100, 0x1F1FF}, {0xE0000, 0xE01EF}}) {
    for (char32_t cp = first; cp <= last; ++cp) {
      std::u32string out = styled_digit(cp);
      if (out.empty() && !is_deleted(cp)) out = icu_fold(cp);
      if (out != std::u32string(1, cp)) astral_[cp] = std::move(out);
    }
  }
}

void fold_table::build_bmp() {
  const auto simplified = simplified_table();
  std::unordered_map<char32_t, char32_t> radicals;
  for (const auto& r : cjk_radical_equivalents())
    radicals[r.radical] = r.ideograph;
  has_simplified_ = !simplified.empty();
  bmp_.resize(bmp_limit);
  bmp_class_.resize(bmp_limit);
  UErrorCode status = U_ZERO_ERROR;
  std::unique_ptr<USpoofChecker, decltype(&uspoof_close)> checker(uspoof_open(&status),
                                                                  &uspoof_close);
  for (char32_t cp = 0; cp < bmp_limit; ++cp) {
    bmp_class_[cp] = icu_class(cp);
    if (cp >= 0xD800 && cp <= 0xDFFF) continue;
    if (bmp_class_[cp] == char_class::word && cp >= 0x80 && U_SUCCESS(status)) {
      char32_t letter = skeleton_letter(checker.get(), cp);
      if (!letter) letter = named_base_letter(cp);
      if (letter) lookalike_[cp] = letter;
    }
    std::u32string out = styled_digit(cp);
    if (out.empty() && !is_deleted(cp)) {
      const auto radical = radicals.find(cp);
      for (char32_t c : icu_fold(radical == radicals.end() ? cp : radical->second)) {
        if (const auto it = simplified.find(c); it != simplified.end()) c = it->second;
        if (const char32_t digit = chinese_digit(c)) c = digit;
        out += c;
      }
    }
    if (out != std::u32string(1, cp)) set(cp, std::move(out));
  }
}

void fold_table::set(char32_t cp, std::u32string folded) {
  if (cp >= bmp_limit) {
    astral_[cp] = std::move(folded);
    return;
  }
  bmp_[cp] = {static_cast<std::uint32_t>(pool_.size()), static_cast<std::uint8_t>(folded.size())};
  changed_[cp >> 6] |= std::uint64_t{1} << (cp & 63);
  pool_ += folded;
}

std::u32string_view fold_table::fold_astral(char32_t cp, char32_t& self) const {
  const auto it = astral_.find(cp);
  return it == astral_.end() ? std::u32string_view{&self, 1} : std::u32string_view(it->second);
}

char_class fold_table::classify_astral(char32_t folded) const {
  return icu_class(folded);
}

char32_t fold_table::latin_lookalike(char32_t folded) const {
  const auto it = lookalike_.find(folded);
  return it == lookalike_.end() ? 0 : it->second;
}

}  // namespace steward::rules
